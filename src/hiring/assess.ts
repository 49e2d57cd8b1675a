/**
 * Risk assessment of one candidate: every enabled rule's detector runs on a guarded view of the
 * profile (see the fairness guard in src/hiring/signals/index.ts); each rule that finds evidence is a
 * fired signal, with its evidence and citation. The signals combine into a score and a level.
 *
 * Scoring (every number is in SCORING below):
 *   score = 100 * (1 - PRODUCT over fired rules of (1 - weight)), rounded.
 *   A "noisy-OR": each weight is read as the chance that the indicator alone means trouble, and
 *   independent indicators compound without ever passing 100. One rule of weight 0.45 gives 45;
 *   two give 70; a weight of 1 gives 100. A rule counts once however much evidence it has.
 * Levels:
 *   block   any fired `critical` rule (a match on a sanctions list: the person, an employer, a
 *           wallet, an e-mail address or domain, a phone). Blocking is a legal matter, so no
 *           number of behavioural indicators alone reaches it;
 *   high    score >= 60, or the candidate belongs to an operator cluster (link analysis);
 *   review  score >= 25, or any fired `high` rule (a name resembling a listed person's weighs
 *           nothing in the score but is always a question for an analyst);
 *   clear   below that.
 */
import type { Cluster, LinkEdge } from './links/index.js';
import { emptyProfile, type CandidateProfile } from './profile.js';
import type { Citation, Rule, RuleSet, Severity } from './rules.js';
import { DETECTORS, edgesOf, guardProfile, type Evidence, type ListedHit, type SignalContext } from './signals/index.js';

export const LEVELS = ['clear', 'review', 'high', 'block'] as const;
export type Level = (typeof LEVELS)[number];

/** Every number the assessment uses, in one place. */
export const SCORING = {
  /** Score at or above which the level is at least `review`. */
  reviewAt: 25,
  /** Score at or above which the level is at least `high`. */
  highAt: 60,
  /** A fired rule of this severity makes the level `block` (sanctions hits). */
  blockSeverity: 'critical' as Severity,
  /**
   * A fired rule of this severity makes the level at least `review`, whatever its weight: a name
   * that resembles a listed person's is a question for an analyst, not evidence of the IT-worker
   * pattern, so it weighs nothing in the score (it would raise common names over others).
   */
  reviewSeverity: 'high' as Severity,
  /** Membership in an operator cluster makes the level at least this. */
  operatorClusterLevel: 'high' as Level,
  /** Evidence items kept per signal; the rest are summarised in one last item. */
  maxEvidence: 20,
} as const;

export interface Signal {
  rule: string;
  description: string;
  severity: Severity;
  weight: number;
  evidence: string[];
  citation: Citation;
  /** Listed entities behind a sanctions signal. */
  listed?: ListedHit[];
}

export interface AssessmentCluster {
  id: string;
  members: string[];
  operator: boolean;
  strength: number;
  /** This candidate's edges, with their evidence. */
  edges: LinkEdge[];
}

export interface Assessment {
  ref: string;
  /** 0..100. */
  score: number;
  level: Level;
  /** Fired signals, in rule-file order. */
  signals: Signal[];
  cluster?: AssessmentCluster;
  /** Rules that could not run for want of context (no list index, no link analysis). */
  skipped: { rule: string; reason: string }[];
  rulesVersion: string;
  assessedAt: string;
}

export type AssessContext = SignalContext & { rules: RuleSet };

function capped(evidence: Evidence[]): string[] {
  const texts = [...new Set(evidence.map((e) => e.text))];
  if (texts.length <= SCORING.maxEvidence) return texts;
  const kept = texts.slice(0, SCORING.maxEvidence - 1);
  kept.push(`... and ${texts.length - kept.length} more`);
  return kept;
}

function levelFor(score: number): Level {
  if (score >= SCORING.highAt) return 'high';
  if (score >= SCORING.reviewAt) return 'review';
  return 'clear';
}

function atLeast(level: Level, floor: Level): Level {
  return LEVELS.indexOf(level) >= LEVELS.indexOf(floor) ? level : floor;
}

/** Run one rule; its signal when it fires. */
export function runRule(rule: Rule, profile: CandidateProfile, ctx: SignalContext): Signal | undefined {
  const detector = DETECTORS.get(rule.detector);
  if (!detector) throw new Error(`rule ${rule.id}: unknown detector ${rule.detector}`);
  const evidence = detector.run(guardProfile(profile, detector), ctx, rule.params);
  if (evidence.length === 0) return undefined;
  const listed = evidence.map((e) => e.listed).filter((l): l is ListedHit => l !== undefined);
  return {
    rule: rule.id,
    description: rule.description,
    severity: rule.severity,
    weight: rule.weight,
    evidence: capped(evidence),
    citation: rule.citation,
    ...(listed.length > 0 ? { listed } : {}),
  };
}

/**
 * The front-company screen link analysis takes (`LinkOptions.employerRisk`): the rule set's
 * `sanctions.employer` rule run on a profile naming only that employer, memoised by name. Its
 * reason is the rule's first piece of evidence. Undefined when the rule is absent or disabled, or
 * there is no list index: employers then join nobody.
 */
export function employerRiskScreen(rules: RuleSet, ctx: SignalContext): ((employerName: string) => string | undefined) | undefined {
  const rule = rules.rules.find((r) => r.id === 'sanctions.employer' && r.enabled);
  if (!rule || !ctx.index) return undefined;
  const memo = new Map<string, string | undefined>();
  return (name) => {
    if (!memo.has(name)) {
      const probe: CandidateProfile = { ...emptyProfile('employer-probe'), employers: [{ name }] };
      memo.set(name, runRule(rule, probe, ctx)?.evidence[0]);
    }
    return memo.get(name);
  };
}

export function assessCandidate(profile: CandidateProfile, ctx: AssessContext): Assessment {
  // Detectors see a private copy: the guard's proxies cannot wrap frozen objects, and nothing a
  // detector does can reach the caller's profile.
  const copy = structuredClone(profile);
  const signals: Signal[] = [];
  const skipped: { rule: string; reason: string }[] = [];
  for (const rule of ctx.rules.rules) {
    if (!rule.enabled) continue;
    const detector = DETECTORS.get(rule.detector);
    if (!detector) throw new Error(`rule ${rule.id}: unknown detector ${rule.detector}`);
    const missing = detector.needs.filter((n) => ctx[n] === undefined);
    if (missing.length > 0) {
      skipped.push({ rule: rule.id, reason: missing.map((m) => (m === 'index' ? 'no sanctions list index' : 'no link analysis')).join(', ') });
      continue;
    }
    const signal = runRule(rule, copy, ctx);
    if (signal) signals.push(signal);
  }

  let remaining = 1;
  for (const s of signals) remaining *= 1 - s.weight;
  const score = Math.round(100 * (1 - remaining));
  let level = levelFor(score);

  let cluster: AssessmentCluster | undefined;
  const found: Cluster | undefined = ctx.links?.clusterOf(profile.ref);
  if (found && found.members.length > 1) {
    cluster = {
      id: found.id,
      members: [...found.members],
      operator: found.operator,
      strength: found.strength,
      edges: edgesOf(ctx.links!.edgesOf(profile.ref), profile.ref).map((e) => e.edge),
    };
    if (found.operator) level = atLeast(level, SCORING.operatorClusterLevel);
  }
  if (signals.some((s) => s.severity === SCORING.reviewSeverity)) level = atLeast(level, 'review');
  if (signals.some((s) => s.severity === SCORING.blockSeverity)) level = 'block';

  return {
    ref: profile.ref,
    score,
    level,
    signals,
    ...(cluster ? { cluster } : {}),
    skipped,
    rulesVersion: ctx.rules.version,
    assessedAt: ctx.now.toISOString(),
  };
}
