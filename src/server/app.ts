/**
 * The Fastify application: validation of every request against its schema (a 400 names the field),
 * JSON errors without stack traces, body and batch size limits, OpenAPI 3.1 generated from the
 * route schemas at /openapi.json with interactive docs at /docs, the routes of routes.ts and the
 * case-management routes of cases-routes.ts.
 */
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../config.js';
import { ERROR_CODES, VigilError, codeForStatus } from '../errors.js';
import type { Store } from '../store/index.js';
import { KeyVerifier, hasScope, presentedKey, type ApiKeyInfo, type Scope } from './keys.js';
import { registerMetrics } from './metrics.js';
import type { JobLimits, JobRunner } from '../app/jobs.js';
import { registerCaseRoutes } from './cases-routes.js';
import { createVigil, type Vigil } from '../app/index.js';
import { loadRules, ruleFilesFromEnv } from '../hiring/rules.js';
import { registerHiringRoutes } from './hiring-routes.js';
import { ALGORITHM, registerAdminRoutes, registerJobRoutes, registerRoutes } from './routes.js';
import { ListsKeeper } from './lists-keeper.js';
import { ScreenPool, defaultScreenThreads } from './screen-pool.js';
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
  /** Requests per minute per API key (default 60,000). */
  rateLimit?: number;
  /** Where batch jobs and downloads go; without it, /v1/jobs and /v1/lists/update are not served. */
  dataDir?: string;
  /** Local mirror for list updates (VIGIL_SOURCES_DIR); else the official URLs. */
  sourcesDir?: string;
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
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

/** Routes open without a key: health, and the API documentation (which holds no data). */
const OPEN_ROUTES = [/^\/healthz$/, /^\/readyz$/, /^\/openapi\.json$/, /^\/docs(\/|$)/];

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
    logger: options.logger ?? { level: 'info' },
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    ajv: { customOptions: { allErrors: false, coerceTypes: 'array', removeAdditional: false } },
  });
  app.decorate('vigilLimits', { maxBatch: options.maxBatch ?? 500 });

  // API keys on every route but health and docs; scopes per route; the key id in every log line.
  const auth = options.auth ?? true;
  const verifier = new KeyVerifier(options.store);
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0]!;
    if (OPEN_ROUTES.some((r) => r.test(path))) return;
    if (!auth) return;
    const result = await verifier.verify(presentedKey(request.headers));
    if (!result.ok) return reply.code(401).send({ error: 'Unauthorized', code: 'unauthorized', message: result.reason });
    request.apiKey = result.key;
    request.log = request.log.child({ keyId: result.key.id });
    reply.log = request.log; // so "request completed" carries the key id too
    const needed = request.routeOptions.config?.scope ?? 'screen';
    if (!hasScope(result.key, needed)) {
      return reply.code(403).send({ error: 'Forbidden', code: 'forbidden', message: `this API key lacks the "${needed}" scope` });
    }
  });
  await app.register(rateLimit, {
    hook: 'preHandler',
    max: options.rateLimit ?? 60_000,
    timeWindow: 60_000,
    keyGenerator: (request) => request.apiKey?.id ?? request.ip,
    allowList: (request) => OPEN_ROUTES.some((r) => r.test(request.url.split('?')[0]!)),
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: 'Too Many Requests',
      code: 'rate_limited',
      message: `rate limit of ${context.max} requests per minute for this API key reached; retry in ${Math.ceil(context.ttl / 1000)} s`,
    }),
  });

  // The one place where errors become responses: a VigilError's status comes from its code
  // (src/errors.ts), Fastify's own errors keep theirs; every body says `error`, `code`, `message`.
  app.setErrorHandler((error: FastifyError | VigilError, request, reply) => {
    if (!(error instanceof VigilError) && error.validation) {
      const first = error.validation[0];
      const where = `${error.validationContext ?? 'request'}${first?.instancePath ?? ''}`;
      const field = first?.params && 'missingProperty' in first.params ? `${where}/${String(first.params.missingProperty)}` : where;
      return reply.code(400).send({ error: 'Bad Request', code: 'invalid_input', field, message: `${field}: ${first?.message ?? error.message}` });
    }
    const status = error instanceof VigilError ? ERROR_CODES[error.code].httpStatus : (error.statusCode ?? 500);
    if (status >= 500 && status !== 503) {
      request.log.error({ err: error }, 'request failed');
      return reply.code(500).send({ error: 'Internal Server Error', code: 'internal', message: 'the request failed; see the server log' });
    }
    const code = error instanceof VigilError ? error.code : codeForStatus(status);
    return reply.code(status).send({ error: STATUS_NAMES[status] ?? 'Bad Request', code, message: error.message });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: 'Not Found', code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` }),
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
  const vigil = createVigil({
    store: options.store,
    rules: () => rules,
    lists: { loaded: () => state.requireLoaded(), forScreening: () => state.requireSnapshot() },
    monitorStaleMs: config.monitorStaleMs,
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
  // Stop following the store, then let a background monitor run finish (or stop at once if only
  // waiting), before the store may close.
  app.addHook('onClose', async () => {
    await lists.stop();
    await state.close();
  });
  const jobs = vigil.jobs;
  if (jobs) {
    await registerJobRoutes(app, jobs);
    app.addHook('onClose', async () => jobs.stop());
  }
  return { app, vigil, state, lists, jobs };
}
