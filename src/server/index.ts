/**
 * Vigil's HTTP service (Fastify).
 *
 *   app.ts      the application: validation, errors, limits, OpenAPI at /openapi.json, docs at /docs
 *   routes.ts   OpenSanctions-compatible routes (/match, /search, /entities, /catalog, /algorithms)
 *               and the native v1 API (/v1/screen, /v1/compare, /v1/addresses, /v1/lists)
 *   cases-routes.ts  case management: /v1/subjects, /v1/alerts (decisions), /v1/audit,
 *               /v1/webhooks, /v1/monitor (analyst and admin scopes)
 *   state.ts    the store and the lists in force (index, hashes), rebuilt when lists change; runs
 *               the monitor in the background after a change
 *   lists-keeper.ts  the lists in force: follows the store (LISTEN/NOTIFY, or a poll), swaps in
 *               the new index (built in index-worker.ts), monitors once; updates on a schedule;
 *               readiness and freshness
 *   serve.ts    `vigil serve`: first-start list update, listen, readiness, graceful shutdown
 *
 * Replicas are stateless: each holds its own index built from the shared store.
 */
export { buildApp, type AppOptions, type VigilApp } from './app.js';
export { serve, NoListsAtStartError, DEFAULT_REFRESH_INTERVAL_MS, type ServeOptions } from './serve.js';
export { ListsKeeper, type ListsKeeperOptions, type Readiness } from './lists-keeper.js';
