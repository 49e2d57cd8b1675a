/**
 * Batch screening and comparison for the CLI: JSONL in, JSONL out, in input order.
 *
 * Screening spreads the lines over worker threads (one per core), each holding its own candidate
 * index built from the store; the main thread only reads, dispatches and writes, so a batch of a
 * million names streams through without being held in memory. A line that is not a valid query
 * gets an `error` line of its own, naming the line and the fault; the rest goes on.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import { currentEntities } from '../lists/versions.js';
import { CandidateIndex, compare, parseQueryLine, screenLine, type ScreenSettings } from '../match/index.js';
import type { Store } from '../store/index.js';

export type { ScreenSettings };

export async function loadIndex(store: Store): Promise<CandidateIndex> {
  return CandidateIndex.build(await currentEntities(store));
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
  /** Of `ms`, the time spent loading the lists and building the index (per worker, in parallel). */
  startupMs: number;
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
  /** How to open the store inside a worker thread. */
  dataDir: string;
  env: Record<string, string | undefined>;
  workers?: number;
  onProgress?: (done: number) => void;
  /** Used when screening in this thread (no workers). */
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

export async function screenFile(options: ScreenFileOptions): Promise<BatchOutcome> {
  const t0 = performance.now();
  const workerCount = Math.max(1, options.workers ?? availableParallelism());
  const out = writer(options.output);
  const settings: ScreenSettings = { threshold: options.threshold, limit: options.limit };
  let lines = 0;
  let errors = 0;

  if (workerCount === 1) {
    if (!options.index) throw new Error('screenFile needs an index when it runs without workers');
    const index = await options.index();
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

  const workers = Array.from({ length: workerCount }, () => startWorker({ dataDir: options.dataDir, env: options.env, settings }));
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
          w.once('message', (m: { ready?: boolean }) => (m.ready ? resolve() : reject(new Error('worker failed to start'))));
          w.once('error', reject);
        }),
    );
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
    return { lines, errors, ms: performance.now() - t0, startupMs, workers: workers.length };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
