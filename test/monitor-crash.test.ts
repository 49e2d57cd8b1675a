/**
 * A monitoring run killed mid-way (SIGKILL, in a separate process) and run again loses no alert
 * and duplicates none: every subject is screened exactly once by the run, the alerts are exactly
 * those a screening of every subject gives, each opened once, each announced to the webhook once,
 * and the audit chain is intact. On SQLite and PostgreSQL, with the UN Security Council list.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Rng } from '../eval/lib/prng.js';
import { ordinaryNames } from '../eval/lib/ordinary.js';
import { createWebhook, loadSnapshot, runMonitor, screenSubject, subjectsById, upsertSubjects, verifyAudit } from '../src/cases/index.js';
import { importList } from '../src/lists/import.js';
import { openStore, type Store } from '../src/store/index.js';
import { rawDatabaseOf } from '../src/store/testing.js';
import { PG_SKIP, PG_URL, REPO_ROOT, listFile, pgSchemas, tempDir } from './helpers.js';

const tmp = tempDir();
after(() => tmp.cleanup());

/** Run `vigil monitor run` in its own process; kill it once `killWhen` says so. */
function monitorProcess(env: NodeJS.ProcessEnv, killWhen?: () => Promise<boolean>): Promise<{ code: number | null; signal: string | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/cli/bin.ts'), 'monitor', 'run', '--chunk', '25'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, VIGIL_ACTOR: 'crash-test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null; out: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, out })),
  );
  if (killWhen) {
    void (async () => {
      while (child.exitCode === null) {
        if (await killWhen()) {
          child.kill('SIGKILL');
          return;
        }
        await new Promise((r) => setTimeout(r, 15));
      }
    })();
  }
  return exited;
}

function crashSuite(name: string, open: () => Promise<Store>, env: NodeJS.ProcessEnv, skip?: string) {
  describe(`monitoring survives being killed (${name})`, { skip }, () => {
    it('resumes after SIGKILL without losing or duplicating an alert', async () => {
      const store = await open();
      try {
        await importList(store, { dataset: 'un_sc_sanctions', files: [listFile('un', 'un_consolidated_2026-02-27.xml')] });
        await createWebhook(store, { url: 'http://127.0.0.1:9/never', events: ['alert.opened'] }, 'test', { allow: ['127.0.0.1'] });
        const subjects = [
          ...ordinaryNames(new Rng(7), 120, 80, 300).slice(0, 2500).map((o, i) => ({ ref: `C-${i}`, kind: 'customer' as const, schema: o.schema, properties: { name: [o.text] } })),
          // Listed by the UN Security Council (DPRK regime).
          ...['Kim Kwang-il', 'Kim Jung Jong', 'Korea Mining Development Trading Corporation', 'Ocean Maritime Management Company'].map((n, i) => ({
            ref: `P-${i}`,
            kind: 'customer' as const,
            schema: i === 2 || i === 3 ? 'Organization' : 'Person',
            properties: { name: [n] },
          })),
        ];
        const upserted = await upsertSubjects(store, subjects, "test");
        const total = upserted.length;

        // First attempt: killed once a few hundred subjects are done.
        const killed = await monitorProcess(env, async () => {
          const run = await rawDatabaseOf(store).selectFrom('monitor_runs').select('subjects_done').where('status', '=', 'running').executeTakeFirst();
          return (run?.subjects_done ?? 0) >= 300;
        });
        assert.equal(killed.signal, 'SIGKILL', `the monitor should have been killed mid-run: ${killed.out}`);
        const dead = await rawDatabaseOf(store).selectFrom('monitor_runs').selectAll().executeTakeFirstOrThrow();
        assert.equal(dead.status, 'running');
        assert.ok(dead.subjects_done >= 300 && dead.subjects_done < total, `killed after ${dead.subjects_done} of ${total}`);

        // While its heartbeat is fresh, another run refuses to start.
        const refused = await monitorProcess({ ...env, VIGIL_MONITOR_STALE_MS: '600000' });
        assert.equal(refused.code, 1);
        assert.match(refused.out, /monitor run \d+ is in progress/);

        // Once stale, the next run takes it over and finishes it.
        const resumed = await monitorProcess({ ...env, VIGIL_MONITOR_STALE_MS: '0' });
        assert.equal(resumed.code, 0, resumed.out);
        assert.match(resumed.out, new RegExp(`monitor run ${dead.id} done: ${total} subjects screened`));

        const run = await rawDatabaseOf(store).selectFrom('monitor_runs').selectAll().where('id', '=', dead.id).executeTakeFirstOrThrow();
        assert.equal(run.status, 'done');
        assert.ok((JSON.parse(run.stats) as { resumedSkipped: number }).resumedSkipped >= dead.subjects_done);

        // Every subject screened exactly once by the run.
        const screenings = await rawDatabaseOf(store)
          .selectFrom('screenings')
          .select(['subject_id', (eb) => eb.fn.countAll<number>().as('n')])
          .where('run_id', '=', run.id)
          .groupBy('subject_id')
          .execute();
        assert.equal(screenings.length, total);
        assert.ok(screenings.every((r) => Number(r.n) === 1));

        // The alerts are exactly what screening every subject gives, each opened and announced once.
        const snapshot = await loadSnapshot(store);
        const expected = new Set<string>();
        for (const s of await subjectsById(store, upserted.map((u) => u.id))) {
          for (const r of screenSubject(s, snapshot)) if (r.match) expected.add(`${s.id} ${r.id}`);
        }
        const alerts = await rawDatabaseOf(store).selectFrom('alerts').select(['id', 'subject_id', 'entity_id']).execute();
        assert.deepEqual(alerts.map((a) => `${a.subject_id} ${a.entity_id}`).sort(), [...expected].sort());
        const planted = upserted.filter((u) => u.ref.startsWith('P-')).map((u) => u.id);
        for (const id of planted) assert.ok(alerts.some((a) => a.subject_id === id), `planted subject ${id} alerted`);
        const opened = await rawDatabaseOf(store).selectFrom('alert_events').select('alert_id').where('kind', '=', 'opened').execute();
        assert.equal(opened.length, alerts.length);
        assert.equal(new Set(opened.map((e) => e.alert_id)).size, alerts.length);
        const deliveries = await rawDatabaseOf(store).selectFrom('webhook_deliveries').select('event_id').execute();
        assert.deepEqual(deliveries.map((d) => d.event_id).sort(), alerts.map((a) => `alert.opened:${a.id}:0`).sort());
        assert.ok((await verifyAudit(store)).ok);
        // And nothing is left to do.
        assert.equal(await runMonitor(store, snapshot, { actor: 'test' }), undefined);
      } finally {
        await store.close();
      }
    });
  });
}

const dataDir = join(tmp.dir, 'data');
crashSuite('SQLite', () => openStore({ kind: 'sqlite', file: join(dataDir, 'vigil.sqlite') }), { VIGIL_DATA_DIR: dataDir, VIGIL_STORE: 'sqlite' });

/** One schema shared by the test and the `vigil monitor run` processes it starts (VIGIL_PG_SCHEMA). */
const schemas = pgSchemas('crash');
after(() => schemas.dropAll());
const schema = schemas.next();
crashSuite(
  'PostgreSQL',
  () => openStore({ kind: 'postgres', url: PG_URL!, schema }),
  { VIGIL_STORE: 'postgres', VIGIL_PG_SCHEMA: schema, VIGIL_DATA_DIR: join(tmp.dir, 'pg-data') },
  PG_SKIP,
);
