/**
 * The errors Vigil raises on purpose, and what each means to its callers. Every such error is a
 * VigilError with a stable `code` from ERROR_CODES below: the one place that says what a code
 * means, the HTTP status the API answers it with (src/server/app.ts) and the exit code of the
 * `vigil` command (src/cli/main.ts). Domain code says what went wrong (`not_found`, `conflict`),
 * never how a transport reports it. Codes are part of the API: add new ones, never rename one.
 */

export interface ErrorCodeInfo {
  /** What the error means, for the people reading a response or a log. */
  meaning: string;
  /** The HTTP status of a response that fails with it. */
  httpStatus: number;
  /** The exit code of a `vigil` command that fails with it. */
  exitCode: number;
}

export const ERROR_CODES = {
  invalid_input: {
    meaning: 'the input (a request field, a record, an uploaded file, a rule or label file) is malformed or out of range; the message names what and where',
    httpStatus: 400,
    exitCode: 1,
  },
  usage: { meaning: 'the command was used in a way it does not allow (a missing or conflicting option, a broken audit trail found)', httpStatus: 400, exitCode: 1 },
  unauthorized: { meaning: 'no API key, or one that is unknown or revoked', httpStatus: 401, exitCode: 1 },
  forbidden: { meaning: 'the API key lacks the scope the route needs', httpStatus: 403, exitCode: 1 },
  not_found: { meaning: 'no such subject, alert, candidate, webhook, job, entity, dataset or route', httpStatus: 404, exitCode: 1 },
  conflict: {
    meaning: 'the current state does not allow the change: already decided, a monitor run under way, results not ready, a deleted webhook',
    httpStatus: 409,
    exitCode: 1,
  },
  older_publication: { meaning: 'a list publication older than the version in force, refused unless history is backfilled on purpose', httpStatus: 409, exitCode: 1 },
  too_large: { meaning: 'a body or an upload larger than the limit allows', httpStatus: 413, exitCode: 1 },
  unsupported_media_type: { meaning: 'a body whose content type the route does not read', httpStatus: 415, exitCode: 1 },
  rate_limited: {
    meaning: "the API key's budget of names screened per minute is spent, or too many failed authentications came from this address; Retry-After says when to retry",
    httpStatus: 429,
    exitCode: 1,
  },
  list_format: { meaning: 'a list file that cannot be read as what it claims to be; the message names the file, where in it, and what', httpStatus: 400, exitCode: 1 },
  partial_list: { meaning: 'a list file that reads well but is not the whole list (a sample or an extract), refused unless allowed as partial', httpStatus: 400, exitCode: 1 },
  invalid_config: { meaning: 'a setting (an environment variable) whose value cannot be used; the message names the variable', httpStatus: 500, exitCode: 1 },
  invalid_rules: { meaning: 'vetting rule files that are not valid; every problem is named with its file, line, rule and field', httpStatus: 500, exitCode: 1 },
  fairness_violation: { meaning: 'a vetting detector read a profile field no signal may rest on (a defect of the detector)', httpStatus: 500, exitCode: 1 },
  not_ready: { meaning: 'the screening index is still being built; retry shortly', httpStatus: 503, exitCode: 1 },
  no_lists: { meaning: 'no sanctions list is in force, so nothing can be screened (never answered as "no match")', httpStatus: 503, exitCode: 1 },
  store_unavailable: {
    meaning: 'the store (the database) cannot be reached: stopped, restarting or its connection cut; nothing was changed by the failed request, retry after the Retry-After seconds (see /readyz)',
    httpStatus: 503,
    exitCode: 1,
  },
  no_lists_at_start: { meaning: 'the server could load no list at its first start and was not told to wait for one', httpStatus: 503, exitCode: 1 },
  store_full: {
    meaning: 'the store has no room left (its disk is full); nothing of the change was written and what was in force stays in force; free space and retry',
    httpStatus: 503,
    exitCode: 1,
  },
  internal: { meaning: 'anything unforeseen; the server logs it and answers without details', httpStatus: 500, exitCode: 1 },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An error Vigil raises on purpose: its `code` says what kind it is, its message what exactly. */
export class VigilError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A setting from the environment that cannot be used (src/config.ts). */
export class ConfigError extends VigilError {
  constructor(message: string) {
    super('invalid_config', message);
  }
}

/** The catalogue entry of an error: its own code's, or `internal` for an error Vigil did not raise. */
export function errorInfo(err: unknown): ErrorCodeInfo & { code: ErrorCode } {
  const code = err instanceof VigilError ? err.code : 'internal';
  return { code, ...ERROR_CODES[code] };
}

/**
 * The code for a response status that no VigilError set (Fastify's own errors: a body too large,
 * malformed JSON, a wrong content type): `internal` for a server error but 503, else the first
 * code with that status, else `invalid_input` (a client error).
 */
export function codeForStatus(status: number): ErrorCode {
  if (status >= 500 && status !== 503) return 'internal';
  for (const [code, info] of Object.entries(ERROR_CODES) as [ErrorCode, ErrorCodeInfo][]) if (info.httpStatus === status) return code;
  return 'invalid_input';
}
