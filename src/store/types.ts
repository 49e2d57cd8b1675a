/**
 * The store contract: list versions, the entities each version holds, and the table shapes behind
 * them. Both backends (SQLite, PostgreSQL) implement the same `Store`.
 */
import type { Repositories } from './repos/index.js';
import type { StoreKind } from './kind.js';

export type { StoreKind } from './kind.js';
import type { Entity, PropertyName } from '../model/index.js';

/** One imported publication of one dataset. */
export interface ListVersion {
  id: number;
  dataset: string;
  format: string;
  sourceFiles: string[];
  publishedAt: string | null;
  /** Hash of the source publication; an import with the current version's hash is a no-op. */
  sha256: string;
  entityCount: number;
  stats: Record<string, number>;
  warnings: string[];
  /** ISO 8601 date-time of the import. */
  importedAt: string;
  /**
   * Null for a full publication; for a version imported although it is not the whole list (a
   * sample or an extract, accepted with `allowPartial`), why it is partial. Absent on versions
   * made by hand (tests) rather than read from the store.
   */
  partial?: string | null;
  /** Where `publishedAt` was read (a field of the file, or the download's Last-Modified header); null when unknown. */
  publishedFrom?: string | null;
}

export interface NewListVersion {
  dataset: string;
  format: string;
  sourceFiles: string[];
  publishedAt: string | undefined;
  /** Where the publication date was read, when there is one. */
  publishedFrom?: string;
  sha256: string;
  stats: Record<string, number>;
  warnings: string[];
  entities: Entity[];
  /** Set when the publication is not the whole list (imported with `allowPartial`): why. */
  partial?: string;
}

/** More to write in an import's unit of work, once the version is written (see `Store.importVersion`). */
export type WithinImport = (tx: Tx, version: ListVersion) => Promise<void>;

/**
 * A unit of work: one transaction, which knows its dialect, with every repository over it
 * (`tx.audit`...). Opened by `Store.transaction`; what the callback writes commits together.
 */
export interface Tx extends Repositories {
  readonly kind: StoreKind;
}

export interface ImportResult {
  version: ListVersion;
  /** True when sha256 equals the current version's: no new version was written. */
  unchanged: boolean;
}


export type StoreOptions =
  | {
      kind: 'sqlite';
      file: string;
      /** Milliseconds a write waits for another process's lock on the file before it fails as the store being unavailable (503); default 10,000. */
      busyTimeoutMs?: number;
    }
  | { kind: 'postgres'; url: string; schema?: string };

/**
 * A store, reached through its repositories and methods. Its Kysely connection is private
 * (src/store/store.ts); tests and benchmarks that tamper with or inspect stored rows reach it with
 * `rawDatabaseOf` (src/store/testing.ts).
 */
export interface Store {
  readonly kind: StoreKind;
  /** The repositories over the pool: reads, and writes that need nothing beside them. */
  readonly repos: Repositories;
  /** Run `fn` in one transaction (a unit of work): all it writes commits, or nothing does. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Bring the schema up to date; idempotent. `openStore` calls it. */
  migrate(): Promise<void>;
  /**
   * Write a new version of a dataset in one transaction: if anything fails, nothing is written
   * and the previous current version stays in force. `alsoWrite` runs last inside that
   * transaction, with the new version (the import's audit record goes there, so a version is
   * never in force without it).
   */
  importVersion(input: NewListVersion, onProgress?: (done: number, total: number) => void, alsoWrite?: WithinImport): Promise<ImportResult>;
  /** Newest first; all datasets unless one is named. */
  versions(dataset?: string): Promise<ListVersion[]>;
  /** The most recently imported version of the dataset. */
  currentVersion(dataset: string): Promise<ListVersion | undefined>;
  /** The current version of every dataset, by dataset name. */
  currentVersions(): Promise<ListVersion[]>;
  getVersion(id: number): Promise<ListVersion | undefined>;
  /** The entity in the given version, else in the current version of any dataset. */
  getEntity(entityId: string, versionId?: number): Promise<Entity | undefined>;
  /** Entity id -> entity hash, for every entity of the version. */
  versionHashes(versionId: number): Promise<Map<string, string>>;
  /** Hash -> entity, for the hashes that are stored. */
  entitiesByHash(hashes: string[]): Promise<Map<string, Entity>>;
  /** Every entity of the version, in batches, ordered by entity id. */
  entitiesOfVersion(versionId: number, batchSize?: number): AsyncIterable<Entity[]>;
  /**
   * Entities of the current versions with exactly this value for the property. Only the
   * identifier-like properties in `INDEXED_PROPERTIES` are indexed; others throw a RangeError.
   */
  findEntitiesByProperty(property: string, value: string): Promise<Entity[]>;
  /** Where the store lives, so that a worker thread (or another process) can open it too. */
  readonly location: StoreOptions;
  /**
   * A number that grows whenever a list version is written, by any process: the highest version
   * id (0 before the first import). Cheap: one index lookup.
   */
  listsGeneration(): Promise<number>;
  /**
   * Call `onChange` soon after any process writes a list version. PostgreSQL: LISTEN on the
   * store's channel, to which every import NOTIFYs on commit, with a slow poll of
   * `listsGeneration` as a safety net (a dropped connection is reopened); SQLite: a poll of
   * `listsGeneration` (`pollMs`, default 2 s). Stop it with `close()`.
   */
  watchLists(onChange: (generation: number) => void, options?: WatchListsOptions): Promise<ListsWatch>;
  /**
   * Run `fn` holding the named lock, or return `{ acquired: false }` at once when someone else
   * holds it. PostgreSQL: a session advisory lock, shared by every process on the database (API
   * replicas); SQLite: a row of `store_locks`, shared by every process on the file, claimed in one
   * statement, with a lease renewed while `fn` runs. A holder that died stops blocking when its
   * lease runs out (`LOCK_LEASE_MS`), or at once when it ran on this host and its process is gone.
   */
  tryWithLock<T>(name: string, fn: () => Promise<T>, options?: { leaseMs?: number }): Promise<{ acquired: true; value: T } | { acquired: false }>;
  /**
   * Check that the store answers (`select 1`) within `timeoutMs` (default 2 s): resolves, or
   * rejects with a `StoreUnavailableError` naming what happened (for readiness checks, and for
   * work that waits for the store to come back).
   */
  ping(timeoutMs?: number): Promise<void>;
  /**
   * Be told when a database connection drops outside any query (PostgreSQL: an idle or held
   * connection whose server stopped or restarted). Such a drop never throws; this is to log it.
   */
  onConnectionError(listener: (err: Error) => void): void;
  close(): Promise<void>;
}

export interface WatchListsOptions {
  /** Poll interval in ms (SQLite: the only signal; PostgreSQL: a safety net, default 30 s). */
  pollMs?: number;
  /** A watch that fails (lost connection, failed poll) says so here and keeps trying. */
  onError?: (err: Error) => void;
}

export interface ListsWatch {
  /** 'notify' (PostgreSQL LISTEN/NOTIFY) or 'poll'. */
  readonly mode: 'notify' | 'poll';
  close(): Promise<void>;
}

/** Properties whose values go to the `entity_values` lookup table on import. */
export const INDEXED_PROPERTIES = [
  'publicKey',
  'email',
  'phone',
  'idNumber',
  'passportNumber',
  'registrationNumber',
  'imoNumber',
  'website',
  'holder',
] as const satisfies readonly PropertyName[];
export type IndexedProperty = (typeof INDEXED_PROPERTIES)[number];

export function isIndexedProperty(value: string): value is IndexedProperty {
  return (INDEXED_PROPERTIES as readonly string[]).includes(value);
}

export type * from './tables.js';
