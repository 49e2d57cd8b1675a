/**
 * UK Sanctions List (FCDO), OpenDocument spreadsheet edition
 * (https://docs.fcdo.gov.uk/docs/UK-Sanctions-List.ods).
 *
 * An .ods file is a zip archive; the cells are in its content.xml, which is unzipped with fflate
 * and read with saxes. Columns are found by their header name, not their position: the header row
 * is the first row holding "Unique ID" and a name column, and title rows above it ("Report Date:
 * ...") are allowed. FCDO publishes several rows per designation (one per name or alias), so rows
 * are grouped by Unique ID and merged into one entity. Both the full FCDO layout (Name 1..Name 6,
 * Name type, D.O.B, addresses, passports, ship details...) and the reduced 8-column layout
 * (Unique ID, OFSI Group ID, Name, Regime Name, Type, Designation source, Date Designated,
 * Sanctions Imposed) are read.
 */
import { inflateSync, unzipSync } from 'fflate';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import {
  EntityBuilder,
  countryCode,
  countryValue,
  isoDate,
  parseDate,
  type Entity,
  type EntityName,
  type NamePart,
  type NamePartType,
  type Schema,
} from '../model/index.js';
import { ListFormatError } from './errors.js';
import { readListFile } from './source-file.js';
import type { ListAdapter, ParseContext, ParsedList } from './types.js';
import { scriptOf } from '../model/index.js';

export const UK_SOURCE_URL = 'https://docs.fcdo.gov.uk/docs/UK-Sanctions-List.ods';
const AUTHORITY = 'UK Foreign, Commonwealth & Development Office';
const ODS_MIMETYPE = 'application/vnd.oasis.opendocument.spreadsheet';

const NS = {
  office: 'urn:oasis:names:tc:opendocument:xmlns:office:1.0',
  table: 'urn:oasis:names:tc:opendocument:xmlns:table:1.0',
  text: 'urn:oasis:names:tc:opendocument:xmlns:text:1.0',
  meta: 'urn:oasis:names:tc:opendocument:xmlns:meta:1.0',
  dc: 'http://purl.org/dc/elements/1.1/',
};

/** Columns beyond this are ignored (spreadsheets pad rows with thousands of empty cells). */
const MAX_COLUMNS = 1024;

// ---------------------------------------------------------------------------------------------
// The zip container
// ---------------------------------------------------------------------------------------------

interface OdsParts {
  content: string;
  meta: string | undefined;
  /** The day content.xml was written, from the zip archive's central directory (YYYY-MM-DD). */
  contentWritten: string | undefined;
}

const utf8 = new TextDecoder('utf-8');

/** What a file that is not a zip looks like, from its first bytes. */
function describeNonZip(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 512)).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('<')) {
    const root = /<([A-Za-z_][\w:.-]*)/.exec(head.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<![^>]*>/g, ''));
    if (root?.[1] === 'CONSOLIDATED_LIST') return 'the UN consolidated list XML';
    return root ? `an XML document with root <${root[1]}>` : 'an XML document';
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return 'a gzip file';
  if (head.startsWith('%PDF')) return 'a PDF document';
  if (/^[[{]/.test(head)) return 'JSON';
  return `text or data starting with "${head.slice(0, 40).replace(/[^\x20-\x7e]/g, '?')}"`;
}

/** What a zip that is not an OpenDocument spreadsheet seems to be, from its entry names. */
function describeZip(entries: string[]): string {
  if (entries.some((e) => e.startsWith('xl/'))) return 'it looks like an Excel .xlsx workbook';
  if (entries.some((e) => e.startsWith('word/'))) return 'it looks like a Word .docx document';
  const listed = entries.slice(0, 5).join(', ');
  return entries.length === 0 ? 'the archive is empty' : `it holds ${listed}${entries.length > 5 ? ', ...' : ''}`;
}

function unpackOds(file: string, bytes: Uint8Array): OdsParts {
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw new ListFormatError(
      file,
      `not an OpenDocument spreadsheet: an .ods file is a zip archive, but this is ${describeNonZip(bytes)}`,
      'byte 0',
    );
  }
  const entries: string[] = [];
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        entries.push(f.name);
        return f.name === 'content.xml' || f.name === 'meta.xml' || f.name === 'mimetype';
      },
    });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new ListFormatError(file, `the zip archive is damaged or cut short (${why}); download the file again`);
  }
  const mimetype = files['mimetype'] ? utf8.decode(files['mimetype']).trim() : undefined;
  if (mimetype !== undefined && mimetype !== ODS_MIMETYPE) {
    throw new ListFormatError(file, `not an OpenDocument spreadsheet: its mimetype entry says "${mimetype}"`);
  }
  const content = files['content.xml'];
  if (!content) {
    throw new ListFormatError(
      file,
      `not an OpenDocument spreadsheet: the zip archive has no content.xml (${describeZip(entries)})`,
    );
  }
  return {
    content: utf8.decode(content),
    meta: files['meta.xml'] ? utf8.decode(files['meta.xml']) : undefined,
    contentWritten: zipEntryDays(bytes).get('content.xml'),
  };
}

/**
 * The day each entry of a zip archive was last written, from its central directory: the UTC time
 * of an extended-timestamp (0x5455) or NTFS (0x000a) extra field where there is one, else the
 * MS-DOS date (local time of the machine that wrote it, so only the day is kept). Entries dated
 * 1980-01-01, the MS-DOS epoch that tools write for "no time", are left out. Damage is ignored
 * here: the archive's contents are read (and damage reported) by fflate.
 */
export function zipEntryDays(bytes: Uint8Array): Map<string, string> {
  const days = new Map<string, string>();
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return days;
  const count = buf.readUInt16LE(end + 10);
  let offset = buf.readUInt32LE(end + 16);
  for (let n = 0; n < count && offset + 46 <= buf.length && buf.readUInt32LE(offset) === 0x02014b50; n++) {
    const dosTime = buf.readUInt16LE(offset + 12);
    const dosDate = buf.readUInt16LE(offset + 14);
    const nameLength = buf.readUInt16LE(offset + 28);
    const extraLength = buf.readUInt16LE(offset + 30);
    const commentLength = buf.readUInt16LE(offset + 32);
    const name = buf.toString('utf8', offset + 46, offset + 46 + nameLength);
    let utc: Date | undefined;
    for (let x = offset + 46 + nameLength; x + 4 <= offset + 46 + nameLength + extraLength && x + 4 <= buf.length; ) {
      const id = buf.readUInt16LE(x);
      const size = buf.readUInt16LE(x + 2);
      if (id === 0x5455 && size >= 5 && (buf[x + 4]! & 1) === 1) utc = new Date(buf.readUInt32LE(x + 5) * 1000);
      if (id === 0x000a && size >= 32 && buf.readUInt16LE(x + 8) === 1) {
        // NTFS: attribute 1 holds mtime, atime, ctime as 100 ns ticks since 1601-01-01.
        const ticks = buf.readBigUInt64LE(x + 12);
        utc = new Date(Number(ticks / 10_000n) - 11_644_473_600_000);
      }
      x += 4 + size;
    }
    if (utc && !Number.isNaN(utc.getTime())) days.set(name, utc.toISOString().slice(0, 10));
    else if (dosDate !== 0x21 || dosTime !== 0) {
      const day = isoDate(((dosDate >> 9) & 0x7f) + 1980, (dosDate >> 5) & 0x0f, dosDate & 0x1f);
      if (day) days.set(name, day);
    }
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return days;
}

/**
 * The mimetype of a zip from its first bytes (given as latin1 text), read from the `mimetype`
 * entry's local header. ODF wants it stored first and uncompressed; Excel writes it deflated and
 * after other entries, so both are handled. Undefined when it is not within `head`.
 */
function mimetypeInHead(head: string): string | undefined {
  const buf = Buffer.from(head, 'latin1');
  let offset = 0;
  while (offset + 30 <= buf.length && buf.readUInt32LE(offset) === 0x04034b50) {
    const flags = buf.readUInt16LE(offset + 6);
    const method = buf.readUInt16LE(offset + 8);
    const size = buf.readUInt32LE(offset + 18);
    const nameEnd = offset + 30 + buf.readUInt16LE(offset + 26);
    const dataStart = nameEnd + buf.readUInt16LE(offset + 28);
    if (flags & 0x08) return undefined; // sizes follow the data: cannot walk on
    if (buf.toString('latin1', offset + 30, nameEnd) === 'mimetype') {
      const data = buf.subarray(dataStart, dataStart + size);
      if (data.length < size) return undefined;
      try {
        if (method === 0) return data.toString('latin1').trim();
        if (method === 8) return Buffer.from(inflateSync(data)).toString('latin1').trim();
      } catch {
        return undefined;
      }
      return undefined;
    }
    offset = dataStart + size;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// content.xml: tables, rows and cells
// ---------------------------------------------------------------------------------------------

interface SheetRow {
  sheet: string;
  /** 1-based row number in its sheet, as a spreadsheet application shows it. */
  number: number;
  cells: (string | undefined)[];
}

function attr(tag: SaxesTagNS, uri: string, local: string): string | undefined {
  for (const a of Object.values(tag.attributes)) {
    if (a.local === local && a.uri === uri) return a.value;
  }
  return undefined;
}

function count(value: string | undefined): number {
  const n = value ? Number.parseInt(value, 10) : 1;
  return Number.isFinite(n) && n > 0 ? n : 1;
}

interface CellState {
  repeat: number;
  text: string;
  paragraphs: number;
  valueType: string | undefined;
  dateValue: string | undefined;
  value: string | undefined;
}

/**
 * Read every non-empty row of every table in content.xml, in order. Repeated cells and rows
 * (`number-columns-repeated`, `number-rows-repeated`) are honoured without expanding empty
 * runs; cell text is the text:p paragraphs joined by newlines, with text:s spaces, tabs and
 * line breaks, and without annotations (comments).
 */
function readRows(file: string, xml: string, onRow: (row: SheetRow) => void): void {
  const parser = new SaxesParser({ xmlns: true, position: true });
  let sheet = '';
  let rowNumber = 0;
  let row: (string | undefined)[] | undefined;
  let rowRepeat = 1;
  let column = 0;
  let cell: CellState | undefined;
  let inParagraph = 0;
  let inAnnotation = 0;

  parser.on('opentag', (tag) => {
    if (tag.uri === NS.table) {
      if (tag.local === 'table') {
        sheet = attr(tag, NS.table, 'name') ?? '';
        rowNumber = 0;
      } else if (tag.local === 'table-row') {
        row = [];
        column = 0;
        rowRepeat = count(attr(tag, NS.table, 'number-rows-repeated'));
      } else if ((tag.local === 'table-cell' || tag.local === 'covered-table-cell') && row) {
        cell = {
          repeat: count(attr(tag, NS.table, 'number-columns-repeated')),
          text: '',
          paragraphs: 0,
          valueType: attr(tag, NS.office, 'value-type'),
          dateValue: attr(tag, NS.office, 'date-value'),
          value: attr(tag, NS.office, 'value'),
        };
      }
    } else if (tag.uri === NS.office && tag.local === 'annotation') {
      inAnnotation++;
    } else if (tag.uri === NS.text && cell && inAnnotation === 0) {
      if (tag.local === 'p' || tag.local === 'h') {
        if (inParagraph === 0 && cell.paragraphs++ > 0) cell.text += '\n';
        inParagraph++;
      } else if (inParagraph > 0 && tag.local === 's') {
        cell.text += ' '.repeat(count(attr(tag, NS.text, 'c')));
      } else if (inParagraph > 0 && tag.local === 'tab') {
        cell.text += '\t';
      } else if (inParagraph > 0 && tag.local === 'line-break') {
        cell.text += '\n';
      }
    }
  });
  parser.on('text', (text) => {
    // ODF collapses white space in paragraphs; text:s, text:tab and text:line-break spell it out.
    if (cell && inParagraph > 0 && inAnnotation === 0) cell.text += text.replace(/[ \t\r\n]+/g, ' ');
  });
  parser.on('closetag', (tag) => {
    if (tag.uri === NS.text && (tag.local === 'p' || tag.local === 'h') && inParagraph > 0 && inAnnotation === 0) {
      inParagraph--;
    } else if (tag.uri === NS.office && tag.local === 'annotation') {
      inAnnotation--;
    } else if (tag.uri === NS.table && (tag.local === 'table-cell' || tag.local === 'covered-table-cell')) {
      if (cell && row) {
        const value = cellValue(cell);
        if (value !== '') {
          for (let i = 0; i < cell.repeat && column + i < MAX_COLUMNS; i++) row[column + i] = value;
        }
        column += cell.repeat;
      }
      cell = undefined;
    } else if (tag.uri === NS.table && tag.local === 'table-row') {
      const first = rowNumber + 1;
      rowNumber += rowRepeat;
      // A repeated row is the same row several times over; its content is read once.
      if (row && row.some((c) => c !== undefined)) onRow({ sheet, number: first, cells: row });
      row = undefined;
    }
  });

  try {
    parser.write(xml);
    parser.close();
  } catch (err) {
    if (err instanceof ListFormatError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    const m = /^(\d+):(\d+): ([\s\S]*)$/.exec(message);
    throw new ListFormatError(
      file,
      `content.xml is not well-formed XML: ${m ? m[3] : message}`,
      m ? `content.xml line ${m[1]}, column ${Number(m[2]) + 1}` : 'content.xml',
    );
  }
}

function cellValue(cell: CellState): string {
  if (cell.valueType === 'date' && cell.dateValue) return cell.dateValue.slice(0, 10);
  const text = cell.text.trim();
  if (text !== '') return text;
  return cell.value?.trim() ?? '';
}

// ---------------------------------------------------------------------------------------------
// Header and designations
// ---------------------------------------------------------------------------------------------

/** A header as a key: lower case, letters and digits only ("D.O.B" -> "dob"). */
function headerKey(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Columns read, each with the header spellings it is known by. */
const COLUMNS = {
  uniqueId: ['uniqueid'],
  groupId: ['ofsigroupid', 'groupid'],
  unReference: ['unreferencenumber'],
  name: ['name', 'fullname'],
  name1: ['name1'],
  name2: ['name2'],
  name3: ['name3'],
  name4: ['name4'],
  name5: ['name5'],
  name6: ['name6'],
  nameType: ['nametype'],
  aliasStrength: ['aliasstrength', 'aliasquality'],
  title: ['title'],
  nonLatinName: ['namenonlatinscript'],
  regime: ['regimename', 'regime'],
  type: ['type', 'designationtype', 'individualentityship', 'grouptype'],
  source: ['designationsource'],
  sanctionsImposed: ['sanctionsimposed'],
  otherInformation: ['otherinformation'],
  statementOfReasons: ['ukstatementofreasons', 'statementofreasons'],
  address1: ['addressline1'],
  address2: ['addressline2'],
  address3: ['addressline3'],
  address4: ['addressline4'],
  address5: ['addressline5'],
  address6: ['addressline6'],
  postalCode: ['addresspostalcode', 'postalcode'],
  addressCountry: ['addresscountry'],
  phone: ['phonenumber', 'phone'],
  website: ['website'],
  email: ['emailaddress', 'email'],
  dateDesignated: ['datedesignated'],
  dob: ['dob', 'dateofbirth'],
  nationality: ['nationalityies', 'nationality', 'nationalities'],
  nationalId: ['nationalidentifiernumber'],
  passport: ['passportnumber'],
  position: ['position'],
  gender: ['gender'],
  townOfBirth: ['townofbirth'],
  countryOfBirth: ['countryofbirth'],
  registrationNumber: ['businessregistrationnumbers', 'businessregistrationnumber'],
  imo: ['imonumber'],
  flag: ['currentbelievedflagofship', 'flag'],
  shipType: ['typeofship'],
  yearBuilt: ['yearbuilt'],
} as const;
type Column = keyof typeof COLUMNS;

type ColumnMap = Partial<Record<Column, number>>;

function headerColumns(cells: (string | undefined)[]): ColumnMap | undefined {
  const index = new Map<string, number>();
  cells.forEach((c, i) => {
    if (c !== undefined && !index.has(headerKey(c))) index.set(headerKey(c), i);
  });
  const hasName = index.has('name') || index.has('name6') || index.has('name1');
  if (!index.has('uniqueid') || !hasName) return undefined;
  const map: ColumnMap = {};
  for (const [column, spellings] of Object.entries(COLUMNS) as [Column, readonly string[]][]) {
    const at = spellings.map((s) => index.get(s)).find((i) => i !== undefined);
    if (at !== undefined) map[column] = at;
  }
  return map;
}

type Values = Partial<Record<Column, string>>;

function rowValues(columns: ColumnMap, cells: (string | undefined)[]): Values {
  const values: Values = {};
  for (const [column, at] of Object.entries(columns) as [Column, number][]) {
    const v = cells[at]?.trim();
    if (v) values[column] = v;
  }
  return values;
}

// ---------------------------------------------------------------------------------------------
// Field helpers
// ---------------------------------------------------------------------------------------------

/** FCDO writes several values in one cell as "(1) first (2) second". */
function numbered(text: string | undefined): string[] {
  if (!text) return [];
  if (!/^\s*\(1\)/.test(text)) return [text.trim()];
  return text
    .split(/\(\d+\)/)
    .map((v) => v.trim().replace(/[,;]$/, '').trim())
    .filter((v) => v !== '');
}

/**
 * A date as the UK list writes it: "23-07-2025", "23/07/2025", ISO from a date cell, a day or
 * month of "00" when unknown ("00/00/1965" is 1965), or "13-Feb-2026" in report titles.
 */
export function ukDate(text: string): string | undefined {
  const s = text.trim();
  const m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(s);
  if (m) {
    const day = Number(m[1]);
    const month = Number(m[2]);
    const year = Number(m[3]);
    if (month === 0) return isoDate(year);
    return isoDate(year, month, day === 0 ? undefined : day);
  }
  const named = /^(\d{1,2})[-\s]([A-Za-z]{3,9})[-\s](\d{4})$/.exec(s);
  if (named) return parseDate(`${named[1]} ${named[2]} ${named[3]}`);
  return parseDate(s);
}

function countries(text: string | undefined): string[] {
  return numbered(text).flatMap((v) => {
    if (countryCode(v) || !v.includes(',')) return [countryValue(v)];
    return v.split(',').map((p) => countryValue(p)).filter((p) => p !== '');
  });
}

function joinParts(...parts: (string | undefined)[]): string {
  return parts.filter((p): p is string => p !== undefined && p.trim() !== '').join(', ');
}

const SCHEMA_BY_TYPE: Record<string, Schema> = {
  individual: 'Person',
  entity: 'Organization',
  ship: 'Vessel',
};

function partTypeFor(schema: Schema): NamePartType {
  if (schema === 'Person') return 'other';
  if (schema === 'Vessel') return 'vessel';
  return 'entity';
}

/** Primary name, primary name variation (a spelling of it) or alias (weak when FCDO says so). */
function nameKind(values: Values): EntityName['kind'] {
  const type = (values.nameType ?? '').toLowerCase();
  if (type === '' || (type.includes('primary') && !type.includes('variation'))) return 'name';
  if (/low|weak/i.test(values.aliasStrength ?? '')) return 'weakAlias';
  return 'alias';
}

/**
 * The name of one row: the single "Name" column, or Name 6 (family name, or the whole name of an
 * entity or ship) followed by Name 1..5 (given names), the order FCDO itself uses in "Name".
 */
function rowName(values: Values, schema: Schema): EntityName | undefined {
  const kind = nameKind(values);
  if (values.name) {
    return { full: values.name, kind, script: scriptOf(values.name), parts: [{ type: partTypeFor(schema), value: values.name }] };
  }
  const person = schema === 'Person';
  const parts: NamePart[] = [];
  if (values.name6) parts.push({ type: person ? 'last' : partTypeFor(schema), value: values.name6 });
  [values.name1, values.name2, values.name3, values.name4, values.name5].forEach((value, i) => {
    if (value) parts.push({ type: !person ? partTypeFor(schema) : i === 0 ? 'first' : 'middle', value });
  });
  if (parts.length === 0) return undefined;
  const full = parts.map((p) => p.value).join(' ');
  return { full, kind, script: scriptOf(full), parts };
}

// ---------------------------------------------------------------------------------------------
// One designation: its rows merged into one entity
// ---------------------------------------------------------------------------------------------

interface Designation {
  id: string;
  firstRow: number;
  rows: Values[];
}

function buildEntity(d: Designation, dataset: string, warnings: string[]): Entity {
  const typeText = d.rows.map((r) => r.type).find((t) => t !== undefined) ?? '';
  let schema = SCHEMA_BY_TYPE[typeText.toLowerCase()];
  if (!schema) {
    warnings.push(`${d.id} (row ${d.firstRow}): type "${typeText}" not understood, read as LegalEntity`);
    schema = 'LegalEntity';
  }
  const b = new EntityBuilder(dataset, d.id, schema);

  for (const r of d.rows) {
    const name = rowName(r, schema);
    if (name) b.addName(name);
    if (name?.kind === 'name' && schema === 'Person') {
      b.add('firstName', r.name1);
      b.add('middleName', r.name2, r.name3, r.name4, r.name5);
      b.add('lastName', r.name6);
    }
    if (r.nonLatinName) {
      const kind = name?.kind ?? 'name';
      b.addName({ full: r.nonLatinName, kind, script: scriptOf(r.nonLatinName), parts: [{ type: partTypeFor(schema), value: r.nonLatinName }] });
    }
    b.add('title', ...numbered(r.title));
  }
  if (!b.has('name') && !b.has('alias') && !b.has('weakAlias')) warnings.push(`${d.id} (row ${d.firstRow}): no name`);

  for (const r of d.rows) {
    b.add('program', r.regime);
    if (r.dateDesignated) {
      const date = ukDate(r.dateDesignated);
      if (date) b.add('listingDate', date);
      else warnings.push(`${d.id} (row ${d.firstRow}): Date Designated not understood: "${r.dateDesignated}"`);
    }
    for (const dob of numbered(r.dob)) {
      const date = ukDate(dob);
      if (date) b.add('birthDate', date);
      else warnings.push(`${d.id} (row ${d.firstRow}): D.O.B not understood: "${dob}"`);
    }
    b.add('birthPlace', joinParts(r.townOfBirth, r.countryOfBirth));
    b.add('nationality', ...countries(r.nationality));
    const street = joinParts(r.address1, r.address2, r.address3, r.address4, r.address5, r.address6, r.postalCode);
    if (street) b.add('address', joinParts(street, r.addressCountry));
    b.add('country', ...countries(r.addressCountry));
    b.add('phone', ...numbered(r.phone));
    b.add('email', ...numbered(r.email));
    b.add('website', ...numbered(r.website));
    b.add('passportNumber', ...numbered(r.passport));
    b.add('idNumber', ...numbered(r.nationalId));
    b.add('registrationNumber', ...numbered(r.registrationNumber));
    b.add('position', ...numbered(r.position));
    if (r.gender) b.add('gender', r.gender.toLowerCase());
    b.add('imoNumber', r.imo);
    b.add('flag', ...countries(r.flag));
    b.add('type', r.shipType);
    if (r.yearBuilt) b.add('buildDate', ukDate(r.yearBuilt));
    b.add('referents', r.groupId, r.unReference);
    const sanctions = r.sanctionsImposed?.replace(/^[-\s]+$/, '');
    if (sanctions) b.add('remarks', `Sanctions imposed: ${sanctions}`);
    b.add('remarks', r.otherInformation, r.statementOfReasons);
  }
  b.add('authority', AUTHORITY);
  b.add('sourceUrl', UK_SOURCE_URL);
  b.add('topics', 'sanction');
  return b.build();
}

// ---------------------------------------------------------------------------------------------
// Publication date
// ---------------------------------------------------------------------------------------------

/** dc:date (last saved), else meta:creation-date, from meta.xml. */
function metaDate(meta: string): string | undefined {
  const found: Record<string, string> = {};
  let current: string | undefined;
  const parser = new SaxesParser({ xmlns: true });
  parser.on('opentag', (tag) => {
    if ((tag.uri === NS.dc && tag.local === 'date') || (tag.uri === NS.meta && tag.local === 'creation-date')) {
      current = tag.local;
      found[current] = '';
    }
  });
  parser.on('text', (text) => {
    if (current) found[current] += text;
  });
  parser.on('closetag', () => {
    current = undefined;
  });
  try {
    parser.write(meta).close();
  } catch {
    return undefined; // meta.xml is optional; a damaged one only costs the date
  }
  return found['date']?.trim() || found['creation-date']?.trim() || undefined;
}

// ---------------------------------------------------------------------------------------------
// The adapter
// ---------------------------------------------------------------------------------------------

async function parseFile(file: string, ctx: ParseContext): Promise<ParsedList> {
  const bytes = await readListFile(file);
  ctx.onProgress?.(bytes.length, bytes.length);
  const { content, meta, contentWritten } = unpackOds(file, bytes);
  const warnings: string[] = [];

  let columns: ColumnMap | undefined;
  let headerSheet = '';
  let reportDate: string | undefined;
  let rowCount = 0;
  const designations = new Map<string, Designation>();

  readRows(file, content, (row) => {
    if (!columns) {
      columns = headerColumns(row.cells);
      if (columns) {
        headerSheet = row.sheet;
        return;
      }
      // Title rows above the header: "Report Date: 11-Aug-2025".
      for (const c of row.cells) {
        const m = c ? /report date\s*:?\s*(.+)$/i.exec(c) : null;
        if (m) reportDate = ukDate(m[1]!) ?? reportDate;
      }
      return;
    }
    if (row.sheet !== headerSheet) return; // other sheets (notes, guidance) are not designations
    const values = rowValues(columns, row.cells);
    if (Object.keys(values).length === 0) return;
    if (!values.uniqueId) {
      throw new ListFormatError(file, `row ${row.number} has no Unique ID`, `sheet "${row.sheet}", row ${row.number}`);
    }
    rowCount++;
    const id = values.uniqueId;
    const existing = designations.get(id);
    if (existing) existing.rows.push(values);
    else designations.set(id, { id, firstRow: row.number, rows: [values] });
  });

  if (!columns) {
    throw new ListFormatError(
      file,
      'no header row found: no row holds both a "Unique ID" and a "Name" column, so this is not the UK Sanctions List layout',
    );
  }
  if (designations.size === 0) throw new ListFormatError(file, 'the sheet has a header row but no designations');

  const stats: Record<string, number> = { rows: rowCount, designations: 0, individuals: 0, entities: 0, ships: 0 };
  const entities: Entity[] = [];
  for (const d of designations.values()) {
    const entity = buildEntity(d, ctx.dataset, warnings);
    entities.push(entity);
    stats.designations!++;
    if (entity.schema === 'Person') stats.individuals!++;
    else if (entity.schema === 'Organization') stats.entities!++;
    else if (entity.schema === 'Vessel') stats.ships!++;
    for (const program of entity.properties.program ?? []) {
      stats[`program:${program}`] = (stats[`program:${program}`] ?? 0) + 1;
    }
  }

  const published = publication(reportDate, meta, contentWritten, entities, warnings);
  return {
    dataset: ctx.dataset,
    format: 'uk-ods',
    publishedAt: published?.at,
    publishedFrom: published?.from,
    entities,
    stats,
    warnings,
  };
}

/** The newest designation date of the list ('' when none is dated). */
function newestDesignation(entities: Entity[]): string {
  let newest = '';
  for (const e of entities) for (const d of e.properties.listingDate ?? []) if (d > newest) newest = d;
  return newest;
}

/**
 * The publication date, from the spreadsheet itself: the "Report Date" title row FCDO writes above
 * the header; else meta.xml's date (unless stale, see checkedMetaDate); else the day content.xml
 * (the sheet) was written into the .ods archive, when that is not before the newest designation
 * nor in the future.
 */
function publication(
  reportDate: string | undefined,
  meta: string | undefined,
  contentWritten: string | undefined,
  entities: Entity[],
  warnings: string[],
): { at: string; from: string } | undefined {
  if (reportDate) return { at: reportDate, from: 'the Report Date row of the sheet' };
  const metaDate = checkedMetaDate(meta, entities, warnings);
  if (metaDate) return { at: metaDate, from: 'meta.xml (dc:date, else meta:creation-date)' };
  if (!contentWritten) return undefined;
  const newest = newestDesignation(entities);
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  if ((newest === '' || contentWritten >= newest) && contentWritten <= tomorrow) {
    return { at: contentWritten, from: 'the day content.xml was written into the .ods archive (zip entry time)' };
  }
  warnings.push(`content.xml was written into the archive on ${contentWritten}, which cannot be the publication date (newest designation ${newest || 'none'})`);
  return undefined;
}

/**
 * The meta.xml date, unless it is older than the newest designation in the file: spreadsheets
 * re-exported from a template keep the template's metadata, and such a date is not the
 * publication's.
 */
function checkedMetaDate(meta: string | undefined, entities: Entity[], warnings: string[]): string | undefined {
  const date = meta ? metaDate(meta) : undefined;
  if (!date) return undefined;
  const newest = newestDesignation(entities);
  if (newest !== '' && date.slice(0, 10) < newest) {
    warnings.push(
      `meta.xml dates the spreadsheet ${date}, before its newest designation (${newest}): the metadata is stale and is not taken as the publication date`,
    );
    return undefined;
  }
  return date;
}

export const ukOds: ListAdapter = {
  format: 'uk-ods',
  title: 'UK FCDO Sanctions List (.ods)',
  detect(head: string, fileName: string): boolean {
    if (!head.startsWith('PK')) return false;
    if (/\.ods$/i.test(fileName)) return true;
    return head.includes(ODS_MIMETYPE) || mimetypeInHead(head) === ODS_MIMETYPE;
  },
  async parse(files: string[], ctx: ParseContext): Promise<ParsedList> {
    if (files.length !== 1) {
      throw new Error(`the UK Sanctions List is one .ods file; got ${files.length} files`);
    }
    return parseFile(files[0]!, ctx);
  },
};
