/**
 * Subjects created or updated from rows, then, when the lists are in force, the new and changed
 * ones screened at once (unchanged subjects are not screened again: monitoring keeps them
 * current). `upsertAndScreen` for rows in hand (the API's upload); `importSubjects` for a stream
 * of any length (a file), stored in batches and screened after; `screenSubject` for one, now.
 */
import {
  CaseError,
  changedSubjectIds,
  requireSubject,
  screenSubjectIds,
  screenSubjects,
  upsertSubjects,
  type ChunkedScreening,
  type ListSnapshot,
  type ScreeningRecord,
  type ScreeningTally,
  type SubjectInput,
  type SubjectRow,
  type UpsertResult,
} from '../cases/index.js';
import type { Store } from '../store/index.js';
import type { ListsInForce } from './lists-in-force.js';

export interface UpsertAndScreenOptions {
  actor: string;
  /** The lists in force; without them the subjects are only stored (monitoring screens them later). */
  snapshot?: ListSnapshot;
  /** Why, in the screening records: `api`, `import`... */
  trigger: string;
  threshold?: number;
  /** Keep every screening record (for a response that lists them); else only the tally. */
  keepRecords?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface UpsertedAndScreened {
  upserted: UpsertResult[];
  /** The screening of the new and changed subjects, when there was a snapshot to screen with. */
  screening?: ChunkedScreening;
}

export async function upsertAndScreen(store: Store, inputs: readonly SubjectInput[], options: UpsertAndScreenOptions): Promise<UpsertedAndScreened> {
  const upserted = inputs.length > 0 ? await upsertSubjects(store, [...inputs], options.actor) : [];
  if (!options.snapshot) return { upserted };
  const screening = await screenSubjectIds(store, changedSubjectIds(upserted), {
    snapshot: options.snapshot,
    actor: options.actor,
    trigger: options.trigger,
    threshold: options.threshold,
    keepRecords: options.keepRecords,
    onProgress: options.onProgress,
  });
  return { upserted, screening };
}

/** Rows stored per transaction by `importSubjects`. */
const IMPORT_BATCH = 5000;

export interface ImportSubjectsOptions {
  actor: string;
  /** Screen the new and changed subjects once stored (default true). */
  screen?: boolean;
  threshold?: number;
  /** A row that could not be read or is not a valid subject (the rest are imported); `rejected` counts them so far. */
  onRejected?: (error: string, rejected: number) => void;
  /** Every row is stored (before any screening). */
  onStored?: (counts: SubjectsImported['counts']) => void;
  onProgress?: (step: 'storing' | 'screening', done: number, total: number) => void;
}

export interface SubjectsImported {
  rows: number;
  counts: Record<UpsertResult['outcome'] | 'errors', number>;
  /** The screening of the new and changed subjects, with the list versions it used. */
  screening?: { tally: ScreeningTally; versions: ListSnapshot['versions'] };
  /** Subjects were to be screened, but no list is imported: monitoring screens them once one is. */
  noLists?: boolean;
}

/**
 * Subjects from a stream of rows (a file of any size), stored `IMPORT_BATCH` at a time, then the
 * new and changed ones screened against the lists in force.
 */
export async function importSubjects(store: Store, lists: ListsInForce, rows: AsyncIterable<SubjectRow>, options: ImportSubjectsOptions): Promise<SubjectsImported> {
  const counts = { created: 0, updated: 0, unchanged: 0, errors: 0 };
  const changed: number[] = [];
  let batch: SubjectInput[] = [];
  let read = 0;
  const flush = async () => {
    for (const r of await upsertSubjects(store, batch, options.actor)) {
      counts[r.outcome]++;
      if (r.outcome !== 'unchanged') changed.push(r.id);
    }
    batch = [];
  };
  for await (const row of rows) {
    read++;
    if ('error' in row) {
      counts.errors++;
      options.onRejected?.(row.error, counts.errors);
      continue;
    }
    batch.push(row.subject);
    if (batch.length >= IMPORT_BATCH) {
      await flush();
      options.onProgress?.('storing', read, read);
    }
  }
  await flush();
  options.onStored?.(counts);
  const done: SubjectsImported = { rows: read, counts };
  if (options.screen === false || changed.length === 0) return done;
  const snapshot = await lists.loaded();
  if (snapshot.versions.length === 0) return { ...done, noLists: true };
  const { tally } = await screenSubjectIds(store, changed, {
    snapshot,
    actor: options.actor,
    trigger: 'import',
    threshold: options.threshold,
    onProgress: (d, t) => options.onProgress?.('screening', d, t),
  });
  return { ...done, screening: { tally, versions: snapshot.versions } };
}

/** One monitored subject screened now against the lists in force (refused when there is none, or when it is deleted). */
export async function screenSubject(
  store: Store,
  lists: ListsInForce,
  ref: string,
  options: { actor: string; trigger: string; threshold?: number },
): Promise<{ records: ScreeningRecord[]; tally: ScreeningTally }> {
  const snapshot = await lists.forScreening();
  const subject = await requireSubject(store, ref);
  if (subject.deletedAt) throw new CaseError('conflict', `subject "${subject.ref}" is no longer monitored (deleted ${subject.deletedAt}); upsert it again to resume`);
  return screenSubjects(store, [subject], { snapshot, actor: options.actor, trigger: options.trigger, threshold: options.threshold });
}
