/**
 * The one reader of record files (src/io/records.ts): CSV, JSON lines and JSON arrays from a path,
 * a Buffer or a stream; a byte order mark dropped; bytes that are not UTF-8 named by line and byte
 * offset (also when a stream cuts them across chunks), never replaced; the record size and count
 * caps; a bad row as an error record with reading going on, or the first one thrown.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { eachUtf8Line, readRecords, RecordsError, type InputRecord, type ReadRecordsOptions, type RecordSource } from '../src/io/records.js';
import { tempDir } from './helpers.js';

async function readAll(source: RecordSource, options?: ReadRecordsOptions): Promise<InputRecord[]> {
  const out: InputRecord[] = [];
  for await (const record of readRecords(source, options)) out.push(record);
  return out;
}

/** A byte stream handing out `chunks` one by one. */
function streamOf(chunks: Buffer[]): Readable {
  return Readable.from(chunks, { objectMode: false });
}

/** `bytes` one byte a chunk: every character and line cut everywhere it can be. */
function byteByByte(bytes: Buffer): Readable {
  return streamOf(Array.from(bytes, (_, i) => bytes.subarray(i, i + 1)));
}

const tmp = tempDir();
after(() => tmp.cleanup());

describe('readRecords: formats', () => {
  it('reads CSV: the header to onHeader, rows numbered after it as in a spreadsheet (blank rows counted, not yielded)', async () => {
    let header: string[] = [];
    const records = await readAll(Buffer.from('id,name\n1,"Ann, ""A"""\n\n , \n2,"Bob\nTwo"\n3,Cy\n'), { format: 'csv', onHeader: (cells) => (header = cells) });
    assert.deepEqual(header, ['id', 'name']);
    assert.deepEqual(records, [
      { row: 1, line: 2, where: 'row 1 (line 2)', cells: ['1', 'Ann, "A"'] },
      { row: 4, line: 5, where: 'row 4 (line 5)', cells: ['2', 'Bob\nTwo'] },
      { row: 5, line: 7, where: 'row 5 (line 7)', cells: ['3', 'Cy'] },
    ]);
  });

  it('reads JSON lines: rows are line numbers ("\\n", "\\r\\n", lone "\\r"), blank lines skipped, a line that is not JSON an error record', async () => {
    const records = await readAll(Buffer.from('{"a":1}\r\n\n  \n{"b":2}\r{nope\n[3]'), { format: 'jsonl' });
    assert.deepEqual(records.slice(0, 2), [
      { row: 1, line: 1, where: 'line 1', value: { a: 1 } },
      { row: 4, line: 4, where: 'line 4', value: { b: 2 } },
    ]);
    assert.equal(records[2]!.where, 'line 5');
    assert.match((records[2] as { error: string }).error, /^not valid JSON \(/);
    assert.deepEqual(records[3], { row: 6, line: 6, where: 'line 6', value: [3] });
  });

  it('reads a JSON array item by item, with the line each starts on, also cut across chunks', async () => {
    const text = '[\n  {"a": "x]"},\n  2, "s",\n  {"b": [1, {"c": null}]}\n]\n';
    const expected = [
      { row: 1, line: 2, where: 'item 1', value: { a: 'x]' } },
      { row: 2, line: 3, where: 'item 2', value: 2 },
      { row: 3, line: 3, where: 'item 3', value: 's' },
      { row: 4, line: 4, where: 'item 4', value: { b: [1, { c: null }] } },
    ];
    assert.deepEqual(await readAll(Buffer.from(text)), expected);
    assert.deepEqual(await readAll(byteByByte(Buffer.from(text))), expected);
    await assert.rejects(readAll(Buffer.from('[{"a": 1} {"b": 2}]')), { name: 'RecordsError', problem: 'structure', message: /the input is not a valid JSON array: expected "," or "]" after item 1/ });
    await assert.rejects(readAll(Buffer.from('{"a": 1}'), { format: 'json', recordNoun: 'things' }), /expected a JSON array of things/);
  });

  it('reads a file by path, taking the format from the extension or else the first non-blank byte', async () => {
    const files: [string, string][] = [
      ['r.csv', 'a\n1\n'],
      ['r.jsonl', '{"a":1}\n'],
      ['r.json', '[{"a":1}]'],
      ['r.txt', '\n [{"a":1}]'],
      ['r', '  {"a":1}\n'],
    ];
    for (const [name, text] of files) {
      const file = join(tmp.dir, name);
      writeFileSync(file, text);
      const [record] = await readAll(file);
      assert.ok(record && ('cells' in record ? record.cells[0] === '1' : 'value' in record && JSON.stringify(record.value).includes('"a":1')), name);
    }
  });
});

describe('readRecords: bytes', () => {
  it('drops a UTF-8 byte order mark, also when a stream hands it out a byte at a time, and refuses UTF-16', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('name\nÄnne\n')]);
    let header: string[] = [];
    for (const source of [bytes, byteByByte(bytes)]) {
      assert.deepEqual(await readAll(source, { format: 'csv', onHeader: (cells) => (header = cells) }), [{ row: 1, line: 2, where: 'row 1 (line 2)', cells: ['Änne'] }]);
      assert.deepEqual(header, ['name']);
    }
    await assert.rejects(readAll(Buffer.from('\uFEFF{"a":1}\n', 'utf16le')), { problem: 'bytes', message: /is UTF-16 \(it starts with a UTF-16 byte order mark\), not UTF-8/ });
  });

  it('makes a JSON line or CSV row that is not UTF-8 an error record naming the byte and its offset, cut anywhere across the chunks of a stream, and reads on', async () => {
    // "é" as Latin-1 on line 2, a 3-byte character cut short on line 3; the lines around are good UTF-8 ("ü", "€").
    const jsonl = Buffer.concat([Buffer.from('{"n":"ü"}\n{"n":"'), Buffer.from([0xe9]), Buffer.from('"}\n{"n":"'), Buffer.from([0xe2, 0x82]), Buffer.from('"}\n{"n":"€"}\n')]);
    const e9 = jsonl.indexOf(0xe9);
    const e2 = jsonl.indexOf(0xe2, e9);
    const expected = [
      { row: 1, line: 1, where: 'line 1', value: { n: 'ü' } },
      { row: 2, line: 2, where: 'line 2', error: `not UTF-8 text: byte 0xE9 at byte offset ${e9}`, badBytes: { offset: e9, line: 2, byte: 0xe9 } },
      { row: 3, line: 3, where: 'line 3', error: `not UTF-8 text: byte 0xE2 at byte offset ${e2}`, badBytes: { offset: e2, line: 3, byte: 0xe2 } },
      { row: 4, line: 4, where: 'line 4', value: { n: '€' } },
    ];
    assert.deepEqual(await readAll(jsonl, { format: 'jsonl' }), expected);
    assert.deepEqual(await readAll(byteByByte(jsonl), { format: 'jsonl' }), expected);
    // Cut inside the bad sequence and inside the good characters by chunks of 2, 3 and 5 bytes too.
    for (const size of [2, 3, 5]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < jsonl.length; i += size) chunks.push(jsonl.subarray(i, i + size));
      assert.deepEqual(await readAll(streamOf(chunks), { format: 'jsonl' }), expected, `chunks of ${size}`);
    }

    const csv = Buffer.concat([Buffer.from('n\nü\n"two\nlines '), Buffer.from([0xe9]), Buffer.from('"\n€\n')]);
    const bad = csv.indexOf(0xe9);
    const csvExpected = [
      { row: 1, line: 2, where: 'row 1 (line 2)', cells: ['ü'] },
      { row: 2, line: 3, where: 'row 2 (line 3)', error: `not UTF-8 text: byte 0xE9 at byte offset ${bad}`, badBytes: { offset: bad, line: 4, byte: 0xe9 } },
      { row: 3, line: 5, where: 'row 3 (line 5)', cells: ['€'] },
    ];
    assert.deepEqual(await readAll(csv, { format: 'csv' }), csvExpected);
    assert.deepEqual(await readAll(byteByByte(csv), { format: 'csv' }), csvExpected);
  });

  it('refuses bad bytes in a CSV header or a JSON array as a whole, naming the byte, offset and line', async () => {
    await assert.rejects(readAll(Buffer.concat([Buffer.from('id,na'), Buffer.from([0xff]), Buffer.from('me\n1,x\n')]), { format: 'csv' }), {
      problem: 'bytes',
      message: 'the input is not valid UTF-8: byte 0xFF at byte offset 5 (line 1) is not UTF-8 text. Save the file as UTF-8 (in Excel: "CSV UTF-8").',
    });
    await assert.rejects(readAll(Buffer.concat([Buffer.from('[{"a":1},\n{"a":"'), Buffer.from([0xc0]), Buffer.from('"}]')]), { name: 'x.json' }), {
      problem: 'bytes',
      message: /^x\.json is not valid UTF-8: byte 0xC0 at byte offset 16 \(line 2\)/,
    });
    await assert.rejects(readAll(Buffer.from('[{"a":"\u0000"}]')), { message: /contains a NUL byte at byte offset 7 \(line 1\)/ });
  });

  it('eachUtf8Line: the lines of a block, a bad one named by offset from where the block starts', () => {
    const got: [string, number][] = [];
    const counted = eachUtf8Line(
      Buffer.concat([Buffer.from('a\r\n\n'), Buffer.from([0x80]), Buffer.from('\rb')]),
      { line: 10, offset: 100 },
      (line, n) => got.push([line, n]),
      (bad) => got.push([`bad ${bad.byte} at ${bad.offset}`, bad.line]),
    );
    assert.deepEqual(got, [
      ['a', 10],
      ['bad 128 at 104', 12],
      ['b', 13],
    ]);
    assert.equal(counted, 4);
  });
});

describe('readRecords: caps and errors', () => {
  it('ends the reading at a record longer than maxRecordBytes, naming it and the limit, in every format', async () => {
    const long = 'x'.repeat(200);
    const cases: [string, Buffer | Readable, RegExp][] = [
      ['jsonl', Buffer.from(`{"a":1}\n{"a":"${long}"}\n`), /^the input: line 2 is longer than 100 bytes, the longest record allowed$/],
      ['jsonl', streamOf([Buffer.from('{"a":1}\n{"a":"'), ...Array.from({ length: 10 }, () => Buffer.from(long))]), /^the input: line 2 is longer than 100 bytes/],
      ['csv', Buffer.from(`a\n1\n"${long}"\n`), /^the input: the record on line \d+ is longer than 100 bytes/],
      ['json', Buffer.from(`[1, "${long}"]`), /^the input: item 2 \(line 1\) is longer than 100 bytes/],
    ];
    for (const [format, source, message] of cases) {
      const got: InputRecord[] = [];
      await assert.rejects(
        (async () => {
          for await (const record of readRecords(source, { format: format as 'csv', maxRecordBytes: 100 })) got.push(record);
        })(),
        (err: RecordsError) => err.problem === 'record-size' && message.test(err.message),
        format,
      );
      // JSON lines yields the lines before it first; csv-parse and the JSON array scanner fail at
      // once, so the records parsed from the same chunk are not yielded (none is ever wrong).
      if (format === 'jsonl') assert.equal(got.length, 1, `${format}: the record before it was read`);
    }
  });

  it('allows maxRecords records (error records count, blank ones not) and throws past them, naming the limit', async () => {
    const text = '{"a":1}\n\n{bad\n\n{"a":3}\n';
    assert.equal((await readAll(Buffer.from(text), { maxRecords: 3 })).length, 3);
    const got: InputRecord[] = [];
    await assert.rejects(
      (async () => {
        for await (const record of readRecords(Buffer.from(text), { maxRecords: 2 })) got.push(record);
      })(),
      { problem: 'record-count', message: 'the input has more than 2 rows: at most 2 are allowed' },
    );
    assert.equal(got.length, 2);
    await assert.rejects(readAll(Buffer.from(text), { maxRecords: 0 }), /maxRecords must be a positive integer/);
  });

  it('yields a bad row as an error record and reads on, or with stopAtFirstError throws at it', async () => {
    const text = '{"a":1}\n{"a":\n{"a":3}\n';
    const records = await readAll(Buffer.from(text));
    assert.deepEqual(
      records.map((r) => ('error' in r ? `${r.where}: error` : r.where)),
      ['line 1', 'line 2: error', 'line 3'],
    );
    const got: InputRecord[] = [];
    await assert.rejects(
      (async () => {
        for await (const record of readRecords(Buffer.from(text), { stopAtFirstError: true, name: 'q.jsonl' })) got.push(record);
      })(),
      { problem: 'record', message: /^q\.jsonl: line 2: not valid JSON \(/ },
    );
    assert.equal(got.length, 1);
  });

  it('passes on what onHeader throws, before any row, and throws broken CSV quoting as a RecordsError', async () => {
    await assert.rejects(
      readAll(Buffer.from('x,y\n1,2\n'), {
        format: 'csv',
        onHeader: () => {
          throw new Error('no id column');
        },
      }),
      { message: 'no id column' },
    );
    await assert.rejects(readAll(Buffer.from('a\n"open\n'), { format: 'csv' }), { problem: 'structure', message: /^the input is not valid CSV: Quote Not Closed/ });
  });
});
