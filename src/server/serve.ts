/**
 * `vigil serve`: open the store, fetch the configured lists that have no version in force yet
 * (first start), listen, load the index and follow the store for new list versions (readiness
 * follows, see lists-keeper.ts), refresh the lists on a schedule, send webhook deliveries every
 * second, and shut down gracefully on SIGINT/SIGTERM.
 *
 * A first start that ends with no list in force (no network, no mirror) is an error said in one
 * line, and `serve` fails, unless told to wait for the lists (`waitForLists`): a server that
 * answers "no match" because it has nothing to look in must never start by accident.
 */
import { WebhookDispatcher } from '../cases/webhooks.js';
import { loadConfig, type Config } from '../config.js';
import { VigilError } from '../errors.js';
import { configuredDatasets } from '../lists/datasets.js';
import { formatDuration } from '../lists/versions.js';
import type { Store } from '../store/index.js';
import { buildApp, type VigilApp } from './app.js';
import type { UpdateSummary } from './lists-keeper.js';
import { redactUrl } from './strict-input.js';

/** `lists update` every 6 hours by default when the lists come from the official URLs. */
export const DEFAULT_REFRESH_INTERVAL_MS = 6 * 3_600_000;

export interface ServeOptions {
  store: Store;
  dataDir: string;
  host: string;
  port: number;
  sourcesDir?: string;
  /** The settings (src/config.ts); default: read from process.env. */
  config?: Config;
  logger?: boolean | Record<string, unknown>;
  auth?: boolean;
  /** The datasets to screen against (default: all); readiness waits for each. */
  datasets?: string[];
  /** A list older than this is stale (default 30 days; 0: never). */
  maxListAgeMs?: number;
  /** `lists update` this often; default 6 h from the official URLs, off with a local mirror (`sourcesDir`); 0: off. */
  refreshIntervalMs?: number;
  /** Serve even when no list could be loaded, and wait for one to be imported (default: fail). */
  waitForLists?: boolean;
  /** Poll the store for new list versions this often (SQLite; PostgreSQL uses LISTEN/NOTIFY). */
  listsPollMs?: number;
  /** Where the lines an operator must read go (the CLI: stderr). */
  say?: (line: string) => void;
}

/** The first start could not load any list, and the server was not told to wait for one. */
export class NoListsAtStartError extends VigilError {
  constructor(message: string) {
    super('no_lists_at_start', message);
  }
}

/** One line: what failed for each dataset, the same reasons said once. */
function failures(results: UpdateSummary[]): string {
  const byReason = new Map<string, string[]>();
  for (const r of results) {
    if (r.status !== 'failed' && r.status !== 'skipped') continue;
    const reason = (r.error ?? r.status).replace(/https?:\/\/\S+/g, (url) => url.replace(/^(https?:\/\/[^/]+).*$/, '$1/...')).replace(/\s+/g, ' ');
    byReason.set(reason, [...(byReason.get(reason) ?? []), r.dataset]);
  }
  return [...byReason].map(([reason, datasets]) => `${datasets.join(', ')}: ${reason}`).join('; ');
}

export async function serve(
  options: ServeOptions,
): Promise<VigilApp & { address: string; closed: Promise<void>; webhooks: WebhookDispatcher; started: Promise<void> }> {
  const say = options.say ?? ((line: string) => process.stderr.write(`${line}\n`));
  const datasets = configuredDatasets(options.datasets).map((d) => d.name);
  const refreshIntervalMs = options.refreshIntervalMs ?? (options.sourcesDir ? 0 : DEFAULT_REFRESH_INTERVAL_MS);
  const server = await buildApp({
    store: options.store,
    logger: options.logger,
    auth: options.auth,
    dataDir: options.dataDir,
    sourcesDir: options.sourcesDir,
    config: options.config,
    datasets,
    maxListAgeMs: options.maxListAgeMs,
    refreshIntervalMs,
    listsPollMs: options.listsPollMs,
  });
  const { app, state, lists, jobs } = server;
  try {
    const inForce = new Set((await options.store.currentVersions()).map((v) => v.dataset));
    const missing = datasets.filter((d) => !inForce.has(d));
    if (missing.length > 0) {
      app.log.info({ datasets: missing }, 'no list imported yet of these datasets: updating them before serving');
      const results = await lists.update('system', 'first start', missing);
      const stillMissing = results.filter((r) => r.status === 'failed' || r.status === 'skipped').map((r) => r.dataset);
      const from = options.sourcesDir ? `the local mirror ${options.sourcesDir}` : 'the official URLs';
      if (stillMissing.length === missing.length && inForce.size === 0) {
        const line =
          `vigil: no sanctions list could be loaded from ${from} (${failures(results)}). ` +
          (options.sourcesDir
            ? 'Check that VIGIL_SOURCES_DIR (--sources-dir) points at a mirror of the lists, '
            : 'Without network access, set VIGIL_SOURCES_DIR (or --sources-dir) to a local mirror of the official list files, ') +
          'or import them with `vigil lists import --dataset D --file F`' +
          (options.waitForLists
            ? '; serving meanwhile (--wait-for-lists): /readyz answers 503 and screening is refused until a list is imported.'
            : '; then start again (or start with --wait-for-lists to serve and pick the lists up once imported).');
        if (!options.waitForLists) throw new NoListsAtStartError(line);
        say(line);
      } else if (stillMissing.length > 0) {
        say(
          `vigil: warning: no version in force of ${stillMissing.join(', ')} (${failures(results)}); /readyz answers 503 until ` +
            `${stillMissing.length > 1 ? 'they are' : 'it is'} imported (\`vigil lists update\` / \`vigil lists import\`), or serve only the others with --datasets`,
        );
      }
    }
  } catch (err) {
    await app.close();
    throw err;
  }
  const address = await app.listen({ host: options.host, port: options.port });
  const webhooks = new WebhookDispatcher(options.store, {
    // The targets allowed although not public, as the application checks them at registration.
    allow: (options.config ?? loadConfig()).webhookAllow,
    onError: (err) => app.log.error({ err: (err as Error).message }, 'webhook delivery run failed'),
    // The network's own words stay in this log; the delivery history says only "no answer" or "target refused".
    onNoAnswer: (f) => app.log.warn({ delivery: f.deliveryId, url: redactUrl(f.url), reason: f.detail }, 'webhook receiver did not answer'),
    onRefused: (f) => app.log.warn({ delivery: f.deliveryId, url: redactUrl(f.url), reason: f.detail }, 'webhook target refused: not a public address (VIGIL_WEBHOOK_ALLOW)'),
  });
  webhooks.start(1000);
  if (refreshIntervalMs > 0) app.log.info({ every: formatDuration(refreshIntervalMs) }, 'lists refresh scheduled');
  // Readiness comes once the index is built; health answers from the start. Subjects catch up with
  // list versions imported while the server was down (the keeper monitors after the first load).
  const started = lists
    .start()
    .then(
      async () => {
        app.log.info({ index: state.index?.stats(), readiness: lists.readiness().status }, 'screening index ready');
        const resumed = (await jobs?.resumeAll()) ?? [];
        if (resumed.length > 0) app.log.info({ jobs: resumed }, 'resuming batch jobs');
      },
      (err: Error) => app.log.error({ err: err.message }, 'building the screening index failed'),
    )
    // Resuming the jobs needs the store: if it is away now, they resume at the next start.
    .catch((err: Error) => app.log.error({ err: err.message }, 'resuming the batch jobs failed'));
  let resolveClosed: () => void = () => {};
  const closed = new Promise<void>((r) => (resolveClosed = r));
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    jobs?.stop();
    await app.close(); // stops following the store; stops and awaits a background monitor run
    await started;
    await webhooks.stop();
    await state.close(); // in case the monitor was started after app.close()
    await jobs?.idle();
    await options.store.close();
    resolveClosed();
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  return { ...server, address, closed, webhooks, started };
}
