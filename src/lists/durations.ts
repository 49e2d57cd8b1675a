/**
 * Durations as operators write them (`90s`, `30m`, `6h`, `30d`, `2w`, `0` for off) and as people
 * read them, with the default maximum age of a list. Pure, with no imports: the settings
 * (src/config.ts) read durations without depending on the list versions or the store.
 */

/** How old a list may be before it is stale, by default: 30 days from its publication. */
export const DEFAULT_MAX_LIST_AGE_MS = 30 * 86_400_000;

const DURATION_UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/**
 * A duration as operators write it: `90s`, `30m`, `6h`, `30d`, `2w`, or `0` (off); a bare number
 * is in `unit` (hours for a refresh interval, days for a maximum age). Throws on anything else.
 */
export function parseDuration(text: string, unit: 's' | 'm' | 'h' | 'd' = 'h'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$/i.exec(text);
  if (!m) throw new Error(`"${text}" is not a duration (examples: 0, 90s, 30m, 6h, 30d, 2w)`);
  return Math.round(Number(m[1]) * DURATION_UNITS[(m[2] || unit).toLowerCase()]!);
}

/** A duration for people: "6 h", "30 d", "90 s". */
export function formatDuration(ms: number): string {
  if (ms % 86_400_000 === 0 && ms > 0) return `${ms / 86_400_000} d`;
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1000)} s`;
}
