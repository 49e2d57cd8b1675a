/**
 * Readings of a name written in Chinese characters other than Mandarin pinyin:
 *  - `wadeGiles`: a pinyin syllable in Wade-Giles as Taiwanese and older lists write it, without
 *    apostrophes or umlauts ("xiang" -> "hsiang", "shi" -> "shih", "gen" -> "ken", "zhong" -> "chung").
 *  - `hanjaReading`: the Sino-Korean (Hanja) reading of each character, in Hangul, as a North or
 *    South Korean reads a name written in characters: 崔哲民 -> 최철민 (Choe Chol Min), 金铁三 ->
 *    김철삼 (Kim Chol Sam). Readings come from the `hanja` package's table (traditional and simplified
 *    characters alike); initial ㄹ and ㄴ are kept as the North writes them (李 -> 리, Ri), the
 *    South's initial-sound rule is left to the romanizer (korean.ts).
 *  - `cantoneseReading`: the Cantonese reading of a name in characters, spelled as Hong Kong and
 *    Macau identity documents spell it (the Hong Kong Government romanisation, which lists copy):
 *    譚耀宗 -> "Tam Yiu Chung", 李家超 -> "Lee Ka Chiu", 曾國衞 -> "Tsang Kwok Wai". Readings come
 *    from the `to-jyutping` package (Jyutping), which this module respells.
 * Pure functions; the Hanja and Jyutping tables are loaded on first use.
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

// ---------------------------------------------------------------------------------------------
// Cantonese (Hong Kong Government romanisation)

/** Family names whose usual reading is not the character's first Jyutping reading: 區 is Au, 曾 Tsang. */
const CANTONESE_FAMILY: Record<string, string> = {
  區: 'au1',
  区: 'au1',
  曾: 'zang1',
  單: 'sin6',
  单: 'sin6',
  仇: 'kau4',
  查: 'caa4',
  樂: 'lok6',
  乐: 'lok6',
  解: 'haai6',
  繆: 'miu6',
  缪: 'miu6',
  覃: 'tam4',
};

/** Family names Hong Kong spells apart from their syllable's usual spelling: 李 lei5 is Lee. */
const HK_FAMILY_SPELLING: Record<string, string> = { 李: 'lee' };

/** Jyutping finals (those a name uses), to tell a Jyutping syllable from anything else. */
const JYUTPING_FINALS = new Set(
  ('aa aai aau aam aan aang aap aat aak a ai au am an ang ap at ak e ei eu em eng ep ek i iu im in ing ip it ik ' +
    'o oi on ong ot ok ou u ui un ung ut uk oe oeng oek eoi eon eot yu yun yut m ng').split(' '),
);

/** Jyutping initials in Hong Kong spelling (aspiration not marked: 鄧 dang -> Tang, 高 gou -> Ko). */
const HK_INITIALS: Record<string, string> = {
  b: 'p', p: 'p', m: 'm', f: 'f', d: 't', t: 't', n: 'n', l: 'l', g: 'k', k: 'k', ng: 'ng',
  h: 'h', gw: 'kw', kw: 'kw', w: 'w', z: 'ch', c: 'ch', s: 's', j: 'y', '': '',
};

/** Jyutping finals in Hong Kong spelling, where they differ (long aa written a, oeng written eung). */
const HK_FINALS: Record<string, string> = {
  aa: 'a', aai: 'ai', aau: 'au', aam: 'am', aan: 'an', aang: 'ang', aap: 'ap', aat: 'at', aak: 'ak',
  ou: 'o', oe: 'eu', oeng: 'eung', oek: 'euk', eoi: 'ui', eon: 'un', eot: 'ut',
  yu: 'u', yun: 'uen', yut: 'uet',
};

/** Finals after which z and c are written ts, as Hong Kong writes 曾 Tsang, 謝 Tse, 徐 Tsui, 曹 Tso (but 陳 Chan, 張 Cheung, 蔡 Choi). */
const TS_FINALS = new Set(['ang', 'aang', 'e', 'eoi', 'ou', 'o']);

const JYUTPING_RE = /^(ng|gw|kw|[bpmfdtnlgkhwzcsj]?)([a-z]+?)[1-6]$/;

/** One Jyutping syllable ("zung1") in Hong Kong spelling ("chung"); undefined when it is not one. */
export function hongKongSpelling(jyutping: string): string | undefined {
  if (/^(?:m|ng)[1-6]$/.test(jyutping)) return jyutping.slice(0, -1); // 吳 ng4 -> Ng, 唔 m4
  const m = JYUTPING_RE.exec(jyutping);
  if (!m) return undefined;
  const [, initial, final] = m as unknown as [string, string, string];
  if (!JYUTPING_FINALS.has(final)) return undefined;
  if (initial === 'j' && final.startsWith('yu')) return HK_FINALS[final] === 'u' ? 'yu' : `y${HK_FINALS[final]}`; // 余 Yu, 袁 Yuen
  if (initial === 'j' && final === 'i') return 'yee'; // 儀 Yee
  if (initial === 's' && final === 'i') return 'sze'; // 施 Sze
  if (initial === 's' && (final === 'yu' || final === 'eon')) return `sh${HK_FINALS[final]}`; // 書 Shu, 信 Shun (but 孫 Suen)
  if (initial === 'z' && final === 'i') return 'chi';
  const spelledInitial = (initial === 'z' || initial === 'c') && TS_FINALS.has(final) ? 'ts' : HK_INITIALS[initial];
  if (spelledInitial === undefined) return undefined;
  return spelledInitial + (HK_FINALS[final] ?? final);
}

let JYUTPING: (typeof import('to-jyutping'))['getJyutpingCandidates'] | undefined;

/** to-jyutping's readings, its table loaded on first use (a large table, needed only for names in characters). */
function jyutpingCandidates(text: string): [string, string[]][] {
  JYUTPING ??= (createRequire(import.meta.url)('to-jyutping') as typeof import('to-jyutping')).getJyutpingCandidates;
  return JYUTPING(text);
}

/**
 * The Cantonese reading of a personal name in Chinese characters, family name first
 * (`familyLength` characters), one Hong Kong spelling per character; undefined when a character
 * has no reading.
 */
export function cantoneseReading(chars: string[], familyLength: number): { family: string; given: string[] } | undefined {
  const syllables: string[] = [];
  const candidates = jyutpingCandidates(chars.join(''));
  if (candidates.length !== chars.length) return undefined;
  for (let i = 0; i < chars.length; i++) {
    const [ch, readings] = candidates[i]!;
    const family = i < familyLength;
    const reading = (family ? CANTONESE_FAMILY[ch] : undefined) ?? readings[0];
    const spelled = (family ? HK_FAMILY_SPELLING[ch] : undefined) ?? (reading === undefined ? undefined : hongKongSpelling(reading));
    if (spelled === undefined) return undefined;
    syllables.push(spelled);
  }
  return { family: syllables.slice(0, familyLength).join(''), given: syllables.slice(familyLength) };
}
