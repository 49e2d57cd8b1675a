/**
 * Prometheus metrics at /metrics: request latency by route and status, screenings and matches,
 * the age of each list in force and the size of the screening index. One registry per app, so
 * several apps (tests, replicas in one process) never share counters.
 */
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ServerState } from './state.js';

export interface Metrics {
  registry: Registry;
  screens: Counter<'endpoint'>;
  matches: Counter<'endpoint'>;
}

export function registerMetrics(app: FastifyInstance, state: ServerState): Metrics {
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
