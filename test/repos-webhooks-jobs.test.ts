/**
 * The webhooks' and jobs' repositories (src/store/repos/), on SQLite and PostgreSQL: stored JSON
 * columns are decoded and checked, and a malformed value is reported with its row's id; a job's
 * progress (its bigint `results_bytes` included) reads back as numbers.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { createWebhook, enqueueEvent, listDeliveries, listWebhooks } from '../src/cases/webhooks.js';
import { type Store, type StoredJob } from '../src/store/index.js';
import { rawDatabaseOf } from '../src/store/testing.js';
import { onBothStores, withStore } from './helpers.js';


const JOB: StoredJob = {
  id: 'job_test1',
  keyId: null,
  status: 'queued',
  inputFormat: 'jsonl',
  inputRows: 3,
  rowsDone: 0,
  resultsBytes: 0,
  matches: 0,
  errors: 0,
  settings: { threshold: 0.8 },
  failure: null,
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-01T00:00:00.000Z',
  finishedAt: null,
};

function suite(name: string, open: () => Promise<Store>, skip?: string) {
  describe(`repositories: webhooks and jobs (${name})`, { skip }, () => {
    it('names a webhook whose stored events, or a delivery whose stored payload, is malformed', async () => {
      await withStore(open, async (store) => {
        const { webhook } = await createWebhook(store, { url: 'http://127.0.0.1:9/hook', events: ['alert.opened'] }, 'cli:tester', { allow: ['127.0.0.1'] });
        assert.equal(await enqueueEvent(store.repos, { id: 'alert.opened:1:0', type: 'alert.opened', at: '2024-01-01T00:00:00.000Z', data: { alert: 1 } }), 1);
        const [delivery] = await listDeliveries(store);
        assert.deepEqual(delivery?.payload, { id: 'alert.opened:1:0', type: 'alert.opened', at: '2024-01-01T00:00:00.000Z', data: { alert: 1 } });

        await sql`update webhook_deliveries set payload = '[1, 2]' where id = ${delivery!.id}`.execute(rawDatabaseOf(store));
        await assert.rejects(listDeliveries(store), new RegExp(`webhook delivery ${delivery!.id}: its stored payload is not a JSON event`));

        await sql`update webhooks set events = '{"alert.opened": true}' where id = ${webhook.id}`.execute(rawDatabaseOf(store));
        const named = new RegExp(`webhook ${webhook.id}: its stored events are not a JSON array of event types`);
        await assert.rejects(listWebhooks(store), named);
        await assert.rejects(enqueueEvent(store.repos, { id: 'alert.opened:2:0', type: 'alert.opened', at: '2024-01-01T00:00:00.000Z', data: {} }), named);
      });
    });

    it('reads a job back with its progress as numbers, and names a job whose stored settings are malformed', async () => {
      await withStore(open, async (store) => {
        await store.repos.jobs.insert(JOB);
        await store.repos.jobs.recordProgress(JOB.id, { rowsDone: 2, resultsBytes: 5_000_000_000, matches: 1, errors: 0 }, '2024-01-01T00:01:00.000Z');
        assert.deepEqual(await store.repos.jobs.byId(JOB.id), { ...JOB, rowsDone: 2, resultsBytes: 5_000_000_000, matches: 1, updatedAt: '2024-01-01T00:01:00.000Z' });
        assert.equal(await store.repos.jobs.resultsBytes(JOB.id), 5_000_000_000);
        assert.deepEqual(await store.repos.jobs.unfinishedIds(), [JOB.id]);

        await sql`update jobs set settings = '{"threshold": "high"}' where id = ${JOB.id}`.execute(rawDatabaseOf(store));
        await assert.rejects(store.repos.jobs.byId(JOB.id), new RegExp(`job ${JOB.id}: its stored settings are not a JSON object`));
      });
    });
  });
}

onBothStores('repos_webhooks_jobs', suite);
