/**
 * The UN Security Council consolidated list adapter, on the real 2026-02-27 XML: counts checked
 * against the raw text, one full DPRK record, name and date quirks, and broken inputs.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ListFormatError } from '../src/lists/errors.js';
import type { ParsedList } from '../src/lists/types.js';
import { aliasNames, unXml } from '../src/lists/un-xml.js';
import { scriptOf } from '../src/model/index.js';
import type { Entity } from '../src/model/index.js';
import { listFile, tempDir } from './helpers.js';

const UN_FILE = listFile('un', 'un_consolidated_2026-02-27.xml');
const UK_FILE = listFile('uk', 'FCDO_SL_Mon_Aug_11_2025.ods');
const DATASET = 'un_sc_sanctions';

function byId(list: ParsedList, sourceId: string): Entity {
  const entity = list.entities.find((e) => e.id === `${DATASET}-${sourceId}`);
  assert.ok(entity, `entity ${sourceId} is in the list`);
  return entity;
}

/** Parse and expect a ListFormatError; returns it for further checks. */
async function rejection(file: string): Promise<ListFormatError> {
  try {
    await unXml.parse([file], { dataset: DATASET });
  } catch (err) {
    assert.ok(err instanceof ListFormatError, `a ListFormatError, got ${String(err)}`);
    return err;
  }
  assert.fail(`parsing ${file} should have failed`);
}

describe('un-xml adapter on the real consolidated list', () => {
  let list: ParsedList;
  let raw: string;

  before(async () => {
    raw = readFileSync(UN_FILE, 'utf8');
    list = await unXml.parse([UN_FILE], { dataset: DATASET });
  });

  it('reads as many individuals and entities as the raw XML holds', () => {
    const individuals = raw.match(/<INDIVIDUAL>/g)?.length ?? 0;
    const entities = raw.match(/<ENTITY>/g)?.length ?? 0;
    assert.equal(individuals, 730);
    assert.equal(entities, 273);
    assert.equal(list.stats.individuals, individuals);
    assert.equal(list.stats.entities, entities);
    assert.equal(list.entities.filter((e) => e.schema === 'Person').length, individuals);
    assert.equal(list.entities.filter((e) => e.schema === 'Organization').length, entities);
    assert.equal(list.entities.length, individuals + entities);
    assert.deepEqual(list.warnings.filter((w) => /skipped/.test(w)), []);
  });

  it('counts each UN_LIST_TYPE as the raw XML does, DPRK included', () => {
    const expected: Record<string, number> = {};
    for (const m of raw.matchAll(/<UN_LIST_TYPE>([^<]*)<\/UN_LIST_TYPE>/g)) {
      const key = `program:${m[1]!.trim()}`;
      expected[key] = (expected[key] ?? 0) + 1;
    }
    const programStats = Object.fromEntries(Object.entries(list.stats).filter(([k]) => k.startsWith('program:')));
    assert.deepEqual(programStats, expected);
    assert.equal(list.stats['program:DPRK'], 155);
    const dprk = list.entities.filter((e) => e.properties.program?.includes('DPRK'));
    assert.equal(dprk.length, 155);
    assert.equal(dprk.filter((e) => e.schema === 'Person' && /-KPi\.\d{3}$/.test(e.id)).length, 80);
    assert.equal(dprk.filter((e) => e.schema === 'Organization' && /-KPe\.\d{3}$/.test(e.id)).length, 75);
  });

  it('gives every record a unique id from its trimmed reference number', () => {
    const ids = list.entities.map((e) => e.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^un_sc_sanctions-[A-Z]{2}[ie]\.\d{3}$/);
    // The XML writes some references with a trailing space ("KPe.023 ").
    assert.ok(raw.includes('<REFERENCE_NUMBER>KPe.023 </REFERENCE_NUMBER>'));
    assert.equal(byId(list, 'KPe.023').properties.referents?.[0], 'KPe.023');
  });

  it('takes the publication date from dateGenerated', () => {
    assert.equal(list.publishedAt, '2026-02-27T00:00:09.554Z');
    assert.equal(list.format, 'un-xml');
    assert.equal(list.dataset, DATASET);
  });

  it('maps a DPRK individual completely (KPi.006, Paek Chang-Ho)', () => {
    assert.deepEqual(byId(list, 'KPi.006'), {
      id: 'un_sc_sanctions-KPi.006',
      schema: 'Person',
      caption: 'PAEK CHANG-HO',
      datasets: ['un_sc_sanctions'],
      properties: {
        name: ['PAEK CHANG-HO'],
        alias: ['Pak Chang-Ho', "Paek Ch'ang-Ho"],
        birthDate: ['1964-06-18'],
        birthPlace: ["Kaesong, Democratic People's Republic of Korea"],
        nationality: ['kp'],
        passportNumber: ['381420754'],
        position: ['Senior official and head of the satellite control center of Korean Committee for Space Technology'],
        program: ['DPRK'],
        referents: ['KPi.006'],
        listingDate: ['2013-01-22'],
        remarks: ['Senior official and head of the satellite control center of Korean Committee for Space Technology.'],
        authority: ['United Nations Security Council'],
        sourceUrl: ['https://scsanctions.un.org/resources/xml/en/consolidated.xml'],
        topics: ['sanction'],
      },
      names: [
        {
          full: 'PAEK CHANG-HO',
          kind: 'name',
          script: 'Latn',
          parts: [
            { type: 'other', value: 'PAEK' },
            { type: 'other', value: 'CHANG-HO' },
          ],
        },
        { full: 'Pak Chang-Ho', kind: 'alias', script: 'Latn', parts: [{ type: 'other', value: 'Pak Chang-Ho' }] },
        { full: "Paek Ch'ang-Ho", kind: 'alias', script: 'Latn', parts: [{ type: 'other', value: "Paek Ch'ang-Ho" }] },
      ],
    });
  });

  it('maps a DPRK entity with its address and quoted acronym (KPe.001, KOMID)', () => {
    const komid = byId(list, 'KPe.001');
    assert.equal(komid.schema, 'Organization');
    assert.equal(komid.caption, 'KOREA MINING DEVELOPMENT TRADING CORPORATION');
    assert.ok(komid.properties.alias?.includes('KOMID'), 'the quotes around "KOMID" are dropped');
    assert.deepEqual(komid.properties.address, ["Central District, Pyongyang, Democratic People's Republic of Korea"]);
    assert.deepEqual(komid.properties.country, ['kp']);
    assert.deepEqual(komid.names?.[0]?.parts, [{ type: 'entity', value: 'KOREA MINING DEVELOPMENT TRADING CORPORATION' }]);
  });

  it('sorts aliases by quality: Low is weak, f.k.a. is a previous name', () => {
    const gaston = byId(list, 'CDi.003');
    assert.deepEqual(gaston.properties.weakAlias, ['Rumuli']);
    assert.ok(gaston.properties.alias?.includes('Victor Rumuri'));
    const adf = byId(list, 'CDe.001');
    assert.deepEqual(adf.properties.previousName, [
      'Forces Démocratiques Alliées-Armée Nationale de Libération de l’Ouganda',
      'ADF/NALU',
      'NALU',
    ]);
  });

  it('splits an alias that carries its original-script form in parentheses', () => {
    const kim = byId(list, 'KPi.035');
    assert.deepEqual(kim.properties.alias, ['Jin Tiesan', '金铁三']);
    assert.deepEqual(
      kim.names?.filter((n) => n.kind === 'alias').map((n) => n.script),
      ['Latn', 'Hani'],
    );
    assert.deepEqual(aliasNames('Haqqani Network (HQN)'), ['Haqqani Network (HQN)']);
    assert.deepEqual(aliasNames('Amir Khazmat (original script: Амир Хазмат)'), ['Amir Khazmat', 'Амир Хазмат']);
  });

  it('keeps names in their original script with the right script code', () => {
    const cyrillic = list.entities.find((e) => e.names?.some((n) => n.script === 'Cyrl' && n.kind === 'name'));
    assert.ok(cyrillic, 'some record has a Cyrillic original-script name');
    const arabic = byId(list, 'QDi.306');
    assert.deepEqual(
      arabic.names?.filter((n) => n.kind === 'name').map((n) => [n.full, n.script]),
      [
        ['MUSTAFA HAJJI MUHAMMAD KHAN', 'Latn'],
        ['مصطفى حجي محمد خان', 'Arab'],
      ],
    );
    // The caption stays the Latin primary name.
    assert.equal(arabic.caption, 'MUSTAFA HAJJI MUHAMMAD KHAN');
    assert.equal(scriptOf('김철삼'), 'Hang');
    assert.equal(scriptOf('Заурбек'), 'Cyrl');
    assert.equal(scriptOf('123'), 'Zyyy');
  });

  it('keeps partial birth dates partial and expands year ranges', () => {
    assert.deepEqual(byId(list, 'CDi.001').properties.birthDate, ['1971']);
    assert.deepEqual(byId(list, 'CDi.030').properties.birthDate, ['1973', '1974']);
    // LISTED_ON with a zone offset ("2015-07-01-04:00") is still a date.
    assert.deepEqual(byId(list, 'SSi.001').properties.listingDate, ['2015-07-01']);
    assert.ok(list.warnings.some((w) => w.includes('QDi.291') && w.includes('Hijri')), 'a Hijri date is reported, not guessed');
  });

  it('detects the format from the first bytes', () => {
    assert.equal(unXml.detect(raw.slice(0, 4096), 'consolidated.xml'), true);
    assert.equal(unXml.detect(readFileSync(UK_FILE).subarray(0, 4096).toString('latin1'), 'list.ods'), false);
  });
});

describe('un-xml adapter on broken input', () => {
  const tmp = tempDir('vigil-un-');
  after(() => tmp.cleanup());

  it('rejects a truncated file, naming the line where it stops', async () => {
    const raw = readFileSync(UN_FILE, 'utf8');
    const cut = raw.slice(0, Math.floor(raw.length / 2));
    const lines = cut.split('\n').length;
    const file = join(tmp.dir, 'un_truncated.xml');
    writeFileSync(file, cut);
    const err = await rejection(file);
    assert.match(err.message, /^un_truncated\.xml \(line \d+, column \d+\): /);
    assert.match(err.message, /truncated/);
    assert.equal(err.location?.startsWith(`line ${lines},`), true, `location ${err.location} is the last line ${lines}`);
  });

  it('rejects a file cut just before the closing root tag', async () => {
    const raw = readFileSync(UN_FILE, 'utf8');
    const file = join(tmp.dir, 'un_no_root_end.xml');
    writeFileSync(file, raw.slice(0, raw.lastIndexOf('</CONSOLIDATED_LIST>')));
    const err = await rejection(file);
    assert.match(err.message, /un_no_root_end\.xml .*unclosed tag: CONSOLIDATED_LIST/);
  });

  it('rejects an empty file', async () => {
    const file = join(tmp.dir, 'empty.xml');
    writeFileSync(file, '');
    const err = await rejection(file);
    assert.equal(err.message, 'empty.xml: the file is empty');
  });

  it('rejects the UK .ods, saying it is a zip', async () => {
    const err = await rejection(UK_FILE);
    assert.match(err.message, /^FCDO_SL_Mon_Aug_11_2025\.ods \(line 1\): not a UN Security Council consolidated list/);
    assert.match(err.message, /zip archive/);
  });

  it('rejects another XML, saying what it looks like', async () => {
    const file = join(tmp.dir, 'sdn_advanced.xml');
    writeFileSync(file, '<?xml version="1.0"?>\n<Sanctions xmlns="urn:x"><DateOfIssue/></Sanctions>\n');
    const err = await rejection(file);
    assert.match(err.message, /^sdn_advanced\.xml \(line 2\): /);
    assert.match(err.message, /root element is <Sanctions>.*OFAC SDN advanced XML.*expected <CONSOLIDATED_LIST>/);
  });

  it('rejects malformed XML, naming the line of the fault', async () => {
    const file = join(tmp.dir, 'broken.xml');
    const xml = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<CONSOLIDATED_LIST dateGenerated="2026-01-01T00:00:00Z"><INDIVIDUALS>',
      '<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>A</FIRST_NAME>',
      '<REFERENCE_NUMBER>XXi.001</SECOND_NAME>',
      '</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>',
    ].join('\n');
    writeFileSync(file, xml);
    const err = await rejection(file);
    assert.match(err.message, /^broken\.xml \(line 4, column \d+\): malformed XML: /);
  });

  it('rejects a well-formed list with no record', async () => {
    const file = join(tmp.dir, 'hollow.xml');
    writeFileSync(file, '<CONSOLIDATED_LIST dateGenerated="2026-01-01"><INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>');
    const err = await rejection(file);
    assert.equal(err.message, 'hollow.xml: the list holds no INDIVIDUAL or ENTITY record');
  });

  it('reads a minimal list, falling back to DATAID when there is no reference number', async () => {
    const file = join(tmp.dir, 'minimal.xml');
    writeFileSync(
      file,
      '<CONSOLIDATED_LIST dateGenerated="2026-01-01"><ENTITIES><ENTITY><DATAID>42</DATAID>' +
        '<FIRST_NAME> ACME </FIRST_NAME><UN_LIST_TYPE>DPRK</UN_LIST_TYPE></ENTITY></ENTITIES></CONSOLIDATED_LIST>',
    );
    const parsed = await unXml.parse([file], { dataset: 'test' });
    assert.deepEqual(
      parsed.entities.map((e) => [e.id, e.caption, e.properties.program]),
      [['test-42', 'ACME', ['DPRK']]],
    );
    assert.equal(parsed.publishedAt, '2026-01-01');
  });
});
