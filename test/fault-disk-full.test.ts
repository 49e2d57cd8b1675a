/**
 * Disk full during a list import (issue 16): the SQLite store on a small tmpfs, a filler file
 * leaving too little room for the import. `vigil lists import` must say "disk full while importing
 * <file>: version N of <dataset> stays in force" (not SQLite's "cannot rollback - no transaction is
 * active", which used to mask it), exit non-zero, and leave nothing half-written: the version in
 * force, its audit record count and the audit chain as they were, the database whole. Once the
 * filler is gone the same import succeeds. Two fill levels: no room for the WAL at all, and room
 * for most of it (the COMMIT fails after writing most of its pages, which recovery must ignore).
 *
 * Needs root and a working `mount` (a tmpfs); skipped with the reason otherwise. (A full disk at
 * COMMIT is where SQLite rolls the transaction back by itself, and where the rollback error used
 * to mask the cause.) One more case runs everywhere: the database capped with SQLite's
 * `max_page_count`, so it fills in the middle of the import, at an INSERT (SQLite then undoes
 * that statement only, and the store rolls back the rest).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { importPublication } from '../src/app/lists.js';
import { publicationHash } from '../src/lists/import.js';
import { StoreFullError, openStore, type Store } from '../src/store/index.js';
import { rawDatabaseOf } from '../src/store/testing.js';
import { DATASET, UN_FULL, checkStore, entitiesIn, vigilIn, writeUnExtract, type StoreState } from './fault-helpers.js';
import { tempDir } from './helpers.js';

const tmp = tempDir('vigil-disk-full-');
after(() => tmp.cleanup());
const mnt = join(tmp.dir, 'mnt');

/** Why this machine cannot run the test (not root, or no tmpfs mount), or undefined when it can. */
function cannotMount(): string | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'needs root to mount a small tmpfs (run as root, e.g. in CI)';
  mkdirSync(mnt, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m,mode=0700', 'tmpfs', mnt], { stdio: 'pipe' });
  } catch (err) {
    return `cannot mount a tmpfs here (${String((err as { stderr?: Buffer }).stderr ?? (err as Error).message).trim()})`;
  }
  return undefined;
}
const skip = cannotMount();

/** Bytes free on the tmpfs. */
function free(): number {
  const s = statfsSync(mnt);
  return s.bavail * s.bsize;
}

/** Fill the tmpfs up to `leave` bytes free; the filler's path. */
function fill(leave: number): string {
  const filler = join(mnt, 'filler');
  rmSync(filler, { force: true });
  const bytes = free() - leave;
  assert.ok(bytes > 0, `room to leave ${leave} bytes free`);
  writeFileSync(filler, Buffer.alloc(bytes));
  return filler;
}

describe('disk full during a list import (SQLite on a small tmpfs)', { skip }, () => {
  let extract: string;
  const expected = new Map<string, number>();
  /** The WAL the import of the full list over the extract writes, measured on an ordinary disk. */
  let walNeed = 0;

  /** A store in `dataDir` with the extract in force (version 1, with its audit record). */
  async function storeWithExtract(dataDir: string): Promise<void> {
    const s = await openStore({ kind: 'sqlite', file: join(dataDir, 'vigil.sqlite') });
    try {
      await importPublication(s, { dataset: DATASET, files: [extract], allowPartial: true }, { actor: 'test', via: 'test' });
    } finally {
      await s.close();
    }
  }

  before(async () => {
    extract = writeUnExtract(tmp.dir);
    expected.set(await publicationHash([extract]), await entitiesIn(extract));
    expected.set(await publicationHash([UN_FULL]), await entitiesIn(UN_FULL));
    // The room the import needs, measured on an ordinary disk: the WAL keeps its largest size until the store closes.
    const measure = join(tmp.dir, 'measure');
    await storeWithExtract(measure);
    const s = await openStore({ kind: 'sqlite', file: join(measure, 'vigil.sqlite') });
    await importPublication(s, { dataset: DATASET, files: [UN_FULL] }, { actor: 'test', via: 'test' });
    walNeed = statSync(join(measure, 'vigil.sqlite-wal')).size;
    await s.close();
    assert.ok(walNeed > 1_000_000, `the import writes over a megabyte to the WAL (${walNeed} bytes)`);
  });

  after(() => {
    if (skip) return;
    try {
      execFileSync('umount', [mnt], { stdio: 'pipe' });
    } catch {
      execFileSync('umount', ['-l', mnt], { stdio: 'pipe' });
    }
  });

  async function state(dataDir: string, context: string): Promise<StoreState & { integrity: string }> {
    const s: Store = await openStore({ kind: 'sqlite', file: join(dataDir, 'vigil.sqlite') });
    try {
      const checked = await checkStore(s, expected, context);
      const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(rawDatabaseOf(s));
      return { ...checked, integrity: rows.map((r) => r.integrity_check).join('; ') };
    } finally {
      await s.close();
    }
  }

  // better-sqlite3's page cache (16 MB) holds the whole import, so SQLite writes it to the WAL at
  // COMMIT. 256 KB free: the commit finds no room for the WAL. 48 KB short of what the import needs
  // (the WAL index takes 32 KB of the room): the commit writes most of the WAL, then runs out.
  for (const [n, label, leave] of [
    [1, 'the commit finds no room for the WAL', () => 256 * 1024],
    [2, 'the commit runs out of room after writing most of the WAL', () => walNeed - 48 * 1024],
  ] as const) {
    it(`says "disk full", exits non-zero and writes nothing when ${label}`, async () => {
      const dataDir = join(mnt, `data-${n}`);
      await storeWithExtract(dataDir);
      const before = await state(dataDir, 'before');
      assert.ok(before.current, 'a version is in force before');
      const filler = fill(leave());
      try {
        const run = await vigilIn(dataDir, ['lists', 'import', '--dataset', DATASET, '--file', UN_FULL]);
        assert.notEqual(run.code, 0, `the import fails: ${run.out}${run.err}`);
        assert.match(
          run.err,
          new RegExp(`^vigil: disk full while importing un_consolidated_2026-02-27\\.xml: version ${before.current.id} of ${DATASET} stays in force; nothing of this publication was written`, 'm'),
        );
        assert.doesNotMatch(run.err, /cannot rollback|no transaction is active/);
        assert.match(run.err, /database or disk is full/, "SQLite's own words are kept, in brackets");
      } finally {
        rmSync(filler, { force: true });
      }
      const afterFull = await state(dataDir, 'after the failed import');
      assert.equal(afterFull.integrity, 'ok');
      assert.deepEqual(afterFull.current, before.current, 'the version in force is unchanged');
      assert.deepEqual(afterFull.versions, before.versions, 'no version was added');
      assert.equal(afterFull.importRecords, before.importRecords, 'no list.import audit record was added');
      assert.equal(afterFull.auditRecords, before.auditRecords, 'no audit record at all was added');

      // With room again, the same import succeeds, with its audit record.
      const again = await vigilIn(dataDir, ['lists', 'import', '--dataset', DATASET, '--file', UN_FULL, '--no-monitor']);
      assert.equal(again.code, 0, again.err);
      assert.match(again.out, new RegExp(`${DATASET}: imported version \\d+ .*: ${expected.get(await publicationHash([UN_FULL]))} entities`));
      const done = await state(dataDir, 'after the import with room again');
      assert.equal(done.versions.length, before.versions.length + 1);
      assert.equal(done.current?.sha256, await publicationHash([UN_FULL]));
      assert.equal(done.importRecords, before.importRecords + 1);
      rmSync(dataDir, { recursive: true, force: true });
    });
  }
});

describe('a store that fills in the middle of an import (SQLite max_page_count)', () => {
  it('says "disk full" at the INSERT that found no room, and writes nothing', async () => {
    const extract = writeUnExtract(tmp.dir);
    const expected = new Map([
      [await publicationHash([extract]), await entitiesIn(extract)],
      [await publicationHash([UN_FULL]), await entitiesIn(UN_FULL)],
    ]);
    const store = await openStore({ kind: 'sqlite', file: join(tmp.dir, 'capped', 'vigil.sqlite') });
    try {
      await importPublication(store, { dataset: DATASET, files: [extract], allowPartial: true }, { actor: 'test', via: 'test' });
      const before = await checkStore(store, expected, 'before');
      const db = rawDatabaseOf(store);
      const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(db);
      // 100 pages (400 KB) more than the database holds: the import (some 3 MB) runs out at one of its INSERTs.
      await sql.raw(`pragma max_page_count = ${rows[0]!.page_count + 100}`).execute(db);
      await assert.rejects(importPublication(store, { dataset: DATASET, files: [UN_FULL] }, { actor: 'test', via: 'test' }), (err: Error) => {
        assert.ok(err instanceof StoreFullError, `${err.name}: ${err.message}`);
        assert.match(err.message, new RegExp(`^disk full while importing un_consolidated_2026-02-27\\.xml: version ${before.current!.id} of ${DATASET} stays in force`));
        assert.doesNotMatch(err.message, /no transaction is active/);
        return true;
      });
      const afterFull = await checkStore(store, expected, 'after the failed import');
      assert.deepEqual(afterFull, before, 'nothing written: the same versions, the same audit records');
      const { rows: integrity } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
      assert.deepEqual(integrity.map((r) => r.integrity_check), ['ok']);

      // The same connection goes on working once there is room.
      await sql.raw('pragma max_page_count = 1073741823').execute(db);
      const done = await importPublication(store, { dataset: DATASET, files: [UN_FULL] }, { actor: 'test', via: 'test' });
      assert.equal(done.unchanged, false);
      const state = await checkStore(store, expected, 'after the import with room again');
      assert.equal(state.current?.id, done.version.id);
      assert.equal(state.importRecords, before.importRecords + 1);
    } finally {
      await store.close();
    }
  });
});
