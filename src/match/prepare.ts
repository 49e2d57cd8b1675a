/**
 * Preparing entities and queries for comparison: every name becomes one or more Latin forms,
 * folded tokens (legal forms and titles set aside), phonetic keys and token weights; identifiers
 * become exact keys; dates, countries and gender are collected. Listed entities are prepared once
 * when the index is built, queries once per screening.
 */
import { SCHEMATA, isCountryWord, parseQueryDate, type Entity, type Properties, type Schema } from '../model/index.js';
import { digitReadings, foldEvasions } from './evasion.js';
import { identifierKeys, type IdentifierKind } from './identifiers.js';
import {
  COMMON_WORD_WEIGHT,
  GENERIC_WORD_WEIGHT,
  PARTICLE_WEIGHT,
  PATRONYMIC_WEIGHT,
  isCommonPersonWord,
  isGenericOrganizationWord,
  isParticle,
  isPlaceWord,
  isStopWord,
  numberTokens,
  organizationStem,
  patronymicStem,
} from './name-parts.js';
import { nameTokens, type NameKind as TokenKind } from './normalize.js';
import { consonantSkeleton, tokenKey } from './phonetic.js';
import { japaneseReadings } from './japanese.js';
import { latinReadings } from './translit.js';

const ARABIC_SCRIPT = /\p{Script=Arabic}/u;
const HANGUL_RE = /\p{Script=Hangul}/u;
const HAN_RE = /\p{Script=Han}/u;
const KANA_RE = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const LATIN_LETTER_RE = /[A-Za-z\u00c0-\u024f]/;
const NATIVE_NOISE_RE = /[\s\p{P}\p{S}\u00b7\u30fb]+/gu;

export type NameKind = 'name' | 'alias' | 'weakAlias' | 'previousName';

export interface PreparedName {
  /** The name as listed or queried. */
  text: string;
  /** The Latin form the tokens come from (differs from `text` when transliterated). */
  latin: string;
  kind: NameKind;
  tokens: string[];
  keys: string[];
  weights: number[];
  legalForms: string[];
  /** Prepared as a person's name (titles, particles, patronymics) rather than an organisation's (legal forms). */
  personal: boolean;
  /** A Korean personal name: family name plus syllables, where every syllable counts. */
  korean: boolean;
  /** A Chinese personal name read from Han characters (or Cyrillic Palladius): every syllable counts, spelled exactly. */
  chinese: boolean;
  /** Written in Arabic script (then consonant skeletons are compared too). */
  arabic: boolean;
  /** Per token, its consonant skeleton (see `consonantSkeleton`). */
  skeletons: string[];
  /** Two adjacent tokens written as one, with its key: "kum hyok" -> "kumhyok". */
  joins: TokenJoin[];
  /** A person's own (first given) name: its token index, or -1 when the name's structure does not say. */
  given0: number;
  /** An organisation name made only of legal forms, generic business words and stop words: never a name by itself. */
  generic: boolean;
  /** The parenthesised qualifier taken off this form of the name ("X (France)" -> "france"). */
  qualifier?: string;
  /** Hangul, Han or kana text without spaces, for comparing two such names in their own script. */
  native?: { script: NativeScript; text: string };
}

export type NativeScript = 'Hang' | 'Hani' | 'Kana';

export interface TokenJoin {
  start: number;
  span: number;
  text: string;
  key: string;
}

/**
 * Every pair of adjacent tokens, joined (computed once per name): given names written as one word
 * or two ("Kumhyok" / "Kum Hyok") are pairs. Longer runs are rare enough not to pay for, but for
 * three words around an Arabic article ("Abd al Rahman" / "Abdelrahman", "Bin al Shibh" /
 * "Binalshibh").
 */
export function tokenJoins(tokens: string[], organization = false): TokenJoin[] {
  const joins: TokenJoin[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const text = tokens[i]! + tokens[i + 1]!;
    joins.push({ start: i, span: 2, text, key: tokenKey(text) });
    if (i + 2 >= tokens.length) continue;
    const articled = ARTICLES.has(tokens[i + 1]!) && tokens[i]!.length >= 3 && tokens[i + 2]!.length >= 3;
    if (articled || (organization && isSyllable(tokens[i]!) && isSyllable(tokens[i + 1]!) && isSyllable(tokens[i + 2]!))) {
      const three = text + tokens[i + 2]!;
      joins.push({ start: i, span: 3, text: three, key: tokenKey(three) });
    }
  }
  return joins;
}

/** A word short enough to be one syllable of a Korean or Chinese place name ("Chong Chon Gang" / "Chongchongang"). */
function isSyllable(token: string): boolean {
  return token.length >= 2 && token.length <= 5 && !/\d/.test(token);
}

/** The Arabic article as romanizations write it on its own ("al", and assimilated "ar", "ash"...). */
const ARTICLES = new Set(['al', 'el', 'ul', 'il', 'ad', 'ar', 'as', 'ash', 'at', 'az', 'an', 'ud', 'ur', 'us', 'uz']);

export interface PreparedIdentifier {
  kind: IdentifierKind;
  key: string;
  property: string;
  value: string;
}

export interface Prepared {
  id: string;
  schema: string;
  caption: string;
  names: PreparedName[];
  birthDates: string[];
  countries: string[];
  genders: string[];
  identifiers: PreparedIdentifier[];
  /** For a wallet: the party holding it. */
  holder?: string;
  /**
   * What was done to the query's text before matching, and what could not be read: "2 invisible
   * characters removed from 'Song'", "'30/08/1987' read as 1987-08-30", "birth date 'soon' not
   * understood: ignored". Empty for listed entities.
   */
  notes: string[];
}

/** A query as the OpenSanctions match API takes it: `{schema, properties}`. */
export interface MatchQuery {
  id?: string;
  schema: string;
  properties: Record<string, unknown>;
}

const NAME_PROPERTIES: NameKind[] = ['name', 'alias', 'previousName', 'weakAlias'];
const COUNTRY_PROPERTIES = ['nationality', 'citizenship', 'country', 'jurisdiction'] as const;
const IDENTIFIER_PROPERTIES = [
  'publicKey',
  'email',
  'phone',
  'idNumber',
  'passportNumber',
  'taxNumber',
  'registrationNumber',
  'imoNumber',
  'swiftBic',
  'mmsi',
  'website',
] as const;

/** Tokens of one or two letters weigh less: initials and short syllables say little on their own. */
export function tokenWeight(token: string): number {
  if (/^\d+$/.test(token)) return 1;
  switch (token.length) {
    case 1:
      return 0.3;
    case 2:
      return 0.6;
    case 3:
      return 0.8;
    default:
      return 1;
  }
}

export function tokenKindOf(schema: string): TokenKind {
  if (schema === 'Person') return 'person';
  if (schema === 'Vessel' || schema === 'Aircraft') return 'other';
  return 'organization';
}

// Korean family names, as the romanization systems and personal spellings write them.
const KOREAN_SURNAMES = [
  'kim', 'gim', 'ri', 'rhee', 'lee', 'yi', 'i', 'li', 'pak', 'park', 'bak', 'choe', 'choi', 'chwe', 'jong',
  'jeong', 'chong', 'chung', 'jung', 'kang', 'gang', 'cho', 'jo', 'yun', 'yoon', 'jang', 'chang', 'im', 'rim',
  'lim', 'han', 'o', 'oh', 'so', 'seo', 'sin', 'shin', 'kwon', 'gwon', 'hwang', 'an', 'ahn', 'song', 'ryu', 'yu',
  'yoo', 'hong', 'jon', 'jeon', 'chon', 'ko', 'go', 'mun', 'moon', 'yang', 'son', 'bae', 'pae', 'paek', 'baek',
  'ho', 'heo', 'nam', 'sim', 'shim', 'no', 'ro', 'ha', 'kwak', 'gwak', 'u', 'woo', 'ju', 'chu', 'ra', 'na', 'hyon',
  'hyeon', 'thae', 'tae', 'pyon', 'byeon', 'kye', 'gye', 'cha', 'ji', 'chi', 'min', 'jin', 'chin', 'won', 'tong',
  'yon', 'yeon', 'om', 'eom', 'sok', 'seok', 'ok', 'pang', 'bang', 'hyun',
];
const SURNAME_SPELLINGS = new Set(KOREAN_SURNAMES);
/** A Korean family name as one of its usual spellings (exactly: "Khan" is not "Han"). */
function isKoreanSurname(token: string): boolean {
  return SURNAME_SPELLINGS.has(token);
}

/** One romanized Korean syllable (McCune-Reischauer or Revised Romanization, without marks). */
const SYLLABLE =
  '(?:kk|tt|pp|ss|jj|ch|kh|th|ph|sh|[kgndtrlmbpsjchyw])?(?:yae|yeo|wae|eo|eu|ae|ya|ye|yo|yu|wa|we|wi|wo|oe|ui|oo|ee|a|e|i|o|u)(?:ng|rk|k|n|t|l|r|m|p|g|b|d|s)?';
const ONE_OR_TWO_SYLLABLES = new RegExp(`^(?:${SYLLABLE}){1,2}$`);

/** Family name first or last, two to four tokens, each one or two Korean syllables. */
export function looksKoreanName(tokens: string[]): boolean {
  if (tokens.length < 2 || tokens.length > 4) return false;
  if (!tokens.every((t) => t.length <= 8 && ONE_OR_TWO_SYLLABLES.test(t))) return false;
  return isKoreanSurname(tokens[0]!) || isKoreanSurname(tokens[tokens.length - 1]!);
}

interface NameValue {
  text: string;
  kind: NameKind;
  qualifier?: string;
}

/**
 * Names with a parenthesised part ("Ocean Maritime Management Company (OMM)", "X OOO (SGM-MOST
 * OOO)", "X (France)") are also known without it; what the parentheses hold is an alias only when
 * it names something (an acronym or distinctive words), never a legal form, a generic business word
 * or a country alone ("(Pvt.) Ltd", "(Germany)").
 */
function withParentheses(values: NameValue[], kind: TokenKind): NameValue[] {
  const out = [...values];
  for (const v of values) {
    if (!v.text.includes('(')) continue;
    const outside = v.text.replace(/\([^)]*\)?/g, ' ').replace(/\s+/g, ' ').trim();
    const inside = [...v.text.matchAll(/\(([^)]+)\)/g)].map((m) => m[1]!.trim());
    if (outside !== '' && outside !== v.text) out.push({ text: outside, kind: v.kind, qualifier: inside.join(' ').toLowerCase() });
    for (const part of inside) {
      if (part.length < 3 || !namesSomething(part, kind)) continue;
      out.push({ text: part, kind: v.kind === 'name' ? 'alias' : v.kind });
    }
  }
  return out;
}

/** Whether a text has a word that is not a legal form, generic business word, stop word or country. */
function namesSomething(text: string, kind: TokenKind): boolean {
  const { tokens, legalForms } = nameTokens(text, kind === 'person' ? 'organization' : kind);
  if (legalForms.length > 0 && tokens.length === 1 && tokens[0] === text.toLowerCase().replace(/[^a-z0-9]/g, '')) return false;
  return tokens.some((t) => !isGenericOrganizationWord(tokenKey(organizationStem(t))) && !isStopWord(t) && !isCountryWord(t) && !isLegalWord(t));
}

/** A name whose words are all legal forms or stop words ("Pvt", "LLC Ltd"): never anyone's name. */
export function onlyLegalWords(name: PreparedName): boolean {
  return name.tokens.every((t) => isLegalWord(t) || isStopWord(t));
}

/** Words that are legal forms on their own ("pvt", "ltd"), as nameTokens leaves them when nothing else is there. */
function isLegalWord(token: string): boolean {
  return nameTokens(`x ${token}`, 'organization').legalForms.length > 0 || LEGAL_WORDS.has(token);
}
const LEGAL_WORDS = new Set(['pvt', 'pte', 'pty', 'private', 'public', 'sdn', 'spol', 'sro']);

/** The name's own writing, when it is Hangul, Han or kana: compared in that script first. */
function nativeForm(text: string): PreparedName['native'] {
  if (LATIN_LETTER_RE.test(text)) return undefined;
  const script: NativeScript | undefined = KANA_RE.test(text) ? 'Kana' : HANGUL_RE.test(text) ? 'Hang' : HAN_RE.test(text) ? 'Hani' : undefined;
  if (!script) return undefined;
  return { script, text: text.normalize('NFKC').replace(NATIVE_NOISE_RE, '') };
}

/**
 * The index of a person's own first given name, where the name's structure says where the family
 * name is: after the comma of "FAMILY, Given Names", after the listed last name ("Kudrin Aleksey
 * Leonidovich" with lastName Kudrin), after a leading run of upper-case words ("GOMEZ ALVAREZ Sor
 * Teresa"), or first when the family name is an upper-case run at the end ("Nestor BLANCO").
 * Particles are passed over. -1 when the structure is not known, and for one-word names.
 */
const MIXED_CASE_RE = /\p{Ll}/u;
const UPPER_RUN_RE = /\p{Lu}{2}/u;

function firstGivenIndex(text: string, tokens: string[], familyTokens: number | undefined): number {
  if (tokens.length < 2) return -1;
  let i = familyTokens;
  if (i === undefined && MIXED_CASE_RE.test(text) && UPPER_RUN_RE.test(text)) {
    const words = text.trim().split(/\s+/);
    const upper = words.map(isUpperCaseWord);
    if (upper.some((u) => u) && !upper.every((u) => u)) {
      let lead = 0;
      while (upper[lead]) lead++;
      if (lead > 0 && upper.slice(lead).every((u) => !u)) i = nameTokens(words.slice(0, lead).join(' '), 'person').tokens.length;
      else if (lead === 0 && upper[words.length - 1] && upper.indexOf(true) > 0 && upper.slice(upper.indexOf(true)).every((u) => u)) i = 0;
    }
  }
  if (i === undefined) return -1;
  while (i < tokens.length && isParticle(tokens[i]!)) i++;
  return i < tokens.length ? i : -1;
}

/** How much one token of a name says about who is named (see name-parts.ts). */
function weightOf(token: string, key: string, kind: TokenKind): number {
  const base = tokenWeight(token);
  if (kind === 'person') {
    if (isParticle(token)) return Math.min(base, PARTICLE_WEIGHT);
    if (patronymicStem(token) !== undefined) return PATRONYMIC_WEIGHT;
    if (isCommonPersonWord(key)) return Math.min(base, COMMON_WORD_WEIGHT);
    return base;
  }
  if (isStopWord(token)) return PARTICLE_WEIGHT;
  if (isGenericOrganizationWord(key) || isPlace(token)) return Math.min(base, GENERIC_WORD_WEIGHT);
  return base;
}

/** A country or a well-known place ("Korea", "Yanbian"): where an organisation is, not which one. */
function isPlace(token: string): boolean {
  return isPlaceWord(token) || (token.length >= 4 && isCountryWord(token));
}

/**
 * One frozen empty array for every empty list of a prepared entity: an index holds hundreds of
 * thousands of them, and one shared array keeps the index (and its snapshot) smaller and quicker
 * to restore. Frozen, so a stray push fails loudly.
 */
const EMPTY: never[] = Object.freeze([]) as unknown as never[];
function orEmpty<T>(list: T[]): T[] {
  return list.length === 0 ? EMPTY : list;
}

/** One value holding several names ("Qasim Soleimani; Qasem Sulaimani"). */
function splitNames(value: string): string[] {
  return value.includes(';') ? value.split(';').map((v) => v.trim()).filter((v) => v !== '') : [value];
}

const KUNYA = new Set(['abu', 'abou', 'abo', 'umm', 'um']);

/** "SURNAME, Given" or "SURNAME Given": the family name written first, and marked so. */
function familyNameFirst(text: string): boolean {
  if (text.includes(',')) return true;
  const words = text.trim().split(/\s+/);
  return words.length >= 2 && isUpperCaseWord(words[0]!) && !isUpperCaseWord(words[words.length - 1]!);
}

/** A word written in capitals ("SONG", "AL-ZINDANI"): lists write family names so. */
function isUpperCaseWord(word: string): boolean {
  return UPPER_CASE_WORD_RE.test(word);
}
const UPPER_CASE_WORD_RE = /^\p{Lu}[\p{Lu}'’-]+$/u;

/** "Abu Muhammad" is a name of its own (father of Muhammad), not Muhammad: one token "abumuhammad". */
function joinKunya(tokens: string[]): string[] {
  if (!tokens.some((t) => KUNYA.has(t))) return tokens;
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    if (KUNYA.has(t) && next !== undefined && !isParticle(next)) {
      out.push(`${t}${next}`);
      i++;
    } else out.push(t);
  }
  return out;
}

/** Person tokens: repeated words once ("Sergey Sergey Shoigu"). */
function dedupe(tokens: string[]): string[] {
  for (let i = 1; i < tokens.length; i++) {
    // Short words repeat in Burmese and other syllabic names ("Tun Tun"): only longer ones are typing.
    if (tokens[i]!.length >= 4 && tokens.lastIndexOf(tokens[i]!, i - 1) >= 0) return tokens.filter((t, j) => t.length < 4 || tokens.indexOf(t) === j);
  }
  return tokens;
}

/**
 * A LegalEntity (or a schema that does not say) may be a person or an organisation: its names are
 * prepared both ways, and each comparison uses the way that fits the other side.
 */
function prepareAllNames(values: NameValue[], schema: string, lastNames: string[]): PreparedName[] {
  if (schema !== 'LegalEntity') return prepareNames(values, schema, lastNames);
  const organizations = prepareNames(values, 'Organization', lastNames);
  // A name with a legal form ("Integral Joint Stock Company") is an organisation's.
  const personal = values.filter((v) => !organizations.some((o) => o.text === v.text && o.legalForms.length > 0));
  return [...prepareNames(personal, 'Person', lastNames), ...organizations];
}

/** How a name's Latin forms are found: `latinReadings`, or given (a reading made elsewhere, then not a native-script name). */
type ReadingsOf = (text: string) => { text: string; chinese: boolean }[];

function prepareNames(values: NameValue[], schema: string, lastNames: string[] = [], readingsOf?: ReadingsOf): PreparedName[] {
  const kind = tokenKindOf(schema);
  const out: PreparedName[] = [];
  const seen = new Set<string>();
  for (const { text, kind: nameKind, qualifier } of withParentheses(values, kind)) {
    const native = readingsOf ? undefined : nativeForm(text);
    const hanName = kind === 'person' && native?.script === 'Hani';
    for (const { text: latin, chinese: chineseReading } of (readingsOf ?? latinReadings)(text)) {
      const named = nameTokens(latin, kind);
      const legalForms = named.legalForms;
      let tokens = named.tokens;
      if (tokens.length === 0) continue;
      let familyTokens: number | undefined;
      if (kind === 'person') {
        // "RUSDAN, Abu" / "RUSDAN Abu": a kunya written family name first.
        if (tokens.length === 2 && KUNYA.has(tokens[1]!) && familyNameFirst(latin)) tokens = [tokens[1]!, tokens[0]!];
        tokens = joinKunya(looksKoreanName(tokens) ? tokens : dedupe(tokens));
        const comma = latin === text ? latin.split(',') : [];
        if (comma.length === 2) {
          const family = dedupe(nameTokens(comma[0]!, 'person').tokens).length;
          if (family > 0 && family < tokens.length) familyTokens = family;
        } else {
          const lower = latin.toLowerCase();
          const last = lastNames.find((l) => lower.startsWith(`${l} `));
          if (last !== undefined) familyTokens = nameTokens(last, 'person').tokens.length;
          else if (lastNames.some((l) => lower.endsWith(` ${l}`))) familyTokens = 0;
        }
      } else {
        tokens = numberTokens(tokens);
      }
      const signature = `${nameKind}|${tokens.join(' ')}|${legalForms.join(' ')}|${qualifier ?? ''}`;
      if (seen.has(signature)) continue;
      seen.add(signature);
      const keys = tokens.map((t) => tokenKey(kind === 'person' ? t : organizationStem(t)));
      const korean = kind === 'person' && looksKoreanName(tokens);
      // A Korean name's syllables are not Arabic particles ("Il", "An") nor common words: each counts.
      const weights = tokens.map((t, i) => (korean ? tokenWeight(t) : weightOf(t, keys[i]!, kind)));
      const name: PreparedName = {
        text,
        latin,
        kind: nameKind,
        tokens,
        keys,
        weights,
        legalForms: orEmpty(legalForms),
        personal: kind === 'person',
        korean,
        chinese: kind === 'person' && chineseReading && !korean,
        arabic: ARABIC_SCRIPT.test(text),
        skeletons: tokens.map((t) => consonantSkeleton(t)),
        joins: orEmpty(tokenJoins(tokens, kind === 'organization')),
        given0: kind === 'person' && !korean && !hanName ? firstGivenIndex(text, tokens, familyTokens) : -1,
        // (An organisation's: a vessel or an aircraft named PACIFIC or JAMAICA is named so.)
        generic:
          kind === 'organization' &&
          (tokens.every((t) => LEGAL_WORDS.has(t) || isStopWord(t)) || (tokens.length === 1 && (weights[0]! <= GENERIC_WORD_WEIGHT || tokens[0]!.length === 1))),
      };
      if (qualifier) name.qualifier = qualifier;
      if (native) name.native = native;
      out.push(name);
    }
  }
  // A strong name makes the same name as a weak alias redundant.
  if (out.every((n) => n.kind === 'name')) return out;
  const strong = new Set<string>();
  for (const n of out) if (n.kind === 'name') strong.add(n.tokens.join(' '));
  return out.filter((n) => n.kind === 'name' || !strong.has(n.tokens.join(' ')));
}

function strings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number').map((v) => String(v).trim()).filter((v) => v !== '');
}

function collect(properties: Record<string, unknown>, schema: string, id: string, caption: string | undefined, typed: boolean): Prepared {
  const notes: string[] = [];
  const nameValues: NameValue[] = [];
  let mixedScript = false;
  for (const kind of NAME_PROPERTIES) {
    for (const raw of strings(properties[kind]).flatMap(splitNames)) {
      const folded = foldEvasions(raw);
      if (folded.text.trim() === '') continue;
      if (typed) {
        notes.push(...folded.notes);
        mixedScript ||= folded.mixedScript;
      }
      nameValues.push({ text: folded.text.trim(), kind });
      for (const reading of digitReadings(folded.text)) nameValues.push({ text: reading, kind });
    }
  }
  if (mixedScript) notes.push('a word of the name mixes scripts (Latin with Cyrillic or Greek letters): suspicious in a name');
  if (!nameValues.some((n) => n.kind === 'name')) {
    const parts = ['firstName', 'middleName', 'patronymic', 'lastName'].flatMap((p) => strings(properties[p]).slice(0, 1));
    if (parts.length > 0) nameValues.unshift({ text: foldEvasions(parts.join(' ')).text, kind: 'name' });
  }
  const identifiers: PreparedIdentifier[] = [];
  for (const property of IDENTIFIER_PROPERTIES) {
    for (const value of strings(properties[property])) {
      for (const { kind, key } of identifierKeys(property, value)) identifiers.push({ kind, key, property, value });
    }
  }
  const prepared: Prepared = {
    id,
    schema,
    caption: caption ?? nameValues[0]?.text ?? identifiers[0]?.value ?? id,
    names: prepareAllNames(nameValues, schema, strings(properties.lastName).map((l) => l.toLowerCase())),
    birthDates: orEmpty(typed ? readBirthDates(strings(properties.birthDate), notes) : strings(properties.birthDate)),
    countries: orEmpty([...new Set(COUNTRY_PROPERTIES.flatMap((p) => strings(properties[p]).map((c) => c.toLowerCase())))]),
    genders: orEmpty(strings(properties.gender).map((g) => g.toLowerCase())),
    identifiers: orEmpty(identifiers),
    notes: orEmpty(notes),
  };
  const holder = strings(properties.holder)[0];
  if (holder) prepared.holder = holder;
  return prepared;
}

/**
 * Birth dates as people type them ("30/08/1987", "May 14, 1986"): read into ISO prefixes; a value
 * that cannot be read, or only in part, is said in `notes` and never counts against a match.
 */
function readBirthDates(values: string[], notes: string[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    const read = parseQueryDate(value);
    if ('error' in read) {
      notes.push(`birth date not understood, so not compared: ${read.error}`);
      continue;
    }
    if (read.note) notes.push(read.note);
    else if (read.value !== value.trim()) notes.push(`'${value.trim()}' read as ${read.value}`);
    out.push(read.value);
  }
  return out;
}

export function prepareEntity(entity: Entity): Prepared {
  return collect(entity.properties as Properties & Record<string, unknown>, entity.schema, entity.id, entity.caption, false);
}

export function prepareQuery(query: MatchQuery): Prepared {
  return collect(query.properties ?? {}, query.schema, query.id ?? '', undefined, true);
}

/**
 * `prepared` with its personal names in kanji also read in Japanese, where a reading of every word
 * is a word that `known` knows (the listed names, or the other side of a pair): "後藤 忠正" also
 * as "Goto Tadamasa". Each reading is a name of its own, compared as a Latin name; the notes say
 * which was read. `prepared` itself when no name reads so.
 */
export function withJapaneseReadings(prepared: Prepared, known: (folded: string) => string | undefined): Prepared {
  if (prepared.schema !== 'Person' && prepared.schema !== 'LegalEntity') return prepared;
  const extra: PreparedName[] = [];
  const notes: string[] = [];
  const done = new Set<string>();
  for (const name of prepared.names) {
    if (!name.personal || name.native?.script !== 'Hani' || done.has(name.text)) continue;
    done.add(name.text);
    const forms = japaneseReadings(name.text, known);
    if (forms.length === 0) continue;
    extra.push(...prepareNames([{ text: name.text, kind: name.kind }], 'Person', [], () => forms.map((f) => ({ text: f, chinese: false }))));
    notes.push(`"${name.text}" read in Japanese as ${forms.map((f) => `"${f}"`).join(', ')}`);
  }
  if (extra.length === 0) return prepared;
  return { ...prepared, names: [...prepared.names, ...extra], notes: [...prepared.notes, ...notes] };
}

const PERSONS: ReadonlySet<Schema> = new Set(['Person', 'LegalEntity']);
const ORGANIZATIONS: ReadonlySet<Schema> = new Set(['Organization', 'Company', 'LegalEntity']);
const LEGAL_ENTITIES: ReadonlySet<Schema> = new Set(['Person', 'Organization', 'Company', 'LegalEntity']);
const VESSELS: ReadonlySet<Schema> = new Set(['Vessel']);
const AIRCRAFT: ReadonlySet<Schema> = new Set(['Aircraft']);
const NOTHING: ReadonlySet<Schema> = new Set();

/** The schemata a query may name: the model's, and the FollowTheMoney names yente clients send that the matcher reads too. */
export const QUERY_SCHEMATA: readonly string[] = [...SCHEMATA, 'Thing', 'PublicBody', 'Airplane'];

/** Schemata a query of the given schema may match (a Person never matches a Vessel). */
export function compatibleSchemata(querySchema: string): ReadonlySet<Schema> | undefined {
  switch (querySchema) {
    case 'Person':
      return PERSONS;
    case 'Organization':
    case 'Company':
    case 'PublicBody':
      return ORGANIZATIONS;
    case 'LegalEntity':
      return LEGAL_ENTITIES;
    case 'Vessel':
      return VESSELS;
    case 'Aircraft':
    case 'Airplane':
      return AIRCRAFT;
    case 'CryptoWallet':
      // A wallet query is answered by its exact address only.
      return NOTHING;
    default:
      // "Thing" and unknown schemata: anything listed.
      return undefined;
  }
}
