// How numbers, list versions and counts read on the page.
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
