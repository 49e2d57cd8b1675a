/**
 * SIGKILL of `vigil lists import` at every phase of an import (issue 16): before it writes (while
 * it reads the file), during its transaction, at its commit, and right after it. The phases are
 * found by watching the child from outside, no hook in the product:
 *
 * - SQLite: the POSIX locks the child holds (/proc/locks): a lock on the WAL index (-shm) file
 *   means the store is open; its WAL write lock (byte 120 of the -shm file) means the import's
 *   transaction is open; the WAL file growing means the commit is being written (better-sqlite3's
 *   page cache holds the whole import, so the WAL is written at COMMIT); the "imported version"
 *   line on stdout comes right after the commit.
 * - PostgreSQL: the child's connections carry an application_name; the import's transaction
 *   holds its advisory lock (`vigil.import:<dataset>`, seen in pg_locks) from its start to its
 *   commit; the stdout line comes right after.
 *
 * A child takes seconds to start, so each store gets one kill per phase (a second or third try
 * when a slow machine let the import move past it): four on SQLite; two on PostgreSQL, during the
 * transaction and right after it (before the transaction no store has written anything, and a
 * PostgreSQL commit cannot be seen from outside).
 *
 * After each kill: either the old version or the new one is in force, whole (its entity count is
 * the file's), every version has exactly one `list.import` audit record, the audit chain
 * verifies (`vigil audit verify`), and a re-run of the import succeeds.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { importPublication } from '../src/app/lists.js';
import { publicationHash } from '../src/lists/import.js';
import { openStore, type Store } from '../src/store/index.js';
import { DATASET, UN_FULL, checkStore, entitiesIn, vigilChild, vigilIn, writeUnExtract, type StoreState } from './fault-helpers.js';
import { PG_SKIP, PG_URL, pgSchemas, tempDir } from './helpers.js';

const tmp = tempDir('vigil-fault-import-');
after(() => tmp.cleanup());

type Phase = 'before' | 'during' | 'commit' | 'after';

/** What the test sees of a running import, polled every few milliseconds. */
interface Probe {
  /** The child has the store open. */
  open(pid: number): Promise<boolean>;
  /** The child's import transaction is open (it holds the store's write lock for the import). */
  writing(pid: number): Promise<boolean>;
  /** The commit is being written (SQLite: the WAL grows); undefined where it cannot be seen. */
  committing?(): boolean;
  close(): Promise<void>;
}

interface Kill {
  phase: Phase;
  /** What the test saw when it killed the child. */
  saw: 'not open' | 'open' | 'writing' | 'committing' | 'imported';
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Run the import in a child and SIGKILL it at `phase`. Before: once the store is open and before
 * the import's transaction starts, after a random pause of up to 150 ms (the file takes longer
 * to read). During: as soon as the transaction is seen open. Commit: as soon as the WAL grows.
 * After: as soon as the child says it imported the version.
 */
async function killAt(phase: Phase, env: NodeJS.ProcessEnv, probe: Probe): Promise<Kill> {
  const run = vigilChild(['lists', 'import', '--dataset', DATASET, '--file', UN_FULL], env);
  const pid = run.child.pid!;
  let exited = false;
  void run.exited.then(() => (exited = true));
  let saw: Kill['saw'] = 'not open';
  let openSince: number | undefined;
  const delay = Math.random() * 150;
  while (!exited) {
    if (run.out().includes('imported version')) saw = 'imported';
    else if (probe.committing?.()) saw = 'committing';
    else if (await probe.writing(pid)) saw = 'writing';
    else if (saw === 'not open' && (await probe.open(pid))) saw = 'open';
    if (saw === 'open') openSince ??= performance.now();
    const now =
      (phase === 'before' && (saw !== 'open' ? saw !== 'not open' : performance.now() - openSince! >= delay)) ||
      (phase === 'during' && saw !== 'not open' && saw !== 'open') ||
      (phase === 'commit' && (saw === 'committing' || saw === 'imported')) ||
      (phase === 'after' && saw === 'imported');
    if (now) {
      run.child.kill('SIGKILL');
      break;
    }
    await pause(2);
  }
  const end = await run.exited;
  assert.equal(end.signal, 'SIGKILL', `the import was killed (${phase}), not finished: ${run.out()}`);
  return { phase, saw };
}

function killSuite(name: string, setup: () => Promise<{ env: NodeJS.ProcessEnv; open: () => Promise<Store>; probe: () => Promise<Probe>; phases: Phase[] }>, skip?: string) {
  describe(`SIGKILL at every phase of a list import (${name})`, { skip }, () => {
    let env: NodeJS.ProcessEnv;
    let open: () => Promise<Store>;
    let probe: () => Promise<Probe>;
    let phases: Phase[];
    let extract: string;
    const expected = new Map<string, number>();
    let fullSha: string;
    let extractSha: string;
    const dataDir = join(tmp.dir, `data-${name}`);

    before(async () => {
      ({ env, open, probe, phases } = await setup());
      extract = writeUnExtract(tmp.dir);
      extractSha = await publicationHash([extract]);
      fullSha = await publicationHash([UN_FULL]);
      expected.set(extractSha, await entitiesIn(extract));
      expected.set(fullSha, await entitiesIn(UN_FULL));
    });

    async function state(context: string): Promise<StoreState> {
      const s = await open();
      try {
        return await checkStore(s, expected, context);
      } finally {
        await s.close();
      }
    }

    /** The extract in force, written through the application (with its audit record), the store closed after. */
    async function extractInForce(): Promise<void> {
      const s = await open();
      try {
        await importPublication(s, { dataset: DATASET, files: [extract], allowPartial: true }, { actor: 'test', via: 'test' });
      } finally {
        await s.close();
      }
    }

    it('keeps the old version or the new one, whole and audited, whatever the phase', async () => {
      const seen: Kill[] = [];
      for (const phase of phases) {
        // A kill lands in its phase almost always; a slow machine may let the import move on: try again then.
        for (let attempt = 1; ; attempt++) {
          await extractInForce();
          const before = await state(`before the kill (${phase})`);
          assert.equal(before.current?.sha256, extractSha);
          const watcher = await probe();
          let kill: Kill;
          try {
            kill = await killAt(phase, env, watcher);
          } finally {
            await watcher.close();
          }
          const context = `after SIGKILL ${phase} (saw ${kill.saw})`;
          const after = await state(context);
          assert.ok(after.current, `${context}: a version is in force`);
          const kept = after.current.sha256 === extractSha;
          if (kept) {
            assert.deepEqual(after.versions, before.versions, `${context}: the old version stays in force, and no version was added`);
            assert.equal(after.importRecords, before.importRecords, `${context}: no audit record of an import that did not commit`);
          } else {
            assert.equal(after.current.sha256, fullSha, `${context}: the new version is in force`);
            assert.equal(after.versions.length, before.versions.length + 1);
            assert.equal(after.importRecords, before.importRecords + 1, `${context}: the new version came with its audit record`);
          }
          const verify = await vigilIn(dataDir, ['audit', 'verify'], env);
          assert.equal(verify.code, 0, `${context}: vigil audit verify: ${verify.err}`);
          assert.match(verify.out, /^audit trail intact: \d+ records/);

          // The import run again succeeds: it imports the publication, or finds it already in force.
          const s = await open();
          try {
            const again = await importPublication(s, { dataset: DATASET, files: [UN_FULL] }, { actor: 'test', via: 're-run' });
            assert.equal(again.unchanged, !kept, `${context}: the re-run ${kept ? 'imports the publication' : 'finds it in force'}`);
          } finally {
            await s.close();
          }
          const rerun = await state(`${context}, then run again`);
          assert.equal(rerun.current?.sha256, fullSha);

          const landed =
            (phase === 'before' && kill.saw === 'open') ||
            (phase === 'during' && kill.saw === 'writing' && kept) ||
            (phase === 'commit' && kill.saw === 'committing') ||
            (phase === 'after' && kill.saw === 'imported' && !kept);
          if (landed) {
            seen.push(kill);
            break;
          }
          assert.ok(attempt < 3, `three kills meant for "${phase}" all landed elsewhere (last saw ${kill.saw})`);
        }
      }
      assert.deepEqual(
        seen.map((k) => k.phase),
        phases,
      );
    });
  });
}

/** The POSIX locks a process holds on a file (by inode), from /proc/locks: their [start, end] byte ranges. */
function locksOf(pid: number, inode: number): [number, number][] {
  const out: [number, number][] = [];
  for (const line of readFileSync('/proc/locks', 'utf8').split('\n')) {
    const f = line.trim().split(/\s+/);
    // "1: POSIX  ADVISORY  WRITE 19047 fe:00:2154660 120 120"
    if (f[1] !== 'POSIX' || Number(f[4]) !== pid || Number(f[5]?.split(':')[2]) !== inode) continue;
    out.push([Number(f[6]), f[7] === 'EOF' ? Infinity : Number(f[7])]);
  }
  return out;
}

/** SQLite's WAL write lock: byte 120 of the WAL index (-shm) file (WAL_WRITE_LOCK, sqlite3 os_unix.c / wal.c). */
const WAL_WRITE_LOCK = 120;

const sqliteSkip = existsSync('/proc/locks') ? undefined : 'needs /proc/locks (Linux) to see the locks the child holds';
killSuite(
  'SQLite',
  async () => {
    const dataDir = join(tmp.dir, 'data-SQLite');
    const file = join(dataDir, 'vigil.sqlite');
    const open = () => openStore({ kind: 'sqlite', file });
    return {
      env: { VIGIL_STORE: 'sqlite', VIGIL_DATA_DIR: dataDir },
      open,
      phases: ['before', 'during', 'commit', 'after'],
      probe: async () => {
        // The test's own connections are closed: the child's store creates the -shm and -wal files afresh.
        const shm = () => (existsSync(`${file}-shm`) ? statSync(`${file}-shm`).ino : undefined);
        const wal = () => (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);
        const walAtStart = wal();
        return {
          open: async (pid) => {
            const ino = shm();
            return ino !== undefined && locksOf(pid, ino).length > 0;
          },
          writing: async (pid) => {
            const ino = shm();
            return ino !== undefined && locksOf(pid, ino).some(([a, b]) => a <= WAL_WRITE_LOCK && WAL_WRITE_LOCK <= b);
          },
          committing: () => wal() > walAtStart,
          close: async () => undefined,
        };
      },
    };
  },
  sqliteSkip,
);

const schemas = pgSchemas('fault_import');
after(() => schemas.dropAll());
killSuite(
  'PostgreSQL',
  async () => {
    const schema = schemas.next();
    const app = `vigil_fault_import_${process.pid}`;
    const url = new URL(PG_URL!);
    url.searchParams.set('application_name', app);
    const { default: pg } = await import('pg');
    return {
      env: { VIGIL_STORE: 'postgres', VIGIL_PG_URL: url.toString(), VIGIL_PG_SCHEMA: schema, VIGIL_DATA_DIR: join(tmp.dir, 'data-PostgreSQL') },
      open: () => openStore({ kind: 'postgres', url: PG_URL!, schema }),
      // Before the transaction nothing is written on either store: that phase is killed on SQLite only.
      phases: ['during', 'after'],
      probe: async () => {
        const client = new pg.Client({ connectionString: PG_URL });
        await client.connect();
        // The child is the only client with this application_name; its import holds `vigil.import:<dataset>` (store.ts).
        const count = async (extra: string, params: unknown[] = []) =>
          Number(
            (
              await client.query<{ n: string }>(
                `select count(*) as n from pg_stat_activity a ${extra} where a.application_name = $1 and a.datname = current_database()`,
                [app, ...params],
              )
            ).rows[0]?.n ?? 0,
          );
        return {
          open: async () => (await count('')) > 0,
          writing: async () =>
            (await count(
              `join pg_locks l on l.pid = a.pid and l.locktype = 'advisory' and l.granted and l.objsubid = 1 and l.objid::bigint = (hashtext($2)::bigint & 4294967295)`,
              [`vigil.import:${DATASET}`],
            )) > 0,
          close: () => client.end(),
        };
      },
    };
  },
  PG_SKIP,
);
