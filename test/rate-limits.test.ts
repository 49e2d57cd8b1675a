/**
 * Rate limits by cost (src/server/rate-limits.ts), over loopback on the real UN list: a /match of
 * 500 queries spends 500 of the key's budget of names per minute, the next one over the budget
 * gets 429 with Retry-After; subject uploads and batch jobs pay their rows; a request bigger than
 * a whole minute's budget gets 413. Failed authentication is limited per client address, before
 * any key lookup, and another address is unaffected; X-Forwarded-For counts only from a trusted
 * proxy. The token bucket itself on a fake clock.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { importList } from '../src/lists/import.js';
import { buildApp, type VigilApp } from '../src/server/index.js';
import { createKey } from '../src/server/keys.js';
import { TokenBuckets } from '../src/server/rate-limits.js';
import { openStore, type Store } from '../src/store/index.js';
import { listFile, listenOnLoopback, tempDir } from './helpers.js';

const tmp = tempDir();
let store: Store;
let screenKey: string;
let analystKey: string;
const apps: VigilApp[] = [];

async function start(options: Partial<Parameters<typeof buildApp>[0]>): Promise<{ server: VigilApp; base: string }> {
  const server = await buildApp({ store, logger: false, maxBatch: 1000, dataDir: join(tmp.dir, `data-${apps.length}`), ...options });
  apps.push(server);
  return { server, base: await listenOnLoopback(server) };
}

function headers(key: string | undefined, extra: Record<string, string> = {}): Record<string, string> {
  return { ...(key ? { authorization: `Bearer ${key}` } : {}), ...extra };
}

/** A /match body of `n` queries. */
function matchBody(n: number): string {
  const queries = Object.fromEntries(Array.from({ length: n }, (_, i) => [`q${i}`, { schema: 'Person', properties: { name: [`Test Person Number ${i}`] } }]));
  return JSON.stringify({ queries });
}

before(async () => {
  store = await openStore({ kind: 'sqlite', file: join(tmp.dir, 'vigil.sqlite') });
  await importList(store, { dataset: 'un_sc_sanctions', files: [listFile('un', 'un_consolidated_2026-02-27.xml')] });
  screenKey = (await createKey(store, 'screening partner', ['screen'])).key;
  analystKey = (await createKey(store, 'analyst', ['analyst'])).key;
});

after(async () => {
  for (const a of apps) await a.app.close();
  await store?.close();
  tmp.cleanup();
});

describe('a budget of names screened per key', () => {
  it('charges a /match its queries: 500 of 800 spent, the next 500 refused with Retry-After, a plain read still passes', async () => {
    const { server, base } = await start({ rateLimit: 800 });
    await server.state.reload();
    const post = (key: string, n: number) =>
      fetch(`${base}/match/default`, { method: 'POST', headers: headers(key, { 'content-type': 'application/json' }), body: matchBody(n) });

    const first = await post(screenKey, 500);
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('x-ratelimit-limit'), '800');
    const remaining = Number(first.headers.get('x-ratelimit-remaining'));
    assert.ok(remaining >= 300 && remaining <= 301, `500 of 800 spent, ${remaining} left`);

    const second = await post(screenKey, 500);
    assert.equal(second.status, 429);
    const retry = Number(second.headers.get('retry-after'));
    // 200 names missing at 800 a minute: 15 s, less what refilled while the first one was screened.
    assert.ok(retry >= 1 && retry <= 15, `Retry-After ${retry}`);
    const body = (await second.json()) as { code: string; message: string };
    assert.equal(body.code, 'rate_limited');
    assert.match(body.message, /screens 500 names/);
    assert.match(body.message, /budget of 800 names per minute/);

    // A plain read costs 1, and fits in what is left.
    const read = await fetch(`${base}/algorithms`, { headers: headers(screenKey) });
    assert.equal(read.status, 200);
    // Another key has its own budget.
    const keyB = (await createKey(store, 'second partner', ['screen'])).key;
    assert.equal((await post(keyB, 500)).status, 200);
  });

  it('answers 413 to a request that costs more than a whole minute of budget', async () => {
    const { base } = await start({ rateLimit: 400 }); // refused before the index is even needed
    const res = await fetch(`${base}/match/default`, { method: 'POST', headers: headers(screenKey, { 'content-type': 'application/json' }), body: matchBody(401) });
    assert.equal(res.status, 413);
    assert.match(((await res.json()) as { message: string }).message, /screens 401 names, more than this API key's budget of 400 names per minute: split it/);
  });

  it('charges POST /v1/subjects its rows (JSON and CSV), and a batch job its rows, overdrawing', async () => {
    const { base } = await start({ rateLimit: 100 });
    const json = await fetch(`${base}/v1/subjects?screen=false`, {
      method: 'POST',
      headers: headers(analystKey, { 'content-type': 'application/json' }),
      body: JSON.stringify({ screen: false, subjects: Array.from({ length: 30 }, (_, i) => ({ ref: `J-${i}`, name: `Json Person ${i}` })) }),
    });
    assert.equal(json.status, 200);
    assert.equal(json.headers.get('x-ratelimit-remaining'), '70');
    const csv = ['ref,name', ...Array.from({ length: 50 }, (_, i) => `C-${i},Csv Person ${i}`), ''].join('\n');
    const upload = await fetch(`${base}/v1/subjects?screen=false`, { method: 'POST', headers: headers(analystKey, { 'content-type': 'text/csv' }), body: csv });
    assert.equal(upload.status, 200);
    assert.equal(upload.headers.get('x-ratelimit-remaining'), '20');
    const tooMany = await fetch(`${base}/v1/subjects?screen=false`, { method: 'POST', headers: headers(analystKey, { 'content-type': 'text/csv' }), body: csv });
    assert.equal(tooMany.status, 429);
    assert.match(((await tooMany.json()) as { message: string }).message, /screens 50 names and this API key has 2\d left of its budget of 100/);

    // A batch job of 150 rows is accepted while the budget is not overdrawn, and overdraws it.
    const rows = Array.from({ length: 150 }, (_, i) => JSON.stringify({ id: `r${i}`, schema: 'Person', properties: { name: [`Job Person ${i}`] } })).join('\n');
    const job = await fetch(`${base}/v1/jobs`, { method: 'POST', headers: headers(screenKey, { 'content-type': 'application/x-ndjson' }), body: rows });
    assert.equal(job.status, 202);
    const next = await fetch(`${base}/algorithms`, { headers: headers(screenKey) });
    assert.equal(next.status, 429);
    // 50 names overdrawn at 100 a minute: 31 s before one name is available again.
    const retry = Number(next.headers.get('retry-after'));
    assert.ok(retry >= 29 && retry <= 31, `Retry-After ${retry}`);
    const again = await fetch(`${base}/v1/jobs`, { method: 'POST', headers: headers(screenKey, { 'content-type': 'application/x-ndjson' }), body: rows });
    assert.equal(again.status, 429);
    assert.match(((await again.json()) as { message: string }).message, /batch jobs cost their rows/);
  });
});

describe('failed authentication per client address', () => {
  it('refuses an address after its failures, before any key lookup, whatever key it then shows; another address is unaffected', async () => {
    // The test client is the trusted proxy, so X-Forwarded-For names the client.
    const { base } = await start({ failedAuthLimit: 5, trustProxy: ['127.0.0.1'] });
    const lookups = { n: 0 };
    const repo = store.repos.apiKeys;
    const byId = repo.byId.bind(repo);
    repo.byId = async (id: string) => {
      lookups.n++;
      return byId(id);
    };
    try {
      const from = (address: string, key: string | undefined) => fetch(`${base}/algorithms`, { headers: headers(key, { 'x-forwarded-for': address }) });
      const forged = `${screenKey.slice(0, -6)}AAAAAA`;
      for (let i = 0; i < 5; i++) assert.equal((await from('203.0.113.7', forged)).status, 401);
      const before = lookups.n;
      const blocked = await from('203.0.113.7', forged);
      assert.equal(blocked.status, 429);
      assert.ok(Number(blocked.headers.get('retry-after')) >= 1);
      const message = ((await blocked.json()) as { message: string }).message;
      assert.match(message, /too many failed authentications from 203\.0\.113\.7: the limit is 5 per minute/);
      // Even a valid key from that address waits: one good key must not lift the block on guesses.
      assert.equal((await from('203.0.113.7', screenKey)).status, 429);
      for (let i = 0; i < 50; i++) assert.equal((await from('203.0.113.7', `${forged.slice(0, -2)}${String(i).padStart(2, '0')}`)).status, 429);
      assert.equal(lookups.n, before, 'a blocked address costs no key lookup');
      // Another address: its own budget.
      assert.equal((await from('198.51.100.2', screenKey)).status, 200);
      assert.equal((await from('198.51.100.2', forged)).status, 401);
      // Health stays open from anywhere.
      assert.equal((await fetch(`${base}/healthz`, { headers: { 'x-forwarded-for': '203.0.113.7' } })).status, 200);
    } finally {
      repo.byId = byId;
    }
  });

  it('believes X-Forwarded-For only from a configured proxy', async () => {
    const { base } = await start({ failedAuthLimit: 3 });
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${base}/algorithms`, { headers: headers('vgl_nonsense', { 'x-forwarded-for': `192.0.2.${i}` }) });
      assert.equal(res.status, 401);
    }
    // All three counted against the socket's address (127.0.0.1), whatever the header claimed.
    const res = await fetch(`${base}/algorithms`, { headers: headers(screenKey, { 'x-forwarded-for': '192.0.2.99' }) });
    assert.equal(res.status, 429);
    assert.match(((await res.json()) as { message: string }).message, /from 127\.0\.0\.1/);
  });
});

describe('the token bucket', () => {
  it('refills continuously up to one minute, allows an overdraft, and says when a cost fits', () => {
    let now = 0;
    const b = new TokenBuckets(600, () => now); // 10 a second
    assert.equal(b.take('k', 600), true);
    assert.equal(b.take('k', 1), false);
    assert.equal(b.retryAfter('k', 1), 1);
    assert.equal(b.retryAfter('k', 100), 10);
    now += 5_000;
    assert.equal(b.available('k'), 50);
    assert.equal(b.take('k', 60), false, 'nothing is taken when it does not fit');
    assert.equal(b.available('k'), 50);
    b.charge('k', 250);
    assert.equal(b.available('k'), -200);
    assert.equal(b.retryAfter('k', 1), 21);
    now += 3_600_000;
    assert.equal(b.available('k'), 600, 'never more than one minute of budget');
    assert.equal(b.available('other'), 600);
  });

  it('forgets full buckets once it tracks too many clients, at most once a second', () => {
    let now = 0;
    const b = new TokenBuckets(20, () => now, 100);
    for (let i = 0; i < 100; i++) b.charge(`a${i}`, 1);
    now += 3_000; // each of those is full again
    b.charge('b0', 20); // 101 tracked: swept, only the one just charged is left
    assert.equal(b.tracked, 1);
    for (let i = 1; i <= 150; i++) b.charge(`b${i}`, 20);
    assert.equal(b.tracked, 151, 'no sweep within the same second');
    now += 1_000; // a third of a name back each: none is full
    b.charge('c', 1);
    assert.equal(b.tracked, 152, 'swept again, and none forgotten: a spent budget is never dropped');
    assert.ok(b.available('b0') < 1);
  });
});
