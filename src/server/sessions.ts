/**
 * Signing in to the web UI: `GET/POST/DELETE /api/session`, and the check of a session cookie on
 * every other request made without an API key (see app.ts). The cookie holds the session token
 * (httpOnly, SameSite=Strict, Secure over HTTPS); an unsafe request (anything but GET, HEAD and
 * OPTIONS) made with it must repeat the session's CSRF token in `X-CSRF-Token`. The workflow (passwords,
 * sessions, audit records) is the application's (src/app/users.ts); this file translates.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ROLE_SCOPES, type ApiKeyInfo, type SessionInfo, type UserInfo, type Vigil } from '../app/index.js';
import { VigilError } from '../errors.js';
import type { RateLimits } from './rate-limits.js';
import { errorResponse } from './schemas.js';

export const SESSION_COOKIE = 'vigil_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user of a request made with a session cookie (not with an API key). */
    user?: UserInfo;
  }
}

export type SessionCheck = { ok: true; session: SessionInfo } | { ok: false; status: 401 | 403; message: string };

/** The session cookie's token of a request, if any. */
export function sessionToken(request: FastifyRequest): string | undefined {
  const token = request.cookies?.[SESSION_COOKIE];
  return token && token.length <= 100 ? token : undefined;
}

function sameToken(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether a request's session cookie names an open session, and for an unsafe method, whether it carries its CSRF token. */
export async function checkSession(vigil: Vigil, request: FastifyRequest, token: string, idleTimeoutMs: number): Promise<SessionCheck> {
  const session = await vigil.users.session(token, idleTimeoutMs);
  if (!session) {
    return { ok: false, status: 401, message: `your session has ended (signed out, unused for more than ${Math.round(idleTimeoutMs / 60_000)} minutes, or the account disabled); sign in again` };
  }
  if (!SAFE_METHODS.has(request.method)) {
    const header = request.headers['x-csrf-token'];
    if (!sameToken(typeof header === 'string' ? header : undefined, session.csrfToken)) {
      return { ok: false, status: 403, message: 'a request made with a session must carry its CSRF token in the X-CSRF-Token header' };
    }
  }
  return { ok: true, session };
}

/** The request's principal as the routes know it: an API key's fields, with the user's role as scopes. */
export function asPrincipal(user: UserInfo): ApiKeyInfo {
  return { id: `user:${user.name}`, name: user.name, scopes: ROLE_SCOPES[user.role], createdAt: user.createdAt, revokedAt: null };
}

/**
 * Four eyes: a user signed in to the web UI does `what` only with the reviewer or admin role (an
 * analyst may not). API keys are checked by their scopes alone.
 */
export function requireReviewer(request: FastifyRequest, what: string): void {
  const user = request.user;
  if (user && user.role !== 'reviewer' && user.role !== 'admin') {
    throw new VigilError('forbidden', `${what} needs the reviewer role; ${user.name} is an ${user.role}`);
  }
}

function sessionBody(session: SessionInfo, idleTimeoutMs: number) {
  return { user: { name: session.user.name, role: session.user.role }, csrfToken: session.csrfToken, idleTimeoutSeconds: Math.round(idleTimeoutMs / 1000) };
}

const sessionResponse = {
  type: 'object',
  properties: {
    user: { type: 'object', properties: { name: { type: 'string' }, role: { type: 'string', enum: ['analyst', 'reviewer', 'admin'] } } },
    csrfToken: { type: 'string' },
    idleTimeoutSeconds: { type: 'integer' },
  },
} as const;

/** The session cookie: the browser's scripts cannot read it, other sites' pages do not send it, and over HTTPS it is Secure. */
const COOKIE_OPTIONS = { path: '/', httpOnly: true, sameSite: 'strict', secure: 'auto' } as const;

function clearCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, COOKIE_OPTIONS);
}

export async function registerSessionRoutes(app: FastifyInstance, vigil: Vigil, limits: RateLimits, idleTimeoutMs: number): Promise<void> {
  app.get('/api/session', { schema: { tags: ['session'], summary: 'The signed-in user of this browser session, and its CSRF token', security: [], response: { 200: sessionResponse, 401: errorResponse } } }, async (request, reply) => {
    const token = sessionToken(request);
    const session = token ? await vigil.users.session(token, idleTimeoutMs) : undefined;
    if (!session) {
      if (token) clearCookie(reply);
      return reply.code(401).send({ error: 'Unauthorized', code: 'unauthorized', message: 'not signed in' });
    }
    return sessionBody(session, idleTimeoutMs);
  });

  app.post<{ Body: { name: string; password: string } }>(
    '/api/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign in: a session cookie (httpOnly, SameSite=Strict) for a user name and password',
        security: [],
        body: {
          type: 'object',
          required: ['name', 'password'],
          additionalProperties: false,
          properties: { name: { type: 'string', minLength: 1, maxLength: 64 }, password: { type: 'string', minLength: 1, maxLength: 1024 } },
        },
        response: { 200: sessionResponse, 401: errorResponse },
      },
    },
    async (request, reply) => {
      if (limits.refuseBlockedAddress(request, reply)) return reply;
      let session;
      try {
        session = await vigil.users.signIn(request.body.name, request.body.password, request.ip);
      } catch (err) {
        if ((err as { code?: string }).code === 'unauthorized') limits.failedAuthentication(request);
        throw err;
      }
      reply.setCookie(SESSION_COOKIE, session.token, COOKIE_OPTIONS);
      return sessionBody(session, idleTimeoutMs);
    },
  );

  app.delete('/api/session', { schema: { tags: ['session'], summary: 'Sign out (with the X-CSRF-Token header)', security: [] } }, async (request, reply) => {
    const token = sessionToken(request);
    if (token) {
      const check = await checkSession(vigil, request, token, idleTimeoutMs);
      if (!check.ok && check.status === 403) return reply.code(403).send({ error: 'Forbidden', code: 'forbidden', message: check.message });
      if (check.ok) await vigil.users.signOut(token);
    }
    clearCookie(reply);
    return reply.code(204).send();
  });
}
