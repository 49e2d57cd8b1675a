/**
 * JSON schemas of the API: Fastify validates every request against them (a 400 names the field)
 * and the OpenAPI document is generated from them. Strictly: a schema name is one the matcher
 * knows, a date is a real ISO 8601 date (formats of strict-input.ts), a number or a list has its
 * bounds (a query's are the matcher's QUERY_LIMITS, which batch job lines are held to as well), an
 * id fits the store's integer column.
 */
import { ERROR_CODES } from '../errors.js';
import { QUERY_LIMITS, QUERY_SCHEMATA } from '../match/index.js';

/** The body of every error answer: `error` (the status's reason phrase), `code` (src/errors.ts), `message`, and the `field` at fault when there is one. */
export const errorResponse = {
  type: 'object',
  properties: { error: { type: 'string' }, code: { type: 'string', enum: Object.keys(ERROR_CODES) }, message: { type: 'string' }, field: { type: 'string' } },
};

/** The largest row id the store holds (PostgreSQL `serial`): a bigger one is refused, not sent to the database. */
export const MAX_ROW_ID = 2_147_483_647;
/** A row id in a path or a `after` cursor. */
export const rowId = { type: 'integer', minimum: 1, maximum: MAX_ROW_ID } as const;
export const afterCursor = { type: 'integer', minimum: 0, maximum: MAX_ROW_ID, description: 'the `next` of the previous page' } as const;
export const querySchema = { type: 'string', enum: [...QUERY_SCHEMATA], examples: ['Person'] } as const;

export const entityQuery = {
  type: 'object',
  required: ['schema', 'properties'],
  additionalProperties: true,
  properties: {
    id: { type: 'string', maxLength: QUERY_LIMITS.id },
    schema: querySchema,
    properties: {
      type: 'object',
      maxProperties: QUERY_LIMITS.properties,
      // One schema, not "a string or a list" (anyOf): a list too long is then refused for its
      // length, not as "must be string". A single string is taken as a list of one (coerceTypes).
      additionalProperties: {
        type: 'array',
        maxItems: QUERY_LIMITS.values,
        items: { type: 'string', maxLength: QUERY_LIMITS.valueLength },
        description: `a value, or a list of at most ${QUERY_LIMITS.values}`,
      },
      examples: [{ name: ['Kum-hyok Song'], birthDate: ['1987'] }],
    },
  },
} as const;

export const threshold = { type: 'number', minimum: 0, maximum: 1 } as const;
export const limit = { type: 'integer', minimum: 1, maximum: 100 } as const;

export const datasetParam = {
  type: 'object',
  required: ['dataset'],
  properties: { dataset: { type: 'string', pattern: '^[a-z0-9_]{1,60}$' } },
} as const;

export const matchBody = {
  type: 'object',
  required: ['queries'],
  properties: {
    queries: { type: 'object', minProperties: 1, additionalProperties: entityQuery },
    weights: { type: 'object', maxProperties: 20, additionalProperties: { type: 'number' } },
    threshold,
    limit,
    algorithm: { type: 'string', maxLength: 40 },
  },
} as const;

export const matchQuerystring = {
  type: 'object',
  properties: { threshold, limit, algorithm: { type: 'string', maxLength: 40 } },
} as const;

export const screenBody = {
  type: 'object',
  required: ['query'],
  properties: { query: entityQuery, threshold, limit, datasets: { type: 'array', maxItems: 20, items: { type: 'string', pattern: '^[a-z0-9_]{1,60}$' } } },
} as const;

export const compareBody = {
  type: 'object',
  required: ['query', 'candidate'],
  properties: { query: entityQuery, candidate: entityQuery, threshold },
} as const;

export const searchQuerystring = {
  type: 'object',
  required: ['q'],
  properties: {
    q: { type: 'string', minLength: 1, maxLength: 500 },
    schema: querySchema,
    limit,
    offset: { type: 'integer', minimum: 0, maximum: 1000 },
  },
} as const;

export const addressParams = {
  type: 'object',
  required: ['address'],
  properties: { address: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

export const addressQuerystring = {
  type: 'object',
  properties: { currency: { type: 'string', maxLength: 10 } },
} as const;

export const changesQuerystring = {
  type: 'object',
  properties: {
    since: { type: 'string', maxLength: 40, format: 'version-or-date', description: 'a version id, or an ISO date or date-time: changes since the version in force then' },
  },
} as const;

export const entityParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 300 } },
} as const;
