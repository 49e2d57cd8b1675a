/**
 * Japanese readings of personal names written in kanji: 後藤 忠正 is "Goto Tadamasa", 井上 邦雄
 * "Inoue Kunio". A kanji has several readings (Sino-Japanese on, native kun, and nanori, the
 * readings kept for names), and which one a name uses is not written; so a name is never given one
 * reading here. Instead `japaneseReadings` lists, word by word, the readings the characters allow
 * (with rendaku, the voicing of a later character: 田 ta -> da in Ikeda, 木 ki -> gi in Takagi),
 * and the caller keeps those that a vocabulary knows: the listed names (screening) or the other
 * name of a pair (compare). A reading nobody is called stays unused.
 *
 * Readings come from KANJIDIC (the `kanji` package, one small file per character, read on first
 * use) and are written in Hepburn by `wanakana`, long vowels folded as the lists write them
 * (Gotou, Gotoh -> goto). Pure but for those lazy reads; memoised.
 */
import { createRequire } from 'node:module';
import { toRomaji } from 'wanakana';

interface KanjiReadings {
  on: string[];
  kun: string[];
  nanori: string[];
}

let readingsOfKanji: ((kanji: string) => KanjiReadings) | undefined;

function kanjidic(kanji: string): KanjiReadings | undefined {
  readingsOfKanji ??= (createRequire(import.meta.url)('kanji') as { readings: (k: string) => KanjiReadings }).readings;
  try {
    return readingsOfKanji(kanji);
  } catch {
    return undefined; // a character KANJIDIC does not hold
  }
}

/** A romanized reading folded as the lists write Japanese names: long vowels once, "oh" as "o". */
export function foldJapanese(romaji: string): string {
  return romaji
    .toLowerCase()
    .replace(/[^a-z]/g, '')
    .replace(/oh(?=[^aeiou]|$)/g, 'o')
    .replace(/ou|oo/g, 'o')
    .replace(/uu/g, 'u')
    .replace(/aa/g, 'a')
    .replace(/ii/g, 'i')
    .replace(/m(?=[bpm])/g, 'n');
}

const CHAR_READINGS = new Map<string, string[]>();

/** The folded romanized readings of one kanji, name readings first; [] when it has none. */
export function kanjiReadings(kanji: string): string[] {
  let out = CHAR_READINGS.get(kanji);
  if (out === undefined) {
    const r = kanjidic(kanji);
    const all = r ? [...r.nanori, ...r.kun, ...r.on] : [];
    const set = new Set<string>();
    for (const reading of all) {
      // Kun readings mark their okurigana after a dot (ただ.しい: the name reads ただ) and
      // prefixes or suffixes with a dash.
      const stem = reading.split('.')[0]!.replace(/-/g, '');
      const folded = foldJapanese(toRomaji(stem));
      if (folded.length > 0) set.add(folded);
    }
    out = [...set];
    CHAR_READINGS.set(kanji, out);
  }
  return out;
}

/** Rendaku: a character after the first may begin voiced (Ikeda, Takagi, Yamazaki, Nakajima). */
const RENDAKU: [string, string[]][] = [
  ['k', ['g']],
  ['sh', ['j']],
  ['s', ['z']],
  ['ch', ['j']],
  ['ts', ['z']],
  ['t', ['d']],
  ['h', ['b', 'p']],
  ['f', ['b', 'p']],
];

function voiced(reading: string): string[] {
  for (const [plain, voicedForms] of RENDAKU) {
    if (reading.startsWith(plain)) return voicedForms.map((v) => v + reading.slice(plain.length));
  }
  return [];
}

/** Readings of the character at position `i` of a word: with rendaku after the first. */
function readingsAt(kanji: string, i: number): string[] {
  const plain = kanjiReadings(kanji);
  return i === 0 ? plain : [...plain, ...plain.flatMap(voiced)];
}

const KANJI_RE = /^\p{Script=Han}+$/u;

/**
 * Every reading of a word of one to four kanji (concatenated, folded), at most `limit`, or []
 * when a character has no reading or the word is not kanji.
 */
export function wordReadings(word: string, limit = 2000): string[] {
  const chars = [...word];
  if (chars.length === 0 || chars.length > 4 || !KANJI_RE.test(word)) return [];
  let out = [''];
  for (let i = 0; i < chars.length; i++) {
    const readings = readingsAt(chars[i]!, i);
    if (readings.length === 0) return [];
    const next: string[] = [];
    for (const prefix of out) {
      for (const r of readings) {
        next.push(prefix + r);
        if (next.length >= limit) break;
      }
      if (next.length >= limit) break;
    }
    out = next;
  }
  // Folded again as a whole: 井 ino + 上 ue is "inoue", which the lists' "Inoue" folds to as well.
  return [...new Set(out.map(foldJapanese))];
}

/**
 * Latin forms of a personal name in kanji whose every word has a reading `known` knows, family
 * name first as written ("後藤 忠正" -> "GOTO Tadamasa"), at most `limit`. `known` takes a folded
 * reading and gives the vocabulary's own spelling of it (or undefined). A name written without a
 * space (後藤忠正) is cut into family and given name every way that gives two words of one to three
 * characters. [] when no reading of some word is known.
 */
export function japaneseReadings(name: string, known: (folded: string) => string | undefined, limit = 3): string[] {
  const words = name.trim().split(/\s+/).filter((w) => w !== '');
  const cuts: string[][] = [];
  if (words.length === 2) cuts.push(words);
  else if (words.length === 1) {
    const chars = [...words[0]!];
    for (let cut = 1; cut < chars.length; cut++) {
      if (cut <= 3 && chars.length - cut <= 3) cuts.push([chars.slice(0, cut).join(''), chars.slice(cut).join('')]);
    }
  }
  const out: string[] = [];
  for (const cut of cuts) {
    const perWord = cut.map((w) => wordReadings(w).flatMap((r) => known(r) ?? []));
    if (perWord.some((r) => r.length === 0)) continue;
    for (const family of perWord[0]!) {
      for (const given of perWord[1]!) {
        const form = `${family} ${given}`;
        if (!out.includes(form)) out.push(form);
        if (out.length >= limit) return out;
      }
    }
  }
  return out;
}
