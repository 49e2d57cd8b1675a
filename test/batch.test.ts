/**
 * Batch screening's input and output (src/cli/batch.ts, src/match/jsonl.ts): a file is cut into
 * blocks of whole lines with their line numbers as node:readline would number them ("\n",
 * "\r\n" and a lone "\r" end a line; blank lines are counted and skipped; a byte-order mark is
 * kept as it reads), a line that is not UTF-8 is reported by its bad byte and offset instead of
 * being decoded with replacement characters, and `vigil screen --input` with worker threads
 * writes exactly what screening every line in this thread writes, in input order (an error line
 * for a line that is not UTF-8).
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { readBlocks, screenFile } from '../src/cli/batch.js';
import { importList } from '../src/lists/import.js';
import { ScreeningIndex, screenLine } from '../src/match/index.js';
import { eachLine, eachUtf8Line } from '../src/io/records.js';
import { currentEntities } from '../src/lists/versions.js';
import { openStore, type Store } from '../src/store/index.js';
import { listFile, tempDir } from './helpers.js';

const UN = listFile('un', 'un_consolidated_2026-02-27.xml');

/** The lines node:readline gives, numbered, blank ones left out (what batch screening read before blocks). */
async function readlineLines(path: string): Promise<[string, number][]> {
  const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  const out: [string, number][] = [];
  let n = 0;
  rl.on('line', (line: string) => {
    n++;
    if (line.trim() !== '') out.push([line, n]);
  });
  await once(rl, 'close');
  return out;
}

/** The lines batch screening reads, numbered; a line that is not UTF-8 as "bad byte 0x.. at offset N". */
async function blockLines(path: string): Promise<[string, number][]> {
  const out: [string, number][] = [];
  for await (const { bytes, firstLine, offset } of readBlocks(path)) {
    eachUtf8Line(
      bytes,
      { line: firstLine, offset },
      (line, n) => out.push([line, n]),
      (bad) => out.push([`bad byte 0x${bad.byte.toString(16)} at offset ${bad.offset}`, bad.line]),
    );
  }
  return out;
}

describe('batch input', () => {
  const tmp = tempDir();
  after(() => tmp.cleanup());

  it('numbers lines as node:readline does: CRLF, lone CR, blank lines, BOM, no final line end', async () => {
    const cases: [string, Buffer][] = [
      ['mixed', Buffer.from('\ufeff{"a":1}\r\n\n   \n{"b":2}\r{"c":3}\r\n\r\n{"d":4}', 'utf8')],
      ['final line end', Buffer.from('a\nb\n')],
      ['empty', Buffer.alloc(0)],
      ['only blank', Buffer.from('\n\r\n  \r')],
    ];
    // Many lines, long and short, so that blocks are cut (every 256 lines) and lone CRs fall anywhere.
    const many: string[] = [];
    for (let i = 0; i < 2000; i++) many.push(`${'é'.repeat(i % 7)}line ${i}${i % 13 === 0 ? '\r' : i % 11 === 0 ? '\r\n' : i % 17 === 0 ? '\n' : '\n'}${i % 29 === 0 ? '\n' : ''}`);
    cases.push(['many', Buffer.from(many.join(''), 'utf8')]);
    // One line longer than a read chunk (256 KiB) and than a block (1 MiB).
    cases.push(['long line', Buffer.from(`short\n${'x'.repeat(3 << 20)}\nafter\n`)]);
    for (const [name, bytes] of cases) {
      const file = join(tmp.dir, `${name}.jsonl`);
      writeFileSync(file, bytes);
      assert.deepEqual(await blockLines(file), await readlineLines(file), name);
    }
  });

  it('names a line that is not UTF-8 by its bad byte and offset, not decoding it, and reads the lines around it', async () => {
    const file = join(tmp.dir, 'bad-utf8.jsonl');
    // A character cut short on line 1, Latin-1 "ÿ" on line 3 (after a CRLF), a NUL byte on line 5, a good last line.
    const lines = [
      Buffer.concat([Buffer.from('{"x":"'), Buffer.from([0xe3, 0x81]), Buffer.from('"}\r\n')]),
      Buffer.from('{"ok":1}\n'),
      Buffer.from('{"y":"\xff"}\n', 'latin1'),
      Buffer.from('\n'),
      Buffer.from('{"z":"\u0000"}\n', 'latin1'),
      Buffer.from('{"ok":2}'),
    ];
    writeFileSync(file, Buffer.concat(lines));
    assert.deepEqual(await blockLines(file), [
      ['bad byte 0xe3 at offset 6', 1],
      ['{"ok":1}', 2],
      ['bad byte 0xff at offset 27', 3],
      ['bad byte 0x0 at offset 38', 5],
      ['{"ok":2}', 6],
    ]);
  });

  it('cuts a file into blocks of at most 256 lines, each whole', async () => {
    const file = join(tmp.dir, 'blocks.jsonl');
    writeFileSync(file, Array.from({ length: 1000 }, (_, i) => `{"id":"${i}"}`).join('\n'));
    const blocks = [];
    for await (const b of readBlocks(file)) blocks.push(b);
    assert.deepEqual(blocks.map((b) => b.firstLine), [1, 257, 513, 769]);
    for (const b of blocks.slice(0, -1)) assert.equal(b.bytes[b.bytes.length - 1], 0x0a);
    assert.equal(Buffer.concat(blocks.map((b) => b.bytes)).toString(), readFileSync(file, 'utf8'));
    // Each block has a buffer of its own, so that it can be moved to a worker.
    assert.ok(blocks.every((b) => b.bytes.byteOffset === 0 && b.bytes.buffer.byteLength === b.bytes.length));
  });
});

describe('batch screening with workers', () => {
  const tmp = tempDir();
  const dataDir = join(tmp.dir, 'data');
  let store: Store;
  let index: ScreeningIndex;

  before(async () => {
    store = await openStore({ kind: 'sqlite', file: join(dataDir, 'vigil.sqlite') });
    await importList(store, { dataset: 'un_sc_sanctions', files: [UN] });
    index = ScreeningIndex.build(await currentEntities(store));
  });
  after(async () => {
    await store.close();
    tmp.cleanup();
  });

  it('writes, in input order, exactly the lines screening each line here gives', async () => {
    const names = ['Ri Won Ho', 'Kim Jong Un', 'John Smith', '리원호', 'Ким Чен Ын', 'Jang Chol Hyok', 'Maria Garcia', 'Korea Ryonbong General Corporation'];
    const lines: string[] = [];
    for (let i = 0; i < 1500; i++) {
      if (i % 97 === 0) lines.push('{not json');
      else if (i % 89 === 0) lines.push('');
      else lines.push(JSON.stringify({ id: `q${i}`, schema: i % 3 === 0 ? 'LegalEntity' : 'Person', properties: { name: [names[i % names.length]] } }));
    }
    const input = join(tmp.dir, 'queries.jsonl');
    writeFileSync(input, lines.map((l, i) => (i % 50 === 0 ? `${l}\r\n` : `${l}\n`)).join(''));
    const expected: string[] = [];
    eachLine(readFileSync(input, 'utf8'), 1, (line, n) => expected.push(screenLine(index, line, n, { limit: 3 }).text));
    assert.ok(expected.some((l) => l.includes('"match":true')), 'some queries match');
    assert.ok(expected.some((l) => l.includes('"error"')), 'some lines are errors');

    const output = join(tmp.dir, 'results.jsonl');
    let progress = 0;
    const outcome = await screenFile({ input, output, dataDir, env: {}, store, workers: 2, limit: 3, onProgress: (n) => (progress = n) });
    assert.equal(readFileSync(output, 'utf8'), `${expected.join('\n')}\n`);
    assert.equal(outcome.lines, expected.length);
    assert.equal(outcome.errors, expected.filter((l) => l.includes('"error"')).length);
    assert.equal(progress, expected.length);
    assert.equal(outcome.workers, 2);

    // One thread, the same bytes.
    const single = join(tmp.dir, 'results-1.jsonl');
    await screenFile({ input, output: single, dataDir, env: {}, store, workers: 1, limit: 3 });
    assert.equal(readFileSync(single, 'utf8'), readFileSync(output, 'utf8'));
  });

  it('gives a line that is not UTF-8 an error line naming the line and the byte, not a query of replacement characters', async () => {
    const input = join(tmp.dir, 'latin1.jsonl');
    const good = (id: string, name: string) => Buffer.from(`${JSON.stringify({ id, schema: 'Person', properties: { name: [name] } })}\n`);
    // "Kim Jong Ün" written in Latin-1 on line 2, far into a file of many blocks, and again on the last line.
    const parts = [good('q1', 'Kim Jong Un'), Buffer.from('{"id":"q2","schema":"Person","properties":{"name":["Kim Jong \xdcn"]}}\n', 'latin1')];
    for (let i = 3; i <= 600; i++) parts.push(good(`q${i}`, 'John Smith'));
    parts.push(Buffer.from('{"id":"q601","schema":"Person","properties":{"name":["\xdc"]}}', 'latin1'));
    const bytes = Buffer.concat(parts);
    writeFileSync(input, bytes);
    const badAt = (n: number) => bytes.indexOf(0xdc, n === 2 ? 0 : bytes.length - 10);
    for (const workers of [1, 2]) {
      const output = join(tmp.dir, `latin1-${workers}.jsonl`);
      const outcome = await screenFile({ input, output, dataDir, env: {}, store, workers, limit: 3 });
      const out = readFileSync(output, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string | null; line?: number; error?: string });
      assert.equal(out.length, 601);
      assert.equal(outcome.errors, 2);
      assert.deepEqual(out[1], { id: null, line: 2, error: `line 2: not UTF-8 text: byte 0xDC at byte offset ${badAt(2)}` });
      assert.deepEqual(out[600], { id: null, line: 601, error: `line 601: not UTF-8 text: byte 0xDC at byte offset ${badAt(601)}` });
      assert.equal(out[0]!.id, 'q1');
      assert.equal(out[2]!.id, 'q3');
      assert.ok(!readFileSync(output, 'utf8').includes('\uFFFD'), 'no replacement character');
    }
  });
});
