/**
 * Vigil's HTTP service (Fastify).
 *
 *   app.ts      the application: validation, errors, limits, OpenAPI at /openapi.json, docs at /docs
 *   routes.ts   OpenSanctions-compatible routes (/match, /search, /entities, /catalog, /algorithms)
 *               and the native v1 API (/v1/screen, /v1/compare, /v1/addresses, /v1/lists)
 *   state.ts    the store and the in-memory screening index, rebuilt when lists change
 *   serve.ts    `vigil serve`: first-start list update, listen, readiness, graceful shutdown
 *
 * Replicas are stateless: each holds its own index built from the shared store.
 */
export { buildApp, type AppOptions, type VigilApp } from './app.js';
export { serve, type ServeOptions } from './serve.js';
