/**
 * Webhooks, on SQLite and PostgreSQL, against a real loopback HTTP receiver: signed deliveries that
 * the receiver's check accepts (and rejects when forged, tampered or stale), once per event even
 * when queued twice or sent by racing workers; retries with backoff on a controlled clock; dead
 * deliveries after the endpoint's attempts (error answers, refused connections, timeouts) and
 * redelivery; subscriptions by event type; outbox rows that commit or roll back with the caller's
 * transaction; deleted endpoints; input errors naming the field; the audit records.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startReceiver } from './webhook-receiver.js';
import { auditRecords, verifyAudit } from '../src/cases/index.js';
import {
  NO_ANSWER,
  WEBHOOK_EVENTS,
  WebhookDispatcher,
  WebhookInputError,
  createWebhook,
  defaultBackoffMs,
  deleteWebhook,
  deliverDue,
  enqueueEvent,
  listDeliveries,
  listWebhooks,
  redeliver,
  signPayload,
  verifySignature,
  type WebhookEvent,
  type WebhookEventType,
} from '../src/cases/webhooks.js';
import { openStore, type Store } from '../src/store/index.js';
import { rawDatabaseOf } from '../src/store/testing.js';
import { PG_SKIP, PG_URL, pgSchemas, tempDir } from './helpers.js';

const tmp = tempDir();
after(() => tmp.cleanup());
const schemas = pgSchemas('webhooks');
after(() => schemas.dropAll());
const ACTOR = 'key:test';
/** The receivers here listen on loopback: allowed explicitly, as an on-premises receiver would be (the rules stay on). */
const LOOPBACK = { allow: ['127.0.0.1/32'] };
/** hooks.example.com and ok.example.com resolve to a public address (example.com's), without the network. */
const PUBLIC_DNS = { resolve: async () => [{ address: '93.184.215.14', family: 4 }] };

// ---- a loopback receiver (test/webhook-receiver.ts) ----

/** A URL on a loopback port nothing listens on. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/`;
}

/** A clock that moves only when told. */
function manualClock(start = new Date()): { now: () => Date; advanceTo: (iso: string) => void } {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    advanceTo: (iso) => {
      t = Math.max(t, Date.parse(iso));
    },
  };
}

function alertEvent(alertId: number, type: WebhookEventType = 'alert.opened', n = 0): WebhookEvent {
  return { id: `${type}:${alertId}:${n}`, type, at: '2026-03-01T10:00:00.000Z', data: { alertId, subject: 'Song Kum Hyok', score: 0.93 } };
}

/** Polls until the condition holds (for the timer-driven dispatcher only). */
async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

// ---- the suite, per backend ----

/** One database; each `open()` is a new handle on it (as another replica would have). */
type OpenDatabase = () => () => Promise<Store>;

async function withStore(database: OpenDatabase, body: (store: Store, openAnother: () => Promise<Store>) => Promise<void>): Promise<void> {
  const open = database();
  const store = await open();
  const others: Store[] = [];
  try {
    await body(store, async () => {
      const other = await open();
      others.push(other);
      return other;
    });
  } finally {
    for (const s of others) await s.close();
    await store.close();
  }
}

function webhookSuite(name: string, database: OpenDatabase, skip?: string) {
  describe(`webhooks (${name})`, { skip }, () => {
    it('delivers an event once, signed so that the receiver can check it', async () => {
      const receiver = await startReceiver();
      try {
        await withStore(database, async (store) => {
          const { webhook, secret } = await createWebhook(store, { url: receiver.url }, ACTOR, LOOPBACK);
          assert.match(webhook.id, /^wh_[0-9a-f]{12}$/);
          assert.match(secret, /^whsec_[A-Za-z0-9_-]{43}$/);
          assert.deepEqual(webhook.events, [...WEBHOOK_EVENTS]);
          assert.equal(webhook.maxAttempts, 8);
          assert.deepEqual(await listWebhooks(store), [webhook]);
          assert.ok(!JSON.stringify(await listWebhooks(store)).includes(secret));

          const event = alertEvent(12);
          assert.equal(await enqueueEvent(store.repos, event), 1);
          assert.deepEqual(await deliverDue(store, LOOPBACK), { delivered: 1, retried: 0, dead: 0 });
          assert.deepEqual(await deliverDue(store, LOOPBACK), { delivered: 0, retried: 0, dead: 0 });

          assert.equal(receiver.received.length, 1);
          const { headers, body } = receiver.received[0]!;
          assert.equal(body, '{"id":"alert.opened:12:0","type":"alert.opened","at":"2026-03-01T10:00:00.000Z","data":{"alertId":12,"subject":"Song Kum Hyok","score":0.93}}');
          assert.equal(headers['content-type'], 'application/json');
          assert.equal(headers['user-agent'], 'vigil-webhooks');
          assert.equal(headers['x-vigil-event'], 'alert.opened');
          assert.equal(headers['x-vigil-delivery'], 'alert.opened:12:0');
          const timestamp = headers['x-vigil-timestamp'] as string;
          const signature = headers['x-vigil-signature'] as string;
          assert.ok(Math.abs(Number(timestamp) - Date.now() / 1000) < 60);
          assert.match(signature, /^sha256=[0-9a-f]{64}$/);
          assert.equal(signature, signPayload(secret, Number(timestamp), body));

          assert.equal(verifySignature(secret, timestamp, body, signature), true);
          assert.equal(verifySignature(secret, timestamp, Buffer.from(body), signature), true);
          assert.equal(verifySignature(`${secret}x`, timestamp, body, signature), false, 'wrong secret');
          assert.equal(verifySignature(secret, timestamp, body.replace('0.93', '0.39'), signature), false, 'tampered body');
          assert.equal(verifySignature(secret, String(Number(timestamp) + 1), body, signature), false, 'other timestamp');
          assert.equal(verifySignature(secret, timestamp, body, signature.slice(0, -2)), false, 'truncated signature');
          assert.equal(verifySignature(secret, timestamp, body, undefined), false, 'no signature');
          const at = (seconds: number) => () => new Date((Number(timestamp) + seconds) * 1000);
          assert.equal(verifySignature(secret, timestamp, body, signature, { now: at(299) }), true, 'within tolerance');
          assert.equal(verifySignature(secret, timestamp, body, signature, { now: at(301) }), false, 'stale');
          assert.equal(verifySignature(secret, timestamp, body, signature, { now: at(-301) }), false, 'from the future');
          assert.equal(verifySignature(secret, timestamp, body, signature, { now: at(3000), toleranceSeconds: 3600 }), true);

          const [delivery] = await listDeliveries(store);
          assert.equal(delivery!.status, 'delivered');
          assert.equal(delivery!.attempts, 1);
          assert.equal(delivery!.lastStatus, 200);
          assert.equal(delivery!.lastError, null);
          assert.equal(delivery!.lockedUntil, null);
          assert.ok(delivery!.deliveredAt !== null);
          assert.deepEqual(delivery!.payload, event);
          assert.equal(delivery!.webhookId, webhook.id);
        });
      } finally {
        await receiver.close();
      }
    });

    it('queues an event id once per webhook, and only with the transaction that writes it', async () => {
      const receiver = await startReceiver();
      try {
        await withStore(database, async (store) => {
          await createWebhook(store, { url: receiver.url }, ACTOR, LOOPBACK);
          assert.equal(await enqueueEvent(store.repos, alertEvent(1)), 1);
          assert.equal(await enqueueEvent(store.repos, alertEvent(1)), 0, 'the same event again');
          assert.equal(await store.transaction((tx) => enqueueEvent(tx, alertEvent(1))), 0);

          await assert.rejects(
            store.transaction(async (tx) => {
              assert.equal(await enqueueEvent(tx, alertEvent(2)), 1);
              throw new Error('the alert write failed');
            }),
            /the alert write failed/,
          );
          assert.equal(await store.transaction((tx) => enqueueEvent(tx, alertEvent(3))), 1);
          assert.deepEqual(
            (await listDeliveries(store)).map((d) => d.eventId),
            ['alert.opened:3:0', 'alert.opened:1:0'],
          );

          assert.deepEqual(await deliverDue(store, LOOPBACK), { delivered: 2, retried: 0, dead: 0 });
          assert.equal(await enqueueEvent(store.repos, alertEvent(1)), 0, 'after delivery too');
          assert.deepEqual(await deliverDue(store, LOOPBACK), { delivered: 0, retried: 0, dead: 0 });
          assert.deepEqual(receiver.received.map((r) => r.headers['x-vigil-delivery']).sort(), ['alert.opened:1:0', 'alert.opened:3:0']);

          await assert.rejects(enqueueEvent(store.repos, { ...alertEvent(4), type: 'alert.exploded' as WebhookEventType }), WebhookInputError);
        });
      } finally {
        await receiver.close();
      }
    });

    it('retries a failing receiver with growing backoff until it answers 2xx', async () => {
      const receiver = await startReceiver((n) => (n < 2 ? 500 : 204));
      try {
        await withStore(database, async (store) => {
          const { secret } = await createWebhook(store, { url: receiver.url, maxAttempts: 5 }, ACTOR, LOOPBACK);
          await enqueueEvent(store.repos, alertEvent(7, 'alert.decided'));
          const clock = manualClock();
          const options = { ...LOOPBACK, now: clock.now, backoffMs: (attempt: number) => 1000 * 2 ** attempt };

          assert.deepEqual(await deliverDue(store, options), { delivered: 0, retried: 1, dead: 0 });
          let [d] = await listDeliveries(store);
          assert.deepEqual([d!.status, d!.attempts, d!.lastStatus, d!.lastError, d!.lockedUntil], ['pending', 1, 500, 'HTTP 500', null]);
          const firstDelay = Date.parse(d!.nextAttemptAt) - clock.now().getTime();
          assert.equal(firstDelay, 2000);

          // Not due yet: nothing is sent.
          assert.deepEqual(await deliverDue(store, options), { delivered: 0, retried: 0, dead: 0 });
          assert.equal(receiver.received.length, 1);

          clock.advanceTo(d!.nextAttemptAt);
          assert.deepEqual(await deliverDue(store, options), { delivered: 0, retried: 1, dead: 0 });
          [d] = await listDeliveries(store);
          assert.equal(d!.attempts, 2);
          const secondDelay = Date.parse(d!.nextAttemptAt) - clock.now().getTime();
          assert.equal(secondDelay, 4000);
          assert.ok(secondDelay > firstDelay);

          clock.advanceTo(d!.nextAttemptAt);
          assert.deepEqual(await deliverDue(store, options), { delivered: 1, retried: 0, dead: 0 });
          [d] = await listDeliveries(store);
          assert.deepEqual([d!.status, d!.attempts, d!.lastStatus, d!.lastError], ['delivered', 3, 204, null]);
          assert.equal(d!.deliveredAt, clock.now().toISOString());

          assert.equal(receiver.received.length, 3);
          assert.deepEqual(new Set(receiver.received.map((r) => r.headers['x-vigil-delivery'])), new Set(['alert.decided:7:0']));
          assert.deepEqual(new Set(receiver.received.map((r) => r.body)).size, 1);
          // Each attempt is signed for its own time, and checks against the clock it was sent at.
          const last = receiver.received[2]!;
          assert.equal(last.headers['x-vigil-timestamp'], String(Math.floor(clock.now().getTime() / 1000)));
          assert.ok(verifySignature(secret, last.headers['x-vigil-timestamp'] as string, last.body, last.headers['x-vigil-signature'] as string, { now: clock.now }));
        });
      } finally {
        await receiver.close();
      }
    });

    it('gives up after maxAttempts (error answers, refused connections, timeouts) and redelivers on request', async () => {
      const receiver = await startReceiver(() => 500);
      const hanging = await startReceiver(() => 'hang');
      try {
        await withStore(database, async (store) => {
          const failing = await createWebhook(store, { url: receiver.url, maxAttempts: 3 }, ACTOR, LOOPBACK);
          const refused = await createWebhook(store, { url: await closedPortUrl(), maxAttempts: 2 }, ACTOR, LOOPBACK);
          const slow = await createWebhook(store, { url: hanging.url, maxAttempts: 1 }, ACTOR, LOOPBACK);
          assert.equal(await enqueueEvent(store.repos, alertEvent(5)), 3);
          const unanswered: { deliveryId: number; url: string; detail: string }[] = [];
          const options = { ...LOOPBACK, backoffMs: () => 0, timeoutMs: 300, onNoAnswer: (f: { deliveryId: number; url: string; detail: string }) => unanswered.push(f) };

          assert.deepEqual(await deliverDue(store, options), { delivered: 0, retried: 2, dead: 1 });
          assert.deepEqual(await deliverDue(store, options), { delivered: 0, retried: 1, dead: 1 });
          assert.deepEqual(await deliverDue(store, options), { delivered: 0, retried: 0, dead: 1 });
          assert.deepEqual(await deliverDue(store, options), { delivered: 0, retried: 0, dead: 0 });
          assert.equal(receiver.received.length, 3);
          assert.equal(hanging.received.length, 1);

          const byWebhook = new Map((await listDeliveries(store)).map((d) => [d.webhookId, d]));
          const dead500 = byWebhook.get(failing.webhook.id)!;
          assert.deepEqual([dead500.status, dead500.attempts, dead500.lastStatus, dead500.lastError], ['dead', 3, 500, 'HTTP 500']);
          const deadRefused = byWebhook.get(refused.webhook.id)!;
          // A refused connection and a timeout read the same in the history (no port scanning through
          // it); what the network said goes to the operator's log.
          assert.deepEqual([deadRefused.status, deadRefused.attempts, deadRefused.lastStatus, deadRefused.lastError], ['dead', 2, null, NO_ANSWER]);
          const deadSlow = byWebhook.get(slow.webhook.id)!;
          assert.deepEqual([deadSlow.status, deadSlow.attempts, deadSlow.lastStatus, deadSlow.lastError], ['dead', 1, null, NO_ANSWER]);
          const details = (id: number) => unanswered.filter((f) => f.deliveryId === id).map((f) => f.detail);
          assert.equal(details(deadRefused.id).length, 2);
          for (const d of details(deadRefused.id)) assert.match(d, /ECONNREFUSED/);
          assert.deepEqual(details(deadSlow.id), ['timeout after 300 ms']);
          assert.equal(details(dead500.id).length, 0, 'an HTTP answer is an answer');
          assert.deepEqual((await listDeliveries(store, { status: 'dead' })).length, 3);

          // The receiver is fixed; the dead delivery is sent again and arrives.
          receiver.respond = () => 200;
          const reset = await redeliver(store, dead500.id, ACTOR);
          assert.deepEqual([reset.status, reset.attempts, reset.lockedUntil, reset.deliveredAt], ['pending', 0, null, null]);
          assert.deepEqual(await deliverDue(store, options), { delivered: 1, retried: 0, dead: 0 });
          assert.equal(receiver.received.length, 4);
          assert.equal(receiver.received[3]!.headers['x-vigil-delivery'], 'alert.opened:5:0');
          const delivered = (await listDeliveries(store, { webhookId: failing.webhook.id }))[0]!;
          assert.deepEqual([delivered.status, delivered.attempts, delivered.lastStatus], ['delivered', 1, 200]);

          // A delivered one can be sent again too.
          await redeliver(store, delivered.id, ACTOR);
          assert.deepEqual(await deliverDue(store, options), { delivered: 1, retried: 0, dead: 0 });
          assert.equal(receiver.received.length, 5);

          await assert.rejects(redeliver(store, 987654, ACTOR), /webhook delivery 987654 does not exist/);
        });
      } finally {
        await receiver.close();
        await hanging.close();
      }
    });

    it('queues only the event types a webhook subscribes to', async () => {
      await withStore(database, async (store) => {
        const decisions = await createWebhook(store, { url: 'https://hooks.example.com/decisions', events: ['alert.decided', 'alert.decided'] }, ACTOR, PUBLIC_DNS);
        const everything = await createWebhook(store, { url: 'https://hooks.example.com/all' }, ACTOR, PUBLIC_DNS);
        assert.deepEqual(decisions.webhook.events, ['alert.decided']);

        assert.equal(await enqueueEvent(store.repos, { id: 'monitor.completed:3', type: 'monitor.completed', at: new Date().toISOString(), data: { run: 3 } }), 1);
        assert.equal(await enqueueEvent(store.repos, alertEvent(9, 'alert.decided')), 2);
        assert.equal(await enqueueEvent(store.repos, alertEvent(9, 'alert.reopened', 1)), 1);

        assert.deepEqual(
          (await listDeliveries(store, { webhookId: decisions.webhook.id })).map((d) => d.eventType),
          ['alert.decided'],
        );
        assert.deepEqual(
          (await listDeliveries(store, { webhookId: everything.webhook.id })).map((d) => d.eventType),
          ['alert.reopened', 'alert.decided', 'monitor.completed'],
        );
        assert.equal((await listDeliveries(store, { limit: 2 })).length, 2);
      });
    });

    it('stops delivering to a deleted webhook and keeps its history', async () => {
      const kept = await startReceiver();
      const removed = await startReceiver();
      try {
        await withStore(database, async (store) => {
          const keep = await createWebhook(store, { url: kept.url }, ACTOR, LOOPBACK);
          const remove = await createWebhook(store, { url: removed.url }, ACTOR, LOOPBACK);
          assert.equal(await enqueueEvent(store.repos, alertEvent(1)), 2);

          assert.equal(await deleteWebhook(store, remove.webhook.id, ACTOR), true);
          assert.equal(await deleteWebhook(store, remove.webhook.id, ACTOR), false, 'already deleted');
          assert.equal(await deleteWebhook(store, 'wh_000000000000', ACTOR), false, 'unknown');
          assert.deepEqual((await listWebhooks(store)).map((w) => w.id), [keep.webhook.id]);
          const all = await listWebhooks(store, { includeDeleted: true });
          assert.deepEqual(all.map((w) => [w.id, w.active]).sort(), [[keep.webhook.id, true], [remove.webhook.id, false]].sort());
          const stored = await rawDatabaseOf(store).selectFrom('webhooks').select('secret').where('id', '=', remove.webhook.id).executeTakeFirstOrThrow();
          assert.equal(stored.secret, '', 'the deleted webhook forgets its secret');

          assert.equal(await enqueueEvent(store.repos, alertEvent(2)), 1);
          assert.deepEqual(await deliverDue(store, LOOPBACK), { delivered: 2, retried: 0, dead: 0 });
          assert.equal(kept.received.length, 2);
          assert.equal(removed.received.length, 0);

          const [abandoned] = await listDeliveries(store, { webhookId: remove.webhook.id });
          assert.deepEqual([abandoned!.status, abandoned!.attempts, abandoned!.lastError], ['dead', 0, 'webhook deleted']);
          await assert.rejects(redeliver(store, abandoned!.id, ACTOR), /was deleted/);
        });
      } finally {
        await kept.close();
        await removed.close();
      }
    });

    it('rejects bad settings with an error naming the field, and stores nothing', async () => {
      await withStore(database, async (store) => {
        const bad: [Parameters<typeof createWebhook>[1], RegExp][] = [
          [{ url: 'not a url' }, /^url "not a url" is not a valid URL/],
          [{ url: 'ftp://files.example.com/in' }, /^url .* must use http or https, not ftp/],
          [{ url: 'javascript:alert(1)' }, /^url .*not javascript/],
          [{ url: 'https://ok.example.com', events: ['alert.opened', 'alert.exploded'] }, /^events: unknown event type "alert\.exploded"/],
          [{ url: 'https://ok.example.com', events: [] }, /^events must list at least one/],
          [{ url: 'https://ok.example.com', maxAttempts: 0 }, /^maxAttempts .* not 0/],
          [{ url: 'https://ok.example.com', maxAttempts: 51 }, /^maxAttempts .* not 51/],
          [{ url: 'https://ok.example.com', maxAttempts: 2.5 }, /^maxAttempts .* not 2\.5/],
          [{ url: 'https://ok.example.com', secret: 'short' }, /^secret must be at least 16 characters/],
          [{ url: 'https://ops:hunter2-password@ok.example.com/v' }, /^url must not hold a user name or password/],
          [{ url: 'https://ops@ok.example.com/v' }, /^url must not hold a user name or password/],
          [{ url: 'http://127.0.0.1:9/x' }, /^webhook URL http:\/\/127\.0\.0\.1:9\/x is 127\.0\.0\.1, a loopback address; set VIGIL_WEBHOOK_ALLOW/],
        ];
        for (const [input, message] of bad) {
          await assert.rejects(createWebhook(store, input, ACTOR, PUBLIC_DNS), (err: unknown) => {
            assert.ok(err instanceof WebhookInputError, `${JSON.stringify(input)}: ${String(err)}`);
            assert.match(err.message, message);
            assert.ok(!err.message.includes('hunter2'), 'the password is not repeated');
            return true;
          });
        }
        assert.deepEqual(await listWebhooks(store, { includeDeleted: true }), []);
        assert.deepEqual(await auditRecords(store), []);

        const custom = await createWebhook(store, { url: 'http://127.0.0.1:9/x', secret: 'a-shared-secret-of-32-characters', maxAttempts: 50 }, ACTOR, LOOPBACK);
        assert.equal(custom.secret, 'a-shared-secret-of-32-characters');
        assert.equal(custom.webhook.maxAttempts, 50);
      });
    });

    it('sends each delivery once when workers race for them', async () => {
      const receiver = await startReceiver();
      receiver.delayMs = 15;
      try {
        await withStore(database, async (store, openAnother) => {
          await createWebhook(store, { url: receiver.url }, ACTOR, LOOPBACK);
          for (let i = 1; i <= 24; i++) await enqueueEvent(store.repos, alertEvent(i));
          const replica = await openAnother();
          const options = { ...LOOPBACK, concurrency: 4 };
          const results = await Promise.all([deliverDue(store, options), deliverDue(store, options), deliverDue(replica, options), deliverDue(replica, options)]);

          assert.equal(results.reduce((sum, r) => sum + r.delivered, 0), 24);
          assert.ok(results.every((r) => r.retried === 0 && r.dead === 0));
          const ids = receiver.received.map((r) => r.headers['x-vigil-delivery'] as string);
          assert.equal(ids.length, 24);
          assert.equal(new Set(ids).size, 24);
          assert.deepEqual((await listDeliveries(store, { status: 'delivered' })).length, 24);
          assert.ok((await listDeliveries(store)).every((d) => d.attempts === 1));
        });
      } finally {
        await receiver.close();
      }
    });

    it('runs on a timer without overlapping runs, and stops after the run in flight', async () => {
      const receiver = await startReceiver();
      receiver.delayMs = 20;
      try {
        await withStore(database, async (store) => {
          await createWebhook(store, { url: receiver.url }, ACTOR, LOOPBACK);
          await enqueueEvent(store.repos, alertEvent(1));
          const errors: unknown[] = [];
          const dispatcher = new WebhookDispatcher(store, { ...LOOPBACK, onError: (err) => errors.push(err) });

          const first = dispatcher.runOnce();
          assert.equal(dispatcher.runOnce(), first, 'a second call joins the run in flight');
          assert.deepEqual(await first, { delivered: 1, retried: 0, dead: 0 });

          dispatcher.start(10);
          dispatcher.start(10);
          await enqueueEvent(store.repos, alertEvent(2));
          await waitFor(() => receiver.received.length === 2);
          await enqueueEvent(store.repos, alertEvent(3));
          await waitFor(() => receiver.received.length === 3);
          await dispatcher.stop();
          assert.deepEqual((await listDeliveries(store, { status: 'delivered' })).length, 3);

          await enqueueEvent(store.repos, alertEvent(4));
          await new Promise((r) => setTimeout(r, 60));
          assert.equal(receiver.received.length, 3, 'nothing is sent after stop');
          assert.deepEqual(errors, []);
        });
      } finally {
        await receiver.close();
      }
    });

    it('audits creation, deletion and redelivery, never the secret', async () => {
      await withStore(database, async (store) => {
        const { webhook, secret } = await createWebhook(store, { url: 'https://hooks.example.com/v', events: ['alert.opened'], maxAttempts: 1 }, ACTOR, PUBLIC_DNS);
        await enqueueEvent(store.repos, alertEvent(1));
        const [delivery] = await listDeliveries(store);
        await redeliver(store, delivery!.id, 'key:analyst');
        await deleteWebhook(store, webhook.id, 'key:admin');

        const records = await auditRecords(store);
        assert.deepEqual(
          records.map((r) => [r.action, r.subject, r.actor]),
          [
            ['webhook.create', webhook.id, ACTOR],
            ['webhook.redeliver', webhook.id, 'key:analyst'],
            ['webhook.delete', webhook.id, 'key:admin'],
          ],
        );
        assert.deepEqual(records[0]!.details, { url: 'https://hooks.example.com/v', events: ['alert.opened'], maxAttempts: 1 });
        assert.deepEqual(records[1]!.details, { delivery: delivery!.id, eventId: 'alert.opened:1:0', previousStatus: 'pending', previousAttempts: 0 });
        assert.deepEqual(records[2]!.details, { url: 'https://hooks.example.com/v', pendingDeliveriesDropped: 1 });
        const trail = JSON.stringify(records);
        assert.ok(!trail.includes(secret));
        assert.equal((await verifyAudit(store)).ok, true);
      });
    });
  });
}

webhookSuite('sqlite', () => {
  const file = join(tmp.dir, `webhooks-${randomBytes(4).toString('hex')}.sqlite`);
  return () => openStore({ kind: 'sqlite', file });
});
webhookSuite(
  'postgres',
  () => {
    const schema = schemas.next();
    return () => openStore({ kind: 'postgres', url: PG_URL!, schema });
  },
  PG_SKIP,
);

describe('webhook backoff', () => {
  it('doubles from 1 s up to 1 hour, with at most 10% jitter', () => {
    for (let i = 0; i < 50; i++) {
      for (const [attempt, full] of [
        [1, 1000],
        [2, 2000],
        [5, 16_000],
        [12, 2_048_000],
        [13, 3_600_000],
        [40, 3_600_000],
      ] as const) {
        const delay = defaultBackoffMs(attempt);
        assert.ok(delay <= full && delay >= full * 0.9, `attempt ${attempt}: ${delay}`);
      }
    }
  });
});
