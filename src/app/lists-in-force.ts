/**
 * Where a use case gets the lists in force. The server holds them in memory (loaded at start,
 * swapped when a version lands) and answers 503 while they load; the CLI reads them from the
 * store for each command. A use case that screens asks `forScreening()`, which refuses when no
 * list is imported: a screening must never answer "no match" when it had nothing to look in.
 */
import { loadSnapshot, type ListSnapshot } from '../cases/index.js';
import { VigilError } from '../errors.js';
import { loadIndex } from '../lists/index-cache.js';
import type { Store } from '../store/index.js';

export interface ListsInForce {
  /** The lists in force, even when there are none (vetting: its other red flags stand without a list). */
  loaded(): ListSnapshot | Promise<ListSnapshot>;
  /** The lists in force for a screening; a `NoListsError` when none is imported. */
  forScreening(): ListSnapshot | Promise<ListSnapshot>;
}

/** Nothing can be screened: no list is imported. */
export class NoListsError extends VigilError {
  constructor() {
    super(
      'no_lists',
      'no sanctions list is in force, so nothing can be screened: import the lists (`vigil lists update`, with VIGIL_SOURCES_DIR ' +
        'on an air-gapped machine, or `vigil lists import --dataset D --file F`, or POST /v1/lists/update); see /readyz',
    );
    this.name = 'NoListsError';
  }
}

/** The snapshot when it holds at least one list, else a `NoListsError`. */
export function requireSomeList(snapshot: ListSnapshot): ListSnapshot {
  if (snapshot.versions.length === 0) throw new NoListsError();
  return snapshot;
}

/** The lists in force read from the store at each call (one CLI command, one library caller). */
export function listsFromStore(store: Store): ListsInForce {
  return {
    loaded: () => loadSnapshot(store),
    forScreening: async () => requireSomeList(await loadSnapshot(store)),
  };
}

/**
 * The lists in force with their screening index from the data directory's cache (built and
 * cached when missing), for a command that screens without holding the lists in memory.
 */
export function snapshotWithCachedIndex(store: Store, dataDir: string, onBuild: () => void): Promise<ListSnapshot> {
  return loadSnapshot(store, () => loadIndex(store, dataDir, { onBuild }));
}
