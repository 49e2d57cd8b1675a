// The shapes of the server's answers that the web UI reads (see the HTTP API: /api/session, /v1/screen, /v1/addresses,
// /v1/alerts, /v1/subjects/:ref, /entities/:id, /v1/audit).

export type Role = 'analyst' | 'reviewer' | 'admin';

export interface Session {
  user: { name: string; role: Role };
  csrfToken: string;
  idleTimeoutSeconds: number;
}

/** The body of every error answer. */
export interface ErrorBody {
  error: string;
  code: string;
  message: string;
}

export type QuerySchema = 'Person' | 'Organization' | 'LegalEntity' | 'Thing';

export interface ScreenRequest {
  query: {
    schema: QuerySchema;
    properties: { name: [string]; birthDate?: [string]; country?: [string] };
  };
  limit: number;
}

/** One list version the server screened with. */
export interface ListVersion {
  dataset: string;
  version: number;
  publishedAt: string | null;
}

export interface IdentifierHit {
  kind: string;
  property: string;
  query: string;
  listed: string;
  /** The listed entity carrying it (a wallet's id when the hit is on a wallet the party holds). */
  via: string;
}

export type TokenMatch = 'exact' | 'phonetic' | 'spelling' | 'initial' | 'consonants' | 'equivalent';

export interface AlignedWord {
  query: string;
  candidate: string;
  similarity: number;
  how: TokenMatch;
}

/** The best pair of names; `candidate` fields are the listed name's. */
export interface NameExplanation {
  query: string;
  candidate: string;
  candidateKind: string;
  transliterated: boolean;
  queryReading?: string;
  candidateReading?: string;
  sameScript?: string;
  score: number;
  aligned: AlignedWord[];
  unmatchedQuery: string[];
  unmatchedCandidate: string[];
  penalties: { reason: string; factor: number }[];
}

export interface Feature {
  feature: string;
  /** Added to the score (negative lowers it). */
  contribution: number;
  detail: string;
}

export interface Explanation {
  summary: string;
  notes?: string[];
  identifiers: IdentifierHit[];
  name?: NameExplanation;
  features: Feature[];
}

export interface ScreenResult {
  id: string;
  caption: string;
  schema: string;
  datasets: string[];
  score: number;
  match: boolean;
  explanation: Explanation;
}

export interface ScreenResponse {
  threshold: number;
  /** What was done to the query before matching. */
  notes?: string[];
  results: ScreenResult[];
  versions: ListVersion[];
}

export interface WalletHolder {
  id: string;
  caption: string;
  schema: string;
  datasets: string[];
  wallets: IdentifierHit[];
}

export interface AddressResponse {
  address: string;
  chain: string;
  valid: boolean;
  checksum: 'valid' | 'invalid' | 'none';
  warning?: string;
  listed: boolean;
  holders: WalletHolder[];
  versions: ListVersion[];
}

// ---- alerts (/v1/alerts: src/server/cases-routes.ts, src/cases/alerts.ts) ----

/** ALERT_STATUSES (src/cases/alerts.ts). */
export type AlertStatus = 'open' | 'in_review' | 'confirmed' | 'false_positive' | 'escalated';

/** DECISIONS (src/cases/alerts.ts). */
export type Decision = 'confirmed' | 'false_positive' | 'escalated';

/** SUBJECT_KINDS (src/cases/subject-input.ts). */
export type SubjectKind = 'customer' | 'counterparty' | 'vendor' | 'employee' | 'candidate';

/** One (subject, listed party) pair that screened at or above the threshold: alertSchema. */
export interface Alert {
  id: number;
  status: AlertStatus;
  subject: { id: number; ref: string; kind: SubjectKind };
  /** The listed party (or, for a finding such as a vetting risk, what stands in its place). */
  entity: { id: string; caption: string; schema: string; datasets: string[] };
  score: number;
  summary: string;
  subjectVersion: number;
  assignee: string | null;
  rationale: string | null;
  /** An actor: `user:<name>`, `key:<id>` or `cli:<user>`. */
  decidedBy: string | null;
  decidedAt: string | null;
  openedAt: string;
  updatedAt: string;
  lastScreeningId: number;
  /** Times reopened after a false-positive decision. */
  reopened: number;
  /** Screenings suppressed by the current false-positive decision. */
  suppressed: number;
}

/** alertCountsSchema: alerts by status, over all alerts (not only the page). */
export type AlertCounts = Record<AlertStatus, number>;

/** GET /v1/alerts. The UI pages by `offset` (its `next` cursor pages the default order only, and is not read). */
export interface AlertList {
  alerts: Alert[];
  counts: AlertCounts;
  /** How many alerts the filters select (over every page). */
  total: number;
}

/** A column the alerts can be sorted by. */
export type AlertSortColumn = 'id' | 'score' | 'opened';

/** ALERT_SORTS (src/server/cases-routes.ts): ascending, or descending with a leading "-"; ties by id. */
export type AlertSort = AlertSortColumn | `-${AlertSortColumn}`;

/** The query string of GET /v1/alerts that the UI sends. */
export interface AlertQuery {
  status?: AlertStatus;
  assignee?: string;
  subjectKind?: SubjectKind;
  /** A dataset the listed party is on (us_ofac_sdn). */
  dataset?: string;
  /** A score band, both ends inclusive. */
  minScore?: number;
  maxScore?: number;
  /** Opened at or before this ISO time. */
  openedBefore?: string;
  sort?: AlertSort;
  offset?: number;
  limit: number;
}

/**
 * One entry of an alert's history. `kind` is opened, reopened, changed, status, assign, comment,
 * decision, reversal_requested, reversal_rejected or reversal_withdrawn.
 */
export interface AlertEvent {
  id: number;
  at: string;
  actor: string;
  kind: string;
  fromStatus: string | null;
  toStatus: string | null;
  text: string | null;
  details: Record<string, unknown>;
}

/** A request to take a confirmed match away from confirmed, waiting for a second analyst's approval. */
export interface PendingReversal {
  decision: Decision;
  rationale: string;
  requestedBy: string;
  requestedAt: string;
  /** The alert event that recorded the request. */
  requestEvent: number;
  /** What it waits for, in words. */
  needs: string;
}

/** A listed party's state when the alert last saw it. */
export interface EntityState {
  hash: string;
  /** Wallet entity id -> content hash. */
  wallets: Record<string, string>;
}

/** GET /v1/alerts/:id, and the answer of every change to an alert: alertDetailSchema. */
export interface AlertDetail extends Alert {
  /** A list match's explanation (the shape of Explanation), or a finding's own (at least a summary). */
  explanation: Record<string, unknown>;
  entityState: EntityState;
  /** Oldest first. */
  events: AlertEvent[];
  pendingReversal: PendingReversal | null;
  /** Who approved the decision in force, when it took two people (a reversed confirmed match). */
  approvedBy: string | null;
}

/** PATCH /v1/alerts/:id (at least one field). */
export interface AlertUpdate {
  status?: 'open' | 'in_review';
  /** A user name; null unassigns. */
  assignee?: string | null;
  comment?: string;
}

/**
 * POST /v1/alerts/:id/decision: 200 with the alert when the decision took effect; 202 when it is a
 * reversal of a confirmed match, with the alert (still confirmed, `pendingReversal` set) and `message`.
 */
export type DecisionAnswer = { took: 'effect'; alert: AlertDetail } | { took: 'request'; alert: AlertDetail; message: string };

// ---- what the alert page shows beside it ----

/** A monitored subject (GET /v1/subjects/:ref, its `subject`). */
export interface Subject {
  id: number;
  ref: string;
  kind: SubjectKind;
  schema: string;
  /** FollowTheMoney property names -> values. */
  properties: Record<string, string[]>;
  hash: string;
  version: number;
  screenedVersion: number | null;
  screenedAt: string | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

/** GET /v1/subjects/:ref; its `screenings` and `alerts` are not read by the UI. */
export interface SubjectAnswer {
  subject: Subject;
}

/** A listed entity as the lists in force hold it (a party, or a wallet it holds). */
export interface ListedEntity {
  id: string;
  schema: string;
  caption: string;
  datasets: string[];
  /** FollowTheMoney property names -> values (dates ISO 8601 prefixes, countries ISO codes in lower case). */
  properties: Record<string, string[]>;
}

/** GET /entities/:id: the party with the wallets it holds (the names, referents and target fields are not read by the UI). */
export interface ListedParty extends ListedEntity {
  wallets: ListedEntity[];
}

// ---- batch jobs (/v1/jobs: registerJobRoutes in src/server/routes.ts, JobInfo in src/app/jobs.ts) ----

export type JobFormat = 'jsonl' | 'csv';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

/** A list version a job screened with, and the first row screened with it. */
export interface JobListVersion extends ListVersion {
  fromRow: number;
}

/** POST /v1/jobs (202) and GET /v1/jobs/:id. A signed-in user sees only the jobs they submitted (an admin every job). */
export interface JobInfo {
  id: string;
  /** Who submitted it: `user:<name>` from the web UI, else an API key id. */
  keyId: string | null;
  status: JobStatus;
  format: JobFormat;
  rows: { total: number; done: number };
  matches: number;
  /** Rows answered with an error line (unreadable, or not a valid query). */
  errors: number;
  settings: { threshold?: number; limit?: number };
  /** Why a failed job failed. */
  failure: string | null;
  /** Empty until the job starts. */
  versions: JobListVersion[];
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

// ---- the audit trail (/v1/audit: src/server/cases-routes.ts, src/cases/audit.ts, src/cases/audit-anchor.ts) ----

/** One record of the hash-chained trail: auditRecordSchema. */
export interface AuditRecord {
  seq: number;
  at: string;
  /** An actor: `user:<name>`, `key:<id>` or `cli:<user>`. */
  actor: string;
  action: string;
  /** What it acted on, such as `alert:12` or `subject:C-1001`. */
  subject: string;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
  /** HMAC of `hash` under the audit key; null: written without one. */
  mac: string | null;
}

/** GET /v1/audit (format json): every record between the two times, oldest first. */
export interface AuditList {
  records: AuditRecord[];
  count: number;
}

/** The export formats of GET /v1/audit besides JSON. */
export type AuditExportFormat = 'csv' | 'jsonl';

export interface AuditProblem {
  seq: number;
  /** `mac`: a MAC that does not match, or one missing after records that have one. */
  problem: 'edited' | 'deleted' | 'reordered' | 'mac';
  detail: string;
}

/** How far the chain is anchored beyond its own hashes (by MACs under the audit key). */
export interface AuditAnchor {
  /** `anchored`: every MAC checked; `partly`: the first records have none; `none`: no audit key configured. */
  status: 'anchored' | 'partly' | 'none';
  unanchored?: { from: number; to: number };
  /** The first record whose MAC holds (null: none, or no key to check with). */
  macFrom: number | null;
  /** What the status means for what could and could not be detected. */
  note: string;
}

/** GET /v1/audit/verify. */
export interface AuditVerification {
  records: number;
  ok: boolean;
  problems: AuditProblem[];
  lastHash: string;
  anchor: AuditAnchor;
}

/** GET /v1/audit/checkpoint: the trail as it is now, signed with the server's key (admin only; 409 without a key). */
export interface AuditCheckpoint {
  records: number;
  headSeq: number;
  headHash: string;
  macFrom: number | null;
  at: string;
  /** Which signing key (16 hex digits). */
  keyId: string;
  signature: string;
}
