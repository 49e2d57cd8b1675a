/**
 * `npm run eval:hiring -- [--count N] [--seed S] [--in DIR] ...`: measures Vigil's DPRK IT-worker
 * vetting (src/hiring) on a generated candidate pool with planted operator clusters.
 *
 * 1. Makes a pool in memory with eval/hiring/generate.ts (or reads candidates.jsonl and
 *    truth.json from --in DIR) and checks it (every identifier valid for its kind).
 * 2. Imports the real OFAC SDN list (../shared/data/lists/ofac-sdn-advanced/
 *    sdn_advanced_2025-11-19.xml.gz) into an in-memory SQLite store and builds the screening
 *    index from it, as `vigil` does.
 * 3. Runs `analyzeLinks` over all profiles and `assessCandidate` on each, at the pool's `now`.
 * 4. Prints cluster detection (identity and pair level), the high/block level, innocent shares,
 *    per-shape recall, a fairness line, and diagnostics; then PASS/FAIL per target
 *    (recall >= 95%, precision >= 90%). Exits 1 when a target fails, 2 on wrong usage, 3 when
 *    it could not measure (a crash, a missing list file). Unlike `npm run eval`, a failed target
 *    is a non-zero exit: this is meant to gate the vetting code. A JSON summary goes to
 *    eval/hiring/out/last-run.json.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadIndex } from '../../src/lists/index-cache.js';
import { assessCandidate, employerRiskScreen, SCORING, type Assessment, type Signal } from '../../src/hiring/assess.js';
import { analyzeLinks, type LinkAnalysis, type LinkEdge } from '../../src/hiring/links/index.js';
import { type CandidateProfile } from '../../src/hiring/profile.js';
import { loadRules } from '../../src/hiring/rules.js';
import { importList } from '../../src/lists/import.js';
import { type ScreeningIndex } from '../../src/match/index.js';
import { openStore } from '../../src/store/index.js';
import { DEFAULT_OPERATOR_SHARE, DEFAULT_OUT, generatePool, POOL_KINDS, type Pool, type PoolKind, type PoolTruth } from './generate.js';
import { chanceGap, clusterMetrics, fairness, fairnessBy, innocentMetrics, levelMetrics, passes, rate, targets, type ClusterMetrics, type GroupFairness, type Level, type LevelMetrics, type Ratio } from './lib/metrics.js';
import { checkPool, poolStats, printStats } from './lib/validate.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEFAULT_LIST = join(process.env.VIGIL_SOURCES_DIR ? resolve(process.env.VIGIL_SOURCES_DIR) : join(ROOT, '..', 'shared', 'data', 'lists'), 'ofac-sdn-advanced', 'sdn_advanced_2025-11-19.xml.gz');

const DEFAULT_COUNT = 3000;

const USAGE = `usage: npm run eval:hiring -- [options]
  --pool hard|classic  which generated pool (default hard: fifteen name origins, hard negatives,
                       partial operator evidence; classic: the pool of the first evaluation)
  --count N            candidates in the generated pool (default ${DEFAULT_COUNT})
  --seed S             generator seed (default 1)
  --operator-share X   share of operator identities (default ${DEFAULT_OPERATOR_SHARE})
  --in DIR             read candidates.jsonl and truth.json from DIR instead of generating
  --list FILE          OFAC SDN advanced XML(.gz) to screen against (default ../shared/data/lists/ofac-sdn-advanced/sdn_advanced_2025-11-19.xml.gz)
  --no-lists           no sanctions index (the sanctions rules are then skipped)
  --no-employer-risk   do not link candidates naming one listed front company (the product's
                       assessAll does, with the sanctions.employer rule; so does this by default)
  --show N             diagnostics: show up to N examples per kind (default 8; 0 for none)
  --stats              print the full pool statistics too
  --self-test          check the metric arithmetic on a made-up example, nothing else`;

interface Options {
  pool: PoolKind;
  count: number;
  seed: number;
  share: number;
  input?: string;
  list?: string;
  employerRisk: boolean;
  show: number;
  stats: boolean;
}

class UsageError extends Error {}

function options(): Options | 'help' | 'self-test' {
  const { values } = parseArgs({
    options: {
      pool: { type: 'string' },
      count: { type: 'string' },
      seed: { type: 'string' },
      'operator-share': { type: 'string' },
      in: { type: 'string' },
      list: { type: 'string' },
      'no-lists': { type: 'boolean' },
      'no-employer-risk': { type: 'boolean' },
      show: { type: 'string' },
      stats: { type: 'boolean' },
      'self-test': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  if (values['self-test']) return 'self-test';
  const pool = (values.pool ?? 'hard') as PoolKind;
  if (!POOL_KINDS.includes(pool)) throw new UsageError(`--pool must be one of ${POOL_KINDS.join(', ')}, not "${values.pool}"`);
  if (values.pool !== undefined && values.in) throw new UsageError('--pool and --in contradict each other (the pool read says what it is)');
  const count = values.count === undefined ? DEFAULT_COUNT : Number(values.count);
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  const share = values['operator-share'] === undefined ? DEFAULT_OPERATOR_SHARE : Number(values['operator-share']);
  const show = values.show === undefined ? 8 : Number(values.show);
  if (!Number.isInteger(count) || count < 20) throw new UsageError(`--count must be a whole number >= 20, not "${values.count}"`);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed must be a whole number >= 0, not "${values.seed}"`);
  if (!(share >= 0 && share <= 0.5)) throw new UsageError(`--operator-share must be between 0 and 0.5, not "${values['operator-share']}"`);
  if (!Number.isInteger(show) || show < 0) throw new UsageError(`--show must be a whole number, not "${values.show}"`);
  if (values['no-lists'] && values.list) throw new UsageError('--list and --no-lists contradict each other');
  return {
    pool,
    count,
    seed,
    share,
    input: values.in ? resolve(values.in) : undefined,
    list: values['no-lists'] ? undefined : resolve(values.list ?? DEFAULT_LIST),
    employerRisk: values['no-employer-risk'] !== true,
    show,
    stats: values.stats === true,
  };
}

function readPool(dir: string): Pool {
  const file = join(dir, 'candidates.jsonl');
  const profiles: CandidateProfile[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        profiles.push(JSON.parse(line) as CandidateProfile);
      } catch (err) {
        throw new Error(`${relative(process.cwd(), file)} line ${i + 1}: not JSON (${(err as Error).message})`);
      }
    });
  const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as PoolTruth;
  return { profiles, truth };
}

async function buildIndex(list: string): Promise<{ index: ScreeningIndex; ms: number; parties: number }> {
  if (!existsSync(list)) throw new Error(`list file not found: ${list} (set VIGIL_SOURCES_DIR, pass --list, or --no-lists)`);
  const t0 = performance.now();
  const store = await openStore({ kind: 'sqlite', file: ':memory:' });
  try {
    await importList(store, { dataset: 'us_ofac_sdn', files: [list] });
    const index = await loadIndex(store);
    return { index, ms: performance.now() - t0, parties: index.parties.length };
  } finally {
    await store.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Printing

const pct = (x: number) => (Number.isNaN(x) ? '    -' : `${(100 * x).toFixed(1)}%`);
const ratio = (r: Ratio) => `${pct(rate(r)).padStart(6)} (${r.hit}/${r.total})`;
const col = (s: string | number, w: number) => String(s).padStart(w);

function printClusters(c: ClusterMetrics, links: LinkAnalysis): void {
  console.log('\n(a) cluster detection (operator clusters of analyzeLinks)');
  console.log(`  operator clusters: ${c.operatorClusters}; with identities of 2+ planted operators (merged): ${c.mergedClusters}; with no planted operator: ${c.cleanOnlyClusters}; all clusters: ${links.clusters.length}`);
  console.log(`  recall    (identities sharing an operator cluster with another identity of their operator) ${ratio(c.recall)}`);
  console.log(`  precision (identities in operator clusters that are planted operators)                    ${ratio(c.precision)}`);
  console.log(`  pair recall    (same-operator pairs inside one operator cluster)                          ${ratio(c.pairRecall)}`);
  console.log(`  pair precision (pairs inside operator clusters that are the same operator)                 ${ratio(c.pairPrecision)}`);
}

function printLevels(l: LevelMetrics): void {
  console.log('\n(b) assessment level: high or block');
  console.log(`  recall    (planted identities at high/block) ${ratio(l.recall)}`);
  console.log(`  precision (high/block that are planted)      ${ratio(l.precision)}`);
  console.log(`  ${''.padEnd(10)} ${col('clear', 7)} ${col('review', 7)} ${col('high', 7)} ${col('block', 7)}`);
  for (const who of ['operators', 'clean'] as const) {
    const x = l.levels[who];
    console.log(`  ${who.padEnd(10)} ${col(x.clear, 7)} ${col(x.review, 7)} ${col(x.high, 7)} ${col(x.block, 7)}`);
  }
}

/** The level the assessment would have without some signals (same arithmetic as assess.ts, SCORING). */
function levelWithout(a: Assessment, drop: (s: Signal) => boolean): Level {
  const kept = a.signals.filter((s) => !drop(s));
  let remaining = 1;
  for (const s of kept) remaining *= 1 - s.weight;
  const score = Math.round(100 * (1 - remaining));
  let level: Level = score >= SCORING.highAt ? 'high' : score >= SCORING.reviewAt ? 'review' : 'clear';
  if (a.cluster?.operator && level !== 'high') level = SCORING.operatorClusterLevel as Level;
  if (kept.some((s) => s.severity === SCORING.blockSeverity)) level = 'block';
  return level;
}

function printShapes(truth: PoolTruth, c: ClusterMetrics, l: LevelMetrics): void {
  console.log('\n(d) per operator shape');
  console.log(`  ${'shape'.padEnd(16)} ${col('clusters', 8)} ${col('ids', 5)}  ${'cluster recall'.padEnd(18)} ${'high/block recall'.padEnd(18)}`);
  const shapes = [...new Set(truth.operators.map((o) => o.shape))].sort();
  for (const s of shapes) {
    const groups = truth.operators.filter((o) => o.shape === s);
    const ids = groups.reduce((n, o) => n + o.refs.length, 0);
    const cr = c.perShape.get(s);
    const singles = groups.filter((o) => o.refs.length === 1).length;
    console.log(`  ${s.padEnd(16)} ${col(groups.length, 8)} ${col(ids, 5)}  ${(cr ? ratio(cr) : '   (singles only)').padEnd(18)} ${ratio(l.perShape.get(s) ?? { hit: 0, total: 0 }).padEnd(18)}${singles > 0 ? `  (${singles} lone identities: not in cluster metrics)` : ''}`);
  }
}

/** Percentage points: 0.125 -> "12.5 pt". */
const points = (x: number) => (Number.isNaN(x) ? '    -' : `${(100 * x).toFixed(1)} pt`);

interface ShapeReasons {
  shape: string;
  people: number;
  flagged: number;
  /** Why each is at high/block (the block rule, operator cluster, or score), with counts. */
  causes: [string, number][];
  /** Rules fired on the members at high/block ("operator cluster" for membership), with counts. */
  rules: [string, number][];
}

/** Per innocent shape (hard negative): how many members are at high/block, why, and which rules fired on them. */
function shapeReasons(truth: PoolTruth, assessments: ReadonlyMap<string, Assessment>): ShapeReasons[] {
  const out: ShapeReasons[] = [];
  for (const shape of [...new Set(truth.innocentShares.map((x) => x.shape))]) {
    const people = [...new Set(truth.innocentShares.filter((x) => x.shape === shape).flatMap((x) => x.refs))];
    const flagged = people.map((r) => assessments.get(r)!).filter((a) => a.level === 'high' || a.level === 'block');
    out.push({ shape, people: people.length, flagged: flagged.length, causes: causeCounts(flagged), rules: ruleCounts(flagged) });
  }
  return out;
}

function causeCounts(flagged: readonly Assessment[]): [string, number][] {
  const why = new Map<string, number>();
  for (const a of flagged) {
    const k = cause(a).replace(/ \(.*\)$/, '').replace(/score \d+/, 'score >= 60');
    why.set(k, (why.get(k) ?? 0) + 1);
  }
  return [...why].sort((x, y) => y[1] - x[1]);
}

function ruleCounts(flagged: readonly Assessment[]): [string, number][] {
  const rules = new Map<string, number>();
  for (const a of flagged) {
    const fired = new Set(a.signals.map((x) => x.rule));
    if (a.cluster?.operator) fired.add('operator cluster');
    for (const r of fired) rules.set(r, (rules.get(r) ?? 0) + 1);
  }
  return [...rules].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
}

/**
 * One fairness table: each group's clean candidates at high/block and at review or above, the
 * largest gap between groups of n >= minN, and for the three most-flagged groups the rules
 * fired on their flagged members (which rule makes the gap).
 */
function printGroups(title: string, f: GroupFairness, chance: { median: number; p95: number }, truth: PoolTruth, assessments: ReadonlyMap<string, Assessment>, groupOf: (ref: string) => string | undefined): void {
  console.log(`  by ${title}:`);
  console.log(`    ${'group'.padEnd(20)} ${col('n', 5)} ${col('high/block', 10)} ${col('review+', 8)}`);
  for (const g of f.groups) console.log(`    ${g.group.padEnd(20)} ${col(g.n, 5)} ${col(pct(g.highBlock / g.n), 10)} ${col(pct(g.reviewOrMore / g.n), 8)}${g.n < f.minN ? '  (n < ' + f.minN + ': not in the gap)' : ''}`);
  const rateOf = (name?: string) => {
    const g = f.groups.find((x) => x.group === name);
    return g ? `${pct(g.highBlock / g.n).trim()}` : '-';
  };
  console.log(`    largest gap (groups with n >= ${f.minN}): ${points(f.gap)}${f.highest ? ` (${f.highest} ${rateOf(f.highest)} vs ${f.lowest} ${rateOf(f.lowest)})` : ''}`);
  console.log(`    gap by chance alone (the same levels, group labels shuffled 200 times): median ${points(chance.median)}, 95th percentile ${points(chance.p95)}`);
  const opRefs = new Set(truth.operators.flatMap((o) => o.refs));
  const top = f.groups.filter((g) => g.n >= f.minN && g.highBlock > 0).sort((a, b) => b.highBlock / b.n - a.highBlock / a.n).slice(0, 3);
  for (const g of top) {
    const flagged = [...assessments.values()].filter((a) => !opRefs.has(a.ref) && groupOf(a.ref) === g.group && (a.level === 'high' || a.level === 'block'));
    console.log(`    ${g.group}: ${causeCounts(flagged).map(([k, n]) => `${n} ${k}`).join('; ')}; rules: ${ruleCounts(flagged).slice(0, 5).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Diagnostics: why a planted operator was missed, why a clean candidate was pulled in or flagged

/** Why an assessment is at high/block, in a few words. */
function cause(a: Assessment): string {
  if (a.level === 'block') return `block: ${a.signals.filter((s) => s.severity === 'critical').map((s) => s.rule).join('+')}`;
  if (a.cluster?.operator) return 'high: operator cluster';
  return `high: score ${a.score} (${a.signals.map((s) => s.rule).join('+')})`;
}

function edgeText(e: LinkEdge): string {
  return `${e.strength.toFixed(2)} [${e.evidence.map((x) => `${x.kind} ${x.weight.toFixed(2)}`).join(', ')}]`;
}

function diagnose(pool: Pool, links: LinkAnalysis, assessments: Map<string, Assessment>, c: ClusterMetrics, l: LevelMetrics, show: number): void {
  const { truth } = pool;
  const opOf = new Map<string, PoolTruth['operators'][number]>();
  for (const o of truth.operators) for (const r of o.refs) opOf.set(r, o);
  const sharesOf = new Map<string, string[]>();
  for (const s of truth.innocentShares) for (const r of s.refs) sharesOf.set(r, [...(sharesOf.get(r) ?? []), s.shape]);
  const noiseOf = new Map<string, string[]>();
  for (const [flag, refs] of Object.entries(truth.cleanNoise)) for (const r of refs) noiseOf.set(r, [...(noiseOf.get(r) ?? []), flag]);
  const edgesBetween = (refs: string[]) => {
    const set = new Set(refs);
    return links.edges.filter((e) => set.has(e.a) && set.has(e.b));
  };
  console.log('\ndiagnostics');

  // 1. Planted groups not (fully) recalled as clusters.
  const missedGroups = truth.operators.filter((o) => o.refs.length > 1 && o.refs.some((r) => c.missed.includes(r)));
  if (missedGroups.length > 0) {
    // Per missed identity: its strongest edge to another identity of its operator.
    const why = new Map<string, number>();
    for (const r of c.missed) {
      const o = opOf.get(r)!;
      const best = links
        .edgesOf(r)
        .filter((e) => o.refs.includes(e.a === r ? e.b : e.a))
        .sort((a, b) => b.strength - a.strength)[0];
      const key = `${o.shape}: ${best ? `strongest edge to its operator ${best.strength.toFixed(2)} (${[...new Set(best.evidence.map((x) => x.kind))].join('+')})` : 'no edge to any identity of its operator'}`;
      why.set(key, (why.get(key) ?? 0) + 1);
    }
    console.log(`  planted identities not recalled: ${c.missed.length}, in ${missedGroups.length} groups; by shape and strongest edge to the same operator:`);
    for (const [k, n] of [...why].sort((a, b) => b[1] - a[1])) console.log(`    ${n} x ${k}`);
    for (const o of missedGroups.slice(0, show)) {
      console.log(`    ${o.id} ${o.shape} [${o.links.join(', ')}] ${o.refs.join(' ')}`);
      const edges = edgesBetween(o.refs);
      if (edges.length === 0) console.log('      no edge between its identities');
      for (const e of edges.slice(0, 6)) console.log(`      ${e.a}-${e.b} ${edgeText(e)}`);
      for (const r of o.refs) {
        const cl = links.clusterOf(r);
        if (cl && cl.members.length > 1) console.log(`      ${r} is in ${cl.id} (${cl.operator ? 'operator' : 'weak'}, ${cl.members.length} members)`);
      }
    }
  }

  // 2. Clean candidates inside operator clusters.
  if (c.cleanInOperatorClusters.length > 0) {
    const why = new Map<string, number>();
    const examples: string[] = [];
    for (const r of c.cleanInOperatorClusters) {
      const cl = links.clusterOf(r)!;
      const strong = links.edgesOf(r).filter((e) => cl.members.includes(e.a) && cl.members.includes(e.b) && e.strength >= 0.8);
      const kinds = [...new Set(strong.flatMap((e) => e.evidence.filter((x) => x.weight >= 0.5).map((x) => x.kind)))].sort().join('+') || 'weak edges only';
      const withOps = cl.members.some((m) => opOf.has(m));
      const key = `${(sharesOf.get(r) ?? ['no planted share']).join('+')} via ${kinds}${withOps ? ' (cluster holds operators)' : ' (clean-only cluster)'}`;
      why.set(key, (why.get(key) ?? 0) + 1);
      if (examples.length < show) examples.push(`    ${r} in ${cl.id} (${cl.members.length} members): ${strong.slice(0, 3).map((e) => `${e.a}-${e.b} ${edgeText(e)}`).join('; ') || 'no strong edge of its own'}`);
    }
    console.log(`  clean candidates inside operator clusters: ${c.cleanInOperatorClusters.length}`);
    for (const [k, n] of [...why].sort((a, b) => b[1] - a[1])) console.log(`    ${n} x ${k}`);
    for (const e of examples) console.log(e);
  }

  // 3. Clean candidates at high/block.
  if (l.falseAlarms.length > 0) {
    const why = new Map<string, number>();
    for (const r of l.falseAlarms) {
      const c0 = cause(assessments.get(r)!).replace(/^high: score .*/, 'high: score >= 60');
      why.set(c0, (why.get(c0) ?? 0) + 1);
    }
    console.log(`  clean candidates at high/block: ${l.falseAlarms.length}`);
    for (const [k, n] of [...why].sort((a, b) => b[1] - a[1])) console.log(`    ${n} x ${k}`);
    const combos = new Map<string, number>();
    for (const r of l.falseAlarms) {
      const a = assessments.get(r)!;
      if (a.level !== 'high' || a.cluster?.operator) continue;
      const k = `${a.signals.map((s) => s.rule).join(' + ')}  <- ${[...(noiseOf.get(r) ?? []), ...(sharesOf.get(r) ?? [])].join(', ') || 'no planted flag'}`;
      combos.set(k, (combos.get(k) ?? 0) + 1);
    }
    if (combos.size > 0) console.log('    by score (signals <- planted noise flags and shares):');
    for (const [k, n] of [...combos].sort((a, b) => b[1] - a[1]).slice(0, Math.max(show, 10))) console.log(`      ${n} x ${k}`);
    for (const r of l.falseAlarms.slice(0, show)) {
      const a = assessments.get(r)!;
      const extra = [...(sharesOf.get(r) ?? []).map((s) => `share:${s}`), ...(noiseOf.get(r) ?? []).map((f) => `noise:${f}`)].join(' ');
      console.log(`    ${r} ${a.level} ${a.score}: ${a.signals.map((s) => s.rule).join(', ')}${a.cluster ? ` | cluster ${a.cluster.id} (${a.cluster.operator ? 'operator' : 'weak'}, ${a.cluster.members.length})` : ''}${extra ? ` | ${extra}` : ''}`);
      for (const s of a.signals.filter((x) => x.severity === 'critical').slice(0, 2)) console.log(`        ${s.rule}: ${s.evidence.slice(0, 2).join(' / ')}`);
    }
  }

  // 4. Operators below high.
  if (l.missed.length > 0) {
    const byShape = new Map<string, number>();
    for (const r of l.missed) byShape.set(opOf.get(r)!.shape, (byShape.get(opOf.get(r)!.shape) ?? 0) + 1);
    console.log(`  planted identities below high: ${l.missed.length} (${[...byShape].map(([s, n]) => `${s} ${n}`).join(', ')})`);
    for (const r of l.missed.slice(0, show)) {
      const a = assessments.get(r)!;
      const o = opOf.get(r)!;
      console.log(`    ${r} ${o.id} ${o.shape} [${o.links.join(', ')}] ${a.level} ${a.score}: ${a.signals.map((s) => s.rule).join(', ') || 'no signal'}${a.cluster ? ` | cluster ${a.cluster.id} (${a.cluster.operator ? 'operator' : 'weak'})` : ' | no cluster'}`);
    }
  }

  // 5. How often each rule fires on operators and on clean candidates.
  const opRefs = new Set(truth.operators.flatMap((o) => o.refs));
  const fired = new Map<string, { op: number; clean: number }>();
  for (const [ref, a] of assessments) {
    for (const s of a.signals) {
      const f = fired.get(s.rule) ?? { op: 0, clean: 0 };
      if (opRefs.has(ref)) f.op++;
      else f.clean++;
      fired.set(s.rule, f);
    }
  }
  const nOp = opRefs.size;
  const nClean = pool.profiles.length - nOp;
  console.log(`  rules fired (share of operators / of clean candidates; skipped rules: ${[...new Set([...assessments.values()].flatMap((a) => a.skipped.map((s) => s.rule)))].join(', ') || 'none'})`);
  for (const [rule, f] of [...fired].sort((a, b) => b[1].op / nOp - a[1].op / nOp)) {
    console.log(`    ${rule.padEnd(32)} ${pct(f.op / nOp).padStart(7)} ${pct(f.clean / nClean).padStart(7)}`);
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  let opts: Options | 'help' | 'self-test';
  try {
    opts = options();
  } catch (err) {
    console.error(`eval:hiring: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (opts === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (opts === 'self-test') return selfTest();
  const o = opts;

  const t0 = performance.now();
  const pool = o.input ? readPool(o.input) : generatePool({ count: o.count, seed: o.seed, operatorShare: o.share, pool: o.pool });
  const genMs = performance.now() - t0;
  const problems = checkPool(pool);
  if (problems.length > 0) {
    console.log(`warning: ${problems.length} invalid value(s) in the pool; the first 5:`);
    for (const p of problems.slice(0, 5)) console.log(`  ${p}`);
  }
  const { truth, profiles } = pool;
  const nOps = truth.operators.reduce((n, x) => n + x.refs.length, 0);
  console.log(`pool: ${truth.pool ?? 'classic'}, ${profiles.length} candidates (${o.input ? `from ${relative(process.cwd(), o.input) || '.'}` : `seed ${truth.seed}, generated in ${(genMs / 1000).toFixed(1)} s`}), ${nOps} planted operator identities in ${truth.operators.length} operators, ${truth.innocentShares.length} innocent shares; now = ${truth.now}`);
  if (o.stats) printStats(poolStats(pool));

  const rules = loadRules(); // first: a broken rule file fails before the 20-second index build
  let index: ScreeningIndex | undefined;
  if (o.list) {
    const built = await buildIndex(o.list);
    index = built.index;
    console.log(`lists: ${relative(process.cwd(), o.list)}: ${built.parties} parties indexed in ${(built.ms / 1000).toFixed(1)} s`);
  } else console.log('lists: none (--no-lists): the sanctions rules are skipped');

  const now = new Date(truth.now);
  // The product's own front-company screen (as assessAll passes it), unless --no-employer-risk.
  const employerRisk = o.employerRisk ? employerRiskScreen(rules, { index, now }) : undefined;
  const t1 = performance.now();
  const links = analyzeLinks(profiles, { now, ...(employerRisk ? { employerRisk } : {}) });
  const linkMs = performance.now() - t1;
  const t2 = performance.now();
  const assessments = new Map<string, Assessment>();
  for (const p of profiles) assessments.set(p.ref, assessCandidate(p, { index, links, rules, now }));
  const assessMs = performance.now() - t2;
  console.log(`analyzeLinks: ${links.stats.edges} edges, ${links.stats.clusters} clusters (${links.stats.operatorClusters} operator), ${links.stats.hubs} hub values in ${(linkMs / 1000).toFixed(2)} s; assessCandidate x ${profiles.length} in ${(assessMs / 1000).toFixed(1)} s (rules ${rules.version}${employerRisk ? '; employerRisk on' : ''})`);

  const refs = profiles.map((p) => p.ref);
  const levels = new Map<string, Level>([...assessments].map(([r, a]) => [r, a.level]));
  const cm = clusterMetrics(truth, links.clusters);
  const lm = levelMetrics(truth, refs, levels);
  const opClusterOf = (r: string) => links.clusterOf(r)?.operator === true && (links.clusterOf(r)?.members.length ?? 0) > 1;
  printClusters(cm, links);
  printLevels(lm);
  const noSanctions = levelMetrics(truth, refs, new Map([...assessments].map(([r, a]) => [r, levelWithout(a, (s) => s.rule.startsWith('sanctions.'))])));
  console.log(`  without the sanctions.* rules (behaviour and links only): recall ${ratio(noSanctions.recall)}, precision ${ratio(noSanctions.precision)}`);

  console.log('\n(c) innocent shares (clean candidates who share something)');
  console.log(`  ${'shape'.padEnd(16)} ${col('groups', 6)} ${col('people', 6)} ${col('high/block', 10)} ${col('review', 6)} ${col('in op. cluster', 14)} ${col('groups w/ high+', 15)}`);
  for (const row of innocentMetrics(truth, levels, opClusterOf)) {
    console.log(`  ${row.shape.padEnd(16)} ${col(row.groups, 6)} ${col(row.people, 6)} ${col(row.highBlock, 10)} ${col(row.review, 6)} ${col(row.inOperatorCluster, 14)} ${col(row.groupsFlagged, 15)}`);
  }
  const shapeRows = shapeReasons(truth, assessments);
  if (shapeRows.some((x) => x.flagged > 0)) console.log('  members at high/block per shape, why (level cause), and the rules fired on them (members each rule fired on):');
  for (const row of shapeRows) {
    if (row.flagged === 0) continue;
    console.log(`    ${row.shape}: ${row.flagged}/${row.people} at high/block; ${row.causes.map(([k, n]) => `${n} ${k}`).join('; ')}`);
    console.log(`      rules: ${row.rules.slice(0, 6).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  }
  printShapes(truth, cm, lm);

  const f = fairness(truth, refs, levels);
  const byRef = new Map(profiles.map((p) => [p.ref, p]));
  const byOrigin = fairnessBy(truth, refs, levels, (r) => truth.origins[r]);
  const byCountry = fairnessBy(truth, refs, levels, (r) => byRef.get(r)?.claimedLocation?.country);
  const line = (g: { n: number; highBlock: number; reviewOrMore: number }) => `${pct(g.highBlock / g.n)} high/block, ${pct(g.reviewOrMore / g.n)} review or more (n=${g.n})`;
  console.log('\n(e) fairness (clean candidates only; neither the name\'s origin nor the claimed country may matter)');
  console.log(`  Korean-origin names: ${line(f.korean)}`);
  console.log(`  other names:         ${line(f.other)}`);
  const originOf = (r: string) => truth.origins[r];
  const countryOf = (r: string) => byRef.get(r)?.claimedLocation?.country;
  const originChance = chanceGap(truth, refs, levels, originOf);
  const countryChance = chanceGap(truth, refs, levels, countryOf);
  printGroups('name origin (truth.origins)', byOrigin, originChance, truth, assessments, originOf);
  printGroups('claimed country (claimedLocation.country)', byCountry, countryChance, truth, assessments, countryOf);

  if (o.show > 0) diagnose(pool, links, assessments, cm, lm, o.show);

  const ts = targets(cm, lm, { origin: byOrigin, country: byCountry });
  console.log('\nTargets:');
  for (const t of ts) console.log(`  ${passes(t) ? 'PASS' : 'FAIL'}  ${t.label}: ${t.kind === 'max' ? points(t.value) : pct(t.value)} (target ${t.kind === 'min' ? `>= ${pct(t.bound)}` : `<= ${points(t.bound)}`})`);
  console.log(`time: ${((performance.now() - t0) / 1000).toFixed(1)} s in all (generation or reading, list index, links, assessment)`);

  mkdirSync(DEFAULT_OUT, { recursive: true });
  const summary = {
    pool: { kind: truth.pool ?? 'classic', count: profiles.length, seed: truth.seed, input: o.input ?? null, operators: nOps, now: truth.now },
    lists: o.list ? relative(ROOT, o.list) : null,
    employerRisk: !!employerRisk,
    rules: rules.version,
    clusters: { recall: rate(cm.recall), precision: rate(cm.precision), pairRecall: rate(cm.pairRecall), pairPrecision: rate(cm.pairPrecision), operatorClusters: cm.operatorClusters, merged: cm.mergedClusters, cleanOnly: cm.cleanOnlyClusters, perShape: Object.fromEntries([...cm.perShape].map(([k, v]) => [k, rate(v)])) },
    levels: { recall: rate(lm.recall), precision: rate(lm.precision), counts: lm.levels, perShape: Object.fromEntries([...lm.perShape].map(([k, v]) => [k, rate(v)])) },
    innocent: innocentMetrics(truth, levels, opClusterOf),
    fairness: { ...f, byOrigin, byCountry, chance: { origin: originChance, country: countryChance } },
    hardNegatives: shapeRows,
    targets: ts.map((t) => ({ ...t, pass: passes(t) })),
    ms: { links: Math.round(linkMs), assess: Math.round(assessMs), total: Math.round(performance.now() - t0) },
  };
  writeFileSync(join(DEFAULT_OUT, 'last-run.json'), JSON.stringify(summary, null, 2) + '\n');
  return ts.every(passes) ? 0 : 1;
}

// ---------------------------------------------------------------------------------------------
// Self-test: the arithmetic on a made-up example with known answers.

function selfTest(): number {
  const truth: PoolTruth = {
    seed: 0,
    count: 10,
    now: '2026-01-01T00:00:00Z',
    operatorShare: 0.5,
    operators: [
      { id: 'op-1', shape: 'shared_payment', refs: ['A1', 'A2', 'A3'], links: ['payment:iban'] },
      { id: 'op-2', shape: 'laptop_farm', refs: ['B1', 'B2'], links: ['shipping_address'] },
      { id: 'op-3', shape: 'front_company', refs: ['F1'], links: ['employer:front'] },
    ],
    innocentShares: [
      { shape: 'spouses', refs: ['C1', 'C2'], what: 'home' },
      { shape: 'colleagues', refs: ['C3', 'C4', 'C5'], what: 'employer' },
    ],
    origins: { A1: 'English', A2: 'Korean (RR, South)', A3: 'Chinese', B1: 'English', B2: 'English', F1: 'English', C1: 'Korean (RR, South)', C2: 'Korean (RR, South)', C3: 'English', C4: 'English', C5: 'English' },
    cleanNoise: {},
  };
  const refs = Object.keys(truth.origins);
  // Clusters: A1+A2 found together with clean C1 (A3 missed); B1+B2 merged with A3 in another; a weak one.
  const clusters = [
    { members: ['A1', 'A2', 'C1'], operator: true },
    { members: ['A3', 'B1', 'B2'], operator: true },
    { members: ['C3', 'C4'], operator: false },
  ];
  const c = clusterMetrics(truth, clusters);
  assert.deepEqual(c.recall, { hit: 4, total: 5 }, 'A1 A2 B1 B2 recalled, A3 not (its cluster holds no other op-1 identity)');
  assert.deepEqual(c.missed, ['A3']);
  assert.deepEqual(c.precision, { hit: 5, total: 6 });
  assert.deepEqual(c.cleanInOperatorClusters, ['C1']);
  assert.deepEqual(c.pairRecall, { hit: 2, total: 4 }, 'A1-A2 and B1-B2 of A1-A2, A1-A3, A2-A3, B1-B2');
  assert.deepEqual(c.pairPrecision, { hit: 2, total: 6 });
  assert.equal(c.mergedClusters, 1);
  assert.equal(c.cleanOnlyClusters, 0);
  assert.deepEqual(c.perShape.get('shared_payment'), { hit: 2, total: 3 });
  assert.equal(c.perShape.has('front_company'), false, 'lone identities are not in cluster metrics');

  const levels = new Map<string, Level>([
    ['A1', 'high'],
    ['A2', 'block'],
    ['A3', 'review'],
    ['B1', 'high'],
    ['B2', 'high'],
    ['F1', 'clear'],
    ['C1', 'high'],
    ['C2', 'review'],
    ['C3', 'review'],
  ]);
  const l = levelMetrics(truth, refs, levels);
  assert.deepEqual(l.recall, { hit: 4, total: 6 });
  assert.deepEqual(l.precision, { hit: 4, total: 5 });
  assert.deepEqual(l.falseAlarms, ['C1']);
  assert.deepEqual(l.perShape.get('front_company'), { hit: 0, total: 1 });
  assert.deepEqual(l.levels.clean, { clear: 2, review: 2, high: 1, block: 0 });
  const inOp = (r: string) => clusters.some((x) => x.operator && x.members.includes(r));
  const inn = innocentMetrics(truth, levels, inOp);
  assert.deepEqual(inn.find((x) => x.shape === 'spouses'), { shape: 'spouses', groups: 1, people: 2, highBlock: 1, review: 1, inOperatorCluster: 1, groupsFlagged: 1 });
  assert.deepEqual(inn.find((x) => x.shape === 'colleagues'), { shape: 'colleagues', groups: 1, people: 3, highBlock: 0, review: 1, inOperatorCluster: 0, groupsFlagged: 0 });
  const f = fairness(truth, refs, levels);
  assert.deepEqual(f.korean, { n: 2, highBlock: 1, reviewOrMore: 2 });
  assert.deepEqual(f.other, { n: 3, highBlock: 0, reviewOrMore: 1 });
  // Per group, with the gap over groups of n >= 2: English 0/3, Korean 1/2 (origins); A 1/2, B 0/3 (countries).
  const byOrigin = fairnessBy(truth, refs, levels, (r) => (truth.origins[r] ?? '').split(' ')[0], 2);
  assert.deepEqual(byOrigin.groups, [
    { group: 'English', n: 3, highBlock: 0, reviewOrMore: 1 },
    { group: 'Korean', n: 2, highBlock: 1, reviewOrMore: 2 },
  ]);
  assert.equal(byOrigin.gap, 0.5);
  assert.equal(byOrigin.highest, 'Korean');
  assert.ok(Number.isNaN(fairnessBy(truth, refs, levels, (r) => truth.origins[r], 3).gap), 'one group of n >= 3 has no gap');
  const byCountry = fairnessBy(truth, refs, levels, (r) => (r === 'C1' || r === 'C3' ? 'A' : 'B'), 2);
  assert.equal(byCountry.gap, 0.5);
  const ts = targets(c, l, { origin: byOrigin, country: byCountry });
  assert.equal(ts.length, 8);
  assert.equal(passes(ts[6]!), false, 'a 50-point origin gap fails');
  assert.equal(passes({ label: '', value: 0.01, bound: 0.01, kind: 'max' }), true);
  assert.equal(passes({ label: '', value: 0.0101, bound: 0.01, kind: 'max' }), false);
  assert.equal(passes({ label: '', value: NaN, bound: 0.01, kind: 'max' }), false);
  assert.deepEqual(c.pairRecall, { hit: 2, total: 4 });
  assert.equal(passes(ts[2]!), false, 'pair recall 50% fails');
  assert.equal(passes({ label: '', value: 0.95, bound: 0.95, kind: 'min' }), true);
  assert.equal(passes({ label: '', value: 0.949, bound: 0.95, kind: 'min' }), false);
  assert.equal(passes({ label: '', value: NaN, bound: 0.9, kind: 'min' }), false);
  console.log('eval:hiring self-test: metric arithmetic OK (cluster recall/precision, pairs, merged clusters, levels, innocent shares, fairness by group and gap, targets)');
  return 0;
}

process.exitCode = await main().catch((err: unknown) => {
  console.error(`eval:hiring: ${(err as Error).stack ?? (err as Error).message}`);
  return 3;
});
