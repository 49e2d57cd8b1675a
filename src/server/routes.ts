/**
 * The API routes. OpenSanctions-compatible (same request and response shapes as yente, so existing
 * clients can point at Vigil): POST /match/{dataset}, GET /search/{dataset}, GET /entities/{id},
 * GET /catalog, GET /algorithms. Native: POST /v1/screen, POST /v1/compare,
 * GET /v1/addresses/{address}, GET /v1/lists, GET /v1/lists/{dataset}/changes.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { VigilError } from '../errors.js';
import { DATASETS } from '../lists/datasets.js';
import type { UpdateOptions } from '../lists/update.js';
import { csvCell } from '../io/csv-cells.js';
import { TimeSlices } from '../io/turns.js';
import { diffVersions } from '../lists/versions.js';
import { DEFAULT_THRESHOLD, compare, parseAddress, prepareQuery, screen, screenPrepared, type MatchQuery, type ScreenResult } from '../match/index.js';
import type { Entity } from '../model/index.js';
import {
  addressParams,
  limit,
  threshold,
  addressQuerystring,
  changesQuerystring,
  compareBody,
  datasetParam,
  entityParams,
  matchBody,
  matchQuerystring,
  screenBody,
  searchQuerystring,
} from './schemas.js';
import type { Vigil } from '../app/index.js';
import { SCOPES, parseScopes } from '../app/keys.js';
import { JobInputError, type JobFormat, type JobInfo, type JobRunner } from '../app/jobs.js';
import type { ListsKeeper } from './lists-keeper.js';
import type { Metrics } from './metrics.js';
import type { ServerState } from './state.js';
import type { ListSnapshot } from '../cases/snapshot.js';

export const ALGORITHM = 'vigil-v1';
/** Retry-After (seconds) of a 503 for an unavailable store. */
export const STORE_RETRY_AFTER_S = 5;
/** yente's algorithm names are accepted and all mean Vigil's one matcher. */
const ACCEPTED_ALGORITHMS = new Set([ALGORITHM, 'best', 'logic-v1', 'logic-v2', 'name-based', 'name-qualified', 'regression-v1', 'regression-v2']);

/** What each score feature means, in yente's FeatureDocs shape. */
export const FEATURE_DOCS: Record<string, { description: string; coefficient: number; url: string }> = {
  name: { description: 'Best aligned name pair: share of the query and of the listed name explained, token by token, across scripts and romanizations', coefficient: 1, url: '' },
  identifier: { description: 'Exact wallet address, email, phone, ID or passport number, or website: decisive on its own', coefficient: 1, url: '' },
  birthDate: { description: 'Birth dates agree (+) or contradict (-, more the further apart)', coefficient: 1, url: '' },
  country: { description: 'Nationality or country in common (+) or all different (-)', coefficient: 1, url: '' },
  gender: { description: 'Gender differs (-)', coefficient: 1, url: '' },
  legalForm: { description: 'Legal forms differ (-)', coefficient: 1, url: '' },
};

function datasetsFor(dataset: string): string[] | undefined {
  return dataset === 'default' ? undefined : [dataset];
}

function knownDataset(dataset: string): boolean {
  return dataset === 'default' || DATASETS.some((d) => d.name === dataset);
}

/** yente's feature map: feature name -> value. */
function features(r: ScreenResult): Record<string, number> {
  const out: Record<string, number> = {};
  if (r.explanation.identifiers.length > 0) out.identifier = 1;
  if (r.explanation.name) out.name = r.explanation.name.score;
  for (const f of r.explanation.features) out[f.feature] = f.contribution;
  return out;
}

function entityResponse(e: Entity | undefined, r: ScreenResult) {
  return {
    id: r.id,
    caption: r.caption,
    schema: r.schema,
    properties: e?.properties ?? {},
    datasets: r.datasets,
    referents: e?.properties.referents ?? [],
    target: true,
    first_seen: null,
    last_seen: null,
    last_change: null,
  };
}

/** The list versions a screening used: every screening response names them. */
export function versionsUsed(snapshot: ListSnapshot): { dataset: string; version: number; publishedAt: string | null }[] {
  return snapshot.versions.map((v) => ({ dataset: v.dataset, version: v.id, publishedAt: v.publishedAt }));
}

/** A request the routes refuse, with the code of src/errors.ts that says why (the status follows from it). */
export class HttpError extends VigilError {}

export async function registerRoutes(app: FastifyInstance, state: ServerState, lists: ListsKeeper): Promise<void> {
  const entitiesOf = (snapshot: ListSnapshot, ids: string[]) => ids.map((id) => snapshot.entities.get(id));

  app.get('/healthz', { schema: { tags: ['system'], summary: 'Liveness' } }, async () => ({ status: 'ok' }));

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['system'],
        summary: 'Readiness: the store answers, able to screen, every configured dataset in force (503 until then); per-dataset freshness',
      },
    },
    async (_req, reply) => {
      // The store first: with it away nothing that needs it can be served (lists in memory or not).
      const storeHealth = await lists.storeProbe.check();
      const listed = lists.readiness();
      const readiness = storeHealth.ok
        ? listed
        : { ready: false, status: 'store_unavailable', detail: `the store (database) is unavailable: ${storeHealth.reason}; requests that need it get 503 until it is back` };
      const freshness = lists.freshness();
      const snapshot = state.snapshot;
      const body = {
        ready: readiness.ready,
        status: readiness.status,
        detail: readiness.detail,
        store: storeHealth.ok ? 'ok' : `unavailable: ${storeHealth.reason}`,
        index: snapshot
          ? { ...snapshot.index.stats(), loadedAt: state.loadedAt, versions: versionsUsed(snapshot), rebuilding: state.reloading }
          : null,
        datasets: freshness.datasets,
        missing: freshness.missing,
        stale: freshness.stale,
        maxAgeSeconds: freshness.maxAgeSeconds,
        refresh: lists.refreshInfo(),
        ...(state.lastReloadError ? { lastReloadError: state.lastReloadError } : {}),
      };
      if (!storeHealth.ok) reply.header('retry-after', String(STORE_RETRY_AFTER_S));
      return reply.code(readiness.ready ? 200 : 503).send(body);
    },
  );

  app.get('/catalog', { schema: { tags: ['compatible'], summary: 'Datasets (yente catalog shape)' } }, async () => {
    const inIndex = new Map(state.versions.map((v) => [v.dataset, v]));
    const inStore = new Map((await state.store.currentVersions()).map((v) => [v.dataset, v]));
    const freshness = new Map(lists.freshness().datasets.map((f) => [f.dataset, f]));
    // Outdated: a configured dataset that is stale or missing, or whose version in the store is newer than the index's.
    const outdated = DATASETS.map((d) => d.name).filter(
      (name) => freshness.get(name)?.stale === true || (inStore.has(name) && inStore.get(name)!.id !== inIndex.get(name)?.id),
    );
    const datasets = DATASETS.map((d) => {
      const v = inIndex.get(d.name);
      const f = freshness.get(d.name);
      return {
        name: d.name,
        title: d.title,
        summary: `${d.authority}`,
        url: d.urls[0],
        load: v !== undefined,
        entities_url: d.urls[0],
        version: v ? String(v.id) : '',
        index_version: v ? String(v.id) : null,
        index_current: v !== undefined && inStore.get(d.name)?.id === v.id,
        children: [],
        published_at: v?.publishedAt ?? null,
        age_seconds: f?.ageSeconds ?? null,
        stale: f ? f.stale : null,
        /** The version in the index is a sample or extract of the list (imported with --allow-partial). */
        partial: v ? Boolean(v.partial) : null,
        partial_reason: v?.partial ?? null,
      };
    });
    const indexStale = [...inStore.values()].some((v) => inIndex.get(v.dataset)?.id !== v.id);
    datasets.push({
      name: 'default',
      title: 'All lists in force',
      summary: 'Every dataset loaded in this Vigil instance',
      url: '',
      load: true,
      entities_url: '',
      version: state.loadedAt ?? '',
      index_version: state.loadedAt ?? null,
      index_current: state.ready && !indexStale,
      children: DATASETS.map((d) => d.name).filter((n) => inIndex.has(n)) as never[],
      published_at: null,
      age_seconds: null,
      stale: outdated.length > 0,
      partial: [...inIndex.values()].some((v) => Boolean(v.partial)),
      partial_reason: null,
    });
    return { datasets, current: [...inIndex.keys(), 'default'], outdated, index_stale: indexStale };
  });

  app.get('/algorithms', { schema: { tags: ['compatible'], summary: 'Matching algorithms (yente shape)' } }, async () => ({
    algorithms: [{ name: ALGORITHM, description: 'Vigil: transliteration-robust names, exact identifiers, explained scores', features: FEATURE_DOCS }],
    default: ALGORITHM,
    best: ALGORITHM,
  }));

  app.post<{
    Params: { dataset: string };
    Querystring: { threshold?: number; limit?: number; algorithm?: string };
    Body: { queries: Record<string, MatchQuery>; threshold?: number; limit?: number; algorithm?: string };
  }>(
    '/match/:dataset',
    { schema: { tags: ['compatible'], summary: 'Match a batch of entities (yente /match)', params: datasetParam, querystring: matchQuerystring, body: matchBody } },
    async (req, reply) => {
      const { dataset } = req.params;
      if (!knownDataset(dataset)) throw new HttpError('not_found', `unknown dataset "${dataset}"`);
      const algorithm = req.body.algorithm ?? req.query.algorithm ?? ALGORITHM;
      if (!ACCEPTED_ALGORITHMS.has(algorithm)) throw new HttpError('invalid_input', `algorithm "${algorithm}" is not available; see /algorithms`);
      const queryCount = Object.keys(req.body.queries).length;
      if (queryCount > app.vigilLimits.maxBatch) {
        throw new HttpError('invalid_input', `queries: ${queryCount} queries in one request; the limit is ${app.vigilLimits.maxBatch} (use /v1/jobs for big batches)`);
      }
      const snapshot = state.requireSnapshot();
      const threshold = req.body.threshold ?? req.query.threshold ?? DEFAULT_THRESHOLD;
      const limit = req.body.limit ?? req.query.limit ?? 5;
      const entries = Object.entries(req.body.queries);
      // The batch is screened by the worker threads (or here, in slices), against this snapshot's version.
      const found = await snapshot.screenMany(entries.map(([, query]) => normalise(query)), { threshold, limit, datasets: datasetsFor(dataset) });
      // The answer to 500 queries is megabytes of JSON: made one response at a time, with turns of
      // the event loop between, and streamed out piece by piece (the very text JSON.stringify gives
      // for the whole object; one string of megabytes would hold the loop while it is encoded).
      const slices = new TimeSlices();
      const responses: string[] = [];
      for (const [k, [key, query]] of entries.entries()) {
        await slices.due();
        const results = counted(app, 'match', found[k]!);
        const listed = entitiesOf(snapshot, results.map((r) => r.id));
        const response = {
          status: 200,
          results: results.map((r, i) => ({ ...entityResponse(listed[i], r), score: r.score, features: features(r), match: r.match, explanation: r.explanation })),
          total: { value: results.length, relation: 'eq' },
          query: { id: query.id ?? null, schema: query.schema, properties: normalise(query).properties },
        };
        responses.push(`${JSON.stringify(key)}:${JSON.stringify(response)}`);
      }
      const rest = JSON.stringify({ matcher: FEATURE_DOCS, limit, versions: versionsUsed(snapshot) });
      reply.type('application/json; charset=utf-8');
      return Readable.from(['{"responses":{', ...responses.map((r, i) => (i === 0 ? r : `,${r}`)), `},${rest.slice(1)}`], { objectMode: false });
    },
  );

  app.get<{ Params: { dataset: string }; Querystring: { q: string; schema?: string; limit?: number; offset?: number } }>(
    '/search/:dataset',
    { schema: { tags: ['compatible'], summary: 'Search listed entities by name (yente /search)', params: datasetParam, querystring: searchQuerystring } },
    async (req) => {
      const { dataset } = req.params;
      if (!knownDataset(dataset)) throw new HttpError('not_found', `unknown dataset "${dataset}"`);
      const limit = req.query.limit ?? 10;
      const offset = req.query.offset ?? 0;
      const snapshot = state.requireSnapshot();
      const results = screen(
        { schema: req.query.schema ?? 'Thing', properties: { name: [req.query.q] } },
        { index: snapshot.index, limit: offset + limit, cutoff: 0.5, datasets: datasetsFor(dataset) },
      );
      const page = results.slice(offset, offset + limit);
      const listed = entitiesOf(snapshot, page.map((r) => r.id));
      return {
        limit,
        offset,
        total: { value: results.length, relation: results.length >= offset + limit ? 'gte' : 'eq' },
        results: page.map((r, i) => entityResponse(listed[i], r)),
        facets: {},
        versions: versionsUsed(snapshot),
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/entities/:id',
    { schema: { tags: ['compatible'], summary: 'One listed entity by id', params: entityParams } },
    async (req) => {
      const entity = await state.store.getEntity(req.params.id);
      if (!entity) throw new HttpError('not_found', `no entity ${req.params.id} in the lists in force`);
      const wallets = entity.schema === 'CryptoWallet' ? [] : await state.store.findEntitiesByProperty('holder', entity.id);
      return { ...entity, referents: entity.properties.referents ?? [], target: true, wallets };
    },
  );

  // ---- native API ----

  app.post<{ Body: { query: MatchQuery; threshold?: number; limit?: number; datasets?: string[] } }>(
    '/v1/screen',
    { schema: { tags: ['screening'], summary: 'Screen one entity, with explanations', body: screenBody } },
    async (req) => {
      const snapshot = state.requireSnapshot();
      const query = prepareQuery(normalise(req.body.query));
      const results = counted(
        app,
        'v1/screen',
        screenPrepared(query, {
          index: snapshot.index,
          threshold: req.body.threshold,
          limit: req.body.limit,
          datasets: req.body.datasets,
        }),
      );
      const notes = query.notes;
      return {
        threshold: req.body.threshold ?? DEFAULT_THRESHOLD,
        ...(notes.length > 0 ? { notes } : {}),
        results,
        versions: versionsUsed(snapshot),
      };
    },
  );

  app.post<{ Body: { query: MatchQuery; candidate: MatchQuery; threshold?: number } }>(
    '/v1/compare',
    { schema: { tags: ['screening'], summary: 'Score one pair, with the explanation', body: compareBody } },
    async (req) => {
      const result = compare(normalise(req.body.query), normalise(req.body.candidate), req.body.threshold);
      return { score: result.score, match: result.match, explanation: result.explanation };
    },
  );

  app.get<{ Params: { address: string }; Querystring: { currency?: string } }>(
    '/v1/addresses/:address',
    { schema: { tags: ['screening'], summary: 'Is this crypto address listed? Exact, per chain', params: addressParams, querystring: addressQuerystring } },
    async (req) => {
      const info = parseAddress(req.params.address, req.query.currency);
      if (info.key === '') throw new HttpError('invalid_input', `address: ${info.reason ?? 'not a crypto address Vigil recognises'}`);
      const snapshot = state.requireSnapshot();
      const results = counted(app, 'v1/addresses', screen({ schema: 'CryptoWallet', properties: { publicKey: [req.params.address] } }, { index: snapshot.index, limit: 20 }));
      return {
        address: req.params.address,
        chain: info.chain,
        valid: info.valid,
        checksum: info.checksum,
        ...(info.reason ? { warning: info.reason } : {}),
        listed: results.length > 0,
        holders: results.map((r) => ({ id: r.id, caption: r.caption, schema: r.schema, datasets: r.datasets, wallets: r.explanation.identifiers })),
        versions: versionsUsed(snapshot),
      };
    },
  );

  app.get('/v1/lists', { schema: { tags: ['lists'], summary: 'Datasets, versions in force and their freshness (age, stale), the index and the refresh schedule' } }, async () => {
    const all = await state.store.versions();
    const current = DATASETS.map((d) => all.find((v) => v.dataset === d.name)).filter((v) => v !== undefined);
    const freshness = lists.freshness(current);
    const byDataset = new Map(freshness.datasets.map((f) => [f.dataset, f]));
    const inIndex = new Map(state.versions.map((v) => [v.dataset, v.id]));
    return {
      datasets: DATASETS.map((d) => {
        const versions = all.filter((v) => v.dataset === d.name);
        const head = versions[0];
        const f = byDataset.get(d.name);
        return {
          name: d.name,
          title: d.title,
          authority: d.authority,
          configured: f !== undefined,
          current: head ?? null,
          /** The version this server screens with (null before it has loaded one). */
          inIndex: inIndex.get(d.name) ?? null,
          ageDays: head ? Math.floor((Date.now() - Date.parse(head.publishedAt ?? head.importedAt)) / 86_400_000) : null,
          ageSeconds: f?.ageSeconds ?? null,
          ageFrom: f?.ageFrom ?? null,
          stale: f ? f.stale : null,
          staleReason: f?.reason ?? null,
          /** The version in force is not the whole list (imported with allowPartial): why; null when it is. */
          partial: head?.partial ?? null,
          versions: versions.map((v) => ({
            id: v.id,
            publishedAt: v.publishedAt,
            publishedFrom: v.publishedFrom ?? null,
            importedAt: v.importedAt,
            entityCount: v.entityCount,
            partial: v.partial ?? null,
          })),
        };
      }),
      maxAgeSeconds: freshness.maxAgeSeconds,
      missing: freshness.missing,
      stale: freshness.stale,
      refresh: lists.refreshInfo(),
      index: state.snapshot ? { loadedAt: state.loadedAt, ...state.snapshot.index.stats(), versions: versionsUsed(state.snapshot) } : null,
    };
  });

  app.get<{ Params: { dataset: string }; Querystring: { since?: string } }>(
    '/v1/lists/:dataset/changes',
    { schema: { tags: ['lists'], summary: 'What changed since a version or a date: the feed for rescreening', params: datasetParam, querystring: changesQuerystring } },
    async (req) => {
      const { dataset } = req.params;
      if (!DATASETS.some((d) => d.name === dataset)) throw new HttpError('not_found', `unknown dataset "${dataset}"`);
      const versions = await state.store.versions(dataset);
      if (versions.length === 0) throw new HttpError('not_found', `dataset ${dataset} has no version yet`);
      const since = req.query.since;
      let from = versions[versions.length - 1]!;
      if (since !== undefined) {
        if (/^\d+$/.test(since)) {
          const v = versions.find((x) => x.id === Number(since));
          if (!v) throw new HttpError('invalid_input', `since: ${since} is not a version of ${dataset}`);
          from = v;
        } else {
          const t = Date.parse(since);
          if (Number.isNaN(t)) throw new HttpError('invalid_input', `since: "${since}" is neither a version id nor an ISO date`);
          // The version in force at that time: the newest imported at or before it.
          const v = versions.find((x) => Date.parse(x.importedAt) <= t);
          if (!v) throw new HttpError('invalid_input', `since: no version of ${dataset} was in force at ${since}`);
          from = v;
        }
      }
      const to = versions[0]!;
      if (from.id === to.id) return { dataset, from, to, added: [], removed: [], changed: [] };
      return diffVersions(state.store, dataset, from.id, to.id);
    },
  );
}

/** Where `POST /v1/lists/update` reads the lists from and writes its downloads. */
export type UpdateSource = Pick<UpdateOptions, 'dataDir' | 'sourcesDir' | 'env'>;

export async function registerAdminRoutes(
  app: FastifyInstance,
  state: ServerState,
  lists: ListsKeeper,
  updates: UpdateSource | undefined,
  vigil: Vigil,
): Promise<void> {
  const admin = { scope: 'admin' as const };
  if (updates) {
    app.post<{ Body: { datasets?: string[]; allowPartial?: boolean } | undefined }>(
      '/v1/lists/update',
      {
        config: admin,
        schema: {
          tags: ['lists'],
          summary: 'Update the lists from the official URLs (or the local mirror), then swap in the new index and monitor the subjects',
          body: {
            type: 'object',
            properties: {
              datasets: { type: 'array', maxItems: 20, items: { type: 'string', pattern: '^[a-z0-9_]{1,60}$' } },
              allowPartial: { type: 'boolean', description: 'accept a sample or extract of a list (refused otherwise); it is stored and listed as partial' },
            },
          },
        },
      },
      async (req) => {
        const datasets = req.body?.datasets;
        for (const d of datasets ?? []) if (!DATASETS.some((x) => x.name === d)) throw new HttpError('invalid_input', `datasets: unknown dataset "${d}"`);
        // Through the keeper's queue, so an update never runs beside another (or a scheduled refresh).
        const results = await lists.update(actorOf(req), 'POST /v1/lists/update', datasets, req.log, { allowPartial: req.body?.allowPartial === true });
        // Which versions in force are partial, whichever way they came.
        const partial = new Map((await state.store.currentVersions()).map((v) => [v.dataset, v.partial ?? null]));
        return {
          results: results.map((r) => ({ ...r, partial: r.version !== null ? (partial.get(r.dataset) ?? null) : null })),
          index: state.index?.stats() ?? null,
        };
      },
    );
  }
  app.post<{ Body: { name: string; scopes: string[] } }>(
    '/v1/keys',
    {
      config: admin,
      schema: {
        tags: ['keys'],
        summary: 'Create an API key (shown once)',
        body: {
          type: 'object',
          required: ['name', 'scopes'],
          properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, scopes: { type: 'array', minItems: 1, items: { type: 'string', enum: [...SCOPES] } } },
        },
      },
    },
    async (req, reply) => {
      const { key, info } = await vigil.keys.create(req.body.name, parseScopes(req.body.scopes.join(',')), actorOf(req));
      req.log.info({ created: info.id, scopes: info.scopes }, 'API key created');
      return reply.code(201).send({ key, ...info, note: 'store the key now: it is not shown again' });
    },
  );
  app.get('/v1/keys', { config: admin, schema: { tags: ['keys'], summary: 'API keys (without their secrets)' } }, async () => ({ keys: await vigil.keys.list() }));
  app.delete<{ Params: { id: string } }>(
    '/v1/keys/:id',
    { config: admin, schema: { tags: ['keys'], summary: 'Revoke an API key', params: { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[a-z0-9]{1,40}$', description: 'the key id (vgl_<id>_...)' } } } } },
    async (req) => {
      if (!(await vigil.keys.revoke(req.params.id, actorOf(req)))) throw new HttpError('not_found', `no active API key ${req.params.id}`);
      req.log.info({ revoked: req.params.id }, 'API key revoked');
      return { id: req.params.id, revoked: true };
    },
  );
  app.post(
    '/v1/index/reload',
    {
      config: admin,
      schema: {
        tags: ['lists'],
        summary: 'Swap in the lists in force now (the server also does it by itself within seconds of an import), then monitor the subjects',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { force: { type: 'boolean', default: false, description: 'build and swap in the index again even when the versions in force are unchanged' } },
        },
      },
    },
    async (req: FastifyRequest<{ Querystring: { force?: boolean } }>) => {
      const changed = await lists.sync(actorOf(req), 'POST /v1/index/reload', { monitorAnyway: true, force: req.query.force === true, log: req.log });
      return { changed, loadedAt: state.loadedAt, index: state.index?.stats(), versions: state.snapshot ? versionsUsed(state.snapshot) : [] };
    },
  );
}

const JOB_TYPES: Record<string, JobFormat> = {
  'application/x-ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
  'application/jsonlines': 'jsonl',
  'text/csv': 'csv',
};

export async function registerJobRoutes(app: FastifyInstance, runner: JobRunner): Promise<void> {
  // Uploads reach the handler as a stream, to be written to disk as they arrive.
  app.addContentTypeParser(Object.keys(JOB_TYPES), (_req, payload, done) => done(null, payload));
  const visible = (job: JobInfo | undefined, req: FastifyRequest): JobInfo => {
    const key = req.apiKey;
    if (!job || (key && !key.scopes.includes('admin') && job.keyId !== key.id)) throw new HttpError('not_found', 'no such job');
    return job;
  };

  app.post<{ Querystring: { threshold?: number; limit?: number } }>(
    '/v1/jobs',
    {
      bodyLimit: runner.limits.maxBytes,
      // A refused upload is not read to its end: the connection closes after the answer, or a
      // client sending its next request on it would wait for an answer that never comes.
      onSend: async (_req, reply, payload) => {
        if (reply.statusCode >= 400) reply.header('connection', 'close');
        return payload;
      },
      schema: {
        tags: ['jobs'],
        summary: 'Submit a batch (JSON lines or CSV with a header; up to a million rows), screened in the background',
        querystring: { type: 'object', properties: { threshold, limit } },
      },
    },
    async (req, reply) => {
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      const format = JOB_TYPES[type];
      if (!format) throw new HttpError('unsupported_media_type', `content-type must be one of: ${Object.keys(JOB_TYPES).join(', ')}`);
      try {
        const job = await runner.submit(req.body as Readable, format, { threshold: req.query.threshold, limit: req.query.limit }, req.apiKey?.id ?? null, actorOf(req));
        req.log.info({ job: job.id, rows: job.rows.total }, 'job submitted');
        app.vigilRateLimits.chargeJob(req.apiKey ? `key:${req.apiKey.id}` : `address:${req.ip}`, job.rows.total); // its rows, against the key's budget (rate-limits.ts)
        return await reply.code(202).send(job);
      } catch (err) {
        if (err instanceof JobInputError) throw new HttpError(err.code, err.message);
        throw err;
      }
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/jobs/:id',
    { schema: { tags: ['jobs'], summary: 'A job: status, progress and counts', params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 60 } } } } },
    async (req) => visible(await runner.get(req.params.id), req),
  );

  app.get<{ Params: { id: string }; Querystring: { format?: 'jsonl' | 'csv' } }>(
    '/v1/jobs/:id/results',
    {
      schema: {
        tags: ['jobs'],
        summary: 'The results of a finished job, streamed as JSON lines (or CSV: one row per input row)',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 60 } } },
        querystring: { type: 'object', properties: { format: { type: 'string', enum: ['jsonl', 'csv'] } } },
      },
    },
    async (req, reply) => {
      const job = visible(await runner.get(req.params.id), req);
      if (job.status !== 'done') throw new HttpError('conflict', `job ${job.id} is ${job.status} (${job.rows.done} of ${job.rows.total} rows); results come when it is done`);
      const results = (await runner.results(job.id))!;
      const stream = results.bytes > 0 ? createReadStream(results.file, { end: results.bytes - 1 }) : Readable.from([]);
      if (req.query.format === 'csv') {
        reply.header('content-type', 'text/csv; charset=utf-8');
        return reply.send(Readable.from(resultsAsCsv(stream)));
      }
      reply.header('content-type', 'application/x-ndjson; charset=utf-8');
      return reply.send(stream);
    },
  );
}

/** One CSV row per result line: the query id, whether it matched, and the top result. */
async function* resultsAsCsv(lines: Readable): AsyncGenerator<string> {
  yield 'id,match,top_id,top_caption,top_schema,top_score,matches,error\n';
  for await (const line of createInterface({ input: lines, crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    const r = JSON.parse(line) as { id: unknown; results?: ScreenResult[]; error?: string };
    const top = r.results?.[0];
    const matched = r.results?.filter((x) => x.match).length ?? 0;
    yield `${[r.id, matched > 0, top?.id, top?.caption, top?.schema, top?.score, matched, r.error].map(csvCell).join(',')}\n`;
  }
}

/** The actor of an API request, for the audit trail: the signed-in user, or the API key. */
export function actorOf(req: FastifyRequest): string {
  if (req.user) return `user:${req.user.name}`;
  return req.apiKey ? `key:${req.apiKey.id}` : `anonymous@${req.ip}`;
}

/** Property values may come as a string or a list (yente accepts both). */
function normalise(query: MatchQuery): MatchQuery {
  const properties: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(query.properties ?? {})) properties[k] = (Array.isArray(v) ? v : [v]).map(String);
  return { ...query, properties };
}

declare module 'fastify' {
  interface FastifyInstance {
    vigilLimits: { maxBatch: number };
    vigilMetrics: Metrics;
  }
}

function counted(app: FastifyInstance, endpoint: string, results: ScreenResult[]): ScreenResult[] {
  app.vigilMetrics.screens.inc({ endpoint });
  if (results.some((r) => r.match)) app.vigilMetrics.matches.inc({ endpoint });
  return results;
}
