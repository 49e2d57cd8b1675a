/**
 * Dates as the lists write them, turned into ISO 8601 prefixes that keep their precision:
 * a year alone stays "1987", a month "1987-08", a day "1987-08-30".
 */

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function valid(year: number, month?: number, day?: number): boolean {
  if (!(year >= 1000 && year <= 2999)) return false;
  if (month === undefined) return true;
  if (!(month >= 1 && month <= 12)) return false;
  if (day === undefined) return true;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day >= 1 && day <= last;
}

/** Build an ISO prefix from numeric parts; undefined when the parts are not a real date. */
export function isoDate(year: number, month?: number, day?: number): string | undefined {
  if (!valid(year, month, day)) return undefined;
  if (month === undefined) return String(year);
  if (day === undefined) return `${year}-${pad(month)}`;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/**
 * Parse one date written in any of the lists' styles: ISO ("1987-08-30", "1987-08", "1987"),
 * day-first numeric ("30-08-1987", "30.8.1987", "30/08/1987"), OFAC text ("30 Aug 1987",
 * "Aug 1987"). Returns undefined for anything else (ranges and "circa" are for the caller).
 */
export function parseDate(text: string): string | undefined {
  const s = text.trim();
  let m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:T.*)?$/.exec(s);
  if (m) return isoDate(Number(m[1]), m[2] ? Number(m[2]) : undefined, m[3] ? Number(m[3]) : undefined);
  m = /^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$/.exec(s);
  if (m) return isoDate(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{1,2})[-./](\d{4})$/.exec(s);
  if (m) return isoDate(Number(m[2]), Number(m[1]));
  m = /^(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4})$/.exec(s);
  if (m) {
    const month = MONTHS[m[2]!.slice(0, 4).toLowerCase()] ?? MONTHS[m[2]!.slice(0, 3).toLowerCase()];
    return month ? isoDate(Number(m[3]), month, Number(m[1])) : undefined;
  }
  m = /^([A-Za-z]{3,9})\.?\s+(\d{4})$/.exec(s);
  if (m) {
    const month = MONTHS[m[1]!.slice(0, 4).toLowerCase()] ?? MONTHS[m[1]!.slice(0, 3).toLowerCase()];
    return month ? isoDate(Number(m[2]), month) : undefined;
  }
  return undefined;
}

/**
 * All dates a free-text date field stands for: "1960 to 1962" gives each year, "circa 1960" gives
 * 1960, "30 Aug 1987" gives the day. Values that are not dates are dropped.
 */
export function parseDates(text: string): string[] {
  const s = text.replace(/\b(circa|approximately|approx\.?|ca\.?)\s*/gi, '').trim();
  const range = /^(\d{4})\s*(?:to|-|–)\s*(\d{4})$/.exec(s);
  if (range) {
    const from = Number(range[1]);
    const to = Number(range[2]);
    if (to >= from && to - from <= 20) {
      const years: string[] = [];
      for (let y = from; y <= to; y++) years.push(String(y));
      return years;
    }
  }
  const one = parseDate(s);
  return one ? [one] : [];
}

// ---- dates typed in screening queries ----------------------------------------------------------

/**
 * One date read from a screening query: an ISO prefix keeping its precision ("1987", "1987-08",
 * "1987-08-30") with a note when the reading needed a choice, or an error saying why it was not read.
 */
export type QueryDate = { value: string; note?: string } | { error: string };

/**
 * Month names by month (index 0 is January) in English, French, Spanish, German and Russian
 * (Russian in the nominative and in the genitive used in dates). Abbreviations are not listed:
 * any prefix of three letters or more that belongs to one month only is read as that month.
 */
const MONTH_NAMES: readonly (readonly string[])[] = [
  ['january', 'janvier', 'enero', 'januar', 'jänner', 'январь', 'января'],
  ['february', 'février', 'febrero', 'februar', 'feber', 'февраль', 'февраля'],
  ['march', 'mars', 'marzo', 'märz', 'maerz', 'март', 'марта'],
  ['april', 'avril', 'abril', 'апрель', 'апреля'],
  ['may', 'mai', 'mayo', 'май', 'мая'],
  ['june', 'juin', 'junio', 'juni', 'июнь', 'июня'],
  ['july', 'juillet', 'julio', 'juli', 'июль', 'июля'],
  ['august', 'août', 'agosto', 'август', 'августа'],
  ['september', 'septembre', 'septiembre', 'setiembre', 'сентябрь', 'сентября'],
  ['october', 'octobre', 'octubre', 'oktober', 'октябрь', 'октября'],
  ['november', 'novembre', 'noviembre', 'ноябрь', 'ноября'],
  ['december', 'décembre', 'diciembre', 'dezember', 'декабрь', 'декабря'],
];

/** Lower case without accents, so "Août", "aout" and "AOÛT" are one key. */
function foldWord(word: string): string {
  return word.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
}

const FOLDED_MONTHS = MONTH_NAMES.map((names) => names.map(foldWord));

/** The month (1-12) a word names, or undefined when it names none or could be two months ("jui"). */
function monthOf(word: string): number | undefined {
  const w = foldWord(word);
  if (w.length < 3) return undefined;
  let found: number | undefined;
  for (let i = 0; i < FOLDED_MONTHS.length; i++) {
    if (!FOLDED_MONTHS[i]!.some((name) => name.startsWith(w))) continue;
    if (found !== undefined) return undefined;
    found = i + 1;
  }
  return found;
}

/** Words around a written date that say nothing about it ("30th of August", "30 de agosto de 1987", "1987 г."). */
const FILLER = new Set(['of', 'the', 'de', 'del', 'le', 'der', 'den', 'am', 'г', 'года', 'год', 'го']);

/** Prefixes and suffixes saying a date is approximate. */
const APPROXIMATE = /^(?:circa|cca\.?|ca\.?|c\.|approx(?:imately|\.)?|about|around|abt\.?|~|env(?:iron|\.)?|vers|hacia|etwa|около|примерно)\s*/i;

const LONGEST_QUOTED = 60;

function quoted(text: string): string {
  return `'${text.length > LONGEST_QUOTED ? `${text.slice(0, LONGEST_QUOTED - 1)}…` : text}'`;
}

/** Parts read so far, and the choices the reading made. */
interface Reading {
  year: string;
  month?: number;
  day?: number;
  reasons: string[];
}

type Attempt = Reading | { error: string } | undefined;

/**
 * A year as written: four digits as they are; two digits only when one century makes it a past
 * year and the other a future one (87 in 2026 is 1987; 05 could be 1905 or 2005, so it is refused).
 */
function readYear(digits: string, now: Date, reasons: string[], shown: string): number | { error: string } {
  if (digits.length === 4) return Number(digits);
  if (digits.length !== 2) return { error: `${shown} is not a date Vigil can read` };
  const yy = Number(digits);
  const thisYear = now.getUTCFullYear();
  const late = 2000 + yy;
  const early = 1900 + yy;
  if (late <= thisYear) {
    return { error: `${shown} has a two-digit year that could be ${early} or ${late}: write the year in full` };
  }
  reasons.push(`two-digit year ${digits} taken as ${early}`);
  return early;
}

/** Day and month from two numbers written day-first or month-first; never a guessed day. */
function dayAndMonth(first: number, second: number, shown: string, reasons: string[]): { month?: number; day?: number } | { error: string } {
  if (first === second && first <= 12) return { month: first, day: second };
  if (first <= 12 && second <= 12) {
    reasons.push('day and month are ambiguous');
    return {};
  }
  if (first > 12 && second <= 12) return { month: second, day: first };
  if (second > 12 && first <= 12) {
    reasons.push(`month first, as ${second} cannot be a month`);
    return { month: first, day: second };
  }
  return { error: `${shown} is not a real date: neither ${first} nor ${second} can be a month` };
}

/** Numeric dates: ISO and its relatives, day-first and month-first, month/year, compact YYYYMMDD. */
function readNumeric(s: string, shown: string, now: Date): Attempt {
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})[t ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(s);
  if (m) return { year: m[1]!, month: Number(m[2]), day: Number(m[3]), reasons: [] };
  m = /^(\d{4})([-/. ])(\d{1,2})\2(\d{1,2})$/.exec(s);
  if (m) return { year: m[1]!, month: Number(m[3]), day: Number(m[4]), reasons: [] };
  m = /^(\d{4})[-/. ](\d{1,2})$/.exec(s);
  if (m) return { year: m[1]!, month: Number(m[2]), reasons: [] };
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return { year: m[1]!, month: Number(m[2]), day: Number(m[3]), reasons: [] };
  m = /^\d{4}$/.exec(s);
  if (m) return { year: m[0], reasons: [] };
  m = /^(\d{1,2})([-/. ])(\d{1,2})\2(\d{2}|\d{4})$/.exec(s);
  if (m) {
    const reasons: string[] = [];
    const year = readYear(m[4]!, now, reasons, shown);
    if (typeof year !== 'number') return year;
    const parts = dayAndMonth(Number(m[1]), Number(m[3]), shown, reasons);
    if ('error' in parts) return parts;
    return { year: String(year), ...parts, reasons };
  }
  m = /^(\d{1,2})[-/. ](\d{4})$/.exec(s);
  if (m) {
    const month = Number(m[1]);
    if (month < 1 || month > 12) return { error: `${shown} is not a real date: there is no month ${month}` };
    return { year: m[2]!, month, reasons: [] };
  }
  m = /^(\d{4})\s*[年년]\s*(?:(\d{1,2})\s*[月월]\s*(?:(\d{1,2})\s*[日일])?)?$/.exec(s);
  if (m) return { year: m[1]!, month: m[2] ? Number(m[2]) : undefined, day: m[3] ? Number(m[3]) : undefined, reasons: [] };
  if (/^\d{4}\s*(?:-|–|—|to|till|until)\s*\d{4}$/i.test(s)) return { error: `${shown} is a range of years, not one date` };
  return undefined;
}

/** Dates with the month in words: "30 Aug 1987", "August 30th, 1987", "30. August 1987", "30 августа 1987 г.". */
function readWords(s: string, shown: string, now: Date): Attempt {
  const tokens = s.split(/[\s,./\-–]+/u).filter((t) => t !== '' && !FILLER.has(t.toLowerCase()));
  let month: number | undefined;
  const numbers: string[] = [];
  for (const token of tokens) {
    const num = /^(\d+)(?:st|nd|rd|th|er|re|º|°|ª|г)?$/iu.exec(token);
    if (num) {
      numbers.push(num[1]!);
      continue;
    }
    const named = monthOf(token);
    if (named === undefined || month !== undefined) return undefined;
    month = named;
  }
  if (month === undefined) return undefined;
  const reasons: string[] = [];
  if (numbers.length === 1) {
    const only = numbers[0]!;
    if (only.length === 2 && Number(only) <= 31) return { error: `${shown} has no year` };
    const year = readYear(only, now, reasons, shown);
    if (typeof year !== 'number') return year;
    return { year: String(year), month, reasons };
  }
  if (numbers.length !== 2) return numbers.length === 0 ? { error: `${shown} has no year` } : undefined;
  const [a, b] = numbers as [string, string];
  let dayText: string;
  let yearText: string;
  if (a.length === 4 && b.length <= 2) [yearText, dayText] = [a, b];
  else if (b.length === 4 && a.length <= 2) [dayText, yearText] = [a, b];
  else if (a.length <= 2 && b.length === 2) [dayText, yearText] = [a, b];
  else return undefined;
  const year = readYear(yearText, now, reasons, shown);
  if (typeof year !== 'number') return year;
  return { year: String(year), month, day: Number(dayText), reasons };
}

/** Why numeric parts are not a real date, for the error message. */
function impossible(year: number, month: number | undefined, day: number | undefined): string {
  if (!(year >= 1000 && year <= 2999)) return `year ${year} is out of range`;
  if (month !== undefined && !(month >= 1 && month <= 12)) return `there is no month ${month}`;
  return `${year}-${pad(month ?? 0)} has no day ${day}`;
}

/**
 * One birth date as a person or a system typed it. Never guesses silently: an ambiguous part is
 * dropped (the value keeps what is certain) and said in `note`; anything else unreadable, impossible
 * (31/02/1990) or in the future is an `error` naming the text, so a caller can ignore the date rather
 * than count it against a match.
 *
 * Read: ISO ("1987-08-30", "1987-08", "1987", "1987/08/30", "1987-8-3", "19870830", ISO date-times);
 * numeric day-first "30/08/1987", "30.08.1987", "30-08-1987" (and with a two-digit year); month-first
 * "08/30/1987" only when the day is over 12; "04/05/1986" gives the year alone; "08/1987";
 * month names in English, French, Spanish, German and Russian, full or abbreviated, in any order
 * ("30 Aug 1987", "30-Aug-1987", "Aug 30, 1987", "August 30th, 1987", "30 de agosto de 1987",
 * "30. August 1987", "30 августа 1987 г.", "Aug 1987"); "1987年8月30日" and "1987년 8월 30일";
 * "circa 1960" and the like (noted as approximate). `now` bounds two-digit years and the future.
 */
export function parseQueryDate(text: string, now: Date = new Date()): QueryDate {
  const original = text.replace(/\s+/gu, ' ').trim();
  const shown = quoted(original);
  if (original === '') return { error: 'no date given' };
  const reasons: string[] = [];
  let s = original;
  const approx = APPROXIMATE.exec(s);
  if (approx && approx[0] !== s) {
    s = s.slice(approx[0].length);
    reasons.push('the date is approximate');
  } else if (/\s*\?$/.test(s) && s.length > 1) {
    s = s.replace(/\s*\?$/, '');
    reasons.push('the date is marked as uncertain');
  }
  // "30 . 08 . 1987" and "30 / 08 / 1987" are "30.08.1987" and "30/08/1987".
  s = s.replace(/\s*([-/.])\s*(?=\d)/g, '$1');
  const read = readNumeric(s, shown, now) ?? readWords(s, shown, now);
  if (read === undefined) return { error: `${shown} is not a date Vigil can read` };
  if ('error' in read) return read;
  const year = Number(read.year);
  const value = isoDate(year, read.month, read.day);
  if (value === undefined) return { error: `${shown} is not a real date: ${impossible(year, read.month, read.day)}` };
  const today = now.toISOString().slice(0, 10);
  if (value > today.slice(0, value.length)) return { error: `${shown} is in the future, so it cannot be a birth date` };
  reasons.push(...read.reasons);
  if (reasons.length === 0) return { value };
  return { value, note: `${shown} read as ${value}: ${reasons.join('; ')}` };
}
