/**
 * OFAC legacy CSV adapter: reads the set SDN.CSV + ADD.CSV + ALT.CSV + SDN_COMMENTS.CSV (or the
 * consolidated non-SDN CONS_PRIM/CONS_ADD/CONS_ALT/CONS_COMMENTS) and returns canonical entities.
 *
 * The files have no header; each file's role is told by its column count (12 primary, 6 address,
 * 5 alias, 2 comments), never by its position in the list. Rows are joined on ent_num, the same
 * number as the advanced XML FixedRef, so ids (`<dataset>-<ent_num>`) and wallet ids agree with the
 * advanced XML adapter.
 *
 * Format quirks handled: `-0- ` for an empty field, entity type written `-0- `, programs written
 * `DPRK3] [CYBER2`, CRLF, a trailing 0x1A (Ctrl-Z) byte, remarks cut at 1,000 characters and
 * continued mid-word in the comments file.
 *
 * Mapping decisions:
 * - Individuals are written "LAST, First Middle[, Suffix]". The name is kept as written
 *   ("SONG, Kum Hyok": parts in the source's order, the comma tells the surname apart); its parts
 *   are typed last/first(/other for a suffix) and firstName/lastName are set from the primary name.
 * - ALT rows: aka and nka give `alias`, fka gives `previousName`. OFAC's low-quality ("weak")
 *   AKAs are not in ALT.CSV: the legacy set writes them in the remarks as `a.k.a. 'NAME'` (single
 *   quotes; also `f.k.a. '...'`, `n.k.a. '...'`). Those become `weakAlias`.
 * - Comments are appended to the remarks only when the primary remarks field is a full 1,000
 *   characters (that is, was cut). A comment for a shorter remark cannot be its continuation: it
 *   comes from a different publication date, is not appended, and is reported in one warning.
 *   A cut remark that no comment continues ends mid-value (often mid-address): its last "; " part
 *   stays in `remarks` but is not parsed, so no truncated wallet address is ever produced.
 * - Structured parts of the remarks (DOB, POB, nationality, citizen, email, gender, passport and
 *   other identifiers, website, phone, vessel and aircraft facts, digital currency addresses)
 *   are mapped to properties; the full text stays in `remarks`. "Linked To", "Secondary sanctions
 *   risk" and other prose have no property and stay in `remarks` only.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Transform, pipeline, type TransformCallback } from 'node:stream';
import { parse as csvParse } from 'csv-parse';
import { parse as csvParseSync } from 'csv-parse/sync';
import { EntityBuilder } from '../model/builder.js';
import { countryValue } from '../model/countries.js';
import { parseDate, parseDates } from '../model/dates.js';
import type { Entity, NamePart, NamePartType, PropertyName, Schema } from '../model/entity.js';
import { walletEntity, walletsInText } from '../model/wallet.js';
import { ListFormatError, csvReadError } from './errors.js';
import { OFAC_AUTHORITY, OFAC_EXPORTS } from './ofac-advanced.js';
import { openListFile, peekText } from './source-file.js';
import type { ListAdapter, ParseContext, ParsedList } from './types.js';


/** The official download addresses of the two legacy CSV sets, primary file first. */
export const OFAC_CSV_URLS: { sdn: string[]; cons: string[] } = {
  sdn: ['SDN.CSV', 'ADD.CSV', 'ALT.CSV', 'SDN_COMMENTS.CSV'].map((f) => `${OFAC_EXPORTS}/${f}`),
  cons: ['CONS_PRIM.CSV', 'CONS_ADD.CSV', 'CONS_ALT.CSV', 'CONS_COMMENTS.CSV'].map((f) => `${OFAC_EXPORTS}/${f}`),
};

type Role = 'primary' | 'address' | 'alias' | 'comments';
type SetKind = 'sdn' | 'cons';

const ROLES: readonly Role[] = ['primary', 'address', 'alias', 'comments'];
const COLUMNS: Record<Role, number> = { primary: 12, address: 6, alias: 5, comments: 2 };
const LAYOUT: Record<SetKind, Record<Role, string>> = {
  sdn: { primary: 'SDN.CSV', address: 'ADD.CSV', alias: 'ALT.CSV', comments: 'SDN_COMMENTS.CSV' },
  cons: { primary: 'CONS_PRIM.CSV', address: 'CONS_ADD.CSV', alias: 'CONS_ALT.CSV', comments: 'CONS_COMMENTS.CSV' },
};
/** OFAC cuts the remarks column at this many characters and continues it in the comments file. */
const REMARKS_LIMIT = 1000;
const AUTHORITY = OFAC_AUTHORITY;

function roleOfColumns(count: number): Role | undefined {
  return ROLES.find((r) => COLUMNS[r] === count);
}

/** What the official file name says about a file: its set and role. */
function nameHint(file: string): { kind: SetKind; role: Role } | undefined {
  const name = basename(file).toLowerCase().replace(/\.gz$/, '');
  for (const kind of ['sdn', 'cons'] as const) {
    for (const role of ROLES) {
      if (name === LAYOUT[kind][role].toLowerCase()) return { kind, role };
    }
  }
  return undefined;
}

/** `-0- ` (OFAC's empty) and blanks become undefined; other values are trimmed. */
function field(value: string | undefined): string | undefined {
  const v = (value ?? '').trim();
  return v === '' || v === '-0-' ? undefined : v;
}

/** Drops the 0x1A (Ctrl-Z) byte DOS-era tools put at the end of the file. */
function dropCtrlZ(): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      done(null, chunk.includes(0x1a) ? Buffer.from(chunk.filter((b) => b !== 0x1a)) : chunk);
    },
  });
}

interface Row {
  line: number;
  fields: string[];
}

interface ReadFile {
  file: string;
  role: Role;
  rows: Row[];
}

/** Stream one file through csv-parse; the first row decides the role, later rows must agree. */
async function readFile(
  file: string,
  provisionalKind: SetKind,
  onProgress: ((done: number) => void) | undefined,
): Promise<ReadFile> {
  await sniff(file);
  let input;
  try {
    input = await openListFile(file, onProgress ? (done) => onProgress(done) : undefined);
  } catch (err) {
    if (err instanceof ListFormatError) throw err;
    throw new ListFormatError(file, `cannot read the file: ${(err as Error).message}`);
  }
  const parser = csvParse({ relax_column_count: true, skip_empty_lines: true, info: true });
  const csv = pipeline(input, dropCtrlZ(), parser, () => {
    // errors surface through the async iteration below
  });
  const rows: Row[] = [];
  let role: Role | undefined;
  try {
    for await (const item of csv as AsyncIterable<{ info: { lines: number }; record: string[] }>) {
      const { record: fields } = item;
      const line = item.info.lines;
      if (role === undefined) {
        role = firstRowRole(file, fields, line);
      } else if (fields.length !== COLUMNS[role]) {
        throw new ListFormatError(
          file,
          `expected ${COLUMNS[role]} columns (${LAYOUT[provisionalKind][role]} layout), found ${fields.length}`,
          `line ${line}`,
        );
      }
      if (!/^\d+$/.test((fields[0] ?? '').trim())) {
        throw new ListFormatError(
          file,
          `ent_num must be a number, found ${JSON.stringify(shorten(fields[0] ?? ''))}`,
          `line ${line}`,
        );
      }
      rows.push({ line, fields });
    }
  } catch (err) {
    input.destroy();
    throw csvReadError(file, err);
  }
  if (role === undefined) throw new ListFormatError(file, 'the file holds no rows');
  return { file, role, rows };
}

/**
 * Before parsing, a look at the first line: an OFAC row starts with a numeric ent_num and a comma.
 * This turns "an XML/JSON/zip file was given" into a plain message instead of a CSV syntax error.
 */
async function sniff(file: string): Promise<void> {
  let head: string;
  try {
    head = await peekText(file, 512);
  } catch (err) {
    if (err instanceof ListFormatError) throw err;
    throw new ListFormatError(file, `cannot read the file: ${(err as Error).message}`);
  }
  const lines = head.replaceAll('\u001a', '').split('\n');
  const index = lines.findIndex((l) => l.trim() !== '');
  if (index < 0) return; // empty or blank: reported by the parse
  const line = lines[index]!;
  if (!/^\d+,/.test(line)) {
    throw new ListFormatError(
      file,
      `not an OFAC legacy CSV file: a row starts with a numeric ent_num and a comma, this line starts ${JSON.stringify(shorten(line.trim(), 30))}`,
      `line ${index + 1}`,
    );
  }
}

function firstRowRole(file: string, fields: string[], line: number): Role {
  const first = fields[0] ?? '';
  if (!/^\d+$/.test(first.trim())) {
    throw new ListFormatError(
      file,
      `not an OFAC legacy CSV file: a row must start with a numeric ent_num, found ${JSON.stringify(shorten(fields.join(',')))}`,
      `line ${line}`,
    );
  }
  const role = roleOfColumns(fields.length);
  if (!role) {
    throw new ListFormatError(
      file,
      `${fields.length} columns match no OFAC legacy CSV layout (12 SDN.CSV/CONS_PRIM.CSV, 6 ADD.CSV, 5 ALT.CSV, 2 SDN_COMMENTS.CSV)`,
      `line ${line}`,
    );
  }
  return role;
}

function shorten(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}

/**
 * The ADD/ALT/comments files beside a primary file (add.csv, alt.csv, sdn_comments.csv, or the
 * cons_* names for a cons_prim.csv), names compared case-insensitively, optionally gzipped.
 */
async function siblingsOf(primary: string): Promise<string[]> {
  const kind: SetKind = /cons_prim/i.test(basename(primary)) ? 'cons' : 'sdn';
  const dir = dirname(primary);
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const role of ['address', 'alias', 'comments'] as const) {
    const wanted = LAYOUT[kind][role].toLowerCase();
    const hit =
      entries.find((e) => e.toLowerCase() === wanted) ?? entries.find((e) => e.toLowerCase() === `${wanted}.gz`);
    if (hit && hit !== basename(primary)) found.push(join(dir, hit));
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Names

const SCHEMA_OF_TYPE: Record<string, Schema> = {
  individual: 'Person',
  vessel: 'Vessel',
  aircraft: 'Aircraft',
};
const PART_OF_SCHEMA: Partial<Record<Schema, NamePartType>> = { Vessel: 'vessel', Aircraft: 'aircraft' };

/** Parts of a name as OFAC writes it: persons "LAST, First Middle[, Suffix]", others whole. */
function nameParts(schema: Schema, full: string): NamePart[] {
  if (schema !== 'Person') return [{ type: PART_OF_SCHEMA[schema] ?? 'entity', value: full }];
  const comma = full.indexOf(',');
  if (comma < 0) return [{ type: 'other', value: full }];
  const last = full.slice(0, comma).trim();
  let given = full.slice(comma + 1).trim();
  let suffix: string | undefined;
  const second = given.indexOf(',');
  if (second >= 0) {
    suffix = given.slice(second + 1).trim();
    given = given.slice(0, second).trim();
  }
  const parts: NamePart[] = [{ type: 'last', value: last }, { type: 'first', value: given }];
  if (suffix) parts.push({ type: 'other', value: suffix });
  return parts;
}

function addName(
  b: EntityBuilder,
  kind: 'name' | 'alias' | 'weakAlias' | 'previousName',
  full: string,
): NamePart[] {
  const parts = nameParts(b.schema, full);
  b.addName({ kind, script: 'Latn', full, parts });
  return parts;
}

// ---------------------------------------------------------------------------------------------
// Remarks

/** Identifier labels as OFAC writes them, and the property each one feeds. Longest first. */
const IDENTIFIERS: [string, PropertyName][] = (
  [
    ['Diplomatic Passport', 'passportNumber'],
    ['Passport No.', 'passportNumber'],
    ['Passport', 'passportNumber'],
    ['National ID No.', 'idNumber'],
    ['Cedula No.', 'idNumber'],
    ['Identification Number', 'idNumber'],
    ['D.N.I.', 'idNumber'],
    ['C.U.R.P.', 'idNumber'],
    ['Birth Certificate Number', 'idNumber'],
    ["Driver's License No.", 'idNumber'],
    ['Residency Number', 'idNumber'],
    ['Electoral Registry No.', 'idNumber'],
    ['Credencial electoral', 'idNumber'],
    ['Personal ID Card', 'idNumber'],
    ['Kenyan ID No.', 'idNumber'],
    ['Refugee ID Card', 'idNumber'],
    ['Travel Document Number', 'idNumber'],
    ['SSN', 'idNumber'],
    ['Tax ID No.', 'taxNumber'],
    ['R.F.C.', 'taxNumber'],
    ['RFC', 'taxNumber'],
    ['V.A.T. Number', 'taxNumber'],
    ['NIT #', 'taxNumber'],
    ['Italian Fiscal Code', 'taxNumber'],
    ['Registration Number', 'registrationNumber'],
    ['Registration ID', 'registrationNumber'],
    ['Business Registration Number', 'registrationNumber'],
    ['Business Registration Document #', 'registrationNumber'],
    ['Business Number', 'registrationNumber'],
    ['Company Number', 'registrationNumber'],
    ['Commercial Registry Number', 'registrationNumber'],
    ['Unified Social Credit Code (USCC)', 'registrationNumber'],
    ['Legal Entity Number', 'registrationNumber'],
    ['C.R. No.', 'registrationNumber'],
    ['Chamber of Commerce Number', 'registrationNumber'],
    ['Istanbul Chamber of Comm. No.', 'registrationNumber'],
    ['Trade License No.', 'registrationNumber'],
    ['Public Registration Number', 'registrationNumber'],
    ['Central Registration System Number', 'registrationNumber'],
    ['Folio Mercantil No.', 'registrationNumber'],
    ['Matricula Mercantil No', 'registrationNumber'],
    ['Economic Register Number (CBLS)', 'registrationNumber'],
    ['Government Gazette Number', 'registrationNumber'],
    ['D-U-N-S Number', 'registrationNumber'],
    ['Certificate of Incorporation Number', 'registrationNumber'],
    ['SWIFT/BIC', 'swiftBic'],
    ['Aircraft Tail Number', 'registrationNumber'],
  ] as [string, PropertyName][]
).sort((a, b) => b[0].length - a[0].length);

/** "X123 (Korea, North) issued 16 Oct 2019 expires 16 Oct 2024" -> number and country. */
function identifierValue(text: string): { number: string; country?: string } {
  let rest = text.replace(/\s+(?:issued|expires)\b.*$/i, '').trim();
  let country: string | undefined;
  const m = /^(.*?)\s*\(([^()]+)\)$/.exec(rest);
  if (m && m[1]) {
    rest = m[1].trim();
    country = m[2]!.trim();
  }
  return { number: rest, country };
}

/** A date field that may be a day range ("01 Jan 1977 to 31 Dec 1985") or a circa/year range. */
function remarkDates(text: string): string[] {
  const direct = parseDates(text);
  if (direct.length > 0) return direct;
  const range = /^(.+?)\s+to\s+(.+)$/.exec(text.replace(/\b(circa|approximately)\s*/gi, '').trim());
  if (!range) return [];
  const from = parseDate(range[1]!);
  const to = parseDate(range[2]!);
  if (!from || !to) return [];
  if (from === to) return [from];
  const fy = from.slice(0, 4);
  const ty = to.slice(0, 4);
  if (fy === ty) {
    // Same year: keep the common prefix (month when it agrees), else the year.
    return [from.slice(0, 7) === to.slice(0, 7) ? from.slice(0, 7) : fy];
  }
  return parseDates(`${fy} to ${ty}`);
}

interface RemarkCounters {
  weakAliases: number;
  unparsedDates: string[];
}

function stripDot(text: string): string {
  return text.replace(/\.$/, '').trim();
}

/** Map the structured parts of an OFAC remarks text onto the entity. */
function applyRemarks(b: EntityBuilder, remarks: string, counters: RemarkCounters): void {
  for (const raw of remarks.split(/;\s+/)) {
    const segment = raw.trim().replace(/^alt\.\s+/, '');
    if (segment === '') continue;

    const weak = /^([afn])\.k\.a\.\s+'(.+)'\.?$/.exec(segment);
    if (weak) {
      addName(b, 'weakAlias', weak[2]!.trim());
      counters.weakAliases++;
      continue;
    }
    const s = stripDot(segment);
    let m: RegExpExecArray | null;
    if ((m = /^DOB\s+(.+)$/.exec(s))) {
      const dates = remarkDates(m[1]!);
      if (dates.length === 0) counters.unparsedDates.push(s);
      b.add('birthDate', ...dates);
    } else if ((m = /^POB\s+(.+)$/.exec(s))) {
      b.add('birthPlace', m[1]);
    } else if ((m = /^nationality\s+(.+)$/.exec(s))) {
      b.add('nationality', countryValue(m[1]!));
    } else if ((m = /^citizen\s+(.+)$/.exec(s))) {
      b.add('citizenship', countryValue(m[1]!));
    } else if ((m = /^Email Address\s+(.+)$/.exec(s))) {
      b.add('email', m[1]);
    } else if ((m = /^Gender\s+(Male|Female)$/i.exec(s))) {
      b.add('gender', m[1]!.toLowerCase());
    } else if ((m = /^Website\s+(.+)$/.exec(s))) {
      b.add('website', m[1]);
    } else if ((m = /^(?:Phone Number|Telephone(?: No\.)?)\s*:?\s*(.+)$/.exec(s))) {
      b.add('phone', m[1]);
    } else if ((m = /^(?:Vessel Registration Identification\s+)?IMO\s*(\d{7})$/.exec(s))) {
      b.add('imoNumber', `IMO${m[1]}`);
    } else if ((m = /^MMSI\s+(\d+)$/.exec(s))) {
      b.add('mmsi', m[1]);
    } else if ((m = /^Vessel Year of Build\s+(.+)$/.exec(s))) {
      b.add('buildDate', ...parseDates(m[1]!));
    } else if ((m = /^Other Vessel Call Sign\s+(.+)$/.exec(s))) {
      b.add('callSign', m[1]);
    } else if ((m = /^Other Vessel Flag\s+(.+)$/.exec(s))) {
      b.add('flag', countryValue(m[1]!));
    } else if ((m = /^Other Vessel Type\s+(.+)$/.exec(s))) {
      b.add('type', m[1]);
    } else if ((m = /^Aircraft Model\s+(.+)$/.exec(s))) {
      b.add('model', m[1]);
    } else if ((m = /^Aircraft Operator\s+(.+)$/.exec(s))) {
      b.add('operator', m[1]);
    } else if ((m = /^Aircraft Manufacture Date\s+(.+)$/.exec(s))) {
      b.add('buildDate', ...remarkDates(m[1]!));
    } else {
      applyIdentifier(b, s);
    }
  }
}

function applyIdentifier(b: EntityBuilder, s: string): void {
  for (const [label, property] of IDENTIFIERS) {
    if (!s.startsWith(label)) continue;
    const rest = s.slice(label.length);
    if (!/^\s*:?\s+\S/.test(rest)) continue;
    const { number } = identifierValue(rest.replace(/^\s*:?\s+/, ''));
    if (number === '') return;
    const imo = /^IMO\s*(\d{7})$/.exec(number);
    if (imo) b.add('imoNumber', `IMO${imo[1]}`);
    else b.add(property, number);
    return;
  }
}

// ---------------------------------------------------------------------------------------------
// The adapter

function countInto(stats: Record<string, number>, key: string, by = 1): void {
  stats[key] = (stats[key] ?? 0) + by;
}

async function parseSet(files: string[], ctx: ParseContext): Promise<ParsedList> {
  if (files.length === 0) {
    throw new ListFormatError('(no files)', 'no files given: the OFAC CSV set needs its SDN.CSV or CONS_PRIM.CSV');
  }
  const warnings: string[] = [];
  const stats: Record<string, number> = {};
  const provisionalKind: SetKind = files.some((f) => nameHint(f)?.kind === 'cons') ? 'cons' : 'sdn';

  // Sizes first, so that progress runs over all files of the set.
  const sizes = new Map<string, number>();
  const sizeOf = async (file: string): Promise<number> => {
    try {
      return (await stat(file)).size;
    } catch (err) {
      throw new ListFormatError(file, `cannot read the file: ${(err as Error).message}`);
    }
  };
  for (const f of files) sizes.set(f, await sizeOf(f));
  // A lone file may be a primary with its ADD/ALT/comments beside it: count them in up front.
  const siblings = files.length === 1 ? await siblingsOf(files[0]!) : [];
  for (const f of siblings) sizes.set(f, await sizeOf(f));
  const total = [...sizes.values()].reduce((a, b) => a + b, 0);
  let doneBefore = 0;

  const read: ReadFile[] = [];
  const readOne = async (file: string): Promise<ReadFile> => {
    const offset = doneBefore;
    const result = await readFile(
      file,
      provisionalKind,
      ctx.onProgress ? (done) => ctx.onProgress?.(offset + done, total) : undefined,
    );
    doneBefore += sizes.get(file) ?? 0;
    return result;
  };
  for (const f of files) read.push(await readOne(f));

  // A lone primary file: use the ADD/ALT/comments files lying beside it.
  if (read.length === 1 && read[0]!.role === 'primary') {
    for (const sibling of siblings) read.push(await readOne(sibling));
  }

  const byRole = new Map<Role, ReadFile>();
  for (const r of read) {
    const hint = nameHint(r.file);
    if (hint && hint.role !== r.role) {
      warnings.push(
        `${basename(r.file)}: the name says ${LAYOUT[hint.kind][hint.role]} but its rows have ${COLUMNS[r.role]} columns (${LAYOUT[hint.kind][r.role]} layout); read as the latter`,
      );
    }
    const already = byRole.get(r.role);
    if (already) {
      throw new ListFormatError(
        files.map((f) => basename(f)).join(', '),
        `two files have the ${LAYOUT[provisionalKind][r.role]} layout (${COLUMNS[r.role]} columns): ${basename(already.file)} and ${basename(r.file)}; give one file per role`,
      );
    }
    byRole.set(r.role, r);
  }
  const primary = byRole.get('primary');
  if (!primary) {
    const given = read.map((r) => `${basename(r.file)} (${LAYOUT[provisionalKind][r.role]} layout)`).join(', ');
    throw new ListFormatError(
      files.map((f) => basename(f)).join(', '),
      `no primary file: the set needs one SDN.CSV or CONS_PRIM.CSV (12 columns), but the files given are ${given}`,
    );
  }

  const kind: SetKind = /cons_prim/i.test(basename(primary.file)) ? 'cons' : 'sdn';
  const sanctionsList = kind === 'cons' ? 'Consolidated List' : 'SDN List';
  const sourceUrl = OFAC_CSV_URLS[kind][0]!;
  for (const role of ROLES) countInto(stats, `rows:${role}`, byRole.get(role)?.rows.length ?? 0);

  // Index the primary rows; a repeated ent_num is a broken file.
  const primaryLine = new Map<string, number>();
  for (const row of primary.rows) {
    const ent = row.fields[0]!.trim();
    const seen = primaryLine.get(ent);
    if (seen !== undefined) {
      throw new ListFormatError(primary.file, `ent_num ${ent} is repeated (first on line ${seen})`, `line ${row.line}`);
    }
    primaryLine.set(ent, row.line);
  }

  // Group the joined rows by ent_num; rows naming no primary row are counted and skipped.
  const orphans: Record<Exclude<Role, 'primary'>, number> = { address: 0, alias: 0, comments: 0 };
  const grouped = (role: Exclude<Role, 'primary'>): Map<string, string[][]> => {
    const out = new Map<string, string[][]>();
    for (const row of byRole.get(role)?.rows ?? []) {
      const ent = row.fields[0]!.trim();
      if (!primaryLine.has(ent)) {
        orphans[role]++;
        continue;
      }
      let list = out.get(ent);
      if (!list) out.set(ent, (list = []));
      list.push(row.fields);
    }
    return out;
  };
  const addresses = grouped('address');
  const aliases = grouped('alias');
  const comments = grouped('comments');
  const orphanTotal = orphans.address + orphans.alias + orphans.comments;
  if (orphanTotal > 0) {
    warnings.push(
      `${orphanTotal} rows name an ent_num that is not in ${basename(primary.file)} and were skipped ` +
        `(address ${orphans.address}, alias ${orphans.alias}, comments ${orphans.comments}); ` +
        'the files of the set probably come from different publication dates',
    );
  }
  countInto(stats, 'orphans', orphanTotal);
  for (const [role, n] of Object.entries(orphans)) countInto(stats, `orphans:${role}`, n);

  const entities: Entity[] = [];
  const counters: RemarkCounters = { weakAliases: 0, unparsedDates: [] };
  const unknownTypes = new Map<string, number>();
  const unknownAltTypes = new Map<string, number>();
  const commentsNotCut: string[] = [];
  const remarksCut: string[] = [];
  let commentsAppended = 0;

  for (const row of primary.rows) {
    const f = row.fields;
    const ent = f[0]!.trim();
    const type = field(f[2])?.toLowerCase();
    let schema: Schema = 'Organization';
    if (type !== undefined) {
      const known = SCHEMA_OF_TYPE[type];
      if (known) schema = known;
      else {
        schema = 'LegalEntity';
        unknownTypes.set(type, (unknownTypes.get(type) ?? 0) + 1);
      }
    }
    const b = new EntityBuilder(ctx.dataset, ent, schema);

    const name = field(f[1]);
    if (name) {
      const parts = addName(b, 'name', name);
      if (schema === 'Person') {
        b.add('lastName', parts.find((p) => p.type === 'last')?.value);
        b.add('firstName', parts.find((p) => p.type === 'first')?.value);
      }
    }
    const programs = (field(f[3]) ?? '')
      .split(/\]\s*\[/)
      .map((p) => p.replace(/[[\]]/g, '').trim())
      .filter((p) => p !== '' && p !== '-0-');
    b.add('program', ...programs);
    if (schema === 'Person') b.add('title', field(f[4]));
    b.add('callSign', field(f[5]));
    b.add('type', field(f[6]));
    const flag = field(f[9]);
    if (flag) b.add('flag', countryValue(flag));
    b.add('owner', field(f[10]));

    for (const alt of aliases.get(ent) ?? []) {
      const altName = field(alt[3]);
      if (!altName) continue;
      const altType = (field(alt[2]) ?? '').toLowerCase();
      if (altType === 'fka') addName(b, 'previousName', altName);
      else {
        if (altType !== 'aka' && altType !== 'nka') {
          unknownAltTypes.set(altType, (unknownAltTypes.get(altType) ?? 0) + 1);
        }
        addName(b, 'alias', altName);
      }
    }

    for (const add of addresses.get(ent) ?? []) {
      const country = field(add[4]);
      b.add('address', [field(add[2]), field(add[3]), country].filter((x) => x !== undefined).join(', '));
      if (country) b.add('country', countryValue(country));
    }

    // Remarks: keep the raw field (a cut can fall after a space) until the comments are joined.
    let remarks = field(f[11]) === undefined ? '' : (f[11] ?? '');
    let cut = remarks.length >= REMARKS_LIMIT;
    const continuation = comments.get(ent);
    if (continuation) {
      if (cut) {
        remarks += continuation.map((c) => c[1] ?? '').join('');
        commentsAppended += continuation.length;
        cut = false;
      } else {
        commentsNotCut.push(ent);
      }
    }
    remarks = remarks.trim();
    // A cut remark with no continuation ends mid-value ("Digital Currency Address - XBT 1Gq"):
    // its last part is kept in `remarks` but not parsed, lest a truncated address become a wallet.
    let parsed = remarks;
    if (cut && !remarks.endsWith(';')) {
      remarksCut.push(ent);
      const lastBreak = remarks.lastIndexOf('; ');
      parsed = lastBreak >= 0 ? remarks.slice(0, lastBreak) : '';
    }
    if (remarks !== '') {
      b.add('remarks', remarks);
      applyRemarks(b, parsed, counters);
    }

    b.add('authority', AUTHORITY);
    b.add('sanctionsList', sanctionsList);
    b.add('sourceUrl', sourceUrl);
    b.add('topics', 'sanction');
    entities.push(b.build());
    countInto(stats, `schema:${schema}`);

    const seen = new Set<string>();
    for (const w of walletsInText(parsed)) {
      const key = `${w.currency.toUpperCase()}|${w.address}`;
      if (seen.has(key)) continue;
      seen.add(key);
      entities.push(
        walletEntity({
          dataset: ctx.dataset,
          holderSourceId: ent,
          currency: w.currency,
          address: w.address,
          program: programs,
          authority: [AUTHORITY],
          sourceUrl: [sourceUrl],
        }),
      );
      countInto(stats, 'wallets');
      countInto(stats, `wallet:${w.currency.toUpperCase()}`);
    }
  }
  countInto(stats, 'entities', primary.rows.length);
  countInto(stats, 'weakAliases', counters.weakAliases);
  countInto(stats, 'comments:appended', commentsAppended);
  countInto(stats, 'comments:notAppended', commentsNotCut.length);

  countInto(stats, 'remarks:cutTailSkipped', remarksCut.length);
  if (remarksCut.length > 0) {
    warnings.push(
      `${remarksCut.length} remarks are cut at ${REMARKS_LIMIT} characters and no comments row continues them; ` +
        'their last, possibly incomplete, part is kept in remarks but not parsed (give the matching ' +
        `${LAYOUT[kind].comments} to read it); ent_num ${remarksCut.slice(0, 5).join(', ')}${remarksCut.length > 5 ? ', ...' : ''}`,
    );
  }
  if (commentsNotCut.length > 0) {
    warnings.push(
      `${commentsNotCut.length} comment rows were not appended: their primary remarks are shorter than ` +
        `${REMARKS_LIMIT} characters, so they cannot be its continuation (files of different dates?); ` +
        `ent_num ${commentsNotCut.slice(0, 5).join(', ')}${commentsNotCut.length > 5 ? ', ...' : ''}`,
    );
  }
  for (const [type, n] of unknownTypes) {
    warnings.push(`${n} primary rows have the unknown SDN_Type ${JSON.stringify(type)}; read as LegalEntity`);
  }
  for (const [type, n] of unknownAltTypes) {
    warnings.push(`${n} alias rows have the unknown alt_type ${JSON.stringify(type)}; read as alias`);
  }
  if (counters.unparsedDates.length > 0) {
    warnings.push(
      `${counters.unparsedDates.length} DOB values were not understood and are kept in remarks only, ` +
        `such as ${JSON.stringify(counters.unparsedDates[0])}`,
    );
  }

  return { dataset: ctx.dataset, format: 'ofac-csv', publishedAt: undefined, entities, stats, warnings };
}

/** Is `head` the start of an OFAC legacy CSV file (any of the four roles)? */
function detect(head: string, fileName: string): boolean {
  const lines = head.replaceAll('\u001a', '').split('\n');
  const index = lines.findIndex((l) => l.trim() !== '');
  if (index < 0) return false;
  const line = lines[index]!.replace(/\r$/, '');
  if (!/^\d+,(?:"|-0- ?,|\d+,)/.test(line)) return false;
  let fields: string[];
  try {
    const records = csvParseSync(line, { relax_column_count: true }) as string[][];
    if (records.length !== 1) return false;
    fields = records[0]!;
  } catch {
    return false;
  }
  const role = roleOfColumns(fields.length);
  if (!role) return false;
  const [, second = '', third = ''] = fields;
  switch (role) {
    case 'primary': {
      const type = third.trim().toLowerCase();
      return field(second) !== undefined && (type === '-0-' || Object.hasOwn(SCHEMA_OF_TYPE, type));
    }
    case 'address':
      return /^\d+$/.test(second.trim());
    case 'alias':
      return /^\d+$/.test(second.trim()) && /^(aka|fka|nka)$/i.test(third.trim());
    case 'comments':
      // A two-column "number,text" file is common; ask for the OFAC CRLF or the official name.
      return /^\d+,"/.test(line) && (/\r\n/.test(head) || nameHint(fileName)?.role === 'comments');
  }
}

export const ofacCsv: ListAdapter = {
  format: 'ofac-csv',
  title: 'OFAC legacy CSV set (SDN.CSV/ADD/ALT/SDN_COMMENTS or CONS_*)',
  detect,
  parse: parseSet,
};
