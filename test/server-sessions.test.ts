/**
 * Signing in to the web UI over HTTP (src/server/sessions.ts), against the real server on the real
 * OFAC list: the session cookie is httpOnly and SameSite=Strict; a request made with it needs its
 * CSRF token when unsafe; the role limits what it may do; what the user does is audited under
 * their name; signing out ends it; API keys work as before beside it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { createUser } from '../src/app/index.js';
import { auditRecords } from '../src/cases/index.js';
import { importList } from '../src/lists/import.js';
import { buildApp, type VigilApp } from '../src/server/index.js';
import { createKey } from '../src/server/keys.js';
import { openStore, type Store } from '../src/store/index.js';
import { listFile, listenOnLoopback, tempDir } from './helpers.js';

const tmp = tempDir();
let store: Store;
let server: VigilApp;
let base: string;
let screenKey: string;
const PASSWORD = 'correct horse battery';

interface Reply {
  status: number;
  json: Record<string, unknown>;
  setCookie: string | null;
}

async function call(method: string, path: string, options: { body?: unknown; cookie?: string; csrf?: string; key?: string } = {}): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.cookie) headers.cookie = options.cookie;
  if (options.csrf) headers['x-csrf-token'] = options.csrf;
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  const res = await fetch(`${base}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {}, setCookie: res.headers.get('set-cookie') };
}

async function signIn(name: string, password: string): Promise<{ cookie: string; csrf: string; reply: Reply }> {
  const reply = await call('POST', '/api/session', { body: { name, password } });
  const cookie = reply.setCookie?.split(';')[0] ?? '';
  return { cookie, csrf: String(reply.json.csrfToken ?? ''), reply };
}

before(async () => {
  store = await openStore({ kind: 'sqlite', file: join(tmp.dir, 'vigil.sqlite') });
  await importList(store, { dataset: 'us_ofac_sdn', files: [listFile('ofac-sdn-advanced', 'sdn_advanced_2025-11-19.xml.gz')] });
  await createUser(store, 'alice', 'analyst', PASSWORD, 'cli:tests');
  await createUser(store, 'rita', 'reviewer', PASSWORD, 'cli:tests');
  screenKey = (await createKey(store, 'tests', ['screen'])).key;
  server = await buildApp({ store, logger: false, datasets: ['us_ofac_sdn'] });
  base = await listenOnLoopback(server);
  await server.state.reload(); // the lists in force read, the index built
});

after(async () => {
  await server?.app.close();
  await store?.close();
  tmp.cleanup();
});

describe('web UI sessions', () => {
  it('refuses a wrong password and sets an httpOnly, SameSite=Strict cookie for the right one', async () => {
    assert.equal((await call('GET', '/api/session')).status, 401);
    const wrong = await signIn('alice', 'not her password');
    assert.equal(wrong.reply.status, 401);
    assert.deepEqual(wrong.reply.json, { error: 'Unauthorized', code: 'unauthorized', message: 'wrong name or password, or the account is disabled' });
    assert.equal(wrong.reply.setCookie, null);

    const { cookie, csrf, reply } = await signIn('alice', PASSWORD);
    assert.equal(reply.status, 200);
    assert.match(reply.setCookie ?? '', /^vigil_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    assert.deepEqual(reply.json, { user: { name: 'alice', role: 'analyst' }, csrfToken: csrf, idleTimeoutSeconds: 1800 });
    assert.deepEqual((await call('GET', '/api/session', { cookie })).json, reply.json);
  });

  it('screens with the session, an unsafe request only with its CSRF token', async () => {
    const { cookie, csrf } = await signIn('alice', PASSWORD);
    const query = { query: { schema: 'Person', properties: { name: ['Сон Гым Хёк'] } }, limit: 3 };
    const forged = await call('POST', '/v1/screen', { body: query, cookie });
    assert.equal(forged.status, 403);
    assert.match(String(forged.json.message), /CSRF token in the X-CSRF-Token header/);
    assert.equal((await call('POST', '/v1/screen', { body: query, cookie, csrf: 'x'.repeat(43) })).status, 403);
    const screened = await call('POST', '/v1/screen', { body: query, cookie, csrf });
    assert.equal(screened.status, 200);
    const top = (screened.json.results as { caption: string; match: boolean }[])[0];
    assert.deepEqual([top?.caption, top?.match], ['Song Kum Hyok', true]);
    // Reading needs no CSRF token.
    assert.equal((await call('GET', '/v1/lists', { cookie })).status, 200);
  });

  it('limits the session to its role, and audits what the user does under their name', async () => {
    const { cookie, csrf } = await signIn('alice', PASSWORD);
    const keys = await call('GET', '/v1/keys', { cookie });
    assert.equal(keys.status, 403);
    assert.equal(keys.json.message, 'the role "analyst" may not do this (it needs the "admin" scope)');
    const upsert = await call('POST', '/v1/subjects', { body: { subjects: [{ ref: 'C-1', name: 'Anna Novak' }] }, cookie, csrf });
    assert.equal(upsert.status, 200);
    const trail = await auditRecords(store);
    const subject = trail.find((r) => r.action.startsWith('subject.'));
    assert.equal(subject?.actor, 'user:alice');
    assert.ok(trail.some((r) => r.action === 'session.start' && r.actor === 'user:alice'));
  });

  it('needs a second user with the reviewer role to reverse a confirmed match (four eyes)', async () => {
    const alice = await signIn('alice', PASSWORD);
    const upsert = await call('POST', '/v1/subjects', { body: { subjects: [{ ref: 'K-1', name: 'Song Kum Hyok' }] }, cookie: alice.cookie, csrf: alice.csrf });
    assert.equal(upsert.status, 200);
    const alerts = (await call('GET', '/v1/alerts?subject=K-1', { cookie: alice.cookie })).json.alerts as { id: number }[];
    assert.equal(alerts.length, 1);
    const id = alerts[0]!.id;
    const decide = (who: { cookie: string; csrf: string }, decision: string) =>
      call('POST', `/v1/alerts/${id}/decision`, { body: { decision, rationale: 'checked against the passport copy' }, cookie: who.cookie, csrf: who.csrf });
    assert.equal((await decide(alice, 'confirmed')).status, 200);
    assert.equal((await decide(alice, 'false_positive')).status, 202, 'a reversal waits for approval');
    const self = await call('POST', `/v1/alerts/${id}/reversal/approve`, { body: {}, cookie: alice.cookie, csrf: alice.csrf });
    assert.equal(self.status, 403);
    assert.equal(self.json.message, 'approving the reversal of a confirmed match (four eyes) needs the reviewer role; alice is an analyst');
    const rita = await signIn('rita', PASSWORD);
    const approved = await call('POST', `/v1/alerts/${id}/reversal/approve`, { body: { comment: 'agreed' }, cookie: rita.cookie, csrf: rita.csrf });
    assert.equal(approved.status, 200);
    assert.equal(approved.json.status, 'false_positive');
    const trail = (await auditRecords(store)).filter((r) => r.subject === `alert:${id}`).map((r) => `${r.action} by ${r.actor}`);
    assert.ok(trail.includes('alert.decision by user:alice'), trail.join('; '));
    assert.ok(trail.at(-1)?.endsWith('by user:rita'), trail.join('; '));
  });

  it('ends the session on sign-out (CSRF token needed), and keeps API keys working beside it', async () => {
    const { cookie, csrf } = await signIn('alice', PASSWORD);
    assert.equal((await call('DELETE', '/api/session', { cookie })).status, 403, 'sign-out without the CSRF token');
    const out = await call('DELETE', '/api/session', { cookie, csrf });
    assert.equal(out.status, 204);
    const ended = await call('GET', '/v1/lists', { cookie });
    assert.equal(ended.status, 401);
    assert.match(String(ended.json.message), /your session has ended/);
    assert.equal((await call('GET', '/v1/lists', { key: screenKey })).status, 200);
    assert.equal((await call('GET', '/v1/lists')).status, 401);
  });
});
