/**
 * `npm run eval`: measures Vigil's matcher on the labelled development set in eval/cases/,
 * through the real command line, exactly as a user (or a held-out evaluation) would run it.
 *
 *   node --import tsx eval/run.ts [--threshold T] [--category C ...] [--show-misses N] [--limit N]
 *                                 [--data-dir D] [--sources-dir D] [--vigil PATH] [--self-test]
 *
 * 1. Prepares a data directory (eval/.work/data) with `vigil lists update --sources-dir ...` when it
 *    does not hold every dataset of the local mirror yet (VIGIL_SOURCES_DIR or ../shared/data/lists).
 * 2. Runs `vigil screen` once over all screen cases (own categories, own adversarial cases and the
 *    external adversarial queries; one input file, ids `<category>/<id>`) and `vigil compare` once
 *    over all pairs (hard_pairs, native_script, list_pairs, the external crosslist pairs), each as
 *    a child process. The external set is read from --external-dir, VIGIL_EVAL_DIR or ../shared/eval.
 * 3. Prints per category: recall (the expected party among the results with match:true), false
 *    alerts (negatives with a match:true result; for near-miss addresses and emails, with any
 *    result at all), precision/recall/F1 for the pairs (per bucket and kind; dev and test halves
 *    apart), the screen throughput, and PASS/FAIL per target. A case or pair without an output line
 *    counts against the matcher whatever its label, and every target fed by a run that exited
 *    non-zero is FAIL. It exits 0 whatever the figures are (a measurement, not a test); 1 when a
 *    command failed. `--self-test` checks the arithmetic on a fabricated example.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DATASETS } from '../src/lists/datasets.js';
import { parse as parseCsv } from 'csv-parse/sync';
import {
  BUCKETS,
  EXTERNAL,
  LIST_PAIRS_FILE,
  NATIVE_PAIRS_FILE,
  PAIR_CATEGORY,
  SCREEN_CATEGORIES,
  TARGETS,
  type Command,
  type PairCase,
  type ScreenCase,
  type ScreenCategory,
  type Target,
} from './lib/cases.js';
import {
  pairConfusion,
  pairMetrics,
  screenMetrics,
  tallyOutcomes,
  type Confusion,
  type PairMetrics,
  type PairOutput,
  type ScreenMetrics,
  type ScreenOutput,
} from './lib/metrics.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CASES_DIR = join(ROOT, 'eval', 'cases');
const WORK_DIR = join(ROOT, 'eval', '.work');

const ALL_CATEGORIES = [...SCREEN_CATEGORIES.map((c) => c.name), PAIR_CATEGORY.name, 'list_pairs', EXTERNAL.adversarial.name, EXTERNAL.crosslist.name];

const USAGE = `usage: npm run eval -- [options]
  --threshold T      passed to screen/compare (default: the matcher's own default)
  --category C       only this category (repeatable, or comma-separated): ${ALL_CATEGORIES.join(', ')}
  --show-misses N    print the first N misses and false alerts of each category, with the top result
  --limit N          passed to screen as --limit (default: the matcher's own default)
  --data-dir D       data directory to screen against (default eval/.work/data)
  --sources-dir D    local list mirror to prepare it from (default VIGIL_SOURCES_DIR or ../shared/data/lists)
  --vigil PATH       the vigil executable (default bin/vigil)
  --external-dir D   the external labelled set (default VIGIL_EVAL_DIR or ../shared/eval)
  --self-test        check the metric arithmetic on a fabricated example, no CLI needed`;

interface Options {
  threshold?: string;
  categories: string[];
  showMisses: number;
  limit?: string;
  dataDir: string;
  sourcesDir: string;
  vigil: string;
  externalDir: string;
}

function options(): Options | 'self-test' | 'help' {
  const { values } = parseArgs({
    options: {
      threshold: { type: 'string' },
      category: { type: 'string', multiple: true },
      'show-misses': { type: 'string' },
      limit: { type: 'string' },
      'data-dir': { type: 'string' },
      'sources-dir': { type: 'string' },
      vigil: { type: 'string' },
      'external-dir': { type: 'string' },
      'self-test': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  if (values['self-test']) return 'self-test';
  const known = ALL_CATEGORIES;
  const categories = (values.category ?? []).flatMap((c) => c.split(',')).map((c) => c.trim()).filter((c) => c !== '');
  for (const c of categories) if (!known.includes(c)) throw new UsageError(`unknown category "${c}"; categories: ${known.join(', ')}`);
  if (values.threshold !== undefined && !(Number(values.threshold) >= 0 && Number(values.threshold) <= 1)) {
    throw new UsageError(`--threshold must be a number between 0 and 1, not "${values.threshold}"`);
  }
  const showMisses = values['show-misses'] === undefined ? 0 : Number(values['show-misses']);
  if (!Number.isInteger(showMisses) || showMisses < 0) throw new UsageError(`--show-misses must be a whole number, not "${values['show-misses']}"`);
  if (values.limit !== undefined && !(Number.isInteger(Number(values.limit)) && Number(values.limit) > 0)) {
    throw new UsageError(`--limit must be a positive whole number, not "${values.limit}"`);
  }
  return {
    threshold: values.threshold,
    categories: categories.length > 0 ? categories : known,
    showMisses,
    limit: values.limit,
    dataDir: resolve(values['data-dir'] ?? join(WORK_DIR, 'data')),
    sourcesDir: resolve(values['sources-dir'] ?? process.env.VIGIL_SOURCES_DIR ?? join(ROOT, '..', 'shared', 'data', 'lists')),
    vigil: resolve(values.vigil ?? join(ROOT, 'bin', 'vigil')),
    externalDir: resolve(values['external-dir'] ?? process.env.VIGIL_EVAL_DIR ?? join(ROOT, '..', 'shared', 'eval')),
  };
}

class UsageError extends Error {}

// ---------------------------------------------------------------------------------------------
// Files

function readJsonl<T>(file: string): T[] {
  const text = readFileSync(file, 'utf8');
  const rows: T[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      rows.push(JSON.parse(line) as T);
    } catch (err) {
      throw new Error(`${relative(process.cwd(), file)} line ${i + 1}: not JSON (${(err as Error).message})`);
    }
  });
  return rows;
}

/** Output lines by id; malformed lines are counted, not fatal (the matcher may be mid-change). */
function readOutputs<T extends { id: string }>(file: string): { byId: Map<string, T>; malformed: number } {
  const byId = new Map<string, T>();
  let malformed = 0;
  if (!existsSync(file)) return { byId, malformed };
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const row = JSON.parse(line) as T;
      if (typeof row.id === 'string') byId.set(row.id, row);
      else malformed++;
    } catch {
      malformed++;
    }
  }
  return { byId, malformed };
}

// ---------------------------------------------------------------------------------------------
// Running the CLI

/** Environment for the CLI: the embedded SQLite store in the data dir, whatever the shell says. */
function cliEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.VIGIL_STORE;
  delete env.VIGIL_DATA_DIR;
  return env;
}

function vigilCommand(opts: Options, args: string[]): [string, string[]] {
  // Run through this Node (the bin scripts are Node scripts), so PATH and shebangs do not matter.
  return [process.execPath, [opts.vigil, ...args]];
}

function commandAvailable(opts: Options, command: string): boolean {
  const [cmd, args] = vigilCommand(opts, [command, '--help']);
  const r = spawnSync(cmd, args, { cwd: ROOT, env: cliEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return r.status === 0;
}

async function runVigil(opts: Options, args: string[]): Promise<{ code: number; ms: number; stderrTail: string }> {
  const [cmd, full] = vigilCommand(opts, ['--data-dir', opts.dataDir, ...args]);
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, full, { cwd: ROOT, env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const keep = (chunk: Buffer) => {
      process.stderr.write(chunk);
      tail = (tail + chunk.toString('utf8')).slice(-2000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? 1, ms: performance.now() - started, stderrTail: tail }));
  });
}

/** Import the lists into the data dir unless every dataset of the mirror is already there. */
async function prepareDataDir(opts: Options): Promise<void> {
  const wanted = DATASETS.filter((d) => d.localFiles(opts.sourcesDir) !== undefined).map((d) => d.name);
  if (wanted.length === 0) throw new Error(`no list publications found under ${opts.sourcesDir} (set VIGIL_SOURCES_DIR or --sources-dir)`);
  let present: string[] = [];
  if (existsSync(opts.dataDir)) {
    const [cmd, args] = vigilCommand(opts, ['--data-dir', opts.dataDir, 'lists', 'status', '--json']);
    const r = spawnSync(cmd, args, { cwd: ROOT, env: cliEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.status === 0) {
      try {
        present = (JSON.parse(r.stdout) as { current: { dataset: string }[] }).current.map((v) => v.dataset);
      } catch {
        present = [];
      }
    }
  }
  const missing = wanted.filter((d) => !present.includes(d));
  if (missing.length === 0) return;
  console.error(`eval: importing ${missing.join(', ')} into ${relative(process.cwd(), opts.dataDir)} from ${opts.sourcesDir}`);
  mkdirSync(opts.dataDir, { recursive: true });
  // Everything the mirror holds is screened against; a sample among it (the mirror's eu_fsf file)
  // is imported as the partial list it is, as an operator would have to allow it.
  const r = await runVigil(opts, ['lists', 'update', '--allow-partial', '--sources-dir', opts.sourcesDir, ...missing.flatMap((d) => ['--dataset', d])]);
  if (r.code !== 0) throw new Error(`vigil lists update failed (exit ${r.code})`);
}

// ---------------------------------------------------------------------------------------------
// Reporting

const pct = (x: number) => (Number.isNaN(x) ? '   -  ' : `${(100 * x).toFixed(1).padStart(5)}%`);
const num = (x: number) => String(x).padStart(6);

/** Sub-groups worth seeing inside a category (persons vs organisations, documented vs generated...). */
function subgroup(c: ScreenCase): string | undefined {
  switch (c.category) {
    case 'dprk_variants':
    case 'listed_variants':
      return c.schema === 'Person' ? 'persons' : 'organisations';
    case 'native_script':
      return c.note.startsWith('generated') ? 'Hangul written from MR (none in list)' : `documented ${c.note.split(' ')[1]}`;
    case 'wallets':
    case 'wallet_near_miss':
      return `${c.note.split(' ')[1]} addresses`;
    case 'ordinary_names': {
      const m = /^ordinary (.+?) name/.exec(c.note);
      const origin = m?.[1] ?? 'other';
      return origin === 'company' ? 'companies' : origin.startsWith('Korean') ? origin : 'other persons';
    }
    case 'adversarial':
    case 'ext_adversarial':
      return `${c.split ? `${c.split} ` : ''}${c.bucket ?? 'other'}`;
    default:
      return undefined;
  }
}

function printScreenTable(rows: { cat: ScreenCategory; cases: ScreenCase[]; m: ScreenMetrics }[]): void {
  console.log('');
  console.log(`${'category'.padEnd(40)} ${'cases'.padStart(6)} ${'found'.padStart(6)} ${'recall'.padStart(6)} ${'in res.'.padStart(7)} ${'alerts'.padStart(6)} ${'rate'.padStart(6)}`);
  for (const { cat, cases, m } of rows) {
    const line = (label: string, mm: ScreenMetrics) =>
      cat.positive
        ? `${label.padEnd(40)} ${num(mm.cases)} ${num(mm.found)} ${pct(mm.recall)} ${pct(mm.positives > 0 ? mm.inResults / mm.positives : NaN).padStart(7)}`
        : `${label.padEnd(40)} ${num(mm.cases)} ${''.padStart(6)} ${''.padStart(6)} ${''.padStart(7)} ${num(mm.falseAlerts)} ${pct(mm.falseAlertRate)}`;
    console.log(line(cat.name, m) + (m.noOutput > 0 ? `   (${m.noOutput} without output)` : ''));
    const groups = new Map<string, ScreenCase[]>();
    for (const c of cases) {
      const g = subgroup(c);
      if (g) (groups.get(g) ?? groups.set(g, []).get(g)!).push(c);
    }
    if (groups.size > 1) {
      for (const [g, cs] of [...groups].sort((a, b) => a[0].localeCompare(b[0]))) {
        console.log(line(`  ${g}`, tallyOutcomes(cs, m.outcomes)));
      }
    }
  }
  console.log("  found/recall: the expected party among the results with match:true; in res.: at any score;");
  console.log('  alerts: negatives with a match:true result (near-miss addresses/emails: with any result).');
}

function describeQuery(c: { properties: Record<string, string[]> }): string {
  return Object.entries(c.properties)
    .map(([k, v]) => `${k}=${JSON.stringify(v.length === 1 ? v[0] : v)}`)
    .join(' ');
}

function printMisses(cat: ScreenCategory, cases: ScreenCase[], m: ScreenMetrics, outputs: Map<string, ScreenOutput>, n: number): void {
  // Held-out (test) cases are never listed: they are not to be tuned on.
  const bad = cases.filter((c) => {
    if (c.split === 'test') return false;
    const o = m.outcomes.get(c.id)!;
    return c.expected.length > 0 ? o.kind !== 'found' : o.kind === 'false-alert' || o.kind === 'no-output';
  });
  if (bad.length === 0) return;
  console.log(`\n${cat.name}: ${bad.length} ${cat.positive ? 'misses' : 'false alerts'}; the first ${Math.min(n, bad.length)}:`);
  for (const c of bad.slice(0, n)) {
    const o = m.outcomes.get(c.id)!;
    const out = outputs.get(`${cat.name}/${c.id}`);
    const top = out?.results[0];
    const topText = top ? `top ${top.id} "${top.caption ?? ''}" ${top.score.toFixed(3)}${top.match ? ' match' : ''}` : 'no results';
    let why = '';
    if (o.kind === 'below-threshold') why = `; expected ${o.hit.id} at ${o.hit.score.toFixed(3)} (below threshold)`;
    else if (o.kind === 'no-output') why = '; no output line';
    else if (o.kind === 'false-alert') why = `; alerted ${o.hits.map((h) => `${h.id} ${h.score.toFixed(3)}`).join(', ')}`;
    const expected = c.expected.length > 0 ? ` expected ${c.expected.join('|')}` : '';
    console.log(`  ${c.id} ${c.schema} ${describeQuery(c)}${expected}  [${c.note}]`);
    console.log(`      -> ${topText}${why}`);
  }
}

function printPairs(m: PairMetrics, pairs: PairCase[], outputs: Map<string, PairOutput>, n: number): void {
  const c = m.overall;
  console.log(`\n${PAIR_CATEGORY.name} (compare): ${pairs.length} pairs, precision ${pct(c.precision)}, recall ${pct(c.recall)}, F1 ${c.f1.toFixed(3)}` +
    `  (tp ${c.tp}, fp ${c.fp}, tn ${c.tn}, fn ${c.fn}${c.missing > 0 ? `, ${c.missing} without output` : ''})`);
  if (m.bestThreshold) console.log(`  best F1 over score thresholds: ${m.bestThreshold.f1.toFixed(3)} at score >= ${m.bestThreshold.threshold}`);
  console.log(`  ${'kind'.padEnd(22)} ${'pairs'.padStart(6)} ${'label'.padStart(6)} ${'right'.padStart(6)} ${'accuracy'.padStart(8)}`);
  for (const [kind, k] of m.byKind) {
    const total = k.tp + k.fp + k.tn + k.fn;
    const label = k.tp + k.fn > 0 ? 'true' : 'false';
    console.log(`  ${kind.padEnd(22)} ${num(total)} ${label.padStart(6)} ${num(k.tp + k.tn)} ${pct(total > 0 ? (k.tp + k.tn) / total : NaN).padStart(8)}`);
  }
  if (n > 0) {
    const wrong = pairs.filter((p) => (outputs.get(p.id)?.match === true) !== p.label);
    if (wrong.length > 0) console.log(`\n${PAIR_CATEGORY.name}: ${wrong.length} wrong; the first ${Math.min(n, wrong.length)}:`);
    for (const p of wrong.slice(0, n)) {
      const out = outputs.get(p.id);
      const cname = (p.candidate.properties.name ?? []).slice(0, 2).join(' | ');
      console.log(`  ${p.id} [${p.kind}] label ${p.label}: ${p.query.schema} ${describeQuery(p.query)}  vs  ${p.candidate.schema} "${cname}"`);
      console.log(`      -> ${out ? `score ${out.score.toFixed(3)}${out.match ? ' match' : ' no match'}` : 'no output'}  [${p.note}]`);
    }
  }
}

export function targetPasses(t: Target, value: number): boolean {
  return t.metric === 'recall' || t.metric === 'f1' ? value >= t.bound : value <= t.bound;
}

/**
 * PASS/FAIL/SKIP of one target. A target fed by a `vigil` run that exited non-zero is FAIL
 * whatever its figure: the figure is then made of missing results.
 */
export function targetStatus(t: Target, value: number | undefined, failed: ReadonlySet<Command>): 'PASS' | 'FAIL' | 'SKIP' {
  if (t.feeds.some((c) => failed.has(c))) return 'FAIL';
  if (value === undefined || Number.isNaN(value)) return 'SKIP';
  return targetPasses(t, value) ? 'PASS' : 'FAIL';
}

function printTargets(figures: Map<string, number>, failed: ReadonlySet<Command>, categories: readonly string[]): void {
  console.log('\nTargets (at the threshold used):');
  for (const t of TARGETS) {
    if (!categories.includes(t.category)) continue;
    const v = figures.get(t.key);
    const shown = (x: number) => (t.metric === 'falseHits' ? String(x) : t.metric === 'f1' ? x.toFixed(3) : `${(100 * x).toFixed(1)}%`);
    const bound = t.metric === 'recall' || t.metric === 'f1' ? `>= ${shown(t.bound)}` : `<= ${shown(t.bound)}`;
    const status = targetStatus(t, v, failed);
    const broken = t.feeds.filter((c) => failed.has(c));
    const value = v === undefined || Number.isNaN(v) ? 'not measured' : shown(v);
    console.log(`  ${status}  ${t.label}: ${value} (target ${bound})${broken.length > 0 ? `  [vigil ${broken.join(' and ')} failed]` : ''}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Pair sets with buckets (list_pairs, the external crosslist set)

const ORG_SCHEMAS = new Set(['Organization', 'Company', 'LegalEntity']);
const scored = (p: PairCase) => !p.kind.endsWith('_unrelated');

/** Figures of a bucketed pair set (one split), into `figures` under `prefix.`; prints a table. */
function reportBucketedPairs(title: string, prefix: string, pairs: PairCase[], outputs: Map<string, PairOutput>, figures: Map<string, number>, showMisses: number): void {
  const line = (label: string, c: Confusion) =>
    `  ${label.padEnd(26)} ${num(c.tp + c.fp + c.tn + c.fn)} ${pct(c.precision)} ${pct(c.recall)} ${c.tp + c.fn + c.fp > 0 ? c.f1.toFixed(3).padStart(6) : '    - '}` +
    `  (tp ${c.tp}, fp ${c.fp}, tn ${c.tn}, fn ${c.fn}${c.missing > 0 ? `, ${c.missing} without output` : ''})`;
  const unrelated = pairs.filter((p) => !scored(p)).length;
  console.log(`\n${title}: ${pairs.length} pairs (${unrelated} *_unrelated left out of the scores)`);
  console.log(`  ${'group'.padEnd(26)} ${'pairs'.padStart(6)} ${'prec.'.padStart(6)} ${'recall'.padStart(6)} ${'F1'.padStart(6)}`);
  const groups: [string, string, (p: PairCase) => boolean][] = [
    ['all (name-only scored)', 'all', () => true],
    ['persons', 'persons', (p) => p.query.schema === 'Person'],
    ...BUCKETS.map((b): [string, string, (p: PairCase) => boolean] => [`  persons ${b}`, `persons.${b}`, (p) => p.query.schema === 'Person' && p.bucket === b]),
    ['organisations', 'orgs', (p) => ORG_SCHEMAS.has(p.query.schema)],
    ['vessels', 'vessels', (p) => p.query.schema === 'Vessel'],
  ];
  for (const [label, key, keep] of groups) {
    const c = pairConfusion(pairs, outputs, (p) => scored(p) && keep(p));
    if (c.tp + c.fp + c.tn + c.fn === 0) continue;
    figures.set(`${prefix}.${key}.f1`, c.f1);
    console.log(line(label, c));
  }
  console.log(`  ${'kind'.padEnd(26)} ${'pairs'.padStart(6)} ${'right'.padStart(6)} ${'accuracy'.padStart(8)}`);
  for (const kind of [...new Set(pairs.map((p) => p.kind))].sort()) {
    const c = pairConfusion(pairs, outputs, (p) => p.kind === kind);
    const total = c.tp + c.fp + c.tn + c.fn;
    console.log(`  ${kind.padEnd(26)} ${num(total)} ${num(c.tp + c.tn)} ${pct(total > 0 ? (c.tp + c.tn) / total : NaN).padStart(8)}${kind.endsWith('_unrelated') ? '  (not scored)' : ''}`);
  }
  if (showMisses > 0) printWrongPairs(title, pairs.filter(scored), outputs, showMisses);
}

function printWrongPairs(title: string, pairs: PairCase[], outputs: Map<string, PairOutput>, n: number): void {
  const wrong = pairs.filter((p) => {
    const out = outputs.get(p.id);
    return !out || out.match !== p.label;
  });
  if (wrong.length === 0) return;
  console.log(`\n${title}: ${wrong.length} wrong; the first ${Math.min(n, wrong.length)}:`);
  for (const p of wrong.slice(0, n)) {
    const out = outputs.get(p.id);
    const cname = (p.candidate.properties.name ?? []).slice(0, 2).join(' | ');
    console.log(`  ${p.id} [${p.bucket ? `${p.bucket}/` : ''}${p.kind}] label ${p.label}: ${p.query.schema} ${describeQuery(p.query)}  vs  ${p.candidate.schema} "${cname}"`);
    console.log(`      -> ${out ? `score ${out.score.toFixed(3)}${out.match ? ' match' : ' no match'}` : 'no output'}  [${p.note}]`);
  }
}

// ---------------------------------------------------------------------------------------------
// The external set

/** crosslist_pairs_dev.csv -> pairs (`case_group` = bucket/kind; names only, like list_pairs). */
function readCrosslist(file: string): PairCase[] {
  const rows = parseCsv(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows.map((r, i) => {
    const [bucket, kind] = (r.case_group ?? '').split('/');
    if (!bucket || !kind || !r.name1 || !r.name2 || !r.schema || (r.is_match !== 'true' && r.is_match !== 'false')) {
      throw new Error(`${file} row ${i + 2}: expected case_group "bucket/kind", schema, name1, name2 and is_match true/false`);
    }
    return {
      id: String(i + 1).padStart(5, '0'),
      query: { schema: r.schema, properties: { name: [r.name1] } },
      candidate: { schema: r.schema, properties: { name: [r.name2] } },
      label: r.is_match === 'true',
      category: EXTERNAL.crosslist.name,
      kind,
      bucket,
      note: [r.source, r.notes].filter(Boolean).join('; '),
    };
  });
}

/** adversarial_dev.jsonl -> screen cases (bucket "adv:homoglyph" -> "homoglyph"). */
function readExternalAdversarial(file: string): ScreenCase[] {
  return readJsonl<{ id: string; bucket: string; expected: string[]; schema: string; properties: Record<string, string[]> }>(file).map((r) => ({
    id: r.id,
    schema: r.schema,
    properties: r.properties,
    expected: r.expected,
    category: EXTERNAL.adversarial.name,
    note: r.bucket,
    bucket: r.bucket.replace(/^adv:/, ''),
  }));
}

/** Recall per (split and) bucket of an adversarial set into `figures`. */
function adversarialFigures(name: string, cases: ScreenCase[], m: ScreenMetrics, figures: Map<string, number>): void {
  const splits = [...new Set(cases.map((c) => c.split))];
  for (const split of splits) {
    for (const bucket of [...new Set(cases.map((c) => c.bucket ?? ''))]) {
      const cs = cases.filter((c) => c.split === split && (c.bucket ?? '') === bucket);
      if (cs.length === 0) continue;
      const t = tallyOutcomes(cs, m.outcomes);
      figures.set(`${name}${split ? `.${split}` : ''}.${bucket}.recall`, t.recall);
    }
  }
}

// ---------------------------------------------------------------------------------------------

interface ScreenSet {
  cat: ScreenCategory;
  cases: ScreenCase[];
}

interface PairSet {
  name: string;
  pairs: PairCase[];
}

async function main(): Promise<number> {
  let opts: Options | 'self-test' | 'help';
  try {
    opts = options();
  } catch (err) {
    console.error(`eval: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (opts === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (opts === 'self-test') return selfTest();
  const o = opts;
  const want = (c: string) => o.categories.includes(c);

  // What to run: screen sets and pair sets, own and external.
  const screenSets: ScreenSet[] = SCREEN_CATEGORIES.filter((c) => want(c.name)).map((cat) => ({ cat, cases: readJsonl<ScreenCase>(join(CASES_DIR, cat.file)) }));
  const pairSets: PairSet[] = [];
  if (want(PAIR_CATEGORY.name)) pairSets.push({ name: PAIR_CATEGORY.name, pairs: readJsonl<PairCase>(join(CASES_DIR, PAIR_CATEGORY.file)) });
  if (want('native_script')) pairSets.push({ name: 'native_script', pairs: readJsonl<PairCase>(join(CASES_DIR, NATIVE_PAIRS_FILE)) });
  if (want('list_pairs')) pairSets.push({ name: 'list_pairs', pairs: readJsonl<PairCase>(join(CASES_DIR, LIST_PAIRS_FILE)) });
  if (want(EXTERNAL.adversarial.name) || want(EXTERNAL.crosslist.name)) {
    const adv = join(o.externalDir, EXTERNAL.adversarial.file);
    const xl = join(o.externalDir, EXTERNAL.crosslist.file);
    if (want(EXTERNAL.adversarial.name)) {
      if (existsSync(adv)) screenSets.push({ cat: { name: EXTERNAL.adversarial.name, file: adv, title: 'external adversarial queries (dev half)', positive: true }, cases: readExternalAdversarial(adv) });
      else console.log(`external set: ${adv} not found (set --external-dir or VIGIL_EVAL_DIR); ${EXTERNAL.adversarial.name} skipped`);
    }
    if (want(EXTERNAL.crosslist.name)) {
      if (existsSync(xl)) pairSets.push({ name: EXTERNAL.crosslist.name, pairs: readCrosslist(xl) });
      else console.log(`external set: ${xl} not found (set --external-dir or VIGIL_EVAL_DIR); ${EXTERNAL.crosslist.name} skipped`);
    }
  }

  // A command that cannot even print its help (a build that failed: bin/vigil compiles the sources
  // first) measured nothing: every target it feeds is FAIL, never skipped.
  const failed = new Set<Command>();
  const screenAvailable = screenSets.length > 0 && commandAvailable(o, 'screen');
  const compareAvailable = pairSets.length > 0 && commandAvailable(o, 'compare');
  if (screenSets.length > 0 && !screenAvailable) {
    failed.add('screen');
    console.log('`vigil screen --help` failed (run it to see why): every target the screen categories feed is FAIL');
  }
  if (pairSets.length > 0 && !compareAvailable) {
    failed.add('compare');
    console.log('`vigil compare --help` failed (run it to see why): every target the pair sets feed is FAIL');
  }

  if (screenAvailable || compareAvailable) await prepareDataDir(o);
  mkdirSync(WORK_DIR, { recursive: true });
  const common = [...(o.threshold !== undefined ? ['--threshold', o.threshold] : [])];
  const figures = new Map<string, number>();
  const screenResults = new Map<string, ScreenMetrics>();
  const pairOutputs = new Map<string, Map<string, PairOutput>>();

  if (screenAvailable) {
    const input = join(WORK_DIR, 'screen-input.jsonl');
    const output = join(WORK_DIR, 'screen-output.jsonl');
    const lines = screenSets.flatMap(({ cat, cases }) => cases.map((c) => JSON.stringify({ id: `${cat.name}/${c.id}`, schema: c.schema, properties: c.properties })));
    writeFileSync(input, lines.join('\n') + '\n');
    // One query first: the fixed cost (start-up, index load), to estimate throughput without it.
    const probeIn = join(WORK_DIR, 'screen-probe-input.jsonl');
    writeFileSync(probeIn, lines[0] + '\n');
    const probe = await runVigil(o, ['screen', '--input', probeIn, '--output', join(WORK_DIR, 'screen-probe-output.jsonl'), ...common]);
    writeFileSync(output, '');
    const limit = o.limit !== undefined ? ['--limit', o.limit] : [];
    const run = await runVigil(o, ['screen', '--input', input, '--output', output, ...common, ...limit]);
    if (run.code !== 0) {
      failed.add('screen');
      console.log(`\nvigil screen failed (exit ${run.code}); every target it feeds is FAIL, and a case without output counts as a miss or a false alert`);
    }
    const { byId, malformed } = readOutputs<ScreenOutput>(output);
    if (malformed > 0) console.log(`${malformed} malformed output line(s) in ${relative(process.cwd(), output)}`);
    const rows = screenSets.map(({ cat, cases }) => {
      const outs = new Map<string, ScreenOutput>();
      for (const c of cases) {
        const out = byId.get(`${cat.name}/${c.id}`);
        if (out) outs.set(c.id, { ...out, results: Array.isArray(out.results) ? out.results : [] });
      }
      const m = screenMetrics(cases, outs, cat.negativeRule ?? 'match');
      screenResults.set(cat.name, m);
      figures.set(`${cat.name}.recall`, m.recall);
      figures.set(`${cat.name}.falseAlertRate`, m.falseAlertRate);
      figures.set(`${cat.name}.falseHits`, m.falseAlerts);
      if (cat.name === 'adversarial' || cat.name === EXTERNAL.adversarial.name) adversarialFigures(cat.name, cases, m, figures);
      return { cat, cases, m };
    });
    printScreenTable(rows);
    const seconds = run.ms / 1000;
    const overhead = probe.code === 0 ? probe.ms / 1000 : 0;
    if (run.code === 0) {
      console.log(
        `\nscreen: ${lines.length} queries in ${seconds.toFixed(1)} s = ${(lines.length / seconds).toFixed(0)} queries/s including start-up` +
          (overhead > 0 && seconds - overhead >= Math.max(1, 0.2 * seconds)
            ? `; a one-query run takes ${overhead.toFixed(1)} s (start-up, index load), so roughly ${(lines.length / (seconds - overhead)).toFixed(0)} queries/s after start-up`
            : overhead > 0
              ? `; a one-query run takes ${overhead.toFixed(1)} s, so start-up dominates this run`
              : ''),
      );
    } else console.log('\nscreen: no throughput figure (the run failed)');
    if (o.showMisses > 0) for (const { cat, cases, m } of rows) printMisses(cat, cases, m, byId, o.showMisses);
  }

  if (compareAvailable) {
    const input = join(WORK_DIR, 'compare-input.jsonl');
    const output = join(WORK_DIR, 'compare-output.jsonl');
    const lines = pairSets.flatMap(({ name, pairs }) => pairs.map((p) => JSON.stringify({ id: `${name}/${p.id}`, query: p.query, candidate: p.candidate })));
    writeFileSync(input, lines.join('\n') + '\n');
    writeFileSync(output, '');
    const run = await runVigil(o, ['compare', '--input', input, '--output', output, ...common]);
    if (run.code !== 0) {
      failed.add('compare');
      console.log(`\nvigil compare failed (exit ${run.code}); every target it feeds is FAIL, and a pair without output counts as wrong`);
    }
    const { byId, malformed } = readOutputs<PairOutput>(output);
    if (malformed > 0) console.log(`${malformed} malformed output line(s) in ${relative(process.cwd(), output)}`);
    for (const { name, pairs } of pairSets) {
      const outs = new Map<string, PairOutput>();
      for (const p of pairs) {
        const out = byId.get(`${name}/${p.id}`);
        if (out) outs.set(p.id, out);
      }
      pairOutputs.set(name, outs);
      if (name === PAIR_CATEGORY.name) {
        const pm = pairMetrics(pairs, outs);
        figures.set('hard_pairs.f1', pm.overall.f1);
        printPairs(pm, pairs, outs, o.showMisses);
      } else if (name === 'native_script') {
        printNativeScript(pairs, outs, screenResults.get('native_script'), figures, o.showMisses);
      } else if (name === 'list_pairs') {
        for (const split of ['dev', 'test'] as const) {
          const title = `list_pairs ${split}${split === 'test' ? ' (held out: never tune on it)' : ''} (compare)`;
          reportBucketedPairs(title, `list_pairs.${split}`, pairs.filter((p) => p.split === split), outs, figures, split === 'dev' ? o.showMisses : 0);
        }
      } else {
        reportBucketedPairs(`${name}: external crosslist pairs, dev half (compare)`, name, pairs, outs, figures, o.showMisses);
      }
    }
  }
  if (!compareAvailable && screenResults.has('native_script')) {
    // The compare half is not there: native_script recall is the screen half alone.
    figures.set('native_script.recall', screenResults.get('native_script')!.recall);
  }

  printTargets(figures, failed, o.categories);
  writeFileSync(
    join(WORK_DIR, 'last-run.json'),
    JSON.stringify(
      {
        threshold: o.threshold ?? 'default',
        failed: [...failed],
        screen: Object.fromEntries([...screenResults].map(([k, m]) => [k, { cases: m.cases, found: m.found, inResults: m.inResults, recall: m.recall, falseAlerts: m.falseAlerts, falseAlertRate: m.falseAlertRate, noOutput: m.noOutput }])),
        figures: Object.fromEntries([...figures].sort((a, b) => (a[0] < b[0] ? -1 : 1))),
        targets: TARGETS.filter((t) => o.categories.includes(t.category)).map((t) => ({ label: t.label, key: t.key, value: figures.get(t.key), status: targetStatus(t, figures.get(t.key), failed) })),
      },
      null,
      2,
    ) + '\n',
  );
  return failed.size > 0 ? 1 : 0;
}

/** native_script: documented native names by compare, plus Hangul-from-MR screen cases; one recall. */
function printNativeScript(pairs: PairCase[], outputs: Map<string, PairOutput>, screen: ScreenMetrics | undefined, figures: Map<string, number>, showMisses: number): void {
  const c = pairConfusion(pairs, outputs, () => true);
  const found = c.tp + (screen?.found ?? 0);
  const total = pairs.length + (screen?.positives ?? 0);
  figures.set('native_script.recall', total > 0 ? found / total : NaN);
  console.log(`\nnative_script (transliteration): recall ${pct(total > 0 ? found / total : NaN)} = ${found} of ${total}` +
    ` (documented names vs the Latin-only record, compare: ${c.tp} of ${pairs.length}${screen ? `; Hangul written from MR, screen: ${screen.found} of ${screen.positives}` : ''})`);
  for (const kind of [...new Set(pairs.map((p) => p.kind))].sort()) {
    const k = pairConfusion(pairs, outputs, (p) => p.kind === kind);
    console.log(`  documented ${kind.padEnd(6)} ${num(k.tp + k.fn)} ${num(k.tp)} ${pct(k.recall)}`);
  }
  if (showMisses > 0) printWrongPairs('native_script (compare)', pairs, outputs, showMisses);
}

// ---------------------------------------------------------------------------------------------
// Self-test: the arithmetic on a fabricated example with known answers.

function selfTest(): number {
  const sc = (id: string, expected: string[]): ScreenCase => ({ id, schema: 'Person', properties: { name: [id] }, expected, category: 'self', note: '' });
  const hit = (id: string, score: number, match: boolean) => ({ id, score, match });
  const cases = [sc('p1', ['A']), sc('p2', ['B', 'B2']), sc('p3', ['C']), sc('p4', ['D']), sc('n1', []), sc('n2', []), sc('n3', []), sc('n4', []), sc('n5', []), sc('n6', [])];
  const outputs = new Map<string, ScreenOutput>([
    ['p1', { id: 'p1', results: [hit('A', 0.9, true)] }],
    ['p2', { id: 'p2', results: [hit('X', 0.95, true), hit('B2', 0.91, true)] }], // found through a linked id, not first
    ['p3', { id: 'p3', results: [hit('C', 0.6, false)] }], // below threshold
    // p4: no output line at all (a miss)
    ['n1', { id: 'n1', results: [] }],
    ['n2', { id: 'n2', results: [hit('Y', 0.7, false)] }], // a result, but no match
    ['n3', { id: 'n3', results: [hit('Z', 0.9, true)] }],
    ['n4', { id: 'n4', results: [] }],
    ['n5', { id: 'n5', results: [] }],
    // n6: no output line at all (counts as a false alert: a crash must not look clean)
  ]);
  const m = screenMetrics(cases, outputs, 'match');
  assert.equal(m.positives, 4);
  assert.equal(m.found, 2);
  assert.equal(m.recall, 0.5);
  assert.equal(m.inResults, 3);
  assert.equal(m.noOutput, 2);
  assert.equal(m.outcomes.get('p3')!.kind, 'below-threshold');
  assert.equal(m.outcomes.get('p4')!.kind, 'no-output');
  assert.equal(m.outcomes.get('n6')!.kind, 'no-output');
  assert.equal(m.negatives, 6);
  assert.equal(m.falseAlerts, 2, 'n3 alerted, n6 has no output');
  assert.equal(m.falseAlertRate, 2 / 6);
  const strict = screenMetrics(cases, outputs, 'any');
  assert.equal(strict.falseAlerts, 3, 'under the near-miss rule any result is a false hit, and so is a missing line');
  assert.equal(strict.falseAlertRate, 0.5);
  // Every negative without output: nothing looks clean.
  const crashed = screenMetrics(cases.filter((c) => c.expected.length === 0), new Map(), 'any');
  assert.equal(crashed.falseAlertRate, 1);

  const pc = (id: string, label: boolean, kind: string, extra: Partial<PairCase> = {}): PairCase => ({
    id,
    query: { schema: 'Person', properties: { name: [id] } },
    candidate: { schema: 'Person', properties: { name: [id] } },
    label,
    category: 'hard_pairs',
    kind,
    note: '',
    ...extra,
  });
  const pairs = [pc('t1', true, 'a'), pc('t2', true, 'a'), pc('t3', true, 'b'), pc('f1', false, 'b'), pc('f2', false, 'c'), pc('f3', false, 'c')];
  const pout = new Map<string, PairOutput>([
    ['t1', { id: 't1', score: 0.9, match: true }],
    ['t2', { id: 't2', score: 0.8, match: true }],
    ['t3', { id: 't3', score: 0.4, match: false }],
    ['f1', { id: 'f1', score: 0.85, match: true }],
    ['f2', { id: 'f2', score: 0.3, match: false }],
    // f3: no output: counted wrong (a false positive for a false pair)
  ]);
  const pm = pairMetrics(pairs, pout);
  assert.deepEqual([pm.overall.tp, pm.overall.fp, pm.overall.tn, pm.overall.fn, pm.overall.missing], [2, 2, 1, 1, 1]);
  assert.ok(Math.abs(pm.overall.precision - 1 / 2) < 1e-12);
  assert.ok(Math.abs(pm.overall.recall - 2 / 3) < 1e-12);
  assert.ok(Math.abs(pm.overall.f1 - 4 / 7) < 1e-12);
  assert.deepEqual(pm.byKind.get('c'), { tp: 0, fp: 1, tn: 1, fn: 0, missing: 1, precision: 0, recall: 0, f1: 0 });
  // Best threshold: at score >= 0.4 -> tp 3, fp 2 (f1, and f3 without output), fn 0: P 0.6, R 1, F1 0.75.
  assert.equal(pm.bestThreshold?.threshold, 0.4);
  assert.ok(Math.abs(pm.bestThreshold!.f1 - 0.75) < 1e-12);
  // A true pair without output is a false negative.
  const tm = pairConfusion([pc('t9', true, 'a')], new Map(), () => true);
  assert.deepEqual([tm.tp, tm.fn, tm.missing], [0, 1, 1]);
  // Bucketed subsets (list_pairs, external crosslist): persons of one bucket.
  const bucketed = [pc('b1', true, 'pos_alias', { bucket: 'chinese' }), pc('b2', false, 'neg_person_similar', { bucket: 'chinese' }), pc('b3', true, 'pos_alias', { bucket: 'russian_cis' })];
  const bout = new Map<string, PairOutput>([
    ['b1', { id: 'b1', score: 0.9, match: true }],
    ['b2', { id: 'b2', score: 0.9, match: true }],
  ]);
  const chinese = pairConfusion(bucketed, bout, (p) => p.bucket === 'chinese');
  assert.deepEqual([chinese.tp, chinese.fp, chinese.f1], [1, 1, 2 / 3]);

  const recallTarget: Target = { label: 'r', key: 'x.recall', category: 'x', metric: 'recall', bound: 0.99, feeds: ['screen'] };
  const rateTarget: Target = { label: 'f', key: 'x.falseAlertRate', category: 'x', metric: 'falseAlertRate', bound: 0.02, feeds: ['screen'] };
  const hitsTarget: Target = { label: 'h', key: 'x.falseHits', category: 'x', metric: 'falseHits', bound: 0, feeds: ['screen'] };
  const bothTarget: Target = { label: 'n', key: 'n.recall', category: 'n', metric: 'recall', bound: 0.95, feeds: ['screen', 'compare'] };
  assert.equal(targetPasses(recallTarget, 0.99), true);
  assert.equal(targetPasses(recallTarget, 0.989), false);
  assert.equal(targetPasses(rateTarget, 0.02), true);
  assert.equal(targetPasses(rateTarget, 0.021), false);
  assert.equal(targetPasses(hitsTarget, 0), true);
  assert.equal(targetPasses(hitsTarget, 1), false);
  const none = new Set<Command>();
  assert.equal(targetStatus(hitsTarget, 0, none), 'PASS');
  assert.equal(targetStatus(recallTarget, undefined, none), 'SKIP');
  // A run that exited non-zero fails every target it feeds, even one whose figure would pass.
  assert.equal(targetStatus(hitsTarget, 0, new Set<Command>(['screen'])), 'FAIL');
  assert.equal(targetStatus(rateTarget, 0, new Set<Command>(['screen'])), 'FAIL');
  assert.equal(targetStatus(hitsTarget, 0, new Set<Command>(['compare'])), 'PASS');
  assert.equal(targetStatus(bothTarget, 1, new Set<Command>(['compare'])), 'FAIL');
  assert.equal(targetStatus(bothTarget, undefined, new Set<Command>(['screen'])), 'FAIL');
  // Every target in the table names a run it is fed by.
  for (const t of TARGETS) assert.ok(t.feeds.length > 0, t.label);
  console.log(
    'eval self-test: metric arithmetic OK (recall, in-results, false alerts under both rules with missing lines counted, precision/recall/F1 with missing pairs counted wrong, bucketed subsets, best threshold, targets failing when their run failed)',
  );
  return 0;
}

process.exitCode = await main().catch((err: unknown) => {
  console.error(`eval: ${(err as Error).message}`);
  return 1;
});
