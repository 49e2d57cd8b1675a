/**
 * What a running server holds: the store, and the candidate index built from the list versions in
 * force. The index is built after the server starts listening (health answers at once, readiness
 * only once the index is there) and rebuilt by `reload()` when a new list version lands.
 */
import { currentEntities } from '../lists/versions.js';
import { CandidateIndex } from '../match/index.js';
import type { Entity } from '../model/index.js';
import type { ListVersion, Store } from '../store/index.js';

export class ServerState {
  readonly store: Store;
  index: CandidateIndex | undefined;
  /** The listed entities in force, by id, so responses need no store round trip. */
  entities = new Map<string, Entity>();
  versions: ListVersion[] = [];
  loadedAt: string | undefined;
  private loading: Promise<void> | undefined;

  constructor(store: Store) {
    this.store = store;
  }

  get ready(): boolean {
    return this.index !== undefined;
  }

  /** Build (or rebuild) the index from the versions in force; concurrent calls share one build. */
  reload(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const versions = await this.store.currentVersions();
        const entities = await currentEntities(this.store);
        const index = CandidateIndex.build(entities);
        this.entities = new Map(entities.map((e) => [e.id, e]));
        this.index = index;
        this.versions = versions;
        this.loadedAt = new Date().toISOString();
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  /** The index, or an error a route turns into 503 while it is being built. */
  requireIndex(): CandidateIndex {
    if (!this.index) throw new NotReadyError();
    return this.index;
  }
}

export class NotReadyError extends Error {
  readonly statusCode = 503;
  constructor() {
    super('the screening index is still being built; retry shortly (see /readyz)');
    this.name = 'NotReadyError';
  }
}
