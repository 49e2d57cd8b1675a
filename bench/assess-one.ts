/**
 * One candidate's assessment on a large pool: `assessAll` (what `vigil candidates assess REF`
 * ran before: the whole pool linked and assessed) against `assessOne` (the candidate's part of
 * the stored link graph), on a generated pool (eval/hiring/generate.ts, default 10,000
 * candidates) in a SQLite store, without lists (the index build is another benchmark). Prints a
 * summary, then one JSON line of figures.
 *   node --import tsx bench/assess-one.ts [--count N] [--sample K]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePool } from '../eval/hiring/generate.js';
import { upsertCandidates } from '../src/hiring/candidates.js';
import { loadRules } from '../src/hiring/rules.js';
import { assessAll, assessOne } from '../src/hiring/service.js';
import { openStore } from '../src/store/index.js';
import { arg } from './args.js';

const COUNT = arg('--count', 10_000);
const SAMPLE = arg('--sample', 40);
const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-assess-'));
try {
  const pool = generatePool({ count: COUNT, seed: 3 });
  const now = new Date(pool.truth.now);
  const rules = loadRules();
  const store = await openStore({ kind: 'sqlite', file: join(dir, 'bench.sqlite') });
  let t = performance.now();
  await upsertCandidates(store, pool.profiles, 'bench');
  const importMs = performance.now() - t;
  t = performance.now();
  await assessAll(store, { rules, actor: 'bench', now });
  const allMs = performance.now() - t;
  // Planted operators first (their clusters are the largest parts to read), then others.
  const planted = pool.truth.operators.flatMap((o) => o.refs);
  const refs = [...planted.slice(0, SAMPLE / 2), ...pool.profiles.filter((_, i) => i % Math.floor(COUNT / SAMPLE) === 0).map((p) => p.ref)].slice(0, SAMPLE);
  const times: number[] = [];
  const read: number[] = [];
  for (const ref of refs) {
    const r = await assessOne(store, ref, { rules, actor: 'bench', now });
    times.push(r.ms);
    read.push(r.read.profiles);
  }
  await store.close();
  times.sort((a, b) => a - b);
  read.sort((a, b) => a - b);
  const figures = {
    candidates: COUNT,
    importMs: Math.round(importMs),
    assessAllMs: Math.round(allMs),
    sample: refs.length,
    oneMedianMs: times[Math.floor(times.length / 2)]!,
    oneMaxMs: times[times.length - 1]!,
    readMedian: read[Math.floor(read.length / 2)]!,
    readMax: read[read.length - 1]!,
  };
  console.log(
    `${COUNT} candidates: import ${(importMs / 1000).toFixed(1)} s; one assessment by assessing the pool ${(allMs / 1000).toFixed(1)} s; ` +
      `by its part of the link graph median ${figures.oneMedianMs} ms, max ${figures.oneMaxMs} ms (${figures.readMedian} profiles read at the median, ${figures.readMax} at most)`,
  );
  console.log(JSON.stringify(figures));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
