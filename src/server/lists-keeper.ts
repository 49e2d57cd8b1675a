/**
 * The lists a server screens with, kept in force and fresh: the one place of the workflow
 * "the lists changed -> swap in the new index -> monitor the subjects against it".
 *
 * - `start()` loads the lists in force, then follows the store: any process that imports a list
 *   version (`vigil lists import|update`, another replica, this server) wakes it within seconds
 *   (PostgreSQL LISTEN/NOTIFY; a poll of the newest version id on SQLite). It then rebuilds the
 *   index off the event loop and swaps it in (`ServerState.reload`), and runs the monitor once:
 *   replicas take the store's monitor lock in turn, and a replica that finds the subjects already
 *   screened against these versions does nothing.
 * - `update()` runs `lists update`, one at a time (routes, with or without `allowPartial`, and the
 *   refresh schedule every `refreshIntervalMs`).
 * - `readiness()` and `freshness()` say whether the server can screen, and how old each
 *   configured dataset is (stale past `maxListAgeMs`); `storeProbe` whether the store answers
 *   (checked by /readyz, at most once a second).
 * - While the store is away (PostgreSQL stopped or restarting) the lists in force stay in memory;
 *   the watch says so in the log and listens again with a growing wait, then catches up on any
 *   version imported meanwhile.
 *
 * Routes and `vigil serve` only call these methods.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Vigil } from '../app/index.js';
import { countSubjects } from '../cases/subjects.js';
import type { Config } from '../config.js';
import { configuredDatasets } from '../lists/datasets.js';
import type { UpdateResult } from '../lists/update.js';
import { DEFAULT_MAX_LIST_AGE_MS, formatDuration, listFreshness, type FreshnessReport } from '../lists/versions.js';
import type { ListVersion, ListsWatch } from '../store/index.js';
import type { ServerState } from './state.js';
import { StoreProbe } from './store-probe.js';

/** Dropped database connections are logged at most once this often. */
const CONNECTION_LOG_MS = 5_000;

export interface ListsKeeperOptions {
  /** The configured datasets (default: all): readiness waits for each, updates fetch them. */
  datasets?: string[];
  /** Older than this (from publication), a list is stale; 0: never (default 30 days). */
  maxListAgeMs?: number;
  /** Run `lists update` this often; 0 or absent: never. */
  refreshIntervalMs?: number;
  /** Where updates come from and go; without it `update()` refuses. */
  update?: { dataDir: string; sourcesDir?: string; env?: Config | NodeJS.ProcessEnv };
  /** How often to poll the store for new versions (SQLite; PostgreSQL: the safety net beside NOTIFY). */
  pollMs?: number;
}

/** The outcome of one dataset in an update, as the API reports it. */
export interface UpdateSummary {
  dataset: string;
  status: 'imported' | 'unchanged' | 'skipped' | 'failed';
  version: number | null;
  publishedAt: string | null;
  error: string | null;
}

export interface Readiness {
  ready: boolean;
  status: 'ok' | 'loading' | 'no_lists' | 'incomplete';
  detail: string;
}

export class ListsKeeper {
  readonly datasets: string[];
  readonly maxListAgeMs: number;
  readonly refreshIntervalMs: number;
  /** How the store is followed, once started. */
  watchMode: 'notify' | 'poll' | undefined;
  lastRefresh: { at: string; trigger: string; imported: number; failed: string[] } | undefined;
  nextRefreshAt: string | undefined;
  /** Whether the store answers (a cached `select 1`), for /readyz. */
  readonly storeProbe: StoreProbe;
  private watch: ListsWatch | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private updating: Promise<UpdateResult[]> = Promise.resolve([]);
  private syncing: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly vigil: Vigil,
    readonly state: ServerState,
    private readonly log: FastifyBaseLogger,
    private readonly options: ListsKeeperOptions = {},
  ) {
    this.datasets = configuredDatasets(options.datasets).map((d) => d.name);
    this.maxListAgeMs = options.maxListAgeMs ?? DEFAULT_MAX_LIST_AGE_MS;
    this.refreshIntervalMs = options.refreshIntervalMs ?? 0;
    this.storeProbe = new StoreProbe(state.store);
    // A dropped database connection is said once per burst (every pooled connection drops at once).
    let saidAt = 0;
    state.store.onConnectionError((err) => {
      if (Date.now() - saidAt < CONNECTION_LOG_MS) return;
      saidAt = Date.now();
      this.log.warn({ err: err.message }, 'a database connection dropped; requests that need the store get 503 until it is back');
    });
  }

  /** Load the lists in force, follow the store for new versions, and start the refresh schedule. */
  async start(): Promise<void> {
    this.watch = await this.state.store.watchLists(
      () => {
        void this.sync('system', 'a new list version in the store').catch((err: Error) =>
          this.log.error({ err: err.message }, 'reloading the lists after a change in the store failed'),
        );
      },
      { pollMs: this.options.pollMs, onError: (err) => this.log.warn({ err: err.message }, 'following list changes in the store') },
    );
    this.watchMode = this.watch.mode;
    await this.sync('system', 'start');
    this.scheduleRefresh();
  }

  /**
   * Swap in the lists in force in the store, if they are not the ones screened with already (or
   * `force`), then monitor the subjects against them in the background. Resolves true when the
   * index changed.
   */
  sync(actor: string, reason: string, options: { force?: boolean; monitorAnyway?: boolean; log?: FastifyBaseLogger } = {}): Promise<boolean> {
    const log = options.log ?? this.log;
    const run = this.syncing.then(async () => {
      const before = this.state.versions;
      const changed = await this.state.reload(options.force);
      if (!changed) {
        if (options.monitorAnyway && this.state.hasLists && (await countSubjects(this.state.store)) > 0) this.state.monitorInBackground(actor, log);
        return false;
      }
      const info = this.state.lastReload;
      log.info(
        {
          reason,
          versions: this.state.versions.map((v) => `${v.dataset}@${v.id}`),
          previous: before.map((v) => `${v.dataset}@${v.id}`),
          index: this.state.index?.stats(),
          source: info?.source,
          ms: info ? Math.round(info.ms) : undefined,
          entitiesMs: info?.entitiesMs !== undefined ? Math.round(info.entitiesMs) : undefined,
          restoreMs: info?.restoreMs !== undefined ? Math.round(info.restoreMs) : undefined,
        },
        'screening index swapped in',
      );
      if (this.state.hasLists && (await countSubjects(this.state.store)) > 0) this.state.monitorInBackground(actor, log);
      return true;
    });
    this.syncing = run.catch(() => undefined);
    return run;
  }

  /**
   * Update the configured datasets (or these) from the official URLs or the local mirror, audit
   * every import, then swap in the new lists. Updates run one at a time, whoever asks (routes, the
   * refresh schedule, the first start). `allowPartial` accepts a sample or extract of a list,
   * stored and listed as partial (refused otherwise).
   */
  update(
    actor: string,
    trigger: string,
    datasets?: string[],
    log: FastifyBaseLogger = this.log,
    options: { allowPartial?: boolean } = {},
  ): Promise<UpdateSummary[]> {
    const source = this.options.update;
    if (!source) return Promise.reject(new Error('this server has no data directory to update the lists into'));
    const run = this.updating.then(async () => {
      const results = await this.vigil.lists.update({ ...source, datasets: datasets ?? this.datasets, allowPartial: options.allowPartial }, { actor, via: trigger });
      const imported = results.filter((r) => r.outcome && !r.outcome.unchanged).length;
      const failed = results.filter((r) => r.error).map((r) => r.dataset);
      for (const r of results) if (r.error) log.warn({ dataset: r.dataset, err: r.error.message }, 'list update failed; the version in force stays');
      this.lastRefresh = { at: new Date().toISOString(), trigger, imported, failed };
      log.info({ trigger, imported, failed }, 'lists updated');
      if (imported > 0) await this.sync(actor, trigger, { log });
      return results;
    });
    this.updating = run.catch(() => []);
    return run.then((results) => results.map(summarise));
  }

  private scheduleRefresh(): void {
    if (this.stopped || this.refreshIntervalMs <= 0 || !this.options.update) return;
    clearTimeout(this.refreshTimer);
    this.nextRefreshAt = new Date(Date.now() + this.refreshIntervalMs).toISOString();
    this.refreshTimer = setTimeout(() => {
      this.update('system', 'scheduled refresh')
        .catch((err: Error) => this.log.error({ err: err.message }, 'scheduled list refresh failed'))
        .finally(() => this.scheduleRefresh());
    }, this.refreshIntervalMs);
    this.refreshTimer.unref();
  }

  /** Freshness of the configured datasets among these versions (default: those screened with). */
  freshness(versions: ListVersion[] = this.state.versions): FreshnessReport {
    return listFreshness(versions, this.datasets, this.maxListAgeMs);
  }

  /** Ready means able to screen every configured dataset. */
  readiness(): Readiness {
    if (!this.state.ready) {
      const failed = this.state.lastReloadError;
      return {
        ready: false,
        status: 'loading',
        detail: failed ? `building the screening index failed: ${failed.message}` : 'the screening index is being built',
      };
    }
    const { missing } = this.freshness();
    if (!this.state.hasLists) {
      return {
        ready: false,
        status: 'no_lists',
        detail:
          'no sanctions list is in force: run `vigil lists update` (set VIGIL_SOURCES_DIR to a local mirror on an air-gapped machine) ' +
          'or `vigil lists import --dataset D --file F`; this server picks the lists up within seconds',
      };
    }
    if (missing.length > 0) {
      return {
        ready: false,
        status: 'incomplete',
        detail:
          `no version in force of ${missing.join(', ')}: import ${missing.length > 1 ? 'them' : 'it'} (\`vigil lists update\` or \`vigil lists import\`), ` +
          'or configure only the datasets you screen against (--datasets / VIGIL_DATASETS)',
      };
    }
    return { ready: true, status: 'ok', detail: 'every configured dataset has a version in force' };
  }

  /** Refresh settings and state, for /readyz and /v1/lists. */
  refreshInfo(): { intervalSeconds: number; last: ListsKeeper['lastRefresh'] | null; next: string | null; watch: string | null; maxAge: string } {
    return {
      intervalSeconds: Math.round(this.refreshIntervalMs / 1000),
      last: this.lastRefresh ?? null,
      next: this.refreshIntervalMs > 0 && this.options.update ? (this.nextRefreshAt ?? null) : null,
      watch: this.watchMode ?? null,
      maxAge: this.maxListAgeMs > 0 ? formatDuration(this.maxListAgeMs) : 'off',
    };
  }

  /** Stop following the store and the schedule (before the store closes). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.refreshTimer);
    await this.watch?.close();
    await this.updating;
    await this.syncing;
  }
}

function summarise(r: UpdateResult): UpdateSummary {
  return {
    dataset: r.dataset,
    status: r.error ? 'failed' : r.skipped ? 'skipped' : r.outcome?.unchanged ? 'unchanged' : 'imported',
    version: r.outcome?.version.id ?? null,
    publishedAt: r.outcome?.version.publishedAt ?? null,
    error: r.error?.message ?? r.skipped ?? null,
  };
}
