/**
 * The rows a hit writes into an alert, in one place for list screenings (screening.ts) and for
 * other findings (`raiseFinding` in alerts.ts): a new alert and its `opened` event, a reopened
 * false positive and its `reopened` event, an alert brought up to date (with a `changed` event
 * when something changed), a suppression; and the webhook payload describing the alert. Which one
 * applies is decided by `nextAlertState` (alert-state.ts); these functions only write, inside the
 * caller's transaction.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../store/index.js';

/** What an alert says about its hit. */
export interface AlertHit {
  /** The listed party's id, or a finding's key. */
  entityId: string;
  caption: string;
  schema: string;
  datasets: string[];
  score: number;
  explanation: { summary: string };
  /** The listed party's state (or a finding's fingerprint) as stored for suppression. */
  entityState: string;
}

export interface AlertSubject {
  id: number;
  ref: string;
  version: number;
  hash: string;
  kind?: string;
  schema?: string;
}

/** Who writes, when, and the screening behind it (0 for findings that are not list screenings). */
export interface AlertWrite {
  actor: string;
  at: string;
  screeningId: number;
}

function content(subject: AlertSubject, hit: AlertHit, w: AlertWrite) {
  return {
    score: hit.score,
    explanation: JSON.stringify(hit.explanation),
    subject_version: subject.version,
    subject_hash: subject.hash,
    entity_state: hit.entityState,
    entity_caption: hit.caption,
    datasets: JSON.stringify(hit.datasets),
    last_screening_id: w.screeningId,
  };
}

async function event(trx: Transaction<Database>, alertId: number, w: AlertWrite, kind: string, from: string | null, to: string, details: Record<string, unknown>): Promise<void> {
  await trx
    .insertInto('alert_events')
    .values({ alert_id: alertId, at: w.at, actor: w.actor, kind, from_status: from, to_status: to, text: null, details: JSON.stringify(details) })
    .execute();
}

/** A new open alert and its `opened` event; the alert's id. */
export async function insertOpenAlert(trx: Transaction<Database>, subject: AlertSubject, hit: AlertHit, w: AlertWrite, details: Record<string, unknown>): Promise<number> {
  const row = await trx
    .insertInto('alerts')
    .values({
      ...content(subject, hit, w),
      subject_id: subject.id,
      entity_id: hit.entityId,
      entity_schema: hit.schema,
      status: 'open',
      assignee: null,
      rationale: null,
      decided_by: null,
      decided_at: null,
      opened_at: w.at,
      updated_at: w.at,
      reopened: 0,
      suppressed: 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await event(trx, row.id, w, 'opened', null, 'open', details);
  return row.id;
}

/** A decided false positive opened again (decision cleared) with its `reopened` event; the new reopen count. */
export async function reopenAlert(
  trx: Transaction<Database>,
  existing: { id: number; reopened: number },
  subject: AlertSubject,
  hit: AlertHit,
  w: AlertWrite,
  details: Record<string, unknown>,
): Promise<number> {
  const reopened = existing.reopened + 1;
  await trx
    .updateTable('alerts')
    .set({ ...content(subject, hit, w), status: 'open', reopened, rationale: null, decided_by: null, decided_at: null, updated_at: w.at })
    .where('id', '=', existing.id)
    .execute();
  await event(trx, existing.id, w, 'reopened', 'false_positive', 'open', details);
  return reopened;
}

/**
 * An alert that is not a false positive brought up to date with its hit (its status kept); with
 * `changed` details, a `changed` event is recorded and `updated_at` moves.
 */
export async function refreshAlert(
  trx: Transaction<Database>,
  existing: { id: number; status: string },
  subject: AlertSubject,
  hit: AlertHit,
  w: AlertWrite,
  changed?: Record<string, unknown>,
): Promise<void> {
  await trx
    .updateTable('alerts')
    .set({ ...content(subject, hit, w), ...(changed ? { updated_at: w.at } : {}) })
    .where('id', '=', existing.id)
    .execute();
  if (changed) await event(trx, existing.id, w, 'changed', existing.status, existing.status, changed);
}

/** A decided false positive seen again unchanged: counted, nothing else. */
export async function countSuppressed(trx: Transaction<Database>, existing: { id: number; suppressed: number }, w: AlertWrite): Promise<void> {
  await trx.updateTable('alerts').set({ suppressed: existing.suppressed + 1, last_screening_id: w.screeningId }).where('id', '=', existing.id).execute();
}

/** The webhook payload of `alert.opened` / `alert.reopened`. */
export function alertPayload(alert: { id: number; status: string; reopened: number }, subject: AlertSubject, hit: AlertHit, changes?: unknown) {
  return {
    alert: {
      id: alert.id,
      status: alert.status,
      reopened: alert.reopened,
      score: hit.score,
      summary: hit.explanation.summary,
      subject: { id: subject.id, ref: subject.ref, ...(subject.kind ? { kind: subject.kind } : {}), ...(subject.schema ? { schema: subject.schema } : {}), version: subject.version },
      entity: { id: hit.entityId, caption: hit.caption, schema: hit.schema, datasets: hit.datasets },
      ...(changes ? { changes } : {}),
    },
  };
}
