/**
 * Korean (Hangul) romanization for name matching, computed from the Unicode decomposition of each
 * syllable (U+AC00..U+D7A3 = 0xAC00 + (initial * 21 + medial) * 28 + final).
 *
 * Two systems are produced, because the sanctions lists and the people screened use different ones:
 *  - `mr`: the McCune-Reischauer style in which OFAC and the UN write DPRK names, without breves or
 *    apostrophes: ㅓ -> o, ㅡ -> u, ㄱ/ㄷ/ㅂ -> k/t/p at the start of a name syllable (g/d/b after a
 *    vowel or a sonorant inside a word or given name), aspirates ㅋ/ㅌ/ㅍ -> kh/th/ph, ㅈ -> j and
 *    ㅊ -> ch (the North Korean convention the lists follow: "Jong", "Ju", "Chol"), initial ㄹ kept
 *    as R ("Ri", "Ryu"). A person's name is written family name first, given-name syllables apart:
 *    송금혁 -> "Song Kum Hyok". 이 and 노 as family names give the DPRK forms "Ri" and "Ro".
 *  - `rr`: Revised Romanization (South Korea), the given name joined: "Song Geumhyeok"; family
 *    names follow the South's initial-sound rule (리 -> "I", 로 -> "No", 림 -> "Im", 류 -> "Yu").
 * `romanizeHangulNames` adds `common`: the RR form with the family name as South Koreans mostly
 * spell it in passports (Park, Lee, Choi...).
 *
 * A text is read as a person's name when it is one word of 2-3 syllables (or 3-4 with a two-syllable
 * family name) that starts with a known family name and does not end like an organisation (회사,
 * 은행, 무역...), or when its first word is a known family name and the remaining words hold 1-3
 * syllables. Four syllables after a one-syllable family name are not read as a name: three-syllable
 * given names are rare, four-syllable company and place names are not. Anything else is romanized
 * word by word, syllables joined.
 */
import { Glossary } from './glossary.js';

const SYLLABLE_FIRST = 0xac00;
const SYLLABLE_LAST = 0xd7a3;

// Jamo order of the Unicode syllable block.
//              ㄱ   ㄲ    ㄴ   ㄷ   ㄸ    ㄹ   ㅁ   ㅂ   ㅃ    ㅅ   ㅆ    ㅇ  ㅈ   ㅉ    ㅊ    ㅋ    ㅌ    ㅍ    ㅎ
const MR_INITIAL = ['k', 'kk', 'n', 't', 'tt', 'r', 'm', 'p', 'pp', 's', 'ss', '', 'j', 'jj', 'ch', 'kh', 'th', 'ph', 'h'];
const RR_INITIAL = ['g', 'kk', 'n', 'd', 'tt', 'r', 'm', 'b', 'pp', 's', 'ss', '', 'j', 'jj', 'ch', 'k', 't', 'p', 'h'];
//              ㅏ   ㅐ    ㅑ    ㅒ     ㅓ    ㅔ   ㅕ     ㅖ    ㅗ   ㅘ    ㅙ     ㅚ    ㅛ    ㅜ   ㅝ    ㅞ    ㅟ    ㅠ    ㅡ    ㅢ    ㅣ
const MR_MEDIAL = ['a', 'ae', 'ya', 'yae', 'o', 'e', 'yo', 'ye', 'o', 'wa', 'wae', 'oe', 'yo', 'u', 'wo', 'we', 'wi', 'yu', 'u', 'ui', 'i'];
const RR_MEDIAL = ['a', 'ae', 'ya', 'yae', 'eo', 'e', 'yeo', 'ye', 'o', 'wa', 'wae', 'oe', 'yo', 'u', 'wo', 'we', 'wi', 'yu', 'eu', 'ui', 'i'];
// Final consonants as pronounced at the end of a syllable (both systems).
//            -   ㄱ   ㄲ   ㄳ   ㄴ   ㄵ   ㄶ   ㄷ   ㄹ   ㄺ   ㄻ   ㄼ   ㄽ   ㄾ   ㄿ   ㅀ   ㅁ   ㅂ   ㅄ   ㅅ   ㅆ   ㅇ    ㅈ   ㅊ   ㅋ   ㅌ   ㅍ   ㅎ
const FINAL = ['', 'k', 'k', 'k', 'n', 'n', 'n', 't', 'l', 'k', 'm', 'l', 'l', 'l', 'p', 'l', 'm', 'p', 'p', 't', 't', 'ng', 't', 't', 'k', 't', 'p', 't'];

const I_RIEUL = 5; // ㄹ
const I_NIEUN = 2; // ㄴ
const I_IEUNG = 11; // ㅇ
const PLAIN_STOPS: Record<number, string> = { 0: 'g', 3: 'd', 7: 'b' }; // ㄱ ㄷ ㅂ voiced in MR
const F_NONE = 0;
const F_NIEUN = 4;
const F_RIEUL = 8;
const F_MIEUM = 16;
const F_IEUNG = 21;
/** Medials that make an initial ㄹ silent under the South's initial-sound rule: ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ. */
const Y_MEDIALS = new Set([2, 3, 6, 7, 12, 17, 20]);

interface Jamo {
  initial: number;
  medial: number;
  final: number;
}

function decompose(code: number): Jamo {
  const index = code - SYLLABLE_FIRST;
  const initial = Math.floor(index / 588);
  const medial = Math.floor((index % 588) / 28);
  return { initial, medial, final: index % 28 };
}

function isSyllable(code: number): boolean {
  return code >= SYLLABLE_FIRST && code <= SYLLABLE_LAST;
}

function isHangulCode(code: number): boolean {
  return (
    isSyllable(code) ||
    (code >= 0x1100 && code <= 0x11ff) ||
    (code >= 0x3130 && code <= 0x318f) ||
    (code >= 0xa960 && code <= 0xa97f) ||
    (code >= 0xd7b0 && code <= 0xd7ff)
  );
}

const LETTER_RE = /\p{L}/u;

/** True when `text` has at least one Hangul letter and no letter of another script. */
export function isHangul(text: string): boolean {
  let seen = false;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (isHangulCode(code)) seen = true;
    else if (code < 0x80 ? /[A-Za-z]/.test(ch) : LETTER_RE.test(ch)) return false;
  }
  return seen;
}

// ---------------------------------------------------------------------------------------------
// Family names

/**
 * Common family names: Hangul -> [DPRK/MR form when it differs from the syllable's MR, the usual
 * South Korean passport spelling]. An empty first entry means "the syllable's MR form".
 */
const SURNAMES: Record<string, [mr: string, common: string]> = {
  김: ['', 'Kim'],
  이: ['Ri', 'Lee'],
  리: ['', 'Lee'],
  박: ['', 'Park'],
  최: ['', 'Choi'],
  정: ['', 'Chung'],
  강: ['', 'Kang'],
  조: ['', 'Cho'],
  윤: ['', 'Yoon'],
  장: ['', 'Jang'],
  임: ['', 'Lim'],
  림: ['', 'Lim'],
  한: ['', 'Han'],
  오: ['', 'Oh'],
  서: ['', 'Seo'],
  신: ['', 'Shin'],
  권: ['', 'Kwon'],
  황: ['', 'Hwang'],
  안: ['', 'Ahn'],
  송: ['', 'Song'],
  류: ['', 'Ryu'],
  유: ['', 'Yoo'],
  전: ['', 'Jeon'],
  홍: ['', 'Hong'],
  고: ['', 'Ko'],
  문: ['', 'Moon'],
  양: ['', 'Yang'],
  량: ['', 'Yang'],
  손: ['', 'Son'],
  배: ['', 'Bae'],
  백: ['', 'Baek'],
  허: ['', 'Heo'],
  노: ['Ro', 'Noh'],
  로: ['', 'Roh'],
  남: ['', 'Nam'],
  심: ['', 'Shim'],
  하: ['', 'Ha'],
  곽: ['', 'Kwak'],
  성: ['', 'Sung'],
  차: ['', 'Cha'],
  주: ['', 'Joo'],
  우: ['', 'Woo'],
  구: ['', 'Koo'],
  민: ['', 'Min'],
  진: ['', 'Jin'],
  나: ['', 'Na'],
  라: ['', 'Ra'],
  지: ['', 'Ji'],
  엄: ['', 'Um'],
  채: ['', 'Chae'],
  원: ['', 'Won'],
  천: ['', 'Cheon'],
  방: ['', 'Bang'],
  공: ['', 'Kong'],
  현: ['', 'Hyun'],
  변: ['', 'Byun'],
  염: ['', 'Yeom'],
  렴: ['', 'Yeom'],
  여: ['', 'Yeo'],
  려: ['', 'Yeo'],
  추: ['', 'Choo'],
  도: ['', 'Do'],
  소: ['', 'So'],
  석: ['', 'Seok'],
  선: ['', 'Sun'],
  설: ['', 'Seol'],
  마: ['', 'Ma'],
  길: ['', 'Gil'],
  연: ['', 'Yeon'],
  련: ['', 'Yeon'],
  위: ['', 'Wi'],
  표: ['', 'Pyo'],
  명: ['', 'Myung'],
  기: ['', 'Ki'],
  반: ['', 'Ban'],
  왕: ['', 'Wang'],
  금: ['', 'Keum'],
  옥: ['', 'Ok'],
  육: ['', 'Yook'],
  륙: ['', 'Yook'],
  인: ['', 'In'],
  맹: ['', 'Maeng'],
  제: ['', 'Je'],
  모: ['', 'Mo'],
  탁: ['', 'Tak'],
  국: ['', 'Kook'],
  어: ['', 'Eo'],
  은: ['', 'Eun'],
  편: ['', 'Pyun'],
  용: ['', 'Yong'],
  룡: ['', 'Yong'],
  예: ['', 'Ye'],
  경: ['', 'Kyung'],
  봉: ['', 'Bong'],
  사: ['', 'Sa'],
  부: ['', 'Boo'],
  가: ['', 'Ka'],
  태: ['', 'Tae'],
  피: ['', 'Pi'],
  승: ['', 'Seung'],
  함: ['', 'Ham'],
  계: ['', 'Kye'],
  시: ['', 'Si'],
  빈: ['', 'Bin'],
  범: ['', 'Beom'],
  감: ['', 'Kam'],
  견: ['', 'Kyun'],
  간: ['', 'Kan'],
  호: ['', 'Ho'],
  형: ['', 'Hyung'],
  평: ['', 'Pyung'],
  학: ['', 'Hak'],
  팽: ['', 'Paeng'],
  탄: ['', 'Tan'],
  당: ['', 'Dang'],
  대: ['', 'Dae'],
  동: ['', 'Dong'],
  두: ['', 'Doo'],
  단: ['', 'Dan'],
  비: ['', 'Bi'],
  복: ['', 'Bok'],
  순: ['', 'Soon'],
  수: ['', 'Soo'],
  삼: ['', 'Sam'],
  상: ['', 'Sang'],
  온: ['', 'On'],
  옹: ['', 'Ong'],
  요: ['', 'Yo'],
  음: ['', 'Eum'],
  좌: ['', 'Jwa'],
  증: ['', 'Jeung'],
  초: ['', 'Cho'],
  춘: ['', 'Chun'],
  탕: ['', 'Tang'],
  판: ['', 'Pan'],
  필: ['', 'Pil'],
  후: ['', 'Hu'],
  흥: ['', 'Heung'],
  뢰: ['', 'Roe'],
};

/** Two-syllable family names: Hangul -> usual spelling. */
const DOUBLE_SURNAMES: Record<string, string> = {
  남궁: 'Namgoong',
  황보: 'Hwangbo',
  제갈: 'Jegal',
  선우: 'Sunwoo',
  독고: 'Dokgo',
  사공: 'Sagong',
  서문: 'Seomun',
  동방: 'Dongbang',
  을지: 'Eulji',
  망절: 'Mangjeol',
  어금: 'Eogeum',
};

/** Endings that mark a word of four syllables or more as an organisation: 회사 은행 공사 무역 ... */
const ORGANIZATION_ENDINGS = [
  '회사',
  '은행',
  '공사',
  '무역',
  '상사',
  '그룹',
  '기업',
  '센터',
  '협회',
  '대학',
  '학교',
  '병원',
  '연구소',
  '총국',
  '위원회',
  '공업부',
  '사업소',
  '련합',
  '연합',
  '기술',
  '조합',
];

/**
 * The words of North Korean organisation names, as the lists write them in English. In Hangul an
 * organisation's name is often one word ("조선남강무역회사" is "Korea Namgang Trading Corporation"),
 * so romanized as a whole it meets nothing; read word by word, the proper part romanized and the
 * rest translated, it meets the listed English name. Longer entries win ("무역총회사" before "무역").
 */
const ORGANIZATION_WORDS = new Glossary(
  Object.entries({
    조선민주주의인민공화국: 'DPRK',
    조선: 'Korea',
    무역총회사: 'General Trading Corporation',
    총회사: 'General Corporation',
    무역: 'Trading',
    회사: 'Company',
    공사: 'Corporation',
    상사: 'Trading Company',
    은행: 'Bank',
    국제: 'International',
    기술: 'Technology',
    합영회사: 'Joint Venture Company',
    합영: 'Joint Venture',
    합작회사: 'Joint Operation Company',
    합작: 'Joint Operation',
    그룹: 'Group',
    기업: 'Enterprise',
    센터: 'Center',
    대학: 'University',
    위원회: 'Committee',
    연구소: 'Research Institute',
    연구원: 'Research Institute',
    총국: 'General Bureau',
    정찰총국: 'Reconnaissance General Bureau',
    군수공업부: 'Munitions Industry Department',
    공업부: 'Industry Department',
    인민군: "People's Army",
    원자력: 'Atomic Energy',
    공업: 'Industry',
    건설: 'Construction',
    대외: 'External',
    해운: 'Shipping',
    선박: 'Ship',
    관리: 'Management',
    전자: 'Electronics',
    전람사: 'Exhibition Corporation',
    광업: 'Mining',
    개발: 'Development',
    투자: 'Investment',
    보험: 'Insurance',
    신용: 'Credit',
    금융: 'Financial',
    과학: 'Science',
    인터네트: 'Internet',
    로케트: 'Rocket',
  }),
);

/**
 * An organisation's name in Hangul read into English (see ORGANIZATION_WORDS): the known words
 * translated, each run of other syllables romanized (MR) as one word. Undefined when no known word
 * is found, or when the reading is one word ("회사", Company, alone names nothing).
 */
function organizationReading(words: Word[]): string | undefined {
  const out: string[] = [];
  let known = 0;
  for (const { text, syllables } of words) {
    const chars = [...text];
    const read = ORGANIZATION_WORDS.translate(chars, (from, to) => romanizedRun(chars, syllables, from, to));
    out.push(...read.words);
    known += read.known.length;
  }
  return known > 0 && (out.length > 1 || out[0]!.includes(' ')) ? out.join(' ') : undefined;
}

/** Characters `from`..`to` of a word: each run of syllables romanized (MR) as one word, anything else as it is. */
function romanizedRun(chars: readonly string[], syllables: readonly (Jamo | undefined)[], from: number, to: number): string[] {
  const out: string[] = [];
  let run: Jamo[] = [];
  const flush = () => {
    if (run.length > 0) out.push(capitalize(mrSyllables(run, false).join('')));
    run = [];
  };
  for (let i = from; i < to; i++) {
    const syllable = syllables[i];
    if (syllable) run.push(syllable);
    else {
      flush();
      out.push(chars[i]!);
    }
  }
  flush();
  return out;
}

/** Whether a Hangul text is a known one- or two-syllable family name. */
export function isKoreanFamilyName(text: string): boolean {
  return isSurname(text);
}

function isSurname(text: string): boolean {
  return Object.hasOwn(SURNAMES, text) || Object.hasOwn(DOUBLE_SURNAMES, text);
}

function looksLikeOrganization(word: string): boolean {
  return word.length >= 4 && ORGANIZATION_ENDINGS.some((end) => word.endsWith(end));
}

// ---------------------------------------------------------------------------------------------
// Syllables

function capitalize(word: string): string {
  return word.length === 0 ? word : word[0]!.toUpperCase() + word.slice(1);
}

/**
 * MR forms of the syllables of one word. Plain stops are voiced after a vowel or sonorant
 * (OFAC: "Kim Su Gil", "Kim Yong Bok"). `separate` is for given names, whose syllables OFAC and
 * the UN write apart: there an initial ㄹ stays R; inside a joined word ㄹ follows the ㄴ/ㅇ/ㅁ
 * assimilations (승리산 -> "Sungnisan", 신라 -> "Silla").
 */
function mrSyllables(syllables: Jamo[], separate: boolean): string[] {
  const out: string[] = [];
  let prevFinal = -1;
  for (let i = 0; i < syllables.length; i++) {
    const { initial, medial, final } = syllables[i]!;
    let onset = MR_INITIAL[initial]!;
    if (i > 0) {
      const sonorantBefore =
        prevFinal === F_NONE ||
        prevFinal === F_NIEUN ||
        prevFinal === F_RIEUL ||
        prevFinal === F_MIEUM ||
        prevFinal === F_IEUNG;
      if (PLAIN_STOPS[initial] !== undefined && sonorantBefore) onset = PLAIN_STOPS[initial]!;
      if (!separate && initial === I_RIEUL) {
        if (prevFinal === F_RIEUL || prevFinal === F_NIEUN) onset = 'l';
        else if (prevFinal === F_IEUNG || prevFinal === F_MIEUM) onset = 'n';
      }
    }
    let coda = FINAL[final]!;
    const next = syllables[i + 1];
    if (!separate && next && final === F_NIEUN && next.initial === I_RIEUL) coda = 'l';
    // ㅅ before ㅣ stays "si", the DPRK convention (MR proper writes "shi").
    out.push(onset + MR_MEDIAL[medial]! + coda);
    prevFinal = final;
  }
  return out;
}

function rrSyllables(syllables: Jamo[]): string {
  let out = '';
  for (let i = 0; i < syllables.length; i++) {
    const { initial, medial, final } = syllables[i]!;
    out += RR_INITIAL[initial]! + RR_MEDIAL[medial]! + FINAL[final]!;
  }
  return out;
}

/** RR of a family name, with the South's initial-sound rule (리 -> I, 로 -> No, 류 -> Yu). */
function rrSurname(s: Jamo[]): string {
  const first = s[0]!;
  if (s.length === 1 && first.initial === I_RIEUL) {
    const initial = Y_MEDIALS.has(first.medial) ? I_IEUNG : I_NIEUN;
    return capitalize(rrSyllables([{ ...first, initial }]));
  }
  if (s.length === 1 && first.initial === I_NIEUN && Y_MEDIALS.has(first.medial)) {
    return capitalize(rrSyllables([{ ...first, initial: I_IEUNG }]));
  }
  return capitalize(rrSyllables(s));
}

function mrSurname(text: string, s: Jamo[]): string {
  const override = SURNAMES[text]?.[0];
  if (override) return override;
  return capitalize(mrSyllables(s, false).join(''));
}

// ---------------------------------------------------------------------------------------------
// Names

interface Word {
  text: string;
  /** Decomposed syllables; undefined entries for characters that are not Hangul syllables. */
  syllables: (Jamo | undefined)[];
}

function splitWord(text: string): Word {
  const syllables: (Jamo | undefined)[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    syllables.push(isSyllable(code) ? decompose(code) : undefined);
  }
  return { text, syllables };
}

/** Romanize a word that may mix syllables with other characters (digits, Latin letters). */
function romanizeWord(word: Word, system: 'mr' | 'rr'): string {
  let out = '';
  let run: Jamo[] = [];
  const chars = [...word.text];
  const flush = (): void => {
    if (run.length === 0) return;
    out += system === 'mr' ? mrSyllables(run, false).join('') : rrSyllables(run);
    run = [];
  };
  for (let i = 0; i < chars.length; i++) {
    const s = word.syllables[i];
    if (s) run.push(s);
    else {
      flush();
      out += chars[i];
    }
  }
  flush();
  return capitalize(out);
}

interface PersonSplit {
  family: string;
  given: Jamo[];
  familyJamo: Jamo[];
}

/** Family name and given-name syllables when `words` reads as a person's name, else undefined. */
function personSplit(words: Word[]): PersonSplit | undefined {
  if (words.some((w) => w.syllables.some((s) => s === undefined))) return undefined;
  if (words.length === 1) {
    const { text, syllables } = words[0]!;
    const n = syllables.length;
    if (n < 2 || n > 4 || looksLikeOrganization(text)) return undefined;
    const two = text.slice(0, 2);
    if (n >= 3 && Object.hasOwn(DOUBLE_SURNAMES, two)) {
      return { family: two, familyJamo: syllables.slice(0, 2) as Jamo[], given: syllables.slice(2) as Jamo[] };
    }
    if (n <= 3 && isSurname(text.slice(0, 1))) {
      return { family: text.slice(0, 1), familyJamo: syllables.slice(0, 1) as Jamo[], given: syllables.slice(1) as Jamo[] };
    }
    return undefined;
  }
  const [first, ...rest] = words;
  if (!first || first.syllables.length > 2 || !isSurname(first.text)) return undefined;
  const given = rest.flatMap((w) => w.syllables as Jamo[]);
  if (given.length < 1 || given.length > 3 || rest.some((w) => looksLikeOrganization(w.text))) return undefined;
  return { family: first.text, familyJamo: first.syllables as Jamo[], given };
}

/**
 * Romanize Hangul text. `mr`: DPRK-style McCune-Reischauer as OFAC and the UN write it ("Song Kum
 * Hyok"); `rr`: Revised Romanization with the given name joined ("Song Geumhyeok"). Characters
 * that are not Hangul syllables are kept as they are.
 */
export function romanizeHangul(text: string): { mr: string; rr: string } {
  const names = romanizeHangulNames(text);
  return { mr: names.mr, rr: names.rr };
}

/**
 * Like `romanizeHangul`, plus `common`: the RR form with the family name in its usual South Korean
 * passport spelling ("Park Geumhyeok"), or undefined when the text is not read as a person's name
 * or that spelling is the RR one.
 */
export function romanizeHangulNames(text: string): { mr: string; rr: string; common: string | undefined; person?: string; organization?: string } {
  const words = text
    .normalize('NFC')
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '')
    .map(splitWord);
  if (words.length === 0) return { mr: '', rr: '', common: undefined };
  const person = personSplit(words);
  if (!person) {
    const out: { mr: string; rr: string; common: string | undefined; person?: string; organization?: string } = {
      mr: words.map((w) => romanizeWord(w, 'mr')).join(' '),
      rr: words.map((w) => romanizeWord(w, 'rr')).join(' '),
      common: undefined,
    };
    const organization = organizationReading(words);
    if (organization !== undefined) out.organization = organization;
    // One word of four syllables after a one-syllable family name (량수니오): rarely a name, but
    // when it is, the family name apart and the given name joined ("Ryang Sunio") is its reading.
    const only = words.length === 1 ? words[0]! : undefined;
    if (only && only.syllables.length === 4 && only.syllables.every((s) => s) && isSurname(only.text.slice(0, 1)) && !looksLikeOrganization(only.text)) {
      const jamo = only.syllables as Jamo[];
      out.person = `${mrSurname(only.text.slice(0, 1), jamo.slice(0, 1))} ${capitalize(mrSyllables(jamo.slice(1), false).join(''))}`;
    }
    return out;
  }
  const { family, familyJamo, given } = person;
  const double = DOUBLE_SURNAMES[family];
  const mrFamily = double ? capitalize(mrSyllables(familyJamo, false).join('')) : mrSurname(family, familyJamo);
  const rrFamily = double ? capitalize(rrSyllables(familyJamo)) : rrSurname(familyJamo);
  const commonFamily = double ?? SURNAMES[family]?.[1] ?? rrFamily;
  const mrGiven = mrSyllables(given, true).map(capitalize).join(' ');
  const rrGiven = capitalize(rrSyllables(given));
  return {
    mr: `${mrFamily} ${mrGiven}`,
    rr: `${rrFamily} ${rrGiven}`,
    common: commonFamily !== rrFamily ? `${commonFamily} ${rrGiven}` : undefined,
  };
}
