/**
 * Join keys for cross-candidate link analysis (src/hiring/links/): the identifiers of a candidate
 * profile reduced so that two spellings of one mailbox, address, account or handle meet. Pure code.
 *
 * The exact-identifier rules of the matcher are reused (src/match/identifiers.ts: e-mail syntax,
 * E.164 phones, chain-aware crypto address keys, document numbers); what is added here is what only
 * link analysis needs: mailbox aliases (+tags, Gmail dots), postal addresses, IPs, bank accounts,
 * platform handles and employer names.
 */
import anyAscii from 'any-ascii';
import { countryCode, isCountryWord } from '../model/countries.js';
import { normalizeEmail, normalizeIdNumber } from '../match/identifiers.js';

/** Dot-separated local part of safe characters, '@', an ASCII domain: a subset normalizeEmail keeps as is (but for case). */
const SIMPLE_EMAIL = /^[a-z0-9_%+-]+(?:\.[a-z0-9_%+-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/i;

/** Providers where dots in the local part are ignored (and googlemail.com is gmail.com). */
const DOTLESS_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

/**
 * The mailbox an e-mail address delivers to: the matcher's normalised form, then the "+tag"
 * dropped for every provider (sub-addressing: x+jobs@ and x+upwork@ reach x@), and for Gmail the
 * dots dropped and googlemail.com folded into gmail.com. Undefined when not an e-mail address.
 */
export function mailboxKey(raw: string): string | undefined {
  // Fast path: a plain address already in normal form (normalizeEmail would return it unchanged).
  const email = SIMPLE_EMAIL.test(raw) ? raw.toLowerCase() : normalizeEmail(raw);
  if (!email) return undefined;
  const at = email.lastIndexOf('@');
  let local = email.slice(0, at);
  let domain = email.slice(at + 1);
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (DOTLESS_DOMAINS.has(domain)) {
    domain = 'gmail.com';
    local = local.replace(/\./g, '');
    if (local === '') return undefined;
  }
  return `${local}@${domain}`;
}

// ---------------------------------------------------------------------------------------------
// Postal addresses
//
// No address parser for Node fits here: libpostal's bindings (node-postal) need a native library
// and a 2 GB model; pelias-parser (pure JS) drops units, reads "APT 2786" as a postcode, has no
// Korean building-unit form and its package lacks a dependency it needs; parse-address and
// addresser read US addresses only; @mapbox/geocoder-abbreviations is word lists for geocoding
// (lossy, overlapping across languages) with a test framework among its runtime dependencies.
// So the rules are our own (other scripts romanised by any-ascii, as the name matcher does): an
// address is cut into house numbers, street and town words, a unit, a floor, a postcode, a region
// and a country. The join key is the house numbers, the words and the unit; the postcode,
// region, floor and country are not in it (they are often left out or moved) but are compared
// when two addresses with one key both give them (see `sameAddressPlace`).

/** Street types folded to one spelling: USPS-style abbreviations, and elsewhere the local abbreviation. */
const STREET_WORDS: Record<string, string> = {
  street: 'st', str: 'st', strasse: 'st', strada: 'st', avenue: 'ave', av: 'ave', avenida: 'ave', avda: 'ave', avn: 'ave',
  road: 'rd', boulevard: 'blvd', blv: 'blvd', boul: 'blvd', bd: 'blvd', bulvar: 'blvd', bulv: 'blvd', bulevardul: 'blvd',
  bulvari: 'blvd', drive: 'dr', drv: 'dr', lane: 'ln', court: 'ct', crt: 'ct', place: 'pl', square: 'sq', highway: 'hwy',
  parkway: 'pkwy', pky: 'pkwy', terrace: 'ter', terr: 'ter', tce: 'ter', circle: 'cir', crescent: 'cres', cresc: 'cres',
  close: 'cl', alley: 'aly', trail: 'trl', mount: 'mt', mountain: 'mtn', saint: 'st', gardens: 'gdns', grove: 'grv',
  heights: 'hts', point: 'pt', route: 'rte', expressway: 'expy', freeway: 'fwy', esplanade: 'esp', parade: 'pde',
  centre: 'ctr', center: 'ctr', junction: 'jct', crossing: 'xing', fort: 'ft', causeway: 'cswy', turnpike: 'tpke',
  north: 'n', south: 's', east: 'e', west: 'w', northeast: 'ne', northwest: 'nw', southeast: 'se', southwest: 'sw',
  // Full form -> the local abbreviation (never the other way: a lone "r" or "c" may be a unit letter).
  // French, Spanish, Portuguese, Italian, German, Polish, Romanian, Czech, Hungarian,
  // Ukrainian/Russian, Indonesian/Malay, Turkish, Filipino.
  rue: 'r', chemin: 'ch', impasse: 'imp', faubourg: 'fbg', allee: 'all', rua: 'r', calle: 'c', paseo: 'po',
  carretera: 'ctra', pasaje: 'psje', travesia: 'trva', ronda: 'rda', glorieta: 'gta', camino: 'cno', carrera: 'cra',
  travessa: 'tv', estrada: 'estr', alameda: 'al', rodovia: 'rod', viale: 'vle', corso: 'cso', largo: 'lgo',
  piazzale: 'ple', plaza: 'pl', pza: 'pl', platz: 'pl', praca: 'pl', piazza: 'pl', plac: 'pl', ploshchad: 'pl',
  ploshcha: 'pl', ulica: 'ul', ulice: 'ul', aleja: 'al', aleea: 'al', osiedle: 'os', soseaua: 'sos', namesti: 'nam',
  utca: 'u', vulytsia: 'vul', vulitsa: 'vul', ulitsa: 'ul', prospekt: 'prosp', pr: 'prosp', prospect: 'prosp',
  pereulok: 'per', provulok: 'prov', shosse: 'sh', naberezhnaya: 'nab', jalan: 'jl', jln: 'jl', gang: 'gg',
  lorong: 'lrg', taman: 'tmn', caddesi: 'cad', cd: 'cad', sokak: 'sk', sok: 'sk', sokagi: 'sk', mahallesi: 'mah',
  barangay: 'brgy', building: 'bldg', bld: 'bldg', bldng: 'bldg',
};
/** Street-type abbreviations (the values above): a postcode never follows one directly. */
const STREET_TYPES = new Set(['st', 'ave', 'rd', 'blvd', 'dr', 'ln', 'ct', 'pl', 'sq', 'hwy', 'pkwy', 'ter', 'cir', 'cres', 'cl', 'aly', 'trl', 'rte', 'expy', 'fwy', 'way', 'r', 'c', 'ul', 'al', 'vul', 'prosp', 'jl', 'cad', 'sk']);
/** Unit designators: the next token is the unit ("Apt 4", "#4", "Suite 400", "kv. 15"). Flat-like ones mark a home. */
const UNIT_WORDS: Record<string, 'home' | 'any' | 'office'> = {
  apt: 'home', apartment: 'home', flat: 'home', kv: 'home', kvartira: 'home', apto: 'home', apartamento: 'home',
  dpto: 'home', departamento: 'home', wohnung: 'home', whg: 'home', unit: 'any', room: 'any', rm: 'any', '#': 'any',
  int: 'any', interior: 'any', suite: 'office', ste: 'office', office: 'office', ofc: 'office', ofis: 'office',
};
const FLOOR_WORDS = new Set(['floor', 'fl', 'flr', 'level', 'lvl', 'etage', 'piso', 'planta', 'stock', 'og', 'storey']);
const BUILDING_WORDS = new Set(['building', 'bldg', 'bld', 'bldng']);
/** Words before a house number that say only "number": "No. 5", "Nr 5", "Blk 123", "d. 5". */
const NUMBER_WORDS = new Set(['no', 'nr', 'nro', 'number', 'num', 'numero', 'blk', 'dom']);
/** Private mailboxes and PO boxes: a mail drop, never a workplace. */
const MAIL_DROP_WORDS = new Set(['pobox', 'pmb', 'mailbox', 'postfach']);
/**
 * Words of a line that names a workplace rather than a place ("Hive Coworking", "Regus",
 * "Globex Corp"): such a line is left out of the key and marks the address as a business address.
 */
const BUSINESS_WORDS = new Set([
  'coworking', 'cowork', 'workspace', 'workspaces', 'offices', 'office', 'collective', 'hub', 'incubator', 'accelerator',
  'regus', 'wework', 'servcorp', 'industrious', 'mindspace', 'knotel', 'convene', 'workbar', 'ucommune',
  'inc', 'incorporated', 'llc', 'ltd', 'limited', 'corp', 'corporation', 'gmbh', 'plc', 'pty', 'pvt', 'llp', 'sarl', 'srl', 'bv', 'pte', 'bhd',
]);
/** Workplace words that stay in the key when inside a line ("Office", "Collective" may name a street or building). */
const KEPT_BUSINESS_WORDS = new Set(['limited', 'office', 'offices', 'collective']);
/** Two-word workplace phrases: "Work Club", "Business Centre", "Co-working". */
const BUSINESS_PAIRS = new Set(['work club', 'business center', 'business centre', 'business park', 'co working', 'shared office', 'serviced office', 'executive suites']);

/** US states, Canadian provinces and territories, Australian states and territories: name -> code. */
const REGION_NAMES: Record<string, string> = {
  alabama: 'al', alaska: 'ak', arizona: 'az', arkansas: 'ar', california: 'ca', colorado: 'co', connecticut: 'ct',
  delaware: 'de', florida: 'fl', georgia: 'ga', hawaii: 'hi', idaho: 'id', illinois: 'il', indiana: 'in', iowa: 'ia',
  kansas: 'ks', kentucky: 'ky', louisiana: 'la', maine: 'me', maryland: 'md', massachusetts: 'ma', michigan: 'mi',
  minnesota: 'mn', mississippi: 'ms', missouri: 'mo', montana: 'mt', nebraska: 'ne', nevada: 'nv', 'new hampshire': 'nh',
  'new jersey': 'nj', 'new mexico': 'nm', 'new york': 'ny', 'north carolina': 'nc', 'north dakota': 'nd', ohio: 'oh',
  oklahoma: 'ok', oregon: 'or', pennsylvania: 'pa', 'rhode island': 'ri', 'south carolina': 'sc', 'south dakota': 'sd',
  tennessee: 'tn', texas: 'tx', utah: 'ut', vermont: 'vt', virginia: 'va', washington: 'wa', 'west virginia': 'wv',
  wisconsin: 'wi', wyoming: 'wy', 'district of columbia': 'dc', 'puerto rico': 'pr', guam: 'gu',
  alberta: 'ab', 'british columbia': 'bc', manitoba: 'mb', 'new brunswick': 'nb', 'newfoundland and labrador': 'nl',
  newfoundland: 'nl', 'nova scotia': 'ns', ontario: 'on', 'prince edward island': 'pe', quebec: 'qc', saskatchewan: 'sk',
  'northwest territories': 'nt', nunavut: 'nu', yukon: 'yt',
  'new south wales': 'nsw', victoria: 'vic', queensland: 'qld', 'south australia': 'sa', 'western australia': 'wa',
  tasmania: 'tas', 'northern territory': 'nt', 'australian capital territory': 'act',
};
/** Last words of region names ("colorado", "york", "wales"): most addresses end in none. */
const REGION_LAST_WORDS = new Set(Object.keys(REGION_NAMES).map((name) => name.slice(name.lastIndexOf(' ') + 1)));
/** Codes and the customary short forms ("Calif.", "Mass.", "Ont.", "Que.") -> code. */
const REGION_CODES: Record<string, string> = {
  ariz: 'az', ark: 'ar', calif: 'ca', colo: 'co', conn: 'ct', fla: 'fl', kans: 'ks', mass: 'ma', mich: 'mi', minn: 'mn',
  mont: 'mt', nebr: 'ne', nev: 'nv', okla: 'ok', oreg: 'or', penn: 'pa', penna: 'pa', tenn: 'tn', tex: 'tx', wisc: 'wi',
  wyo: 'wy', alta: 'ab', ont: 'on', que: 'qc', pq: 'qc', sask: 'sk', nfld: 'nl', pei: 'pe',
};
for (const code of Object.values(REGION_NAMES)) REGION_CODES[code] = code;
/**
 * Codes that also end addresses as street words ("Oak Ct", "Main St NE"): read as a region only
 * after a comma or before a postcode; the others also at the very end after a word (a town).
 */
const AMBIGUOUS_REGION_CODES = new Set(['ct', 'ne']);
/**
 * Countries whose addresses carry one of these regions (and addresses of unknown country): a
 * trailing state name is the state there, not a country ("Atlanta, Georgia"). The key itself
 * does not depend on the country given, so that it is the same with or without one.
 */
const REGION_COUNTRIES = new Set(['', 'us', 'ca', 'au']);
/** Last words of country names of several words ("United States", "South Korea", "New Zealand"). */
const COUNTRY_TAILS = new Set(['states', 'kingdom', 'korea', 'zealand', 'africa', 'arabia', 'emirates', 'kong', 'lanka', 'rica', 'salvador', 'america', 'republic', 'ireland']);
const TRAILING_COUNTRY_EXTRA: Record<string, string> = { uk: 'gb', 'u.k.': 'gb', 'u.s.': 'us', 'u.s.a.': 'us', usa: 'us' };
/** Letters NFKD does not decompose. */
const FOLD: Record<string, string> = { ß: 'ss', ø: 'o', æ: 'ae', œ: 'oe', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i' };

export interface PostalKey {
  /**
   * The join key: house numbers, then street and town words (lower case ASCII, street types
   * abbreviated), then the unit ("apt 4", a building and unit "apt 104-821"). No postcode,
   * region, floor or country: two spellings of one address meet whether or not they give them.
   */
  key: string;
  /** ISO alpha-2, lower case, from the field or a trailing country name; '' when unknown. */
  country: string;
  /** The postcode, lower case without spaces (a US ZIP+4 cut to the ZIP); '' when none. */
  postcode: string;
  /** A US state, Canadian province or Australian state, as its code ("co", "qc", "nsw"); '' when none. */
  region: string;
  /** The floor ("3" for "3rd Floor", "Fl 3", "3F"); '' when none. */
  floor: string;
  /**
   * The text says it is a workplace: a suite or office, a floor with no flat, a coworking or
   * business-centre name or a company's name on a line of its own. False for a mail drop.
   */
  business: boolean;
  /** A PO box or private mailbox (PMB). */
  mailDrop: boolean;
}

/** Country names and codes seen so far -> alpha-2 ('' when not a country); a few hundred at most. */
const COUNTRY_CACHE = new Map<string, string>();

/** ISO alpha-2 (lower case) of a country name or code ("USA", "Germany", "de"), '' when unknown; cached. */
export function countryOf(text: string): string {
  let code = COUNTRY_CACHE.get(text);
  if (code === undefined) {
    code = countryCode(text) ?? '';
    if (COUNTRY_CACHE.size < 10_000) COUNTRY_CACHE.set(text, code);
  }
  return code;
}

export function foldText(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[ßøæœđðłþı]/g, (ch) => FOLD[ch] ?? ch);
}

// Token separators (what stood before a token).
const SPACE = 0;
const COMMA = 1;
const HYPHEN = 2;
const SLASH = 3;

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isAlnum = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a);
const digitLed = (t: string | undefined): boolean => t !== undefined && isDigit(t.charCodeAt(0));
const ORDINAL = /^(\d+)(?:st|nd|rd|th)$/;
const FLOOR_ORDINAL = /^(\d{1,3})(?:st|nd|rd|th|e|er|eme|o|a)?$/;
const CA_FSA = /^[a-z]\d[a-z]$/;
const CA_LDU = /^\d[a-z]\d$/;
const CA_POSTCODE = /^[a-z]\d[a-z]\d[a-z]\d$/;
const UK_OUTWARD = /^[a-z]{1,2}\d[a-z\d]?$/;
const UK_INWARD = /^\d[a-z]{2}$/;
const UK_POSTCODE = /^[a-z]{1,2}\d[a-z\d]?\d[a-z]{2}$/;
const NOT_INWARD = /^\d(?:st|nd|rd|th)$/;

/** Text to lower-case ASCII: other scripts romanised (any-ascii), "n°" read as "no", Korean 층 as a floor. */
function asciiLower(text: string): string {
  let ascii = true;
  for (let i = 0; i < text.length && ascii; i++) ascii = text.charCodeAt(i) < 0x80;
  if (ascii) return text.toLowerCase();
  return anyAscii(text.replace(/\b[nN]\s*[°º]\s*/g, 'no ').replace(/(\d)\s*층/g, '$1f ')).toLowerCase();
}

/**
 * A postal address as a join key (see `PostalKey`). Folded: case, diacritics, other scripts,
 * punctuation; street types abbreviated in several languages ("Straße" = "Str.", "Calle" = "C/",
 * "ulica" = "ul."); units in every form moved last ("Apt 4" = "#4" = "Unit 4" = "Suite 4", the
 * Canadian "2786-1583 Sherbrooke Blvd" = "1583 Sherbrooke Blvd Apt 2786", the Australian
 * "4/22 Smith St" = "Unit 4, 22 Smith St", the Korean "104-dong 821-ho" = "#104-821"); postcodes
 * found in any position (digits after the house number, Canadian, British and Dutch shapes,
 * "D-10115"); a US state, Canadian province or Australian state at the end read as its code
 * ("Colorado" = "CO"); a trailing country name taken as the country; a "c/o" line, a coworking
 * space's or a company's name on a line of its own left out. Undefined when the text is no
 * address (one word and no number: a town or a country).
 */
export function postalKey(text: string, country?: string): PostalKey | undefined {
  let s = asciiLower(text);
  let cc = country ? countryOf(country) : '';
  if (s.includes('.') && /\b[a-z]\.\s?[a-z]/.test(s)) {
    // Dotted initials ("N.S.W.", "D.C.", "U.S.A.") as one word, Italian contractions spelled out.
    s = s
      .replace(/\b([a-z])\.\s?([a-z])\.(?:\s?([a-z])\.)?(?:\s?([a-z])\.)?/g, (_m, a: string, b: string, c?: string, d?: string) => `${a}${b}${c ?? ''}${d ?? ''} `)
      .replace(/\bv\.le\b/g, 'viale')
      .replace(/\bp\.(?:za|zza)\b/g, 'piazza')
      .replace(/\bp\.le\b/g, 'piazzale')
      .replace(/\bc\.so\b/g, 'corso')
      .replace(/\bl\.go\b/g, 'largo');
  }
  // A trailing country segment: only full names, alpha-3 codes and UK/USA, never a 2-letter
  // segment (", CA" is California far more often than Canada), nor a state's name ("Georgia").
  const comma = s.lastIndexOf(',');
  if (comma > 0) {
    const tail = s.slice(comma + 1);
    const seg = hasDigit(tail) ? '' : tail.trim().replace(/\s+/g, ' ');
    const code = TRAILING_COUNTRY_EXTRA[seg] ?? (seg.length >= 3 && !(REGION_NAMES[seg] && REGION_COUNTRIES.has(cc)) ? countryOf(seg) || undefined : undefined);
    if (code) {
      s = s.slice(0, comma);
      if (cc === '') cc = code;
    }
  }
  if (s.includes('box')) s = s.replace(/\b(?:p\s*\.?\s*o\s*\.?|post office)\s*box\b/g, ' pobox ');
  if (s.includes('-')) {
    // ZIP+4 cut to the ZIP; "D-10115 Berlin", "CH-8001 Zürich": the country letters before a postcode.
    s = s.replace(/\b(\d{5})-\d{4}\b/g, '$1').replace(/\b(?:d|a|ch|f|b|l|i|e|p|h|s|n|nl|dk|fi|pl|cz|sk|lt|lv|ee)-(?=\d{4,5}\b)/g, '');
  }
  // A "c/o" or "attn" line names a person, not a place.
  if ((s.includes('/') || s.includes('care of') || s.includes('att')) && /\b(?:c\s*\/\s*o|care of|attn|attention)\b/.test(s)) s = s.replace(/(^|,)\s*(?:c\s*\/\s*o|care of|attn|attention)\b[^,\d]*/g, '$1');
  return READER.read(s, cc);
}

/** Digits without leading zeros ("05" -> "5"); other tokens as they are. */
function number(t: string): string {
  return t.length > 1 && t.charCodeAt(0) === 0x30 && allDigits(t) ? t.replace(/^0+(?=\d)/, '') : t;
}

function allDigits(t: string): boolean {
  for (let k = 0; k < t.length; k++) if (!isDigit(t.charCodeAt(k))) return false;
  return t.length > 0;
}

/** First words of BUSINESS_PAIRS. */
const PAIR_FIRST = new Set([...BUSINESS_PAIRS].map((p) => p.split(' ')[0]!));

// What a word is, looked up once per token (most words, street and town names, are none of these).
const W_TYPE = 1; // a street type, or abbreviated to one ("street", "st", "strasse")
const W_ABBREVIATION = 2; // an abbreviation of the table ("st", "r", "n"): no house-number letter
const W_STREET_WORD = 4; // a word of the table, full or abbreviated
const W_UNIT_HOME = 8;
const W_UNIT_ANY = 16;
const W_UNIT_OFFICE = 32;
const W_FLOOR = 64;
const W_BUILDING = 128;
const W_NUMBER = 256;
const W_MAIL_DROP = 512;
const W_BUSINESS = 1024; // names a workplace on a line of its own
const W_BRAND = 2048; // a workplace word left out wherever it stands ("WeWork", "coworking")
const W_PAIR_FIRST = 4096;
const W_REGION_CODE = 8192;
const W_UNIT = W_UNIT_HOME | W_UNIT_ANY | W_UNIT_OFFICE;

interface WordInfo {
  /** The word as keyed (the table's abbreviation, or the word itself). */
  canon: string;
  flags: number;
}

const WORDS = new Map<string, WordInfo>();
function markWord(word: string, flag: number): void {
  const info = WORDS.get(word);
  if (info) info.flags |= flag;
  else WORDS.set(word, { canon: STREET_WORDS[word] ?? word, flags: flag });
}
for (const [word, abbreviation] of Object.entries(STREET_WORDS)) {
  markWord(word, W_STREET_WORD | (STREET_TYPES.has(abbreviation) ? W_TYPE : 0));
  markWord(abbreviation, W_STREET_WORD | W_ABBREVIATION | (STREET_TYPES.has(abbreviation) ? W_TYPE : 0));
}
for (const type of STREET_TYPES) markWord(type, W_TYPE);
for (const [word, kind] of Object.entries(UNIT_WORDS)) markWord(word, kind === 'home' ? W_UNIT_HOME : kind === 'office' ? W_UNIT_OFFICE : W_UNIT_ANY);
for (const word of FLOOR_WORDS) markWord(word, W_FLOOR);
for (const word of BUILDING_WORDS) markWord(word, W_BUILDING);
for (const word of NUMBER_WORDS) markWord(word, W_NUMBER);
for (const word of MAIL_DROP_WORDS) markWord(word, W_MAIL_DROP);
for (const word of BUSINESS_WORDS) markWord(word, W_BUSINESS | (word.length > 4 && !KEPT_BUSINESS_WORDS.has(word) ? W_BRAND : 0));
for (const word of PAIR_FIRST) markWord(word, W_PAIR_FIRST);
for (const word of Object.keys(REGION_CODES)) markWord(word, W_REGION_CODE);

const flagsOf = (t: string | undefined): number => (t === undefined ? 0 : (WORDS.get(t)?.flags ?? 0));

function isBusinessPair(t: string, next: string | undefined): boolean {
  return next !== undefined && (flagsOf(t) & W_PAIR_FIRST) !== 0 && BUSINESS_PAIRS.has(`${t} ${next}`);
}

function hasDigit(t: string): boolean {
  for (let k = 0; k < t.length; k++) if (isDigit(t.charCodeAt(k))) return true;
  return false;
}

/**
 * Reads one address at a time (`postalKey` keeps one): the text's tokens, then what each is.
 * A class with reused buffers rather than closures: the link analysis reads every address of a
 * book of 100,000 profiles.
 */
class AddressReader {
  // Tokens and what stood before each (SPACE, COMMA, HYPHEN, SLASH), and its comma segment.
  private t: string[] = [];
  private sep: number[] = [];
  private seg: number[] = [];
  private skip = new Uint8Array(64);
  // The kept tokens in order: house numbers and words (as keyed, as written), with what is known of each.
  private mainT: string[] = [];
  private mainRaw: string[] = [];
  private mainNum: boolean[] = [];
  private mainComma: boolean[] = [];
  private mainSeg: number[] = [];
  /** A postcode follows this token. */
  private mainPc: boolean[] = [];
  private units: string[] = [];
  private building = '';
  private floor = '';
  private postcode = '';
  private numbers = 0;
  private business = false;
  private homeUnit = false;
  private floorWord = false;
  private mailDrop = false;

  read(s: string, givenCountry: string): PostalKey | undefined {
    this.tokenize(s);
    this.reset();
    this.skipWorkplaceLines();
    const T = this.t;
    const n = T.length;
    let first = true;
    for (let i = 0; i < n; i++) {
      if (this.skip[i]) continue;
      const atStart = first;
      first = false;
      i = digitLed(T[i]) ? this.readNumber(i, atStart) : this.readWord(i, atStart);
    }
    this.postcodeFirst();
    const cc = this.countryAtEnd(givenCountry);
    return this.result(cc, this.regionAtEnd());
  }

  private tokenize(s: string): void {
    // Fresh arrays: cheaper than emptying the last address's.
    const T: string[] = (this.t = []);
    const SEP: number[] = (this.sep = []);
    const SEG: number[] = (this.seg = []);
    let seg = 0;
    let sep = SPACE;
    let start = -1;
    let prevCode = 0x20;
    const n = s.length;
    for (let i = 0; i <= n; i++) {
      const c = i < n ? s.charCodeAt(i) : 0x20;
      if (isAlnum(c)) {
        if (start < 0) start = i;
        prevCode = c;
        continue;
      }
      if (start >= 0) {
        T.push(s.slice(start, i));
        SEP.push(sep);
        SEG.push(seg);
        start = -1;
        sep = SPACE;
      }
      if (c === 0x2c || c === 0x3b || c === 0x0a || c === 0x7c) {
        sep = COMMA;
        seg++;
      } else if (c === 0x23) {
        T.push('#');
        SEP.push(sep);
        SEG.push(seg);
        sep = SPACE;
      } else if ((c === 0x2d || c === 0x2f || c === 0x2013) && isAlnum(prevCode) && i + 1 < n && isAlnum(s.charCodeAt(i + 1)) && sep === SPACE) {
        sep = c === 0x2f ? SLASH : HYPHEN;
      }
      prevCode = c;
    }
  }

  private reset(): void {
    const n = this.t.length;
    if (this.skip.length < n) this.skip = new Uint8Array(n * 2);
    else this.skip.fill(0, 0, n);
    this.mainT = [];
    this.mainRaw = [];
    this.mainNum = [];
    this.mainComma = [];
    this.mainSeg = [];
    this.mainPc = [];
    this.units = [];
    this.building = '';
    this.floor = '';
    this.postcode = '';
    this.numbers = 0;
    this.business = false;
    this.homeUnit = false;
    this.floorWord = false;
    this.mailDrop = false;
  }

  /** Keeps the first `end` kept tokens. */
  private truncate(end: number): void {
    if (end >= this.mainT.length) return;
    this.mainT.length = end;
    this.mainRaw.length = end;
    this.mainNum.length = end;
    this.mainComma.length = end;
    this.mainSeg.length = end;
    this.mainPc.length = end;
  }

  /** Whether token k is a street type ("Business Park Dr", "Corporation St": the street's own name). */
  private isType(k: number): boolean {
    return (flagsOf(this.t[k]) & W_TYPE) !== 0;
  }

  /** Whether tokens [from, to) name a workplace and no street: "Hive Coworking", "Globex Corp". */
  private namesWorkplace(from: number, to: number): boolean {
    const T = this.t;
    let business = false;
    for (let k = from; k < to; k++) {
      const t = T[k]!;
      const flags = flagsOf(t);
      if (digitLed(t) || (flags & (W_TYPE | W_UNIT)) !== 0) return false;
      if ((flags & W_BUSINESS) !== 0 || isBusinessPair(t, k + 1 < to ? T[k + 1] : undefined)) business = true;
    }
    return business;
  }

  /** Lines naming a workplace are left out; so are the words before the first number when they do. */
  private skipWorkplaceLines(): void {
    const { t: T, seg: SEG } = this;
    const n = T.length;
    for (let a = 0; a < n; ) {
      let b = a + 1;
      while (b < n && SEG[b] === SEG[a]) b++;
      if (this.namesWorkplace(a, b)) {
        this.skip.fill(1, a, b);
        this.business = true;
      } else if (a === 0) {
        let f = 0;
        while (f < b && !digitLed(T[f])) f++;
        if (f > 0 && f < b && this.namesWorkplace(0, f)) {
          this.skip.fill(1, 0, f);
          this.business = true;
        }
      }
      a = b;
    }
  }

  private push(t: string, raw: string, num: boolean, k: number): void {
    this.mainT.push(t);
    this.mainRaw.push(raw);
    this.mainNum.push(num);
    this.mainComma.push(this.sep[k] === COMMA);
    this.mainSeg.push(this.seg[k]!);
    this.mainPc.push(false);
    if (num) this.numbers++;
  }

  private pop(): void {
    if (this.mainNum.pop()) this.numbers--;
    this.mainT.pop();
    this.mainRaw.pop();
    this.mainComma.pop();
    this.mainSeg.pop();
    this.mainPc.pop();
  }

  private setPostcode(pc: string): void {
    if (this.postcode === '') this.postcode = pc;
    if (this.mainPc.length > 0) this.mainPc[this.mainPc.length - 1] = true;
  }

  /** The number group starting at k ("2786-1583", "4/22", "00-514" are one): its parts, joiner and end. */
  private group(k: number): { parts: string[]; joiner: number; end: number } {
    const { t: T, sep: SEP } = this;
    const parts = [T[k]!];
    let joiner = SPACE;
    let j = k + 1;
    while (j < T.length && (SEP[j] === HYPHEN || SEP[j] === SLASH) && digitLed(T[j]) && (joiner === SPACE || SEP[j] === joiner)) {
      joiner = SEP[j]!;
      parts.push(T[j]!);
      j++;
    }
    return { parts, joiner, end: j };
  }

  /** A single letter after a number, as in "12 A" = "12A" (not "N", "E", "r.", "c/": an abbreviation; nor the "I" of "I-8/4"). */
  private letterAfter(j: number): string {
    const t = this.t[j];
    const sep = this.sep[j];
    const after = this.sep[j + 1];
    return t !== undefined && t.length === 1 && !digitLed(t) && (flagsOf(t) & (W_ABBREVIATION | W_UNIT)) === 0 && (sep === SPACE || sep === HYPHEN) && after !== HYPHEN && after !== SLASH && this.skip[j] === 0 ? t : '';
  }

  /** Token i starts with a digit: a house number, a unit, a floor or a postcode. Returns the last token read. */
  private readNumber(i: number, atStart: boolean): number {
    const { t: T, sep: SEP, seg: SEG } = this;
    const n = T.length;
    const t = T[i]!;
    const digits = allDigits(t);
    // Korean building and unit: "104-dong 821-ho", "104dong 821ho".
    const glued = digits ? null : /^(\d+)(dong|ho)$/.exec(t);
    if (glued) {
      if (glued[2] === 'dong') this.building = number(glued[1]!);
      else this.units.push(number(glued[1]!));
      return i;
    }
    if ((T[i + 1] === 'dong' || T[i + 1] === 'ho') && SEP[i + 1] === HYPHEN && digits) {
      if (T[i + 1] === 'dong') this.building = number(t);
      else this.units.push(number(t));
      return i + 1;
    }
    const floorGlued = digits ? null : /^(\d{1,3})fl?$/.exec(t);
    if (floorGlued) {
      this.floor = number(floorGlued[1]!);
      this.floorWord = true;
      return i;
    }
    const ordinal = digits ? null : ORDINAL.exec(t);
    const { parts, joiner, end } = ordinal ? { parts: [ordinal[1]!], joiner: SPACE, end: i + 1 } : this.group(i);
    const value = parts.length === 1 ? number(parts[0]!) : parts.map(number).join(joiner === SLASH ? '/' : '-');
    // Unit and civic number before the street: "2786-1583 Sherbrooke Blvd", "4/22 Smith St";
    // before a comma the whole is a unit without its word ("104-821, 55 Teheran-ro").
    if (atStart && parts.length === 2 && end < n && (SEG[end] !== SEG[i] || !digitLed(T[end]))) {
      if (SEG[end] === SEG[i]) {
        this.units.push(number(parts[0]!));
        this.push(number(parts[1]!), parts[1]!, true, i);
      } else {
        this.units.push(value);
      }
      return end - 1;
    }
    // A postcode: 4-6 digits after the house number (not 4 right after a street type, as in
    // "County Road 1234"), or two groups of digits ("00-514", "150-0002", "01310-100").
    const prev = this.mainT[this.mainT.length - 1];
    const afterType = prev !== undefined && STREET_TYPES.has(prev) && SEP[i] !== COMMA && t.length === 4;
    const plain = parts.length === 1 && digits && t.length >= 4 && t.length <= 6;
    // Two groups: "00-514" (PL), "1100-148" (PT), "150-0002" (JP), "01310-100" (BR); three and
    // three digits after the house number are a Korean building and unit ("55 Teheran-ro 104-821").
    const shape = parts.length === 2 && joiner === HYPHEN && allDigits(parts[0]!) && allDigits(parts[1]!) ? `${parts[0]!.length}${parts[1]!.length}` : '';
    const pair = POSTCODE_PAIRS.has(shape);
    if (this.numbers > 0 && shape === '33') {
      this.units.push(value);
      return end - 1;
    }
    if (this.numbers > 0 && !afterType && (plain || pair)) {
      // Dutch "1012 AB".
      const letters = T[end];
      if (plain && t.length === 4 && letters !== undefined && letters.length === 2 && /^[a-z]{2}$/.test(letters) && SEP[end] === SPACE && (flagsOf(letters) & W_UNIT) === 0) {
        this.setPostcode(t + letters);
        return end;
      }
      this.setPostcode(parts.join(''));
      return end - 1;
    }
    const letter = parts.length === 1 && digits ? this.letterAfter(end) : '';
    this.push(value + letter, t, true, i);
    return letter ? end : end - 1;
  }

  /** Token i starts with a letter (or is "#"). Returns the last token read. */
  private readWord(i: number, atStart: boolean): number {
    const { t: T, sep: SEP, seg: SEG } = this;
    const n = T.length;
    const t = T[i]!;
    // Postcodes of letters and digits: Canadian "H2L 1K8", British "SW1A 1AA".
    if (!atStart && hasDigit(t)) {
      if (CA_POSTCODE.test(t) || UK_POSTCODE.test(t)) {
        this.setPostcode(t);
        return i;
      }
      const next = T[i + 1];
      // ("B2 3rd Floor" is a unit and a floor, "EH18 5RD" a postcode.)
      const ordinalFloor = NOT_INWARD.test(next ?? '') && (flagsOf(T[i + 2]) & W_FLOOR) !== 0;
      if (next !== undefined && SEP[i + 1] !== COMMA && ((CA_FSA.test(t) && CA_LDU.test(next)) || (UK_OUTWARD.test(t) && UK_INWARD.test(next) && !ordinalFloor))) {
        this.setPostcode(t + next);
        return i + 1;
      }
    }
    const info = WORDS.get(t);
    const flags = info?.flags ?? 0;
    if (flags === 0) return this.readName(t, i);
    if ((flags & W_UNIT) !== 0) return this.readUnit(i, flags & W_UNIT);
    if ((flags & W_FLOOR) !== 0) {
      // "3rd Floor", "Floor 3", "Fl. 12", "Level 2", "3. Stock"; "FL 33101" is Florida.
      const last = this.mainRaw.length - 1;
      const prevRaw = this.mainRaw[last];
      const before = prevRaw !== undefined && this.mainNum[last] && this.mainSeg[last] === SEG[i] ? FLOOR_ORDINAL.exec(prevRaw) : null;
      const after = i + 1 < n && SEG[i + 1] === SEG[i] ? FLOOR_ORDINAL.exec(T[i + 1]!) : null;
      // An ordinal before the word wins ("3rd Floor 100 Market St"), then a number after it.
      if (before && (/\D/.test(prevRaw!) || !after)) {
        this.pop();
        this.floor = number(before[1]!);
        this.floorWord = true;
        return i;
      }
      if (after) {
        this.floor = number(after[1]!);
        this.floorWord = true;
        return i + 1;
      }
      if (t !== 'fl') {
        this.floorWord = true;
        return i;
      }
    }
    if ((flags & W_BUILDING) !== 0 && digitLed(T[i + 1])) {
      const { parts, joiner, end } = this.group(i + 1);
      this.building = parts.map(number).join(joiner === SLASH ? '/' : '-');
      return end - 1;
    }
    if ((flags & W_NUMBER) !== 0 && digitLed(T[i + 1])) return i;
    if ((flags & W_MAIL_DROP) !== 0) this.mailDrop = true;
    if (isBusinessPair(t, T[i + 1]) && !this.isType(i + 2)) {
      // "co-working", "business centre" inside a line: a workplace, not part of the key.
      this.business = true;
      return i + 1;
    }
    if ((flags & W_BRAND) !== 0 && !this.isType(i + 1)) {
      // A coworking brand or the word itself ("WeWork", "Regus", "coworking").
      this.business = true;
      return i;
    }
    this.push(info!.canon, t, false, i);
    return i;
  }

  /**
   * A word of no table (a street or town name), at i. German and Dutch compounds are split:
   * "Hauptstraße" = "Hauptstr." = "Haupt Str." = "haupt st", "Mühlenplatz" = "Mühlenpl." = "muhlen pl".
   */
  private readName(t: string, i: number): number {
    const n = t.length;
    const [stem, type] =
      n > 7 && t.endsWith('strasse') ? [7, 'st'] : n > 8 && t.endsWith('straat') ? [6, 'st'] : n > 5 && t.endsWith('str') ? [3, 'st'] : n > 7 && t.endsWith('platz') ? [5, 'pl'] : n > 5 && t.endsWith('pl') ? [2, 'pl'] : [0, ''];
    if (stem > 0) {
      this.push(t.slice(0, -stem), t, false, i);
      this.push(type, t, false, i);
      return i;
    }
    this.push(t, t, false, i);
    return i;
  }

  /** A unit word at i: the unit is the next number (a group: "104-821"), or a short code ("B", "4B", "PH1"). */
  private readUnit(i: number, kind: number): number {
    const { t: T, seg: SEG } = this;
    const n = T.length;
    let j = i + 1;
    while (j < n && (flagsOf(T[j]) & (W_UNIT | W_NUMBER)) !== 0) j++;
    const v = j < n && SEG[j] === SEG[i] && this.skip[j] === 0 ? T[j]! : undefined;
    const numeric = digitLed(v);
    if (v === undefined || !(numeric || (v.length <= 4 && kind !== W_UNIT_OFFICE && T[i] !== 'int' && T[i] !== 'interior' && (flagsOf(v) & (W_STREET_WORD | W_REGION_CODE)) === 0))) {
      if (kind === W_UNIT_OFFICE) this.business = true;
      return i;
    }
    if (kind === W_UNIT_HOME) this.homeUnit = true;
    else if (kind === W_UNIT_OFFICE) this.business = true;
    const { parts, joiner, end } = numeric ? this.group(j) : { parts: [v], joiner: SPACE, end: j + 1 };
    if (joiner === SLASH && parts.length === 2 && end < n && !digitLed(T[end]) && SEG[end] === SEG[j]) {
      // "Unit 4/22 Smith St": unit 4 of number 22.
      this.units.push(number(parts[0]!));
      this.push(number(parts[1]!), parts[1]!, true, j);
      return end - 1;
    }
    const letter = numeric && parts.length === 1 ? this.letterAfter(end) : '';
    this.units.push(parts.map(number).join(joiner === SLASH ? '/' : '-') + letter);
    return letter ? end : end - 1;
  }

  /** A postcode before the town at the start of the address ("10115 Berlin, Hauptstr. 5"): taken out, the town moved last. */
  private postcodeFirst(): void {
    const { mainT, mainNum, mainSeg } = this;
    if (this.postcode !== '' || this.numbers < 2 || !mainNum[0] || !/^\d{4,6}$/.test(mainT[0]!)) return;
    let k = 1;
    while (k < mainT.length && mainSeg[k] === mainSeg[0] && !mainNum[k] && !STREET_TYPES.has(mainT[k]!)) k++;
    if (k === 1 || (k < mainT.length && mainSeg[k] === mainSeg[0])) return;
    this.postcode = this.mainRaw[0]!;
    for (const list of [this.mainT, this.mainRaw, this.mainNum, this.mainComma, this.mainSeg, this.mainPc] as unknown[][]) list.push(...list.splice(0, k).slice(1));
    this.mainComma[this.mainComma.length - (k - 1)] = true;
    this.numbers--;
  }

  /** Words [k, end) of the kept tokens as a region name ("colorado", "new south wales"): its code, or undefined. */
  private regionName(k: number, end: number): string | undefined {
    if (k < 1 || this.mainNum[k - 1] !== false || !REGION_LAST_WORDS.has(this.mainRaw[end - 1]!)) return undefined;
    let name = '';
    for (let x = k; x < end; x++) {
      if (this.mainNum[x]) return undefined;
      name = name === '' ? this.mainRaw[x]! : `${name} ${this.mainRaw[x]!}`;
    }
    return REGION_NAMES[name];
  }

  /** Where a region name ends the kept tokens [0, end): its first token, or -1. */
  private regionNameAt(end: number): number {
    for (let len = 3; len >= 1; len--) if (this.regionName(end - len, end) !== undefined) return end - len;
    return -1;
  }

  /** Country names ending the address (no comma before them) are taken out; the country, as given or found. */
  private countryAtEnd(givenCountry: string): string {
    const { mainRaw, mainNum } = this;
    let cc = givenCountry;
    let end = mainRaw.length;
    for (let round = 0; round < 2 && end > 1 && !mainNum[end - 1] && this.regionNameAt(end) < 0; round++) {
      const last = mainRaw[end - 1]!;
      let cut = 0;
      let code = '';
      if (TRAILING_COUNTRY_EXTRA[last]) [cut, code] = [1, TRAILING_COUNTRY_EXTRA[last]];
      else if (COUNTRY_TAILS.has(last)) {
        for (let len = 4; len >= 2 && cut === 0; len--) {
          if (end - len < 1) continue;
          const c = countryOf(mainRaw.slice(end - len, end).join(' '));
          if (c) [cut, code] = [len, c];
        }
      }
      if (cut === 0 && last.length >= 4 && isCountryWord(last)) {
        const c = countryOf(last);
        if (c) [cut, code] = [1, c];
      }
      if (cut === 0) break;
      end -= cut;
      if (cc === '') cc = code;
    }
    this.truncate(end);
    return cc;
  }

  /**
   * A region ending the address is taken out: its name ("Colorado") anywhere a word precedes it;
   * its code ("CO") after a comma or before a postcode, or last when it is no street word.
   */
  private regionAtEnd(): string {
    const { mainT, mainRaw, mainNum, mainComma, mainPc } = this;
    const end = mainT.length;
    const named = this.regionNameAt(end);
    if (named >= 0) {
      const code = this.regionName(named, end)!;
      this.truncate(named);
      return code;
    }
    if (end < 2 || mainNum[end - 1] || mainNum[end - 2]) return '';
    const raw = mainRaw[end - 1]!;
    const code = REGION_CODES[raw];
    if (code === undefined) return '';
    if (!(mainComma[end - 1] || mainPc[end - 1] || (!AMBIGUOUS_REGION_CODES.has(raw) && !STREET_TYPES.has(mainT[end - 2]!)))) return '';
    this.truncate(end - 1);
    return code;
  }

  private result(cc: string, region: string): PostalKey | undefined {
    const nums: string[] = [];
    const words: string[] = [];
    for (let k = 0; k < this.mainT.length; k++) (this.mainNum[k] ? nums : words).push(this.mainT[k]!);
    const { units, building } = this;
    const unitKey: string[] = [];
    if (building !== '' && units.length > 0) {
      unitKey.push('apt', `${building}-${units[0]!}`);
      for (let u = 1; u < units.length; u++) unitKey.push('apt', units[u]!);
    } else if (building !== '') unitKey.push('bldg', building);
    else for (const u of units) unitKey.push('apt', u);
    // Numbers alone say nowhere; one word and no number is a town or a country, not an address
    // anyone could share meaningfully.
    if (words.length === 0 || (nums.length === 0 && unitKey.length === 0 && words.length < 2)) return undefined;
    return {
      key: [...nums, ...words, ...unitKey].join(' '),
      country: cc,
      postcode: this.postcode,
      region,
      floor: this.floor,
      business: !this.mailDrop && (this.business || (this.floorWord && !this.homeUnit)),
      mailDrop: this.mailDrop,
    };
  }
}

const READER = new AddressReader();

/** A 30-bit hash of an address's join key (`postalKey`): the stored link key of an address; undefined when no address. */
export function addressBlockKey(text: string, country?: string): number | undefined {
  const pk = postalKey(text, country);
  if (!pk) return undefined;
  let h = 0x811c9dc5;
  for (let i = 0; i < pk.key.length; i++) h = Math.imul(h ^ pk.key.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h & 0x3fffffff;
}

export interface AddressBlocks {
  /** An order-independent hash of the address's digit runs (a US ZIP+4 counted as its ZIP). */
  all: number;
  /**
   * The same without a group of digits that may be the postcode: the last one (4-6 digits,
   * "00-514", "150-0002", Canadian and British postcodes) or the first one (4-6 digits, as in
   * "10115 Berlin, Hauptstr. 5"), when there are other digits. Empty when neither may be.
   */
  withoutPostcode: number[];
}

const isLetterCode = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/** The hash of one run of digits, leading zeros dropped ("05" = "5"). */
function digitRunHash(s: string, from: number, to: number): number {
  while (from < to - 1 && s.charCodeAt(from) === 0x30) from++;
  let h = 0x811c9dc5;
  for (let k = from; k < to; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h;
}

/**
 * Cheap blocking keys of an address, read without `postalKey` (see `AddressBlocks`): only
 * addresses whose blocks meet another profile's are read in full. Two spellings of one place
 * that both give the postcode share `all`; when one leaves it out, its `all` is one of the
 * other's `withoutPostcode` (a postcode moved from last to first keeps `all`). Text in other
 * scripts is romanised first, as `postalKey` does (full-width digits are digits).
 */
export function addressBlocks(written: string): AddressBlocks {
  let text = written;
  for (let k = 0; k < text.length; k++) {
    if (text.charCodeAt(k) >= 0x80) {
      text = asciiLower(text);
      break;
    }
  }
  const n = text.length;
  // Groups of tokens holding digits, a group being tokens joined by "-" or "/" ("2786-1583",
  // "4/22", "00-514"). A token of digits, or of digits then letters ("12", "12B", "3rd"), counts
  // its digits as one number; in any other ("SE1", "1K8", "BS125EF") each digit counts alone, so
  // that a postcode written with or without its space counts alike. Kept: the sum of all
  // groups' hashes, and what the first and the last two groups are.
  let all = 0;
  let groups = 0;
  let firstSum = 0;
  let firstPlain = false;
  let lastSum = 0;
  let lastShape = '';
  let lastFrom = -1;
  let lastTo = -1;
  let prevSum = 0;
  let prevFrom = -1;
  let prevTo = -1;
  let i = 0;
  while (i < n) {
    if (!(isDigit(text.charCodeAt(i)) || isLetterCode(text.charCodeAt(i)))) {
      i++;
      continue;
    }
    const start = i;
    let sum = 0;
    let count = 0;
    let partCount = 0;
    let first = 0;
    let letters = false;
    let zip = false;
    for (;;) {
      const t0 = i;
      while (i < n && (isDigit(text.charCodeAt(i)) || isLetterCode(text.charCodeAt(i)))) i++;
      let run = t0;
      while (run < i && isDigit(text.charCodeAt(run))) run++;
      let rest = run;
      while (rest < i && isLetterCode(text.charCodeAt(rest))) rest++;
      if (run > t0 && rest === i) {
        // Digits, then letters or nothing. A ZIP+4's "-dddd" is not counted.
        if (zip && run - t0 === 4 && run === i) zip = false;
        else {
          zip = partCount === 0 && run - t0 === 5 && run === i;
          sum = (sum + digitRunHash(text, t0, run)) | 0;
          count += run - t0;
          if (partCount === 0) first = run - t0;
          partCount++;
        }
        if (run < i) letters = true;
      } else {
        let had = 0;
        for (let k = t0; k < i; k++) {
          if (!isDigit(text.charCodeAt(k))) continue;
          sum = (sum + digitRunHash(text, k, k + 1)) | 0;
          had++;
        }
        if (had === 0) {
          if (partCount === 0) break;
        } else {
          count += had;
          if (partCount === 0) first = had;
          partCount++;
          letters = true;
        }
      }
      const sep = i < n ? text.charCodeAt(i) : 0;
      if (partCount > 0 && (sep === 0x2d || sep === 0x2f) && i + 1 < n && isDigit(text.charCodeAt(i + 1))) {
        i++;
        continue;
      }
      break;
    }
    if (partCount === 0) continue;
    // Shapes a postcode may have: 4-6 digits ("p"), two groups of digits ("00-514": "23").
    const shape = letters ? '' : partCount === 1 ? (count >= 4 && count <= 6 ? 'p' : '') : partCount === 2 ? `${first}${count - first}` : '';
    if (groups === 0) {
      firstSum = sum;
      firstPlain = shape === 'p';
    }
    prevSum = lastSum;
    prevFrom = lastFrom;
    prevTo = lastTo;
    lastSum = sum;
    lastShape = shape;
    // Where a group with letters stands (a Canadian or British postcode is read from it below).
    lastFrom = letters ? start : -1;
    lastTo = i;
    all = (all + sum) | 0;
    groups++;
  }
  const withoutPostcode: number[] = [];
  if (groups >= 2) {
    const lastText = lastFrom < 0 ? '' : text.slice(lastFrom, lastTo).toLowerCase();
    const prevText = prevFrom < 0 ? '' : text.slice(prevFrom, prevTo).toLowerCase();
    if (lastShape === 'p' || POSTCODE_PAIRS.has(lastShape) || (lastText !== '' && (CA_POSTCODE.test(lastText) || UK_POSTCODE.test(lastText)))) {
      withoutPostcode.push((all - lastSum) & 0x3fffffff);
    } else if (groups >= 3 && prevText !== '' && lastText !== '' && ((CA_FSA.test(prevText) && CA_LDU.test(lastText)) || (UK_OUTWARD.test(prevText) && UK_INWARD.test(lastText)))) {
      withoutPostcode.push((all - lastSum - prevSum) & 0x3fffffff);
    }
    if (firstPlain) withoutPostcode.push((all - firstSum) & 0x3fffffff);
  }
  return { all: all & 0x3fffffff, withoutPostcode };
}

/** Postcodes of two groups of digits, by their lengths: PL "00-514", PT "1100-148", JP "150-0002", BR "01310-100", US ZIP+4. */
const POSTCODE_PAIRS = new Set(['23', '43', '34', '53', '54']);

/**
 * Whether two addresses with one key (`postalKey`) are one place: their countries, regions,
 * postcodes and floors agree where both give them. A postcode agrees with one it begins
 * (a British outward code "SE1" with "SE1 7PB", a US ZIP with its ZIP+4 already cut).
 */
export function sameAddressPlace(a: Pick<PostalKey, 'country' | 'region' | 'postcode' | 'floor'>, b: Pick<PostalKey, 'country' | 'region' | 'postcode' | 'floor'>): boolean {
  const agree = (x: string, y: string): boolean => x === '' || y === '' || x === y;
  if (!agree(a.country, b.country) || !agree(a.region, b.region) || !agree(a.floor, b.floor)) return false;
  const p = a.postcode;
  const q = b.postcode;
  return p === '' || q === '' || (p.length <= q.length ? q.startsWith(p) : p.startsWith(q));
}

// ---------------------------------------------------------------------------------------------
// IPs

/** IPv4 dotted quad (leading zeros dropped), IPv6 in RFC 5952 form, IPv4-mapped IPv6 as IPv4. */
export function ipKey(raw: string): string | undefined {
  let s = raw.trim().toLowerCase();
  if (s === '') return undefined;
  // [v6]:port and v4:port
  const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(s);
  if (bracket) s = bracket[1]!;
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d+$/.test(s)) s = s.slice(0, s.lastIndexOf(':'));
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (!s.includes(':')) return ipv4(s);
  return ipv6(s);
}

const DOTTED_QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** True when `s` is already an IPv4 address in its canonical form (no allocation: a hot path). */
export function isCanonicalIpv4(s: string): boolean {
  const n = s.length;
  if (n < 7 || n > 15) return false;
  let dots = 0;
  let digits = 0;
  let value = 0;
  let lead = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? s.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || value > 255 || (digits > 1 && lead === 0x30)) return false;
      if (i < n) dots++;
      digits = 0;
      value = 0;
      continue;
    }
    if (c < 0x30 || c > 0x39 || digits === 3) return false;
    if (digits === 0) lead = c;
    value = value * 10 + (c - 0x30);
    digits++;
  }
  return dots === 3;
}

function ipv4(s: string): string | undefined {
  const m = DOTTED_QUAD.exec(s);
  if (m && Number(m[1]) <= 255 && Number(m[2]) <= 255 && Number(m[3]) <= 255 && Number(m[4]) <= 255 && !/(?:^|\.)0\d/.test(s)) return s;
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out.join('.');
}

function ipv6(s: string): string | undefined {
  let tail: number[] = [];
  // Embedded IPv4 in the last 32 bits ("::ffff:1.2.3.4", "64:ff9b::1.2.3.4").
  const lastColon = s.lastIndexOf(':');
  const last = s.slice(lastColon + 1);
  if (last.includes('.')) {
    const v4 = ipv4(last);
    if (!v4) return undefined;
    const o = v4.split('.').map(Number);
    tail = [(o[0]! << 8) | o[1]!, (o[2]! << 8) | o[3]!];
    s = `${s.slice(0, lastColon + 1)}${tail.length ? '0:0' : ''}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const parse = (h: string): number[] | undefined => {
    if (h === '') return [];
    const groups: number[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-f]{1,4}$/.test(g)) return undefined;
      groups.push(parseInt(g, 16));
    }
    return groups;
  };
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  if (!head || !rest) return undefined;
  let groups: number[];
  if (halves.length === 2) {
    const fill = 8 - head.length - rest.length;
    if (fill < 1) return undefined;
    groups = [...head, ...new Array<number>(fill).fill(0), ...rest];
  } else {
    groups = head;
  }
  if (groups.length !== 8) return undefined;
  if (tail.length) {
    groups[6] = tail[0]!;
    groups[7] = tail[1]!;
  }
  // IPv4-mapped: the same host as the IPv4 address.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `${groups[6]! >> 8}.${groups[6]! & 0xff}.${groups[7]! >> 8}.${groups[7]! & 0xff}`;
  }
  // RFC 5952: the longest run (>= 2) of zero groups becomes "::" (the first such run on ties).
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

// ---------------------------------------------------------------------------------------------
// Payments, handles, documents, employers

/** An IBAN as written with spaces or dashes in any case: the compact upper-case form, if IBAN-shaped. */
export function ibanKey(raw: string): string | undefined {
  const s = raw.toUpperCase().replace(/[\s\-.]/g, '').replace(/^IBAN:?/, '');
  return /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(s) ? s : undefined;
}

/** A bank account number (with or without routing/sort code): letters and digits only, upper case. */
export function bankAccountKey(raw: string): string | undefined {
  const s = raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return s.length >= 5 && /\d{4}/.test(s) ? s : undefined;
}

/** A platform or provider name: "LinkedIn", "linkedin.com", "www.LinkedIn.com" -> "linkedin". */
export function platformKey(raw: string | undefined): string {
  if (!raw) return '';
  let s = foldText(raw).trim().replace(/^https?:\/\//, '').replace(/^www\./, '');
  s = s.replace(/\.(com|net|org|io|co|me|dev)(\/.*)?$/, '');
  s = s.replace(/[^a-z0-9]/g, '');
  return PLATFORM_ALIASES[s] ?? s;
}

const PLATFORM_ALIASES: Record<string, string> = { twitter: 'x', transferwise: 'wise', gh: 'github', li: 'linkedin' };

/**
 * A handle on a platform: lower case, a leading "@" or "$" dropped, and a profile URL reduced to
 * its last path segment ("https://github.com/jdoe/" -> "jdoe", "linkedin.com/in/j-doe" -> "j-doe").
 */
export function handleKey(raw: string): string | undefined {
  let s = raw.trim().toLowerCase();
  if (/^(?:https?:\/\/|www\.)|^[a-z0-9.-]+\.[a-z]{2,}\//.test(s)) {
    s = s.replace(/[?#].*$/, '').replace(/\/+$/, '');
    s = s.slice(s.lastIndexOf('/') + 1);
  }
  s = s.replace(/^[@$~]+/, '').trim();
  return s.length >= 2 && !/\s/.test(s) ? s : undefined;
}

/** Identity document: type, issuing country (or '' when unknown) and the matcher's number form. */
export function documentNumberKey(raw: string): string | undefined {
  return normalizeIdNumber(raw);
}

/** Legal-form words dropped from employer names ("Acme Corp." = "ACME Corporation" = "Acme"). */
const LEGAL_FORMS = new Set([
  'the', 'inc', 'incorporated', 'llc', 'ltd', 'limited', 'corp', 'corporation', 'co', 'company', 'gmbh', 'ag', 'sa',
  'sarl', 'sas', 'bv', 'nv', 'plc', 'pty', 'pvt', 'private', 'llp', 'lp', 'oy', 'ab', 'as', 'kk', 'srl', 'spa', 'sro',
  'ooo', 'zao', 'oao', 'pjsc', 'jsc', 'pte', 'bhd', 'sdn', 'group', 'holdings', 'and',
]);

/** An employer name folded for comparison: case, diacritics, punctuation and legal forms dropped. */
export function employerKey(name: string): string | undefined {
  const words = foldText(name)
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '' && !LEGAL_FORMS.has(w));
  return words.length ? words.join(' ') : undefined;
}

// ---------------------------------------------------------------------------------------------
// Display

/** "DE89370400440532013000" -> "DE89…3000": enough for a reviewer to recognise, not to copy. */
export function maskAccount(value: string): string {
  return value.length <= 8 ? value : `${value.slice(0, 4)}…${value.slice(-4)}`;
}
