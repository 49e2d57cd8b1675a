/**
 * The screening records' repository: `screenings`, one row per subject screened, with the list
 * versions in force (JSON: dataset -> version id) and the results kept (a JSON array), decoded and
 * checked here. Which results are kept and what became of them is the cases' business
 * (src/cases/screening.ts).
 */
import type { Selectable } from 'kysely';
import type { ScreeningsTable } from '../tables.js';
import { isJsonObject } from './json.js';
import type { Queryable } from './queryable.js';

/** One result of a screening and what became of it. */
export interface StoredScreeningResult {
  id: string;
  caption: string;
  schema: string;
  datasets: string[];
  score: number;
  match: boolean;
  summary: string;
  /** The alert the result opened or touched, if any. */
  alert: number | null;
  /** What the result did to its alert (`opened`, `suppressed`, `below-threshold`...). */
  outcome: string;
}

export interface NewScreening {
  subjectId: number;
  subjectVersion: number;
  subjectHash: string;
  runId: number | null;
  trigger: string;
  actor: string;
  /** Dataset -> id of the version in force. */
  listVersions: Record<string, number>;
  threshold: number;
  results: readonly StoredScreeningResult[];
  /** How many results match (at or above the threshold). */
  matches: number;
  at: string;
}

export interface StoredScreening extends NewScreening {
  id: number;
  results: StoredScreeningResult[];
}

/** Rows per insert, under SQLite's and PostgreSQL's parameter limits. */
const INSERT_BATCH = 500;

function parseJson(row: Selectable<ScreeningsTable>, column: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`screening ${row.id}: its stored ${column} are not JSON`);
  }
}

function isResult(r: unknown): r is StoredScreeningResult {
  return (
    isJsonObject(r) &&
    typeof r.id === 'string' &&
    typeof r.caption === 'string' &&
    typeof r.schema === 'string' &&
    Array.isArray(r.datasets) &&
    r.datasets.every((d) => typeof d === 'string') &&
    typeof r.score === 'number' &&
    typeof r.match === 'boolean' &&
    typeof r.summary === 'string' &&
    (r.alert === null || typeof r.alert === 'number') &&
    typeof r.outcome === 'string'
  );
}

function decode(row: Selectable<ScreeningsTable>): StoredScreening {
  const listVersions = parseJson(row, 'list versions', row.list_versions);
  if (!isJsonObject(listVersions) || !Object.values(listVersions).every((v) => typeof v === 'number')) {
    throw new Error(`screening ${row.id}: its stored list versions are not a JSON object of version ids`);
  }
  const results = parseJson(row, 'results', row.results);
  if (!Array.isArray(results)) throw new Error(`screening ${row.id}: its stored results are not a JSON array`);
  const bad = results.findIndex((r) => !isResult(r));
  if (bad >= 0) throw new Error(`screening ${row.id}: its stored result #${bad + 1} is not a screening result`);
  return {
    id: row.id,
    subjectId: row.subject_id,
    subjectVersion: row.subject_version,
    subjectHash: row.subject_hash,
    runId: row.run_id,
    trigger: row.trigger,
    actor: row.actor,
    listVersions: listVersions as Record<string, number>,
    threshold: row.threshold,
    results: results as StoredScreeningResult[],
    matches: row.matches,
    at: row.at,
  };
}

export class ScreeningRepository {
  constructor(private readonly db: Queryable) {}

  /**
   * Record screenings, a few hundred rows per statement; the ids given to each subject's rows, in
   * the order the database handed them back (ascending within a statement on both dialects).
   */
  async insert(screenings: readonly NewScreening[]): Promise<{ id: number; subjectId: number }[]> {
    const out: { id: number; subjectId: number }[] = [];
    for (let i = 0; i < screenings.length; i += INSERT_BATCH) {
      const rows = await this.db
        .insertInto('screenings')
        .values(
          screenings.slice(i, i + INSERT_BATCH).map((s) => ({
            subject_id: s.subjectId,
            subject_version: s.subjectVersion,
            subject_hash: s.subjectHash,
            run_id: s.runId,
            trigger: s.trigger,
            actor: s.actor,
            list_versions: JSON.stringify(s.listVersions),
            threshold: s.threshold,
            results: JSON.stringify(s.results),
            matches: s.matches,
            at: s.at,
          })),
        )
        .returning(['id', 'subject_id'])
        .execute();
      for (const r of rows) out.push({ id: r.id, subjectId: r.subject_id });
    }
    return out;
  }

  /** Replace a screening's results (once what became of them is known). */
  async setResults(id: number, results: readonly StoredScreeningResult[]): Promise<void> {
    await this.db.updateTable('screenings').set({ results: JSON.stringify(results) }).where('id', '=', id).execute();
  }

  /** The subjects screened (at least once) by a monitoring run, in no particular order. */
  async subjectIdsOfRun(runId: number): Promise<number[]> {
    return (await this.db.selectFrom('screenings').select('subject_id').where('run_id', '=', runId).execute()).map((r) => r.subject_id);
  }

  /** The subjects not deleted a screening of which had at least `matches` matches, once each, in no particular order. */
  async activeSubjectIdsWithMatches(matches: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('screenings')
      .innerJoin('subjects', 'subjects.id', 'screenings.subject_id')
      .select('screenings.subject_id')
      .distinct()
      .where('screenings.matches', '>=', matches)
      .where('subjects.deleted_at', 'is', null)
      .execute();
    return rows.map((r) => r.subject_id);
  }

  /** A subject's most recent screenings, newest first. */
  async recentOfSubject(subjectId: number, limit: number): Promise<StoredScreening[]> {
    const rows = await this.db.selectFrom('screenings').selectAll().where('subject_id', '=', subjectId).orderBy('id', 'desc').limit(limit).execute();
    return rows.map(decode);
  }
}
