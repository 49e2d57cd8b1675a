/**
 * The CLI and the server writing one SQLite file at once (issue 16): `vigil subjects import` of
 * 10,000 rows in a child process while the server, in this process, takes API writes on the same
 * file (subjects upserted and screened, alerts decided). Both must wait for each other and
 * succeed: no "database is locked", no 500, every row stored once, every write audited once, the
 * audit chain intact.
 */
import assert from 'node:assert/strict';
import SqliteDatabase from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { ordinaryNames } from '../eval/lib/ordinary.js';
import { Rng } from '../eval/lib/prng.js';
import { importPublication } from '../src/app/lists.js';
import { verifyAudit } from '../src/cases/index.js';
import { buildApp, type VigilApp } from '../src/server/index.js';
import { createKey } from '../src/server/keys.js';
import { openStore, type Store } from '../src/store/index.js';
import { rawDatabaseOf } from '../src/store/testing.js';
import { DATASET, vigilChild, writeUnExtract } from './fault-helpers.js';
import { listenOnLoopback, tempDir } from './helpers.js';

const tmp = tempDir('vigil-fault-concurrent-');
const ROWS = 10_000;

describe('the CLI and the server writing one SQLite store at once', () => {
  const dataDir = join(tmp.dir, 'data');
  let store: Store;
  let server: VigilApp;
  let base: string;
  let key: string;
  /** Names of listed persons: subjects posted with them open alerts to decide. */
  let listed: string[];

  before(async () => {
    store = await openStore({ kind: 'sqlite', file: join(dataDir, 'vigil.sqlite') });
    await importPublication(store, { dataset: DATASET, files: [writeUnExtract(tmp.dir)], allowPartial: true }, { actor: 'test', via: 'test' });
    listed = [];
    for await (const batch of store.entitiesOfVersion((await store.currentVersion(DATASET))!.id)) {
      for (const e of batch) if (e.schema === 'Person' && e.caption) listed.push(e.caption);
    }
    assert.ok(listed.length >= 20, `the extract names persons (${listed.length})`);
    key = (await createKey(store, 'analyst', ['analyst'])).key;
    server = await buildApp({ store, logger: false });
    await server.state.reload();
    base = await listenOnLoopback(server);
  });

  after(async () => {
    await server?.app.close();
    await store?.close();
    tmp.cleanup();
  });

  async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  it('both wait for each other and succeed: every row stored once, no 500, the audit intact', async (t) => {
    // 10,000 subjects with ordinary names (none listed), as a firm's CSV export.
    const names = ordinaryNames(new Rng(16), 200, 100, 400);
    const csv = ['ref,schema,name'];
    for (let i = 0; i < ROWS; i++) {
      const n = names[i % names.length]!;
      csv.push(`CLI-${i},${n.schema},"${n.text.replace(/"/g, '""')}"`);
    }
    const file = join(tmp.dir, 'subjects.csv');
    writeFileSync(file, `${csv.join('\n')}\n`);

    const cli = vigilChild(['subjects', 'import', file], { VIGIL_STORE: 'sqlite', VIGIL_DATA_DIR: dataDir });
    let cliDone = false;
    void cli.exited.then(() => (cliDone = true));

    // API writes until the CLI is done (and at least 40 of them): subjects named after listed
    // persons, each screened at once and opening an alert, which is then decided.
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    const note = (what: string, r: { status: number; json: Record<string, unknown> }, ok: number) => {
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      if (r.status !== ok) failures.push(`${what}: ${r.status} ${JSON.stringify(r.json)}`);
    };
    const apiRefs: string[] = [];
    let decided = 0;
    for (let n = 0; !cliDone || n < 40; n++) {
      const ref = `API-${n}`;
      const posted = await call('POST', '/v1/subjects', { subjects: [{ ref, schema: 'Person', name: listed[n % listed.length] }] });
      note(`POST /v1/subjects ${ref}`, posted, 200);
      if (posted.status !== 200) continue;
      apiRefs.push(ref);
      const screenings = (posted.json.screenings ?? []) as { alerts: { alert: number }[] }[];
      for (const { alert } of screenings.flatMap((s) => s.alerts)) {
        const d = await call('POST', `/v1/alerts/${alert}/decision`, { decision: 'escalated', rationale: `escalated by the concurrency test (${ref})` });
        note(`POST /v1/alerts/${alert}/decision`, d, 200);
        if (d.status === 200) decided++;
      }
    }
    const end = await cli.exited;
    t.diagnostic(`API writes while the CLI imported: ${apiRefs.length} subjects posted, ${decided} alerts decided; statuses ${JSON.stringify([...statuses])}`);
    assert.deepEqual(failures, [], `every API write succeeded (statuses ${JSON.stringify([...statuses])})`);
    assert.equal(end.code, 0, `vigil subjects import succeeded: ${cli.out()}`);
    assert.match(cli.out(), new RegExp(`subjects: ${ROWS} created, 0 updated, 0 unchanged, 0 rejected`));
    assert.match(cli.out(), new RegExp(`screened ${ROWS} new or changed subjects against ${DATASET} v\\d+`));
    assert.ok(decided >= 20, `alerts were decided while the CLI wrote (${decided})`);

    // Every row stored once; every creation and decision audited once; the chain intact.
    const db = rawDatabaseOf(store);
    const subjects = await db.selectFrom('subjects').select('ref').execute();
    const refs = subjects.map((s) => s.ref);
    assert.equal(new Set(refs).size, refs.length, 'no reference stored twice');
    assert.equal(refs.filter((r) => r.startsWith('CLI-')).length, ROWS);
    assert.deepEqual(refs.filter((r) => r.startsWith('API-')).sort(), [...apiRefs].sort());
    const records = await store.repos.audit.records();
    const created = records.filter((r) => r.action === 'subject.create').map((r) => r.subject);
    assert.equal(created.length, ROWS + apiRefs.length, 'one subject.create record per subject');
    assert.equal(new Set(created).size, created.length);
    const decisions = records.filter((r) => r.action === 'alert.decision');
    assert.equal(decisions.length, decided, `one audit record per decision (${[...new Set(records.map((r) => r.action))].join(', ')})`);
    const verified = await verifyAudit(store);
    assert.ok(verified.ok, JSON.stringify(verified.problems));
    assert.equal(verified.records, records.length);
  });
});

describe('a write that waits past the SQLite busy timeout', () => {
  it('waits without holding the event loop, then gets 503 store_unavailable with Retry-After, writes nothing, and succeeds once the lock is gone', async () => {
    const file = join(tmp.dir, 'busy', 'vigil.sqlite');
    const busyTimeoutMs = 2400;
    const store = await openStore({ kind: 'sqlite', file, busyTimeoutMs });
    const server = await buildApp({ store, logger: false });
    try {
      const base = await listenOnLoopback(server);
      const key = (await createKey(store, 'analyst', ['analyst'])).key;
      const post = (ref: string) =>
        fetch(`${base}/v1/subjects?screen=false`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ subjects: [{ ref, schema: 'Person', name: 'Maria Garcia' }] }),
        });
      // Another process's writer, as a CLI import would be: it holds the file's write lock.
      const other = new SqliteDatabase(file);
      other.exec('BEGIN IMMEDIATE');
      let released = false;
      try {
        // SQLite's own busy wait would sleep on this thread for the whole timeout.
        const delay = monitorEventLoopDelay({ resolution: 10 });
        delay.enable();
        const t0 = performance.now();
        const refused = await post('LOCKED-1');
        const waited = performance.now() - t0;
        delay.disable();
        assert.ok(waited >= busyTimeoutMs * 0.9, `the write waited ${waited.toFixed(0)} ms for the lock`);
        assert.ok(delay.max / 1e6 < busyTimeoutMs / 2, `the event loop was held ${(delay.max / 1e6).toFixed(0)} ms at most meanwhile`);
        const body = (await refused.json()) as { code: string; message: string };
        assert.equal(refused.status, 503, JSON.stringify(body));
        assert.equal(body.code, 'store_unavailable');
        assert.match(body.message, /locked by another writer/);
        assert.equal(refused.headers.get('retry-after'), '5');
        other.exec('ROLLBACK');
        released = true;
      } finally {
        if (!released) other.exec('ROLLBACK');
        other.close();
      }
      const refs = async () => (await rawDatabaseOf(store).selectFrom('subjects').select('ref').execute()).map((s) => s.ref);
      assert.deepEqual(await refs(), [], 'nothing of the refused write was stored');
      assert.equal((await post('LOCKED-1')).status, 200);
      assert.deepEqual(await refs(), ['LOCKED-1']);
      assert.ok((await verifyAudit(store)).ok);
    } finally {
      await server.app.close();
      await store.close();
    }
  });
});
