/**
 * The evasion classes of issue 12, as text transforms for the adversarial cases: look-alike letters
 * from other scripts, invisible characters inside words, digits for letters, full-width letters,
 * and birth dates in the formats people type. Each returns undefined when the name offers nothing
 * to change (so the generator can pick another party), and a short description of what it did.
 */
import type { Rng } from './prng.js';

export interface Evasion {
  text: string;
  change: string;
}

/** Latin letter -> Cyrillic or Greek letters that look the same in common fonts. */
const LOOKALIKES: Record<string, string[]> = {
  a: ['\u0430'], // Cyrillic а
  c: ['\u0441'], // с
  e: ['\u0435'], // е
  i: ['\u0456'], // і (Ukrainian)
  j: ['\u0458'], // ј
  o: ['\u043e', '\u03bf'], // Cyrillic о, Greek ο
  p: ['\u0440', '\u03c1'], // р, ρ
  s: ['\u0455'], // ѕ
  x: ['\u0445'], // х
  y: ['\u0443'], // у
  A: ['\u0410', '\u0391'], // А, Α
  B: ['\u0412', '\u0392'],
  C: ['\u0421'],
  E: ['\u0415', '\u0395'],
  H: ['\u041d', '\u0397'],
  I: ['\u0406', '\u0399'],
  J: ['\u0408'],
  K: ['\u041a', '\u039a'],
  M: ['\u041c', '\u039c'],
  N: ['\u039d'],
  O: ['\u041e', '\u039f'],
  P: ['\u0420', '\u03a1'],
  S: ['\u0405'],
  T: ['\u0422', '\u03a4'],
  X: ['\u0425', '\u03a7'],
  Y: ['\u04ae', '\u03a5'],
  Z: ['\u0396'],
};

const CODEPOINT_NAMES: Record<string, string> = {
  '\u200b': 'zero-width space',
  '\u200c': 'zero-width non-joiner',
  '\u200d': 'zero-width joiner',
  '\u00ad': 'soft hyphen',
  '\u2060': 'word joiner',
  '\ufeff': 'BOM (zero-width no-break space)',
};
const INVISIBLES = Object.keys(CODEPOINT_NAMES);

const LEET: Record<string, string> = { o: '0', i: '1', e: '3', a: '4', s: '5' };

/** Positions of the letters in `text` for which `ok` holds, inside words of 2+ letters. */
function positions(text: string, ok: (ch: string) => boolean): number[] {
  const out: number[] = [];
  const chars = [...text];
  chars.forEach((ch, i) => {
    if (!ok(ch)) return;
    const inWord = /\p{L}/u.test(chars[i - 1] ?? '') || /\p{L}/u.test(chars[i + 1] ?? '');
    if (inWord) out.push(i);
  });
  return out;
}

function replaceAt(text: string, picks: number[], fn: (ch: string) => string): string {
  const chars = [...text];
  for (const i of picks) chars[i] = fn(chars[i]!);
  return chars.join('');
}

/** One or two Latin letters replaced by Cyrillic or Greek look-alikes. */
export function homoglyph(rng: Rng, text: string): Evasion | undefined {
  const pos = positions(text, (ch) => ch in LOOKALIKES);
  if (pos.length === 0) return undefined;
  const picks = rng.sample(pos, Math.min(pos.length, rng.chance(0.5) ? 1 : 2));
  const used: string[] = [];
  const out = replaceAt(text, picks, (ch) => {
    const sub = rng.pick(LOOKALIKES[ch]!);
    used.push(`${ch}->U+${sub.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
    return sub;
  });
  return { text: out, change: `look-alike letters ${used.join(', ')}` };
}

/** An invisible format character inside each word of 3+ letters (one kind per query). */
export function invisible(rng: Rng, text: string): Evasion | undefined {
  const ch = rng.pick(INVISIBLES);
  let n = 0;
  const out = text
    .split(' ')
    .map((w) => {
      const letters = [...w];
      if (letters.filter((c) => /\p{L}/u.test(c)).length < 3) return w;
      const at = 1 + rng.int(letters.length - 1);
      n++;
      return [...letters.slice(0, at), ch, ...letters.slice(at)].join('');
    })
    .join(' ');
  if (n === 0) return undefined;
  return { text: out, change: `${CODEPOINT_NAMES[ch]} inside ${n} word(s)` };
}

/** One or two letters written as digits (o 0, i 1, e 3, a 4, s 5). */
export function leet(rng: Rng, text: string): Evasion | undefined {
  const pos = positions(text, (ch) => ch.toLowerCase() in LEET);
  if (pos.length === 0) return undefined;
  const picks = rng.sample(pos, Math.min(pos.length, rng.chance(0.5) ? 1 : 2));
  const out = replaceAt(text, picks, (ch) => LEET[ch.toLowerCase()]!);
  return { text: out, change: `${picks.length} letter(s) as digits` };
}

/** Latin letters and digits as their full-width forms (U+FF01..U+FF5E), the whole name. */
export function fullwidth(text: string): Evasion | undefined {
  let n = 0;
  const out = [...text]
    .map((ch) => {
      const c = ch.codePointAt(0)!;
      if (c >= 0x21 && c <= 0x7e && /[A-Za-z0-9]/.test(ch)) {
        n++;
        return String.fromCodePoint(c - 0x21 + 0xff01);
      }
      return ch;
    })
    .join('');
  return n === 0 ? undefined : { text: out, change: 'full-width letters' };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const DATE_FORMATS = ['D Mon YYYY', 'DD/MM/YYYY', 'Mon D, YYYY', 'YYYY.MM.DD', 'DD.MM.YYYY'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/** An ISO date (YYYY-MM-DD) written in a format people type. */
export function formatDate(iso: string, format: DateFormat): string {
  const [y, m, d] = iso.split('-');
  const mon = MONTHS[Number(m) - 1]!;
  switch (format) {
    case 'D Mon YYYY':
      return `${Number(d)} ${mon} ${y}`;
    case 'DD/MM/YYYY':
      return `${d}/${m}/${y}`;
    case 'Mon D, YYYY':
      return `${mon} ${Number(d)}, ${y}`;
    case 'YYYY.MM.DD':
      return `${y}.${m}.${d}`;
    case 'DD.MM.YYYY':
      return `${d}.${m}.${y}`;
  }
}
