/**
 * Subjects created or updated from a batch of rows, then, when the lists are in force, the new and
 * changed ones screened at once (unchanged subjects are not screened again: monitoring keeps
 * them current). One workflow for the API's upload and for any other caller with rows in hand.
 */
import { changedSubjectIds, screenSubjectIds, upsertSubjects, type ChunkedScreening, type ListSnapshot, type SubjectInput, type UpsertResult } from '../cases/index.js';
import type { Store } from '../store/index.js';

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
