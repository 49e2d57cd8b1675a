/**
 * The application layer: Vigil's workflows, written once, for every entry point.
 *
 *   lists.ts           a publication imported or the datasets updated (each version committed with
 *                      its audit record), then what follows a change of the lists in force:
 *                      monitoring and the re-assessment of job candidates
 *   lists-in-force.ts  where a use case gets the lists in force (server memory or the store), and
 *                      the refusal to screen when there is none
 *   subjects.ts        subjects upserted from rows or a stream, the new and changed ones screened
 *   monitor.ts         a monitoring run on demand, one process at a time
 *   candidates.ts      profiles stored then everyone assessed; one candidate assessed; clusters
 *   keys.ts            API keys: format, scopes, creation and revocation with their audit records
 *   users.ts           people who sign in to the web UI (roles, scrypt passwords) and their sessions
 *   audit.ts           signed checkpoints of the audit trail, made and checked
 *   jobs.ts            batch screening jobs: uploads to disk, screened in chunks, crash-safe
 *
 * `createVigil` is the composition root: the CLI builds one per command and the server one per
 * process, from the store they opened, the settings they read and where the lists in force come
 * from; they then only translate (parse the request or the arguments, call a use case, render
 * its result). Dependencies point down: cli/server -> app -> cases/hiring -> match/lists/store -> model.
 */
import type { KeyObject } from 'node:crypto';
import {
  auditRecords,
  createWebhook,
  deleteWebhook,
  deliverDue,
  listDeliveries,
  listWebhooks,
  redeliver,
  verifyAudit,
  approveReversal,
  commentAlert,
  decideAlert,
  rejectReversal,
  deleteSubject,
  getSubject,
  getAlert,
  listAlerts,
  countAlerts,
  listMonitorRuns,
  listSubjects,
  requireSubject,
  alertCounts,
  updateAlert,
  type Alert,
  type AlertDetail,
  type AlertFilter,
  type AlertStatus,
  type AlertUpdate,
  type Decision,
  type MonitorRun,
  type Subject,
  type SubjectFilter,
  type SubjectInput,
  type SubjectRow,
  type AuditCheckpoint,
  type AuditRecord,
  type AuditVerification,
  type CheckpointVerification,
  type DeliverOptions,
  type DeliveryCounts,
  type DeliveryInfo,
  type DeliveryStatus,
  type NewWebhook,
  type TargetOptions,
  type WebhookInfo,
} from '../cases/index.js';
import { getCandidate, listCandidates, type StoredCandidate } from '../hiring/candidates.js';
import type { AssessAllResult, AssessOneResult } from '../hiring/service.js';
import { flagRateReport, latestAssessment, latestLevels, storedAssessments, type FlagRateOptions, type StoredAssessmentSummary } from '../hiring/service.js';
import type { Assessment } from '../hiring/assess.js';
import type { DimensionReport } from '../hiring/report.js';
import type { LinkAnalysis } from '../hiring/links/index.js';
import type { CandidateProfile } from '../hiring/profile.js';
import type { RuleSet } from '../hiring/rules.js';
import type { ImportOptions, ImportOutcome } from '../lists/import.js';
import type { UpdateOptions, UpdateResult } from '../lists/update.js';
import type { AssessmentLevel, Store, StoredScreening } from '../store/index.js';
import { assessEveryCandidate, assessOneCandidate, candidateClusters, importCandidates, type CandidatesImported, type VettingContext } from './candidates.js';
import { JobRunner, type JobLimits, type JobLists } from './jobs.js';
import { checkAgainstCheckpoint, checkpointNow } from './audit.js';
import { createApiKey, listKeys, revokeApiKey, type ApiKeyInfo, type Scope } from './keys.js';
import { createUser, disableUser, listUsers, sessionOf, signIn, signOut, type SessionInfo, type UserInfo } from './users.js';
import { listsFromStore, type ListsInForce } from './lists-in-force.js';
import { followListChange, importPublication, updatePublications, type FollowUp, type FollowUpOptions, type ListChangeActor } from './lists.js';
import { monitorNow, type MonitorNowOptions } from './monitor.js';
import { importSubjects, screenSubject, upsertAndScreen, type ImportSubjectsOptions, type SubjectsImported, type UpsertAndScreenOptions, type UpsertedAndScreened } from './subjects.js';

export * from './audit.js';
export * from './candidates.js';
export * from './jobs.js';
export * from './keys.js';
export * from './users.js';
export * from './lists.js';
export * from './lists-in-force.js';
export * from './monitor.js';
export * from './subjects.js';

export interface VigilOptions {
  store: Store;
  /** The vetting rules, read when first needed (a list import that changes nothing never reads them). */
  rules: () => RuleSet;
  /** Where the lists in force come from (default: read from the store at each use). */
  lists?: ListsInForce;
  /** A monitoring run whose heartbeat is older than this is taken over (VIGIL_MONITOR_STALE_MS). */
  monitorStaleMs?: number;
  /** The audit signing key (VIGIL_AUDIT_SIGNING_KEY_FILE, `auditSigningKeyOf`), read when first needed. */
  auditSigningKey?: () => KeyObject | undefined;
  /** Told when an API key is revoked here (the server forgets its cached verifications at once). */
  onKeyRevoked?: (id: string) => void;
  /**
   * Where webhooks may be sent (VIGIL_WEBHOOK_ALLOW): checked at registration and at every delivery.
   * Default: public addresses only.
   */
  webhooks?: TargetOptions;
  /** Batch screening jobs, for a process that runs them (the server): their directory and limits. */
  jobs?: { dataDir: string; lists: JobLists; limits?: JobLimits };
}

export interface Vigil {
  readonly store: Store;
  /** Where the use cases get the lists in force. */
  readonly inForce: ListsInForce;
  readonly lists: {
    import(options: Omit<ImportOptions, 'alsoWrite'>, by: ListChangeActor): Promise<ImportOutcome>;
    update(options: Omit<UpdateOptions, 'alsoWrite'>, by: ListChangeActor): Promise<UpdateResult[]>;
    /** Monitoring and re-assessment after the lists in force changed (see `followListChange`). */
    followChange(options: Omit<FollowUpOptions, 'rules'>): Promise<FollowUp>;
  };
  readonly subjects: {
    /** Rows in hand: stored, then the new and changed ones screened when a snapshot is given. */
    upsertAndScreen(inputs: readonly SubjectInput[], options: UpsertAndScreenOptions): Promise<UpsertedAndScreened>;
    /** A stream of rows (a file): stored in batches, then the new and changed ones screened. */
    import(rows: AsyncIterable<SubjectRow>, options: ImportSubjectsOptions): Promise<SubjectsImported>;
    /** One subject screened now (refused with no list in force, or when it is deleted). */
    screen(ref: string, options: { actor: string; trigger: string; threshold?: number }): ReturnType<typeof screenSubject>;
    list(filter?: SubjectFilter): Promise<Subject[]>;
    /** The subject (by id or reference), or a not-found error. */
    get(ref: string | number): Promise<Subject>;
    /** The subject, or undefined. */
    find(ref: string | number): Promise<Subject | undefined>;
    /** Its most recent screenings, newest first. */
    screenings(subjectId: number, limit: number): Promise<StoredScreening[]>;
    delete(ref: string, actor: string): Promise<Subject>;
  };
  readonly alerts: {
    list(filter?: AlertFilter): Promise<Alert[]>;
    /** How many alerts a filter selects (paging aside). */
    count(filter?: AlertFilter): Promise<number>;
    counts(): Promise<Record<AlertStatus, number>>;
    get(id: number): Promise<AlertDetail>;
    /** Take an alert into review, optionally assigning it. */
    review(id: number, options: { assignee?: string }, actor: string): Promise<AlertDetail>;
    /** Status (open, in review), assignee and a comment, in one audited change. */
    update(id: number, update: AlertUpdate, actor: string): Promise<AlertDetail>;
    comment(id: number, text: string, actor: string): Promise<AlertDetail>;
    /**
     * Decide an alert. On a confirmed match, a false positive or an escalation only records a
     * reversal request (the returned alert stays confirmed, its `pendingReversal` set) that a
     * second analyst approves or rejects.
     */
    decide(id: number, decision: Decision, rationale: string, actor: string): Promise<AlertDetail>;
    /** A second analyst approves the pending reversal: the requested decision takes effect. */
    approveReversal(id: number, actor: string, comment?: string): Promise<AlertDetail>;
    /** The pending reversal rejected (by the requester: withdrawn); the alert stays confirmed. */
    rejectReversal(id: number, reason: string, actor: string): Promise<AlertDetail>;
  };
  readonly monitor: {
    /** A run now; undefined when there was nothing to do. */
    run(options: MonitorNowOptions): Promise<MonitorRun | undefined>;
    runs(limit?: number): Promise<MonitorRun[]>;
  };
  readonly candidates: {
    import(profiles: CandidateProfile[], options: Parameters<typeof importCandidates>[2]): Promise<CandidatesImported>;
    assessAll(options: Parameters<typeof assessEveryCandidate>[1]): Promise<AssessAllResult>;
    assess(ref: string, options: Parameters<typeof assessOneCandidate>[2]): Promise<AssessOneResult>;
    clusters(options?: Parameters<typeof candidateClusters>[1]): Promise<LinkAnalysis>;
    list(options?: { after?: number; limit?: number }): Promise<StoredCandidate[]>;
    get(ref: string): Promise<StoredCandidate>;
    /** The latest stored assessment (none recomputed). */
    assessment(candidateId: number): Promise<Assessment | undefined>;
    levels(candidateIds: readonly number[]): Promise<Map<number, AssessmentLevel>>;
    storedAssessments(options?: { level?: string }): Promise<StoredAssessmentSummary[]>;
    flagRates(options?: FlagRateOptions): Promise<DimensionReport[]>;
  };
  readonly webhooks: {
    /** A new webhook and its signing secret (shown once). */
    create(input: NewWebhook, actor: string): Promise<{ webhook: WebhookInfo; secret: string }>;
    list(options?: { includeDeleted?: boolean }): Promise<WebhookInfo[]>;
    /** Stop sending to a webhook; false when there is no active one with this id. */
    remove(id: string, actor: string): Promise<boolean>;
    deliveries(options?: { webhookId?: string; status?: DeliveryStatus; limit?: number }): Promise<DeliveryInfo[]>;
    /** A delivery sent again from scratch (not found, or conflict when its webhook was deleted). */
    redeliver(deliveryId: number, actor: string): Promise<DeliveryInfo>;
    /** The deliveries due now, sent (the server's dispatcher does this continuously). */
    deliverDue(options?: DeliverOptions): Promise<DeliveryCounts>;
  };
  readonly audit: {
    /** The hash chain checked: any edited, deleted or reordered record named, MACs checked when there is an audit key. */
    verify(): Promise<AuditVerification>;
    records(from?: string, to?: string): Promise<AuditRecord[]>;
    /** A signed checkpoint of the trail now (conflict without a signing key, or over a broken chain). */
    checkpoint(): Promise<AuditCheckpoint>;
    /** The store checked against a checkpoint: with `publicKey`, or the configured signing key's public half. */
    verifyCheckpoint(checkpoint: AuditCheckpoint, publicKey?: KeyObject): Promise<CheckpointVerification>;
  };
  readonly keys: {
    create(name: string, scopes: Scope[], actor: string): Promise<{ key: string; info: ApiKeyInfo }>;
    list(): Promise<ApiKeyInfo[]>;
    revoke(id: string, actor: string): Promise<boolean>;
  };
  readonly users: {
    create(name: string, role: string, password: string, actor: string): Promise<UserInfo>;
    list(): Promise<UserInfo[]>;
    disable(name: string, actor: string): Promise<void>;
    /** A new session for a matching name and password (`from`: where the request came from, for the audit trail). */
    signIn(name: string, password: string, from: string): Promise<SessionInfo & { token: string }>;
    /** The open session of a token (undefined when unknown, ended or idle too long). */
    session(token: string, idleTimeoutMs: number): Promise<SessionInfo | undefined>;
    signOut(token: string): Promise<boolean>;
  };
  /** The batch job runner, in a process that runs jobs (`VigilOptions.jobs`). */
  readonly jobs: JobRunner | undefined;
}

export function createVigil(options: VigilOptions): Vigil {
  const { store } = options;
  let rules: RuleSet | undefined;
  const rulesNow = () => (rules ??= options.rules());
  const inForce = options.lists ?? listsFromStore(store);
  const vetting: VettingContext = { store, lists: inForce, rules: rulesNow };
  let signing: { key: KeyObject | undefined } | undefined;
  const signingKey = () => (signing ??= { key: options.auditSigningKey?.() }).key;
  return {
    store,
    inForce,
    lists: {
      import: (o, by) => importPublication(store, o, by),
      update: (o, by) => updatePublications(store, o, by),
      followChange: (o) => followListChange(store, { ...o, rules: rulesNow }),
    },
    subjects: {
      upsertAndScreen: (inputs, o) => upsertAndScreen(store, inputs, o),
      import: (rows, o) => importSubjects(store, inForce, rows, o),
      screen: (ref, o) => screenSubject(store, inForce, ref, o),
      list: (filter) => listSubjects(store, filter),
      get: (ref) => requireSubject(store, ref),
      find: (ref) => getSubject(store, ref),
      screenings: (id, limit) => store.repos.screenings.recentOfSubject(id, limit),
      delete: (ref, actor) => deleteSubject(store, ref, actor),
    },
    alerts: {
      list: (filter) => listAlerts(store, filter),
      count: (filter) => countAlerts(store, filter),
      counts: () => alertCounts(store),
      get: (id) => getAlert(store, id),
      review: (id, o, actor) => updateAlert(store, id, { status: 'in_review', assignee: o.assignee }, actor),
      update: (id, update, actor) => updateAlert(store, id, update, actor),
      comment: (id, text, actor) => commentAlert(store, id, text, actor),
      decide: (id, decision, rationale, actor) => decideAlert(store, id, decision, rationale, actor),
      approveReversal: (id, actor, comment) => approveReversal(store, id, actor, comment),
      rejectReversal: (id, reason, actor) => rejectReversal(store, id, reason, actor),
    },
    monitor: {
      run: (o) => monitorNow(store, inForce, { ...o, staleAfterMs: options.monitorStaleMs }),
      runs: (limit) => listMonitorRuns(store, limit),
    },
    candidates: {
      import: (profiles, o) => importCandidates(vetting, profiles, o),
      assessAll: (o) => assessEveryCandidate(vetting, o),
      assess: (ref, o) => assessOneCandidate(vetting, ref, o),
      clusters: (o) => candidateClusters(vetting, o),
      list: (o) => listCandidates(store, o),
      get: (ref) => getCandidate(store, ref),
      assessment: (id) => latestAssessment(store, id),
      levels: (ids) => latestLevels(store, ids),
      storedAssessments: (o) => storedAssessments(store, o),
      flagRates: (o) => flagRateReport(store, o),
    },
    webhooks: {
      create: (input, actor) => createWebhook(store, input, actor, options.webhooks),
      list: (o) => listWebhooks(store, o),
      remove: (id, actor) => deleteWebhook(store, id, actor),
      deliveries: (o) => listDeliveries(store, o),
      redeliver: (id, actor) => redeliver(store, id, actor),
      deliverDue: (o) => deliverDue(store, { ...options.webhooks, ...o }),
    },
    audit: {
      verify: () => verifyAudit(store),
      records: (from, to) => auditRecords(store, from, to),
      checkpoint: () => checkpointNow(store, signingKey()),
      verifyCheckpoint: (checkpoint, publicKey) => checkAgainstCheckpoint(store, checkpoint, publicKey, publicKey ? undefined : signingKey()),
    },
    keys: {
      create: (name, scopes, actor) => createApiKey(store, name, scopes, actor),
      list: () => listKeys(store),
      revoke: async (id, actor) => {
        const revoked = await revokeApiKey(store, id, actor);
        if (revoked) options.onKeyRevoked?.(id);
        return revoked;
      },
    },
    users: {
      create: (name, role, password, actor) => createUser(store, name, role, password, actor),
      list: () => listUsers(store),
      disable: (name, actor) => disableUser(store, name, actor),
      signIn: (name, password, from) => signIn(store, name, password, from),
      session: (token, idleTimeoutMs) => sessionOf(store, token, idleTimeoutMs),
      signOut: (token) => signOut(store, token),
    },
    jobs: options.jobs ? new JobRunner(store, options.jobs.lists, options.jobs.dataDir, options.jobs.limits) : undefined,
  };
}
