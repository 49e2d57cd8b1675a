/**
 * Name comparison: align the tokens of two prepared names one to one, joining adjacent tokens
 * where one side writes as one word what the other splits ("Kumhyok" / "Kum Hyok"), and score the
 * alignment by how much of each name it explains. Every aligned pair says how it matched (same
 * token, same phonetic key, similar spelling, initial), so a score can always be explained.
 */
import type { PreparedName, TokenJoin } from './prepare.js';
import { tokenWeight } from './prepare.js';
import { COMMON_WORD_WEIGHT, GENERIC_WORD_WEIGHT, PARTICLE_WEIGHT, isDigits, patronymicStem, sameSlavicName, slavicGenderForms, slavicKey, withoutArticle } from './name-parts.js';
import { pinyinSyllables } from './cyrillic-cjk.js';
import { wadeGiles } from './han-readings.js';
import { consonantSkeleton, tokenKey } from './phonetic.js';
import { editDistance } from './similarity.js';
import { JOIN_ARTICLED, JOIN_LONG_KEY, hasExtra, includesId, outcomeOf, pairIds, rememberSimilarity, rememberedSimilarity, substantiveWords, sum, type NameIds, type Outcome } from './word-ids.js';

export type TokenMatch = 'exact' | 'phonetic' | 'spelling' | 'initial' | 'consonants' | 'equivalent';

/**
 * In the comparison of a query's name with a listed name, the fields named `candidate` (here and
 * `unmatchedCandidate`) are the listed side: they are part of every explanation a screening
 * returns (the HTTP API, the CLI, stored results), so their names stay.
 */
export interface AlignedToken {
  query: string;
  candidate: string;
  similarity: number;
  how: TokenMatch;
}

export interface NameComparison {
  score: number;
  /** Share of the query name's weight explained by the alignment. */
  queryCoverage: number;
  /** Share of the listed name's weight explained by the alignment. */
  listedCoverage: number;
  aligned: AlignedToken[];
  unmatchedQuery: string[];
  unmatchedCandidate: string[];
  /** Multiplicative penalties applied, each with its reason. */
  penalties: { reason: string; factor: number }[];
}

/** A name score below this is not worth explaining penalty by penalty. */
const HOPELESS = 0.25;
/** Similarity below this is no alignment at all. */
const MIN_SIMILARITY = 0.8;
/** Score for two tokens that differ only as romanizations of one sound (Kum / Geum). */
const PHONETIC_SIMILARITY = 0.95;
/** Same consonants, for a name written in Arabic script (vowels are not written there). */
const CONSONANT_SIMILARITY = 0.88;
/** A long token one typing error away from another. */
const SPELLING_BY_EDITS = 0.88;
/** An initial against a full token starting with it (persons only). */
const INITIAL_SIMILARITY = 0.75;
/** An unmatched syllable of a Korean personal name: Kim Jong Un and Kim Jong Il are different people. */
const KOREAN_MISSING_SYLLABLE = 0.6;
/** Korean given-name syllables in another order are another name (Kim Chol Su / Kim Su Chol). */
const KOREAN_SYLLABLE_ORDER = 0.5;
/** Names with numbers that disagree (Vessel No. 12 / No. 13) are different things. */
const NUMBER_MISMATCH = 0.5;
/** A number on one side only (Sparta / Sparta II). */
const NUMBER_ON_ONE_SIDE = 0.7;
/** Share of the score taken from the less explained name: persons, organisations. */
const PERSON_LOWER_WEIGHT = 0.6;
const ORGANIZATION_LOWER_WEIGHT = 0.85;
/** An organisation name with a distinctive word the other lacks ("Golden Star Foods" / "Golden Star"). */
const ORGANIZATION_EXTRA_WORD = 0.9;
/** Both names carry a patronymic, and they differ (Sergeyevich / Eduardovich). */
const PATRONYMICS_DIFFER = 0.7;
/** One name fully contained in the other, distinctive words agreeing. */
const SUBSET = 0.8;
/** At most this for a one-word name against a name of two words or more (persons). */
const ONE_WORD_NAME = 0.65;
/** At most this when the words that agree are all very common ones and a name has more. */
const ONLY_COMMON_WORDS = 0.65;
/** Each side has a word the other lacks. */
const SUBSTITUTION = 0.8;
/** Tokens weighing this or less (particles, stop words, generic business words, places) do not make a substitution. */
const SUBSTANTIVE_WEIGHT = 0.45;
/** Given names alike and one of two family names the same (see `secondFamilyName`). */
const SECOND_FAMILY_NAME = 0.75;
/** Persons whose own first given names differ (father and son share the rest). */
const FIRST_GIVEN_DIFFERS = 0.7;
/** Organisation words in another order ("Bright Technologies" / "Technology Bright"). */
const ORGANIZATION_WORD_ORDER = 0.85;
/**
 * At least this for an organisation name that is the other with places and generic business words
 * added ("Korea Rungrado General Trading Corporation" / "Rungrado Trading Corporation"), every
 * distinctive word agreeing, in order.
 */
const ORGANIZATION_GENERIC_ADDED = 0.8;

/** The tokens of one side of a comparison, as parallel arrays (no per-token objects). */
interface Side {
  texts: string[];
  keys: string[];
  weights: number[];
  skeletons: string[];
  /** Per token, its word id, text id and key id (see word-ids.ts). */
  words: readonly number[];
  textIds: readonly number[];
  keyIds: readonly number[];
}

/** A side made by joinAdjacent, its arrays filled as it goes. */
type JoinedSide = Side & { words: number[]; textIds: number[]; keyIds: number[] };

const NO_WORDS: readonly string[] = Object.freeze([]);

/** How alike two single tokens are, and why. `loose`: vowel variants count (persons' names outside Korean and Chinese). */
export function tokenSimilarity(
  aText: string,
  aKey: string,
  bText: string,
  bKey: string,
  allowInitials: boolean,
  loose = false,
  syllabic = false,
): { similarity: number; how: TokenMatch } {
  if (aText === bText) return EXACT;
  if (isDigits(aText) || isDigits(bText)) return NONE;
  // Short words of organisation names are acronyms, spelled letter by letter: IBM is not IPM.
  if (!allowInitials && aText.length <= 3 && bText.length <= 3) return NONE;
  if (aKey === bKey && aKey !== '') return PHONETIC;
  if (allowInitials && (aText.length === 1 || bText.length === 1)) {
    const [short, long] = aText.length === 1 ? [aText, bText] : [bText, aText];
    return long.startsWith(short) ? INITIAL : NONE;
  }
  // Short tokens: a one-letter difference is a different word (Kim / Kum, Un / Il).
  // A final n written ng or the reverse, outside Korean names (Wan / Wang, Yun / Yung).
  if (loose && (aText === `${bText}g` || bText === `${aText}g`) && aText.length >= 3 && bText.length >= 3 && aText.endsWith('ng') !== bText.endsWith('ng')) return VOWELS;
  if (aText.length <= 3 || bText.length <= 3) return loose && oneVowelApart(aText, bText) ? VOWELS : NONE;
  if (loose) {
    // The Arabic article written joined ("Alshaer" / "Shaer", "Elmashat" / "Mashat").
    const a = withoutArticle(aText) ?? aText;
    const b = withoutArticle(bText) ?? bText;
    if ((a !== aText || b !== bText) && (a === b || tokenKey(a) === tokenKey(b))) return PARTICLE;
  }
  const shorter = Math.min(aText.length, bText.length);
  const longer = Math.max(aText.length, bText.length);
  // One edit in a word of five letters or more, two from eight: "dvelopment", "Beujing", "Wrld". More
  // than that, or a word that is a prefix of the other ("Petric" / "Petrovic"), is another word. A
  // Korean syllable one letter away is another syllable (Kang / Kwang, Hyok / Hyon).
  const sameStart = aText.charCodeAt(0) === bText.charCodeAt(0) || (loose && sameSoundingInitials(aText, bText));
  const allowed = (syllabic && longer <= 6) || !sameStart ? 0 : shorter >= 8 ? 2 : longer >= 5 ? 1 : 0;
  if (!syllabic && shorter === 4 && longer === 4 && isTransposition(aText, bText)) return { similarity: SPELLING_BY_EDITS, how: 'spelling' };
  if (allowed > 0 && Math.abs(aText.length - bText.length) <= allowed) {
    const edits = editDistance(aText, bText, allowed);
    if (edits <= allowed) {
      // Joined Chinese given names a letter apart are two names when a whole syllable differs.
      if (loose && shorter >= 5 && differentPinyinSyllable(aText, bText)) return NONE;
      return { similarity: SPELLING_BY_EDITS - (edits - 1) * 0.04, how: 'spelling' };
    }
  }
  // A typing error on top of a romanization variant ("Yevgenevich" / "Evgenyevich").
  if (!syllabic && shorter >= 6 && oneVowelApart(aKey, bKey)) return SPELLING_OF_KEYS;
  // Vowels written differently, consonants the same (Arabic and Persian names: Hattem / Hatim, Reda / Rida).
  if (loose && oneVowelApart(aText, bText)) return VOWELS;
  // The Egyptian (and French) spelling of the letter jim: g, written gu before e and i ("Meguid" / "Majid", "Naguib" / "Najib").
  if (loose && (aText.includes('gu') || bText.includes('gu'))) {
    const a = jimAsJ(aText);
    const b = jimAsJ(bText);
    if ((a !== aText || b !== bText) && (a === b || sameConsonants(a, b))) return VOWELS;
  }
  // The French spelling of sh (shin) at the start of a name: "Cherri" / "Shirri", "Chahine" / "Shahin".
  if (loose && shorter >= 5 && oneStartsChOtherSh(aText, bText)) {
    const a = `s${aText.slice(1)}`;
    const b = `s${bText.slice(1)}`;
    if (a === b || oneVowelApart(a, b) || sameConsonants(a, b)) return VOWELS;
  }
  // The letters dh stands for in English spellings of Arabic names (ذ, ظ) are z in Persian, Urdu
  // and Turkish ones: "Bahadhiq" / "Bahaziq", "Nadhir" / "Nazir".
  if (loose && shorter >= 4 && (aText.includes('dh') || bText.includes('dh'))) {
    const a = aText.replace(DH_RE, 'z');
    const b = bText.replace(DH_RE, 'z');
    if (a === b || tokenKey(a) === tokenKey(b) || oneVowelApart(a, b)) return VOWELS;
  }
  if (loose && shorter >= 4 && slavicKey(aText) === slavicKey(bText)) return SLAVIC;
  if (loose && shorter >= 5 && slavicGenderForms(aText, bText)) return SLAVIC;
  // One East Slavic given name or patronymic in two languages (Mikalai / Nikolay, Yauheni / Yevgeniy).
  if (loose && sameSlavicName(aText, bText)) return EQUIVALENT;
  // One patronymic in its Russian and Ukrainian forms, or with a vowel mistyped in the father's
  // name ("Velerevich" / "Valeriyovich", "Olehovych" / "Olegovich"): stems one letter apart.
  if (loose && shorter >= 7 && samePatronymicStem(aText, bText)) return SPELLING_OF_KEYS;
  return NONE;
}

/** Two patronymics of one gender whose stems (the father's name) are one letter apart, first letters the same. */
function samePatronymicStem(a: string, b: string): boolean {
  const x = patronymicStem(a);
  if (x === undefined || x.length < 4) return false;
  const y = patronymicStem(b);
  if (y === undefined || y.length < 4 || x[0] !== y[0] || a.endsWith('h') !== b.endsWith('h')) return false;
  return Math.abs(x.length - y.length) <= 1 && editDistance(x, y, 1) <= 1;
}

function oneStartsChOtherSh(a: string, b: string): boolean {
  return (a.startsWith('ch') && b.startsWith('sh')) || (a.startsWith('sh') && b.startsWith('ch'));
}

/** "meguid" -> "mejid": g written gu before e or i read as j. */
function jimAsJ(token: string): string {
  return token.replace(GU_RE, 'j');
}
const GU_RE = /gu(?=[eiy])/g;
const DH_RE = /dh/g;

/**
 * Chinese syllables: the same as written, or one written in pinyin and the other in Wade-Giles as
 * Taiwanese and older lists write it, without apostrophes ("Gen" / "Ken", "Zhiqiang" / "Chihchiang").
 */
function chineseSyllableSimilarity(a: string, b: string): { similarity: number; how: TokenMatch } {
  if (a === b) return EXACT;
  return wadeGilesOf(a) === b || wadeGilesOf(b) === a ? WADE_GILES : NONE;
}

function wadeGilesOf(token: string): string | undefined {
  const syllables = pinyinSyllables(token);
  return syllables && syllables.map(wadeGiles).join('');
}

const WADE_GILES = { similarity: 0.9, how: 'equivalent' as TokenMatch };

/**
 * First letters that spell one sound in different languages' names: W / V (Waldemar / Valdemar),
 * J / Y (Jusuf / Yusuf, Jelena / Yelena), Turkish C / J (Cebrail / Jebrail, Cemil / Jamil).
 */
const SAME_SOUND_INITIALS = new Set(['vw', 'wv', 'jy', 'yj', 'cj', 'jc']);
function sameSoundingInitials(a: string, b: string): boolean {
  return SAME_SOUND_INITIALS.has(a[0]! + b[0]!);
}

/**
 * Two joined Chinese given names that share a syllable and differ in another ("Dongming" /
 * "Dongliang", "Mingming" / "Mingjing"): two names, however few letters apart.
 */
function differentPinyinSyllable(a: string, b: string): boolean {
  const x = pinyinSyllables(a);
  if (!x || x.length < 2) return false;
  const y = pinyinSyllables(b);
  if (!y || y.length !== x.length) return false;
  let same = 0;
  for (let i = 0; i < x.length; i++) if (x[i] === y[i]) same++;
  return same > 0 && same < x.length;
}

/**
 * The same consonants in the same order, first and last letters the same, only vowels (and y, w)
 * otherwise: three consonants or more. Doubled consonants count twice (Muhammad is not Mahmud).
 */
function sameConsonants(a: string, b: string): boolean {
  if (a.length < 4 || b.length < 4 || a.charCodeAt(0) !== b.charCodeAt(0)) return false;
  if (a.charCodeAt(a.length - 1) !== b.charCodeAt(b.length - 1)) return false;
  let i = 0;
  let j = 0;
  let consonants = 0;
  for (;;) {
    while (i < a.length && isVowelOrGlide(a.charCodeAt(i))) i++;
    while (j < b.length && isVowelOrGlide(b.charCodeAt(j))) j++;
    if (i === a.length || j === b.length) return i === a.length && j === b.length && consonants >= 3;
    if (a.charCodeAt(i++) !== b.charCodeAt(j++)) return false;
    consonants++;
  }
}

function isVowelOrGlide(c: number): boolean {
  return isVowel(c) || c === 119;
}

/** `longer` is `shorter` with one vowel more ("Balawi" / "Balwi", "Talea" / "Tali"). */
function oneVowelMore(longer: string, shorter: string): boolean {
  if (shorter.length < 3) return false;
  let i = 0;
  while (i < shorter.length && longer.charCodeAt(i) === shorter.charCodeAt(i)) i++;
  // In a three-letter word only inside it ("Wol" / "Wuol"), never a vowel added at the end.
  if (shorter.length === 3 && i >= 3) return false;
  return isVowel(longer.charCodeAt(i)) && longer.slice(i + 1) === shorter.slice(i);
}

/**
 * Whether equal consonant skeletons say enough: three consonants or more, or two in short words
 * (Qusay / قصي "ks", but not Hannah / خان "hn").
 */
function skeletonSays(skeleton: string, a: string, b: string): boolean {
  return skeleton.length >= 3 || (skeleton.length === 2 && a.length <= 8 && b.length <= 8 && Math.abs(a.length - b.length) <= 2);
}

/** Two adjacent letters swapped ("Gian" / "Gain"). */
function isTransposition(a: string, b: string): boolean {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

function isVowel(c: number): boolean {
  return c === 97 || c === 101 || c === 105 || c === 111 || c === 117 || c === 121;
}

/** Doubled letters written once ("hattem" -> "hatem"). */
function undoubled(text: string): string {
  let out = text[0] ?? '';
  for (let i = 1; i < text.length; i++) if (text[i] !== text[i - 1]) out += text[i];
  return out;
}

/**
 * The same word but for one vowel, doubled letters aside: "Hattem" / "Hatim", "Reda" / "Rida",
 * "Mahdi" / "Mehdi" (Arabic and Persian names, whose short vowels are not written in their own
 * script). Two vowels apart is another name ("Karimi" / "Kiromi").
 */
function oneVowelApart(a: string, b: string): boolean {
  if (a.length < 3 || b.length < 3 || a.length + b.length < 7 || a[0] !== b[0]) return false;
  const x = undoubled(a);
  const y = undoubled(b);
  if (Math.abs(x.length - y.length) === 1) return oneVowelMore(x.length > y.length ? x : y, x.length > y.length ? y : x);
  if (x.length !== y.length || x.length < 4) return false;
  let diff = 0;
  for (let i = 0; i < x.length; i++) {
    const cx = x.charCodeAt(i);
    const cy = y.charCodeAt(i);
    if (cx === cy) continue;
    if (!isVowel(cx) || !isVowel(cy) || ++diff > 1) return false;
  }
  return diff === 1;
}

const EXACT = { similarity: 1, how: 'exact' as TokenMatch };
const PHONETIC = { similarity: PHONETIC_SIMILARITY, how: 'phonetic' as TokenMatch };
const INITIAL = { similarity: INITIAL_SIMILARITY, how: 'initial' as TokenMatch };
const NONE = { similarity: 0, how: 'spelling' as TokenMatch };
const CONSONANTS = { similarity: CONSONANT_SIMILARITY, how: 'consonants' as TokenMatch };
const PARTICLE = { similarity: 0.95, how: 'phonetic' as TokenMatch };
const SPELLING_OF_KEYS = { similarity: 0.86, how: 'spelling' as TokenMatch };
const VOWELS = { similarity: 0.85, how: 'consonants' as TokenMatch };
const SLAVIC = { similarity: 0.85, how: 'phonetic' as TokenMatch };
const EQUIVALENT = { similarity: 0.9, how: 'equivalent' as TokenMatch };

/** "Abd" (servant of), the first half of a compound name: no name by its two consonants (Budi is not Abd). */
const ABD_KEY = tokenKey('abd');

/**
 * Whether the other side has the join's text as a word, or its key when four letters or more, or,
 * for a join starting with an article, a word one typing error away ("al subaiy" / "alsubaie").
 */
function has(other: Side, joins: readonly TokenJoin[], ids: NameIds, k: number): boolean {
  const flags = ids.joinFlags[k]!;
  if (includesId(other.textIds, ids.joinTexts[k]!)) return true;
  if ((flags & JOIN_LONG_KEY) !== 0 && includesId(other.keyIds, ids.joinKeys[k]!)) return true;
  if ((flags & JOIN_ARTICLED) === 0) return false;
  const text = joins[k]!.text;
  for (const t of other.texts) if (t.length >= 7 && Math.abs(t.length - text.length) <= 1 && editDistance(t, text, 1) <= 1) return true;
  return false;
}

/**
 * Where one side writes as one token what the other writes as two adjacent tokens,
 * join them ("kum hyok" -> "kumhyok"), so the alignment can be one to one. Joins are precomputed
 * per name; this returns the side itself when nothing joins (the usual case), allocating nothing.
 */
function joinAdjacent(side: Side, joins: readonly TokenJoin[], ids: NameIds, other: Side, byConsonants = false): Side {
  const nj = ids.joinWords.length;
  if (nj === 0) return side;
  let out: JoinedSide | undefined;
  let next = 0; // first source token not yet copied
  for (let at = 0; at < nj; at++) {
    // (The join itself is read only when the other side has it: the ids say so.)
    if (ids.joinStarts[at]! < next) continue;
    if (!has(other, joins, ids, at) && !(byConsonants && other.skeletons.includes(consonantSkeleton(joins[at]!.text)) && consonantSkeleton(joins[at]!.text).length >= 3)) continue;
    const join = joins[at]!;
    let partInOther = false;
    for (let k = join.start; k < join.start + join.span; k++) if (side.weights[k]! > PARTICLE_WEIGHT && other.texts.includes(side.texts[k]!)) partInOther = true;
    if (partInOther) continue;
    out ??= { texts: [], keys: [], weights: [], skeletons: [], words: [], textIds: [], keyIds: [] };
    for (let k = next; k < join.start; k++) copyToken(side, k, out);
    let weight = 0;
    for (let k = join.start; k < join.start + join.span; k++) weight += side.weights[k]!;
    out.texts.push(join.text);
    out.keys.push(join.key);
    out.weights.push(Math.max(tokenWeight(join.text), weight / join.span));
    out.skeletons.push(consonantSkeleton(join.text));
    out.words.push(ids.joinWords[at]!);
    out.textIds.push(ids.joinTexts[at]!);
    out.keyIds.push(ids.joinKeys[at]!);
    next = join.start + join.span;
  }
  if (!out) return side;
  for (let k = next; k < side.texts.length; k++) copyToken(side, k, out);
  return out;
}

function copyToken(side: Side, k: number, out: JoinedSide): void {
  out.texts.push(side.texts[k]!);
  out.keys.push(side.keys[k]!);
  out.weights.push(side.weights[k]!);
  out.skeletons.push(side.skeletons[k]!);
  out.words.push(side.words[k]!);
  out.textIds.push(side.textIds[k]!);
  out.keyIds.push(side.keyIds[k]!);
}

/**
 * Do the aligned tokens keep their order, allowing the family name alone to move from one end of
 * the name to the other ("Song Kum Hyok" / "Kum Hyok Song")?
 */
function sameOrderUpToFamilyName(pairs: { qi: number; cj: number }[]): boolean {
  const seq = [...pairs].sort((a, b) => a.qi - b.qi).map((p) => p.cj);
  const increasing = (xs: number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]!);
  if (increasing(seq)) return true;
  return increasing([seq[seq.length - 1]!, ...seq.slice(0, -1)]) || increasing([...seq.slice(1), seq[0]!]);
}

/**
 * How alike two words are (tokenSimilarity, or for Chinese names chineseSyllableSimilarity), through
 * the memo of word-ids.ts: a batch meets the same pairs of words again and again ("john" and
 * "mohammed"), and `tokenSimilarity` walks a dozen spelling rules for each. The memo's value also
 * says whether the words have the same consonants (see compareNames), worked out with it.
 */
function similarityValue(flags: number, q: Side, i: number, c: Side, j: number, chinese: boolean, persons: boolean, loose: boolean, syllabic: boolean): number {
  const known = rememberedSimilarity(flags, q.words[i]!, c.words[j]!);
  if (known >= 0) return known;
  const aText = q.texts[i]!;
  const bText = c.texts[j]!;
  // Chinese syllables are spelled one way in pinyin: Jun is not Jhon.
  const s = chinese ? chineseSyllableSimilarity(aText, bText) : tokenSimilarity(aText, q.keys[i]!, bText, c.keys[j]!, persons, loose, syllabic);
  const consonants = loose && s.similarity < MIN_SIMILARITY && (sameConsonants(aText, bText) || sameConsonants(q.keys[i]!, c.keys[j]!));
  return rememberSimilarity(flags, q.words[i]!, c.words[j]!, s, consonants);
}

/** Scratch similarity matrix, reused (names are short; one comparison runs at a time per thread). */
let matrix = new Float64Array(64);
let hows: TokenMatch[] = new Array<TokenMatch>(64);

/**
 * Compare two prepared names. `queryIds`, `listedIds`: their word ids, of one generation of the id
 * table (see word-ids.ts `pairIds`), when the caller has them.
 */
export function compareNames(query: PreparedName, listed: PreparedName, persons: boolean, queryIds?: NameIds, listedIds?: NameIds): NameComparison {
  if (queryIds === undefined || listedIds === undefined) [queryIds, listedIds] = pairIds(query, listed);
  const q0: Side = { texts: query.tokens, keys: query.keys, weights: query.weights, skeletons: query.skeletons, words: queryIds.words, textIds: queryIds.texts, keyIds: queryIds.keys };
  const c0: Side = { texts: listed.tokens, keys: listed.keys, weights: listed.weights, skeletons: listed.skeletons, words: listedIds.words, textIds: listedIds.texts, keyIds: listedIds.keys };
  const arabic = query.arabic !== listed.arabic;
  const c = joinAdjacent(c0, listed.joins, listedIds, q0, arabic && query.arabic);
  const q = c.texts.length === listed.tokens.length ? joinAdjacent(q0, query.joins, queryIds, c, arabic && listed.arabic) : q0;
  const n = q.texts.length;
  const m = c.texts.length;
  const chinese = persons && (query.chinese || listed.chinese);
  const syllabic = persons && (chinese || query.korean || listed.korean);
  const loose = persons && !syllabic;
  if (matrix.length < n * m) {
    matrix = new Float64Array(n * m * 2);
    hows = new Array<TokenMatch>(n * m * 2);
  }
  const flags = (chinese ? 8 : 0) | (persons ? 4 : 0) | (loose ? 2 : 0) | (syllabic ? 1 : 0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const value = similarityValue(flags, q, i, c, j, chinese, persons, loose, syllabic);
      let s = outcomeOf(value) as Outcome<TokenMatch>;
      if (arabic && s.similarity < CONSONANT_SIMILARITY && q.skeletons[i] === c.skeletons[j] && skeletonSays(q.skeletons[i]!, q.texts[i]!, c.texts[j]!) && q.keys[i] !== ABD_KEY && c.keys[j] !== ABD_KEY) s = CONSONANTS;
      // The same consonants in the same order, only the vowels written otherwise: Arabic and Persian
      // names, whose short vowels their own script does not write (Juhni / Jahani, Mouldi / Maoeldi).
      // Not for very common names, whose spellings are known (Mahmoud is not Mohamed).
      else if (hasExtra(value) && q.weights[i]! > COMMON_WORD_WEIGHT && c.weights[j]! > COMMON_WORD_WEIGHT) s = VOWELS;
      const keep = s.similarity >= MIN_SIMILARITY || (s.how === 'initial' && s.similarity > 0);
      matrix[i * m + j] = keep ? s.similarity : 0;
      hows[i * m + j] = s.how;
    }
  }
  // Greedy one-to-one alignment, best pair first (ties: earlier tokens first).
  // (Plain arrays: a typed array's allocation costs more than these few slots.)
  const qUsed = new Array<number>(n).fill(-1);
  const cUsed = new Array<number>(m).fill(-1);
  const aligned: AlignedToken[] = [];
  const order: { qi: number; cj: number }[] = [];
  let qExplained = 0;
  let cExplained = 0;
  for (;;) {
    let best = 0;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < n; i++) {
      if (qUsed[i]! >= 0) continue;
      for (let j = 0; j < m; j++) {
        if (cUsed[j]! >= 0) continue;
        const v = matrix[i * m + j]!;
        // Ties go to the pair nearest in position ("Jang Chang Ha" / "Chang Chang Ha").
        if (v > best || (v === best && v > 0 && Math.abs(i - j) < Math.abs(bi - bj))) {
          best = v;
          bi = i;
          bj = j;
        }
      }
    }
    if (bi < 0) break;
    qUsed[bi] = bj;
    cUsed[bj] = bi;
    aligned.push({ query: q.texts[bi]!, candidate: c.texts[bj]!, similarity: best, how: hows[bi * m + bj]! });
    order.push({ qi: bi, cj: bj });
    qExplained += best * q.weights[bi]!;
    cExplained += best * c.weights[bj]!;
  }
  if (aligned.length === 0) {
    return { score: 0, queryCoverage: 0, listedCoverage: 0, aligned, unmatchedQuery: q.texts, unmatchedCandidate: c.texts, penalties: [] };
  }
  const qWeight = q === q0 ? queryIds.weightSum : sum(q.weights);
  const cWeight = c === c0 ? listedIds.weightSum : sum(c.weights);
  const queryCoverage = qWeight > 0 ? qExplained / qWeight : 0;
  const listedCoverage = cWeight > 0 ? cExplained / cWeight : 0;
  // Both names must be explained: the less explained one counts most. Organisations more strictly
  // than persons, whose lists add or drop patronymics, middle names and grandfathers' names.
  const lower = Math.min(queryCoverage, listedCoverage);
  const higher = Math.max(queryCoverage, listedCoverage);
  const strict = persons ? PERSON_LOWER_WEIGHT : ORGANIZATION_LOWER_WEIGHT;
  let score = strict * lower + (1 - strict) * higher;
  if (persons && !syllabic && aligned.length >= 2 && (allExplained(qUsed, q) || allExplained(cUsed, c))) {
    // One name is the other with words added (a middle name, a father's or grandfather's name): a
    // name match when what agrees says something, not only common words ("Ali Saleh").
    let distinctive = false;
    let solid = 0;
    for (const { qi, cj } of order) {
      const sim = matrix[qi * m + cj]!;
      if (sim < 0.85) continue;
      if (q.weights[qi]! >= COMMON_WORD_WEIGHT && c.weights[cj]! >= COMMON_WORD_WEIGHT) solid++;
      const long = q.texts[qi]!.length >= 5 && c.texts[cj]!.length >= 5;
      if (q.weights[qi]! > COMMON_WORD_WEIGHT && c.weights[cj]! > COMMON_WORD_WEIGHT && (sim >= 0.95 || long)) distinctive = true;
    }
    if (distinctive && solid >= 2) score = Math.max(score, SUBSET * Math.min(1, (queryCoverage + listedCoverage) / 2 + 0.25));
  }

  if (persons && !syllabic && aligned.length > 0 && (aligned.length < n || aligned.length < m) && onlyCommonAgree(order, q, c)) {
    // Only very common words agree ("Mohammed Ali Khan" / "Khan Ali"), and one name has more.
    score = Math.min(score, ONLY_COMMON_WORDS);
  }
  const qWords = !persons ? 0 : q === q0 ? queryIds.substantive : substantiveCount(q);
  const cWords = !persons ? 0 : c === c0 ? listedIds.substantive : substantiveCount(c);
  if (persons && Math.min(qWords, cWords) === 1 && Math.max(qWords, cWords) >= 2) {
    // A one-word name ("Bilal", "Ebrahimi") is not a person named with two or more words.
    score = Math.min(score, ONE_WORD_NAME);
  }
  if (score < HOPELESS) {
    // Far below any threshold: penalties could only lower it further.
    return { score, queryCoverage, listedCoverage, aligned, unmatchedQuery: q.texts.filter((_, i) => qUsed[i]! < 0), unmatchedCandidate: c.texts.filter((_, j) => cUsed[j]! < 0), penalties: [] };
  }
  const unmatchedQuery = q.texts.filter((_, i) => qUsed[i]! < 0);
  const unmatchedListed = c.texts.filter((_, j) => cUsed[j]! < 0);
  const penalties: { reason: string; factor: number }[] = [];
  let floorScore = 0;
  if (syllabic && aligned.length > 0) {
    // A Korean or Chinese name is family name plus one or two syllables; every syllable must be there.
    const missing = unmatchedListed.length + unmatchedQuery.length;
    if (missing > 0) {
      const factor = KOREAN_MISSING_SYLLABLE ** missing;
      penalties.push({ reason: `${chinese ? 'Chinese' : 'Korean'} name: ${missing} syllable(s) without a counterpart`, factor });
    }
  }
  if (persons && query.korean && listed.korean && order.length >= 3 && !sameOrderUpToFamilyName(order)) {
    penalties.push({ reason: 'Korean given-name syllables in another order', factor: KOREAN_SYLLABLE_ORDER });
  }
  if (!syllabic && !arabic && aligned.length > 0) {
    // (Not across Arabic script, whose vowels are guessed: a word left over there is a
    // transliteration missed, not evidence of another name.)
    // A word on each side that the other lacks: another given name, another distinctive word
    // ("Ali Saddam Hussein" / "Hala Saddam Hussein", "Air Force" / "Ground Force").
    const floor = persons ? SUBSTANTIVE_WEIGHT : PARTICLE_WEIGHT;
    const qOwn = substantive(q, qUsed, floor);
    const cOwn = substantive(c, cUsed, floor);
    if (qOwn !== undefined && cOwn !== undefined && persons && secondFamilyName(query, listed, q === q0 && c === c0, qUsed)) {
      // Given names all agree and one of two family names differs (Spanish and Portuguese names
      // carry both parents' family names, and lists drop or swap one): "RUEDA MEDINA, Jose Arnoldo" /
      // "LOPEZ RUEDA, Jose Arnoldo". Not evidence of another person; with the given names spelled
      // alike and saying something, a name match ("BARRERA MEDRANO, Nicandro" / "BARRERA MENDOZA, Nicandro").
      if (solidGivenNames(query, listed, qUsed, matrix, m)) floorScore = SECOND_FAMILY_NAME;
    } else if (qOwn !== undefined && cOwn !== undefined) {
      penalties.push({ reason: `different words: "${qOwn}" / "${cOwn}"`, factor: SUBSTITUTION });
    } else if (!persons) {
      // A place or a generic business word on one side only ("Korea Osong Shipping") is not a distinctive word.
      const own = substantive(q, qUsed, SUBSTANTIVE_WEIGHT) ?? substantive(c, cUsed, SUBSTANTIVE_WEIGHT);
      if (own !== undefined) penalties.push({ reason: `a distinctive word on one side only: "${own}"`, factor: ORGANIZATION_EXTRA_WORD });
    }
    if (persons) {
      const qPatronymic = unmatchedPatronymic(q, qUsed);
      const cPatronymic = unmatchedPatronymic(c, cUsed);
      if (qPatronymic !== undefined && cPatronymic !== undefined) {
        penalties.push({ reason: `patronymics differ: "${qPatronymic}" / "${cPatronymic}"`, factor: PATRONYMICS_DIFFER });
      } else {
        // "Sergei Sergeevich" is the son of a "Sergei" of the same family name.
        const own = qPatronymic ?? cPatronymic;
        const stem = own !== undefined ? patronymicStem(own) : undefined;
        if (stem !== undefined && aligned.some((a) => a.query.startsWith(stem) && a.query.length <= stem.length + 2)) {
          penalties.push({ reason: `the patronymic "${own}" is made from the other's given name: a son and his father`, factor: PATRONYMICS_DIFFER });
        }
      }
    }
  }
  if (loose && query.given0 >= 0 && listed.given0 >= 0 && q === q0 && c === c0 && aligned.length > 0) {
    // The first given name is the person's own; in Arabic and many other name chains the next
    // ones are the father's and grandfather's. "Diab, Ali Adel" is the son of "Diab, Adel".
    // When both are there, aligned elsewhere, the lists only disagree on which word is the family
    // name ("MOHAMMED, Fazul Abdullah" / "FAZUL, Abdalla").
    // Nor when a word one list files as a family name is a given name in the other ("BARROS,
    // Francisco de Fatima Frederico" / "BARROS FREDERICO, Lucio Francisco de Fatima"): the lists
    // disagree on where the given names start, so which is "first" says nothing.
    const bothThere = qUsed[query.given0]! >= 0 && cUsed[listed.given0]! >= 0;
    if (
      qUsed[query.given0] !== listed.given0 &&
      !bothThere &&
      !isPrefixName(query.tokens[query.given0]!) &&
      !isPrefixName(listed.tokens[listed.given0]!) &&
      !familyNamesDisagree(query, listed, qUsed)
    ) {
      penalties.push({ reason: `first given names differ: "${query.tokens[query.given0]}" / "${listed.tokens[listed.given0]}"`, factor: FIRST_GIVEN_DIFFERS });
    }
  }
  if (!persons && order.length >= 2 && !inOrder(order)) {
    penalties.push({ reason: 'the words are in another order', factor: ORGANIZATION_WORD_ORDER });
  }
  // (Joined words are numbers only where the words joined are.)
  const qNumbers = queryIds.hasNumber ? q.texts.filter(isDigits) : NO_WORDS;
  const cNumbers = listedIds.hasNumber ? c.texts.filter(isDigits) : NO_WORDS;
  if (qNumbers.length > 0 && cNumbers.length > 0 && qNumbers.join(' ') !== cNumbers.join(' ')) {
    penalties.push({ reason: `numbers differ: ${qNumbers.join(' ')} / ${cNumbers.join(' ')}`, factor: NUMBER_MISMATCH });
  } else if (!persons && qNumbers.length + cNumbers.length > 0 && (qNumbers.length === 0 || cNumbers.length === 0) && aligned.length > 0) {
    penalties.push({ reason: `a number on one side only: ${[...qNumbers, ...cNumbers].join(' ')}`, factor: NUMBER_ON_ONE_SIDE });
  }
  if (!persons && penalties.length === 0 && onlyGenericWordsAdded(q, qUsed, c, cUsed, order, matrix, m)) floorScore = ORGANIZATION_GENERIC_ADDED;
  for (const p of penalties) score *= p.factor;
  score = Math.max(score, floorScore);
  return { score, queryCoverage, listedCoverage, aligned, unmatchedQuery, unmatchedCandidate: unmatchedListed, penalties };
}

/**
 * Both names written family name first, each with two family names or more, their given names
 * aligned one to one and in full, and at least one family name in common: only a family name
 * differs.
 */
function secondFamilyName(query: PreparedName, listed: PreparedName, unjoined: boolean, qUsed: readonly number[]): boolean {
  const qg = query.given0;
  const cg = listed.given0;
  if (!unjoined || qg < 2 || cg < 2 || query.tokens.length - qg !== listed.tokens.length - cg) return false;
  for (let k = 0; qg + k < query.tokens.length; k++) if (qUsed[qg + k] !== cg + k) return false;
  for (let i = 0; i < qg; i++) if (qUsed[i]! >= 0 && qUsed[i]! < cg && query.weights[i]! > PARTICLE_WEIGHT) return true;
  return false;
}

/**
 * The given names (from `given0` on, names unjoined) all aligned as words, none by an initial,
 * and one of them more than a very common word.
 */
function solidGivenNames(query: PreparedName, listed: PreparedName, qUsed: readonly number[], sims: Float64Array, m: number): boolean {
  let distinctive = false;
  for (let i = query.given0; i < query.tokens.length; i++) {
    const j = qUsed[i]!;
    if (j < 0 || sims[i * m + j]! < 0.85 || query.tokens[i]!.length < 2 || listed.tokens[j]!.length < 2) return false;
    if (query.weights[i]! > COMMON_WORD_WEIGHT && listed.weights[j]! > COMMON_WORD_WEIGHT) distinctive = true;
  }
  return distinctive;
}

/**
 * A word filed before the given names (a family name) on one side aligned with a word filed among
 * the given names on the other. Names unjoined (token i of the query aligned with token qUsed[i]).
 */
function familyNamesDisagree(query: PreparedName, listed: PreparedName, qUsed: readonly number[]): boolean {
  for (let i = 0; i < qUsed.length; i++) {
    const j = qUsed[i]!;
    if (j < 0 || query.weights[i]! <= PARTICLE_WEIGHT) continue;
    if (i < query.given0 !== j < listed.given0) return true;
  }
  return false;
}

/**
 * One side's words all aligned (particles aside), the other's unaligned words all places, generic
 * business words or stop words, and a distinctive word (neither) aligned on both sides, spelled
 * alike: the names differ only in words that do not say which organisation it is.
 */
function onlyGenericWordsAdded(q: Side, qUsed: readonly number[], c: Side, cUsed: readonly number[], order: { qi: number; cj: number }[], sims: Float64Array, m: number): boolean {
  const qAll = allExplained(qUsed, q);
  const cAll = allExplained(cUsed, c);
  if (!qAll && !cAll) return false;
  const [other, used] = qAll ? [c, cUsed] : [q, qUsed];
  for (let i = 0; i < other.texts.length; i++) if (used[i]! < 0 && other.weights[i]! > GENERIC_WORD_WEIGHT) return false;
  for (const { qi, cj } of order) {
    if (q.weights[qi]! <= GENERIC_WORD_WEIGHT || c.weights[cj]! <= GENERIC_WORD_WEIGHT || isDigits(q.texts[qi]!)) continue;
    // A word of four letters or more spelled alike, or a three-letter name written the same ("UIY").
    const sim = sims[qi * m + cj]!;
    if ((sim >= 0.85 && q.texts[qi]!.length >= 4) || (sim === 1 && q.texts[qi]!.length === 3)) return true;
  }
  return false;
}

/** Every token aligned, or a particle. */
function allExplained(used: readonly number[], side: Side): boolean {
  for (let i = 0; i < used.length; i++) if (used[i]! < 0 && side.weights[i]! > PARTICLE_WEIGHT) return false;
  return true;
}

/** Every aligned pair has a very common word on one side at least. */
function onlyCommonAgree(order: { qi: number; cj: number }[], q: Side, c: Side): boolean {
  for (const { qi, cj } of order) if (q.weights[qi]! > COMMON_WORD_WEIGHT && c.weights[cj]! > COMMON_WORD_WEIGHT) return false;
  return true;
}

/** Words of a name that are not particles or initials (of a name as prepared, see word-ids.ts `substantiveWords`). */
function substantiveCount(side: Side): number {
  return substantiveWords(side.texts, side.weights);
}

/** The first unmatched token that says something (not a particle, stop word or patronymic), or undefined. */
function substantive(side: Side, used: readonly number[], floor: number): string | undefined {
  for (let i = 0; i < side.texts.length; i++) {
    if (used[i]! >= 0 || side.weights[i]! <= floor || isDigits(side.texts[i]!)) continue;
    if (patronymicStem(side.texts[i]!) !== undefined) continue;
    return side.texts[i];
  }
  return undefined;
}

function unmatchedPatronymic(side: Side, used: readonly number[]): string | undefined {
  for (let i = 0; i < side.texts.length; i++) if (used[i]! < 0 && patronymicStem(side.texts[i]!) !== undefined) return side.texts[i];
  return undefined;
}

/**
 * First given names often dropped in use, the first part of a compound given name (José de Jesús,
 * Juan Gabriel, Jean-François): their absence says nothing of father and son. (Not Muhammad: in
 * Arabic name chains it is as often the person's own name as a father's.)
 */
const PREFIX_NAMES = new Set(['jose', 'juan', 'maria', 'ana', 'jean', 'john']);
function isPrefixName(token: string): boolean {
  return PREFIX_NAMES.has(token);
}

function inOrder(pairs: { qi: number; cj: number }[]): boolean {
  const seq = [...pairs].sort((a, b) => a.qi - b.qi).map((p) => p.cj);
  return seq.every((x, i) => i === 0 || x > seq[i - 1]!);
}
