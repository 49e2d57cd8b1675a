/**
 * Alerts and what analysts do with them. An alert is one (subject, listed party) pair that
 * screened at or above the threshold. Its lifecycle:
 *
 *   open -> in_review -> confirmed | false_positive | escalated
 *
 * An analyst takes an alert into review (optionally assigning it), comments, and decides; a
 * decision always carries a rationale. Escalated alerts go back into review for a senior decision,
 * and a decision can be revised (with a new rationale). Every change is an alert event and an
 * audit record, written in one transaction, and decisions are announced to webhooks.
 */
import type { AlertPatch, Repositories, Store, StoredAlert, StoredAlertEvent, StoredAlertOfSubject, Tx } from '../store/index.js';
import { FINDING_RULES, nextAlertState, type AlertOutcome } from './alert-state.js';
import { alertPayload, countSuppressed, insertOpenAlert, refreshAlert, reopenAlert, type AlertHit, type AlertSubject, type AlertWrite } from './alert-writes.js';
import { CaseError } from './errors.js';
import type { EntityState } from './snapshot.js';
import { enqueueEvent } from './webhooks.js';

export const ALERT_STATUSES = ['open', 'in_review', 'confirmed', 'false_positive', 'escalated'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export const DECISIONS = ['confirmed', 'false_positive', 'escalated'] as const;
export type Decision = (typeof DECISIONS)[number];

/** One entry of an alert's history, as stored without the alert's id. */
export type AlertEvent = Omit<StoredAlertEvent, 'alertId'>;

export interface Alert {
  id: number;
  status: AlertStatus;
  subject: { id: number; ref: string; kind: string };
  entity: { id: string; caption: string; schema: string; datasets: string[] };
  score: number;
  summary: string;
  subjectVersion: number;
  assignee: string | null;
  rationale: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  openedAt: string;
  updatedAt: string;
  lastScreeningId: number;
  reopened: number;
  suppressed: number;
}

export interface AlertDetail extends Alert {
  explanation: Record<string, unknown>;
  entityState: EntityState;
  events: AlertEvent[];
}

function toAlert(a: StoredAlertOfSubject): Alert {
  const summary = a.explanation.summary;
  return {
    id: a.id,
    status: a.status as AlertStatus,
    subject: { id: a.subjectId, ref: a.subjectRef, kind: a.subjectKind },
    entity: { id: a.entityId, caption: a.entityCaption, schema: a.entitySchema, datasets: a.datasets },
    score: a.score,
    summary: typeof summary === 'string' ? summary : '',
    subjectVersion: a.subjectVersion,
    assignee: a.assignee,
    rationale: a.rationale,
    decidedBy: a.decidedBy,
    decidedAt: a.decidedAt,
    openedAt: a.openedAt,
    updatedAt: a.updatedAt,
    lastScreeningId: a.lastScreeningId,
    reopened: a.reopened,
    suppressed: a.suppressed,
  };
}

function toEvent(e: StoredAlertEvent): AlertEvent {
  return { id: e.id, at: e.at, actor: e.actor, kind: e.kind, fromStatus: e.fromStatus, toStatus: e.toStatus, text: e.text, details: e.details };
}

export interface AlertFilter {
  status?: AlertStatus[];
  assignee?: string;
  subject?: number;
  entity?: string;
  /** Alerts with an id greater than this (paging). */
  after?: number;
  limit?: number;
}

export async function listAlerts(store: Store, filter: AlertFilter = {}): Promise<Alert[]> {
  const alerts = await store.repos.alerts.list({ ...filter, limit: Math.min(filter.limit ?? 100, 1000) });
  return alerts.map(toAlert);
}

/** Alert counts by status. */
export async function alertCounts(store: Store): Promise<Record<AlertStatus, number>> {
  const counts = await store.repos.alerts.countsByStatus();
  const out = Object.fromEntries(ALERT_STATUSES.map((s) => [s, 0])) as Record<AlertStatus, number>;
  for (const [status, n] of counts) out[status as AlertStatus] = n;
  return out;
}

async function loadDetail(repos: Repositories, id: number): Promise<AlertDetail | undefined> {
  const alert = await repos.alerts.withSubjectById(id);
  if (!alert) return undefined;
  const events = await repos.alerts.events(id);
  return { ...toAlert(alert), explanation: alert.explanation, entityState: alert.entityState, events: events.map(toEvent) };
}

export async function getAlert(store: Store, id: number): Promise<AlertDetail> {
  const alert = await loadDetail(store.repos, id);
  if (!alert) throw new CaseError('not_found', `no alert with id ${id}`);
  return alert;
}

/** Status changes an analyst may make outside a decision. */
const MOVES: Record<AlertStatus, AlertStatus[]> = {
  open: ['in_review'],
  in_review: ['open'],
  escalated: ['in_review'],
  confirmed: [],
  false_positive: [],
};

export interface AlertUpdate {
  status?: 'open' | 'in_review';
  /** A user name; null unassigns. */
  assignee?: string | null;
  comment?: string;
}

const MAX_TEXT = 10_000;

function checkText(what: string, text: string | undefined, required: boolean): string | undefined {
  const t = text?.trim();
  if (!t) {
    if (required) throw new CaseError('invalid_input', `${what} is required and must not be blank`);
    return undefined;
  }
  if (t.length > MAX_TEXT) throw new CaseError('invalid_input', `${what} is ${t.length} characters long; at most ${MAX_TEXT} are allowed`);
  return t;
}

/** Change an alert in one transaction: its row, an event, an audit record (and a webhook event). */
async function change(
  store: Store,
  id: number,
  actor: string,
  apply: (alert: StoredAlert, tx: Tx, at: string) => Promise<{ kind: string; to?: AlertStatus; text?: string; details?: Record<string, unknown> }[]>,
): Promise<AlertDetail> {
  return store.transaction(async (tx) => {
    const at = new Date().toISOString();
    // Take the write lock before reading (SQLite), so two analysts cannot both act on the same state.
    await tx.alerts.lock(id);
    const row = await tx.alerts.byId(id);
    if (!row) throw new CaseError('not_found', `no alert with id ${id}`);
    const events = await apply(row, tx, at);
    for (const e of events) {
      const eventId = await tx.alerts.addEvent({ alertId: id, at, actor, kind: e.kind, fromStatus: row.status, toStatus: e.to ?? row.status, text: e.text ?? null, details: e.details ?? {} });
      await tx.audit.append([
        { actor, action: `alert.${e.kind}`, subject: `alert:${id}`, details: { from: row.status, to: e.to ?? row.status, ...(e.text ? { text: e.text } : {}), ...e.details } },
      ]);
      if (e.kind === 'decision') {
        await enqueueEvent(tx, {
          id: `alert.decided:${id}:${eventId}`,
          type: 'alert.decided',
          at,
          data: { alert: { id, status: e.to, rationale: e.text, decidedBy: actor, subjectId: row.subjectId, entityId: row.entityId } },
        });
      }
    }
    return (await loadDetail(tx, id))!;
  });
}

/** Move an alert into or out of review, assign it, and/or comment on it. */
export async function updateAlert(store: Store, id: number, update: AlertUpdate, actor: string): Promise<AlertDetail> {
  const comment = checkText('comment', update.comment, false);
  if (update.assignee !== undefined && update.assignee !== null) checkText('assignee', update.assignee, true);
  return change(store, id, actor, async (row, tx, at) => {
    const events: { kind: string; to?: AlertStatus; text?: string; details?: Record<string, unknown> }[] = [];
    const set: AlertPatch = {};
    if (update.status !== undefined && update.status !== row.status) {
      if (!MOVES[row.status as AlertStatus].includes(update.status)) {
        throw new CaseError(
          'conflict',
          `alert ${id} is ${row.status}; it cannot move to ${update.status}` +
            (row.status === 'confirmed' || row.status === 'false_positive' ? ' (a decided alert changes only by a new decision)' : ''),
        );
      }
      set.status = update.status;
      events.push({ kind: 'status', to: update.status });
    }
    if (update.assignee !== undefined && (update.assignee?.trim() || null) !== row.assignee) {
      set.assignee = update.assignee?.trim() || null;
      events.push({ kind: 'assign', details: { assignee: set.assignee, previous: row.assignee } });
    }
    if (comment) events.push({ kind: 'comment', text: comment });
    if (events.length > 0) {
      set.updatedAt = at;
      await tx.alerts.update(id, set);
    }
    return events;
  });
}

export async function commentAlert(store: Store, id: number, text: string, actor: string): Promise<AlertDetail> {
  return updateAlert(store, id, { comment: checkText('comment', text, true) }, actor);
}

/** Decide an alert: confirmed match, false positive, or escalated. The rationale is mandatory. */
export async function decideAlert(store: Store, id: number, decision: Decision, rationale: string, actor: string): Promise<AlertDetail> {
  if (!(DECISIONS as readonly string[]).includes(decision)) {
    throw new CaseError('invalid_input', `decision must be one of ${DECISIONS.join(', ')}, not "${decision}"`);
  }
  const text = checkText('rationale', rationale, true)!;
  return change(store, id, actor, async (row, tx, at) => {
    if (row.status === decision) throw new CaseError('conflict', `alert ${id} is already ${decision}`);
    await tx.alerts.update(id, { status: decision, rationale: text, decidedBy: actor, decidedAt: at, updatedAt: at, suppressed: 0 });
    return [{ kind: 'decision', to: decision, text, details: { decision, revised: row.status === 'confirmed' || row.status === 'false_positive' } }];
  });
}

/** A finding from outside list screening (e.g. candidate vetting) raised as an alert on a subject. */
export interface RaisedFinding {
  subjectId: number;
  /** What the finding is about, in the place of a listed party: e.g. `vigil-hiring-risk`. */
  key: string;
  caption: string;
  schema: string;
  datasets: string[];
  score: number;
  explanation: { summary: string } & Record<string, unknown>;
  /** Changes when the finding's substance changes; a decided false positive reopens then. */
  fingerprint: string;
}

/**
 * Open, update, suppress or reopen the alert for a finding, by the rule list hits follow
 * (alert-state.ts) under FINDING_RULES: a decided false positive stays suppressed while the
 * fingerprint is the same, and reopens when it changes; a confirmed one stays confirmed; an alert
 * whose fingerprint is the same is left as it is. Edits to the subject do not count, only the
 * fingerprint does. Returns what happened.
 */
export async function raiseFinding(store: Store, finding: RaisedFinding, actor: string): Promise<{ alert: number; outcome: AlertOutcome }> {
  return store.transaction(async (tx) => {
    const at = new Date().toISOString();
    const stored = await tx.subjects.byId(finding.subjectId);
    if (!stored) throw new CaseError('not_found', `no subject with id ${finding.subjectId}`);
    const subject: AlertSubject = { id: stored.id, ref: stored.ref, version: stored.version, hash: stored.hash, kind: stored.kind, schema: stored.schema };
    // Take the write lock before reading (SQLite).
    await tx.subjects.lock(subject.id);
    const existing = await tx.alerts.ofSubjectAndEntity(subject.id, finding.key);
    const state: EntityState = { hash: finding.fingerprint, wallets: {} };
    const hit: AlertHit = {
      entityId: finding.key,
      caption: finding.caption,
      schema: finding.schema,
      datasets: finding.datasets,
      score: finding.score,
      explanation: finding.explanation,
      entityState: state,
    };
    const w: AlertWrite = { actor, at, screeningId: 0 };
    const audit = async (action: string, alert: number, details: Record<string, unknown>) =>
      tx.audit.append([{ actor, action, subject: `alert:${alert}`, details: { subject: subject.ref, finding: finding.key, score: finding.score, ...details } }]);
    const next = nextAlertState(existing, { subjectHash: subject.hash, entityState: state }, FINDING_RULES);
    if (next.write === 'open') {
      const id = await insertOpenAlert(tx.alerts, subject, hit, w, { summary: finding.explanation.summary });
      await audit('alert.open', id, {});
      await enqueueEvent(tx, { id: `alert.opened:${id}:0`, type: 'alert.opened', at, data: alertPayload({ id, status: 'open', reopened: 0 }, subject, hit) });
      return { alert: id, outcome: next.outcome };
    }
    // Only a new alert has none on record.
    const alert = existing!;
    if (next.write === 'suppress') await countSuppressed(tx.alerts, alert, w);
    if (next.write === 'reopen') {
      const changes = { previous: alert.explanation.summary, now: finding.explanation.summary };
      const reopened = await reopenAlert(tx.alerts, alert, subject, hit, w, { changes });
      await audit('alert.reopen', alert.id, { changes });
      await enqueueEvent(tx, { id: `alert.reopened:${alert.id}:${reopened}`, type: 'alert.reopened', at, data: alertPayload({ id: alert.id, status: 'open', reopened }, subject, hit) });
    }
    if (next.write === 'refresh') await refreshAlert(tx.alerts, alert, subject, hit, w, next.event === 'changed' ? { summary: finding.explanation.summary } : undefined);
    return { alert: alert.id, outcome: next.outcome };
  });
}
