/**
 * The alert queue's filters, orders and paging (the web UI's alert list), on SQLite and PostgreSQL:
 * by subject kind, dataset, score band and age; by score or opening time, either way, paged by
 * offset without losing or repeating an alert; `countAlerts` agreeing with what the pages hold.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { countAlerts, getSubject, listAlerts, ListSnapshot, screenSubjects, upsertSubjects, type AlertFilter } from '../src/cases/index.js';
import { type Entity, entityHash } from '../src/model/index.js';
import { type Store } from '../src/store/index.js';
import { rawDatabaseOf } from '../src/store/testing.js';
import { onBothStores, withStore } from './helpers.js';

const LISTED: Entity[] = [
  { id: 'a-1', schema: 'Person', caption: 'Ri Chol Ho', datasets: ['list_a'], properties: { name: ['Ri Chol Ho'] } },
  { id: 'a-2', schema: 'Person', caption: 'Pak Il Song', datasets: ['list_a'], properties: { name: ['Pak Il Song'] } },
  { id: 'b-1', schema: 'Person', caption: 'Kim Song Chol', datasets: ['list_b'], properties: { name: ['Kim Song Chol'] } },
  { id: 'b-2', schema: 'Person', caption: 'Jon Myong Guk', datasets: ['list_b', 'list_a'], properties: { name: ['Jon Myong Guk'] } },
];
const snapshot = new ListSnapshot(
  LISTED,
  new Map(LISTED.map((e) => [e.id, entityHash(e)])),
  ['list_a', 'list_b'].map((dataset, i) => ({ id: i + 1, dataset, format: 'ftm-json', sourceFiles: [], publishedAt: null, sha256: 'x', entityCount: 2, stats: {}, warnings: [], importedAt: new Date().toISOString() })),
);

/** Subjects whose names are the listed ones, some spelled otherwise (lower scores), of three kinds. */
const SUBJECTS = [
  { ref: 'C-1', kind: 'customer', name: 'Ri Chol Ho' },
  { ref: 'C-2', kind: 'customer', name: 'Ri Chul Ho' },
  { ref: 'V-1', kind: 'vendor', name: 'Pak Il Song' },
  { ref: 'V-2', kind: 'vendor', name: 'Kim Song Chol' },
  { ref: 'K-1', kind: 'candidate', name: 'Jon Myong Guk' },
  { ref: 'K-2', kind: 'candidate', name: 'Jon Myung Kuk' },
] as const;

async function withAlerts(open: () => Promise<Store>, body: (store: Store) => Promise<void>): Promise<void> {
  await withStore(open, async (store) => {
    await upsertSubjects(store, SUBJECTS.map((s) => ({ ref: s.ref, kind: s.kind, schema: 'Person', properties: { name: [s.name] } })), 'test:alice');
    const subjects = await Promise.all(SUBJECTS.map(async (s) => (await getSubject(store, s.ref))!));
    await screenSubjects(store, subjects, { snapshot, actor: 'test:alice', trigger: 'test' });
    await body(store);
  });
}

const refs = (alerts: { subject: { ref: string } }[]) => alerts.map((a) => a.subject.ref).sort();

function suite(name: string, open: () => Promise<Store>, skip?: string) {
  describe(`alert queue: filters, orders, paging (${name})`, { skip }, () => {
    it('filters by subject kind, dataset, score band and age, and counts what it selects', async () => {
      await withAlerts(open, async (store) => {
        const all = await listAlerts(store);
        assert.equal(all.length, SUBJECTS.length, 'one alert per subject');
        assert.deepEqual(refs(await listAlerts(store, { subjectKind: 'vendor' })), ['V-1', 'V-2']);
        assert.deepEqual(refs(await listAlerts(store, { dataset: 'list_b' })), ['K-1', 'K-2', 'V-2']);
        assert.deepEqual(refs(await listAlerts(store, { dataset: 'list_a', subjectKind: 'customer' })), ['C-1', 'C-2']);
        const exact = await listAlerts(store, { minScore: 0.999 });
        assert.deepEqual(refs(exact), ['C-1', 'K-1', 'V-1', 'V-2'], 'the names as listed score 1');
        assert.deepEqual(refs(await listAlerts(store, { maxScore: 0.999 })), ['C-2', 'K-2']);
        // Age: one alert opened long ago.
        const old = all.find((a) => a.subject.ref === 'V-1')!;
        await sql`update alerts set opened_at = '2025-01-01T00:00:00.000Z' where id = ${old.id}`.execute(rawDatabaseOf(store));
        assert.deepEqual(refs(await listAlerts(store, { openedBefore: '2025-06-01T00:00:00.000Z' })), ['V-1']);
        for (const filter of [{}, { subjectKind: 'vendor' }, { dataset: 'list_b' }, { minScore: 0.999 }, { openedBefore: '2025-06-01T00:00:00.000Z' }] as AlertFilter[]) {
          assert.equal(await countAlerts(store, filter), (await listAlerts(store, filter)).length, JSON.stringify(filter));
        }
      });
    });

    it('orders by score or opening time, either way, ties by id, and pages by offset without losing or repeating one', async () => {
      await withAlerts(open, async (store) => {
        const byScore = await listAlerts(store, { sort: { by: 'score', descending: true } });
        for (let i = 1; i < byScore.length; i++) {
          const [a, b] = [byScore[i - 1]!, byScore[i]!];
          assert.ok(a.score > b.score || (a.score === b.score && a.id > b.id), `${a.id} ${a.score} before ${b.id} ${b.score}`);
        }
        const ascending = await listAlerts(store, { sort: { by: 'score', descending: false } });
        assert.deepEqual(ascending.map((a) => a.id), byScore.map((a) => a.id).reverse());
        const paged = [];
        for (let offset = 0; offset < SUBJECTS.length; offset += 4) paged.push(...(await listAlerts(store, { sort: { by: 'score', descending: true }, offset, limit: 4 })));
        assert.deepEqual(paged.map((a) => a.id), byScore.map((a) => a.id));
        const oldest = await listAlerts(store, { sort: { by: 'opened', descending: false }, limit: 1 });
        const newest = await listAlerts(store, { sort: { by: 'opened', descending: true }, limit: 1 });
        assert.ok(oldest[0]!.openedAt <= newest[0]!.openedAt);
        assert.deepEqual((await listAlerts(store, { sort: { by: 'id', descending: true } })).map((a) => a.id), (await listAlerts(store)).map((a) => a.id).reverse());
      });
    });
  });
}

onBothStores('alerts_queue', suite);
