/**
 * Vetting as a workflow: assess every candidate (link analysis runs over all of them, so a change
 * to one profile can change its cluster-mates' assessments), keep an assessment when it differs
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
import { appendAudit } from '../cases/audit.js';
import type { ListSnapshot } from '../cases/snapshot.js';
import type { SubjectInput } from '../cases/subject-input.js';
import { screenSubjects } from '../cases/screening.js';
import { subjectsById, upsertSubjects } from '../cases/subjects.js';
import type { Store } from '../store/index.js';
import { assessCandidate, employerRiskScreen, type Assessment } from './assess.js';
import { listCandidates } from './candidates.js';
import { analyzeLinks, type LinkAnalysis } from './links.js';
import type { CandidateProfile } from './profile.js';
import type { RuleSet } from './rules.js';

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

/** Assess every candidate; store and audit the assessments that changed; raise alerts. */
export async function assessAll(store: Store, options: AssessAllOptions): Promise<AssessAllResult> {
  const t0 = performance.now();
  const stored = await listCandidates(store);
  const profiles = stored.map((c) => c.profile);
  const now = options.now ?? new Date();
  const progress = options.onProgress ?? (() => {});
  progress('linking', 0, 1);
  const links = linkCandidates(profiles, options);
  progress('linking', 1, 1);
  const latest = new Map<number, string>();
  const rows = await store.db
    .selectFrom('candidate_assessments as a')
    .select(['a.candidate_id', 'a.fingerprint'])
    .where('a.id', 'in', (eb) => eb.selectFrom('candidate_assessments').select((e) => e.fn.max('id').as('id')).groupBy('candidate_id'))
    .execute();
  for (const r of rows) latest.set(r.candidate_id, r.fingerprint);

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
    const ids = upserts.filter((u) => u.outcome !== 'unchanged').map((u) => u.id);
    for (let i = 0; i < ids.length; i += 500) {
      await screenSubjects(store, await subjectsById(store, ids.slice(i, i + 500)), { snapshot: options.snapshot, actor: options.actor, trigger: 'vetting' });
      progress('screening', Math.min(i + 500, ids.length), ids.length);
    }
  }

  for (const [done, c] of stored.entries()) {
    if (done % 200 === 0) progress('assessing', done, stored.length);
    const assessment = assessCandidate(c.profile, { index: options.snapshot?.index, links, rules: options.rules, now });
    result.assessments.set(c.ref, assessment);
    result.levels[assessment.level]++;
    const fingerprint = assessmentFingerprint(assessment);
    if (latest.get(c.id) !== fingerprint) {
      await store.db
        .insertInto('candidate_assessments')
        .values({
          candidate_id: c.id,
          candidate_version: c.version,
          rules_version: assessment.rulesVersion,
          score: assessment.score,
          level: assessment.level,
          cluster_id: assessment.cluster?.id ?? null,
          fingerprint,
          assessment: JSON.stringify(assessment),
          at: new Date().toISOString(),
        })
        .execute();
      await appendAudit(store, {
        actor: options.actor,
        action: 'candidate.assess',
        subject: `candidate:${c.ref}`,
        details: { version: c.version, level: assessment.level, score: assessment.score, rules: assessment.signals.map((s) => s.rule), cluster: assessment.cluster?.id ?? null },
      });
      result.changed.push(c.ref);
    }
    const subjectId = upserted.get(`candidate:${c.ref}`);
    if (subjectId !== undefined && (assessment.level === 'high' || assessment.level === 'block')) {
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
        options.actor,
      );
      if (outcome === 'opened') result.alerts.opened++;
      else if (outcome === 'reopened') result.alerts.reopened++;
      else if (outcome === 'suppressed') result.alerts.suppressed++;
    }
  }
  progress('assessing', stored.length, stored.length);
  result.ms = Math.round(performance.now() - t0);
  return result;
}

/**
 * After a list change (once the monitor has run): assess every candidate again, since a sanctions
 * signal may now fire or stop firing. Undefined, and nothing done, when there are no candidates.
 */
export async function reassessAfterListChange(store: Store, options: AssessAllOptions): Promise<AssessAllResult | undefined> {
  const any = await store.db.selectFrom('candidates').select('id').limit(1).executeTakeFirst();
  return any ? assessAll(store, options) : undefined;
}

/** Level, score and cluster of the latest stored assessment of each of these candidates, in one query. */
export async function latestLevels(store: Store, candidateIds: readonly number[]): Promise<Map<number, { level: string; score: number; cluster: string | null }>> {
  const out = new Map<number, { level: string; score: number; cluster: string | null }>();
  if (candidateIds.length === 0) return out;
  const rows = await store.db
    .selectFrom('candidate_assessments as a')
    .select(['a.candidate_id', 'a.level', 'a.score', 'a.cluster_id'])
    .where('a.id', 'in', (eb) => eb.selectFrom('candidate_assessments').select((e) => e.fn.max('id').as('id')).where('candidate_id', 'in', [...candidateIds]).groupBy('candidate_id'))
    .execute();
  for (const r of rows) out.set(r.candidate_id, { level: r.level, score: r.score, cluster: r.cluster_id });
  return out;
}

/** The latest stored assessment of a candidate. */
export async function latestAssessment(store: Store, candidateId: number): Promise<Assessment | undefined> {
  const row = await store.db.selectFrom('candidate_assessments').select('assessment').where('candidate_id', '=', candidateId).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row ? (JSON.parse(row.assessment) as Assessment) : undefined;
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
  let q = store.db
    .selectFrom('candidate_assessments as a')
    .innerJoin('candidates as c', 'c.id', 'a.candidate_id')
    .select(['c.ref', 'c.version', 'a.candidate_version', 'a.level', 'a.score', 'a.cluster_id', 'a.at'])
    .where('c.deleted_at', 'is', null)
    .where('a.id', 'in', (eb) => eb.selectFrom('candidate_assessments').select((e) => e.fn.max('id').as('id')).groupBy('candidate_id'));
  if (options.level !== undefined) q = q.where('a.level', '=', options.level);
  const order: Record<string, number> = { block: 0, high: 1, review: 2, clear: 3 };
  return (await q.execute())
    .map((r) => ({ ref: r.ref, level: r.level, score: r.score, cluster: r.cluster_id, assessedAt: r.at, outdated: r.version !== r.candidate_version }))
    .sort((x, y) => (order[x.level] ?? 9) - (order[y.level] ?? 9) || y.score - x.score || (x.ref < y.ref ? -1 : 1));
}
