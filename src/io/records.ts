/**
 * src/io: reading the record files Vigil is handed.
 *
 * `readRecords` streams the records of a CSV file with a header row, a JSON lines file or a JSON
 * array of objects, from a file path, a Buffer/Uint8Array or a byte stream, one record at a time:
 * a file of a million rows is never whole in memory. Every reader of such files goes through this
 * module (subjects, candidate profiles, batch jobs; batch screening, which cuts its input into
 * blocks for worker threads, uses `eachUtf8Line`), so that all of them treat bad input alike:
 *
 * - The bytes must be UTF-8. A byte that is not UTF-8 text (or a NUL byte) is never decoded by
 *   guesswork: it is reported with its byte offset and line. A UTF-8 byte order mark is dropped;
 *   a UTF-16 one refuses the input. A JSON record whose strings hold U+0000 (written `\u0000`),
 *   which no store can keep, is an error record naming the field.
 * - A record that cannot be read (bad bytes in a CSV row or a JSON line, a JSON line or array item
 *   that is not JSON) is an error record naming its row, and reading goes on: each caller decides
 *   whether to collect such records or stop (`stopAtFirstError` stops for it).
 * - A record longer than `maxRecordBytes`, more than `maxRecords` records, broken CSV quoting or
 *   JSON array structure, and bad bytes in a JSON array (whose items may share a line) end the
 *   reading with a RecordsError naming the input and what was exceeded or broken.
 *
 * Turning a record into a subject, a profile or a query is each caller's own business.
 */
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { pipeline, Readable } from 'node:stream';
import { CsvError, parse as parseCsv } from 'csv-parse';
import { VigilError } from '../errors.js';
import { CR, LF, SAVE_AS_UTF8, badBytesError, badBytesMessage, countLf, eachUtf8Line, firstBadByte, nulField, nulMessage, wholeCharacterBytes, type BadBytes } from './text.js';

export { badBytesError, badBytesMessage, eachLine, eachUtf8Line, firstBadByte, nulField, nulMessage, type BadBytes } from './text.js';

export type RecordFormat = 'csv' | 'jsonl' | 'json';
export const RECORD_FORMATS: readonly RecordFormat[] = ['csv', 'jsonl', 'json'];

/** The longest record (CSV record, JSON line or JSON array item) read by default, in bytes. */
export const MAX_RECORD_BYTES = 1024 * 1024;

/** A file path, the bytes themselves, or a stream of bytes (a string chunk is taken as UTF-8 text). */
export type RecordSource = string | Uint8Array | NodeJS.ReadableStream | AsyncIterable<Uint8Array | string>;

/** Where a record is: `row` numbers it (see `readRecords`), `line` is where it starts, `where` says both for messages. */
export interface RecordPlace {
  row: number;
  line: number;
  /** "row 3 (line 4)" for CSV, "line 4" for JSON lines, "item 3" for a JSON array. */
  where: string;
}

export type InputRecord =
  /** A CSV data row: its cells as written (not trimmed). */
  | (RecordPlace & { cells: string[] })
  /** A JSON line or JSON array item, parsed. */
  | (RecordPlace & { value: unknown })
  /** A record that cannot be read; `badBytes` when its bytes are not UTF-8 text. */
  | (RecordPlace & { error: string; badBytes?: BadBytes });

export interface ReadRecordsOptions {
  /** Default: from the file extension (.csv, .jsonl/.ndjson, .json), else from the first non-blank byte ("{" JSON lines, "[" JSON, else CSV). */
  format?: RecordFormat;
  /** How messages name the input (default: the file path, or "the input"). */
  name?: string;
  /** The longest record allowed, in bytes (default MAX_RECORD_BYTES); a longer one ends the reading. */
  maxRecordBytes?: number;
  /** More records than this (error records count, blank ones do not) ends the reading. */
  maxRecords?: number;
  /** Throw a RecordsError at the first error record instead of yielding it. */
  stopAtFirstError?: boolean;
  /** CSV: called with the header (the first row that is not blank) before any data row; may throw to refuse the input. */
  onHeader?: (cells: string[]) => void;
  /** What the records are, for messages ("a JSON array of subjects"); default "records". */
  recordNoun?: string;
}

/** Why the reading ended: bad bytes, broken CSV or JSON array structure, a limit, or (with `stopAtFirstError`) a bad record. */
export type RecordsProblem = 'bytes' | 'structure' | 'record-size' | 'record-count' | 'record';

/** Input that cannot be read as records (code `invalid_input`; too many or too long records: `too_large`). */
export class RecordsError extends VigilError {
  constructor(
    message: string,
    readonly problem: RecordsProblem,
  ) {
    super(problem === 'record-size' || problem === 'record-count' ? 'too_large' : 'invalid_input', message);
  }
}

const CHUNK_BYTES = 64 * 1024;

function tooLong(name: string, where: string, max: number): RecordsError {
  return new RecordsError(`${name}: ${where} is longer than ${max} bytes, the longest record allowed`, 'record-size');
}

/** Where the whole lines of `b` end: after its last line end ("\r" as the very last byte may be half of "\r\n", so it waits). */
function wholeLinesEnd(b: Buffer): number {
  const lf = b.lastIndexOf(LF);
  const cr = b.lastIndexOf(CR);
  return Math.max(lf, cr < b.length - 1 ? cr : -1) + 1;
}

// ---------------------------------------------------------------------------------------------
// Bytes in

async function* byteChunks(source: RecordSource): AsyncGenerator<Buffer> {
  if (typeof source === 'string') {
    for await (const chunk of createReadStream(source)) yield chunk as Buffer;
    return;
  }
  if (source instanceof Uint8Array) {
    for (let i = 0; i < source.length; i += CHUNK_BYTES) {
      yield Buffer.from(source.buffer, source.byteOffset + i, Math.min(CHUNK_BYTES, source.length - i));
    }
    return;
  }
  for await (const chunk of source as AsyncIterable<unknown>) {
    // A stream with an encoding set hands out strings: already decoded, so encoded again here.
    yield typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
  }
}

async function* replay(head: Buffer[], it: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  try {
    yield* head;
    while (true) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  } finally {
    await it.return(undefined);
  }
}

function formatOfPath(path: string): RecordFormat | undefined {
  switch (extname(path).toLowerCase()) {
    case '.csv':
      return 'csv';
    case '.jsonl':
    case '.ndjson':
      return 'jsonl';
    case '.json':
      return 'json';
    default:
      return undefined;
  }
}

/** The format the first non-blank byte of `b` says, or undefined when `b` is all blank. */
function sniffed(b: Buffer): RecordFormat | undefined {
  for (const byte of b) {
    if (byte === 0x20 || byte === 0x09 || byte === LF || byte === CR) continue;
    return byte === 0x7b ? 'jsonl' : byte === 0x5b ? 'json' : 'csv';
  }
  return undefined;
}

/** The input after its byte order mark, its format, and the input offset of its first byte. */
interface OpenInput {
  format: RecordFormat;
  chunks: AsyncGenerator<Buffer>;
  offset: number;
}

async function openInput(source: RecordSource, name: string, format: RecordFormat | undefined): Promise<OpenInput> {
  const it = byteChunks(source);
  try {
    let first: Buffer = Buffer.alloc(0);
    while (first.length < 3) {
      const r = await it.next();
      if (r.done) break;
      first = first.length > 0 ? Buffer.concat([first, r.value]) : r.value;
    }
    if ((first[0] === 0xff && first[1] === 0xfe) || (first[0] === 0xfe && first[1] === 0xff)) {
      throw new RecordsError(`${name} is UTF-16 (it starts with a UTF-16 byte order mark), not UTF-8. ${SAVE_AS_UTF8}`, 'bytes');
    }
    let offset = 0;
    if (first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) {
      first = first.subarray(3);
      offset = 3;
    }
    const head = first.length > 0 ? [first] : [];
    let found = format ?? (typeof source === 'string' ? formatOfPath(source) : undefined) ?? sniffed(first);
    while (found === undefined) {
      const r = await it.next();
      if (r.done) {
        found = 'csv';
        break;
      }
      head.push(r.value);
      found = sniffed(r.value);
    }
    return { format: found, chunks: replay(head, it), offset };
  } catch (err) {
    await it.return(undefined);
    throw err;
  }
}

/**
 * The chunks of `input` cut at character boundaries, each checked: `onBad` is told the first bad
 * byte of every line holding one (in order), and the bytes are passed on as they are.
 */
async function* checkedCharacters(input: OpenInput, onBad: (bad: BadBytes) => void): AsyncGenerator<Buffer> {
  let offset = input.offset; // input bytes before the next chunk
  let lines = 0; // line ends before the next chunk
  let carry: Buffer | undefined;
  const check = (buf: Buffer): void => {
    if (firstBadByte(buf) !== -1) {
      let from = 0;
      let lfBefore = 0;
      while (from < buf.length) {
        const at = firstBadByte(buf.subarray(from));
        if (at === -1) break;
        const pos = from + at;
        lfBefore += countLf(buf, from, pos);
        onBad({ offset: offset + pos, line: lines + lfBefore + 1, byte: buf[pos]! });
        const lf = buf.indexOf(LF, pos);
        if (lf === -1) break;
        lfBefore++;
        from = lf + 1;
      }
    }
    offset += buf.length;
    lines += countLf(buf, 0, buf.length);
  };
  for await (const piece of input.chunks) {
    const buf = carry ? Buffer.concat([carry, piece]) : piece;
    const whole = wholeCharacterBytes(buf);
    carry = whole < buf.length ? Buffer.from(buf.subarray(whole)) : undefined;
    const out = buf.subarray(0, whole);
    check(out);
    if (out.length > 0) yield out;
  }
  if (carry) {
    check(carry); // a character cut off by the end of the input
    yield carry;
  }
}

// ---------------------------------------------------------------------------------------------
// The formats

function jsonRecord(text: string, row: number, line: number, where: string): InputRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { row, line, where, error: `not valid JSON (${(err as Error).message})` };
  }
  // A NUL byte is refused as bad bytes; the JSON escape \u0000 gives the same character.
  const nul = text.includes('\\u0000') ? nulField(value) : undefined;
  return nul === undefined ? { row, line, where, value } : { row, line, where, error: nulMessage(nul) };
}

function badRecord(row: number, line: number, where: string, bad: BadBytes): InputRecord {
  return { row, line, where, error: badBytesError(bad), badBytes: bad };
}

/** JSON lines: the row is the line number; blank lines are counted and skipped; a bad line is an error record. */
async function* jsonlRecords(input: OpenInput, name: string, maxBytes: number): AsyncGenerator<InputRecord> {
  let carry: Buffer | undefined;
  let line = 1;
  let offset = input.offset;
  const ready: InputRecord[] = [];
  let failure: RecordsError | undefined; // a line too long: thrown once the records before it are out
  const take = (bytes: Buffer): void => {
    line += eachUtf8Line(
      bytes,
      { line, offset },
      (text, lineNo) => {
        if (failure) return;
        // A UTF-16 unit is at most 3 bytes of UTF-8: the byte count is needed only for long lines.
        if (text.length * 3 > maxBytes && Buffer.byteLength(text) > maxBytes) failure = tooLong(name, `line ${lineNo}`, maxBytes);
        else ready.push(jsonRecord(text, lineNo, lineNo, `line ${lineNo}`));
      },
      (bad) => {
        if (!failure) ready.push(badRecord(bad.line, bad.line, `line ${bad.line}`, bad));
      },
    );
    offset += bytes.length;
  };
  for await (const chunk of input.chunks) {
    const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
    const end = wholeLinesEnd(buf);
    carry = end < buf.length ? buf.subarray(end) : undefined;
    if (end > 0) take(buf.subarray(0, end));
    if (!failure && carry && carry.length > maxBytes) failure = tooLong(name, `line ${line}`, maxBytes);
    yield* ready.splice(0);
    if (failure) throw failure;
  }
  if (carry) take(carry);
  yield* ready.splice(0);
  if (failure) throw failure;
}

/**
 * CSV with a header row: rows are numbered from 1 after the header, blank rows (every cell blank)
 * counted but not yielded, as in a spreadsheet. Bad bytes make their row an error record (they are
 * never ASCII, so they cannot change where cells and rows end); in the header they refuse the input.
 */
async function* csvRecords(input: OpenInput, name: string, maxBytes: number, onHeader: ((cells: string[]) => void) | undefined): AsyncGenerator<InputRecord> {
  const bad: BadBytes[] = []; // lines with bad bytes not yet matched to their row, in order
  let badHead = 0;
  const bytes = checkedCharacters(input, (b) => bad.push(b));
  // No `info: true`: it copies the parser's state for every record (a third of the parse time).
  const parser = parseCsv({ relax_column_count: true, relax_quotes: true, max_record_size: maxBytes });
  pipeline(Readable.from(bytes), parser, () => {
    // Errors reach the loop below through the parser.
  });
  let header = false;
  let row = 0;
  let line = 1; // where the next record starts
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      const start = line;
      line++;
      for (const cell of cells) for (let i = cell.indexOf('\n'); i >= 0; i = cell.indexOf('\n', i + 1)) line++;
      let fault: BadBytes | undefined;
      while (badHead < bad.length && bad[badHead]!.line < line) {
        const next = bad[badHead++]!;
        fault ??= next;
      }
      if (badHead > 1024) {
        bad.splice(0, badHead);
        badHead = 0;
      }
      if (!header) {
        if (fault) throw new RecordsError(badBytesMessage(name, fault), 'bytes');
        if (cells.every((c) => c.trim() === '')) continue;
        header = true;
        onHeader?.(cells);
        continue;
      }
      row++;
      const where = `row ${row} (line ${start})`;
      if (fault) yield badRecord(row, start, where, fault);
      else if (cells.some((c) => c.trim() !== '')) yield { row, line: start, where, cells };
    }
    // Every line belongs to a record; should one not, its bad bytes must still not pass unsaid.
    if (badHead < bad.length) throw new RecordsError(badBytesMessage(name, bad[badHead]!), 'bytes');
  } catch (err) {
    if (err instanceof CsvError) {
      if (err.code === 'CSV_MAX_RECORD_SIZE') throw tooLong(name, `the record on line ${(err as CsvError & { lines?: number }).lines ?? line}`, maxBytes);
      throw new RecordsError(`${name} is not valid CSV: ${err.message}`, 'structure');
    }
    throw err;
  } finally {
    parser.destroy();
  }
}

/**
 * Cuts a JSON array into the texts of its items as the characters arrive, so that each item is
 * parsed on its own and the array is never whole in memory. Checks only the array's own structure
 * (brackets, commas, strings); each item's syntax is JSON.parse's business.
 */
class JsonArrayScanner {
  private state: 'start' | 'beforeItem' | 'item' | 'afterItem' | 'end' = 'start';
  private parts: string[] = [];
  private partsBytes = 0;
  private closers: string[] = [];
  private inString = false;
  private escaped = false;
  private primitive = false;
  private items = 0;
  private itemLine = 1;
  private line = 1;

  constructor(
    private readonly name: string,
    private readonly noun: string,
    private readonly maxBytes: number,
  ) {}

  private fail(message: string): never {
    throw new RecordsError(`${this.name} is not a valid JSON array: ${message} (line ${this.line})`, 'structure');
  }

  /** Refuses an item that `text` would make longer than the limit (a UTF-16 unit is at most 3 bytes of UTF-8). */
  private checkSize(text: string): void {
    if (this.partsBytes + text.length * 3 > this.maxBytes && this.partsBytes + Buffer.byteLength(text) > this.maxBytes) {
      throw tooLong(this.name, `item ${this.items} (line ${this.itemLine})`, this.maxBytes);
    }
  }

  feed(text: string): { text: string; line: number }[] {
    const out: { text: string; line: number }[] = [];
    let itemStart = 0;
    const finish = (end: number): void => {
      const last = text.slice(itemStart, end);
      this.checkSize(last);
      this.parts.push(last);
      out.push({ text: this.parts.join(''), line: this.itemLine });
      this.parts = [];
      this.partsBytes = 0;
      this.state = 'afterItem';
    };
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (c === '\n') this.line++;
      const ws = c === ' ' || c === '\n' || c === '\r' || c === '\t';
      switch (this.state) {
        case 'start':
          if (ws) continue;
          if (c !== '[') {
            this.fail(`expected a JSON array of ${this.noun} ("[{...}, {...}]") but it starts with ${JSON.stringify(c)}; for one JSON object per line use JSON lines (.jsonl)`);
          }
          this.state = 'beforeItem';
          continue;
        case 'beforeItem':
          if (ws) continue;
          if (c === ']') {
            this.state = 'end'; // a trailing comma is forgiven
            continue;
          }
          if (c === ',') this.fail(`an empty item after item ${this.items}`);
          this.state = 'item';
          this.items++;
          this.itemLine = this.line;
          itemStart = i;
          this.closers = [];
          this.inString = false;
          this.escaped = false;
          this.primitive = false;
          if (c === '{') this.closers.push('}');
          else if (c === '[') this.closers.push(']');
          else if (c === '"') this.inString = true;
          else if (c === '}') this.fail(`unexpected "}" at item ${this.items}`);
          else this.primitive = true;
          continue;
        case 'item':
          if (this.inString) {
            if (this.escaped) this.escaped = false;
            else if (c === '\\') this.escaped = true;
            else if (c === '"') {
              this.inString = false;
              if (this.closers.length === 0) finish(i + 1);
            }
          } else if (this.primitive) {
            if (ws || c === ',' || c === ']') {
              finish(i);
              i--; // the delimiter belongs to the array
              if (c === '\n') this.line--;
            }
          } else if (c === '"') this.inString = true;
          else if (c === '{') this.closers.push('}');
          else if (c === '[') this.closers.push(']');
          else if (c === '}' || c === ']') {
            if (this.closers.pop() !== c) this.fail(`unexpected "${c}" in item ${this.items}`);
            if (this.closers.length === 0) finish(i + 1);
          }
          continue;
        case 'afterItem':
          if (ws) continue;
          if (c === ',') this.state = 'beforeItem';
          else if (c === ']') this.state = 'end';
          else this.fail(`expected "," or "]" after item ${this.items}, found ${JSON.stringify(c)}`);
          continue;
        case 'end':
          if (!ws) this.fail(`unexpected ${JSON.stringify(c)} after the closing "]"`);
          continue;
      }
    }
    if (this.state === 'item') {
      const rest = text.slice(itemStart);
      this.checkSize(rest);
      this.parts.push(rest);
      this.partsBytes += Buffer.byteLength(rest);
    }
    return out;
  }

  end(): void {
    if (this.state !== 'start' && this.state !== 'end') this.fail('the array is not closed (is the file cut short?)');
  }
}

/** A JSON array: items numbered from 1. Bad bytes refuse the input: items may share a line, so they cannot be pinned on one. */
async function* jsonArrayRecords(input: OpenInput, name: string, maxBytes: number, noun: string): AsyncGenerator<InputRecord> {
  const scanner = new JsonArrayScanner(name, noun, maxBytes);
  const bytes = checkedCharacters(input, (bad) => {
    throw new RecordsError(badBytesMessage(name, bad), 'bytes');
  });
  let index = 0;
  for await (const chunk of bytes) {
    for (const item of scanner.feed(chunk.toString('utf8'))) {
      index++;
      yield jsonRecord(item.text, index, item.line, `item ${index}`);
    }
  }
  scanner.end();
}

// ---------------------------------------------------------------------------------------------
// Reading

function positiveInteger(option: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isInteger(value) && value > 0)) throw new Error(`${option} must be a positive integer, not ${value}`);
}

/**
 * Stream the records of a file (path), a Buffer/Uint8Array or a byte stream: CSV with a header
 * row, JSON lines, or a JSON array. Records come one at a time, each numbered by `row`: CSV data
 * rows from 1 after the header (blank rows count but are not yielded), JSON lines by their line
 * number (blank lines skipped; "\n", "\r\n" and a lone "\r" end a line), JSON array items by their
 * position. A record that cannot be read is an error record and reading goes on. Throws a
 * RecordsError (for the header, before any row) at a UTF-16 input, bad bytes in a CSV header or a
 * JSON array, broken CSV quoting or JSON array structure, a record longer than `maxRecordBytes`,
 * or more than `maxRecords` records; an error from `onHeader` is thrown as it is.
 */
export async function* readRecords(source: RecordSource, options: ReadRecordsOptions = {}): AsyncGenerator<InputRecord> {
  const name = options.name ?? (typeof source === 'string' ? source : 'the input');
  if (options.format !== undefined && !RECORD_FORMATS.includes(options.format)) {
    throw new Error(`unknown format "${String(options.format)}" (expected ${RECORD_FORMATS.join(', ')})`);
  }
  positiveInteger('maxRecordBytes', options.maxRecordBytes);
  positiveInteger('maxRecords', options.maxRecords);
  const maxBytes = options.maxRecordBytes ?? MAX_RECORD_BYTES;
  const { maxRecords } = options;
  const input = await openInput(source, name, options.format);
  const records =
    input.format === 'csv'
      ? csvRecords(input, name, maxBytes, options.onHeader)
      : input.format === 'jsonl'
        ? jsonlRecords(input, name, maxBytes)
        : jsonArrayRecords(input, name, maxBytes, options.recordNoun ?? 'records');
  let count = 0;
  for await (const record of records) {
    if (maxRecords !== undefined && ++count > maxRecords) {
      throw new RecordsError(`${name} has more than ${maxRecords} rows: at most ${maxRecords} are allowed`, 'record-count');
    }
    if (options.stopAtFirstError && 'error' in record) {
      throw new RecordsError(`${name}: ${record.where}: ${record.error}`, record.badBytes ? 'bytes' : 'record');
    }
    yield record;
  }
}
