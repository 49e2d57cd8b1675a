/**
 * Batch screening and comparison for the CLI: JSONL in, JSONL out, in input order.
 *
 * Screening spreads the lines over worker threads (one per core). The screening index is built
 * once per process, in the main thread, or read from the index cache in the data directory (see
 * `loadIndexSnapshot` in src/lists/index-cache.ts), and handed to the workers as a snapshot in a SharedArrayBuffer: one copy of
 * the bytes, each worker rebuilding its own index from them; no worker opens the store. The main
 * thread only reads, dispatches and writes, so a batch of a million names streams through without
 * being held in memory. A line that is not a valid query, or not UTF-8 text, gets an `error` line
 * of its own, naming the line and the fault; the rest goes on.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Config } from '../config.js';
import { badBytesError, eachUtf8Line, type BadBytes } from '../io/records.js';
import { loadIndex, loadIndexSnapshot } from '../lists/index-cache.js';
// The matcher is imported by the paths that screen or compare in this thread, not with this
// module: with worker threads, this thread only reads, dispatches and writes bytes.
import type { ScreeningIndex, ScreenSettings } from '../match/index.js';
import { storeFromEnv, type Store } from '../store/index.js';

export type { ScreenSettings };

type Matcher = typeof import('../match/index.js');

function compareLine({ compare, parseQueryLine }: Matcher, line: string, lineNo: number, threshold: number | undefined): string {
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

/** Progress lines for the steps of a command (see `slowStepLines`). */
export interface StepLines {
  /** A step begins (the one before ends); the same label again updates its count. */
  step(label: string, done?: number): void;
  /** The last step ends. */
  stop(): void;
}

/**
 * A line on stderr for every step of a command that takes longer than a second, terminal or not,
 * so a slow start (a busy machine, a cold disk) never looks hung: a second into the step while the
 * thread is free to say it (waiting on the store or the workers), then every five seconds; and
 * when a step that held the thread (reading the index) ends after more than a second unsaid.
 */
export function slowStepLines(err: (line: string) => void, options: { firstAfterMs?: number; everyMs?: number } = {}): StepLines {
  const firstAfter = options.firstAfterMs ?? 1000;
  const every = options.everyMs ?? 5000;
  let current: { label: string; done?: number; since: number; next: number; said: boolean } | undefined;
  const seconds = (now: number) => ((now - current!.since) / 1000).toFixed(1);
  const counted = () => (current!.done !== undefined ? ` (${current!.done} done)` : '');
  const timer = setInterval(() => {
    const now = performance.now();
    if (!current || now < current.next) return;
    err(`vigil: ${current.label}${counted()}, ${seconds(now)} s so far`);
    current.said = true;
    current.next = now + every;
  }, 100);
  timer.unref();
  const end = (now: number) => {
    if (current && !current.said && now - current.since >= firstAfter) err(`vigil: ${current.label}${counted()} took ${seconds(now)} s`);
  };
  return {
    step(label, done) {
      const now = performance.now();
      if (current?.label !== label) {
        end(now);
        current = { label, since: now, next: now + firstAfter, said: false };
      }
      current.done = done;
    },
    stop() {
      end(performance.now());
      clearInterval(timer);
      current = undefined;
    },
  };
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

/** A block of whole lines of an input file, as bytes, the number of its first line and its offset in the file. */
export interface InputBlock {
  /** The bytes, in a buffer of their own (so it can be transferred to a worker thread). */
  bytes: Uint8Array;
  firstLine: number;
  offset: number;
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
 * `BLOCK_BYTES`); the bytes are read as they are and decoded by whoever screens them, strictly,
 * with `eachUtf8Line` of src/io/records.ts (a "\n" byte never falls inside a UTF-8 character, so a
 * block decodes as the whole file would, and a line that is not UTF-8 is named by its line and
 * offset). Only that decoding and line cutting of src/io/records.ts is used here, not its record
 * iterator: blocks of raw bytes are what the worker threads are handed, and moving bytes rather
 * than decoded records keeps this thread free to read and dispatch.
 */
export async function* readBlocks(path: string): AsyncGenerator<InputBlock> {
  let parts: Buffer[] = [];
  let firstLine = 1;
  let offset = 0;
  const block = (bytes: Uint8Array, newlines: number): InputBlock => {
    const own = new Uint8Array(bytes.length);
    own.set(bytes);
    const out = { bytes: own, firstLine, offset };
    firstLine += lineEnds(own, newlines);
    offset += own.length;
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

/**
 * The lines of a file that are not blank, with their line numbers (see `eachUtf8Line`); a line that
 * is not UTF-8 text comes as its fault instead (the bad byte, its offset and line).
 */
async function* readLines(path: string): AsyncGenerator<{ line: string; lineNo: number } | { bad: BadBytes; lineNo: number }> {
  for await (const { bytes, firstLine, offset } of readBlocks(path)) {
    const lines: ({ line: string; lineNo: number } | { bad: BadBytes; lineNo: number })[] = [];
    eachUtf8Line(
      bytes,
      { line: firstLine, offset },
      (line, lineNo) => lines.push({ line, lineNo }),
      (bad) => lines.push({ bad, lineNo: bad.line }),
    );
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
  const matcher = await import('../match/index.js');
  const out = writer(output);
  let lines = 0;
  let errors = 0;
  for await (const read of readLines(input)) {
    const result =
      'bad' in read
        ? JSON.stringify({ id: null, line: read.lineNo, error: `line ${read.lineNo}: ${badBytesError(read.bad)}` })
        : compareLine(matcher, read.line, read.lineNo, threshold);
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
  /** How to open the store (VIGIL_STORE...) when `store` is not given: the settings, or the environment to read them from. */
  env: Config | NodeJS.ProcessEnv;
  /** The store holding the lists in force; when absent, opened from `dataDir` and `env` (and closed). */
  store?: Store;
  workers?: number;
  onProgress?: (done: number) => void;
  /** Called when there is no cached index for the lists in force and it is built now. */
  onIndexBuild?: () => void;
  /** The index to screen with in this thread (no workers); default: `loadIndex` with the cache. */
  index?: () => Promise<ScreeningIndex>;
  /** Told each step (getting the index, starting the workers, screening), for progress lines. */
  steps?: StepLines;
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

  const steps = options.steps;
  if (workerCount === 1) {
    steps?.step('reading the screening index');
    const index = await (options.index
      ? options.index()
      : withStore(options, (store) => loadIndex(store, options.dataDir, { onBuild: options.onIndexBuild, lazy: true })));
    const [{ screenLines }, { restoreAllParties }] = await Promise.all([import('../match/jsonl.js'), import('../match/snapshot.js')]);
    const startupMs = performance.now() - t0;
    steps?.step('screening', 0);
    let blocks = 0;
    for await (const { bytes, firstLine, offset } of readBlocks(options.input)) {
      // A long batch: the parties no query has needed yet are read now, in one go (see screen-worker.ts).
      if (++blocks === 5) restoreAllParties(index, Infinity).catch(() => undefined);
      const result = screenLines(index, bytes, { line: firstLine, offset }, settings);
      lines += result.lines;
      errors += result.errors;
      await out.write(result.text);
      options.onProgress?.(lines);
      steps?.step('screening', lines);
    }
    steps?.stop();
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
    steps?.step('reading the screening index');
    const { bytes, from, saved: written } = await withStore(options, (store) => loadIndexSnapshot(store, options.dataDir, { onBuild: options.onIndexBuild }));
    saved = written;
    steps?.step(`starting ${workers.length} screening workers`);
    for (const w of workers) w.postMessage({ snapshot: bytes });
    await Promise.all(ready);
    const startupMs = performance.now() - t0;
    steps?.step('screening', 0);
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
          steps?.step('screening', lines);
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
    steps?.stop();
    return { lines, errors, ms: performance.now() - t0, startupMs, workers: workers.length, index: from };
  } finally {
    steps?.stop();
    await Promise.all(workers.map((w) => w.terminate()));
    await saved;
  }
}
