/**
 * Preparing entities and queries for comparison: every name becomes one or more Latin forms,
 * folded tokens (legal forms and titles set aside), phonetic keys and token weights; identifiers
 * become exact keys; dates, countries and gender are collected. Listed entities are prepared once
 * when the index is built, queries once per screening.
 */
import type { Entity, Properties, Schema } from '../model/index.js';
import { identifierKeys, type IdentifierKind } from './identifiers.js';
import { nameTokens, type NameKind as TokenKind } from './normalize.js';
import { consonantSkeleton, tokenKey } from './phonetic.js';

const ARABIC_SCRIPT = /\p{Script=Arabic}/u;
import { latinForms } from './translit.js';

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
  /** A Korean personal name: family name plus syllables, where every syllable counts. */
  korean: boolean;
  /** Written in Arabic script (then consonant skeletons are compared too). */
  arabic: boolean;
  /** Per token, its consonant skeleton (see `consonantSkeleton`). */
  skeletons: string[];
  /** Two adjacent tokens written as one, with its key: "kum hyok" -> "kumhyok". */
  joins: TokenJoin[];
}

export interface TokenJoin {
  start: number;
  span: number;
  text: string;
  key: string;
}

/**
 * Every pair of adjacent tokens, joined (computed once per name): given names written as one word
 * or two ("Kumhyok" / "Kum Hyok") are pairs; longer runs are rare enough not to pay for.
 */
export function tokenJoins(tokens: string[]): TokenJoin[] {
  const joins: TokenJoin[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const text = tokens[i]! + tokens[i + 1]!;
    joins.push({ start: i, span: 2, text, key: tokenKey(text) });
  }
  return joins;
}

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
let surnameKeys: Set<string> | undefined;
function isKoreanSurname(token: string): boolean {
  surnameKeys ??= new Set(KOREAN_SURNAMES.map((s) => tokenKey(s)));
  return surnameKeys.has(tokenKey(token));
}

/** One romanized Korean syllable (McCune-Reischauer or Revised Romanization, without marks). */
const SYLLABLE =
  '(?:kk|tt|pp|ss|jj|ch|kh|th|ph|sh|[kgndtrlmbpsjchyw])?(?:yae|yeo|wae|eo|eu|ae|ya|ye|yo|yu|wa|we|wi|wo|oe|ui|oo|ee|a|e|i|o|u)(?:ng|k|n|t|l|r|m|p|g|b|d|s)?';
const ONE_OR_TWO_SYLLABLES = new RegExp(`^(?:${SYLLABLE}){1,2}$`);

/** Family name first or last, two to four tokens, each one or two Korean syllables. */
export function looksKoreanName(tokens: string[]): boolean {
  if (tokens.length < 2 || tokens.length > 4) return false;
  if (!tokens.every((t) => t.length <= 8 && ONE_OR_TWO_SYLLABLES.test(t))) return false;
  return isKoreanSurname(tokens[0]!) || isKoreanSurname(tokens[tokens.length - 1]!);
}

/**
 * Names with a parenthesised part ("Ocean Maritime Management Company (OMM)", "X OOO (SGM-MOST
 * OOO)") are also known without it, and by what the parentheses hold.
 */
function withParentheses(values: { text: string; kind: NameKind }[]): { text: string; kind: NameKind }[] {
  const out = [...values];
  for (const v of values) {
    if (!v.text.includes('(')) continue;
    const outside = v.text.replace(/\([^)]*\)?/g, ' ').replace(/\s+/g, ' ').trim();
    if (outside !== '' && outside !== v.text) out.push({ text: outside, kind: v.kind });
    for (const m of v.text.matchAll(/\(([^)]+)\)/g)) {
      const inside = m[1]!.trim();
      if (inside.length >= 3) out.push({ text: inside, kind: v.kind === 'name' ? 'alias' : v.kind });
    }
  }
  return out;
}

function prepareNames(values: { text: string; kind: NameKind }[], schema: string): PreparedName[] {
  const kind = tokenKindOf(schema);
  const out: PreparedName[] = [];
  const seen = new Set<string>();
  for (const { text, kind: nameKind } of withParentheses(values)) {
    for (const latin of latinForms(text)) {
      const { tokens, legalForms } = nameTokens(latin, kind);
      if (tokens.length === 0) continue;
      const signature = `${nameKind}|${tokens.join(' ')}|${legalForms.join(' ')}`;
      if (seen.has(signature)) continue;
      seen.add(signature);
      out.push({
        text,
        latin,
        kind: nameKind,
        tokens,
        keys: tokens.map((t) => tokenKey(t)),
        weights: tokens.map((t) => tokenWeight(t)),
        legalForms,
        korean: kind === 'person' && looksKoreanName(tokens),
        arabic: ARABIC_SCRIPT.test(text),
        skeletons: tokens.map((t) => consonantSkeleton(t)),
        joins: tokenJoins(tokens),
      });
    }
  }
  // A strong name makes the same name as a weak alias redundant.
  return out.filter(
    (n) => n.kind === 'name' || !out.some((o) => o !== n && o.kind === 'name' && o.tokens.join(' ') === n.tokens.join(' ')),
  );
}

function strings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number').map((v) => String(v).trim()).filter((v) => v !== '');
}

function collect(properties: Record<string, unknown>, schema: string, id: string, caption: string | undefined): Prepared {
  const nameValues: { text: string; kind: NameKind }[] = [];
  for (const kind of NAME_PROPERTIES) for (const text of strings(properties[kind])) nameValues.push({ text, kind });
  if (!nameValues.some((n) => n.kind === 'name')) {
    const parts = ['firstName', 'middleName', 'patronymic', 'lastName'].flatMap((p) => strings(properties[p]).slice(0, 1));
    if (parts.length > 0) nameValues.unshift({ text: parts.join(' '), kind: 'name' });
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
    names: prepareNames(nameValues, schema),
    birthDates: strings(properties.birthDate),
    countries: [...new Set(COUNTRY_PROPERTIES.flatMap((p) => strings(properties[p]).map((c) => c.toLowerCase())))],
    genders: strings(properties.gender).map((g) => g.toLowerCase()),
    identifiers,
  };
  const holder = strings(properties.holder)[0];
  if (holder) prepared.holder = holder;
  return prepared;
}

export function prepareEntity(entity: Entity): Prepared {
  return collect(entity.properties as Properties & Record<string, unknown>, entity.schema, entity.id, entity.caption);
}

export function prepareQuery(query: MatchQuery): Prepared {
  return collect(query.properties ?? {}, query.schema, query.id ?? '', undefined);
}

const PERSONS: ReadonlySet<Schema> = new Set(['Person', 'LegalEntity']);
const ORGANIZATIONS: ReadonlySet<Schema> = new Set(['Organization', 'Company', 'LegalEntity']);
const LEGAL_ENTITIES: ReadonlySet<Schema> = new Set(['Person', 'Organization', 'Company', 'LegalEntity']);
const VESSELS: ReadonlySet<Schema> = new Set(['Vessel']);
const AIRCRAFT: ReadonlySet<Schema> = new Set(['Aircraft']);
const NOTHING: ReadonlySet<Schema> = new Set();

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
