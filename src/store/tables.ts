/**
 * The table shapes of the store (snake_case, as stored; JSON columns are text on both dialects),
 * for Kysely. Only src/store reads and writes them.
 */
import type { Generated } from 'kysely';

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
  /** HMAC-SHA256 (hex) of `hash` under the audit key (src/store/repos/audit.ts); null when written without one. */
  mac: string | null;
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

export interface UsersTable {
  name: string;
  /** analyst, reviewer or admin (src/app/users.ts). */
  role: string;
  /** scrypt, with its parameters and salt (src/app/users.ts `hashPassword`). */
  password_hash: string;
  created_at: string;
  disabled_at: string | null;
}

export interface SessionsTable {
  /** sha256 (hex) of the session token; the token itself is only in the browser's cookie. */
  token_hash: string;
  user_name: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  ended_at: string | null;
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
  sessions: SessionsTable;
  store_locks: StoreLocksTable;
  subject_keys: SubjectKeysTable;
  subject_versions: SubjectVersionsTable;
  subjects: SubjectsTable;
  users: UsersTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhooks: WebhooksTable;
  list_versions: ListVersionsTable;
  entity_blobs: EntityBlobsTable;
  version_entities: VersionEntitiesTable;
  entity_values: EntityValuesTable;
}
