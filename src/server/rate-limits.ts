/**
 * Rate limits of the API, by what a request costs the server rather than by how many requests
 * come: every API key has a budget of names screened per minute, and every client address a
 * budget of failed authentications per minute.
 *
 * Cost. A request costs the number of names (entities) it screens or stores: a /match with 500
 * queries costs 500, `POST /v1/subjects` with N rows N (a CSV or JSON lines body: its lines),
 * `POST /v1/candidates` with N records N; any other request costs 1. A batch job costs its rows,
 * charged once the upload is stored and counted: its size is only known then, so the charge may
 * overdraw the budget, and the key's next requests wait (429) until the overdraft is paid back at
 * the budget's rate; a job is refused at once while the budget is overdrawn. The rows themselves
 * are screened by the job runner, one job at a time, whatever the budget.
 *
 * Each budget is a token bucket: it holds up to one minute's budget and refills continuously at
 * that rate, so a key may spend its minute in one burst and then goes at the budget's pace. A
 * request that costs more than the bucket holds now gets 429 with Retry-After (when the bucket
 * will hold it) and a message naming the budget and the cost; one that costs more than a whole
 * minute's budget could never pass and gets 413, saying to split it.
 *
 * Failed authentication. Every 401 counts against the client address (the socket's, or the one a
 * trusted proxy forwards: VIGIL_TRUST_PROXY). Once an address has spent its budget, every request
 * from it that needs a key gets 429 before the key is even looked up (so it costs nothing), valid
 * key or not: a block cannot be lifted by one good key among guesses. Successful requests neither
 * count nor pay back. Health and documentation stay open.
 *
 * The buckets live in this process: with several replicas, each has its own (a key may spend its
 * budget on every replica).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A client's budget: how much is left now, and when `cost` will be available. */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  /** Units per millisecond. */
  private readonly rate: number;
  private sweptAt = -Infinity;

  constructor(
    /** What a bucket holds when full: one minute's budget. */
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
    /** Beyond this many clients, full buckets (the same as none) are forgotten. */
    private readonly maxTracked = 10_000,
  ) {
    this.rate = perMinute / 60_000;
  }

  /** The units left for `client` now (negative: overdrawn). */
  available(client: string): number {
    const b = this.buckets.get(client);
    if (!b) return this.perMinute;
    return Math.min(this.perMinute, b.tokens + (this.now() - b.at) * this.rate);
  }

  /** Seconds until `client` has `cost` units (0: now). */
  retryAfter(client: string, cost: number): number {
    const missing = cost - this.available(client);
    return missing <= 0 ? 0 : Math.max(1, Math.ceil(missing / this.rate / 1000));
  }

  /** Take `cost` units if they are there now; false (nothing taken) if not. */
  take(client: string, cost: number): boolean {
    if (this.available(client) < cost) return false;
    this.charge(client, cost);
    return true;
  }

  /** Take `cost` units whatever is left: the bucket may go below zero (an overdraft). */
  charge(client: string, cost: number): void {
    const tokens = this.available(client) - cost;
    this.buckets.set(client, { tokens, at: this.now() });
    // Forget the full buckets (the same as none) now and then: at most once a second, so that
    // many clients at once (addresses failing authentication) cost no sweep per request.
    if (this.buckets.size > this.maxTracked && this.now() - this.sweptAt >= 1000) {
      this.sweptAt = this.now();
      for (const c of this.buckets.keys()) if (this.available(c) >= this.perMinute) this.buckets.delete(c);
    }
  }

  /** How many clients are tracked (those whose bucket is not known to be full). */
  get tracked(): number {
    return this.buckets.size;
  }
}

/** The number of names a request screens or stores: its cost against the key's budget. */
export function requestCost(request: FastifyRequest): number {
  const route = `${request.method} ${request.routeOptions.url ?? ''}`;
  const body = request.body as Record<string, unknown> | Buffer | null | undefined;
  switch (route) {
    case 'POST /match/:dataset': {
      const queries = (body as { queries?: unknown } | undefined)?.queries;
      return queries && typeof queries === 'object' ? Math.max(1, Object.keys(queries).length) : 1;
    }
    case 'POST /v1/subjects': {
      if (Buffer.isBuffer(body)) return Math.max(1, recordLines(body, request.headers['content-type']));
      const subjects = (body as { subjects?: unknown } | undefined)?.subjects;
      return Array.isArray(subjects) ? Math.max(1, subjects.length) : 1;
    }
    case 'POST /v1/candidates': {
      const candidates = (body as { candidates?: unknown } | undefined)?.candidates;
      return Array.isArray(candidates) ? Math.max(1, candidates.length) : 1;
    }
    default:
      return 1;
  }
}

/** The records of a CSV (less its header) or JSON lines body: its non-blank lines (a quoted CSV cell over several lines counts each). */
function recordLines(body: Buffer, contentType: string | undefined): number {
  let lines = 0;
  let blank = true;
  for (const byte of body) {
    if (byte === 0x0a) {
      if (!blank) lines++;
      blank = true;
    } else if (byte !== 0x0d && byte !== 0x20 && byte !== 0x09) blank = false;
  }
  if (!blank) lines++;
  const csv = (contentType ?? '').toLowerCase().startsWith('text/csv');
  return csv ? Math.max(0, lines - 1) : lines;
}

export interface RateLimitOptions {
  /** Names screened per minute per API key (the bucket holds one minute's worth). */
  namesPerMinute: number;
  /** Failed authentications per minute per client address before its requests are refused. */
  failedAuthPerMinute: number;
  now?: () => number;
}

function tooMany(reply: FastifyReply, seconds: number, message: string): FastifyReply {
  return reply.code(429).header('retry-after', String(seconds)).send({ error: 'Too Many Requests', code: 'rate_limited', message });
}

/** The two budgets of a server, and the checks its hooks make. */
export class RateLimits {
  readonly names: TokenBuckets;
  readonly failedAuth: TokenBuckets;

  constructor(options: RateLimitOptions) {
    this.names = new TokenBuckets(options.namesPerMinute, options.now);
    this.failedAuth = new TokenBuckets(options.failedAuthPerMinute, options.now);
  }

  /**
   * Before the key lookup: refuse (429, true) a request from an address that has spent its
   * failed-authentication budget.
   */
  refuseBlockedAddress(request: FastifyRequest, reply: FastifyReply): boolean {
    const address = request.ip;
    if (this.failedAuth.available(address) >= 1) return false;
    const seconds = this.failedAuth.retryAfter(address, 1);
    void tooMany(
      reply,
      seconds,
      `too many failed authentications from ${address}: the limit is ${this.failedAuth.perMinute} per minute; retry in ${seconds} s`,
    );
    return true;
  }

  /** A request from `request.ip` failed authentication (it is answered 401). */
  failedAuthentication(request: FastifyRequest): void {
    this.failedAuth.charge(request.ip, 1);
  }

  /**
   * Before the handler, once the body is parsed and valid: charge the request's cost to its key,
   * or refuse it (429 when the budget will hold it later, 413 when it never can). True when refused.
   */
  refuseOverBudget(request: FastifyRequest, reply: FastifyReply, keyId: string): boolean {
    const budget = this.names.perMinute;
    if (request.method === 'POST' && request.routeOptions.url === '/v1/jobs') {
      // Charged its rows once stored (chargeJob); refused while the budget is overdrawn.
      if (this.names.available(keyId) >= 1) return false;
      const seconds = this.names.retryAfter(keyId, 1);
      void tooMany(reply, seconds, `this API key's budget of ${budget} names per minute is spent (batch jobs cost their rows); retry in ${seconds} s`);
      return true;
    }
    const cost = requestCost(request);
    if (this.names.take(keyId, cost)) {
      void reply.header('x-ratelimit-limit', String(budget)).header('x-ratelimit-remaining', String(Math.max(0, Math.floor(this.names.available(keyId)))));
      return false;
    }
    if (cost > budget) {
      void reply.code(413).send({
        error: 'Payload Too Large',
        code: 'too_large',
        message: `this request screens ${cost} names, more than this API key's budget of ${budget} names per minute: split it, or submit a batch job (/v1/jobs)`,
      });
      return true;
    }
    const seconds = this.names.retryAfter(keyId, cost);
    const left = Math.max(0, Math.floor(this.names.available(keyId)));
    void tooMany(reply, seconds, `this request screens ${cost} names and this API key has ${left} left of its budget of ${budget} names per minute; retry in ${seconds} s`);
    return true;
  }

  /** A batch job of `rows` rows was accepted for `keyId`: its cost, which may overdraw the budget. */
  chargeJob(keyId: string, rows: number): void {
    this.names.charge(keyId, Math.max(1, rows));
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The server's rate limits (a batch job is charged its rows through it). */
    vigilRateLimits: RateLimits;
  }
}
