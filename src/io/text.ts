/**
 * Text out of bytes, strictly: where a byte that is not UTF-8 text (or a NUL byte) is, what to say
 * of it, and input cut into numbered lines. Pure (no I/O): the matcher's batch screening uses it
 * on blocks of bytes, and src/io/records.ts on the files and streams it reads.
 */
import { isUtf8 } from 'node:buffer';

export const LF = 0x0a;
export const CR = 0x0d;
export const SAVE_AS_UTF8 = 'Save the file as UTF-8 (in Excel: "CSV UTF-8").';

/** The first byte of a line that is not UTF-8 text. */
export interface BadBytes {
  /** Its offset in the input, counted from the input's first byte (a byte order mark included). */
  offset: number;
  /** Its line, from 1 (lines end at "\n"; for JSON lines also at a lone "\r"). */
  line: number;
  /** Its value: 0 for a NUL byte, else a byte that does not start a valid UTF-8 sequence here. */
  byte: number;
}

function hexByte(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

/** What is wrong with the bytes of one record, for its error record ("not UTF-8 text: byte 0xFC at byte offset 18"). */
export function badBytesError(bad: BadBytes): string {
  return bad.byte === 0
    ? `not text: a NUL byte at byte offset ${bad.offset} (a binary or UTF-16 file?)`
    : `not UTF-8 text: byte ${hexByte(bad.byte)} at byte offset ${bad.offset}`;
}

/** The message refusing a whole input for its bad bytes, naming the input, the byte, its offset and line. */
export function badBytesMessage(name: string, bad: BadBytes): string {
  const at = `byte offset ${bad.offset} (line ${bad.line})`;
  return bad.byte === 0
    ? `${name} contains a NUL byte at ${at}: it is not a text file, or it is UTF-16. ${SAVE_AS_UTF8}`
    : `${name} is not valid UTF-8: byte ${hexByte(bad.byte)} at ${at} is not UTF-8 text. ${SAVE_AS_UTF8}`;
}

export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

// ---------------------------------------------------------------------------------------------
// Strict UTF-8

/** Index of the first byte that does not start a valid UTF-8 sequence (RFC 3629), or -1. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let more: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) more = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      more = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      more = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    if (i + more >= b.length) return i; // cut off by the end
    const second = b[i + 1]!;
    if (second < lo || second > hi) return i;
    for (let k = 2; k <= more; k++) if ((b[i + k]! & 0xc0) !== 0x80) return i;
    i += more + 1;
  }
  return -1;
}

/**
 * Index of the first byte of `bytes` that is not UTF-8 text, or a NUL byte, or -1 when all of
 * them are (the common case costs one native check and one byte search).
 */
export function firstBadByte(bytes: Uint8Array): number {
  const buf = asBuffer(bytes);
  if (isUtf8(buf)) return buf.indexOf(0);
  const invalid = firstInvalidUtf8(buf);
  const nul = buf.indexOf(0);
  return nul !== -1 && nul < invalid ? nul : invalid;
}

/** How many leading bytes of `b` are whole characters (an incomplete last sequence is held back). */
export function wholeCharacterBytes(b: Buffer): number {
  const n = b.length;
  for (let back = 1; back <= Math.min(4, n); back++) {
    const c = b[n - back]!;
    if ((c & 0xc0) === 0x80) continue;
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

export function countLf(b: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = b.indexOf(LF, from); i !== -1 && i < to; i = b.indexOf(LF, i + 1)) n++;
  return n;
}

// ---------------------------------------------------------------------------------------------
// Lines

/**
 * Call `fn` with each line of `text` that is not blank, and its line number: lines end at "\n",
 * "\r\n" or a lone "\r" (as node:readline reads them), the first line of `text` is number
 * `firstLine`, and blank lines are counted but skipped. Returns the number of lines counted, blank
 * ones included (a last line without its line end counts too).
 */
export function eachLine(text: string, firstLine: number, fn: (line: string, lineNo: number) => void): number {
  let nextCr = text.indexOf('\r');
  let lineNo = firstLine - 1;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    let next = end + 1;
    if (nextCr !== -1 && nextCr < start) nextCr = text.indexOf('\r', start);
    if (nextCr !== -1 && nextCr < end) {
      next = nextCr + 1 === end ? end + 1 : nextCr + 1;
      end = nextCr;
    }
    const line = text.slice(start, end);
    lineNo++;
    if (line.trim() !== '') fn(line, lineNo);
    start = next;
  }
  return lineNo - firstLine + 1;
}

/**
 * `eachLine` over bytes, strictly: each line that is UTF-8 text and not blank goes to `onLine`,
 * decoded; each line holding a byte that is not UTF-8 text (or a NUL byte) goes to `onBad`, with
 * that byte, its offset (`at.offset` is the offset of `bytes[0]` in the input) and its line, and
 * nothing of it is decoded. Lines are cut and numbered as `eachLine` does, from `at.line`; a "\n"
 * or "\r" byte never falls inside a UTF-8 character, so a bad line never spoils its neighbours.
 * Returns the number of lines counted.
 */
export function eachUtf8Line(
  bytes: Uint8Array,
  at: { line: number; offset: number },
  onLine: (line: string, lineNo: number) => void,
  onBad: (bad: BadBytes) => void,
): number {
  const buf = asBuffer(bytes);
  if (firstBadByte(buf) === -1) return eachLine(buf.toString('utf8'), at.line, onLine);
  let nextCr = buf.indexOf(CR);
  let lineNo = at.line - 1;
  let start = 0;
  while (start < buf.length) {
    let end = buf.indexOf(LF, start);
    if (end === -1) end = buf.length;
    let next = end + 1;
    if (nextCr !== -1 && nextCr < start) nextCr = buf.indexOf(CR, start);
    if (nextCr !== -1 && nextCr < end) {
      next = nextCr + 1 === end ? end + 1 : nextCr + 1;
      end = nextCr;
    }
    lineNo++;
    const line = buf.subarray(start, end);
    const bad = firstBadByte(line);
    if (bad !== -1) onBad({ offset: at.offset + start + bad, line: lineNo, byte: line[bad]! });
    else {
      const text = line.toString('utf8');
      if (text.trim() !== '') onLine(text, lineNo);
    }
    start = next;
  }
  return lineNo - at.line + 1;
}

/**
 * Where a parsed value (a JSON body, a JSON line) holds the character U+0000, which PostgreSQL
 * cannot store in text (so no store accepts it): the path of the first string or key holding one,
 * its parts joined by "/" ("properties/name/0"; "" for the value itself, a key's path ending in
 * "(key)"), or undefined when there is none.
 */
export function nulField(value: unknown, path = ''): string | undefined {
  // Most values hold no NUL: a walk that builds no paths says so first (a 10,000-row body has
  // some 100,000 values, and their paths cost more than the walk).
  if (!holdsNul(value)) return undefined;
  // Depth first with a stack of its own, not recursion: a hostile body nested thousands deep
  // must get its answer, not a stack overflow. Children are pushed last-first, so the value named
  // is the first in document order (a key holding NUL: as soon as its object is reached).
  const pending: { value: unknown; path: string }[] = [{ value, path }];
  const join = (at: string, part: string) => (at === '' ? part : `${at}/${part}`);
  while (pending.length > 0) {
    const { value: v, path: at } = pending.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return at;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) pending.push({ value: v[i], path: join(at, String(i)) });
    } else if (v !== null && typeof v === 'object' && !ArrayBuffer.isView(v)) {
      const entries = Object.entries(v);
      const badKey = entries.find(([key]) => key.includes('\u0000'));
      // A key holding NUL is named at once (before the values of this object's earlier keys).
      if (badKey) return `${join(at, badKey[0].replaceAll('\u0000', '\\u0000'))} (key)`;
      for (let i = entries.length - 1; i >= 0; i--) pending.push({ value: entries[i]![1], path: join(at, entries[i]![0]) });
    }
  }
  return undefined;
}

/** Whether a string, key or value anywhere in `value` holds U+0000 (iterative, like nulField). */
function holdsNul(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const v = pending.pop();
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return true;
    } else if (Array.isArray(v)) {
      for (const item of v) pending.push(item);
    } else if (v !== null && typeof v === 'object' && !ArrayBuffer.isView(v)) {
      for (const key in v) {
        if (!Object.hasOwn(v, key)) continue;
        if (key.includes('\u0000')) return true;
        pending.push((v as Record<string, unknown>)[key]);
      }
    }
  }
  return false;
}

/** What is wrong with a value holding U+0000 (after the name of its field). */
export const NUL_PROBLEM = 'contains the character U+0000 (NUL), which cannot be stored; remove it';

/** The message for a NUL character found at `field` of a record (see nulField). */
export function nulMessage(field: string): string {
  return field === '' ? `the value ${NUL_PROBLEM}` : `field "${field}" ${NUL_PROBLEM}`;
}
