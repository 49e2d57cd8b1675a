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
import type { Selectable, Transaction } from 'kysely';
import type { AlertEventsTable, AlertsTable, Database, Store } from '../store/index.js';
import { FINDING_RULES, nextAlertState, storedAlertState, type AlertOutcome } from './alert-state.js';
import { alertPayload, countSuppressed, insertOpenAlert, refreshAlert, reopenAlert, type AlertHit, type AlertWrite } from './alert-writes.js';
import { appendAuditIn } from './audit.js';
import { CaseError } from './errors.js';
import type { EntityState } from './snapshot.js';
import { enqueueEvent } from './webhooks.js';

export const ALERT_STATUSES = ['open', 'in_review', 'confirmed', 'false_positive', 'escalated'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export const DECISIONS = ['confirmed', 'false_positive', 'escalated'] as const;
export type Decision = (typeof DECISIONS)[number];

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

type AlertRow = Selectable<AlertsTable> & { subject_ref: string; subject_kind: string };

function toAlert(row: AlertRow): Alert {
  const explanation = JSON.parse(row.explanation) as { summary?: string };
  return {
    id: row.id,
    status: row.status as AlertStatus,
    subject: { id: row.subject_id, ref: row.subject_ref, kind: row.subject_kind },
    entity: { id: row.entity_id, caption: row.entity_caption, schema: row.entity_schema, datasets: JSON.parse(row.datasets) as string[] },
    score: row.score,
    summary: explanation.summary ?? '',
    subjectVersion: row.subject_version,
    assignee: row.assignee,
    rationale: row.rationale,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    openedAt: row.opened_at,
    updatedAt: row.updated_at,
    lastScreeningId: row.last_screening_id,
    reopened: row.reopened,
    suppressed: row.suppressed,
  };
}

function toEvent(row: Selectable<AlertEventsTable>): AlertEvent {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    kind: row.kind,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    text: row.text,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}

function alertQuery(db: Store['db'] | Transaction<Database>) {
  return db
    .selectFrom('alerts')
    .innerJoin('subjects', 'subjects.id', 'alerts.subject_id')
    .selectAll('alerts')
    .select(['subjects.ref as subject_ref', 'subjects.kind as subject_kind']);
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
  let q = alertQuery(store.db).orderBy('alerts.id').limit(Math.min(filter.limit ?? 100, 1000));
  if (filter.status?.length) q = q.where('alerts.status', 'in', filter.status);
  if (filter.assignee) q = q.where('alerts.assignee', '=', filter.assignee);
  if (filter.subject !== undefined) q = q.where('alerts.subject_id', '=', filter.subject);
  if (filter.entity) q = q.where('alerts.entity_id', '=', filter.entity);
  if (filter.after !== undefined) q = q.where('alerts.id', '>', filter.after);
  return (await q.execute()).map(toAlert);
}

/** Alert counts by status. */
export async function alertCounts(store: Store): Promise<Record<AlertStatus, number>> {
  const rows = await store.db.selectFrom('alerts').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  const out = Object.fromEntries(ALERT_STATUSES.map((s) => [s, 0])) as Record<AlertStatus, number>;
  for (const r of rows) out[r.status as AlertStatus] = Number(r.n);
  return out;
}

async function loadDetail(db: Store['db'] | Transaction<Database>, id: number): Promise<AlertDetail | undefined> {
  const row = await alertQuery(db).where('alerts.id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const events = await db.selectFrom('alert_events').selectAll().where('alert_id', '=', id).orderBy('id').execute();
  return {
    ...toAlert(row),
    explanation: JSON.parse(row.explanation) as Record<string, unknown>,
    entityState: JSON.parse(row.entity_state) as EntityState,
    events: events.map(toEvent),
  };
}

export async function getAlert(store: Store, id: number): Promise<AlertDetail> {
  const alert = await loadDetail(store.db, id);
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
  apply: (row: Selectable<AlertsTable>, trx: Transaction<Database>, at: string) => Promise<{ kind: string; to?: AlertStatus; text?: string; details?: Record<string, unknown> }[]>,
): Promise<AlertDetail> {
  return store.db.transaction().execute(async (trx) => {
    const at = new Date().toISOString();
    // Take the write lock before reading (SQLite), so two analysts cannot both act on the same state.
    await trx.updateTable('alerts').set({ id: id }).where('id', '=', id).execute();
    const row = await trx.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new CaseError('not_found', `no alert with id ${id}`);
    const events = await apply(row, trx, at);
    for (const e of events) {
      const inserted = await trx
        .insertInto('alert_events')
        .values({ alert_id: id, at, actor, kind: e.kind, from_status: row.status, to_status: e.to ?? row.status, text: e.text ?? null, details: JSON.stringify(e.details ?? {}) })
        .returning('id')
        .executeTakeFirstOrThrow();
      await appendAuditIn(
        trx,
        [{ actor, action: `alert.${e.kind}`, subject: `alert:${id}`, details: { from: row.status, to: e.to ?? row.status, ...(e.text ? { text: e.text } : {}), ...e.details } }],
        store.kind,
      );
      if (e.kind === 'decision') {
        await enqueueEvent(trx, {
          id: `alert.decided:${id}:${inserted.id}`,
          type: 'alert.decided',
          at,
          data: { alert: { id, status: e.to, rationale: e.text, decidedBy: actor, subjectId: row.subject_id, entityId: row.entity_id } },
        });
      }
    }
    return (await loadDetail(trx, id))!;
  });
}

/** Move an alert into or out of review, assign it, and/or comment on it. */
export async function updateAlert(store: Store, id: number, update: AlertUpdate, actor: string): Promise<AlertDetail> {
  const comment = checkText('comment', update.comment, false);
  if (update.assignee !== undefined && update.assignee !== null) checkText('assignee', update.assignee, true);
  return change(store, id, actor, async (row, trx, at) => {
    const events: { kind: string; to?: AlertStatus; text?: string; details?: Record<string, unknown> }[] = [];
    const set: { status?: string; assignee?: string | null; updated_at?: string } = {};
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
      set.updated_at = at;
      await trx.updateTable('alerts').set(set).where('id', '=', id).execute();
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
  return change(store, id, actor, async (row, trx, at) => {
    if (row.status === decision) throw new CaseError('conflict', `alert ${id} is already ${decision}`);
    await trx
      .updateTable('alerts')
      .set({ status: decision, rationale: text, decided_by: actor, decided_at: at, updated_at: at, suppressed: 0 })
      .where('id', '=', id)
      .execute();
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
  return store.db.transaction().execute(async (trx) => {
    const at = new Date().toISOString();
    const subject = await trx.selectFrom('subjects').select(['id', 'ref', 'version', 'hash', 'kind', 'schema']).where('id', '=', finding.subjectId).executeTakeFirst();
    if (!subject) throw new CaseError('not_found', `no subject with id ${finding.subjectId}`);
    // Take the write lock before reading (SQLite).
    await trx.updateTable('subjects').set({ id: subject.id }).where('id', '=', subject.id).execute();
    const existing = await trx.selectFrom('alerts').selectAll().where('subject_id', '=', subject.id).where('entity_id', '=', finding.key).executeTakeFirst();
    const state: EntityState = { hash: finding.fingerprint, wallets: {} };
    const hit: AlertHit = {
      entityId: finding.key,
      caption: finding.caption,
      schema: finding.schema,
      datasets: finding.datasets,
      score: finding.score,
      explanation: finding.explanation,
      entityState: JSON.stringify(state),
    };
    const w: AlertWrite = { actor, at, screeningId: 0 };
    const audit = async (action: string, alert: number, details: Record<string, unknown>) =>
      appendAuditIn(trx, [{ actor, action, subject: `alert:${alert}`, details: { subject: subject.ref, finding: finding.key, score: finding.score, ...details } }], store.kind);
    const next = nextAlertState(existing && storedAlertState(existing), { subjectHash: subject.hash, entityState: state }, FINDING_RULES);
    if (next.write === 'open') {
      const id = await insertOpenAlert(trx, subject, hit, w, { summary: finding.explanation.summary });
      await audit('alert.open', id, {});
      await enqueueEvent(trx, { id: `alert.opened:${id}:0`, type: 'alert.opened', at, data: alertPayload({ id, status: 'open', reopened: 0 }, subject, hit) });
      return { alert: id, outcome: next.outcome };
    }
    // Only a new alert has none on record.
    const alert = existing!;
    if (next.write === 'suppress') await countSuppressed(trx, alert, w);
    if (next.write === 'reopen') {
      const changes = { previous: (JSON.parse(alert.explanation) as { summary?: string }).summary, now: finding.explanation.summary };
      const reopened = await reopenAlert(trx, alert, subject, hit, w, { changes });
      await audit('alert.reopen', alert.id, { changes });
      await enqueueEvent(trx, { id: `alert.reopened:${alert.id}:${reopened}`, type: 'alert.reopened', at, data: alertPayload({ id: alert.id, status: 'open', reopened }, subject, hit) });
    }
    if (next.write === 'refresh') await refreshAlert(trx, alert, subject, hit, w, next.event === 'changed' ? { summary: finding.explanation.summary } : undefined);
    return { alert: alert.id, outcome: next.outcome };
  });
}
