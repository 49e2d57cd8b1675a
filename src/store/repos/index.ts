/**
 * Repositories: one per aggregate, the only code that writes SQL for it and decodes its rows and
 * JSON columns. Each comes two ways: over a unit of work (`store.transaction(async (tx) => ...)`,
 * where `tx.audit`... join the transaction and `tx.kind` says the dialect) and over the pool
 * (`store.repos.audit`..., for reads and for writes that need nothing beside them).
 *
 *   audit.ts      the hash-chained audit trail
 *   api-keys.ts   API keys (their secrets only as hashes)
 *   alerts.ts     alerts and their events (the history of each)
 *   screenings.ts screening records (the results kept and what became of them)
 *   subjects.ts   monitored subjects, their versions and the subject index
 *   webhooks.ts   webhook endpoints and their outbox of deliveries
 *   jobs.ts       batch screening jobs and their progress
 *   monitor.ts    monitoring runs and the list versions monitored
 *   entities.ts   listed entities as stored (content-addressed blobs), read inside a unit of work
 *   candidates.ts vetting candidates: profiles and their versions, assessments, the link graph
 *   users.ts      people who sign in to the web UI, and their sessions
 *
 * List versions and their entities are the store's own (src/store/store.ts, `Store`).
 */
import type { StoreKind } from '../kind.js';
import { AlertRepository } from './alerts.js';
import { ApiKeyRepository } from './api-keys.js';
import { AuditRepository, type AuditKeys } from './audit.js';
import { EntityRepository } from './entities.js';
import { MonitorRepository } from './monitor.js';
import { CandidateRepository } from './candidates.js';
import { SubjectRepository } from './subjects.js';
import { JobRepository } from './jobs.js';
import { WebhookRepository } from './webhooks.js';
import type { Queryable } from './queryable.js';
import { ScreeningRepository } from './screenings.js';
import { UserRepository } from './users.js';

export * from './alerts.js';
export * from './api-keys.js';
export * from './audit.js';
export * from './entities.js';
export * from './monitor.js';
export * from './candidates.js';
export * from './screenings.js';
export * from './subjects.js';
export * from './jobs.js';
export * from './webhooks.js';
export * from './users.js';
export type { Queryable } from './queryable.js';

export interface Repositories {
  readonly audit: AuditRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly alerts: AlertRepository;
  readonly screenings: ScreeningRepository;
  readonly subjects: SubjectRepository;
  readonly webhooks: WebhookRepository;
  readonly jobs: JobRepository;
  readonly monitor: MonitorRepository;
  readonly entities: EntityRepository;
  readonly candidates: CandidateRepository;
  readonly users: UserRepository;
}

/** The repositories over a queryable (each made when first used); `auditKeys` MAC and check the audit trail. */
export function repositoriesOver(db: Queryable, kind: StoreKind, inTransaction: boolean, auditKeys?: AuditKeys): Repositories {
  let audit: AuditRepository | undefined;
  let apiKeys: ApiKeyRepository | undefined;
  let alerts: AlertRepository | undefined;
  let screenings: ScreeningRepository | undefined;
  let subjects: SubjectRepository | undefined;
  let webhooks: WebhookRepository | undefined;
  let jobs: JobRepository | undefined;
  let monitor: MonitorRepository | undefined;
  let entities: EntityRepository | undefined;
  let candidates: CandidateRepository | undefined;
  let users: UserRepository | undefined;
  return {
    get audit() {
      return (audit ??= new AuditRepository(db, kind, inTransaction, auditKeys));
    },
    get apiKeys() {
      return (apiKeys ??= new ApiKeyRepository(db));
    },
    get alerts() {
      return (alerts ??= new AlertRepository(db));
    },
    get screenings() {
      return (screenings ??= new ScreeningRepository(db));
    },
    get subjects() {
      return (subjects ??= new SubjectRepository(db, kind));
    },
    get webhooks() {
      return (webhooks ??= new WebhookRepository(db));
    },
    get jobs() {
      return (jobs ??= new JobRepository(db));
    },
    get monitor() {
      return (monitor ??= new MonitorRepository(db, kind));
    },
    get entities() {
      return (entities ??= new EntityRepository(db));
    },
    get candidates() {
      return (candidates ??= new CandidateRepository(db));
    },
    get users() {
      return (users ??= new UserRepository(db));
    },
  };
}
