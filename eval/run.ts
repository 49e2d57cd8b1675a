/**
 * `npm run eval`: measures Vigil's matcher on the labelled development set in eval/cases/,
 * through the real command line, exactly as a user (or a held-out evaluation) would run it.
 *
 *   node --import tsx eval/run.ts [--threshold T] [--category C ...] [--show-misses N] [--limit N]
 *                                 [--data-dir D] [--sources-dir D] [--vigil PATH] [--self-test]
 *
 * 1. Prepares a data directory (eval/.work/data) with `vigil lists update --sources-dir ...` when it
 *    does not hold every dataset of the local mirror yet (VIGIL_SOURCES_DIR or ../shared/data/lists).
 * 2. Runs `vigil screen` once over all screen cases (one input file, ids `<category>/<id>`) and
 *    `vigil compare` over the hard pairs, each as a child process.
 * 3. Prints per category: recall (the expected party among the results with match:true), false
 *    alerts (negatives with a match:true result; for near-miss addresses and emails, with any
 *    result at all), precision/recall/F1 for the pairs, the screen throughput, and PASS/FAIL per
 *    target. It exits 0 whatever the figures are (a measurement, not a test); 1 only when it could
 *    not measure (a command failed). `--self-test` checks the arithmetic on a fabricated example.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DATASETS } from '../src/lists/datasets.js';
import { PAIR_CATEGORY, SCREEN_CATEGORIES, TARGETS, type PairCase, type ScreenCase, type ScreenCategory, type Target } from './lib/cases.js';
import { pairMetrics, screenMetrics, tallyOutcomes, type PairMetrics, type PairOutput, type ScreenMetrics, type ScreenOutput } from './lib/metrics.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CASES_DIR = join(ROOT, 'eval', 'cases');
const WORK_DIR = join(ROOT, 'eval', '.work');

const USAGE = `usage: npm run eval -- [options]
  --threshold T      passed to screen/compare (default: the matcher's own default)
  --category C       only this category (repeatable, or comma-separated): ${[...SCREEN_CATEGORIES.map((c) => c.name), PAIR_CATEGORY.name].join(', ')}
  --show-misses N    print the first N misses and false alerts of each category, with the top result
  --limit N          passed to screen as --limit (default: the matcher's own default)
  --data-dir D       data directory to screen against (default eval/.work/data)
  --sources-dir D    local list mirror to prepare it from (default VIGIL_SOURCES_DIR or ../shared/data/lists)
  --vigil PATH       the vigil executable (default bin/vigil)
  --self-test        check the metric arithmetic on a fabricated example, no CLI needed`;

interface Options {
  threshold?: string;
  categories: string[];
  showMisses: number;
  limit?: string;
  dataDir: string;
  sourcesDir: string;
  vigil: string;
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
      'self-test': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  if (values['self-test']) return 'self-test';
  const known = [...SCREEN_CATEGORIES.map((c) => c.name), PAIR_CATEGORY.name];
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
  const r = await runVigil(opts, ['lists', 'update', '--sources-dir', opts.sourcesDir]);
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
  const bad = cases.filter((c) => {
    const o = m.outcomes.get(c.id)!;
    return c.expected.length > 0 ? o.kind !== 'found' : o.kind === 'false-alert';
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

export function targetValue(t: Target, screen: Map<string, ScreenMetrics>, pairs: PairMetrics | undefined): number | undefined {
  if (t.metric === 'f1') return pairs?.overall.f1;
  const m = screen.get(t.category);
  if (!m) return undefined;
  switch (t.metric) {
    case 'recall':
      return m.recall;
    case 'falseAlertRate':
      return m.falseAlertRate;
    case 'falseHits':
      return m.falseAlerts;
  }
}

export function targetPasses(t: Target, value: number): boolean {
  return t.metric === 'recall' || t.metric === 'f1' ? value >= t.bound : value <= t.bound;
}

function printTargets(screen: Map<string, ScreenMetrics>, pairs: PairMetrics | undefined): void {
  console.log('\nTargets (at the threshold used):');
  for (const t of TARGETS) {
    const v = targetValue(t, screen, pairs);
    const shown = (x: number) => (t.metric === 'falseHits' ? String(x) : t.metric === 'f1' ? x.toFixed(3) : `${(100 * x).toFixed(1)}%`);
    const bound = t.metric === 'recall' || t.metric === 'f1' ? `>= ${shown(t.bound)}` : `<= ${shown(t.bound)}`;
    if (v === undefined || Number.isNaN(v)) {
      console.log(`  SKIP  ${t.label}: not measured (target ${bound})`);
      continue;
    }
    console.log(`  ${targetPasses(t, v) ? 'PASS' : 'FAIL'}  ${t.label}: ${shown(v)} (target ${bound})`);
  }
}

// ---------------------------------------------------------------------------------------------

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

  const screenCats = SCREEN_CATEGORIES.filter((c) => o.categories.includes(c.name));
  const wantPairs = o.categories.includes(PAIR_CATEGORY.name);
  const screenAvailable = screenCats.length > 0 && commandAvailable(o, 'screen');
  const compareAvailable = wantPairs && commandAvailable(o, 'compare');
  if (screenCats.length > 0 && !screenAvailable) console.log('the screen command is not available yet (`vigil screen --help` fails): nothing to measure for the screen categories');
  if (wantPairs && !compareAvailable) console.log('the compare command is not available yet (`vigil compare --help` fails): nothing to measure for hard_pairs');
  if (!screenAvailable && !compareAvailable) return 0;

  await prepareDataDir(o);
  mkdirSync(WORK_DIR, { recursive: true });
  const common = [...(o.threshold !== undefined ? ['--threshold', o.threshold] : [])];
  let failed = false;
  const screenResults = new Map<string, ScreenMetrics>();
  let pairResult: PairMetrics | undefined;

  if (screenAvailable) {
    const loaded = screenCats.map((cat) => ({ cat, cases: readJsonl<ScreenCase>(join(CASES_DIR, cat.file)) }));
    const input = join(WORK_DIR, 'screen-input.jsonl');
    const output = join(WORK_DIR, 'screen-output.jsonl');
    const lines = loaded.flatMap(({ cat, cases }) => cases.map((c) => JSON.stringify({ id: `${cat.name}/${c.id}`, schema: c.schema, properties: c.properties })));
    writeFileSync(input, lines.join('\n') + '\n');
    // One query first: the fixed cost (start-up, index load), to estimate throughput without it.
    const probeIn = join(WORK_DIR, 'screen-probe-input.jsonl');
    writeFileSync(probeIn, lines[0] + '\n');
    const probe = await runVigil(o, ['screen', '--input', probeIn, '--output', join(WORK_DIR, 'screen-probe-output.jsonl'), ...common]);
    writeFileSync(output, '');
    const limit = o.limit !== undefined ? ['--limit', o.limit] : [];
    const run = await runVigil(o, ['screen', '--input', input, '--output', output, ...common, ...limit]);
    if (run.code !== 0) {
      failed = true;
      console.log(`\nvigil screen failed (exit ${run.code}); figures below count missing output lines as misses`);
    }
    const { byId, malformed } = readOutputs<ScreenOutput>(output);
    if (malformed > 0) console.log(`${malformed} malformed output line(s) in ${relative(process.cwd(), output)}`);
    const rows = loaded.map(({ cat, cases }) => {
      const outs = new Map<string, ScreenOutput>();
      for (const c of cases) {
        const out = byId.get(`${cat.name}/${c.id}`);
        if (out) outs.set(c.id, { ...out, results: Array.isArray(out.results) ? out.results : [] });
      }
      const m = screenMetrics(cases, outs, cat.negativeRule ?? 'match');
      screenResults.set(cat.name, m);
      return { cat, cases, m };
    });
    printScreenTable(rows);
    const seconds = run.ms / 1000;
    const overhead = probe.code === 0 ? probe.ms / 1000 : 0;
    console.log(
      `\nscreen: ${lines.length} queries in ${seconds.toFixed(1)} s = ${(lines.length / seconds).toFixed(0)} queries/s including start-up` +
        (overhead > 0 && seconds - overhead >= Math.max(1, 0.2 * seconds)
          ? `; a one-query run takes ${overhead.toFixed(1)} s (start-up, index load), so roughly ${(lines.length / (seconds - overhead)).toFixed(0)} queries/s after start-up`
          : overhead > 0
            ? `; a one-query run takes ${overhead.toFixed(1)} s, so start-up dominates this run`
            : ''),
    );
    if (o.showMisses > 0) for (const { cat, cases, m } of rows) printMisses(cat, cases, m, byId, o.showMisses);
  }

  if (compareAvailable) {
    const pairs = readJsonl<PairCase>(join(CASES_DIR, PAIR_CATEGORY.file));
    const input = join(WORK_DIR, 'compare-input.jsonl');
    const output = join(WORK_DIR, 'compare-output.jsonl');
    writeFileSync(input, pairs.map((p) => JSON.stringify({ id: p.id, query: p.query, candidate: p.candidate })).join('\n') + '\n');
    writeFileSync(output, '');
    const run = await runVigil(o, ['compare', '--input', input, '--output', output, ...common]);
    if (run.code !== 0) {
      failed = true;
      console.log(`\nvigil compare failed (exit ${run.code}); pairs without output count as "no match"`);
    }
    const { byId, malformed } = readOutputs<PairOutput>(output);
    if (malformed > 0) console.log(`${malformed} malformed output line(s) in ${relative(process.cwd(), output)}`);
    pairResult = pairMetrics(pairs, byId);
    printPairs(pairResult, pairs, byId, o.showMisses);
  }

  printTargets(screenResults, pairResult);
  writeFileSync(
    join(WORK_DIR, 'last-run.json'),
    JSON.stringify(
      {
        threshold: o.threshold ?? 'default',
        screen: Object.fromEntries([...screenResults].map(([k, m]) => [k, { cases: m.cases, found: m.found, inResults: m.inResults, recall: m.recall, falseAlerts: m.falseAlerts, falseAlertRate: m.falseAlertRate, noOutput: m.noOutput }])),
        pairs: pairResult ? { ...pairResult.overall, byKind: Object.fromEntries(pairResult.byKind), bestThreshold: pairResult.bestThreshold } : undefined,
      },
      null,
      2,
    ) + '\n',
  );
  return failed ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Self-test: the arithmetic on a fabricated example with known answers.

function selfTest(): number {
  const sc = (id: string, expected: string[]): ScreenCase => ({ id, schema: 'Person', properties: { name: [id] }, expected, category: 'self', note: '' });
  const hit = (id: string, score: number, match: boolean) => ({ id, score, match });
  const cases = [sc('p1', ['A']), sc('p2', ['B', 'B2']), sc('p3', ['C']), sc('p4', ['D']), sc('n1', []), sc('n2', []), sc('n3', []), sc('n4', []), sc('n5', [])];
  const outputs = new Map<string, ScreenOutput>([
    ['p1', { id: 'p1', results: [hit('A', 0.9, true)] }],
    ['p2', { id: 'p2', results: [hit('X', 0.95, true), hit('B2', 0.91, true)] }], // found through a linked id, not first
    ['p3', { id: 'p3', results: [hit('C', 0.6, false)] }], // below threshold
    // p4: no output line at all
    ['n1', { id: 'n1', results: [] }],
    ['n2', { id: 'n2', results: [hit('Y', 0.7, false)] }], // a result, but no match
    ['n3', { id: 'n3', results: [hit('Z', 0.9, true)] }],
    ['n4', { id: 'n4', results: [] }],
    ['n5', { id: 'n5', results: [] }],
  ]);
  const m = screenMetrics(cases, outputs, 'match');
  assert.equal(m.positives, 4);
  assert.equal(m.found, 2);
  assert.equal(m.recall, 0.5);
  assert.equal(m.inResults, 3);
  assert.equal(m.noOutput, 1);
  assert.equal(m.outcomes.get('p3')!.kind, 'below-threshold');
  assert.equal(m.outcomes.get('p4')!.kind, 'no-output');
  assert.equal(m.negatives, 5);
  assert.equal(m.falseAlerts, 1);
  assert.equal(m.falseAlertRate, 0.2);
  const strict = screenMetrics(cases, outputs, 'any');
  assert.equal(strict.falseAlerts, 2, 'under the near-miss rule any result is a false hit');
  assert.equal(strict.falseAlertRate, 0.4);

  const pc = (id: string, label: boolean, kind: string): PairCase => ({
    id,
    query: { schema: 'Person', properties: { name: [id] } },
    candidate: { schema: 'Person', properties: { name: [id] } },
    label,
    category: 'hard_pairs',
    kind,
    note: '',
  });
  const pairs = [pc('t1', true, 'a'), pc('t2', true, 'a'), pc('t3', true, 'b'), pc('f1', false, 'b'), pc('f2', false, 'c'), pc('f3', false, 'c')];
  const pout = new Map<string, PairOutput>([
    ['t1', { id: 't1', score: 0.9, match: true }],
    ['t2', { id: 't2', score: 0.8, match: true }],
    ['t3', { id: 't3', score: 0.4, match: false }],
    ['f1', { id: 'f1', score: 0.85, match: true }],
    ['f2', { id: 'f2', score: 0.3, match: false }],
    // f3: no output (counts as predicted "no match")
  ]);
  const pm = pairMetrics(pairs, pout);
  assert.deepEqual([pm.overall.tp, pm.overall.fp, pm.overall.tn, pm.overall.fn, pm.overall.missing], [2, 1, 2, 1, 1]);
  assert.ok(Math.abs(pm.overall.precision - 2 / 3) < 1e-12);
  assert.ok(Math.abs(pm.overall.recall - 2 / 3) < 1e-12);
  assert.ok(Math.abs(pm.overall.f1 - 2 / 3) < 1e-12);
  assert.deepEqual(pm.byKind.get('c'), { tp: 0, fp: 0, tn: 2, fn: 0, missing: 1, precision: 0, recall: 0, f1: 0 });
  // Best threshold: at score >= 0.4 -> tp 3, fp 1, fn 0: P 0.75, R 1, F1 6/7.
  assert.equal(pm.bestThreshold?.threshold, 0.4);
  assert.ok(Math.abs(pm.bestThreshold!.f1 - 6 / 7) < 1e-12);

  const recallTarget: Target = { label: 'r', category: 'x', metric: 'recall', bound: 0.99 };
  const rateTarget: Target = { label: 'f', category: 'x', metric: 'falseAlertRate', bound: 0.02 };
  const hitsTarget: Target = { label: 'h', category: 'x', metric: 'falseHits', bound: 0 };
  assert.equal(targetPasses(recallTarget, 0.99), true);
  assert.equal(targetPasses(recallTarget, 0.989), false);
  assert.equal(targetPasses(rateTarget, 0.02), true);
  assert.equal(targetPasses(rateTarget, 0.021), false);
  assert.equal(targetPasses(hitsTarget, 0), true);
  assert.equal(targetPasses(hitsTarget, 1), false);
  assert.equal(targetValue({ ...recallTarget, category: 'x' }, new Map([['x', m]]), pm), 0.5);
  assert.equal(targetValue({ label: 'f1', category: 'hard_pairs', metric: 'f1', bound: 0.9 }, new Map(), pm), pm.overall.f1);
  console.log('eval self-test: metric arithmetic OK (recall, in-results, false-alert rate under both rules, precision/recall/F1, best threshold, targets)');
  return 0;
}

process.exitCode = await main().catch((err: unknown) => {
  console.error(`eval: ${(err as Error).message}`);
  return 1;
});
