/**
 * Continuous monitoring at scale, run in its own process so its peak memory is its own: a book of
 * N monitored subjects (default 1,000,000) screened against the OFAC SDN of 2025-07-01, then the
 * 2025-11-19 publication imported and the monitor run on the change (delta monitoring: reverse
 * screening of the changed parties, as they are and as they were, and the subjects holding a key
 * whose weight state changed), then a full rescreen of the book: every alert it opens is one the
 * delta run missed.
 * Prints progress on stderr and one JSON line of figures on stdout.
 *   node --import tsx bench/monitor.ts [sqlite|postgres] [--subjects N]
 * N also from VIGIL_BENCH_SUBJECTS. PostgreSQL needs VIGIL_PG_URL (a schema of its own, dropped after).
 *
 * The book is deterministic (seeded): persons of many origins (the name parts and writers of
 * eval/lib/ordinary.ts, recombined), some with a birth date and a nationality; ~10% companies;
 * ~2% crypto wallets (EVM with an EIP-55 checksum, TRON Base58Check); and the DPRK subjects of
 * test/monitor.test.ts, planted among them: Song Kum Hyok and Asatryan LLC under spelling variants
 * (both designated on 2025-07-08) and a USDT address OFAC added to Cheil Credit Bank by November.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { loadSnapshot, parseSubjectRecord, runMonitor, upsertSubjects, type ListSnapshot, type SubjectInput } from '../src/cases/index.js';
import { importList } from '../src/lists/import.js';
import { openStore, type Store } from '../src/store/index.js';
import { rawDatabaseOf } from '../src/store/testing.js';
import { book, PLANTED } from './book.js';

const kind = process.argv[2] === 'postgres' ? 'postgres' : 'sqlite';
const flag = process.argv.indexOf('--subjects');
const N = Number(flag > 0 ? process.argv[flag + 1] : (process.env.VIGIL_BENCH_SUBJECTS ?? 1_000_000));
if (!Number.isInteger(N) || N < 1000) throw new Error(`--subjects must be a whole number >= 1000, not ${process.argv[flag + 1] ?? process.env.VIGIL_BENCH_SUBJECTS}`);

/**
 * SQLite only, to work on the delta run without building the book again: `--save-book FILE` copies
 * the store once the book is screened against July and November is imported (before the delta
 * run); `--book FILE` starts from such a copy (or one made before November was imported): July,
 * the book and its first screening are skipped, FILE is not changed.
 */
const option = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const saveBook = option('--save-book');
const savedBook = option('--book');
/** `--delta-only`: no full rescreen after the delta run (so no count of missed alerts): for profiling. */
const deltaOnly = process.argv.includes('--delta-only');
if ((saveBook || savedBook) && kind !== 'sqlite') throw new Error('--save-book and --book are for SQLite');

const lists = resolve(process.env.VIGIL_SOURCES_DIR ?? join(import.meta.dirname, '../../shared/data/lists'));
const jul = join(lists, 'ofac-sdn-advanced', 'sdn_advanced_2025-07-01.xml.gz');
const nov = join(lists, 'ofac-sdn-advanced', 'sdn_advanced_2025-11-19.xml.gz');
const ACTOR = 'bench:monitor';

// ---------------------------------------------------------------------------------------------
// Measuring

let peakHeap = 0;
const sampleHeap = () => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
};
const sampler = setInterval(sampleHeap, 250);
sampler.unref();

const log = (text: string) => process.stderr.write(`  [monitor ${kind} ${N.toLocaleString('en-US')}] ${text}\n`);
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * One monitor run, timed: wall clock, CPU time of this process (steadier than the wall clock on a
 * busy machine), and the selection (until the first progress call: the subjects to screen are
 * known then; for a delta run, the changed parties and the reverse screening).
 */
async function timedRun(label: string, snapshot: ListSnapshot, full = false) {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let selectionMs: number | undefined;
  let last = -1;
  const onProgress = (done: number, total: number) => {
    selectionMs ??= performance.now() - t0;
    const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
    if (tenth !== last && total >= 10_000) {
      last = tenth;
      log(`${label}: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} subjects (${secs(performance.now() - t0)})`);
    }
    sampleHeap();
  };
  const run = await runMonitor(store, snapshot, { actor: ACTOR, full, onProgress });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (!run) throw new Error(`${label}: the monitor found nothing to do`);
  const figures = {
    ms: Math.round(ms),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    selectionMs: Math.round(selectionMs ?? 0),
    subjects: run.subjectsDone,
    perSec: Math.round(run.subjectsDone / (ms / 1000)),
    stats: run.stats,
  };
  log(`${label}: ${secs(figures.ms)} (cpu ${secs(figures.cpuMs)}), ${figures.perSec} subjects/s, ${run.stats.opened} alerts opened`);
  return figures;
}

function sqliteBytes(file: string): number {
  let bytes = 0;
  for (const f of [file, `${file}-wal`]) if (existsSync(f)) bytes += statSync(f).size;
  return bytes;
}

// ---------------------------------------------------------------------------------------------

const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-monitor-'));
const file = join(dir, 'vigil.sqlite');
const schema = `vigil_bench_${randomBytes(4).toString('hex')}`;
let store: Store;
if (kind === 'postgres') {
  const url = process.env.VIGIL_PG_URL;
  if (!url) {
    console.log(JSON.stringify({ kind, subjects: N, skipped: 'VIGIL_PG_URL not set' }));
    process.exit(0);
  }
  store = await openStore({ kind, url, schema });
} else {
  if (savedBook) copyFileSync(savedBook, file);
  store = await openStore({ kind, file });
}

try {
  let t = performance.now();
  let generateMs = 0;
  let importMs = 0;
  let importCpuMs = 0;
  let first: Awaited<ReturnType<typeof timedRun>> | undefined;
  if (!savedBook) {
    // 1. July, monitored while the book is empty.
    t = performance.now();
    await importList(store, { dataset: 'us_ofac_sdn', files: [jul] });
    let julySnapshot: ListSnapshot | undefined = await loadSnapshot(store);
    const empty = await runMonitor(store, julySnapshot, { actor: ACTOR });
    if (empty?.subjectsDone !== 0) throw new Error('the first run should screen nobody');
    log(`July imported and monitored (${secs(performance.now() - t)})`);

    // 2-3. The book: generated (not timed), checked as the API checks it and stored.
    let created = 0;
    let step = performance.now();
    const batches = book(N, 10_000);
    while (true) {
      t = performance.now();
      const next = batches.next();
      if (next.done) break;
      generateMs += performance.now() - t;
      t = performance.now();
      const cpu0 = process.cpuUsage();
      const inputs: SubjectInput[] = next.value.map((r) => parseSubjectRecord(r));
      const results = await upsertSubjects(store, inputs, ACTOR);
      importMs += performance.now() - t;
      const cpu = process.cpuUsage(cpu0);
      importCpuMs += (cpu.user + cpu.system) / 1000;
      created += results.filter((r) => r.outcome === 'created').length;
      sampleHeap();
      if (performance.now() - step > 30_000) {
        step = performance.now();
        log(`imported ${created.toLocaleString('en-US')} subjects (${Math.round(created / (importMs / 1000))}/s)`);
      }
    }
    if (created !== N) throw new Error(`${created} subjects created, expected ${N}`);
    log(`${N.toLocaleString('en-US')} subjects imported in ${secs(importMs)}`);

    // The first monitor run with the book in place: every subject pending, a full screening against July.
    first = await timedRun('first screening against July', julySnapshot);
    julySnapshot = undefined; // one snapshot in memory at a time, as in a server
  } else {
    const subjects = Number((await rawDatabaseOf(store).selectFrom('subjects').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    if (subjects !== N) throw new Error(`${savedBook} holds ${subjects} subjects, not ${N}`);
    log(`book screened against July read from ${savedBook}`);
  }
  const alertsOnJuly = first?.stats.opened ?? 0;
  const keyRows = Number((await rawDatabaseOf(store).selectFrom('subject_keys').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  log(`${keyRows.toLocaleString('en-US')} subject index rows`);

  // 4. November, and the delta run.
  t = performance.now();
  const versions = await rawDatabaseOf(store).selectFrom('list_versions').select('id').where('dataset', '=', 'us_ofac_sdn').execute();
  if (versions.length < 2) await importList(store, { dataset: 'us_ofac_sdn', files: [nov] });
  const novImportMs = performance.now() - t;
  if (saveBook) {
    await sql`vacuum into ${saveBook}`.execute(rawDatabaseOf(store));
    log(`book screened against July, November imported, saved to ${saveBook}`);
  }
  t = performance.now();
  const novSnapshot = await loadSnapshot(store);
  const snapshotMs = performance.now() - t;
  const delta = await timedRun('delta after November', novSnapshot);
  const d = delta.stats;
  log(
    `delta: ${d.changedParties} changed parties -> ${d.reverseCandidates} reverse candidates (${d.closeCandidates} screened: a previous entry, or near the threshold); ` +
      `${d.changedKeys} keys changed weight state -> ${d.keySubjects} subjects holding one, ${d.shiftedSubjects} with a new candidate near the threshold; ` +
      `${d.crowdedSubjects} with a full list of matches; ${delta.subjects} screened; selection ${secs(delta.selectionMs)}`,
  );
  if (d.steps) log(`delta steps (ms): ${Object.entries(d.steps).map(([k, v]) => `${k} ${v}`).join(', ')}`);

  // The planted subjects must be among the alerts the delta run opened.
  const opened = await rawDatabaseOf(store)
    .selectFrom('alerts')
    .innerJoin('subjects', 'subjects.id', 'alerts.subject_id')
    .select(['subjects.ref', 'alerts.entity_id', 'alerts.entity_caption'])
    .where('subjects.ref', 'like', 'P-%')
    .execute();
  const found = PLANTED.filter(({ record, expect }) =>
    opened.some((a) => a.ref === record.ref && (typeof expect === 'string' ? a.entity_id === expect : expect.test(a.entity_caption))),
  ).length;

  // 5. A full rescreen against November.
  // Alerts it opens are matches the delta run missed (it should open none): named on stderr.
  const alertPairs = async () =>
    new Set(
      (await rawDatabaseOf(store).selectFrom('alerts').innerJoin('subjects', 'subjects.id', 'alerts.subject_id').select(['subjects.ref', 'alerts.entity_id']).execute()).map(
        (a) => `${a.ref} ${a.entity_id}`,
      ),
    );
  const afterDelta = await alertPairs();
  const full = deltaOnly ? undefined : await timedRun('full rescreen', novSnapshot, true);
  const missed = deltaOnly ? [] : [...(await alertPairs())].filter((p) => !afterDelta.has(p));
  for (const pair of missed.slice(0, 20)) log(`MISSED by the delta run: ${pair}`);

  // 6. Memory and size.
  sampleHeap();
  const counts = async (table: 'alerts' | 'screenings' | 'audit_log') =>
    Number((await rawDatabaseOf(store).selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  let dbBytes = 0;
  if (kind === 'sqlite') dbBytes = sqliteBytes(file);
  else {
    const r = await sql<{ bytes: string }>`select coalesce(sum(pg_total_relation_size(c.oid)), 0)::text as bytes from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = ${schema} and c.relkind = 'r'`.execute(rawDatabaseOf(store));
    dbBytes = Number(r.rows[0]?.bytes ?? 0);
  }
  console.log(
    JSON.stringify({
      kind,
      subjects: N,
      keyRows,
      generateMs: Math.round(generateMs),
      importMs: Math.round(importMs),
      importCpuMs: Math.round(importCpuMs),
      importPerSec: Math.round(N / (importMs / 1000)),
      first,
      alertsOnJuly,
      novImportMs: Math.round(novImportMs),
      snapshotMs: Math.round(snapshotMs),
      delta,
      planted: { found, of: PLANTED.length },
      full,
      missed: deltaOnly ? null : missed.length,
      rows: { alerts: await counts('alerts'), screenings: await counts('screenings'), audit: await counts('audit_log') },
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      peakHeapMb: Math.round(peakHeap / 2 ** 20),
      dbMb: Math.round(dbBytes / 2 ** 20),
    }),
  );
} finally {
  clearInterval(sampler);
  if (kind === 'postgres') await rawDatabaseOf(store).schema.dropSchema(schema).ifExists().cascade().execute().catch(() => {});
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

