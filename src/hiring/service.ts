/**
 * Vetting as a workflow: assess every candidate (link analysis runs over all of them, so a change
 * to one profile can change its cluster-mates' assessments), or one candidate against its part of
 * the stored link graph (assessOne: the same assessment, reading only the candidates linked to
 * it), keep an assessment when it differs
 * from the previous one, and route what needs a human through the case workflow:
 *
 *   - each candidate is also a monitored subject (`candidate:<ref>`: names, emails, wallets) and
 *     each past employer another (`candidate:<ref>/employer/<n>`), so sanctions hits, and later
 *     designations found by list monitoring, become ordinary alerts;
 *   - link analysis joins candidates who name one listed front company as an employer;
 *   - an assessment at `high` or `block` raises a `vigil-hiring-risk` alert on the candidate's
 *     subject; a decided false positive stays suppressed until the fired signals change.
 */
import { createHash } from 'node:crypto';
import { raiseFinding } from '../cases/alerts.js';
import type { ListSnapshot } from '../cases/snapshot.js';
import { TimeSlices } from '../io/turns.js';
import type { SubjectInput } from '../cases/subject-input.js';
import { changedSubjectIds, screenSubjectIds } from '../cases/subject-screening.js';
import { upsertSubjects } from '../cases/subjects.js';
import type { AssessmentLevel, JsonObject, Store } from '../store/index.js';
import { assessCandidate, employerRiskScreen, LEVELS, type Assessment } from './assess.js';
import { candidatesById, getCandidate, listCandidates, syncLinkKeys, type StoredCandidate } from './candidates.js';
import { analyzeLinks, COPY_BUCKET_CAP, employerKeyOf, HUB_CAPS, type LinkAnalysis } from './links/index.js';
import type { CandidateProfile } from './profile.js';
import { flagRates, type DimensionReport } from './report.js';
import type { RuleSet } from './rules.js';
import { employerQuery, prefillScreens } from './signals/sanctions.js';
import { DEFAULT_THRESHOLD } from '../match/index.js';

export const HIRING_RISK_KEY = 'vigil-hiring-risk';

/** What an assessment says, without when it was made: equal fingerprints, same assessment. */
export function assessmentFingerprint(a: Assessment): string {
  const substance = {
    level: a.level,
    score: a.score,
    rulesVersion: a.rulesVersion,
    signals: a.signals.map((s) => [s.rule, s.evidence]),
    cluster: a.cluster ? [a.cluster.id, a.cluster.members, a.cluster.operator] : null,
  };
  return createHash('sha256').update(JSON.stringify(substance)).digest('hex');
}

/** The subjects a candidate is monitored as: the person, and each past employer. */
export function candidateSubjects(p: CandidateProfile): SubjectInput[] {
  const out: SubjectInput[] = [];
  const wallets = p.payments.filter((x) => x.type === 'crypto_wallet').map((x) => x.value);
  if (p.names.length > 0 || p.emails.length > 0) {
    const properties: Record<string, string[]> = {};
    if (p.names.length) properties.name = p.names;
    if (p.emails.length) properties.email = p.emails;
    if (p.birthDate) properties.birthDate = [p.birthDate];
    if (wallets.length) properties.publicKey = wallets;
    out.push({ ref: `candidate:${p.ref}`, kind: 'candidate', schema: 'Person', properties });
  }
  p.employers.forEach((e, i) => {
    out.push({ ref: `candidate:${p.ref}/employer/${i + 1}`, kind: 'candidate', schema: 'Organization', properties: { name: [e.name] } });
  });
  return out;
}

export interface AssessAllOptions {
  snapshot?: ListSnapshot;
  rules: RuleSet;
  actor: string;
  now?: Date;
  /** Progress of the long steps ('linking' once, then 'screening' and 'assessing' candidate by candidate). */
  onProgress?: (step: 'linking' | 'screening' | 'assessing', done: number, total: number) => void;
}

export interface AssessAllResult {
  links: LinkAnalysis;
  assessments: Map<string, Assessment>;
  /** Candidates whose assessment changed (and was stored). */
  changed: string[];
  levels: Record<Assessment['level'], number>;
  alerts: { opened: number; reopened: number; suppressed: number };
  ms: number;
}

/**
 * Link analysis as assessments use it: candidates naming one listed front company as a past
 * employer are linked too (when lists are loaded).
 */
export function linkCandidates(profiles: readonly CandidateProfile[], options: Pick<AssessAllOptions, 'snapshot' | 'rules' | 'now'>): LinkAnalysis {
  const employerRisk = employerRiskScreen(options.rules, { index: options.snapshot?.index, now: options.now ?? new Date() });
  return analyzeLinks(profiles, { now: options.now, ...(employerRisk ? { employerRisk } : {}) });
}

type AlertOutcome = Awaited<ReturnType<typeof raiseFinding>>['outcome'];

/**
 * Store an assessment (and audit it) when its fingerprint differs from the candidate's latest
 * stored one; raise or update the hiring-risk alert on the candidate's subject at high or block.
 */
async function recordAssessment(
  store: Store,
  c: StoredCandidate,
  assessment: Assessment,
  latestFingerprint: string | undefined,
  subjectId: number | undefined,
  actor: string,
): Promise<{ changed: boolean; alert?: AlertOutcome }> {
  const fingerprint = assessmentFingerprint(assessment);
  const changed = latestFingerprint !== fingerprint;
  if (changed) {
    // The assessment and its audit record land together.
    await store.transaction(async (tx) => {
      await tx.candidates.addAssessment({
        candidateId: c.id,
        candidateVersion: c.version,
        rulesVersion: assessment.rulesVersion,
        score: assessment.score,
        level: assessment.level,
        clusterId: assessment.cluster?.id ?? null,
        fingerprint,
        assessment: JSON.stringify(assessment),
        at: new Date().toISOString(),
      });
      await tx.audit.append([
        {
          actor,
          action: 'candidate.assess',
          subject: `candidate:${c.ref}`,
          details: { version: c.version, level: assessment.level, score: assessment.score, rules: assessment.signals.map((s) => s.rule), cluster: assessment.cluster?.id ?? null },
        },
      ]);
    });
  }
  if (subjectId === undefined || (assessment.level !== 'high' && assessment.level !== 'block')) return { changed };
  const { outcome } = await raiseFinding(
    store,
    {
      subjectId,
      key: HIRING_RISK_KEY,
      caption: `DPRK IT-worker indicators: ${assessment.level}`,
      schema: 'Risk',
      datasets: ['vigil_hiring'],
      score: assessment.score / 100,
      explanation: {
        summary: `${assessment.level} (${assessment.score}): ${assessment.signals.map((s) => s.rule).join(', ')}`,
        signals: assessment.signals,
        cluster: assessment.cluster ?? null,
      },
      fingerprint: createHash('sha256').update(JSON.stringify([assessment.level, assessment.signals.map((s) => [s.rule, s.evidence])])).digest('hex'),
    },
    actor,
  );
  return { changed, alert: outcome };
}

/**
 * The employers the link analysis screens (its front-company check), screened ahead as one batch
 * off this thread when the snapshot can (ListSnapshot.screenMany): hundreds of company names,
 * each a screening, held a server's event loop for seconds inside the (synchronous) analysis.
 */
async function prescreenEmployers(snapshot: ListSnapshot, profiles: readonly CandidateProfile[]): Promise<void> {
  const names = new Set<string>();
  for (const p of profiles) for (const e of p.employers ?? []) if (typeof e?.name === 'string' && e.name.trim() !== '') names.add(e.name.trim());
  const queries = [...names].map(employerQuery);
  const found = await snapshot.screenMany(queries, { threshold: DEFAULT_THRESHOLD });
  prefillScreens(snapshot.index, DEFAULT_THRESHOLD, queries.map((q, k) => [q, found[k]!] as const));
}

/** Assess every candidate; store and audit the assessments that changed; raise alerts. */
export async function assessAll(store: Store, options: AssessAllOptions): Promise<AssessAllResult> {
  const t0 = performance.now();
  const stored = await listCandidates(store);
  const profiles = stored.map((c) => c.profile);
  const now = options.now ?? new Date();
  const progress = options.onProgress ?? (() => {});
  progress('linking', 0, 1);
  if (options.snapshot) await prescreenEmployers(options.snapshot, profiles);
  const links = linkCandidates(profiles, options);
  progress('linking', 1, 1);
  const latest = await store.repos.candidates.latestFingerprints();

  const result: AssessAllResult = {
    links,
    assessments: new Map(),
    changed: [],
    levels: { clear: 0, review: 0, high: 0, block: 0 },
    alerts: { opened: 0, reopened: 0, suppressed: 0 },
    ms: 0,
  };
  // Keep the candidates' subjects in step with their profiles.
  const subjects = profiles.flatMap(candidateSubjects);
  const upserts = await upsertSubjects(store, subjects, options.actor);
  const upserted = new Map(upserts.map((u) => [u.ref, u.id]));
  // New or changed candidate subjects are screened at once (list changes reach them by monitoring).
  if (options.snapshot) {
    await screenSubjectIds(store, changedSubjectIds(upserts), {
      snapshot: options.snapshot,
      actor: options.actor,
      trigger: 'vetting',
      onProgress: (done, total) => progress('screening', done, total),
    });
  }

  // Each assessment is a few milliseconds of this thread (its sanctions screens among them): a
  // server's event loop gets its turn every slice, not only when the pool is done.
  const slices = new TimeSlices();
  for (const [done, c] of stored.entries()) {
    if (done % 200 === 0) progress('assessing', done, stored.length);
    await slices.due();
    const assessment = assessCandidate(c.profile, { index: options.snapshot?.index, links, rules: options.rules, now });
    result.assessments.set(c.ref, assessment);
    result.levels[assessment.level]++;
    const recorded = await recordAssessment(store, c, assessment, latest.get(c.id), upserted.get(`candidate:${c.ref}`), options.actor);
    if (recorded.changed) result.changed.push(c.ref);
    if (recorded.alert === 'opened') result.alerts.opened++;
    else if (recorded.alert === 'reopened') result.alerts.reopened++;
    else if (recorded.alert === 'suppressed') result.alerts.suppressed++;
  }
  progress('assessing', stored.length, stored.length);
  result.ms = Math.round(performance.now() - t0);
  return result;
}

export interface AssessOneOptions extends Omit<AssessAllOptions, 'onProgress'> {
  /**
   * Progress of the steps: 'keys' (join keys of profiles stored before the link graph was, derived
   * once), 'linking' (one round per step out from the candidate), 'screening', 'assessing'.
   */
  onProgress?: (step: 'keys' | 'linking' | 'screening' | 'assessing', done: number, total: number) => void;
}

export interface AssessOneResult {
  assessment: Assessment;
  /** The assessment differs from the candidate's latest stored one (and was stored). */
  changed: boolean;
  /** What happened to the hiring-risk alert (high and block only). */
  alert?: AlertOutcome;
  /** What was read to assess it: never the pool, the candidate's part of the link graph. */
  read: {
    /** Profiles read and linked (the candidate, everyone sharing a join key with its cluster, and the first holder of their employers). */
    profiles: number;
    /** Distinct join keys looked up. */
    keys: number;
    /** Rounds out from the candidate until its cluster was closed. */
    rounds: number;
    /** Candidates linked to it directly or through others (itself included): its component of the link graph. */
    component: number;
    /** Profiles whose join keys were derived first (stored before the link graph was). */
    keyed: number;
  };
  ms: number;
}

/**
 * Hub caps of the join keys whose holders are exactly the holders of one value of the analysis
 * (LinkOptions.hubKeys); phone tails, address keys, wallets, devices and near-duplicate resume
 * bands are not (their values are settled when the holders are read together). Resume copy bands
 * have their own cap (COPY_BUCKET_CAP), below.
 */
const HUB_CAP_OF_KEY: Record<string, number> = { m: HUB_CAPS.email, p: HUB_CAPS.ip, i: HUB_CAPS.payment, k: HUB_CAPS.payment, h: HUB_CAPS.payment, d: HUB_CAPS.document, o: HUB_CAPS.profile };

/**
 * The link analysis of a candidate's part of the pool, equal for this candidate (its edges and its
 * cluster) to the analysis of the whole pool, read from the stored join keys (links/keys.ts linkKeys).
 *
 * Why it is equal. An edge's evidence comes from the holders of one shared value (their number,
 * who ships or lives there, their employers, their logins) and from the two ends' other shared
 * values (a household explains a phone line): all of it lies within the holders of the two ends'
 * join keys, and a profile cannot join anyone through a value that is not one of its keys. So once
 * every holder of a profile's keys is read ("expanded"), its edges are the whole pool's. A
 * cluster is a connected part of the edges, so the analysis is repeated, each time expanding the
 * profiles reached from the candidate through expanded ones, until every profile of the
 * candidate's component is expanded: its clusters and bridges are then the whole pool's too.
 * Employers: a front-company screen flags an employer by the first spelling in ref order, so the
 * first holder of each employer named by a profile read is read too, and every holder of a
 * flagged employer named by an expanded profile (up to the employer hub cap).
 * Hubs: a value whose stored holders outnumber its kind's cap (a VPN exit, a shared mailbox) makes
 * no edge in the whole pool, so its holders are not read and the analysis is told it is a hub.
 * Limits of the argument (as in links/): equal phone numbers share their last 7 digits, one
 * address's spellings share their key (house numbers, street and town words, unit); a resume copied by more than HUB_CAPS.resume profiles
 * is a hub through the copies read here (its LSH buckets are over-full, which is the same here).
 */
export async function linkNeighbourhood(
  store: Store,
  target: StoredCandidate,
  options: Pick<AssessAllOptions, 'snapshot' | 'rules' | 'now'> & { onRound?: (round: number, profiles: number) => void },
): Promise<{ links: LinkAnalysis; read: Omit<AssessOneResult['read'], 'keyed'> }> {
  const now = options.now ?? new Date();
  const employerRisk = employerRiskScreen(options.rules, { index: options.snapshot?.index, now });
  const loaded = new Map<number, StoredCandidate>([[target.id, target]]);
  const idOfRef = new Map<string, number>([[target.ref, target.id]]);
  const expanded = new Set<number>();
  const members = new Set<number>([target.id]); // holders of an expanded profile's keys
  const employersChecked = new Set<number>();
  const keysSeen = new Set<string>();
  const hubKeys = new Set<string>();
  const employerHolders = new Map<string, { id: number; ref: string }[]>();
  const load = async (ids: Iterable<number>): Promise<void> => {
    const want = [...new Set(ids)].filter((id) => !loaded.has(id));
    for (const c of await candidatesById(store, want)) {
      loaded.set(c.id, c);
      idOfRef.set(c.ref, c.id);
    }
  };
  const employerKeys = (c: StoredCandidate): Map<string, string> => {
    const out = new Map<string, string>();
    for (const e of c.profile.employers ?? []) {
      if (typeof e?.name !== 'string') continue;
      const key = employerKeyOf(e.name);
      if (key !== '' && !out.has(key)) out.set(key, e.name.trim());
    }
    return out;
  };
  let pending = [target.id];
  for (let round = 1; ; round++) {
    const keys = [...new Set([...(await store.repos.candidates.linkKeysOf(pending)).values()].flat())].filter((k) => !k.startsWith('e:'));
    for (const k of keys) keysSeen.add(k);
    const holders = await store.repos.candidates.linkKeyHolders(keys);
    for (const [key, list] of holders) {
      // A value held by more profiles than its kind's cap is a hub of the pool: no edge, nobody to read.
      // Resume copy bands (s<band>:...) over COPY_BUCKET_CAP holders are skipped by linkResumes too.
      const letter = key.slice(0, key.indexOf(':'));
      const cap = HUB_CAP_OF_KEY[letter] ?? (/^s\d+$/.test(letter) ? COPY_BUCKET_CAP : undefined);
      if (cap !== undefined && list.length > cap) hubKeys.add(key);
      else for (const h of list) members.add(h.id);
    }
    await load(members);
    for (const id of pending) expanded.add(id);
    if (employerRisk) {
      // The first holder (ref order) of every employer a member names decides whether it is flagged.
      const todo = [...members].filter((id) => !employersChecked.has(id) && loaded.has(id));
      const named = new Set<string>();
      for (const id of todo) {
        employersChecked.add(id);
        for (const key of employerKeys(loaded.get(id)!).keys()) if (!employerHolders.has(`e:${key}`)) named.add(`e:${key}`);
      }
      for (const k of named) keysSeen.add(k);
      for (const [k, list] of await store.repos.candidates.linkKeyHolders([...named])) employerHolders.set(k, list);
      const first = (k: string): { id: number; ref: string } | undefined => employerHolders.get(k)?.reduce((a, b) => (b.ref < a.ref ? b : a));
      await load([...named].flatMap((k) => first(k)?.id ?? []));
      // Everyone naming a flagged employer an expanded profile names: its link group.
      const flaggedGroups: number[] = [];
      for (const id of expanded) {
        for (const key of employerKeys(loaded.get(id)!).keys()) {
          const list = employerHolders.get(`e:${key}`) ?? [];
          const head = first(`e:${key}`);
          const name = head && loaded.has(head.id) ? employerKeys(loaded.get(head.id)!).get(key) : undefined;
          if (name !== undefined && list.length <= HUB_CAPS.employer && employerRisk(name)) flaggedGroups.push(...list.map((h) => h.id));
        }
      }
      await load(flaggedGroups);
    }
    options.onRound?.(round, loaded.size);
    const links = analyzeLinks(
      [...loaded.values()].map((c) => c.profile),
      { now, hubKeys, ...(employerRisk ? { employerRisk } : {}) },
    );
    // The component of the candidate, stepping only out of expanded profiles (their edges are exact).
    const seen = new Set<string>([target.ref]);
    const queue = [target.ref];
    const next: number[] = [];
    while (queue.length > 0) {
      const ref = queue.pop()!;
      const id = idOfRef.get(ref)!;
      if (!expanded.has(id)) {
        next.push(id);
        continue;
      }
      for (const e of links.edgesOf(ref)) {
        const other = e.a === ref ? e.b : e.a;
        if (!seen.has(other)) {
          seen.add(other);
          queue.push(other);
        }
      }
    }
    if (next.length === 0) return { links, read: { profiles: loaded.size, keys: keysSeen.size, rounds: round, component: seen.size } };
    pending = next;
  }
}

/**
 * Assess one candidate against the stored link graph: read its part of the pool (see
 * linkNeighbourhood), keep its monitored subjects in step and screen them if they changed, assess
 * it, store the assessment if it changed, raise its alert. Other candidates are not assessed
 * again. The assessment equals the one `assessAll` gives it.
 */
export async function assessOne(store: Store, ref: string, options: AssessOneOptions): Promise<AssessOneResult> {
  const t0 = performance.now();
  const now = options.now ?? new Date();
  const progress = options.onProgress ?? (() => {});
  const keyed = await syncLinkKeys(store, (done) => progress('keys', done, done));
  const c = await getCandidate(store, ref);
  const { links, read } = await linkNeighbourhood(store, c, { snapshot: options.snapshot, rules: options.rules, now, onRound: (round) => progress('linking', round, round) });

  const upserts = await upsertSubjects(store, candidateSubjects(c.profile), options.actor);
  if (options.snapshot) {
    const ids = changedSubjectIds(upserts);
    progress('screening', 0, ids.length);
    await screenSubjectIds(store, ids, { snapshot: options.snapshot, actor: options.actor, trigger: 'vetting' });
    progress('screening', ids.length, ids.length);
  }
  progress('assessing', 0, 1);
  const assessment = assessCandidate(c.profile, { index: options.snapshot?.index, links, rules: options.rules, now });
  const latest = await store.repos.candidates.latestFingerprint(c.id);
  const subjectId = upserts.find((u) => u.ref === `candidate:${c.ref}`)?.id;
  const recorded = await recordAssessment(store, c, assessment, latest, subjectId, options.actor);
  progress('assessing', 1, 1);
  return { assessment, ...recorded, read: { ...read, keyed }, ms: Math.round(performance.now() - t0) };
}

/**
 * After a list change (once the monitor has run): assess every candidate again, since a sanctions
 * signal may now fire or stop firing. Undefined, and nothing done, when there are no candidates.
 */
export async function reassessAfterListChange(store: Store, options: AssessAllOptions): Promise<AssessAllResult | undefined> {
  return (await store.repos.candidates.any()) ? assessAll(store, options) : undefined;
}

/** Level, score and cluster of the latest stored assessment of each of these candidates, in one query. */
export function latestLevels(store: Store, candidateIds: readonly number[]): Promise<Map<number, AssessmentLevel>> {
  return store.repos.candidates.latestLevels(candidateIds);
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/**
 * A stored assessment (a JSON object, decoded by the candidates' repository), checked for what
 * its readers use: level, score, rules version and time, the signals with their rule and evidence,
 * the skipped rules, the cluster's id and members.
 */
export function storedAssessment(value: JsonObject, what: string): Assessment {
  const v = value as Partial<Record<keyof Assessment, unknown>>;
  if (typeof v.ref !== 'string') throw new Error(`${what} has no reference`);
  if (!LEVELS.includes(v.level as Assessment['level'])) throw new Error(`${what} has no level (one of ${LEVELS.join(', ')})`);
  if (typeof v.score !== 'number') throw new Error(`${what} has no score`);
  if (typeof v.rulesVersion !== 'string' || typeof v.assessedAt !== 'string') throw new Error(`${what} has no rules version or time`);
  const signal = (s: unknown): boolean => !!s && typeof s === 'object' && typeof (s as { rule?: unknown }).rule === 'string' && isStrings((s as { evidence?: unknown }).evidence);
  if (!Array.isArray(v.signals) || !v.signals.every(signal)) throw new Error(`${what}: its signals are not a list of rules with their evidence`);
  if (!Array.isArray(v.skipped)) throw new Error(`${what}: its skipped rules are not a list`);
  const cluster = v.cluster as { id?: unknown; members?: unknown } | undefined;
  if (cluster !== undefined && (!cluster || typeof cluster !== 'object' || typeof cluster.id !== 'string' || !isStrings(cluster.members))) throw new Error(`${what}: its cluster has no id or members`);
  return value as unknown as Assessment;
}

/** The latest stored assessment of a candidate. */
export function latestAssessment(store: Store, candidateId: number): Promise<Assessment | undefined> {
  return store.repos.candidates.latestAssessment(candidateId, storedAssessment);
}

export interface StoredAssessmentSummary {
  ref: string;
  level: string;
  score: number;
  cluster: string | null;
  assessedAt: string;
  /** The candidate's profile changed after this assessment: `candidates assess` brings it up to date. */
  outdated: boolean;
}

/**
 * The latest stored assessment of every candidate (of one level, if asked), as stored: nothing is
 * assessed again. Highest level first, then highest score. Candidates never assessed are left out.
 */
export async function storedAssessments(store: Store, options: { level?: string } = {}): Promise<StoredAssessmentSummary[]> {
  const order: Record<string, number> = { block: 0, high: 1, review: 2, clear: 3 };
  return (await store.repos.candidates.latestAssessments(options))
    .map((r) => ({ ref: r.ref, level: r.level, score: r.score, cluster: r.cluster, assessedAt: r.at, outdated: r.version !== r.assessedVersion }))
    .sort((x, y) => (order[x.level] ?? 9) - (order[y.level] ?? 9) || y.score - x.score || (x.ref < y.ref ? -1 : 1));
}

export interface FlagRateOptions {
  /** Labels by candidate reference (an evaluation's truth, a firm's self-identification data), named. */
  labels?: { name: string; byRef: ReadonlyMap<string, string> };
  /** Groups smaller than this are left out of the gap (default 50). */
  minGroup?: number;
}

/**
 * Flag rates of the latest stored assessments by claimed country (as each profile states it) and,
 * when given, by the caller's labels (candidates without a label are left out of that dimension).
 * Nothing is assessed again.
 */
export async function flagRateReport(store: Store, options: FlagRateOptions = {}): Promise<DimensionReport[]> {
  const minGroup = options.minGroup ?? 50;
  const levels = new Map((await storedAssessments(store)).map((a) => [a.ref, a.level as Assessment['level']]));
  const byCountry: { level: Assessment['level']; group: string | undefined }[] = [];
  const byLabel: { level: Assessment['level']; group: string | undefined }[] = [];
  for (let after = 0; ; ) {
    const page = await listCandidates(store, { after, limit: 2000 });
    if (page.length === 0) break;
    after = page[page.length - 1]!.id;
    for (const c of page) {
      const level = levels.get(c.ref);
      if (level === undefined) continue; // never assessed
      byCountry.push({ level, group: c.profile.claimedLocation?.country?.toUpperCase() });
      const label = options.labels?.byRef.get(c.ref);
      if (label !== undefined) byLabel.push({ level, group: label });
    }
  }
  const reports = [flagRates('claimed country', byCountry, minGroup)];
  if (options.labels) reports.push(flagRates(options.labels.name, byLabel, minGroup));
  return reports;
}
