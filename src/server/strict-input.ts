/**
 * Strict input and discreet logs for the HTTP API.
 *
 * - Formats the route schemas name: `date-or-date-time` (an ISO 8601 calendar date, 2026-01-31, or
 *   an RFC 3339 date-time with its offset, 2026-01-31T12:00:00Z; a real day of a real month, not
 *   whatever Date.parse makes of it: it reads "' OR '1'='1" as the year 2001) and
 *   `version-or-date` (a list version id, or one of those).
 * - The message of a validation error: the field, what was wrong and, for an enumeration or a
 *   format, what is expected.
 * - The character U+0000 in a path parameter, a query parameter or a JSON body is refused with a
 *   400 naming the field (PostgreSQL cannot store it, so neither store accepts it). Uploads (CSV,
 *   JSON lines) are checked as they are read (src/io/records.ts), each row naming its line.
 * - Log lines never carry a secret: the request line's query values whose names say key, token,
 *   secret, password or signature, and anything shaped like a Vigil API key anywhere in the URL,
 *   are replaced by "[redacted]"; the Authorization, X-API-Key and Cookie headers and any `secret`
 *   field are redacted by pino.
 */
import type { FastifyInstance } from 'fastify';
import { NUL_PROBLEM, nulField } from '../io/text.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/i;

function realDay(year: string, month: string, day: string): boolean {
  const d = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return d.getUTCFullYear() === Number(year) && d.getUTCMonth() === Number(month) - 1 && d.getUTCDate() === Number(day);
}

/** An ISO 8601 date (YYYY-MM-DD) or an RFC 3339 date-time with its offset, on a day that exists. */
export function isDateOrDateTime(text: string): boolean {
  const m = DATE.exec(text) ?? DATE_TIME.exec(text);
  return m !== null && realDay(m[1]!, m[2]!, m[3]!);
}

/** The formats the route schemas use beyond ajv-formats', for Fastify's ajv options. */
export const STRICT_FORMATS = {
  'date-or-date-time': isDateOrDateTime,
  'version-or-date': (text: string) => /^\d{1,15}$/.test(text) || isDateOrDateTime(text),
};

const FORMAT_HINTS: Record<string, string> = {
  'date-or-date-time': 'an ISO 8601 date (2026-01-31) or date-time with its offset (2026-01-31T12:00:00Z)',
  'version-or-date': 'a list version id, or an ISO 8601 date (2026-01-31) or date-time with its offset (2026-01-31T12:00:00Z)',
  'date-time': 'an ISO 8601 date-time with its offset (2026-01-31T12:00:00Z)',
  date: 'an ISO 8601 date (2026-01-31)',
};

/** What a failed validation says after the field: ajv's words, and what is expected for an enumeration or a format. */
export function validationMessage(error: { keyword?: string; message?: string; params?: Record<string, unknown> } | undefined, fallback: string): string {
  if (!error) return fallback;
  if (error.keyword === 'enum' && Array.isArray(error.params?.allowedValues)) {
    return `must be one of ${error.params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  if (error.keyword === 'format' && typeof error.params?.format === 'string' && FORMAT_HINTS[error.params.format]) {
    return `must be ${FORMAT_HINTS[error.params.format]}`;
  }
  return error.message ?? fallback;
}

/** Refuse U+0000 in path parameters, query parameters and JSON bodies, with a 400 naming the field. */
export function refuseNulCharacters(app: FastifyInstance): void {
  app.addHook('preValidation', async (request, reply) => {
    const parts: [string, unknown][] = [
      ['params', request.params],
      ['querystring', request.query],
    ];
    // A JSON body is parsed by now; uploads (a Buffer or a stream) are checked as they are read.
    const body = request.body;
    if (body !== null && typeof body === 'object' && !Buffer.isBuffer(body) && typeof (body as { pipe?: unknown }).pipe !== 'function') parts.push(['body', body]);
    else if (typeof body === 'string') parts.push(['body', body]);
    for (const [context, value] of parts) {
      const found = nulField(value);
      if (found === undefined) continue;
      const field = found === '' ? context : `${context}/${found}`;
      return reply.code(400).send({ error: 'Bad Request', code: 'invalid_input', field, message: `${field}: ${NUL_PROBLEM}` });
    }
  });
}

/** Query parameters whose values are secrets. */
const SECRET_PARAM = /(^|[_-])(api[_-]?key|key|token|access[_-]?token|secret|password|passwd|signature|sig|auth|authorization)$/i;
/** A Vigil API key (vgl_<id>_<secret>), wherever it appears. */
const KEY_SHAPE = /vgl_[A-Za-z0-9]+_[A-Za-z0-9_-]+/g;

/** A request URL fit for a log line or an error message: secret query values and anything shaped like an API key redacted. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  const path = (q < 0 ? url : url.slice(0, q)).replace(KEY_SHAPE, '[redacted]');
  if (q < 0) return path;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq < 0 ? pair : pair.slice(0, eq);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // a malformed escape: judge the name as written
      }
      if (eq >= 0 && SECRET_PARAM.test(name)) return `${rawName}=[redacted]`;
      return pair.replace(KEY_SHAPE, '[redacted]');
    })
    .join('&');
  return `${path}?${query}`;
}

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  hostname?: string;
  ip?: string;
  headers?: Record<string, unknown>;
  socket?: { remoteAddress?: string; remotePort?: number };
}

/** Pino options that keep secrets out of every log line, over the caller's (which win, but not over these). */
export function discreetLogger(logger: boolean | Record<string, unknown> | undefined): boolean | Record<string, unknown> {
  if (logger === false) return false;
  const base = logger === true || logger === undefined ? { level: 'info' } : logger;
  const serializers = (base.serializers as Record<string, unknown> | undefined) ?? {};
  return {
    ...base,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers["x-api-key"]',
        'req.headers.cookie',
        'headers.authorization',
        'headers["x-api-key"]',
        'headers.cookie',
        'secret',
        '*.secret',
      ],
      censor: '[redacted]',
    },
    serializers: {
      ...serializers,
      req: (req: LoggedRequest) => ({
        method: req.method,
        url: redactUrl(req.url ?? ''),
        host: req.host ?? req.hostname,
        remoteAddress: req.ip ?? req.socket?.remoteAddress,
        remotePort: req.socket?.remotePort,
      }),
    },
  };
}
