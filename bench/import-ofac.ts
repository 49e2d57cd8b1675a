/**
 * One benchmark case, run in its own process so its peak memory is its own: import the full OFAC
 * SDN advanced XML (2025-11-19) into a fresh store, then the 2025-07-01 one as a second version,
 * and the diff from July to November.
 * Prints one JSON line of figures.
 *   node --import tsx bench/import-ofac.ts sqlite|postgres
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { importList } from '../src/lists/import.js';
import { diffVersions } from '../src/lists/versions.js';
import { openStore, type Store } from '../src/store/index.js';
import { rawDatabaseOf } from '../src/store/testing.js';

const kind = process.argv[2] === 'postgres' ? 'postgres' : 'sqlite';
const lists = resolve(process.env.VIGIL_SOURCES_DIR ?? join(import.meta.dirname, '../../shared/data/lists'));
const jul = join(lists, 'ofac-sdn-advanced', 'sdn_advanced_2025-07-01.xml.gz');
const nov = join(lists, 'ofac-sdn-advanced', 'sdn_advanced_2025-11-19.xml.gz');

const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
const schema = `vigil_bench_${randomBytes(4).toString('hex')}`;
let store: Store;
if (kind === 'postgres') {
  const url = process.env.VIGIL_PG_URL;
  if (!url) {
    console.log(JSON.stringify({ kind, skipped: 'VIGIL_PG_URL not set' }));
    process.exit(0);
  }
  store = await openStore({ kind, url, schema });
} else {
  store = await openStore({ kind, file: join(dir, 'vigil.sqlite') });
}

try {
  const t0 = performance.now();
  const first = await importList(store, { dataset: 'us_ofac_sdn', files: [nov] });
  const t1 = performance.now();
  const maxRssAfterFirstMb = process.resourceUsage().maxRSS / 1024;
  const second = await importList(store, { dataset: 'us_ofac_sdn', files: [jul], allowOlder: true });
  const t2 = performance.now();
  // What changed from July to November 2025 (the order in which OFAC published them).
  const diff = await diffVersions(store, 'us_ofac_sdn', second.version.id, first.version.id);
  const t3 = performance.now();
  console.log(
    JSON.stringify({
      kind,
      entities: first.version.entityCount,
      importMs: Math.round(t1 - t0),
      parseMs: Math.round(first.parseMs),
      storeMs: Math.round(first.storeMs),
      peakRssMb: Math.round(maxRssAfterFirstMb),
      secondImportMs: Math.round(t2 - t1),
      diffMs: Math.round(t3 - t2),
      diff: { added: diff.added.length, removed: diff.removed.length, changed: diff.changed.length },
    }),
  );
} finally {
  if (kind === 'postgres') await rawDatabaseOf(store).schema.dropSchema(schema).ifExists().cascade().execute().catch(() => {});
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
