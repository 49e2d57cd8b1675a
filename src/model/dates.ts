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
