/**
 * The web UI (web/, built by `npm run build` into dist/web) served at `/` as static files. The
 * files hold no data: the UI signs in (`/api/session`) and reads everything through the API.
 * When the UI was not built, `/` says so (a 404 whose message says how to build it).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** dist/web beside this file's folder when compiled (dist/server), or the checkout's dist/web when run from src/server. */
export function defaultWebDir(): string {
  const compiled = fileURLToPath(new URL('../web', import.meta.url));
  if (existsSync(`${compiled}/index.html`)) return compiled;
  return fileURLToPath(new URL('../../dist/web', import.meta.url));
}

export async function registerWebUi(app: FastifyInstance, webDir = defaultWebDir()): Promise<void> {
  if (!existsSync(`${webDir}/index.html`)) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply.code(404).send({ error: 'Not Found', code: 'not_found', message: `the web UI is not built (no ${webDir}/index.html): run \`npm run build\`` }),
    );
    return;
  }
  // Only / (index.html) and the hashed bundles under /assets/: nothing else of the folder is served.
  await app.register(fastifyStatic, { root: `${webDir}/assets`, prefix: '/assets/', immutable: true, maxAge: '365d', index: false });
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html', webDir));
}
