/**
 * The store contract: list versions, the entities each version holds, and the table shapes behind
 * them. Both backends (SQLite, PostgreSQL) implement the same `Store`.
 */
import type { Generated, Kysely } from 'kysely';
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
}

export interface NewListVersion {
  dataset: string;
  format: string;
  sourceFiles: string[];
  publishedAt: string | undefined;
  sha256: string;
  stats: Record<string, number>;
  warnings: string[];
  entities: Entity[];
}

export interface ImportResult {
  version: ListVersion;
  /** True when sha256 equals the current version's: no new version was written. */
  unchanged: boolean;
}

export type StoreKind = 'sqlite' | 'postgres';

export type StoreOptions = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; schema?: string };

export interface Store {
  readonly kind: StoreKind;
  /** For later modules (cases, jobs) that add their own tables. */
  readonly db: Kysely<Database>;
  /** Bring the schema up to date; idempotent. `openStore` calls it. */
  migrate(): Promise<void>;
  /**
   * Write a new version of a dataset in one transaction: if anything fails, nothing is written
   * and the previous current version stays in force.
   */
  importVersion(input: NewListVersion, onProgress?: (done: number, total: number) => void): Promise<ImportResult>;
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

// ---- table shapes (snake_case, as stored; JSON columns are text on both dialects) ----

export interface ListVersionsTable {
  id: Generated<number>;
  dataset: string;
  format: string;
  /** JSON array of strings. */
  source_files: string;
  published_at: string | null;
  sha256: string;
  entity_count: number;
  /** JSON object of numbers. */
  stats: string;
  /** JSON array of strings. */
  warnings: string;
  imported_at: string;
}

/** One row per distinct entity content, keyed by `entityHash`. */
export interface EntityBlobsTable {
  hash: string;
  entity_id: string;
  schema: string;
  /** `canonicalJson(entity)`. */
  data: string;
}

/** Which entity (by content hash) each version holds under each id. */
export interface VersionEntitiesTable {
  version_id: number;
  entity_id: string;
  hash: string;
}

/** Identifier values, for exact lookups. */
export interface EntityValuesTable {
  version_id: number;
  property: string;
  value: string;
  entity_id: string;
}

/** API keys (see src/server/keys.ts). */
export interface ApiKeysTable {
  id: string;
  name: string;
  /** JSON array of scope names. */
  scopes: string;
  /** sha256 (hex) of the whole key. */
  secret_hash: string;
  created_at: string;
  revoked_at: string | null;
}

/** Batch screening jobs (see src/server/jobs.ts). */
export interface JobsTable {
  id: string;
  key_id: string | null;
  status: string;
  input_format: string;
  input_rows: number;
  rows_done: number;
  /** bigint: PostgreSQL returns it as a string. */
  results_bytes: number | string;
  matches: number;
  errors: number;
  /** JSON: threshold, limit. */
  settings: string;
  failure: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

/** The hash-chained audit trail (see src/cases/audit.ts). */
export interface AuditLogTable {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  /** JSON object. */
  details: string;
  prev_hash: string;
  hash: string;
}

export interface Database {
  api_keys: ApiKeysTable;
  audit_log: AuditLogTable;
  jobs: JobsTable;
  list_versions: ListVersionsTable;
  entity_blobs: EntityBlobsTable;
  version_entities: VersionEntitiesTable;
  entity_values: EntityValuesTable;
}
