/**
 * Issue 13, the server side, on the real UN and OFAC consolidated publications:
 *
 * - readiness means able to screen: with no list in force /readyz is 503 and every screening
 *   route (/v1/screen, /match, /v1/jobs) refuses with 503 and says what to do; readiness waits for
 *   every configured dataset; screening responses name the list versions they used;
 * - one version in force everywhere: lists imported by the CLI into the store a server uses are
 *   screened with within seconds, without a reload call (a poll on SQLite; LISTEN/NOTIFY on
 *   PostgreSQL, where two replicas pick the change up and monitor the subjects exactly once);
 *   /healthz answers while the index is rebuilt;
 * - freshness: per-dataset age and stale state in /v1/lists, /catalog, /readyz and /metrics.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { main } from '../src/cli/main.js';
import { upsertSubjects } from '../src/cases/subjects.js';
import { buildApp, type VigilApp } from '../src/server/index.js';
import { createKey } from '../src/server/keys.js';
import { openStore, type Store, type StoreOptions } from '../src/store/index.js';
import { rawDatabaseOf } from '../src/store/testing.js';
import { PG_SKIP, PG_URL, listFile, listenOnLoopback, pgSchemas, tempDir } from './helpers.js';

const UN_FILE = listFile('un', 'un_consolidated_2026-02-27.xml');
const CONS_FILES = ['cons_prim.csv', 'cons_add.csv', 'cons_alt.csv'].map((f) => listFile('ofac-cons', '2025-12-19', f));
const tmp = tempDir();
const schemas = pgSchemas('readiness');
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  await schemas.dropAll();
  tmp.cleanup();
});

interface Served {
  server: VigilApp;
  base: string;
  key: string;
  call(method: string, path: string, body?: unknown, type?: string): Promise<{ status: number; json: Record<string, unknown>; text: string }>;
}

async function serveOn(store: Store, dataDir: string, options: Partial<Parameters<typeof buildApp>[0]> = {}): Promise<Served> {
  const server = await buildApp({ store, logger: false, dataDir, listsPollMs: 200, ...options });
  const base = await listenOnLoopback(server);
  cleanups.push(() => server.app.close());
  const key = (await createKey(store, `readiness ${Math.random()}`, ['admin'])).key;
  return {
    server,
    base,
    key,
    async call(method, path, body, type = 'application/json') {
      const headers: Record<string, string> = { authorization: `Bearer ${key}` };
      if (body !== undefined) headers['content-type'] = type;
      const res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
      const text = await res.text();
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(text) as Record<string, unknown>;
      } catch {
        // not JSON (metrics)
      }
      return { status: res.status, json, text };
    },
  };
}

/** The `vigil` command, in-process, on this store. */
async function cli(dataDir: string, env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['--data-dir', dataDir, ...args], { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), env });
  return { code, out, err };
}

function storeEnv(location: StoreOptions): NodeJS.ProcessEnv {
  return location.kind === 'sqlite'
    ? { VIGIL_STORE: 'sqlite' }
    : { VIGIL_STORE: 'postgres', VIGIL_PG_URL: location.url, VIGIL_PG_SCHEMA: location.schema };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

const SCREEN = { query: { schema: 'Person', properties: { name: ['Eric Badege'] } } };

describe('readiness and lists in force (SQLite: the store is polled)', () => {
  const dataDir = join(tmp.dir, 'sqlite');
  let store: Store;
  let served: Served;

  it('with no list in force: /healthz 200, /readyz 503, every screening route 503 with what to do', async () => {
    store = await openStore({ kind: 'sqlite', file: join(dataDir, 'vigil.sqlite') });
    cleanups.push(() => store.close());
    await upsertSubjects(store, [{ ref: 'C-1', kind: 'customer', schema: 'Person', properties: { name: ['Eric Badege'] } }], 'test');
    served = await serveOn(store, dataDir, { datasets: ['un_sc_sanctions', 'us_ofac_cons'], maxListAgeMs: 30 * 86_400_000 });
    await served.server.lists.start();
    assert.equal(served.server.lists.watchMode, 'poll');

    assert.equal((await served.call('GET', '/healthz')).status, 200);
    const ready = await served.call('GET', '/readyz');
    assert.equal(ready.status, 503);
    assert.equal(ready.json.status, 'no_lists');
    assert.match(String(ready.json.detail), /vigil lists update.*VIGIL_SOURCES_DIR/);
    assert.deepEqual(ready.json.missing, ['un_sc_sanctions', 'us_ofac_cons']);

    for (const [path, body] of [
      ['/v1/screen', SCREEN],
      ['/match/default', { queries: { q: SCREEN.query } }],
    ] as const) {
      const refused = await served.call('POST', path, body);
      assert.equal(refused.status, 503, path);
      assert.match(String(refused.json.message), /no sanctions list is in force.*vigil lists update/, path);
      assert.equal(refused.json.results, undefined, `${path} answers no results, not an empty list`);
    }
    const job = await served.call('POST', '/v1/jobs', JSON.stringify({ id: 'r1', schema: 'Person', properties: { name: ['Eric Badege'] } }), 'application/x-ndjson');
    assert.equal(job.status, 503);
    assert.match(String(job.json.message), /no sanctions list is in force/);
  });

  it('screens a list imported by the CLI within seconds, names its version, and is ready once every configured dataset is in force', async () => {
    const t0 = Date.now();
    const imported = await cli(dataDir, storeEnv(store.location), 'lists', 'import', '--dataset', 'un_sc_sanctions', '--file', UN_FILE, '--no-monitor');
    assert.equal(imported.code, 0, imported.err);
    const tImported = Date.now();
    const screened = await until('the server to screen with the UN list', async () => {
      const r = await served.call('POST', '/v1/screen', SCREEN);
      return r.status === 200 ? r : undefined;
    });
    const waited = Date.now() - tImported;
    assert.ok(waited < 30_000, `picked up ${waited} ms after the import (import itself ${tImported - t0} ms)`);
    const versions = screened.json.versions as { dataset: string; version: number }[];
    assert.deepEqual(versions.map((v) => v.dataset), ['un_sc_sanctions']);
    const results = screened.json.results as { id: string; match: boolean }[];
    assert.ok(results[0]?.match, 'Eric Badege is on the UN list');

    // One of the two configured datasets: able to screen, but not ready.
    const partial = await served.call('GET', '/readyz');
    assert.equal(partial.status, 503);
    assert.equal(partial.json.status, 'incomplete');
    assert.deepEqual(partial.json.missing, ['us_ofac_cons']);
    assert.match(String(partial.json.detail), /us_ofac_cons/);

    // The monitor ran once, by itself, against the new list: the subject has its alert.
    await until('the background monitor run', async () => {
      await served.server.state.idle();
      const runs = await rawDatabaseOf(store).selectFrom('monitor_runs').selectAll().where('status', '=', 'done').execute();
      return runs.length > 0 ? runs : undefined;
    });
    const alerts = await rawDatabaseOf(store).selectFrom('alerts').select(['entity_id', 'entity_caption']).execute();
    assert.ok(alerts.some((a) => a.entity_id.startsWith('un_sc_sanctions-') && /BADEGE/i.test(a.entity_caption)), JSON.stringify(alerts));

    const cons = await cli(dataDir, storeEnv(store.location), 'lists', 'import', '--dataset', 'us_ofac_cons', ...CONS_FILES.flatMap((f) => ['--file', f]), '--no-monitor');
    assert.equal(cons.code, 0, cons.err);
    const ready = await until('readiness', async () => {
      const r = await served.call('GET', '/readyz');
      return r.status === 200 ? r : undefined;
    });
    assert.equal(ready.json.status, 'ok');
    const index = ready.json.index as { versions: { dataset: string }[] };
    assert.deepEqual(index.versions.map((v) => v.dataset).sort(), ['un_sc_sanctions', 'us_ofac_cons']);
    const both = await served.call('POST', '/match/default', { queries: { q: SCREEN.query } });
    assert.deepEqual((both.json.versions as { dataset: string }[]).map((v) => v.dataset).sort(), ['un_sc_sanctions', 'us_ofac_cons']);
    // No second monitor run for the same subjects: the consolidated list adds nothing for them, and
    // any run there is is for the new versions, never a repeat.
    await served.server.state.idle();
    const runs = await rawDatabaseOf(store).selectFrom('monitor_runs').select(['to_versions']).execute();
    assert.equal(new Set(runs.map((r) => r.to_versions)).size, runs.length, 'one monitor run per set of versions');
  });

  it('reports each dataset as stale past the maximum age, in /v1/lists, /catalog, /readyz and /metrics', async () => {
    // The UN publication is of 2026-02-27: stale against 30 days whenever these tests run after March 2026.
    const publishedDays = (Date.now() - Date.parse('2026-02-27')) / 86_400_000;
    const expectStale = publishedDays > 30;
    const lists = await served.call('GET', '/v1/lists');
    const un = (lists.json.datasets as { name: string; stale: boolean; ageSeconds: number; staleReason: string | null; configured: boolean; inIndex: number }[]).find(
      (d) => d.name === 'un_sc_sanctions',
    )!;
    assert.equal(un.configured, true);
    assert.ok(Math.abs(un.ageSeconds / 86_400 - publishedDays) < 1);
    assert.equal(un.stale, expectStale);
    if (expectStale) assert.match(String(un.staleReason), /published \d+ days ago, more than the maximum age of 30 d/);
    assert.equal(lists.json.maxAgeSeconds, 30 * 86_400);
    const gb = (lists.json.datasets as { name: string; configured: boolean; stale: boolean | null }[]).find((d) => d.name === 'gb_fcdo_sanctions')!;
    assert.equal(gb.configured, false);
    assert.equal(gb.stale, null);

    const catalog = await served.call('GET', '/catalog');
    assert.equal((catalog.json.outdated as string[]).includes('un_sc_sanctions'), expectStale);
    assert.equal(catalog.json.index_stale, false);
    const ready = await served.call('GET', '/readyz');
    assert.equal(ready.status, 200, 'a stale list is said, but the server can screen');
    assert.equal((ready.json.stale as string[]).includes('un_sc_sanctions'), expectStale);
    const metrics = await served.call('GET', '/metrics');
    assert.match(metrics.text, new RegExp(`vigil_list_stale\\{dataset="un_sc_sanctions"\\} ${expectStale ? 1 : 0}`));
    assert.match(metrics.text, /vigil_ready 1/);
    assert.match(metrics.text, /vigil_list_max_age_seconds 2592000/);

    // The same lists against no maximum age: nothing is stale.
    const lenient = served.server.lists.freshness();
    assert.equal(lenient.maxAgeSeconds, 30 * 86_400);
    const { ListsKeeper } = await import('../src/server/lists-keeper.js');
    const off = new ListsKeeper(served.server.vigil, served.server.state, served.server.app.log, { datasets: ['un_sc_sanctions'], maxListAgeMs: 0 });
    assert.deepEqual(off.freshness().stale, []);
  });

  it('answers /healthz while the index is rebuilt (the build runs in a worker thread)', async () => {
    const rebuild = served.server.state.reload(true);
    let during = 0;
    while (served.server.state.reloading) {
      const r = await fetch(`${served.base}/healthz`);
      assert.equal(r.status, 200);
      if (served.server.state.reloading) during++;
    }
    assert.equal(await rebuild, true);
    assert.ok(during > 3, `only ${during} health checks answered during the rebuild`);
    assert.equal(served.server.state.lastReload?.source === 'cache' || served.server.state.lastReload?.source === 'built', true);
  });
});

describe('one version in force across replicas (PostgreSQL: LISTEN/NOTIFY)', { skip: PG_SKIP }, () => {
  it('two replicas pick up a CLI import at once, and the subjects are monitored exactly once', async () => {
    const location: StoreOptions = { kind: 'postgres', url: PG_URL!, schema: schemas.next() };
    const stores = [await openStore(location), await openStore(location)];
    for (const s of stores) cleanups.push(() => s.close());
    await upsertSubjects(stores[0]!, [{ ref: 'C-1', kind: 'customer', schema: 'Person', properties: { name: ['Eric Badege'] } }], 'test');
    // A poll far too slow to matter: only NOTIFY can wake the replicas in time.
    const replicas = [
      await serveOn(stores[0]!, join(tmp.dir, 'pg-a'), { datasets: ['un_sc_sanctions'], listsPollMs: 600_000 }),
      await serveOn(stores[1]!, join(tmp.dir, 'pg-b'), { datasets: ['un_sc_sanctions'], listsPollMs: 600_000 }),
    ];
    for (const r of replicas) {
      await r.server.lists.start();
      assert.equal(r.server.lists.watchMode, 'notify');
      assert.equal((await r.call('GET', '/readyz')).status, 503);
    }
    const imported = await cli(join(tmp.dir, 'pg-cli'), storeEnv(location), 'lists', 'import', '--dataset', 'un_sc_sanctions', '--file', UN_FILE, '--no-monitor');
    assert.equal(imported.code, 0, imported.err);
    const version = (await stores[0]!.currentVersion('un_sc_sanctions'))!.id;
    for (const r of replicas) {
      const screened = await until('a replica to screen with the new list', async () => {
        const res = await r.call('POST', '/v1/screen', SCREEN);
        return res.status === 200 ? res : undefined;
      });
      assert.deepEqual(screened.json.versions, [{ dataset: 'un_sc_sanctions', version, publishedAt: '2026-02-27T00:00:09.554Z' }]);
      assert.equal((await r.call('GET', '/readyz')).status, 200);
    }
    await until('the monitor run', async () => {
      for (const r of replicas) await r.server.state.idle();
      const done = await rawDatabaseOf(stores[0]!).selectFrom('monitor_runs').selectAll().where('status', '=', 'done').execute();
      return done.length > 0 ? done : undefined;
    });
    for (const r of replicas) await r.server.state.idle();
    const runs = await rawDatabaseOf(stores[0]!).selectFrom('monitor_runs').selectAll().execute();
    assert.equal(runs.length, 1, `monitor runs: ${JSON.stringify(runs.map((x) => ({ id: x.id, actor: x.actor, status: x.status })))}`);
    const alerts = await rawDatabaseOf(stores[0]!).selectFrom('alerts').select(['entity_id']).execute();
    assert.equal(alerts.length, new Set(alerts.map((a) => a.entity_id)).size);
    assert.ok(alerts.length >= 1);
  });
});
