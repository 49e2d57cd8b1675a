/**
 * Phonetic keys for name tokens: a skeleton of one folded Latin token that is the same for the
 * usual romanization variants of one name word and different for different words.
 *
 * Built for the names on sanctions lists, which come romanized from Korean (McCune-Reischauer,
 * Revised Romanization and personal spellings), Russian and Ukrainian (BGN, passport, "simple"),
 * and Arabic (many English and French spellings). The rules, in order:
 *   1. Arabic "abd al-" prefixes in any spelling become "abdul" ("abdel", "abdur-rahman").
 *   2. Consonant classes: k/g/c(hard)/q/ck/gh -> k (but a final "ng" stays: Bang/Bank);
 *      t/d/th/dh -> t; p/b/ph/bh -> p; ch/j/tch/dj/dzh/jh -> j; sh/sch/shch -> x (but "shi" -> "si": Korean Shin/Sin); zh -> q;
 *      kh -> h; x -> ks; c(soft) -> s; rh -> r; wh -> w.
 *   3. Y as a vowel: "iu-"/"ia-" -> "yu-"/"ya-" (passport Iurii, Iakov); initial "ye-" -> "e-"
 *      (Yevgeniy/Evgeniy) but not "yeo-" (Korean Yeong); y after a consonant -> i (Hyok, Dmitry,
 *      Yuryevich); y before e after a vowel is dropped (Nikolayevich); y after a vowel -> i.
 *   4. Vowels: oo, ou -> u; eo -> o (MR o for RR eo); eu -> u (MR u for RR eu); ee -> i; wu -> u
 *      (Woo/U); ei -> ai inside a word (Hussein/Husayn), final ei -> i (Sergei/Sergey/Sergiy);
 *      o -> u (Chol/Chul, Jong/Jung, Osama/Usama: personal spellings do not keep MR o and u apart).
 *   5. Final "-ter" -> "-tr" (Aleksander/Aleksandr, Peter/Petr); final h after a vowel is dropped
 *      (Oh/O, Abdullah/Abdulla); doubled letters collapse.
 *   6. A small table equates the spellings the rules cannot: Korean surnames with initial R/L
 *      (Ri/Lee/Yi/I, Rim/Lim/Im, Ryu/Yu, Ro/No), Park/Pak, Choe/Choi/Chwe, and frequent Arabic and
 *      Russian name words (Muhammad, Ahmad/Ahmed, Yusuf/Yousef, Fyodor/Fedor...).
 * Vowels a, e, i, u stay distinct, so Kim/Kum, Jong/Jang, Song/Sang, Chol/Chil stay apart. A token
 * that is not made of a-z letters and digits, a number, or a single letter (an initial) is its own
 * key, except the one-letter Korean family names I, O and U.
 * Rules are regular expressions compiled once at module load; keys are memoised (bounded cache).
 */

const LATIN_TOKEN_RE = /^[a-z0-9]+$/;
const DIGITS_RE = /^[0-9]+$/;

/** Arabic "abd al-X" in any spelling: abdul, abdel, abdal, abdol, abdoul, abdur-rahman, abdus-salam. */
const ABD_RE = /^abd[aeiou]+(?:l|([tdrszn])(?=\1))/;

const CONSONANTS_RE = /shch|sch|tch|dzh|dj|zh|sh|ch|kh|th|ph|dh|gh|bh|jh|rh|wh|ck|[xcqgdbj]/g;
const CONSONANT_MAP: Record<string, string> = {
  shch: 'x',
  sch: 'x',
  tch: 'j',
  dzh: 'j',
  dj: 'j',
  zh: 'q',
  sh: 'x',
  ch: 'j',
  kh: 'h',
  th: 't',
  ph: 'p',
  dh: 't',
  gh: 'k',
  bh: 'p',
  jh: 'j',
  rh: 'r',
  wh: 'w',
  ck: 'k',
  x: 'ks',
  c: 'k',
  q: 'k',
  g: 'k',
  d: 't',
  b: 'p',
  j: 'j',
};

function consonant(match: string, offset: number, text: string): string {
  const next = text.charCodeAt(offset + match.length);
  // "shi" -> "si" (Korean Shin/Sin, Shim/Sim); soft c -> s.
  if (match === 'sh' && (next === 0x69 || next === 0x79)) return 's';
  if (match === 'c' && (next === 0x65 || next === 0x69 || next === 0x79)) return 's';
  // A final "ng" stays apart from "nk" (Bang/Bank); inside a word n+g/n+k vary (Mingyu/Minkyu).
  if (match === 'g' && offset === text.length - 1 && text.charCodeAt(offset - 1) === 0x6e) return 'g';
  return CONSONANT_MAP[match] ?? match;
}

const INITIAL_IU_RE = /^i(?=[ua])/;
const INITIAL_YE_RE = /^ye(?![ou])/;
const IY_VOWEL_RE = /iy(?=[aeiou])/g;
const VOWEL_Y_E_RE = /([aeiou])y(?=e)/g;
const CONSONANT_Y_RE = /([^aeiouy])y/g;
const VOWEL_Y_RE = /([aeiou])y(?![aeiou])/g;
const VOWEL_PAIRS_RE = /oo|ou|eo|eu|ee/g;
const VOWEL_PAIRS: Record<string, string> = { oo: 'u', ou: 'u', eo: 'o', eu: 'u', ee: 'i' };
const WU_RE = /wu/g;
const FINAL_EI_RE = /ei$/;
const EI_RE = /ei/g;
const O_RE = /o/g;
const FINAL_TER_RE = /ter$/;
const FINAL_H_RE = /([aeiu])h$/;
const DOUBLES_RE = /(.)\1+/g;
/** Korean initial R before y is written or dropped (Ryong/Yong, Ryol/Yeol). */
const INITIAL_RY_RE = /^ry/;
/** A silent h after a vowel and before a consonant: Ahn/An, Sohn/Son, John/Jon. */
const VOWEL_H_CONSONANT_RE = /([aeiou])h(?=[^aeiouy])/g;
/** 희 is written hui, hee and hi; a final ui is i. */
const FINAL_UI_RE = /ui$/;
/** ae and ai stand for one vowel in personal spellings of Korean (Paek/Paik, Baek/Baik). */
const AI_RE = /ai/g;

/** The rule-based skeleton (steps 1-5). */
function skeleton(token: string): string {
  let s = token;
  if (s.startsWith('abd')) s = s.replace(ABD_RE, 'abdul');
  if (s.startsWith('ry')) s = s.replace(INITIAL_RY_RE, 'y');
  if (s.includes('h')) s = s.replace(VOWEL_H_CONSONANT_RE, '$1');
  s = s.replace(CONSONANTS_RE, consonant);
  if (s.includes('y') || s.charCodeAt(0) === 0x69) {
    s = s
      .replace(INITIAL_IU_RE, 'y')
      .replace(INITIAL_YE_RE, 'e')
      .replace(IY_VOWEL_RE, 'i')
      .replace(VOWEL_Y_E_RE, '$1')
      .replace(CONSONANT_Y_RE, '$1i')
      .replace(VOWEL_Y_RE, '$1i');
  }
  s = s.replace(VOWEL_PAIRS_RE, (m) => VOWEL_PAIRS[m] ?? m);
  if (s.endsWith('ui')) s = s.replace(FINAL_UI_RE, 'i');
  if (s.length > 3 && s.endsWith('ie')) s = s.slice(0, -1); // Hoorie / Houri
  if (s.includes('ai')) s = s.replace(AI_RE, 'ae');
  if (s.includes('wu')) s = s.replace(WU_RE, 'u');
  if (s.includes('ei')) s = s.replace(FINAL_EI_RE, 'i').replace(EI_RE, 'ai');
  s = s.replace(O_RE, 'u');
  if (s.endsWith('ter')) s = s.replace(FINAL_TER_RE, 'tr');
  if (s.endsWith('h')) s = s.replace(FINAL_H_RE, '$1');
  return s.replace(DOUBLES_RE, '$1');
}

/**
 * Spellings the rules leave apart but that are one name word. The first spelling of a group is
 * its canonical form. In EXACT_SPELLINGS the listed tokens themselves are mapped; in
 * EQUIVALENT_SPELLINGS every spelling's skeleton is, so unlisted spellings with the same skeleton
 * follow ("muhammet" like "mohamed").
 */
const EXACT_SPELLINGS: string[][] = [
  // Korean surnames: DPRK keeps the initial R, South Korea drops it or writes L. These are short
  // words whose skeletons other names share ("rey", "lei"), so only these exact spellings count.
  ['i', 'ri', 'rhee', 'ree', 'lee', 'yi', 'li', 'yee', 'rhi'],
  ['im', 'rim', 'lim', 'yim'],
  ['yu', 'ryu', 'yoo', 'ryoo', 'lyu'],
  ['no', 'ro', 'noh', 'roh'],
  ['yang', 'ryang'],
  ['yom', 'ryom', 'yeom'],
  ['yong', 'ryong', 'lyong'],
  ['pak', 'park', 'bak', 'bahk'],
  ['choe', 'choi', 'chwe', 'choy'],
  ['o', 'oh'],
  ['u', 'woo', 'wu'],
  ['ho', 'heo', 'hur', 'huh'],
  ['ra', 'na', 'la'],
  // Korea as North Korean names write it: Chosun (Choson, Joson) Trading = Korea Trading = DPRK Trading.
  ['korea', 'chosun', 'choson', 'joson', 'chosen', 'dprk'],
];

const EQUIVALENT_SPELLINGS: string[][] = [
  // Arabic name words.
  [
    'muhammad',
    'mohammed',
    'mohamed',
    'mohammad',
    'muhammed',
    'mohamad',
    'muhamad',
    'mohamud',
    'muhamed',
    'mouhamed',
    'mouhammad',
    'mohummad',
    'mohd',
    'muhd',
    'mhd',
    'mohamet',
  ],
  ['abdul', 'abd', 'abdu', 'abdoul'],
  ['al', 'el', 'ul'],
  ['ahmad', 'ahmed', 'ahmet'],
  ['yusuf', 'yousef', 'youssef', 'yousuf', 'yusef', 'yousif', 'yusif', 'youcef', 'yousof', 'yossef'],
  ['husayn', 'hussein', 'husain', 'hossein', 'hussain', 'husein', 'hussien', 'houssein', 'hosein', 'huseyin'],
  ['uthman', 'othman', 'osman', 'usman', 'usmon'],
  ['khalid', 'khaled'],
  ['hamid', 'hamed'],
  ['rashid', 'rashed'],
  ['majid', 'majed'],
  ['salih', 'saleh'],
  ['salim', 'salem'],
  ['nasir', 'nasser', 'naser', 'nassir'],
  ['tariq', 'tarek', 'tarik', 'tareq'],
  ['adil', 'adel'],
  ['said', 'saeed', 'saeid', 'saied'],
  ['mahmud', 'mehmood', 'mahmood'],
  ['jafar', 'jaafar', 'djafar'],
  ['ismail', 'ismael', 'ismayil'],
  ['ibrahim', 'ebrahim', 'ibragim'],
  ['mustafa', 'mostafa', 'moustafa', 'mustapha'],
  ['ali', 'aly'],
  ['dawud', 'daud', 'dawood', 'daoud', 'dawoud', 'davud'],
  ['sulayman', 'suleiman', 'sulaiman', 'soliman', 'suleyman', 'sulaymon'],
  ['qasim', 'qasem', 'kasim', 'kassem', 'qassem', 'kasem', 'qassim'],
  ['mubarak', 'mobarak', 'moubarak'],
  ['abdulrahman', 'abdelrahman', 'abdurrahman', 'abdulrhman', 'abdalrahman'],
  ['hisham', 'hesham'],
  ['ayman', 'aiman', 'eiman'],
  ['usama', 'osama', 'oussama'],
  ['faisal', 'faysal', 'feisal'],
  ['muammar', 'moammar', 'muammer'],
  ['hassan', 'hasan'],
  // Russian given names whose ё or е is written e, yo or ye.
  ['fyodor', 'fedor', 'feodor'],
  ['artyom', 'artem', 'artiom'],
  ['semyon', 'semen'],
  ['pyotr', 'petr', 'peter'],
  ['alexey', 'aleksey', 'alexei', 'aleksei', 'aleksiy', 'oleksiy', 'oleksii'],
  ['oleksandr', 'aleksandr', 'alexander', 'alexandr', 'oleksander'],
];

const EXACT_ALIASES = new Map<string, string>();
for (const group of EXACT_SPELLINGS) {
  const canonical = skeleton(group[0]!);
  for (const spelling of group) EXACT_ALIASES.set(spelling, canonical);
}

const ALIASES = new Map<string, string>();
for (const group of EQUIVALENT_SPELLINGS) {
  const canonical = skeleton(group[0]!);
  for (const spelling of group) {
    const key = skeleton(spelling);
    if (key !== canonical) ALIASES.set(key, canonical);
  }
}

const VOWELS_RE = /[aeiouy]/;

/**
 * A short token without vowels ("IBM", "IPM", "MSP", "KFC") is an acronym: its letters are not a
 * spelling of a sound, so b and p, or k and g, are different letters there ("IBM" is not "IPM").
 */
function isAcronym(token: string): boolean {
  return token.length <= 4 && !VOWELS_RE.test(token);
}

/**
 * Memo of recent keys: list names repeat their words (100k names hold ~35k distinct tokens), so
 * the index build computes each key once. Bounded; cleared when full. Keys are a pure function of
 * the token, so the cache never changes a result.
 */
const CACHE = new Map<string, string>();
const CACHE_LIMIT = 600_000;

/**
 * The phonetic key of ONE folded Latin token (see the rules above). Equal keys mean "the same name
 * word as far as romanization can tell"; the scorer compares keys after exact tokens.
 */
export function tokenKey(token: string): string {
  const cached = CACHE.get(token);
  if (cached !== undefined) return cached;
  let key = EXACT_ALIASES.get(token);
  if (key === undefined) {
    if (token.length <= 1 || !LATIN_TOKEN_RE.test(token) || DIGITS_RE.test(token) || isAcronym(token)) key = token;
    else {
      const s = skeleton(token);
      key = ALIASES.get(s) ?? s;
    }
  }
  if (CACHE.size >= CACHE_LIMIT) CACHE.clear();
  CACHE.set(token, key);
  return key;
}

// ---------------------------------------------------------------------------------------------
// Consonant skeletons, for names written in Arabic script

const SKELETON_DIGRAPHS: [string, string][] = [
  ['kh', 'h'],
  ['gh', 'k'],
  ['sh', 'x'],
  // French spellings of Arabic names write ش ch (Chehade, Chahine, Cherif); Persian چ is ch in both.
  ['ch', 'x'],
  ['zh', 't'],
  ['th', 's'],
  ['dh', 't'],
  ['ph', 'f'],
  ['dj', 'j'],
  ['ck', 'k'],
];
const SKELETON_LETTERS: Record<string, string> = {
  // d, z, dh stand together: ض ذ ظ are d in Arabic and z in Persian (Reza / Rida).
  b: 'b', p: 'b', t: 't', d: 't', s: 's', c: 'k', j: 'j', g: 'k', z: 't', h: 'h', k: 'k', q: 'k',
  f: 'f', l: 'l', m: 'm', n: 'n', r: 'r', x: 'ks',
};

/**
 * The consonants of a folded Latin token, by sound class, vowels and semi-vowels (y, w, and v,
 * which is Persian و) dropped: the part
 * of a name that Arabic script writes. "Dehghan" and "dehqan" are both "thkn", "Hamed" and "Hamid"
 * "hmt", "Soleimani" "slmn". Too loose to compare Latin names with each other (Maria / Mario); the
 * scorer uses it only when one side was written in Arabic script.
 */
export function consonantSkeleton(token: string): string {
  const cached = SKELETON_CACHE.get(token);
  if (cached !== undefined) return cached;
  const skeleton = computeSkeleton(token);
  if (SKELETON_CACHE.size >= CACHE_LIMIT) SKELETON_CACHE.clear();
  SKELETON_CACHE.set(token, skeleton);
  return skeleton;
}

const SKELETON_CACHE = new Map<string, string>();

function computeSkeleton(token: string): string {
  let s = token;
  for (const [from, to] of SKELETON_DIGRAPHS) if (s.includes(from)) s = s.split(from).join(`${to.toUpperCase()}`);
  let out = '';
  for (const ch of s) {
    const mapped = ch >= 'A' && ch <= 'Z' ? ch.toLowerCase() : SKELETON_LETTERS[ch];
    if (mapped === undefined) continue; // vowels, y, w, apostrophes, digits
    if (!out.endsWith(mapped)) out += mapped;
  }
  // A final h is silent as often as not (Abdullah / Abdulla, ta marbuta).
  return out.length > 1 && out.endsWith('h') ? out.slice(0, -1) : out;
}
