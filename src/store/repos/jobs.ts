/**
 * The batch jobs' repository: `jobs`, one row per job, with its progress (rows screened, results
 * bytes committed, matches, errors). Rows are decoded and checked here: `settings` is a JSON
 * object whose `threshold` and `limit`, when present, are numbers; `results_bytes` (a bigint,
 * text on PostgreSQL) is a number.
 *
 * The runner (files, screening, crash safety): src/server/jobs.ts.
 */
import type { Selectable } from 'kysely';
import type { JobsTable } from '../tables.js';
import { isJsonObject, parseStoredJsonOrUndefined } from './json.js';
import type { Queryable } from './queryable.js';

/** A job's screening settings as stored (the matcher's `ScreenSettings`). */
export interface StoredJobSettings {
  threshold?: number;
  limit?: number;
}

export interface StoredJob {
  id: string;
  keyId: string | null;
  status: string;
  inputFormat: string;
  inputRows: number;
  rowsDone: number;
  resultsBytes: number;
  matches: number;
  errors: number;
  settings: StoredJobSettings;
  failure: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/** What a committed chunk advances. */
export interface JobProgress {
  rowsDone: number;
  resultsBytes: number;
  matches: number;
  errors: number;
}

function decodeSettings(id: string, text: string): StoredJobSettings {
  const s = parseStoredJsonOrUndefined(text);
  if (!isJsonObject(s) || (s.threshold !== undefined && typeof s.threshold !== 'number') || (s.limit !== undefined && typeof s.limit !== 'number')) {
    throw new Error(`job ${id}: its stored settings are not a JSON object of numbers (threshold, limit)`);
  }
  return s as StoredJobSettings;
}

function decode(row: Selectable<JobsTable>): StoredJob {
  return {
    id: row.id,
    keyId: row.key_id,
    status: row.status,
    inputFormat: row.input_format,
    inputRows: row.input_rows,
    rowsDone: row.rows_done,
    resultsBytes: Number(row.results_bytes),
    matches: row.matches,
    errors: row.errors,
    settings: decodeSettings(row.id, row.settings),
    failure: row.failure,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}

export class JobRepository {
  constructor(private readonly db: Queryable) {}

  async insert(job: StoredJob): Promise<void> {
    await this.db
      .insertInto('jobs')
      .values({
        id: job.id,
        key_id: job.keyId,
        status: job.status,
        input_format: job.inputFormat,
        input_rows: job.inputRows,
        rows_done: job.rowsDone,
        results_bytes: job.resultsBytes,
        matches: job.matches,
        errors: job.errors,
        settings: JSON.stringify(job.settings),
        failure: job.failure,
        created_at: job.createdAt,
        updated_at: job.updatedAt,
        finished_at: job.finishedAt,
      })
      .execute();
  }

  async byId(id: string): Promise<StoredJob | undefined> {
    const row = await this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? decode(row) : undefined;
  }

  /** How many bytes of a job's results file are committed; undefined when there is no such job. */
  async resultsBytes(id: string): Promise<number | undefined> {
    const row = await this.db.selectFrom('jobs').select(['results_bytes']).where('id', '=', id).executeTakeFirst();
    return row ? Number(row.results_bytes) : undefined;
  }

  /** The jobs left queued or running, oldest first. */
  async unfinishedIds(): Promise<string[]> {
    const rows = await this.db.selectFrom('jobs').select(['id']).where('status', 'in', ['queued', 'running']).orderBy('created_at').execute();
    return rows.map((r) => r.id);
  }

  async markRunning(id: string, at: string): Promise<void> {
    await this.db.updateTable('jobs').set({ status: 'running', updated_at: at }).where('id', '=', id).execute();
  }

  /** Advance a job's progress, once the chunk it covers is on disk. */
  async recordProgress(id: string, progress: JobProgress, at: string): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ rows_done: progress.rowsDone, results_bytes: progress.resultsBytes, matches: progress.matches, errors: progress.errors, updated_at: at })
      .where('id', '=', id)
      .execute();
  }

  async markDone(id: string, at: string): Promise<void> {
    await this.db.updateTable('jobs').set({ status: 'done', updated_at: at, finished_at: at }).where('id', '=', id).execute();
  }

  async markFailed(id: string, failure: string, at: string): Promise<void> {
    await this.db.updateTable('jobs').set({ status: 'failed', failure, updated_at: at }).where('id', '=', id).execute();
  }
}
