/**
 * Queries as JSON lines: parsing and checking one line, screening it into one output line, and
 * cutting a block of text into its lines. Shared by the CLI's batch screening and the service's
 * batch jobs. Pure (no I/O).
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


/** UTF-8 bytes as text: invalid sequences read as U+FFFD and a byte-order mark kept, as node:fs streams read them. */
export function utf8Text(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
}

/**
 * Call `fn` with each line of `text` that is not blank, and its line number: lines end at "\n",
 * "\r\n" or a lone "\r" (as node:readline reads them), the first line of `text` is number
 * `firstLine`, and blank lines are counted but skipped. Returns the number of lines counted, blank
 * ones included (a last line without its line end counts too).
 */
export function eachLine(text: string, firstLine: number, fn: (line: string, lineNo: number) => void): number {
  const hasCr = text.includes('\r');
  let lineNo = firstLine - 1;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    let next = end + 1;
    if (hasCr) {
      const cr = text.indexOf('\r', start);
      if (cr !== -1 && cr < end) {
        next = cr + 1 === end ? end + 1 : cr + 1;
        end = cr;
      }
    }
    const line = text.slice(start, end);
    lineNo++;
    if (line.trim() !== '') fn(line, lineNo);
    start = next;
  }
  return lineNo - firstLine + 1;
}

/**
 * Screen every line of a block of JSONL text (see `eachLine`): the output lines, each ended by
 * "\n", how many there are (one per line that is not blank) and how many of them are errors.
 */
export function screenLines(index: CandidateIndex, text: string, firstLine: number, settings: ScreenSettings): { text: string; lines: number; errors: number } {
  let out = '';
  let lines = 0;
  let errors = 0;
  eachLine(text, firstLine, (line, lineNo) => {
    const result = screenLine(index, line, lineNo, settings);
    out += `${result.text}\n`;
    lines++;
    if (result.error) errors++;
  });
  return { text: out, lines, errors };
}
