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

function runCase(script: string, ...args: string[]): ImportFigures {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, script), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop()!) as ImportFigures;
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
