/**
 * The lists in force, as screening needs them: the screening index, the listed entities by id,
 * each entity's content hash, each party's wallets, and the versions they come from. Alerts record
 * a party's state (its hash and its wallets' hashes) so that a decided false positive is suppressed
 * only while the listed party stays as it was.
 *
 * `screenMany` and `screenRecords` screen a batch against exactly this snapshot's index: through
 * its `offload` when it has one (the server's pool of worker threads, bound to the bytes this
 * index was read from), else on this thread in slices that let the event loop run.
 */
import { currentEntities } from '../lists/versions.js';
import {
  ScreeningIndex,
  screenQueriesSliced,
  screenRecordsSliced,
  type BatchScreenOptions,
  type JobLine,
  type JobRecord,
  type MatchQuery,
  type ScreenResult,
  type ScreenSettings,
  type ScreeningOffload,
} from '../match/index.js';
import type { Entity } from '../model/index.js';
import type { ListVersion, Store } from '../store/index.js';
import type { EntityState } from './alert-state.js';


export class ListSnapshot {
  readonly index: ScreeningIndex;
  readonly entities: ReadonlyMap<string, Entity>;
  readonly hashes: ReadonlyMap<string, string>;
  readonly versions: ListVersion[];
  /** Where batches are screened, when not on this thread: over the same version of the lists as `index`. */
  readonly offload: ScreeningOffload | undefined;
  private readonly walletsByHolder = new Map<string, string[]>();

  constructor(entities: Entity[], hashes: ReadonlyMap<string, string>, versions: ListVersion[], index?: ScreeningIndex, offload?: ScreeningOffload) {
    this.index = index ?? ScreeningIndex.build(entities);
    this.offload = offload;
    this.entities = new Map(entities.map((e) => [e.id, e]));
    this.hashes = hashes;
    this.versions = versions;
    for (const e of entities) {
      const holder = e.schema === 'CryptoWallet' ? e.properties.holder?.[0] : undefined;
      if (!holder) continue;
      const list = this.walletsByHolder.get(holder) ?? [];
      list.push(e.id);
      this.walletsByHolder.set(holder, list);
    }
  }

  /** Each query's results against these lists, in order (as `screen` gives them), off this thread when it can. */
  screenMany(queries: readonly MatchQuery[], options: BatchScreenOptions): Promise<ScreenResult[][]> {
    if (queries.length === 0) return Promise.resolve([]);
    return this.offload ? this.offload.screenQueries(queries, options) : screenQueriesSliced(this.index, queries, options);
  }

  /** A batch job's output lines for these records against these lists, off this thread when it can. */
  screenRecords(records: readonly JobRecord[], settings: ScreenSettings): Promise<JobLine[]> {
    if (records.length === 0) return Promise.resolve([]);
    return this.offload ? this.offload.screenRecords(records, settings) : screenRecordsSliced(this.index, records, settings);
  }

  /** Dataset -> version id of the versions in force. */
  versionIds(): Record<string, number> {
    return Object.fromEntries(this.versions.map((v) => [v.dataset, v.id]));
  }

  walletsOf(partyId: string): readonly string[] {
    return this.walletsByHolder.get(partyId) ?? [];
  }

  stateOf(partyId: string): EntityState {
    const wallets: Record<string, string> = {};
    for (const id of [...this.walletsOf(partyId)].sort()) wallets[id] = this.hashes.get(id) ?? '';
    return { hash: this.hashes.get(partyId) ?? '', wallets };
  }
}

/**
 * Load the versions in force from the store and build their snapshot. `index`, when given, supplies
 * the screening index (a cached one) when there is a list in force, instead of building it here.
 */
export async function loadSnapshot(store: Store, index?: () => Promise<ScreeningIndex>): Promise<ListSnapshot> {
  const versions = await store.currentVersions();
  const hashes = new Map<string, string>();
  for (const v of versions) for (const [id, hash] of await store.versionHashes(v.id)) hashes.set(id, hash);
  const ready = index && versions.length > 0 ? await index() : undefined;
  return new ListSnapshot(await currentEntities(store), hashes, versions, ready);
}

// A party's state and comparing two states are part of the alert rule; they live there and are exported here as before.
export { sameEntityState, type EntityState } from './alert-state.js';
