/**
 * The EU DPRK (Council Regulation (EU) 2017/1509) and cyber-attacks (Regulation (EU) 2019/796)
 * annexes, on the real OpenSanctions transcriptions in ../shared/data/lists/eu (PROVENANCE.md:
 * 326 and 38 records): the adapter's entities, the datasets in the catalogue and the mirror, the
 * import into both stores, screening against them, and malformed files that change nothing.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DATASETS, requireDataset, sourceUrls } from '../src/lists/datasets.js';
import { ListFormatError } from '../src/lists/errors.js';
import { cellValues, euJournalCsv, printedDates } from '../src/lists/eu-journal-csv.js';
import { detectFormat } from '../src/lists/formats.js';
import { importList } from '../src/lists/import.js';
import type { ParsedList } from '../src/lists/types.js';
import { ScreeningIndex, screen } from '../src/match/index.js';
import type { Entity } from '../src/model/index.js';
import { openStore, type Store } from '../src/store/index.js';
import { LISTS_DIR, PG_SKIP, PG_URL, listFile, pgSchemas, tempDir } from './helpers.js';

const DPRK_FILE = listFile('eu', 'eu_journal_consolidated_32017R1509.csv');
const CYBER_FILE = listFile('eu', 'eu_journal_consolidated_32019R0796.csv');

function byId(list: ParsedList, id: string): Entity {
  const e = list.entities.find((x) => x.id === id);
  assert.ok(e, `${id} is in the list`);
  return e;
}

describe('EU DPRK annex (Regulation (EU) 2017/1509)', () => {
  let list: ParsedList;
  before(async () => {
    list = await euJournalCsv.parse([DPRK_FILE], { dataset: 'eu_dprk_annex' });
  });

  it('reads every record: 157 persons, 94 entities, 75 vessel listings of 61 vessels', () => {
    assert.equal(list.format, 'eu-journal-csv');
    assert.equal(list.stats.records, 326);
    assert.equal(list.stats.persons, 157);
    assert.equal(list.stats.organizations, 94);
    assert.equal(list.stats.vessels, 61);
    assert.equal(list.entities.length, 312);
    assert.equal(new Set(list.entities.map((e) => e.id)).size, 312);
    assert.equal(list.stats['program:EU-PRK'], 326);
    assert.deepEqual(list.warnings, []);
    // The CSV states no publication date: none is made up.
    assert.equal(list.publishedAt, undefined);
  });

  it('maps a listed person: names, birth date, nationality, programme, listing date, source id', () => {
    const yun = byId(list, 'eu_dprk_annex-XIII.A-1');
    assert.equal(yun.schema, 'Person');
    assert.equal(yun.caption, 'Yun Ho-jin');
    assert.deepEqual(yun.properties.name, ['Yun Ho-jin']);
    assert.deepEqual(yun.properties.alias, ['Yun Ho-chin']);
    assert.deepEqual(yun.properties.birthDate, ['1944-10-13']);
    assert.deepEqual(yun.properties.nationality, ['kp']);
    assert.deepEqual(yun.properties.address, ['Pyongyang, DPRK']);
    assert.deepEqual(yun.properties.program, ['EU-PRK']);
    assert.deepEqual(yun.properties.listingDate, ['2009-07-16']);
    assert.deepEqual(yun.properties.sanctionsList, ['Regulation (EU) 2017/1509, Annex XIII.A (Asset freeze)']);
    assert.deepEqual(yun.properties.authority, ['Council of the European Union']);
    assert.deepEqual(yun.properties.sourceUrl, ['https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32017R1509']);
    assert.deepEqual(yun.datasets, ['eu_dprk_annex']);
  });

  it('reads printed birth dates, alias lists, passports with qualifiers and Hangul names', () => {
    // "a) 1964 b) 28.8.1962"; aliases "Kim Chin-So’k; ...; Kim, Hyok-Chol; ..."
    const kim = byId(list, 'eu_dprk_annex-XIII.A-23');
    assert.equal(kim.caption, 'Kim Tong My’ong');
    assert.deepEqual(kim.properties.birthDate, ['1964', '1962-08-28']);
    assert.equal(kim.properties.alias?.length, 7);
    assert.ok(kim.properties.alias?.includes('Kim, Hyok-Chol'));
    assert.deepEqual(kim.properties.passportNumber, ['290320764']);
    assert.ok(kim.properties.remarks?.includes('Passport: 290320764 (issued by the DPRK)'));
    // "Jang Pom Su, Jang Hyon U": two names; "15.4.1957, 22.2.1958": two dates.
    const jang = byId(list, 'eu_dprk_annex-XIII.A-16');
    assert.deepEqual(jang.properties.alias, ['Jang Pom Su', 'Jang Hyon U']);
    assert.deepEqual(jang.properties.birthDate, ['1957-04-15', '1958-02-22']);
    // "1967-1969."
    assert.deepEqual(byId(list, 'eu_dprk_annex-XIII.A-66').properties.birthDate, ['1967', '1968', '1969']);
    // Hangul alias, its script recorded; the family name in capitals is the last name.
    const ri = byId(list, 'eu_dprk_annex-XV.A-22');
    assert.ok(ri.properties.alias?.includes('리학철'));
    assert.equal(ri.names?.find((n) => n.full === '리학철')?.script, 'Hang');
    assert.deepEqual(ri.names?.[0]?.parts, [
      { type: 'last', value: 'RI' },
      { type: 'first', value: 'Hak' },
      { type: 'middle', value: 'Chol' },
    ]);
    // The one designation without a listing date keeps none.
    const riYongMu = byId(list, 'eu_dprk_annex-XIII.A-53');
    assert.equal(riYongMu.caption, 'Ri Yong Mu');
    assert.equal(riYongMu.properties.listingDate, undefined);
    assert.equal(list.entities.filter((e) => !e.properties.listingDate).length, 1);
  });

  it('makes one vessel of its listings in several annexes, by IMO number, and reads former names', () => {
    const tanker = byId(list, 'eu_dprk_annex-imo8712362');
    assert.equal(tanker.schema, 'Vessel');
    assert.equal(tanker.caption, 'CHON MYONG 1');
    assert.deepEqual(tanker.properties.imoNumber, ['8712362']);
    assert.deepEqual(tanker.properties.sanctionsList, [
      'Regulation (EU) 2017/1509, Annex XIV.A (Asset freeze)',
      'Regulation (EU) 2017/1509, Annex XIV.B (Transportation restrictions)',
    ]);
    // No record id is printed for the XIII.B vessels: the IMO number names them.
    const cholRyong = byId(list, 'eu_dprk_annex-imo8606173');
    assert.deepEqual(cholRyong.properties.name, ['Chol Ryong']);
    assert.deepEqual(cholRyong.properties.previousName, ['Ryong Gun Bong']);
    // "Does not exist" is not an IMO number.
    const noImo = byId(list, 'eu_dprk_annex-XIV.B-33');
    assert.equal(noImo.properties.imoNumber, undefined);
    assert.ok(noImo.properties.remarks?.includes('IMO number: Does not exist'));
  });

  it('maps a listed entity with its aliases, phones and e-mail addresses', () => {
    const komid = byId(list, 'eu_dprk_annex-XIII.B-1');
    assert.equal(komid.schema, 'Organization');
    assert.equal(komid.caption, 'Korea Mining Development Trading Corporation');
    assert.ok(komid.properties.alias?.includes('KOMID'));
    assert.deepEqual(komid.properties.country, ['kp']);
    const ryonha = byId(list, 'eu_dprk_annex-XIII.B-13');
    assert.ok(ryonha.properties.alias?.includes('Millim Technology Company'), '"and Millim Technology Company"');
    assert.ok(ryonha.properties.email?.includes('millim@silibank.com'));
  });
});

describe('EU cyber-attacks annex (Regulation (EU) 2019/796)', () => {
  let list: ParsedList;
  before(async () => {
    list = await euJournalCsv.parse([CYBER_FILE], { dataset: 'eu_cyber_annex' });
  });

  it('reads 38 designations: 27 persons, 11 entities', () => {
    assert.equal(list.stats.records, 38);
    assert.equal(list.stats.persons, 27);
    assert.equal(list.stats.organizations, 11);
    assert.equal(list.entities.length, 38);
    assert.ok(list.entities.every((e) => e.properties.program?.[0] === 'EU-CYB' && e.properties.listingDate?.length === 1));
  });

  it('maps Chosun Expo, the DPRK front linked to Lazarus / APT38', () => {
    const expo = byId(list, 'eu_cyber_annex-I.B-2');
    assert.equal(expo.schema, 'Organization');
    assert.equal(expo.caption, 'Chosun Expo');
    assert.deepEqual(expo.properties.alias, ['Chosen Expo', 'Korea Export Joint Venture']);
    assert.deepEqual(expo.properties.country, ['kp']);
    assert.deepEqual(expo.properties.program, ['EU-CYB']);
    assert.deepEqual(expo.properties.listingDate, ['2020-07-30']);
    assert.deepEqual(expo.properties.sanctionsList, ['Regulation (EU) 2019/796, Annex I.B (Asset freeze)']);
    assert.match(expo.properties.remarks?.[0] ?? '', /Lazarus Group/);
  });

  it('maps a person with a worded birth date, a nationality adjective and a Cyrillic alias', () => {
    const gao = byId(list, 'eu_cyber_annex-I.A-1');
    assert.equal(gao.caption, 'GAO Qiang');
    assert.deepEqual(gao.properties.birthDate, ['1983-10-04']);
    assert.deepEqual(gao.properties.nationality, ['cn']);
    assert.deepEqual(gao.properties.gender, ['male']);
    const minin = byId(list, 'eu_cyber_annex-I.A-3');
    assert.deepEqual(minin.properties.alias, ['Алексей Валерьевич МИНИН']);
    assert.equal(minin.names?.find((n) => n.kind === 'alias')?.script, 'Cyrl');
    assert.deepEqual(minin.properties.passportNumber, ['120017582']);
    // "‘Bentley’, ‘Bergen’, ‘Alex Konor’, ‘Benny’, ‘Ben’, ‘Stern’": quoted names, one alias each.
    const kovalev = byId(list, 'eu_cyber_annex-I.A-20');
    assert.deepEqual(kovalev.properties.alias, ['Виталий Николаевич КОВАЛЕВ', 'Bentley', 'Bergen', 'Alex Konor', 'Benny', 'Ben', 'Stern']);
    const isoon = byId(list, 'eu_cyber_annex-I.B-7');
    assert.deepEqual(isoon.properties.website, ['i-soon.net', 'isoon.net', 'i-soon.com.cn', 'isoonren.com', 'isoon.win']);
    assert.deepEqual(isoon.properties.registrationNumber, ['91510105332025597A', '91310116561906136G']);
  });

  it('is screened: the annex finds its people by name and birth date', () => {
    const index = ScreeningIndex.build(list.entities);
    const hits = screen({ schema: 'Person', properties: { name: ['Gao Qiang'], birthDate: ['1983-10-04'] } }, { index });
    assert.equal(hits[0]?.id, 'eu_cyber_annex-I.A-1');
    assert.ok(hits[0]!.match);
    const expo = screen({ schema: 'Organization', properties: { name: ['Chosen Expo'] } }, { index });
    assert.equal(expo[0]?.id, 'eu_cyber_annex-I.B-2');
  });
});

describe('printed values', () => {
  it('reads dates as the annexes print them', () => {
    assert.deepEqual(printedDates('19.2.1968; 1965 or 1966').dates, ['1968-02-19', '1965', '1966']);
    assert.deepEqual(printedDates('4 October 1983').dates, ['1983-10-04']);
    assert.deepEqual(printedDates('7.8.1965 / 20.2.1972').dates, ['1965-08-07', '1972-02-20']);
    assert.deepEqual(printedDates('about thirty'), { dates: [], unread: true });
  });

  it('splits multi-valued cells on ";", a quoted value keeping its own ";"', () => {
    assert.deepEqual(cellValues('Foo; Bar'), ['Foo', 'Bar']);
    assert.deepEqual(cellValues('"Foo; Bar"; Baz'), ['Foo; Bar', 'Baz']);
    assert.deepEqual(cellValues(''), []);
  });
});

describe('the EU annex datasets in the catalogue', () => {
  it('are datasets of their own, with their download URLs, overridable like the others', () => {
    const dprk = requireDataset('eu_dprk_annex');
    const cyber = requireDataset('eu_cyber_annex');
    assert.deepEqual(dprk.formats, ['eu-journal-csv']);
    assert.equal(dprk.authority, 'Council of the European Union');
    assert.match(dprk.title, /2017\/1509/);
    assert.match(cyber.title, /2019\/796/);
    assert.deepEqual(dprk.urls, [
      'https://raw.githubusercontent.com/opensanctions/opensanctions/main/datasets/eu/journal_sanctions/data/consolidated/32017R1509.csv',
    ]);
    assert.deepEqual(sourceUrls(cyber, { VIGIL_SOURCE_URL_EU_CYBER_ANNEX: 'http://127.0.0.1:9/cyber.csv' }), ['http://127.0.0.1:9/cyber.csv']);
    assert.ok(DATASETS.some((d) => d.name === 'eu_fsf'), 'the EU FSF dataset stays, apart');
  });

  it('find their files in a mirror (VIGIL_SOURCES_DIR layout: eu/<...><CELEX>.csv)', async () => {
    assert.deepEqual(requireDataset('eu_dprk_annex').localFiles(LISTS_DIR), [DPRK_FILE]);
    assert.deepEqual(requireDataset('eu_cyber_annex').localFiles(LISTS_DIR), [CYBER_FILE]);
    assert.equal((await detectFormat(DPRK_FILE)).format, 'eu-journal-csv');
  });
});

function storeSuite(name: string, open: () => Promise<Store>, skip?: string) {
  describe(`importing the EU annexes (${name})`, { skip }, () => {
    let store: Store;
    const tmp = tempDir('vigil-eu-');

    before(async () => {
      store = await open();
    });
    after(async () => {
      await store?.close();
      tmp.cleanup();
    });

    /** Everything in force, to compare before and after a failed import. */
    async function inForce() {
      const current = await store.currentVersions();
      return {
        versions: (await store.versions()).map((v) => v.id),
        current: current.map((v) => `${v.dataset}:${v.id}:${v.sha256}`),
        counts: await Promise.all(current.map(async (v) => (await store.versionHashes(v.id)).size)),
      };
    }

    it('imports each annex as its own dataset', async () => {
      const dprk = await importList(store, { dataset: 'eu_dprk_annex', files: [DPRK_FILE] });
      assert.equal(dprk.format, 'eu-journal-csv');
      assert.equal(dprk.version.entityCount, 312);
      assert.equal(dprk.version.publishedAt, null);
      assert.equal(dprk.version.partial, null);
      const cyber = await importList(store, { dataset: 'eu_cyber_annex', files: [CYBER_FILE] });
      assert.equal(cyber.version.entityCount, 38);
      const yun = await store.getEntity('eu_dprk_annex-XIII.A-1');
      assert.deepEqual(yun?.properties.birthDate, ['1944-10-13']);
      assert.deepEqual(yun?.properties.program, ['EU-PRK']);
      assert.equal((await store.getEntity('eu_cyber_annex-I.B-2'))?.caption, 'Chosun Expo');
      assert.deepEqual((await store.currentVersions()).map((v) => v.dataset).sort(), ['eu_cyber_annex', 'eu_dprk_annex']);
    });

    it('refuses the annex of another regulation for a dataset', async () => {
      const before = await inForce();
      await assert.rejects(importList(store, { dataset: 'eu_dprk_annex', files: [CYBER_FILE] }), (err: Error) => {
        assert.ok(err instanceof ListFormatError, err.message);
        assert.match(err.message, /eu_journal_consolidated_32019R0796\.csv: this is the annex of act 32019R0796, not of 32017R1509/);
        return true;
      });
      assert.deepEqual(await inForce(), before);
    });

    const original = () => readFileSync(DPRK_FILE, 'utf8').split('\n');
    const malformed: [string, () => string, RegExp][] = [
      [
        'a quoted field that never closes (a cut-short file)',
        () => original().slice(0, 40).join('\n') + '\n32017R1509,999,EU-PRK,XIII.A,Asset freeze,1.1.2020,"never closed,Person,X',
        /bad-annex\.csv \(line 41\): malformed CSV: Quote Not Closed/,
      ],
      [
        'a row with a column missing',
        () => {
          const lines = original();
          lines[9] = lines[9]!.replace(',EU-PRK,', ',');
          return lines.join('\n');
        },
        /bad-annex\.csv \(line 10\): expected 45 columns, as the header has, found 44/,
      ],
      [
        'a designation without a name',
        () => {
          const lines = original();
          lines[4] = lines[4]!.replace(',Person,Ri Hong-sop,', ',Person,,');
          return lines.join('\n');
        },
        /bad-annex\.csv \(line 5\): the designation has no name/,
      ],
      [
        'an unknown schema',
        () => {
          const lines = original();
          lines[4] = lines[4]!.replace(',Person,Ri Hong-sop,', ',Persn,Ri Hong-sop,');
          return lines.join('\n');
        },
        /bad-annex\.csv \(line 5\): unknown schema "Persn" for "Ri Hong-sop"/,
      ],
      [
        'a header without the name column',
        () => original().map((l, i) => (i === 0 ? l.replace(',name,', ',nom,') : l)).join('\n'),
        /bad-annex\.csv \(line 1\): the header lacks the column name: not an EU Official Journal annex transcription/,
      ],
      [
        'an amendment file instead of the consolidated annex',
        () => `amendedCelex,amendmentCelex,${original().join('\n').split(',').slice(1).join(',')}`,
        /bad-annex\.csv \(line 1\): this is an amendment file/,
      ],
    ];
    for (const [label, content, message] of malformed) {
      it(`rejects ${label}, naming the line, and keeps the versions in force`, async () => {
        const file = join(tmp.dir, 'bad-annex.csv');
        writeFileSync(file, content());
        const before = await inForce();
        await assert.rejects(importList(store, { dataset: 'eu_dprk_annex', files: [file] }), (err: Error) => {
          assert.ok(err instanceof ListFormatError, `${err.name}: ${err.message}`);
          assert.match(err.message, message);
          return true;
        });
        assert.deepEqual(await inForce(), before);
        assert.deepEqual((await store.getEntity('eu_dprk_annex-XIII.A-4'))?.properties.name, ['Ri Hong-sop']);
      });
    }
  });
}

const tmpSqlite = tempDir('vigil-eu-sqlite-');
after(() => tmpSqlite.cleanup());
storeSuite('sqlite', () => openStore({ kind: 'sqlite', file: join(tmpSqlite.dir, 'vigil.sqlite') }));
const schemas = pgSchemas('eu_annex');
after(() => schemas.dropAll());
storeSuite('postgres', () => openStore({ kind: 'postgres', url: PG_URL!, schema: schemas.next() }), PG_SKIP);
