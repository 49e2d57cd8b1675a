/**
 * `vigil serve` as a real process: first start on an empty data directory imports the lists,
 * readiness follows the index, and a batch job survives the server being killed (SIGKILL) in the
 * middle: after a restart it resumes, and its results hold every row exactly once, in order.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { main } from '../src/cli/main.js';
import { LISTS_DIR, REPO_ROOT, servingAt, tempDir } from './helpers.js';

const tmp = tempDir();
const dataDir = join(tmp.dir, 'data');
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) c.kill('SIGKILL');
  tmp.cleanup();
});

/**
 * Start `vigil serve` on a free port (given with --port, or with the PORT environment variable);
 * resolves with its base URL once it listens.
 */
async function startServer(portFrom: 'flag' | 'env' = 'flag'): Promise<{ child: ChildProcess; base: string; log: string[] }> {
  const args = ['--import', 'tsx', join(REPO_ROOT, 'src/cli/bin.ts'), '--data-dir', dataDir, 'serve', ...(portFrom === 'flag' ? ['--port', '0'] : [])];
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      VIGIL_STORE: 'sqlite',
      VIGIL_SOURCES_DIR: LISTS_DIR,
      // The mirror holds only a sample of eu_fsf, which is refused as the list: serve the others.
      VIGIL_DATASETS: 'us_ofac_sdn,us_ofac_cons,un_sc_sanctions,gb_fcdo_sanctions,eu_dprk_annex,eu_cyber_annex',
      ...(portFrom === 'env' ? { PORT: '0', VIGIL_PORT: undefined } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return { child, ...(await servingAt(child)) };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('vigil serve', () => {
  it('imports the lists on first start, then survives SIGKILL in the middle of a job', async () => {
    const first = await startServer();
    await until('readiness', async () => ((await fetch(`${first.base}/readyz`)).status === 200 ? true : undefined));
    assert.ok(first.log.some((l) => l.includes('no list imported yet')), 'first start updated the lists');

    let key = '';
    const code = await main(['--data-dir', dataDir, 'keys', 'create', '--name', 'serve test'], {
      out: (t) => (key = t.trim()),
      err: () => {},
      env: { VIGIL_STORE: 'sqlite' },
    });
    assert.equal(code, 0);
    const auth = { authorization: `Bearer ${key}` };

    const rows = 40_000;
    const body = Array.from({ length: rows }, (_, i) => JSON.stringify({ id: `r${i}`, schema: 'Person', properties: { name: [i % 2 ? 'Song Kum Hyok' : 'Anna Novak'] } })).join('\n');
    const submitted = await fetch(`${first.base}/v1/jobs`, { method: 'POST', headers: { ...auth, 'content-type': 'application/x-ndjson' }, body });
    assert.equal(submitted.status, 202);
    const { id } = (await submitted.json()) as { id: string };
    const status = async (base: string) => (await (await fetch(`${base}/v1/jobs/${id}`, { headers: auth })).json()) as { status: string; rows: { done: number; total: number } };
    const midway = await until('the job to be under way', async () => {
      const s = await status(first.base);
      return s.rows.done >= 2000 && s.status === 'running' ? s : undefined;
    });
    assert.ok(midway.rows.done < rows, 'killed before the end');
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));

    const second = await startServer('env');
    assert.ok(!second.log.some((l) => l.includes('no list imported yet')), 'the second start keeps the lists');
    const done = await until('the job to finish', async () => {
      const s = await status(second.base);
      return s.status === 'done' ? s : undefined;
    });
    assert.deepEqual(done.rows, { total: rows, done: rows });
    const text = await (await fetch(`${second.base}/v1/jobs/${id}/results`, { headers: auth })).text();
    const ids = text.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id);
    assert.equal(ids.length, rows, 'no row lost or repeated');
    assert.deepEqual(ids, Array.from({ length: rows }, (_, i) => `r${i}`));
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));
  });
});
