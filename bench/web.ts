/**
 * `npm run bench:web`: the web UI's figures with 100,000 alerts in the store (SQLite by default;
 * VIGIL_PG_URL: PostgreSQL, in a schema of its own, dropped after). Targets (issue 17): the alert
 * queue's pages under 200 ms, the page load under 1 s.
 *   - alert queue: GET /v1/alerts, 50 a page, as the UI asks for it (the first page, a page deep in
 *     the queue by offset, sorted by score, filtered by status and score band, each with its total
 *     and the counts by status), the median and the worst of 20 requests each, over loopback;
 *   - page load: GET / and its scripts and styles, the median of 20 (the server's part of a page
 *     load; the browser's rendering is not timed here).
 * The alerts are written straight into the store (`fillAlerts`: subjects and alerts rows, as a
 * year of screening would leave them), so the benchmark times the reading, not the making.
 *   node --import tsx bench/web.ts
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { createUser } from '../src/app/index.js';
import { buildApp } from '../src/server/index.js';
import { openStore } from '../src/store/index.js';
import { fillAlerts, rawDatabaseOf } from '../src/store/testing.js';
import { sql } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

const ALERTS = Number(process.env.VIGIL_BENCH_ALERTS ?? 100_000);
const RUNS = 20;
const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-web-'));
const root = join(import.meta.dirname, '..');
const pgUrl = process.env.VIGIL_PG_URL?.trim();
const schema = `bench_web_${process.pid}`;

function stats(ms: number[]): { median: number; worst: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  return { median: Math.round(sorted[sorted.length >> 1]! * 10) / 10, worst: Math.round(sorted[sorted.length - 1]! * 10) / 10 };
}

async function timed(url: string, headers: Record<string, string>): Promise<{ median: number; worst: number; bytes: number }> {
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS + 2; i++) {
    const t = performance.now();
    const res = await fetch(url, { headers });
    const body = await res.arrayBuffer();
    if (!res.ok) throw new Error(`${url}: ${res.status} ${Buffer.from(body).toString('utf8').slice(0, 300)}`);
    if (i >= 2) ms.push(performance.now() - t); // (the first two warm the server up)
    bytes = body.byteLength;
  }
  return { ...stats(ms), bytes };
}

const store = pgUrl ? await openStore({ kind: 'postgres', url: pgUrl, schema }) : await openStore({ kind: 'sqlite', file: join(dir, 'vigil.sqlite') });
try {
  const t0 = performance.now();
  await fillAlerts(store, ALERTS);
  const fillS = (performance.now() - t0) / 1000;
  // (PostgreSQL: the statistics autovacuum would have gathered since, so the planner knows the tables.)
  if (store.kind === 'postgres') await sql`analyze`.execute(rawDatabaseOf(store));
  await createUser(store, 'alice', 'analyst', 'correct horse battery', 'bench');
  const webDir = join(dir, 'web');
  execFileSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(root, 'web', 'vite.config.ts'), '--outDir', webDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const server = await buildApp({ store, logger: false, webDir, datasets: [] });
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(server.app.server.address() as { port: number }).port}`;
  try {
    const signIn = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'alice', password: 'correct horse battery' }) });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    const headers = { cookie };
    const pages: Record<string, string> = {
      'first page': '/v1/alerts?limit=50',
      'page 1,000 by offset, newest first': `/v1/alerts?limit=50&sort=-opened&offset=${50 * 999}`,
      'highest scores first': '/v1/alerts?limit=50&sort=-score',
      'open, score 0.9 and above, by score': '/v1/alerts?limit=50&status=open&minScore=0.9&sort=-score',
      'one assignee, vendors, oldest first': '/v1/alerts?limit=50&assignee=alice&subjectKind=vendor&sort=opened',
    };
    console.log(`Web UI with ${ALERTS.toLocaleString('en')} alerts in ${store.kind} (written in ${fillS.toFixed(1)} s); median and worst of ${RUNS} requests (target: queue pages < 200 ms, page load < 1 s)`);
    for (const [title, path] of Object.entries(pages)) {
      const r = await timed(`${base}${path}`, headers);
      console.log(`  alert queue, ${title}: median ${r.median} ms, worst ${r.worst} ms (${(r.bytes / 1024).toFixed(0)} KiB) — ${r.worst < 200 ? 'PASS' : 'FAIL'}`);
    }
    const html = await (await fetch(`${base}/`)).text();
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    const load: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await Promise.all(['/', ...assets].map(async (p) => (await fetch(`${base}${p}`)).arrayBuffer()));
      await (await fetch(`${base}/api/session`, { headers })).arrayBuffer();
      load.push(performance.now() - t);
    }
    const l = stats(load);
    console.log(`  page load (/, ${assets.length} assets, /api/session): median ${l.median} ms, worst ${l.worst} ms — ${l.worst < 1000 ? 'PASS' : 'FAIL'}`);
  } finally {
    await server.app.close();
  }
} finally {
  if (pgUrl) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(rawDatabaseOf(store));
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
