/** Text helpers for building and checking cases: folding, tokens, case styles, edits. */
import type { Rng } from './prng.js';

/** Lower case, accents and marks removed (NFKD), typographic apostrophes unified. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[\u2018\u2019\u02bc\u02bb`´]/g, "'")
    .toLowerCase();
}

/** Folded, every run of non-letters/digits turned into one space, trimmed: "Kum-hyok  SONG" -> "kum hyok song". */
export function normalize(text: string): string {
  return fold(text)
    .replace(/'/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function tokens(text: string): string[] {
  const n = normalize(text);
  return n === '' ? [] : n.split(' ');
}

/** Tokens sorted: an order-insensitive key. */
export function sortedKey(text: string): string {
  return tokens(text).sort().join(' ');
}

/** "kum-hyok" -> "Kum-hyok"; "o'neil" -> "O'neil": first letter of each space-separated word up. */
export function capitalize(word: string): string {
  return word.length === 0 ? word : word[0]!.toUpperCase() + word.slice(1).toLowerCase();
}

export function titleCase(text: string): string {
  return text
    .split(' ')
    .map((w) => w.split('-').map(capitalize).join('-'))
    .join(' ');
}

export type CaseStyle = 'title' | 'upper' | 'lower' | 'asis';

export function applyCase(text: string, style: CaseStyle): string {
  switch (style) {
    case 'title':
      return titleCase(text);
    case 'upper':
      return text.toUpperCase();
    case 'lower':
      return text.toLowerCase();
    case 'asis':
      return text;
  }
}

/** Is every letter of the text in Latin script (ASCII or Latin with diacritics)? */
export function isLatin(text: string): boolean {
  return !/[^\p{Script=Latin}\p{N}\p{P}\p{Zs}\p{S}]/u.test(text);
}

export function letterCount(text: string): number {
  return (text.match(/\p{L}/gu) ?? []).length;
}

/** Neighbours on a QWERTY keyboard, for realistic substitution typos. */
const KEYBOARD: Record<string, string> = {
  a: 'qsz', b: 'vgn', c: 'xvd', d: 'sfe', e: 'wrd', f: 'dgr', g: 'fht', h: 'gjy', i: 'uok', j: 'hku',
  k: 'jli', l: 'ko', m: 'nj', n: 'bmh', o: 'ipl', p: 'o', q: 'wa', r: 'etf', s: 'adw', t: 'ryg',
  u: 'yij', v: 'cbf', w: 'qes', x: 'zc', y: 'tuh', z: 'xa',
};

export type TypoKind = 'substitute' | 'delete' | 'double' | 'transpose';

/**
 * One typing error in a word, never on its first letter (people rarely get the first letter
 * wrong, and it keeps the label honest): a neighbouring key, a dropped letter, a doubled letter
 * or two letters swapped. Returns the word unchanged if it is too short (< 5 letters).
 */
export function typo(rng: Rng, word: string, kind?: TypoKind): { word: string; kind: TypoKind } {
  const k: TypoKind = kind ?? rng.pick(['substitute', 'delete', 'double', 'transpose'] as const);
  if (word.length < 5) return { word, kind: k };
  const i = rng.range(1, word.length - 2);
  const ch = word[i]!;
  const lower = ch.toLowerCase();
  const recase = (c: string) => (ch === lower ? c : c.toUpperCase());
  switch (k) {
    case 'substitute': {
      const options = KEYBOARD[lower];
      if (!options) return typo(rng, word, 'delete');
      return { word: word.slice(0, i) + recase(rng.pick([...options])) + word.slice(i + 1), kind: k };
    }
    case 'delete':
      return { word: word.slice(0, i) + word.slice(i + 1), kind: k };
    case 'double':
      return { word: word.slice(0, i + 1) + ch + word.slice(i + 1), kind: k };
    case 'transpose': {
      const next = word[i + 1]!;
      if (next === ch) return typo(rng, word, 'substitute');
      return { word: word.slice(0, i) + next + ch + word.slice(i + 2), kind: k };
    }
  }
}

/** Levenshtein distance (small strings only). */
export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}
