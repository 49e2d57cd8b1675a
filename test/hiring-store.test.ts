/**
 * The vetting candidates' repository through src/hiring, on SQLite and PostgreSQL: profiles and
 * their join keys written in one unit of work with their audit records, an assessment stored with
 * its audit record and read back as stored; a stored profile or assessment that is not what it
 * should be (not JSON, not an object, not of the right shape) is refused with an error naming the
 * candidate.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { auditRecords } from '../src/cases/index.js';
import { candidatesById, getCandidate, listCandidates, upsertCandidates } from '../src/hiring/candidates.js';
import { loadRules } from '../src/hiring/rules.js';
import { assessAll, latestAssessment, latestLevels } from '../src/hiring/service.js';
import { type Store } from '../src/store/index.js';
import { rawDatabaseOf } from '../src/store/testing.js';
import { onBothStores, testCandidate, withStore } from './helpers.js';

const ACTOR = 'test:hiring-store';

function suite(name: string, open: () => Promise<Store>, skip?: string) {
  describe(`vetting candidates' repository (${name})`, { skip }, () => {
    it('writes profiles, versions, join keys and audit records together, and an assessment with its audit record', async () => {
      await withStore(open, async (store) => {
        const [a, b] = await upsertCandidates(store, [testCandidate('S-1', 'Laura Jensen'), testCandidate('S-2', 'Mark Olsen')], ACTOR);
        assert.deepEqual([a!.outcome, b!.outcome], ['created', 'created']);
        const again = await upsertCandidates(store, [testCandidate('S-1', 'Laura Jensen'), testCandidate('S-2', 'Mark Olsen', { names: ['Mark Olsen', 'M. Olsen'] })], ACTOR);
        assert.deepEqual(
          again.map((r) => [r.ref, r.outcome, r.version]),
          [
            ['S-1', 'unchanged', 1],
            ['S-2', 'updated', 2],
          ],
        );
        assert.deepEqual((await getCandidate(store, 'S-2')).profile.names, ['Mark Olsen', 'M. Olsen']);
        assert.deepEqual((await listCandidates(store)).map((c) => [c.ref, c.version, c.kind]), [
          ['S-1', 1, 'candidate'],
          ['S-2', 2, 'candidate'],
        ]);
        assert.deepEqual((await candidatesById(store, [b!.id, b!.id, 9999])).map((c) => c.ref), ['S-2']);
        const keys = await store.repos.candidates.linkKeysOf([a!.id, b!.id]);
        assert.ok((keys.get(b!.id) ?? []).length > 0, 'join keys were written with the profile');
        const versions = await rawDatabaseOf(store).selectFrom('candidate_versions').select(['candidate_id', 'version']).orderBy('candidate_id').orderBy('version').execute();
        assert.deepEqual(versions.map((v) => [v.candidate_id, v.version]), [
          [a!.id, 1],
          [b!.id, 1],
          [b!.id, 2],
        ]);

        const result = await assessAll(store, { rules: loadRules(), actor: ACTOR });
        assert.deepEqual(result.changed.sort(), ['S-1', 'S-2']);
        assert.deepEqual(await latestAssessment(store, a!.id), result.assessments.get('S-1'));
        assert.equal((await latestLevels(store, [a!.id])).get(a!.id)?.level, result.assessments.get('S-1')!.level);
        const trail = (await auditRecords(store)).map((r) => `${r.action} ${r.subject}`);
        assert.deepEqual(
          trail.filter((t) => t.startsWith('candidate.')),
          ['candidate.create candidate:S-1', 'candidate.create candidate:S-2', 'candidate.update candidate:S-2', 'candidate.assess candidate:S-1', 'candidate.assess candidate:S-2'],
        );
        assert.deepEqual((await assessAll(store, { rules: loadRules(), actor: ACTOR })).changed, [], 'the same assessments are not stored again');
      });
    });

    it('names the candidate whose stored profile is malformed', async () => {
      await withStore(open, async (store) => {
        const [ok, bad] = await upsertCandidates(store, [testCandidate('M-1', 'Laura Jensen'), testCandidate('M-2', 'Mark Olsen')], ACTOR);
        const corrupt = async (data: string): Promise<void> => {
          await sql`update candidates set data = ${data} where id = ${bad!.id}`.execute(rawDatabaseOf(store));
        };
        await corrupt('{"ref": "M-2", "kind"');
        await assert.rejects(getCandidate(store, 'M-2'), new RegExp(`^Error: candidate ${bad!.id}: its stored profile is not JSON$`));
        await assert.rejects(listCandidates(store), new RegExp(`candidate ${bad!.id}: its stored profile is not JSON`));
        await corrupt('["M-2"]');
        await assert.rejects(candidatesById(store, [bad!.id]), new RegExp(`candidate ${bad!.id}: its stored profile is not a JSON object`));
        await corrupt('{"ref": "M-2", "kind": "candidate", "names": "Mark Olsen"}');
        await assert.rejects(getCandidate(store, 'M-2'), new RegExp(`candidate ${bad!.id}: its stored profile: names is not a list`));
        await corrupt(JSON.stringify(testCandidate('M-1', 'Mark Olsen')));
        await assert.rejects(getCandidate(store, 'M-2'), new RegExp(`candidate ${bad!.id}: its stored profile is of "M-1", not "M-2"`));
        assert.equal((await getCandidate(store, 'M-1')).id, ok!.id, 'the other candidate reads');
      });
    });

    it('names the candidate whose stored assessment is malformed', async () => {
      await withStore(open, async (store) => {
        const [c] = await upsertCandidates(store, [testCandidate('A-1', 'Laura Jensen')], ACTOR);
        const result = await assessAll(store, { rules: loadRules(), actor: ACTOR });
        const stored = result.assessments.get('A-1')!;
        assert.deepEqual(await latestAssessment(store, c!.id), stored);
        const corrupt = async (assessment: string): Promise<void> => {
          await sql`update candidate_assessments set assessment = ${assessment} where candidate_id = ${c!.id}`.execute(rawDatabaseOf(store));
        };
        await corrupt('{"level": ');
        await assert.rejects(latestAssessment(store, c!.id), new RegExp(`candidate ${c!.id}: its stored assessment \\d+ is not JSON`));
        await corrupt('"high"');
        await assert.rejects(latestAssessment(store, c!.id), new RegExp(`candidate ${c!.id}: its stored assessment \\d+ is not a JSON object`));
        await corrupt(JSON.stringify({ ...stored, level: 'severe' }));
        await assert.rejects(latestAssessment(store, c!.id), new RegExp(`candidate ${c!.id}: its stored assessment \\d+ has no level`));
        await corrupt(JSON.stringify({ ...stored, signals: [{ rule: 'x', evidence: 'one' }] }));
        await assert.rejects(latestAssessment(store, c!.id), new RegExp(`candidate ${c!.id}: its stored assessment \\d+: its signals are not a list of rules with their evidence`));
      });
    });
  });
}

onBothStores('hiring_store', suite);
