/**
 * The HTTP service over loopback, on the real OFAC publications: the yente-compatible /match
 * (replayed request, response checked field by field), /search, /entities, /catalog, /algorithms,
 * the native /v1 routes, readiness, OpenAPI, and bad requests (a 400 naming the field, 404, 413).
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { importList } from '../src/lists/import.js';
import { buildApp, type VigilApp } from '../src/server/index.js';
import { createKey, revokeKey } from '../src/server/keys.js';
import { auditRecords, verifyAudit } from '../src/cases/index.js';
import { openStore, type Store } from '../src/store/index.js';
import { LISTS_DIR, listFile, listenOnLoopback, tempDir } from './helpers.js';

const tmp = tempDir();
let store: Store;
let server: VigilApp;
let base: string;
let julyVersion: number;
let screenKey: string;
let adminKey: string;

async function call(method: string, path: string, body?: unknown, raw?: string, key: string | null = screenKey) {
  const headers: Record<string, string> = {};
  if (body !== undefined || raw !== undefined) headers['content-type'] = 'application/json';
  if (key) headers.authorization = `Bearer ${key}`;
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

before(async () => {
  store = await openStore({ kind: 'sqlite', file: join(tmp.dir, 'vigil.sqlite') });
  const july = await importList(store, { dataset: 'us_ofac_sdn', files: [listFile('ofac-sdn-advanced', 'sdn_advanced_2025-07-01.xml.gz')] });
  julyVersion = july.version.id;
  await importList(store, { dataset: 'us_ofac_sdn', files: [listFile('ofac-sdn-advanced', 'sdn_advanced_2025-11-19.xml.gz')] });
  await importList(store, { dataset: 'un_sc_sanctions', files: [listFile('un', 'un_consolidated_2026-02-27.xml')] });
  screenKey = (await createKey(store, 'tests', ['screen'])).key;
  adminKey = (await createKey(store, 'test admin', ['admin'])).key;
  // The operator's subset: readiness waits for these two datasets only.
  server = await buildApp({ store, logger: false, bodyLimit: 64 * 1024, maxBatch: 50, dataDir: join(tmp.dir, 'data'), sourcesDir: LISTS_DIR, datasets: ['us_ofac_sdn', 'un_sc_sanctions'] });
  base = await listenOnLoopback(server);
});

after(async () => {
  await server?.app.close();
  await store?.close();
  tmp.cleanup();
});

describe('readiness', () => {
  it('answers health at once and readiness only once the index is built', async () => {
    assert.equal((await call('GET', '/healthz')).status, 200);
    const loading = await call('GET', '/readyz');
    assert.equal(loading.status, 503);
    const early = await call('POST', '/v1/screen', { query: { schema: 'Person', properties: { name: ['x'] } } });
    assert.equal(early.status, 503);
    assert.match(String(early.json.message), /index is still being built/);
    await server.state.reload();
    const ready = await call('GET', '/readyz');
    assert.equal(ready.status, 200);
    assert.ok((ready.json.index as { parties: number }).parties > 18_000);
  });
});

describe('OpenSanctions-compatible API', () => {
  it('answers a yente /match request in yente shape, field by field', async () => {
    const request = {
      queries: {
        q1: { schema: 'Person', properties: { name: ['Kum-hyok Song'], birthDate: ['1987'] } },
        q2: { schema: 'Company', properties: { name: 'Asatryan LLC' } },
        q3: { schema: 'Person', properties: { name: ['Jonathan Q. Nobody'] } },
      },
    };
    const { status, json } = await call('POST', '/match/default?algorithm=logic-v1&limit=3', request);
    assert.equal(status, 200);
    // yente's shape, plus the list versions the screening used.
    assert.deepEqual(Object.keys(json).sort(), ['limit', 'matcher', 'responses', 'versions']);
    assert.deepEqual(
      (json.versions as { dataset: string }[]).map((v) => v.dataset),
      ['un_sc_sanctions', 'us_ofac_sdn'],
    );
    assert.equal(json.limit, 3);
    const matcher = json.matcher as Record<string, { description: string; coefficient: number }>;
    assert.equal(typeof matcher.name?.description, 'string');
    const responses = json.responses as Record<string, { status: number; results: Record<string, unknown>[]; total: { value: number; relation: string }; query: Record<string, unknown> }>;
    assert.deepEqual(Object.keys(responses).sort(), ['q1', 'q2', 'q3']);
    const q1 = responses.q1!;
    assert.equal(q1.status, 200);
    assert.deepEqual(q1.query, { id: null, schema: 'Person', properties: { name: ['Kum-hyok Song'], birthDate: ['1987'] } });
    assert.equal(q1.total.relation, 'eq');
    assert.equal(q1.total.value, q1.results.length);
    const top = q1.results[0]!;
    for (const field of ['id', 'caption', 'schema', 'properties', 'datasets', 'referents', 'target', 'first_seen', 'last_seen', 'last_change', 'score', 'features', 'match']) {
      assert.ok(field in top, `result field ${field}`);
    }
    assert.equal(top.id, 'us_ofac_sdn-49970');
    assert.equal(top.caption, 'Song Kum Hyok');
    assert.equal(top.schema, 'Person');
    assert.equal(top.match, true);
    assert.equal(typeof top.score, 'number');
    assert.deepEqual((top.properties as Record<string, string[]>).birthDate, ['1987-08-30']);
    assert.deepEqual(top.datasets, ['us_ofac_sdn']);
    assert.equal(typeof (top.features as Record<string, number>).name, 'number');
    assert.equal(responses.q2!.results[0]!.id, 'us_ofac_sdn-53820');
    assert.ok(responses.q3!.results.every((r) => r.match === false));
  });

  it('limits /match to one dataset and rejects unknown ones and algorithms', async () => {
    const un = await call('POST', '/match/un_sc_sanctions', { queries: { a: { schema: 'Person', properties: { name: ['Ri Pyong Chol'] } } } });
    const results = (un.json.responses as Record<string, { results: { datasets: string[] }[] }>).a!.results;
    assert.ok(results.length > 0 && results.every((r) => r.datasets.includes('un_sc_sanctions')));
    const unknown = await call('POST', '/match/nowhere', { queries: { a: { schema: 'Person', properties: { name: ['x'] } } } });
    assert.equal(unknown.status, 404);
    assert.match(String(unknown.json.message), /unknown dataset "nowhere"/);
    const algo = await call('POST', '/match/default', { algorithm: 'magic', queries: { a: { schema: 'Person', properties: { name: ['x'] } } } });
    assert.equal(algo.status, 400);
    assert.match(String(algo.json.message), /algorithm "magic" is not available/);
  });

  it('searches, shows entities with their wallets, and describes catalog and algorithms', async () => {
    const search = await call('GET', `/search/default?q=${encodeURIComponent('Song Kum Hyok')}&limit=3`);
    assert.equal(search.status, 200);
    assert.equal((search.json.results as { id: string }[])[0]!.id, 'us_ofac_sdn-49970');
    assert.deepEqual(search.json.total, { value: (search.json.results as unknown[]).length, relation: 'eq' });
    const cheil = await call('GET', '/entities/us_ofac_sdn-22985');
    assert.equal(cheil.status, 200);
    assert.equal((cheil.json.wallets as { properties: { currency: string[] } }[]).filter((w) => w.properties.currency[0] === 'USDT').length, 53);
    assert.equal((await call('GET', '/entities/us_ofac_sdn-0')).status, 404);
    const catalog = await call('GET', '/catalog');
    const names = (catalog.json.datasets as { name: string; load: boolean }[]).filter((d) => d.load).map((d) => d.name);
    assert.deepEqual(names.sort(), ['default', 'un_sc_sanctions', 'us_ofac_sdn']);
    const algorithms = await call('GET', '/algorithms');
    assert.equal(algorithms.json.default, 'vigil-v1');
  });
});

describe('native API', () => {
  it('screens one entity with its explanation and the list versions used', async () => {
    const { status, json } = await call('POST', '/v1/screen', { query: { schema: 'Person', properties: { name: ['송금혁'] } } });
    assert.equal(status, 200);
    const results = json.results as { id: string; match: boolean; explanation: { summary: string } }[];
    assert.equal(results[0]!.id, 'us_ofac_sdn-49970');
    assert.match(results[0]!.explanation.summary, /Song Kum Hyok/);
    assert.ok((json.versions as { dataset: string }[]).some((v) => v.dataset === 'us_ofac_sdn'));
  });

  it('compares a pair', async () => {
    const { json } = await call('POST', '/v1/compare', {
      query: { schema: 'Person', properties: { name: ['Kim Jong Il'] } },
      candidate: { schema: 'Person', properties: { name: ['Kim Jong Un'] } },
    });
    assert.equal(json.match, false);
  });

  it('looks up a wallet address exactly and names its holder', async () => {
    const cheil = await call('GET', '/entities/us_ofac_sdn-22985');
    const address = (cheil.json.wallets as { properties: { publicKey: string[] } }[])[0]!.properties.publicKey[0]!;
    const hit = await call('GET', `/v1/addresses/${address}`);
    assert.equal(hit.json.listed, true);
    assert.equal((hit.json.holders as { id: string }[])[0]!.id, 'us_ofac_sdn-22985');
    const near = await call('GET', `/v1/addresses/${address.slice(0, -1)}X`);
    assert.equal(near.json.listed ?? false, false);
    const bad = await call('GET', '/v1/addresses/not-an-address');
    assert.equal(bad.status, 400);
    assert.match(String(bad.json.message), /^address: /);
  });

  it('lists datasets and serves the changes since a version', async () => {
    const lists = await call('GET', '/v1/lists');
    const sdn = (lists.json.datasets as { name: string; versions: unknown[]; current: { publishedAt: string } }[]).find((d) => d.name === 'us_ofac_sdn')!;
    assert.equal(sdn.versions.length, 2);
    assert.equal(sdn.current.publishedAt, '2025-11-19');
    const changes = await call('GET', `/v1/lists/us_ofac_sdn/changes?since=${julyVersion}`);
    assert.equal(changes.status, 200);
    assert.ok((changes.json.added as { id: string }[]).some((a) => a.id === 'us_ofac_sdn-49970'));
    const bad = await call('GET', '/v1/lists/us_ofac_sdn/changes?since=yesterday-ish');
    assert.equal(bad.status, 400);
    assert.match(String(bad.json.message), /^querystring\/since: /);
  });
});

describe('API keys, scopes and rate limits', () => {
  it('refuses requests without a key, with a wrong or malformed key, and lets health through', async () => {
    const none = await call('POST', '/v1/compare', { query: { schema: 'Person', properties: {} }, candidate: { schema: 'Person', properties: {} } }, undefined, null);
    assert.equal(none.status, 401);
    assert.match(String(none.json.message), /an API key is required/);
    const forged = `${screenKey.slice(0, -4)}AAAA`;
    const wrong = await call('GET', '/catalog', undefined, undefined, forged);
    assert.equal(wrong.status, 401);
    assert.match(String(wrong.json.message), /not valid/);
    assert.equal((await call('GET', '/catalog', undefined, undefined, 'hello')).status, 401);
    assert.equal((await call('GET', '/healthz', undefined, undefined, null)).status, 200);
    const yenteStyle = await fetch(`${base}/algorithms`, { headers: { authorization: `ApiKey ${screenKey}` } });
    assert.equal(yenteStyle.status, 200);
    const xHeader = await fetch(`${base}/algorithms`, { headers: { 'x-api-key': screenKey } });
    assert.equal(xHeader.status, 200);
  });

  it('enforces scopes: key management needs admin', async () => {
    const denied = await call('GET', '/v1/keys');
    assert.equal(denied.status, 403);
    assert.match(String(denied.json.message), /lacks the "admin" scope/);
    const created = await call('POST', '/v1/keys', { name: 'partner bank', scopes: ['screen'] }, undefined, adminKey);
    assert.equal(created.status, 201);
    const key = String(created.json.key);
    assert.match(key, /^vgl_[a-z0-9]{10}_/);
    assert.equal((await call('GET', '/algorithms', undefined, undefined, key)).status, 200);
    const listed = await call('GET', '/v1/keys', undefined, undefined, adminKey);
    const keys = listed.json.keys as { id: string; name: string }[];
    assert.ok(keys.some((k) => k.name === 'partner bank'));
    assert.ok(!JSON.stringify(listed.json).includes(key.slice(15)), 'secrets are never listed');
    const audit = await auditRecords(store);
    const adminId = /^vgl_([a-z0-9]{10})_/.exec(adminKey)![1];
    assert.ok(audit.some((r) => r.action === 'key.create' && r.actor === `key:${adminId}` && r.details.name === 'partner bank'), 'key creation is audited');
    assert.equal((await verifyAudit(store)).ok, true);
  });

  it('updates the lists on an admin request only, and rebuilds the index', async () => {
    const denied = await call('POST', '/v1/lists/update', { datasets: ['gb_fcdo_sanctions'] });
    assert.equal(denied.status, 403);
    const before = (await call('GET', '/readyz')).json.index as { parties: number };
    const updated = await call('POST', '/v1/lists/update', { datasets: ['gb_fcdo_sanctions'] }, undefined, adminKey);
    assert.equal(updated.status, 200);
    assert.deepEqual((updated.json.results as { dataset: string; status: string }[]).map((r) => [r.dataset, r.status]), [['gb_fcdo_sanctions', 'imported']]);
    const after = (await call('GET', '/readyz')).json.index as { parties: number };
    assert.equal(after.parties, before.parties + 5302);
    const unknown = await call('POST', '/v1/lists/update', { datasets: ['nope'] }, undefined, adminKey);
    assert.equal(unknown.status, 400);
  });

  it('refuses a key at once once an admin revoked it here, even one verified (and cached) a moment before', async () => {
    const { key, info } = await createKey(store, 'revoked over the API', ['admin']);
    assert.equal((await call('GET', '/catalog', undefined, undefined, key)).status, 200);
    const revoked = await call('DELETE', `/v1/keys/${info.id}`, undefined, undefined, adminKey);
    assert.equal(revoked.status, 200);
    const refused = await call('GET', '/catalog', undefined, undefined, key);
    assert.equal(refused.status, 401);
    assert.match(String(refused.json.message), /revoked/);
    // Nor can it mint a key after its revocation.
    assert.equal((await call('POST', '/v1/keys', { name: 'late', scopes: ['admin'] }, undefined, key)).status, 401);
  });

  it('refuses a revoked key', async () => {
    const { key, info } = await createKey(store, 'to revoke', ['screen']);
    assert.equal(await revokeKey(store, info.id), true);
    const refused = await call('GET', '/catalog', undefined, undefined, key);
    assert.equal(refused.status, 401);
    assert.match(String(refused.json.message), /revoked/);
  });

  it('logs JSON lines with the key id, never the key', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logged = await buildApp({ store, logger: { level: 'info', stream } });
    await logged.app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const url = `http://127.0.0.1:${(logged.app.server.address() as AddressInfo).port}/algorithms`;
      assert.equal((await fetch(url, { headers: { authorization: `Bearer ${screenKey}` } })).status, 200);
    } finally {
      await logged.app.close();
    }
    const keyId = /^vgl_([a-z0-9]{10})_/.exec(screenKey)![1]!;
    const completed = lines.map((l) => JSON.parse(l) as { msg: string; keyId?: string }).find((l) => l.msg === 'request completed');
    assert.equal(completed?.keyId, keyId);
    assert.ok(!lines.some((l) => l.includes(screenKey.slice(16))), 'the secret never reaches the log');
  });

  it('limits the request rate per key', async () => {
    const limited = await buildApp({ store, logger: false, rateLimit: 3 });
    await limited.app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const url = `http://127.0.0.1:${(limited.app.server.address() as AddressInfo).port}/algorithms`;
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await fetch(url, { headers: { authorization: `Bearer ${screenKey}` } })).status);
      assert.deepEqual(statuses, [200, 200, 200, 429]);
      // Another key has its own budget.
      assert.equal((await fetch(url, { headers: { authorization: `Bearer ${adminKey}` } })).status, 200);
    } finally {
      await limited.app.close();
    }
  });
});

describe('bad requests and documentation', () => {
  it('answers 400 naming the offending field, 400 for broken JSON, 413 for an oversized body', async () => {
    const missing = await call('POST', '/v1/screen', { query: { properties: { name: ['x'] } } });
    assert.equal(missing.status, 400);
    assert.equal(missing.json.field, 'body/query/schema');
    const wrongType = await call('POST', '/v1/screen', { query: { schema: 'Person', properties: { name: [{ nested: true }] } } });
    assert.equal(wrongType.status, 400);
    assert.match(String(wrongType.json.field), /^body\/query\/properties\/name/);
    const broken = await call('POST', '/v1/screen', undefined, '{"query": ');
    assert.equal(broken.status, 400);
    assert.ok(!JSON.stringify(broken.json).includes('    at '), 'no stack trace');
    const big = await call('POST', '/v1/screen', { query: { schema: 'Person', properties: { name: ['x'.repeat(1000)] } }, pad: 'y'.repeat(70 * 1024) });
    assert.equal(big.status, 413);
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`q${i}`, { schema: 'Person', properties: { name: ['x'] } }]));
    const tooMany = await call('POST', '/match/default', { queries: many });
    assert.equal(tooMany.status, 400);
    assert.match(String(tooMany.json.message), /51 queries in one request; the limit is 50/);
    const nowhere = await call('GET', '/nowhere');
    assert.equal(nowhere.status, 404);
  });

  it('exposes Prometheus metrics: latency by route, screenings, list age', async () => {
    const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${screenKey}` } });
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.match(text, /vigil_http_request_duration_seconds_bucket\{[^}]*route="\/match\/:dataset"/);
    assert.match(text, /vigil_screens_total\{endpoint="match"\} [1-9]/);
    assert.match(text, /vigil_list_age_seconds\{dataset="us_ofac_sdn"\} \d+/);
    assert.match(text, /vigil_index_parties \d{5}/);
    assert.equal((await fetch(`${base}/metrics`)).status, 401);
  });

  it('publishes OpenAPI 3.1 generated from the route schemas, and interactive docs', async () => {
    const { json } = await call('GET', '/openapi.json');
    assert.equal(json.openapi, '3.1.0');
    const paths = Object.keys(json.paths as object);
    for (const p of ['/match/{dataset}', '/search/{dataset}', '/entities/{id}', '/v1/screen', '/v1/addresses/{address}', '/v1/lists/{dataset}/changes']) {
      assert.ok(paths.includes(p), p);
    }
    const docs = await fetch(`${base}/docs/`);
    assert.equal(docs.status, 200);
    assert.ok((json.components as { securitySchemes: object }).securitySchemes, 'API key security scheme documented');
  });
});
