/**
 * The event loop stays free under heavy requests (issue 16): the server in-process on the real
 * OFAC SDN list, each heavy request fired while perf_hooks measures the event loop's delay, which
 * must stay under a generous bound (the 50 ms p99 target is `npm run bench:http`'s, measured
 * against /healthz). The batches go through the pool of worker threads (screen-pool.ts), and what
 * they answer must be exactly what screening on the main thread gives: same parties, same scores.
 * Also: a batch job line over the API's limits is an error line naming its line and the limit.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../src/config.js';
import { importList } from '../src/lists/import.js';
import { QUERY_LIMITS, screen, screenQuery, type MatchQuery, type ScreenResult } from '../src/match/index.js';
import { buildApp, type VigilApp } from '../src/server/index.js';
import { createKey } from '../src/server/keys.js';
import { openStore, type Store } from '../src/store/index.js';
import { listFile, listenOnLoopback, tempDir } from './helpers.js';

/**
 * The worst event-loop delay allowed while a heavy request runs: generous, since a test machine's
 * cores may be shared many ways (the benchmark carries the real target). On the main thread these
 * requests held the loop for seconds (a 500-query /match: 3 to 6 s; subjects and vetting: more).
 */
const BOUND_MS = 1500;
const NAMES = ['Kum-hyok Song', 'Maria Garcia', 'Ri Pyong Chol', 'John Smith', 'Wei Zhang', 'Kim Jong Un', 'Ahmed Hassan', 'Korea Songkwang Trading'];

const tmp = tempDir();
let store: Store;
let server: VigilApp;
let base: string;
let key: string;

before(async () => {
  store = await openStore({ kind: 'sqlite', file: join(tmp.dir, 'vigil.sqlite') });
  await importList(store, { dataset: 'us_ofac_sdn', files: [listFile('ofac-sdn-advanced', 'sdn_advanced_2025-11-19.xml.gz')] });
  key = (await createKey(store, 'tests', ['admin'])).key;
  server = await buildApp({ store, logger: false, dataDir: join(tmp.dir, 'data'), config: loadConfig({ VIGIL_SCREEN_THREADS: '1' }) });
  await server.state.reload();
  base = await listenOnLoopback(server);
});

after(async () => {
  await server?.app.close();
  await store?.close();
  tmp.cleanup();
});

async function post(path: string, body: string, type = 'application/json'): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': type }, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** Run `work`, measuring the event loop's worst delay meanwhile (in milliseconds). */
async function loopDelayDuring<T>(work: () => Promise<T>): Promise<{ value: T; worstMs: number }> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  try {
    const value = await work();
    return { value, worstMs: delay.max / 1e6 };
  } finally {
    delay.disable();
  }
}

const brief = (results: ScreenResult[]) => results.map((r) => ({ id: r.id, score: r.score, match: r.match }));

describe('heavy requests leave the event loop free', () => {
  it('screens through the worker pool, over the snapshot bytes of the lists in force', () => {
    assert.ok(server.state.pool, 'the server has a screening pool');
    assert.ok(server.state.snapshot?.offload, 'the snapshot in force is bound to the pool');
  });

  it('a /match batch of 500 queries: the loop stays free, the answers are the main thread\'s', async () => {
    const queries: Record<string, MatchQuery> = {};
    for (let k = 0; k < 500; k++) queries[`q${k}`] = { schema: k % 8 === 7 ? 'Company' : 'Person', properties: { name: [k < 8 ? NAMES[k]! : `${NAMES[k % 8]} ${k}`] } };
    const { value, worstMs } = await loopDelayDuring(() => post('/match/default', JSON.stringify({ queries, threshold: 0.7, limit: 5 })));
    assert.equal(value.status, 200);
    const responses = value.json.responses as Record<string, { results: ScreenResult[] }>;
    const index = server.state.snapshot!.index;
    let matched = 0;
    for (const [id, query] of Object.entries(queries)) {
      const expected = screen(query, { index, threshold: 0.7, limit: 5 });
      assert.deepEqual(brief(responses[id]!.results), brief(expected), `query ${id}`);
      if (expected.some((r) => r.match)) matched++;
    }
    assert.ok(matched >= 4, `listed names match (${matched})`);
    assert.ok(worstMs < BOUND_MS, `the event loop was held ${worstMs.toFixed(0)} ms (bound ${BOUND_MS} ms)`);
  });

  it('POST /v1/subjects with 1,000 rows: the loop stays free, the screenings are the main thread\'s', async () => {
    const subjects = Array.from({ length: 1000 }, (_, k) => ({ ref: `S${k}`, schema: 'Person', properties: { name: [k < 8 ? NAMES[k]! : `${NAMES[k % 8]} ${k}`] } }));
    const { value, worstMs } = await loopDelayDuring(() => post('/v1/subjects', JSON.stringify({ subjects })));
    assert.equal(value.status, 200);
    const screenings = value.json.screenings as { ref: string; matches: number; alerts: { entity: string; score: number }[] }[];
    assert.equal(screenings.length, 1000);
    const index = server.state.snapshot!.index;
    for (const s of screenings.slice(0, 50)) {
      const row = subjects[Number(s.ref.slice(1))]!;
      const expected = screen(row, { index, threshold: 0.7, limit: 10 }).filter((r) => r.match);
      assert.equal(s.matches, expected.length, `subject ${s.ref}`);
      assert.deepEqual(s.alerts.map((a) => [a.entity, a.score]), expected.map((r) => [r.id, r.score]), `subject ${s.ref}`);
    }
    assert.ok(screenings.slice(0, 8).some((s) => s.matches > 0), 'listed names raise alerts');
    assert.ok(worstMs < BOUND_MS, `the event loop was held ${worstMs.toFixed(0)} ms (bound ${BOUND_MS} ms)`);
  });

  it('a batch job with a line over the limits: that line is an error naming it and the limit, the rest the main thread\'s answers', async () => {
    const rows = [
      { id: 'huge', schema: 'Person', properties: { name: ['Ab'.repeat(200_000)] } },
      ...Array.from({ length: 400 }, (_, k) => ({ id: `r${k}`, schema: 'Person', properties: { name: [k < 8 ? NAMES[k]! : `${NAMES[k % 8]} ${k}`] } })),
    ];
    const body = `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;
    const { value: lines, worstMs } = await loopDelayDuring(async () => {
      const submitted = await post('/v1/jobs', body, 'application/x-ndjson');
      assert.equal(submitted.status, 202, JSON.stringify(submitted.json));
      await server.jobs!.idle();
      const res = await fetch(`${base}/v1/jobs/${String(submitted.json.id)}/results`, { headers: { authorization: `Bearer ${key}` } });
      return (await res.text()).trim().split('\n');
    });
    assert.equal(lines.length, rows.length);
    const first = JSON.parse(lines[0]!) as { line: number; error: string };
    assert.equal(first.line, 1);
    assert.match(first.error, new RegExp(`^line 1: property "name": value 1 is 400000 characters long; the limit is ${QUERY_LIMITS.valueLength}$`));
    const index = server.state.snapshot!.index;
    for (let k = 1; k < rows.length; k += 7) assert.equal(lines[k], screenQuery(index, rows[k], k + 1, {}).text, `line ${k + 1}`);
    assert.ok(worstMs < BOUND_MS, `the event loop was held ${worstMs.toFixed(0)} ms (bound ${BOUND_MS} ms)`);
  });

  it('POST /v1/candidates with 200 profiles: the loop stays free', async () => {
    const candidates = Array.from({ length: 200 }, (_, k) => ({
      ref: `C${k}`,
      names: [k === 0 ? 'Kim Jong Un' : `Candidate ${k} Lee`],
      emails: [`c${k}@example.org`],
      employers: [{ name: k === 1 ? 'Korea Songkwang Trading' : `Firm ${k % 40} LLC` }],
    }));
    const { value, worstMs } = await loopDelayDuring(() => post('/v1/candidates', JSON.stringify({ candidates })));
    assert.equal(value.status, 200, JSON.stringify(value.json).slice(0, 300));
    const assessments = value.json.assessments as Record<string, { level: string; signals: { rule: string }[] }>;
    assert.equal(Object.keys(assessments).length, 200);
    assert.ok(assessments.C0!.signals.some((s) => s.rule.startsWith('sanctions')), 'a listed name fires a sanctions rule');
    assert.ok(worstMs < BOUND_MS, `the event loop was held ${worstMs.toFixed(0)} ms (bound ${BOUND_MS} ms)`);
  });
});
