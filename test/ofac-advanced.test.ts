/**
 * The OFAC advanced XML adapter on the real 2025-11-19 publication. Expected counts are computed
 * here from the raw XML text with regular expressions, independently of the adapter's parser.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { ListFormatError } from '../src/lists/errors.js';
import { ofacAdvancedXml, periodDates } from '../src/lists/ofac-advanced.js';
import type { ParsedList } from '../src/lists/types.js';
import type { Entity } from '../src/model/index.js';
import { listFile, tempDir } from './helpers.js';

const NOV = listFile('ofac-sdn-advanced', 'sdn_advanced_2025-11-19.xml.gz');
const DERIVED = listFile('ofac-sdn-advanced', 'derived_crypto_address_lists_2025-11-19');

let parsed: ParsedList;
let raw: string;
let byId: Map<string, Entity>;
const tmp = tempDir();

before(async () => {
  raw = gunzipSync(readFileSync(NOV)).toString('utf8');
  parsed = await ofacAdvancedXml.parse([NOV], { dataset: 'us_ofac_sdn' });
  byId = new Map(parsed.entities.map((e) => [e.id, e]));
});
after(() => tmp.cleanup());

describe('OFAC advanced XML: counts against the raw file', () => {
  it('has one party entity per DistinctParty element', () => {
    const distinctParties = raw.match(/<DistinctParty\s/g)?.length ?? 0;
    assert.equal(distinctParties, 18_367);
    const parties = parsed.entities.filter((e) => e.schema !== 'CryptoWallet');
    assert.equal(parties.length, distinctParties);
    assert.equal(new Set(parties.map((e) => e.id)).size, distinctParties);
  });

  it('splits parties into vessels, aircraft, persons and organisations by party subtype', () => {
    const subtypes = new Map<string, number>();
    for (const m of raw.matchAll(/<Profile ID="\d+" PartySubTypeID="(\d+)"/g)) subtypes.set(m[1]!, (subtypes.get(m[1]!) ?? 0) + 1);
    const count = (schema: string) => parsed.entities.filter((e) => e.schema === schema).length;
    assert.equal(count('Vessel'), subtypes.get('1'));
    assert.equal(count('Aircraft'), subtypes.get('2'));
    assert.equal(count('Organization'), subtypes.get('3'));
    assert.equal(count('Person'), subtypes.get('4'));
  });

  it('reads every Digital Currency Address feature, by currency', () => {
    const dcaTypes = new Map<string, string>();
    for (const m of raw.matchAll(/<FeatureType ID="(\d+)"[^>]*>Digital Currency Address - (\w+)<\/FeatureType>/g)) {
      dcaTypes.set(m[1]!, m[2]!);
    }
    const expected: Record<string, number> = {};
    let total = 0;
    for (const m of raw.matchAll(/<Feature ID="\d+" FeatureTypeID="(\d+)">/g)) {
      const currency = dcaTypes.get(m[1]!);
      if (currency) {
        expected[currency] = (expected[currency] ?? 0) + 1;
        total++;
      }
    }
    assert.equal(total, 761);
    assert.equal(parsed.stats.wallets, total);
    for (const [currency, n] of Object.entries(expected)) assert.equal(parsed.stats[`wallet:${currency}`], n, currency);
  });

  it('gives the same currency/address pairs as the independently derived address lists', () => {
    const fromAdapter = new Set(
      parsed.entities
        .filter((e) => e.schema === 'CryptoWallet')
        .map((e) => `${e.properties.currency![0]} ${e.properties.publicKey![0]}`),
    );
    const derived = new Set<string>();
    for (const file of readdirSync(DERIVED)) {
      const currency = /sanctioned_addresses_(\w+)\.txt/.exec(file)![1]!;
      for (const line of readFileSync(join(DERIVED, file), 'utf8').split('\n')) {
        if (line.trim() !== '') derived.add(`${currency} ${line.trim()}`);
      }
    }
    assert.equal(derived.size, 758);
    assert.deepEqual([...fromAdapter].sort(), [...derived].sort());
  });

  it('links every wallet to a holder that is a listed party', () => {
    const wallets = parsed.entities.filter((e) => e.schema === 'CryptoWallet');
    for (const w of wallets) {
      const holder = byId.get(w.properties.holder![0]!);
      assert.ok(holder && holder.schema !== 'CryptoWallet', `holder of ${w.id}`);
      assert.deepEqual(w.properties.program, holder.properties.program);
    }
    const cheil = wallets.filter((w) => w.properties.holder![0] === 'us_ofac_sdn-22985' && w.properties.currency![0] === 'USDT');
    assert.equal(cheil.length, 53);
  });

  it('records which list each party is on, per sanctions entry', () => {
    const lists = new Map<string, string>();
    for (const m of raw.matchAll(/<List ID="(\d+)">([^<]+)<\/List>/g)) lists.set(m[1]!, m[2]!);
    const expected = new Map<string, number>();
    for (const m of raw.matchAll(/<SanctionsEntry ID="\d+" ProfileID="\d+" ListID="(\d+)">/g)) {
      const name = lists.get(m[1]!)!;
      expected.set(name, (expected.get(name) ?? 0) + 1);
    }
    assert.equal(expected.get('SDN List'), 18_367);
    for (const [name, n] of expected) assert.equal(parsed.stats[`list:${name}`], n, name);
    const ssi = parsed.entities.filter((e) => e.properties.sanctionsList?.includes('Sectoral Sanctions Identifications List'));
    assert.equal(ssi.length, expected.get('Sectoral Sanctions Identifications List'));
  });

  it('takes the publication date from DateOfIssue', () => {
    assert.equal(parsed.publishedAt, '2025-11-19');
  });
});

describe('OFAC advanced XML: records', () => {
  it('reads the full record of Song Kum Hyok (FixedRef 49970)', () => {
    const song = byId.get('us_ofac_sdn-49970')!;
    assert.equal(song.schema, 'Person');
    assert.equal(song.caption, 'Song Kum Hyok');
    assert.deepEqual(song.properties.birthDate, ['1987-08-30']);
    assert.deepEqual(song.properties.email, ['wangge327@yahoo.com']);
    assert.deepEqual(song.properties.program, ['CYBER4']);
    assert.deepEqual(song.properties.gender, ['male']);
    assert.deepEqual(song.properties.nationality, ['kp']);
    assert.deepEqual(song.properties.listingDate, ['2025-07-08']);
    assert.deepEqual(song.properties.sanctionsList, ['SDN List']);
    assert.deepEqual(song.properties.lastName, ['Song']);
    assert.deepEqual(song.properties.firstName, ['Kum Hyok']);
    assert.ok(song.properties.address?.some((a) => a.includes('Yanji')));
    assert.deepEqual(song.names?.[0]?.parts, [
      { type: 'last', value: 'Song' },
      { type: 'first', value: 'Kum Hyok' },
    ]);
  });

  it('keeps every script of a name and marks low-quality AKAs as weak', () => {
    const asatryan = byId.get('us_ofac_sdn-53820')!;
    assert.ok(asatryan.names?.some((n) => n.script === 'Cyrl' && n.kind === 'name'));
    assert.ok(asatryan.properties.alias?.includes('Asatryan LLC'));
    const weakInRaw = raw.match(/<Alias [^>]*LowQuality="true"/g)?.length ?? 0;
    const weakInEntities = parsed.entities.reduce(
      (n, e) => n + (e.names?.filter((x) => x.kind === 'weakAlias').length ?? 0),
      0,
    );
    assert.ok(weakInRaw > 0);
    // An alias can document one name per script, so there are at least as many weak names as weak aliases.
    assert.ok(weakInEntities >= weakInRaw, `${weakInEntities} weak names for ${weakInRaw} weak aliases`);
  });

  it('has the six 2025-07-08 DPRK-related designations with their programs', () => {
    const expected: Record<string, string> = {
      '49970': 'CYBER4',
      '53816': 'DPRK4',
      '53817': 'DPRK4',
      '53820': 'DPRK3',
      '53822': 'DPRK3',
      '53824': 'DPRK3',
    };
    for (const [ref, program] of Object.entries(expected)) {
      const e = byId.get(`us_ofac_sdn-${ref}`);
      assert.ok(e, ref);
      assert.ok(e.properties.program?.includes(program), `${ref} ${program}`);
      assert.ok(e.properties.listingDate?.includes('2025-07-08'), ref);
    }
  });

  it('turns OFAC date periods into dates of the right precision', () => {
    const day = { year: 1987, month: 8, day: 30 };
    assert.deepEqual(periodDates({ startFrom: day, startTo: day, endFrom: day, endTo: day, approximate: false }), ['1987-08-30']);
    const years = periodDates({
      startFrom: { year: 1960, month: 1, day: 1 },
      startTo: { year: 1960, month: 1, day: 1 },
      endFrom: { year: 1962, month: 12, day: 31 },
      endTo: { year: 1962, month: 12, day: 31 },
      approximate: false,
    });
    assert.deepEqual(years, ['1960', '1961', '1962']);
    const month = periodDates({
      startFrom: { year: 1970, month: 2, day: 1 },
      startTo: { year: 1970, month: 2, day: 1 },
      endFrom: { year: 1970, month: 2, day: 28 },
      endTo: { year: 1970, month: 2, day: 28 },
      approximate: false,
    });
    assert.deepEqual(month, ['1970-02']);
  });
});

describe('OFAC advanced XML: bad input', () => {
  const parse = (file: string) => ofacAdvancedXml.parse([file], { dataset: 'us_ofac_sdn' });

  it('rejects a truncated gzip file, naming it', async () => {
    const file = join(tmp.dir, 'cut.xml.gz');
    writeFileSync(file, readFileSync(NOV).subarray(0, 1_000_000));
    await assert.rejects(parse(file), (err: Error) => {
      assert.ok(err instanceof ListFormatError);
      assert.match(err.message, /cut\.xml\.gz/);
      assert.match(err.message, /gzip data is damaged or cut short/);
      return true;
    });
  });

  it('rejects a truncated XML file, naming the line', async () => {
    const file = join(tmp.dir, 'cut.xml');
    writeFileSync(file, raw.slice(0, 20_000_000));
    await assert.rejects(parse(file), (err: Error) => {
      assert.ok(err instanceof ListFormatError);
      assert.match(err.message, /cut\.xml \(line \d+, column \d+\)/);
      assert.match(err.message, /cut short|malformed XML/);
      return true;
    });
  });

  it('rejects malformed XML with its line number', async () => {
    const file = join(tmp.dir, 'broken.xml');
    const lines = raw.slice(0, 200_000).split('\n');
    lines[99] = '<Broken attr=noquotes>';
    writeFileSync(file, lines.join('\n'));
    await assert.rejects(parse(file), /broken\.xml \(line 100, column \d+\): malformed XML/);
  });

  it('rejects an empty file', async () => {
    const file = join(tmp.dir, 'empty.xml');
    writeFileSync(file, '');
    await assert.rejects(parse(file), /empty\.xml: the file is empty/);
  });

  it('rejects the UN list given as OFAC, saying what it looks like', async () => {
    await assert.rejects(
      parse(listFile('un', 'un_consolidated_2026-02-27.xml')),
      /root element is <CONSOLIDATED_LIST>, expected <Sanctions> \(this looks like the UN Security Council consolidated list\)/,
    );
  });

  it('detects its own format and not the others', () => {
    assert.ok(ofacAdvancedXml.detect(raw.slice(0, 4096), 'x.xml'));
    const un = readFileSync(listFile('un', 'un_consolidated_2026-02-27.xml'), 'utf8').slice(0, 4096);
    assert.equal(ofacAdvancedXml.detect(un, 'x.xml'), false);
  });
});
