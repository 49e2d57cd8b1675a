/**
 * The application's use cases beyond the list lifecycle (src/app), on SQLite and PostgreSQL, with
 * the real EU DPRK annex: with no list in force a monitoring run and a one-subject screening are
 * refused (never a silent "no match") while an import still stores its rows; a streamed import
 * stores, says so, then screens the new subjects; an alert is reviewed and decided through the
 * application with its audit records; candidates are stored and assessed in one call.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NoListsError, type Vigil } from '../src/app/index.js';
import { auditRecords, type SubjectRow } from '../src/cases/index.js';
import type { Store } from '../src/store/index.js';
import { listFile, onBothStores, testCandidate, withVigil } from './helpers.js';

const DPRK_ANNEX = listFile('eu', 'eu_journal_consolidated_32017R1509.csv');
const actor = 'cli:tester';

async function* rowsOf(rows: SubjectRow[]): AsyncGenerator<SubjectRow> {
  yield* rows;
}

/** The name of a listed person in the lists in force (read from the list, not written here). */
async function listedPersonName(vigil: Vigil): Promise<string> {
  const snapshot = await vigil.inForce.loaded();
  const person = [...snapshot.entities.values()].find((e) => e.schema === 'Person' && (e.properties.name?.length ?? 0) > 0);
  assert.ok(person, 'the DPRK annex lists people');
  return person.properties.name![0]!;
}

function suite(name: string, open: () => Promise<Store>, skip?: string) {
  describe(`application: use cases (${name})`, { skip }, () => {
    it('refuses to monitor or screen with no list in force, and still stores an import', async () => {
      await withVigil(open, async (vigil) => {
        const imported = await vigil.subjects.import(rowsOf([{ row: 1, subject: { ref: 's-1', kind: 'customer', schema: 'Person', properties: { name: ['Ri Song Hyok'] } } }]), { actor });
        assert.deepEqual(imported.counts, { created: 1, updated: 0, unchanged: 0, errors: 0 });
        assert.equal(imported.noLists, true);
        assert.equal(imported.screening, undefined);
        await assert.rejects(vigil.monitor.run({ actor }), (err: unknown) => err instanceof NoListsError && err.code === 'no_lists');
        await assert.rejects(vigil.subjects.screen('s-1', { actor, trigger: 'api' }), NoListsError);
        assert.deepEqual(await vigil.monitor.runs(), []);
        assert.equal((await vigil.subjects.get('s-1')).screenedAt, null);
      });
    });

    it('imports a stream (stored, said, then screened), and an alert is reviewed and decided with its audit records', async () => {
      await withVigil(open, async (vigil) => {
        await vigil.lists.import({ dataset: 'eu_dprk_annex', files: [DPRK_ANNEX] }, { actor, via: 'lists import' });
        const listed = await listedPersonName(vigil);
        const steps: string[] = [];
        const rejected: string[] = [];
        const imported = await vigil.subjects.import(
          rowsOf([
            { row: 1, subject: { ref: 'c-listed', kind: 'customer', schema: 'Person', properties: { name: [listed] } } },
            { row: 2, error: 'row 2: name: missing' },
            { row: 3, subject: { ref: 'c-clear', kind: 'customer', schema: 'Person', properties: { name: ['Margaret Featherstonehaugh'] } } },
          ]),
          {
            actor,
            onRejected: (error, count) => rejected.push(`${count}:${error}`),
            onStored: (counts) => steps.push(`stored ${counts.created}`),
            onProgress: (step, done, total) => steps.push(`${step} ${done}/${total}`),
          },
        );
        assert.deepEqual(rejected, ['1:row 2: name: missing']);
        assert.deepEqual(imported.counts, { created: 2, updated: 0, unchanged: 0, errors: 1 });
        assert.equal(imported.rows, 3);
        assert.equal(steps[0], 'stored 2', 'the stored counts come before any screening');
        assert.ok(steps.slice(1).every((s) => s.startsWith('screening')), steps.join(', '));
        assert.equal(imported.screening?.tally.screened, 2);
        assert.deepEqual(imported.screening?.versions.map((v) => v.dataset), ['eu_dprk_annex']);

        const [alert] = await vigil.alerts.list({ subject: (await vigil.subjects.get('c-listed')).id });
        assert.ok(alert, `the listed name "${listed}" raises an alert`);
        assert.equal((await vigil.alerts.list({ subject: (await vigil.subjects.get('c-clear')).id })).length, 0);
        assert.equal((await vigil.alerts.counts()).open, 1);

        const reviewed = await vigil.alerts.review(alert.id, { assignee: 'ana' }, 'cli:ana');
        assert.deepEqual([reviewed.status, reviewed.assignee], ['in_review', 'ana']);
        const decided = await vigil.alerts.decide(alert.id, 'false_positive', 'different date of birth', 'cli:ana');
        assert.deepEqual([decided.status, decided.decidedBy, decided.rationale], ['false_positive', 'cli:ana', 'different date of birth']);
        const actions = (await auditRecords(vigil.store)).filter((r) => r.subject === `alert:${alert.id}`).map((r) => `${r.action} ${r.actor}`);
        assert.deepEqual(actions, ['alert.open cli:tester', 'alert.status cli:ana', 'alert.assign cli:ana', 'alert.decision cli:ana']);

        // The first monitoring run against this dataset screens every subject; the decided false
        // positive stays decided; a second run has nothing to do.
        const first = await vigil.monitor.run({ actor });
        assert.deepEqual([first?.status, first?.subjectsDone, first?.stats.suppressed, first?.stats.opened], ['done', 2, 1, 0]);
        assert.equal(await vigil.monitor.run({ actor }), undefined);
        assert.equal((await vigil.monitor.runs()).length, 1);
        const again = await vigil.subjects.screen('c-listed', { actor, trigger: 'api' });
        assert.equal(again.tally.screened, 1);
        assert.equal(again.tally.suppressed, 1, 'the decided false positive stays decided');
      });
    });

    it('stores candidates and assesses everyone in one call', async () => {
      await withVigil(open, async (vigil) => {
        const done = await vigil.candidates.import([testCandidate('cand-1', 'Alex Morgan'), testCandidate('cand-2', 'Jordan Lee')], { actor });
        assert.deepEqual(done.upserted.map((u) => `${u.ref} ${u.outcome}`), ['cand-1 created', 'cand-2 created']);
        assert.equal(done.withoutLists, true);
        assert.equal(done.assessed.assessments.size, 2);
        const stored = await vigil.candidates.assessment((await vigil.candidates.get('cand-1')).id);
        assert.equal(stored?.ref, 'cand-1');
        const again = await vigil.candidates.import([testCandidate('cand-1', 'Alex Morgan')], { actor });
        assert.deepEqual(again.upserted.map((u) => u.outcome), ['unchanged']);
      });
    });
  });
}

onBothStores('app_use_cases', suite);
