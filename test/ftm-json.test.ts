/**
 * Tests of the FollowTheMoney JSON-lines adapter: the real yente fixture (expected values counted
 * from its raw lines), synthetic files for the joins (Address, Sanction, Identification, wallets),
 * gzip, and the inputs it must reject with a ListFormatError naming file and line.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ftmJson, openSanctionsUrl } from '../src/lists/ftm-json.js';
import { ListFormatError } from '../src/lists/errors.js';
import { peekText } from '../src/lists/source-file.js';
import { isPropertyName, type Entity } from '../src/model/index.js';
import { listFile, tempDir } from './helpers.js';

const FIXTURE = listFile('opensanctions', 'yente_fixture_t1_entities.ftm.json');
const UN_XML = listFile('un', 'un_consolidated_2026-02-27.xml');
const EU_CSV = listFile('eu', 'eu_journal_consolidated_32019R0796.csv');

interface RawEntity {
  id: string;
  schema: string;
  caption?: string;
  properties: Record<string, string[]>;
  referents?: string[];
  last_change?: string;
  last_seen?: string;
}

const rawLines = readFileSync(FIXTURE, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '');
const raw: RawEntity[] = rawLines.map((line) => JSON.parse(line) as RawEntity);
const PARTY = new Set(['Person', 'Organization', 'Company', 'LegalEntity', 'Vessel', 'CryptoWallet']);

const tmp = tempDir('vigil-ftm-');
after(() => tmp.cleanup());
let fileCounter = 0;
function writeTemp(content: string | Buffer, ext = 'ftm.json'): string {
  const path = join(tmp.dir, `file-${++fileCounter}.${ext}`);
  writeFileSync(path, content);
  return path;
}
function jsonl(records: object[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}
function byId(entities: Entity[], id: string): Entity {
  const found = entities.find((e) => e.id === id);
  assert.ok(found, `entity ${id} is in the result`);
  return found;
}
/** What the builder makes of a list of values: trimmed, blanks and repeats dropped. */
function cleaned(values: string[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    const c = v.replace(/\s+/g, ' ').trim();
    if (c !== '' && !out.includes(c)) out.push(c);
  }
  return out;
}
async function rejects(files: string[], check: (err: ListFormatError) => void): Promise<void> {
  await assert.rejects(ftmJson.parse(files, { dataset: 'test' }), (err: unknown) => {
    assert.ok(err instanceof ListFormatError, `a ListFormatError, got ${String(err)}`);
    check(err);
    return true;
  });
}

describe('ftm-json: format and detection', () => {
  it('names itself and builds the OpenSanctions URL', () => {
    assert.equal(ftmJson.format, 'ftm-json');
    assert.equal(ftmJson.title, 'FollowTheMoney entities (JSON lines, OpenSanctions exports)');
    assert.equal(openSanctionsUrl('eu_fsf'), 'https://data.opensanctions.org/datasets/latest/eu_fsf/entities.ftm.json');
  });

  it('detects the real FtM export and a first line cut by the end of the head', async () => {
    assert.equal(ftmJson.detect(await peekText(FIXTURE), 'entities.ftm.json'), true);
    const cut = rawLines[0]!.slice(0, 300);
    assert.ok(!cut.endsWith('}'));
    assert.equal(ftmJson.detect(cut, 'entities.ftm.json'), true);
    assert.equal(ftmJson.detect(`\n\n${rawLines[1]}\n`, 'x.json'), true);
  });

  it('does not detect other formats', async () => {
    assert.equal(ftmJson.detect(await peekText(UN_XML), 'un.xml'), false);
    assert.equal(ftmJson.detect(await peekText(EU_CSV), 'eu.csv'), false);
    assert.equal(ftmJson.detect('', 'empty.json'), false);
    assert.equal(ftmJson.detect('[{"id":"a","schema":"Person","properties":{}}]\n', 'array.json'), false);
    assert.equal(ftmJson.detect('{"id":"a","name":"x"}\n', 'other.json'), false);
    assert.equal(ftmJson.detect('{"id":"a","schema":"Person",\n"properties":{}}\n', 'pretty.json'), false);
  });
});

describe('ftm-json: the yente fixture', async () => {
  const result = await ftmJson.parse([FIXTURE], { dataset: 'eu_fsf' });
  const parties = raw.filter((r) => PARTY.has(r.schema));
  const addressIds = new Set<string>();
  for (const r of raw.filter((e) => e.schema === 'Address')) {
    addressIds.add(r.id);
    for (const ref of r.referents ?? []) addressIds.add(ref);
  }

  it('holds what PROVENANCE.md documents', () => {
    const schemata = raw.map((r) => r.schema);
    assert.equal(raw.length, 7);
    assert.equal(schemata.filter((s) => s === 'Person').length, 4);
    assert.equal(schemata.filter((s) => s === 'Organization').length, 2);
    assert.equal(schemata.filter((s) => s === 'Address').length, 1);
  });

  it('returns one entity per party, in file order, and no Address entity', () => {
    assert.equal(result.dataset, 'eu_fsf');
    assert.equal(result.format, 'ftm-json');
    assert.deepEqual(
      result.entities.map((e) => [e.id, e.schema]),
      parties.map((r) => [`eu_fsf-${r.id}`, r.schema]),
    );
    for (const schema of new Set(parties.map((r) => r.schema))) {
      assert.equal(result.stats[schema], parties.filter((r) => r.schema === schema).length, schema);
    }
    assert.equal(result.stats.entities, parties.length);
    assert.equal(result.stats.lines, rawLines.length);
    assert.equal(result.stats.records, raw.length);
  });

  it('keeps the model properties, names, referents and caption of each party', () => {
    for (const r of parties) {
      const e = byId(result.entities, `eu_fsf-${r.id}`);
      assert.deepEqual(e.datasets, ['eu_fsf']);
      assert.equal(e.caption, r.caption);
      for (const [key, values] of Object.entries(r.properties)) {
        if (key === 'notes') assert.deepEqual(e.properties.remarks, cleaned(values), `${r.id} notes`);
        else if (isPropertyName(key)) assert.deepEqual(e.properties[key], cleaned(values), `${r.id} ${key}`);
      }
      for (const key of Object.keys(e.properties)) {
        if (key === 'remarks' || key === 'referents' || key === 'address') continue;
        assert.ok(key in r.properties, `${r.id}: ${key} comes from the source`);
      }
      assert.deepEqual(e.properties.referents, cleaned(r.referents ?? []));
      assert.deepEqual(
        e.names?.map((n) => n.full),
        cleaned(r.properties.name ?? []),
      );
      for (const name of e.names ?? []) {
        assert.equal(name.kind, 'name');
        assert.ok(name.parts.length > 0);
        const latin = /\p{Script=Latin}/u.test(name.full);
        const cyrillic = /\p{Script=Cyrillic}/u.test(name.full);
        const greek = /\p{Script=Greek}/u.test(name.full);
        if (latin && !cyrillic && !greek) assert.equal(name.script, 'Latn', name.full);
        if (cyrillic && !latin) assert.equal(name.script, 'Cyrl', name.full);
        if (greek && !latin) assert.equal(name.script, 'Grek', name.full);
      }
    }
  });

  it('splits person names into first/last parts where the record gives them', () => {
    const kuzmenko = raw.find((r) => r.properties.name?.includes('Vitaly Yurievich KUZMENKO'));
    assert.ok(kuzmenko);
    const name = byId(result.entities, `eu_fsf-${kuzmenko.id}`).names?.find((n) => n.full === 'Vitaly Yurievich KUZMENKO');
    assert.deepEqual(name?.parts, [
      { type: 'first', value: 'Vitaly' },
      { type: 'middle', value: 'Yurievich' },
      { type: 'last', value: 'KUZMENKO' },
    ]);
  });

  it('joins addresses only where the reference resolves, and says which did not', () => {
    let unresolved = 0;
    for (const r of parties) {
      const refs = r.properties.addressEntity ?? [];
      const resolved = refs.filter((ref) => addressIds.has(ref));
      unresolved += refs.length - resolved.length;
      const e = byId(result.entities, `eu_fsf-${r.id}`);
      assert.equal(e.properties.address?.length ?? 0, resolved.length > 0 ? 1 : 0, r.id);
    }
    // The fixture's addressEntity values name addresses that are not in the file.
    assert.ok(unresolved > 0);
    assert.ok(result.warnings.some((w) => w.startsWith(`${unresolved} addressEntity references`)), result.warnings.join('\n'));
    assert.equal(result.stats['unreferenced:Address'], 1);
  });

  it('warns once per dropped property, with a count', () => {
    const withCreatedAt = raw.filter((r) => PARTY.has(r.schema) && 'createdAt' in r.properties).length;
    const warnings = result.warnings.filter((w) => w.includes('"createdAt"'));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, new RegExp(`dropped from ${withCreatedAt} entities`));
  });

  it('dates the publication by the newest last_change', () => {
    const newest = raw
      .map((r) => r.last_change ?? r.last_seen ?? '')
      .sort()
      .at(-1);
    assert.equal(result.publishedAt, newest);
  });

  it('joins the Address into the parties that reference it, by id or by referent', async () => {
    const address = raw.find((r) => r.schema === 'Address')!;
    const [orgA, orgB] = parties.filter((r) => r.schema === 'Organization');
    assert.ok(orgA && orgB && address.referents?.[0]);
    const edited = raw.map((r) => {
      if (r.id === orgA.id) return { ...r, properties: { ...r.properties, addressEntity: [address.id] } };
      if (r.id === orgB.id) return { ...r, properties: { ...r.properties, addressEntity: [address.referents![0]] } };
      return r;
    });
    // Address first, so the join cannot depend on order.
    edited.sort((a, b) => Number(b.schema === 'Address') - Number(a.schema === 'Address'));
    const res = await ftmJson.parse([writeTemp(jsonl(edited))], { dataset: 'eu_fsf' });
    for (const org of [orgA, orgB]) {
      assert.deepEqual(byId(res.entities, `eu_fsf-${org.id}`).properties.address, address.properties.full);
    }
    assert.equal(res.stats['merged:Address'], 1);
    assert.equal(res.stats['unreferenced:Address'], undefined);
    assert.ok(!res.entities.some((e) => e.id === `eu_fsf-${address.id}`));
  });

  it('parses a gzip-compressed copy identically', async () => {
    const gz = writeTemp(gzipSync(readFileSync(FIXTURE)), 'ftm.json.gz');
    const res = await ftmJson.parse([gz], { dataset: 'eu_fsf' });
    assert.deepEqual(res, result);
  });

  it('reports progress up to the file size', async () => {
    const calls: [number, number][] = [];
    await ftmJson.parse([FIXTURE], { dataset: 'eu_fsf', onProgress: (done, total) => calls.push([done, total]) });
    const size = readFileSync(FIXTURE).length;
    assert.ok(calls.length > 0);
    assert.deepEqual(calls.at(-1), [size, size]);
  });
});

describe('ftm-json: joins and mappings on synthetic files', () => {
  const person = {
    id: 'p1',
    schema: 'Person',
    caption: 'KIM Il',
    properties: {
      name: ['KIM Il', '김일'],
      firstName: ['Il'],
      lastName: ['KIM'],
      alias: ['Mr Kim'],
      birthDate: ['1970-05-01T00:00:00'],
      nationality: ['kp'],
      addressEntity: ['addr-1', 'addr-2'],
      sourceUrl: ['https://example.org/p1'],
      favouriteColour: ['blue'],
    },
    referents: ['ofac-1'],
    last_seen: '2025-01-02T03:04:05',
  };

  it('merges Sanction, Address, Identification and Passport records in any order', async () => {
    const file = writeTemp(
      jsonl([
        { id: 'addr-1', schema: 'Address', properties: { full: ['1 Main St, Pyongyang'] } },
        {
          id: 's1',
          schema: 'Sanction',
          properties: {
            entity: ['p1'],
            program: ['DPRK sanctions'],
            programId: ['EU-PRK'],
            authority: ['Council of the EU'],
            startDate: ['2017-08-05'],
            sourceUrl: ['https://example.org/s1'],
            reason: ['Works for the Reconnaissance General Bureau'],
          },
          last_change: '2025-06-01T10:00:00',
        },
        person,
        { id: 'addr-2', schema: 'Address', properties: { street: ['Sungri St'], city: ['Pyongyang'], country: ['kp'] } },
        { id: 'id1', schema: 'Identification', properties: { holder: ['p1'], number: ['123-456'], type: ['national id'] } },
        { id: 'pp1', schema: 'Passport', properties: { holder: ['ofac-1'], number: ['PP99'] } },
        { id: 'o1', schema: 'Ownership', properties: { owner: ['p1'], asset: ['x'] } },
        { id: 'f1', schema: 'Family', properties: { person: ['p1'], relative: ['x'] } },
        { id: 'f2', schema: 'Family', properties: { person: ['p1'], relative: ['y'] } },
      ]),
    );
    const res = await ftmJson.parse([file], { dataset: 'ds' });
    assert.equal(res.entities.length, 1);
    const p = res.entities[0]!;
    assert.equal(p.id, 'ds-p1');
    assert.equal(p.caption, 'KIM Il');
    assert.deepEqual(p.properties.program, ['DPRK sanctions', 'EU-PRK']);
    assert.deepEqual(p.properties.authority, ['Council of the EU']);
    assert.deepEqual(p.properties.listingDate, ['2017-08-05']);
    assert.deepEqual(p.properties.sourceUrl, ['https://example.org/p1', 'https://example.org/s1']);
    assert.deepEqual(p.properties.remarks, ['Works for the Reconnaissance General Bureau']);
    assert.equal(p.properties.address?.length, 2);
    assert.equal(p.properties.address?.[0], '1 Main St, Pyongyang');
    assert.match(p.properties.address?.[1] ?? '', /^Sungri St, Pyongyang, .*Korea/);
    assert.deepEqual(p.properties.idNumber, ['123-456']);
    assert.deepEqual(p.properties.passportNumber, ['PP99']);
    assert.deepEqual(p.properties.birthDate, ['1970-05-01']);
    assert.deepEqual(p.properties.alias, ['Mr Kim']);
    assert.deepEqual(p.properties.referents, ['ofac-1']);
    assert.ok(!('favouriteColour' in p.properties));
    assert.deepEqual(
      p.names?.map((n) => [n.full, n.script, n.parts.map((part) => part.type)]),
      [
        ['KIM Il', 'Latn', ['last', 'first']],
        ['김일', 'Hang', ['other']],
      ],
    );
    assert.equal(res.publishedAt, '2025-06-01T10:00:00');
    assert.equal(res.stats['merged:Sanction'], 1);
    assert.equal(res.stats['merged:Address'], 2);
    assert.equal(res.stats['merged:Identification'], 1);
    assert.equal(res.stats['merged:Passport'], 1);
    assert.equal(res.stats['skipped:Ownership'], 1);
    assert.equal(res.stats['skipped:Family'], 2);
    assert.equal(res.stats.Person, 1);
    assert.ok(res.warnings.some((w) => w.includes('"favouriteColour"') && w.includes('1 entity')));
  });

  it('links a CryptoWallet to its holder and gives it the holder’s sanctions facts', async () => {
    const file = writeTemp(
      jsonl([
        {
          id: 'ds-w1',
          schema: 'CryptoWallet',
          caption: 'wallet',
          properties: { publicKey: ['0xAbC123'], currency: ['eth'], holder: ['ds-org1'] },
        },
        { id: 'ds-org1', schema: 'PublicBody', properties: { name: ['Reconnaissance General Bureau'], program: ['DPRK3'] } },
        { id: 'v1', schema: 'Vessel', properties: { name: ['CHON MA SAN'], imoNumber: ['IMO 8660313'], owner: ['ds-org1'] } },
        { id: 'a1', schema: 'Airplane', properties: { name: ['P-632'], registrationNumber: ['P-632'] } },
        { id: 's9', schema: 'Sanction', properties: { entity: ['nobody'], program: ['X'] } },
      ]),
    );
    const res = await ftmJson.parse([file], { dataset: 'ds' });
    const wallet = byId(res.entities, 'ds-w1');
    assert.equal(wallet.schema, 'CryptoWallet');
    assert.equal(wallet.caption, '0xAbC123');
    assert.deepEqual(wallet.properties.publicKey, ['0xAbC123']);
    assert.deepEqual(wallet.properties.currency, ['ETH']);
    assert.deepEqual(wallet.properties.holder, ['ds-org1']);
    assert.deepEqual(wallet.properties.program, ['DPRK3']);
    const org = byId(res.entities, 'ds-org1');
    assert.equal(org.schema, 'Organization');
    assert.deepEqual(org.names?.[0]?.parts, [{ type: 'entity', value: 'Reconnaissance General Bureau' }]);
    assert.deepEqual(byId(res.entities, 'ds-v1').properties.owner, ['ds-org1']);
    assert.equal(byId(res.entities, 'ds-a1').schema, 'Aircraft');
    assert.equal(res.publishedAt, undefined);
    assert.ok(res.warnings.some((w) => w.startsWith('1 Sanction entity names no party')), res.warnings.join('\n'));
  });

  it('reads several files as one publication', async () => {
    const a = writeTemp(jsonl([{ id: 'addr-9', schema: 'Address', properties: { full: ['Somewhere'] } }]));
    const b = writeTemp(jsonl([{ id: 'c1', schema: 'Company', properties: { name: ['ACME'], addressEntity: ['addr-9'] } }]));
    const res = await ftmJson.parse([a, b], { dataset: 'ds' });
    assert.deepEqual(res.entities.map((e) => [e.id, e.properties.address]), [['ds-c1', ['Somewhere']]]);
    assert.equal(res.stats.lines, 2);
  });
});

describe('ftm-json: rejected input', () => {
  it('names the line of broken JSON in the middle of a file', async () => {
    const lines = [...rawLines];
    lines.splice(2, 0, '{"id": "x", "schema": "Person", "properties": {"name": ["A"]');
    const file = writeTemp(lines.join('\n') + '\n');
    await rejects([file], (err) => {
      assert.equal(err.file, file);
      assert.equal(err.location, 'line 3');
      assert.match(err.message, /file-\d+\.ftm\.json \(line 3\): not valid JSON: /);
      assert.doesNotMatch(err.message, /cut short/);
    });
  });

  it('reports a file cut off in its last line', async () => {
    const text = readFileSync(FIXTURE, 'utf8');
    const file = writeTemp(text.slice(0, text.length - 40));
    await rejects([file], (err) => {
      assert.equal(err.location, `line ${rawLines.length}`);
      assert.match(err.message, /not valid JSON: .*cut short/);
    });
  });

  it('reports a cut-off gzip file', async () => {
    const gz = gzipSync(readFileSync(FIXTURE));
    const file = writeTemp(gz.subarray(0, Math.floor(gz.length / 2)), 'ftm.json.gz');
    await rejects([file], (err) => assert.match(err.message, /gzip data is damaged or cut short/));
  });

  it('rejects an empty file and a file of blank lines', async () => {
    await rejects([writeTemp('')], (err) => assert.match(err.message, /empty/));
    await rejects([writeTemp('\n\n  \n')], (err) => assert.match(err.message, /no FollowTheMoney entities/));
  });

  it('rejects a CSV file', async () => {
    await rejects([EU_CSV], (err) => {
      assert.equal(err.location, 'line 1');
      assert.match(err.message, /eu_journal_consolidated_32019R0796\.csv \(line 1\): not a FollowTheMoney JSON-lines file/);
    });
  });

  it('rejects the UN XML file', async () => {
    await rejects([UN_XML], (err) => {
      assert.equal(err.location, 'line 1');
      assert.match(err.message, /un_consolidated_2026-02-27\.xml \(line 1\): not a FollowTheMoney JSON-lines file/);
    });
  });

  it('rejects JSON that is not an FtM entity', async () => {
    const good = JSON.stringify({ id: 'a', schema: 'Person', properties: {} });
    await rejects([writeTemp(`${good}\n{"schema":"Person","properties":{}}\n`)], (err) => {
      assert.equal(err.location, 'line 2');
      assert.match(err.message, /without "id"/);
    });
    await rejects([writeTemp(`${good}\n${good}\n{"id":"b","properties":{}}\n`)], (err) => {
      assert.equal(err.location, 'line 3');
      assert.match(err.message, /without "schema"/);
    });
    await rejects([writeTemp(`${good}\n[1, 2]\n`)], (err) => {
      assert.equal(err.location, 'line 2');
      assert.match(err.message, /expected a JSON object, found an array/);
    });
    await rejects([writeTemp(`{"id":"a","schema":"Person","properties":["x"]}\n`)], (err) => {
      assert.match(err.message, /"properties" is an array/);
    });
  });
});
