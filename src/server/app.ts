/**
 * The Fastify application: validation of every request against its schema (a 400 names the field),
 * JSON errors without stack traces, body and batch size limits, OpenAPI 3.1 generated from the
 * route schemas at /openapi.json with interactive docs at /docs, the routes of routes.ts and the
 * case-management routes of cases-routes.ts.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { loadConfig, type Config } from '../config.js';
import { ERROR_CODES, VigilError, codeForStatus } from '../errors.js';
import { isStoreUnavailable, type Store } from '../store/index.js';
import { KeyVerifier, hasScope, presentedKey, type ApiKeyInfo, type Scope } from './keys.js';
import { registerMetrics } from './metrics.js';
import type { JobLimits, JobRunner } from '../app/jobs.js';
import { registerCaseRoutes } from './cases-routes.js';
import { auditSigningKeyOf, createVigil, type Vigil } from '../app/index.js';
import { loadRules, ruleFilesFromEnv } from '../hiring/rules.js';
import { registerHiringRoutes } from './hiring-routes.js';
import { ALGORITHM, STORE_RETRY_AFTER_S, registerAdminRoutes, registerJobRoutes, registerRoutes } from './routes.js';
import { ListsKeeper } from './lists-keeper.js';
import { RateLimits } from './rate-limits.js';
import { STRICT_FORMATS, discreetLogger, redactUrl, refuseNulCharacters, validationMessage } from './strict-input.js';
import { ScreenPool, defaultScreenThreads } from './screen-pool.js';
import cookie from '@fastify/cookie';
import { asPrincipal, checkSession, registerSessionRoutes, sessionToken } from './sessions.js';
import { registerWebUi } from './web-ui.js';
import { ServerState } from './state.js';

export interface AppOptions {
  store: Store;
  /** Pino logger options, or false (tests). Default: JSON logs at info level. */
  logger?: boolean | Record<string, unknown>;
  /** Largest request body in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Most queries in one /match request (default 500). */
  maxBatch?: number;
  /** Require API keys (default true). Only for local experiments: `vigil serve --no-auth`. */
  auth?: boolean;
  /** Names screened per minute per API key (default VIGIL_RATE_LIMIT_NAMES_PER_MINUTE; see rate-limits.ts). */
  rateLimit?: number;
  /** Failed authentications per minute per client address (default VIGIL_AUTH_FAILURES_PER_MINUTE). */
  failedAuthLimit?: number;
  /** Fastify's trustProxy: whose X-Forwarded-For to believe for the client address (default VIGIL_TRUST_PROXY: nobody's). */
  trustProxy?: boolean | string[];
  /** Where batch jobs and downloads go; without it, /v1/jobs and /v1/lists/update are not served. */
  dataDir?: string;
  /** Local mirror for list updates (VIGIL_SOURCES_DIR); else the official URLs. */
  sourcesDir?: string;
  /** The built web UI served at `/` (default VIGIL_WEB_DIR, else dist/web of this checkout; see web-ui.ts). */
  webDir?: string;
  /** The settings (src/config.ts): download URL overrides, vetting rule files. Default: read from process.env. */
  config?: Config;
  jobLimits?: JobLimits;
  /** The datasets this server screens against (default: all); /readyz waits for each. */
  datasets?: string[];
  /** A list older than this (from its publication) is stale; 0: never (default 30 days). */
  maxListAgeMs?: number;
  /** Run `lists update` this often once started (`ListsKeeper.start`); 0: never (default). */
  refreshIntervalMs?: number;
  /** Poll the store for new list versions this often (SQLite; PostgreSQL uses LISTEN/NOTIFY). */
  listsPollMs?: number;
}

/** The `error` of a response body: the reason phrase of its status (any other client error: Bad Request). */
const STATUS_NAMES: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

/** The longest path parameter, percent-encoded: the longest schema allows 300 characters, each up to 4 UTF-8 bytes of 3 characters. */
const MAX_PARAM_LENGTH = 300 * 12;

/**
 * Routes open without a key: health, the API documentation (which holds no data), signing in, and
 * the web UI's own files (which hold no data either: the UI reads everything through the API).
 */
const OPEN_ROUTES = [/^\/healthz$/, /^\/readyz$/, /^\/openapi\.json$/, /^\/docs(\/|$)/, /^\/api\/session$/, /^\/$/, /^\/index\.html$/, /^\/assets\//];

declare module 'fastify' {
  interface FastifyRequest {
    apiKey?: ApiKeyInfo;
  }
  interface FastifyContextConfig {
    /** The scope a route needs (default `screen`). */
    scope?: Scope;
  }
}

export interface VigilApp {
  app: FastifyInstance;
  /** The application (use cases) this server translates requests into. */
  vigil: Vigil;
  state: ServerState;
  /** The lists in force: following the store, updates, freshness, readiness (`start()` to follow). */
  lists: ListsKeeper;
  jobs: JobRunner | undefined;
}

export async function buildApp(options: AppOptions): Promise<VigilApp> {
  const config = options.config ?? loadConfig();
  // The lists in force, and the background follow-up of their changes: the application's use case
  // (monitoring, then every candidate re-assessed), scheduled by the state.
  const state = new ServerState(options.store, (o) => vigil.lists.followChange(o));
  state.dataDir = options.dataDir;
  if (config.screenThreads !== 0) state.pool = new ScreenPool(config.screenThreads ?? defaultScreenThreads()); // batches off the event loop
  const app = Fastify({
    logger: discreetLogger(options.logger), // no secret in any log line (strict-input.ts)
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    ajv: { customOptions: { allErrors: false, coerceTypes: 'array', removeAdditional: false, formats: STRICT_FORMATS } },
    trustProxy: options.trustProxy ?? config.trustProxy,
    // Path parameters as long as their schemas allow, percent-encoded (Fastify's default, 100, refused
    // a subject reference of 101 to 200 characters with a 414).
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // A URL the router cannot read (broken percent-encoding, a path parameter longer than the above):
    // a 400 in the one error shape, with a code of src/errors.ts (Fastify's own answer had neither).
    frameworkErrors: (error, _request, generic) => {
      const reply = generic as unknown as FastifyReply;
      if (error.code === 'FST_ERR_BAD_URL' || error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
        return reply.code(400).send({ error: 'Bad Request', code: 'invalid_input', field: 'path', message: `path: ${error.message}` });
      }
      return reply.code(500).send({ error: 'Internal Server Error', code: 'internal', message: 'the request failed; see the server log' });
    },
  });
  app.decorate('vigilLimits', { maxBatch: options.maxBatch ?? 500 });

  // API keys on every route but health and docs; scopes per route; the key id in every log line.
  const auth = options.auth ?? true;
  const verifier = new KeyVerifier(options.store);
  // Rate limits (rate-limits.ts): failed authentications per address, before the key lookup;
  // names screened per key, once the body is parsed.
  const limits = new RateLimits({
    namesPerMinute: options.rateLimit ?? config.rateLimitNamesPerMinute,
    failedAuthPerMinute: options.failedAuthLimit ?? config.authFailuresPerMinute,
  });
  app.decorate('vigilRateLimits', limits);
  const isOpen = (request: FastifyRequest) => OPEN_ROUTES.some((r) => r.test(request.url.split('?')[0]!));
  const idleTimeoutMs = config.sessionIdleMinutes * 60_000;
  await app.register(cookie);
  app.addHook('onRequest', async (request, reply) => {
    if (isOpen(request)) return;
    if (!auth) return;
    if (limits.refuseBlockedAddress(request, reply)) return reply;
    const presented = presentedKey(request.headers);
    const token = presented === undefined ? sessionToken(request) : undefined;
    if (token !== undefined) {
      // A browser signed in to the web UI: its session instead of a key, its user the actor.
      const check = await checkSession(vigil, request, token, idleTimeoutMs);
      if (!check.ok) {
        if (check.status === 401) limits.failedAuthentication(request);
        return reply.code(check.status).send({ error: check.status === 401 ? 'Unauthorized' : 'Forbidden', code: check.status === 401 ? 'unauthorized' : 'forbidden', message: check.message });
      }
      request.user = check.session.user;
      request.apiKey = asPrincipal(check.session.user);
      request.log = request.log.child({ user: check.session.user.name });
    } else {
      const result = await verifier.verify(presented);
      if (!result.ok) {
        limits.failedAuthentication(request);
        return reply.code(401).send({ error: 'Unauthorized', code: 'unauthorized', message: result.reason });
      }
      request.apiKey = result.key;
      request.log = request.log.child({ keyId: result.key.id });
    }
    reply.log = request.log; // so "request completed" carries the key id (or the user) too
    const needed = request.routeOptions.config?.scope ?? 'screen';
    if (!hasScope(request.apiKey, needed)) {
      const message = request.user ? `the role "${request.user.role}" may not do this (it needs the "${needed}" scope)` : `this API key lacks the "${needed}" scope`;
      return reply.code(403).send({ error: 'Forbidden', code: 'forbidden', message });
    }
  });
  refuseNulCharacters(app); // U+0000 anywhere in a request: 400 naming the field
  app.addHook('preHandler', async (request, reply) => {
    if (isOpen(request)) return;
    if (limits.refuseOverBudget(request, reply, request.apiKey ? `key:${request.apiKey.id}` : `address:${request.ip}`)) return reply;
  });

  // The one place where errors become responses: a VigilError's status comes from its code
  // (src/errors.ts), Fastify's own errors keep theirs; every body says `error`, `code`, `message`.
  app.setErrorHandler((error: FastifyError | VigilError, request, reply) => {
    if (!(error instanceof VigilError) && error.validation) {
      const first = error.validation[0];
      const where = `${error.validationContext ?? 'request'}${first?.instancePath ?? ''}`;
      const field = first?.params && 'missingProperty' in first.params ? `${where}/${String(first.params.missingProperty)}` : where;
      return reply.code(400).send({ error: 'Bad Request', code: 'invalid_input', field, message: `${field}: ${validationMessage(first, error.message)}` });
    }
    const status = error instanceof VigilError ? ERROR_CODES[error.code].httpStatus : (error.statusCode ?? 500);
    if (status >= 500 && status !== 503) {
      request.log.error({ err: error }, 'request failed');
      return reply.code(500).send({ error: 'Internal Server Error', code: 'internal', message: 'the request failed; see the server log' });
    }
    const code = error instanceof VigilError ? error.code : codeForStatus(status);
    if (isStoreUnavailable(error)) {
      // The database is away: a 503 that says when to retry; /readyz says so too from now on.
      request.log.warn({ err: (error.cause as Error | undefined)?.message ?? error.reason }, 'request refused: the store is unavailable');
      lists.storeProbe.markDown(error.reason);
      reply.header('retry-after', String(STORE_RETRY_AFTER_S));
    }
    return reply.code(status).send({ error: STATUS_NAMES[status] ?? 'Bad Request', code, message: error.message });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: 'Not Found', code: 'not_found', message: `no route ${request.method} ${redactUrl(request.url.split('?')[0]!)}` }),
  );

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Vigil',
        version: '0.1.0',
        description: `Sanctions screening: OpenSanctions-compatible match API and Vigil's native API. Matching algorithm: ${ALGORITHM}.`,
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key from `vigil keys create` (also accepted: "Authorization: ApiKey <key>", "X-API-Key: <key>")' },
        },
      },
      security: [{ apiKey: [] }],
      tags: [
        { name: 'session', description: 'Signing in to the web UI: a session cookie for a user name and password (users: `vigil users add`)' },
        { name: 'keys', description: 'API keys (admin scope)' },
        { name: 'jobs', description: 'Batch screening jobs' },
        { name: 'compatible', description: 'Same shapes as the OpenSanctions yente API' },
        { name: 'screening', description: 'Vigil native screening' },
        { name: 'lists', description: 'List versions and changes' },
        { name: 'subjects', description: 'Monitored subjects: customers, counterparties, vendors, employees, candidates (analyst scope)' },
        { name: 'alerts', description: 'Alerts: review, assignment, comments and decisions (analyst scope)' },
        { name: 'audit', description: 'The tamper-evident audit trail (analyst scope)' },
        { name: 'webhooks', description: 'Signed notifications of case events (admin scope)' },
        { name: 'monitor', description: 'Continuous monitoring runs' },
        { name: 'candidates', description: 'Candidate and contractor vetting: DPRK IT-worker red flags, linked identities (analyst scope)' },
        { name: 'system', description: 'Health and readiness' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  // The application, built once for this process (the vetting rules read now: a bad rules file stops the start).
  const rules = loadRules(ruleFilesFromEnv(config));
  const auditSigningKey = auditSigningKeyOf(config);
  const vigil = createVigil({
    store: options.store,
    rules: () => rules,
    lists: { loaded: () => state.requireLoaded(), forScreening: () => state.requireSnapshot() },
    monitorStaleMs: config.monitorStaleMs,
    auditSigningKey: () => auditSigningKey,
    webhooks: { allow: config.webhookAllow },
    // A key revoked here stops working at once here (other replicas: within a second, see keys.ts).
    onKeyRevoked: () => verifier.forgetAll(),
    jobs: options.dataDir ? { dataDir: options.dataDir, lists: state, limits: options.jobLimits } : undefined,
  });
  const lists = new ListsKeeper(vigil, state, app.log, {
    datasets: options.datasets,
    maxListAgeMs: options.maxListAgeMs,
    refreshIntervalMs: options.refreshIntervalMs,
    pollMs: options.listsPollMs,
    update: options.dataDir ? { dataDir: options.dataDir, sourcesDir: options.sourcesDir, env: config } : undefined,
  });
  const metrics = registerMetrics(app, state, lists);
  app.decorate('vigilMetrics', metrics);
  await registerRoutes(app, state, lists);
  await registerAdminRoutes(app, state, lists, options.dataDir ? { dataDir: options.dataDir, sourcesDir: options.sourcesDir, env: config } : undefined, vigil);
  await registerCaseRoutes(app, vigil);
  await registerHiringRoutes(app, vigil);
  await registerSessionRoutes(app, vigil, limits, idleTimeoutMs);
  await registerWebUi(app, options.webDir ?? config.webDir);
  // Stop following the store, then let a background monitor run finish (or stop at once if only
  // waiting), before the store may close.
  app.addHook('onClose', async () => {
    await lists.stop();
    await state.close();
  });
  const jobs = vigil.jobs;
  if (jobs) {
    jobs.onStoreWait = (id, err) => app.log.warn({ job: id, err: err.message }, 'batch job paused: the store is unavailable; it resumes from its last recorded chunk once the store answers');
    await registerJobRoutes(app, jobs);
    app.addHook('onClose', async () => jobs.stop());
  }
  return { app, vigil, state, lists, jobs };
}
