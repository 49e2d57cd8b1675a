/**
 * The server's screening pool: a few worker threads (VIGIL_SCREEN_THREADS, default one per core
 * but one) that screen batches (/match, subjects, batch jobs, vetting's subject screening) so
 * that the event loop stays free for health checks and short requests.
 *
 * Every worker reads the index from the same snapshot bytes, a SharedArrayBuffer the index
 * worker hands back (index-worker.ts): no worker gets a copy. `bind(bytes)` gives the offload of
 * one version of the lists (a generation); the server's ListSnapshot of that version carries it,
 * so a request screens against the version its snapshot reports, even while a new one is swapped
 * in (each task names its generation; a worker keeps the two newest).
 *
 * Written on node:worker_threads rather than a pool library: the tasks are of one kind, the pool
 * needs the tsx bootstrap that buildIndexInWorker uses for a worker's entry under tests (a
 * library loads its worker by file name), and a generation carried with each task is all the
 * "broadcast" needed. A batch is cut into pieces spread over the workers; a worker that dies fails
 * the piece it held (the request gets an error, never a partial answer) and is replaced.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { BatchScreenOptions, JobLine, JobRecord, MatchQuery, ScreenResult, ScreenSettings, ScreeningOffload } from '../match/index.js';

/** What a worker is asked: read a generation's index (warm), or screen queries or job records against it. */
export type PoolWork =
  | { kind: 'queries'; queries: readonly MatchQuery[]; options: BatchScreenOptions }
  | { kind: 'records'; records: readonly JobRecord[]; settings: ScreenSettings };

export type PoolTask = { id: number; generation: number; bytes: Uint8Array } & ({ kind: 'warm' } | PoolWork);

export type PoolReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** Queries per piece of a batch: small enough to spread a /match of 500 over the workers, big enough to be worth a message. */
const PIECE = 25;

/** The default pool size: one worker per core but one (the event loop's), at least one. */
export function defaultScreenThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}

interface Pending {
  task: PoolTask;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: Pending | undefined;
}

/** Starts a worker of this pool (under tsx, registering it first: Node 20 does not pass module hooks to workers). */
function startWorker(): Worker {
  if (import.meta.url.endsWith('.ts')) {
    const entry = new URL('./screen-pool-worker.ts', import.meta.url).href;
    const tsx = import.meta.resolve('tsx/esm/api');
    const code = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
    return new Worker(code, { eval: true });
  }
  return new Worker(new URL('./screen-pool-worker.js', import.meta.url));
}

export class ScreenPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private generation = 0;
  private closed = false;

  constructor(readonly size: number = defaultScreenThreads()) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`a screening pool needs at least one thread, not ${size}`);
  }

  /**
   * The offload of one version of the lists, whose index these snapshot bytes hold (a view of a
   * SharedArrayBuffer). The workers start reading it now, so the first batch does not wait.
   */
  bind(bytes: Uint8Array): ScreeningOffload {
    if (!(bytes.buffer instanceof SharedArrayBuffer)) throw new Error('the screening pool reads the index from shared memory: the snapshot bytes must be a view of a SharedArrayBuffer');
    const generation = ++this.generation;
    this.warm(generation, bytes);
    return {
      screenQueries: (queries, options) => this.inPieces(queries, (piece) => ({ kind: 'queries', queries: piece, options }), generation, bytes) as Promise<ScreenResult[][]>,
      screenRecords: (records, settings) => this.inPieces(records, (piece) => ({ kind: 'records', records: piece, settings }), generation, bytes) as Promise<JobLine[]>,
    };
  }

  /** Every worker started and reading this generation's index (one warm task each, queued like any other). */
  private warm(generation: number, bytes: Uint8Array): void {
    if (this.closed) return; // an index that finished building after the server closed starts no thread
    while (this.slots.length < this.size) this.slots.push(this.spawn());
    for (let k = 0; k < this.size; k++) void this.run({ id: this.nextId++, generation, bytes, kind: 'warm' }).catch(() => undefined);
  }

  /** The batch cut into pieces of PIECE items, screened by whichever workers are free, the answers put back in order. */
  private async inPieces<T>(items: readonly T[], work: (piece: T[]) => PoolWork, generation: number, bytes: Uint8Array): Promise<unknown[]> {
    const pieces: Promise<unknown>[] = [];
    for (let i = 0; i < items.length; i += PIECE) pieces.push(this.run({ ...work(items.slice(i, i + PIECE)), id: this.nextId++, generation, bytes }));
    return ((await Promise.all(pieces)) as unknown[][]).flat(1);
  }

  private run(task: PoolTask): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('the screening pool is closed (the server is shutting down)'));
    return new Promise((resolve, reject) => {
      this.queue.push({ task, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.busy) continue;
      const next = this.queue.shift()!;
      slot.busy = next;
      slot.worker.postMessage(next.task);
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: startWorker(), busy: undefined };
    slot.worker.unref(); // an idle pool never holds the process open
    slot.worker.on('message', (reply: PoolReply) => {
      const pending = slot.busy;
      slot.busy = undefined;
      if (pending && pending.task.id === reply.id) {
        if (reply.ok) pending.resolve(reply.value);
        else pending.reject(new Error(`screening failed in a worker thread: ${reply.error}`));
      }
      this.dispatch();
    });
    const lost = (why: string) => {
      const index = this.slots.indexOf(slot);
      if (index < 0) return;
      slot.busy?.reject(new Error(`a screening worker thread ${why}; the batch was not screened, retry it`));
      slot.busy = undefined;
      if (this.closed) {
        this.slots.splice(index, 1);
        return;
      }
      this.slots[index] = this.spawn();
      this.dispatch();
    };
    slot.worker.on('error', (err) => lost(`failed (${err.message})`));
    slot.worker.on('exit', (code) => lost(`stopped (exit code ${code})`));
    return slot;
  }

  /** Stop the workers; tasks still queued or under way are refused with an error. */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new Error('the screening pool is closed (the server is shutting down)'));
    const slots = this.slots.splice(0);
    for (const slot of slots) {
      slot.busy?.reject(new Error('the screening pool is closed (the server is shutting down)'));
      slot.busy = undefined;
    }
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }
}
