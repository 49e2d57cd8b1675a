/**
 * Queries as JSON lines: parsing and checking one line, screening it into one output line, and
 * screening a block of input bytes (cut into lines strictly by src/io/records.ts). Shared by the
 * CLI's batch screening and the service's batch jobs. Pure (no I/O).
 */
import { badBytesError, eachUtf8Line } from '../io/text.js';
import type { ScreeningIndex } from './screening-index.js';
import { QUERY_SCHEMATA, prepareQuery, type MatchQuery } from './prepare.js';
import { screenPrepared } from './screen.js';

export interface ScreenSettings {
  threshold?: number;
  limit?: number;
}

/** Parse and check one input line; throws with a message naming what is wrong. */
export function parseQueryLine(line: string): MatchQuery & { id: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    throw new Error(`not valid JSON (${(err as Error).message})`);
  }
  return queryOf(value);
}

/**
 * The size limits of one query, the same for every entry point: the API's request schemas
 * (src/server/schemas.ts) are written with them, and a batch line or row (`queryOf`) is held to
 * them, so a batch job cannot hand the matcher what the API would refuse.
 */
export const QUERY_LIMITS = {
  /** Characters of the query's `id`. */
  id: 200,
  /** Characters of the schema name. */
  schema: 40,
  /** Properties of one query. */
  properties: 40,
  /** Values of one property. */
  values: 50,
  /** Characters of one value (a name, an address...). */
  valueLength: 2000,
} as const;

/** Check one query record (a parsed input line); throws with a message naming what is wrong. */
export function queryOf(value: unknown): MatchQuery & { id: string } {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('expected a JSON object');
  const q = value as Record<string, unknown>;
  if (typeof q.schema !== 'string' || q.schema === '') throw new Error('"schema" must be a non-empty string');
  if (q.schema.length > QUERY_LIMITS.schema) throw new Error(`"schema" is ${q.schema.length} characters long; the limit is ${QUERY_LIMITS.schema}`);
  if (!QUERY_SCHEMATA.includes(q.schema)) throw new Error(`unknown schema "${q.schema}" (expected one of ${QUERY_SCHEMATA.join(', ')})`);
  if (!q.properties || typeof q.properties !== 'object' || Array.isArray(q.properties)) {
    throw new Error('"properties" must be an object of property -> list of strings');
  }
  const entries = Object.entries(q.properties as Record<string, unknown>);
  if (entries.length > QUERY_LIMITS.properties) throw new Error(`"properties" has ${entries.length} properties; the limit is ${QUERY_LIMITS.properties}`);
  for (const [key, v] of entries) {
    const list = Array.isArray(v) ? v : [v];
    if (!list.every((x) => typeof x === 'string' || typeof x === 'number')) {
      throw new Error(`property "${key}" must hold strings`);
    }
    if (list.length > QUERY_LIMITS.values) throw new Error(`property "${key}" has ${list.length} values; the limit is ${QUERY_LIMITS.values}`);
    const long = list.findIndex((x) => String(x).length > QUERY_LIMITS.valueLength);
    if (long >= 0) {
      throw new Error(`property "${key}": value ${long + 1} is ${String(list[long]).length} characters long; the limit is ${QUERY_LIMITS.valueLength}`);
    }
  }
  if (q.id !== undefined && String(q.id).length > QUERY_LIMITS.id) throw new Error(`"id" is ${String(q.id).length} characters long; the limit is ${QUERY_LIMITS.id}`);
  return { id: q.id === undefined ? '' : String(q.id), schema: q.schema, properties: q.properties as Record<string, unknown> };
}

/** The output line for an input line that cannot be screened: `{id, line, error}`, the error naming the line. */
export function errorLine(id: unknown, lineNo: number, message: string): { text: string; error: true } {
  return { text: JSON.stringify({ id, line: lineNo, error: `line ${lineNo}: ${message}` }), error: true };
}

/** Screen one input line; always returns one output line, and whether it is an error line. */
export function screenLine(index: ScreeningIndex, line: string, lineNo: number, settings: ScreenSettings): { text: string; error: boolean } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return errorLine(null, lineNo, `not valid JSON (${(err as Error).message})`);
  }
  return screenQuery(index, value, lineNo, settings);
}

/** Screen one query record (a parsed input line, or a CSV row as a record); always returns one output line, and whether it is an error line. */
export function screenQuery(index: ScreeningIndex, value: unknown, lineNo: number, settings: ScreenSettings): { text: string; error: boolean } {
  let id: unknown = null;
  try {
    const query = queryOf(value);
    id = query.id;
    const prepared = prepareQuery(query);
    const results = screenPrepared(prepared, { index, threshold: settings.threshold, limit: settings.limit });
    const out: { id: string; results: typeof results; notes?: string[] } = { id: query.id, results };
    if (prepared.notes.length > 0) out.notes = prepared.notes;
    return { text: JSON.stringify(out), error: false };
  } catch (err) {
    return errorLine(id, lineNo, (err as Error).message);
  }
}

/**
 * Screen every line of a block of JSONL bytes, cut and numbered by `eachUtf8Line` (src/io/records.ts)
 * from `at` (the line number and input byte offset of the block's first byte): the output lines,
 * each ended by "\n", how many there are (one per line that is not blank) and how many of them are
 * errors. A line that is not UTF-8 text gets an error line naming the bad byte and its offset.
 */
export function screenLines(index: ScreeningIndex, bytes: Uint8Array, at: { line: number; offset: number }, settings: ScreenSettings): { text: string; lines: number; errors: number } {
  let out = '';
  let lines = 0;
  let errors = 0;
  const add = (result: { text: string; error: boolean }): void => {
    out += `${result.text}\n`;
    lines++;
    if (result.error) errors++;
  };
  eachUtf8Line(
    bytes,
    at,
    (line, lineNo) => add(screenLine(index, line, lineNo, settings)),
    (bad) => add(errorLine(null, bad.line, badBytesError(bad))),
  );
  return { text: out, lines, errors };
}
