/**
 * Latin renderings of a name written in any script, so that a listed "Евгений Хотимский", "송금혁"
 * or "محمد عبد الله" meets the Latin spellings people type.
 *
 * `latinForms` returns up to four forms, most likely first. Words are grouped into runs of one
 * script and each run is rendered on its own:
 *  - Latin: kept as written.
 *  - Hangul: DPRK-style McCune-Reischauer, Revised Romanization, and the RR form with the usual
 *    passport spelling of the family name (korean.ts).
 *  - Han: pinyin (pinyin-pro, with family-name readings); a 2-4 character name is read family name
 *    first and the given name written both joined and apart ("Jin Zhengen", "Jin Zheng En").
 *  - Cyrillic: any-ascii's rendering plus the BGN/PCGN style ("Yevgeniy"), the "simple" style of
 *    many lists ("Evgeny") and the passport (ICAO 9303) style ("Evgenii"); Ukrainian (і ї є ґ)
 *    and Belarusian (ў; і with ы or э) in their national systems first, Russian style last.
 *  - Arabic: the usual spelling of about 120 frequent name words (two spellings where both are
 *    common: Muhammad/Mohammed; "Abd" compounds: Abdullah / Abd al-Rahman), a guess from the
 *    vowel letters for other words ("al-Asad"), and any-ascii's consonantal rendering as a last form.
 *  - Greek, Armenian, Georgian, kana and everything else: any-ascii.
 * Pure functions; the tables are built once at module load.
 */
import anyAscii from 'any-ascii';
import { pinyin } from 'pinyin-pro';
import { chineseFromCyrillic, koreanFromCyrillic } from './cyrillic-cjk.js';
import { cantoneseReading, hanjaReading, wadeGiles } from './han-readings.js';
import { Glossary } from './glossary.js';
import { isKoreanFamilyName, romanizeHangulNames } from './korean.js';

const MAX_FORMS = 8;
/** Readings of one Cyrillic name as Korean or Chinese, at most. */
const EAST_ASIAN_FORMS = 5;

type Script = 'Latn' | 'Hang' | 'Hani' | 'Cyrl' | 'Arab' | 'Grek' | 'Other' | 'None';

function charScript(code: number): Script {
  if (code < 0x80) {
    return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) ? 'Latn' : 'None';
  }
  if (code < 0x250) return code === 0xd7 || code === 0xf7 || code < 0xc0 ? 'None' : 'Latn';
  if (code < 0x2b0) return 'Latn'; // IPA extensions
  if (code < 0x370) return 'None'; // modifier letters (ʻ ʼ), combining diacritics
  if (code <= 0x03ff) return 'Grek';
  if (code >= 0x0400 && code <= 0x052f) return 'Cyrl';
  if ((code >= 0x0600 && code <= 0x06ff) || (code >= 0x0750 && code <= 0x077f) || (code >= 0x08a0 && code <= 0x08ff)) {
    return code === 0x060c || code === 0x061b || code === 0x061f || code === 0x0640 ? 'None' : 'Arab';
  }
  if ((code >= 0x1e00 && code <= 0x1eff) || (code >= 0x2c60 && code <= 0x2c7f) || (code >= 0xa720 && code <= 0xa7ff)) {
    return 'Latn';
  }
  if (code >= 0x1f00 && code <= 0x1fff) return 'Grek';
  if (
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0x1100 && code <= 0x11ff) ||
    (code >= 0x3130 && code <= 0x318f)
  ) {
    return 'Hang';
  }
  if (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0x20000 && code <= 0x2ffff)
  ) {
    return 'Hani';
  }
  if ((code >= 0xfb50 && code <= 0xfdff) || (code >= 0xfe70 && code <= 0xfeff)) return 'Arab';
  if (code >= 0x2000 && code <= 0x2bff) return 'None'; // punctuation, symbols
  if (code >= 0x3000 && code <= 0x303f) return 'None'; // CJK punctuation
  return 'Other';
}

/** The script most letters of a word are in (Latin letters inside a Cyrillic word count as Cyrillic). */
function wordScript(word: string): Script {
  const counts: Partial<Record<Script, number>> = {};
  for (const ch of word) {
    const s = charScript(ch.codePointAt(0)!);
    if (s !== 'None') counts[s] = (counts[s] ?? 0) + 1;
  }
  let best: Script = 'None';
  let most = 0;
  for (const [s, n] of Object.entries(counts) as [Script, number][]) {
    if (n > most || (n === most && s !== 'Latn')) {
      best = s;
      most = n;
    }
  }
  if (best === 'Latn' && counts.Cyrl) return 'Cyrl'; // "Марiя": a Latin i in a Cyrillic word
  return best;
}

const WORD_START_RE = /(^|[^\p{L}\p{N}\p{M}'])(\p{Ll})/gu;
const APOSTROPHES_RE = /['`ʹʺ’]/g;
const SPACES_RE = /\s+/g;

function capitalizeWords(text: string): string {
  return text.replace(WORD_START_RE, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
}

function clean(text: string): string {
  return text.replace(APOSTROPHES_RE, '').replace(SPACES_RE, ' ').trim();
}

// ---------------------------------------------------------------------------------------------
// Cyrillic

/** Latin homoglyphs found inside Cyrillic words in real lists ("Марiя"), mapped to Cyrillic. */
const HOMOGLYPHS: Record<string, string> = {
  a: 'а',
  c: 'с',
  e: 'е',
  i: 'і',
  o: 'о',
  p: 'р',
  x: 'х',
  y: 'у',
  k: 'к',
  m: 'м',
  t: 'т',
  h: 'н',
  b: 'в',
};

const HOMOGLYPHS_RE = new RegExp(`[${Object.keys(HOMOGLYPHS).join('')}]`, 'g');

const RU_BASE: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  ж: 'zh',
  з: 'z',
  и: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  й: 'y',
  е: 'e',
  ё: 'e',
  // Ukrainian and Belarusian letters in Russian-style output
  і: 'i',
  ї: 'yi',
  є: 'ye',
  ґ: 'g',
  ў: 'u',
};

/** RU_BASE by code point, U+0400..U+045F. */
const RU_CODES: (string | undefined)[] = Array.from({ length: 0x60 }, (_, i) => RU_BASE[String.fromCharCode(0x400 + i)]);

const C = {
  IE: 0x435, // е
  IO: 0x451, // ё
  I: 0x438, // и
  SHORT_I: 0x439, // й
  YERU: 0x44b, // ы
  SOFT: 0x44c, // ь
  HARD: 0x44a, // ъ
  YU: 0x44e, // ю
  YA: 0x44f, // я
  GHE: 0x433, // г
  O: 0x43e, // о
  UK_YE: 0x454, // є
  UK_YI: 0x457, // ї
  BY_I: 0x456, // і
} as const;

const VOWEL_CODES = new Set([...'аеёиоуыэюяіїє'].map((ch) => ch.charCodeAt(0)));
const IOTATED_CODES = new Set([...'еёюяи'].map((ch) => ch.charCodeAt(0)));
const isCyrillicVowel = (c: number): boolean => VOWEL_CODES.has(c);
const isIotated = (c: number): boolean => IOTATED_CODES.has(c);

/** any-ascii for one character outside the tables (other Cyrillic alphabets, punctuation), memoised. */
const ASCII_CHARS = new Map<string, string>();
function asciiChar(ch: string): string {
  let r = ASCII_CHARS.get(ch);
  if (r === undefined) {
    r = anyAscii(ch).toLowerCase();
    if (ASCII_CHARS.size < 4096) ASCII_CHARS.set(ch, r);
  }
  return r;
}

type CyrillicScheme = 'bgn' | 'simple' | 'icao' | 'ukrainian' | 'ukrainianY' | 'belarusian' | 'belarusianY';

/**
 * One word (lower case, Cyrillic) in one scheme:
 *  - bgn: е -> ye at the start, after a vowel or a soft/hard sign; ё -> yo; й -> y; -ий -> iy.
 *  - simple: е -> e; ё -> e; -ий/-ый -> y; ь before a vowel -> i ("Yurievich", "Natalia").
 *  - icao: passports since 2013: й -> i, ю -> iu, я -> ia, ъ -> ie.
 *  - ukrainian: national system (2010): г -> h, и -> y, є/ї/й/ю/я -> ie/i/i/iu/ia inside a word.
 *  - ukrainianY: the same with ye/yi/y/yu/ya everywhere ("Mariya"), as many lists write it.
 *  - belarusian: national system as the lists write it: г -> h, ў -> u, е/ё/ю/я -> ie/io/iu/ia after a
 *    consonant, й -> i after a vowel ("Siarhei", "Aliaksandr", "Yauhen", "Kalinouski").
 *  - belarusianY: the same with ye/yo/yu/ya and й -> y ("Syarhey", "Alyaksandr").
 */
function cyrillicWord(word: string, scheme: CyrillicScheme): string {
  let out = '';
  const ukr = scheme === 'ukrainian' || scheme === 'ukrainianY';
  const bel = scheme === 'belarusian' || scheme === 'belarusianY';
  const n = word.length; // Cyrillic is in the BMP: string indices are characters
  for (let i = 0; i < n; i++) {
    const c = word.charCodeAt(i);
    const prev = i > 0 ? word.charCodeAt(i - 1) : 0;
    const next = i + 1 < n ? word.charCodeAt(i + 1) : 0;
    const atStart = i === 0;
    const afterVowel = prev !== 0 && (isCyrillicVowel(prev) || prev === C.SOFT || prev === C.HARD);
    let r: string | undefined;
    if (bel) {
      // Lists write е as e after a consonant ("Siarhei", "Yauhen") but ё/ю/я as io/iu/ia there
      // ("Arciom", "Keniukh", "Aliaksandr"); after ь all four take i ("Henadzievich").
      const y = atStart || (afterVowel && prev !== C.SOFT);
      const yForm = y || scheme === 'belarusianY';
      if (c === C.GHE) r = 'h';
      else if (c === C.IE) r = y ? 'ye' : prev === C.SOFT ? 'ie' : 'e';
      else if (c === C.IO) r = yForm ? 'yo' : 'io';
      else if (c === C.YU) r = yForm ? 'yu' : 'iu';
      else if (c === C.YA) r = yForm ? 'ya' : 'ia';
      // Passports end -ій and -ый in i and y: "Yauheni", "Dzmitry", "Aliaksei".
      else if (c === C.SHORT_I && next === 0 && scheme === 'belarusian' && (prev === C.BY_I || prev === C.YERU)) r = '';
      else if (c === C.SHORT_I) r = scheme === 'belarusianY' || atStart ? 'y' : 'i';
    } else if (ukr) {
      const inner = !atStart && scheme === 'ukrainian';
      if (c === C.GHE) r = 'h';
      else if (c === C.I) r = 'y';
      else if (c === C.UK_YE) r = inner ? 'ie' : atStart || afterVowel ? 'ye' : 'e';
      else if (c === C.UK_YI) r = inner ? 'i' : 'yi';
      else if (c === C.SHORT_I) r = inner ? 'i' : 'y';
      else if (c === C.YU) r = inner ? 'iu' : 'yu';
      else if (c === C.YA) r = inner ? 'ia' : 'ya';
      else if (c === C.IE) r = 'e';
      else if (c === C.SOFT && next === C.O) r = scheme === 'ukrainianY' ? 'y' : 'i'; // ьо: "Vitalyovych"
    } else if (scheme === 'bgn') {
      if (c === C.IE) r = atStart || afterVowel ? 'ye' : 'e';
      else if (c === C.IO) r = 'yo';
    } else if (scheme === 'simple') {
      if (c === C.SHORT_I && next === 0 && (prev === C.I || prev === C.YERU)) {
        out = out.slice(0, -1);
        r = 'y';
      } else if (c === C.SOFT && isIotated(next)) r = 'i';
      else if (c === C.YU && prev === C.SOFT) r = 'u';
      else if (c === C.YA && prev === C.SOFT) r = 'a';
    } else if (scheme === 'icao') {
      if (c === C.SHORT_I) r = 'i';
      else if (c === C.YU) r = 'iu';
      else if (c === C.YA) r = 'ia';
      else if (c === C.HARD) r = 'ie';
    }
    if (r === undefined) r = (c >= 0x400 && c < 0x460 ? RU_CODES[c - 0x400] : undefined) ?? asciiChar(word[i]!);
    out += r;
  }
  return out;
}

const UKRAINIAN_RE = /[іїєґ]/;
/** Belarusian: ў, or і together with ы or э (Ukrainian has neither). */
const BELARUSIAN_RE = /ў|і[^ ]*[ыэ]|[ыэ][^ ]*і/;

/**
 * Words of Russian organisation names as the lists write them in English. Nouns as written
 * (lower case); adjectives by their stem, whatever their ending (металлургический, -ая, -ое, -ие).
 * A company's name in Cyrillic is mostly such words around its own name ("Акционерное Общество
 * Самарский Металлургический Завод" is "Samara Metallurgical Plant JSC"); translated, they meet
 * the listed English name. Legal forms are left to the legal-form table, which reads them in Latin.
 */
const RUSSIAN_ORGANIZATION_NOUNS: Record<string, string> = {
  завод: 'Plant',
  фабрика: 'Factory',
  комбинат: 'Combine',
  предприятие: 'Enterprise',
  объединение: 'Association',
  институт: 'Institute',
  компания: 'Company',
  банк: 'Bank',
  корпорация: 'Corporation',
  концерн: 'Concern',
  холдинг: 'Holding',
  группа: 'Group',
  центр: 'Center',
  бюро: 'Bureau',
  дом: 'House',
  технологии: 'Technologies',
  фирма: 'Firm',
  // English company words written in Cyrillic ("Арктик Энерджис": Arctic Energies).
  трейдинг: 'Trading',
  групп: 'Group',
  груп: 'Group',
  инвест: 'Invest',
  энерджи: 'Energy',
  энерджис: 'Energies',
  технолоджис: 'Technologies',
  интернешнл: 'International',
  интернэшнл: 'International',
  логистик: 'Logistics',
  логистикс: 'Logistics',
  шиппинг: 'Shipping',
  консалтинг: 'Consulting',
  девелопмент: 'Development',
  менеджмент: 'Management',
  сервис: 'Service',
  цемент: 'Cement',
  трейд: 'Trade',
};
const RUSSIAN_ORGANIZATION_ADJECTIVES: Record<string, string> = {
  'научно-производственн': 'Scientific and Production',
  'научно-исследовательск': 'Scientific Research',
  'летно-исследовательск': 'Flight Research',
  производственн: 'Production',
  научн: 'Scientific',
  исследовательск: 'Research',
  конструкторск: 'Design',
  геологическ: 'Geological',
  металлургическ: 'Metallurgical',
  трубопрокатн: 'Pipe Rolling',
  химическ: 'Chemical',
  машиностроительн: 'Machine Building',
  приборостроительн: 'Instrument Making',
  электронн: 'Electronic',
  механическ: 'Mechanical',
  оптическ: 'Optical',
  авиационн: 'Aviation',
  авиастроительн: 'Aircraft Building',
  вертолетн: 'Helicopter',
  вертолётн: 'Helicopter',
  судостроительн: 'Shipbuilding',
  оборонн: 'Defense',
  ракетн: 'Missile',
  радиоэлектронн: 'Radio Electronic',
  торгов: 'Trading',
  федеральн: 'Federal',
  государственн: 'State',
  унитарн: 'Unitary',
  транспортн: 'Transport',
  судоходн: 'Shipping',
  нефтян: 'Oil',
  газов: 'Gas',
  энергетическ: 'Energy',
  строительн: 'Construction',
  инженерн: 'Engineering',
  технологическ: 'Technological',
  международн: 'International',
  российск: 'Russian',
  сибирск: 'Siberian',
  уральск: 'Ural',
  дальневосточн: 'Far Eastern',
  // Cities whose adjective is not the city's name plus an ending (those in -sk are read by rule).
  московск: 'Moscow',
  'санкт-петербургск': 'Saint Petersburg',
  петербургск: 'Petersburg',
  ленинградск: 'Leningrad',
  самарск: 'Samara',
  казанск: 'Kazan',
  тульск: 'Tula',
  курганск: 'Kurgan',
  рязанск: 'Ryazan',
  саратовск: 'Saratov',
  ярославск: 'Yaroslavl',
  нижегородск: 'Nizhny Novgorod',
  воронежск: 'Voronezh',
  пермск: 'Perm',
  ростовск: 'Rostov',
  тверск: 'Tver',
  калужск: 'Kaluga',
  владимирск: 'Vladimir',
  екатеринбургск: 'Yekaterinburg',
  уфимск: 'Ufa',
  кировск: 'Kirov',
  ковровск: 'Kovrov',
  оренбургск: 'Orenburg',
  тамбовск: 'Tambov',
  липецк: 'Lipetsk',
  кубанск: 'Kuban',
  севастопольск: 'Sevastopol',
  крымск: 'Crimean',
};
const RUSSIAN_ADJECTIVE_ENDING_RE = /(?:ый|ий|ой|ая|яя|ое|ее|ые|ие|ого|его|ому|ему|ым|им|ую|юю|ых|их|о)$/;
/** A place adjective not in the table, a city in -sk: "челябинский" is Chelyabinsk. */
const SK_ADJECTIVE_RE = /^(.{3,}ск)(?:ий|ая|ое|ие|ого|ой|их)$/;

function russianOrganizationWord(word: string): { english: string; known: boolean } | undefined {
  const noun = RUSSIAN_ORGANIZATION_NOUNS[word];
  if (noun !== undefined) return { english: noun, known: true };
  const stem = word.replace(RUSSIAN_ADJECTIVE_ENDING_RE, '');
  if (stem !== word) {
    const adjective = Object.hasOwn(RUSSIAN_ORGANIZATION_ADJECTIVES, stem) ? RUSSIAN_ORGANIZATION_ADJECTIVES[stem] : undefined;
    if (adjective !== undefined) return { english: adjective, known: true };
  }
  const city = SK_ADJECTIVE_RE.exec(word);
  if (city) return { english: capitalizeWords(cyrillicWord(city[1]!, 'bgn')), known: false };
  return undefined;
}

/**
 * Whether an organisation reading of words (Russian, Arabic script) says anything: a known word
 * beside another word, or three known words (a name made of them: "Syrian Company for Metals").
 */
function keepsOrganizationReading(known: number, others: number): boolean {
  return (known > 0 && others > 0) || known >= 3;
}

/**
 * A Russian organisation's name with its known words translated (see RUSSIAN_ORGANIZATION_NOUNS),
 * the other words transliterated; undefined unless a word is known and another word is there, or
 * three words are known.
 */
function russianOrganizationForm(words: string[]): string | undefined {
  const out: string[] = [];
  let known = 0;
  let other = 0;
  for (const word of words) {
    const read = russianOrganizationWord(word);
    if (read?.known) known++;
    else other++;
    out.push(read?.english ?? capitalizeWords(cyrillicWord(word, 'bgn')));
  }
  return keepsOrganizationReading(known, other) ? out.join(' ') : undefined;
}

function cyrillicForms(run: string): string[] {
  const words = run
    .toLowerCase()
    .replace(HOMOGLYPHS_RE, (ch) => HOMOGLYPHS[ch] ?? ch)
    .split(' ');
  const belarusian = words.some((w) => BELARUSIAN_RE.test(w));
  const ukrainian = !belarusian && words.some((w) => UKRAINIAN_RE.test(w));
  const render = (scheme: CyrillicScheme): string =>
    capitalizeWords(words.map((w) => cyrillicWord(w, scheme)).join(' '));
  const ascii = capitalizeWords(clean(anyAscii(words.join(' '))).toLowerCase());
  if (belarusian) return [render('belarusian'), render('belarusianY'), ascii, render('bgn')];
  if (ukrainian) return [render('ukrainianY'), render('ukrainian'), ascii, render('bgn')];
  const organization = russianOrganizationForm(words);
  const forms = [ascii, render('bgn'), render('simple'), render('icao')];
  if (organization !== undefined) forms.push(organization);
  return forms;
}

// ---------------------------------------------------------------------------------------------
// Arabic

/** Frequent Arabic name words: unvocalised spelling -> usual Latin spelling(s), most common first. */
const ARABIC_WORDS: Record<string, string[]> = {
  محمد: ['Muhammad', 'Mohammed'],
  احمد: ['Ahmad', 'Ahmed'],
  محمود: ['Mahmud', 'Mahmoud'],
  علي: ['Ali'],
  حسن: ['Hasan', 'Hassan'],
  حسين: ['Husayn', 'Hussein'],
  عبد: ['Abd', 'Abdul'],
  الله: ['Allah'],
  عبدالله: ['Abdullah', 'Abd Allah'],
  مصطفى: ['Mustafa', 'Mostafa'],
  ابراهيم: ['Ibrahim'],
  يوسف: ['Yusuf', 'Yousef'],
  خالد: ['Khalid', 'Khaled'],
  عمر: ['Umar', 'Omar'],
  عثمان: ['Uthman', 'Osman'],
  سعيد: ['Said', 'Saeed'],
  سعد: ['Saad'],
  صالح: ['Salih', 'Saleh'],
  سالم: ['Salim', 'Salem'],
  سليم: ['Salim'],
  ناصر: ['Nasir', 'Nasser'],
  نصر: ['Nasr'],
  جمال: ['Jamal'],
  كمال: ['Kamal'],
  فيصل: ['Faisal', 'Faysal'],
  فهد: ['Fahd'],
  سلمان: ['Salman'],
  سليمان: ['Sulayman', 'Suleiman'],
  عيسى: ['Isa', 'Issa'],
  موسى: ['Musa', 'Mousa'],
  يحيى: ['Yahya'],
  زكريا: ['Zakariya', 'Zakaria'],
  اسماعيل: ['Ismail'],
  جعفر: ['Jafar', 'Jaafar'],
  حمزه: ['Hamza'],
  طارق: ['Tariq', 'Tarek'],
  ماجد: ['Majid', 'Majed'],
  راشد: ['Rashid', 'Rashed'],
  رشيد: ['Rashid'],
  حمد: ['Hamad'],
  حامد: ['Hamid', 'Hamed'],
  حميد: ['Hamid'],
  مجيد: ['Majid'],
  عزيز: ['Aziz'],
  كريم: ['Karim'],
  رحمن: ['Rahman'],
  رحيم: ['Rahim'],
  قادر: ['Qadir'],
  دين: ['Din'],
  نور: ['Nur', 'Noor'],
  منصور: ['Mansur', 'Mansour'],
  مهدي: ['Mahdi'],
  هادي: ['Hadi'],
  جواد: ['Jawad'],
  كاظم: ['Kazim', 'Kadhim'],
  رضا: ['Rida', 'Reza'],
  زين: ['Zayn', 'Zein'],
  فاطمه: ['Fatima', 'Fatma'],
  عائشه: ['Aisha'],
  عايشه: ['Aisha'],
  خديجه: ['Khadija'],
  زينب: ['Zaynab', 'Zeinab'],
  مريم: ['Maryam'],
  امين: ['Amin'],
  امير: ['Amir'],
  اسامه: ['Usama', 'Osama'],
  عمار: ['Ammar'],
  ياسر: ['Yasir', 'Yasser'],
  ياسين: ['Yasin', 'Yassin'],
  وليد: ['Walid'],
  خليل: ['Khalil'],
  اسحاق: ['Ishaq'],
  يعقوب: ['Yaqub'],
  ايوب: ['Ayyub'],
  داود: ['Dawud', 'Daoud'],
  نبيل: ['Nabil'],
  عادل: ['Adil', 'Adel'],
  بكر: ['Bakr'],
  ابو: ['Abu'],
  ابن: ['Ibn'],
  بن: ['bin'],
  بنت: ['bint'],
  ال: ['Al'],
  حاج: ['Hajj'],
  سيد: ['Sayyid', 'Sayed'],
  هاشم: ['Hashim', 'Hashem'],
  قاسم: ['Qasim', 'Qassem'],
  عباس: ['Abbas'],
  جميل: ['Jamil'],
  جبار: ['Jabbar'],
  غني: ['Ghani'],
  لطيف: ['Latif'],
  مالك: ['Malik'],
  انور: ['Anwar'],
  انس: ['Anas'],
  بلال: ['Bilal'],
  حبيب: ['Habib'],
  حافظ: ['Hafiz'],
  حكيم: ['Hakim'],
  مراد: ['Murad'],
  مختار: ['Mukhtar'],
  نجيب: ['Najib'],
  شريف: ['Sharif'],
  صلاح: ['Salah'],
  ظاهر: ['Zahir'],
  عماد: ['Imad'],
  غازي: ['Ghazi'],
  فريد: ['Farid'],
  فؤاد: ['Fuad'],
  لؤي: ['Luay'],
  مازن: ['Mazin', 'Mazen'],
  معتز: ['Mutaz'],
  نادر: ['Nadir', 'Nader'],
  هشام: ['Hisham'],
  وائل: ['Wael'],
  ابوبكر: ['Abu Bakr', 'Abubakar'],
};

const HARAKAT_RE = /[\u064b-\u065f\u0670\u0640]/g;
const ALIFS_RE = /[أإآٱ]/g;
const ALIF_MAQSURA_RE = /ى/g;
const TA_MARBUTA_RE = /ة/g;
/** Persian and Urdu forms of Arabic letters, unified for table look-ups. */
const PERSIAN_LETTERS: Record<string, string> = { ی: 'ي', ک: 'ك', ھ: 'ه', ۀ: 'ه', ہ: 'ه' };
const PERSIAN_LETTERS_RE = /[یکھۀہ]/g;

/** Unify the spellings that vary in Arabic text: hamza seats, alif maqsura, ta marbuta, harakat. */
function arabicLookupKey(word: string): string {
  return word
    .replace(HARAKAT_RE, '')
    .replace(ALIFS_RE, 'ا')
    .replace(ALIF_MAQSURA_RE, 'ي')
    .replace(TA_MARBUTA_RE, 'ه')
    .replace(PERSIAN_LETTERS_RE, (ch) => PERSIAN_LETTERS[ch] ?? ch);
}

const ARABIC_TABLE = new Map<string, string[]>();
for (const [word, spellings] of Object.entries(ARABIC_WORDS)) ARABIC_TABLE.set(arabicLookupKey(word), spellings);

function arabicAscii(word: string): string {
  return capitalizeWords(clean(anyAscii(word)).toLowerCase());
}

/** Arabic (and Persian) consonants; vowel letters are handled in `arabicGuess`. */
const ARABIC_CONSONANTS: Record<string, string> = {
  ب: 'b',
  ت: 't',
  ث: 'th',
  ج: 'j',
  ح: 'h',
  خ: 'kh',
  د: 'd',
  ذ: 'dh',
  ر: 'r',
  ز: 'z',
  س: 's',
  ش: 'sh',
  ص: 's',
  ض: 'd',
  ط: 't',
  ظ: 'z',
  غ: 'gh',
  ف: 'f',
  ق: 'q',
  ك: 'k',
  ک: 'k',
  ل: 'l',
  م: 'm',
  ن: 'n',
  ه: 'h',
  ھ: 'h',
  پ: 'p',
  چ: 'ch',
  ژ: 'zh',
  گ: 'g',
};

/** Letters that Persian reads otherwise than Arabic: ض ذ ظ -> z, ث -> s, ق -> gh (Reza, Sabet, Ghasem). */
const PERSIAN_CONSONANTS: Record<string, string> = { ض: 'z', ذ: 'z', ظ: 'z', ث: 's', ق: 'gh', ژ: 'zh' };

/** Frequent Persian name words and name endings as Iranian passports and lists spell them (lookup keys). */
const PERSIAN_WORDS: Record<string, string> = {
  محمد: 'Mohammad',
  احمد: 'Ahmad',
  علی: 'Ali',
  حسین: 'Hossein',
  حسن: 'Hassan',
  رضا: 'Reza',
  مهدی: 'Mehdi',
  سید: 'Seyed',
  سیده: 'Seyedeh',
  غلام: 'Gholam',
  غلامرضا: 'Gholamreza',
  علیرضا: 'Alireza',
  محمدرضا: 'Mohammadreza',
  محمدعلی: 'Mohammadali',
  مصطفی: 'Mostafa',
  مرتضی: 'Morteza',
  مجتبی: 'Mojtaba',
  جواد: 'Javad',
  محمود: 'Mahmoud',
  حمید: 'Hamid',
  مجید: 'Majid',
  سعید: 'Saeed',
  امیر: 'Amir',
  اکبر: 'Akbar',
  اصغر: 'Asghar',
  قاسم: 'Ghasem',
  کاظم: 'Kazem',
  باقر: 'Bagher',
  صادق: 'Sadegh',
  ابراهیم: 'Ebrahim',
  اسماعیل: 'Esmaeil',
  یوسف: 'Yousef',
  عباس: 'Abbas',
  فاطمه: 'Fatemeh',
  زهرا: 'Zahra',
  موسوی: 'Mousavi',
  حسینی: 'Hosseini',
  امام: 'Emam',
  ابوالفضل: 'Abolfazl',
  نژاد: 'Nejad',
  زاده: 'Zadeh',
  ابادی: 'Abadi',
  پور: 'Pour',
};
const PERSIAN_TABLE = new Map<string, string>();
for (const [word, spelling] of Object.entries(PERSIAN_WORDS)) PERSIAN_TABLE.set(arabicLookupKey(word), spelling);
/** Endings written joined to a Persian family name: Salehnejad, Abedinejad, Rezazadeh, Shamsabadi. */
const PERSIAN_ENDINGS = ['نژاد', 'زاده', 'ابادی', 'پور'].map((e) => [arabicLookupKey(e), PERSIAN_WORDS[e]!.toLowerCase()] as const);

/** Letters that Persian (and Urdu, Pashto) writes and Arabic does not, and the Persian ya and kaf. */
const PERSIAN_SCRIPT_RE = /[پچژگیکۀ]/;

/** A Persian reading of one word: table, table + joined ending, else the Persian-valued guess. */
function persianWord(word: string): string {
  const key = arabicLookupKey(word);
  const known = PERSIAN_TABLE.get(key);
  if (known) return known;
  for (const [ending, spelling] of PERSIAN_ENDINGS) {
    if (key.length > ending.length + 1 && key.endsWith(ending)) {
      const stemKey = key.slice(0, -ending.length);
      return (PERSIAN_TABLE.get(stemKey) ?? arabicGuess(word.slice(0, word.length - ending.length), true)) + spelling;
    }
  }
  if (key.startsWith('عبد') && key.length > 4) {
    const rest = key.slice(3).replace(/^ال/, '');
    return `Abdol${(PERSIAN_TABLE.get(rest) ?? arabicGuess(rest, true)).toLowerCase()}`;
  }
  return arabicGuess(word, true);
}

/** A whole run read as Persian: "Abu al-Fazl" joined as "Abolfazl", "X ollah" as "Xollah". */
function persianForm(words: string[]): string {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const key = arabicLookupKey(words[i]!);
    const next = words[i + 1];
    const nextKey = next === undefined ? '' : arabicLookupKey(next);
    if ((key === 'ابو' || key === 'عبد') && nextKey.startsWith('ال') && nextKey.length > 3) {
      out.push(PERSIAN_TABLE.get(key + nextKey) ?? `${key === 'ابو' ? 'Abol' : 'Abdol'}${persianWord(next!.slice(2)).toLowerCase()}`);
      i++;
    } else if (PERSIAN_JOINED_SECOND_WORDS.has(nextKey)) {
      out.push(`${persianWord(words[i]!)}${PERSIAN_JOINED_SECOND_WORDS.get(nextKey)!}`);
      i++;
    } else if (out.length > 0 && PERSIAN_ENDINGS.some(([ending]) => ending === key)) {
      out[out.length - 1] += persianWord(words[i]!).toLowerCase(); // "عابدی نژاد": Abedinejad
    } else out.push(persianWord(words[i]!));
  }
  return out.join(' ');
}

/**
 * A readable guess at an unknown Arabic-script word. Arabic writes long vowels only, so: alif -> a,
 * waw -> w at the start or after a vowel else u, ya -> y at the start or after a vowel else i,
 * ta marbuta and alif maqsura -> a, ain -> a at the start and nothing inside, hamza seats -> their
 * vowel; then "a" is inserted after a first consonant followed by another ("Hamdi", "Mahfuz") and
 * before a final consonant cluster ("Asad", "Ahdal"). Right more often than the consonant skeleton,
 * and only ever a second opinion beside any-ascii's.
 */
/** Letters after which waw and ya are consonants (w, y) rather than long vowels (u, i). */
const BEFORE_GLIDE_W = new Set(['ا', 'ي', 'ی', 'ى', 'ة']);
const BEFORE_GLIDE_Y = new Set(['ا', 'و', 'ة']);

function arabicGuess(word: string, persian = false): string {
  let article = '';
  let body = word.replace(HARAKAT_RE, '').replace(ALIFS_RE, 'ا');
  if (!persian && body.startsWith('ال') && body.length > 3) {
    article = 'al-';
    body = body.slice(2);
  }
  const parts: { text: string; vowel: boolean }[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    const prevVowel = parts.length === 0 || parts[parts.length - 1]!.vowel;
    const consonant = (persian ? PERSIAN_CONSONANTS[ch] : undefined) ?? ARABIC_CONSONANTS[ch];
    if (persian && ch === 'ه' && i === body.length - 1 && i > 0) parts.push({ text: 'eh', vowel: true }); // Kaveh, Fatemeh
    else if (consonant !== undefined) parts.push({ text: consonant, vowel: false });
    else if (ch === 'ا' || ch === 'ى' || ch === 'ة') parts.push({ text: 'a', vowel: true });
    else if (ch === 'و') {
      const glide = prevVowel || BEFORE_GLIDE_W.has(body[i + 1] ?? '');
      if (persian) parts.push(glide ? { text: 'v', vowel: false } : { text: 'ou', vowel: true });
      else parts.push(glide ? { text: 'w', vowel: false } : { text: 'u', vowel: true });
    } else if (ch === 'ي' || ch === 'ی' || ch === 'ئ') {
      const glide = prevVowel || BEFORE_GLIDE_Y.has(body[i + 1] ?? '');
      // Persian -ایی: "Rezaei", "Akhaei".
      if (persian && glide && i === body.length - 2 && parts.at(-1)?.text === 'a' && (body[i + 1] === 'ي' || body[i + 1] === 'ی')) {
        parts.push({ text: 'ei', vowel: true });
        i++;
      } else parts.push(glide ? { text: 'y', vowel: false } : { text: 'i', vowel: true });
    }
    else if (ch === 'ع') {
      // Persian: ع before ya is "e" (Eini, Eidi), before alif the alif's "a" alone (Abedi).
      const nextCh = body[i + 1];
      if (parts.length === 0 && !(persian && nextCh === 'ا')) {
        parts.push({ text: persian && (nextCh === 'ي' || nextCh === 'ی') ? 'e' : 'a', vowel: true });
      }
    } else if (ch === 'ؤ') parts.push({ text: 'u', vowel: true });
    else if (ch === 'ء') continue;
    else parts.push({ text: asciiChar(ch), vowel: false });
  }
  if (parts.length >= 2 && !parts[0]!.vowel && !parts[1]!.vowel) parts.splice(1, 0, { text: 'a', vowel: true });
  const n = parts.length;
  if (n >= 3 && !parts[n - 1]!.vowel && !parts[n - 2]!.vowel) parts.splice(n - 1, 0, { text: 'a', vowel: true });
  const text = parts.map((p) => p.text).join('');
  return article + capitalizeWords(text);
}

/** Spellings of one Arabic word: table, "al-" + table, "Abd al-" + table, else any-ascii. */
function arabicWord(word: string): string[] {
  const key = arabicLookupKey(word);
  const direct = ARABIC_TABLE.get(key);
  if (direct) return direct;
  if (key.startsWith('ال') && key.length > 3) {
    const rest = ARABIC_TABLE.get(key.slice(2));
    if (rest) return rest.map((r) => `al-${r}`);
  }
  if (key.startsWith('عبد') && key.length > 4) {
    const restKey = key.slice(3);
    return abdCompound(restKey) ?? [arabicGuess(word)];
  }
  // A final alif maqsura after a consonant is also a final ya, as Egypt and Persian-keyboard text
  // write it (حقانى Haqqani, فهمى Fahmi); the names that end in an "a" so written are in the table.
  if (word.endsWith('ى') && word.length >= 3 && !'اوي'.includes(word[word.length - 2]!)) {
    return [arabicGuess(`${word.slice(0, -1)}ي`), arabicGuess(word)];
  }
  return [arabicGuess(word)];
}

/** "Abd" + the following word (joined or separate): Abdullah, Abd al-Rahman / Abdul Rahman. */
function abdCompound(restKey: string): string[] | undefined {
  if (restKey === 'الله') return ['Abdullah', 'Abd Allah'];
  const hasArticle = restKey.startsWith('ال');
  const bare = hasArticle ? restKey.slice(2) : restKey;
  const spelled = ARABIC_TABLE.get(bare)?.[0] ?? arabicGuess(bare);
  return [`Abd al-${spelled}`, `Abdul ${spelled}`];
}

/**
 * Second words that South Asian, Afghan and many Arab lists join to the word before with "u":
 * Hidayat Allah -> Hidayatullah, Shams al-Din -> Shamsuddin, Aziz al-Rahman -> Azizurrahman.
 */
const JOINED_SECOND_WORDS = new Map<string, string>([
  ['الله', 'ullah'],
  ['اله', 'ollah'], // Persian spelling: Hojatollah, Amanollahi
  ['الدين', 'uddin'],
  ['الرحمن', 'urrahman'],
  ['الرحمان', 'urrahman'],
  ['الحق', 'ulhaq'],
]);
/** The same words joined in Persian: Hojatollah, Shamseddin, Azizorrahman. */
const PERSIAN_JOINED_SECOND_WORDS = new Map<string, string>([
  ['الله', 'ollah'],
  ['اله', 'ollah'],
  ['الدين', 'eddin'],
  ['الرحمن', 'orrahman'],
  ['الرحمان', 'orrahman'],
  ['الحق', 'olhagh'],
]);

/**
 * Words of company names written in Arabic script (Arabic and Persian), as the lists write them in
 * English, keyed as `arabicLookupKey` reads a word (several words apart by a space). The name of a
 * company in Arabic script is mostly these words around its own name ("مؤسسة السلام للتجارة" is "Al
 * Salam Trading Establishment"); translated, they meet the listed English name.
 */
const ARABIC_ORGANIZATION_WORDS = new Glossary(
  (
    [
      ['Company', 'شركة', 'الشركة', 'شرکت'],
      ['Establishment', 'مؤسسة', 'المؤسسة', 'موسسه', 'مؤسسه'],
      ['Trading', 'التجارة', 'للتجارة', 'تجارة', 'تجارت', 'بازرگانی'],
      ['General', 'العامة', 'العام'],
      ['and Agencies', 'والتوكيلات'],
      ['Agencies', 'التوكيلات', 'توكيلات'],
      ['LLC', 'ش.ذ.م.م', 'ش ذ م م', 'ش.م.م', 'ذ.م.م'],
      ['FZE', 'م م ح', 'م.م.ح'],
      ['JSC', 'ش.م.خ', 'ش.م.خ.', 'ش.م.ع', 'ش.م.ع.'],
      ['Real Estate', 'العقارية', 'عقارية'],
      ['Metals', 'للمعادن', 'المعادن', 'معادن'],
      ['Investment', 'الاستثمار', 'للاستثمار', 'استثمار', 'سرمایه گذاری', 'سرمایه‌گذاری'],
      ['Syrian', 'السورية', 'السوري'],
      ['Industries', 'صنایع', 'الصناعات', 'صناعات', 'للصناعات'],
      ['Chemical', 'شیمیایی', 'الكيميائية', 'الكيماوية'],
      ['Steel', 'فولاد'],
      ['South', 'جنوب'],
      ['North', 'شمال'],
      ['Technical', 'فنی', 'الفنية'],
      ['Engineering', 'مهندسی', 'الهندسية', 'للهندسة'],
      ['Iran', 'ایران', 'إيران'],
      ['Bank', 'بانک', 'بنك', 'البنك', 'مصرف'],
      ['Transport', 'للنقل', 'النقل', 'حمل و نقل'],
      ['International', 'الدولية', 'الدولي', 'بین المللی', 'بین‌المللی'],
      ['Services', 'للخدمات', 'الخدمات', 'خدمات'],
      ['Exchange', 'للصرافة', 'الصرافة', 'صرافی'],
      ['Marine', 'البحرية', 'دریایی'],
      ['Shipping', 'کشتیرانی', 'للملاحة', 'الملاحة'],
      ['Oil', 'النفط', 'نفت'],
      ['Petrochemical', 'پتروشیمی', 'البتروكيماويات'],
      ['Group', 'گروه', 'مجموعة', 'المجموعة'],
      ['Holding', 'هولدینگ', 'القابضة', 'هولدينغ', 'هولدنغ'],
      ['and', 'و', 'اند', 'آند'],
      // English company words written in Arabic script ("يونايتد جنرال كونتراكتينغ": United General Contracting).
      ['United', 'يونايتد', 'یونایتد'],
      ['General', 'جنرال'],
      ['Trading', 'تريدنغ', 'تريدينغ', 'ترايدنغ', 'تریدینگ', 'تریدینگ'],
      ['Contracting', 'كونتراكتينغ', 'کنتراکتینگ'],
      ['International', 'انترناشيونال', 'إنترناشيونال', 'انترناشونال', 'اینترنشنال'],
      ['Group', 'جروب', 'غروب', 'گروپ'],
      ['Company', 'كومباني', 'کامپنی'],
      ['Limited', 'ليمتد', 'لیمیتد'],
      ['Solutions', 'سولوشنز', 'سولیوشنز'],
      ['Commercial', 'كوميرشال', 'کومیرشال', 'كومرشال'],
      ['Technology', 'تكنولوجي', 'تکنولوژی'],
      ['Energy', 'انرجي', 'انرژی'],
      ['Shipping', 'شيبنغ', 'شيبينغ', 'شیپینگ'],
      ['Logistics', 'لوجستيك', 'لوجستيكس', 'لجستیک'],
      ['Marketing', 'ماركتينغ', 'مارکتینگ'],
      ['Enterprises', 'انتربرايزز', 'إنتربرايزز', 'انتربرایز'],
    ] as string[][]
  ).flatMap(([english, ...spellings]) => spellings.map((spelling): [string, string] => [spelling.split(' ').map(arabicLookupKey).join(' '), english!])),
  ' ',
  1,
);

/**
 * A company's name in Arabic script with its known words translated (ARABIC_ORGANIZATION_WORDS),
 * two or three words at a time where an entry has them, the other words read as `read` gives them;
 * undefined unless some word is known and some other word is there, or three words are known.
 */
function arabicOrganizationForm(words: string[], read: (word: string) => string): string | undefined {
  const { words: out, known, others } = ARABIC_ORGANIZATION_WORDS.translate(words.map(arabicLookupKey), (from, to) => words.slice(from, to).map(read));
  const names = known.filter((english) => english !== 'and').length;
  return keepsOrganizationReading(names, others) ? out.join(' ') : undefined;
}

function arabicForms(run: string): string[] {
  const words = run.split(' ');
  const perWord: string[][] = [];
  for (let i = 0; i < words.length; i++) {
    const key = arabicLookupKey(words[i]!);
    const next = words[i + 1];
    if (key === 'عبد' && next !== undefined) {
      const compound = abdCompound(arabicLookupKey(next));
      if (compound) {
        perWord.push(compound);
        i++;
        continue;
      }
    }
    const nextKey = next === undefined ? '' : arabicLookupKey(next);
    const joined = nextKey === 'الله' || nextKey === 'اله' || nextKey === 'الدين' ? JOINED_SECOND_WORDS.get(nextKey) : undefined;
    if (joined !== undefined) {
      // The joined spelling first, the two words apart second: "Hidayatullah", "Hidayat Allah";
      // "Jalaluddin", "Jalal al-Din".
      const first = arabicWord(words[i]!);
      const second = arabicWord(next!);
      perWord.push([`${first[0]!}${joined}`, `${first[1] ?? first[0]!} ${second[0]!}`]);
      i++;
      continue;
    }
    perWord.push(arabicWord(words[i]!));
  }
  const first = perWord.map((w) => w[0]!).join(' ');
  const second = perWord.map((w) => w[1] ?? w[0]!).join(' ');
  // Written with Persian letters: read as Persian first (Hossein, Reza, Mousavi, Abolfazl).
  const persian = PERSIAN_SCRIPT_RE.test(run);
  const organization = arabicOrganizationForm(words, persian ? (w) => persianForm([w]) : (w) => arabicWord(w)[0]!);
  const forms = persian ? [persianForm(words), first, second, arabicAscii(run)] : [first, second, arabicAscii(run)];
  if (organization !== undefined) forms.push(organization);
  return forms;
}

// ---------------------------------------------------------------------------------------------
// Han

/** Two-character family names (simplified and traditional). */
const COMPOUND_SURNAMES = new Set(
  (
    '欧阳 歐陽 司马 司馬 诸葛 諸葛 上官 东方 東方 皇甫 尉迟 尉遲 公孙 公孫 慕容 令狐 夏侯 长孙 長孫 宇文 ' +
    '司徒 端木 轩辕 軒轅 南宫 南宮 西门 西門 独孤 獨孤 申屠 百里 呼延 澹台 澹臺 公羊 赫连 赫連'
  ).split(' '),
);

function syllables(text: string, surname: boolean): string[] {
  return pinyin(text, {
    toneType: 'none',
    type: 'array',
    surname: surname ? 'head' : 'off',
    nonZh: 'consecutive',
    v: false,
  })
    .map((s) => s.trim().replace(/ü/g, 'u'))
    .filter((s) => s !== '');
}

/**
 * Words of Chinese company names as the lists write them in English (simplified and traditional
 * characters). A company's name in characters reads in pinyin as syllables that meet only its
 * place and brand ("Yan Tai Mei Xun Shang Mao You Xian Gong Si"); with these words translated it
 * meets the listed English name ("Yantai Mei Xun Trade Co., Ltd."). Longer entries win.
 */
const CHINESE_ORGANIZATION_WORDS = new Glossary(
  (
    [
      ['Co Ltd', '有限公司', '有限责任公司', '有限責任公司', '股份有限公司'],
      ['Company', '公司'],
      ['Branch', '分公司'],
      ['Group', '集团', '集團'],
      ['International', '国际', '國際'],
      ['Technology', '科技', '技术', '技術'],
      ['Information', '信息', '資訊'],
      ['Development', '发展', '發展', '开发', '開發'],
      ['Trading', '贸易', '貿易'],
      ['Trade', '商贸', '商貿'],
      ['Industry', '实业', '實業', '工业', '工業'],
      ['Electronics', '电子', '電子'],
      ['Shipping', '船务', '船務', '航运', '航運'],
      ['Marine', '海运', '海運'],
      ['Forwarding', '货运', '貨運'],
      ['Logistics', '物流'],
      ['Management', '管理'],
      ['Holdings', '控股'],
      ['Investment', '投资', '投資'],
      ['Chemical', '化工'],
      ['Fine', '精细', '精細'],
      ['Restaurant', '餐饮', '餐飲'],
      ['Energy', '能源'],
      ['Petroleum', '石油'],
      ['Petrochemical', '石化'],
      ['Mining', '矿业', '礦業'],
      ['Metal', '金属', '金屬'],
      ['Material', '材料'],
      ['Import Export', '进出口', '進出口'],
      ['Maritime', '海事'],
      ['Ship', '船舶'],
      ['Engineering', '工程'],
      ['Construction', '建设', '建設'],
      ['Hong Kong', '香港'],
      ['Bank', '银行', '銀行'],
      ['Network', '网络', '網絡'],
      ['Software', '软件', '軟件'],
      ['Smart', '智能'],
      ['Semiconductor', '半导体', '半導體'],
      ['Equipment', '设备', '設備'],
      ['Machinery', '机械', '機械'],
      ['Manufacturing', '制造', '製造'],
      ['Transport', '运输', '運輸'],
      ['Agency', '代理'],
      ['Consulting', '咨询', '諮詢'],
      ['Service', '服务', '服務'],
      ['Bio', '生物'],
      ['Pharmaceutical', '医药', '醫藥'],
      ['Plastics', '塑料'],
      ['Aviation', '航空'],
      ['Aerospace', '航天'],
      ['Research Institute', '研究所', '研究院'],
      ['University', '大学', '大學'],
    ] as string[][]
  ).flatMap(([english, ...spellings]) => spellings.map((spelling): [string, string] => [spelling, english!])),
);

/**
 * A company's name in characters with its known words translated (see CHINESE_ORGANIZATION_WORDS)
 * and the rest in pinyin syllable by syllable; undefined when no known word is found or nothing
 * else is there.
 */
function chineseOrganizationForm(run: string): string | undefined {
  const chars = [...run];
  const { words, known, others } = CHINESE_ORGANIZATION_WORDS.translate(chars, (from, to) => syllables(chars.slice(from, to).join(''), false).map(capitalizeWords));
  return known.length > 0 && others > 0 ? words.join(' ') : undefined;
}

function hanForms(run: string): { chinese: string[]; korean: string | undefined; cantonese: string | undefined; organization?: string } {
  const words = run.split(' ');
  const chars = [...words.join('')];
  // A person's name: 2-4 characters, written together or as family name + given name.
  let familyLength = 0;
  if (chars.length >= 2 && chars.length <= 4) {
    if (words.length === 1) familyLength = chars.length >= 3 && COMPOUND_SURNAMES.has(chars.slice(0, 2).join('')) ? 2 : 1;
    else if (words.length === 2 && [...words[0]!].length <= 2) familyLength = [...words[0]!].length;
  }
  if (familyLength > 0) {
    const all = syllables(chars.join(''), true);
    if (all.length === chars.length) {
      const family = capitalizeWords(all.slice(0, familyLength).join(''));
      const given = all.slice(familyLength);
      return {
        chinese: [
          `${family} ${capitalizeWords(given.join(''))}`,
          `${family} ${given.map(capitalizeWords).join(' ')}`,
          // Wade-Giles, as Taiwan and older lists write names: "Chen Mei Hsiang", "Huang Wang Ken".
          [all.slice(0, familyLength).map(wadeGiles).join(''), ...given.map(wadeGiles)].map(capitalizeWords).join(' '),
        ],
        korean: koreanHanjaForm(chars, familyLength),
        cantonese: cantoneseForm(chars, familyLength),
      };
    }
  }
  // Not a Chinese personal name: syllables apart, then each word's syllables joined, as a name from
  // another language transcribed in characters is written (吐尼亚孜 艾尔肯: Tuniyazi Aierken).
  const perWord = words.map((w) => syllables(w, false));
  const joined = perWord.map((w) => capitalizeWords(w.join(''))).join(' ');
  const spaced = perWord.map((w) => w.map(capitalizeWords).join(' ')).join(' ');
  const nameLike = perWord.every((w) => w.length <= 5); // not a company's whole name run together
  const organization = chineseOrganizationForm(run);
  return { chinese: nameLike && joined !== spaced ? [spaced, joined] : [spaced], korean: undefined, cantonese: undefined, ...(organization ? { organization } : {}) };
}

/**
 * A personal name in Chinese characters read as Korean (Hanja), in the DPRK's McCune-Reischauer as
 * the lists write it: 崔哲民 -> "Choe Chol Min", 金铁三 -> "Kim Chol Sam". Only when the family name
 * reads as a Korean one.
 */
function koreanHanjaForm(chars: string[], familyLength: number): string | undefined {
  const reading = hanjaReading(chars, familyLength);
  if (!reading || !isKoreanFamilyName(reading.family)) return undefined;
  return romanizeHangulNames(`${reading.family} ${reading.given}`).mr;
}

/** A personal name in Chinese characters read in Cantonese, as Hong Kong writes it: 譚耀宗 -> "Tam Yiu Chung". */
function cantoneseForm(chars: string[], familyLength: number): string | undefined {
  const reading = cantoneseReading(chars, familyLength);
  return reading && [reading.family, ...reading.given].map(capitalizeWords).join(' ');
}

// ---------------------------------------------------------------------------------------------
// Greek and the rest

/**
 * Greek writes the sounds b, d and g with two letters (μπ, ντ, γκ) and ng as γγ or γκ; any-ascii
 * writes them letter by letter ("Mparmpara", "Igkor"). Two readings: the usual one for Greek
 * words (ELOT 743: b, d, g at the start of a word, mb, nd, ng inside it: "Λάμπρος" Lambros,
 * "Αντρέας" Andreas), and one for foreign names written in Greek, where they are b, d, g wherever
 * they stand and τσ, τζ spell ch and j ("Μπάρμπαρα" Barbara, "Ιγκορ" Igor, "Παλνιτσενκο" Palnychenko).
 */
const GREEK_INITIAL_STOPS: [RegExp, string][] = [
  [/(^|[^\p{L}])[Μμ][Ππ]/gu, '$1b'],
  [/(^|[^\p{L}])[Νν][Ττ]/gu, '$1d'],
  [/(^|[^\p{L}])[Γγ][Κκ]/gu, '$1g'],
];
const GREEK_INNER_STOPS: [RegExp, string][] = [
  [/[Μμ][Ππ]/gu, 'mb'],
  [/[Νν][Ττ]/gu, 'nd'],
  [/[Γγ][ΚκΓγ]/gu, 'ng'],
];
const GREEK_FOREIGN: [RegExp, string][] = [
  [/[Μμ][Ππ]/gu, 'b'],
  [/[Νν][Ττ]/gu, 'd'],
  [/[Γγ][Κκ]/gu, 'g'],
  [/[Γγ][Γγ]/gu, 'ng'],
  [/[Ττ][Σσς]/gu, 'ch'],
  [/[Ττ][Ζζ]/gu, 'j'],
];

function replaceAll(text: string, rules: [RegExp, string][]): string {
  for (const [re, latin] of rules) text = text.replace(re, latin);
  return text;
}

function greekForms(run: string): string[] {
  // any-ascii writes ου letter by letter ("Papadopoylos"); the usual rendering is "ou".
  const fixed = run.replace(/ο[υύ]/g, 'ou').replace(/Ο[υύ]/g, 'Ou').replace(/ΟΥ/g, 'OU');
  const read = (text: string) => capitalizeWords(clean(anyAscii(text)).toLowerCase());
  const greek = read(replaceAll(replaceAll(fixed, GREEK_INITIAL_STOPS), GREEK_INNER_STOPS));
  const foreign = read(replaceAll(fixed, GREEK_FOREIGN));
  return foreign === greek ? [greek] : [greek, foreign];
}

function otherForms(run: string): string[] {
  return [capitalizeWords(clean(anyAscii(run)).toLowerCase())];
}

// ---------------------------------------------------------------------------------------------
// latinForms

/** Zero-width characters and bidirectional controls, which real list entries carry. */
const INVISIBLES_RE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

function hasNonLatin(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x250) continue;
    const s = charScript(text.codePointAt(i)!);
    if (s !== 'Latn' && s !== 'None') return true;
  }
  return false;
}

/** Latin capitals and small letters that look like a Cyrillic letter. */
const CYRILLIC_LOOKALIKE_LETTERS = 'ABCEHKMOPTXaceopxy';

/** One Latin reading of a run of words, and whether it reads a Chinese personal name (pinyin syllables). */
interface Reading {
  text: string;
  chinese: boolean;
}

/**
 * Whole-name readings from per-word readings (most likely first in each word), fewest departures
 * from the first readings first: "Сон Гым Хёк" -> "Song Kum Hyok", "Son Kum Hyok".
 */
function combinations(words: string[][], limit: number): string[] {
  let out: { parts: string[]; cost: number }[] = [{ parts: [], cost: 0 }];
  for (const readings of words) {
    const next: { parts: string[]; cost: number }[] = [];
    for (const prefix of out) readings.forEach((r, i) => next.push({ parts: [...prefix.parts, r], cost: prefix.cost + i }));
    next.sort((a, b) => a.cost - b.cost);
    out = next.slice(0, limit);
  }
  return out.map((o) => capitalizeWords(o.parts.join(' ')));
}

/** A Cyrillic name that reads as Korean (Kontsevich, Russian media) or Chinese (Palladius), in the lists' Latin. */
function cyrillicEastAsian(run: string): Reading[] {
  const words = run.split(' ');
  const out: Reading[] = [];
  const korean = koreanFromCyrillic(words);
  if (korean) for (const text of combinations(korean, EAST_ASIAN_FORMS)) out.push({ text, chinese: false });
  const chinese = chineseFromCyrillic(words);
  if (chinese) for (const text of combinations(chinese, EAST_ASIAN_FORMS)) out.push({ text, chinese: true });
  return out;
}

function runReadings(script: Script, run: string): Reading[] {
  if (script === 'Cyrl') {
    const eastAsian = cyrillicEastAsian(run);
    const plain = cyrillicForms(run).map((text) => ({ text, chinese: false }));
    return eastAsian.length > 0 ? [...eastAsian, ...plain.slice(0, 2)] : plain;
  }
  if (script === 'Hani') {
    const { chinese, korean, cantonese, organization } = hanForms(run);
    const person = chinese.length > 1; // read as family name + given name
    const out = chinese.map((text) => ({ text, chinese: person }));
    if (organization) out.push({ text: organization, chinese: false });
    if (korean) out.push({ text: korean, chinese: false });
    // Hong Kong spellings vary (Lee / Li, Yee / Yi): compared as other romanized names are.
    if (cantonese && !out.some((f) => f.text === cantonese)) out.push({ text: cantonese, chinese: false });
    return out;
  }
  return runForms(script, run).map((text) => ({ text, chinese: false }));
}

function runForms(script: Script, run: string): string[] {
  switch (script) {
    case 'Hang': {
      const { mr, rr, common, person, organization } = romanizeHangulNames(run);
      const forms = common ? [mr, rr, common] : [mr, rr];
      if (person) forms.push(person);
      if (organization) forms.push(organization);
      return forms;
    }
    case 'Hani':
      return hanForms(run).chinese;
    case 'Cyrl':
      return cyrillicForms(run);
    case 'Arab':
      return arabicForms(run);
    case 'Grek':
      return greekForms(run);
    case 'Latn':
    case 'None':
      return [run];
    default:
      return otherForms(run);
  }
}

/**
 * Latin renderings of a name in any script, most likely first, deduplicated, at most eight. A name
 * already in Latin letters is returned as it is ([name]).
 */
export function latinForms(name: string): string[] {
  return latinReadings(name).map((r) => r.text);
}

/** `latinForms`, each saying whether it reads a Chinese personal name (from Han, or Palladius Cyrillic). */
export function latinReadings(name: string): Reading[] {
  if (!hasNonLatin(name)) return name.trim() === '' ? [] : [{ text: name, chinese: false }];
  const text = name.normalize('NFKC').replace(INVISIBLES_RE, '').trim();
  // Runs of consecutive words in one script.
  const runs: { script: Script; words: string[] }[] = [];
  for (const word of text.split(/\s+/)) {
    if (word === '') continue;
    let script = wordScript(word);
    if (script === 'None') script = runs.at(-1)?.script ?? 'None';
    // A one-letter Latin look-alike after Cyrillic words is the Cyrillic letter: "Общество C
    // Ограниченной Ответственностью" (a Latin C for the preposition с, as some lists write it).
    else if (script === 'Latn' && word.length === 1 && CYRILLIC_LOOKALIKE_LETTERS.includes(word) && runs.at(-1)?.script === 'Cyrl') script = 'Cyrl';
    const last = runs.at(-1);
    if (last && last.script === script) last.words.push(word);
    else runs.push({ script, words: [word] });
  }
  const rendered = runs.map((r) =>
    runReadings(r.script, r.words.join(' '))
      .map((f) => ({ text: clean(f.text), chinese: f.chinese }))
      .filter((f) => f.text !== ''),
  );
  const forms: Reading[] = [];
  const count = Math.max(0, ...rendered.map((r) => r.length));
  for (let i = 0; i < count && forms.length < MAX_FORMS; i++) {
    const parts = rendered.map((r) => r[Math.min(i, r.length - 1)]).filter((f): f is Reading => f !== undefined);
    const form = parts.map((f) => f.text).join(' ');
    if (form !== '' && !forms.some((f) => f.text === form)) forms.push({ text: form, chinese: parts.some((f) => f.chinese) });
  }
  // A name written in two scripts at once ("KIM Ho Kyu 김호규") is also each of its runs alone.
  if (runs.length === 2 && runs.every((r) => r.script !== 'None') && rendered.every((r) => (r[0]?.text.split(' ').length ?? 0) >= 2)) {
    for (const r of rendered) for (const f of r.slice(0, 2)) if (forms.length < MAX_FORMS && !forms.some((x) => x.text === f.text)) forms.push(f);
  }
  return forms;
}
