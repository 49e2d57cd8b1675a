/**
 * The alerts' and screenings' repositories on SQLite and PostgreSQL: a screening's alert and its
 * record read back decoded, and a malformed stored JSON value (an alert's explanation or entity
 * state, an event's details, a screening's results) refused with the row it is in named.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { getAlert, getSubject, listAlerts, ListSnapshot, screenSubjects, upsertSubjects } from '../src/cases/index.js';
import { type Entity, entityHash } from '../src/model/index.js';
import { type Store } from '../src/store/index.js';
import { rawDatabaseOf } from '../src/store/testing.js';
import { onBothStores } from './helpers.js';


const LISTED: Entity[] = [{ id: 'test-1', schema: 'Person', caption: 'Ri Chol Ho', datasets: ['test'], properties: { name: ['Ri Chol Ho'], birthDate: ['1966'] } }];
const snapshot = new ListSnapshot(LISTED, new Map(LISTED.map((e) => [e.id, entityHash(e)])), [
  { id: 1, dataset: 'test', format: 'ftm-json', sourceFiles: [], publishedAt: null, sha256: 'x', entityCount: 1, stats: {}, warnings: [], importedAt: new Date().toISOString() },
]);

async function withScreenedStore(open: () => Promise<Store>, body: (store: Store, alertId: number, screeningId: number, subjectId: number) => Promise<void>): Promise<void> {
  const store = await open();
  try {
    await upsertSubjects(store, [{ ref: 'S-1', kind: 'customer', schema: 'Person', properties: { name: ['Ri Chol Ho'], birthDate: ['1966-05-01'] } }], 'test:alice');
    const subject = (await getSubject(store, 'S-1'))!;
    const { records } = await screenSubjects(store, [subject], { snapshot, actor: 'test:alice', trigger: 'test' });
    const record = records[0]!;
    const alertId = record.results[0]!.alert!;
    assert.equal(record.results[0]!.outcome, 'opened');
    await body(store, alertId, record.id, subject.id);
  } finally {
    await store.close();
  }
}

function suite(name: string, open: () => Promise<Store>, skip?: string) {
  describe(`store: alerts and screenings (${name})`, { skip }, () => {
    it('reads back an alert, its events and a screening record, decoded', async () => {
      await withScreenedStore(open, async (store, alertId, screeningId, subjectId) => {
        const alert = await getAlert(store, alertId);
        assert.equal(alert.status, 'open');
        assert.deepEqual(alert.entity, { id: 'test-1', caption: 'Ri Chol Ho', schema: 'Person', datasets: ['test'] });
        assert.deepEqual(alert.entityState, snapshot.stateOf('test-1'));
        assert.deepEqual(alert.events.map((e) => [e.kind, e.toStatus, e.details.screening]), [['opened', 'open', screeningId]]);
        const [screening] = await store.repos.screenings.recentOfSubject(subjectId, 5);
        assert.equal(screening?.id, screeningId);
        assert.deepEqual(screening?.listVersions, { test: 1 });
        assert.deepEqual(
          screening?.results.map((r) => [r.id, r.alert, r.outcome]),
          [['test-1', alertId, 'opened']],
        );
      });
    });

    it('names the row whose stored JSON is malformed', async () => {
      await withScreenedStore(open, async (store, alertId, screeningId, subjectId) => {
        await sql`update alerts set explanation = '["not", "an object"]' where id = ${alertId}`.execute(rawDatabaseOf(store));
        await assert.rejects(listAlerts(store), new RegExp(`^Error: alert ${alertId}: its stored explanation is not a JSON object$`));
        await sql`update alerts set explanation = '{"summary": "ok"}', entity_state = '{"hash": 7}' where id = ${alertId}`.execute(rawDatabaseOf(store));
        await assert.rejects(getAlert(store, alertId), new RegExp(`alert ${alertId}: its stored entity state is not a JSON object with a hash`));
        await sql`update alerts set entity_state = '{"hash": "h", "wallets": {}}' where id = ${alertId}`.execute(rawDatabaseOf(store));
        const { id: eventId } = await rawDatabaseOf(store).selectFrom('alert_events').select('id').where('alert_id', '=', alertId).executeTakeFirstOrThrow();
        await sql`update alert_events set details = 'not json' where id = ${eventId}`.execute(rawDatabaseOf(store));
        await assert.rejects(getAlert(store, alertId), new RegExp(`alert event ${eventId}: its stored details are not JSON`));
        await sql`update screenings set results = '[{"id": "test-1"}]' where id = ${screeningId}`.execute(rawDatabaseOf(store));
        await assert.rejects(store.repos.screenings.recentOfSubject(subjectId, 5), new RegExp(`screening ${screeningId}: its stored result #1 is not a screening result`));
      });
    });
  });
}

onBothStores('store_alerts', suite);
