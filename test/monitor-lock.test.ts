/**
 * One monitor at a time on one SQLite file, across processes: a `vigil serve` and a CLI
 * `vigil monitor run` on the same data dir take the store's monitor lock (a row of `store_locks`
 * with a lease), so the second is refused while the first monitors, and a holder that died does
 * not block: its lease runs out, or at once when its process on this host is gone.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Rng } from '../eval/lib/prng.js';
import { ordinaryNames } from '../eval/lib/ordinary.js';
import { CaseError, MONITOR_LOCK, loadSnapshot, runMonitorExclusive, upsertSubjects } from '../src/cases/index.js';
import { importList } from '../src/lists/import.js';
import { openStore, type Store } from '../src/store/index.js';
import { rawDatabaseOf } from '../src/store/testing.js';
import { REPO_ROOT, listFile, tempDir } from './helpers.js';

const tmp = tempDir();
after(() => tmp.cleanup());

/** A process of its own, with its output; `until` (on stdout) resolves `ready`. */
function child(args: string[], env: NodeJS.ProcessEnv, until?: RegExp) {
  const proc = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let signal: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (signal = resolve));
  proc.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (until?.test(out)) signal();
  });
  proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) => proc.on('exit', (code, sig) => resolve({ code, signal: sig, out })));
  return { proc, ready, exited };
}

describe('the monitor lock across processes (SQLite)', () => {
  const dataDir = join(tmp.dir, 'data');
  const file = join(dataDir, 'vigil.sqlite');
  const open = () => openStore({ kind: 'sqlite', file });
  let a: Store;
  let b: Store;
  after(async () => {
    await a?.close();
    await b?.close();
  });

  it('is held by one connection at a time, and let go on release', async () => {
    a = await open();
    b = await open();
    const inner = await a.tryWithLock('test', async () => {
      assert.equal((await b.tryWithLock('test', async () => 'b')).acquired, false);
      assert.equal((await a.tryWithLock('test', async () => 'a again')).acquired, false);
      return 'a';
    });
    assert.deepEqual(inner, { acquired: true, value: 'a' });
    assert.deepEqual(await b.tryWithLock('test', async () => 'b'), { acquired: true, value: 'b' });
    assert.equal((await rawDatabaseOf(a).selectFrom('store_locks').selectAll().execute()).length, 0);
  });

  it('is renewed while held, and taken over once its lease ran out', async () => {
    // Held past several leases: the renewals keep it.
    const held = await a.tryWithLock(
      'lease',
      async () => {
        await new Promise((r) => setTimeout(r, 400));
        return (await b.tryWithLock('lease', async () => 'b')).acquired;
      },
      { leaseMs: 100 },
    );
    assert.deepEqual(held, { acquired: true, value: false });
    // A holder on another host (so not checked for being alive) that stopped renewing.
    await rawDatabaseOf(a).insertInto('store_locks').values({ name: 'lease', holder: 'elsewhere 1 x', acquired_at: new Date().toISOString(), expires_at: Date.now() + 60_000 }).execute();
    assert.equal((await b.tryWithLock('lease', async () => 'b')).acquired, false);
    await rawDatabaseOf(a).updateTable('store_locks').set({ expires_at: Date.now() - 1 }).where('name', '=', 'lease').execute();
    assert.deepEqual(await b.tryWithLock('lease', async () => 'b'), { acquired: true, value: 'b' });
  });

  it('held by a process of this host that was killed, is taken over at once', async () => {
    const holder = child(
      [
        '--input-type=module',
        '-e',
        `import { openStore } from './src/store/index.js';
         const store = await openStore({ kind: 'sqlite', file: ${JSON.stringify(file)} });
         await store.tryWithLock('monitor', async () => { console.log('holding'); await new Promise(() => setInterval(() => {}, 1000)); });`,
      ],
      {},
      /holding/,
    );
    try {
      await Promise.race([holder.ready, holder.exited.then((r) => assert.fail(`the holder exited: ${r.out}`))]);
      const row = await rawDatabaseOf(a).selectFrom('store_locks').selectAll().where('name', '=', MONITOR_LOCK).executeTakeFirstOrThrow();
      assert.equal(row.holder.split(' ')[0], hostname());
      assert.equal(Number(row.holder.split(' ')[1]), holder.proc.pid);
      assert.equal((await a.tryWithLock(MONITOR_LOCK, async () => 'a')).acquired, false);
    } finally {
      holder.proc.kill('SIGKILL');
    }
    assert.equal((await holder.exited).signal, 'SIGKILL');
    // Its lease has most of a minute to run, but its process is gone.
    assert.deepEqual(await a.tryWithLock(MONITOR_LOCK, async () => 'a'), { acquired: true, value: 'a' });
  });

  it('two monitor runs on one file at once: one monitors, the other is refused', { timeout: 120_000 }, async () => {
    await importList(a, { dataset: 'un_sc_sanctions', files: [listFile('un', 'un_consolidated_2026-02-27.xml')] });
    const people = ordinaryNames(new Rng(11), 80, 60, 200).slice(0, 600);
    await upsertSubjects(
      a,
      people.map((o, i) => ({ ref: `C-${i}`, kind: 'customer' as const, schema: o.schema, properties: { name: [o.text] } })),
      'test',
    );
    const snapshot = await loadSnapshot(a);
    // In this process: the second run starts while the first is between chunks, and would take
    // the first's run over as stale (staleAfterMs 0) if the lock did not stop it.
    let second: Promise<unknown> | undefined;
    const first = await runMonitorExclusive(a, snapshot, {
      actor: 'test:a',
      chunkSize: 20,
      onProgress: (done) => {
        if (done > 0) second ??= runMonitorExclusive(b, snapshot, { actor: 'test:b', staleAfterMs: 0 }).then(
          () => assert.fail('the second run should have been refused'),
          (err: unknown) => err,
        );
      },
    });
    const refused = await second;
    assert.ok(refused instanceof CaseError && refused.code === 'conflict', String(refused));
    assert.match(refused.message, /another process .* is running the monitor/);
    assert.equal(first?.status, 'done');
    assert.equal(first?.subjectsDone, people.length);
    const runs = await rawDatabaseOf(a).selectFrom('monitor_runs').select(['id', 'actor', 'status', 'subjects_done']).where('subjects_done', '>', 0).execute();
    assert.deepEqual(
      runs.map((r) => [r.actor, r.status]),
      [['test:a', 'done']],
    );
    const screenings = await rawDatabaseOf(a).selectFrom('screenings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(screenings.n), people.length);

    // A CLI `vigil monitor run` on the data dir while this process holds the monitor: refused, nothing screened.
    await upsertSubjects(a, [{ ref: 'C-new', kind: 'customer', schema: 'Person', properties: { name: ['Kim Kwang-il'] } }], 'test');
    const cli = await a.tryWithLock(MONITOR_LOCK, async () => {
      const run = child([join(REPO_ROOT, 'src/cli/bin.ts'), 'monitor', 'run'], { VIGIL_DATA_DIR: dataDir, VIGIL_STORE: 'sqlite', VIGIL_MONITOR_STALE_MS: '0' });
      return run.exited;
    });
    assert.ok(cli.acquired);
    assert.equal(cli.value.code, 1, cli.value.out);
    assert.match(cli.value.out, /another process .* is running the monitor/);
    assert.equal((await rawDatabaseOf(a).selectFrom('monitor_runs').select('id').execute()).length, 1);
    // Once let go, the CLI monitors.
    const after = await child([join(REPO_ROOT, 'src/cli/bin.ts'), 'monitor', 'run'], { VIGIL_DATA_DIR: dataDir, VIGIL_STORE: 'sqlite' }).exited;
    assert.equal(after.code, 0, after.out);
    assert.match(after.out, /monitor run \d+ done: 1 subjects screened/);
  });
});
