/**
 * Join keys for cross-candidate link analysis (src/hiring/links.ts): the identifiers of a candidate
 * profile reduced so that two spellings of one mailbox, address, account or handle meet. Pure code.
 *
 * The exact-identifier rules of the matcher are reused (src/match/identifiers.ts: e-mail syntax,
 * E.164 phones, chain-aware crypto address keys, document numbers); what is added here is what only
 * link analysis needs: mailbox aliases (+tags, Gmail dots), postal addresses, IPs, bank accounts,
 * platform handles and employer names.
 */
import { countryCode } from '../model/countries.js';
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

/** Street-type and unit words folded to one spelling (USPS-style abbreviations). */
const ADDRESS_WORDS: Record<string, string> = {
  street: 'st', str: 'st', strasse: 'st', avenue: 'ave', av: 'ave', avenida: 'ave', road: 'rd',
  boulevard: 'blvd', drive: 'dr', lane: 'ln', court: 'ct', place: 'pl', square: 'sq', highway: 'hwy',
  parkway: 'pkwy', terrace: 'ter', circle: 'cir', crescent: 'cres', close: 'cl', alley: 'aly',
  trail: 'trl', mount: 'mt', saint: 'st', north: 'n', south: 's', east: 'e', west: 'w', northeast: 'ne',
  northwest: 'nw', southeast: 'se', southwest: 'sw', floor: 'fl', building: 'bldg', bld: 'bldg',
  apartment: 'apt', apt: 'apt', unit: 'apt', suite: 'apt', ste: 'apt', flat: 'apt', room: 'apt', rm: 'apt',
  // Street types elsewhere, full form -> the local abbreviation (never the other way: a lone "r"
  // or "c" may be a unit letter). French, Spanish, Portuguese, German, Polish, Ukrainian/Russian,
  // Indonesian/Malay, Turkish.
  rue: 'r', rua: 'r', calle: 'c', avda: 'ave', paseo: 'po', plaza: 'pl', pza: 'pl', platz: 'pl', praca: 'pl',
  bd: 'blvd', bulvar: 'blvd', bulv: 'blvd', allee: 'all', ulica: 'ul', aleja: 'al', vulytsia: 'vul',
  vulitsa: 'vul', ulitsa: 'ul', prospekt: 'prosp', pr: 'prosp', prospect: 'prosp', jalan: 'jl', jln: 'jl',
  caddesi: 'cad', cd: 'cad', sokak: 'sk', sok: 'sk', sokagi: 'sk',
  kvartira: 'apt', kv: 'apt', apto: 'apt', apartamento: 'apt', dpto: 'apt', departamento: 'apt', wohnung: 'apt', whg: 'apt',
};
/** Words that introduce a unit: "Apt 4", "#4", "Unit 4", "Suite 4" are one key ("apt 4"), moved last. */
const UNIT_WORD = 'apt';
/** Letters NFKD does not decompose. */
const FOLD: Record<string, string> = { ß: 'ss', ø: 'o', æ: 'ae', œ: 'oe', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i' };
const TRAILING_COUNTRY_EXTRA: Record<string, string> = { uk: 'gb', 'u.k.': 'gb', 'u.s.': 'us', 'u.s.a.': 'us' };

export interface PostalKey {
  /** Folded text: lower case ASCII, no punctuation, abbreviations folded, unit last. */
  key: string;
  /** ISO alpha-2, lower case, from the field or a trailing country name; '' when unknown. */
  country: string;
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

/**
 * A postal address as a join key: case, diacritics and punctuation folded, street words and unit
 * designators abbreviated ("Street" = "St.", "Apt 4" = "#4" = "Unit 4", unit moved to the end),
 * US ZIP+4 cut to ZIP, and a trailing country name ("..., Germany") taken as the country. Two
 * addresses join when their keys are equal and their countries are equal or one is unknown.
 */
export function postalKey(text: string, country?: string): PostalKey | undefined {
  let s = foldText(text).replace(/\s+/g, ' ').trim();
  let cc = country ? countryOf(country) : '';
  // A trailing country segment: only full names, alpha-3 codes and UK/USA, never a 2-letter
  // segment (", CA" is California far more often than Canada).
  const comma = s.lastIndexOf(',');
  if (comma > 0) {
    const seg = s.slice(comma + 1).trim();
    const code = TRAILING_COUNTRY_EXTRA[seg] ?? (seg.length >= 3 && !/\d/.test(seg) ? countryOf(seg) || undefined : undefined);
    if (code) {
      s = s.slice(0, comma);
      if (cc === '') cc = code;
    }
  }
  s = s.replace(/\b(\d{5})-\d{4}\b/g, '$1').replace(/#/g, ' apt ').replace(/\bp\s*\.?\s*o\s*\.?\s*box\b/g, 'pobox');
  const words = s.replace(/[^a-z0-9]+/g, ' ').trim().split(' ');
  const main: string[] = [];
  const unit: string[] = [];
  for (let i = 0; i < words.length; i++) {
    let w = words[i]!;
    if (w === '') continue;
    // German compounds: "Hauptstraße" = "Hauptstrasse" = "Hauptstr." = "Hauptst".
    if (w.length > 7 && w.endsWith('strasse')) w = `${w.slice(0, -7)}st`;
    else if (w.length > 5 && w.endsWith('str')) w = `${w.slice(0, -3)}st`;
    w = ADDRESS_WORDS[w] ?? w;
    if ((w === 'no' || w === 'number') && /^\d/.test(words[i + 1] ?? '')) continue;
    if (w === UNIT_WORD) {
      // "apt 4b", "apt #4", and a dangling "apt" (dropped).
      let j = i + 1;
      while (j < words.length && (words[j] === '' || ADDRESS_WORDS[words[j]!] === UNIT_WORD)) j++;
      if (j < words.length) {
        unit.push(UNIT_WORD, words[j]!);
        i = j;
      }
      continue;
    }
    main.push(w);
  }
  if (main.length === 0) return undefined;
  const key = [...main, ...unit].join(' ');
  // One word and no digit is a town or a country, not an address anyone could share meaningfully.
  if (main.length < 2 && !/\d/.test(key)) return undefined;
  return { key, country: cc };
}

/**
 * A cheap blocking key for `postalKey`: an order-independent 30-bit hash of the address's digit
 * runs (a US ZIP+4 counted as its ZIP, as `postalKey` cuts it). Two addresses with equal postal
 * keys always have equal block keys, so only addresses whose block key recurs need the full
 * normalisation. Non-ASCII text is normalised first (full-width digits, folded letters).
 * Undefined when the text is no address at all.
 */
export function addressBlockKey(text: string): number | undefined {
  let s = text;
  if (/[\u0080-\uffff]/.test(s)) {
    const pk = postalKey(s);
    if (!pk) return undefined;
    s = pk.key;
  }
  const n = s.length;
  let sum = 0;
  let i = 0;
  while (i < n) {
    let c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) {
      i++;
      continue;
    }
    const start = i;
    let h = 0x811c9dc5;
    while (i < n && (c = s.charCodeAt(i)) >= 0x30 && c <= 0x39) {
      h = Math.imul(h ^ c, 0x01000193);
      i++;
    }
    // ZIP+4 exactly as postalKey's /\b(\d{5})-\d{4}\b/: skip the "-dddd".
    if (i - start === 5 && c === 0x2d && !isWordCode(s.charCodeAt(start - 1)) && isDigits(s, i + 1, 4) && !isWordCode(s.charCodeAt(i + 5))) i += 5;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    sum = (sum + h) | 0;
  }
  return sum & 0x3fffffff;
}

/** A regex word character (\w): ASCII letter, digit or underscore. NaN (out of range) is not. */
function isWordCode(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

function isDigits(s: string, from: number, count: number): boolean {
  for (let k = from; k < from + count; k++) {
    const c = s.charCodeAt(k);
    if (!(c >= 0x30 && c <= 0x39)) return false;
  }
  return true;
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
