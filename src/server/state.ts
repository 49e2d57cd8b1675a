/**
 * What a running server holds: the store, and the lists in force as a `ListSnapshot` (screening
 * index, listed entities, their content hashes and the versions they come from). The snapshot is
 * built after the server starts listening (health answers at once, readiness only once it is
 * there) and rebuilt by `reload()` when a new list version lands.
 *
 * The index is built off the event loop, in a worker thread (index-worker.ts) that reads it from
 * the index cache or builds it, and hands it back as a snapshot; this thread then loads the listed
 * entities of exactly the versions the index covers and swaps the whole snapshot in with one
 * assignment, so a request sees the old lists or the new ones, never a mix. Reloads are serialised
 * and coalesced: any number of calls while one runs make one more.
 *
 * It also schedules, in the background, what follows a change of the lists (the application's
 * `followListChange`: monitoring, then re-assessment), one at a time: a request while one is under
 * way queues one more (against the snapshot in force when it starts), and one held by another
 * replica (the store's "monitor" lock, or the run lease) is retried until that one is done; it
 * then finds the subjects up to date and does nothing. What to run is the application's; when
 * and how often is this server's.
 */
import { Worker } from 'node:worker_threads';
import type { FastifyBaseLogger } from 'fastify';
import type { FollowUp, FollowUpOptions } from '../app/lists.js';
import { requireSomeList } from '../app/lists-in-force.js';
import { CaseError } from '../cases/errors.js';
import { ListSnapshot } from '../cases/snapshot.js';
import { VigilError } from '../errors.js';
import { ScreeningIndex } from '../match/index.js';
import { indexFromSnapshotSliced } from '../match/snapshot.js';
import type { Entity } from '../model/index.js';
import { isStoreUnavailable, type ListVersion, type Store } from '../store/index.js';
import type { IndexWorkerInput, IndexWorkerReply } from './index-worker.js';
import type { ScreenPool } from './screen-pool.js';

const NO_ENTITIES: ReadonlyMap<string, Entity> = new Map();
/** A background run that finds another run in progress tries again this often, this many times. */
const MONITOR_RETRY_MS = 5_000;
const MONITOR_RETRIES = 24;
/** Entities read per query while loading a snapshot (small batches keep the event loop free). */
const ENTITY_BATCH = 250;

/** How the last reload went, for /readyz and /metrics. */
export interface ReloadInfo {
  /** When it finished. */
  at: string;
  /** Whether the lists had changed (false: the index in force was kept). */
  changed: boolean;
  /** Where the index came from: the worker (from the cache or built), or built on this thread. */
  source: 'cache' | 'built' | 'main-thread' | 'empty' | 'unchanged';
  ms: number;
  /** Of which on this thread: reading the listed entities, and restoring the index from its snapshot. */
  entitiesMs?: number;
  restoreMs?: number;
}

const sameVersionIds = (a: readonly ListVersion[], b: readonly ListVersion[]) =>
  a.length === b.length && a.every((v) => b.some((w) => w.id === v.id));

export class ServerState {
  readonly store: Store;
  snapshot: ListSnapshot | undefined;
  loadedAt: string | undefined;
  /** The last reload, and the last that failed (cleared by the next success). */
  lastReload: ReloadInfo | undefined;
  lastReloadError: { at: string; message: string } | undefined;
  /** Reloads that swapped in new lists, since start. */
  reloads = 0;
  /** Where the index cache lives (the data directory); without it the worker builds every time. */
  dataDir: string | undefined;
  /** Build the index on this thread instead of a worker (a store a worker cannot open, e.g. SQLite :memory:). */
  buildInThread = false;
  /**
   * The worker threads that screen batches over the snapshot bytes of the index in force (closed
   * with the state). Without it, or for an index built on this thread, batches are screened here
   * in slices.
   */
  pool: ScreenPool | undefined;
  private loading: Promise<boolean> | undefined;
  private queued: Promise<boolean> | undefined;
  private queuedForce = false;
  private monitoring: Promise<void> | undefined;
  private monitorAgain: { actor: string; log: FastifyBaseLogger } | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private wakeRetry: (() => void) | undefined;
  private closed = false;
  /** Stops a background run at its next chunk boundary (it stays resumable) when the server closes. */
  private readonly stopping = new AbortController();

  /**
   * @param followChange what follows a change of the lists in force (the application's use case,
   *   `vigil.lists.followChange`), run in the background by `monitorInBackground`
   */
  constructor(
    store: Store,
    private readonly followChange: (options: Pick<FollowUpOptions, 'actor' | 'snapshot' | 'signal'>) => Promise<FollowUp>,
  ) {
    this.store = store;
  }

  /** The screening index of the lists in force (undefined while the first build runs). */
  get index(): ScreeningIndex | undefined {
    return this.snapshot?.index;
  }

  /** The listed entities in force, by id, so responses need no store round trip. */
  get entities(): ReadonlyMap<string, Entity> {
    return this.snapshot?.entities ?? NO_ENTITIES;
  }

  get versions(): ListVersion[] {
    return this.snapshot?.versions ?? [];
  }

  /** The first load is done (the lists in force, possibly none, are known). */
  get ready(): boolean {
    return this.snapshot !== undefined;
  }

  /** At least one list is in force: screening is possible. */
  get hasLists(): boolean {
    return (this.snapshot?.versions.length ?? 0) > 0;
  }

  /** A reload is under way. */
  get reloading(): boolean {
    return this.loading !== undefined;
  }

  /**
   * Bring the snapshot up to date with the versions in force in the store; resolves true when new
   * lists were swapped in, false when the snapshot was current already (`force` rebuilds anyway).
   * Calls during a reload share one more reload after it (a version may have landed meanwhile).
   */
  reload(force = false): Promise<boolean> {
    if (!this.loading) {
      this.loading = this.syncOnce(force).finally(() => {
        this.loading = undefined;
      });
      return this.loading;
    }
    this.queuedForce ||= force;
    this.queued ??= this.loading
      .catch(() => false)
      .then(() => {
        this.queued = undefined;
        const again = this.queuedForce;
        this.queuedForce = false;
        return this.reload(again);
      });
    return this.queued;
  }

  private async syncOnce(force: boolean): Promise<boolean> {
    const t0 = performance.now();
    try {
      const current = await this.store.currentVersions();
      if (!force && this.snapshot && sameVersionIds(this.snapshot.versions, current)) {
        this.lastReload = { at: new Date().toISOString(), changed: false, source: 'unchanged', ms: performance.now() - t0 };
        return false;
      }
      let snapshot: ListSnapshot;
      let source: ReloadInfo['source'];
      let timing: { entitiesMs?: number; restoreMs?: number } = {};
      if (current.length === 0) {
        snapshot = new ListSnapshot([], new Map(), [], ScreeningIndex.build([]));
        source = 'empty';
      } else if (this.buildInThread || (this.store.location.kind === 'sqlite' && this.store.location.file === ':memory:')) {
        const { entities, hashes } = await this.loadEntities(current);
        snapshot = new ListSnapshot(entities, hashes, current);
        source = 'main-thread';
      } else {
        const built = await buildIndexInWorker({ store: this.store.location, dataDir: this.dataDir });
        const t1 = performance.now();
        const { entities, hashes } = await this.loadEntities(built.versions);
        const t2 = performance.now();
        // The one step on this thread that takes long: restoring the index from its snapshot, in
        // slices of a few milliseconds so that health checks and screens keep their answers.
        const index = await indexFromSnapshotSliced(built.bytes);
        timing = { entitiesMs: t2 - t1, restoreMs: performance.now() - t2 };
        // The pool screens this version from the same shared bytes, bound to it for as long as it is in force.
        snapshot = new ListSnapshot(entities, hashes, built.versions, index, this.pool?.bind(built.bytes));
        source = built.from;
      }
      const changed = !this.snapshot || !sameVersionIds(this.snapshot.versions, snapshot.versions) || force;
      this.snapshot = snapshot; // the swap: one assignment
      this.loadedAt = new Date().toISOString();
      if (changed) this.reloads++;
      this.lastReload = { at: this.loadedAt, changed, source, ms: performance.now() - t0, ...timing };
      this.lastReloadError = undefined;
      return changed;
    } catch (err) {
      this.lastReloadError = { at: new Date().toISOString(), message: (err as Error).message };
      throw err;
    }
  }

  /** The listed entities and their content hashes of exactly these versions, read in small batches. */
  private async loadEntities(versions: ListVersion[]): Promise<{ entities: Entity[]; hashes: Map<string, string> }> {
    const entities: Entity[] = [];
    const hashes = new Map<string, string>();
    for (const v of versions) {
      for (const [id, hash] of await this.store.versionHashes(v.id)) hashes.set(id, hash);
      for await (const batch of this.store.entitiesOfVersion(v.id, ENTITY_BATCH)) {
        for (const e of batch) entities.push(e);
        await new Promise<void>((r) => setImmediate(r));
      }
    }
    return { entities, hashes };
  }

  /** The index, or an error a route turns into 503 (being built, or no list in force). */
  requireIndex(): ScreeningIndex {
    return this.requireSnapshot().index;
  }

  /**
   * The lists in force once loaded, even when there are none (503 only while they load). For
   * candidate vetting, whose other red flags stand without a list; a screening needs `requireSnapshot`.
   */
  requireLoaded(): ListSnapshot {
    if (!this.snapshot) throw new NotReadyError();
    return this.snapshot;
  }

  /** The lists in force, or an error a route turns into 503 while they load or when there are none. */
  requireSnapshot(): ListSnapshot {
    return requireSomeList(this.requireLoaded());
  }

  /**
   * Bring the monitored subjects and the candidates up to date with the lists in force, in the
   * background (`followChange`). Failures are logged, never thrown. Returns at once; `idle()` waits for the run (and any queued one).
   */
  monitorInBackground(actor: string, log: FastifyBaseLogger): void {
    if (this.closed) return;
    if (this.monitoring) {
      this.monitorAgain = { actor, log };
      return;
    }
    this.monitoring = this.monitorLoop(actor, log).finally(() => {
      this.monitoring = undefined;
    });
  }

  private async monitorLoop(actor: string, log: FastifyBaseLogger): Promise<void> {
    let next: { actor: string; log: FastifyBaseLogger } | undefined = { actor, log };
    while (next && !this.closed) {
      const { actor: who, log: logger } = next;
      this.monitorAgain = undefined;
      await this.monitorOnce(who, logger, 0);
      next = this.monitorAgain;
    }
  }

  private async monitorOnce(actor: string, log: FastifyBaseLogger, attempt: number): Promise<void> {
    if (!this.snapshot || this.snapshot.versions.length === 0 || this.closed) return;
    const snapshot = this.snapshot;
    try {
      // One replica at a time (the store's monitor lock): the others find the subjects up to date once it is done.
      const done = await this.followChange({ actor, snapshot, signal: this.stopping.signal });
      if (done.busy) throw new CaseError('conflict', 'another replica is running the monitor');
      if (done.run) log.info({ run: done.run.id, subjects: done.run.subjectsDone, stats: done.run.stats }, 'monitor run done');
      const r = done.reassessed;
      if (r) log.info({ candidates: r.assessments.size, changed: r.changed.length, levels: r.levels, alerts: r.alerts }, 'candidates re-assessed after the list change');
    } catch (err) {
      if (this.closed) {
        log.info({ reason: (err as Error).message }, 'background monitor run stopped by shutdown');
        return;
      }
      const busy = err instanceof CaseError && err.code === 'conflict';
      if ((busy || isStoreUnavailable(err)) && attempt < MONITOR_RETRIES) {
        // Another run (this replica's API, or another replica) holds the monitor, or the store is
        // away (the run is resumable): try again later.
        log.info({ reason: (err as Error).message }, busy ? 'monitor busy; retrying shortly' : 'monitor run paused: the store is unavailable; retrying shortly');
        await new Promise<void>((resolve) => {
          this.retryTimer = setTimeout(resolve, MONITOR_RETRY_MS);
          this.retryTimer.unref();
          this.wakeRetry = resolve;
        });
        this.wakeRetry = undefined;
        return this.monitorOnce(actor, log, attempt + 1);
      }
      log.error({ err: (err as Error).message }, 'background monitor run failed');
    }
  }

  /** Stop starting monitor runs and wait for the one under way (before the store closes). */
  async close(): Promise<void> {
    this.closed = true;
    this.stopping.abort();
    clearTimeout(this.retryTimer);
    this.wakeRetry?.();
    await this.idle();
    await this.pool?.close();
  }

  /** Resolves once no background monitor run is under way. */
  async idle(): Promise<void> {
    while (this.monitoring) await this.monitoring;
  }
}

export class NotReadyError extends VigilError {
  constructor() {
    super(
      'not_ready',
      'the screening index is still being built; retry shortly (see /readyz)');
    this.name = 'NotReadyError';
  }
}

/** A screen with no list in force: refused (503), never answered "no match" (the application's error). */
export { NoListsError } from '../app/lists-in-force.js';

/**
 * Build the index of the lists in force in a worker thread (see index-worker.ts). From the compiled
 * package the worker is dist/server/index-worker.js; under tsx (tests, benchmarks) the worker
 * registers tsx first, since Node 20 does not apply the parent's module hooks to a worker's entry.
 */
export function buildIndexInWorker(input: IndexWorkerInput): Promise<Extract<IndexWorkerReply, { ok: true }>> {
  let worker: Worker;
  if (import.meta.url.endsWith('.ts')) {
    const entry = new URL('./index-worker.ts', import.meta.url).href;
    const tsx = import.meta.resolve('tsx/esm/api');
    const code = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
    worker = new Worker(code, { eval: true, workerData: input });
  } else {
    worker = new Worker(new URL('./index-worker.js', import.meta.url), { workerData: input });
  }
  return new Promise((resolve, reject) => {
    let settled = false;
    worker.once('message', (reply: IndexWorkerReply) => {
      settled = true;
      worker.unref(); // it may still be writing the index cache: that must not hold a shutdown
      if (reply.ok) resolve(reply);
      else reject(new Error(`building the screening index failed: ${reply.error}`));
    });
    worker.once('error', (err) => {
      if (!settled) reject(new Error(`the index worker failed: ${err.message}`));
      settled = true;
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the index worker stopped with exit code ${code} before handing back the index`));
      settled = true;
    });
  });
}
