/**
 * JSON schemas of the API: Fastify validates every request against them (a 400 names the field)
 * and the OpenAPI document is generated from them. A query's size limits are the matcher's
 * QUERY_LIMITS, which batch job lines are held to as well.
 */
import { QUERY_LIMITS } from '../match/index.js';

export const entityQuery = {
  type: 'object',
  required: ['schema', 'properties'],
  additionalProperties: true,
  properties: {
    id: { type: 'string', maxLength: QUERY_LIMITS.id },
    schema: { type: 'string', minLength: 1, maxLength: QUERY_LIMITS.schema, examples: ['Person'] },
    properties: {
      type: 'object',
      maxProperties: QUERY_LIMITS.properties,
      additionalProperties: {
        anyOf: [
          { type: 'string', maxLength: QUERY_LIMITS.valueLength },
          { type: 'array', maxItems: QUERY_LIMITS.values, items: { type: 'string', maxLength: QUERY_LIMITS.valueLength } },
        ],
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
    weights: { type: 'object', additionalProperties: { type: 'number' } },
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
  properties: { query: entityQuery, threshold, limit, datasets: { type: 'array', maxItems: 20, items: { type: 'string', maxLength: 60 } } },
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
    schema: { type: 'string', maxLength: 40 },
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
    since: { type: 'string', maxLength: 40, description: 'a version id, or an ISO date: changes since the version in force then' },
  },
} as const;

export const entityParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 300 } },
} as const;
