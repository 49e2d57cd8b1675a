/**
 * Reading the subject index for monitoring, kept for its callers: the queries are in the subjects'
 * repository (`store.repos.subjects.keySets` and `.maxId`, src/store/repos/subjects.ts).
 */
import type { SubjectKeySet } from './repos/subjects.js';
import type { Store } from './types.js';

export type { SubjectKeySet } from './repos/subjects.js';

/** Subjects not deleted with id in (after, upTo], each with its keys (in no particular order), by id. */
export function subjectKeySets(store: Store, after: number, upTo: number): Promise<SubjectKeySet[]> {
  return store.repos.subjects.keySets(after, upTo);
}

/** The highest subject id (0 when there is none). */
export function maxSubjectId(store: Store): Promise<number> {
  return store.repos.subjects.maxId();
}
