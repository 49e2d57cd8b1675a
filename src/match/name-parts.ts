/**
 * What the words of a name are, beyond their letters: how much a word says about who is named
 * (very common given names and surnames, generic business words and stop words say little), which
 * words are Arabic particles or Slavic patronymics, and organisation words as stems and numbers
 * ("Trading" = "Trade", "1st" = "First" = "1", "II" = "2"). Pure tables, built once.
 */
import { tokenKey } from './phonetic.js';

// ---------------------------------------------------------------------------------------------
// Word weights

/**
 * Name words so common, in the sanctions lists and in ordinary names the world over, that sharing
 * one says little (the same person is not found by "Ali" or "Kim" alone). Compared by phonetic key,
 * so Mohammed/Muhammad or Hussain/Hussein count as one.
 */
const COMMON_PERSON_WORDS = (
  'muhammad ahmad ali hassan husayn abdul abdullah ibrahim khan mahmud said salih umar yusuf mustafa ismail ' +
  'khalid hamid rashid abu bin ibn al el ul abd allah rahman din nur hajji sayyid shaikh mirza ' +
  'kim ri pak choe jong kang cho yun jang rim han o so sin kwon hwang an song ryu hong jon ko mun yang chon ' +
  'chol yong myong chun song kwang il su nam ho ok hyok sun hui ' +
  'wang li zhang liu chen zhao huang zhou wu xu sun ma zhu hu guo he gao lin luo zheng liang xie tang ' +
  'wei ming jun jian hua hong ping yan ying ling jie tao ' +
  'nguyen tran le pham hoang phan vu dang bui do ngo duong ly van thi ' +
  'singh kumar sharma patel shah das ' +
  'ivan sergey aleksandr vladimir aleksey andrey dmitriy nikolay yuriy igor oleg viktor mikhail pavel ' +
  'yevgeniy anatoliy valeriy gennadiy petr anna olga elena natalya tatyana irina svetlana maria ' +
  'ivanov petrov smirnov popov ' +
  'john james david michael robert william richard joseph thomas charles jose juan carlos luis jorge ' +
  'antonio francisco manuel pedro miguel garcia rodriguez martinez hernandez lopez gonzalez perez sanchez ' +
  'ramirez torres flores rivera gomez diaz cruz morales smith johnson williams brown jones miller davis'
).split(' ');

/** Generic business words and articles: never what tells one organisation from another. */
const GENERIC_ORGANIZATION_WORDS = (
  'trading trade company group international industry industrial technology solution service general ' +
  'holding enterprise investment development import export logistic shipping ship management consulting ' +
  'system global commercial commerce national center centre foundation association organization agency ' +
  'product resource energy engineering construction manufacturing marine maritime network software ' +
  'digital media partner capital finance financial fund bank exchange office branch establishment ' +
  'factory firm business unit department bureau committee council institute ministry store ' +
  'navigation transport corporation co ' +
  // The same words as lists write them in Spanish, Portuguese, Turkish and Russian transliteration.
  'banco grupo compania companhia empresa comercio industria sanayi ticaret kompaniya predpriyatie obedinenie zavod offshore ' +
  // and romanized from Korean (회사, 공사, 상사, 무역)
  'hoesa gongsa kongsa sangsa muyok muyeok'
).split(' ');

/**
 * Places that lead or end organisation names ("Yanbian Silverstar Network Technology", "Dandong
 * Hongxiang", "X (Hong Kong) Limited"): where a company is, not which one. Country names are
 * recognised through the country table as well.
 */
const PLACE_WORDS = new Set(
  (
    'pyongyang nampo namp sinuiju rason chongjin wonsan hamhung kaesong beijing shanghai shenyang dalian dandong ' +
    'yanbian yanji tianjin guangzhou shenzhen hongkong hong kong macau macao qingdao harbin changchun jilin liaoning ' +
    'moscow petersburg vladivostok minsk kiev kyiv tehran teheran damascus beirut dubai sharjah abu dhabi istanbul ' +
    'caracas havana singapore bangkok yangon kabul baghdad tripoli khartoum sanaa doha kuwait asia europe africa ' +
    'america pacific atlantic east west north south eastern western northern southern middle far ' +
    // Nationality adjectives say where too ("Korean Committee for Space Technology").
    'korean chinese russian iranian syrian iraqi libyan lebanese cuban venezuelan belarusian ukrainian ' +
    'european asian african arab arabian american british turkish emirati afghan pakistani ' +
    'dprk prc uk usa uae provincial municipal'
  ).split(' '),
);

export function isPlaceWord(token: string): boolean {
  return PLACE_WORDS.has(token);
}

/** Words that join a name rather than name anything. */
const STOP_WORDS = new Set(
  'the of and for in on at to by a an de la le les du des del della di da do dos das et y e und van von der den'.split(' '),
);

let commonPersonKeys: Set<string> | undefined;
let genericOrganizationKeys: Set<string> | undefined;

/** Weight of a word that is very common in persons' names (see COMMON_PERSON_WORDS). */
export const COMMON_WORD_WEIGHT = 0.6;
/** Weight of a generic business word. */
export const GENERIC_WORD_WEIGHT = 0.45;
/** Weight of a stop word, an Arabic particle or a Slavic patronymic. */
export const PARTICLE_WEIGHT = 0.25;
export const PATRONYMIC_WEIGHT = 0.4;

export function isCommonPersonWord(key: string): boolean {
  commonPersonKeys ??= new Set(COMMON_PERSON_WORDS.map((w) => tokenKey(w)));
  return commonPersonKeys.has(key);
}

export function isGenericOrganizationWord(key: string): boolean {
  genericOrganizationKeys ??= new Set(GENERIC_ORGANIZATION_WORDS.map((w) => tokenKey(organizationStem(w))));
  return genericOrganizationKeys.has(key);
}

export function isStopWord(token: string): boolean {
  return STOP_WORDS.has(token);
}

// ---------------------------------------------------------------------------------------------
// Persons: Arabic particles and Slavic patronymics

/** The Arabic article and the kinship words of Arabic and Persian name chains. */
const PARTICLES = new Set(['al', 'el', 'ul', 'il', 'bin', 'ibn', 'bint', 'ben', 'ould', 'walad', 'abu', 'abou', 'bou', 'ad', 'ar', 'as', 'ash', 'at', 'az', 'an', 'ad', 'ud', 'ur', 'us', 'uz']);

export function isParticle(token: string): boolean {
  return PARTICLES.has(token);
}

/** The article written joined to the word it belongs to ("Alshaer", "Elmashat"). */
const JOINED_ARTICLE_RE = /^(?:al|el|ul)(?=[a-z]{3,})/;

/** "alshaer" -> "shaer"; undefined when the token does not start with a joined article. */
export function withoutArticle(token: string): string | undefined {
  const m = JOINED_ARTICLE_RE.exec(token);
  return m ? token.slice(m[0].length) : undefined;
}

/** Russian, Ukrainian and Belarusian patronymics, in the usual Latin spellings. */
const PATRONYMIC_RE = /^([a-z]{3,}?)(?:[iy]?[eoa]vich|[iy]?[eoa]vych|[iy]?[eoa]vitch|[iy]?[eoa]vna|[iy]?[eoa]una|yivna|ivna|ichna|inichna|ich)$/;

/** The stem of a patronymic ("valeriyevich" -> "valer", "volodymyrivna" -> "volodymyr"), or undefined. */
export function patronymicStem(token: string): string | undefined {
  if (token.length < 7) return undefined;
  const last = token.charCodeAt(token.length - 1);
  if (last !== 104 && last !== 97) return undefined; // every patronymic ends in -h or -a
  const m = PATRONYMIC_RE.exec(token);
  if (!m) return undefined;
  return m[1]!.replace(/[iy]+$/, '');
}

/**
 * A Belarusian or Ukrainian Latin spelling brought near the Russian one, for comparing two
 * Slavic name words: Barabanau / Barabanov, Halavanau / Golovanov, Aleh / Oleg, Dzmitry / Dmitry,
 * Krakhotsin / Krokhotin, Sukharenka / Sukhorenko, Fyedaravych / Fedorovich. Unstressed o is
 * written a in Belarusian, so a/o and e/i/y are not told apart here: only ever a second opinion
 * on words of five letters or more.
 */
export function slavicKey(token: string): string {
  let key = SLAVIC_KEYS.get(token);
  if (key === undefined) {
    key = computeSlavicKey(token);
    if (SLAVIC_KEYS.size >= 100_000) SLAVIC_KEYS.clear();
    SLAVIC_KEYS.set(token, key);
  }
  return key;
}

/**
 * One East Slavic family name in its feminine and masculine forms, as two lists write one woman:
 * Ukhnalyova / Ukhnalev, Ivanova / Ivanov, Sukhina / Sukhin, Zavadskaya / Zavadskiy. Compared by
 * `slavicKey` once the endings are taken off; words of six letters or more.
 */
export function slavicGenderForms(a: string, b: string): boolean {
  const [f, m] = a.length > b.length ? [a, b] : [b, a];
  if (m.length < 5 || f.charCodeAt(f.length - 1) !== 97) return false; // the feminine form ends in a
  const adjectival = /^(.+sk|.+tsk|.+[cz]k)(?:aya|aia)$/.exec(f);
  if (adjectival) {
    const stem = /^(.+sk|.+tsk|.+[cz]k)(?:iy|ii|yy|yi|y|i|oy|oi)$/.exec(m);
    return stem !== null && stem[1]!.length >= 4 && slavicKey(stem[1]!) === slavicKey(adjectival[1]!);
  }
  if (!f.endsWith('a') || !/(?:ov|ev|yov|iov|in|yn)$/.test(m)) return false;
  const stem = f.slice(0, -1);
  return /(?:ov|ev|yov|iov|in|yn)$/.test(stem) && slavicKey(stem) === slavicKey(m);
}

/** Memo of slavicKey (a pure function of the token; bounded). */
const SLAVIC_KEYS = new Map<string, string>();

function computeSlavicKey(token: string): string {
  let s = token;
  s = s.replace(/^uladz/, 'vlad').replace(/dz/g, 'd').replace(/ts(?=[iy])/g, 't').replace(/sts/g, 'st');
  s = s.replace(/([aeiouy])u$/, '$1v').replace(/enka$/, 'enko');
  s = s.replace(/([^kzsc])h/g, '$1g').replace(/^h/, 'g');
  s = s.replace(/y/g, 'i').replace(/i[aeiou]/g, 'i').replace(/[ao]/g, 'a').replace(/[ei]/g, 'i');
  return s.replace(/(.)\1+/g, '$1');
}

/**
 * East Slavic given names as Russian, Ukrainian and Belarusian spell them in Latin letters: one
 * person is "Mikalai" on the Belarusian list and "Nikolai" on the Russian one, "Mykhailo" and
 * "Mikhail", "Yauheni" and "Yevgeniy". Each line is one name; patronymics made from these stems
 * ("Mikalaevich" / "Nikolayevich", "Volodymyrivna" / "Vladimirovna") meet the same way. Names that
 * are also common outside the region in another form (Hanna, Victor) are left out where they would
 * make two other people's names meet.
 */
const SLAVIC_GIVEN_NAMES = [
  'aleksandr alexandr aleksander oleksandr oleksander aliaksandr alyaksandr aliaxandr',
  'aleksandra oleksandra aliaksandra alyaksandra',
  'aleksey aleksei alexey alexei aleksej oleksiy oleksii oleksij aliaksei aliaksey alyaksei',
  'anatoliy anatoly anatolii anatoli anatol',
  'andrey andrei andrej andriy andrii',
  'anna ganna',
  'artem artyom artiom artsiom',
  'bogdan bohdan bagdan',
  'boris barys',
  'denis denys dzianis dzenis',
  'dmitriy dmitry dmitri dmitrii dmytro dmytriy dzmitry dzmitri dzmitryi',
  'elena yelena jelena olena alena alyona',
  'evgeniy evgeny evgenii evgeni yevgeniy yevgeny yevgenii yevhen yevhenii yevheniy yauheni yauhen iauheni',
  'fedor fyodor fedir fiodar fyodar',
  'galina halyna halina',
  'gennadiy gennady gennadii gennadi hennadiy hennadii henadz genadz',
  'georgiy georgy georgii heorhiy heorhii georgi',
  'grigoriy grigory grigorii hryhoriy hryhorii ryhor',
  'igor ihor ihar',
  'ilya ilia illia illya',
  'irina iryna',
  'kirill kyrylo kiryl kiril',
  'konstantin kostiantyn kostyantyn kanstantsin kanstantin',
  'leonid leanid',
  'lyubov liubov lubov',
  'lyudmila ludmila liudmila lyudmyla liudmyla ludmyla',
  'maksim maxim maksym',
  'mariya mariia maryia marya',
  'matvey matvei matviy matvii',
  'mikhail michail mikhayl mykhailo mykhaylo mikhas',
  'nadezhda nadiya nadiia nadzeya nadzeja',
  'natalya natalia nataliya nataliia natallia natalja',
  'nikita mykyta mikita',
  'nikolay nikolai nikolaj mykola mikalai mikalay mikola',
  'oleg oleh aleh',
  'olga olha volha',
  'pavel pavlo paval',
  'petr pyotr petro piotr piatro',
  'roman raman',
  'semen semyon semion siamion',
  'sergey sergei sergej serhiy serhii sergiy siarhei siarhey siarhej',
  'stepan stsiapan stiapan',
  'svetlana svitlana sviatlana',
  'tatyana tatiana tatjana tetiana tetyana tatsiana',
  'timofey timofei tymofiy tsimafei',
  'vadim vadym vadzim',
  'valeriy valery valerii valeri valer',
  'vasiliy vasily vasilii vasili vasyl vasil',
  'viktor viktar',
  'vitaliy vitaly vitalii vitali vital',
  'vladimir volodymyr uladzimir uladzimer',
  'vyacheslav viacheslav viachaslau',
  'yakov yakiv yakau',
  'yaroslav iaroslav yaraslau',
  'yuliya yulia yuliia iuliia yulija',
  'yuriy yury yuri yurii iurii yurij',
  'zakhar zakhary zakhariy zaxar',
];

/** Spelling -> its line in SLAVIC_GIVEN_NAMES; and the same for the stems patronymics are made from. */
const SLAVIC_NAME_GROUP = new Map<string, number>();
const SLAVIC_STEM_GROUP = new Map<string, number>();
SLAVIC_GIVEN_NAMES.forEach((line, group) => {
  for (const spelling of line.split(' ')) {
    SLAVIC_NAME_GROUP.set(spelling, group);
    SLAVIC_STEM_GROUP.set(withoutFinalVowels(spelling), group);
  }
});

function withoutFinalVowels(s: string): string {
  return s.replace(/[aeiouy]+$/, '');
}

/**
 * Whether two words are one East Slavic given name in two languages' spellings ("Mikalai" /
 * "Nikolay"), or two patronymics made from one ("Mikalaevich" / "Nikolayevich").
 */
export function sameSlavicName(a: string, b: string): boolean {
  const ga = SLAVIC_NAME_GROUP.get(a);
  if (ga !== undefined) return ga === SLAVIC_NAME_GROUP.get(b);
  if (SLAVIC_NAME_GROUP.has(b)) return false;
  const sa = patronymicStem(a);
  const sb = sa === undefined ? undefined : patronymicStem(b);
  if (sa === undefined || sb === undefined || patronymicGender(a) !== patronymicGender(b)) return false;
  const pa = SLAVIC_STEM_GROUP.get(withoutFinalVowels(sa));
  return pa !== undefined && pa === SLAVIC_STEM_GROUP.get(withoutFinalVowels(sb));
}

/** A son's patronymic ends in -ch, a daughter's in -na. */
function patronymicGender(token: string): 'm' | 'f' {
  return token.endsWith('h') ? 'm' : 'f';
}

// ---------------------------------------------------------------------------------------------
// Organisations: stems and numbers

/**
 * A light English stem for organisation words, so that "Trading" meets "Trade", "Industries"
 * "Industry" and "Technologies" "Technology": plural, -ing and a final e are taken off.
 */
/** -ical, -ial, -ic, and the -y of the nouns they come from: -gy (Technology), -try (Industry), -omy/-emy (Economy, Academy). */
const ADJECTIVE_ENDING_RE = /(?:ical|ial|ic|(?<=g|tr|[oe]m)y)$/;

export function organizationStem(token: string): string {
  if (token.length <= 4) return token;
  const last = token.charCodeAt(token.length - 1);
  // only -s, -ing, -e and the endings of nouns and their adjectives (-y, -ic, -ial) are taken off
  if (last !== 115 && last !== 103 && last !== 101 && last !== 121 && last !== 99 && last !== 108) return token;
  if (!/^[a-z]+$/.test(token)) return token;
  let s = token;
  if (s.endsWith('ies')) s = `${s.slice(0, -3)}y`;
  else if (s.endsWith('s') && !s.endsWith('ss') && !s.endsWith('us') && !s.endsWith('is')) s = s.slice(0, -1);
  if (s.length > 5 && s.endsWith('ing')) s = s.slice(0, -3);
  if (s.length > 4 && s.endsWith('e')) s = s.slice(0, -1);
  // A noun and its adjective: Economy / Economic(s), Industry / Industrial, Technology /
  // Technological, Finance / Financial, Commerce / Commercial.
  if (s.length >= 7) s = s.replace(ADJECTIVE_ENDING_RE, '');
  return s.replace(/(.)\1$/, '$1');
}

const UNITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TEENS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const ORDINAL_UNITS = ['zeroth', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth'];
const ORDINAL_TEENS = ['tenth', 'eleventh', 'twelfth', 'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth'];
const ORDINAL_TENS = ['', '', 'twentieth', 'thirtieth', 'fortieth', 'fiftieth', 'sixtieth', 'seventieth', 'eightieth', 'ninetieth'];

const NUMBER_WORDS = new Map<string, number>();
UNITS.forEach((w, i) => NUMBER_WORDS.set(w, i));
TEENS.forEach((w, i) => NUMBER_WORDS.set(w, 10 + i));
TENS.forEach((w, i) => w && NUMBER_WORDS.set(w, 10 * i));
ORDINAL_UNITS.forEach((w, i) => NUMBER_WORDS.set(w, i));
ORDINAL_TEENS.forEach((w, i) => NUMBER_WORDS.set(w, 10 + i));
ORDINAL_TENS.forEach((w, i) => w && NUMBER_WORDS.set(w, 10 * i));
NUMBER_WORDS.delete('zero');
NUMBER_WORDS.delete('zeroth');
// "Second" is read as 2 as well: in an organisation's or a vessel's name it is the ordinal ("Second
// Academy of Natural Sciences" / "2nd Academy of Natural Sciences"), and both sides read it alike.

const ROMAN = new Map(
  ['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix', 'x', 'xi', 'xii', 'xiii', 'xiv', 'xv', 'xvi', 'xvii', 'xviii', 'xix', 'xx'].map((r) => [r, romanValue(r)]),
);

function romanValue(r: string): number {
  const v: Record<string, number> = { i: 1, v: 5, x: 10 };
  let total = 0;
  for (let i = 0; i < r.length; i++) {
    const cur = v[r[i]!]!;
    const next = v[r[i + 1] ?? ''] ?? 0;
    total += cur < next ? -cur : cur;
  }
  return total;
}

/** A token written in digits only ("44"), not empty. */
export function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

const ORDINAL_DIGITS_RE = /^(\d+)(?:st|nd|rd|th)$/;
const DIGITS_RE = /^\d+$/;
const NUMBER_SIGNS = new Set(['no', 'nr', 'num', 'number']);

/**
 * Numbers in organisation and vessel names written one way: "1st", "First" and "1" are "1";
 * "Forty-Four" and "44" are "44"; Roman numerals after the first word ("Sparta II") are numbers.
 * Words that are not numbers are returned as they are.
 */
export function numberTokens(tokens: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const ordinal = ORDINAL_DIGITS_RE.exec(t);
    if (ordinal) {
      out.push(String(Number(ordinal[1])));
      continue;
    }
    // "No. 39", "Nr 39", "Number 39": the word says a number follows ("Office No. 39" / "Office 39").
    if (NUMBER_SIGNS.has(t) && i + 1 < tokens.length && DIGITS_RE.test(tokens[i + 1]!)) continue;
    const n = NUMBER_WORDS.get(t);
    if (n !== undefined) {
      const next = tokens[i + 1];
      const unit = next !== undefined ? NUMBER_WORDS.get(next) : undefined;
      if (n >= 20 && n % 10 === 0 && unit !== undefined && unit > 0 && unit < 10) {
        out.push(String(n + unit));
        i++;
      } else out.push(String(n));
      continue;
    }
    const roman = i > 0 ? ROMAN.get(t) : undefined;
    out.push(roman !== undefined && (t.length > 1 || i === tokens.length - 1) ? String(roman) : t);
  }
  return out;
}
