/**
 * Continuous monitoring. A run brings every monitored subject up to date with the list versions in
 * force, at a cost that grows with what changed rather than with the size of the book:
 *
 *   1. the listed parties added or changed since the versions last monitored (a wallet counts for
 *      its holder) are looked up in the subject index (reverse screening, see match/reverse.ts):
 *      every subject the candidate index could gather such a party for, by the index's own rule
 *      applied to the subject's whole key set, and scoring near the threshold against it, is kept.
 *      (Reverse screening used to keep only subjects sharing a word few subjects hold, or two words
 *      of a name; a word rare on the list but common in the book gathers alone in the index, so
 *      "Hassan Issa" -> KASSIR Issa Hussein, 0.80, was an alert only a full rescreen opened.)
 *   2. subjects added or edited since their last screening are taken as they are;
 *   3. those subjects are screened against the full lists in force, in chunks of one transaction
 *      each (screenings, alerts, webhook events, audit records and the run's progress together).
 *
 * A run is recorded in `monitor_runs` with a heartbeat. If a run dies, the next one takes it over
 * once its heartbeat is stale, skips the subjects it already screened and does the rest: no alert
 * is lost, and since an alert is one row per (subject, listed party) and webhook events have fixed
 * ids, none is duplicated. `full` rescreens every subject instead (e.g. after a threshold change).
 */
import { DEFAULT_THRESHOLD, prepareEntity, prepareQuery } from '../match/index.js';
import { comparePrepared } from '../match/score.js';
import { mayGather, partyKeys, partyLookup, subjectMass, type PartyKeys, type SubjectMass } from '../match/reverse.js';
import { compatibleSchemata } from '../match/prepare.js';
import { sql, type Selectable } from 'kysely';
import type { MonitorRunsTable, Store } from '../store/index.js';
import { appendAuditIn } from './audit.js';
import { CaseError } from './errors.js';
import { screenSubjects, type ScreeningTally } from './screening.js';
import type { ListSnapshot } from './snapshot.js';
import { subjectToQuery } from './subject-input.js';
import { subjectsById } from './subjects.js';
import { enqueueEvent } from './webhooks.js';

export interface MonitorOptions {
  actor: string;
  /** Rescreen every monitored subject, not only what changed. */
  full?: boolean;
  threshold?: number;
  /** Subjects per transaction (default 500). */
  chunkSize?: number;
  /** A running run whose heartbeat is older than this is taken over (default 60 s). */
  staleAfterMs?: number;
  onProgress?: (done: number, total: number) => void;
  /** Stop at the next chunk boundary (the run stays resumable). */
  signal?: AbortSignal;
}

export interface MonitorStats extends ScreeningTally {
  /** Listed parties added or changed since the versions last monitored. */
  changedParties: number;
  /** Subjects the candidate index may gather a changed party for (reverse screening). */
  reverseCandidates: number;
  /** Of those, the ones scoring near the threshold against a changed party: screened in full. */
  closeCandidates: number;
  /** Subjects added or edited since their last screening. */
  pendingSubjects: number;
  /** Subjects already screened by this run before it was taken over. */
  resumedSkipped: number;
  ms: number;
}

export interface MonitorRun {
  id: number;
  status: 'running' | 'done' | 'failed' | 'abandoned';
  trigger: string;
  actor: string;
  fromVersions: Record<string, number>;
  toVersions: Record<string, number>;
  subjectsTotal: number;
  subjectsDone: number;
  stats: Partial<MonitorStats>;
  error: string | null;
  startedAt: string;
  heartbeatAt: string;
  finishedAt: string | null;
}

type RunRow = Selectable<MonitorRunsTable>;

function toRun(row: RunRow): MonitorRun {
  return {
    id: row.id,
    status: row.status as MonitorRun['status'],
    trigger: row.trigger,
    actor: row.actor,
    fromVersions: JSON.parse(row.from_versions) as Record<string, number>,
    toVersions: JSON.parse(row.to_versions) as Record<string, number>,
    subjectsTotal: row.subjects_total,
    subjectsDone: row.subjects_done,
    stats: JSON.parse(row.stats) as Partial<MonitorStats>,
    error: row.error,
    startedAt: row.started_at,
    heartbeatAt: row.heartbeat_at,
    finishedAt: row.finished_at,
  };
}

export async function listMonitorRuns(store: Store, limit = 20): Promise<MonitorRun[]> {
  const rows = await store.db.selectFrom('monitor_runs').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toRun);
}

/** Dataset -> version id whose changes every subject has been screened against. */
export async function monitoredVersions(store: Store): Promise<Record<string, number>> {
  const rows = await store.db.selectFrom('monitor_state').selectAll().execute();
  return Object.fromEntries(rows.map((r) => [r.dataset, r.version_id]));
}

const sameVersions = (a: Record<string, number>, b: Record<string, number>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

/** Take over an abandoned run, or start one; undefined when another live run holds the monitor. */
async function claimRun(store: Store, snapshot: ListSnapshot, options: MonitorOptions): Promise<{ run: MonitorRun; resumed: boolean }> {
  const staleAfter = options.staleAfterMs ?? 60_000;
  const to = snapshot.versionIds();
  return store.db.transaction().execute(async (trx) => {
    if (store.kind === 'postgres') await sql`lock table monitor_runs in exclusive mode`.execute(trx);
    else await trx.updateTable('monitor_runs').set({ id: sql`id` }).where('id', '<', 0).execute();
    const now = new Date();
    const running = await trx.selectFrom('monitor_runs').selectAll().where('status', '=', 'running').orderBy('id').execute();
    for (const row of running) {
      const age = now.getTime() - Date.parse(row.heartbeat_at);
      if (age < staleAfter) {
        throw new CaseError(409, `monitor run ${row.id} is in progress (last heartbeat ${Math.round(age / 1000)} s ago); try again when it is done`);
      }
      if (sameVersions(JSON.parse(row.to_versions) as Record<string, number>, to) && !options.full === (row.trigger !== 'full')) {
        await trx.updateTable('monitor_runs').set({ heartbeat_at: now.toISOString(), actor: options.actor }).where('id', '=', row.id).execute();
        return { run: toRun({ ...row, heartbeat_at: now.toISOString() }), resumed: true };
      }
      // The lists moved on since it started: start over from where the monitor last finished.
      await trx.updateTable('monitor_runs').set({ status: 'abandoned', finished_at: now.toISOString() }).where('id', '=', row.id).execute();
    }
    const from = Object.fromEntries((await trx.selectFrom('monitor_state').selectAll().execute()).map((r) => [r.dataset, r.version_id]));
    const at = now.toISOString();
    const row = await trx
      .insertInto('monitor_runs')
      .values({
        status: 'running',
        trigger: options.full ? 'full' : 'changes',
        actor: options.actor,
        from_versions: JSON.stringify(from),
        to_versions: JSON.stringify(to),
        subjects_total: 0,
        subjects_done: 0,
        stats: '{}',
        error: null,
        started_at: at,
        heartbeat_at: at,
        finished_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { run: toRun(row), resumed: false };
  });
}

/** Ids of listed parties added or changed between two versions of each dataset (wallets count for their holders). */
async function changedParties(store: Store, snapshot: ListSnapshot, from: Record<string, number>, to: Record<string, number>): Promise<Set<string>> {
  const parties = new Set<string>();
  for (const [dataset, toId] of Object.entries(to)) {
    const fromId = from[dataset];
    if (fromId === toId) continue;
    const after = await store.versionHashes(toId);
    const before = fromId === undefined ? new Map<string, string>() : await store.versionHashes(fromId);
    for (const [id, hash] of after) {
      if (before.get(id) === hash) continue;
      const entity = snapshot.entities.get(id);
      const holder = entity?.schema === 'CryptoWallet' ? entity.properties.holder?.[0] : id;
      if (holder !== undefined && snapshot.index.partyIndex(holder) !== undefined) parties.add(holder);
    }
  }
  return parties;
}

/**
 * Subjects the changed parties may match, found through the subject index: every subject holding
 * one of a party's identifiers, and every subject the candidate index could gather the party for
 * when the subject is screened (`mayGather`: the index's own rule on the subject's whole key set).
 * The subjects' keys are read in windows of subject ids, so memory stays flat whatever the book.
 */
async function reverseScreen(store: Store, snapshot: ListSnapshot, parties: Set<string>): Promise<Map<number, Set<number>>> {
  const out = new Map<number, Set<number>>();
  if (parties.size === 0) return out;
  const vocabulary = new Set((await store.db.selectFrom('subject_keys').select('key').distinct().execute()).map((r) => r.key));
  const index = snapshot.index;
  const frequencies = { parties: index.parties.length, frequency: (k: string) => index.keyFrequency(k) };
  // Per changed party: its keys; per looked-up key: the parties it leads to.
  const byKey = new Map<string, number[]>();
  const keysOf = new Map<number, PartyKeys>();
  const identifiersOf = new Map<number, Set<string>>();
  const file = (key: string, k: number) => {
    if (!vocabulary.has(key)) return;
    const list = byKey.get(key);
    if (!list) byKey.set(key, [k]);
    else if (list[list.length - 1] !== k) list.push(k);
  };
  for (const id of parties) {
    const k = index.partyIndex(id)!;
    const prepared = index.parties[k]!;
    const wallets = snapshot.walletsOf(id).flatMap((w) => prepareEntity(snapshot.entities.get(w)!).identifiers);
    const lookup = partyLookup(prepared, (key) => vocabulary.has(key), wallets);
    const keys = partyKeys(lookup);
    keysOf.set(k, keys);
    identifiersOf.set(k, new Set(lookup.identifiers));
    for (const key of lookup.identifiers) file(key, k);
    for (const key of keys.exact) file(key, k);
    for (const key of keys.near) file(key, k);
  }
  const last = await store.db.selectFrom('subjects').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  const maxId = Number(last?.id ?? 0);
  const WINDOW = 20_000;
  for (let lo = 0; lo < maxId; lo += WINDOW) {
    const rows = await store.db
      .selectFrom('subject_keys')
      .innerJoin('subjects', 'subjects.id', 'subject_keys.subject_id')
      .select(['subject_keys.subject_id', 'subject_keys.key', 'subjects.schema'])
      .where('subject_keys.subject_id', '>', lo)
      .where('subject_keys.subject_id', '<=', lo + WINDOW)
      .orderBy('subject_keys.subject_id')
      .execute();
    for (let i = 0; i < rows.length; ) {
      const subject = rows[i]!.subject_id;
      const schema = rows[i]!.schema;
      const keys: string[] = [];
      for (; i < rows.length && rows[i]!.subject_id === subject; i++) keys.push(rows[i]!.key);
      let touched: Set<number> | undefined;
      for (const key of keys) for (const k of byKey.get(key) ?? []) (touched ??= new Set()).add(k);
      if (!touched) continue;
      const allowed = compatibleSchemata(schema);
      let mass: SubjectMass | undefined;
      for (const k of touched) {
        const decisive = keys.some((key) => identifiersOf.get(k)!.has(key));
        if (!decisive) {
          if (allowed && !allowed.has(index.parties[k]!.schema as never)) continue;
          mass ??= subjectMass(keys, frequencies);
          if (!mayGather(keys, mass, keysOf.get(k)!, frequencies)) continue;
        }
        let set = out.get(subject);
        if (!set) out.set(subject, (set = new Set()));
        set.add(k);
      }
    }
  }
  return out;
}

/**
 * Of the subjects reverse screening gathered, those that score at or near the threshold against
 * one of the changed parties that gathered them (or hold one of its identifiers): only these can
 * have a new match, so only these are screened in full and recorded.
 */
async function closeCandidates(store: Store, snapshot: ListSnapshot, gathered: Map<number, Set<number>>, threshold: number): Promise<number[]> {
  const ids = [...gathered.keys()].sort((a, b) => a - b);
  const kept: number[] = [];
  for (let i = 0; i < ids.length; i += 2000) {
    for (const subject of await subjectsById(store, ids.slice(i, i + 2000))) {
      const query = prepareQuery(subjectToQuery({ ref: subject.ref, kind: subject.kind, schema: subject.schema, properties: subject.properties }));
      // Parties holding one of the subject's identifiers (their own or through a wallet): found once per subject.
      const holders = new Set(snapshot.index.identifierMatches(query).map((m) => m.party));
      for (const p of gathered.get(subject.id)!) {
        if (holders.has(p) || comparePrepared(query, snapshot.index.parties[p]!).score >= threshold - NEAR_MARGIN) {
          kept.push(subject.id);
          break;
        }
      }
    }
  }
  return kept;
}

/** Gathered subjects scoring this close below the threshold are screened too (a safety margin). */
const NEAR_MARGIN = 0.05;

async function activeSubjectIds(store: Store, onlyPending: boolean): Promise<number[]> {
  let q = store.db.selectFrom('subjects').select('id').where('deleted_at', 'is', null);
  if (onlyPending) q = q.where((eb) => eb.or([eb('screened_version', 'is', null), eb('screened_version', '<>', eb.ref('version'))]));
  return (await q.orderBy('id').execute()).map((r) => r.id);
}

function addTally(a: Partial<MonitorStats>, b: ScreeningTally): Partial<MonitorStats> {
  const out = { ...a };
  for (const k of Object.keys(b) as (keyof ScreeningTally)[]) out[k] = (out[k] ?? 0) + b[k];
  return out;
}

/**
 * Bring the monitored subjects up to date with `snapshot` (the lists in force). Returns the run,
 * or undefined when there was nothing to do.
 */
export async function runMonitor(store: Store, snapshot: ListSnapshot, options: MonitorOptions): Promise<MonitorRun | undefined> {
  const t0 = performance.now();
  const current = await monitoredVersions(store);
  const to = snapshot.versionIds();
  const unfinished = await store.db.selectFrom('monitor_runs').select('id').where('status', '=', 'running').executeTakeFirst();
  const pending = await activeSubjectIds(store, true);
  if (!options.full && !unfinished && pending.length === 0 && sameVersions(current, to)) return undefined;

  const { run, resumed } = await claimRun(store, snapshot, options);
  try {
    // What to screen: every subject on a full rescreen, or when a dataset is monitored for the
    // first time (nothing says which subjects were screened against it); else the pending
    // subjects and the subjects the changed parties may match.
    const firstTime = Object.keys(run.toVersions).some((d) => run.fromVersions[d] === undefined);
    const all = options.full || firstTime ? await activeSubjectIds(store, false) : undefined;
    const pendingNow = await activeSubjectIds(store, true);
    let parties = new Set<string>();
    let gathered = new Map<number, Set<number>>();
    let candidates: number[] = [];
    if (!all) {
      parties = await changedParties(store, snapshot, run.fromVersions, run.toVersions);
      gathered = await reverseScreen(store, snapshot, parties);
      candidates = await closeCandidates(store, snapshot, gathered, options.threshold ?? DEFAULT_THRESHOLD);
    }
    const work = new Set<number>(all ?? [...pendingNow, ...candidates]);
    const already = resumed
      ? new Set((await store.db.selectFrom('screenings').select('subject_id').where('run_id', '=', run.id).execute()).map((r) => r.subject_id))
      : new Set<number>();
    const todo = [...work].filter((id) => !already.has(id)).sort((a, b) => a - b);
    let stats: Partial<MonitorStats> = {
      ...(resumed ? run.stats : {}),
      changedParties: parties.size,
      reverseCandidates: gathered.size,
      closeCandidates: candidates.length,
      pendingSubjects: pendingNow.length,
      resumedSkipped: already.size,
    };
    const total = todo.length + (resumed ? run.subjectsDone : 0);
    await store.db
      .updateTable('monitor_runs')
      .set({ subjects_total: total, stats: JSON.stringify(stats), heartbeat_at: new Date().toISOString() })
      .where('id', '=', run.id)
      .execute();
    let done = resumed ? run.subjectsDone : 0;
    options.onProgress?.(done, total);

    const chunkSize = options.chunkSize ?? 500;
    for (let i = 0; i < todo.length; i += chunkSize) {
      if (options.signal?.aborted) throw new CaseError(409, `monitor run ${run.id} was stopped after ${done} of ${total} subjects; run it again to finish`);
      const subjects = await subjectsById(store, todo.slice(i, i + chunkSize));
      const { tally } = await screenSubjects(store, subjects, {
        snapshot,
        actor: options.actor,
        trigger: options.full ? 'monitor:full' : 'monitor',
        threshold: options.threshold,
        runId: run.id,
        inTransaction: async (trx, n) => {
          await trx
            .updateTable('monitor_runs')
            .set({ subjects_done: sql`subjects_done + ${n}`, heartbeat_at: new Date().toISOString() })
            .where('id', '=', run.id)
            .execute();
        },
      });
      stats = addTally(stats, tally);
      // Skipped (deleted) subjects still count as done.
      done += subjects.length;
      await store.db.updateTable('monitor_runs').set({ stats: JSON.stringify(stats), subjects_done: done }).where('id', '=', run.id).execute();
      options.onProgress?.(done, total);
    }

    stats.ms = Math.round(performance.now() - t0);
    const finished = await store.db.transaction().execute(async (trx) => {
      const at = new Date().toISOString();
      for (const [dataset, versionId] of Object.entries(run.toVersions)) {
        await trx
          .insertInto('monitor_state')
          .values({ dataset, version_id: versionId, run_id: run.id, at })
          .onConflict((oc) => oc.column('dataset').doUpdateSet({ version_id: versionId, run_id: run.id, at }))
          .execute();
      }
      const row = await trx
        .updateTable('monitor_runs')
        .set({ status: 'done', finished_at: at, heartbeat_at: at, stats: JSON.stringify(stats), subjects_done: done })
        .where('id', '=', run.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const summary = { run: run.id, from: run.fromVersions, to: run.toVersions, subjects: done, ...stats };
      await appendAuditIn(trx, [{ actor: options.actor, action: 'monitor.run', subject: `run:${run.id}`, details: summary }], store.kind);
      await enqueueEvent(trx, { id: `monitor.completed:${run.id}`, type: 'monitor.completed', at, data: summary });
      return toRun(row);
    });
    return finished;
  } catch (err) {
    // A stop or a failure leaves the run resumable (status running, heartbeat let go stale);
    // only an error in our own bookkeeping marks it failed.
    if (!(err instanceof CaseError)) {
      await store.db
        .updateTable('monitor_runs')
        .set({ error: (err as Error).message, heartbeat_at: new Date(0).toISOString() })
        .where('id', '=', run.id)
        .execute()
        .catch(() => undefined);
    } else {
      await store.db.updateTable('monitor_runs').set({ heartbeat_at: new Date(0).toISOString() }).where('id', '=', run.id).execute().catch(() => undefined);
    }
    throw err;
  }
}
