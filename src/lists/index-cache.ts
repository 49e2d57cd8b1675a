/**
 * The screening index over the lists in force, and its cache in the data directory: built once per
 * set of versions and matching code, then read back as a snapshot (src/match/snapshot.ts) by every
 * process that screens (the CLI, its batch workers, the server's index worker). Below the CLI and
 * the server, which both use it; the store is the only I/O besides the cache files.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// The matcher is imported where an index is built or read, not with this module: a batch's main
// thread only passes the cached bytes to its workers and never loads it.
import type { ScreeningIndex } from '../match/index.js';
import type { Store } from '../store/index.js';
import { currentEntities } from './versions.js';

/**
 * The screening index over the lists in force. With a data directory, it comes from the index
 * cache there when the cache matches the versions in force and the matching code (else it is
 * built and the cache written); without one, it is built. `lazy`: an index read from the cache
 * reads each party when first needed (see `indexFromSnapshot`), for a command that screens a few
 * names and exits.
 */
export async function loadIndex(store: Store, dataDir?: string, options: { onBuild?: () => void; lazy?: boolean } = {}): Promise<ScreeningIndex> {
  if (dataDir === undefined) {
    options.onBuild?.();
    const { ScreeningIndex } = await import('../match/index.js');
    return ScreeningIndex.build(await currentEntities(store));
  }
  const loaded = await loadIndexSnapshot(store, dataDir, { keepIndex: true, onBuild: options.onBuild, lazy: options.lazy });
  await loaded.saved;
  return loaded.index ?? (await import('../match/snapshot.js')).indexFromSnapshot(loaded.bytes, { lazy: options.lazy });
}

// ---------------------------------------------------------------------------------------------
// The index cache: `<dataDir>/cache/index-<key>.snapshot`, one file per key, where the key is a
// SHA-256 over (1) every version in force (dataset, id, publication hash, import time, entity
// count) and the content hashes of all their entities, and (2) the fingerprint of the matching
// code: the bytes of every file of the `match` and `model` folders this module runs beside
// (src/ under tsx, dist/ when compiled), the versions of the packages they import, and the
// Node.js, V8, ICU and Unicode versions (normalisation and the snapshot format depend on them).
// A new list version, an edited or rebuilt matcher or another Node.js gives another key, so a
// stale index is never read. A file is written to a temporary name and renamed into place; one
// that is unreadable, truncated, of another key or whose checksum fails is ignored and rebuilt.
// File layout: MAGIC (8 bytes) | key (32) | SHA-256 of the payload (32) | payload length (8,
// little-endian) | payload (an index snapshot, see src/match/snapshot.ts).
// ---------------------------------------------------------------------------------------------

const MAGIC = Buffer.from('VIGILIX1', 'latin1');
const HEADER = MAGIC.length + 32 + 32 + 8;

let codeFingerprint: string | undefined;

/** The package a bare import specifier names ("@noble/hashes/sha3.js" -> "@noble/hashes"). */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** The installed version of a package the matching code imports (or "?" when not found). */
function packageVersion(name: string): string {
  try {
    let dir = dirname(fileURLToPath(import.meta.resolve(name)));
    for (;;) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (pkg.name === name) return pkg.version ?? '?';
      } catch {
        // no package.json at this level
      }
      const up = dirname(dir);
      if (up === dir) return '?';
      dir = up;
    }
  } catch {
    return '?';
  }
}

/** A fingerprint of the code that builds an index (see the comment above); computed once. */
export function matcherFingerprint(): string {
  if (codeFingerprint) return codeFingerprint;
  const hash = createHash('sha256');
  const packages = new Set<string>();
  for (const folder of ['../match/', '../model/']) {
    const root = fileURLToPath(new URL(folder, import.meta.url));
    const files = (readdirSync(root, { recursive: true }) as string[])
      .filter((f) => !f.endsWith('.map') && !f.endsWith('.d.ts') && statSync(join(root, f)).isFile())
      .sort();
    for (const file of files) {
      const bytes = readFileSync(join(root, file));
      hash.update(`${folder}${file}\0${bytes.length}\0`).update(bytes);
      for (const m of bytes.toString('utf8').matchAll(/(?:from\s*|import\s*\(\s*|require\s*\(\s*)['"]([^'".][^'"]*)['"]/g)) {
        if (!m[1]!.startsWith('node:')) packages.add(packageOf(m[1]!));
      }
    }
  }
  for (const name of [...packages].sort()) hash.update(`package ${name}@${packageVersion(name)}\0`);
  const { node, v8, icu, unicode } = process.versions;
  hash.update(`node ${node} v8 ${v8} icu ${icu ?? '-'} unicode ${unicode ?? '-'}`);
  codeFingerprint = hash.digest('hex');
  return codeFingerprint;
}

/** The cache key for the versions in force in `store` (and the matching code). */
export async function indexCacheKey(store: Store): Promise<Buffer> {
  const hash = createHash('sha256').update(`vigil index cache\0${matcherFingerprint()}\0`);
  for (const v of await store.currentVersions()) {
    hash.update(`${v.dataset}\0${v.id}\0${v.sha256}\0${v.importedAt}\0${v.entityCount}\0`);
    const hashes = [...(await store.versionHashes(v.id))].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    // One update of the whole text (the same digest as one update per entity, at a fraction of the calls).
    hash.update(hashes.map(([id, h]) => `${id}\0${h}\0`).join(''));
  }
  return hash.digest();
}

function cacheDir(dataDir: string): string {
  return join(dataDir, 'cache');
}

function cacheFile(dataDir: string, key: Buffer): string {
  return join(cacheDir(dataDir), `index-${key.toString('hex').slice(0, 32)}.snapshot`);
}

/**
 * The snapshot bytes cached under `key`, read straight into a SharedArrayBuffer; undefined when
 * there is no such file or it is not a whole, intact snapshot of that key.
 */
export function readIndexCache(dataDir: string, key: Buffer): Uint8Array | undefined {
  let fd: number;
  try {
    fd = openSync(cacheFile(dataDir, key), 'r');
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    if (size < HEADER) return undefined;
    const header = Buffer.alloc(HEADER);
    if (readSync(fd, header, 0, HEADER, 0) !== HEADER) return undefined;
    if (!header.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
    if (!header.subarray(MAGIC.length, MAGIC.length + 32).equals(key)) return undefined;
    const length = Number(header.readBigUInt64LE(MAGIC.length + 64));
    if (length !== size - HEADER) return undefined;
    const bytes = new Uint8Array(new SharedArrayBuffer(length));
    let done = 0;
    while (done < length) {
      const n = readSync(fd, bytes, done, length - done, HEADER + done);
      if (n === 0) return undefined;
      done += n;
    }
    const checksum = createHash('sha256').update(bytes).digest();
    if (!checksum.equals(header.subarray(MAGIC.length + 32, MAGIC.length + 64))) return undefined;
    return bytes;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * Write the snapshot under `key`: to a temporary file first, renamed into place once complete,
 * so a reader sees the old file, no file or the whole new one. Snapshots of other keys are
 * removed (they are for versions no longer in force, or for other code).
 */
export async function writeIndexCache(dataDir: string, key: Buffer, bytes: Uint8Array): Promise<void> {
  const dir = cacheDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const target = cacheFile(dataDir, key);
  const tmp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const header = Buffer.alloc(HEADER);
  MAGIC.copy(header, 0);
  key.copy(header, MAGIC.length);
  createHash('sha256').update(bytes).digest().copy(header, MAGIC.length + 32);
  header.writeBigUInt64LE(BigInt(bytes.length), MAGIC.length + 64);
  const file = await open(tmp, 'w');
  try {
    await file.writeFile(header);
    await file.writeFile(bytes);
    await file.sync();
  } catch (err) {
    await file.close().catch(() => undefined);
    rmSync(tmp, { force: true });
    throw err;
  }
  await file.close();
  renameSync(tmp, target);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (path === target) continue;
    // Older snapshots; temporary files of writers that died (an hour is far longer than a write).
    // Another process may be removing the same files: whatever is gone already is fine.
    const modified = statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
    const stale = name.endsWith('.snapshot') || (name.endsWith('.tmp') && Date.now() - modified > 3_600_000);
    if (stale) rmSync(path, { force: true });
  }
}

export interface LoadedSnapshot {
  /** The snapshot, in a SharedArrayBuffer (shared, not copied, when posted to worker threads). */
  bytes: Uint8Array;
  /** Where it came from: the cache file, or built now from the store (and then cached). */
  from: 'cache' | 'built';
  /** The index itself, when it was built here or `keepIndex` asked for it. */
  index?: ScreeningIndex;
  /** Settles when the cache file is written (or could not be: that is not an error). */
  saved: Promise<void>;
}

/**
 * The index over the lists in force as a snapshot: from the cache when it holds one for these
 * versions and this code, else built from the store and cached. A cache that cannot be written
 * (read-only data directory, full disk) does not fail the screening: the next run builds again.
 */
export async function loadIndexSnapshot(
  store: Store,
  dataDir: string,
  options: { keepIndex?: boolean; onBuild?: () => void; lazy?: boolean } = {},
): Promise<LoadedSnapshot> {
  const key = await indexCacheKey(store);
  const cached = readIndexCache(dataDir, key);
  if (cached) {
    if (!options.keepIndex) return { bytes: cached, from: 'cache', saved: Promise.resolve() };
    try {
      const { indexFromSnapshot } = await import('../match/snapshot.js');
      return { bytes: cached, from: 'cache', index: indexFromSnapshot(cached, { lazy: options.lazy }), saved: Promise.resolve() };
    } catch {
      // Intact but unreadable (should not happen: the key covers the code and Node.js): rebuild.
    }
  }
  // Said before it starts: building takes seconds (tens of seconds on a busy machine).
  options.onBuild?.();
  const [{ ScreeningIndex }, { indexSnapshot }] = await Promise.all([import('../match/index.js'), import('../match/snapshot.js')]);
  const index = ScreeningIndex.build(await currentEntities(store));
  const serialized = indexSnapshot(index);
  const bytes = new Uint8Array(new SharedArrayBuffer(serialized.length));
  bytes.set(serialized);
  const saved = writeIndexCache(dataDir, key, bytes).catch(() => undefined);
  return { bytes, from: 'built', index, saved };
}
