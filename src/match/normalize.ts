/**
 * Text folding and name tokenisation: the first step of name matching.
 *
 * `foldText` turns any text into a comparison form (NFKC, lower case, Latin diacritics and Arabic or
 * Hebrew vowel points removed, apostrophes dropped inside words, every other punctuation mark a
 * space). `nameTokens` splits an already-Latin name into the tokens the scorer aligns, and takes out
 * what is not the name itself: personal titles and honorifics, and an organisation's legal form
 * ("Limited Liability Company", "L.L.C.", "OOO" all become the one compare form `llc`).
 *
 * Pure functions, no I/O; the tables are compiled once at module load.
 */
import { tokenKey } from './phonetic.js';
import { editDistance } from './similarity.js';

// ---------------------------------------------------------------------------------------------
// Folding

/** Letters that Unicode does not decompose into a base letter and a mark. */
const SPECIAL_LETTERS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  ı: 'i',
  þ: 'th',
  ħ: 'h',
  ŀ: 'l',
  ĸ: 'k',
  ƒ: 'f',
  ə: 'a', // Azerbaijani schwa: "Əliyev" is written "Aliyev" in Latin lists
  ŉ: 'n',
  ſ: 's',
};
const SPECIAL_RE = new RegExp(`[${Object.keys(SPECIAL_LETTERS).join('')}]`, 'g');

/** Apostrophe-like marks, removed without a space: "Cho'ng" -> "chong", "O'Brien" -> "obrien". */
const APOSTROPHES_RE = /['`´ʻʼʽʹˈ’‘‛′]/g;
/**
 * A McCune-Reischauer breve written as an apostrophe with a space before it ("Cho 'n Myo 'ng-kuk"
 * for Chŏn Myŏng-guk): the consonants after it end the word before, never a word of their own.
 */
const SPACED_BREVE_RE = /([a-z]) +['`´ʻʼʽʹˈ’‘‛′](?=(?:ng|[klmnpt])(?![a-z]))/g;
/** Anything that is not a letter, digit or (kept) combining mark separates tokens. */
const SEPARATORS_RE = /[^\p{L}\p{N}\p{M}]+/gu;
const ASCII_SEPARATORS_RE = /[^a-z0-9]+/g;
// eslint-disable-next-line no-control-regex
const NON_ASCII_RE = /[^\u0000-\u007f]/;

/**
 * Whether a combining mark that follows the base character `base` (a code point) is a diacritic
 * to drop. Marks are dropped on Latin, Greek, Arabic (harakat), Hebrew (niqqud) and most other
 * letters; they are kept where they are part of the letter: the Cyrillic breve (й, ў) and the
 * diaeresis of Ukrainian ї, Indic and South-East Asian vowel signs, and the kana voicing marks.
 */
function dropMark(base: number, mark: number): boolean {
  if (base >= 0x0400 && base <= 0x052f) {
    if (mark === 0x0306) return false; // й ў
    if (mark === 0x0308 && base === 0x0456) return false; // ї
    return true; // stress accents, ё -> е
  }
  if (base >= 0x0900 && base <= 0x1cff) return false; // Indic, Thai, Lao, Tibetan, Myanmar...
  if (base >= 0xa800 && base <= 0xabff) return false;
  if (base >= 0x3040 && base <= 0x30ff) return false; // kana dakuten / handakuten
  return true;
}

const MARK_RE = /\p{M}/u;

/** NFD, drop diacritic marks (see `dropMark`), NFC again (which also recomposes Hangul). */
function stripDiacritics(text: string): string {
  const nfd = text.normalize('NFD');
  let out = '';
  let base = 0;
  for (const ch of nfd) {
    const code = ch.codePointAt(0)!;
    if (code >= 0x0300 && MARK_RE.test(ch)) {
      if (dropMark(base, code)) continue;
    } else {
      base = code;
    }
    out += ch;
  }
  return out.normalize('NFC');
}

/**
 * The comparison form of any text: NFKC; lower case; diacritics removed; ß->ss, æ->ae, œ->oe,
 * ø->o, đ/ð->d, ł->l, ı->i, þ->th; apostrophes and backticks removed without a space; every other
 * punctuation mark or symbol (double quotes included) a space; whitespace collapsed and trimmed.
 * Letters of other scripts are kept, lower-cased.
 */
export function foldText(text: string): string {
  if (!NON_ASCII_RE.test(text)) {
    // ASCII is its own NFKC form and has no diacritics.
    return text.toLowerCase().replace(SPACED_BREVE_RE, '$1').replace(APOSTROPHES_RE, '').replace(ASCII_SEPARATORS_RE, ' ').trim();
  }
  let s = text.normalize('NFKC').toLowerCase();
  s = s.replace(SPECIAL_RE, (ch) => SPECIAL_LETTERS[ch] ?? ch);
  s = stripDiacritics(s);
  return s.replace(SPACED_BREVE_RE, '$1').replace(APOSTROPHES_RE, '').replace(SEPARATORS_RE, ' ').trim();
}

// ---------------------------------------------------------------------------------------------
// Titles and honorifics

export type NameKind = 'person' | 'organization' | 'other';

export interface NameTokens {
  /** The name's own tokens, folded, in the name's order. */
  tokens: string[];
  /** Compare forms of the legal forms found (organisations): `llc`, `jsc`, `ltd`... */
  legalForms: string[];
  /** Titles, honorifics and generational suffixes taken out of a person's name, folded. */
  titles: string[];
}

/** Honorifics and abbreviations that are practically never a name word: dropped anywhere. */
const TITLES_ANYWHERE = new Set(
  (
    'mr mrs ms mx miss messrs mme mlle dr prof sir dame haji hajji hadji hajj alhaj alhajj hajjah hajja ' +
    'mullah mulla maulana mawlana moulana maulvi mawlawi moulvi molvi mawlavi ayatollah ayatullah ' +
    'hojatoleslam hujjatulislam col ltcol maj lt capt adm brig cmdr sgt rev revd fr engr mgr msgr'
  ).split(' '),
);
/**
 * Titles that are also surnames or given names ("John Major", "Ali Imam", "Omar Sheikh"; "Gen",
 * General, is a Chinese syllable: Huang Wang-gen): dropped only where they lead the name.
 */
const TITLES_LEADING = new Set(
  (
    'gen sheikh shaikh sheik shaykh cheikh sheykh shekh general colonel major lieutenant captain admiral brigadier commander marshal sergeant doctor professor ' +
    'lord lady king prince princess reverend father bishop archbishop imam mister madam madame senator ' +
    'minister president ambassador judge justice mufti'
  ).split(' '),
);
/** Generational suffixes: dropped anywhere but in first position. */
const SUFFIXES = new Set(['jr', 'sr', 'jnr', 'snr', 'ii', 'iii', 'iv']);

function personTokens(tokens: string[]): NameTokens {
  const kept: string[] = [];
  const titles: string[] = [];
  let leading = true;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const isTitle =
      TITLES_ANYWHERE.has(t) || (leading && TITLES_LEADING.has(t)) || (i > 0 && SUFFIXES.has(t));
    if (isTitle) titles.push(t);
    else {
      kept.push(t);
      leading = false;
    }
  }
  if (kept.length === 0) return { tokens, legalForms: [], titles: [] };
  return { tokens: kept, legalForms: [], titles };
}

// ---------------------------------------------------------------------------------------------
// Legal forms

/**
 * Legal forms: compare form(s) <- spellings (folded, space-separated tokens). Single-token
 * abbreviations also match dotted and spaced spellings ("L.L.C." folds to "l l c"). Spelling tokens
 * of six letters or more also match by phonetic key, so transliteration variants of the long
 * Russian and Ukrainian forms ("ogranichennoy", "ogranichennoi") need no separate entry.
 */
const LEGAL_FORMS: [forms: string, spellings: string[]][] = [
  [
    'llc',
    [
      'llc',
      'limited liability company',
      'limited liability co',
      'ltd liability company',
      'ltd liability co',
      'ooo',
      'ооо',
      'tov',
      'тов',
      'тоо',
      'obshchestvo s ogranichennoy otvetstvennostyu',
      'obshchestvo s ogranichennoj otvetstvennostju',
      'obshchestvo s ogranichennoi otvetstvennostiu',
      'obschestvo s ogranichennoy otvetstvennostyu',
      'obshestvo s ogranichennoy otvetstvennostyu',
      'общество с ограниченной ответственностью',
      'tovarystvo z obmezhenoyu vidpovidalnistyu',
      'tovarystvo z obmezhenoiu vidpovidalnistiu',
      'tovaristvo z obmezhenoyu vidpovidalnistyu',
      'товариство з обмеженою відповідальністю',
      'mchj',
      // Czech and Slovak s.r.o., Bulgarian OOD / EOOD, Belarusian ODO, Lithuanian UAB
      'sro',
      'spolecnost s rucenim omezenym',
      'spolocnost s rucenim obmedzenym',
      'ood',
      'eood',
      'odo',
      'uab',
    ],
  ],
  ['pte ltd', ['pte ltd', 'pte limited', 'private limited', 'pvt ltd', 'pvt limited', 'private ltd']],
  ['pty ltd', ['pty ltd', 'pty limited', 'proprietary limited', 'pty']],
  [
    'ltd',
    [
      'ltd',
      'limited',
      'company limited',
      'co ltd',
      'co limited',
      'company ltd',
      'ltd sti',
      'limited sirketi',
      'ltda',
      'limitada',
      // pinyin of 有限公司 and 股份有限公司, romanized Korean 주식회사 (all "Co., Ltd." in English)
      // Vietnamese công ty TNHH (trách nhiệm hữu hạn), written "Company Limited" in English
      'cong ty tnhh',
      'tnhh',
      'cong ty trach nhiem huu han',
      'youxian gongsi',
      'you xian gong si',
      'gufen youxian gongsi',
      'gu fen you xian gong si',
      'jusik hoesa',
      'jusikhoesa',
      'chusik hoesa',
      'chusikhoesa',
    ],
  ],
  ['plc', ['plc', 'public limited company', 'public limited co']],
  [
    'jsc',
    [
      'jsc',
      'ao',
      'oao',
      'zao',
      'pao',
      'pjsc',
      'cjsc',
      'ojsc',
      'jsco',
      'prat',
      'ао',
      'оао',
      'зао',
      'пао',
      'прат',
      'пат',
      'joint stock company',
      'joint stock co',
      'cong ty co phan',
      'ctcp',
      'jointstock company',
      'public joint stock company',
      'closed joint stock company',
      'open joint stock company',
      'private joint stock company',
      'non public joint stock company',
      'aktsionernoe obshchestvo',
      'aktsionernoye obshchestvo',
      'aktsionernoe obschestvo',
      'aktsionernoe obshestvo',
      'zakrytoe aktsionernoe obshchestvo',
      'zakrytoye aktsionernoye obshchestvo',
      'otkrytoe aktsionernoe obshchestvo',
      'otkrytoye aktsionernoye obshchestvo',
      'publichnoe aktsionernoe obshchestvo',
      'publichnoye aktsionernoye obshchestvo',
      'nepublichnoe aktsionernoe obshchestvo',
      'акционерное общество',
      'публичное акционерное общество',
      'закрытое акционерное общество',
      'открытое акционерное общество',
      'aktsionerne tovarystvo',
      'pryvatne aktsionerne tovarystvo',
      'publichne aktsionerne tovarystvo',
    ],
  ],
  ['corp', ['corp', 'corporation']],
  ['inc', ['inc', 'incorporated']],
  ['llp', ['llp', 'limited liability partnership']],
  ['jv', ['jv', 'joint venture', 'joint venture company']],
  ['lp', ['lp', 'limited partnership']],
  ['gmbh kg', ['gmbh co kg', 'gmbh und co kg']],
  ['gmbh', ['gmbh', 'gesellschaft mit beschrankter haftung', 'ges m b h', 'gesmbh']],
  ['ag', ['ag', 'aktiengesellschaft']],
  ['kg', ['kg', 'kommanditgesellschaft']],
  ['sarl', ['sarl', 'societe a responsabilite limitee', 's a r l']],
  [
    'sa',
    ['sa', 'sociedad anonima', 'societe anonyme', 'societa anonima', 'sae', 'sal', 'sociedade anonima', 'saic', 'sa de cv', 's a de c v', 'sapi de cv', 'sac', 'saa'],
  ],
  ['srl', ['srl', 'societa a responsabilita limitata', 'sociedad de responsabilidad limitada', 's de rl', 's de r l', 's de rl de cv', 's de r l de c v']],
  ['spa', ['spa', 'societa per azioni']],
  ['sas', ['sas', 'societe par actions simplifiee']],
  ['bv', ['bv', 'besloten vennootschap']],
  ['nv', ['nv', 'naamloze vennootschap']],
  ['sdn bhd', ['sdn bhd', 'sendirian berhad']],
  ['bhd', ['bhd', 'berhad']],
  ['fze', ['fze', 'free zone establishment']],
  ['fzco', ['fzco', 'free zone company']],
  ['fzc', ['fzc']],
  ['fz llc', ['fz llc', 'fzllc']],
  ['fz', ['fz', 'free zone']],
  ['as', ['as', 'aksjeselskap', 'aktieselskab', 'akciova spolecnost', 'anonim sirketi', 'aps', 'ehf']],
  ['kk', ['kk', 'kabushiki kaisha', 'kabushikigaisha']],
  ['tbk', ['tbk', 'persero tbk']],
  // Gulf forms: Omani SAOG / SAOC / SPC, Qatari QSC / QPSC, Bahraini BSC, Kuwaiti KSC, Jordanian PSC
  ['psc', ['psc', 'pjs', 'saog', 'saoc', 'spc', 'qsc', 'qpsc', 'qscc', 'bsc', 'ksc', 'kscc', 'kscp', 'kpsc']],
  ['ab', ['ab', 'aktiebolag']],
  ['oy', ['oy', 'oyj', 'osakeyhtio']],
  ['kft', ['kft', 'korlatolt felelossegu tarsasag']],
  ['zrt', ['zrt', 'nyrt']],
  ['doo', ['doo', 'drustvo s ogranicenom odgovornoscu']],
  ['dd', ['dd', 'dionicko drustvo']],
  ['sp z oo', ['sp z oo', 'spolka z ograniczona odpowiedzialnoscia']],
  ['wll', ['wll']],
  ['co', ['co', 'company', 'cie', 'compania', 'companhia', 'gongsi', 'gong si', 'hoesa', 'cong ty']],
];

const MULTI_FORMS = new Set(['pte ltd', 'pty ltd', 'gmbh kg', 'fz llc']);

interface LegalPattern {
  /** Pattern tokens. */
  words: string[];
  /** Per token: the phonetic key to compare with, for long tokens; undefined for exact comparison. */
  keys: (string | undefined)[];
  forms: string[];
}

/** Patterns by their first token (exact) and, for long first tokens, by the first token's key. */
const PATTERNS_BY_FIRST = new Map<string, LegalPattern[]>();
const PATTERNS_BY_FIRST_KEY = new Map<string, LegalPattern[]>();
/** Single-token forms that may be spelled with dots ("l.l.c.", "s.a.", "g.m.b.h."). */
const SPELLED_ABBREVIATIONS = new Map<string, string[]>();

const FUZZY_MIN = 6;
const TYPO_MIN = 5;

function addPattern(words: string[], forms: string[]): void {
  const keys = words.map((w) => (w.length >= FUZZY_MIN ? tokenKey(w) : undefined));
  const pattern: LegalPattern = { words, keys, forms };
  const first = words[0]!;
  const list = PATTERNS_BY_FIRST.get(first) ?? [];
  list.push(pattern);
  PATTERNS_BY_FIRST.set(first, list);
  const firstKey = keys[0];
  if (firstKey !== undefined) {
    const byKey = PATTERNS_BY_FIRST_KEY.get(firstKey) ?? [];
    byKey.push(pattern);
    PATTERNS_BY_FIRST_KEY.set(firstKey, byKey);
  }
}

for (const [forms, spellings] of LEGAL_FORMS) {
  // A few spellings stand for two forms at once: "Pte Ltd" is ['pte', 'ltd'], so that it still
  // shares 'ltd' with a plain "Ltd". 'sdn bhd' and 'sp z oo' are one form each.
  const formList = MULTI_FORMS.has(forms) ? forms.split(' ') : [forms];
  for (const spelling of spellings) {
    const words = foldText(spelling).split(' ');
    addPattern(words, formList);
    // Abbreviations written with dots or spaces: "l l c", "s a", "g m b h", "s p a".
    if (words.length === 1 && /^[a-z]{2,5}$/.test(words[0]!)) {
      SPELLED_ABBREVIATIONS.set(words[0]!, formList);
    }
  }
}
// Longest patterns first, so "public joint stock company" wins over "company".
for (const list of [...PATTERNS_BY_FIRST.values(), ...PATTERNS_BY_FIRST_KEY.values()]) {
  list.sort((a, b) => b.words.length - a.words.length);
}

function matchAt(tokens: string[], keys: (string | undefined)[], i: number, p: LegalPattern): boolean {
  if (i + p.words.length > tokens.length) return false;
  for (let j = 0; j < p.words.length; j++) {
    const want = p.keys[j];
    const t = tokens[i + j]!;
    const word = p.words[j]!;
    if (t === word) continue;
    if (isTypoOf(t, word)) continue;
    if (want === undefined || t.length < FUZZY_MIN - 1) return false;
    let k = keys[i + j];
    if (k === undefined) k = keys[i + j] = tokenKey(t);
    if (k !== want) return false;
  }
  return true;
}

/**
 * Abbreviations of ordinary business words, as lists and registries write them ("Korea Ansan
 * Shpg Co", "Trdg Corp"): written out, so both spellings meet as one token.
 */
const BUSINESS_ABBREVIATIONS = new Map<string, string>([
  ['trdg', 'trading'],
  ['tradg', 'trading'],
  ['shpg', 'shipping'],
  ['shipg', 'shipping'],
  ['intl', 'international'],
  ['intnl', 'international'],
  ['int’l', 'international'],
  ['mgmt', 'management'],
  ['mgt', 'management'],
  ['mfg', 'manufacturing'],
  ['mfrs', 'manufacturers'],
  ['natl', 'national'],
  ['assn', 'association'],
  ['assoc', 'association'],
  ['bros', 'brothers'],
  ['svcs', 'services'],
  ['svc', 'service'],
  ['hldgs', 'holdings'],
  ['hldg', 'holding'],
  ['invt', 'investment'],
  ['invest', 'investment'],
  ['engg', 'engineering'],
  ['engr', 'engineering'],
  ['dev', 'development'],
  ['devt', 'development'],
  ['ind', 'industrial'],
  ['inds', 'industries'],
  ['indus', 'industrial'],
  ['tech', 'technology'],
  ['technol', 'technology'],
  ['elec', 'electric'],
  ['equip', 'equipment'],
  ['petrochem', 'petrochemical'],
  ['chem', 'chemical'],
  ['mar', 'marine'],
  ['transp', 'transport'],
  ['gen', 'general'],
  ['genl', 'general'],
  ['dept', 'department'],
  ['univ', 'university'],
  ['inst', 'institute'],
  ['ctr', 'center'],
  ['centre', 'center'],
  ['fdn', 'foundation'],
  ['soc', 'society'],
  ['min', 'ministry'],
  ['bkg', 'banking'],
  ['bnkg', 'banking'],
  ['grp', 'group'],
  ['mktg', 'marketing'],
  ['bldg', 'building'],
  ['constr', 'construction'],
  ['distr', 'distribution'],
  ['distrib', 'distribution'],
  ['comms', 'communications'],
  ['acad', 'academy'],
  ['admin', 'administration'],
  ['agcy', 'agency'],
  ['entps', 'enterprises'],
  ['entpr', 'enterprise'],
  ['coml', 'commercial'],
  ['comml', 'commercial'],
  ['mfr', 'manufacturer'],
  ['sys', 'systems'],
]);

/**
 * Business words of North Korean names, romanized rather than translated ("Joson Paekho Muyok
 * Hoesa" = Korea Paekho Trading Company; hoesa is a legal form). Read through one typing error
 * too ("Unnhaeng"), as the translation would otherwise hide the typo from the scorer.
 */
const KOREAN_BUSINESS_WORDS = new Map<string, string>([
  ['muyok', 'trading'],
  ['muyeok', 'trading'],
  ['unhaeng', 'bank'],
  ['eunhaeng', 'bank'],
  ['kukje', 'international'],
  ['gukje', 'international'],
  ['kisul', 'technology'],
  ['gisul', 'technology'],
  ['kongsa', 'corporation'],
  ['gongsa', 'corporation'],
]);

function businessWord(token: string): string {
  const known = BUSINESS_ABBREVIATIONS.get(token) ?? KOREAN_BUSINESS_WORDS.get(token);
  if (known !== undefined) return known;
  if (token.length < 5 || token.length > 9) return token;
  for (const [word, meaning] of KOREAN_BUSINESS_WORDS) if (isTypoOf(token, word)) return meaning;
  return token;
}

/** Legal-form words of five letters or more, by first letter, for reading them through typos. */
const LEGAL_VOCABULARY = new Map<string, string[]>();
for (const [, spellings] of LEGAL_FORMS) {
  for (const spelling of spellings) {
    for (const word of foldText(spelling).split(' ')) {
      if (word.length < TYPO_MIN) continue;
      const list = LEGAL_VOCABULARY.get(word[0]!) ?? [];
      if (!list.includes(word)) list.push(word);
      LEGAL_VOCABULARY.set(word[0]!, list);
    }
  }
}

/** Is `token` one typing error away from the legal-form word `word` ("limted", "joiint")? */
function isTypoOf(token: string, word: string): boolean {
  return word.length >= TYPO_MIN && token.length >= TYPO_MIN - 1 && token[0] === word[0] && editDistance(token, word, 1) <= 1;
}

/**
 * Legal-form patterns whose first word `token` may be with a typo. The typo only counts when the
 * whole pattern then matches, so an ordinary word near a legal word ("stick", "stock") stays.
 */
function patternsThroughTypo(token: string): LegalPattern[] | undefined {
  if (token.length < TYPO_MIN - 1) return undefined;
  const words = LEGAL_VOCABULARY.get(token[0]!);
  if (!words) return undefined;
  const out: LegalPattern[] = [];
  for (const w of words) if (isTypoOf(token, w)) out.push(...(PATTERNS_BY_FIRST.get(w) ?? []));
  return out.length > 0 ? out.sort((a, b) => b.words.length - a.words.length) : undefined;
}

function organizationTokens(tokens: string[]): NameTokens {
  tokens = tokens.map(businessWord);
  const kept: string[] = [];
  const legalForms: string[] = [];
  const keys: (string | undefined)[] = new Array<string | undefined>(tokens.length);
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    // A form of several words spelled with dotted letters ("S.A. de C.V.", "S. de R.L.").
    if (t.length === 1) {
      const spelled = PATTERNS_BY_FIRST.get(t)?.find((p) => p.words.length >= 3 && matchAt(tokens, keys, i, p));
      if (spelled) {
        legalForms.push(...spelled.forms);
        i += spelled.words.length;
        continue;
      }
    }
    // A run of one-letter tokens that is exactly a spelled-out abbreviation ("l l c").
    if (t.length === 1) {
      let end = i;
      while (end < tokens.length && tokens[end]!.length === 1) end++;
      // Two letters ("s a", "a g") only at the end of the name, where "S.A." and "A.G." stand;
      // elsewhere they are more likely initials ("A B Trading").
      // The abbreviation may end the run after an initial ("Skala R L.L.C." -> "r l l c").
      let found = false;
      for (let k = i; k <= end - 2 && !found; k++) {
        if (!(end - k >= 3 || end === tokens.length)) continue;
        const forms = SPELLED_ABBREVIATIONS.get(tokens.slice(k, end).join(''));
        if (forms) {
          for (let j = i; j < k; j++) kept.push(tokens[j]!);
          legalForms.push(...forms);
          found = true;
        }
      }
      if (found) {
        i = end;
        continue;
      }
      // Initials written with dots or spaces are one acronym: "A.B.C. Company" is "ABC Co.".
      if (end - i >= 2) kept.push(tokens.slice(i, end).join(''));
      else kept.push(t);
      i = end;
      continue;
    }
    let candidates = PATTERNS_BY_FIRST.get(t);
    if (!candidates && t.length >= FUZZY_MIN - 1) {
      let k = keys[i];
      if (k === undefined) k = keys[i] = tokenKey(t);
      candidates = PATTERNS_BY_FIRST_KEY.get(k);
    }
    candidates ??= patternsThroughTypo(t);
    let matched: LegalPattern | undefined;
    if (candidates) {
      for (const p of candidates) {
        if (matchAt(tokens, keys, i, p)) {
          matched = p;
          break;
        }
      }
    }
    if (matched) {
      legalForms.push(...matched.forms);
      i += matched.words.length;
    } else {
      kept.push(t);
      i++;
    }
  }
  if (kept.length === 0) return { tokens, legalForms: [], titles: [] };
  return { tokens: kept, legalForms: [...new Set(legalForms)], titles: [] };
}

function tokensOf(latinName: string): string[] {
  const folded = foldText(latinName);
  return folded === '' ? [] : folded.split(' ');
}

/**
 * Tokens of an already-Latin name. Persons lose their titles and honorifics (returned in
 * `titles`); organisations lose their legal forms (returned, one compare form each, in
 * `legalForms`). Nothing is removed when it would leave no token. Order is the name's own: the
 * scorer does not depend on it.
 */
export function nameTokens(latinName: string, kind: NameKind): NameTokens {
  const tokens = tokensOf(latinName);
  if (kind === 'person') {
    // "AL-ZINDANI, Shaykh Abd-al-Majid": a title leads the given names after the comma.
    const comma = latinName.indexOf(',');
    if (comma > 0 && comma === latinName.lastIndexOf(',')) {
      const family = personTokens(tokensOf(latinName.slice(0, comma)));
      const given = personTokens(tokensOf(latinName.slice(comma + 1)));
      if (family.tokens.length > 0 && given.tokens.length > 0) return { tokens: [...family.tokens, ...given.tokens], legalForms: [], titles: [...family.titles, ...given.titles] };
    }
    return personTokens(tokens);
  }
  if (kind === 'organization') return organizationTokens(tokens);
  return { tokens, legalForms: [], titles: [] };
}
