/**
 * The store contract: list versions, the entities each version holds, and the table shapes behind
 * them. Both backends (SQLite, PostgreSQL) implement the same `Store`.
 */
import type { Generated, Kysely, Transaction } from 'kysely';
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

/** More to write in an import's transaction, once the version is written (see `Store.importVersion`). */
export type WithinImport = (trx: Transaction<Database>, version: ListVersion) => Promise<void>;

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
  /** Null for a full publication; why the version is partial otherwise (migration 0007). */
  partial_reason: string | null;
  /** Where published_at was read; null when unknown (migration 0007). */
  published_from: string | null;
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

/** Monitored subjects (see src/cases/subjects.ts). `data` is the entity's JSON properties. */
export interface SubjectsTable {
  id: Generated<number>;
  ref: string;
  kind: string;
  schema: string;
  /** JSON: `{properties}` of the subject entity. */
  data: string;
  hash: string;
  version: number;
  /** The subject version last screened (null: never screened). */
  screened_version: number | null;
  screened_at: string | null;
  created_at: string;
  updated_at: string;
  /** Set when the subject is no longer monitored (its history is kept). */
  deleted_at: string | null;
}

/** Every version of every subject, for screening records and diffs. */
export interface SubjectVersionsTable {
  subject_id: number;
  version: number;
  hash: string;
  data: string;
  at: string;
}

/** The subject index: name and identifier keys -> subjects, for reverse screening. */
export interface SubjectKeysTable {
  key: string;
  subject_id: number;
}

export interface MonitorRunsTable {
  id: Generated<number>;
  status: string;
  trigger: string;
  actor: string;
  /** JSON: dataset -> version id monitored before this run (absent: none). */
  from_versions: string;
  /** JSON: dataset -> version id this run brings the subjects up to. */
  to_versions: string;
  subjects_total: number;
  subjects_done: number;
  /** JSON object of counts. */
  stats: string;
  error: string | null;
  started_at: string;
  /** Refreshed after every chunk; a running run whose heartbeat is stale was abandoned. */
  heartbeat_at: string;
  finished_at: string | null;
}

/** SQLite: named locks held across processes (`Store.tryWithLock`). */
export interface StoreLocksTable {
  name: string;
  /** `host pid token` of the holder. */
  holder: string;
  acquired_at: string;
  /** Milliseconds since the epoch (PostgreSQL hands bigint back as text). */
  expires_at: number | string;
}

/** Per dataset, the version whose changes have been screened against all subjects. */
export interface MonitorStateTable {
  dataset: string;
  version_id: number;
  run_id: number | null;
  at: string;
}

export interface ScreeningsTable {
  id: Generated<number>;
  subject_id: number;
  subject_version: number;
  subject_hash: string;
  run_id: number | null;
  trigger: string;
  actor: string;
  /** JSON: dataset -> version id in force. */
  list_versions: string;
  threshold: number;
  /** JSON array of results (id, caption, schema, datasets, score, match, summary, alert, outcome). */
  results: string;
  matches: number;
  at: string;
}

export interface AlertsTable {
  id: Generated<number>;
  subject_id: number;
  entity_id: string;
  entity_caption: string;
  entity_schema: string;
  /** JSON array. */
  datasets: string;
  status: string;
  score: number;
  /** JSON: the explanation of the latest hit. */
  explanation: string;
  subject_version: number;
  subject_hash: string;
  /** JSON: the listed entity's content hash and its wallets' hashes when last seen. */
  entity_state: string;
  assignee: string | null;
  rationale: string | null;
  decided_by: string | null;
  decided_at: string | null;
  opened_at: string;
  updated_at: string;
  last_screening_id: number;
  reopened: number;
  suppressed: number;
}

export interface AlertEventsTable {
  id: Generated<number>;
  alert_id: number;
  at: string;
  actor: string;
  kind: string;
  from_status: string | null;
  to_status: string | null;
  text: string | null;
  /** JSON object. */
  details: string;
}

export interface WebhooksTable {
  id: string;
  url: string;
  secret: string;
  /** JSON array of event types. */
  events: string;
  max_attempts: number;
  /** 1 or 0. */
  active: number;
  created_at: string;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  webhook_id: string;
  event_id: string;
  event_type: string;
  payload: string;
  /** pending | delivered | dead */
  status: string;
  attempts: number;
  next_attempt_at: string;
  locked_until: string | null;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

/** Candidate profiles for vetting (see src/hiring/candidates.ts). `data` is the profile JSON. */
export interface CandidatesTable {
  id: Generated<number>;
  ref: string;
  kind: string;
  data: string;
  hash: string;
  version: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface CandidateVersionsTable {
  candidate_id: number;
  version: number;
  hash: string;
  data: string;
  at: string;
}

/** A risk assessment, written when it differs from the candidate's previous one. */
export interface CandidateAssessmentsTable {
  id: Generated<number>;
  candidate_id: number;
  candidate_version: number;
  rules_version: string;
  score: number;
  level: string;
  cluster_id: string | null;
  /** sha256 of what the assessment says (level, signals and their evidence, cluster). */
  fingerprint: string;
  /** JSON: the whole assessment. */
  assessment: string;
  at: string;
}

/** One join key of a candidate (the stored link graph: see src/hiring/links/keys.ts linkKeys). */
export interface CandidateLinkKeysTable {
  candidate_id: number;
  link_key: string;
}

/** The profile version and key derivation a candidate's stored join keys come from. */
export interface CandidateLinkSetsTable {
  candidate_id: number;
  candidate_version: number;
  derivation: number;
}

export interface Database {
  alert_events: AlertEventsTable;
  candidate_assessments: CandidateAssessmentsTable;
  candidate_link_keys: CandidateLinkKeysTable;
  candidate_link_sets: CandidateLinkSetsTable;
  candidate_versions: CandidateVersionsTable;
  candidates: CandidatesTable;
  alerts: AlertsTable;
  api_keys: ApiKeysTable;
  audit_log: AuditLogTable;
  jobs: JobsTable;
  monitor_runs: MonitorRunsTable;
  monitor_state: MonitorStateTable;
  screenings: ScreeningsTable;
  store_locks: StoreLocksTable;
  subject_keys: SubjectKeysTable;
  subject_versions: SubjectVersionsTable;
  subjects: SubjectsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhooks: WebhooksTable;
  list_versions: ListVersionsTable;
  entity_blobs: EntityBlobsTable;
  version_entities: VersionEntitiesTable;
  entity_values: EntityValuesTable;
}
