/**
 * Webhooks: signed HTTP notifications of case events (alerts opened, reopened, decided; monitoring
 * runs completed) to the endpoints a team registers.
 *
 * Outbox pattern: `enqueueEvent` writes one `webhook_deliveries` row per subscribed endpoint, in the
 * caller's transaction, so an event is queued if and only if the change it reports is committed.
 * The row holds the exact JSON body to send; the event id is chosen by the caller and unique per
 * endpoint, so queueing the same event twice sends it once.
 *
 * Delivery is at least once: `deliverDue` (run on a timer by `WebhookDispatcher`, on any number of
 * replicas) claims each due row with a conditional update that sets a lease (`locked_until`), so two
 * workers never send the same delivery at the same time; a worker that dies mid-send leaves a lease
 * that expires and the delivery is tried again. A 2xx answer delivers; anything else is retried with
 * exponential backoff until the endpoint's `max_attempts`, then the delivery is dead (and can be
 * sent again with `redeliver`). Receivers deduplicate by the `x-vigil-delivery` header (the event id).
 *
 * Signing: `x-vigil-signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>` with the
 * unix-seconds timestamp in `x-vigil-timestamp`; `verifySignature` is the receiver's check (constant
 * time, stale timestamps rejected against replays).
 *
 * Deleting an endpoint marks it inactive and forgets its secret; its delivery history is kept and its
 * pending deliveries become dead ("webhook deleted").
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { VigilError } from '../errors.js';
import type { AttemptChanges, DueDelivery, Store, StoredDelivery, StoredWebhook, Tx } from '../store/index.js';
import { CaseError } from './errors.js';
import { appendAudit } from './audit.js';

export const WEBHOOK_EVENTS = ['alert.opened', 'alert.reopened', 'alert.decided', 'alert.reversal_requested', 'monitor.completed'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One event, as sent (the JSON body is exactly these four fields). */
export interface WebhookEvent {
  /** Deterministic, chosen by the caller (`alert.opened:12:0`): the deduplication key. */
  id: string;
  type: WebhookEventType;
  /** ISO 8601 date-time of the event. */
  at: string;
  data: unknown;
}

export interface WebhookInfo {
  id: string;
  url: string;
  events: WebhookEventType[];
  maxAttempts: number;
  /** False once deleted. */
  active: boolean;
  createdAt: string;
}

export interface NewWebhook {
  url: string;
  /** Default: every event type. */
  events?: readonly string[];
  /** Default: a new random `whsec_...` secret. */
  secret?: string;
  /** Attempts before a delivery is dead, 1 to 50; default 8. */
  maxAttempts?: number;
}

/** A delivery as callers see it: as stored, its type, body and status the ones Vigil writes. */
export interface DeliveryInfo extends Omit<StoredDelivery, 'eventType' | 'payload' | 'status'> {
  eventType: WebhookEventType;
  /** The body sent, parsed. */
  payload: WebhookEvent;
  status: DeliveryStatus;
}

export interface DeliverOptions {
  /** The clock (tests inject one). */
  now?: () => Date;
  fetch?: typeof fetch;
  /** Per request; default 10 s. */
  timeoutMs?: number;
  /** Deliveries attempted per call; default 100. */
  limit?: number;
  /** Requests in flight at once; default 8. */
  concurrency?: number;
  /** Delay before the next attempt after `attempt` failed attempts; default `defaultBackoffMs`. */
  backoffMs?: (attempt: number) => number;
  /**
   * A delivery that got no answer, with what the network said (refused, unknown host, timeout):
   * for the operator's log only. The delivery history keeps `NO_ANSWER`, so that whoever can add
   * a webhook cannot use its history to probe which hosts and ports answer.
   */
  onNoAnswer?: (failure: { deliveryId: number; url: string; detail: string }) => void;
}

/** What a delivery's history says when the receiver did not answer (any network failure or timeout). */
export const NO_ANSWER = 'no answer from the receiver (the connection failed or timed out)';

export interface DeliveryCounts {
  delivered: number;
  retried: number;
  dead: number;
}

/** Bad webhook settings or a bad event, with a message naming the field and value. */
export class WebhookInputError extends VigilError {
  constructor(message: string) {
    super('invalid_input', message);
    this.name = 'WebhookInputError';
  }
}

const DEFAULT_MAX_ATTEMPTS = 8;
const MAX_ATTEMPTS_LIMIT = 50;
const MIN_SECRET_LENGTH = 16;
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_LIMIT = 100;
const DEFAULT_CONCURRENCY = 8;
/** A lease outlives the request timeout by this much, so a slow answer is recorded before another worker may claim it. */
const LEASE_MARGIN_MS = 30_000;
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_CAP_MS = 3_600_000;
const BACKOFF_JITTER = 0.1;
const ERROR_TEXT_LIMIT = 200;
const DELETED_ERROR = 'webhook deleted';

// ---- endpoints ----

function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENTS as readonly string[]).includes(value);
}

function validatedUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new WebhookInputError(`url "${text}" is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new WebhookInputError(`url "${text}" must use http or https, not ${url.protocol.replace(/:$/, '')}`);
  }
  return url.href;
}

function validatedEvents(events: readonly string[] | undefined): WebhookEventType[] {
  if (events === undefined) return [...WEBHOOK_EVENTS];
  if (!Array.isArray(events) || events.length === 0) {
    throw new WebhookInputError(`events must list at least one of: ${WEBHOOK_EVENTS.join(', ')}`);
  }
  for (const e of events) {
    if (typeof e !== 'string' || !isWebhookEventType(e)) {
      throw new WebhookInputError(`events: unknown event type "${String(e)}"; event types are: ${WEBHOOK_EVENTS.join(', ')}`);
    }
  }
  return [...new Set(events as WebhookEventType[])];
}

function validatedMaxAttempts(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(value) || value < 1 || value > MAX_ATTEMPTS_LIMIT) {
    throw new WebhookInputError(`maxAttempts must be a whole number from 1 to ${MAX_ATTEMPTS_LIMIT}, not ${String(value)}`);
  }
  return value;
}

function validatedSecret(secret: string | undefined): string {
  if (secret === undefined) return `whsec_${randomBytes(32).toString('base64url')}`;
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw new WebhookInputError(`secret must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  return secret;
}

/** The URL as recorded in the audit trail: a password in it is masked. */
function urlForAudit(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = '***';
  return parsed.href;
}

/** A stored endpoint as callers see it; event types no longer known are dropped. */
function toWebhookInfo(webhook: StoredWebhook): WebhookInfo {
  return { ...webhook, events: webhook.events.filter(isWebhookEventType) };
}

/** Register an endpoint. The secret is returned here and never again. */
export async function createWebhook(store: Store, input: NewWebhook, actor: string): Promise<{ webhook: WebhookInfo; secret: string }> {
  const url = validatedUrl(input.url);
  const events = validatedEvents(input.events);
  const maxAttempts = validatedMaxAttempts(input.maxAttempts);
  const secret = validatedSecret(input.secret);
  const webhook: WebhookInfo = { id: `wh_${randomBytes(6).toString('hex')}`, url, events, maxAttempts, active: true, createdAt: new Date().toISOString() };
  await store.transaction(async (tx) => {
    await tx.webhooks.insert({ ...webhook, secret });
    await tx.audit.append([{ actor, action: 'webhook.create', subject: webhook.id, details: { url: urlForAudit(url), events, maxAttempts } }]);
  });
  return { webhook, secret };
}

/** Registered endpoints, oldest first; deleted ones only when asked. Secrets are never returned. */
export async function listWebhooks(store: Store, options: { includeDeleted?: boolean } = {}): Promise<WebhookInfo[]> {
  return (await store.repos.webhooks.list(options)).map(toWebhookInfo);
}

/**
 * Stop notifying an endpoint: it is marked inactive, its secret is erased, its pending deliveries
 * become dead; its delivery history is kept. All of it and its audit record commit together.
 * False (and nothing written) when there is no such active endpoint.
 */
export function deleteWebhook(store: Store, id: string, actor: string): Promise<boolean> {
  return store.transaction(async (tx) => {
    const url = await tx.webhooks.deactivate(id);
    if (url === undefined) return false;
    const abandoned = await tx.webhooks.abandonPending(id, DELETED_ERROR);
    await tx.audit.append([{ actor, action: 'webhook.delete', subject: id, details: { url: urlForAudit(url), pendingDeliveriesDropped: abandoned } }]);
    return true;
  });
}

// ---- the outbox ----

/** The exact body sent for an event: its four fields, in a fixed order. */
function eventBody(event: WebhookEvent): string {
  return JSON.stringify({ id: event.id, type: event.type, at: event.at, data: event.data });
}

/**
 * Queue an event for every active endpoint subscribed to its type; returns how many deliveries were
 * queued. Pass the caller's unit of work so the event commits (or not) with the change it reports.
 * An event id already queued for an endpoint is skipped.
 */
export async function enqueueEvent(tx: Pick<Tx, 'webhooks'>, event: WebhookEvent): Promise<number> {
  if (!isWebhookEventType(event.type)) {
    throw new WebhookInputError(`event type "${String(event.type)}" is unknown; event types are: ${WEBHOOK_EVENTS.join(', ')}`);
  }
  if (typeof event.id !== 'string' || event.id === '') throw new WebhookInputError('event id must be a non-empty string');
  return tx.webhooks.enqueue({ id: event.id, type: event.type, payload: eventBody(event) }, new Date().toISOString());
}

/** A stored delivery as callers see it (its type and status are the ones Vigil writes). */
function toDeliveryInfo(delivery: StoredDelivery): DeliveryInfo {
  return { ...delivery, eventType: delivery.eventType as WebhookEventType, payload: delivery.payload as WebhookEvent, status: delivery.status as DeliveryStatus };
}

/** Deliveries, newest first (default 100). */
export async function listDeliveries(
  store: Store,
  options: { webhookId?: string; status?: DeliveryStatus; limit?: number } = {},
): Promise<DeliveryInfo[]> {
  const deliveries = await store.repos.webhooks.deliveries({ webhookId: options.webhookId, status: options.status, limit: options.limit ?? DEFAULT_LIMIT });
  return deliveries.map(toDeliveryInfo);
}

/**
 * Send a delivery again from scratch (dead, delivered or pending): attempts reset, due now, lease
 * cleared. Throws when the delivery does not exist or its endpoint was deleted.
 */
export async function redeliver(store: Store, deliveryId: number, actor: string): Promise<DeliveryInfo> {
  const before = await store.repos.webhooks.redeliveryState(deliveryId);
  if (before === undefined) throw new CaseError('not_found', `webhook delivery ${deliveryId} does not exist`);
  if (!before.webhookActive) throw new CaseError('conflict', `webhook delivery ${deliveryId} cannot be sent again: webhook ${before.webhookId} was deleted`);
  const reset = await store.repos.webhooks.resetForRedelivery(deliveryId, new Date().toISOString());
  if (reset === undefined) throw new CaseError('not_found', `webhook delivery ${deliveryId} does not exist`);
  await appendAudit(store, {
    actor,
    action: 'webhook.redeliver',
    subject: before.webhookId,
    details: { delivery: deliveryId, eventId: before.eventId, previousStatus: before.status, previousAttempts: before.attempts },
  });
  return toDeliveryInfo(reset);
}

// ---- signatures ----

/** The `x-vigil-signature` value for a body sent at `timestamp` (unix seconds). */
export function signPayload(secret: string, timestamp: number, body: string | Buffer): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  return `sha256=${mac}`;
}

/**
 * A receiver's check of a request: the signature matches the secret, timestamp and raw body, and
 * the timestamp is within `toleranceSeconds` of now (either way), so a captured request cannot be
 * replayed later.
 */
export function verifySignature(
  secret: string,
  timestampHeader: string | undefined,
  body: string | Buffer,
  signatureHeader: string | undefined,
  options: { toleranceSeconds?: number; now?: () => Date } = {},
): boolean {
  const { toleranceSeconds = 300, now = () => new Date() } = options;
  if (timestampHeader === undefined || signatureHeader === undefined || !/^\d{1,12}$/.test(timestampHeader)) return false;
  const timestamp = Number(timestampHeader);
  if (Math.abs(now().getTime() / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signPayload(secret, timestamp, body));
  const presented = Buffer.from(signatureHeader);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

// ---- sending ----

/** Exponential from 1 s, doubling per failed attempt, capped at 1 hour, minus up to 10% jitter. */
export function defaultBackoffMs(attempt: number): number {
  const exponential = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (1 - BACKOFF_JITTER * Math.random()));
}

interface ClaimedDelivery extends DueDelivery {
  eventId: string;
  eventType: string;
  payload: string;
  attempts: number;
  lease: string;
}

/** An attempt: answered with a 2xx, answered otherwise (`HTTP 500`), or not answered (`detail` says why, for the log). */
type AttemptResult = { ok: true; status: number } | { ok: false; status: number; error: string } | { ok: false; status: null; error: string; detail: string };

function addMs(date: Date, ms: number): string {
  return new Date(date.getTime() + ms).toISOString();
}

/**
 * Take the lease on one delivery, if it is still due and nobody holds it: the update's condition
 * is re-checked under the row lock, so of two workers racing for a row only one gets it back.
 */
async function claimDelivery(store: Store, due: DueDelivery, now: Date, timeoutMs: number): Promise<ClaimedDelivery | undefined> {
  const lease = addMs(now, timeoutMs + LEASE_MARGIN_MS);
  const row = await store.repos.webhooks.claim(due.id, now.toISOString(), lease);
  if (row === undefined) return undefined;
  return { ...due, ...row, lease };
}

/** A short, storable description of why a request failed. */
function describeFailure(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return `timeout after ${timeoutMs} ms`;
  // fetch reports "fetch failed" and puts the socket error (ECONNREFUSED...) in `cause`.
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  let text = cause instanceof Error ? cause.message : String(cause);
  if (text === '' && cause instanceof AggregateError) {
    text = cause.errors.map((e: unknown) => (e instanceof Error ? e.message : String(e))).join('; ');
  }
  if (text === '') text = (cause as { code?: string }).code ?? 'request failed';
  return text.slice(0, ERROR_TEXT_LIMIT);
}

async function postDelivery(delivery: ClaimedDelivery, now: Date, fetchImpl: typeof fetch, timeoutMs: number): Promise<AttemptResult> {
  const timestamp = Math.floor(now.getTime() / 1000);
  try {
    const response = await fetchImpl(delivery.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'vigil-webhooks',
        'x-vigil-event': delivery.eventType,
        'x-vigil-delivery': delivery.eventId,
        'x-vigil-timestamp': String(timestamp),
        'x-vigil-signature': signPayload(delivery.secret, timestamp, delivery.payload),
      },
      body: delivery.payload,
      // A redirect is an answer to report, not to follow with a signed body.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
    return { ok: false, status: response.status, error: `HTTP ${response.status}` };
  } catch (err) {
    return { ok: false, status: null, error: NO_ANSWER, detail: describeFailure(err, timeoutMs) };
  }
}

/**
 * Record an attempt and release the lease. Only while the lease is still ours: if it expired and
 * another worker took the delivery, that worker records it. Returns what was recorded.
 */
async function recordAttempt(
  store: Store,
  delivery: ClaimedDelivery,
  result: AttemptResult,
  now: Date,
  backoffMs: (attempt: number) => number,
): Promise<keyof DeliveryCounts | undefined> {
  const attempts = delivery.attempts + 1;
  const last = { attempts, lastStatus: result.status };
  let outcome: keyof DeliveryCounts;
  let changes: AttemptChanges;
  if (result.ok) {
    outcome = 'delivered';
    changes = { ...last, status: 'delivered', deliveredAt: now.toISOString(), lastError: null };
  } else if (attempts >= delivery.maxAttempts) {
    outcome = 'dead';
    changes = { ...last, status: 'dead', lastError: result.error };
  } else {
    outcome = 'retried';
    changes = { ...last, lastError: result.error, nextAttemptAt: addMs(now, Math.max(0, backoffMs(attempts))) };
  }
  return (await store.repos.webhooks.recordAttempt(delivery.id, delivery.lease, changes)) ? outcome : undefined;
}

/**
 * Send what is due: claim, POST, record, for up to `limit` deliveries, `concurrency` at a time.
 * Returns what this call recorded.
 */
export async function deliverDue(store: Store, options: DeliverOptions = {}): Promise<DeliveryCounts> {
  const now = options.now ?? (() => new Date());
  const fetchImpl = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const backoffMs = options.backoffMs ?? defaultBackoffMs;
  const counts: DeliveryCounts = { delivered: 0, retried: 0, dead: 0 };
  const due = await store.repos.webhooks.due(now().toISOString(), options.limit ?? DEFAULT_LIMIT);

  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < due.length) {
      const candidate = due[next++]!;
      // Claimed just before sending, so the lease covers this request and not the queue before it.
      const claimed = await claimDelivery(store, candidate, now(), timeoutMs);
      if (claimed === undefined) continue;
      const result = await postDelivery(claimed, now(), fetchImpl, timeoutMs);
      if (!result.ok && result.status === null) options.onNoAnswer?.({ deliveryId: claimed.id, url: claimed.url, detail: result.detail });
      const outcome = await recordAttempt(store, claimed, result, now(), backoffMs);
      if (outcome !== undefined) counts[outcome]++;
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, due.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return counts;
}

/** Runs `deliverDue` every interval, one run at a time; errors go to `onError`, nothing is logged. */
export class WebhookDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<DeliveryCounts> | undefined;
  private started = false;

  constructor(
    private readonly store: Store,
    private readonly options: DeliverOptions & { onError?: (err: unknown) => void } = {},
  ) {}

  start(intervalMs = 1000): void {
    if (this.started) return;
    this.started = true;
    const tick = (): void => {
      this.runOnce()
        .catch((err: unknown) => this.options.onError?.(err))
        .finally(() => {
          if (this.started) this.schedule(tick, intervalMs);
        });
    };
    this.schedule(tick, intervalMs);
  }

  /** Stop polling; resolves once a run in flight has finished. */
  async stop(): Promise<void> {
    this.started = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** One run now; while a run is in flight, that run's result. */
  runOnce(): Promise<DeliveryCounts> {
    if (this.running === undefined) {
      this.running = deliverDue(this.store, this.options).finally(() => {
        this.running = undefined;
      });
    }
    return this.running;
  }

  private schedule(tick: () => void, intervalMs: number): void {
    this.timer = setTimeout(tick, intervalMs);
    this.timer.unref();
  }
}
