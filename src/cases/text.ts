/**
 * Free text a person writes into the case record (a decision's rationale, a comment, the reason a
 * reversal request is rejected, an assignee), checked here once for every entry point (API, CLI,
 * library). A text must say something a reader can see: what is left after taking away spaces and
 * the characters that show nothing (Unicode format characters, General_Category Cf: zero-width
 * space and joiners U+200B..U+200F, word joiner and invisible operators U+2060..U+2064, U+FEFF,
 * the soft hyphen U+00AD, bidi controls, tag characters; combining marks such as the variation
 * selectors; the Hangul fillers, which Unicode counts as letters but draw nothing) must hold at
 * least MIN_VISIBLE letters or digits. "x", "ok", "--" or one zero-width space is not a rationale.
 *
 * Also here: whether two actors are the same person for the four-eyes rule (alerts.ts), compared
 * on what a reader sees, so that `cli:Ana` and `cli:ana\u200B` are one analyst.
 */
import { CaseError } from './errors.js';

/** Fewest letters or digits a rationale, comment or reason must show. */
export const MIN_VISIBLE = 3;
/** Longest free text accepted (after trimming). */
export const MAX_TEXT = 10_000;

/** Characters Unicode calls letters that draw nothing: the Hangul fillers. */
const BLANK_LETTERS = /[\u115F\u1160\u3164\uFFA0]/gu;
/** Letters and digits of any script. */
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/gu;
/**
 * What shows nothing: spaces and separators, controls, format characters, the Hangul fillers, the
 * blank Braille pattern, and the marks that only modify what they follow: variation selectors
 * (Unicode's Variation_Selector: U+FE00..U+FE0F, U+E0100..U+E01EF, Mongolian U+180B..U+180F), the combining grapheme joiner
 * U+034F and the Khmer inherent vowels U+17B4, U+17B5.
 */
const INVISIBLE = /[\p{Z}\p{Cc}\p{Cf}\p{Variation_Selector}\u115F\u1160\u3164\uFFA0\u2800]|\u034F|\u17B4|\u17B5/gu;
/** What a text may start or end with that is cut off: white space and format characters. */
const EDGES = /^[\s\p{Cf}]+|[\s\p{Cf}]+$/gu;

/** How many letters or digits a reader sees in a text. */
export function visibleLetters(text: string): number {
  return text.replace(BLANK_LETTERS, '').match(LETTER_OR_DIGIT)?.length ?? 0;
}

export interface TextRule {
  /** Whether the field must be given (otherwise absent or empty is fine and gives undefined). */
  required: boolean;
  /** Fewest letters or digits (default MIN_VISIBLE). */
  min?: number;
}

/**
 * The text to store (trimmed of spaces and format characters at its ends), or an `invalid_input`
 * error that starts with the field's name and says what was wrong: e.g. `rationale: must contain
 * visible text, at least 3 letters or digits (got only invisible or space characters)`.
 */
export function checkText(field: string, text: string | undefined, rule: TextRule): string | undefined {
  const min = rule.min ?? MIN_VISIBLE;
  const wanted = `at least ${min} ${min === 1 ? 'letter or digit' : 'letters or digits'}`;
  if (text === undefined || text === '') {
    if (rule.required) throw new CaseError('invalid_input', `${field}: is required and must contain visible text, ${wanted}`);
    return undefined;
  }
  const trimmed = text.replace(EDGES, '');
  if (trimmed.length > MAX_TEXT) throw new CaseError('invalid_input', `${field}: is ${trimmed.length} characters long; at most ${MAX_TEXT} are allowed`);
  const letters = visibleLetters(trimmed);
  if (letters >= min) return trimmed;
  const got =
    trimmed.replace(INVISIBLE, '') === ''
      ? 'got only invisible or space characters'
      : letters === 0
        ? 'got no letter or digit'
        : `got ${letters}`;
  throw new CaseError('invalid_input', `${field}: must contain visible text, ${wanted} (${got})`);
}

/** An actor as a reader sees it: compatibility-normalised, without what shows nothing, lower case. */
function actorKey(actor: string): string {
  return actor.normalize('NFKC').replace(INVISIBLE, '').toLowerCase();
}

/** Whether two actors are the same person for the four-eyes rule (see actorKey). */
export function sameActor(a: string, b: string): boolean {
  return actorKey(a) === actorKey(b);
}
