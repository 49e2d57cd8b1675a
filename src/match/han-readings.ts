/**
 * Readings of a name written in Chinese characters other than Mandarin pinyin:
 *  - `wadeGiles`: a pinyin syllable in Wade-Giles as Taiwanese and older lists write it, without
 *    apostrophes or umlauts ("xiang" -> "hsiang", "shi" -> "shih", "gen" -> "ken", "zhong" -> "chung").
 *  - `hanjaReading`: the Sino-Korean (Hanja) reading of each character, in Hangul, as a North or
 *    South Korean reads a name written in characters: 崔哲民 -> 최철민 (Choe Chol Min), 金铁三 ->
 *    김철삼 (Kim Chol Sam). Readings come from the `hanja` package's table (traditional and simplified
 *    characters alike); initial ㄹ and ㄴ are kept as the North writes them (李 -> 리, Ri), the
 *    South's initial-sound rule is left to the romanizer (korean.ts).
 * Pure functions; the Hanja table is loaded on first use.
 */
import { createRequire } from 'node:module';

// ---------------------------------------------------------------------------------------------
// Wade-Giles

/** Pinyin initials -> Wade-Giles (aspiration marks dropped, as lists drop them). Longest first. */
const WG_INITIALS: [string, string][] = [
  ['zh', 'ch'],
  ['ch', 'ch'],
  ['sh', 'sh'],
  ['b', 'p'],
  ['p', 'p'],
  ['m', 'm'],
  ['f', 'f'],
  ['d', 't'],
  ['t', 't'],
  ['n', 'n'],
  ['l', 'l'],
  ['g', 'k'],
  ['k', 'k'],
  ['h', 'h'],
  ['j', 'ch'],
  ['q', 'ch'],
  ['x', 'hs'],
  ['r', 'j'],
  ['z', 'ts'],
  ['c', 'ts'],
  ['s', 's'],
  ['y', 'y'],
  ['w', 'w'],
];

/** Whole syllables whose Wade-Giles form does not follow from initial + final. */
const WG_SYLLABLES: Record<string, string> = {
  zhi: 'chih',
  chi: 'chih',
  shi: 'shih',
  ri: 'jih',
  zi: 'tzu',
  ci: 'tzu',
  si: 'ssu',
  er: 'erh',
  e: 'o',
  ge: 'ko',
  ke: 'ko',
  he: 'ho',
  yi: 'i',
  you: 'yu',
  yan: 'yen',
  ye: 'yeh',
  yong: 'yung',
  yue: 'yueh',
  yuan: 'yuan',
  yun: 'yun',
  gui: 'kuei',
  kui: 'kuei',
  wo: 'wo',
  guo: 'kuo',
  kuo: 'kuo',
  huo: 'huo',
  shuo: 'shuo',
};

/** Pinyin finals -> Wade-Giles, where they differ. */
const WG_FINALS: Record<string, string> = {
  ong: 'ung',
  iong: 'iung',
  ian: 'ien',
  ie: 'ieh',
  ue: 'ueh',
  uo: 'o',
};

const WG_CACHE = new Map<string, string>();

/** One pinyin syllable (lower case, no tones, ü written u) in Wade-Giles without diacritics. */
export function wadeGiles(syllable: string): string {
  const s = syllable.toLowerCase();
  let out = WG_CACHE.get(s);
  if (out !== undefined) return out;
  out = WG_SYLLABLES[s];
  if (out === undefined) {
    const initial = WG_INITIALS.find(([p]) => s.startsWith(p) && s.length > p.length);
    if (!initial) out = s;
    else {
      const final = s.slice(initial[0].length);
      out = initial[1] + (WG_FINALS[final] ?? final);
    }
  }
  if (WG_CACHE.size < 2048) WG_CACHE.set(s, out);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Hanja

/** Family names whose reading differs from the character's ordinary reading: 金 is 김 (Kim), not 금. */
const FAMILY_READINGS: Record<string, string> = { 金: '김' };

let HANJA: Record<string, string> | undefined;

function hanjaTable(): Record<string, string> {
  if (!HANJA) {
    const require = createRequire(import.meta.url);
    HANJA = require('hanja/lib/data/hanjaeum.json') as Record<string, string>;
  }
  return HANJA;
}

/**
 * The Hangul reading of a personal name in Chinese characters, family name first (`familyLength`
 * characters, 1 or 2), or undefined when a character has no Korean reading.
 */
export function hanjaReading(chars: string[], familyLength: number): { family: string; given: string } | undefined {
  const table = hanjaTable();
  let family = '';
  let given = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const reading = (i === 0 ? FAMILY_READINGS[ch] : undefined) ?? (Object.hasOwn(table, ch) ? table[ch] : undefined);
    if (reading === undefined || reading.length !== 1) return undefined;
    if (i < familyLength) family += reading;
    else given += reading;
  }
  return { family, given };
}
