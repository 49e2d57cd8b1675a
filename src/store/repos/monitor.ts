/**
 * The monitor's repository: `monitor_runs` (one row per run, with its heartbeat and progress) and
 * `monitor_state` (per dataset, the version whose changes every subject has been screened
 * against). Rows are decoded and checked here: a run's `from_versions` and `to_versions` are JSON
 * objects of version ids (dataset -> id), its `stats` a JSON object of counts and `steps` (where
 * the time went, ms per step). How runs are claimed, resumed and what they screen is the use
 * case's business (src/cases/monitor.ts).
 */
import { sql, type Selectable } from 'kysely';
import type { StoreKind } from '../kind.js';
import type { MonitorRunsTable } from '../tables.js';
import { isJsonObject, parseStoredJson } from './json.js';
import type { Queryable } from './queryable.js';

export type MonitorRunStatus = 'running' | 'done' | 'failed' | 'abandoned';

/** A run's statistics: counts by name, and `steps` (ms per step of the run). */
export interface MonitorRunStats {
  steps?: Record<string, number>;
  [count: string]: number | Record<string, number> | undefined;
}

export interface StoredMonitorRun {
  id: number;
  status: MonitorRunStatus;
  trigger: string;
  actor: string;
  /** Dataset -> version id monitored before the run. */
  fromVersions: Record<string, number>;
  /** Dataset -> version id the run brings the subjects up to. */
  toVersions: Record<string, number>;
  subjectsTotal: number;
  subjectsDone: number;
  stats: MonitorRunStats;
  error: string | null;
  startedAt: string;
  heartbeatAt: string;
  finishedAt: string | null;
}

export interface NewMonitorRun {
  trigger: string;
  actor: string;
  fromVersions: Record<string, number>;
  toVersions: Record<string, number>;
  at: string;
}

/** What an update of a run changes (only the fields given). */
export interface MonitorRunPatch {
  status?: MonitorRunStatus;
  actor?: string;
  subjectsTotal?: number;
  subjectsDone?: number;
  stats?: MonitorRunStats;
  error?: string | null;
  heartbeatAt?: string;
  finishedAt?: string | null;
}

const STATUSES: readonly string[] = ['running', 'done', 'failed', 'abandoned'] satisfies MonitorRunStatus[];

const isNumbers = (value: unknown): value is Record<string, number> => isJsonObject(value) && Object.values(value).every((v) => typeof v === 'number');

function parseJson(id: number, column: string, text: string): unknown {
  return parseStoredJson(text, `monitor run ${id}: its stored ${column}`);
}

function decodeVersions(id: number, column: string, text: string): Record<string, number> {
  const value = parseJson(id, column, text);
  if (!isNumbers(value)) throw new Error(`monitor run ${id}: its stored ${column} is not a JSON object of version ids`);
  return value;
}

function decodeStats(id: number, text: string): MonitorRunStats {
  const value = parseJson(id, 'stats', text);
  if (!isJsonObject(value) || !Object.entries(value).every(([k, v]) => (k === 'steps' ? isNumbers(v) : typeof v === 'number'))) {
    throw new Error(`monitor run ${id}: its stored stats is not a JSON object of counts (and steps)`);
  }
  return value as MonitorRunStats;
}

function decodeRun(row: Selectable<MonitorRunsTable>): StoredMonitorRun {
  if (!STATUSES.includes(row.status)) throw new Error(`monitor run ${row.id}: its stored status "${row.status}" is not one of ${STATUSES.join(', ')}`);
  return {
    id: row.id,
    status: row.status as MonitorRunStatus,
    trigger: row.trigger,
    actor: row.actor,
    fromVersions: decodeVersions(row.id, 'from versions', row.from_versions),
    toVersions: decodeVersions(row.id, 'to versions', row.to_versions),
    subjectsTotal: row.subjects_total,
    subjectsDone: row.subjects_done,
    stats: decodeStats(row.id, row.stats),
    error: row.error,
    startedAt: row.started_at,
    heartbeatAt: row.heartbeat_at,
    finishedAt: row.finished_at,
  };
}

export class MonitorRepository {
  constructor(
    private readonly db: Queryable,
    private readonly kind: StoreKind,
  ) {}

  /**
   * Take the runs' write lock for the rest of the unit of work, before reading them: PostgreSQL
   * locks the table; on SQLite a write that changes nothing takes the database's write lock.
   */
  async lockRuns(): Promise<void> {
    if (this.kind === 'postgres') await sql`lock table monitor_runs in exclusive mode`.execute(this.db);
    else await this.db.updateTable('monitor_runs').set({ id: sql`id` }).where('id', '<', 0).execute();
  }

  /** The most recent runs, newest first. */
  async recent(limit: number): Promise<StoredMonitorRun[]> {
    const rows = await this.db.selectFrom('monitor_runs').selectAll().orderBy('id', 'desc').limit(limit).execute();
    return rows.map(decodeRun);
  }

  /** The runs still marked running, oldest first. */
  async running(): Promise<StoredMonitorRun[]> {
    const rows = await this.db.selectFrom('monitor_runs').selectAll().where('status', '=', 'running').orderBy('id').execute();
    return rows.map(decodeRun);
  }

  /** Whether a run is still marked running. */
  async anyRunning(): Promise<boolean> {
    return (await this.db.selectFrom('monitor_runs').select('id').where('status', '=', 'running').executeTakeFirst()) !== undefined;
  }

  /** Record a new run, running, nothing done yet. */
  async start(run: NewMonitorRun): Promise<StoredMonitorRun> {
    const row = await this.db
      .insertInto('monitor_runs')
      .values({
        status: 'running',
        trigger: run.trigger,
        actor: run.actor,
        from_versions: JSON.stringify(run.fromVersions),
        to_versions: JSON.stringify(run.toVersions),
        subjects_total: 0,
        subjects_done: 0,
        stats: '{}',
        error: null,
        started_at: run.at,
        heartbeat_at: run.at,
        finished_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return decodeRun(row);
  }

  /** Change the fields of a run that `patch` gives (the others stay as they are). */
  async update(id: number, patch: MonitorRunPatch): Promise<void> {
    await this.db
      .updateTable('monitor_runs')
      .set({
        ...(patch.status !== undefined ? { status: patch.status } : {}),
        ...(patch.actor !== undefined ? { actor: patch.actor } : {}),
        ...(patch.subjectsTotal !== undefined ? { subjects_total: patch.subjectsTotal } : {}),
        ...(patch.subjectsDone !== undefined ? { subjects_done: patch.subjectsDone } : {}),
        ...(patch.stats !== undefined ? { stats: JSON.stringify(patch.stats) } : {}),
        ...(patch.error !== undefined ? { error: patch.error } : {}),
        ...(patch.heartbeatAt !== undefined ? { heartbeat_at: patch.heartbeatAt } : {}),
        ...(patch.finishedAt !== undefined ? { finished_at: patch.finishedAt } : {}),
      })
      .where('id', '=', id)
      .execute();
  }

  /** Count `n` more subjects done and refresh the heartbeat (inside a chunk's unit of work). */
  async addDone(id: number, n: number, at: string): Promise<void> {
    await this.db
      .updateTable('monitor_runs')
      .set({ subjects_done: sql`subjects_done + ${n}`, heartbeat_at: at })
      .where('id', '=', id)
      .execute();
  }

  /** Mark a run done at `at` with its final statistics and count; the run as it is then. */
  async finish(id: number, at: string, stats: MonitorRunStats, subjectsDone: number): Promise<StoredMonitorRun> {
    const row = await this.db
      .updateTable('monitor_runs')
      .set({ status: 'done', finished_at: at, heartbeat_at: at, stats: JSON.stringify(stats), subjects_done: subjectsDone })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return decodeRun(row);
  }

  /** Dataset -> version id whose changes every subject has been screened against. */
  async monitoredVersions(): Promise<Record<string, number>> {
    const rows = await this.db.selectFrom('monitor_state').selectAll().execute();
    return Object.fromEntries(rows.map((r) => [r.dataset, r.version_id]));
  }

  /** Record the versions a run brought every subject up to (dataset by dataset). */
  async setMonitoredVersions(versions: Record<string, number>, runId: number, at: string): Promise<void> {
    for (const [dataset, versionId] of Object.entries(versions)) {
      await this.db
        .insertInto('monitor_state')
        .values({ dataset, version_id: versionId, run_id: runId, at })
        .onConflict((oc) => oc.column('dataset').doUpdateSet({ version_id: versionId, run_id: runId, at }))
        .execute();
    }
  }
}
