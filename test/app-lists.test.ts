/**
 * The application's list lifecycle (src/app/lists.ts), on SQLite and PostgreSQL, with the real EU
 * DPRK annex: a new version commits with its `list.import` audit record or not at all; an
 * unchanged publication writes neither; what follows a change monitors the subjects (or, with
 * none yet, only records the versions as monitored) and says when another process holds the
 * monitor.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditRecords, monitoredVersions, upsertSubjects, verifyAudit } from '../src/cases/index.js';
import { type Store } from '../src/store/index.js';
import { listFile, onBothStores, withVigil } from './helpers.js';


const DPRK_ANNEX = listFile('eu', 'eu_journal_consolidated_32017R1509.csv');
const by = { actor: 'cli:tester', via: 'lists import' };

function suite(name: string, open: () => Promise<Store>, skip?: string) {
  describe(`application: list lifecycle (${name})`, { skip }, () => {
    it('commits a new version with its audit record, and an unchanged publication with neither', async () => {
      await withVigil(open, async (vigil) => {
        const first = await vigil.lists.import({ dataset: 'eu_dprk_annex', files: [DPRK_ANNEX] }, by);
        assert.equal(first.unchanged, false);
        const records = (await auditRecords(vigil.store)).filter((r) => r.action === 'list.import');
        assert.equal(records.length, 1);
        assert.equal(records[0]!.actor, 'cli:tester');
        assert.equal(records[0]!.subject, 'eu_dprk_annex');
        assert.deepEqual(
          { version: records[0]!.details.version, entities: records[0]!.details.entities, via: records[0]!.details.via, sha256: records[0]!.details.sha256 },
          { version: first.version.id, entities: first.version.entityCount, via: 'lists import', sha256: first.version.sha256 },
        );
        const again = await vigil.lists.import({ dataset: 'eu_dprk_annex', files: [DPRK_ANNEX] }, by);
        assert.equal(again.unchanged, true);
        assert.equal((await auditRecords(vigil.store)).filter((r) => r.action === 'list.import').length, 1);
        assert.equal((await verifyAudit(vigil.store)).ok, true);
      });
    });

    it('leaves no version in force when what it writes in the import transaction fails', async () => {
      await withVigil(open, async (vigil) => {
        const { importList } = await import('../src/lists/import.js');
        await assert.rejects(
          importList(vigil.store, {
            dataset: 'eu_dprk_annex',
            files: [DPRK_ANNEX],
            alsoWrite: async () => {
              throw new Error('the audit trail cannot be written');
            },
          }),
          /the audit trail cannot be written/,
        );
        assert.equal(await vigil.store.currentVersion('eu_dprk_annex'), undefined, 'the version rolled back with its audit record');
        assert.equal((await auditRecords(vigil.store)).length, 0);
      });
    });

    it('follows a change: versions recorded as monitored with no subject, subjects screened once there are some', async () => {
      await withVigil(open, async (vigil) => {
        const imported = await vigil.lists.import({ dataset: 'eu_dprk_annex', files: [DPRK_ANNEX] }, by);
        const none = await vigil.lists.followChange({ actor: 'cli:tester' });
        assert.deepEqual(none, {}, 'no subject: no run to report, no re-assessment');
        assert.deepEqual(await monitoredVersions(vigil.store), { eu_dprk_annex: imported.version.id });

        await upsertSubjects(vigil.store, [{ ref: 'c-1', kind: 'customer', schema: 'Person', properties: { name: ['Kim Jong Un'] } }], 'cli:tester');
        const steps = new Set<string>();
        const done = await vigil.lists.followChange({ actor: 'cli:tester', onProgress: (step) => steps.add(step) });
        assert.equal(done.busy, undefined);
        assert.ok(done.run, 'the new subject was screened');
        assert.equal(done.run.subjectsDone, 1);
        assert.ok(steps.has('monitoring'));
        assert.equal(done.reassessed, undefined, 'no job candidate to re-assess');
      });
    });

    it('says the monitor is busy when another process holds it, and does nothing else', async () => {
      await withVigil(open, async (vigil) => {
        await vigil.lists.import({ dataset: 'eu_dprk_annex', files: [DPRK_ANNEX] }, by);
        await upsertSubjects(vigil.store, [{ ref: 'c-1', kind: 'customer', schema: 'Person', properties: { name: ['Kim Jong Un'] } }], 'cli:tester');
        // The monitor lock held elsewhere (here: by this store, as a server's background run would).
        const held = await vigil.store.tryWithLock('monitor', async () => {
          const done = await vigil.lists.followChange({ actor: 'cli:tester' });
          assert.match(done.busy ?? '', /another process/);
          assert.equal(done.run, undefined);
        });
        assert.equal(held.acquired, true);
      });
    });
  });
}

onBothStores('app_lists', suite);
