// Typed calls to the Vigil server (same origin). The session is an httpOnly cookie the server sets;
// every request other than a GET repeats the session's CSRF token in `x-csrf-token`. An answer that
// is not 2xx throws an ApiError carrying the server's status, code and message.
import type { AddressResponse, ErrorBody, ScreenRequest, ScreenResponse, Session } from './types';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/** The session has ended (or never began): the server answered 401. */
export function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}

/** A request cancelled by its AbortController (a newer one replaced it). */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** The message to show for any error a call threw. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface Call {
  method?: 'GET' | 'POST' | 'DELETE';
  body?: unknown;
  csrfToken?: string;
  signal?: AbortSignal;
}

async function call(path: string, { method = 'GET', body, csrfToken, signal }: Call = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken !== undefined) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError(0, 'network', 'Could not reach the Vigil server. Check your connection and try again.');
  }
  if (!response.ok) throw await errorFrom(response);
  return response;
}

async function errorFrom(response: Response): Promise<ApiError> {
  const fallback = `The server answered ${response.status} ${response.statusText}`.trim() + '.';
  try {
    const body = (await response.json()) as Partial<ErrorBody>;
    return new ApiError(response.status, body.code ?? 'unknown', body.message ?? fallback);
  } catch {
    return new ApiError(response.status, 'unknown', fallback);
  }
}

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

export async function getSession(): Promise<Session> {
  return json<Session>(await call('/api/session'));
}

/** Signing in is the one unsafe request made before there is a session, hence without a CSRF token. */
export async function signIn(name: string, password: string): Promise<Session> {
  return json<Session>(await call('/api/session', { method: 'POST', body: { name, password } }));
}

export async function signOut(csrfToken: string): Promise<void> {
  await call('/api/session', { method: 'DELETE', csrfToken });
}

export async function screen(request: ScreenRequest, csrfToken: string, signal: AbortSignal): Promise<ScreenResponse> {
  return json<ScreenResponse>(await call('/v1/screen', { method: 'POST', body: request, csrfToken, signal }));
}

export async function checkAddress(address: string, signal: AbortSignal): Promise<AddressResponse> {
  return json<AddressResponse>(await call(`/v1/addresses/${encodeURIComponent(address)}`, { signal }));
}
