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
 *
 * Targets (webhook-targets.ts): an endpoint must be a public address, unless the allow-list
 * (VIGIL_WEBHOOK_ALLOW) lets it through. Registration refuses a URL whose host is, or resolves to,
 * a refused address, naming it. Every delivery resolves the host again, checks every address, and
 * connects only to the addresses it checked (the check is the connection's own DNS lookup), so a
 * name that changes its answer after registration (DNS rebinding) still cannot reach a refused
 * address; the Host header and the TLS server name stay the URL's. A refused delivery is dead at
 * once, with TARGET_REFUSED in its history (which address it was goes to the operator's log only).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { ConfigError, VigilError } from '../errors.js';
import type { AttemptChanges, DueDelivery, Store, StoredDelivery, StoredWebhook, Tx } from '../store/index.js';
import { CaseError } from './errors.js';
import { appendAudit } from './audit.js';
import { REFUSED_CLASS_TEXT, hostOf, parseAllowList, refusedTarget, type RefusedTarget, type TargetAllowList } from './webhook-targets.js';

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

/** A host name's addresses, as `dns.lookup(host, { all: true })` gives them. */
export type ResolveHost = (host: string) => Promise<readonly { address: string; family: number }[]>;

/** Where webhooks may be sent: the rules of webhook-targets.ts and their exceptions. */
export interface TargetOptions {
  /**
   * VIGIL_WEBHOOK_ALLOW: CIDRs, addresses and host names (`*.corp.example` for the names under a
   * domain) allowed despite the rules, for on-premises receivers. Default: none.
   */
  allow?: readonly string[];
  /** How host names are resolved (default: the system's resolver, every address); tests inject one. */
  resolve?: ResolveHost;
}

export interface DeliverOptions extends TargetOptions {
  /** The clock (tests inject one). */
  now?: () => Date;
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
  /**
   * A delivery refused because its target is not a public address, with the address and why: for
   * the operator's log only (the history keeps `TARGET_REFUSED`).
   */
  onRefused?: (refusal: { deliveryId: number; url: string; detail: string }) => void;
}

/** What a delivery's history says when the receiver did not answer (any network failure or timeout). */
export const NO_ANSWER = 'no answer from the receiver (the connection failed or timed out)';

/** What a delivery's history says when its target was refused (a refused delivery is not retried). */
export const TARGET_REFUSED = 'target refused: not a public address (see VIGIL_WEBHOOK_ALLOW)';

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
/** How long registration waits for a host name to resolve. */
const REGISTRATION_LOOKUP_MS = 10_000;

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
  if (url.username !== '' || url.password !== '') {
    // The URL is not repeated: it holds the password.
    throw new WebhookInputError('url must not hold a user name or password (user:password@host): deliveries are signed, and the receiver checks the signature');
  }
  return url.href;
}

/** The allow-list of these options (a bad entry is a settings error naming it). */
function allowListOf(options: TargetOptions): TargetAllowList {
  try {
    return parseAllowList(options.allow ?? []);
  } catch (err) {
    throw new ConfigError(`VIGIL_WEBHOOK_ALLOW: ${(err as Error).message}`);
  }
}

const systemResolve: ResolveHost = (host) => dnsLookup(host, { all: true });

/** How a refusal reads in a message: "127.0.0.1, a loopback address". */
function describeRefusal(refused: RefusedTarget): string {
  return refused.kind === 'metadata' && !isIP(refused.address)
    ? `${refused.address}, the host name of a cloud metadata service`
    : `${refused.address}, ${REFUSED_CLASS_TEXT[refused.kind]}`;
}

/** A host name's addresses for the check at registration, or a WebhookInputError saying why there are none. */
async function addressesAtRegistration(href: string, host: string, resolve: ResolveHost): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('no answer'), { code: `no answer within ${REGISTRATION_LOOKUP_MS / 1000} s` })), REGISTRATION_LOOKUP_MS);
  });
  let addresses: string[];
  try {
    addresses = (await Promise.race([resolve(host), late])).map((a) => a.address);
  } catch (err) {
    const code = (err as { code?: string }).code ?? (err as Error).message;
    throw new WebhookInputError(`webhook URL ${href}: its host ${host} does not resolve (${code}), so it cannot be checked; a webhook must reach a public address`);
  } finally {
    clearTimeout(timer);
  }
  if (addresses.length === 0) throw new WebhookInputError(`webhook URL ${href}: its host ${host} resolves to no address`);
  return addresses;
}

/**
 * Refuse a URL whose host is a refused address, or a name refused as such, or one that does not
 * resolve or resolves (even in part) to refused addresses, naming the address and why. Deliveries
 * check again each time.
 */
async function checkTarget(href: string, options: TargetOptions): Promise<void> {
  const host = hostOf(new URL(href));
  const allow = allowListOf(options);
  const literal = isIP(host) !== 0;
  // An address is checked as it is; an allowed name is not checked; a name refused by name is not looked up.
  let addresses = literal ? [host] : [];
  if (!literal && !allow.allowsName(host) && refusedTarget(host, [], allow) === undefined) {
    addresses = await addressesAtRegistration(href, host, options.resolve ?? systemResolve);
  }
  const refused = refusedTarget(host, addresses, allow);
  if (refused === undefined) return;
  const what = literal ? 'is' : isIP(refused.address) ? 'resolves to' : 'names';
  throw new WebhookInputError(`webhook URL ${href} ${what} ${describeRefusal(refused)}; set VIGIL_WEBHOOK_ALLOW to allow on-premises receivers`);
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

/**
 * Register an endpoint. The secret is returned here and never again. Its URL must reach a public
 * address, or one `targets.allow` allows (see `checkTarget`).
 */
export async function createWebhook(store: Store, input: NewWebhook, actor: string, targets: TargetOptions = {}): Promise<{ webhook: WebhookInfo; secret: string }> {
  const url = validatedUrl(input.url);
  const events = validatedEvents(input.events);
  const maxAttempts = validatedMaxAttempts(input.maxAttempts);
  const secret = validatedSecret(input.secret);
  await checkTarget(url, targets);
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

/**
 * An attempt: answered with a 2xx, answered otherwise (`HTTP 500`), not answered, or not sent
 * because the target was refused (`detail` says why, for the log; a refusal is final).
 */
type AttemptResult =
  | { ok: true; status: number }
  | { ok: false; status: number; error: string }
  | { ok: false; status: null; error: string; detail: string; refused?: true };

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

/** The rules as one delivery run applies them. */
interface Targets {
  allow: TargetAllowList;
  resolve: ResolveHost;
}

/** Raised by the connection's lookup when what the name resolved to is refused. */
class RefusedTargetError extends Error {
  constructor(readonly refused: RefusedTarget) {
    super(`target refused: ${describeRefusal(refused)}`);
    this.name = 'RefusedTargetError';
  }
}

/**
 * The connection's DNS lookup: resolve the name, check every address, hand the connection only the
 * addresses checked (all of them, or the first, as it asks), so that it connects to nothing else.
 */
function checkedLookup(targets: Targets): LookupFunction {
  return (hostname, options, callback) => {
    targets.resolve(hostname).then(
      (found) => {
        const family = options.family === 4 || options.family === 6 ? options.family : 0;
        const addresses = found.filter((a) => family === 0 || a.family === family);
        const refused = refusedTarget(hostname, found.map((a) => a.address), targets.allow);
        if (refused !== undefined) return callback(new RefusedTargetError(refused), '', 0);
        if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} resolves to no IPv${family} address`), { code: 'ENOTFOUND' }), '', 0);
        if (options.all) return (callback as unknown as (err: null, all: { address: string; family: number }[]) => void)(null, addresses.map((a) => ({ address: a.address, family: a.family })));
        return callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 0),
    );
  };
}

/** POST `body` to `url` through `lookup`; resolves with the answer's status (the answer's body is not read). */
function post(url: URL, headers: Record<string, string>, body: string, lookup: LookupFunction, signal: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    // No agent: a fresh connection each time, so every delivery is checked (and no redirect is followed).
    const options: RequestOptions = { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup, agent: false, signal };
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, options, (res: IncomingMessage) => {
      resolve(res.statusCode ?? 0);
      res.destroy();
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function postDelivery(delivery: ClaimedDelivery, now: Date, targets: Targets, timeoutMs: number): Promise<AttemptResult> {
  const timestamp = Math.floor(now.getTime() / 1000);
  const refusal = (refused: RefusedTarget): AttemptResult => ({ ok: false, status: null, error: TARGET_REFUSED, detail: describeRefusal(refused), refused: true });
  const url = new URL(delivery.url);
  const host = hostOf(url);
  // An address in the URL is connected to without a lookup: check it here. A name (refused by
  // name, or resolved) is checked by the connection's own lookup.
  const refusedNow = refusedTarget(host, isIP(host) !== 0 ? [host] : [], targets.allow);
  if (refusedNow !== undefined) return refusal(refusedNow);
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'vigil-webhooks',
    'x-vigil-event': delivery.eventType,
    'x-vigil-delivery': delivery.eventId,
    'x-vigil-timestamp': String(timestamp),
    'x-vigil-signature': signPayload(delivery.secret, timestamp, delivery.payload),
  };
  try {
    const status = await post(url, headers, delivery.payload, checkedLookup(targets), AbortSignal.timeout(timeoutMs));
    if (status >= 200 && status < 300) return { ok: true, status };
    return { ok: false, status, error: `HTTP ${status}` };
  } catch (err) {
    const refused = err instanceof RefusedTargetError ? err : err instanceof Error && err.cause instanceof RefusedTargetError ? err.cause : undefined;
    if (refused !== undefined) return refusal(refused.refused);
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
  } else if (attempts >= delivery.maxAttempts || ('refused' in result && result.refused)) {
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
  const targets: Targets = { allow: allowListOf(options), resolve: options.resolve ?? systemResolve };
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
      const result = await postDelivery(claimed, now(), targets, timeoutMs);
      if (!result.ok && result.status === null) {
        const report = { deliveryId: claimed.id, url: claimed.url, detail: result.detail };
        if (result.refused) options.onRefused?.(report);
        else options.onNoAnswer?.(report);
      }
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
