/**
 * The subjects' repository (src/store/repos/subjects.ts), on SQLite and PostgreSQL: the use cases
 * read and write through it, inside one unit of work with their audit records, and a stored
 * subject or subject version whose data is malformed is refused with an error naming the subject.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { auditRecords, deleteSubject, getSubject, listSubjects, upsertSubjects } from '../src/cases/index.js';
import { type Store } from '../src/store/index.js';
import { rawDatabaseOf } from '../src/store/testing.js';
import { onBothStores, withStore } from './helpers.js';


const ALICE = { ref: 'c-1', kind: 'customer' as const, schema: 'Person', properties: { name: ['Alice Example'], country: ['fr'] } };

function suite(name: string, open: () => Promise<Store>, skip?: string) {
  describe(`store: subjects' repository (${name})`, { skip }, () => {
    it('writes subjects, versions, index keys and audit records together', async () => {
      await withStore(open, async (store) => {
        const [created] = await upsertSubjects(store, [ALICE], 'cli:tester');
        assert.equal(created!.outcome, 'created');
        await upsertSubjects(store, [{ ...ALICE, properties: { name: ['Alice Example'], country: ['de'] } }], 'cli:tester');
        const subject = await store.repos.subjects.byRef('c-1');
        assert.deepEqual([subject!.version, subject!.properties.country], [2, ['de']]);
        assert.deepEqual((await store.repos.subjects.version(created!.id, 1))?.properties.country, ['fr']);
        assert.equal(await store.repos.subjects.maxId(), created!.id);
        const [set] = await store.repos.subjects.keySets(0, created!.id);
        assert.equal(set!.id, created!.id);
        assert.ok(set!.keys.length > 0);
        await deleteSubject(store, 'c-1', 'cli:tester');
        assert.deepEqual(await store.repos.subjects.keySets(0, created!.id), []);
        assert.equal(await store.repos.subjects.countActive(), 0);
        assert.deepEqual((await auditRecords(store)).map((r) => r.action), ['subject.create', 'subject.update', 'subject.delete']);
      });
    });

    it('names a subject whose stored data is malformed', async () => {
      await withStore(open, async (store) => {
        const id = (await upsertSubjects(store, [ALICE], 'cli:tester'))[0]!.id;
        await sql`update subjects set data = '{"properties": {"name": "Alice"}}' where id = ${id}`.execute(rawDatabaseOf(store));
        const malformed = new RegExp(`subject ${id}: its stored data is not \\{kind, schema, properties\\}`);
        await assert.rejects(getSubject(store, 'c-1'), malformed);
        await assert.rejects(listSubjects(store), malformed);
        await sql`update subjects set data = 'not json' where id = ${id}`.execute(rawDatabaseOf(store));
        await assert.rejects(getSubject(store, id), new RegExp(`subject ${id}: its stored data is not JSON`));
        await sql`update subject_versions set data = '[]' where subject_id = ${id}`.execute(rawDatabaseOf(store));
        await assert.rejects(store.repos.subjects.version(id, 1), new RegExp(`subject ${id} version 1: its stored data is not \\{kind, schema, properties\\}`));
      });
    });
  });
}

onBothStores('store_subjects', suite);
