/**
 * Screening monitored subjects and turning the results into alerts.
 *
 * Every screening is recorded (`screenings`): the subject version, the list versions in force, the
 * threshold and the results, each result with what became of it. A result at or above the
 * threshold is an alert per (subject, listed party), decided by the rule in alert-state.ts
 * (LIST_HIT_RULES):
 *   - none yet: a new alert opens;
 *   - open, in review or escalated: the alert is brought up to date;
 *   - confirmed: stays confirmed and is reported on every screening (never suppressed);
 *   - false positive: suppressed while the subject and the listed party (with its wallets) are
 *     as they were when it was decided; when either changed, it reopens with what changed.
 * A chunk of subjects is one transaction: screenings, alerts, alert events, webhook events,
 * audit records and the subjects' screened versions land together or not at all, so a crash can
 * neither lose an alert nor, on a rerun, duplicate one.
 */
import { entityChanges, type PropertyChange } from '../lists/diff.js';
import { DEFAULT_THRESHOLD, screen, type MatchQuery, type ScreenResult } from '../match/index.js';
import type { PropertyName } from '../model/index.js';
import type { Store, StoredAlert, StoredScreeningResult, Tx } from '../store/index.js';
import { LIST_HIT_RULES, nextAlertState, type AlertOutcome } from './alert-state.js';
import { alertPayload, countSuppressed, insertOpenAlert, refreshAlert, reopenAlert, type AlertHit, type AlertWrite } from './alert-writes.js';
import type { AuditEvent } from './audit.js';
import type { EntityState, ListSnapshot } from './snapshot.js';
import { subjectToQuery } from './subject-input.js';
import type { Subject } from './subjects.js';
import { enqueueEvent, type WebhookEvent } from './webhooks.js';

/** What a result did to its alert. */
export type ResultOutcome = 'opened' | 'updated' | 'reopened' | 'suppressed' | 'confirmed' | 'below-threshold';

/**
 * A list hit's outcome as results and tallies report it. Under LIST_HIT_RULES an alert seen again
 * is always brought up to date (`updated`), so the rule never answers `unchanged` here.
 */
function listOutcome(outcome: AlertOutcome): Exclude<ResultOutcome, 'below-threshold'> {
  if (outcome === 'unchanged') throw new Error('a list hit left its alert unchanged, which LIST_HIT_RULES never does');
  return outcome;
}

/** One result of a screening as stored (StoredScreeningResult), its outcome one Vigil writes. */
export interface ScreeningResultRecord extends Omit<StoredScreeningResult, 'outcome'> {
  outcome: ResultOutcome;
}

export interface ScreeningRecord {
  id: number;
  subjectId: number;
  subjectRef: string;
  subjectVersion: number;
  listVersions: Record<string, number>;
  threshold: number;
  trigger: string;
  results: ScreeningResultRecord[];
  at: string;
}

export interface ScreeningContext {
  snapshot: ListSnapshot;
  actor: string;
  /** Why: `api`, `cli`, `import`, `monitor:list-change`, `monitor:subject-change`, `monitor:full`. */
  trigger: string;
  threshold?: number;
  /** The monitoring run this screening belongs to. */
  runId?: number;
  /** Called inside each chunk's unit of work (the monitor records its progress there). */
  inTransaction?: (tx: Tx, screened: number) => Promise<void>;
}

export interface ScreeningTally {
  screened: number;
  opened: number;
  reopened: number;
  suppressed: number;
  confirmed: number;
  updated: number;
}

export function emptyTally(): ScreeningTally {
  return { screened: 0, opened: 0, reopened: 0, suppressed: 0, confirmed: 0, updated: 0 };
}

/** Results kept per screening record (matches and the nearest misses). */
export const RESULTS_KEPT = 10;

export interface AlertChanges {
  subject: PropertyChange[];
  entity: PropertyChange[];
}

/** What changed in a subject between two stored versions' properties. */
function subjectChanges(before: Record<string, string[]> | undefined, after: Record<string, string[]>): PropertyChange[] {
  const out: PropertyChange[] = [];
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  for (const key of [...keys].sort()) {
    const b = new Set(before?.[key] ?? []);
    const a = new Set(after[key] ?? []);
    const added = [...a].filter((v) => !b.has(v));
    const removed = [...b].filter((v) => !a.has(v));
    if (added.length || removed.length) out.push({ property: key as PropertyName, added, removed });
  }
  return out;
}

async function entityChangesSince(
  tx: Tx,
  snapshot: ListSnapshot,
  entityId: string,
  before: EntityState,
): Promise<PropertyChange[]> {
  const changes: PropertyChange[] = [];
  const now = snapshot.entities.get(entityId);
  if (now && before.hash !== snapshot.hashes.get(entityId)) {
    const previous = await tx.entities.byHash(before.hash);
    if (previous) changes.push(...entityChanges(previous, now));
    else changes.push({ property: 'caption', added: [now.caption], removed: [] });
  }
  const after = snapshot.stateOf(entityId).wallets;
  const walletText = (id: string) => {
    const w = snapshot.entities.get(id);
    return w ? `${w.properties.currency?.[0] ?? '?'} ${w.properties.publicKey?.[0] ?? w.caption}` : id;
  };
  const added = Object.keys(after).filter((id) => before.wallets[id] === undefined).map(walletText);
  const removed = Object.keys(before.wallets).filter((id) => after[id] === undefined);
  const changed = Object.keys(after).filter((id) => before.wallets[id] !== undefined && before.wallets[id] !== after[id]).map(walletText);
  if (added.length || removed.length) changes.push({ property: 'wallets', added, removed });
  if (changed.length) changes.push({ property: 'wallets', added: changed.map((w) => `${w} (changed)`), removed: [] });
  return changes;
}

/** The query a subject is screened with. */
function subjectQuery(subject: Pick<Subject, 'schema' | 'properties'>): MatchQuery {
  return subjectToQuery({ ref: '', kind: 'customer', schema: subject.schema, properties: subject.properties });
}

/** Screen one subject against the lists in force (pure). */
export function screenSubject(subject: Pick<Subject, 'schema' | 'properties'>, snapshot: ListSnapshot, threshold = DEFAULT_THRESHOLD): ScreenResult[] {
  return screen(subjectQuery(subject), { index: snapshot.index, threshold, limit: RESULTS_KEPT });
}

/**
 * Screen subjects and record everything in one transaction per call (callers pass chunks of a
 * few hundred). Deleted subjects are skipped.
 */
export async function screenSubjects(store: Store, subjects: Subject[], ctx: ScreeningContext): Promise<{ records: ScreeningRecord[]; tally: ScreeningTally }> {
  const threshold = ctx.threshold ?? DEFAULT_THRESHOLD;
  const live = subjects.filter((s) => s.deletedAt === null);
  // Screened off the event loop when the snapshot can (the server's worker threads), as `screenSubject` would.
  const found = await ctx.snapshot.screenMany(live.map(subjectQuery), { threshold, limit: RESULTS_KEPT });
  const screened = live.map((subject, k) => ({ subject, results: found[k]! }));
  const listVersions = ctx.snapshot.versionIds();
  const tally = emptyTally();

  const records = await store.transaction(async (tx) => {
    const at = new Date().toISOString();
    // The first write takes SQLite's write lock, so alerts read below cannot change under us.
    if (ctx.inTransaction) await ctx.inTransaction(tx, live.length);
    const alerts = new Map<string, StoredAlert>();
    for (const a of await tx.alerts.ofSubjects(live.map((s) => s.id))) alerts.set(`${a.subjectId} ${a.entityId}`, a);
    const audit: AuditEvent[] = [];
    const events: WebhookEvent[] = [];
    const out: ScreeningRecord[] = [];
    const allRecords = screened.map(({ results }) =>
      results.map(
        (r): ScreeningResultRecord => ({
          id: r.id,
          caption: r.caption,
          schema: r.schema,
          datasets: r.datasets,
          score: r.score,
          match: r.match,
          summary: r.explanation.summary,
          alert: null,
          outcome: 'below-threshold',
        }),
      ),
    );
    // The screening records, a few hundred rows per statement. Ids are handed back per subject in
    // ascending order, so each subject gets the id a row-by-row insert would have given it.
    const screeningIds = new Map<number, number[]>();
    const inserted = await tx.screenings.insert(
      screened.map(({ subject, results }, k) => ({
        subjectId: subject.id,
        subjectVersion: subject.version,
        subjectHash: subject.hash,
        runId: ctx.runId ?? null,
        trigger: ctx.trigger,
        actor: ctx.actor,
        listVersions,
        threshold,
        results: allRecords[k]!,
        matches: results.filter((r) => r.match).length,
        at,
      })),
    );
    for (const r of inserted) {
      const list = screeningIds.get(r.subjectId);
      if (list) list.push(r.id);
      else screeningIds.set(r.subjectId, [r.id]);
    }
    for (const list of screeningIds.values()) list.sort((a, b) => a - b);
    const screenedVersions = new Map<number, number[]>();
    for (const [n, { subject, results }] of screened.entries()) {
      const resultRecords = allRecords[n]!;
      const screeningId = screeningIds.get(subject.id)!.shift()!;
      tally.screened++;
      let touched = false;
      for (let k = 0; k < results.length; k++) {
        const r = results[k]!;
        if (!r.match) continue;
        const record = resultRecords[k]!;
        const state = ctx.snapshot.stateOf(r.id);
        const existing = alerts.get(`${subject.id} ${r.id}`);
        touched = true;
        const hit: AlertHit = { entityId: r.id, caption: r.caption, schema: r.schema, datasets: r.datasets, score: r.score, explanation: r.explanation, entityState: state };
        const w: AlertWrite = { actor: ctx.actor, at, screeningId };
        const next = nextAlertState(existing, { subjectHash: subject.hash, entityState: state }, LIST_HIT_RULES);
        const outcome = listOutcome(next.outcome);
        record.outcome = outcome;
        tally[outcome]++;
        if (next.write === 'open') {
          const id = await insertOpenAlert(tx.alerts, subject, hit, w, { screening: screeningId, score: r.score });
          record.alert = id;
          audit.push({ actor: ctx.actor, action: 'alert.open', subject: `alert:${id}`, details: { subject: subject.ref, entity: r.id, score: r.score, screening: screeningId } });
          events.push({ id: `alert.opened:${id}:0`, type: 'alert.opened', at, data: alertPayload({ id, status: 'open', reopened: 0 }, subject, hit) });
          continue;
        }
        // Only a new alert has none on record.
        const alert = existing!;
        const before = alert.entityState;
        record.alert = alert.id;
        if (next.write === 'suppress') {
          await countSuppressed(tx.alerts, alert, w);
          continue;
        }
        const changes: AlertChanges | undefined = next.changed && {
          subject: next.changed.subject ? subjectChanges((await tx.subjects.version(subject.id, alert.subjectVersion))?.properties, subject.properties) : [],
          entity: next.changed.entity ? await entityChangesSince(tx, ctx.snapshot, r.id, before) : [],
        };
        if (next.write === 'reopen') {
          const reopened = await reopenAlert(tx.alerts, alert, subject, hit, w, { screening: screeningId, score: r.score, changes });
          audit.push({
            actor: ctx.actor,
            action: 'alert.reopen',
            subject: `alert:${alert.id}`,
            details: { subject: subject.ref, entity: r.id, score: r.score, screening: screeningId, changes },
          });
          events.push({ id: `alert.reopened:${alert.id}:${reopened}`, type: 'alert.reopened', at, data: alertPayload({ id: alert.id, status: 'open', reopened }, subject, hit, changes) });
          continue;
        }
        // Open, in review, escalated or confirmed: brought up to date, never suppressed.
        if (next.write === 'refresh') await refreshAlert(tx.alerts, alert, subject, hit, w, next.event === 'changed' ? { screening: screeningId, score: r.score, changes } : undefined);
      }
      if (touched) await tx.screenings.setResults(screeningId, resultRecords);
      const sameVersion = screenedVersions.get(subject.version);
      if (sameVersion) sameVersion.push(subject.id);
      else screenedVersions.set(subject.version, [subject.id]);
      audit.push({
        actor: ctx.actor,
        action: 'subject.screen',
        subject: `subject:${subject.ref}`,
        details: {
          screening: screeningId,
          version: subject.version,
          lists: listVersions,
          threshold,
          trigger: ctx.trigger,
          ...(ctx.runId !== undefined ? { run: ctx.runId } : {}),
          matches: resultRecords.filter((r) => r.match).map((r) => ({ entity: r.id, score: r.score, alert: r.alert, outcome: r.outcome })),
        },
      });
      out.push({
        id: screeningId,
        subjectId: subject.id,
        subjectRef: subject.ref,
        subjectVersion: subject.version,
        listVersions,
        threshold,
        trigger: ctx.trigger,
        results: resultRecords,
        at,
      });
    }
    // Each subject's screened version, unless it was edited meanwhile (then it stays pending).
    for (const [version, subjectIds] of screenedVersions) await tx.subjects.markScreened(subjectIds, version, at);
    // The webhook outbox is written through the transaction itself (src/cases/webhooks.ts).
    for (const event of events) await enqueueEvent(tx, event);
    await tx.audit.append(audit);
    return out;
  });
  return { records, tally };
}
