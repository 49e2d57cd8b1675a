/**
 * The UK FCDO Sanctions List (.ods) adapter: the real 8-column spreadsheet of 2025-08-11 checked
 * row by row against an independent CSV conversion of it, a full-layout spreadsheet built here
 * (several rows per designation, title rows, repeated cells), and broken inputs.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { strToU8, zipSync } from 'fflate';
import { ListFormatError } from '../src/lists/errors.js';
import type { ParsedList } from '../src/lists/types.js';
import { ukDate, ukOds } from '../src/lists/uk-ods.js';
import type { Entity } from '../src/model/index.js';
import { listFile, tempDir } from './helpers.js';

const UK_FILE = listFile('uk', 'FCDO_SL_Mon_Aug_11_2025.ods');
const UK_CSV = listFile('uk', 'FCDO_SL_Mon_Aug_11_2025.converted.csv');
const UN_FILE = listFile('un', 'un_consolidated_2026-02-27.xml');
const DATASET = 'gb_fcdo_sanctions';

function entityById(list: ParsedList, sourceId: string): Entity {
  const entity = list.entities.find((e) => e.id === `${DATASET}-${sourceId}`);
  assert.ok(entity, `entity ${sourceId} is in the list`);
  return entity;
}

async function rejection(file: string): Promise<ListFormatError> {
  try {
    await ukOds.parse([file], { dataset: DATASET });
  } catch (err) {
    assert.ok(err instanceof ListFormatError, `a ListFormatError, got ${String(err)}`);
    return err;
  }
  assert.fail(`parsing ${file} should have failed`);
}

// ---------------------------------------------------------------------------------------------
// Building small .ods files
// ---------------------------------------------------------------------------------------------

const NAMESPACES =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' +
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ' +
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A cell: plain text, or raw cell XML for the cases that need it. */
type Cell = string | { xml: string };

function cellXml(cell: Cell | undefined): string {
  if (cell === undefined || cell === '') return '<table:table-cell/>';
  if (typeof cell !== 'string') return cell.xml;
  return `<table:table-cell office:value-type="string"><text:p>${escapeXml(cell)}</text:p></table:table-cell>`;
}

/** One row; runs of empty cells become one repeated cell, as spreadsheet applications write. */
function rowXml(cells: (Cell | undefined)[]): string {
  let out = '';
  let empty = 0;
  for (const cell of cells) {
    if (cell === undefined || cell === '') {
      empty++;
      continue;
    }
    if (empty > 0) out += `<table:table-cell table:number-columns-repeated="${empty}"/>`;
    empty = 0;
    out += cellXml(cell);
  }
  out += '<table:table-cell table:number-columns-repeated="16000"/>';
  return `<table:table-row>${out}</table:table-row>`;
}

function contentXml(rows: (Cell | undefined)[][]): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content ${NAMESPACES} office:version="1.3">` +
    '<office:body><office:spreadsheet><table:table table:name="Sheet1">\n' +
    rows.map(rowXml).join('\n') +
    '\n<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>' +
    '</table:table></office:spreadsheet></office:body></office:document-content>'
  );
}

function odsBytes(content: string, mimetype = 'application/vnd.oasis.opendocument.spreadsheet'): Uint8Array {
  return zipSync({
    mimetype: [strToU8(mimetype), { level: 0 }],
    'content.xml': strToU8(content),
    'META-INF/manifest.xml': strToU8('<manifest/>'),
  });
}

/** The columns of the full FCDO publication, in its order. */
const FULL_HEADER = [
  'Last Updated', 'Unique ID', 'OFSI Group ID', 'UN Reference Number', 'Name 6', 'Name 1', 'Name 2', 'Name 3',
  'Name 4', 'Name 5', 'Name type', 'Alias strength', 'Title', 'Name non-latin script', 'Non-latin script type',
  'Non-latin script language', 'Regime Name', 'Designation Type', 'Designation source', 'Sanctions Imposed',
  'Other Information', 'UK Statement of Reasons', 'Address Line 1', 'Address Line 2', 'Address Line 3',
  'Address Line 4', 'Address Line 5', 'Address Line 6', 'Address Postal Code', 'Address Country', 'Phone number',
  'Website', 'Email address', 'Date Designated', 'D.O.B', 'Nationality(/ies)', 'National Identifier number',
  'National Identifier additional information', 'Passport number', 'Passport additional information', 'Position',
  'Gender', 'Town of birth', 'Country of birth', 'Type of entity', 'Subsidiaries', 'Parent company',
  'Business registration number (s)', 'IMO number', 'Current owner/operator (s)', 'Previous owner/operator (s)',
  'Current believed flag of ship', 'Previous flags', 'Type of ship', 'Tonnage of ship', 'Length of ship',
  'Year Built', 'Hull identification number (HIN)',
];

function fullRow(values: Record<string, Cell>): Cell[] {
  for (const key of Object.keys(values)) assert.ok(FULL_HEADER.includes(key), `column ${key}`);
  return FULL_HEADER.map((h) => values[h] ?? '');
}

// Invented designations (not real people) in the full layout: four rows for one person.
const PERSON_ROW = {
  'Last Updated': '01/08/2026',
  'Unique ID': 'DPR9001',
  'OFSI Group ID': '99001',
  'UN Reference Number': 'KPi.999',
  'Regime Name': "Democratic People's Republic of Korea",
  'Designation Type': 'Individual',
  'Designation source': 'UN',
  'Sanctions Imposed': 'Asset freeze, Travel Ban',
  'Other Information': {
    xml:
      '<table:table-cell office:value-type="string"><office:annotation><text:p>internal note</text:p></office:annotation>' +
      '<text:p>Manages IT workers abroad.</text:p></table:table-cell>',
  },
  'Address Line 1': 'Potonggang District',
  'Address Line 2': 'Pyongyang',
  'Address Country': 'North Korea',
  'Date Designated': {
    xml: '<table:table-cell office:value-type="date" office:date-value="2026-07-23T00:00:00"><text:p>Jul 23, 2026</text:p></table:table-cell>',
  },
  'D.O.B': '00/00/1975',
  'Nationality(/ies)': '(1) North Korea (2) Russia',
  'Passport number': '(1) 927220001 (2) 563410002',
  Position: 'IT worker manager',
  Gender: 'Male',
  'Town of birth': 'Hamhung',
  'Country of birth': 'North Korea',
};

const FULL_ROWS: Cell[][] = [
  ['Report Date: 02-Oct-2026'],
  [],
  FULL_HEADER,
  fullRow({ ...PERSON_ROW, 'Name 6': 'KIM', 'Name 1': 'Chol', 'Name 2': 'Su', 'Name type': 'Primary Name', Title: 'Colonel', 'Name non-latin script': '김철수', 'Non-latin script type': 'Korean' }),
  fullRow({ ...PERSON_ROW, 'Name 6': 'KIM', 'Name 1': 'Cheol', 'Name 2': 'Soo', 'Name type': 'Alias', 'Alias strength': 'Good quality' }),
  fullRow({ ...PERSON_ROW, 'Name 6': 'Sonny', 'Name type': 'Alias', 'Alias strength': 'Low quality' }),
  fullRow({ ...PERSON_ROW, 'Name 6': 'KIM', 'Name 1': 'Chol-su', 'Name type': 'Primary Name Variation' }),
  fullRow({
    'Unique ID': 'DPR9002',
    'Name 6': {
      xml: '<table:table-cell office:value-type="string"><text:p>TEST<text:s text:c="2"/>STAR<text:span text:style-name="T1"> 1</text:span></text:p></table:table-cell>',
    },
    'Name type': 'Primary Name',
    'Regime Name': "Democratic People's Republic of Korea",
    'Designation Type': 'Ship',
    'Date Designated': '23/07/2026',
    'IMO number': '9999991',
    'Current believed flag of ship': 'Panama',
    'Type of ship': 'Oil tanker',
    'Year Built': '1998',
  }),
  fullRow({
    'Unique ID': 'CYB9003',
    'OFSI Group ID': '99003',
    'Name 6': 'Test Trading Corporation',
    'Name type': 'Primary Name',
    'Regime Name': 'Cyber',
    'Designation Type': 'Entity',
    'Date Designated': '01/02/2026',
    'Business registration number (s)': '1234567',
    'Phone number': '(1) +850 2 000 0001 (2) +850 2 000 0002',
    Website: 'www.example.kp',
    'UK Statement of Reasons': {
      xml: '<table:table-cell office:value-type="string"><text:p>First reason.</text:p><text:p>Second reason.</text:p></table:table-cell>',
    },
  }),
];

// ---------------------------------------------------------------------------------------------
// The real spreadsheet
// ---------------------------------------------------------------------------------------------

interface CsvRow {
  'Unique ID': string;
  'OFSI Group ID': string;
  Name: string;
  'Regime Name': string;
  Type: string;
  'Designation source': string;
  'Date Designated': string;
  'Sanctions Imposed': string;
}

const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();

describe('uk-ods adapter on the real FCDO spreadsheet', () => {
  let list: ParsedList;
  let csv: CsvRow[];

  before(async () => {
    list = await ukOds.parse([UK_FILE], { dataset: DATASET });
    csv = parseCsv(readFileSync(UK_CSV, 'utf8'), { columns: true, skip_empty_lines: true }) as CsvRow[];
  });

  it('has one entity per designation, by type, as the CSV conversion has', () => {
    const ids = new Set(csv.map((r) => r['Unique ID'].trim()));
    assert.equal(ids.size, 5302);
    assert.equal(list.entities.length, ids.size);
    assert.equal(list.stats.designations, ids.size);
    const byType = (type: string): number => csv.filter((r) => r.Type.trim() === type).length;
    assert.deepEqual(
      [byType('Individual'), byType('Entity'), byType('Ship')],
      [3754, 1087, 461],
    );
    assert.equal(list.entities.filter((e) => e.schema === 'Person').length, byType('Individual'));
    assert.equal(list.entities.filter((e) => e.schema === 'Organization').length, byType('Entity'));
    assert.equal(list.entities.filter((e) => e.schema === 'Vessel').length, byType('Ship'));
    assert.deepEqual([list.stats.individuals, list.stats.entities, list.stats.ships], [3754, 1087, 461]);
  });

  it('counts every regime as the CSV does, DPRK and Cyber included', () => {
    const expected: Record<string, number> = {};
    for (const r of csv) expected[`program:${r['Regime Name'].trim()}`] = (expected[`program:${r['Regime Name'].trim()}`] ?? 0) + 1;
    const programStats = Object.fromEntries(Object.entries(list.stats).filter(([k]) => k.startsWith('program:')));
    assert.deepEqual(programStats, expected);
    assert.equal(list.stats["program:Democratic People's Republic of Korea"], 261);
    assert.equal(list.stats['program:Cyber'], 81);
  });

  it('agrees with the CSV conversion on every row: name, type, regime, date, OFSI group', () => {
    const byId = new Map(list.entities.map((e) => [e.id, e]));
    const schemaOf: Record<string, string> = { Individual: 'Person', Entity: 'Organization', Ship: 'Vessel' };
    const mismatches: string[] = [];
    for (const r of csv) {
      const id = `${DATASET}-${r['Unique ID'].trim()}`;
      const e = byId.get(id);
      if (!e) {
        mismatches.push(`${id} missing`);
        continue;
      }
      const [day, month, year] = r['Date Designated'].trim().split('-');
      const name = collapse(r.Name);
      const group = r['OFSI Group ID'].trim();
      const got = {
        schema: e.schema,
        name: e.properties.name,
        program: e.properties.program,
        listingDate: e.properties.listingDate,
        referents: e.properties.referents,
      };
      const want = {
        schema: schemaOf[r.Type.trim()],
        name: name ? [name] : undefined,
        program: [r['Regime Name'].trim()],
        listingDate: [`${year}-${month}-${day}`],
        referents: group ? [group] : undefined,
      };
      if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push(`${id}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`);
    }
    assert.deepEqual(mismatches, []);
  });

  it('maps a DPRK designation completely (DPR0001, An Jong Hyuk)', () => {
    assert.deepEqual(entityById(list, 'DPR0001'), {
      id: 'gb_fcdo_sanctions-DPR0001',
      schema: 'Person',
      caption: 'An Jong Hyuk',
      datasets: ['gb_fcdo_sanctions'],
      properties: {
        name: ['An Jong Hyuk'],
        program: ["Democratic People's Republic of Korea"],
        listingDate: ['2020-12-31'],
        referents: ['13590'],
        remarks: ['Sanctions imposed: Asset freeze, Director Disqualification Sanction, Travel Ban'],
        authority: ['UK Foreign, Commonwealth & Development Office'],
        sourceUrl: ['https://docs.fcdo.gov.uk/docs/UK-Sanctions-List.ods'],
        topics: ['sanction'],
      },
      names: [{ full: 'An Jong Hyuk', kind: 'name', script: 'Latn', parts: [{ type: 'other', value: 'An Jong Hyuk' }] }],
    });
  });

  it('maps a DPRK ship, which has no OFSI group (DPR0075, Petrel 8)', () => {
    const ship = entityById(list, 'DPR0075');
    assert.equal(ship.schema, 'Vessel');
    assert.equal(ship.caption, 'Petrel 8');
    assert.deepEqual(ship.names?.[0]?.parts, [{ type: 'vessel', value: 'Petrel 8' }]);
    assert.equal(ship.properties.referents, undefined);
    assert.deepEqual(ship.properties.remarks, ['Sanctions imposed: Prohibition of port entry']);
  });

  it('keeps designations without a name, and says so', () => {
    const nameless = entityById(list, 'BEL0174');
    assert.equal(nameless.properties.name, undefined);
    assert.equal(nameless.caption, 'gb_fcdo_sanctions-BEL0174');
    assert.ok(list.warnings.includes('BEL0174 (row 649): no name'));
    assert.ok(list.warnings.includes('RUS1467 (row 3524): no name'));
  });

  it('does not take the stale template date of meta.xml as the publication date, but the day the sheet was written', () => {
    assert.equal(list.publishedAt, '2025-08-11');
    assert.equal(list.publishedFrom, 'the day content.xml was written into the .ods archive (zip entry time)');
    assert.ok(list.warnings.some((w) => w.startsWith('meta.xml dates the spreadsheet 2024-03-18T12:13:54Z')));
    assert.equal(list.format, 'uk-ods');
  });

  it('detects the format from the zip head, whatever the file name', () => {
    const head = readFileSync(UK_FILE).subarray(0, 4096).toString('latin1');
    assert.equal(ukOds.detect(head, 'download.bin'), true);
    // The name alone is not enough: an .ods must at least be a zip.
    assert.equal(ukOds.detect('', 'UK-Sanctions-List.ods'), false);
    assert.equal(ukOds.detect('PK\u0003\u0004', 'UK-Sanctions-List.ods'), true);
    assert.equal(ukOds.detect(readFileSync(UN_FILE, 'utf8').slice(0, 4096), 'consolidated.xml'), false);
    const xlsx = Buffer.from(zipSync({ '[Content_Types].xml': strToU8('<Types/>') })).toString('latin1');
    assert.equal(ukOds.detect(xlsx, 'book.zip'), false);
  });
});

// ---------------------------------------------------------------------------------------------
// The full layout, built here
// ---------------------------------------------------------------------------------------------

describe('uk-ods adapter on the full FCDO layout', () => {
  const tmp = tempDir('vigil-uk-');
  after(() => tmp.cleanup());
  let list: ParsedList;

  before(async () => {
    const file = join(tmp.dir, 'UK-Sanctions-List.ods');
    writeFileSync(file, odsBytes(contentXml(FULL_ROWS)));
    list = await ukOds.parse([file], { dataset: DATASET });
  });

  it('merges the rows of one designation and reads the title row date', () => {
    assert.deepEqual(list.entities.map((e) => e.id), [
      'gb_fcdo_sanctions-DPR9001',
      'gb_fcdo_sanctions-DPR9002',
      'gb_fcdo_sanctions-CYB9003',
    ]);
    assert.equal(list.stats.rows, 6);
    assert.equal(list.stats.designations, 3);
    assert.equal(list.publishedAt, '2026-10-02');
    assert.deepEqual(list.warnings, []);
  });

  it('maps the names, aliases and personal facts of a person', () => {
    const kim = entityById(list, 'DPR9001');
    assert.equal(kim.caption, 'KIM Chol Su');
    assert.deepEqual(kim.properties.name, ['KIM Chol Su', '김철수']);
    assert.deepEqual(kim.properties.alias, ['KIM Cheol Soo', 'KIM Chol-su']);
    assert.deepEqual(kim.properties.weakAlias, ['Sonny']);
    assert.deepEqual(kim.names?.[0]?.parts, [
      { type: 'last', value: 'KIM' },
      { type: 'first', value: 'Chol' },
      { type: 'middle', value: 'Su' },
    ]);
    assert.equal(kim.names?.[1]?.script, 'Hang');
    assert.deepEqual(
      {
        firstName: kim.properties.firstName,
        lastName: kim.properties.lastName,
        title: kim.properties.title,
        birthDate: kim.properties.birthDate,
        birthPlace: kim.properties.birthPlace,
        nationality: kim.properties.nationality,
        passportNumber: kim.properties.passportNumber,
        address: kim.properties.address,
        country: kim.properties.country,
        position: kim.properties.position,
        gender: kim.properties.gender,
        listingDate: kim.properties.listingDate,
        referents: kim.properties.referents,
        remarks: kim.properties.remarks,
      },
      {
        firstName: ['Chol'],
        lastName: ['KIM'],
        title: ['Colonel'],
        birthDate: ['1975'],
        birthPlace: ['Hamhung, North Korea'],
        nationality: ['kp', 'ru'],
        passportNumber: ['927220001', '563410002'],
        address: ['Potonggang District, Pyongyang, North Korea'],
        country: ['kp'],
        position: ['IT worker manager'],
        gender: ['male'],
        listingDate: ['2026-07-23'],
        referents: ['99001', 'KPi.999'],
        remarks: ['Sanctions imposed: Asset freeze, Travel Ban', 'Manages IT workers abroad.'],
      },
    );
  });

  it('maps a ship and an entity', () => {
    const ship = entityById(list, 'DPR9002');
    assert.equal(ship.schema, 'Vessel');
    assert.equal(ship.caption, 'TEST STAR 1');
    assert.deepEqual(
      [ship.properties.imoNumber, ship.properties.flag, ship.properties.type, ship.properties.buildDate],
      [['9999991'], ['pa'], ['Oil tanker'], ['1998']],
    );
    const company = entityById(list, 'CYB9003');
    assert.equal(company.schema, 'Organization');
    assert.deepEqual(company.properties.phone, ['+850 2 000 0001', '+850 2 000 0002']);
    assert.deepEqual(company.properties.registrationNumber, ['1234567']);
    assert.deepEqual(company.properties.website, ['www.example.kp']);
    assert.deepEqual(company.properties.remarks, ['First reason. Second reason.']);
    assert.deepEqual(company.properties.program, ['Cyber']);
  });

  it('reads the date forms of the list', () => {
    assert.equal(ukDate('23-07-2025'), '2025-07-23');
    assert.equal(ukDate('23/07/2025'), '2025-07-23');
    assert.equal(ukDate('00/06/1965'), '1965-06');
    assert.equal(ukDate('00/00/1965'), '1965');
    assert.equal(ukDate('13-Feb-2026'), '2026-02-13');
    assert.equal(ukDate('31/02/2020'), undefined);
  });
});

// ---------------------------------------------------------------------------------------------
// Broken input
// ---------------------------------------------------------------------------------------------

describe('uk-ods adapter on broken input', () => {
  const tmp = tempDir('vigil-uk-bad-');
  after(() => tmp.cleanup());

  function write(name: string, data: Uint8Array | string): string {
    const file = join(tmp.dir, name);
    writeFileSync(file, data);
    return file;
  }

  it('rejects the UN XML, saying what it is', async () => {
    const err = await rejection(UN_FILE);
    assert.equal(
      err.message,
      'un_consolidated_2026-02-27.xml (byte 0): not an OpenDocument spreadsheet: an .ods file is a zip archive, but this is the UN consolidated list XML',
    );
  });

  it('rejects an empty file', async () => {
    const err = await rejection(write('empty.ods', ''));
    assert.equal(err.message, 'empty.ods: the file is empty');
  });

  it('rejects a zip without content.xml, listing what it holds', async () => {
    const err = await rejection(write('notes.ods', zipSync({ 'readme.txt': strToU8('hello') })));
    assert.match(err.message, /^notes\.ods: not an OpenDocument spreadsheet: the zip archive has no content\.xml \(it holds readme\.txt\)$/);
  });

  it('rejects an Excel workbook, saying so', async () => {
    const xlsx = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'xl/workbook.xml': strToU8('<workbook/>') });
    const err = await rejection(write('list.xlsx', xlsx));
    assert.match(err.message, /^list\.xlsx: .*no content\.xml \(it looks like an Excel \.xlsx workbook\)$/);
  });

  it('rejects an OpenDocument text document by its mimetype', async () => {
    const err = await rejection(write('letter.ods', odsBytes(contentXml([]), 'application/vnd.oasis.opendocument.text')));
    assert.match(err.message, /^letter\.ods: .*mimetype entry says "application\/vnd\.oasis\.opendocument\.text"$/);
  });

  it('rejects a truncated .ods', async () => {
    const bytes = readFileSync(UK_FILE);
    const err = await rejection(write('cut.ods', bytes.subarray(0, Math.floor(bytes.length / 2))));
    assert.match(err.message, /^cut\.ods: the zip archive is damaged or cut short \(.+\); download the file again$/);
  });

  it('rejects a spreadsheet without the header row', async () => {
    const err = await rejection(write('other.ods', odsBytes(contentXml([['Hello', 'World'], ['1', '2']]))));
    assert.match(err.message, /^other\.ods: no header row found: no row holds both a "Unique ID" and a "Name" column/);
  });

  it('rejects a row without a Unique ID, naming the row', async () => {
    const rows: Cell[][] = [
      ['Unique ID', 'Name', 'Type'],
      ['DPR0001', 'An Jong Hyuk', 'Individual'],
      ['', 'Someone Else', 'Individual'],
    ];
    const err = await rejection(write('gap.ods', odsBytes(contentXml(rows))));
    assert.equal(err.message, 'gap.ods (sheet "Sheet1", row 3): row 3 has no Unique ID');
  });

  it('rejects malformed content.xml, naming the line', async () => {
    const content = contentXml([['Unique ID', 'Name']]).replace('</table:table>', '</table:table-row></table:table>');
    const err = await rejection(write('bad.ods', odsBytes(content)));
    assert.match(err.message, /^bad\.ods \(content\.xml line \d+, column \d+\): content\.xml is not well-formed XML: /);
  });
});
