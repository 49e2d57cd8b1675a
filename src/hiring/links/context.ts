/**
 * What every link kind works with: the analysis's state (Ctx: the nodes, the evidence gathered per
 * pair, hubs, households, workspaces), the employers of a node (current or not, in common or
 * not, the office a group's common employer most likely is), pair keys, adding evidence, pairs of
 * a group (every pair, or a star for large groups) and recording hubs.
 */
import { employerKey } from '../normalize-ids.js';
import type { CandidateProfile } from '../profile.js';
import { HUB_CAPS, type HubValue, type LinkEvidence, type LinkKind } from './types.js';

export interface Ctx {
  refs: string[];
  n: number;
  nodes: CandidateProfile[][];
  ev: Map<number, LinkEvidence[]>;
  hubs: HubValue[];
  household: Set<number>;
  /** Pairs who receive equipment at one workspace (a coworking space) they each work from for an employer of their own. */
  workspace: Set<number>;
  /** Phone evidence an office may explain (its switchboard), with the employer's name: see assemble. */
  officeLines: Map<LinkEvidence, string>;
  /** Employer key -> name and whether current, per node, computed on first use (few pairs ask). */
  employers: (Map<string, { name: string; current: boolean }> | undefined)[];
  flaggedEmployers: Map<string, string>;
  nowMs: number;
  /** LinkOptions.hubKeys. */
  hubKeys?: ReadonlySet<string>;
}

/** Stands in for a missing list (no allocation per profile). */
export const NONE: readonly never[] = [];

const NO_EMPLOYERS = new Map<string, { name: string; current: boolean }>();
/** Employer names -> keys: names repeat across a book (a pure cache, bounded). */
const EMPLOYER_KEYS = new Map<string, string>();
const CURRENT_WORDS = /^(?:present|current|now|ongoing|today)$/i;

/** The employer key of a name ('' when none), through a bounded cache: names repeat across a book. */
export function employerKeyOf(name: string): string {
  let key = EMPLOYER_KEYS.get(name);
  if (key === undefined) {
    key = employerKey(name) ?? '';
    if (EMPLOYER_KEYS.size > 100_000) EMPLOYER_KEYS.clear();
    EMPLOYER_KEYS.set(name, key);
  }
  return key;
}

/** Current: no end date, an end date like "present", or (given `now`) one still ahead. */
function isCurrent(ctx: Ctx, to: string | undefined): boolean {
  const t = typeof to === 'string' ? to.trim() : '';
  return t === '' || CURRENT_WORDS.test(t) || (ctx.nowMs !== Infinity && Date.parse(t) >= ctx.nowMs);
}

export function employersOf(ctx: Ctx, i: number): Map<string, { name: string; current: boolean }> {
  let m = ctx.employers[i];
  if (m) return m;
  m = NO_EMPLOYERS;
  for (const p of ctx.nodes[i]!) {
    for (const e of p.employers ?? NONE) {
      if (typeof e?.name !== 'string') continue;
      const key = employerKeyOf(e.name);
      if (key === '') continue;
      const current = isCurrent(ctx, e.to);
      if (m === NO_EMPLOYERS) m = new Map();
      const prev = m.get(key);
      if (!prev) m.set(key, { name: e.name.trim(), current });
      else if (current) prev.current = true;
    }
  }
  ctx.employers[i] = m;
  return m;
}

/** Both profiles name employers, and none in common. */
export function neverColleagues(ctx: Ctx, i: number, j: number): boolean {
  const a = employersOf(ctx, i);
  const b = employersOf(ctx, j);
  if (a.size === 0 || b.size === 0) return false;
  for (const key of a.keys()) if (b.has(key)) return false;
  return true;
}

/** An employer (current or earlier, not a flagged one) both name, as the first of them writes it. */
export function commonEmployer(ctx: Ctx, i: number, j: number): string | undefined {
  const b = employersOf(ctx, j);
  if (b.size === 0) return undefined;
  for (const [key, e] of employersOf(ctx, i)) if (b.has(key) && !ctx.flaggedEmployers.has(key)) return e.name;
  return undefined;
}

export function pairKey(ctx: Ctx, i: number, j: number): number {
  return i < j ? i * ctx.n + j : j * ctx.n + i;
}

export function addEvidence(ctx: Ctx, i: number, j: number, e: LinkEvidence): void {
  if (i === j) return;
  const k = pairKey(ctx, i, j);
  const list = ctx.ev.get(k);
  if (list) list.push(e);
  else ctx.ev.set(k, [e]);
}

/**
 * A current employer of both (not a flagged one), which can explain a shared office network:
 * colleagues. A past employer explains nothing about where people log in from today.
 */
export function sharedEmployer(ctx: Ctx, i: number, j: number): { key: string; name: string } | undefined {
  const a = employersOf(ctx, i);
  if (a.size === 0) return undefined;
  const b = employersOf(ctx, j);
  for (const [key, e] of a) if (e.current && b.get(key)?.current && !ctx.flaggedEmployers.has(key)) return { key, name: e.name };
  return undefined;
}

/** Groups up to this size get every pair as an edge; larger ones a star around one holder. */
const PAIRWISE_MAX = 30;
/** Every pair (s < t) of a group of `size`, or a star around `center` for large groups. */
export function forPairs(size: number, center: number, fn: (s: number, t: number) => void): void {
  if (size <= PAIRWISE_MAX) {
    for (let s = 0; s < size; s++) for (let t = s + 1; t < size; t++) fn(s, t);
    return;
  }
  for (let t = 0; t < size; t++) if (t !== center) fn(Math.min(center, t), Math.max(center, t));
}

export function hub(ctx: Ctx, kind: LinkKind, value: string, holders: number, what: string): void {
  ctx.hubs.push({ kind, value, holders, detail: `${what} is shared by ${holders} profiles (over the cap of ${HUB_CAPS[kind]}): too common to link them` });
}

export const q = (s: string): string => `'${s}'`;

/** Employers no workplace stands for ("Self-employed", "Freelance"): never an office, nor a workspace's member. */
export const GENERIC_EMPLOYERS = new Set(
  ['self employed', 'self', 'freelance', 'freelancer', 'freelancing', 'independent', 'independent contractor', 'contractor', 'consultant', 'independent consultant', 'none', 'n a', 'na', 'unemployed', 'student', 'various', 'confidential', 'stealth', 'stealth startup', 'open to work', 'sole proprietor', 'own business', 'personal projects'],
);

/**
 * How many of `nodes` name each current employer that can explain what they share: not a flagged
 * one (a front company), not a generic one ("self-employed", "freelance").
 */
export function currentEmployerCounts(ctx: Ctx, nodes: Iterable<number>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const x of nodes) {
    for (const [key, e] of employersOf(ctx, x)) if (e.current && !ctx.flaggedEmployers.has(key) && !GENERIC_EMPLOYERS.has(key)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * The office a shared address (or phone number) most likely is: a current employer (not a flagged
 * one, nor "self-employed" and the like) of all of up to three, or of a strict majority of more,
 * of the profiles concerned.
 * Colleagues receive equipment at their office and give its switchboard; a laptop farm gathers
 * strangers. A farm whose members happen to share a current employer is explained away too:
 * a cost in recall accepted so that colleagues of a common employer are never an "operator".
 */
export function officeOf(ctx: Ctx, holders: number[]): { name: string; staff: Set<number> } | undefined {
  const counts = currentEmployerCounts(ctx, holders);
  const S = holders.length;
  let best: string | undefined;
  let bestCount = 0;
  for (const [key, c] of counts) {
    // All of a small group (a stranger among three is too many for an office), most of a larger one.
    if (c < 2 || (S <= 3 ? c < S : c * 2 <= S)) continue;
    if (c > bestCount || (c === bestCount && best !== undefined && key < best)) [best, bestCount] = [key, c];
  }
  if (best === undefined) return undefined;
  const staff = new Set(holders.filter((x) => employersOf(ctx, x).get(best)?.current));
  return { name: employersOf(ctx, [...staff][0]!).get(best)!.name, staff };
}
