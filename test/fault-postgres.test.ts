/**
 * Fault injection: the PostgreSQL store stopped (immediate shutdown, as a crash or a failover
 * looks to its clients) under a running `vigil serve`, then started again (issue 16).
 *
 * The test makes a throwaway PostgreSQL cluster of its own (initdb into a temporary directory, as
 * the `postgres` OS user when run as root, on a free port with its unix socket in that directory),
 * never touching the shared server, and removes it whatever happens. Against it a real server
 * process: a batch job is under way when the cluster stops. Then the process must stay up, every
 * request that needs the store must get 503 `store_unavailable` with a Retry-After (an unknown API
 * key too: neither 500 nor 401), /readyz 503 naming the store, /healthz 200; once the cluster is
 * back, readiness returns, the job finishes with every row's result exactly once, in order, and the
 * audit trail verifies. Then the same with the server idle; and a store's LISTEN connection for
 * list changes, cut by a stop, is reopened and catches up on a version imported meanwhile.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../src/cli/main.js';
import type { Entity } from '../src/model/index.js';
import { StoreUnavailableError, openStore, unavailableReason } from '../src/store/index.js';
import { ERROR_CODES } from '../src/errors.js';
import { LISTS_DIR, REPO_ROOT, listFile, servingAt } from './helpers.js';

/** The PostgreSQL binaries (Debian keeps them out of PATH), newest version first. */
function pgBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => join(root, v, 'bin')).find((dir) => existsSync(join(dir, 'initdb')));
}

const BIN = pgBin();
const asRoot = process.getuid?.() === 0;
/** Root cannot run initdb: the cluster is then made as the `postgres` OS user. */
const hasPostgresUser = (): boolean => {
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const SKIP = !BIN
  ? 'initdb is not installed (Debian package postgresql)'
  : asRoot && !hasPostgresUser()
    ? 'running as root and there is no `postgres` OS user to own a throwaway cluster (initdb refuses root)'
    : undefined;

/** Run a PostgreSQL tool as the cluster's owner (`postgres` when we are root: initdb refuses root). */
function pgTool(tool: string, args: string[]): string {
  const path = join(BIN!, tool);
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
  return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** A PostgreSQL cluster in a temporary directory: `start()`, `stop()` (immediate), `remove()`. */
class ThrowawayCluster {
  readonly dir = mkdtempSync(join(tmpdir(), 'vigil-pgfault-'));
  readonly data = join(this.dir, 'data');
  port = 0;

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  async init(): Promise<void> {
    if (asRoot) chownSync(this.dir, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })));
    pgTool('initdb', ['-D', this.data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
    this.port = await freePort();
  }

  get running(): boolean {
    return existsSync(join(this.data, 'postmaster.pid'));
  }

  start(): void {
    if (this.running) return;
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
    pgTool('pg_ctl', ['-D', this.data, '-l', join(this.dir, 'server.log'), '-o', options, '-w', '-t', '30', 'start']);
  }

  /** Stop at once: every connection is cut, no checkpoint (as a crash looks to clients). */
  stop(): void {
    pgTool('pg_ctl', ['-D', this.data, '-m', 'immediate', '-w', 'stop']);
  }

  remove(): void {
    try {
      if (this.running) this.stop();
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000, log?: string[]): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${log ? `\n--- server log ---\n${log.slice(-40).join('\n')}` : ''}`);
}

describe('PostgreSQL stopped and started under a running server', { skip: SKIP, timeout: 120_000 }, () => {
  const cluster = SKIP ? undefined : new ThrowawayCluster();
  const dataDir = cluster ? join(cluster.dir, 'vigil') : '';
  let server: { child: ChildProcess; base: string; log: string[] } | undefined;
  const env = (): NodeJS.ProcessEnv => ({ VIGIL_STORE: 'postgres', VIGIL_PG_URL: cluster!.url, VIGIL_PG_SCHEMA: 'fault' });
  const cli = async (args: string[]): Promise<{ code: number; out: string; err: string }> => {
    let out = '';
    let err = '';
    const code = await main(['--data-dir', dataDir, ...args], { out: (t) => (out += t), err: (t) => (err += t), env: env() });
    return { code, out, err };
  };

  before(async () => {
    await cluster!.init();
    cluster!.start();
  });
  after(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await new Promise((r) => server!.child.once('exit', r));
    }
    cluster?.remove();
  });

  async function startServer(): Promise<{ child: ChildProcess; base: string; log: string[] }> {
    const args = ['--import', 'tsx', join(REPO_ROOT, 'src/cli/bin.ts'), '--data-dir', dataDir, 'serve', '--port', '0'];
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...env(), VIGIL_SOURCES_DIR: LISTS_DIR, VIGIL_DATASETS: 'us_ofac_cons' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { child, ...(await servingAt(child)) };
  }

  it('keeps serving, answers 503 while the store is away, and finishes the batch job exactly once when it is back', async () => {
    const consDir = listFile('ofac-cons', readdirSync(listFile('ofac-cons')).sort().at(-1)!);
    const files = readdirSync(consDir).filter((f) => /^cons_(prim|add|alt|comments)\.csv$/.test(f)).flatMap((f) => ['--file', join(consDir, f)]);
    const imported = await cli(['lists', 'import', '--dataset', 'us_ofac_cons', ...files]);
    assert.equal(imported.code, 0, imported.err);
    const created = await cli(['keys', 'create', '--name', 'fault test', '--scopes', 'admin']);
    assert.equal(created.code, 0, created.err);
    const key = created.out.trim().split('\n').find((l) => l.startsWith('vgl_'))!;
    assert.ok(key, `a key was printed: ${created.out}`);
    const auth = { authorization: `Bearer ${key}` };
    const unknownKey = { authorization: `Bearer vgl_${'0'.repeat(10)}_${'a'.repeat(43)}` };

    server = await startServer();
    const { base, child, log } = server;
    const ready = await until('readiness', async () => {
      const r = await fetch(`${base}/readyz`);
      return r.status === 200 ? ((await r.json()) as { ready: boolean; store: string }) : undefined;
    }, 60_000, log);
    assert.equal(ready.ready, true);
    assert.equal(ready.store, 'ok');

    // A batch job big enough to be under way when the store stops.
    const rows = 12_000;
    const names = ['Song Kum Hyok', 'Anna Novak', 'Banco Nacional de Cuba', 'Li Wei'];
    const body = Array.from({ length: rows }, (_, i) => JSON.stringify({ id: `r${i}`, schema: 'LegalEntity', properties: { name: [names[i % names.length]] } })).join('\n');
    const submitted = await fetch(`${base}/v1/jobs`, { method: 'POST', headers: { ...auth, 'content-type': 'application/x-ndjson' }, body });
    assert.equal(submitted.status, 202, await submitted.clone().text());
    const { id } = (await submitted.json()) as { id: string };
    const status = async () => (await (await fetch(`${base}/v1/jobs/${id}`, { headers: auth })).json()) as { status: string; rows: { done: number; total: number } };
    const midway = await until('the job to be under way', async () => {
      const s = await status();
      return s.rows.done >= 500 && s.status === 'running' ? s : undefined;
    }, 60_000, log);
    assert.ok(midway.rows.done < rows, 'the store stops before the job ends');

    cluster!.stop();
    await new Promise((r) => setTimeout(r, 1_500)); // the pool's connections and the LISTEN connection see the drop

    assert.equal(child.exitCode, null, `the server process is alive\n${log.slice(-20).join('\n')}`);
    const down = await fetch(`${base}/v1/jobs/${id}`, { headers: auth });
    assert.equal(down.status, 503, await down.clone().text());
    const downBody = (await down.json()) as { code: string; message: string };
    assert.equal(downBody.code, 'store_unavailable');
    assert.match(downBody.message, /store \(database\) is unavailable/);
    assert.ok(Number(down.headers.get('retry-after')) > 0, 'a Retry-After says when to try again');
    const stranger = await fetch(`${base}/v1/lists`, { headers: unknownKey });
    assert.equal(stranger.status, 503, 'an unknown key cannot be checked: 503, not 401 or 500');
    assert.equal(((await stranger.json()) as { code: string }).code, 'store_unavailable');
    const notReady = await fetch(`${base}/readyz`);
    assert.equal(notReady.status, 503);
    const notReadyBody = (await notReady.json()) as { ready: boolean; status: string; store: string };
    assert.equal(notReadyBody.ready, false);
    assert.equal(notReadyBody.status, 'store_unavailable');
    assert.match(notReadyBody.store, /^unavailable: /);
    assert.equal((await fetch(`${base}/healthz`)).status, 200, 'liveness stays up');
    assert.equal(child.exitCode, null, 'still alive after the requests');
    assert.ok(!log.some((l) => /Unhandled|unhandled 'error'/i.test(l)), 'nothing unhandled');
    // Said in the log as warnings: the dropped connections, and the list watch that reconnects.
    const warnings = log.filter((l) => l.includes('"level":40'));
    assert.ok(warnings.some((l) => l.includes('a database connection dropped')), `the drop is logged:\n${warnings.join('\n')}`);
    assert.ok(warnings.some((l) => l.includes('LISTEN connection for list changes failed')), 'the list watch says it reconnects');

    cluster!.start();
    await until('readiness after the restart', async () => ((await fetch(`${base}/readyz`)).status === 200 ? true : undefined), 30_000, log);
    const done = await until('the job to finish', async () => {
      const s = await status();
      return s.status === 'done' ? s : undefined;
    }, 60_000, log);
    assert.deepEqual(done.rows, { total: rows, done: rows });
    assert.ok(log.some((l) => l.includes('batch job paused')), 'the job waited for the store');
    const text = await (await fetch(`${base}/v1/jobs/${id}/results`, { headers: auth })).text();
    const ids = text.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id);
    assert.equal(ids.length, rows, 'no row lost or repeated');
    assert.deepEqual(ids, Array.from({ length: rows }, (_, i) => `r${i}`));
    const verified = (await (await fetch(`${base}/v1/audit/verify`, { headers: auth })).json()) as { ok: boolean; records: number };
    assert.equal(verified.ok, true, 'the audit trail is intact');
    assert.ok(verified.records >= 3, 'import, key and job submission are on record');
  });

  it('answers 503 when the store goes away while idle, and serves again when it is back', async () => {
    assert.ok(server, 'the server of the first test runs');
    cluster!.start(); // in case a failed test left it stopped
    const { base, child, log } = server;
    const keyed = await cli(['keys', 'create', '--name', 'idle test', '--scopes', 'screen']);
    assert.equal(keyed.code, 0, keyed.err);
    const auth = { authorization: `Bearer ${keyed.out.trim().split('\n').find((l) => l.startsWith('vgl_'))!}` };
    assert.equal((await fetch(`${base}/v1/lists`, { headers: auth })).status, 200);

    cluster!.stop();
    await new Promise((r) => setTimeout(r, 1_500)); // idle pooled connections drop: no crash

    assert.equal(child.exitCode, null, `the server process is alive\n${log.slice(-20).join('\n')}`);
    for (const headers of [auth, { authorization: `Bearer vgl_${'1'.repeat(10)}_${'b'.repeat(43)}` }]) {
      const r = await fetch(`${base}/v1/lists`, { headers });
      assert.equal(r.status, 503);
      assert.equal(((await r.json()) as { code: string }).code, 'store_unavailable');
      assert.ok(Number(r.headers.get('retry-after')) > 0);
    }
    const notReady = await fetch(`${base}/readyz`);
    assert.equal(notReady.status, 503);
    assert.match(((await notReady.json()) as { store: string }).store, /^unavailable: /);
    assert.equal((await fetch(`${base}/healthz`)).status, 200);

    cluster!.start();
    await until('readiness after the restart', async () => ((await fetch(`${base}/readyz`)).status === 200 ? true : undefined), 30_000, log);
    assert.equal((await fetch(`${base}/v1/lists`, { headers: auth })).status, 200);
    assert.equal(child.exitCode, null);

    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    assert.equal(code, 0, `a clean shutdown\n${log.slice(-20).join('\n')}`);
  });

  it('listens for list changes again once the store is back, and catches up on a version it missed', async () => {
    cluster!.start(); // in case a failed test left it stopped
    const store = await openStore({ kind: 'postgres', url: cluster!.url, schema: 'watch' });
    const changes: number[] = [];
    const problems: string[] = [];
    // The safety-net poll is off (10 min): only the LISTEN connection, reopened, can see the version.
    const watch = await store.watchLists((generation) => changes.push(generation), { pollMs: 600_000, onError: (err) => problems.push(err.message) });
    try {
      assert.equal(watch.mode, 'notify');
      cluster!.stop();
      await new Promise((r) => setTimeout(r, 1_000));
      assert.ok(problems.some((p) => p.includes('LISTEN connection')), `the drop is reported: ${problems.join('; ')}`);
      // (ping is new)
      cluster!.start();
      const entity: Entity = { id: 'fault-1', schema: 'Person', caption: 'Fault Injection', datasets: ['us_ofac_sdn'], properties: { name: ['Fault Injection'] } };
      const { version } = await store.importVersion({
        dataset: 'us_ofac_sdn',
        format: 'test',
        sourceFiles: [],
        publishedAt: undefined,
        sha256: 'f'.repeat(64),
        stats: {},
        warnings: [],
        entities: [entity],
      });
      await until('the watch to see the version', async () => (changes.includes(version.id) ? true : undefined), 20_000);
      // ping
    } finally {
      await watch.close();
      await store.close();
    }
  });
});

describe('what counts as the store being unavailable', () => {
  const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

  it('names connection-level failures of both drivers, and nothing else', () => {
    assert.match(unavailableReason(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))!, /refused/);
    assert.match(unavailableReason(new Error('Connection terminated unexpectedly'))!, /terminated/);
    assert.match(unavailableReason(withCode('terminating connection due to administrator command', '57P01'))!, /shutting down/);
    assert.match(unavailableReason(withCode('the database system is starting up', '57P03'))!, /starting up/);
    assert.match(unavailableReason(withCode('connection failure', '08006'))!, /08006/);
    assert.match(unavailableReason(new Error('timeout exceeded when trying to connect'))!, /no database connection in time/);
    assert.match(unavailableReason(withCode('unable to open database file', 'SQLITE_CANTOPEN'))!, /SQLite/);
    assert.match(unavailableReason(withCode('disk I/O error', 'SQLITE_IOERR_READ'))!, /SQLITE_IOERR_READ/);
    // A bad query, a constraint, a lock timeout: the store answered, it is not away.
    assert.equal(unavailableReason(withCode('duplicate key value violates unique constraint', '23505')), undefined);
    assert.equal(unavailableReason(withCode('syntax error at or near "selct"', '42601')), undefined);
    assert.equal(unavailableReason(withCode('UNIQUE constraint failed: api_keys.id', 'SQLITE_CONSTRAINT_PRIMARYKEY')), undefined);
    assert.equal(unavailableReason(new Error('no such job')), undefined);
    // The reason never carries the host or port.
    assert.doesNotMatch(unavailableReason(withCode('connect ECONNREFUSED 10.1.2.3:6543', 'ECONNREFUSED'))!, /10\.1\.2\.3|6543/);
  });

  it('is a 503 with its own code', () => {
    const err = new StoreUnavailableError('the database server refused the connection');
    assert.equal(err.code, 'store_unavailable');
    assert.equal(ERROR_CODES[err.code].httpStatus, 503);
    assert.match(err.message, /unavailable: the database server refused the connection; retry shortly/);
  });
});
