/**
 * Prometheus metrics at /metrics: request latency by route and status, screenings and matches,
 * the age of each list in force and the size of the screening index. One registry per app, so
 * several apps (tests, replicas in one process) never share counters.
 */
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ListsKeeper } from './lists-keeper.js';
import type { ServerState } from './state.js';

export interface Metrics {
  registry: Registry;
  screens: Counter<'endpoint'>;
  matches: Counter<'endpoint'>;
}

export function registerMetrics(app: FastifyInstance, state: ServerState, lists: ListsKeeper): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'vigil_' });
  const latency = new Histogram({
    name: 'vigil_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const screens = new Counter({ name: 'vigil_screens_total', help: 'Entities screened', labelNames: ['endpoint'] as const, registers: [registry] });
  const matches = new Counter({
    name: 'vigil_screen_matches_total',
    help: 'Screenings with at least one match at or above the threshold',
    labelNames: ['endpoint'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'vigil_list_age_seconds',
    help: 'Age of the list version in force, from its publication date (or import when the list states none)',
    labelNames: ['dataset'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const v of state.versions) {
        const at = Date.parse(v.publishedAt ?? v.importedAt);
        if (!Number.isNaN(at)) this.set({ dataset: v.dataset }, Math.max(0, (Date.now() - at) / 1000));
      }
    },
  });
  new Gauge({
    name: 'vigil_list_stale',
    help: 'A configured dataset is stale (1): older than the maximum list age, or no version in force',
    labelNames: ['dataset'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const f of lists.freshness().datasets) this.set({ dataset: f.dataset }, f.stale ? 1 : 0);
    },
  });
  new Gauge({
    name: 'vigil_list_in_force',
    help: 'The version id of each configured dataset this server screens with (0: none)',
    labelNames: ['dataset'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const f of lists.freshness().datasets) this.set({ dataset: f.dataset }, f.version ?? 0);
    },
  });
  new Gauge({
    name: 'vigil_list_max_age_seconds',
    help: 'The maximum list age before a dataset is stale (0: off)',
    registers: [registry],
    collect() {
      this.set(lists.maxListAgeMs / 1000);
    },
  });
  new Gauge({
    name: 'vigil_ready',
    help: 'Readiness (1): able to screen, every configured dataset in force',
    registers: [registry],
    collect() {
      this.set(lists.readiness().ready ? 1 : 0);
    },
  });
  new Gauge({
    name: 'vigil_index_reloads',
    help: 'Times new lists were swapped into the screening index since start',
    registers: [registry],
    collect() {
      this.set(state.reloads);
    },
  });
  new Gauge({
    name: 'vigil_index_last_reload_seconds',
    help: 'How long the last index swap took (worker build or cache read, entity load, restore)',
    registers: [registry],
    collect() {
      const last = state.lastReload;
      if (last?.changed) this.set(last.ms / 1000);
    },
  });
  new Gauge({
    name: 'vigil_index_parties',
    help: 'Listed parties in the screening index',
    registers: [registry],
    collect() {
      this.set(state.index?.stats().parties ?? 0);
    },
  });

  const started = new WeakMap<object, bigint>();
  app.addHook('onRequest', async (request) => {
    started.set(request, process.hrtime.bigint());
  });
  app.addHook('onResponse', async (request, reply) => {
    const t0 = started.get(request);
    if (t0 === undefined) return;
    const route = request.routeOptions.url ?? 'unmatched';
    latency.observe({ method: request.method, route, status: String(reply.statusCode) }, Number(process.hrtime.bigint() - t0) / 1e9);
  });
  app.get('/metrics', { schema: { tags: ['system'], summary: 'Prometheus metrics' } }, async (_req, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
  return { registry, screens, matches };
}
