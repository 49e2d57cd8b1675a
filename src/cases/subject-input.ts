/**
 * Subjects as a firm hands them in: the customers, counterparties, vendors, employees and
 * candidates it screens, each a FollowTheMoney-style `{schema, properties}` under the firm's own
 * reference. One record is checked by `parseSubjectRecord`; whole files (CSV with a header, JSON
 * lines, or a JSON array) are streamed by `readSubjects` through src/io/records.ts, one row at a
 * time, so that a file of a million rows is never held in memory. A bad row becomes an error row
 * and reading goes on; a bad file (not UTF-8, an unknown CSV column, malformed CSV quoting or JSON
 * structure) is one thrown RecordsError (code invalid_input, or too_large) naming the file and where.
 *
 * Values are kept as given (only trimmed, blanks and repeats dropped); `subjectToQuery` is where a
 * subject becomes the match query that screens it.
 */
import { VigilError } from '../errors.js';
import { RecordsError, badBytesMessage, readRecords } from '../io/records.js';
import { normalizeEmail, parseAddress } from '../match/identifiers.js';
import type { MatchQuery } from '../match/prepare.js';
import { countryValue } from '../model/countries.js';
import { isoDate } from '../model/dates.js';
import { isParty, PROPERTIES, SCHEMATA, type PropertyName, type Schema } from '../model/entity.js';

export const SUBJECT_KINDS = ['customer', 'counterparty', 'vendor', 'employee', 'candidate'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export interface SubjectInput {
  /** The firm's own reference for the subject (customer number, employee id...). */
  ref: string;
  kind: SubjectKind;
  /** One of SCHEMATA (Person, Organization, Company, LegalEntity, Vessel, Aircraft, CryptoWallet). */
  schema: string;
  /** FollowTheMoney property names; values trimmed, non-empty, without repeats, in input order. */
  properties: Record<string, string[]>;
}

export type SubjectRow = { row: number; subject: SubjectInput } | { row: number; error: string; ref?: string };

export type SubjectFormat = 'csv' | 'jsonl' | 'json';

export interface ReadSubjectsOptions {
  /** Default: from the file extension (.csv, .jsonl/.ndjson, .json), else from the first non-blank character. */
  format?: SubjectFormat;
  /** Kind of the rows that do not give one (default 'customer'). */
  kind?: SubjectKind;
  /** More data rows than this is an Error (rows already yielded stay yielded). */
  maxRows?: number;
  /** How error messages name the input (default: the file path, or "the input"). */
  name?: string;
}

/** A record that cannot be a subject; `ref` is set when the record had a usable reference. */
export class SubjectInputError extends VigilError {
  ref?: string;
  constructor(message: string, ref?: string) {
    super('invalid_input', message);
    this.name = 'SubjectInputError';
    if (ref !== undefined) this.ref = ref;
  }
}

export const MAX_REF_LENGTH = 200;

/** FollowTheMoney properties that describe the sanctions listing itself, not a party: not accepted on a subject. */
const LIST_ONLY: ReadonlySet<string> = new Set(['program', 'listingDate', 'authority', 'sanctionsList', 'sourceUrl', 'topics', 'referents']);

/** The property names a subject may carry. */
export const SUBJECT_PROPERTIES: readonly PropertyName[] = PROPERTIES.filter((p) => !LIST_ONLY.has(p));

const NAME_PROPERTIES = ['name', 'alias', 'weakAlias', 'previousName', 'firstName', 'middleName', 'lastName', 'patronymic'];
const DATE_PROPERTIES: ReadonlySet<string> = new Set(['birthDate', 'deathDate', 'registrationDate', 'buildDate']);
const COUNTRY_PROPERTIES: ReadonlySet<string> = new Set(['nationality', 'citizenship', 'country', 'jurisdiction', 'flag']);

// ---------------------------------------------------------------------------------------------
// Field names: camelCase, snake_case, kebab-case or spaced, any case, a few aliases and plurals.

type Field = { type: 'ref' | 'kind' | 'schema' } | { type: 'property'; name: PropertyName } | { type: 'listOnly'; name: string } | { type: 'unknown' };

function fold(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_.-]+/g, '');
}

const FOLDED_PROPERTIES = new Map<string, PropertyName>(PROPERTIES.map((p) => [fold(p), p]));

const FIELD_ALIASES: Record<string, PropertyName | 'ref'> = {
  id: 'ref',
  wallet: 'publicKey',
  walletaddress: 'publicKey',
  cryptoaddress: 'publicKey',
  aka: 'alias',
  dob: 'birthDate',
  dateofbirth: 'birthDate',
  passport: 'passportNumber',
};

function lookup(folded: string): PropertyName | 'ref' | 'kind' | 'schema' | undefined {
  if (folded === 'ref' || folded === 'kind' || folded === 'schema') return folded;
  return FOLDED_PROPERTIES.get(folded) ?? FIELD_ALIASES[folded];
}

/** What a record key or CSV column name stands for. */
function resolveField(name: string): Field {
  const folded = fold(name);
  let target = lookup(folded);
  // Plurals: aliases, addresses, nationalities, wallets, emails...
  if (target === undefined && folded.endsWith('ies')) target = lookup(`${folded.slice(0, -3)}y`);
  if (target === undefined && folded.endsWith('es')) target = lookup(folded.slice(0, -2));
  if (target === undefined && folded.endsWith('s')) target = lookup(folded.slice(0, -1));
  if (target === undefined) return { type: 'unknown' };
  if (target === 'ref' || target === 'kind' || target === 'schema') return { type: target };
  if (LIST_ONLY.has(target)) return { type: 'listOnly', name: target };
  return { type: 'property', name: target };
}

function editDistance(a: string, b: string): number {
  // Optimal string alignment: an edit, or two neighbours swapped, costs 1.
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      cur[j] = d;
    }
    before = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

const SUGGESTIONS: readonly string[] = ['ref', 'kind', 'schema', 'wallet', 'passport', ...SUBJECT_PROPERTIES];

/** The one known name `name` is an obvious misspelling or abbreviation of, written in its style. */
function suggestField(name: string): string | undefined {
  const folded = fold(name);
  if (folded === '') return undefined;
  const limit = folded.length <= 4 ? 1 : folded.length <= 8 ? 2 : 3;
  let best: string[] = [];
  let bestDistance = Infinity;
  for (const candidate of SUGGESTIONS) {
    const d = editDistance(folded, fold(candidate));
    if (d > limit || d > bestDistance) continue;
    if (d < bestDistance) best = [];
    bestDistance = d;
    best.push(candidate);
  }
  if (best.length !== 1 && folded.length >= 4) best = SUGGESTIONS.filter((c) => fold(c).startsWith(folded));
  if (best.length !== 1) return undefined;
  const found = best[0]!;
  return name.includes('_') ? found.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) : found;
}

function unknownFieldMessage(what: 'property' | 'column', name: string): string {
  const suggestion = suggestField(name);
  return `unknown ${what} "${name}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`;
}

function listOnlyMessage(what: 'property' | 'column', name: string, property: string): string {
  const is = fold(name) === fold(property) ? '' : ` ("${property}")`;
  return `${what} "${name}"${is} describes a sanctions listing, not a subject`;
}

// ---------------------------------------------------------------------------------------------
// One record

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return String(value);
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function isSubjectKind(value: string): value is SubjectKind {
  return (SUBJECT_KINDS as readonly string[]).includes(value);
}

/** The reference a record gives, if it is usable (for error rows). */
function looseRef(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  for (const [key, v] of Object.entries(value)) {
    if (resolveField(key).type !== 'ref') continue;
    const ref = typeof v === 'string' ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : '';
    if (ref !== '' && ref.length <= MAX_REF_LENGTH) return ref;
  }
  return undefined;
}

function stringsOf(property: string, value: unknown): string[] {
  const out: string[] = [];
  for (const item of Array.isArray(value) ? value : [value]) {
    if (item === null || item === undefined) continue;
    if (typeof item === 'string') out.push(item.trim());
    else if (typeof item === 'number' && Number.isFinite(item)) out.push(String(item));
    else throw new SubjectInputError(`property "${property}": expected a string, a number or a list of them, not ${describe(item)}`);
  }
  return out.filter((s) => s !== '');
}

function textOf(field: string, value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') throw new SubjectInputError(`"${field}" must be a string, not ${describe(value)}`);
  const text = value.trim();
  return text === '' ? undefined : text;
}

function checkValue(property: string, value: string): void {
  if (DATE_PROPERTIES.has(property)) {
    const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
    if (!m || isoDate(Number(m[1]), m[2] ? Number(m[2]) : undefined, m[3] ? Number(m[3]) : undefined) === undefined) {
      throw new SubjectInputError(`property "${property}": "${value}" is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)`);
    }
  } else if (property === 'publicKey') {
    const info = parseAddress(value);
    if (!info.valid) throw new SubjectInputError(`"publicKey" "${value}" is not a valid crypto address${info.reason ? `: ${info.reason}` : ''}`);
  } else if (property === 'email') {
    if (normalizeEmail(value) === undefined) throw new SubjectInputError(`"email" "${value}" is not a valid e-mail address`);
  }
}

function parseRecord(value: unknown, defaultKind: SubjectKind): SubjectInput {
  if (!isRecord(value)) throw new SubjectInputError(`expected an object with "ref" and the subject's properties, not ${describe(value)}`);
  let refKey: string | undefined;
  let rawRef: unknown;
  let rawKind: unknown;
  let rawSchema: unknown;
  const values = new Map<PropertyName, string[]>();
  const addProperty = (key: string, v: unknown, field: Field): void => {
    if (field.type === 'listOnly') throw new SubjectInputError(listOnlyMessage('property', key, field.name));
    if (field.type !== 'property') throw new SubjectInputError(unknownFieldMessage('property', key));
    const list = values.get(field.name) ?? [];
    list.push(...stringsOf(field.name, v));
    values.set(field.name, list);
  };
  for (const [key, v] of Object.entries(value)) {
    if (key === 'properties') {
      if (v === null || v === undefined) continue;
      if (!isRecord(v)) throw new SubjectInputError(`"properties" must be an object of property -> values, not ${describe(v)}`);
      for (const [name, pv] of Object.entries(v)) {
        const field = resolveField(name);
        if (field.type === 'ref' || field.type === 'kind' || field.type === 'schema') {
          throw new SubjectInputError(`"${name}" belongs beside "properties", not inside it`);
        }
        addProperty(name, pv, field);
      }
      continue;
    }
    const field = resolveField(key);
    if (field.type === 'ref') {
      if (refKey !== undefined) throw new SubjectInputError(`"${refKey}" and "${key}" both give the reference; give one`);
      refKey = key;
      rawRef = v;
    } else if (field.type === 'kind') rawKind = v;
    else if (field.type === 'schema') rawSchema = v;
    else addProperty(key, v, field);
  }

  const ref = textOf('ref', rawRef);
  if (ref === undefined) throw new SubjectInputError('"ref" is missing');
  if (ref.length > MAX_REF_LENGTH) throw new SubjectInputError(`"ref" is longer than ${MAX_REF_LENGTH} characters (${ref.length})`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(ref)) throw new SubjectInputError(`"ref" "${ref.replace(/[\r\n]+/g, ' ')}" contains a control character (a line break?)`);

  try {
    const kindText = textOf('kind', rawKind)?.toLowerCase() ?? defaultKind;
    if (!isSubjectKind(kindText)) throw new SubjectInputError(`unknown kind "${kindText}" (expected one of ${SUBJECT_KINDS.join(', ')})`);

    const properties: Record<string, string[]> = {};
    for (const [name, list] of values) {
      const unique = [...new Set(list)];
      for (const v of unique) checkValue(name, v);
      if (unique.length > 0) properties[name] = unique;
    }
    const hasName = NAME_PROPERTIES.some((p) => properties[p] !== undefined);

    const schemaText = textOf('schema', rawSchema);
    let schema: Schema;
    if (schemaText === undefined) schema = !hasName && properties.publicKey ? 'CryptoWallet' : 'Person';
    else {
      const found = SCHEMATA.find((s) => s.toLowerCase() === schemaText.toLowerCase());
      if (!found) throw new SubjectInputError(`unknown schema "${schemaText}" (expected one of ${SCHEMATA.join(', ')})`);
      schema = found;
    }
    if (isParty(schema) && !hasName) {
      throw new SubjectInputError(`a ${schema} needs a name: "name" is missing (or give "alias", "firstName"/"lastName")`);
    }
    if (schema === 'CryptoWallet' && !properties.publicKey) throw new SubjectInputError('a CryptoWallet needs "publicKey" (the address)');
    return { ref, kind: kindText, schema, properties };
  } catch (err) {
    if (err instanceof SubjectInputError) err.ref ??= ref;
    throw err;
  }
}

/**
 * Check one subject record and return it cleaned; throws a SubjectInputError naming what is wrong.
 * Takes `{ref, kind?, schema?, properties: {...}}` or a flat `{ref, kind?, schema?, name, birthDate,
 * wallet, ...}` (both may be mixed); values are strings, numbers or lists of them. Property names
 * may be camelCase or snake_case ("birth_date"), plural ("aliases") or an alias ("wallet" for
 * publicKey, "id" for ref). Without a schema, a record with an address and no name is a
 * CryptoWallet, anything else a Person.
 */
export function parseSubjectRecord(value: unknown, defaults: { kind?: SubjectKind } = {}): SubjectInput {
  const defaultKind = defaults.kind ?? 'customer';
  if (!isSubjectKind(defaultKind)) throw new Error(`unknown default kind "${String(defaultKind)}" (expected one of ${SUBJECT_KINDS.join(', ')})`);
  try {
    return parseRecord(value, defaultKind);
  } catch (err) {
    if (err instanceof SubjectInputError && err.ref === undefined) {
      const ref = looseRef(value);
      if (ref !== undefined && !err.message.startsWith('"ref"')) err.ref = ref;
    }
    throw err;
  }
}

/**
 * The match query that screens a subject. Countries become ISO codes (as the lists store them) so
 * that "Germany" and "de" agree, and "M"/"F" become "male"/"female"; everything else is as given.
 */
export function subjectToQuery(s: SubjectInput): MatchQuery {
  const properties: Record<string, string[]> = {};
  for (const [name, list] of Object.entries(s.properties)) {
    let out = list;
    if (COUNTRY_PROPERTIES.has(name)) out = list.map((v) => countryValue(v));
    else if (name === 'gender') out = list.map((v) => GENDERS[v.toLowerCase()] ?? v);
    properties[name] = [...new Set(out)];
  }
  return { id: s.ref, schema: s.schema, properties };
}

const GENDERS: Record<string, string> = { m: 'male', male: 'male', man: 'male', f: 'female', female: 'female', woman: 'female' };

// ---------------------------------------------------------------------------------------------
// Rows of a file (read by src/io/records.ts)

function errorRow(row: number, err: unknown, where: string, ref?: string): SubjectRow {
  if (!(err instanceof SubjectInputError)) throw err;
  const out: SubjectRow = { row, error: `${where}: ${err.message}` };
  const r = err.ref ?? (err.message.startsWith('"ref"') ? undefined : ref);
  if (r !== undefined) out.ref = r;
  return out;
}

// ---------------------------------------------------------------------------------------------
// CSV

type ColumnTarget = 'ref' | 'kind' | 'schema' | PropertyName | null;

function csvHeader(cells: string[], name: string): ColumnTarget[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const targets = cells.map((cell): ColumnTarget => {
    const header = cell.trim();
    if (header === '') return null;
    const field = resolveField(header);
    if (field.type === 'unknown') {
      problems.push(unknownFieldMessage('column', header));
      return null;
    }
    if (field.type === 'listOnly') {
      problems.push(listOnlyMessage('column', header, field.name));
      return null;
    }
    if (field.type !== 'property') {
      const before = seen.get(field.type);
      if (before !== undefined) problems.push(`columns "${before}" and "${header}" both give the ${field.type}`);
      seen.set(field.type, header);
      return field.type;
    }
    return field.name;
  });
  if (problems.length === 0 && !seen.has('ref')) problems.push('no "ref" column (the firm\'s reference for each subject)');
  if (problems.length > 0) {
    const hint = cells.length === 1 && /[;\t]/.test(cells[0]!) ? ` (the header is one column: is the file separated by "${cells[0]!.includes(';') ? ';' : 'tab'}" rather than ","?)` : '';
    throw new RecordsError(`${name}: ${problems.join('; ')}${hint}`, 'structure');
  }
  return targets;
}

function csvRow(cells: string[], columns: ColumnTarget[], row: number, where: string, kind: SubjectKind | undefined): SubjectRow {
  const properties: Record<string, string[]> = {};
  const record: Record<string, unknown> = { properties };
  const refColumn = columns.indexOf('ref');
  const ref = cells[refColumn]?.trim() || undefined;
  try {
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!;
      if (i >= columns.length) {
        if (cell.trim() === '') continue;
        throw new SubjectInputError(`${cells.length} cells but the header has ${columns.length} columns`);
      }
      const target = columns[i]!;
      if (target === null) {
        if (cell.trim() !== '') throw new SubjectInputError(`a value in column ${i + 1}, which has no name in the header`);
      } else if (target === 'ref' || target === 'kind' || target === 'schema') record[target] = cell;
      else (properties[target] ??= []).push(...cell.split(';'));
    }
    return { row, subject: parseSubjectRecord(record, kind ? { kind } : {}) };
  } catch (err) {
    return errorRow(row, err, where, ref !== undefined && ref.length <= MAX_REF_LENGTH ? ref : undefined);
  }
}

// ---------------------------------------------------------------------------------------------
// JSON lines and JSON arrays

function jsonRow(value: unknown, row: number, where: string, kind: SubjectKind | undefined): SubjectRow {
  try {
    return { row, subject: parseSubjectRecord(value, kind ? { kind } : {}) };
  } catch (err) {
    return errorRow(row, err, where);
  }
}

// ---------------------------------------------------------------------------------------------
// Files

/**
 * Stream the subjects of a file (path), a byte stream or a Buffer: CSV with a header row, JSON
 * lines, or a JSON array (read by `readRecords`, src/io/records.ts). Rows come one at a time,
 * numbered from 1: CSV data rows (after the header; blank rows count but are not yielded), JSONL
 * line numbers (blank lines skipped), JSON array positions. A row that is not a valid subject is an
 * error row and reading goes on. Throws (before any row, where it can) for an unknown CSV column,
 * and when reaching input that is not UTF-8 (the whole file is refused: a file in another encoding
 * would import its ASCII rows and reject the others), malformed CSV quoting or JSON array
 * structure, a record longer than MAX_RECORD_BYTES, or more than `maxRows` rows.
 */
export async function* readSubjects(
  source: string | NodeJS.ReadableStream | Buffer,
  options: ReadSubjectsOptions = {},
): AsyncGenerator<SubjectRow> {
  const name = options.name ?? (typeof source === 'string' ? source : 'the input');
  const { kind, maxRows } = options;
  if (kind !== undefined && !isSubjectKind(kind)) throw new Error(`unknown kind "${String(kind)}" (expected one of ${SUBJECT_KINDS.join(', ')})`);
  if (maxRows !== undefined && !(Number.isInteger(maxRows) && maxRows > 0)) throw new Error(`maxRows must be a positive integer, not ${maxRows}`);
  if (options.format !== undefined && !['csv', 'jsonl', 'json'].includes(options.format)) {
    throw new Error(`unknown format "${String(options.format)}" (expected csv, jsonl or json)`);
  }
  let columns: ColumnTarget[] = [];
  const records = readRecords(source, {
    format: options.format,
    name,
    maxRecords: maxRows,
    recordNoun: 'subjects',
    onHeader: (cells) => (columns = csvHeader(cells, name)),
  });
  for await (const record of records) {
    if ('error' in record) {
      // The whole input is refused, as readRecords refuses it (a coded error: invalid_input).
      if (record.badBytes) throw new RecordsError(badBytesMessage(name, record.badBytes), 'bytes');
      yield { row: record.row, error: `${record.where}: ${record.error}` };
    } else if ('cells' in record) yield csvRow(record.cells, columns, record.row, record.where, kind);
    else yield jsonRow(record.value, record.row, record.where, kind);
  }
}
