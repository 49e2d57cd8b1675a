/**
 * The arithmetic of `npm run eval:hiring`, kept pure so that `--self-test` can check it on a
 * made-up example: cluster detection (identity level and pair level), high/block level,
 * innocent shares, per-shape recall, and fairness (per name origin and per claimed country).
 */
import { Rng } from '../../lib/prng.js';
import type { PoolTruth } from './pool.js';
import { isKoreanOrigin } from './people.js';

export type Level = 'clear' | 'review' | 'high' | 'block';

export interface ClusterLike {
  members: readonly string[];
  operator: boolean;
}

export interface Ratio {
  hit: number;
  total: number;
}

export const rate = (r: Ratio): number => (r.total === 0 ? NaN : r.hit / r.total);

const flagged = (l: Level | undefined) => l === 'high' || l === 'block';

export interface ClusterMetrics {
  /** Identities of multi-identity planted operators that share an operator cluster with another identity of the same operator. */
  recall: Ratio;
  /** Identities in operator clusters that are planted operators (any operator). */
  precision: Ratio;
  /** Same-operator pairs inside one operator cluster / all same-operator pairs. */
  pairRecall: Ratio;
  /** Same-operator pairs / all pairs inside operator clusters. */
  pairPrecision: Ratio;
  /** Operator clusters holding identities of two or more planted operators (merged). */
  mergedClusters: number;
  /** Operator clusters with no planted operator at all. */
  cleanOnlyClusters: number;
  operatorClusters: number;
  perShape: Map<string, Ratio>;
  /** Planted identities (multi-identity operators) not recalled. */
  missed: string[];
  /** Clean refs inside operator clusters. */
  cleanInOperatorClusters: string[];
}

export function clusterMetrics(truth: PoolTruth, clusters: readonly ClusterLike[]): ClusterMetrics {
  const operatorOf = new Map<string, string>();
  for (const o of truth.operators) for (const r of o.refs) operatorOf.set(r, o.id);
  const opClusters = clusters.filter((c) => c.operator && c.members.length > 1);
  const clusterIdx = new Map<string, number>();
  opClusters.forEach((c, i) => c.members.forEach((m) => clusterIdx.set(m, i)));

  const recall: Ratio = { hit: 0, total: 0 };
  const perShape = new Map<string, Ratio>();
  const missed: string[] = [];
  const pairRecall: Ratio = { hit: 0, total: 0 };
  for (const o of truth.operators) {
    if (o.refs.length < 2) continue;
    const shape = perShape.get(o.shape) ?? { hit: 0, total: 0 };
    for (const r of o.refs) {
      const ci = clusterIdx.get(r);
      const ok = ci !== undefined && o.refs.some((x) => x !== r && clusterIdx.get(x) === ci);
      recall.total++;
      shape.total++;
      if (ok) {
        recall.hit++;
        shape.hit++;
      } else missed.push(r);
    }
    perShape.set(o.shape, shape);
    for (let i = 0; i < o.refs.length; i++) {
      for (let j = i + 1; j < o.refs.length; j++) {
        pairRecall.total++;
        const a = clusterIdx.get(o.refs[i]!);
        if (a !== undefined && a === clusterIdx.get(o.refs[j]!)) pairRecall.hit++;
      }
    }
  }

  const precision: Ratio = { hit: 0, total: 0 };
  const pairPrecision: Ratio = { hit: 0, total: 0 };
  const cleanIn: string[] = [];
  let merged = 0;
  let cleanOnly = 0;
  for (const c of opClusters) {
    const ops = new Set<string>();
    for (const m of c.members) {
      precision.total++;
      const op = operatorOf.get(m);
      if (op !== undefined) {
        precision.hit++;
        ops.add(op);
      } else cleanIn.push(m);
    }
    if (ops.size >= 2) merged++;
    if (ops.size === 0) cleanOnly++;
    const n = c.members.length;
    pairPrecision.total += (n * (n - 1)) / 2;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const a = operatorOf.get(c.members[i]!);
        if (a !== undefined && a === operatorOf.get(c.members[j]!)) pairPrecision.hit++;
      }
    }
  }
  return { recall, precision, pairRecall, pairPrecision, mergedClusters: merged, cleanOnlyClusters: cleanOnly, operatorClusters: opClusters.length, perShape, missed, cleanInOperatorClusters: cleanIn.sort() };
}

export interface LevelMetrics {
  /** Planted operator identities assessed high or block. */
  recall: Ratio;
  /** Of everyone assessed high or block, the planted operators. */
  precision: Ratio;
  perShape: Map<string, Ratio>;
  /** Counts per level, operators and clean. */
  levels: { operators: Record<Level, number>; clean: Record<Level, number> };
  missed: string[];
  falseAlarms: string[];
}

export function levelMetrics(truth: PoolTruth, refs: readonly string[], levels: ReadonlyMap<string, Level>): LevelMetrics {
  const opRefs = new Set(truth.operators.flatMap((o) => o.refs));
  const recall: Ratio = { hit: 0, total: 0 };
  const perShape = new Map<string, Ratio>();
  const missed: string[] = [];
  for (const o of truth.operators) {
    const shape = perShape.get(o.shape) ?? { hit: 0, total: 0 };
    for (const r of o.refs) {
      recall.total++;
      shape.total++;
      if (flagged(levels.get(r))) {
        recall.hit++;
        shape.hit++;
      } else missed.push(r);
    }
    perShape.set(o.shape, shape);
  }
  const precision: Ratio = { hit: 0, total: 0 };
  const falseAlarms: string[] = [];
  const zero = (): Record<Level, number> => ({ clear: 0, review: 0, high: 0, block: 0 });
  const counts = { operators: zero(), clean: zero() };
  for (const r of refs) {
    const l = levels.get(r) ?? 'clear';
    const op = opRefs.has(r);
    counts[op ? 'operators' : 'clean'][l]++;
    if (!flagged(l)) continue;
    precision.total++;
    if (op) precision.hit++;
    else falseAlarms.push(r);
  }
  return { recall, precision, perShape, levels: counts, missed, falseAlarms };
}

export interface InnocentRow {
  shape: string;
  groups: number;
  people: number;
  highBlock: number;
  review: number;
  inOperatorCluster: number;
  /** Groups with at least one member at high/block. */
  groupsFlagged: number;
}

export function innocentMetrics(truth: PoolTruth, levels: ReadonlyMap<string, Level>, inOperatorCluster: (ref: string) => boolean): InnocentRow[] {
  const rows = new Map<string, { groups: number; people: Set<string>; groupsFlagged: number }>();
  for (const s of truth.innocentShares) {
    const row = rows.get(s.shape) ?? { groups: 0, people: new Set<string>(), groupsFlagged: 0 };
    row.groups++;
    for (const r of s.refs) row.people.add(r);
    if (s.refs.some((r) => flagged(levels.get(r)))) row.groupsFlagged++;
    rows.set(s.shape, row);
  }
  return [...rows].map(([shape, row]) => {
    const people = [...row.people];
    return {
      shape,
      groups: row.groups,
      people: people.length,
      highBlock: people.filter((r) => flagged(levels.get(r))).length,
      review: people.filter((r) => levels.get(r) === 'review').length,
      inOperatorCluster: people.filter(inOperatorCluster).length,
      groupsFlagged: row.groupsFlagged,
    };
  });
}

export interface Fairness {
  korean: { n: number; highBlock: number; reviewOrMore: number };
  other: { n: number; highBlock: number; reviewOrMore: number };
}

/** Clean candidates only: Korean-origin names vs the rest, at high/block and at review or more. */
export function fairness(truth: PoolTruth, refs: readonly string[], levels: ReadonlyMap<string, Level>): Fairness {
  const opRefs = new Set(truth.operators.flatMap((o) => o.refs));
  const out: Fairness = { korean: { n: 0, highBlock: 0, reviewOrMore: 0 }, other: { n: 0, highBlock: 0, reviewOrMore: 0 } };
  for (const r of refs) {
    if (opRefs.has(r)) continue;
    const g = isKoreanOrigin(truth.origins[r] ?? '') ? out.korean : out.other;
    const l = levels.get(r) ?? 'clear';
    g.n++;
    if (flagged(l)) g.highBlock++;
    if (l !== 'clear') g.reviewOrMore++;
  }
  return out;
}

export interface GroupRate {
  group: string;
  n: number;
  highBlock: number;
  reviewOrMore: number;
}

export interface GroupFairness {
  /** Every group, largest first. */
  groups: GroupRate[];
  /** Groups this small are listed but left out of the gap (too few to tell a rate). */
  minN: number;
  /** Highest minus lowest high/block rate among groups with n >= minN; NaN with fewer than two such groups. */
  gap: number;
  highest?: string;
  lowest?: string;
}

/**
 * Clean candidates only, per group (a name origin from the truth file, or the claimed country
 * of the profile): the share at high/block and at review or above, and the largest gap in the
 * high/block share between groups of at least `minN`. A fair system flags clean people of every
 * group alike, so the gap should be about zero.
 */
export function fairnessBy(truth: PoolTruth, refs: readonly string[], levels: ReadonlyMap<string, Level>, groupOf: (ref: string) => string | undefined, minN = 50): GroupFairness {
  const opRefs = new Set(truth.operators.flatMap((o) => o.refs));
  const by = new Map<string, GroupRate>();
  for (const r of refs) {
    if (opRefs.has(r)) continue;
    const group = groupOf(r) ?? '?';
    const g = by.get(group) ?? { group, n: 0, highBlock: 0, reviewOrMore: 0 };
    const l = levels.get(r) ?? 'clear';
    g.n++;
    if (flagged(l)) g.highBlock++;
    if (l !== 'clear') g.reviewOrMore++;
    by.set(group, g);
  }
  const groups = [...by.values()].sort((a, b) => b.n - a.n || (a.group < b.group ? -1 : 1));
  const counted = groups.filter((g) => g.n >= minN).sort((a, b) => b.highBlock / b.n - a.highBlock / a.n);
  if (counted.length < 2) return { groups, minN, gap: NaN };
  const hi = counted[0]!;
  const lo = counted[counted.length - 1]!;
  return { groups, minN, gap: hi.highBlock / hi.n - lo.highBlock / lo.n, highest: hi.group, lowest: lo.group };
}

/**
 * The gap that chance alone gives: the same clean candidates and levels, the group labels
 * shuffled among them (so no group differs but by luck), `trials` times. Returns the median and
 * the 95th percentile. With a few hundred candidates per group and flag rates of several
 * percent, the largest of fifteen groups minus the smallest is some points even for a fair
 * system; a measured gap well above the 95th percentile is the system's doing.
 */
export function chanceGap(truth: PoolTruth, refs: readonly string[], levels: ReadonlyMap<string, Level>, groupOf: (ref: string) => string | undefined, minN = 50, trials = 200, seed = 1): { median: number; p95: number } {
  const opRefs = new Set(truth.operators.flatMap((o) => o.refs));
  const clean = refs.filter((r) => !opRefs.has(r));
  const labels = clean.map((r) => groupOf(r) ?? '?');
  const rng = new Rng(seed);
  const gaps: number[] = [];
  for (let t = 0; t < trials; t++) {
    const shuffled = rng.shuffle(labels);
    const label = new Map(clean.map((r, i) => [r, shuffled[i]!]));
    const g = fairnessBy(truth, clean, levels, (r) => label.get(r), minN).gap;
    if (!Number.isNaN(g)) gaps.push(g);
  }
  gaps.sort((a, b) => a - b);
  if (gaps.length === 0) return { median: NaN, p95: NaN };
  return { median: gaps[Math.floor(gaps.length / 2)]!, p95: gaps[Math.min(gaps.length - 1, Math.floor(gaps.length * 0.95))]! };
}

export interface Target {
  label: string;
  value: number;
  bound: number;
  /** 'min': value >= bound passes; 'max': value <= bound passes. */
  kind: 'min' | 'max';
}

export const TARGET_RECALL = 0.95;
export const TARGET_PRECISION = 0.9;
/** Issue 14: planted identities at high/block. */
export const TARGET_LEVEL_RECALL = 0.97;
/** Issue 14: same-operator pairs found together, and pairs in operator clusters that are one operator. */
export const TARGET_PAIR = 0.9;
/** Issue 14: the largest gap in the clean high/block rate between groups (n >= 50), 1 percentage point. */
export const TARGET_FAIRNESS_GAP = 0.01;

export function targets(c: ClusterMetrics, l: LevelMetrics, f?: { origin: GroupFairness; country: GroupFairness }): Target[] {
  const out: Target[] = [
    { label: 'cluster detection recall (planted identities)', value: rate(c.recall), bound: TARGET_RECALL, kind: 'min' },
    { label: 'cluster detection precision (identities in operator clusters)', value: rate(c.precision), bound: TARGET_PRECISION, kind: 'min' },
    { label: 'cluster pair recall (same-operator pairs in one operator cluster)', value: rate(c.pairRecall), bound: TARGET_PAIR, kind: 'min' },
    { label: 'cluster pair precision (pairs in operator clusters that are one operator)', value: rate(c.pairPrecision), bound: TARGET_PAIR, kind: 'min' },
    { label: 'high/block recall (planted identities)', value: rate(l.recall), bound: TARGET_LEVEL_RECALL, kind: 'min' },
    { label: 'high/block precision (everyone at high/block)', value: rate(l.precision), bound: TARGET_PRECISION, kind: 'min' },
  ];
  if (f) {
    out.push({ label: `fairness: largest gap in clean high/block rate between name origins (n >= ${f.origin.minN})`, value: f.origin.gap, bound: TARGET_FAIRNESS_GAP, kind: 'max' });
    out.push({ label: `fairness: largest gap in clean high/block rate between claimed countries (n >= ${f.country.minN})`, value: f.country.gap, bound: TARGET_FAIRNESS_GAP, kind: 'max' });
  }
  return out;
}

/** NaN (nothing measured) fails: a target with no evidence is not met. */
export function passes(t: Target): boolean {
  if (Number.isNaN(t.value)) return false;
  return t.kind === 'min' ? t.value >= t.bound : t.value <= t.bound;
}
