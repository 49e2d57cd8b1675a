/**
 * The webhooks' repository: `webhooks` (the endpoints) and `webhook_deliveries` (the outbox, one
 * row per event and endpoint). Rows are decoded and checked here: an endpoint's `events` is a JSON
 * array of event type names, a delivery's `payload` the JSON event sent (id, type, at, data). The
 * payload is also handed out as the stored text, since that exact text is what is signed and sent.
 *
 * What the events mean, how deliveries are leased, retried and signed: src/cases/webhooks.ts.
 */
import type { Selectable, Updateable } from 'kysely';
import type { WebhookDeliveriesTable, WebhooksTable } from '../tables.js';
import { isJsonObject, isStringList, parseStoredJsonOrUndefined } from './json.js';
import type { Queryable } from './queryable.js';

export interface StoredWebhook {
  id: string;
  url: string;
  /** Event type names. */
  events: string[];
  maxAttempts: number;
  active: boolean;
  createdAt: string;
}

/** An event as stored in a delivery's payload (its `data` is absent when the event had none). */
export interface StoredWebhookEvent {
  id: string;
  type: string;
  at: string;
  data?: unknown;
}

export interface StoredDelivery {
  id: number;
  webhookId: string;
  eventId: string;
  eventType: string;
  payload: StoredWebhookEvent;
  status: string;
  attempts: number;
  nextAttemptAt: string;
  lockedUntil: string | null;
  /** HTTP status of the last attempt (null: no answer). */
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** A delivery due to be sent, with its endpoint. */
export interface DueDelivery {
  id: number;
  url: string;
  secret: string;
  maxAttempts: number;
}

/** A delivery whose lease was taken: the stored payload text is the body to send. */
export interface ClaimedDeliveryRow {
  eventId: string;
  eventType: string;
  payload: string;
  attempts: number;
}

/** What one attempt changes: always the attempt count and last answer; the rest as the outcome says. */
export interface AttemptChanges {
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  status?: 'delivered' | 'dead';
  deliveredAt?: string;
  nextAttemptAt?: string;
}

function decodeEvents(id: string, text: string): string[] {
  const events = parseStoredJsonOrUndefined(text);
  if (!isStringList(events)) throw new Error(`webhook ${id}: its stored events are not a JSON array of event types`);
  return events;
}

function decodeWebhook(row: Selectable<WebhooksTable>): StoredWebhook {
  return { id: row.id, url: row.url, events: decodeEvents(row.id, row.events), maxAttempts: row.max_attempts, active: row.active === 1, createdAt: row.created_at };
}

function decodePayload(id: number, text: string): StoredWebhookEvent {
  const event = parseStoredJsonOrUndefined(text);
  if (!isJsonObject(event) || typeof event.id !== 'string' || typeof event.type !== 'string' || typeof event.at !== 'string') {
    throw new Error(`webhook delivery ${id}: its stored payload is not a JSON event (id, type, at, data)`);
  }
  return event as unknown as StoredWebhookEvent;
}

function decodeDelivery(row: Selectable<WebhookDeliveriesTable>): StoredDelivery {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    eventId: row.event_id,
    eventType: row.event_type,
    payload: decodePayload(row.id, row.payload),
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lockedUntil: row.locked_until,
    lastStatus: row.last_status,
    lastError: row.last_error,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
  };
}

export class WebhookRepository {
  constructor(private readonly db: Queryable) {}

  // ---- endpoints ----

  async insert(webhook: StoredWebhook & { secret: string }): Promise<void> {
    await this.db
      .insertInto('webhooks')
      .values({
        id: webhook.id,
        url: webhook.url,
        secret: webhook.secret,
        events: JSON.stringify(webhook.events),
        max_attempts: webhook.maxAttempts,
        active: webhook.active ? 1 : 0,
        created_at: webhook.createdAt,
      })
      .execute();
  }

  /** Endpoints, oldest first; deleted ones only when asked. Never their secrets. */
  async list(options: { includeDeleted?: boolean } = {}): Promise<StoredWebhook[]> {
    let query = this.db.selectFrom('webhooks').selectAll().orderBy('created_at').orderBy('id');
    if (!options.includeDeleted) query = query.where('active', '=', 1);
    return (await query.execute()).map(decodeWebhook);
  }

  /** Mark an active endpoint inactive and erase its secret; its URL, or undefined when there is no such active endpoint. */
  async deactivate(id: string): Promise<string | undefined> {
    const row = await this.db.updateTable('webhooks').set({ active: 0, secret: '' }).where('id', '=', id).where('active', '=', 1).returning(['url']).executeTakeFirst();
    return row?.url;
  }

  /** Make an endpoint's pending deliveries dead, saying why; how many there were. */
  async abandonPending(webhookId: string, reason: string): Promise<number> {
    const result = await this.db
      .updateTable('webhook_deliveries')
      .set({ status: 'dead', last_error: reason, locked_until: null })
      .where('webhook_id', '=', webhookId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  // ---- the outbox ----

  /**
   * Queue an event (its body as sent: `payload`) for every active endpoint subscribed to its type;
   * an event id already queued for an endpoint is skipped. How many deliveries were queued.
   */
  async enqueue(event: { id: string; type: string; payload: string }, now: string): Promise<number> {
    const webhooks = await this.db.selectFrom('webhooks').select(['id', 'events']).where('active', '=', 1).execute();
    const subscribed = webhooks.filter((w) => decodeEvents(w.id, w.events).includes(event.type));
    if (subscribed.length === 0) return 0;
    const inserted = await this.db
      .insertInto('webhook_deliveries')
      .values(
        subscribed.map((w) => ({
          webhook_id: w.id,
          event_id: event.id,
          event_type: event.type,
          payload: event.payload,
          status: 'pending',
          attempts: 0,
          next_attempt_at: now,
          locked_until: null,
          last_status: null,
          last_error: null,
          created_at: now,
          delivered_at: null,
        })),
      )
      .onConflict((oc) => oc.columns(['webhook_id', 'event_id']).doNothing())
      .returning('id')
      .execute();
    return inserted.length;
  }

  /** Deliveries, newest first. */
  async deliveries(options: { webhookId?: string; status?: string; limit: number }): Promise<StoredDelivery[]> {
    let query = this.db.selectFrom('webhook_deliveries').selectAll().orderBy('id', 'desc').limit(options.limit);
    if (options.webhookId !== undefined) query = query.where('webhook_id', '=', options.webhookId);
    if (options.status !== undefined) query = query.where('status', '=', options.status);
    return (await query.execute()).map(decodeDelivery);
  }

  /** A delivery's state and whether its endpoint is active, before sending it again. */
  async redeliveryState(id: number): Promise<{ webhookId: string; eventId: string; status: string; attempts: number; webhookActive: boolean } | undefined> {
    const row = await this.db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
      .select(['d.webhook_id', 'd.event_id', 'd.status', 'd.attempts', 'w.active'])
      .where('d.id', '=', id)
      .executeTakeFirst();
    return row && { webhookId: row.webhook_id, eventId: row.event_id, status: row.status, attempts: row.attempts, webhookActive: row.active === 1 };
  }

  /** Make a delivery pending from scratch (no attempts, due at `at`, no lease); undefined when there is no such delivery. */
  async resetForRedelivery(id: number, at: string): Promise<StoredDelivery | undefined> {
    const row = await this.db
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', attempts: 0, next_attempt_at: at, locked_until: null, delivered_at: null })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && decodeDelivery(row);
  }

  // ---- sending ----

  /** Pending deliveries of active endpoints, due at `now` and not leased, the longest due first. */
  async due(now: string, limit: number): Promise<DueDelivery[]> {
    const rows = await this.db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
      .select(['d.id', 'w.url', 'w.secret', 'w.max_attempts'])
      .where('d.status', '=', 'pending')
      .where('w.active', '=', 1)
      .where('d.next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('d.locked_until', 'is', null), eb('d.locked_until', '<', now)]))
      .orderBy('d.next_attempt_at')
      .orderBy('d.id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: r.id, url: r.url, secret: r.secret, maxAttempts: r.max_attempts }));
  }

  /**
   * Take the lease (until `lease`) on a delivery still due at `now` that nobody holds, in one
   * conditional update: of two workers racing for it, only one gets it back.
   */
  async claim(id: number, now: string, lease: string): Promise<ClaimedDeliveryRow | undefined> {
    const row = await this.db
      .updateTable('webhook_deliveries')
      .set({ locked_until: lease })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .returning(['event_id', 'event_type', 'payload', 'attempts'])
      .executeTakeFirst();
    return row && { eventId: row.event_id, eventType: row.event_type, payload: row.payload, attempts: row.attempts };
  }

  /** Record an attempt and release the lease, only while the lease is still `lease`; false when it is not. */
  async recordAttempt(id: number, lease: string, changes: AttemptChanges): Promise<boolean> {
    const set: Updateable<WebhookDeliveriesTable> = { attempts: changes.attempts, last_status: changes.lastStatus, locked_until: null, last_error: changes.lastError };
    if (changes.status !== undefined) set.status = changes.status;
    if (changes.deliveredAt !== undefined) set.delivered_at = changes.deliveredAt;
    if (changes.nextAttemptAt !== undefined) set.next_attempt_at = changes.nextAttemptAt;
    const result = await this.db.updateTable('webhook_deliveries').set(set).where('id', '=', id).where('locked_until', '=', lease).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
