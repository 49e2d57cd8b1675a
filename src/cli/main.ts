/**
 * The `vigil` command.
 *
 *   vigil [--data-dir DIR] lists import --dataset D --file PATH [--file PATH ...] [--allow-older] [--allow-partial]
 *   vigil [--data-dir DIR] lists update [--dataset D ...] [--sources-dir DIR] [--allow-partial]
 *   vigil [--data-dir DIR] lists status [--max-list-age 30d] [--json]
 *   vigil [--data-dir DIR] lists diff --dataset D [--from V] [--to V] [--json] [--limit N]
 *   vigil [--data-dir DIR] entity ID [--json] [--version V]
 *   vigil [--data-dir DIR] screen | compare | keys | audit | jobs | serve ...
 *   vigil [--data-dir DIR] audit verify | checkpoint | keygen   (the trail's anchors: audit.ts)
 *   vigil [--data-dir DIR] subjects | alerts | monitor | webhooks ...   (case management: cases.ts)
 *   vigil [--data-dir DIR] candidates import | assess | clusters        (vetting: hiring.ts)
 *
 * `serve` takes the datasets to screen against (--datasets), the refresh schedule (--refresh-interval),
 * the maximum list age (--max-list-age) and --wait-for-lists; every screen against a list older than
 * the maximum age (VIGIL_MAX_LIST_AGE, default 30 days) says so on stderr, and `lists status` shows it.
 *
 * `lists import` and `lists update` run the monitor afterwards when subjects are monitored, so a
 * new designation becomes an alert at once (--no-monitor to skip). Before that they write the index
 * cache for the lists in force, so the next `vigil screen` does not build the index itself.
 *
 * The data directory comes from --data-dir, else VIGIL_DATA_DIR, else ./vigil-data. The store is
 * the SQLite file in it, or PostgreSQL when VIGIL_STORE=postgres / VIGIL_PG_URL says so.
 * `main` returns the exit code instead of exiting, so tests can run it in-process.
 */
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { SETTINGS, loadConfig, type Config } from '../config.js';
import { VigilError, errorInfo } from '../errors.js';
import { DATASETS, configuredDatasets } from '../lists/datasets.js';
import { PartialListError } from '../lists/errors.js';
import { currentEntities, diffVersions, formatDuration, listFreshness, parseDuration, type FreshnessReport } from '../lists/versions.js';
import type { Entity } from '../model/index.js';
import type { Vigil } from '../app/index.js';
import { storeFromEnv, type ListVersion, type Store } from '../store/index.js';
import { indexCacheKey, loadIndex, readIndexCache, writeIndexCache } from '../lists/index-cache.js';
import { registerAuditAnchorCommands } from './audit.js';
import { compareFile, screenFile, slowStepLines, type StepLines } from './batch.js';
import { progressBar } from './progress.js';
import { readPassword } from './password.js';
import { isDateOrDateTime } from '../server/strict-input.js';
import { publishedText, renderDiff, renderEntity, renderScreenResults, renderStatus } from './render.js';

export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

const defaultIO: CliIO = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
  env: process.env,
};

interface ScreenCliOptions {
  schema: string;
  dob?: string;
  country?: string;
  email?: string;
  wallet?: string;
  input?: string;
  output?: string;
  threshold?: number;
  limit?: number;
  workers?: number;
  json?: boolean;
}

/** Who acts from the command line, for the audit trail. */
function cliActor(config: Config): string {
  if (config.actor) return `cli:${config.actor}`;
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

/** Raised for wrong usage that commander cannot see (code `usage`: exit code 1, printed after "vigil: "). */
class UsageError extends VigilError {
  constructor(message: string) {
    super('usage', message);
  }
}

/**
 * The line the `vigil` command prints for an error that ends it, by the error's code: wrong usage
 * after "vigil: ", a list file that cannot be read as "vigil: cannot import ...", a full store
 * as "vigil: disk full while ..." (the message names what stays in force), a server that
 * could not start with no list as it is (the whole message is what to do), anything else as
 * "vigil: error: ..." (with its stack when VIGIL_DEBUG is set).
 */
function errorLine(err: unknown): { line: string; unforeseen: boolean } {
  const message = (err as Error).message;
  switch (err instanceof VigilError ? err.code : undefined) {
    case 'usage':
      return { line: `vigil: ${message}`, unforeseen: false };
    case 'no_lists_at_start':
      return { line: message, unforeseen: false };
    case 'list_format':
    case 'partial_list':
      return { line: `vigil: cannot import ${message}`, unforeseen: false };
    case 'store_full':
      return { line: `vigil: ${message}`, unforeseen: false };
    default:
      return { line: `vigil: error: ${message}`, unforeseen: true };
  }
}

/** A commander parser for durations ("6h", "30d", "0"); a bare number is in `unit`. */
function duration(unit: 'h' | 'd') {
  return (value: string): number => {
    try {
      return parseDuration(value, unit);
    } catch (err) {
      throw new InvalidArgumentError((err as Error).message);
    }
  };
}

/** Freshness of the lists in force, as the settings configure it (VIGIL_DATASETS, VIGIL_MAX_LIST_AGE). */
function cliFreshness(current: ListVersion[], config: Config, maxAgeMs?: number, onlyInForce = false): FreshnessReport {
  const datasets = onlyInForce ? current.map((v) => v.dataset) : configuredDatasets(config.datasets).map((d) => d.name);
  return listFreshness(current, datasets, maxAgeMs ?? config.maxListAgeMs);
}

/** The one warning line of a screening against stale lists, or undefined when every list is fresh. */
function staleWarning(report: FreshnessReport): string | undefined {
  const stale = report.datasets.filter((f) => f.stale && f.version !== null);
  if (stale.length === 0) return undefined;
  const which = stale.map((f) => `${f.dataset} (${f.ageFrom} ${(f.ageFrom === 'published' ? f.publishedAt : f.importedAt)?.slice(0, 10)}, ${Math.floor((f.ageSeconds ?? 0) / 86_400)} days ago)`);
  return (
    `vigil: warning: screened against ${stale.length > 1 ? 'lists' : 'a list'} older than the maximum age of ${formatDuration(report.maxAgeSeconds * 1000)}: ` +
    `${which.join(', ')}; run \`vigil lists update\` (VIGIL_MAX_LIST_AGE sets the maximum age)`
  );
}

/** The version in package.json (the compiled CLI sits in dist/cli/, the sources in src/cli/). */
function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a whole number, got "${value}"`);
  return n;
}

function score(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError(`expected a score between 0 and 1, got "${value}"`);
  return n;
}

async function countLines(path: string): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(path)) {
    const buf = chunk as Buffer;
    for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) n++;
  }
  return n;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * After `lists import` / `lists update`: write the index cache for the lists now in force, so the
 * next `vigil screen` reads the index instead of building it (the cold start is paid here, once
 * per list change). Nothing is done when the cache is already there. It never fails the import: a
 * cache that cannot be written is said on stderr, and screening then builds the index itself.
 * (The cache is built here rather than through `loadIndexSnapshot`, which keeps write errors quiet.)
 */
/** Said on stderr when a screen has to build the index (no cache for the lists in force yet). */
const BUILDING_INDEX = 'vigil: building the screening index for the lists in force (once per list version; later screens read it from the cache)...';

async function writeIndexCacheAfterImport(s: Store, dataDir: string, io: CliIO): Promise<void> {
  try {
    if ((await s.currentVersions()).length === 0) return;
    const t0 = performance.now();
    const key = await indexCacheKey(s);
    if (readIndexCache(dataDir, key)) return;
    const [{ ScreeningIndex }, { indexSnapshot }] = await Promise.all([import('../match/index.js'), import('../match/snapshot.js')]);
    const bytes = indexSnapshot(ScreeningIndex.build(await currentEntities(s)));
    await writeIndexCache(dataDir, key, bytes);
    io.err(
      `index cache written for the lists in force (${(bytes.length / 2 ** 20).toFixed(1)} MB, ${((performance.now() - t0) / 1000).toFixed(1)} s): ` +
        '`vigil screen` starts from it',
    );
  } catch (err) {
    io.err(
      `warning: the index cache could not be written (${(err as Error).message}); the lists are imported all the same, ` +
        'and `vigil screen` will build the index itself',
    );
  }
}

/**
 * DEFAULT_THRESHOLD of the matcher (src/match/score.ts), for the help texts: the matcher is loaded
 * by the commands that screen in this thread, not by every start (a batch screen's main thread
 * never needs it). test/cli-startup.test.ts checks that the two agree.
 */
export const HELP_DEFAULT_THRESHOLD = 0.7;

/** The service `vigil jobs submit` talks to when neither --url nor VIGIL_URL says otherwise. */
const DEFAULT_URL = SETTINGS.url.fallback;

/** The commands defined in this file (the others come from cases.ts and hiring.ts). */
const OWN_COMMANDS: ReadonlySet<string> = new Set(['lists', 'entity', 'screen', 'compare', 'keys', 'users', 'audit', 'jobs', 'serve']);

/** The command word of `argv`: its first word that is neither a global option nor an option's value. */
function commandWord(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--data-dir') i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

export async function main(argv: string[], io: CliIO = defaultIO): Promise<number> {
  // Every setting is read here, once; a bad one is said by the command that uses it.
  const config = loadConfig(io.env);
  let store: Store | undefined;
  const dataDirOf = (cmd: Command) => resolve(cmd.optsWithGlobals<{ dataDir?: string }>().dataDir ?? config.dataDir);
  const openStore = async (cmd: Command): Promise<Store> => {
    store = await storeFromEnv(dataDirOf(cmd), config);
    return store;
  };
  /** The application over a store this command opened; the vetting rules (VIGIL_HIRING_RULES) are read when first needed. */
  const vigilOver = async (s: Store): Promise<Vigil> => {
    const [{ createVigil, auditSigningKeyOf }, { loadRules, ruleFilesFromEnv }] = await Promise.all([import('../app/index.js'), import('../hiring/rules.js')]);
    return createVigil({
      store: s,
      rules: () => loadRules(ruleFilesFromEnv(config)),
      monitorStaleMs: config.monitorStaleMs,
      auditSigningKey: () => auditSigningKeyOf(config),
      // Read when a webhook is registered or sent (a bad VIGIL_WEBHOOK_ALLOW fails those commands only).
      webhooks: {
        get allow() {
          return config.webhookAllow;
        },
      },
    });
  };

  const program = new Command('vigil')
    .description('Vigil: sanctions and insider-threat screening for crypto firms')
    .option('--data-dir <dir>', 'data directory (env VIGIL_DATA_DIR, default ./vigil-data)')
    .version(packageVersion(), '-V, --version', 'print the version of Vigil')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError();

  /** Every screening against a stale list says so, on stderr (a bad VIGIL_MAX_LIST_AGE is itself said there). */
  const warnIfStale = (inForce: ListVersion[]) => {
    try {
      const line = staleWarning(cliFreshness(inForce, config, undefined, true));
      if (line) io.err(line);
    } catch (err) {
      io.err(`vigil: warning: ${(err as Error).message}; list freshness not checked`);
    }
  };

  const caseContext = {
    openStore,
    openVigil: async (cmd: Command) => vigilOver(await openStore(cmd)),
    out: io.out,
    err: io.err,
    actor: () => cliActor(config),
    progressBar: () => progressBar(),
    fail: (message: string) => new UsageError(message),
    config,
  };
  const lists = program.command('lists').description('official sanctions lists: import, update, status, diff');

  lists
    .command('import')
    .description('import one publication of a dataset from a file (format detected from content)')
    .requiredOption('--dataset <name>', `dataset name (${DATASETS.map((d) => d.name).join(', ')})`)
    .requiredOption('--file <path>', 'list file; repeat for a set of files (OFAC CSV)', collect)
    .option('--allow-older', 'import a publication older than the version in force (it becomes the version in force)')
    .option('--allow-partial', 'import a sample or extract of the list (refused otherwise); it is stored and shown as partial')
    .option('--no-monitor', 'do not screen the monitored subjects against the changes now')
    .action(async (opts: { dataset: string; file: string[]; allowOlder?: boolean; allowPartial?: boolean; monitor: boolean }, cmd: Command) => {
      const vigil = await vigilOver(await openStore(cmd));
      const bar = progressBar();
      try {
        const outcome = await vigil.lists.import(
          {
            dataset: opts.dataset,
            files: opts.file.map((f) => resolve(f)),
            allowOlder: opts.allowOlder,
            allowPartial: opts.allowPartial,
            onProgress: (phase, done, total) => bar.update(phase === 'parse' ? 'reading ' : 'storing ', done, total),
          },
          { actor: cliActor(config), via: 'lists import' },
        );
        bar.stop();
        const v = outcome.version;
        if (outcome.unchanged) {
          io.out(`${v.dataset}: this publication (sha256 ${v.sha256.slice(0, 12)}) is already version ${v.id}; nothing imported`);
        } else {
          io.out(
            `${v.dataset}: imported version ${v.id} (${outcome.format}, published ${publishedText(v)}): ` +
              `${v.entityCount} entities in ${((outcome.parseMs + outcome.storeMs) / 1000).toFixed(1)} s` +
              (outcome.previous ? `; previous version ${outcome.previous.id}` : '') +
              (v.partial ? '; PARTIAL (not the whole list)' : ''),
          );
        }
        for (const w of outcome.warnings) io.err(`warning: ${w}`);
        await writeIndexCacheAfterImport(vigil.store, dataDirOf(cmd), io);
        if (!outcome.unchanged && opts.monitor) await (await import('./cases.js')).monitorAfterImport(vigil, caseContext);
      } finally {
        bar.stop();
      }
    });

  lists
    .command('update')
    .description('update all configured datasets (VIGIL_DATASETS, default all) from the official URLs, or from a local mirror')
    .option('--dataset <name>', 'only this dataset (repeatable; default: those VIGIL_DATASETS names, else every dataset)', collect)
    .option('--sources-dir <dir>', 'local mirror of the publications (env VIGIL_SOURCES_DIR); nothing is downloaded')
    .option('--allow-partial', 'import samples or extracts of the lists (refused otherwise); they are stored and shown as partial')
    .option('--no-monitor', 'do not screen the monitored subjects against the changes now')
    .action(async (opts: { dataset?: string[]; sourcesDir?: string; allowPartial?: boolean; monitor: boolean }, cmd: Command) => {
      const vigil = await vigilOver(await openStore(cmd));
      const sourcesDir = opts.sourcesDir ?? config.sourcesDir;
      const bar = progressBar();
      const results = await vigil.lists.update({
        dataDir: dataDirOf(cmd),
        // The configured datasets, as `vigil serve` reads them: a site that leaves one out never fetches it.
        datasets: opts.dataset ?? configuredDatasets(config.datasets).map((d) => d.name),
        sourcesDir: sourcesDir ? resolve(sourcesDir) : undefined,
        env: config,
        allowPartial: opts.allowPartial,
        onStart: (dataset, source) => {
          bar.stop();
          io.err(`${dataset}: reading ${source}`);
        },
        onProgress: (dataset, phase, done, total) => bar.update(`${dataset} ${phase}`, done, total),
      }, { actor: cliActor(config), via: 'lists update' });
      bar.stop();
      let failures = 0;
      for (const r of results) {
        if (r.error) {
          failures++;
          if (r.error instanceof PartialListError) io.err(`${r.dataset}: REFUSED: ${r.error.message}`);
          else io.err(`${r.dataset}: FAILED: ${r.error.message} (the version in force is unchanged)`);
        } else if (r.skipped) {
          io.err(`${r.dataset}: skipped: ${r.skipped}`);
        } else if (r.outcome) {
          for (const w of r.outcome.warnings) io.err(`${r.dataset}: warning: ${w}`);
          const v = r.outcome.version;
          io.out(
            r.outcome.unchanged
              ? `${r.dataset}: up to date (version ${v.id}, published ${publishedText(v)}${v.partial ? ', PARTIAL' : ''})`
              : `${r.dataset}: imported version ${v.id}, published ${publishedText(v)}, ${v.entityCount} entities${v.partial ? ', PARTIAL (not the whole list)' : ''}`,
          );
        }
      }
      if (results.some((r) => r.outcome)) await writeIndexCacheAfterImport(vigil.store, dataDirOf(cmd), io);
      if (opts.monitor && results.some((r) => r.outcome && !r.outcome.unchanged)) await (await import('./cases.js')).monitorAfterImport(vigil, caseContext);
      if (failures > 0) throw new UsageError(`${failures} dataset(s) failed to update`);
    });

  lists
    .command('status')
    .description('the version in force of each dataset, its publication date, age, size, and whether it is stale')
    .option('--max-list-age <duration>', 'a list published longer ago than this is stale, e.g. 30d; 0: never (env VIGIL_MAX_LIST_AGE; default 30d)', duration('d'))
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean; maxListAge?: number }, cmd: Command) => {
      let freshness: FreshnessReport;
      const s = await openStore(cmd);
      const current = await s.currentVersions();
      const all = await s.versions();
      try {
        freshness = cliFreshness(current, config, opts.maxListAge);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      if (opts.json) {
        io.out(JSON.stringify({ current, versions: all, freshness }, null, 2));
        return;
      }
      io.out(renderStatus(current, all));
      if (current.length === 0) return;
      const lines: string[] = [];
      for (const f of freshness.datasets) {
        if (f.version === null) lines.push(`  ${f.dataset}: not imported (\`vigil lists update --dataset ${f.dataset}\`, or leave it out with VIGIL_DATASETS)`);
        else if (f.stale) lines.push(`  ${f.dataset}: STALE: ${f.reason}`);
      }
      const maxAge = freshness.maxAgeSeconds > 0 ? formatDuration(freshness.maxAgeSeconds * 1000) : 'off';
      if (lines.length === 0) io.out(`\nEvery configured list is fresh (maximum age ${maxAge}).`);
      else io.out(`\nMaximum age ${maxAge} (--max-list-age, VIGIL_MAX_LIST_AGE); run \`vigil lists update\`:\n${lines.join('\n')}`);
    });

  lists
    .command('diff')
    .description('entities added, removed and changed between two versions of a dataset')
    .requiredOption('--dataset <name>', 'dataset name')
    .option('--from <version>', 'older version id (default: the one before --to)', positiveInt)
    .option('--to <version>', 'newer version id (default: the current version)', positiveInt)
    .option('--limit <n>', 'entries shown per section in text output', positiveInt, 50)
    .option('--json', 'machine-readable output (all entries)')
    .action(async (opts: { dataset: string; from?: number; to?: number; limit: number; json?: boolean }, cmd: Command) => {
      const s = await openStore(cmd);
      const diff = await diffVersions(s, opts.dataset, opts.from, opts.to);
      if (opts.json) io.out(JSON.stringify(diff, null, 2));
      else io.out(renderDiff(diff, opts.limit));
    });

  program
    .command('entity')
    .description('show one listed entity by id, e.g. us_ofac_sdn-49970')
    .argument('<id>', 'entity id')
    .option('--version <id>', 'from this list version (default: the version in force)', positiveInt)
    .option('--json', 'machine-readable output')
    .action(async (id: string, opts: { version?: number; json?: boolean }, cmd: Command) => {
      const s = await openStore(cmd);
      const entity = await s.getEntity(id, opts.version);
      if (!entity) throw new UsageError(`no entity ${id}${opts.version ? ` in version ${opts.version}` : ' in the versions in force'}`);
      const wallets: Entity[] = entity.schema === 'CryptoWallet' ? [] : await s.findEntitiesByProperty('holder', entity.id);
      if (opts.json) io.out(JSON.stringify(wallets.length > 0 ? { ...entity, wallets } : entity, null, 2));
      else io.out(renderEntity(entity, wallets));
    });

  program
    .command('screen')
    .description('screen a name (or a JSONL file of queries) against the lists in force')
    .argument('[name]', 'a name to screen, e.g. "Song Kum Hyok"')
    .option('--schema <schema>', 'Person, Organization, Company, LegalEntity, Vessel, Aircraft', 'LegalEntity')
    .option('--dob <date>', 'birth date, full or partial (1987, 1987-08, 1987-08-30)')
    .option('--country <code>', 'nationality or country (ISO code)')
    .option('--email <email>', 'an email address to look up exactly')
    .option('--wallet <address>', 'a crypto wallet address to look up exactly')
    .option('--input <file>', 'JSONL file of queries {"id", "schema", "properties"}')
    .option('--output <file>', 'JSONL file of results (with --input)')
    .option('--threshold <score>', `score at or above which a result is a match (default ${HELP_DEFAULT_THRESHOLD})`, score)
    .option('--limit <n>', 'results per query (default 5)', positiveInt)
    .option('--workers <n>', 'worker threads for --input (default: one per core)', positiveInt)
    .option('--json', 'machine-readable output for a single name')
    .action(async (name: string | undefined, opts: ScreenCliOptions, cmd: Command) => {
      if (opts.input) {
        if (!opts.output) throw new UsageError('--input needs --output');
        const dataDir = dataDirOf(cmd);
        const s = await openStore(cmd);
        const inForce = await s.currentVersions();
        if (inForce.length === 0) throw new UsageError('no list imported yet: run `vigil lists update` first');
        warnIfStale(inForce);
        const bar = progressBar();
        // The bar needs a total: count the lines first (a quick pass), only when someone watches.
        const total = process.stderr.isTTY ? await countLines(resolve(opts.input)) : 0;
        const lines = slowStepLines(io.err);
        // On a terminal the bar shows the screening itself; lines say the steps before it.
        const steps: StepLines = process.stderr.isTTY ? { step: (label, done) => (label === 'screening' ? lines.stop() : lines.step(label, done)), stop: () => lines.stop() } : lines;
        const outcome = await screenFile({
          input: resolve(opts.input),
          output: resolve(opts.output),
          dataDir,
          env: config,
          threshold: opts.threshold,
          limit: opts.limit,
          workers: opts.workers,
          store: s,
          onProgress: (done) => bar.update('screening', done, total),
          onIndexBuild: () => io.err(BUILDING_INDEX),
          steps,
        }).finally(() => lines.stop());
        bar.stop();
        io.err(
          `screened ${outcome.lines} queries in ${(outcome.ms / 1000).toFixed(1)} s (start-up ${(outcome.startupMs / 1000).toFixed(2)} s` +
            `${outcome.index === 'cache' ? ' with the cached index' : outcome.index === 'built' ? ', index built and cached' : ''}, ` +
            `then ${Math.round(outcome.lines / Math.max(0.001, (outcome.ms - outcome.startupMs) / 1000))}/s` +
            `${outcome.workers ? `, ${outcome.workers} workers` : ''})${outcome.errors ? `; ${outcome.errors} lines were not valid queries (see "error" in the output)` : ''}`,
        );
        return;
      }
      const properties: Record<string, string[]> = {};
      if (name) properties.name = [name];
      if (opts.dob) properties.birthDate = [opts.dob];
      if (opts.country) properties.country = [opts.country];
      if (opts.email) properties.email = [opts.email];
      if (opts.wallet) properties.publicKey = [opts.wallet];
      if (Object.keys(properties).length === 0) throw new UsageError('give a name, --email, --wallet, or --input FILE');
      const matcher = import('../match/index.js'); // loads while the store opens
      matcher.catch(() => undefined); // awaited below; a failure is said there
      const schema = opts.wallet && !name ? 'CryptoWallet' : opts.schema;
      const s = await openStore(cmd);
      const steps = slowStepLines(io.err);
      const { query, results, threshold } = await (async () => {
        steps.step('reading the screening index');
        // Lazy: one name reads the few parties it is compared with, not all of them.
        const index = await loadIndex(s, dataDirOf(cmd), { onBuild: () => io.err(BUILDING_INDEX), lazy: true });
        if (index.stats().parties === 0) throw new UsageError('no list imported yet: run `vigil lists update` first');
        warnIfStale(await s.currentVersions());
        steps.step('screening');
        const { DEFAULT_THRESHOLD, prepareQuery, screenPrepared } = await matcher;
        const prepared = prepareQuery({ schema, properties });
        return { query: prepared, results: screenPrepared(prepared, { index, threshold: opts.threshold, limit: opts.limit }), threshold: opts.threshold ?? DEFAULT_THRESHOLD };
      })().finally(() => steps.stop());
      const notes = query.notes;
      if (opts.json) {
        io.out(JSON.stringify({ query: { schema, properties }, ...(notes.length > 0 ? { notes } : {}), results }, null, 2));
        return;
      }
      const listed = await Promise.all(results.map((r) => s.getEntity(r.id)));
      io.out(renderScreenResults({ schema, properties }, results, listed, threshold, notes));
    });

  program
    .command('compare')
    .description('score labelled pairs: JSONL lines {"id", "query": {schema, properties}, "candidate": {...}}')
    .requiredOption('--input <file>', 'JSONL file of pairs')
    .requiredOption('--output <file>', 'JSONL file of scores')
    .option('--threshold <score>', `score at or above which a pair is a match (default ${HELP_DEFAULT_THRESHOLD})`, score)
    .action(async (opts: { input: string; output: string; threshold?: number }) => {
      const outcome = await compareFile(resolve(opts.input), resolve(opts.output), opts.threshold);
      io.err(
        `compared ${outcome.lines} pairs in ${(outcome.ms / 1000).toFixed(1)} s` +
          (outcome.errors ? `; ${outcome.errors} lines were not valid pairs (see "error" in the output)` : ''),
      );
    });

  const keys = program.command('keys').description('API keys for the HTTP service');
  keys
    .command('create')
    .description('create an API key; it is printed once and never stored')
    .requiredOption('--name <name>', 'who or what the key is for')
    .option('--scopes <scopes>', 'comma-separated: screen (screening), analyst (subjects, alerts, decisions, audit), admin (everything)', 'screen')
    .action(async (opts: { name: string; scopes: string }, cmd: Command) => {
      const vigil = await vigilOver(await openStore(cmd));
      const { parseScopes } = await import('../app/keys.js');
      let scopes;
      try {
        scopes = parseScopes(opts.scopes);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      const { key, info } = await vigil.keys.create(opts.name, scopes, cliActor(config));
      io.out(key);
      io.err(`created API key ${info.id} "${info.name}" with scopes ${info.scopes.join(', ')}; store it now, it is not shown again`);
    });
  keys
    .command('list')
    .description('API keys (ids, names, scopes; never the secrets)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const list = await (await vigilOver(await openStore(cmd))).keys.list();
      if (opts.json) io.out(JSON.stringify(list, null, 2));
      else if (list.length === 0) io.out('No API key yet. Create one with `vigil keys create --name NAME --scopes screen`.');
      else for (const k of list) io.out(`${k.id}  ${k.name}  [${k.scopes.join(', ')}]  created ${k.createdAt}${k.revokedAt ? `  REVOKED ${k.revokedAt}` : ''}`);
    });
  keys
    .command('revoke')
    .description('revoke an API key by id')
    .argument('<id>', 'key id (the part after vgl_)')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      if (!(await (await vigilOver(await openStore(cmd))).keys.revoke(id, cliActor(config)))) throw new UsageError(`no active API key ${id}`);
      io.out(`revoked ${id}`);
    });

  const users = program.command('users').description('people who sign in to the web UI (`vigil serve`, at /)');
  users
    .command('add')
    .description('add a user; the password is read from standard input (asked for, unechoed, on a terminal)')
    .argument('<name>', 'the name they sign in with')
    .requiredOption('--role <role>', 'analyst (screening and case work), reviewer (an analyst who may be the second pair of eyes), admin (everything)')
    .action(async (name: string, opts: { role: string }, cmd: Command) => {
      const password = await readPassword(`Password for ${name} (at least 12 characters): `);
      const user = await (await vigilOver(await openStore(cmd))).users.create(name, opts.role, password, cliActor(config));
      io.out(`added ${user.role} ${user.name}`);
    });
  users
    .command('list')
    .description('users, their roles, and which are disabled')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const list = await (await vigilOver(await openStore(cmd))).users.list();
      if (opts.json) io.out(JSON.stringify(list, null, 2));
      else if (list.length === 0) io.out('No user yet. Add one with `vigil users add NAME --role analyst`.');
      else for (const u of list) io.out(`${u.name}  ${u.role}  created ${u.createdAt}${u.disabledAt ? `  DISABLED ${u.disabledAt}` : ''}`);
    });
  users
    .command('disable')
    .description('disable a user: they can no longer sign in, and their open sessions end')
    .argument('<name>')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      await (await vigilOver(await openStore(cmd))).users.disable(name, cliActor(config));
      io.out(`disabled ${name}`);
    });

  const audit = program.command('audit').description('the tamper-evident audit trail');
  registerAuditAnchorCommands(audit, caseContext);
  audit
    .command('export')
    .description('write the audit records (with their hashes) as CSV or JSON lines')
    .option('--from <time>', 'from this ISO date or time (inclusive)')
    .option('--to <time>', 'up to this ISO date or time (inclusive)')
    .option('--format <format>', 'csv or jsonl', 'csv')
    .option('--output <file>', 'file to write (default: standard output)')
    .action(async (opts: { from?: string; to?: string; format: string; output?: string }, cmd: Command) => {
      if (opts.format !== 'csv' && opts.format !== 'jsonl') throw new UsageError('--format is csv or jsonl');
      for (const [flag, t] of [['--from', opts.from], ['--to', opts.to]] as const) {
        if (t !== undefined && !isDateOrDateTime(t)) throw new UsageError(`${flag}: "${t}" is not an ISO 8601 date (2026-01-31) or date-time with its offset (2026-01-31T12:00:00Z)`);
      }
      // A date alone as --to means the whole of that day.
      const to = opts.to && /^\d{4}-\d{2}-\d{2}$/.test(opts.to) ? `${opts.to}T23:59:59.999Z` : opts.to;
      const { formatAudit } = await import('../cases/index.js');
      const records = await (await vigilOver(await openStore(cmd))).audit.records(opts.from, to);
      const text = formatAudit(records, opts.format);
      if (opts.output) {
        writeFileSync(resolve(opts.output), text);
        io.err(`wrote ${records.length} audit records to ${opts.output}`);
      } else io.out(text.trimEnd());
    });

  // The case and vetting commands load much of the product (monitoring, link analysis, hiring
  // rules): they are registered only when the command asked for may be one of theirs (or help),
  // so `vigil screen` and the other commands of this file start without them.
  const word = commandWord(argv);
  if (word === undefined || !OWN_COMMANDS.has(word)) {
    const [{ registerCaseCommands }, { registerHiringCommands }] = await Promise.all([import('./cases.js'), import('./hiring.js')]);
    registerCaseCommands(program, caseContext);
    registerHiringCommands(program, caseContext);
  }

  program
    .command('jobs')
    .description('batch jobs on a running Vigil service')
    .command('submit')
    .description('send a JSONL or CSV file to the service, follow its progress, download the results')
    .argument('<file>', 'queries: JSON lines, or CSV with a header (id, schema, name, ...)')
    .option('--url <url>', 'the service (env VIGIL_URL)', DEFAULT_URL)
    .option('--key <key>', 'an API key with the screen scope (env VIGIL_API_KEY)')
    .option('--output <file>', 'where to write the results (default: FILE.results.jsonl or .csv)')
    .option('--format <format>', 'results as jsonl or csv', 'jsonl')
    .option('--threshold <score>', 'match threshold', score)
    .option('--limit <n>', 'results per query', positiveInt)
    .action(async (file: string, opts: { url: string; key?: string; output?: string; format: string; threshold?: number; limit?: number }) => {
      const key = opts.key ?? config.apiKey;
      if (!key) throw new UsageError('give an API key with --key or VIGIL_API_KEY');
      if (opts.format !== 'jsonl' && opts.format !== 'csv') throw new UsageError('--format is jsonl or csv');
      const output = resolve(opts.output ?? `${file}.results.${opts.format}`);
      const { submitJob } = await import('./jobs.js');
      const job = await submitJob({
        file: resolve(file),
        url: opts.url === DEFAULT_URL ? config.url : opts.url, // --url wins, then VIGIL_URL
        key,
        output,
        format: opts.format,
        threshold: opts.threshold,
        limit: opts.limit,
        progress: progressBar(),
      });
      io.out(`job ${job.id}: ${job.rows.done} rows screened, ${job.matches} with a match, ${job.errors} not valid; results in ${output}`);
    });

  program
    .command('serve')
    .description('serve the HTTP API (OpenSanctions-compatible /match and the native /v1 API); docs at /docs')
    .option('--host <host>', 'address to listen on (env VIGIL_HOST or HOST; default 127.0.0.1)')
    .option('--port <port>', 'port to listen on (env VIGIL_PORT or PORT; default 8080)', positiveInt)
    .option('--sources-dir <dir>', 'local mirror for list updates (env VIGIL_SOURCES_DIR); nothing is downloaded')
    .option('--datasets <names>', `only these datasets, comma-separated (env VIGIL_DATASETS; default all: ${DATASETS.map((d) => d.name).join(', ')})`)
    .option('--refresh-interval <duration>', 'run `lists update` this often, e.g. 6h, 30m; 0: never (env VIGIL_REFRESH_INTERVAL; default 6h, never with a local mirror)', duration('h'))
    .option('--max-list-age <duration>', 'a list published longer ago than this is stale, e.g. 30d; 0: never (env VIGIL_MAX_LIST_AGE; default 30d)', duration('d'))
    .option('--wait-for-lists', 'serve even when no list could be loaded, and pick the lists up once imported (env VIGIL_WAIT_FOR_LISTS=1)')
    .option('--no-auth', 'serve without API keys (local experiments only)')
    .action(
      async (
        opts: { host?: string; port?: number; sourcesDir?: string; datasets?: string; refreshInterval?: number; maxListAge?: number; waitForLists?: boolean; auth: boolean },
        cmd: Command,
      ) => {
        const sourcesDir = opts.sourcesDir ?? config.sourcesDir;
        let settings;
        try {
          settings = {
            host: opts.host ?? config.host,
            port: opts.port ?? config.port,
            datasets: configuredDatasets(opts.datasets ?? config.datasets).map((d) => d.name),
            refreshIntervalMs: opts.refreshInterval ?? config.refreshIntervalMs,
            maxListAgeMs: opts.maxListAge ?? config.maxListAgeMs,
            waitForLists: opts.waitForLists ?? config.waitForLists,
          };
        } catch (err) {
          throw new UsageError((err as Error).message);
        }
        const s = await openStore(cmd);
        // The HTTP server (Fastify and its plugins) is loaded only for `serve`, so the other commands start faster.
        const { serve } = await import('../server/index.js');
        // No list at the first start (and no --wait-for-lists) fails with code no_lists_at_start: its message is the line to print.
        const server = await serve({
          store: s,
          dataDir: dataDirOf(cmd),
          sourcesDir: sourcesDir ? resolve(sourcesDir) : undefined,
          config,
          auth: opts.auth,
          ...settings,
          say: (line) => io.err(line),
        });
        if (!opts.auth) io.err('vigil: WARNING: serving without API keys (--no-auth)');
        else if ((await (await import('../app/keys.js')).listKeys(s)).every((k) => k.revokedAt)) {
          io.err('vigil: no API key exists yet: create one with `vigil keys create --name NAME --scopes screen` (or admin)');
        }
        io.err(`vigil: serving on ${server.address} (docs at ${server.address}/docs); Ctrl-C to stop`);
        store = undefined; // the server closes the store on shutdown
        await server.closed;
      },
    );

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? 0 : 2;
    }
    const { line, unforeseen } = errorLine(err);
    io.err(line);
    if (unforeseen && config.debug) io.err(String((err as Error).stack));
    return errorInfo(err).exitCode;
  } finally {
    await store?.close();
  }
}
