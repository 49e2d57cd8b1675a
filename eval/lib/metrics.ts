/**
 * The arithmetic of the measurement, kept apart from I/O so that `run.ts --self-test` can check
 * it on a fabricated example.
 */
import type { NegativeRule, PairCase, ScreenCase } from './cases.js';

export interface ScreenHit {
  id: string;
  caption?: string;
  schema?: string;
  score: number;
  match: boolean;
}

export interface ScreenOutput {
  id: string;
  results: ScreenHit[];
}

export interface PairOutput {
  id: string;
  score: number;
  match: boolean;
}

export type Outcome =
  | { kind: 'found'; hit: ScreenHit }
  /** the expected party is in the results, but below the threshold */
  | { kind: 'below-threshold'; hit: ScreenHit }
  | { kind: 'missed' }
  | { kind: 'no-output' }
  | { kind: 'clean' }
  | { kind: 'false-alert'; hits: ScreenHit[] };

export interface ScreenMetrics {
  cases: number;
  positives: number;
  /** positives whose expected party came back with match:true */
  found: number;
  /** positives whose expected party came back at any score */
  inResults: number;
  negatives: number;
  /** negatives counted as false alerts under the category's rule */
  falseAlerts: number;
  /** negatives with any result at all (whatever the rule) */
  anyResult: number;
  /** cases the command wrote no output line for */
  noOutput: number;
  recall: number;
  falseAlertRate: number;
  outcomes: Map<string, Outcome>;
}

/**
 * Judge one case. A missing output line counts against the matcher either way: a miss for a
 * positive, a false alert for a negative (a crashed screen must not look clean).
 */
export function judge(c: ScreenCase, out: ScreenOutput | undefined, rule: NegativeRule): Outcome {
  if (c.expected.length > 0) {
    if (!out) return { kind: 'no-output' };
    const expected = new Set(c.expected);
    const hits = out.results.filter((r) => expected.has(r.id));
    const matched = hits.find((r) => r.match === true);
    if (matched) return { kind: 'found', hit: matched };
    if (hits.length > 0) return { kind: 'below-threshold', hit: hits.reduce((a, b) => (b.score > a.score ? b : a)) };
    return { kind: 'missed' };
  }
  if (!out) return { kind: 'no-output' };
  const bad = rule === 'any' ? out.results : out.results.filter((r) => r.match === true);
  return bad.length > 0 ? { kind: 'false-alert', hits: bad } : { kind: 'clean' };
}

export function screenMetrics(cases: readonly ScreenCase[], outputs: ReadonlyMap<string, ScreenOutput>, rule: NegativeRule): ScreenMetrics {
  const outcomes = new Map<string, Outcome>();
  for (const c of cases) outcomes.set(c.id, judge(c, outputs.get(c.id), rule));
  return tallyOutcomes(cases, outcomes, outputs);
}

/** Counts and rates over judged cases (a category, or a subgroup of one). */
export function tallyOutcomes(
  cases: readonly ScreenCase[],
  outcomes: ReadonlyMap<string, Outcome>,
  outputs?: ReadonlyMap<string, ScreenOutput>,
): ScreenMetrics {
  const m: ScreenMetrics = {
    cases: cases.length,
    positives: 0,
    found: 0,
    inResults: 0,
    negatives: 0,
    falseAlerts: 0,
    anyResult: 0,
    noOutput: 0,
    recall: NaN,
    falseAlertRate: NaN,
    outcomes: new Map(),
  };
  for (const c of cases) {
    const o = outcomes.get(c.id)!;
    m.outcomes.set(c.id, o);
    if (o.kind === 'no-output') m.noOutput++;
    if (c.expected.length > 0) {
      m.positives++;
      if (o.kind === 'found') m.found++;
      if (o.kind === 'found' || o.kind === 'below-threshold') m.inResults++;
    } else {
      m.negatives++;
      if (o.kind === 'false-alert' || o.kind === 'no-output') m.falseAlerts++;
      const out = outputs?.get(c.id);
      if (out && out.results.length > 0) m.anyResult++;
    }
  }
  if (m.positives > 0) m.recall = m.found / m.positives;
  if (m.negatives > 0) m.falseAlertRate = m.falseAlerts / m.negatives;
  return m;
}

export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  /** pairs without an output line (always counted wrong: fn for a true pair, fp for a false one) */
  missing: number;
  precision: number;
  recall: number;
  f1: number;
}

export function confusion(pairs: readonly { label: boolean; predicted: boolean }[], missing = 0): Confusion {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (const p of pairs) {
    if (p.label && p.predicted) tp++;
    else if (!p.label && p.predicted) fp++;
    else if (!p.label && !p.predicted) tn++;
    else fn++;
  }
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { tp, fp, tn, fn, missing, precision, recall, f1 };
}

export interface PairMetrics {
  overall: Confusion;
  byKind: Map<string, Confusion>;
  /** The score threshold that would give the best F1 on these pairs (a hint, not a target). */
  bestThreshold: { threshold: number; f1: number } | undefined;
}

export function pairMetrics(pairs: readonly PairCase[], outputs: ReadonlyMap<string, PairOutput>): PairMetrics {
  const judged = pairs.map((p) => {
    const out = outputs.get(p.id);
    // A pair without output is counted wrong whatever its label.
    return { label: p.label, predicted: out ? out.match === true : !p.label, kind: p.kind, score: out?.score, missing: !out };
  });
  const missing = judged.filter((j) => j.missing).length;
  const byKind = new Map<string, Confusion>();
  for (const kind of [...new Set(judged.map((j) => j.kind))].sort()) {
    const js = judged.filter((j) => j.kind === kind);
    byKind.set(kind, confusion(js, js.filter((j) => j.missing).length));
  }
  const scored = judged.filter((j): j is typeof j & { score: number } => typeof j.score === 'number');
  let bestThreshold: PairMetrics['bestThreshold'];
  for (const t of [...new Set(scored.map((j) => j.score))].sort((a, b) => a - b)) {
    const c = confusion(judged.map((j) => ({ label: j.label, predicted: j.missing ? !j.label : typeof j.score === 'number' && j.score >= t })));
    if (!bestThreshold || c.f1 > bestThreshold.f1) bestThreshold = { threshold: t, f1: c.f1 };
  }
  return { overall: confusion(judged, missing), byKind, bestThreshold };
}

/** Confusion over the pairs that `keep` selects (a bucket, a schema, a split...). */
export function pairConfusion(pairs: readonly PairCase[], outputs: ReadonlyMap<string, PairOutput>, keep: (p: PairCase) => boolean): Confusion {
  const js = pairs.filter(keep).map((p) => {
    const out = outputs.get(p.id);
    return { label: p.label, predicted: out ? out.match === true : !p.label, missing: !out };
  });
  return confusion(js, js.filter((j) => j.missing).length);
}
