/**
 * Hangul -> Russian Cyrillic in the Kontsevich system (the one Russian-language publications use
 * for Korean: 송금혁 -> "Сон Кым Хёк", 강철학 -> "Кан Чхоль Хак"), written for the evaluation only and
 * independent of anything in src/. A Hangul syllable block is decomposed arithmetically into its
 * initial consonant, vowel and final consonant (U+AC00 + (initial * 21 + vowel) * 28 + final);
 * each jamo is written by position: word-initial, between voiced sounds inside a word (the plain
 * stops are voiced there: ㄱ г, ㄷ д, ㅂ б, ㅈ чж), or word-final.
 *
 * Personal names are written either with each syllable of the given name as its own word
 * ("Чон Сон Хва", the DPRK custom that Russian media follow) or joined into one word
 * ("Ким Чонын"), which applies the word-internal rules.
 */

const FIRST = 0xac00;
const LAST = 0xd7a3;

/** The 19 initial consonants, word-initially (or after a voiceless final). */
const INITIAL = ['к', 'кк', 'н', 'т', 'тт', 'р', 'м', 'п', 'пп', 'с', 'сс', '', 'ч', 'чч', 'чх', 'кх', 'тх', 'пх', 'х'];
/** Inside a word after a vowel or a sonorant final (ㄴ ㄹ ㅁ ㅇ): plain stops are voiced. */
const INITIAL_VOICED = ['г', 'кк', 'н', 'д', 'тт', 'р', 'м', 'б', 'пп', 'с', 'сс', '', 'чж', 'чч', 'чх', 'кх', 'тх', 'пх', 'х'];

/** The 21 vowels after a consonant. */
const VOWEL = ['а', 'э', 'я', 'йя', 'о', 'е', 'ё', 'е', 'о', 'ва', 'вэ', 'ве', 'ё', 'у', 'во', 'ве', 'ви', 'ю', 'ы', 'ый', 'и'];
/** The 21 vowels with no initial consonant (ㅇ). */
const VOWEL_BARE = ['а', 'э', 'я', 'я', 'о', 'э', 'ё', 'е', 'о', 'ва', 'вэ', 'ве', 'ё', 'у', 'во', 'ве', 'ви', 'ю', 'ы', 'ый', 'и'];

/** The 27 finals (index 1..27; 0 = none) at the end of a word or before a consonant. */
const FINAL = ['', 'к', 'к', 'к', 'н', 'н', 'н', 'т', 'ль', 'к', 'м', 'ль', 'ль', 'ль', 'п', 'ль', 'м', 'п', 'п', 'т', 'т', 'н', 'т', 'т', 'к', 'т', 'п', 'т'];

/** Finals after which the next syllable's stop is voiced (ㄴ ㄹ ㅁ ㅇ and their clusters). */
const SONORANT_FINALS = new Set([4, 5, 6, 8, 10, 16, 21]);

interface Jamo {
  initial: number;
  vowel: number;
  final: number;
}

function decompose(ch: string): Jamo | undefined {
  const code = ch.codePointAt(0)!;
  if (code < FIRST || code > LAST) return undefined;
  const offset = code - FIRST;
  return { initial: Math.floor(offset / 588), vowel: Math.floor((offset % 588) / 28), final: offset % 28 };
}

/** True when the text is Hangul syllables (and spaces) only. */
export function isHangul(text: string): boolean {
  return /^[\uac00-\ud7a3\s]+$/u.test(text) && /[\uac00-\ud7a3]/u.test(text);
}

/** One word of Hangul syllables, with the word-internal rules. Other characters are kept. */
export function kontsevichWord(word: string): string {
  const syllables = [...word];
  let out = '';
  let prevFinal = -1; // -1: word start; 0: after a vowel; n: after final n
  syllables.forEach((ch) => {
    const j = decompose(ch);
    if (!j) {
      out += ch;
      prevFinal = -1;
      return;
    }
    let initial: string;
    if (prevFinal === -1) initial = INITIAL[j.initial]!;
    else if (j.initial === 5) {
      // ㄹ: р between vowels, л after ㄹ (the final then loses its soft sign), н after other finals
      initial = prevFinal === 0 ? 'р' : prevFinal === 8 ? 'л' : 'н';
    } else initial = prevFinal === 0 || SONORANT_FINALS.has(prevFinal) ? INITIAL_VOICED[j.initial]! : INITIAL[j.initial]!;
    // the previous final ㄹ before ㄹ or a vowel: "лл" / "р" instead of "ль"
    if (prevFinal === 8 && out.endsWith('ль')) {
      if (j.initial === 5) out = out.slice(0, -1);
      else if (j.initial === 11) out = `${out.slice(0, -2)}р`;
    }
    let vowel = j.initial === 11 ? VOWEL_BARE[j.vowel]! : VOWEL[j.vowel]!;
    // after a consonant final, a bare iotated vowel keeps the consonant hard: ㄴ + 여 -> "нъё" is
    // not used in names; Kontsevich writes "ньё". Keep it simple and faithful: soft sign before я/ё/ю.
    if (j.initial === 11 && prevFinal > 0 && prevFinal !== 8 && /^[яёюе]/.test(vowel)) vowel = `ь${vowel}`;
    // ㅢ after a consonant is "и"
    if (j.vowel === 19 && j.initial !== 11) vowel = 'и';
    const final = FINAL[j.final]!;
    out += initial + vowel + final;
    prevFinal = j.final;
  });
  return out;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Family names whose conventional Russian spelling differs from the letter rule. */
const FAMILY_EXCEPTIONS: Record<string, string> = { 이: 'Ли' };

/**
 * A Korean personal name in Hangul -> Cyrillic. `family` is the family-name syllable(s) (the
 * first syllable when not given). `joined`: the given name as one word (word-internal rules), else
 * one word per syllable.
 */
export function kontsevichName(hangul: string, opts: { joined?: boolean; familyLength?: number } = {}): string | undefined {
  const compact = hangul.replace(/\s+/g, '');
  if (!isHangul(compact) || compact.length < 2) return undefined;
  // A name written with spaces says where the family name ends; otherwise one syllable.
  const spaced = hangul.trim().split(/\s+/);
  const familyLength = opts.familyLength ?? (spaced.length > 1 && spaced[0]!.length <= 2 ? spaced[0]!.length : 1);
  const family = compact.slice(0, familyLength);
  const given = compact.slice(familyLength);
  if (given === '') return undefined;
  const familyText = FAMILY_EXCEPTIONS[family] ?? capitalize(kontsevichWord(family));
  const givenText = opts.joined ? capitalize(kontsevichWord(given)) : [...given].map((s) => capitalize(kontsevichWord(s))).join(' ');
  return `${familyText} ${givenText}`;
}
