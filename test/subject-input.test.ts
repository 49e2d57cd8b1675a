/**
 * Subject input (src/cases/subject-input.ts): records checked one by one (nested and flat, each
 * validation message), and whole files streamed as CSV, JSON lines and JSON arrays, with bad rows
 * reported and read past, file-level faults (unknown column, bytes that are not UTF-8, too many
 * rows) thrown, and a large input read lazily. Wallet addresses are real ones from the OFAC
 * 2025-11-19 publication.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import {
  MAX_REF_LENGTH,
  parseSubjectRecord,
  readSubjects,
  subjectToQuery,
  SUBJECT_KINDS,
  SubjectInputError,
  type ReadSubjectsOptions,
  type SubjectInput,
  type SubjectRow,
} from '../src/cases/subject-input.js';
import { parseAddress } from '../src/match/identifiers.js';
import { prepareQuery } from '../src/match/prepare.js';
import { listFile, tempDir } from './helpers.js';

const tmp = tempDir();
after(() => tmp.cleanup());

const DERIVED = listFile('ofac-sdn-advanced', 'derived_crypto_address_lists_2025-11-19');

function firstListed(currency: string): string {
  const line = readFileSync(join(DERIVED, `sanctioned_addresses_${currency}.txt`), 'utf8')
    .split('\n')
    .find((l) => l.trim() !== '');
  assert.ok(line, `no ${currency} address listed`);
  return line.trim();
}

/** A real listed Bitcoin address (Base58Check) and an Ethereum one (EIP-55 mixed case). */
const XBT = firstListed('XBT');
const ETH = firstListed('ETH');

/** The same address with one character replaced by another of its alphabet. */
function mutateBase58(address: string, at: number): string {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  const ch = address[at]!;
  const other = alphabet[(alphabet.indexOf(ch) + 1) % alphabet.length]!;
  return address.slice(0, at) + other + address.slice(at + 1);
}

/** The same EVM address with the case of one letter flipped (breaks EIP-55, same bytes). */
function flipOneLetterCase(address: string): string {
  const i = [...address].findIndex((c, k) => k > 1 && /[a-f]/i.test(c));
  const c = address[i]!;
  return address.slice(0, i) + (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) + address.slice(i + 1);
}

function errorOf(value: unknown, defaults?: { kind?: (typeof SUBJECT_KINDS)[number] }): SubjectInputError {
  try {
    parseSubjectRecord(value, defaults);
  } catch (err) {
    assert.ok(err instanceof SubjectInputError, `expected a SubjectInputError, got ${String(err)}`);
    return err;
  }
  assert.fail(`accepted ${JSON.stringify(value)}`);
}

async function readAll(source: Parameters<typeof readSubjects>[0], options?: ReadSubjectsOptions): Promise<SubjectRow[]> {
  const rows: SubjectRow[] = [];
  for await (const row of readSubjects(source, options)) rows.push(row);
  return rows;
}

function subjects(rows: SubjectRow[]): SubjectInput[] {
  return rows.map((r) => {
    assert.ok('subject' in r, `row ${r.row} is an error: ${'error' in r ? r.error : ''}`);
    return r.subject;
  });
}

function errorRow(rows: SubjectRow[], row: number): { row: number; error: string; ref?: string } {
  const found = rows.find((r) => r.row === row);
  assert.ok(found && 'error' in found, `row ${row} is not an error row: ${JSON.stringify(found)}`);
  return found;
}

/** A byte stream that hands out `chunks` one by one (to cut characters and records anywhere). */
function streamOf(chunks: (string | Buffer)[]): Readable {
  return Readable.from(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c)), { objectMode: false });
}

describe('the real addresses used here', () => {
  it('are valid, and their one-character mutations are not', () => {
    assert.equal(parseAddress(XBT).valid, true, XBT);
    assert.equal(parseAddress(ETH).valid, true, ETH);
    assert.notEqual(ETH, ETH.toLowerCase(), 'the ETH address should be written in EIP-55 mixed case');
    assert.equal(parseAddress(mutateBase58(XBT, 10)).valid, false);
    assert.equal(parseAddress(flipOneLetterCase(ETH)).valid, false);
  });
});

describe('parseSubjectRecord', () => {
  it('reads a nested record', () => {
    const s = parseSubjectRecord({
      ref: ' C-001 ',
      kind: 'counterparty',
      schema: 'Company',
      properties: { name: ['Acme Trading LLC', ' Acme Trading LLC ', ''], country: 'ae', registrationNumber: 12345 },
    });
    assert.deepEqual(s, {
      ref: 'C-001',
      kind: 'counterparty',
      schema: 'Company',
      properties: { name: ['Acme Trading LLC'], country: ['ae'], registrationNumber: ['12345'] },
    });
  });

  it('reads a flat record, with snake_case names, plurals and the "wallet" alias', () => {
    const s = parseSubjectRecord({
      ref: 'E-7',
      kind: 'employee',
      name: 'Kim Chol',
      aliases: ['Chol Kim', 'K. Chol', 'Chol Kim'],
      birth_date: '1990-02',
      nationality: 'KP',
      email: ' kim.chol@example.com ',
      phone: '+82 2 1234 5678',
      id_number: 'AB 123456',
      wallet: ETH,
      currency: 'ETH',
      gender: 'male',
      website: 'https://example.com',
    });
    assert.equal(s.schema, 'Person');
    assert.equal(s.kind, 'employee');
    assert.deepEqual(s.properties, {
      name: ['Kim Chol'],
      alias: ['Chol Kim', 'K. Chol'],
      birthDate: ['1990-02'],
      nationality: ['KP'],
      email: ['kim.chol@example.com'],
      phone: ['+82 2 1234 5678'],
      idNumber: ['AB 123456'],
      publicKey: [ETH],
      currency: ['ETH'],
      gender: ['male'],
      website: ['https://example.com'],
    });
  });

  it('merges flat keys with "properties" and keeps values as given, only trimmed', () => {
    const s = parseSubjectRecord({ ref: 1, name: 'ÅSA  Ström', properties: { name: 'asa strom', alias: ['  ÅSA  Ström '] } });
    assert.equal(s.ref, '1');
    assert.deepEqual(s.properties, { name: ['ÅSA  Ström', 'asa strom'], alias: ['ÅSA  Ström'] });
  });

  it('accepts "id" for the reference (the match query line convention) and any case of schema and kind', () => {
    const s = parseSubjectRecord({ id: 'q1', schema: 'organization', kind: 'Vendor', properties: { name: ['Blue Sky Ltd'] } });
    assert.deepEqual([s.ref, s.schema, s.kind], ['q1', 'Organization', 'vendor']);
    assert.match(errorOf({ ref: 'a', id: 'b', name: 'x' }).message, /"ref" and "id" both give the reference/);
  });

  it('defaults the kind to customer, or to the given default', () => {
    assert.equal(parseSubjectRecord({ ref: 'a', name: 'x' }).kind, 'customer');
    assert.equal(parseSubjectRecord({ ref: 'a', name: 'x' }, { kind: 'candidate' }).kind, 'candidate');
    assert.equal(parseSubjectRecord({ ref: 'a', name: 'x', kind: 'vendor' }, { kind: 'candidate' }).kind, 'vendor');
  });

  it('makes a wallet-only record a CryptoWallet, and a wallet with a name a Person', () => {
    const wallet = parseSubjectRecord({ ref: 'w1', wallet: XBT, currency: 'XBT' });
    assert.equal(wallet.schema, 'CryptoWallet');
    assert.deepEqual(wallet.properties, { publicKey: [XBT], currency: ['XBT'] });
    const person = parseSubjectRecord({ ref: 'p1', name: 'Jane Roe', publicKey: XBT });
    assert.equal(person.schema, 'Person');
  });

  it('accepts the documented dates and refuses others, naming the value', () => {
    for (const d of ['1990', '1990-02', '1992-02-29', '2024-12-31']) {
      assert.deepEqual(parseSubjectRecord({ ref: 'a', name: 'x', birthDate: d }).properties.birthDate, [d]);
    }
    assert.equal(
      errorOf({ ref: 'a', name: 'x', birthDate: '31/02/1990' }).message,
      'property "birthDate": "31/02/1990" is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)',
    );
    for (const d of ['1990-02-31', '1991-02-29', '1990-13', '1990-2-3', '90', '1990-02-03T00:00:00Z']) {
      assert.match(errorOf({ ref: 'a', name: 'x', birthDate: d }).message, new RegExp(`"birthDate": "${d.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" is not a date`));
    }
    assert.match(errorOf({ ref: 'a', schema: 'Company', name: 'x', registration_date: '2020-00' }).message, /"registrationDate": "2020-00" is not a date/);
  });

  it('says "ref" is missing, too long or broken', () => {
    assert.equal(errorOf({ name: 'x' }).message, '"ref" is missing');
    assert.equal(errorOf({ ref: '   ', name: 'x' }).message, '"ref" is missing');
    assert.equal(errorOf({ ref: null, name: 'x' }).message, '"ref" is missing');
    assert.equal(parseSubjectRecord({ ref: 'r'.repeat(MAX_REF_LENGTH), name: 'x' }).ref.length, MAX_REF_LENGTH);
    assert.match(errorOf({ ref: 'r'.repeat(MAX_REF_LENGTH + 1), name: 'x' }).message, /"ref" is longer than 200 characters/);
    assert.match(errorOf({ ref: 'a\nb', name: 'x' }).message, /"ref" .* contains a control character/);
    assert.match(errorOf({ ref: { no: 1 }, name: 'x' }).message, /"ref" must be a string, not an object/);
  });

  it('names an unknown schema and lists the allowed ones', () => {
    assert.equal(
      errorOf({ ref: 'a', schema: 'Persn', name: 'x' }).message,
      'unknown schema "Persn" (expected one of Person, Organization, Company, LegalEntity, Vessel, Aircraft, CryptoWallet)',
    );
  });

  it('names an unknown kind', () => {
    assert.equal(errorOf({ ref: 'a', kind: 'client', name: 'x' }).message, 'unknown kind "client" (expected one of customer, counterparty, vendor, employee, candidate)');
  });

  it('names an unknown property and suggests the obvious one, in the same style', () => {
    assert.equal(errorOf({ ref: 'a', name: 'x', birthdat: '1990' }).message, 'unknown property "birthdat" (did you mean "birthDate"?)');
    assert.equal(errorOf({ ref: 'a', name: 'x', birth_dat: '1990' }).message, 'unknown property "birth_dat" (did you mean "birth_date"?)');
    assert.equal(errorOf({ ref: 'a', naem: 'x' }).message, 'unknown property "naem" (did you mean "name"?)');
    assert.equal(errorOf({ ref: 'a', name: 'x', properties: { nationalty: ['de'] } }).message, 'unknown property "nationalty" (did you mean "nationality"?)');
    assert.equal(errorOf({ ref: 'a', name: 'x', walet: XBT }).message, 'unknown property "walet" (did you mean "wallet"?)');
    // Nothing obvious: no suggestion.
    assert.equal(errorOf({ ref: 'a', name: 'x', favouriteColour: 'blue' }).message, 'unknown property "favouriteColour"');
    // Sanctions-listing properties are known, but not a subject's.
    assert.match(errorOf({ ref: 'a', name: 'x', program: 'SDGT' }).message, /property "program" describes a sanctions listing/);
  });

  it('needs a name on a party and an address on a wallet', () => {
    assert.match(errorOf({ ref: 'a', birthDate: '1990' }).message, /a Person needs a name: "name" is missing/);
    assert.match(errorOf({ ref: 'a', schema: 'Vessel', imoNumber: '9123456' }).message, /a Vessel needs a name/);
    assert.equal(errorOf({ ref: 'a', schema: 'CryptoWallet', currency: 'XBT' }).message, 'a CryptoWallet needs "publicKey" (the address)');
    // firstName/lastName count as a name.
    assert.deepEqual(parseSubjectRecord({ ref: 'a', first_name: 'Jane', last_name: 'Roe' }).properties, { firstName: ['Jane'], lastName: ['Roe'] });
  });

  it('checks crypto addresses with the project parser and names the bad one', () => {
    const badXbt = mutateBase58(XBT, 10);
    const err = errorOf({ ref: 'w1', wallet: badXbt });
    assert.match(err.message, new RegExp(`^"publicKey" "${badXbt}" is not a valid crypto address: .*checksum`));
    assert.equal(err.ref, 'w1');
    const badEth = flipOneLetterCase(ETH);
    assert.match(errorOf({ ref: 'p', name: 'x', publicKey: [ETH, badEth] }).message, new RegExp(`"publicKey" "${badEth}" is not a valid crypto address: EIP-55`));
    assert.match(errorOf({ ref: 'w', publicKey: '0xabc' }).message, /"publicKey" "0xabc" is not a valid crypto address: 3 hex digits/);
  });

  it('checks e-mail addresses', () => {
    assert.equal(errorOf({ ref: 'a', name: 'x', email: 'jane.roe@localhost' }).message, '"email" "jane.roe@localhost" is not a valid e-mail address');
    assert.match(errorOf({ ref: 'a', name: 'x', emails: ['ok@example.com', 'not an email'] }).message, /"email" "not an email"/);
  });

  it('refuses values that are not strings or numbers', () => {
    assert.equal(errorOf({ ref: 'a', name: { first: 'x' } }).message, 'property "name": expected a string, a number or a list of them, not an object');
    assert.match(errorOf({ ref: 'a', name: 'x', properties: ['x'] }).message, /"properties" must be an object/);
    assert.equal(errorOf({ properties: { ref: 'a', name: 'x' } }).message, '"ref" belongs beside "properties", not inside it');
    assert.match(errorOf('just text').message, /expected an object/);
    assert.match(errorOf(null).message, /expected an object/);
  });

  it('carries the record\'s reference on its error', () => {
    assert.equal(errorOf({ ref: 'R-9', schema: 'Persn', name: 'x' }).ref, 'R-9');
    assert.equal(errorOf({ ref: 'R-9', naem: 'x' }).ref, 'R-9');
    assert.equal(errorOf({ name: 'x' }).ref, undefined);
  });
});

describe('subjectToQuery', () => {
  it('gives the match query, with countries as ISO codes and M/F as male/female', () => {
    const s = parseSubjectRecord({ ref: 'c1', name: 'Jane Roe', nationality: ['Germany', 'DE', 'Atlantis'], gender: 'F', birthDate: '1990' });
    const q = subjectToQuery(s);
    assert.deepEqual(q, { id: 'c1', schema: 'Person', properties: { name: ['Jane Roe'], nationality: ['de', 'Atlantis'], gender: ['female'], birthDate: ['1990'] } });
    // The subject itself is unchanged.
    assert.deepEqual(s.properties.nationality, ['Germany', 'DE', 'Atlantis']);
    const prepared = prepareQuery(q);
    assert.deepEqual(prepared.countries, ['de', 'atlantis']);
    assert.deepEqual(prepared.genders, ['female']);
  });

  it('keeps a wallet query exact: the address as given', () => {
    const q = subjectToQuery(parseSubjectRecord({ ref: 'w', wallet: ETH }));
    assert.equal(q.schema, 'CryptoWallet');
    assert.deepEqual(prepareQuery(q).identifiers.map((i) => i.key), [`addr:${ETH.toLowerCase()}`]);
  });
});

describe('readSubjects: CSV', () => {
  it('reads snake_case and camelCase headers, ";" multi-values and quoted cells with commas and line breaks', async () => {
    const csv = [
      'ref,kind,schema,name,aliases,birth_date,birthPlace,nationality,id_number,wallet,address',
      'C-1,customer,Person,"Roe, Jane","J. Roe; Jane R. ;J. Roe",1990-02-03,"Berlin, Germany",de;fr,X123,,"1 Main St,',
      'Apt 2"',
      'V-2,vendor,Company,"Acme ""Best"" Trading",,,,,,,',
      `W-3,,,,,,,,,${XBT},`,
    ].join('\r\n');
    const rows = await readAll(Buffer.from(csv), { format: 'csv' });
    assert.deepEqual(
      rows.map((r) => r.row),
      [1, 2, 3],
    );
    const [a, b, c] = subjects(rows);
    assert.deepEqual(a, {
      ref: 'C-1',
      kind: 'customer',
      schema: 'Person',
      properties: {
        name: ['Roe, Jane'],
        alias: ['J. Roe', 'Jane R.'],
        birthDate: ['1990-02-03'],
        birthPlace: ['Berlin, Germany'],
        nationality: ['de', 'fr'],
        idNumber: ['X123'],
        address: ['1 Main St,\r\nApt 2'],
      },
    });
    assert.deepEqual(b, { ref: 'V-2', kind: 'vendor', schema: 'Company', properties: { name: ['Acme "Best" Trading'] } });
    assert.deepEqual(c, { ref: 'W-3', kind: 'customer', schema: 'CryptoWallet', properties: { publicKey: [XBT] } });
  });

  it('accepts a UTF-8 byte order mark, and takes the default kind from the options', async () => {
    const rows = await readAll(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('ref,name\nE-1,Ли Мин\n')]), { kind: 'candidate' });
    assert.deepEqual(subjects(rows), [{ ref: 'E-1', kind: 'candidate', schema: 'Person', properties: { name: ['Ли Мин'] } }]);
  });

  it('reports a bad row with its row, line and ref, and reads on', async () => {
    const csv = [
      'ref,name,birthDate,email',
      'A,Ann One,1990,',
      'B,"Bob\nTwo",31/02/1990,',
      '',
      'C,Cy Three,,not-an-email',
      ',No Ref,,',
      'D,Dee Four,,,extra',
      'E,Eve Five,1985-05-05,eve@example.com',
    ].join('\n');
    const rows = await readAll(Buffer.from(csv));
    assert.deepEqual(
      rows.map((r) => [r.row, 'subject' in r ? r.subject.ref : 'error']),
      [
        [1, 'A'],
        [2, 'error'],
        [4, 'error'],
        [5, 'error'],
        [6, 'error'],
        [7, 'E'],
      ],
    );
    assert.deepEqual(errorRow(rows, 2), {
      row: 2,
      ref: 'B',
      error: 'row 2 (line 3): property "birthDate": "31/02/1990" is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)',
    });
    // The blank line counts as row 3 (as in a spreadsheet) and line 5; "C" starts on line 6.
    assert.deepEqual(errorRow(rows, 4), { row: 4, ref: 'C', error: 'row 4 (line 6): "email" "not-an-email" is not a valid e-mail address' });
    assert.deepEqual(errorRow(rows, 5), { row: 5, error: 'row 5 (line 7): "ref" is missing' });
    assert.deepEqual(errorRow(rows, 6), { row: 6, ref: 'D', error: 'row 6 (line 8): 5 cells but the header has 4 columns' });
  });

  it('treats missing trailing cells as empty and tolerates trailing empty columns', async () => {
    const rows = await readAll(Buffer.from('ref,name,country,,\nA,Ann\nB,Bob,gb,,\n'));
    assert.deepEqual(
      subjects(rows).map((s) => s.properties),
      [{ name: ['Ann'] }, { name: ['Bob'], country: ['gb'] }],
    );
  });

  it('throws for an unknown column before any row, naming it', async () => {
    const gen = readSubjects(Buffer.from('ref,name,birth_dat,colour\nA,Ann,1990,red\n'));
    await assert.rejects(gen.next(), {
      message: 'the input: unknown column "birth_dat" (did you mean "birth_date"?); unknown column "colour"',
    });
    // The whole file is refused: nothing more comes.
    assert.deepEqual(await gen.next(), { done: true, value: undefined });
  });

  it('throws for a header without a ref column, a doubled ref column, or list-only columns', async () => {
    await assert.rejects(readAll(Buffer.from('name,country\nAnn,gb\n')), /no "ref" column/);
    await assert.rejects(readAll(Buffer.from('ref,id,name\n1,2,Ann\n')), /columns "ref" and "id" both give the ref/);
    await assert.rejects(readAll(Buffer.from('ref,name,program\n1,Ann,SDGT\n')), /column "program" describes a sanctions listing/);
  });

  it('hints at the separator when the header is one column holding ";"', async () => {
    await assert.rejects(readAll(Buffer.from('ref;name\n1;Ann\n')), /unknown column "ref;name" \(the header is one column: is the file separated by ";" rather than ","\?\)/);
  });

  it('throws for broken quoting, naming the input', async () => {
    const file = join(tmp.dir, 'broken.csv');
    writeFileSync(file, 'ref,name\nA,"Ann\nB,Bob\n');
    await assert.rejects(readAll(file), (err: Error) => err.message.startsWith(`${file} is not valid CSV: Quote Not Closed`));
  });

  it('throws for a file that does not exist, naming it', async () => {
    const missing = join(tmp.dir, 'missing.csv');
    await assert.rejects(readAll(missing), (err: NodeJS.ErrnoException) => err.code === 'ENOENT' && err.message.includes(missing));
  });

  it('yields nothing for an empty file or a header alone', async () => {
    assert.deepEqual(await readAll(Buffer.alloc(0)), []);
    assert.deepEqual(await readAll(Buffer.from('ref,name\n'), { format: 'csv' }), []);
  });
});

describe('readSubjects: JSON lines and JSON arrays', () => {
  it('reads JSON lines; a malformed line in the middle is an error row naming the line, and the rest are read', async () => {
    const jsonl = [
      JSON.stringify({ ref: 'a', name: 'Ann One' }),
      '',
      '{"ref": "b", "name": "Bob Two"', // cut short
      JSON.stringify({ ref: 'c', schema: 'Persn', name: 'Cy' }),
      '   ',
      JSON.stringify({ ref: 'd', properties: { name: ['Dee Four'], birthDate: ['1970'] } }),
    ].join('\n');
    const rows = await readAll(Buffer.from(jsonl));
    assert.deepEqual(
      rows.map((r) => r.row),
      [1, 3, 4, 6],
    );
    assert.deepEqual(subjects([rows[0]!, rows[3]!]).map((s) => s.ref), ['a', 'd']);
    const bad = errorRow(rows, 3);
    assert.match(bad.error, /^line 3: not valid JSON \(/);
    assert.equal(bad.ref, undefined);
    assert.deepEqual(errorRow(rows, 4), {
      row: 4,
      ref: 'c',
      error: 'line 4: unknown schema "Persn" (expected one of Person, Organization, Company, LegalEntity, Vessel, Aircraft, CryptoWallet)',
    });
  });

  it('reads a JSON array item by item, numbering from 1', async () => {
    const json = JSON.stringify(
      [
        { ref: 'a', name: 'Ann [One]', alias: ['A {1}', 'A "q" \\ b'] },
        42,
        { ref: 'c', wallet: XBT },
        { ref: 'd', name: 'x', birthDate: '1990-02-30' },
        { ref: 'e', schema: 'Vessel', name: 'Ocean Star', imo_number: 'IMO 9123456' },
      ],
      null,
      2,
    );
    const rows = await readAll(Buffer.from(json));
    assert.deepEqual(
      rows.map((r) => [r.row, 'subject' in r ? r.subject.schema : r.error]),
      [
        [1, 'Person'],
        [2, 'item 2: expected an object with "ref" and the subject\'s properties, not 42'],
        [3, 'CryptoWallet'],
        [4, 'item 4: property "birthDate": "1990-02-30" is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)'],
        [5, 'Vessel'],
      ],
    );
    assert.deepEqual((rows[0] as { subject: SubjectInput }).subject.properties.alias, ['A {1}', 'A "q" \\ b']);
  });

  it('reads a JSON array whose items are cut across chunks', async () => {
    const json = JSON.stringify([{ ref: 'a', name: 'Ann "One" [x]' }, { ref: 'b', name: 'Bob' }]);
    const chunks: string[] = [];
    for (let i = 0; i < json.length; i += 3) chunks.push(json.slice(i, i + 3));
    const rows = await readAll(streamOf(chunks));
    assert.deepEqual(subjects(rows).map((s) => s.properties.name![0]), ['Ann "One" [x]', 'Bob']);
  });

  it('throws for a JSON array that is cut short or is not an array', async () => {
    await assert.rejects(readAll(Buffer.from('[{"ref": "a", "name": "x"}, {"ref": "b"')), /the input is not a valid JSON array: the array is not closed/);
    await assert.rejects(readAll(Buffer.from('{"ref": "a", "name": "x"}'), { format: 'json' }), /expected a JSON array of subjects/);
    await assert.rejects(readAll(Buffer.from('[{"ref": "a", "name": "x"} {"ref": "b"}]')), /expected "," or "]" after item 1/);
  });

  it('takes the format from the option, the file extension, or the first character', async () => {
    const record = JSON.stringify({ ref: 'a', name: 'Ann' });
    const files: [string, string][] = [
      ['s.csv', 'ref,name\na,Ann\n'],
      ['s.jsonl', `${record}\n`],
      ['s.ndjson', `${record}\n`],
      ['s.json', `[${record}]`],
      ['s.txt', `\n  [${record}]`],
      ['s.data', `\n\n${record}\n`],
      ['s', 'ref,name\na,Ann\n'],
    ];
    for (const [name, text] of files) {
      const file = join(tmp.dir, name);
      writeFileSync(file, text);
      assert.deepEqual(subjects(await readAll(file)).map((s) => s.ref), ['a'], name);
    }
    // The option wins over the extension.
    const mislabelled = join(tmp.dir, 'really-jsonl.csv');
    writeFileSync(mislabelled, `${record}\n`);
    assert.deepEqual(subjects(await readAll(mislabelled, { format: 'jsonl' })).map((s) => s.ref), ['a']);
    // Streams are sniffed too.
    assert.deepEqual(subjects(await readAll(streamOf([' ', `\n${record}`]))).map((s) => s.ref), ['a']);
  });
});

describe('readSubjects: encodings', () => {
  it('reports bytes that are not UTF-8 with the file, byte offset and line', async () => {
    const file = join(tmp.dir, 'latin1.csv');
    // "Müller" written in Latin-1: 0xFC is not UTF-8.
    writeFileSync(file, Buffer.concat([Buffer.from('ref,name\nA,Ann\nB,M'), Buffer.from([0xfc]), Buffer.from('ller\n')]));
    const got: SubjectRow[] = [];
    await assert.rejects(
      (async () => {
        for await (const row of readSubjects(file)) got.push(row);
      })(),
      { message: `${file} is not valid UTF-8: byte 0xFC at byte offset 18 (line 3) is not UTF-8 text. Save the file as UTF-8 (in Excel: "CSV UTF-8").` },
    );
    // Nothing was decoded by guesswork: no row holds a replacement character.
    assert.ok(got.every((r) => !JSON.stringify(r).includes('\uFFFD')));
  });

  it('counts the byte order mark in the offset, and reports a sequence cut off at the end', async () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('ref,name\nA,'), Buffer.from([0xc3, 0x28])]);
    await assert.rejects(readAll(withBom), /byte 0xC3 at byte offset 14 \(line 2\)/);
    await assert.rejects(readAll(Buffer.concat([Buffer.from('ref,name\nA,Ann'), Buffer.from([0xe2, 0x82])])), /byte 0xE2 at byte offset 14 \(line 2\)/);
  });

  it('refuses UTF-16 and NUL bytes instead of reading garbage', async () => {
    await assert.rejects(readAll(Buffer.from('\uFEFFref,name\n', 'utf16le')), /is UTF-16 \(it starts with a UTF-16 byte order mark\), not UTF-8/);
    await assert.rejects(readAll(Buffer.from('ref,name\nA,A\u0000nn\n')), /contains a NUL byte at byte offset 12 \(line 2\)/);
  });

  it('decodes characters cut across chunks of a stream', async () => {
    const bytes = Buffer.from('ref,name\nA,김정은 Müller 🙂\n');
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i++) chunks.push(bytes.subarray(i, i + 1)); // one byte at a time
    const rows = await readAll(streamOf(chunks));
    assert.deepEqual(subjects(rows).map((s) => s.properties.name), [['김정은 Müller 🙂']]);
  });
});

describe('readSubjects: limits and streaming', () => {
  it('allows maxRows rows and throws past them, saying how many are allowed', async () => {
    const csv = 'ref,name\nA,Ann\nB,Bob\nC,Cy\n';
    assert.equal((await readAll(Buffer.from(csv), { maxRows: 3 })).length, 3);
    const got: SubjectRow[] = [];
    await assert.rejects(
      (async () => {
        for await (const row of readSubjects(Buffer.from(csv), { maxRows: 2 })) got.push(row);
      })(),
      { message: 'the input has more than 2 rows: at most 2 are allowed' },
    );
    assert.equal(got.length, 2);
    // Error rows count; JSONL blank lines do not.
    await assert.rejects(readAll(Buffer.from('{"ref":"a","name":"x"}\n\n\n{bad\n{"ref":"c","name":"y"}\n'), { maxRows: 2 }), /at most 2 are allowed/);
    assert.equal((await readAll(Buffer.from('{"ref":"a","name":"x"}\n\n\n\n{"ref":"c","name":"y"}\n'), { maxRows: 2 })).length, 2);
  });

  it('refuses bad options', async () => {
    await assert.rejects(readAll(Buffer.from('ref,name\n'), { maxRows: 0 }), /maxRows must be a positive integer/);
    await assert.rejects(readAll(Buffer.from('ref,name\n'), { kind: 'client' as never }), /unknown kind "client"/);
    await assert.rejects(readAll(Buffer.from('ref,name\n'), { format: 'xml' as never }), /unknown format "xml"/);
  });

  it('reads a million-row CSV lazily: the first rows come after reading a little of it, and stopping closes the source', async () => {
    const TOTAL = 1_000_000;
    let pulled = 0;
    let closed = false;
    async function* generate(): AsyncGenerator<Buffer> {
      try {
        yield Buffer.from('ref,name,birth_date\n');
        for (let i = 0; i < TOTAL; i += 1000) {
          let text = '';
          for (let k = i; k < i + 1000; k++) text += `R${k},"Person ${k}, Jr",19${50 + (k % 50)}\n`;
          const chunk = Buffer.from(text);
          pulled += chunk.length;
          yield chunk;
        }
      } finally {
        closed = true;
      }
    }
    const seen: string[] = [];
    for await (const row of readSubjects(Readable.from(generate()), { format: 'csv' })) {
      assert.ok('subject' in row);
      seen.push(row.subject.ref);
      if (seen.length === 10) break;
    }
    assert.deepEqual(seen, ['R0', 'R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8', 'R9']);
    const totalBytes = 30 * TOTAL; // about 30 bytes a row
    assert.ok(pulled < totalBytes / 100, `read ${pulled} bytes of about ${totalBytes} to give 10 rows`);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(closed, true, 'the source was not closed');
  });

  it('reads every row of a large streamed CSV, in order', async () => {
    const N = 50_000;
    async function* generate(): AsyncGenerator<Buffer> {
      yield Buffer.from('ref,name,wallet\n');
      for (let i = 0; i < N; i += 500) {
        let text = '';
        for (let k = i; k < i + 500; k++) text += k % 1000 === 999 ? `R${k},,${XBT}\n` : `R${k},Person ${k},\n`;
        yield Buffer.from(text);
      }
    }
    let n = 0;
    let wallets = 0;
    for await (const row of readSubjects(Readable.from(generate()))) {
      n++;
      assert.equal(row.row, n);
      assert.ok('subject' in row && row.subject.ref === `R${n - 1}`);
      if (row.subject.schema === 'CryptoWallet') wallets++;
    }
    assert.equal(n, N);
    assert.equal(wallets, N / 1000);
  });
});
