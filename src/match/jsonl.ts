/**
 * Queries as JSON lines: parsing and checking one line, and screening it into one output line.
 * Shared by the CLI's batch screening and the service's batch jobs. Pure (no I/O).
 */
import type { CandidateIndex } from './candidates.js';
import { prepareQuery, type MatchQuery } from './prepare.js';
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
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('expected a JSON object');
  const q = value as Record<string, unknown>;
  if (typeof q.schema !== 'string' || q.schema === '') throw new Error('"schema" must be a non-empty string');
  if (!q.properties || typeof q.properties !== 'object' || Array.isArray(q.properties)) {
    throw new Error('"properties" must be an object of property -> list of strings');
  }
  for (const [key, v] of Object.entries(q.properties as Record<string, unknown>)) {
    const list = Array.isArray(v) ? v : [v];
    if (!list.every((x) => typeof x === 'string' || typeof x === 'number')) {
      throw new Error(`property "${key}" must hold strings`);
    }
  }
  return { id: q.id === undefined ? '' : String(q.id), schema: q.schema, properties: q.properties as Record<string, unknown> };
}

/** Screen one input line; always returns one output line, and whether it is an error line. */
export function screenLine(index: CandidateIndex, line: string, lineNo: number, settings: ScreenSettings): { text: string; error: boolean } {
  let id: unknown = null;
  try {
    const query = parseQueryLine(line);
    id = query.id;
    const prepared = prepareQuery(query);
    const results = screenPrepared(prepared, { index, threshold: settings.threshold, limit: settings.limit });
    const out: { id: string; results: typeof results; notes?: string[] } = { id: query.id, results };
    if (prepared.notes.length > 0) out.notes = prepared.notes;
    return { text: JSON.stringify(out), error: false };
  } catch (err) {
    return { text: JSON.stringify({ id, line: lineNo, error: `line ${lineNo}: ${(err as Error).message}` }), error: true };
  }
}

