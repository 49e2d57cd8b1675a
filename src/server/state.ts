/**
 * What a running server holds: the store, and the lists in force as a `ListSnapshot` (candidate
 * index, listed entities, their content hashes and the versions they come from). The snapshot is
 * built after the server starts listening (health answers at once, readiness only once it is
 * there) and rebuilt by `reload()` when a new list version lands.
 *
 * It also runs the monitor in the background when the lists change, one run at a time: a request
 * while a run is under way queues one more run (against the snapshot in force when it starts), and
 * a run held by another replica is retried until that one is done.
 */
import type { FastifyBaseLogger } from 'fastify';
import { CaseError } from '../cases/errors.js';
import { runMonitor } from '../cases/monitor.js';
import { loadSnapshot, type ListSnapshot } from '../cases/snapshot.js';
import type { CandidateIndex } from '../match/index.js';
import type { Entity } from '../model/index.js';
import type { ListVersion, Store } from '../store/index.js';

const NO_ENTITIES: ReadonlyMap<string, Entity> = new Map();
/** A background run that finds another run in progress tries again this often, this many times. */
const MONITOR_RETRY_MS = 5_000;
const MONITOR_RETRIES = 24;

export class ServerState {
  readonly store: Store;
  snapshot: ListSnapshot | undefined;
  loadedAt: string | undefined;
  private loading: Promise<void> | undefined;
  private monitoring: Promise<void> | undefined;
  private monitorAgain: { actor: string; log: FastifyBaseLogger } | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private wakeRetry: (() => void) | undefined;
  private closed = false;
  /** Stops a background run at its next chunk boundary (it stays resumable) when the server closes. */
  private readonly stopping = new AbortController();
  private readonly afterRun: ((actor: string, log: FastifyBaseLogger) => Promise<void>)[] = [];

  constructor(store: Store) {
    this.store = store;
  }

  /** The candidate index of the lists in force (undefined while the first build runs). */
  get index(): CandidateIndex | undefined {
    return this.snapshot?.index;
  }

  /** The listed entities in force, by id, so responses need no store round trip. */
  get entities(): ReadonlyMap<string, Entity> {
    return this.snapshot?.entities ?? NO_ENTITIES;
  }

  get versions(): ListVersion[] {
    return this.snapshot?.versions ?? [];
  }

  get ready(): boolean {
    return this.snapshot !== undefined;
  }

  /** Build (or rebuild) the snapshot from the versions in force; concurrent calls share one build. */
  reload(): Promise<void> {
    this.loading ??= (async () => {
      try {
        this.snapshot = await loadSnapshot(this.store);
        this.loadedAt = new Date().toISOString();
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  /** The index, or an error a route turns into 503 while it is being built. */
  requireIndex(): CandidateIndex {
    return this.requireSnapshot().index;
  }

  /** The lists in force, or an error a route turns into 503 while they are being loaded. */
  requireSnapshot(): ListSnapshot {
    if (!this.snapshot) throw new NotReadyError();
    return this.snapshot;
  }

  /** Work to do after each background monitor run (candidate re-assessment); failures are logged. */
  afterMonitorRun(task: (actor: string, log: FastifyBaseLogger) => Promise<void>): void {
    this.afterRun.push(task);
  }

  /**
   * Bring the monitored subjects up to date with the lists in force, in the background. Failures
   * are logged, never thrown. Returns at once; `idle()` waits for the run (and any queued one).
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
    if (!this.snapshot || this.closed) return;
    try {
      const run = await runMonitor(this.store, this.snapshot, { actor, signal: this.stopping.signal });
      if (run) log.info({ run: run.id, subjects: run.subjectsDone, stats: run.stats }, 'monitor run done');
      for (const task of this.afterRun) {
        if (this.closed) break;
        await task(actor, log).catch((err: Error) => log.error({ err: err.message }, 'work after the monitor run failed'));
      }
    } catch (err) {
      if (this.closed) {
        log.info({ reason: (err as Error).message }, 'background monitor run stopped by shutdown');
        return;
      }
      if (err instanceof CaseError && err.statusCode === 409 && attempt < MONITOR_RETRIES) {
        // Another run (this replica's API, or another replica) holds the monitor: try again later.
        log.info({ reason: err.message }, 'monitor busy; retrying shortly');
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
  }

  /** Resolves once no background monitor run is under way. */
  async idle(): Promise<void> {
    while (this.monitoring) await this.monitoring;
  }
}

export class NotReadyError extends Error {
  readonly statusCode = 503;
  constructor() {
    super('the screening index is still being built; retry shortly (see /readyz)');
    this.name = 'NotReadyError';
  }
}
