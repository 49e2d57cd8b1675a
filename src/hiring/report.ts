/**
 * Flag rates by group: how often candidates of each group end at high or block (and at review or
 * above), and the largest gap between groups large enough to say something. A vetting tool must
 * flag people for what they do, not for where their name or they come from; this is how a team
 * checks that it does. Groups come from outside the profiles' signals: the claimed country a
 * profile states, or labels the caller supplies (an evaluation's truth, or a firm's voluntary
 * self-identification data); Vigil never infers a name's origin.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { VigilError } from '../errors.js';
import type { Level } from './assess.js';

export interface GroupRate {
  group: string;
  /** Candidates in the group. */
  n: number;
  /** At high or block. */
  flagged: number;
  /** At review, high or block. */
  reviewed: number;
  /** flagged / n. */
  rate: number;
}

export interface FlagRateGap {
  /** Highest minus lowest rate, in percentage points. */
  points: number;
  highest: GroupRate;
  lowest: GroupRate;
}

export interface DimensionReport {
  /** What the groups are: "claimed country", or the name of a labels file. */
  dimension: string;
  /** Every group, largest first; candidates without a value are the group "(none)". */
  groups: GroupRate[];
  /** Groups with fewer candidates than this are shown but left out of the gap (their rates are noise). */
  minGroup: number;
  /** Between groups of at least `minGroup` candidates (not "(none)"); undefined with fewer than two. */
  gap?: FlagRateGap;
}

export const NO_GROUP = '(none)';

const FLAGGED: ReadonlySet<Level> = new Set(['high', 'block']);

export function flagRates(dimension: string, rows: Iterable<{ level: Level; group: string | undefined }>, minGroup: number): DimensionReport {
  const byGroup = new Map<string, GroupRate>();
  for (const { level, group } of rows) {
    const key = group === undefined || group.trim() === '' ? NO_GROUP : group.trim();
    let g = byGroup.get(key);
    if (!g) byGroup.set(key, (g = { group: key, n: 0, flagged: 0, reviewed: 0, rate: 0 }));
    g.n++;
    if (FLAGGED.has(level)) g.flagged++;
    if (level !== 'clear') g.reviewed++;
  }
  const groups = [...byGroup.values()].sort((a, b) => b.n - a.n || (a.group < b.group ? -1 : 1));
  for (const g of groups) g.rate = g.flagged / g.n;
  const measured = groups.filter((g) => g.group !== NO_GROUP && g.n >= minGroup);
  const report: DimensionReport = { dimension, groups, minGroup };
  if (measured.length >= 2) {
    const byRate = [...measured].sort((a, b) => b.rate - a.rate);
    const highest = byRate[0]!;
    const lowest = byRate[byRate.length - 1]!;
    report.gap = { points: 100 * (highest.rate - lowest.rate), highest, lowest };
  }
  return report;
}

/** The report as text lines: one per group, then the gap. */
export function describeFlagRates(report: DimensionReport): string[] {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const lines = [`by ${report.dimension} (high or block; review or above):`];
  const width = Math.max(5, ...report.groups.map((g) => g.group.length));
  for (const g of report.groups) {
    const note = g.group !== NO_GROUP && g.n < report.minGroup ? `  (fewer than ${report.minGroup}: not in the gap)` : '';
    lines.push(`  ${g.group.padEnd(width)}  n=${String(g.n).padStart(6)}  ${pct(g.rate).padStart(6)} high/block  ${pct(g.reviewed / g.n).padStart(6)} review+${note}`);
  }
  lines.push(
    report.gap
      ? `  largest gap: ${report.gap.points.toFixed(1)} points (${report.gap.highest.group} ${pct(report.gap.highest.rate)} vs ${report.gap.lowest.group} ${pct(report.gap.lowest.rate)})`
      : `  largest gap: not measured (fewer than two groups of ${report.minGroup} or more)`,
  );
  return lines;
}

/** A group label file that cannot be read; the message names the file and the line. */
export class GroupLabelsError extends VigilError {
  constructor(message: string) {
    super('invalid_input', message);
  }
}

/**
 * Labels by candidate reference, from a CSV file with the columns `ref` and `group` (a header
 * line first), or JSON lines `{"ref": "...", "group": "..."}`. `source` names the file in errors.
 */
export function parseGroupLabels(text: string, source: string): Map<string, string> {
  const labels = new Map<string, string>();
  const add = (ref: unknown, group: unknown, where: string) => {
    if (typeof ref !== 'string' || ref.trim() === '') throw new GroupLabelsError(`${where}: no "ref"`);
    if (typeof group !== 'string' || group.trim() === '') throw new GroupLabelsError(`${where}: no "group" for ${ref}`);
    const prior = labels.get(ref.trim());
    if (prior !== undefined && prior !== group.trim()) throw new GroupLabelsError(`${where}: ${ref} is labelled twice ("${prior}", "${group.trim()}")`);
    labels.set(ref.trim(), group.trim());
  };
  const first = text.trimStart();
  if (first.startsWith('{')) {
    text.split('\n').forEach((line, k) => {
      if (line.trim() === '') return;
      let row: unknown;
      try {
        row = JSON.parse(line);
      } catch {
        throw new GroupLabelsError(`${source} line ${k + 1}: not a JSON object`);
      }
      const r = (row ?? {}) as Record<string, unknown>;
      add(r.ref, r.group, `${source} line ${k + 1}`);
    });
    return labels;
  }
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(text, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (err) {
    throw new GroupLabelsError(`${source}: not a CSV file with a header line (${(err as Error).message})`);
  }
  if (rows.length > 0 && (!('ref' in rows[0]!) || !('group' in rows[0]!))) {
    throw new GroupLabelsError(`${source}: the header must name the columns ref and group (it names ${Object.keys(rows[0]!).join(', ')})`);
  }
  rows.forEach((r, k) => add(r.ref, r.group, `${source} row ${k + 2}`));
  return labels;
}
