/**
 * Local wall-clock time in an IANA time zone <-> UTC, with Node's ICU data (DST-aware), and ISO
 * date helpers. No clock is ever read: every date is derived from the pool's fixed `now`.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** The wall-clock fields of an instant in a zone. */
export function zoned(ms: number, tz: string): { year: number; month: number; day: number; hour: number; minute: number; weekday: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const year = parts.year!;
  const month = parts.month!;
  const day = parts.day!;
  return { year, month, day, hour: parts.hour!, minute: parts.minute!, weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay() };
}

/** Offset of the zone from UTC at an instant, in milliseconds (UTC+9 -> +9h). */
export function offsetMs(ms: number, tz: string): number {
  const z = zoned(ms, tz);
  const asUtc = Date.UTC(z.year, z.month - 1, z.day, z.hour, z.minute, new Date(ms).getUTCSeconds());
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant (ms since epoch) when the wall clock in `tz` shows the given local date and time. */
export function localToUtc(year: number, month: number, day: number, hour: number, minute: number, tz: string): number {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  let t = guess - offsetMs(guess, tz);
  t = guess - offsetMs(t, tz); // once more, for instants near a DST change
  return t;
}

export const DAY_MS = 86_400_000;

/** ISO date-time without milliseconds: 2026-10-12T14:03:00Z. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** ISO date: 2026-10-12. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Year-month: 2021-03. */
export function isoMonth(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}
