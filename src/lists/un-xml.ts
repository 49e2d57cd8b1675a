/**
 * UN Security Council consolidated list, XML edition
 * (https://scsanctions.un.org/resources/xml/en/consolidated.xml).
 *
 * The file is read as a stream with saxes: each INDIVIDUAL or ENTITY record is collected as a
 * small element tree and mapped to one canonical entity (Person or Organization) as soon as it
 * closes. Anything that is not a complete CONSOLIDATED_LIST document (another XML, a zip, a file
 * cut short) is rejected with a ListFormatError that names the line and column.
 */
import { SaxesParser } from 'saxes';
import {
  EntityBuilder,
  countryValue,
  parseDate,
  parseDates,
  scriptOf,
  type Entity,
  type EntityName,
  type NamePartType,
} from '../model/index.js';
import { ListFormatError } from './errors.js';
import { openListFile } from './source-file.js';
import type { ListAdapter, ParseContext, ParsedList } from './types.js';

export const UN_SOURCE_URL = 'https://scsanctions.un.org/resources/xml/en/consolidated.xml';
const AUTHORITY = 'United Nations Security Council';
const ROOT = 'CONSOLIDATED_LIST';

// ---------------------------------------------------------------------------------------------
// Record trees: the few hundred elements of one record, kept until the record closes.
// ---------------------------------------------------------------------------------------------

interface XmlNode {
  name: string;
  text: string;
  children: XmlNode[];
}

function kids(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((c) => c.name === name);
}

/** Trimmed, whitespace-collapsed text of the first child called `name` ('' when absent). */
function textOf(node: XmlNode, name: string): string {
  const child = node.children.find((c) => c.name === name);
  return child ? clean(child.text) : '';
}

/** Texts of the VALUE children of each `name` child (NATIONALITY, TITLE, DESIGNATION...). */
function valuesOf(node: XmlNode, name: string): string[] {
  return kids(node, name)
    .flatMap((c) => kids(c, 'VALUE'))
    .map((v) => clean(v.text))
    .filter((v) => v !== '');
}

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------------
// Mapping one record
// ---------------------------------------------------------------------------------------------

type RecordKind = 'INDIVIDUAL' | 'ENTITY';

interface Mapped {
  entity: Entity;
  program: string;
}

const NAME_FIELDS = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME'] as const;

function makeName(full: string, kind: EntityName['kind'], partType: NamePartType, parts?: string[]): EntityName {
  return {
    full,
    kind,
    script: scriptOf(full),
    parts: (parts ?? [full]).map((value) => ({ type: partType, value })),
  };
}

/** QUALITY of an alias: 'Good' and 'a.k.a.' are aliases, 'Low' weak ones, 'f.k.a.' former names. */
function aliasKind(quality: string): EntityName['kind'] {
  const q = quality.toLowerCase();
  if (q === 'low') return 'weakAlias';
  if (q === 'f.k.a.' || q === 'fka') return 'previousName';
  return 'alias';
}

/** A date as XML Schema writes it; the UN sometimes adds a zone offset: "2015-07-01-04:00". */
function xsdDate(text: string): string | undefined {
  return parseDate(text.replace(/^(\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})$/, '$1'));
}

/** Split `text` on `separator` where it is not inside parentheses. */
function splitTopLevel(text: string, separator: string): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === separator && depth === 0) {
      pieces.push(text.slice(start, i));
      start = i + 1;
    }
  }
  pieces.push(text.slice(start));
  return pieces.map((p) => p.trim()).filter((p) => p !== '');
}

function unquote(text: string): string {
  const m = /^["“”](.+)["“”]$/.exec(text);
  return m ? m[1]!.trim() : text;
}

/**
 * The names in one ALIAS_NAME. Mostly one, but the UN also writes a name followed by its other
 * spellings in parentheses: "Jin Tiesan (金铁三)", "Amir Khazmat (original script: Амир Хазмат)",
 * "حسن غول (Hassan Ghul; Hassan Gul; Hasan Gul)". A final parenthesis is split off when it is in
 * another script, is labelled "original script" or lists several names; "Haqqani Network (HQN)"
 * stays whole.
 */
export function aliasNames(raw: string): string[] {
  const text = raw.replace(/[\s,;]+$/, '');
  if (!text.endsWith(')')) return [unquote(text)];
  let depth = 0;
  let open = -1;
  for (let i = text.length - 1; i >= 0; i--) {
    if (text[i] === ')') depth++;
    else if (text[i] === '(' && --depth === 0) {
      open = i;
      break;
    }
  }
  const outer = open > 0 ? text.slice(0, open).trim() : '';
  if (outer === '') return [unquote(text)];
  const inner = text.slice(open + 1, -1).trim();
  const labelled = /^original script\s*:/i.test(inner);
  const pieces = splitTopLevel(inner, ';')
    .map((p) => p.replace(/^original script\s*:\s*/i, '').replace(/\s*\(original script\)$/i, '').trim())
    .filter((p) => p !== '');
  if (!labelled && pieces.length < 2 && scriptOf(inner) === scriptOf(outer)) return [unquote(text)];
  return [outer, ...pieces].map(unquote);
}

function joinParts(...parts: string[]): string {
  return parts.filter((p) => p !== '').join(', ');
}

/**
 * Dates of one INDIVIDUAL_DATE_OF_BIRTH: an exact DATE, a YEAR (with a month sometimes put in the
 * NOTE: "Sep."), a FROM_YEAR..TO_YEAR range (each year), or a date written only in the NOTE.
 */
function birthDates(node: XmlNode): { dates: string[]; unread?: string } {
  const date = textOf(node, 'DATE');
  const year = textOf(node, 'YEAR');
  const from = textOf(node, 'FROM_YEAR');
  const to = textOf(node, 'TO_YEAR');
  const note = textOf(node, 'NOTE');
  if (date) {
    const d = xsdDate(date);
    return d ? { dates: [d] } : { dates: [], unread: date };
  }
  if (year) {
    const withMonth = note ? parseDate(`${note} ${year}`) : undefined;
    const d = withMonth ?? parseDate(year);
    return d ? { dates: [d] } : { dates: [], unread: year };
  }
  if (from || to) {
    const range = from && to ? parseDates(`${from} to ${to}`) : [];
    const dates = range.length > 0 ? range : [from, to].map((y) => parseDate(y)).filter((d) => d !== undefined);
    return dates.length > 0 ? { dates } : { dates: [], unread: `${from}-${to}` };
  }
  if (note) {
    const dates = parseDates(note);
    return dates.length > 0 ? { dates } : { dates: [], unread: note };
  }
  return { dates: [] };
}

const PASSPORT = /pass(?:port|eport)|pasaporte/i;
/** Placeholders the UN writes where a country is unknown. */
const NO_COUNTRY = new Set(['na', 'n/a', 'unknown']);

function addCountries(b: EntityBuilder, property: 'nationality' | 'country', values: string[]): void {
  for (const v of values) {
    if (!NO_COUNTRY.has(v.toLowerCase())) b.add(property, countryValue(v));
  }
}

function mapRecord(kind: RecordKind, node: XmlNode, dataset: string, warnings: string[]): Mapped | undefined {
  const reference = textOf(node, 'REFERENCE_NUMBER');
  const dataId = textOf(node, 'DATAID');
  const sourceId = reference || dataId;
  const names = NAME_FIELDS.map((f) => textOf(node, f)).filter((n) => n !== '');
  if (!sourceId) {
    warnings.push(`${kind} "${names.join(' ')}" has neither REFERENCE_NUMBER nor DATAID: skipped`);
    return undefined;
  }
  const isPerson = kind === 'INDIVIDUAL';
  const b = new EntityBuilder(dataset, sourceId, isPerson ? 'Person' : 'Organization');
  // The UN does not say which of FIRST_NAME..FOURTH_NAME is the family name (Korean records put
  // it first, Arabic ones last), so the parts of a person's name stay 'other'.
  const partType: NamePartType = isPerson ? 'other' : 'entity';

  if (names.length > 0) b.addName(makeName(names.join(' '), 'name', partType, names));
  else warnings.push(`${b.id}: record without a name`);
  const original = textOf(node, 'NAME_ORIGINAL_SCRIPT');
  if (original) b.addName(makeName(original, 'name', partType));

  for (const alias of kids(node, isPerson ? 'INDIVIDUAL_ALIAS' : 'ENTITY_ALIAS')) {
    const aliasText = textOf(alias, 'ALIAS_NAME');
    if (!aliasText) continue;
    const kind = aliasKind(textOf(alias, 'QUALITY'));
    for (const aliasName of aliasNames(aliasText)) b.addName(makeName(aliasName, kind, partType));
    // Some aliases come with the birth facts used under that name.
    const dob = textOf(alias, 'DATE_OF_BIRTH');
    if (dob) b.add('birthDate', xsdDate(dob));
    b.add('birthPlace', joinParts(textOf(alias, 'CITY_OF_BIRTH'), textOf(alias, 'COUNTRY_OF_BIRTH')));
  }

  for (const dobNode of kids(node, 'INDIVIDUAL_DATE_OF_BIRTH')) {
    const { dates, unread } = birthDates(dobNode);
    b.add('birthDate', ...dates);
    if (unread) warnings.push(`${b.id}: date of birth not understood: "${unread}"`);
  }
  for (const pob of kids(node, 'INDIVIDUAL_PLACE_OF_BIRTH')) {
    b.add(
      'birthPlace',
      joinParts(textOf(pob, 'STREET'), textOf(pob, 'CITY'), textOf(pob, 'STATE_PROVINCE'), textOf(pob, 'COUNTRY')),
    );
  }
  addCountries(b, 'nationality', valuesOf(node, 'NATIONALITY'));

  for (const addr of kids(node, isPerson ? 'INDIVIDUAL_ADDRESS' : 'ENTITY_ADDRESS')) {
    const country = textOf(addr, 'COUNTRY');
    const local = joinParts(textOf(addr, 'STREET'), textOf(addr, 'CITY'), textOf(addr, 'STATE_PROVINCE'), textOf(addr, 'ZIP_CODE'));
    // A bare country is a country, not an address.
    if (local) b.add('address', joinParts(local, country));
    if (country) addCountries(b, 'country', [country]);
  }

  for (const doc of kids(node, 'INDIVIDUAL_DOCUMENT')) {
    const number = textOf(doc, 'NUMBER');
    if (!number) continue;
    const type = `${textOf(doc, 'TYPE_OF_DOCUMENT')} ${textOf(doc, 'TYPE_OF_DOCUMENT2')}`;
    b.add(PASSPORT.test(type) ? 'passportNumber' : 'idNumber', number);
  }

  b.add('title', ...valuesOf(node, 'TITLE'));
  b.add('position', ...valuesOf(node, 'DESIGNATION'));
  const gender = textOf(node, 'GENDER');
  if (gender) b.add('gender', gender.toLowerCase());

  const program = textOf(node, 'UN_LIST_TYPE');
  b.add('program', program);
  if (reference) b.add('referents', reference);
  const listed = textOf(node, 'LISTED_ON');
  if (listed) {
    const d = xsdDate(listed);
    if (d) b.add('listingDate', d);
    else warnings.push(`${b.id}: LISTED_ON not understood: "${listed}"`);
  }
  b.add('remarks', textOf(node, 'COMMENTS1'));
  b.add('authority', AUTHORITY);
  b.add('sourceUrl', UN_SOURCE_URL);
  b.add('topics', 'sanction');
  return { entity: b.build(), program };
}

// ---------------------------------------------------------------------------------------------
// Reading the document
// ---------------------------------------------------------------------------------------------

/** What a root element says about the file, for the message when it is not the UN list. */
function describeRoot(name: string): string {
  const known: Record<string, string> = {
    Sanctions: 'an OFAC SDN advanced XML',
    sdnList: 'an OFAC SDN XML',
    export: 'an EU Financial Sanctions Files XML',
    html: 'an HTML page (an error page instead of the list?)',
    'office:document-content': 'the content of an OpenDocument file',
  };
  return known[name] ?? 'some other XML document';
}

/** What a file that is not XML at all looks like, from its first characters. */
function describeNonXml(head: string): string {
  if (head.startsWith('PK')) return 'a zip archive (an .ods or .xlsx spreadsheet?)';
  if (head.startsWith('%PDF')) return 'a PDF document';
  if (/^[[{]/.test(head)) return 'JSON';
  const sample = head.slice(0, 40).replace(/[^\x20-\x7e]/g, '?');
  return `text starting with "${sample}"`;
}

/** saxes reports "line:column: message"; turn that into a ListFormatError on `file`. */
function toFormatError(file: string, err: unknown, atEnd: boolean): ListFormatError {
  if (err instanceof ListFormatError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const m = /^(\d+):(\d+): ([\s\S]*)$/.exec(message);
  const reason = m ? m[3]! : message;
  // saxes counts columns from 0; editors count from 1.
  const location = m ? `line ${m[1]}, column ${Number(m[2]) + 1}` : undefined;
  if (atEnd) {
    return new ListFormatError(
      file,
      `the file ends before the XML is complete (${reason}); it is probably truncated, download it again`,
      location,
    );
  }
  return new ListFormatError(file, `malformed XML: ${reason}`, location);
}

async function parseFile(file: string, ctx: ParseContext): Promise<ParsedList> {
  const entities: Entity[] = [];
  const warnings: string[] = [];
  const stats: Record<string, number> = { records: 0, individuals: 0, entities: 0 };
  let publishedAt: string | undefined;
  let rootClosed = false;

  const parser = new SaxesParser({ xmlns: false, position: true });
  let depth = 0;
  let stack: XmlNode[] = []; // open elements of the current record, the record first

  parser.on('opentag', (tag) => {
    depth++;
    if (depth === 1) {
      if (tag.name !== ROOT) {
        throw new ListFormatError(
          file,
          `not a UN Security Council consolidated list: the root element is <${tag.name}>, which looks like ${describeRoot(tag.name)} (expected <${ROOT}>)`,
          `line ${parser.line}`,
        );
      }
      const generated = tag.attributes['dateGenerated'];
      if (typeof generated === 'string' && generated.trim() !== '') publishedAt = generated.trim();
      return;
    }
    if (stack.length > 0 || tag.name === 'INDIVIDUAL' || tag.name === 'ENTITY') {
      const node: XmlNode = { name: tag.name, text: '', children: [] };
      stack.at(-1)?.children.push(node);
      stack.push(node);
    }
  });
  const onText = (text: string): void => {
    const top = stack.at(-1);
    if (top) top.text += text;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    depth--;
    if (depth === 0) rootClosed = true;
    const node = stack.pop();
    if (!node || stack.length > 0) return;
    const kind = node.name as RecordKind;
    stats.records!++;
    const mapped = mapRecord(kind, node, ctx.dataset, warnings);
    stack = [];
    if (!mapped) return;
    entities.push(mapped.entity);
    stats[kind === 'INDIVIDUAL' ? 'individuals' : 'entities']!++;
    if (mapped.program) stats[`program:${mapped.program}`] = (stats[`program:${mapped.program}`] ?? 0) + 1;
  });

  const stream = await openListFile(file, ctx.onProgress);
  const decoder = new TextDecoder('utf-8');
  let first = true;
  try {
    for await (const chunk of stream) {
      const text = decoder.decode(chunk as Buffer, { stream: true });
      if (first && text.trim() !== '') {
        first = false;
        const head = text.trimStart();
        if (!head.startsWith('<')) {
          throw new ListFormatError(
            file,
            `not a UN Security Council consolidated list: this is not XML but ${describeNonXml(head)}`,
            'line 1',
          );
        }
      }
      parser.write(text);
    }
    parser.write(decoder.decode());
  } catch (err) {
    stream.destroy();
    throw toFormatError(file, err, false);
  }
  if (first) throw new ListFormatError(file, 'the file holds no XML (it is blank)');
  try {
    parser.close();
  } catch (err) {
    throw toFormatError(file, err, true);
  }
  if (!rootClosed) {
    throw new ListFormatError(file, `the file ends before </${ROOT}>; it is probably truncated`);
  }
  if (entities.length === 0) {
    throw new ListFormatError(file, `the list holds no INDIVIDUAL or ENTITY record`);
  }
  const publishedFrom = publishedAt ? 'the dateGenerated attribute of <CONSOLIDATED_LIST>' : undefined;
  return { dataset: ctx.dataset, format: 'un-xml', publishedAt, publishedFrom, entities, stats, warnings };
}

export const unXml: ListAdapter = {
  format: 'un-xml',
  title: 'UN Security Council consolidated list XML',
  detect(head: string): boolean {
    return head.includes(`<${ROOT}`);
  },
  async parse(files: string[], ctx: ParseContext): Promise<ParsedList> {
    if (files.length !== 1) {
      throw new Error(`the UN consolidated list is one XML file; got ${files.length} files`);
    }
    return parseFile(files[0]!, ctx);
  },
};
