/**
 * The monitor's repository (src/store/repos/monitor.ts), on SQLite and PostgreSQL: runs are
 * recorded, updated and finished with the versions monitored, and a stored run whose JSON columns
 * are malformed is refused with an error naming the run. Also the entity blobs read inside a unit
 * of work (src/store/repos/entities.ts), a malformed blob named by its hash.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { listMonitorRuns, monitoredVersions } from '../src/cases/index.js';
import { type Store } from '../src/store/index.js';
import { rawDatabaseOf } from '../src/store/testing.js';
import { onBothStores, withStore } from './helpers.js';


function suite(name: string, open: () => Promise<Store>, skip?: string) {
  describe(`store: the monitor's repository (${name})`, { skip }, () => {
    it('records a run, its progress and the versions it monitored', async () => {
      await withStore(open, async (store) => {
        const at = new Date().toISOString();
        const run = await store.transaction(async (tx) => {
          await tx.monitor.lockRuns();
          return tx.monitor.start({ trigger: 'changes', actor: 'cli:tester', fromVersions: {}, toVersions: { us_ofac_sdn: 3 }, at });
        });
        assert.deepEqual([run.status, run.subjectsDone, run.stats, run.toVersions], ['running', 0, {}, { us_ofac_sdn: 3 }]);
        assert.equal(await store.repos.monitor.anyRunning(), true);
        await store.repos.monitor.update(run.id, { subjectsTotal: 5, stats: { screened: 0 } });
        await store.transaction((tx) => tx.monitor.addDone(run.id, 2, at));
        await store.transaction((tx) => tx.monitor.addDone(run.id, 3, at));
        const finished = await store.transaction(async (tx) => {
          await tx.monitor.setMonitoredVersions(run.toVersions, run.id, at);
          return tx.monitor.finish(run.id, at, { screened: 5, steps: { start: 1 } }, 5);
        });
        assert.deepEqual([finished.status, finished.subjectsTotal, finished.subjectsDone, finished.stats], ['done', 5, 5, { screened: 5, steps: { start: 1 } }]);
        assert.equal(await store.repos.monitor.anyRunning(), false);
        assert.deepEqual(await monitoredVersions(store), { us_ofac_sdn: 3 });
        assert.deepEqual((await listMonitorRuns(store)).map((r) => r.id), [run.id]);
      });
    });

    it('names a run whose stored JSON is malformed', async () => {
      await withStore(open, async (store) => {
        const run = await store.repos.monitor.start({ trigger: 'changes', actor: 'cli:tester', fromVersions: {}, toVersions: { us_ofac_sdn: 3 }, at: new Date().toISOString() });
        await sql`update monitor_runs set stats = 'not json' where id = ${run.id}`.execute(rawDatabaseOf(store));
        await assert.rejects(listMonitorRuns(store), new RegExp(`monitor run ${run.id}: its stored stats is not JSON`));
        await sql`update monitor_runs set stats = '{"screened": "five"}' where id = ${run.id}`.execute(rawDatabaseOf(store));
        await assert.rejects(store.repos.monitor.running(), new RegExp(`monitor run ${run.id}: its stored stats is not a JSON object of counts`));
        await sql`update monitor_runs set stats = '{}', to_versions = '[3]' where id = ${run.id}`.execute(rawDatabaseOf(store));
        await assert.rejects(listMonitorRuns(store), new RegExp(`monitor run ${run.id}: its stored to versions is not a JSON object of version ids`));
      });
    });

    it('names an entity blob whose stored data is malformed', async () => {
      await withStore(open, async (store) => {
        await rawDatabaseOf(store).insertInto('entity_blobs').values({ hash: 'h-bad', entity_id: 'x-1', schema: 'Person', data: '{"id": "x-1"}' }).execute();
        await rawDatabaseOf(store)
          .insertInto('entity_blobs')
          .values({ hash: 'h-good', entity_id: 'x-2', schema: 'Person', data: '{"id":"x-2","schema":"Person","caption":"X","datasets":["x"],"properties":{"name":["X"]}}' })
          .execute();
        await store.transaction(async (tx) => {
          assert.equal((await tx.entities.byHash('h-good'))?.caption, 'X');
          assert.equal(await tx.entities.byHash('h-none'), undefined);
          await assert.rejects(tx.entities.byHash('h-bad'), /entity blob h-bad: its stored data is not an entity/);
        });
      });
    });
  });
}

onBothStores('store_monitor', suite);
