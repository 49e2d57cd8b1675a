/**
 * `vigil serve`: open the store, fetch the lists on first start (empty store), listen, build the
 * index (readiness follows), bring the monitored subjects up to date with the lists in force, send
 * webhook deliveries every second, and shut down gracefully on SIGINT/SIGTERM.
 */
import { auditListImport } from '../cases/index.js';
import { countSubjects } from '../cases/subjects.js';
import { WebhookDispatcher } from '../cases/webhooks.js';
import { updateLists } from '../lists/update.js';
import type { Store } from '../store/index.js';
import { buildApp, type VigilApp } from './app.js';

export interface ServeOptions {
  store: Store;
  dataDir: string;
  host: string;
  port: number;
  sourcesDir?: string;
  env?: NodeJS.ProcessEnv;
  logger?: boolean | Record<string, unknown>;
  auth?: boolean;
}

export async function serve(options: ServeOptions): Promise<VigilApp & { address: string; closed: Promise<void>; webhooks: WebhookDispatcher }> {
  const { app, state, jobs } = await buildApp({
    store: options.store,
    logger: options.logger,
    auth: options.auth,
    dataDir: options.dataDir,
    sourcesDir: options.sourcesDir,
    env: options.env,
  });
  if ((await options.store.currentVersions()).length === 0) {
    app.log.info('no list imported yet: updating the lists before serving');
    const results = await updateLists(options.store, { dataDir: options.dataDir, sourcesDir: options.sourcesDir, env: options.env });
    for (const r of results) {
      if (r.error) app.log.error({ dataset: r.dataset, err: r.error.message }, 'list update failed');
      else if (r.outcome) {
        const v = r.outcome.version;
        app.log.info({ dataset: r.dataset, version: v.id }, 'list imported');
        await auditListImport(options.store, 'system', v, 'first start');
      }
    }
  }
  const address = await app.listen({ host: options.host, port: options.port });
  const webhooks = new WebhookDispatcher(options.store, { onError: (err) => app.log.error({ err: (err as Error).message }, 'webhook delivery run failed') });
  webhooks.start(1000);
  // Readiness comes once the index is built; health answers from the start.
  const ready = state.reload().then(
    async () => {
      app.log.info({ index: state.index?.stats() }, 'screening index ready');
      // Subjects catch up with list versions imported while the server was down (a no-op when up to date).
      if ((await countSubjects(options.store)) > 0) state.monitorInBackground('system', app.log);
      const resumed = (await jobs?.resumeAll()) ?? [];
      if (resumed.length > 0) app.log.info({ jobs: resumed }, 'resuming batch jobs');
    },
    (err: Error) => app.log.error({ err: err.message }, 'building the screening index failed'),
  );
  let resolveClosed: () => void = () => {};
  const closed = new Promise<void>((r) => (resolveClosed = r));
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    jobs?.stop();
    await app.close(); // also stops and awaits a background monitor run
    await webhooks.stop();
    await ready;
    await state.close(); // in case the monitor was started after app.close()
    await jobs?.idle();
    await options.store.close();
    resolveClosed();
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  return { app, state, jobs, address, closed, webhooks };
}
