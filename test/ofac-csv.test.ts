/**
 * Tests for the OFAC legacy CSV adapter (src/lists/ofac-csv.ts) on the real SDN and consolidated
 * files, a small hand-written set for the format quirks, and malformed input. Expected counts are
 * computed here from the raw files with a CSV splitter and regexes of the test's own, not taken
 * from the adapter.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Entity } from '../src/model/entity.js';
import { walletEntity } from '../src/model/wallet.js';
import { ListFormatError } from '../src/lists/errors.js';
import { OFAC_CSV_URLS, ofacCsv } from '../src/lists/ofac-csv.js';
import type { ParsedList } from '../src/lists/types.js';
import { peekText } from '../src/lists/source-file.js';
import { listFile, tempDir } from './helpers.js';

const SDN_2024 = listFile('ofac-sdn-csv', '2024-05-03', 'sdn.csv');
const ADD_2025 = listFile('ofac-sdn-csv', '2025-12-24', 'add.csv');
const ALT_2025 = listFile('ofac-sdn-csv', '2025-12-24', 'alt.csv');
const COMMENTS_2025 = listFile('ofac-sdn-csv', '2025-12-24', 'sdn_comments.csv');
const CONS_DIR = listFile('ofac-cons', '2025-12-19');
const UN_XML = listFile('un', 'un_consolidated_2026-02-27.xml');
const SDN_URL = 'https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV';
const CONS_URL = 'https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONS_PRIM.CSV';

// ---- independent reading of the raw files ------------------------------------------------------

/** Non-empty CRLF lines of a raw OFAC CSV file, the final Ctrl-Z removed. */
function rawLines(path: string): string[] {
  const text = readFileSync(path, 'latin1');
  return text
    .replace(/\x1a$/, '') // eslint-disable-line no-control-regex
    .split('\r\n')
    .filter((l) => l !== '');
}

/** A plain RFC 4180 splitter for one line (the OFAC files have no newlines inside fields). */
function splitLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q < 0) throw new Error(`unclosed quote in ${line.slice(0, 40)}`);
        if (line[q + 1] === '"') {
          value += line.slice(j, q + 1);
          j = q + 2;
        } else {
          value += line.slice(j, q);
          i = q + 1;
          break;
        }
      }
      out.push(value);
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      out.push(line.slice(i, end));
      i = end;
    }
    if (i >= line.length) return out;
    i++; // the comma
    if (i === line.length) {
      out.push('');
      return out;
    }
  }
}

function empty(v: string | undefined): boolean {
  return v === undefined || v.trim() === '' || v.trim() === '-0-';
}

function byId(list: ParsedList): Map<string, Entity> {
  return new Map(list.entities.map((e) => [e.id, e]));
}

function walletsOf(list: ParsedList, holderId: string): Entity[] {
  return list.entities.filter((e) => e.schema === 'CryptoWallet' && e.properties.holder?.[0] === holderId);
}

async function rejectsWith(promise: Promise<unknown>, ...patterns: RegExp[]): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof ListFormatError, `expected ListFormatError, got ${String(err)}`);
    for (const p of patterns) assert.match(err.message, p);
    return true;
  });
}

// ---- SDN.CSV of 2024-05-03 alone -----------------------------------------------------------------

describe('ofac-csv: SDN.CSV 2024-05-03 alone', () => {
  let list: ParsedList;
  let rows: string[][];
  before(async () => {
    list = await ofacCsv.parse([SDN_2024], { dataset: 'us_ofac_sdn' });
    rows = rawLines(SDN_2024).map(splitLine);
  });

  it('reads every row, one party per row, with unique ids', () => {
    assert.equal(rows.length, 14965); // PROVENANCE.md
    assert.ok(rows.every((r) => r.length === 12));
    assert.equal(list.stats['rows:primary'], rows.length);
    const parties = list.entities.filter((e) => e.schema !== 'CryptoWallet');
    assert.equal(parties.length, rows.length);
    assert.deepEqual(
      parties.map((e) => e.id),
      rows.map((r) => `us_ofac_sdn-${r[0]}`),
    );
    assert.equal(new Set(list.entities.map((e) => e.id)).size, list.entities.length);
    assert.equal(list.format, 'ofac-csv');
    assert.equal(list.dataset, 'us_ofac_sdn');
    assert.equal(list.publishedAt, undefined);
  });

  it('maps SDN_Type to schemata (entities are written -0-)', () => {
    const expected = { Organization: 0, Person: 0, Vessel: 0, Aircraft: 0 };
    for (const r of rows) {
      const t = r[2]!.trim();
      if (t === '-0-') expected.Organization++;
      else if (t === 'individual') expected.Person++;
      else if (t === 'vessel') expected.Vessel++;
      else if (t === 'aircraft') expected.Aircraft++;
    }
    assert.deepEqual(expected, { Organization: 6884, Person: 6854, Vessel: 851, Aircraft: 376 }); // PROVENANCE.md
    for (const [schema, n] of Object.entries(expected)) {
      assert.equal(list.entities.filter((e) => e.schema === schema).length, n, schema);
      assert.equal(list.stats[`schema:${schema}`], n, schema);
    }
  });

  it('splits programs written "DPRK3] [CYBER2" and finds the 484 DPRK rows', () => {
    const entities = byId(list);
    let dprk = 0;
    let multi = 0;
    for (const r of rows) {
      const raw = r[3]!;
      const e = entities.get(`us_ofac_sdn-${r[0]}`)!;
      const expected = raw.split('] [').map((p) => p.trim());
      assert.deepEqual(e.properties.program, expected, r[0]);
      if (raw.includes('DPRK')) dprk++;
      if (expected.length > 1) multi++;
    }
    assert.equal(dprk, 484); // PROVENANCE.md
    assert.ok(multi > 1000);
    const parties = list.entities.filter((e) => e.schema !== 'CryptoWallet');
    assert.equal(parties.filter((e) => e.properties.program?.some((p) => p.startsWith('DPRK'))).length, dprk);
    assert.ok(list.entities.every((e) => (e.properties.program ?? []).every((p) => !/[[\]]/.test(p))));
  });

  it('makes one wallet per complete Digital Currency Address mention, none truncated', () => {
    const raw = readFileSync(SDN_2024, 'latin1');
    const mentions = [...raw.matchAll(/Digital Currency Address - [A-Z0-9]+ ?[^\s;"]*/g)];
    assert.equal(mentions.length, 295); // PROVENANCE.md

    // Expected wallets: mentions in the remarks, minus the last part of remarks cut at 1,000
    // characters (it can end mid-address), one per holder, currency and address.
    const expected = new Set<string>();
    const byCurrency: Record<string, number> = {};
    for (const r of rows) {
      if (empty(r[11])) continue;
      let remarks = r[11]!.trim();
      if (r[11]!.length >= 1000 && !remarks.endsWith(';')) remarks = remarks.slice(0, remarks.lastIndexOf('; '));
      for (const m of remarks.matchAll(/Digital Currency Address - ([A-Z0-9]+) ([^\s;"]+)/g)) {
        const key = `us_ofac_sdn-${r[0]}|${m[1]}|${m[2]!.replace(/[.,;]+$/, '')}`;
        if (expected.has(key)) continue;
        expected.add(key);
        byCurrency[m[1]!] = (byCurrency[m[1]!] ?? 0) + 1;
      }
    }
    const wallets = list.entities.filter((e) => e.schema === 'CryptoWallet');
    const got = new Set(
      wallets.map((w) => `${w.properties.holder![0]}|${w.properties.currency![0]}|${w.properties.publicKey![0]}`),
    );
    assert.deepEqual([...got].sort(), [...expected].sort());
    assert.equal(wallets.length, expected.size);
    assert.ok(wallets.length >= 280 && wallets.length < 295);
    assert.equal(list.stats.wallets, wallets.length);
    for (const [cur, n] of Object.entries(byCurrency)) assert.equal(list.stats[`wallet:${cur}`], n, cur);

    // Every address is a whole token of the raw file, ended by ';' or the remark's final '.'.
    for (const w of wallets) {
      const token = `${w.properties.currency![0]} ${w.properties.publicKey![0]}`;
      assert.ok(raw.includes(`${token};`) || raw.includes(`${token}."`), `${w.id} is not a complete address`);
      assert.ok(list.entities.some((e) => e.id === w.properties.holder![0]));
    }
    // The cut addresses of this file ("- XBT 1Gq", "- XBT 3") must not become wallets.
    assert.ok(!wallets.some((w) => ['1Gq', '3', '1B64QRxf', '1N6XqS'].includes(w.properties.publicKey![0]!)));
    assert.ok(list.warnings.some((w) => /cut at 1000 characters/.test(w)));
  });

  it('reads a known DPRK person in full: KIM, Sang Man (43377)', () => {
    const kim = byId(list).get('us_ofac_sdn-43377')!;
    assert.equal(kim.schema, 'Person');
    assert.equal(kim.caption, 'KIM, Sang Man');
    assert.deepEqual(kim.names?.[0], {
      kind: 'name',
      script: 'Latn',
      full: 'KIM, Sang Man',
      parts: [
        { type: 'last', value: 'KIM' },
        { type: 'first', value: 'Sang Man' },
      ],
    });
    const p = kim.properties;
    assert.deepEqual(p.lastName, ['KIM']);
    assert.deepEqual(p.firstName, ['Sang Man']);
    assert.deepEqual(p.program, ['DPRK4']);
    assert.deepEqual(p.birthDate, ['1965-04-25']);
    assert.deepEqual(p.birthPlace, ['North Pyongan Province, North Korea']);
    assert.deepEqual(p.nationality, ['kp']);
    assert.deepEqual(p.gender, ['male']);
    assert.deepEqual(p.passportNumber, ['109420132', '827220538', '563220082']);
    assert.deepEqual(p.authority, ['Office of Foreign Assets Control']);
    assert.deepEqual(p.sanctionsList, ['SDN List']);
    assert.deepEqual(p.sourceUrl, [SDN_URL]);
    assert.deepEqual(p.topics, ['sanction']);
    assert.match(p.remarks![0]!, /^DOB 25 Apr 1965; .*alt\. Passport 563220082 \(Korea, North\)\.$/);

    const wallets = walletsOf(list, 'us_ofac_sdn-43377');
    assert.deepEqual(wallets.map((w) => w.id).sort(), [
      'us_ofac_sdn-43377-eth-0x97b1043abd9e6fc31681635166d430a458d14f9c',
      'us_ofac_sdn-43377-eth-0xb6f5ec1a0a9cd1526536d3f0426c429529471f40',
      'us_ofac_sdn-43377-usdc-0xb6f5ec1a0a9cd1526536d3f0426c429529471f40',
      'us_ofac_sdn-43377-usdt-0xb6f5ec1a0a9cd1526536d3f0426c429529471f40',
      'us_ofac_sdn-43377-xbt-1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ',
      'us_ofac_sdn-43377-xbt-1FCNgfZWpYMeYhy9t18AAkTBu8AsdoAc1Z',
    ]);
    // Same entity as the model builds for the advanced XML (FixedRef = ent_num).
    const usdt = wallets.find((w) => w.properties.currency?.[0] === 'USDT')!;
    assert.deepEqual(
      usdt,
      walletEntity({
        dataset: 'us_ofac_sdn',
        holderSourceId: '43377',
        currency: 'USDT',
        address: '0xb6f5ec1a0a9cd1526536d3f0426c429529471f40',
        program: ['DPRK4'],
        authority: ['Office of Foreign Assets Control'],
        sourceUrl: [SDN_URL],
      }),
    );
  });

  it('reads Lazarus Group (27307): eight ETH wallets, weak AKAs from the remarks, cut tail ignored', () => {
    const lazarus = byId(list).get('us_ofac_sdn-27307')!;
    assert.equal(lazarus.schema, 'Organization');
    assert.deepEqual(lazarus.names?.[0]?.parts, [{ type: 'entity', value: 'LAZARUS GROUP' }]);
    const wallets = walletsOf(list, 'us_ofac_sdn-27307');
    assert.equal(wallets.length, 8);
    assert.ok(wallets.every((w) => w.properties.currency?.[0] === 'ETH' && w.id.startsWith('us_ofac_sdn-27307-eth-0x')));
    assert.ok(wallets.some((w) => w.properties.publicKey?.[0] === '0x098B716B8Aaf21512996dC57EB0615e2383E2f96'));
    const weak = lazarus.properties.weakAlias ?? [];
    assert.ok(weak.includes('HIDDEN COBRA') && weak.includes('THE NEW ROMANTIC CYBER ARMY TEAM'));
    assert.ok(!weak.some((w) => w.startsWith('WHOIS'))); // cut off at 1,000 characters
    assert.equal(lazarus.properties.alias, undefined);
  });

  it('maps vessel, aircraft and date forms', () => {
    const e = byId(list);
    const vessel = e.get('us_ofac_sdn-17069')!; // CHONG CHON GANG
    assert.equal(vessel.schema, 'Vessel');
    assert.deepEqual(vessel.properties.flag, ['kp']);
    assert.deepEqual(vessel.properties.type, ['General Cargo']);
    assert.deepEqual(vessel.properties.imoNumber, ['IMO7937317']);
    assert.deepEqual(vessel.names?.[0]?.parts, [{ type: 'vessel', value: 'CHONG CHON GANG' }]);
    const aircraft = e.get('us_ofac_sdn-18150')!; // MSN 391
    assert.equal(aircraft.schema, 'Aircraft');
    assert.deepEqual(aircraft.properties.model, ['Airbus A340-642']);
    assert.deepEqual(aircraft.properties.buildDate, ['2002']);
    assert.deepEqual(aircraft.properties.registrationNumber, ['EP-MMH']);
    assert.deepEqual(aircraft.names?.[0]?.parts, [{ type: 'aircraft', value: 'MSN 391' }]);
    assert.deepEqual(e.get('us_ofac_sdn-7782')!.properties.birthDate, ['1951']); // DOB circa 1951
    const range = e.get('us_ofac_sdn-16540')!.properties.birthDate; // 01 Jan 1977 to 31 Dec 1985
    assert.deepEqual(range, ['1977', '1978', '1979', '1980', '1981', '1982', '1983', '1984', '1985']);
    // Two-comma names keep the suffix apart.
    const delos = [...e.values()].find((x) => x.caption === 'DELOS REYES, Feliciano Semborio, Jr.')!;
    assert.deepEqual(delos.properties.lastName, ['DELOS REYES']);
    assert.deepEqual(delos.properties.firstName, ['Feliciano Semborio']);
  });

  it('takes weak AKAs only from single-quoted a.k.a. in the remarks (306: BNC)', () => {
    const bnc = byId(list).get('us_ofac_sdn-306')!;
    assert.deepEqual(bnc.properties.weakAlias, ['BNC']);
    const rawWeak = rows.reduce((n, r) => n + [...r[11]!.matchAll(/(?:^|; )(?:alt\. )?[afn]\.k\.a\. '.+?'(?=;|\.?$)/g)].length, 0);
    assert.equal(list.stats.weakAliases, rawWeak);
  });
});

// ---- SDN.CSV 2024 joined with ADD/ALT/SDN_COMMENTS of 2025-12-24 ---------------------------------

describe('ofac-csv: joins with the 2025-12-24 ADD/ALT/SDN_COMMENTS', () => {
  let list: ParsedList;
  let entities: Map<string, Entity>;
  let primaryIds: Set<string>;
  const progress: [number, number][] = [];
  before(async () => {
    // Out of order on purpose: roles come from column counts.
    list = await ofacCsv.parse([COMMENTS_2025, ALT_2025, SDN_2024, ADD_2025], {
      dataset: 'us_ofac_sdn',
      onProgress: (done, total) => progress.push([done, total]),
    });
    entities = byId(list);
    primaryIds = new Set(rawLines(SDN_2024).map((l) => /^(\d+),/.exec(l)![1]!));
  });

  it('counts rows per role and warns once about the orphan rows', () => {
    const add = rawLines(ADD_2025).map(splitLine);
    const alt = rawLines(ALT_2025).map(splitLine);
    const com = rawLines(COMMENTS_2025).map(splitLine);
    assert.equal(list.stats['rows:address'], add.length);
    assert.equal(list.stats['rows:alias'], alt.length);
    assert.equal(list.stats['rows:comments'], com.length);
    const orphans = [...add, ...alt, ...com].filter((r) => !primaryIds.has(r[0]!)).length;
    assert.ok(orphans > 0);
    assert.equal(list.stats.orphans, orphans);
    const warned = list.warnings.filter((w) => w.includes(`${orphans} rows name an ent_num`));
    assert.equal(warned.length, 1);
  });

  it('attaches every ALT row of a listed ent_num as alias or previousName', () => {
    let checked = 0;
    for (const r of rawLines(ALT_2025).map(splitLine)) {
      if (!primaryIds.has(r[0]!)) continue;
      const e = entities.get(`us_ofac_sdn-${r[0]}`)!;
      const prop = r[2] === 'fka' ? e.properties.previousName : e.properties.alias;
      assert.ok(prop?.includes(r[3]!.replace(/\s+/g, ' ').trim()), `${r[0]} ${r[3]}`);
      checked++;
    }
    assert.ok(checked > 10000);
    const kim = entities.get('us_ofac_sdn-43377')!;
    assert.deepEqual(kim.properties.alias, ['KIM, Sangman']);
    assert.deepEqual(
      kim.names?.find((n) => n.kind === 'alias')?.parts.map((p) => p.type),
      ['last', 'first'],
    );
  });

  it('attaches every ADD row of a listed ent_num as an address, and its country', () => {
    let checked = 0;
    for (const r of rawLines(ADD_2025).map(splitLine)) {
      if (!primaryIds.has(r[0]!)) continue;
      const parts = [r[2], r[3], r[4]].filter((x) => !empty(x)).map((x) => x!.replace(/\s+/g, ' ').trim());
      if (parts.length === 0) continue;
      const e = entities.get(`us_ofac_sdn-${r[0]}`)!;
      assert.ok(e.properties.address?.includes(parts.join(', ')), `${r[0]} ${parts.join(', ')}`);
      checked++;
    }
    assert.ok(checked > 10000);
    assert.deepEqual(entities.get('us_ofac_sdn-43377')!.properties.address, ['Russia', 'Korea, North']);
    assert.deepEqual(entities.get('us_ofac_sdn-43377')!.properties.country, ['ru', 'kp']);
    assert.deepEqual(entities.get('us_ofac_sdn-44718')!.properties.country, ['ae']);
  });

  it('continues cut remarks with the comments, without adding or losing a space', () => {
    const semenov = entities.get('us_ofac_sdn-44718')!;
    const remarks = semenov.properties.remarks![0]!;
    // SDN.CSV stops at "...Controlled By U.S. " and the comment goes on "Financial Institutions...".
    assert.ok(remarks.includes('Owned or Controlled By U.S. Financial Institutions: North Korea'));
    assert.ok(remarks.endsWith("a.k.a. 'ROMA'; a.k.a. 'POMA'."));
    assert.deepEqual(semenov.properties.passportNumber, ['731969851']);
    assert.deepEqual(semenov.properties.weakAlias, ['ROMA', 'POMA']);
    const lazarus = entities.get('us_ofac_sdn-27307')!;
    assert.ok(lazarus.properties.weakAlias?.includes('WHOIS HACKING TEAM'));
    // More wallets than SDN.CSV alone: the comments hold the rest of the long address lists.
    assert.ok(walletsOf(list, 'us_ofac_sdn-42496').length > 13);
  });

  it('does not append a comment to a remark that was not cut (22985 is 281 characters in 2024)', () => {
    const cheil = entities.get('us_ofac_sdn-22985')!;
    assert.ok(!cheil.properties.remarks![0]!.includes('USDT'));
    assert.equal(walletsOf(list, 'us_ofac_sdn-22985').length, 0);
    assert.ok(list.warnings.some((w) => /not appended/.test(w) && w.includes('22985')));
  });

  it('reports progress over all files', () => {
    assert.ok(progress.length > 0);
    const total = progress[0]![1];
    assert.ok(progress.every(([done, t]) => t === total && done <= total));
    assert.equal(progress.at(-1)![0], total);
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i]![0] >= progress[i - 1]![0]);
  });
});

// ---- the consolidated (non-SDN) set ---------------------------------------------------------------

describe('ofac-csv: consolidated set 2025-12-19 (siblings found from CONS_PRIM alone)', () => {
  let list: ParsedList;
  const progress: [number, number][] = [];
  before(async () => {
    list = await ofacCsv.parse([join(CONS_DIR, 'cons_prim.csv')], {
      dataset: 'us_ofac_cons',
      onProgress: (done, total) => progress.push([done, total]),
    });
  });

  it('reports progress over the primary and its siblings', () => {
    const total = ['cons_prim.csv', 'cons_add.csv', 'cons_alt.csv', 'cons_comments.csv']
      .map((f) => readFileSync(join(CONS_DIR, f)).length)
      .reduce((a, b) => a + b, 0);
    assert.ok(progress.length >= 4);
    assert.ok(progress.every(([, t]) => t === total));
    assert.equal(progress.at(-1)![0], total);
  });

  it('reads the 442 primary rows and finds cons_add, cons_alt and cons_comments', () => {
    const prim = rawLines(join(CONS_DIR, 'cons_prim.csv'));
    assert.equal(prim.length, 442); // PROVENANCE.md
    assert.equal(list.entities.length, prim.length); // no DCA in the consolidated list
    assert.equal(list.stats['rows:primary'], prim.length);
    assert.equal(list.stats['rows:address'], rawLines(join(CONS_DIR, 'cons_add.csv')).length);
    assert.equal(list.stats['rows:alias'], rawLines(join(CONS_DIR, 'cons_alt.csv')).length);
    assert.equal(list.stats['rows:comments'], rawLines(join(CONS_DIR, 'cons_comments.csv')).length);
    assert.equal(list.stats.orphans, 0);
    assert.ok(list.entities.every((e) => e.properties.sanctionsList?.[0] === 'Consolidated List'));
    assert.ok(list.entities.every((e) => e.properties.sourceUrl?.[0] === CONS_URL));
    assert.ok(list.entities.every((e) => e.id.startsWith('us_ofac_cons-')));
  });

  it('splits programs', () => {
    const e = byId(list);
    let multi = 0;
    for (const r of rawLines(join(CONS_DIR, 'cons_prim.csv')).map(splitLine)) {
      const expected = r[3]!.split('] [');
      if (expected.length > 1) multi++;
      assert.deepEqual(e.get(`us_ofac_cons-${r[0]}`)!.properties.program, expected);
    }
    assert.ok(multi >= 86); // UKRAINE-EO13662 with RUSSIA-EO14024: 86 (PROVENANCE.md)
  });

  it('joins each comment to its cut remark', () => {
    const prim = new Map(rawLines(join(CONS_DIR, 'cons_prim.csv')).map((l) => [splitLine(l)[0]!, splitLine(l)]));
    const e = byId(list);
    const comments = rawLines(join(CONS_DIR, 'cons_comments.csv')).map(splitLine);
    for (const [ent, text] of comments) {
      const expected = (prim.get(ent!)![11]! + text!).replace(/\s+/g, ' ').trim();
      assert.equal(e.get(`us_ofac_cons-${ent}`)!.properties.remarks?.[0], expected);
    }
    assert.equal(list.stats['comments:appended'], comments.length);
  });
});

// ---- a hand-written set: quirks, siblings with odd case, remark continuation ---------------------

describe('ofac-csv: hand-written set', () => {
  const tmp = tempDir();
  after(() => tmp.cleanup());

  const address = 'bc1qexampleaddress0000000000000000000000';
  const prefix =
    'DOB 30 Aug 1987; POB Pyongyang, Korea, North; nationality Korea, North; Gender Male; ' +
    'Passport 836420186 (Korea, North) issued 28 Oct 2016 expires 27 Oct 2021; Email Address kim@example.com; ' +
    'Secondary sanctions risk: ';
  const lead = '; Digital Currency Address - XBT ';
  // Pad so that the 1,000-character cut falls 10 characters into the address.
  const filler = 'x'.repeat(990 - prefix.length - lead.length);
  const fullRemark = `${prefix}${filler}${lead}${address}; a.k.a. 'CHOL SU'.`;
  const sdn = [
    `1001,"KIM, Chol Su","individual","DPRK3] [CYBER2","Director",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"${fullRemark.slice(0, 1000)}"`,
    `1002,"SEA STAR","vessel","DPRK",-0- ,"HMXY","Bulk Carrier","1,000","2,000","Korea, North","SEA STAR SHIPPING CO",-0- `,
    `1003,"ACME TRADING CO.",-0- ,"DPRK4",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"Website www.acme.example; Phone Number +850 2 123 4567; Digital Currency Address - ETH 0xAbC0000000000000000000000000000000000001; alt. Digital Currency Address - ETH 0xAbC0000000000000000000000000000000000001; Linked To: KIM, Chol Su."`,
  ];
  const add = ['1001,501,"Street 1","Pyongyang","Korea, North",-0- ', '9999,502,-0- ,-0- ,"Iran",-0- '];
  const alt = ['1001,601,"aka","KIM, Cholsu",-0- ', '1003,602,"fka","ACME OLD CO.",-0- ', '1003,603,"nka","ACME NEW CO.",-0- '];
  const comments = [`1001,"${fullRemark.slice(1000)}"`];
  const write = (dir: string, name: string, lines: string[]): string => {
    const path = join(dir, name);
    writeFileSync(path, `${lines.join('\r\n')}\r\n\x1a`, 'latin1');
    return path;
  };
  let withSiblings: string;
  let alone: string;
  before(() => {
    mkdirSync(join(tmp.dir, 'set'));
    mkdirSync(join(tmp.dir, 'alone'));
    withSiblings = write(join(tmp.dir, 'set'), 'SDN.CSV', sdn);
    write(join(tmp.dir, 'set'), 'Add.Csv', add);
    write(join(tmp.dir, 'set'), 'alt.CSV', alt);
    write(join(tmp.dir, 'set'), 'SDN_Comments.csv', comments);
    alone = write(join(tmp.dir, 'alone'), 'sdn.csv', sdn);
  });

  it('finds siblings whatever their case and joins them', async () => {
    const list = await ofacCsv.parse([withSiblings], { dataset: 't' });
    const e = byId(list);
    const kim = e.get('t-1001')!;
    assert.equal(kim.properties.remarks?.[0], fullRemark);
    assert.deepEqual(kim.properties.program, ['DPRK3', 'CYBER2']);
    assert.deepEqual(kim.properties.title, ['Director']);
    assert.deepEqual(kim.properties.birthDate, ['1987-08-30']);
    assert.deepEqual(kim.properties.birthPlace, ['Pyongyang, Korea, North']);
    assert.deepEqual(kim.properties.nationality, ['kp']);
    assert.deepEqual(kim.properties.passportNumber, ['836420186']);
    assert.deepEqual(kim.properties.email, ['kim@example.com']);
    assert.deepEqual(kim.properties.alias, ['KIM, Cholsu']);
    assert.deepEqual(kim.properties.weakAlias, ['CHOL SU']);
    assert.deepEqual(kim.properties.address, ['Street 1, Pyongyang, Korea, North']);
    assert.deepEqual(kim.properties.country, ['kp']);
    assert.deepEqual(walletsOf(list, 't-1001').map((w) => w.id), [`t-1001-xbt-${address}`]);

    const vessel = e.get('t-1002')!;
    assert.equal(vessel.schema, 'Vessel');
    assert.deepEqual(vessel.properties.callSign, ['HMXY']);
    assert.deepEqual(vessel.properties.type, ['Bulk Carrier']);
    assert.deepEqual(vessel.properties.flag, ['kp']);
    assert.deepEqual(vessel.properties.owner, ['SEA STAR SHIPPING CO']);
    assert.equal(vessel.properties.remarks, undefined);

    const acme = e.get('t-1003')!;
    assert.equal(acme.schema, 'Organization');
    assert.deepEqual(acme.properties.previousName, ['ACME OLD CO.']);
    assert.deepEqual(acme.properties.alias, ['ACME NEW CO.']);
    assert.deepEqual(acme.properties.website, ['www.acme.example']);
    assert.deepEqual(acme.properties.phone, ['+850 2 123 4567']);
    assert.equal(walletsOf(list, 't-1003').length, 1); // listed twice, one wallet

    assert.equal(list.stats.orphans, 1);
    assert.equal(list.warnings.filter((w) => /ent_num that is not in/.test(w)).length, 1);
  });

  it('without the comments, the cut address is not made a wallet', async () => {
    const list = await ofacCsv.parse([alone], { dataset: 't' });
    assert.equal(list.stats['rows:comments'], 0);
    assert.equal(walletsOf(list, 't-1001').length, 0);
    assert.equal(byId(list).get('t-1001')!.properties.remarks?.[0], fullRemark.slice(0, 1000));
    assert.ok(list.warnings.some((w) => /cut at 1000 characters/.test(w) && w.includes('1001')));
  });
});

// ---- malformed input ------------------------------------------------------------------------------

describe('ofac-csv: bad input', () => {
  const tmp = tempDir();
  after(() => tmp.cleanup());
  const good = (n: number): string => `${n},"NAME ${n}",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- `;
  const file = (name: string, content: string): string => {
    const path = join(tmp.dir, name);
    writeFileSync(path, content, 'latin1');
    return path;
  };

  it('names the line of a row with the wrong column count', async () => {
    const path = file('sdn.csv', [good(1), good(2), '3,"SHORT",-0- ,"SDGT",-0- ,-0- ,-0- ', good(4)].join('\r\n'));
    await rejectsWith(ofacCsv.parse([path], { dataset: 't' }), /^sdn\.csv \(line 3\): /, /expected 12 columns \(SDN\.CSV layout\), found 7/);
  });

  it('rejects a non-numeric ent_num', async () => {
    const path = file('bad-ent.csv', [good(1), good(2).replace(/^2/, 'X2')].join('\r\n'));
    await rejectsWith(ofacCsv.parse([path], { dataset: 't' }), /bad-ent\.csv \(line 2\)/, /ent_num must be a number/);
  });

  it('rejects an empty file and a file of nothing but CRLF and Ctrl-Z', async () => {
    await rejectsWith(ofacCsv.parse([file('empty.csv', '')], { dataset: 't' }), /empty\.csv/, /empty/);
    await rejectsWith(ofacCsv.parse([file('blank.csv', '\r\n\r\n\x1a')], { dataset: 't' }), /blank\.csv/, /no rows/);
  });

  it('rejects the UN XML passed as OFAC CSV', async () => {
    await assert.rejects(ofacCsv.parse([UN_XML], { dataset: 't' }), (err: unknown) => {
      assert.ok(err instanceof ListFormatError);
      assert.equal(err.file, UN_XML);
      assert.match(err.message, /^un_consolidated_2026-02-27\.xml \(line \d+\)/);
      return true;
    });
  });

  it('rejects a JSON lines file', async () => {
    const path = file('entities.jsonl', '{"id":"x","schema":"Person","properties":{"name":["A"]}}\n{"id":"y"}\n');
    await rejectsWith(ofacCsv.parse([path], { dataset: 't' }), /entities\.jsonl \(line 1\)/);
    const fixture = listFile('opensanctions', 'yente_fixture_t1_entities.ftm.json');
    await rejectsWith(ofacCsv.parse([fixture], { dataset: 't' }), /yente_fixture_t1_entities\.ftm\.json/);
  });

  it('reads a gzipped file and rejects one cut short', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => good(i + 1)).join('\r\n') + '\r\n\x1a';
    const gz = gzipSync(Buffer.from(rows, 'latin1'));
    const whole = join(tmp.dir, 'whole.csv.gz');
    writeFileSync(whole, gz);
    assert.equal((await ofacCsv.parse([whole], { dataset: 't' })).entities.length, 3000);
    const cut = join(tmp.dir, 'cut.csv.gz');
    writeFileSync(cut, gz.subarray(0, Math.floor(gz.length / 2)));
    await rejectsWith(ofacCsv.parse([cut], { dataset: 't' }), /^cut\.csv\.gz \(byte \d+ of \d+\)/, /damaged or cut short/);
  });

  it('maps csv-parse errors to the line', async () => {
    const path = file('quote.csv', [good(1), '2,"BROKEN"X,-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- '].join('\r\n'));
    await rejectsWith(ofacCsv.parse([path], { dataset: 't' }), /quote\.csv \(line 2\)/, /malformed CSV/);
  });

  it('rejects a column count that matches no layout', async () => {
    const path = file('three.csv', '1,"A","B"\r\n2,"C","D"\r\n');
    await rejectsWith(ofacCsv.parse([path], { dataset: 't' }), /three\.csv \(line 1\)/, /3 columns match no OFAC/);
  });

  it('trusts the column count over the file name, with a warning', async () => {
    const primary = file('sdn.csv', good(1));
    const misnamed = file('alt.csv', '1,501,"Street 1","Pyongyang","Korea, North",-0- \r\n');
    const list = await ofacCsv.parse([misnamed, primary], { dataset: 't' });
    assert.deepEqual(list.entities[0]!.properties.address, ['Street 1, Pyongyang, Korea, North']);
    assert.ok(list.warnings.some((w) => /alt\.csv: the name says ALT\.CSV but its rows have 6 columns/.test(w)));
  });

  it('needs exactly one primary file and says what was given', async () => {
    await rejectsWith(
      ofacCsv.parse([ADD_2025, ALT_2025], { dataset: 't' }),
      /no primary file/,
      /add\.csv \(ADD\.CSV layout\), alt\.csv \(ALT\.CSV layout\)/,
    );
    await rejectsWith(ofacCsv.parse([SDN_2024, file('sdn2.csv', good(1))], { dataset: 't' }), /two files have the SDN\.CSV layout/);
    await rejectsWith(ofacCsv.parse([], { dataset: 't' }), /no files given/);
  });
});

// ---- detect -----------------------------------------------------------------------------------------

describe('ofac-csv: detect', () => {
  it('recognises every file of both sets', async () => {
    const files = [
      SDN_2024,
      ADD_2025,
      ALT_2025,
      COMMENTS_2025,
      listFile('ofac-sdn-csv', '2026-06-02', 'add.csv'),
      listFile('ofac-sdn-csv', '2026-06-02', 'alt.csv'),
      ...['cons_prim.csv', 'cons_add.csv', 'cons_alt.csv', 'cons_comments.csv'].map((f) => join(CONS_DIR, f)),
    ];
    for (const f of files) assert.equal(ofacCsv.detect(await peekText(f), 'x.csv'), true, f);
  });

  it('rejects other formats', async () => {
    const others = [
      UN_XML,
      listFile('uk', 'FCDO_SL_Mon_Aug_11_2025.ods'),
      listFile('uk', 'FCDO_SL_Mon_Aug_11_2025.converted.csv'),
      listFile('eu', 'eu_journal_consolidated_32017R1509.csv'),
      listFile('opensanctions', 'yente_fixture_t1_entities.ftm.json'),
      listFile('opensanctions', 'ua_war_sanctions_targets.simple.csv.gz'),
      listFile('ofac-sdn-advanced', 'sdn_advanced_2025-11-19.xml.gz'),
    ];
    for (const f of others) assert.equal(ofacCsv.detect(await peekText(f), 'sdn.csv'), false, f);
    assert.equal(ofacCsv.detect('id,name,schema\r\n1,"A","Person"\r\n', 'data.csv'), false);
    assert.equal(ofacCsv.detect('1,"some text"\n2,"more"\n', 'notes.csv'), false);
    assert.equal(ofacCsv.detect('{"id":"1"}\n', 'x.jsonl'), false);
    assert.equal(ofacCsv.detect('', 'sdn.csv'), false);
  });

  it('exports the official URLs of both sets', () => {
    assert.equal(OFAC_CSV_URLS.sdn[0], SDN_URL);
    assert.equal(OFAC_CSV_URLS.cons[0], CONS_URL);
    assert.equal(OFAC_CSV_URLS.sdn.length, 4);
    assert.ok(OFAC_CSV_URLS.cons.every((u) => /\/CONS_[A-Z]+\.CSV$/.test(u)));
    assert.equal(ofacCsv.format, 'ofac-csv');
  });
});
