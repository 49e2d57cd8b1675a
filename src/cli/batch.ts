/**
 * Batch screening and comparison for the CLI: JSONL in, JSONL out, in input order.
 *
 * Screening spreads the lines over worker threads (one per core). The candidate index is built
 * once per process, in the main thread, or read from the index cache in the data directory (see
 * `loadIndexSnapshot`), and handed to the workers as a snapshot in a SharedArrayBuffer: one copy of
 * the bytes, each worker rebuilding its own index from them; no worker opens the store. The main
 * thread only reads, dispatches and writes, so a batch of a million names streams through without
 * being held in memory. A line that is not a valid query gets an `error` line of its own, naming
 * the line and the fault; the rest goes on.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { currentEntities } from '../lists/versions.js';
import { CandidateIndex, compare, parseQueryLine, screenLine, type ScreenSettings } from '../match/index.js';
import { indexFromSnapshot, indexSnapshot } from '../match/snapshot.js';
import { storeFromEnv, type Store } from '../store/index.js';

export type { ScreenSettings };

/**
 * The candidate index over the lists in force. With a data directory, it comes from the index
 * cache there when the cache matches the versions in force and the matching code (else it is
 * built and the cache written); without one, it is built.
 */
export async function loadIndex(store: Store, dataDir?: string): Promise<CandidateIndex> {
  if (dataDir === undefined) return CandidateIndex.build(await currentEntities(store));
  const loaded = await loadIndexSnapshot(store, dataDir, { keepIndex: true });
  await loaded.saved;
  return loaded.index ?? indexFromSnapshot(loaded.bytes);
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
    for (const [id, h] of hashes) hash.update(`${id}\0${h}\0`);
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
  index?: CandidateIndex;
  /** Settles when the cache file is written (or could not be: that is not an error). */
  saved: Promise<void>;
}

/**
 * The index over the lists in force as a snapshot: from the cache when it holds one for these
 * versions and this code, else built from the store and cached. A cache that cannot be written
 * (read-only data directory, full disk) does not fail the screening: the next run builds again.
 */
export async function loadIndexSnapshot(store: Store, dataDir: string, options: { keepIndex?: boolean } = {}): Promise<LoadedSnapshot> {
  const key = await indexCacheKey(store);
  const cached = readIndexCache(dataDir, key);
  if (cached) {
    if (!options.keepIndex) return { bytes: cached, from: 'cache', saved: Promise.resolve() };
    try {
      return { bytes: cached, from: 'cache', index: indexFromSnapshot(cached), saved: Promise.resolve() };
    } catch {
      // Intact but unreadable (should not happen: the key covers the code and Node.js): rebuild.
    }
  }
  const index = CandidateIndex.build(await currentEntities(store));
  const serialized = indexSnapshot(index);
  const bytes = new Uint8Array(new SharedArrayBuffer(serialized.length));
  bytes.set(serialized);
  const saved = writeIndexCache(dataDir, key, bytes).catch(() => undefined);
  return { bytes, from: 'built', index, saved };
}

function compareLine(line: string, lineNo: number, threshold: number | undefined): string {
  let id: unknown = null;
  try {
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(line) as Record<string, unknown>;
    } catch (err) {
      throw new Error(`not valid JSON (${(err as Error).message})`);
    }
    id = value.id ?? null;
    const query = parseQueryLine(JSON.stringify(value.query ?? null));
    const candidate = parseQueryLine(JSON.stringify(value.candidate ?? null));
    const result = compare(query, candidate, threshold);
    return JSON.stringify({ id: value.id ?? '', score: result.score, match: result.match, explanation: result.explanation });
  } catch (err) {
    return JSON.stringify({ id, line: lineNo, error: `line ${lineNo}: ${(err as Error).message.replace(/^"(schema|properties)"/, 'query/candidate "$1"')}` });
  }
}

export interface BatchOutcome {
  lines: number;
  errors: number;
  ms: number;
  /**
   * Of `ms`, the time until the first query could be screened: getting the index (from the cache,
   * or loading the lists and building it) and, with workers, starting them on its snapshot.
   */
  startupMs: number;
  /** Where the index came from, when this call got it itself (see `loadIndexSnapshot`). */
  index?: 'cache' | 'built';
  workers: number;
}

async function* readLines(path: string): AsyncGenerator<{ line: string; lineNo: number }> {
  const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of rl) {
    lineNo++;
    if (line.trim() === '') continue;
    yield { line, lineNo };
  }
}

function writer(path: string) {
  const out = createWriteStream(path, { encoding: 'utf8' });
  return {
    async write(text: string) {
      if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    },
    async close() {
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    },
  };
}

export async function compareFile(input: string, output: string, threshold: number | undefined): Promise<BatchOutcome> {
  const t0 = performance.now();
  const out = writer(output);
  let lines = 0;
  let errors = 0;
  for await (const { line, lineNo } of readLines(input)) {
    const result = compareLine(line, lineNo, threshold);
    if (result.includes('"error":')) errors++;
    lines++;
    await out.write(`${result}\n`);
  }
  await out.close();
  return { lines, errors, ms: performance.now() - t0, startupMs: 0, workers: 0 };
}

export interface ScreenFileOptions extends ScreenSettings {
  input: string;
  output: string;
  /** The data directory: its index cache, and its store when `store` is not given. */
  dataDir: string;
  /** How to open the store (VIGIL_STORE...) when `store` is not given. */
  env: Record<string, string | undefined>;
  /** The store holding the lists in force; when absent, opened from `dataDir` and `env` (and closed). */
  store?: Store;
  workers?: number;
  onProgress?: (done: number) => void;
  /** The index to screen with in this thread (no workers); default: `loadIndex` with the cache. */
  index?: () => Promise<CandidateIndex>;
}

const BATCH_LINES = 256;

/** What a worker sends back for one batch. */
export interface WorkerReply {
  seq: number;
  lines: string[];
  errors: number;
}
const DONE: Promise<WorkerReply> = Promise.resolve({ seq: -1, lines: [], errors: 0 });

/**
 * A screening worker. From the compiled package it is dist/cli/screen-worker.js; when Vigil runs
 * from its TypeScript sources (tests, benchmarks under tsx) the worker registers tsx first, since
 * Node 20 does not apply the parent's module hooks to a worker's entry file.
 */
function startWorker(workerData: unknown): Worker {
  // A larger young generation: screening allocates many short-lived objects per query, and fewer
  // scavenges buy throughput.
  const resourceLimits = { maxYoungGenerationSizeMb: 64 };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./screen-worker.js', import.meta.url), { workerData, resourceLimits });
  const entry = new URL('./screen-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true, workerData, resourceLimits });
}

/** Run `fn` with the store of `options`, opening (and closing) it when none was given. */
async function withStore<T>(options: ScreenFileOptions, fn: (store: Store) => Promise<T>): Promise<T> {
  if (options.store) return fn(options.store);
  const store = await storeFromEnv(options.dataDir, options.env);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export async function screenFile(options: ScreenFileOptions): Promise<BatchOutcome> {
  const t0 = performance.now();
  const workerCount = Math.max(1, options.workers ?? availableParallelism());
  const out = writer(options.output);
  const settings: ScreenSettings = { threshold: options.threshold, limit: options.limit };
  let lines = 0;
  let errors = 0;

  if (workerCount === 1) {
    const index = await (options.index ? options.index() : withStore(options, (store) => loadIndex(store, options.dataDir)));
    const startupMs = performance.now() - t0;
    for await (const { line, lineNo } of readLines(options.input)) {
      const result = screenLine(index, line, lineNo, settings);
      lines++;
      if (result.error) errors++;
      await out.write(`${result.text}\n`);
      options.onProgress?.(lines);
    }
    await out.close();
    return { lines, errors, ms: performance.now() - t0, startupMs, workers: 0 };
  }

  // The workers start (load their code) while this thread gets the index; then each rebuilds
  // the index from the one shared snapshot.
  const workers = Array.from({ length: workerCount }, () => startWorker({ settings }));
  let saved: Promise<void> = Promise.resolve();
  try {
    // Batches go out round-robin with a bounded number in flight; results are written in order.
    const pending = new Map<number, WorkerReply>();
    const waiting = new Map<number, { resolve: (reply: WorkerReply) => void; reject: (err: Error) => void }>();
    let failure: Error | undefined;
    const fail = (err: Error) => {
      failure ??= err;
      for (const w of waiting.values()) w.reject(err);
      waiting.clear();
    };
    const ready = workers.map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          w.once('message', (m: { ready?: boolean; error?: string }) =>
            m.ready ? resolve() : reject(new Error(`a screening worker failed to start: ${m.error ?? 'no reason given'}`)),
          );
          w.once('error', reject);
        }),
    );
    for (const r of ready) r.catch(() => undefined); // awaited below; a failure while the index loads must not go unhandled
    // Only the bytes are kept: an index built here is not needed once the workers have the snapshot.
    const { bytes, from, saved: written } = await withStore(options, (store) => loadIndexSnapshot(store, options.dataDir));
    saved = written;
    for (const w of workers) w.postMessage({ snapshot: bytes });
    await Promise.all(ready);
    const startupMs = performance.now() - t0;
    for (const w of workers) {
      w.on('message', (m: WorkerReply) => {
        const waiter = waiting.get(m.seq);
        if (waiter) {
          waiting.delete(m.seq);
          waiter.resolve(m);
        } else pending.set(m.seq, m);
      });
      w.on('error', (err) => fail(new Error(`a screening worker failed: ${err.message}`)));
      w.on('exit', (code) => {
        if (code !== 0) fail(new Error(`a screening worker stopped with exit code ${code}`));
      });
    }
    const results: Promise<WorkerReply>[] = [];
    let seq = 0;
    let nextToWrite = 0;
    const flush = async (keepInFlight: number) => {
      while (results.length - nextToWrite > keepInFlight) {
        const reply = await results[nextToWrite]!;
        results[nextToWrite] = DONE; // release memory
        nextToWrite++;
        lines += reply.lines.length;
        errors += reply.errors;
        await out.write(reply.lines.length > 0 ? `${reply.lines.join('\n')}\n` : '');
        options.onProgress?.(lines);
        if (failure) throw failure;
      }
    };
    const send = (batch: { line: string; lineNo: number }[]) => {
      const n = seq++;
      results.push(
        new Promise<WorkerReply>((resolve, reject) => {
          const early = pending.get(n);
          if (early) {
            pending.delete(n);
            resolve(early);
          } else if (failure) reject(failure);
          else waiting.set(n, { resolve, reject });
        }),
      );
      workers[n % workers.length]!.postMessage({ seq: n, batch });
    };
    let batch: { line: string; lineNo: number }[] = [];
    for await (const item of readLines(options.input)) {
      batch.push(item);
      if (batch.length >= BATCH_LINES) {
        send(batch);
        batch = [];
        await flush(workers.length * 2);
      }
    }
    if (batch.length > 0) send(batch);
    await flush(0);
    await out.close();
    await saved;
    return { lines, errors, ms: performance.now() - t0, startupMs, workers: workers.length, index: from };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
    await saved;
  }
}
