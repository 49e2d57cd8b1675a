// How numbers, list versions, counts, names of properties and times read on the page.
import type { ListVersion } from './types';

/** A score or similarity: two decimals ("0.97"). */
export function decimal(value: number): string {
  return value.toFixed(2);
}

/** A contribution to the score, signed with a true minus sign ("+0.05", "−0.10", "0.00"). */
export function signed(value: number): string {
  const text = Math.abs(value).toFixed(2);
  if (text === '0.00') return text;
  return value > 0 ? `+${text}` : `\u2212${text}`;
}

/** "1 result", "3 results". */
export function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "us_ofac_sdn v3". */
export function versionName(v: ListVersion): string {
  return `${v.dataset} v${v.version}`;
}

/** "us_ofac_sdn v3 (published 2024-05-01)". */
export function versionWithDate(v: ListVersion): string {
  const date = v.publishedAt === null ? 'publication date unknown' : `published ${v.publishedAt.slice(0, 10)}`;
  return `${versionName(v)} (${date})`;
}

/** "weakAlias" -> "weak alias". */
export function words(camelCase: string): string {
  return camelCase.replace(/([A-Z])/g, ' $1').toLowerCase();
}

/** "birthDate" -> "Birth date". */
export function label(camelCase: string): string {
  const text = words(camelCase);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** An ISO time as a date in the reader's locale ("19 Nov 2025"). */
export function dateOf(iso: string): string {
  return DATE.format(new Date(iso));
}

/** An ISO time as a date and time in the reader's locale ("19 Nov 2025, 14:03"). */
export function dateTimeOf(iso: string): string {
  return DATE_TIME.format(new Date(iso));
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long ago an ISO time was: "just now", "12 min ago", "5 h ago", "3 d ago". */
export function age(iso: string, now: number = Date.now()): string {
  const elapsed = now - Date.parse(iso);
  if (elapsed < MINUTE) return 'just now';
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)} min ago`;
  if (elapsed < DAY) return `${Math.floor(elapsed / HOUR)} h ago`;
  return `${Math.floor(elapsed / DAY)} d ago`;
}

const WHOLE_NUMBER = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** A count with the reader's digit grouping ("10,000"). */
export function wholeNumber(n: number): string {
  return WHOLE_NUMBER.format(n);
}

const SECOND = 1000;

/** How long something took: "45 s", "3 min 05 s", "2 h 07 min". */
export function duration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / SECOND));
  if (seconds < 60) return `${seconds} s`;
  if (ms < HOUR) return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(ms / HOUR)} h ${String(Math.floor((ms % HOUR) / MINUTE)).padStart(2, '0')} min`;
}

const DATE_TIME_SECONDS = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** An ISO time to the second, in the reader's locale ("19 Nov 2025, 14:03:27"). */
export function preciseTimeOf(iso: string): string {
  return DATE_TIME_SECONDS.format(new Date(iso));
}
