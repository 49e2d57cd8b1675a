/**
 * The alerts' repository: `alerts`, one row per (subject, listed party or finding), and their
 * history in `alert_events`. Rows are decoded and checked here: `datasets` (a JSON array of names),
 * `explanation` (a JSON object), `entity_state` (the listed party's content hash and its wallets'
 * hashes) and an event's `details` (a JSON object). The lifecycle rules that decide what to write
 * live with the cases (src/cases/alerts.ts, alert-state.ts, alert-writes.ts).
 */
import type { SelectQueryBuilder, Selectable } from 'kysely';
import type { AlertEventsTable, AlertsTable, Database } from '../tables.js';
import { isJsonObject } from './json.js';
import type { Queryable } from './queryable.js';

/** The listed party's state (or a finding's fingerprint) an alert was last written with. */
export interface AlertEntityState {
  hash: string;
  /** Wallet entity id -> content hash. */
  wallets: Record<string, string>;
}

/** What an alert holds of its latest hit (written when it opens and each time it is brought up to date). */
export interface AlertContent {
  score: number;
  /** The hit's explanation (stored as JSON), its `summary` what alert lists show. */
  explanation: object;
  subjectVersion: number;
  subjectHash: string;
  entityState: AlertEntityState;
  entityCaption: string;
  datasets: string[];
  lastScreeningId: number;
}

/** An alert's review and decision. */
export interface AlertReview {
  status: string;
  assignee: string | null;
  rationale: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  updatedAt: string;
  reopened: number;
  suppressed: number;
}

export interface NewAlert extends AlertContent, AlertReview {
  subjectId: number;
  entityId: string;
  entitySchema: string;
  openedAt: string;
}

/** An alert as stored, decoded. */
export interface StoredAlert extends NewAlert {
  id: number;
  explanation: Record<string, unknown>;
}

/** An alert with the subject it is about. */
export interface StoredAlertOfSubject extends StoredAlert {
  subjectRef: string;
  subjectKind: string;
}

/** The columns an update may change; what is absent stays as it is. */
export type AlertPatch = Partial<AlertContent & AlertReview>;

export interface NewAlertEvent {
  alertId: number;
  at: string;
  actor: string;
  kind: string;
  fromStatus: string | null;
  toStatus: string | null;
  text: string | null;
  details: Record<string, unknown>;
}

export interface StoredAlertEvent extends NewAlertEvent {
  id: number;
}

export interface AlertListFilter {
  status?: readonly string[];
  assignee?: string;
  subject?: number;
  entity?: string;
  /** The subject's kind (customer, candidate...). */
  subjectKind?: string;
  /** A score band: at least `minScore`, at most `maxScore`. */
  minScore?: number;
  maxScore?: number;
  /** Opened at or before this time (ISO): alerts at least this old. */
  openedBefore?: string;
  /** The listed party is on this dataset. */
  dataset?: string;
  /** Alerts with an id greater than this (paging in id order). */
  after?: number;
  /** Order (default: by id, ascending); ties go by id. */
  sort?: AlertSort;
  /** Alerts skipped before the first returned (paging in any order). */
  offset?: number;
  /**
   * Alerts whose latest event among `opening` and `closing` kinds is of an `opening` kind (e.g. a
   * reversal request not yet approved, rejected or withdrawn; the kinds are the cases' to say).
   */
  awaiting?: { opening: readonly string[]; closing: readonly string[] };
  limit: number;
}

export interface AlertSort {
  by: 'id' | 'score' | 'opened';
  descending: boolean;
}

const SORT_COLUMNS = { id: 'alerts.id', score: 'alerts.score', opened: 'alerts.opened_at' } as const;
const PAGE_SORT_COLUMNS = { id: 'page.id', score: 'page.score', opened: 'page.opened_at' } as const;

/** Subject ids per statement, under SQLite's and PostgreSQL's parameter limits. */
const IN_BATCH = 500;

/** `what` names the value and its row, with its verb: `alert 7: its stored datasets are`. */
function parseJson(text: string, what: () => string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${what()} not JSON`);
  }
}

function decodeObject(text: string, what: () => string): Record<string, unknown> {
  const value = parseJson(text, what);
  if (!isJsonObject(value)) throw new Error(`${what()} not a JSON object`);
  return value;
}

function decodeDatasets(row: Selectable<AlertsTable>): string[] {
  const what = () => `alert ${row.id}: its stored datasets are`;
  const value = parseJson(row.datasets, what);
  if (!Array.isArray(value) || !value.every((d) => typeof d === 'string')) throw new Error(`${what()} not a JSON array of names`);
  return value;
}

function decodeEntityState(row: Selectable<AlertsTable>): AlertEntityState {
  const what = () => `alert ${row.id}: its stored entity state is`;
  const value = parseJson(row.entity_state, what);
  if (!isJsonObject(value) || typeof value.hash !== 'string' || !isJsonObject(value.wallets) || !Object.values(value.wallets).every((h) => typeof h === 'string')) {
    throw new Error(`${what()} not a JSON object with a hash and the wallets' hashes`);
  }
  return { hash: value.hash, wallets: value.wallets as Record<string, string> };
}

function decodeAlert(row: Selectable<AlertsTable>): StoredAlert {
  return {
    id: row.id,
    subjectId: row.subject_id,
    entityId: row.entity_id,
    entitySchema: row.entity_schema,
    openedAt: row.opened_at,
    score: row.score,
    explanation: decodeObject(row.explanation, () => `alert ${row.id}: its stored explanation is`),
    subjectVersion: row.subject_version,
    subjectHash: row.subject_hash,
    entityState: decodeEntityState(row),
    entityCaption: row.entity_caption,
    datasets: decodeDatasets(row),
    lastScreeningId: row.last_screening_id,
    status: row.status,
    assignee: row.assignee,
    rationale: row.rationale,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    updatedAt: row.updated_at,
    reopened: row.reopened,
    suppressed: row.suppressed,
  };
}

function decodeEvent(row: Selectable<AlertEventsTable>): StoredAlertEvent {
  return {
    id: row.id,
    alertId: row.alert_id,
    at: row.at,
    actor: row.actor,
    kind: row.kind,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    text: row.text,
    details: decodeObject(row.details, () => `alert event ${row.id}: its stored details are`),
  };
}

/** The columns of a patch (JSON encoded where stored as JSON); absent fields are left out. */
function columns(patch: AlertPatch) {
  const set: Partial<Omit<Selectable<AlertsTable>, 'id'>> = {};
  if (patch.score !== undefined) set.score = patch.score;
  if (patch.explanation !== undefined) set.explanation = JSON.stringify(patch.explanation);
  if (patch.subjectVersion !== undefined) set.subject_version = patch.subjectVersion;
  if (patch.subjectHash !== undefined) set.subject_hash = patch.subjectHash;
  if (patch.entityState !== undefined) set.entity_state = JSON.stringify(patch.entityState);
  if (patch.entityCaption !== undefined) set.entity_caption = patch.entityCaption;
  if (patch.datasets !== undefined) set.datasets = JSON.stringify(patch.datasets);
  if (patch.lastScreeningId !== undefined) set.last_screening_id = patch.lastScreeningId;
  if (patch.status !== undefined) set.status = patch.status;
  if (patch.assignee !== undefined) set.assignee = patch.assignee;
  if (patch.rationale !== undefined) set.rationale = patch.rationale;
  if (patch.decidedBy !== undefined) set.decided_by = patch.decidedBy;
  if (patch.decidedAt !== undefined) set.decided_at = patch.decidedAt;
  if (patch.updatedAt !== undefined) set.updated_at = patch.updatedAt;
  if (patch.reopened !== undefined) set.reopened = patch.reopened;
  if (patch.suppressed !== undefined) set.suppressed = patch.suppressed;
  return set;
}

export class AlertRepository {
  constructor(private readonly db: Queryable) {}

  private withSubject() {
    return this.db
      .selectFrom('alerts')
      .innerJoin('subjects', 'subjects.id', 'alerts.subject_id')
      .selectAll('alerts')
      .select(['subjects.ref as subject_ref', 'subjects.kind as subject_kind']);
  }

  /** Alerts with their subjects, by id, as the filter says. */
  async list(filter: AlertListFilter): Promise<StoredAlertOfSubject[]> {
    const sort = filter.sort ?? { by: 'id', descending: false };
    const direction = sort.descending ? 'desc' : 'asc';
    // The page is chosen among the alerts alone (from an index, however deep the offset), then
    // joined with its subjects: joining first would read a subject for every alert skipped.
    let page = this.filtered(this.db.selectFrom('alerts').selectAll('alerts'), filter);
    if (sort.by !== 'id') page = page.orderBy(SORT_COLUMNS[sort.by], direction);
    page = page.orderBy('alerts.id', direction).limit(filter.limit);
    if (filter.offset) page = page.offset(filter.offset);
    let q = this.db
      .selectFrom(page.as('page'))
      .innerJoin('subjects', 'subjects.id', 'page.subject_id')
      .selectAll('page')
      .select(['subjects.ref as subject_ref', 'subjects.kind as subject_kind']);
    if (sort.by !== 'id') q = q.orderBy(PAGE_SORT_COLUMNS[sort.by], direction);
    q = q.orderBy('page.id', direction);
    return (await q.execute()).map((row) => ({ ...decodeAlert(row), subjectRef: row.subject_ref, subjectKind: row.subject_kind }));
  }

  /** How many alerts the filter selects (paging aside). */
  async countMatching(filter: Omit<AlertListFilter, 'limit' | 'offset' | 'after' | 'sort'>): Promise<number> {
    const row = await this.filtered(this.db.selectFrom('alerts'), filter)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** The filter's conditions on a query over alerts. */
  private filtered<O>(query: SelectQueryBuilder<Database, 'alerts', O>, filter: Omit<AlertListFilter, 'limit' | 'offset' | 'sort'>): SelectQueryBuilder<Database, 'alerts', O> {
    let q = query;
    if (filter.status?.length) q = q.where('alerts.status', 'in', filter.status);
    if (filter.assignee) q = q.where('alerts.assignee', '=', filter.assignee);
    if (filter.subject !== undefined) q = q.where('alerts.subject_id', '=', filter.subject);
    if (filter.entity) q = q.where('alerts.entity_id', '=', filter.entity);
    const kind = filter.subjectKind;
    if (kind) q = q.where('alerts.subject_id', 'in', (eb) => eb.selectFrom('subjects').select('subjects.id').where('subjects.kind', '=', kind));
    if (filter.minScore !== undefined) q = q.where('alerts.score', '>=', filter.minScore);
    if (filter.maxScore !== undefined) q = q.where('alerts.score', '<=', filter.maxScore);
    if (filter.openedBefore) q = q.where('alerts.opened_at', '<=', filter.openedBefore);
    // datasets is a JSON array of names: the name in quotes, as JSON writes it. (Dataset names are
    // letters, digits and "_", which LIKE reads as any one character: no other dataset name matches.)
    if (filter.dataset) q = q.where('alerts.datasets', 'like', `%${JSON.stringify(filter.dataset)}%`);
    if (filter.after !== undefined) q = q.where('alerts.id', '>', filter.after);
    const awaiting = filter.awaiting;
    if (awaiting) {
      q = q.where((eb) => {
        const latest = (kinds: readonly string[]) =>
          eb
            .selectFrom('alert_events')
            .select((sub) => sub.fn.max('alert_events.id').as('latest'))
            .whereRef('alert_events.alert_id', '=', 'alerts.id')
            .where('alert_events.kind', 'in', kinds);
        return eb(latest(awaiting.opening), '>', eb.fn.coalesce(latest(awaiting.closing), eb.lit(0)));
      });
    }
    return q;
  }

  /** One alert with its subject. */
  async withSubjectById(id: number): Promise<StoredAlertOfSubject | undefined> {
    const row = await this.withSubject().where('alerts.id', '=', id).executeTakeFirst();
    return row ? { ...decodeAlert(row), subjectRef: row.subject_ref, subjectKind: row.subject_kind } : undefined;
  }

  /** Alert counts by status (statuses with none are absent). */
  async countsByStatus(): Promise<Map<string, number>> {
    const rows = await this.db.selectFrom('alerts').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
    return new Map(rows.map((r) => [r.status, Number(r.n)]));
  }

  async byId(id: number): Promise<StoredAlert | undefined> {
    const row = await this.db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? decodeAlert(row) : undefined;
  }

  /**
   * Take the write lock on an alert's row before reading it, inside a unit of work: a write that
   * changes nothing, so that (on SQLite) two writers cannot both act on the same state.
   */
  async lock(id: number): Promise<void> {
    await this.db.updateTable('alerts').set({ id }).where('id', '=', id).execute();
  }

  /** The alert a subject has for a listed party (or a finding's key). */
  async ofSubjectAndEntity(subjectId: number, entityId: string): Promise<StoredAlert | undefined> {
    const row = await this.db.selectFrom('alerts').selectAll().where('subject_id', '=', subjectId).where('entity_id', '=', entityId).executeTakeFirst();
    return row ? decodeAlert(row) : undefined;
  }

  /** Every alert of the subjects. */
  async ofSubjects(subjectIds: readonly number[]): Promise<StoredAlert[]> {
    const out: StoredAlert[] = [];
    for (let i = 0; i < subjectIds.length; i += IN_BATCH) {
      const rows = await this.db.selectFrom('alerts').selectAll().where('subject_id', 'in', subjectIds.slice(i, i + IN_BATCH)).execute();
      for (const row of rows) out.push(decodeAlert(row));
    }
    return out;
  }

  /** A new alert; its id. */
  async insert(alert: NewAlert): Promise<number> {
    const row = await this.db
      .insertInto('alerts')
      .values({
        subject_id: alert.subjectId,
        entity_id: alert.entityId,
        entity_caption: alert.entityCaption,
        entity_schema: alert.entitySchema,
        datasets: JSON.stringify(alert.datasets),
        status: alert.status,
        score: alert.score,
        explanation: JSON.stringify(alert.explanation),
        subject_version: alert.subjectVersion,
        subject_hash: alert.subjectHash,
        entity_state: JSON.stringify(alert.entityState),
        assignee: alert.assignee,
        rationale: alert.rationale,
        decided_by: alert.decidedBy,
        decided_at: alert.decidedAt,
        opened_at: alert.openedAt,
        updated_at: alert.updatedAt,
        last_screening_id: alert.lastScreeningId,
        reopened: alert.reopened,
        suppressed: alert.suppressed,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Change an alert's columns (those the patch gives). */
  async update(id: number, patch: AlertPatch): Promise<void> {
    const set = columns(patch);
    if (Object.keys(set).length === 0) return;
    await this.db.updateTable('alerts').set(set).where('id', '=', id).execute();
  }

  /** An event in an alert's history; its id. */
  async addEvent(event: NewAlertEvent): Promise<number> {
    const row = await this.db
      .insertInto('alert_events')
      .values({
        alert_id: event.alertId,
        at: event.at,
        actor: event.actor,
        kind: event.kind,
        from_status: event.fromStatus,
        to_status: event.toStatus,
        text: event.text,
        details: JSON.stringify(event.details),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** An alert's history, oldest first. */
  async events(alertId: number): Promise<StoredAlertEvent[]> {
    return (await this.db.selectFrom('alert_events').selectAll().where('alert_id', '=', alertId).orderBy('id').execute()).map(decodeEvent);
  }
}
