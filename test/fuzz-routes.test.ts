/**
 * Fuzz suite over every route of the HTTP API (issue 16), property-based with fast-check. The routes
 * are read from the app's own OpenAPI document, so a new route is fuzzed without editing this file.
 * For each route, generated requests: bodies of the route's schema shape with hostile values (huge
 * and empty strings, NUL and control characters, lone surrogates, RTL and zero-width characters,
 * numbers out of range, wrong types, deep nesting, extra and duplicated fields, very long arrays),
 * malformed JSON, wrong content types, CSV and JSON lines uploads, hostile path parameters and
 * query strings (SQL-ish, traversal, broken percent-encoding, repeated parameters), and bad API keys.
 *
 * Properties: never a 5xx but a 503 with its documented code; every error is JSON with `error`,
 * `code` (one of src/errors.ts) and `message`; a 400's message names the field; a request without a
 * valid key never gets past the key check; each request is answered within a time limit (no hang)
 * and /healthz answers after each. Then, for the data: the audit chain verifies intact, no subject
 * or candidate reference is stored twice, and every subject and candidate a response said was
 * written is in the store (nothing lost).
 *
 * Deterministic: VIGIL_FUZZ_SEED (default 16016) and VIGIL_FUZZ_RUNS (cases per route; default small
 * for CI). A failure prints the seed, the path and the shrunk request. Longer run by hand: see the
 * README ("Tests"). SQLite always; PostgreSQL too with VIGIL_PG_URL.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { ERROR_CODES, type ErrorCode } from '../src/errors.js';
import { importList } from '../src/lists/import.js';
import { buildApp, type VigilApp } from '../src/server/index.js';
import { createKey } from '../src/server/keys.js';
import { openStore, type Store } from '../src/store/index.js';
import { rawDatabaseOf } from '../src/store/testing.js';
import { RAW_URL_PIECES, csvUpload, fromSchema, fuzzSettings, hostileString, jsonlUpload, pct, schemaOf, seedFor, type JsonSchema } from './fuzz-inputs.js';
import { PG_SKIP, PG_URL, listFile, pgSchemas, tempDir } from './helpers.js';

const { seed: SEED, runs: RUNS } = fuzzSettings(4);
/** No answer within this is a hang (a loaded 2-core machine: generous). */
const CASE_TIMEOUT_MS = 20_000;
const HEALTH_TIMEOUT_MS = 5_000;

/** The small real list the server screens against: the EU cyber-attacks annex (38 parties). */
const LIST_FILE = listFile('eu', 'eu_journal_consolidated_32019R0796.csv');
const DATASET = 'eu_cyber_annex';

/** Real record shapes for the places the OpenAPI document leaves untyped (subjects, candidates, queries). */
const RECORD_SHAPES: JsonSchema[] = [
  schemaOf({ ref: 'FZ-1', schema: 'Person', properties: { name: ['Gao Qiang'], birthDate: ['1987'], nationality: ['cn'] } }),
  schemaOf({ ref: 'FZ-2', kind: 'vendor', name: 'Gao Qiang', birth_date: '1987-08-30', wallet: '0x098B716B8Aaf21512996dC57EB0615e2383E2f96' }),
  schemaOf({
    ref: 'CAND-1',
    names: ['Jin Song'],
    emails: ['jin@example.org'],
    phones: ['+1 415 555 0100'],
    homeAddress: { text: '1 Main Street, Springfield', country: 'us' },
    claimedLocation: { country: 'us', timeZone: 'America/Chicago' },
    events: [{ kind: 'login', at: '2025-01-02T03:04:05Z', ip: '203.0.113.9' }],
  }),
  schemaOf({ id: 'q1', schema: 'Person', properties: { name: ['Gao Qiang'] } }),
];

/** Words a 400 may name its field by, besides the route's own parameter and property names. */
const GENERIC_FIELDS = ['body', 'path', 'querystring', 'params', 'headers', 'row', 'line', 'item', 'column', 'content-type', 'json'];

interface Route {
  method: string;
  /** OpenAPI path, with {param}s. */
  path: string;
  params: { name: string; schema: JsonSchema }[];
  query: { name: string; schema: JsonSchema; required: boolean }[];
  /** Media type -> schema of the request body, as documented. */
  body: Record<string, JsonSchema>;
  /** Every name a 400 may use for its field: parameters and body properties at any depth. */
  fields: Set<string>;
  open: boolean;
}

interface OpenApiOperation {
  parameters?: { in: string; name: string; required?: boolean; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema?: JsonSchema }> };
  /** `[]`: the route says it needs no key (signing in to the web UI). */
  security?: unknown[];
}

function fieldNames(schema: unknown, into: Set<string>): void {
  if (!schema || typeof schema !== 'object') return;
  if (Array.isArray(schema)) return schema.forEach((s) => fieldNames(s, into));
  for (const [k, v] of Object.entries(schema as Record<string, unknown>)) {
    if (k === 'properties' && v && typeof v === 'object') for (const name of Object.keys(v)) into.add(name.toLowerCase());
    if (k !== 'examples') fieldNames(v, into);
  }
}

/** The route table from the OpenAPI document (hidden routes, such as /openapi.json itself, are not in it). */
function routesOf(doc: { paths: Record<string, Record<string, OpenApiOperation>> }): Route[] {
  const routes: Route[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const parameters = op.parameters ?? [];
      const body = Object.fromEntries(Object.entries(op.requestBody?.content ?? {}).map(([type, c]) => [type, c.schema ?? {}]));
      const fields = new Set(parameters.map((p) => p.name.toLowerCase()));
      fieldNames(body, fields);
      routes.push({
        method: method.toUpperCase(),
        path,
        params: parameters.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema })),
        query: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema, required: p.required === true })),
        body,
        fields,
        open: path === '/healthz' || path === '/readyz' || (Array.isArray(op.security) && op.security.length === 0),
      });
    }
  }
  return routes;
}

interface Case {
  what: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** A bad or missing API key: the answer must be 401. */
  badKey?: boolean;
}

/** Values a path parameter may take to reach a stored resource, filled in once the fixtures exist. */
const KNOWN: Record<string, string[]> = { ref: ['FZ-GAO', 'FZ-1', 'CAND-1'], id: ['1', '2', '3'], dataset: [DATASET, 'default', 'us_ofac_sdn'], address: ['0x098B716B8Aaf21512996dC57EB0615e2383E2f96', '1BoatSLRHtKNngkdXEeobR76b53LETtpyT'] };

/** Raw URL pieces, with or without NUL (%00). */
const rawPieces = (nul: boolean) => (nul ? RAW_URL_PIECES : RAW_URL_PIECES.filter((p) => !p.includes('%00')));

function paramValue(name: string, schema: JsonSchema, nul: boolean): fc.Arbitrary<string> {
  const known = KNOWN[name] ?? [];
  return fc.oneof(
    { weight: 3, arbitrary: known.length ? fc.constantFrom(...known).map(pct) : fc.constant('1') },
    { weight: 2, arbitrary: fromSchema(schema, { nul, shapes: [] }).map((json) => pct(typeof JSON.parse(json) === 'string' ? (JSON.parse(json) as string) : json)) },
    { weight: 3, arbitrary: hostileString(nul).map((s) => pct(s.slice(0, 5_000))) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...rawPieces(nul)), fc.constantFrom('', ...known)).map(([raw, k]) => raw + k) },
  );
}

function queryString(route: Route, nul: boolean): fc.Arbitrary<string> {
  const names = [...route.query.map((q) => q.name), 'api_key', 'limit', 'q'];
  const one = fc.oneof(
    // A parameter of the route with a value of its shape, or hostile.
    ...route.query.map((q) =>
      fc.oneof(fromSchema(q.schema, { nul, shapes: [] }).map((json) => { const v: unknown = JSON.parse(json); return typeof v === 'string' ? v : json; }), hostileString(nul)).map((v) => `${pct(q.name)}=${pct(v.slice(0, 5_000))}`),
    ),
    // Unknown names, names without values, broken encodings.
    fc.tuple(fc.constantFrom(...names), hostileString(nul)).map(([n, v]) => `${pct(n)}[]=${pct(v.slice(0, 200))}`),
    fc.tuple(fc.constantFrom(...names), fc.constantFrom(...rawPieces(nul))).map(([n, raw]) => `${n}=${raw}`),
    fc.constantFrom(...names).map((n) => n),
    hostileString(nul).map((s) => `${pct(s.slice(0, 200))}=1`),
  );
  return fc.array(one, { maxLength: 4 }).chain((parts) =>
    // Repeated parameters: the same part again.
    fc.boolean().map((repeat) => (repeat && parts.length ? [...parts, parts[0]!] : parts).join('&')),
  );
}

function urlOf(route: Route, params: string[], query: string): string {
  let i = 0;
  const path = route.path.replace(/\{[^}]+\}/g, () => params[i++] ?? 'x');
  return query ? `${path}?${query}` : path;
}

const CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'multipart/form-data; boundary=xyz',
  'application/x-www-form-urlencoded',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
  'application/json, text/csv',
  'application/jsonx',
  'text/csv; charset=utf-8',
  'application/x-ndjson',
  '*/*',
  '',
];

function casesOf(route: Route, key: string, nul: boolean): fc.Arbitrary<Case> {
  const params = fc.tuple(...route.params.map((p) => paramValue(p.name, p.schema, nul)));
  const plainParams = fc.tuple(...route.params.map((p) => (KNOWN[p.name] ? fc.constantFrom(...KNOWN[p.name]!).map(pct) : fc.constant('1'))));
  const auth = { authorization: `Bearer ${key}` };
  const jsonSchema = route.body['application/json'];
  const takesBody = route.method !== 'GET' && route.method !== 'DELETE';
  const body = fromSchema(jsonSchema ?? { type: 'object', properties: {} }, { nul, shapes: RECORD_SHAPES });
  const kinds: fc.WeightedArbitrary<Case>[] = [
    // A body of the route's shape with hostile values (or none, for a route without a body), with hostile parameters.
    {
      weight: 6,
      arbitrary: fc.tuple(params, queryString(route, nul), body).map(([p, q, b]) => ({
        what: 'shaped request',
        method: route.method,
        url: urlOf(route, p, q),
        headers: takesBody ? { ...auth, 'content-type': 'application/json' } : auth,
        payload: takesBody ? b : undefined,
      })),
    },
    // A mild body (the shape kept, a hostile string now and then): writes that go through, to be found in the store afterwards.
    {
      weight: takesBody ? 3 : 0,
      arbitrary: fc.tuple(plainParams, fromSchema(jsonSchema ?? { type: 'object', properties: {} }, { nul, shapes: RECORD_SHAPES, mild: true })).map(([p, b]) => ({
        what: 'mild body',
        method: route.method,
        url: urlOf(route, p, ''),
        headers: { ...auth, 'content-type': 'application/json' },
        payload: b,
      })),
    },
    // Hostile path parameters and query strings alone.
    { weight: 3, arbitrary: fc.tuple(params, queryString(route, nul)).map(([p, q]) => ({ what: 'hostile parameters', method: route.method, url: urlOf(route, p, q), headers: auth })) },
    // A bad API key, or none: never past the key check.
    {
      weight: 1,
      arbitrary: fc.tuple(plainParams, fc.oneof(fc.constant(undefined), hostileString(false).map((s) => s.replace(/[^\x20-\x7e]/g, '')), fc.constant(`${key}x`), fc.constant(key.slice(0, -1)))).map(([p, k]) => ({
        what: 'bad API key',
        method: route.method,
        url: urlOf(route, p, ''),
        headers: k === undefined ? ({} as Record<string, string>) : { authorization: `Bearer ${k}` },
        badKey: !route.open,
      })),
    },
  ];
  if (takesBody) {
    kinds.push(
      // Malformed JSON: cut short, a stray byte, invalid UTF-8, a BOM, empty.
      {
        weight: 2,
        arbitrary: fc.tuple(plainParams, body, fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('cut', 'stray', 'bytes', 'bom', 'empty', 'trailing')).map(([p, b, at, how]) => {
          const i = Math.floor(at * b.length);
          const payload =
            how === 'cut' ? b.slice(0, i)
            : how === 'stray' ? `${b.slice(0, i)}}${b.slice(i)}`
            : how === 'bytes' ? Buffer.concat([Buffer.from(b.slice(0, i)), Buffer.from([0xff, 0xc0, 0xed, 0xa0, 0x80]), Buffer.from(b.slice(i))])
            : how === 'bom' ? `\uFEFF${b}`
            : how === 'trailing' ? `${b} {}`
            : '';
          return { what: `malformed JSON (${how})`, method: route.method, url: urlOf(route, p, ''), headers: { ...auth, 'content-type': 'application/json' }, payload };
        }),
      },
      // A wrong (or missing) content type.
      {
        weight: 2,
        arbitrary: fc.tuple(plainParams, body, fc.constantFrom(...CONTENT_TYPES)).map(([p, b, type]) => ({
          what: 'content type',
          method: route.method,
          url: urlOf(route, p, ''),
          headers: type ? { ...auth, 'content-type': type } : auth,
          payload: b,
        })),
      },
      // Uploads: CSV and JSON lines (the routes that read them; the others must refuse them cleanly).
      {
        weight: route.body['text/csv'] || route.path === '/v1/jobs' ? 4 : 1,
        arbitrary: fc.tuple(plainParams, queryString(route, nul), fc.oneof(csvUpload(nul).map((b) => ['text/csv', b] as const), jsonlUpload(RECORD_SHAPES, nul).map((b) => ['application/x-ndjson', b] as const))).map(([p, q, [type, b]]) => ({
          what: `${type} upload`,
          method: route.method,
          url: urlOf(route, p, q),
          headers: { ...auth, 'content-type': type },
          payload: b,
        })),
      },
    );
  }
  return fc.oneof(...kinds);
}

/** What is wrong with an answer (undefined: nothing). */
function problemOf(route: Route, kase: Case, status: number, type: string, text: string, storeKind: string): string | undefined {
  if (kase.badKey && status !== 401) return `a request without a valid API key got ${status} (expected 401)`;
  if (status >= 500) {
    if (status !== 503) return `server error ${status}: ${text.slice(0, 300)}`;
    if (route.path === '/readyz') return undefined;
  }
  if (status < 400) return undefined;
  if (!type.startsWith('application/json')) return `error ${status} is not JSON (${type}): ${text.slice(0, 200)}`;
  let body: { error?: unknown; code?: unknown; message?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return `error ${status} is not valid JSON: ${text.slice(0, 200)}`;
  }
  if (typeof body.error !== 'string' || typeof body.message !== 'string' || body.message === '' || typeof body.code !== 'string') {
    return `error ${status} lacks error/code/message: ${text.slice(0, 300)}`;
  }
  if (!(body.code in ERROR_CODES)) return `error ${status} has a code not in src/errors.ts: ${body.code}`;
  const code = body.code as ErrorCode;
  if (ERROR_CODES[code].httpStatus !== status) return `code ${code} is answered with ${status}, src/errors.ts says ${ERROR_CODES[code].httpStatus}`;
  if (status === 503 && !['not_ready', 'no_lists'].includes(code)) return `503 with code ${code} (${body.message}) on ${storeKind}`;
  if (status === 400) {
    const message = body.message.toLowerCase();
    const names = [...route.fields, ...GENERIC_FIELDS];
    if (!names.some((n) => message.includes(n))) return `a 400 whose message names no field: "${body.message}"`;
  }
  // The "smaller" row's probes (an unknown schema, `/v1/audit?from=' OR '1'='1`, 10,000 names, NUL
  // on PostgreSQL) are asserted one by one in strict-params.test.ts; here they must only keep to the above.
  return undefined;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms (hang)`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** What the API said it wrote, to find in the store afterwards (lost records). */
interface Written {
  subjects: Map<string, number>;
  candidates: Map<string, number>;
}

function noteWrites(route: Route, status: number, text: string, written: Written): void {
  if (status !== 200 || route.method !== 'POST') return;
  const body = JSON.parse(text) as { results?: { ref?: string | null; outcome?: string; version?: number }[] };
  const into = route.path === '/v1/subjects' ? written.subjects : route.path === '/v1/candidates' ? written.candidates : undefined;
  if (!into) return;
  for (const r of body.results ?? []) {
    if (r.ref && r.outcome && r.outcome !== 'error' && typeof r.version === 'number') into.set(r.ref, Math.max(into.get(r.ref) ?? 0, r.version));
  }
}

function fuzzSuite(storeKind: 'sqlite' | 'postgres', open: () => Promise<Store>, skip?: string): void {
  describe(`fuzzing every route (${storeKind}, seed ${SEED}, ${RUNS} cases per route)`, { skip }, () => {
    const tmp = tempDir('vigil-fuzz-');
    let store: Store;
    let server: VigilApp;
    let key: string;
    let routes: Route[];
    const written: Written = { subjects: new Map(), candidates: new Map() };
    // NUL characters everywhere, on both stores: a text field or parameter holding one is a 400 naming it.
    const nul = true;

    before(async () => {
      store = await open();
      await importList(store, { dataset: DATASET, files: [LIST_FILE] });
      key = (await createKey(store, 'fuzz admin', ['admin'])).key;
      await createKey(store, 'fuzz spare', ['screen']);
      // The update route reads an empty mirror: it must answer, not fetch anything.
      // The budgets (names per key, failed authentications per address) are set far above this run so
      // that the cases reach the routes rather than a 429 (a 429 would pass the properties, a coded
      // JSON error, but fuzz nothing); rate-limits.test.ts tests the budgets themselves.
      server = await buildApp({
        store,
        logger: false,
        dataDir: join(tmp.dir, 'data'),
        sourcesDir: join(tmp.dir, 'empty-mirror'),
        datasets: [DATASET],
        maxBatch: 50,
        rateLimit: 10_000_000,
        failedAuthLimit: 10_000_000,
      });
      await server.state.reload();
      await server.app.ready();
      routes = routesOf(server.app.swagger() as never);
      // Fixtures the known path parameters point at: a subject that matches (an alert), one that does not, a candidate.
      const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
      const subjects = await server.app.inject({ method: 'POST', url: '/v1/subjects', headers, payload: { subjects: [{ ref: 'FZ-GAO', name: 'Gao Qiang' }, { ref: 'FZ-1', name: 'Anna Novak' }] } });
      assert.equal(subjects.statusCode, 200, subjects.body);
      const candidates = await server.app.inject({ method: 'POST', url: '/v1/candidates', headers, payload: { candidates: [{ ref: 'CAND-1', names: ['Jin Song'], emails: ['jin@example.org'] }] } });
      assert.equal(candidates.statusCode, 200, candidates.body);
      for (const body of [subjects.body, candidates.body]) noteWrites({ method: 'POST', path: body === subjects.body ? '/v1/subjects' : '/v1/candidates' } as Route, 200, body, written);
    });

    after(async () => {
      await server?.app.close();
      await store?.close();
      tmp.cleanup();
    });

    it('reads the route table from the OpenAPI document', () => {
      const names = routes.map((r) => `${r.method} ${r.path}`);
      for (const expected of ['POST /match/{dataset}', 'POST /v1/subjects', 'PATCH /v1/alerts/{id}', 'POST /v1/candidates', 'POST /v1/jobs', 'GET /v1/audit']) {
        assert.ok(names.includes(expected), `${expected} in ${names.join(', ')}`);
      }
      assert.ok(routes.length >= 40, `${routes.length} routes`);
    });

    it('serves a subject whose reference is as long as the schema allows, in any script (was a 414 past 100 characters)', async () => {
      const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
      const ref = `FZ-${'송'.repeat(197)}`;
      const created = await server.app.inject({ method: 'POST', url: '/v1/subjects', headers, payload: { subjects: [{ ref, name: 'Anna Novak' }], screen: false } });
      assert.equal(created.statusCode, 200, created.body);
      noteWrites({ method: 'POST', path: '/v1/subjects' } as Route, 200, created.body, written);
      const got = await server.app.inject({ method: 'GET', url: `/v1/subjects/${pct(ref)}`, headers });
      assert.equal(got.statusCode, 200, got.body.slice(0, 300));
      assert.equal((JSON.parse(got.body) as { subject: { ref: string } }).subject.ref, ref);
      const broken = await server.app.inject({ method: 'GET', url: '/v1/subjects/%zz', headers });
      assert.equal(broken.statusCode, 400);
      assert.deepEqual(JSON.parse(broken.body), { error: 'Bad Request', code: 'invalid_input', field: 'path', message: "path: '/v1/subjects/%zz' is not a valid url component" });
    });

    it('answers every hostile request to every route with a coded JSON error or a result, never a 5xx, a hang or a bypass', { timeout: 30 * 60_000 }, async () => {
      const failures: string[] = [];
      const statuses = new Map<number, number>();
      let cases = 0;
      // VIGIL_FUZZ_ONLY: a regular expression on "METHOD /path", to fuzz some routes alone (by hand).
      const only = process.env.VIGIL_FUZZ_ONLY ? new RegExp(process.env.VIGIL_FUZZ_ONLY) : undefined;
      const fuzzed = routes.filter((r) => !only || only.test(`${r.method} ${r.path}`));
      for (const route of fuzzed) {
        const property = fc.asyncProperty(casesOf(route, key, nul), async (kase) => {
          cases++;
          const res = await withTimeout(
            server.app.inject({ method: kase.method as 'GET', url: kase.url, headers: kase.headers, payload: kase.payload }),
            CASE_TIMEOUT_MS,
            `${kase.method} ${kase.url.slice(0, 200)}`,
          );
          const problem = problemOf(route, kase, res.statusCode, String(res.headers['content-type'] ?? ''), res.body, storeKind);
          if (problem) throw new Error(`${route.method} ${route.path} (${kase.what}): ${problem}`);
          noteWrites(route, res.statusCode, res.body, written);
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          const health = await withTimeout(server.app.inject({ method: 'GET', url: '/healthz' }), HEALTH_TIMEOUT_MS, 'GET /healthz after the case');
          if (health.statusCode !== 200) throw new Error(`/healthz answered ${health.statusCode} after ${route.method} ${route.path} (${kase.what})`);
        });
        const started = Date.now();
        const details = await fc.check(property, { seed: seedFor(SEED, `${route.method} ${route.path}`), numRuns: RUNS, endOnFailure: false });
        if (process.env.VIGIL_FUZZ_LOG) console.error(`${route.method} ${route.path}: ${Date.now() - started} ms${details.failed ? ' FAILED' : ''}`);
        if (details.failed) {
          failures.push(
            `${route.method} ${route.path}: ${String((details.errorInstance as Error | undefined)?.message ?? 'interrupted')}\n` +
              `  seed ${details.seed}, path "${details.counterexamplePath}", shrunk request: ${fc.stringify(details.counterexample).slice(0, 2_000)}`,
          );
        }
      }
      if (process.env.VIGIL_FUZZ_LOG) {
        console.error(`${cases} cases; statuses ${JSON.stringify(Object.fromEntries(statuses))}; written: ${written.subjects.size} subjects, ${written.candidates.size} candidates`);
      }
      assert.deepEqual(failures, [], `fuzz findings (reproduce with VIGIL_FUZZ_SEED=${SEED} VIGIL_FUZZ_RUNS=${RUNS}):\n${failures.join('\n')}`);
      assert.ok(cases >= fuzzed.length * RUNS, `${cases} cases run`);
    });

    it('leaves the data whole: the audit chain intact, no reference stored twice, nothing a response reported lost', async () => {
      const verify = await server.app.inject({ method: 'GET', url: '/v1/audit/verify', headers: { authorization: `Bearer ${key}` } });
      assert.equal(verify.statusCode, 200);
      const report = JSON.parse(verify.body) as { ok: boolean; records: number; problems: unknown[] };
      assert.deepEqual(report.problems, []);
      assert.equal(report.ok, true);
      assert.ok(report.records > 3, `${report.records} audit records`);

      const db = rawDatabaseOf(store);
      for (const table of ['subjects', 'candidates'] as const) {
        const twice = await db.selectFrom(table).select(['ref', db.fn.countAll<number>().as('n')]).groupBy('ref').having(db.fn.countAll(), '>', 1).execute();
        assert.deepEqual(twice, [], `${table} stored twice`);
      }
      const versionsTwice = await db
        .selectFrom('subject_versions')
        .select(['subject_id', 'version', db.fn.countAll<number>().as('n')])
        .groupBy(['subject_id', 'version'])
        .having(db.fn.countAll(), '>', 1)
        .execute();
      assert.deepEqual(versionsTwice, [], 'subject versions stored twice');

      const lost: string[] = [];
      for (const [table, refs] of [['subjects', written.subjects], ['candidates', written.candidates]] as const) {
        const stored = new Map((await db.selectFrom(table).select(['ref', 'version']).execute()).map((r) => [r.ref, Number(r.version)]));
        for (const [ref, version] of refs) if (!((stored.get(ref) ?? 0) >= version)) lost.push(`${table} ${JSON.stringify(ref)} v${version}`);
      }
      assert.deepEqual(lost, [], 'records a response reported written but not in the store');
      assert.ok(written.subjects.size >= 2 && written.candidates.size >= 1, `${written.subjects.size} subjects and ${written.candidates.size} candidates written`);
    });
  });
}

const schemas = pgSchemas('fuzz');
after(() => schemas.dropAll());
const dbs = tempDir('vigil-fuzz-db-');
after(() => dbs.cleanup());
fuzzSuite('sqlite', () => openStore({ kind: 'sqlite', file: join(dbs.dir, 'fuzz.sqlite') }));
fuzzSuite('postgres', () => openStore({ kind: 'postgres', url: PG_URL!, schema: schemas.next() }), PG_SKIP);
