/**
 * The rows a hit writes into an alert, in one place for list screenings (screening.ts) and for
 * other findings (`raiseFinding` in alerts.ts): a new alert and its `opened` event, a reopened
 * false positive and its `reopened` event, an alert brought up to date (with a `changed` event
 * when something changed), a suppression; and the webhook payload describing the alert. Which one
 * applies is decided by `nextAlertState` (alert-state.ts); these functions only write, through the
 * alerts' repository of the caller's unit of work (`tx.alerts`).
 */
import type { AlertContent, AlertRepository } from '../store/index.js';
import type { EntityState } from './snapshot.js';

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
  entityState: EntityState;
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

function content(subject: AlertSubject, hit: AlertHit, w: AlertWrite): AlertContent {
  return {
    score: hit.score,
    explanation: hit.explanation,
    subjectVersion: subject.version,
    subjectHash: subject.hash,
    entityState: hit.entityState,
    entityCaption: hit.caption,
    datasets: hit.datasets,
    lastScreeningId: w.screeningId,
  };
}

async function event(alerts: AlertRepository, alertId: number, w: AlertWrite, kind: string, from: string | null, to: string, details: Record<string, unknown>): Promise<void> {
  await alerts.addEvent({ alertId, at: w.at, actor: w.actor, kind, fromStatus: from, toStatus: to, text: null, details });
}

/** A new open alert and its `opened` event; the alert's id. */
export async function insertOpenAlert(alerts: AlertRepository, subject: AlertSubject, hit: AlertHit, w: AlertWrite, details: Record<string, unknown>): Promise<number> {
  const id = await alerts.insert({
    ...content(subject, hit, w),
    subjectId: subject.id,
    entityId: hit.entityId,
    entitySchema: hit.schema,
    status: 'open',
    assignee: null,
    rationale: null,
    decidedBy: null,
    decidedAt: null,
    openedAt: w.at,
    updatedAt: w.at,
    reopened: 0,
    suppressed: 0,
  });
  await event(alerts, id, w, 'opened', null, 'open', details);
  return id;
}

/** A decided false positive opened again (decision cleared) with its `reopened` event; the new reopen count. */
export async function reopenAlert(
  alerts: AlertRepository,
  existing: { id: number; reopened: number },
  subject: AlertSubject,
  hit: AlertHit,
  w: AlertWrite,
  details: Record<string, unknown>,
): Promise<number> {
  const reopened = existing.reopened + 1;
  await alerts.update(existing.id, { ...content(subject, hit, w), status: 'open', reopened, rationale: null, decidedBy: null, decidedAt: null, updatedAt: w.at });
  await event(alerts, existing.id, w, 'reopened', 'false_positive', 'open', details);
  return reopened;
}

/**
 * An alert that is not a false positive brought up to date with its hit (its status kept); with
 * `changed` details, a `changed` event is recorded and `updated_at` moves.
 */
export async function refreshAlert(
  alerts: AlertRepository,
  existing: { id: number; status: string },
  subject: AlertSubject,
  hit: AlertHit,
  w: AlertWrite,
  changed?: Record<string, unknown>,
): Promise<void> {
  await alerts.update(existing.id, { ...content(subject, hit, w), ...(changed ? { updatedAt: w.at } : {}) });
  if (changed) await event(alerts, existing.id, w, 'changed', existing.status, existing.status, changed);
}

/** A decided false positive seen again unchanged: counted, nothing else. */
export async function countSuppressed(alerts: AlertRepository, existing: { id: number; suppressed: number }, w: AlertWrite): Promise<void> {
  await alerts.update(existing.id, { suppressed: existing.suppressed + 1, lastScreeningId: w.screeningId });
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
