/**
 * The server side of `npm run bench:http`, in its own process so the load generator does not
 * share its event loop: imports every bundled list into a fresh SQLite store, creates an API key,
 * serves on a loopback port and prints `{"port", "key", "adminKey"}` once the index is ready.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { DATASETS } from '../src/lists/datasets.js';
import { importList } from '../src/lists/import.js';
import { buildApp } from '../src/server/index.js';
import { createKey } from '../src/server/keys.js';
import { openStore } from '../src/store/index.js';

const lists = resolve(process.env.VIGIL_SOURCES_DIR ?? join(import.meta.dirname, '../../shared/data/lists'));
const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-http-'));
const store = await openStore({ kind: 'sqlite', file: join(dir, 'vigil.sqlite') });
for (const def of DATASETS) {
  const files = def.localFiles(lists);
  if (files) await importList(store, { dataset: def.name, files, allowPartial: true }); // the mirror's eu_fsf is a sample
}
const { key } = await createKey(store, 'bench', ['screen']);
const { key: adminKey } = await createKey(store, 'bench-admin', ['admin']);
// Production logging level (info logs every request) would measure pino writing to a pipe; the
// bench keeps warnings only, and says so.
const { app, state } = await buildApp({ store, logger: { level: 'warn' }, rateLimit: 10_000_000, maxBatch: 1000, dataDir: dir });
await state.reload();
await app.listen({ host: '127.0.0.1', port: 0 });
console.log(JSON.stringify({ port: (app.server.address() as AddressInfo).port, key, adminKey, dir }));
process.on('SIGTERM', () => {
  void app.close().then(() => store.close()).then(() => process.exit(0));
});
