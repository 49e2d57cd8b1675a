/**
 * Continuous monitoring. A run brings every monitored subject up to date with the list versions in
 * force, at a cost that grows with what changed rather than with the size of the book:
 *
 *   1. the listed parties added, changed or removed since the versions last monitored (a wallet
 *      counts for its holder) are looked up in the subject index (reverse screening, see
 *      match/reverse.ts), each as it is now and as it was before: every subject the screening
 *      index could gather an entry in force for and that scores near the threshold against it is
 *      kept;
 *   2. subjects a previous entry could have been gathered for (the slot it held may go to
 *      another party) and subjects holding a name key whose weight state changed (key weights
 *      depend on the key's frequency alone, bucketed: match/screening-index.ts) are ranked as both
 *      versions rank the unchanged parties, and kept when a party near the threshold may have
 *      joined their shortlists;
 *      subjects a screening of which was all matches (a full result list) are kept too;
 *   3. subjects added or edited since their last screening are taken as they are;
 *   4. those subjects are screened against the full lists in force, in chunks of one transaction
 *      each (screenings, alerts, webhook events, audit records and the run's progress together).
 *
 * Why this opens every alert a full rescreen would is written where the selection is made
 * (`runMonitor`); test/cases-monitor-complete.test.ts checks it on the real July -> November
 * 2025 OFAC change.
 *
 * A run is recorded in `monitor_runs` with a heartbeat. If a run dies, the next one takes it over
 * once its heartbeat is stale, skips the subjects it already screened and does the rest: no alert
 * is lost, and since an alert is one row per (subject, listed party) and webhook events have fixed
 * ids, none is duplicated. `full` rescreens every subject instead (e.g. after a threshold change).
 */
import { DEFAULT_THRESHOLD, SHORTLIST_SIZE, prepareEntity, prepareQuery } from '../match/index.js';
import { scorePrepared } from '../match/score.js';
import { JAPANESE_READINGS_KEY, mayGather, partyKeys, partyLookup, rankFromKeys, subjectMass, type PartyKeys, type SubjectMass } from '../match/reverse.js';
import { COMMON_KEY_LIMIT, TYPO_MIN_KEY_LENGTH, keyState, oneEditAway, partyNameKeys, type GatherView, type ScreeningIndex } from '../match/screening-index.js';
import { compatibleSchemata, type Prepared, type PreparedIdentifier } from '../match/prepare.js';
import { isParty, isSchema, type Entity } from '../model/index.js';
import type { Store, StoredMonitorRun } from '../store/index.js';
import { CaseError } from './errors.js';
import { RESULTS_KEPT, screenSubjects, type ScreeningTally } from './screening.js';
import type { ListSnapshot } from './snapshot.js';
import { subjectToQuery } from './subject-input.js';
import { subjectsById, type Subject } from './subjects.js';
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
  /** Name keys whose weight state changed (see match/screening-index.ts keyState). */
  changedKeys: number;
  /** Subjects holding such a key (and not screened for another reason). */
  keySubjects: number;
  /** Subjects a previous entry (of a changed or removed party) may have been gathered for. */
  slotSubjects: number;
  /** Of these and the key holders, the ones with an unchanged party new on their shortlist scoring near the threshold: screened in full. */
  shiftedSubjects: number;
  /** Subjects whose results were all matches, as many as a screening keeps: screened in full. */
  crowdedSubjects: number;
  // reverseCandidates and closeCandidates count subjects; their names are stored with every run
  // and read by the CLI and tools, so they stay as they are.
  /** Subjects the screening index may gather a changed party for, as it is or as it was (reverse screening). */
  reverseCandidates: number;
  /** Of those, the ones scoring near the threshold against an entry in force (or holding its identifier): screened in full. */
  closeCandidates: number;
  /** Subjects added or edited since their last screening. */
  pendingSubjects: number;
  /** Of the subjects the selection looked at, those whose names were prepared (the others were decided on their stored keys). */
  preparedSubjects: number;
  /** Subjects already screened by this run before it was taken over. */
  resumedSkipped: number;
  ms: number;
  /** Where the time went (ms): each step of the selection, then the screening. */
  steps: Record<string, number>;
}

/** A monitoring run as stored (StoredMonitorRun), its stats read as the monitor's own counts. */
export interface MonitorRun extends Omit<StoredMonitorRun, 'stats'> {
  stats: Partial<MonitorStats>;
}

/**
 * A run as the repository decoded it. Its stats were checked there to be counts and `steps` (ms
 * per step), the shape of MonitorStats; their names are the monitor's.
 */
function toRun(stored: StoredMonitorRun): MonitorRun {
  return { ...stored, stats: stored.stats as Partial<MonitorStats> };
}

export async function listMonitorRuns(store: Store, limit = 20): Promise<MonitorRun[]> {
  return (await store.repos.monitor.recent(limit)).map(toRun);
}

/** Dataset -> version id whose changes every subject has been screened against. */
export async function monitoredVersions(store: Store): Promise<Record<string, number>> {
  return store.repos.monitor.monitoredVersions();
}

const sameVersions = (a: Record<string, number>, b: Record<string, number>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

/** Take over an abandoned run, or start one; undefined when another live run holds the monitor. */
async function claimRun(store: Store, snapshot: ListSnapshot, options: MonitorOptions): Promise<{ run: MonitorRun; resumed: boolean }> {
  const staleAfter = options.staleAfterMs ?? 60_000;
  const to = snapshot.versionIds();
  return store.transaction(async (tx) => {
    await tx.monitor.lockRuns();
    const now = new Date();
    for (const running of await tx.monitor.running()) {
      const age = now.getTime() - Date.parse(running.heartbeatAt);
      if (age < staleAfter) {
        throw new CaseError('conflict', `monitor run ${running.id} is in progress (last heartbeat ${Math.round(age / 1000)} s ago); try again when it is done`);
      }
      if (sameVersions(running.toVersions, to) && !options.full === (running.trigger !== 'full')) {
        await tx.monitor.update(running.id, { heartbeatAt: now.toISOString(), actor: options.actor });
        // As before the update: the run's previous actor, its new heartbeat.
        return { run: toRun({ ...running, heartbeatAt: now.toISOString() }), resumed: true };
      }
      // The lists moved on since it started: start over from where the monitor last finished.
      await tx.monitor.update(running.id, { status: 'abandoned', finishedAt: now.toISOString() });
    }
    const from = await tx.monitor.monitoredVersions();
    const run = await tx.monitor.start({ trigger: options.full ? 'full' : 'changes', actor: options.actor, fromVersions: from, toVersions: to, at: now.toISOString() });
    return { run: toRun(run), resumed: false };
  });
}

/**
 * What changed between the versions last monitored and the versions in force: the listed parties
 * added, changed or removed (a wallet added, changed or removed counts for its holder, before and
 * after), and for each party whose own entry changed, its entry before (when it was a party then).
 */
interface ListDelta {
  /** Every party id touched by the change (entries and wallets). */
  parties: Set<string>;
  /** Parties whose own entry was added, changed or removed. */
  entries: Set<string>;
  /** The previous entries of those that were parties before (prepared as the index prepares them). */
  before: Map<string, Prepared>;
  /** Identifiers of the previous versions of changed or removed wallets, by holder. */
  beforeWallets: Map<string, PreparedIdentifier[]>;
}

function holderOf(entity: Entity | undefined): string | undefined {
  if (!entity || !isSchema(entity.schema)) return undefined;
  return isParty(entity.schema) ? entity.id : entity.properties.holder?.[0];
}

async function listDelta(store: Store, snapshot: ListSnapshot, from: Record<string, number>, to: Record<string, number>): Promise<ListDelta> {
  const delta: ListDelta = { parties: new Set(), entries: new Set(), before: new Map(), beforeWallets: new Map() };
  const previous = new Map<string, string>(); // entity id -> its hash before, for entities changed or removed
  for (const dataset of new Set([...Object.keys(from), ...Object.keys(to)])) {
    const fromId = from[dataset];
    const toId = to[dataset];
    if (fromId === toId) continue;
    const after = toId === undefined ? new Map<string, string>() : await store.versionHashes(toId);
    const before = fromId === undefined ? new Map<string, string>() : await store.versionHashes(fromId);
    for (const [id, hash] of after) {
      if (before.get(id) === hash) continue;
      const entity = snapshot.entities.get(id);
      const holder = holderOf(entity);
      if (holder === undefined || snapshot.index.partyIndex(holder) === undefined) continue;
      delta.parties.add(holder);
      if (holder === id) delta.entries.add(id);
    }
    for (const [id, hash] of before) if (after.get(id) !== hash) previous.set(id, hash);
  }
  const blobs = await store.entitiesByHash([...previous.values()]);
  for (const [id, hash] of previous) {
    const entity = blobs.get(hash);
    if (!entity) throw new Error(`monitor: the previous version of ${id} (${hash}) is not in the store`);
    const holder = holderOf(entity);
    if (holder === undefined) continue;
    delta.parties.add(holder);
    const prepared = prepareEntity(entity);
    if (holder === id) {
      delta.entries.add(id);
      delta.before.set(id, prepared);
    } else {
      const list = delta.beforeWallets.get(holder) ?? [];
      list.push(...prepared.identifiers);
      delta.beforeWallets.set(holder, list);
    }
  }
  return delta;
}

/**
 * Key frequencies before and after: only keys of entries added, changed or removed can change
 * their frequency, so the previous frequencies are the present ones less the new entries' keys
 * plus the old entries'.
 */
interface KeyDiff {
  /** key -> parties holding it now less before (keys of changed entries only, zeros included). */
  diff: Map<string, number>;
  /** key -> changed entries (ids) holding it before. */
  heldBefore: Map<string, string[]>;
  /** Parties of the index whose entries changed (left out of the comparison of versions). */
  changed: Set<number>;
  now(key: string): number;
  then(key: string): number;
}

function keyDiff(snapshot: ListSnapshot, delta: ListDelta): KeyDiff {
  const index = snapshot.index;
  const diff = new Map<string, number>();
  const heldBefore = new Map<string, string[]>();
  const changed = new Set<number>();
  for (const id of delta.entries) {
    const k = index.partyIndex(id);
    if (k !== undefined) {
      changed.add(k);
      for (const key of partyNameKeys(index.parties[k]!)) diff.set(key, (diff.get(key) ?? 0) + 1);
    }
    const before = delta.before.get(id);
    if (before) {
      for (const key of partyNameKeys(before)) {
        diff.set(key, (diff.get(key) ?? 0) - 1);
        const list = heldBefore.get(key);
        if (list) list.push(id);
        else heldBefore.set(key, [id]);
      }
    }
  }
  const now = (key: string) => index.keyFrequency(key);
  return { diff, heldBefore, changed, now, then: (key) => now(key) - (diff.get(key) ?? 0) };
}

/**
 * The name keys whose state in the screening index (`keyState`: none, weight bucket, common)
 * differs between the previous versions and the versions in force, and the subject words (found
 * under no key in either) whose misspelt-word list (`nearKeyParties`) may differ: one edit from a
 * key whose frequency moved.
 */
function changedKeys(kd: KeyDiff, vocabulary: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const key of kd.diff.keys()) if (keyState(kd.now(key)) !== keyState(kd.then(key))) out.add(key);
  for (const key of kd.diff.keys()) {
    if (key.length < TYPO_MIN_KEY_LENGTH - 1 || key[0] === '#') continue;
    for (const word of oneEditAway(key)) {
      if (word.length >= TYPO_MIN_KEY_LENGTH && vocabulary.has(word) && kd.now(word) === 0 && kd.then(word) === 0) out.add(word);
    }
  }
  return out;
}

/** The index in force as it ranks unchanged parties (the changed ones left out). */
function presentView(snapshot: ListSnapshot, kd: KeyDiff): GatherView {
  const index = snapshot.index;
  return {
    frequency: kd.now,
    near: (word) => index.nearKeyParties(word),
    nearSize: (word) => index.nearKeyParties(word).length,
    skip: (p) => kd.changed.has(p),
  };
}

/**
 * The previous versions as they ranked unchanged parties: previous frequencies, and misspelt-word
 * lists made of the keys one edit away as they were (an unchanged party is under the same keys in
 * both versions; a key's list counts when it held 1..COMMON_KEY_LIMIT parties then).
 */
function previousView(snapshot: ListSnapshot, kd: KeyDiff): GatherView {
  const index = snapshot.index;
  const memo = new Map<string, { list: number[]; size: number }>();
  const near = (word: string) => {
    let hit = memo.get(word);
    if (hit) return hit;
    const unchanged = new Set<number>();
    const changed = new Set<string>();
    for (const key of new Set(oneEditAway(word))) {
      const df = kd.then(key);
      if (df === 0 || df > COMMON_KEY_LIMIT) continue;
      for (const p of index.keyParties(key) ?? []) if (!kd.changed.has(p)) unchanged.add(p);
      for (const id of kd.heldBefore.get(key) ?? []) changed.add(id);
    }
    hit = { list: [...unchanged], size: unchanged.size + changed.size };
    memo.set(word, hit);
    return hit;
  };
  return { frequency: kd.then, near: (word) => near(word).list, nearSize: (word) => near(word).size, skip: (p) => kd.changed.has(p) };
}

/**
 * How the previous versions (`from`) ranked the parties whose entries did not change, seen through
 * the index in force (`snapshot`, at `to`): the view for `ScreeningIndex.shortlist`, and the
 * ids of the parties it leaves out. For tests and benchmarks; monitoring uses it internally.
 */
export async function previousVersionView(
  store: Store,
  snapshot: ListSnapshot,
  from: Record<string, number>,
  to: Record<string, number>,
): Promise<{ view: GatherView; present: GatherView; changed: Set<string> }> {
  const delta = await listDelta(store, snapshot, from, to);
  const kd = keyDiff(snapshot, delta);
  return { view: previousView(snapshot, kd), present: presentView(snapshot, kd), changed: delta.entries };
}


/**
 * Whether an unchanged party that may not have been on a subject's shortlist before is on it now
 * and scores at or near the threshold: only such a party can be a new alert of a subject holding
 * a key whose state changed, or that a previous entry may have been gathered for. The shortlist
 * before held at least the first SHORTLIST_SIZE - s unchanged parties as the previous versions
 * ranked them, s the previous entries that may have been gathered (`slots`), each holding one
 * slot at most.
 */
function shifted(index: ScreeningIndex, query: Prepared, held: number, views: { present: GatherView; previous: GatherView }, threshold: number): boolean {
  const before = new Set(held >= SHORTLIST_SIZE ? [] : index.shortlist(query, SHORTLIST_SIZE - held, undefined, views.previous));
  for (const p of index.shortlist(query, SHORTLIST_SIZE, undefined, views.present)) {
    if (before.has(p)) continue;
    if (scorePrepared(query, index.parties[p]!).score >= threshold - NEAR_MARGIN) return true;
  }
  return false;
}

/**
 * The same question asked of the subject's stored keys alone (`rankFromKeys`), for every subject
 * filed under them: false when no unchanged party that may be among the first SHORTLIST_SIZE
 * now is surely among the first SHORTLIST_SIZE - s before; undefined when the keys cannot
 * tell (the names are then prepared and ranked by the index itself).
 */
function mayHaveShifted(index: ScreeningIndex, group: KeyGroup, held: number, views: { present: GatherView; previous: GatherView }): boolean | undefined {
  if (held >= SHORTLIST_SIZE) return undefined;
  const now = rankFromKeys(index, group.keys, group.schema, views.present);
  const then = rankFromKeys(index, group.keys, group.schema, views.previous);
  if (!now || !then) return undefined;
  for (const [p, r] of now.rank) {
    if (r.lo >= SHORTLIST_SIZE) continue;
    const before = then.rank.get(p);
    if (!before || before.hi >= SHORTLIST_SIZE - held) return undefined;
  }
  return false;
}

/**
 * Subjects a screening of which kept only matches, as many as it keeps (RESULTS_KEPT): a party
 * cut from their results at the threshold or above may take the place of one that leaves them, so
 * any change of list may give them a new alert.
 */
async function crowdedSubjects(store: Store): Promise<number[]> {
  return store.repos.screenings.activeSubjectIdsWithMatches(RESULTS_KEPT);
}

/** A listed entry reverse screening looks for: a changed party as it is now, or as it was before. */
interface Sought {
  schema: string;
  keys: PartyKeys;
  identifiers: Set<string>;
  /** The entry in force (its score decides), or undefined for a previous entry (always screened). */
  now?: number;
}

/**
 * The entries to look for: every changed party as it is now (a new match), and as it was before
 * (its shortlist or result slot, now free, may go to an unchanged party): its previous entry, or
 * for a party whose entry is unchanged but whose wallets changed, its previous wallets.
 */
function soughtEntries(snapshot: ListSnapshot, delta: ListDelta, vocabulary: ReadonlySet<string>): Sought[] {
  const index = snapshot.index;
  const inVocabulary = (key: string) => vocabulary.has(key);
  const out: Sought[] = [];
  for (const id of delta.parties) {
    const k = index.partyIndex(id);
    const walletsNow = k === undefined ? [] : snapshot.walletsOf(id).flatMap((w) => prepareEntity(snapshot.entities.get(w)!).identifiers);
    if (k !== undefined) {
      const lookup = partyLookup(index.parties[k]!, inVocabulary, walletsNow);
      out.push({ schema: index.parties[k]!.schema, keys: partyKeys(lookup), identifiers: new Set(lookup.identifiers), now: k });
    }
    const wallets = [...walletsNow, ...(delta.beforeWallets.get(id) ?? [])];
    const before = delta.before.get(id);
    if (before) {
      const lookup = partyLookup(before, inVocabulary, wallets);
      out.push({ schema: before.schema, keys: partyKeys(lookup), identifiers: new Set(lookup.identifiers) });
    } else if (delta.beforeWallets.has(id) && k !== undefined) {
      // The entry is as it was: it is gathered as before; only its previous wallets' hits are gone.
      const lookup = partyLookup(index.parties[k]!, () => false, wallets);
      out.push({ schema: index.parties[k]!.schema, keys: { exact: new Set(), near: new Set() }, identifiers: new Set(lookup.identifiers) });
    }
  }
  return out;
}

/**
 * Subjects filed under the same schema and keys: reverse screening and ranking by keys answer
 * alike for all of them, so each answer is worked out once per group.
 */
interface KeyGroup {
  schema: string;
  keys: string[];
  /** Sought entries the screening index may gather for these subjects, or whose identifiers they hold. */
  gathered: Set<number>;
  /** Of those, the entries whose identifiers they hold. */
  hits: Set<number>;
  /** Whether they hold a key whose state changed (`changedKeys`). */
  holdsChanged: boolean;
  /** The subjects (not deleted) of the group that are gathered or hold a changed key. */
  subjects: number[];
}

/**
 * Subjects the sought entries may match, found through the subject index: every subject holding
 * one of an entry's identifiers, and every subject the screening index could gather the entry for
 * when the subject is screened (`mayGather`: the index's own rule on the subject's whole key set);
 * and the subjects holding a key whose state changed. Previous entries are judged with the
 * previous frequencies, entries in force with the present. The subjects' keys are read in windows
 * of subject ids (one row per subject), so memory stays flat whatever the book; subjects with the
 * same schema and keys share one group.
 */
async function reverseScreen(store: Store, kd: KeyDiff, sought: Sought[], vocabulary: ReadonlySet<string>, changed: ReadonlySet<string>): Promise<KeyGroup[]> {
  const groups = new Map<string, KeyGroup>();
  const present = { frequency: kd.now };
  const previous = { frequency: kd.then };
  // Per looked-up key: the sought entries it leads to.
  const byKey = new Map<string, number[]>();
  const file = (key: string, e: number) => {
    if (!vocabulary.has(key)) return;
    const list = byKey.get(key);
    if (!list) byKey.set(key, [e]);
    else if (list[list.length - 1] !== e) list.push(e);
  };
  sought.forEach((entry, e) => {
    for (const key of entry.identifiers) file(key, e);
    for (const key of entry.keys.exact) file(key, e);
    for (const key of entry.keys.near) file(key, e);
  });
  if (byKey.size === 0 && changed.size === 0) return [];
  const maxId = await store.repos.subjects.maxId();
  const WINDOW = 50_000;
  for (let lo = 0; lo < maxId; lo += WINDOW) {
    for (const { id, schema, keys } of await store.repos.subjects.keySets(lo, lo + WINDOW)) {
      let interesting = false;
      for (const key of keys) if (byKey.has(key) || changed.has(key)) interesting = true;
      if (!interesting) continue;
      keys.sort();
      const signature = `${schema}\u0002${keys.join('\u0001')}`;
      let group = groups.get(signature);
      if (!group) {
        group = { schema, keys, gathered: new Set(), hits: new Set(), holdsChanged: keys.some((key) => changed.has(key)), subjects: [] };
        groups.set(signature, group);
        let touched: Set<number> | undefined;
        for (const key of keys) for (const e of byKey.get(key) ?? []) (touched ??= new Set()).add(e);
        const allowed = compatibleSchemata(schema);
        let massNow: SubjectMass | undefined;
        let massThen: SubjectMass | undefined;
        for (const e of touched ?? []) {
          const entry = sought[e]!;
          const decisive = keys.some((key) => entry.identifiers.has(key));
          if (decisive) group.hits.add(e);
          else {
            if (allowed && !allowed.has(entry.schema as never)) continue;
            // An entry in force is judged by the frequencies in force, a previous one by those it had.
            const gathered =
              entry.now !== undefined
                ? mayGather(keys, (massNow ??= subjectMass(keys, present)), entry.keys, present)
                : mayGather(keys, (massThen ??= subjectMass(keys, previous)), entry.keys, previous);
            if (!gathered) continue;
          }
          group.gathered.add(e);
        }
      }
      if (group.gathered.size > 0 || group.holdsChanged) group.subjects.push(id);
    }
  }
  return [...groups.values()].filter((g) => g.subjects.length > 0);
}

/** What the selection found, for the run's statistics. */
interface Selection {
  /** Subjects gathered for a sought entry (`reverseCandidates`). */
  gathered: number;
  /** Of those, the ones to screen: an entry in force near the threshold, or an identifier hit. */
  close: number[];
  /** Subjects holding a changed key, not screened for another reason. */
  keySubjects: number;
  /** Subjects a previous entry may have been gathered for. */
  slotSubjects: number;
  shifted: number[];
  /** Subjects whose names were prepared (the rest were decided on their keys). */
  prepared: number;
}

/**
 * Of the groups reverse screening found, the subjects to screen in full:
 *  - `close`: gathered for an entry in force and scoring at or near the threshold against it, or
 *    holding one of its identifiers: only these can have a new match with it. An entry the index
 *    surely ranks after the first SHORTLIST_SIZE parties for the subject's keys is never scored
 *    (`rankFromKeys`), so only the others are compared, on the prepared names;
 *  - `shifted`: of the subjects holding a key whose state changed or gathered for a previous
 *    entry (not screened for another reason), those `shifted` says yes to; asked of the keys first
 *    (`mayHaveShifted`), of the prepared names when the keys cannot tell.
 * Subjects are read and their names prepared only when their keys leave the question open.
 */
async function selectSubjects(store: Store, snapshot: ListSnapshot, kd: KeyDiff, sought: Sought[], groups: KeyGroup[], screened: ReadonlySet<number>, threshold: number): Promise<Selection> {
  const index = snapshot.index;
  const inForce: GatherView = { frequency: kd.now, near: (w) => index.nearKeyParties(w), nearSize: (w) => index.nearKeyParties(w).length, skip: () => false };
  const views = { present: presentView(snapshot, kd), previous: previousView(snapshot, kd) };
  const out: Selection = { gathered: 0, close: [], keySubjects: 0, slotSubjects: 0, shifted: [], prepared: 0 };
  // Subject id -> the entries in force to compare it with.
  const toCompare = new Map<number, number[]>();
  const slotsOf = new Map<KeyGroup, number>();
  for (const group of groups) {
    if (group.gathered.size === 0) continue;
    out.gathered += group.subjects.length;
    let previous = 0;
    const now: number[] = [];
    for (const e of group.gathered) {
      if (sought[e]!.now === undefined) previous++;
      else now.push(e);
    }
    if (previous > 0) {
      slotsOf.set(group, previous);
      out.slotSubjects += group.subjects.length;
    }
    if (now.length === 0) continue;
    if (now.some((e) => group.hits.has(e))) {
      out.close.push(...group.subjects);
      continue;
    }
    const ranking = rankFromKeys(index, group.keys, group.schema, inForce);
    const entries = ranking ? now.filter((e) => (ranking.rank.get(sought[e]!.now!)?.lo ?? Infinity) < SHORTLIST_SIZE) : now;
    if (entries.length > 0) for (const id of group.subjects) toCompare.set(id, entries);
  }
  // Subjects with the same data get the same answers: each is worked out once.
  const closeByData = new Map<string, boolean>();
  for (const subject of await readSubjects(store, [...toCompare.keys()])) {
    const data = `${subject.schema}\u0002${JSON.stringify(subject.properties)}`;
    let close = closeByData.get(data);
    if (close === undefined) {
      const query = prepareQuery(subjectToQuery({ ref: subject.ref, kind: subject.kind, schema: subject.schema, properties: subject.properties }));
      out.prepared++;
      close = toCompare.get(subject.id)!.some((e) => scorePrepared(query, index.parties[sought[e]!.now!]!).score >= threshold - NEAR_MARGIN);
      closeByData.set(data, close);
    }
    if (close) out.close.push(subject.id);
  }
  const chosen = new Set([...screened, ...out.close]);
  const toRank = new Map<number, number>(); // subject id -> slots held
  for (const group of groups) {
    const held = Math.min(SHORTLIST_SIZE, slotsOf.get(group) ?? 0);
    if (!group.holdsChanged && held === 0) continue;
    const ids = group.subjects.filter((id) => !chosen.has(id));
    if (group.holdsChanged) out.keySubjects += ids.length;
    if (ids.length === 0 || mayHaveShifted(index, group, held, views) === false) continue;
    for (const id of ids) toRank.set(id, held);
  }
  const shiftedByData = new Map<string, boolean>();
  for (const subject of await readSubjects(store, [...toRank.keys()])) {
    const held = toRank.get(subject.id)!;
    const data = `${held} ${subject.schema}\u0002${JSON.stringify(subject.properties)}`;
    let moved = shiftedByData.get(data);
    if (moved === undefined) {
      const query = prepareQuery(subjectToQuery({ ref: subject.ref, kind: subject.kind, schema: subject.schema, properties: subject.properties }));
      out.prepared++;
      moved = shifted(index, query, held, views, threshold);
      shiftedByData.set(data, moved);
    }
    if (moved) out.shifted.push(subject.id);
  }
  return out;
}

/** Gathered subjects scoring this close below the threshold are screened too (a safety margin). */
const NEAR_MARGIN = 0.05;

/** The subjects of these ids that are not deleted, by id, read in batches. */
async function readSubjects(store: Store, ids: number[]): Promise<Subject[]> {
  ids.sort((a, b) => a - b);
  const out: Subject[] = [];
  for (let i = 0; i < ids.length; i += 2000) for (const s of await subjectsById(store, ids.slice(i, i + 2000))) if (s.deletedAt === null) out.push(s);
  return out;
}

/** The subjects (not deleted) filed under one key of the subject index. */
async function subjectsHoldingKey(store: Store, key: string): Promise<number[]> {
  return store.repos.subjects.idsHoldingKey(key);
}

async function activeSubjectIds(store: Store, onlyPending: boolean): Promise<number[]> {
  return store.repos.subjects.activeIds(onlyPending);
}

function addTally(a: Partial<MonitorStats>, b: ScreeningTally): Partial<MonitorStats> {
  const out = { ...a };
  for (const k of Object.keys(b) as (keyof ScreeningTally)[]) out[k] = (out[k] ?? 0) + b[k];
  return out;
}

/** The store lock held while monitoring (`runMonitorExclusive`, and what follows a list change). */
export const MONITOR_LOCK = 'monitor';

/** Why a monitoring run was not started: another holder of the monitor lock. */
export const MONITOR_BUSY = 'another process (a server or a CLI on this store) is running the monitor; try again when it is done';

/**
 * `runMonitor` holding the store's monitor lock, so one process at a time monitors whatever the
 * store: a server and a CLI on one SQLite file, or replicas on PostgreSQL. Another holder: a
 * CaseError 409, at once.
 */
export async function runMonitorExclusive(store: Store, snapshot: ListSnapshot, options: MonitorOptions): Promise<MonitorRun | undefined> {
  const locked = await store.tryWithLock(MONITOR_LOCK, () => runMonitor(store, snapshot, options));
  if (!locked.acquired) throw new CaseError('conflict', MONITOR_BUSY);
  return locked.value;
}

/**
 * Bring the monitored subjects up to date with `snapshot` (the lists in force). Returns the run,
 * or undefined when there was nothing to do. Callers that may run beside another process use
 * `runMonitorExclusive`.
 */
export async function runMonitor(store: Store, snapshot: ListSnapshot, options: MonitorOptions): Promise<MonitorRun | undefined> {
  const t0 = performance.now();
  const steps: Record<string, number> = {};
  let lap = t0;
  const step = (name: string) => {
    const now = performance.now();
    steps[name] = Math.round((steps[name] ?? 0) + now - lap);
    lap = now;
  };
  const current = await monitoredVersions(store);
  const to = snapshot.versionIds();
  const unfinished = await store.repos.monitor.anyRunning();
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
    step('start');
    let parties = new Set<string>();
    let keys = new Set<string>();
    let keySubjects = 0;
    let shifted: number[] = [];
    let crowded: number[] = [];
    let slotSubjects = 0;
    let gatheredSubjects = 0;
    let preparedSubjects = 0;
    let closeSubjects: number[] = [];
    let readingSubjects: number[] = [];
    if (!all) {
      // Why this finds every subject a full rescreen could give a new alert (at the threshold the
      // subjects were last screened at). A subject's screening is its identifier hits plus the
      // first 25 parties its names gather (ranked by the weights of the keys they share, ties by
      // id), each scored as a pair (a score depends on the subject and the party alone), of which
      // the best 10 are kept; an alert is a kept result at or above the threshold. Take a subject
      // not edited, and an unchanged party Q (its entry the same; changed wallets only change
      // identifier hits) that alerts now and did not before. Either
      //  (a) Q is on the shortlist now and was not before. Unchanged parties are ranked among
      //      themselves by weights of the subject's keys: when none of its keys changed state (key
      //      weights depend on the key's frequency alone, bucketed), the same in both versions.
      //      The shortlist before was the first 25 of these and of the previous entries of
      //      changed parties gathered then, so at least the first 25 - s unchanged ones, s the
      //      previous entries that may have been gathered (`reverseScreen`: `mayGather`, with the
      //      previous frequencies, never says no when the index would have gathered). Entries in
      //      force take slots and free none. So Q is among the first 25 unchanged parties as the
      //      present versions rank them and not among the first 25 - s as the previous versions
      //      did, with s > 0 or a key of the subject changed state: `shiftedSubjects` ranks both
      //      ways (a view of the previous versions through the index in force) and keeps the
      //      subject when such a Q scores near the threshold;
      //  (b) or Q was scored before but cut from the 10 results, 10 parties scoring at least as
      //      much: that screening kept only matches (`crowdedSubjects`).
      // A changed party's entry in force alerts only if gathered (or hit) and scoring near the
      // threshold (`closeCandidates`). Edited subjects are pending.
      const threshold = options.threshold ?? DEFAULT_THRESHOLD;
      const delta = await listDelta(store, snapshot, run.fromVersions, run.toVersions);
      parties = delta.parties;
      step('delta');
      const vocabulary = new Set(await store.repos.subjects.indexKeys());
      step('vocabulary');
      const kd = keyDiff(snapshot, delta);
      const sought = soughtEntries(snapshot, delta, vocabulary);
      step('sought');
      keys = changedKeys(kd, vocabulary);
      const groups = await reverseScreen(store, kd, sought, vocabulary, new Set([...keys].filter((k) => vocabulary.has(k))));
      step('reverse');
      crowded = await crowdedSubjects(store);
      step('crowded');
      const selection = await selectSubjects(store, snapshot, kd, sought, groups, new Set([...pendingNow, ...crowded]), threshold);
      gatheredSubjects = selection.gathered;
      closeSubjects = selection.close;
      keySubjects = selection.keySubjects;
      slotSubjects = selection.slotSubjects;
      shifted = selection.shifted;
      preparedSubjects = selection.prepared;
      step('selection');
      // Names in kanji are read in Japanese through the listed names' words: a change anywhere may
      // move them, so they are screened again whenever a party changed (JAPANESE_READINGS_KEY).
      if (parties.size > 0) readingSubjects = await subjectsHoldingKey(store, JAPANESE_READINGS_KEY);
      step('readings');
    }
    const work = new Set<number>(all ?? [...pendingNow, ...closeSubjects, ...crowded, ...shifted, ...readingSubjects]);
    const already = resumed
      ? new Set(await store.repos.screenings.subjectIdsOfRun(run.id))
      : new Set<number>();
    const todo = [...work].filter((id) => !already.has(id)).sort((a, b) => a - b);
    step('work');
    let stats: Partial<MonitorStats> = {
      ...(resumed ? run.stats : {}),
      changedParties: parties.size,
      changedKeys: keys.size,
      keySubjects,
      slotSubjects,
      shiftedSubjects: shifted.length,
      crowdedSubjects: crowded.length,
      reverseCandidates: gatheredSubjects,
      preparedSubjects,
      closeCandidates: closeSubjects.length,
      pendingSubjects: pendingNow.length,
      resumedSkipped: already.size,
    };
    const total = todo.length + (resumed ? run.subjectsDone : 0);
    await store.repos.monitor.update(run.id, { subjectsTotal: total, stats, heartbeatAt: new Date().toISOString() });
    let done = resumed ? run.subjectsDone : 0;
    options.onProgress?.(done, total);

    const chunkSize = options.chunkSize ?? 500;
    for (let i = 0; i < todo.length; i += chunkSize) {
      if (options.signal?.aborted) throw new CaseError('conflict', `monitor run ${run.id} was stopped after ${done} of ${total} subjects; run it again to finish`);
      const subjects = await subjectsById(store, todo.slice(i, i + chunkSize));
      const { tally } = await screenSubjects(store, subjects, {
        snapshot,
        actor: options.actor,
        trigger: options.full ? 'monitor:full' : 'monitor',
        threshold: options.threshold,
        runId: run.id,
        inTransaction: (tx, n) => tx.monitor.addDone(run.id, n, new Date().toISOString()),
      });
      stats = addTally(stats, tally);
      // Skipped (deleted) subjects still count as done.
      done += subjects.length;
      await store.repos.monitor.update(run.id, { stats, subjectsDone: done });
      options.onProgress?.(done, total);
    }

    step('screening');
    stats.steps = steps;
    stats.ms = Math.round(performance.now() - t0);
    const finished = await store.transaction(async (tx) => {
      const at = new Date().toISOString();
      await tx.monitor.setMonitoredVersions(run.toVersions, run.id, at);
      const row = await tx.monitor.finish(run.id, at, stats, done);
      const summary = { run: run.id, from: run.fromVersions, to: run.toVersions, subjects: done, ...stats };
      await tx.audit.append([{ actor: options.actor, action: 'monitor.run', subject: `run:${run.id}`, details: summary }]);
      // The webhook outbox is written through the transaction itself (src/cases/webhooks.ts).
      await enqueueEvent(tx, { id: `monitor.completed:${run.id}`, type: 'monitor.completed', at, data: summary });
      return toRun(row);
    });
    return finished;
  } catch (err) {
    // A stop or a failure leaves the run resumable (status running, heartbeat let go stale);
    // only an error in our own bookkeeping marks it failed.
    if (!(err instanceof CaseError)) {
      await store.repos.monitor.update(run.id, { error: (err as Error).message, heartbeatAt: new Date(0).toISOString() }).catch(() => undefined);
    } else {
      await store.repos.monitor.update(run.id, { heartbeatAt: new Date(0).toISOString() }).catch(() => undefined);
    }
    throw err;
  }
}
