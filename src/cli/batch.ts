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
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { currentEntities } from '../lists/versions.js';
import { CandidateIndex, compare, parseQueryLine, type ScreenSettings } from '../match/index.js';
import { eachLine, screenLines, utf8Text } from '../match/jsonl.js';
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

/** A block of whole lines of an input file, as bytes, and the number of its first line. */
export interface InputBlock {
  /** UTF-8 bytes in a buffer of their own (so it can be transferred to a worker thread). */
  bytes: Uint8Array;
  firstLine: number;
}

/** Lines per block given to a worker: enough to make messaging cheap, few enough to keep all busy. */
const BLOCK_LINES = 256;
/** A block is cut at a line end once it is this long, however few lines it holds. */
const BLOCK_BYTES = 1 << 20;
const LF = 0x0a;
const CR = 0x0d;

/** Lines ended in `bytes`: every "\n", "\r\n" or lone "\r" (the line ends `eachLine` reads). */
function lineEnds(bytes: Uint8Array, newlines: number): number {
  let n = newlines;
  for (let i = bytes.indexOf(CR); i !== -1; i = bytes.indexOf(CR, i + 1)) if (bytes[i + 1] !== LF) n++;
  return n;
}

/**
 * The input file in blocks of whole lines, cut at a "\n" after `BLOCK_LINES` of them (or
 * `BLOCK_BYTES`); the bytes are read as they are and decoded by whoever screens them (a "\n" byte
 * never falls inside a UTF-8 character, so a block decodes as the whole file would).
 */
export async function* readBlocks(path: string): AsyncGenerator<InputBlock> {
  let parts: Buffer[] = [];
  let firstLine = 1;
  const block = (bytes: Uint8Array, newlines: number): InputBlock => {
    const own = new Uint8Array(bytes.length);
    own.set(bytes);
    const out = { bytes: own, firstLine };
    firstLine += lineEnds(own, newlines);
    return out;
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 18 }) as AsyncIterable<Buffer>) {
    if (chunk.indexOf(LF) === -1) {
      parts.push(chunk);
      continue;
    }
    const buf = parts.length > 0 ? Buffer.concat([...parts, chunk]) : chunk;
    parts = [];
    let start = 0;
    let pos = 0;
    let newlines = 0;
    for (let nl = buf.indexOf(LF); nl !== -1; nl = buf.indexOf(LF, pos)) {
      pos = nl + 1;
      newlines++;
      if (newlines >= BLOCK_LINES || pos - start >= BLOCK_BYTES) {
        yield block(buf.subarray(start, pos), newlines);
        start = pos;
        newlines = 0;
      }
    }
    if (start < buf.length) parts.push(buf.subarray(start));
  }
  const rest = Buffer.concat(parts);
  if (rest.length > 0) {
    // Fewer than BLOCK_LINES lines, the last maybe without its line end.
    let newlines = 0;
    for (let i = rest.indexOf(LF); i !== -1; i = rest.indexOf(LF, i + 1)) newlines++;
    yield block(rest, newlines);
  }
}

/** The lines of a file that are not blank, with their line numbers (see `eachLine`). */
async function* readLines(path: string): AsyncGenerator<{ line: string; lineNo: number }> {
  for await (const { bytes, firstLine } of readBlocks(path)) {
    const lines: { line: string; lineNo: number }[] = [];
    eachLine(utf8Text(bytes), firstLine, (line, lineNo) => lines.push({ line, lineNo }));
    yield* lines;
  }
}

function writer(path: string) {
  const out = createWriteStream(path);
  return {
    async write(data: string | Uint8Array) {
      if (!out.write(data)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
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

/** What the main thread sends a worker: a block of input lines (its buffer is transferred). */
export interface WorkerJob extends InputBlock {
  seq: number;
}

/** What a worker sends back for one block: its output lines as UTF-8 (the buffer transferred). */
export interface WorkerReply {
  seq: number;
  output: Uint8Array;
  lines: number;
  errors: number;
}

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
    for await (const { bytes, firstLine } of readBlocks(options.input)) {
      const result = screenLines(index, utf8Text(bytes), firstLine, settings);
      lines += result.lines;
      errors += result.errors;
      await out.write(result.text);
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
    // Blocks of lines go to the worker with the fewest in hand, a bounded number in flight; this
    // thread only reads bytes, passes them on and writes the bytes that come back, in order.
    const replies = new Map<number, WorkerReply>();
    let wake: (() => void) | undefined;
    let failure: Error | undefined;
    const fail = (err: Error) => {
      failure ??= err;
      wake?.();
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
    const inHand = workers.map(() => 0);
    workers.forEach((w, i) => {
      w.on('message', (m: WorkerReply) => {
        inHand[i]!--;
        replies.set(m.seq, m);
        wake?.();
      });
      w.on('error', (err) => fail(new Error(`a screening worker failed: ${err.message}`)));
      w.on('exit', (code) => {
        if (code !== 0) fail(new Error(`a screening worker stopped with exit code ${code}`));
      });
    });
    let sent = 0;
    let done = 0;
    /** Write the replies that are next in order; wait while more than `keepInFlight` are out. */
    const flush = async (keepInFlight: number) => {
      for (;;) {
        if (failure) throw failure;
        const reply = replies.get(done);
        if (reply) {
          replies.delete(done);
          done++;
          lines += reply.lines;
          errors += reply.errors;
          if (reply.output.length > 0) await out.write(reply.output);
          options.onProgress?.(lines);
          continue;
        }
        if (sent - done <= keepInFlight) return;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    };
    const maxInFlight = workers.length * 3;
    for await (const block of readBlocks(options.input)) {
      let target = 0;
      for (let i = 1; i < workers.length; i++) if (inHand[i]! < inHand[target]!) target = i;
      inHand[target]!++;
      const job: WorkerJob = { seq: sent++, ...block };
      workers[target]!.postMessage(job, [block.bytes.buffer as ArrayBuffer]);
      await flush(maxInFlight - 1);
    }
    await flush(0);
    await out.close();
    await saved;
    return { lines, errors, ms: performance.now() - t0, startupMs, workers: workers.length, index: from };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
    await saved;
  }
}
