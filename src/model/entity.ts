/**
 * The canonical entity: one listed party (or wallet) as every adapter produces it, shaped after
 * FollowTheMoney so that queries and exports speak the ecosystem's language.
 */

/** Entity types. `LegalEntity` is the parent of Person/Organization/Company in FollowTheMoney. */
export const SCHEMATA = [
  'Person',
  'Organization',
  'Company',
  'LegalEntity',
  'Vessel',
  'Aircraft',
  'CryptoWallet',
] as const;
export type Schema = (typeof SCHEMATA)[number];

export function isSchema(value: string): value is Schema {
  return (SCHEMATA as readonly string[]).includes(value);
}

/** Parties are the things a screening result can name; a wallet is an identifier held by a party. */
export function isParty(schema: Schema): boolean {
  return schema !== 'CryptoWallet';
}

/**
 * Property names, FollowTheMoney spelling. Every value is a string; dates are ISO 8601 prefixes
 * ("1987", "1987-08", "1987-08-30") so that partial dates stay partial; countries are ISO 3166-1
 * alpha-2 codes in lower case where the source country could be resolved, else the source text.
 */
export const PROPERTIES = [
  // names
  'name',
  'alias',
  'weakAlias',
  'previousName',
  'firstName',
  'lastName',
  'middleName',
  'patronymic',
  'matronymic',
  'title',
  // personal facts
  'birthDate',
  'birthPlace',
  'deathDate',
  'nationality',
  'citizenship',
  'gender',
  'position',
  // places and contacts
  'country',
  'jurisdiction',
  'address',
  'email',
  'phone',
  'website',
  // identifiers
  'idNumber',
  'passportNumber',
  'taxNumber',
  'registrationNumber',
  'swiftBic',
  'imoNumber',
  'mmsi',
  'callSign',
  'flag',
  'registrationDate',
  'buildDate',
  'model',
  'type',
  'owner',
  'operator',
  // wallets
  'publicKey',
  'currency',
  'holder',
  // sanctions
  'program',
  'listingDate',
  'authority',
  'sanctionsList',
  'sourceUrl',
  'remarks',
  'topics',
  'referents',
] as const;
export type PropertyName = (typeof PROPERTIES)[number];

export function isPropertyName(value: string): value is PropertyName {
  return (PROPERTIES as readonly string[]).includes(value);
}

export type Properties = Partial<Record<PropertyName, string[]>>;

/** What a part of a documented name is. */
export type NamePartType =
  | 'last'
  | 'first'
  | 'middle'
  | 'patronymic'
  | 'matronymic'
  | 'maiden'
  | 'nickname'
  | 'title'
  | 'entity'
  | 'vessel'
  | 'aircraft'
  | 'other';

export interface NamePart {
  type: NamePartType;
  value: string;
}

/**
 * A name as the source documents it: its parts keep their type and the script they are written in
 * (ISO 15924 code such as `Latn`, `Hang`, `Hans`, `Cyrl`, `Arab`).
 */
export interface EntityName {
  /** The full name as one string, parts joined in the source's order. */
  full: string;
  /** `name` for the primary name, `alias` for a.k.a./f.k.a., `weakAlias` for OFAC low-quality AKAs. */
  kind: 'name' | 'alias' | 'weakAlias' | 'previousName';
  script: string;
  parts: NamePart[];
}

export interface Entity {
  /** `<dataset>-<source id>`, stable across versions of the list: `us_ofac_sdn-49970`. */
  id: string;
  schema: Schema;
  /** A display label: the primary Latin name (or address, for wallets). */
  caption: string;
  datasets: string[];
  properties: Properties;
  /** Structured names, where the source documents name parts. */
  names?: EntityName[];
}
