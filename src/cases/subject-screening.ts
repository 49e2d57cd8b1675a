/**
 * Subjects screened by id, in chunks (one transaction each), their records and tally added up:
 * the one way the API, the CLI and vetting screen the subjects an upsert created or changed.
 */
import type { Store } from '../store/index.js';
import { emptyTally, screenSubjects, type ScreeningContext, type ScreeningRecord, type ScreeningTally } from './screening.js';
import { subjectsById, type UpsertResult } from './subjects.js';

/**
 * Subjects per screening transaction. Recording a chunk holds the thread (SQLite's driver is
 * synchronous): 250 keeps that to a few tens of milliseconds, so a server's /healthz stays quick.
 */
export const SCREEN_CHUNK = 250;

export interface ChunkedScreening {
  /** Every chunk's screening records, when asked for (`keepRecords`); else empty. */
  records: ScreeningRecord[];
  tally: ScreeningTally;
}

/**
 * Screen these subjects, `SCREEN_CHUNK` at a time; `onProgress` after each chunk. The records are
 * kept only when asked (`keepRecords`): an import of a million subjects needs the tally alone.
 */
export async function screenSubjectIds(
  store: Store,
  ids: readonly number[],
  ctx: ScreeningContext & { keepRecords?: boolean; onProgress?: (done: number, total: number) => void },
): Promise<ChunkedScreening> {
  const records: ScreeningRecord[] = [];
  const tally = emptyTally();
  for (let i = 0; i < ids.length; i += SCREEN_CHUNK) {
    const done = await screenSubjects(store, await subjectsById(store, ids.slice(i, i + SCREEN_CHUNK)), ctx);
    if (ctx.keepRecords) records.push(...done.records);
    for (const k of Object.keys(done.tally) as (keyof ScreeningTally)[]) tally[k] += done.tally[k];
    ctx.onProgress?.(Math.min(i + SCREEN_CHUNK, ids.length), ids.length);
  }
  return { records, tally };
}

/** The ids of the subjects an upsert created or changed: those to screen now. */
export function changedSubjectIds(upserted: readonly UpsertResult[]): number[] {
  return upserted.filter((u) => u.outcome !== 'unchanged').map((u) => u.id);
}
