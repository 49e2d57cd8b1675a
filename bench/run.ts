/**
 * `npm run bench`: Vigil's speed and memory figures, each case in a fresh process.
 * Targets (2-core machine): full OFAC SDN advanced XML import under 10 s and under 600 MB.
 */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

interface ImportFigures {
  kind: string;
  skipped?: string;
  entities: number;
  importMs: number;
  parseMs: number;
  storeMs: number;
  peakRssMb: number;
  secondImportMs: number;
  diffMs: number;
  diff: { added: number; removed: number; changed: number };
}

function runCase<T = ImportFigures>(script: string, ...args: string[]): T {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(import.meta.dirname, script), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop()!) as T;
}

console.log(`Vigil benchmarks — node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB`);
console.log('');
console.log('Import of the full OFAC SDN advanced XML (2025-11-19, 121 MB uncompressed; targets: < 10 s, < 600 MB)');
for (const kind of ['sqlite', 'postgres']) {
  const r = runCase('import-ofac.ts', kind);
  if (r.skipped) {
    console.log(`  ${kind.padEnd(8)} skipped: ${r.skipped}`);
    continue;
  }
  const ok = r.importMs < 10_000 && r.peakRssMb < 600 ? 'within target' : 'OVER TARGET';
  console.log(
    `  ${kind.padEnd(8)} ${(r.importMs / 1000).toFixed(2)} s (parse ${(r.parseMs / 1000).toFixed(2)} s, store ${(r.storeMs / 1000).toFixed(2)} s), ` +
      `peak RSS ${r.peakRssMb} MB, ${r.entities} entities — ${ok}`,
  );
  console.log(
    `           then 2025-07-01 as a second version: ${(r.secondImportMs / 1000).toFixed(2)} s; diff July -> November: ${(r.diffMs / 1000).toFixed(2)} s ` +
      `(${r.diff.added} added, ${r.diff.removed} removed, ${r.diff.changed} changed)`,
  );
}

interface MatchFigures {
  stats: { parties: number; wallets: number; names: number; keys: number; identifiers: number };
  buildMs: number;
  indexMb: number;
  queries: number;
  p50Ms: number;
  p99Ms: number;
  singlePerSec: number;
  batchWorkers: number;
  batchPerSec: number;
  batchMs: number;
  batchStartupMs: number;
  batchQueries: number;
  bookQueries: number;
  bookPerSec: number;
}

console.log('');
console.log('Matching over all bundled lists (targets: index build <= 3 s, p50 <= 0.3 ms, >= 5,000 names/s per core in batch)');
const m = runCase<MatchFigures>('match.ts');
console.log(
  `  index: ${m.stats.parties} parties, ${m.stats.names} names, ${m.stats.wallets} wallets, ${m.stats.keys} keys; ` +
    `built in ${(m.buildMs / 1000).toFixed(2)} s, ${m.indexMb} MB heap`,
);
console.log(
  `  single thread: ${m.queries} queries, p50 ${m.p50Ms.toFixed(3)} ms, p99 ${m.p99Ms.toFixed(3)} ms, ${m.singlePerSec} queries/s`,
);
console.log(
  `  batch (vigil screen --input, ${m.batchWorkers} workers): ${m.batchQueries} queries in ${(m.batchMs / 1000).toFixed(1)} s, of which ` +
    `${(m.batchStartupMs / 1000).toFixed(1)} s start-up (each worker loads the lists and builds its index); then ` +
    `${m.batchPerSec} queries/s (${Math.round(m.batchPerSec / m.batchWorkers)} per core) on the mixed set (half listed-name variants)`,
);
console.log(
  `  batch, customer book of ${m.bookQueries} ordinary names: ${m.bookPerSec} queries/s after start-up ` +
    `(${Math.round(m.bookPerSec / m.batchWorkers)} per core)`,
);
