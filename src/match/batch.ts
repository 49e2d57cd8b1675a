/**
 * Screening many queries at once, the way a server must: without holding its event loop. Two
 * kinds of batch: queries (`MatchQuery`, answered with their results: /match, subjects) and input
 * records of a batch job (answered with their output lines, see jsonl.ts `screenQuery`).
 *
 * A `ScreeningOffload` screens a batch elsewhere (the server's pool of worker threads, each over
 * the same snapshot of the index); without one, the `...Sliced` functions screen on this thread
 * in slices of a few milliseconds, letting the event loop run between them. Both give exactly
 * what `screen` gives one query at a time. Pure apart from the yielding (no I/O).
 */
import { TimeSlices } from '../io/turns.js';
import { errorLine, screenQuery, type ScreenSettings } from './jsonl.js';
import type { MatchQuery } from './prepare.js';
import { screen, type ScreenResult } from './screen.js';
import type { ScreeningIndex } from './screening-index.js';

/** The options of a batch of queries (those of `screen` that a request sets). */
export interface BatchScreenOptions {
  threshold?: number;
  limit?: number;
  datasets?: string[];
}

/** A batch job's input record: a query record to screen (its row number), or why its row could not be read. */
export type JobRecord = { row: number; query: unknown } | { row: number; error: string };

/** A batch job's output line for one record, and whether it is an error line. */
export interface JobLine {
  text: string;
  error: boolean;
}

/** Screening of one version of the lists done elsewhere than on the caller's thread. */
export interface ScreeningOffload {
  /** Each query's results, in order, as `screen(query, { index, ...options })` gives them. */
  screenQueries(queries: readonly MatchQuery[], options: BatchScreenOptions): Promise<ScreenResult[][]>;
  /** Each record's output line, in order, as `screenQuery` gives it (an error record: its error line). */
  screenRecords(records: readonly JobRecord[], settings: ScreenSettings): Promise<JobLine[]>;
}


export function screenQueriesNow(index: ScreeningIndex, queries: readonly MatchQuery[], options: BatchScreenOptions): ScreenResult[][] {
  return queries.map((query) => screen(query, { index, ...options }));
}

export function screenRecordNow(index: ScreeningIndex, record: JobRecord, settings: ScreenSettings): JobLine {
  return 'error' in record ? errorLine(null, record.row, record.error) : screenQuery(index, record.query, record.row, settings);
}

export function screenRecordsNow(index: ScreeningIndex, records: readonly JobRecord[], settings: ScreenSettings): JobLine[] {
  return records.map((record) => screenRecordNow(index, record, settings));
}

/** `screenQueriesNow` on this thread, letting the event loop run every slice (src/io/turns.ts). */
export async function screenQueriesSliced(index: ScreeningIndex, queries: readonly MatchQuery[], options: BatchScreenOptions): Promise<ScreenResult[][]> {
  const out: ScreenResult[][] = [];
  const slices = new TimeSlices();
  for (const query of queries) {
    await slices.due();
    out.push(screen(query, { index, ...options }));
  }
  return out;
}

/** `screenRecordsNow` on this thread, letting the event loop run every slice (src/io/turns.ts). */
export async function screenRecordsSliced(index: ScreeningIndex, records: readonly JobRecord[], settings: ScreenSettings): Promise<JobLine[]> {
  const out: JobLine[] = [];
  const slices = new TimeSlices();
  for (const record of records) {
    await slices.due();
    out.push(screenRecordNow(index, record, settings));
  }
  return out;
}
