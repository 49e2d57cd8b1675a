/**
 * Which writing system a name is in, as an ISO 15924 code (Latn, Cyrl, Arab, Hang, Hani...), for
 * adapters whose sources do not say. Names keep their script so matching can transliterate them.
 */

const SCRIPT_TESTS: [code: string, pattern: RegExp][] = [
  ['Latn', /\p{Script=Latin}/u],
  ['Hang', /\p{Script=Hangul}/u],
  ['Hani', /\p{Script=Han}/u],
  ['Kana', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['Cyrl', /\p{Script=Cyrillic}/u],
  ['Arab', /\p{Script=Arabic}/u],
  ['Hebr', /\p{Script=Hebrew}/u],
  ['Grek', /\p{Script=Greek}/u],
  ['Thai', /\p{Script=Thai}/u],
  ['Deva', /\p{Script=Devanagari}/u],
  ['Beng', /\p{Script=Bengali}/u],
  ['Geor', /\p{Script=Georgian}/u],
  ['Armn', /\p{Script=Armenian}/u],
  ['Ethi', /\p{Script=Ethiopic}/u],
  ['Mymr', /\p{Script=Myanmar}/u],
  ['Mong', /\p{Script=Mongolian}/u],
];

function letterScript(ch: string): string | undefined {
  const code = ch.charCodeAt(0);
  if (code < 0x80) return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) ? 'Latn' : undefined;
  if (!/\p{L}/u.test(ch)) return undefined;
  return SCRIPT_TESTS.find(([, pattern]) => pattern.test(ch))?.[0] ?? 'Zzzz';
}

/**
 * ISO 15924 code of the script most of the letters of `text` are written in. Han characters
 * give `Hani` (simplified and traditional cannot be told apart character by character); Han
 * mixed with Hangul is `Kore`, with kana `Jpan`. `Zyyy` when the text has no letters.
 */
export function scriptOf(text: string): string {
  const counts = new Map<string, number>();
  for (const ch of text) {
    const code = letterScript(ch);
    if (code) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  if (counts.size === 0) return 'Zyyy';
  if (counts.has('Kana')) return 'Jpan';
  if (counts.has('Hang') && counts.has('Hani')) return 'Kore';
  let best = 'Zyyy';
  let most = 0;
  for (const [code, n] of counts) {
    if (n > most) {
      best = code;
      most = n;
    }
  }
  return best;
}
