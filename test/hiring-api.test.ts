/**
 * The candidate-vetting API over loopback (SQLite): profiles posted (a bad record reported by
 * item, the rest kept) and everyone assessed; the list, one profile, its assessment with signals,
 * evidence and citations, the operator clusters with the evidence on each link; 503 while the
 * lists load (nothing stored), 404, 403 for a key without the analyst scope; the OpenAPI paths.
 * Then the real UN list is imported and an admin reloads the index: the background monitor run
 * is followed by a re-assessment, and the candidate who is on that list is now blocked.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CandidateProfile } from '../src/hiring/profile.js';
import { importList } from '../src/lists/import.js';
import { buildApp, type VigilApp } from '../src/server/index.js';
import { createKey } from '../src/server/keys.js';
import { openStore, type Store } from '../src/store/index.js';
import { listFile, listenOnLoopback, testCandidate, tempDir } from './helpers.js';

const tmp = tempDir();
let store: Store;
let server: VigilApp;
let base: string;
let analystKey: string;
let adminKey: string;
let screenKey: string;

async function call(method: string, path: string, options: { body?: unknown; key?: string | null } = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  const headers: Record<string, string> = {};
  const key = options.key === undefined ? analystKey : options.key;
  if (key) headers.authorization = `Bearer ${key}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

// Two identities paid into one IBAN held by a third name; Yun Ho-jin is on the UN list (DPRK).
const PROFILES = [
  testCandidate('A-1', 'Peter Novak', { payments: [{ type: 'iban', value: 'DE89 3704 0044 0532 0130 00', holderName: 'Li Hua' }] }),
  testCandidate('A-2', 'Alan Brooks', { payments: [{ type: 'iban', value: 'DE89370400440532013000', holderName: 'Li Hua' }] }),
  testCandidate('A-3', 'Yun Ho Jin', { birthDate: '1944-10-13' }),
  testCandidate('A-4', 'Laura Jensen'),
];

interface Signal {
  rule: string;
  evidence: string[];
  citation: { source: string; date: string; url?: string };
}
interface Assessment {
  ref: string;
  level: string;
  score: number;
  signals: Signal[];
  cluster?: { id: string; members: string[]; operator: boolean };
}

before(async () => {
  store = await openStore({ kind: 'sqlite', file: join(tmp.dir, 'vigil.sqlite') });
  analystKey = (await createKey(store, 'analyst', ['analyst'])).key;
  adminKey = (await createKey(store, 'admin', ['admin'])).key;
  screenKey = (await createKey(store, 'screening', ['screen'])).key;
  server = await buildApp({ store, logger: false });
  base = await listenOnLoopback(server);
});

after(async () => {
  await server?.app.close();
  await store?.close();
  tmp.cleanup();
});

describe('candidate vetting API', () => {
  it('refuses to assess while the lists are loading (503) and stores nothing', async () => {
    const early = await call('POST', '/v1/candidates', { body: { candidates: PROFILES } });
    assert.equal(early.status, 503);
    assert.deepEqual((await call('GET', '/v1/candidates')).json.candidates, []);
    await server.state.reload();
  });

  it('stores profiles, reports a bad record by item, and assesses everyone', async () => {
    const { status, json } = await call('POST', '/v1/candidates', { body: { candidates: [...PROFILES, { ref: 'A-bad', names: ['X'], payments: [{ type: 'crypto_wallet', value: '0xdeadbeef' }] }] } });
    assert.equal(status, 200);
    assert.deepEqual(json.counts, { created: 4, updated: 0, errors: 1 });
    const bad = (json.results as { outcome: string; error?: string; ref?: string }[]).find((r) => r.outcome === 'error')!;
    assert.equal(bad.ref, 'A-bad');
    assert.match(bad.error!, /item 5: payments\[0\]\.value: "0xdeadbeef" is not a valid crypto address/);
    const assessments = json.assessments as Record<string, Assessment>;
    assert.equal(assessments['A-1']!.level, 'high');
    assert.equal(assessments['A-1']!.cluster?.operator, true);
    assert.equal(assessments['A-3']!.level, 'clear', 'no list is loaded yet');
  });

  it('lists candidates with their levels, and shows one with its assessment', async () => {
    const list = (await call('GET', '/v1/candidates')).json.candidates as { ref: string; level: string; cluster: string | null }[];
    assert.deepEqual(list.map((c) => c.ref), ['A-1', 'A-2', 'A-3', 'A-4']);
    assert.deepEqual(list.map((c) => c.level), ['high', 'high', 'clear', 'clear']);
    assert.equal(list[0]!.cluster, 'cl-A-1');
    const one = await call('GET', '/v1/candidates/A-2');
    assert.equal(one.status, 200);
    assert.deepEqual((one.json.profile as CandidateProfile).names, ['Alan Brooks']);
    assert.equal((one.json.assessment as Assessment).level, 'high');
    const { json } = await call('GET', '/v1/candidates/A-2/assessment');
    const a = json as unknown as Assessment;
    const shared = a.signals.find((s) => s.rule === 'payment.shared')!;
    assert.match(shared.evidence[0]!, /DE89370400440532013000 shared with A-1/);
    assert.equal(shared.citation.date, '2022-05-16', 'every signal cites its advisory');
    assert.deepEqual(a.cluster?.members, ['A-1', 'A-2']);
  });

  it('shows the operator clusters with the evidence on each link', async () => {
    const { json } = await call('GET', '/v1/clusters');
    const clusters = json.clusters as { id: string; members: string[]; operator: boolean; edges: { evidence: { kind: string; detail: string }[] }[] }[];
    assert.equal(clusters.length, 1);
    assert.deepEqual(clusters[0]!.members, ['A-1', 'A-2']);
    assert.match(clusters[0]!.edges[0]!.evidence[0]!.detail, /DE89/);
  });

  it('reports flag rates by claimed country, and by labels the caller posts, with the largest gap', async () => {
    const byCountry = await call('GET', '/v1/reports/flag-rates?minGroup=1');
    assert.equal(byCountry.status, 200);
    const [country] = byCountry.json.reports as { dimension: string; groups: { group: string; n: number; flagged: number }[] }[];
    assert.equal(country!.dimension, 'claimed country');
    assert.equal(country!.groups.reduce((n, g) => n + g.n, 0), 4, 'every assessed candidate counted once');
    const labelled = await call('POST', '/v1/reports/flag-rates?minGroup=2', { body: { name: 'test groups', labels: { 'A-1': 'x', 'A-2': 'x', 'A-3': 'y', 'A-4': 'y' } } });
    assert.equal(labelled.status, 200);
    const groups = (labelled.json.reports as { dimension: string; groups: { group: string; flagged: number }[]; gap?: { points: number } }[])[1]!;
    assert.equal(groups.dimension, 'test groups');
    assert.deepEqual(groups.groups.map((g) => [g.group, g.flagged]).sort(), [['x', 2], ['y', 0]], 'A-1 and A-2 are the operator pair');
    assert.equal(groups.gap?.points, 100);
    assert.equal((await call('POST', '/v1/reports/flag-rates', { body: { name: 'no labels' } })).status, 400);
    assert.equal((await call('POST', '/v1/reports/flag-rates', { body: { labels: { 'A-1': { group: 'x' } } } })).status, 400);
    assert.equal((await call('GET', '/v1/reports/flag-rates', { key: screenKey })).status, 403);
  });

  it('answers 404 for an unknown candidate and 403 without the analyst scope', async () => {
    const missing = await call('GET', '/v1/candidates/nobody');
    assert.equal(missing.status, 404);
    assert.match(String(missing.json.message), /no candidate "nobody"/);
    assert.equal((await call('GET', '/v1/candidates', { key: screenKey })).status, 403);
    assert.equal((await call('GET', '/v1/clusters', { key: null })).status, 401);
  });

  it('assesses everyone again after the lists change: a listed candidate is blocked', async () => {
    await importList(store, { dataset: 'un_sc_sanctions', files: [listFile('un', 'un_consolidated_2026-02-27.xml')] });
    assert.equal((await call('POST', '/v1/index/reload', { key: adminKey })).status, 200);
    await server.state.idle(); // the monitor, then the re-assessment, run in the background
    const a = (await call('GET', '/v1/candidates/A-3/assessment')).json as unknown as Assessment;
    assert.equal(a.level, 'block');
    const hit = a.signals.find((s) => s.rule === 'sanctions.person')!;
    assert.match(hit.evidence[0]!, /matches listed Person .*"YUN HO-JIN"/i);
    assert.equal(((await call('GET', '/v1/candidates/A-4/assessment')).json as unknown as Assessment).level, 'clear');
    // The sanctions hit is also an ordinary alert on the candidate's subject.
    const alerts = (await call('GET', `/v1/alerts?subject=${encodeURIComponent('candidate:A-3')}`)).json.alerts as { entity: { caption: string } }[];
    assert.ok(alerts.some((x) => /yun ho-jin/i.test(x.entity.caption)));
  });

  it('publishes the vetting paths in the OpenAPI document', async () => {
    const paths = Object.keys((await call('GET', '/openapi.json', { key: null })).json.paths as object);
    for (const p of ['/v1/candidates', '/v1/candidates/{ref}', '/v1/candidates/{ref}/assessment', '/v1/clusters']) assert.ok(paths.includes(p), p);
  });
});
