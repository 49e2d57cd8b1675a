/**
 * Alerts and what analysts do with them. An alert is one (subject, listed party) pair that
 * screened at or above the threshold. Its lifecycle:
 *
 *   open -> in_review -> confirmed | false_positive | escalated
 *
 * An analyst takes an alert into review (optionally assigning it), comments, and decides; a
 * decision always carries a rationale with visible text (text.ts). Escalated alerts go back into
 * review for a senior decision, and a decision can be revised (with a new rationale). Every change
 * is an alert event and an audit record, written in one transaction, and decisions are announced
 * to webhooks.
 *
 * Four eyes: a confirmed match is taken away from confirmed (to a false positive, which would then
 * be suppressed on later screenings, or to escalated, from where one analyst could decide it a
 * false positive) only by two different people. The first one's decision becomes a pending
 * reversal request (a `reversal_requested` event; the alert stays confirmed and is never
 * suppressed meanwhile); a second actor approves it (`approveReversal`: the decision takes effect,
 * its event and audit record name both, `requestedBy` and `approvedBy`) or rejects it
 * (`rejectReversal`; the requester's own rejection is a withdrawal). The requester cannot approve
 * their own request. The pending request lives in the alert's history (no column of its own):
 * the latest `reversal_requested` event not followed by a decision, a rejection or a withdrawal.
 * Actors are API keys (`key:<id>`) and CLI users (`cli:<user>`): the guarantee is as good as the
 * issuance of keys (one person, one key) and, on the CLI, as the honesty of VIGIL_ACTOR.
 */
import type { AlertPatch, AlertSort, Repositories, Store, StoredAlert, StoredAlertEvent, StoredAlertOfSubject, Tx } from '../store/index.js';
import { FINDING_RULES, nextAlertState, type AlertOutcome } from './alert-state.js';
import { alertPayload, countSuppressed, insertOpenAlert, refreshAlert, reopenAlert, type AlertHit, type AlertSubject, type AlertWrite } from './alert-writes.js';
import { CaseError } from './errors.js';
import { checkText, sameActor } from './text.js';
import type { EntityState } from './snapshot.js';
import { enqueueEvent } from './webhooks.js';

export const ALERT_STATUSES = ['open', 'in_review', 'confirmed', 'false_positive', 'escalated'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export const DECISIONS = ['confirmed', 'false_positive', 'escalated'] as const;
export type Decision = (typeof DECISIONS)[number];
/** Decisions that take a confirmed match away from confirmed: they need a second analyst's approval. */
export const REVERSALS: readonly Decision[] = ['false_positive', 'escalated'];

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

/** A request to take a confirmed match away from confirmed, waiting for a second analyst. */
export interface PendingReversal {
  /** The decision asked for. */
  decision: Decision;
  rationale: string;
  requestedBy: string;
  requestedAt: string;
  /** The alert event that recorded the request. */
  requestEvent: number;
  /** What it waits for, in words. */
  needs: string;
}

export interface AlertDetail extends Alert {
  explanation: Record<string, unknown>;
  entityState: EntityState;
  events: AlertEvent[];
  /** A reversal of this confirmed match waiting for a second analyst, if any. */
  pendingReversal: PendingReversal | null;
  /** Who approved the decision in force, when it took two people (a reversed confirmed match). */
  approvedBy: string | null;
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
  subjectKind?: string;
  /** A score band. */
  minScore?: number;
  maxScore?: number;
  /** Opened at or before this time (ISO). */
  openedBefore?: string;
  /** The listed party is on this dataset. */
  dataset?: string;
  /** Alerts with an id greater than this (paging in id order). */
  after?: number;
  /** Order (default: by id, ascending). */
  sort?: AlertSort;
  /** Alerts skipped (paging in any order). */
  offset?: number;
  /** Only confirmed matches with a reversal request waiting for a second analyst. */
  pendingReversal?: boolean;
  limit?: number;
}

/** Event kinds that open a reversal request, and those that close it. */
const REQUEST_OPENS = ['reversal_requested'];
const REQUEST_CLOSES = ['decision', 'reversal_rejected', 'reversal_withdrawn', 'reopened'];

export async function listAlerts(store: Store, filter: AlertFilter = {}): Promise<Alert[]> {
  const { pendingReversal, ...rest } = filter;
  const alerts = await store.repos.alerts.list({
    ...rest,
    ...(pendingReversal ? { status: ['confirmed'], awaiting: { opening: REQUEST_OPENS, closing: REQUEST_CLOSES } } : {}),
    limit: Math.min(filter.limit ?? 100, 1000),
  });
  return alerts.map(toAlert);
}

/** How many alerts a filter selects (paging aside). */
export async function countAlerts(store: Store, filter: AlertFilter = {}): Promise<number> {
  const { pendingReversal, limit: _limit, offset: _offset, after: _after, sort: _sort, ...rest } = filter;
  return store.repos.alerts.countMatching({ ...rest, ...(pendingReversal ? { status: ['confirmed'], awaiting: { opening: REQUEST_OPENS, closing: REQUEST_CLOSES } } : {}) });
}

/** Alert counts by status. */
export async function alertCounts(store: Store): Promise<Record<AlertStatus, number>> {
  const counts = await store.repos.alerts.countsByStatus();
  const out = Object.fromEntries(ALERT_STATUSES.map((s) => [s, 0])) as Record<AlertStatus, number>;
  for (const [status, n] of counts) out[status as AlertStatus] = n;
  return out;
}

/** What the history says of four eyes: the reversal request pending, and who approved the decision in force. */
function fourEyesOf(events: readonly AlertEvent[]): { pending: PendingReversal | null; approvedBy: string | null } {
  let pending: PendingReversal | null = null;
  let approvedBy: string | null = null;
  for (const e of events) {
    if (REQUEST_OPENS.includes(e.kind)) {
      pending = {
        decision: e.details.decision as Decision,
        rationale: e.text ?? '',
        requestedBy: e.actor,
        requestedAt: e.at,
        requestEvent: e.id,
        needs: `a second analyst's approval (anyone but ${e.actor})`,
      };
    } else if (REQUEST_CLOSES.includes(e.kind)) {
      pending = null;
      if (e.kind === 'decision') approvedBy = typeof e.details.approvedBy === 'string' ? e.details.approvedBy : null;
      if (e.kind === 'reopened') approvedBy = null;
    }
  }
  return { pending, approvedBy };
}

async function loadDetail(repos: Repositories, id: number): Promise<AlertDetail | undefined> {
  const alert = await repos.alerts.withSubjectById(id);
  if (!alert) return undefined;
  const events = (await repos.alerts.events(id)).map(toEvent);
  const { pending, approvedBy } = fourEyesOf(events);
  return { ...toAlert(alert), explanation: alert.explanation, entityState: alert.entityState, events, pendingReversal: pending, approvedBy };
}

/** The reversal request pending on an alert, read inside the caller's unit of work. */
async function pendingOf(tx: Tx, id: number): Promise<PendingReversal | null> {
  return fourEyesOf((await tx.alerts.events(id)).map(toEvent)).pending;
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

/** One change an alert event (and its audit record) records. */
interface AlertChange {
  kind: string;
  to?: AlertStatus;
  text?: string;
  details?: Record<string, unknown>;
}

/** Change an alert in one transaction: its row, an event, an audit record (and a webhook event). */
async function change(store: Store, id: number, actor: string, apply: (alert: StoredAlert, tx: Tx, at: string) => Promise<AlertChange[]>): Promise<AlertDetail> {
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
      const about = { id, subjectId: row.subjectId, entityId: row.entityId };
      if (e.kind === 'decision') {
        // A reversed confirmed match was decided by its requester and approved by a second analyst.
        const approvedBy = e.details?.approvedBy;
        const decidedBy = typeof approvedBy === 'string' ? e.details!.requestedBy : actor;
        await enqueueEvent(tx, {
          id: `alert.decided:${id}:${eventId}`,
          type: 'alert.decided',
          at,
          data: { alert: { ...about, status: e.to, rationale: e.text, decidedBy, ...(typeof approvedBy === 'string' ? { approvedBy } : {}) } },
        });
      }
      if (REQUEST_OPENS.includes(e.kind)) {
        await enqueueEvent(tx, {
          id: `alert.reversal_requested:${id}:${eventId}`,
          type: 'alert.reversal_requested',
          at,
          data: { alert: { ...about, status: row.status, decision: e.details?.decision, rationale: e.text, requestedBy: actor, needs: "a second analyst's approval" } },
        });
      }
    }
    return (await loadDetail(tx, id))!;
  });
}

/** Move an alert into or out of review, assign it, and/or comment on it. */
export async function updateAlert(store: Store, id: number, update: AlertUpdate, actor: string): Promise<AlertDetail> {
  const comment = checkText('comment', update.comment, { required: false });
  const assignee = update.assignee === undefined || update.assignee === null ? update.assignee : checkText('assignee', update.assignee, { required: true, min: 1 })!;
  return change(store, id, actor, async (row, tx, at) => {
    const events: AlertChange[] = [];
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
    if (assignee !== undefined && assignee !== row.assignee) {
      set.assignee = assignee;
      events.push({ kind: 'assign', details: { assignee, previous: row.assignee } });
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
  return updateAlert(store, id, { comment: checkText('comment', text, { required: true }) }, actor);
}

function pendingConflict(id: number, pending: PendingReversal): CaseError {
  return new CaseError(
    'conflict',
    `alert ${id} has a pending request by ${pending.requestedBy} (at ${pending.requestedAt}) to make this confirmed match ${pending.decision}; ` +
      `it needs a second analyst's approval, or a rejection, before another decision`,
  );
}

/**
 * Decide an alert: confirmed match, false positive, or escalated. The rationale is mandatory and
 * must show at least MIN_VISIBLE letters or digits. On a confirmed match, a false positive or an
 * escalation does not take effect: it is recorded as a reversal request that a second analyst
 * approves (`approveReversal`) or rejects; the alert stays confirmed and its `pendingReversal`
 * says so. Whether the decision took effect: the returned alert's status is the decision.
 */
export async function decideAlert(store: Store, id: number, decision: Decision, rationale: string, actor: string): Promise<AlertDetail> {
  if (!(DECISIONS as readonly string[]).includes(decision)) {
    throw new CaseError('invalid_input', `decision must be one of ${DECISIONS.join(', ')}, not "${decision}"`);
  }
  const text = checkText('rationale', rationale, { required: true })!;
  return change(store, id, actor, async (row, tx, at) => {
    const pending = row.status === 'confirmed' ? await pendingOf(tx, id) : null;
    if (pending) throw pendingConflict(id, pending);
    if (row.status === decision) throw new CaseError('conflict', `alert ${id} is already ${decision}`);
    if (row.status === 'confirmed' && REVERSALS.includes(decision)) {
      return [{ kind: 'reversal_requested', text, details: { decision, requestedBy: actor } }];
    }
    await tx.alerts.update(id, { status: decision, rationale: text, decidedBy: actor, decidedAt: at, updatedAt: at, suppressed: 0 });
    return [{ kind: 'decision', to: decision, text, details: { decision, revised: row.status === 'confirmed' || row.status === 'false_positive' } }];
  });
}

/**
 * A second analyst approves the reversal request pending on a confirmed match: the requested
 * decision takes effect (rationale and `decidedBy` the requester's), recorded as a `decision`
 * event and an `alert.decision` audit record by the approver whose details name `requestedBy` and
 * `approvedBy`. Refused (conflict) when nothing is pending or the approver is the requester.
 */
export async function approveReversal(store: Store, id: number, actor: string, comment?: string): Promise<AlertDetail> {
  const note = checkText('comment', comment, { required: false });
  return change(store, id, actor, async (row, tx, at) => {
    const pending = row.status === 'confirmed' ? await pendingOf(tx, id) : null;
    if (!pending) throw new CaseError('conflict', `alert ${id} has no reversal request waiting for approval (it is ${row.status})`);
    if (sameActor(actor, pending.requestedBy)) {
      throw new CaseError(
        'conflict',
        `alert ${id}: ${actor} requested this reversal and cannot approve it; it needs a second analyst's approval (anyone but ${pending.requestedBy})`,
      );
    }
    await tx.alerts.update(id, { status: pending.decision, rationale: pending.rationale, decidedBy: pending.requestedBy, decidedAt: at, updatedAt: at, suppressed: 0 });
    return [
      {
        kind: 'decision',
        to: pending.decision,
        text: pending.rationale,
        details: {
          decision: pending.decision,
          revised: true,
          requestedBy: pending.requestedBy,
          requestedAt: pending.requestedAt,
          approvedBy: actor,
          request: pending.requestEvent,
          ...(note ? { approvalComment: note } : {}),
        },
      },
    ];
  });
}

/**
 * The reversal request pending on a confirmed match turned down, with a reason: by another analyst
 * a `reversal_rejected` event, by the requester a `reversal_withdrawn` one. The alert stays confirmed.
 */
export async function rejectReversal(store: Store, id: number, reason: string, actor: string): Promise<AlertDetail> {
  const text = checkText('reason', reason, { required: true })!;
  return change(store, id, actor, async (row, tx) => {
    const pending = row.status === 'confirmed' ? await pendingOf(tx, id) : null;
    if (!pending) throw new CaseError('conflict', `alert ${id} has no reversal request to reject (it is ${row.status})`);
    const withdrawn = sameActor(actor, pending.requestedBy);
    return [
      {
        kind: withdrawn ? 'reversal_withdrawn' : 'reversal_rejected',
        text,
        details: { decision: pending.decision, requestedBy: pending.requestedBy, request: pending.requestEvent, [withdrawn ? 'withdrawnBy' : 'rejectedBy']: actor },
      },
    ];
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
