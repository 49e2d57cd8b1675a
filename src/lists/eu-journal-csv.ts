/**
 * EU sanctions annexes as transcribed from the Official Journal: the "consolidated" CSV files of
 * OpenSanctions' `eu_journal_sanctions` crawler, one file per framework act, named after its CELEX
 * number (32017R1509.csv is Council Regulation (EU) 2017/1509, the DPRK regime; 32019R0796.csv is
 * Regulation (EU) 2019/796, cyber-attacks). The layout is documented with the files
 * (datasets/eu/journal_sanctions/data/FORMAT.md in opensanctions/opensanctions):
 *
 * - a header row, then one row per designation in one legal context (annex, measure); the same
 *   party may appear on several rows (a vessel under an asset freeze and a port-entry ban);
 * - cells keep the printed wording: dates "16.7.2009", "4 October 1983", "1965 or 1966",
 *   "a) 1964 b) 28.8.1962"; nationalities "DPRK", "Russian"; passports "836110034 (diplomatic)";
 * - every entity column may hold several values separated by ";" (a value holding ";" is quoted
 *   within the cell); the scalar columns (celex, recordId, programKey, annex, measure, startDate,
 *   reason, schema, name) never do.
 *
 * Each designation becomes one canonical entity, `<dataset>-<annex>-<recordId>`; vessels are one
 * entity per IMO number (`<dataset>-imo<number>`) whatever the annexes listing them. A row without
 * a record id (the act prints none) is named after its annex and name. The files state no
 * publication date; the listing date of each designation is kept (`listingDate`).
 */
import { parse as csvParse } from 'csv-parse';
import { parse as csvParseSync } from 'csv-parse/sync';
import { pipeline } from 'node:stream';
import {
  EntityBuilder,
  countryCode,
  countryValue,
  isoDate,
  scriptOf,
  type Entity,
  type NamePart,
  type PropertyName,
  type Schema,
} from '../model/index.js';
import { ListFormatError, csvReadError } from './errors.js';
import { openListFile } from './source-file.js';
import type { ListAdapter, ParseContext, ParsedList } from './types.js';

const AUTHORITY = 'Council of the European Union';

/** Where the transcriptions are published: the consolidated CSV of a framework act, by CELEX number. */
export function euJournalCsvUrl(celex: string): string {
  return `https://raw.githubusercontent.com/opensanctions/opensanctions/main/datasets/eu/journal_sanctions/data/consolidated/${celex}.csv`;
}

/** The act itself on EUR-Lex (the Official Journal), by CELEX number. */
export function eurLexUrl(celex: string): string {
  return `https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:${celex}`;
}

/** "32017R1509" -> "Regulation (EU) 2017/1509"; "32011D0173" -> "Decision 2011/173/CFSP". */
export function actTitle(celex: string): string {
  const m = /^3(\d{4})([RD])(\d{4})$/.exec(celex);
  if (!m) return celex;
  return m[2] === 'R' ? `Regulation (EU) ${m[1]}/${Number(m[3])}` : `Decision ${m[1]}/${Number(m[3])}/CFSP`;
}

/** The columns every consolidated file starts with; the rest are entity properties. */
const REQUIRED = ['celex', 'recordId', 'programKey', 'annex', 'measure', 'startDate', 'schema', 'name'] as const;
const AMENDMENT_HEADER = /^\uFEFF?amendedCelex,amendmentCelex,recordId,programKey,/;
const CONSOLIDATED_HEADER = /^\uFEFF?celex,recordId,programKey,annex,measure,startDate,/;

const SCHEMATA = new Map<string, Schema>([
  ['Person', 'Person'],
  ['LegalEntity', 'Organization'],
  ['Organization', 'Organization'],
  ['Company', 'Company'],
  ['Vessel', 'Vessel'],
]);

/** Nationalities the annexes write as adjectives. */
const DEMONYMS: Record<string, string> = {
  russian: 'ru',
  chinese: 'cn',
  korean: 'kp',
  'north korean': 'kp',
  iranian: 'ir',
  ukrainian: 'ua',
  belarusian: 'by',
  syrian: 'sy',
  cuban: 'cu',
};

/** Identifier columns and the property each goes to (our model has no INN/OGRN/KPP/OKPO/LEI of its own). */
const IDENTIFIERS: [string, PropertyName][] = [
  ['idNumber', 'idNumber'],
  ['taxNumber', 'taxNumber'],
  ['innCode', 'taxNumber'],
  ['registrationNumber', 'registrationNumber'],
  ['ogrnCode', 'registrationNumber'],
  ['kppCode', 'registrationNumber'],
  ['okpoCode', 'registrationNumber'],
  ['leiCode', 'registrationNumber'],
  ['swiftBic', 'swiftBic'],
  ['mmsi', 'mmsi'],
];

/** Columns without a property of their own: kept as labelled remarks. */
const LABELLED_REMARKS: [string, string][] = [
  ['legalForm', 'Legal form'],
  ['sector', 'Sector'],
  ['appearance', 'Appearance'],
  ['ethnicity', 'Ethnicity'],
  ['fatherName', "Father's name"],
  ['motherName', "Mother's name"],
];

type Row = Record<string, string>;

interface Designation {
  builder: EntityBuilder;
  name: string;
  schema: Schema;
  firstLine: number;
}

function shorten(s: string, n = 60): string {
  return s.length > n ? `${s.slice(0, n)}...` : s;
}

/** The values of a multi-valued cell: ";"-separated, a value holding ";" quoted within the cell. */
export function cellValues(cell: string | undefined): string[] {
  const text = (cell ?? '').trim();
  if (text === '') return [];
  if (!text.includes('"')) return text.split(';').map((v) => v.trim()).filter((v) => v !== '');
  try {
    const rows = csvParseSync(text, { delimiter: ';', trim: true, relax_quotes: true, relax_column_count: true }) as string[][];
    return rows.flat().map((v) => v.trim()).filter((v) => v !== '');
  } catch {
    return text.split(';').map((v) => v.replace(/^"|"$/g, '').trim()).filter((v) => v !== '');
  }
}

/** "a) X, b) Y" or "a) X b) Y": the enumerated items; anything else as it is. */
function enumerated(value: string): string[] {
  if (!/^\s*a\)\s/.test(value)) return [value];
  return value
    .split(/(?:^|[\s,;]+)[a-h]\)\s+/)
    .map((v) => v.replace(/[,;]\s*$/, '').trim())
    .filter((v) => v !== '');
}

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

/**
 * Every date a printed date cell names, as ISO prefixes keeping their precision: "19.2.1968; 1965
 * or 1966" -> 1968-02-19, 1965, 1966; "1967-1969" -> each year; "4 October 1983" -> 1983-10-04.
 * `unread` is set when the text held something but no date.
 */
export function printedDates(text: string): { dates: string[]; unread: boolean } {
  const dates: string[] = [];
  const pattern = /(\d{1,2})\.(\d{1,2})\.(\d{4})|(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4})|(\d{4})\s*[-–]\s*(\d{4})|(\d{4})/g;
  for (const m of text.matchAll(pattern)) {
    if (m[1]) {
      const d = isoDate(Number(m[3]), Number(m[2]), Number(m[1]));
      if (d) dates.push(d);
    } else if (m[4]) {
      const month = MONTHS[m[5]!.slice(0, 3).toLowerCase()];
      const d = month ? isoDate(Number(m[6]), month, Number(m[4])) : undefined;
      if (d) dates.push(d);
    } else if (m[7]) {
      const from = Number(m[7]);
      const to = Number(m[8]);
      if (to >= from && to - from <= 20) for (let y = from; y <= to; y++) dates.push(String(y));
    } else if (m[9]) {
      const d = isoDate(Number(m[9]));
      if (d) dates.push(d);
    }
  }
  const unique = [...new Set(dates)];
  return { dates: unique, unread: unique.length === 0 && text.trim() !== '' };
}

/** A nationality as printed ("DPRK.", "Russian", "allegedly Russian") as a country code where known. */
function nationality(value: string): string {
  const clean = value.replace(/\.$/, '').replace(/^(allegedly|possibly|reportedly)\s+/i, '').trim();
  return DEMONYMS[clean.toLowerCase()] ?? countryValue(clean);
}

/** The country an address ends with, if its last part names one. */
function addressCountry(address: string): string | undefined {
  const parts = address.replace(/\.$/, '').split(',');
  return countryCode(parts[parts.length - 1]!.trim());
}

/** An identifier without its printed qualifiers: "PS 472330208 (expires 4.7.2017)" -> "PS 472330208". */
function identifier(value: string): string | undefined {
  const clean = value
    .replace(/\(.*?\)/g, ' ')
    .replace(/,?\s*(expires?|expired|issued|valid)\b.*$/i, '')
    .replace(/[.,;]+\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return /\d/.test(clean) ? clean : undefined;
}

/** One printed alias cell value as the names it holds. */
function aliasNames(value: string): string[] {
  const v = value.replace(/^and\s+/i, '').replace(/^\((.*)\)$/, '$1').trim();
  // A list of quoted names: ‘Bentley’, ‘Bergen’, ‘Alex Konor’.
  const quoted = [...v.matchAll(/[‘'"“]([^’'"”]+)[’'"”]/g)].map((m) => m[1]!.trim());
  if (quoted.length > 1 && v.replace(/[‘'"“][^’'"”]+[’'"”]/g, '').replace(/[\s,;]/g, '') === '') return quoted;
  const unquoted = v.replace(/^[‘'"“](.*)[’'"”]$/, '$1').trim();
  // "Jang Pom Su, Jang Hyon U": several names, each of more than one word. "Chang, Myong Ho" is one.
  const parts = unquoted.split(/,\s+/);
  if (parts.length > 1 && parts.every((p) => p.trim().split(/\s+/).length > 1)) return parts.map((p) => p.trim());
  return unquoted === '' ? [] : [unquoted];
}

/**
 * Parts of a person's name where the annex shows them: "Chang, Myong Ho" (family name first, then
 * a comma) or capitals for the family name ("Alexey Valeryevich MININ", "GAO Qiang"). Else one part.
 */
function personParts(full: string): NamePart[] {
  const comma = /^([^,]+),\s*(.+)$/.exec(full);
  if (comma) {
    const given = comma[2]!.split(/\s+/);
    const parts: NamePart[] = [{ type: 'last', value: comma[1]!.trim() }, { type: 'first', value: given[0]! }];
    if (given.length > 1) parts.push({ type: 'middle', value: given.slice(1).join(' ') });
    return parts;
  }
  const words = full.split(/\s+/);
  const isCapital = (w: string) => w.length > 1 && w === w.toUpperCase() && w !== w.toLowerCase();
  const capitals = words.filter(isCapital);
  const others = words.filter((w) => !isCapital(w));
  if (capitals.length === 0 || others.length === 0) return [{ type: 'other', value: full }];
  const parts: NamePart[] = [];
  const lastFirst = isCapital(words[0]!);
  const last: NamePart = { type: 'last', value: capitals.join(' ') };
  if (lastFirst) parts.push(last);
  parts.push({ type: 'first', value: others[0]! });
  if (others.length > 1) parts.push({ type: 'middle', value: others.slice(1).join(' ') });
  if (!lastFirst) parts.push(last);
  return parts;
}

function addName(b: EntityBuilder, full: string, kind: 'name' | 'alias' | 'weakAlias' | 'previousName'): void {
  const clean = full.replace(/\s+/g, ' ').trim();
  if (clean === '') return;
  const parts: NamePart[] =
    b.schema === 'Person' ? personParts(clean) : [{ type: b.schema === 'Vessel' ? 'vessel' : 'entity', value: clean }];
  b.addName({ full: clean, kind, script: scriptOf(clean), parts });
}

/** The entity a row belongs to: `<annex>-<recordId>`, vessels by IMO number. */
function sourceId(row: Row, schema: Schema): string {
  const imo = (row.imoNumber ?? '').replace(/^IMO\s*/i, '').trim();
  if (schema === 'Vessel' && /^\d{7}$/.test(imo)) return `imo${imo}`;
  const annex = row.annex?.trim() || 'annex';
  const record = row.recordId?.trim();
  if (record) return `${annex}-${record}`;
  const slug = row.name!.normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').toLowerCase();
  return `${annex}-${slug}`;
}

/** Add the facts of one row to its entity. */
function addRow(b: EntityBuilder, row: Row, line: number, warnings: string[]): void {
  const schema = b.schema;
  // Names. A vessel's former names are printed in parentheses after its name.
  let name = row.name!.trim();
  if (schema === 'Vessel') {
    const former = [...name.matchAll(/\(([^()]+)\)/g)].map((m) => m[1]!.trim());
    if (former.length > 0) {
      name = name.replace(/\s*\([^()]+\)/g, '').trim();
      for (const f of former) addName(b, f, 'previousName');
    }
  }
  addName(b, name, 'name');
  for (const [column, kind] of [['alias', 'alias'], ['weakAlias', 'weakAlias'], ['previousName', 'previousName']] as const) {
    for (const value of cellValues(row[column])) for (const n of aliasNames(value)) addName(b, n, kind);
  }

  // Personal facts.
  for (const value of cellValues(row.birthDate)) {
    for (const item of enumerated(value)) {
      const { dates, unread } = printedDates(item);
      b.add('birthDate', ...dates);
      if (unread) warnings.push(`${b.id} (line ${line}): birth date not understood: "${shorten(item)}"`);
    }
  }
  b.add('birthPlace', ...cellValues(row.birthPlace));
  for (const value of cellValues(row.nationality)) b.add('nationality', nationality(value));
  for (const value of cellValues(row.gender)) {
    const g = value.replace(/\.$/, '').trim().toLowerCase();
    if (g === 'male' || g === 'female') b.add('gender', g);
  }
  b.add('position', ...cellValues(row.position));
  for (const value of cellValues(row.incorporationDate)) b.add('registrationDate', ...printedDates(value).dates);

  // Places and contacts.
  for (const column of ['country', 'jurisdiction'] as const) {
    for (const value of cellValues(row[column])) b.add(column, countryValue(value.replace(/\.$/, '')));
  }
  for (const value of cellValues(row.address)) {
    for (const item of enumerated(value)) {
      const address = item.replace(/\.$/, '').trim();
      const country = addressCountry(address);
      if (country) b.add('country', country);
      // A bare country is a country, not an address.
      if (!(country && countryCode(address) === country)) b.add('address', address);
    }
  }
  for (const value of cellValues(row.phone)) {
    for (const piece of value.split(/;|\band\b|Fax:|,(?=\s*\+?\d{3})/i)) {
      const phone = piece.replace(/["]/g, '').replace(/[.,]+\s*$/, '').trim();
      if ((phone.match(/\d/g) ?? []).length >= 6) b.add('phone', phone);
    }
  }
  for (const value of cellValues(row.email)) {
    for (const m of value.matchAll(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g)) b.add('email', m[0].replace(/\.$/, ''));
  }
  for (const value of cellValues(row.website)) {
    const sites = value.split(/[\s,]+/).filter((t) => /^(https?:\/\/)?[\w-]+(\.[\w-]+)+(\/\S*)?$/i.test(t));
    if (sites.length > 0) b.add('website', ...sites);
    else b.add('remarks', `Online: ${value}`);
  }

  // Identifiers.
  for (const value of cellValues(row.passportNumber)) {
    for (const item of value.split(/\s+\/\s+|;/)) {
      const number = identifier(item);
      if (number) b.add('passportNumber', number);
      if (number !== item.replace(/[.;]+\s*$/, '').trim()) b.add('remarks', `Passport: ${item}`);
    }
  }
  for (const [column, property] of IDENTIFIERS) {
    for (const value of cellValues(row[column])) {
      const id = identifier(value);
      if (id) b.add(property, id);
    }
  }
  const imo = (row.imoNumber ?? '').replace(/^IMO\s*/i, '').trim();
  if (/^\d{7}$/.test(imo)) b.add('imoNumber', imo);
  else if (imo !== '') b.add('remarks', `IMO number: ${imo}`);
  for (const value of cellValues(row.flag)) b.add('flag', countryValue(value));

  // The designation.
  const celex = row.celex!.trim();
  b.add('program', row.programKey?.trim());
  const annex = row.annex?.trim();
  const measure = row.measure?.trim();
  b.add('sanctionsList', `${actTitle(celex)}${annex ? `, Annex ${annex}` : ''}${measure ? ` (${measure})` : ''}`);
  const start = row.startDate?.trim() ?? '';
  if (start !== '') {
    const { dates } = printedDates(start);
    if (dates.length === 1) b.add('listingDate', dates[0]);
    else warnings.push(`${b.id} (line ${line}): listing date not understood: "${shorten(start)}"`);
  }
  b.add('remarks', row.reason);
  for (const value of cellValues(row.notes)) b.add('remarks', value);
  for (const [column, label] of LABELLED_REMARKS) for (const value of cellValues(row[column])) b.add('remarks', `${label}: ${value}`);
  b.add('authority', AUTHORITY);
  b.add('sourceUrl', eurLexUrl(celex));
  b.add('topics', 'sanction');
}

async function parseFile(file: string, ctx: ParseContext): Promise<ParsedList> {
  let input;
  try {
    input = await openListFile(file, ctx.onProgress);
  } catch (err) {
    if (err instanceof ListFormatError) throw err;
    throw new ListFormatError(file, `cannot read the file: ${(err as Error).message}`);
  }
  // Column counts are checked here, after the header, so that the header's faults are said first.
  const parser = csvParse({ bom: true, skip_empty_lines: true, info: true, relax_column_count: true });
  const csv = pipeline(input, parser, () => {
    // errors surface through the async iteration below
  });
  const warnings: string[] = [];
  const stats: Record<string, number> = { records: 0 };
  const designations = new Map<string, Designation>();
  let header: string[] | undefined;
  let celex: string | undefined;
  try {
    for await (const item of csv as AsyncIterable<{ info: { lines: number }; record: string[] }>) {
      const line = item.info.lines;
      if (!header) {
        header = item.record.map((h) => h.trim());
        if (header[0] === 'amendedCelex') {
          throw new ListFormatError(
            file,
            'this is an amendment file (the designations one amending act adds or changes), not the consolidated annex of a regulation',
            'line 1',
          );
        }
        const missing = REQUIRED.filter((c) => !header!.includes(c));
        if (missing.length > 0) {
          throw new ListFormatError(file, `the header lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: not an EU Official Journal annex transcription`, 'line 1');
        }
        continue;
      }
      if (item.record.length !== header.length) {
        throw new ListFormatError(file, `expected ${header.length} columns, as the header has, found ${item.record.length}`, `line ${line}`);
      }
      const row: Row = {};
      header.forEach((h, i) => (row[h] = item.record[i] ?? ''));
      const rowCelex = row.celex!.trim();
      if (!/^3\d{4}[RD]\d{4}$/.test(rowCelex)) {
        throw new ListFormatError(file, `celex must be a CELEX number such as 32017R1509, found ${JSON.stringify(shorten(rowCelex))}`, `line ${line}`);
      }
      celex ??= rowCelex;
      if (rowCelex !== celex) {
        throw new ListFormatError(file, `every row must be of one act: ${rowCelex} after ${celex}`, `line ${line}`);
      }
      const printedSchema = row.schema!.trim();
      const name = row.name!.trim();
      if (name === '') throw new ListFormatError(file, 'the designation has no name', `line ${line}`);
      if (printedSchema === '') throw new ListFormatError(file, `"${shorten(name)}" has no schema`, `line ${line}`);
      if (!row.programKey!.trim()) throw new ListFormatError(file, `"${shorten(name)}" has no programKey`, `line ${line}`);
      stats.records!++;
      const schema = SCHEMATA.get(printedSchema);
      if (!schema) {
        if (printedSchema === 'Asset') {
          stats['skipped:Asset'] = (stats['skipped:Asset'] ?? 0) + 1;
          warnings.push(`line ${line}: "${shorten(name)}" is an Asset (a restricted thing, not a party): not screened`);
          continue;
        }
        throw new ListFormatError(file, `unknown schema ${JSON.stringify(shorten(printedSchema))} for "${shorten(name)}"`, `line ${line}`);
      }
      let id = sourceId(row, schema);
      const existing = designations.get(id);
      if (existing && (existing.schema !== schema || (schema !== 'Vessel' && existing.name !== name))) {
        // The same record id for another party: keep both, apart, and say so.
        warnings.push(`line ${line}: record ${id} was already used on line ${existing.firstLine} for "${shorten(existing.name)}"`);
        id = `${id}-${line}`;
      }
      let d = designations.get(id);
      if (!d) {
        d = { builder: new EntityBuilder(ctx.dataset, id, schema), name, schema, firstLine: line };
        designations.set(id, d);
      }
      addRow(d.builder, row, line, warnings);
      const program = row.programKey!.trim();
      stats[`program:${program}`] = (stats[`program:${program}`] ?? 0) + 1;
    }
  } catch (err) {
    input.destroy();
    throw csvReadError(file, err);
  }
  if (!header) throw new ListFormatError(file, 'the file holds no rows');
  if (designations.size === 0) throw new ListFormatError(file, 'the file has a header but no designations', 'line 2');

  const entities: Entity[] = [];
  for (const d of designations.values()) {
    const entity = d.builder.build();
    entities.push(entity);
    const key = entity.schema === 'Person' ? 'persons' : entity.schema === 'Vessel' ? 'vessels' : 'organizations';
    stats[key] = (stats[key] ?? 0) + 1;
  }
  stats.entities = entities.length;
  stats[`celex:${celex}`] = stats.records!;
  return { dataset: ctx.dataset, format: 'eu-journal-csv', publishedAt: undefined, entities, stats, warnings };
}

export const euJournalCsv: ListAdapter = {
  format: 'eu-journal-csv',
  title: 'EU Official Journal annex transcription (CSV)',
  detect(head: string): boolean {
    return CONSOLIDATED_HEADER.test(head) || AMENDMENT_HEADER.test(head);
  },
  async parse(files: string[], ctx: ParseContext): Promise<ParsedList> {
    if (files.length !== 1) {
      throw new Error(`an EU annex transcription is one CSV file per regulation; got ${files.length} files`);
    }
    return parseFile(files[0]!, ctx);
  },
};

/** The CELEX number of the act a parsed annex transcribes (kept in its stats as `celex:<number>`). */
export function celexOf(list: ParsedList): string | undefined {
  const key = Object.keys(list.stats).find((k) => k.startsWith('celex:'));
  return key?.slice('celex:'.length);
}
