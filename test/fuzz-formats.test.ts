/**
 * Fuzz suite over every input format Vigil reads (issue 16), property-based with fast-check: the
 * official list formats (OFAC advanced XML, OFAC CSV, UN XML, EU Official Journal CSV, UK ODS,
 * FollowTheMoney JSON), each from a small sample of a real file (read from the mirror, never copied
 * into the repo) cut short, with bytes flipped, dropped or duplicated, invalid UTF-8 and BOMs
 * inserted; subject uploads (CSV, JSON lines, JSON) and single subject records; candidate files and
 * records; batch screening input (lines and blocks); crypto addresses and wallets; dates.
 *
 * Property: a result, or the module's coded error (a VigilError: ListFormatError naming the file,
 * RecordsError, SubjectInputError, CandidateInputError; an error line naming its line) whose message
 * says what was wrong; never a TypeError, RangeError or stack overflow, never a hang (a time limit
 * per case). Deterministic with VIGIL_FUZZ_SEED and VIGIL_FUZZ_RUNS (see test/fuzz-routes.test.ts).
 */
import assert from 'node:assert/strict';
import { appendFileSync, createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { createGunzip } from 'node:zlib';
import fc from 'fast-check';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { VigilError } from '../src/errors.js';
import { ListFormatError } from '../src/lists/errors.js';
import { detectFormat } from '../src/lists/formats.js';
import { euJournalCsv } from '../src/lists/eu-journal-csv.js';
import { ftmJson } from '../src/lists/ftm-json.js';
import { ofacAdvancedXml } from '../src/lists/ofac-advanced.js';
import { ofacCsv } from '../src/lists/ofac-csv.js';
import type { ListAdapter, ParsedList } from '../src/lists/types.js';
import { ukOds } from '../src/lists/uk-ods.js';
import { unXml } from '../src/lists/un-xml.js';
import { RecordsError, readRecords } from '../src/io/records.js';
import { SubjectInputError, parseSubjectRecord, readSubjects } from '../src/cases/subject-input.js';
import { CandidateInputError, parseCandidate, readCandidates } from '../src/hiring/candidates.js';
import { readBlocks } from '../src/cli/batch.js';
import { screenLines } from '../src/match/jsonl.js';
import { ScreeningIndex, parseAddress } from '../src/match/index.js';
import { cleanListedAddress, walletEntity, walletsInText } from '../src/model/wallet.js';
import { parseDate, parseDates, parseQueryDate } from '../src/model/dates.js';
import { anyJson, applyMutations, csvUpload, fromSchema, fuzzSettings, hostileString, jsonlUpload, mutation, schemaOf, seedFor } from './fuzz-inputs.js';
import { listFile, tempDir } from './helpers.js';

const { seed: SEED, runs: RUNS } = fuzzSettings(40);
const CASE_TIMEOUT_MS = 20_000;
/** A synchronous call (no timer can stop it) slower than this counts as a hang. */
const SYNC_LIMIT_MS = 2_000;

const tmp = tempDir('vigil-fuzz-formats-');
after(() => tmp.cleanup());
let fileNo = 0;
function writeTemp(name: string, bytes: Uint8Array): string {
  const file = join(tmp.dir, `${++fileNo}-${name}`);
  writeFileSync(file, bytes);
  return file;
}

/** Run a fast-check property; on failure the message carries the seed, the path and the shrunk counterexample. */
async function check<T>(what: string, arb: fc.Arbitrary<T>, run: (value: T) => Promise<void> | void, runs = RUNS): Promise<void> {
  const property = fc.asyncProperty(arb, async (value) => {
    // VIGIL_FUZZ_TRACE: write each case to this file before running it (a synchronous hang is then its last line).
    if (process.env.VIGIL_FUZZ_TRACE) appendFileSync(process.env.VIGIL_FUZZ_TRACE, `${what}: ${fc.stringify(value).slice(0, 20_000)}\n`);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${CASE_TIMEOUT_MS} ms (hang)`)), CASE_TIMEOUT_MS);
    });
    const started = Date.now();
    try {
      await Promise.race([Promise.resolve().then(() => run(value)), late]);
    } finally {
      clearTimeout(timer);
    }
    const ms = Date.now() - started;
    if (ms > CASE_TIMEOUT_MS) throw new Error(`took ${ms} ms (hang)`);
  });
  const details = await fc.check(property, { seed: seedFor(SEED, what), numRuns: runs });
  if (details.failed) {
    const error = details.errorInstance as Error | undefined;
    assert.fail(
      `${what}: ${error?.stack?.split('\n').slice(0, 4).join('\n') ?? 'interrupted'}\n` +
        `  reproduce: VIGIL_FUZZ_SEED=${details.seed} (path "${details.counterexamplePath}"), shrunk input: ${fc.stringify(details.counterexample).slice(0, 3_000)}`,
    );
  }
}

/** An error that is not one Vigil raises on purpose (a TypeError, RangeError, a stack overflow...). */
function unexpected(err: unknown, where: string): Error {
  const e = err as Error;
  return new Error(`${where}: ${e?.constructor?.name ?? typeof err} instead of a coded error: ${e?.message ?? String(err)}`, { cause: err });
}

/** The first ~`max` bytes of a file, decompressed. */
async function headLines(file: string, until: (line: string, n: number) => boolean): Promise<string[]> {
  const input = file.endsWith('.gz') ? createReadStream(file).pipe(createGunzip()) : createReadStream(file);
  const lines: string[] = [];
  const rl = createInterface({ input, crlfDelay: Infinity });
  for await (const line of rl) {
    lines.push(line);
    if (until(line, lines.length)) break;
  }
  rl.close();
  input.destroy();
  return lines;
}

// ---- samples of the real files ----------------------------------------------------------------

interface ListSample {
  adapter: ListAdapter;
  dataset: string;
  name: string;
  bytes: Buffer;
}

/**
 * OFAC advanced XML: the real header and reference values, then the first distinct parties of the
 * November 2025 publication, the other sections empty (the whole file is 120 MB decompressed; the
 * reading stops after the fourth party).
 */
async function ofacAdvancedSample(): Promise<Buffer> {
  const out: string[] = [];
  let section = '';
  let parties = 0;
  await headLines(listFile('ofac-sdn-advanced', 'sdn_advanced_2025-11-19.xml.gz'), (line) => {
    const open = /^ {2}<([A-Za-z]+)[ >]/.exec(line);
    const close = /^ {2}<\/([A-Za-z]+)>/.exec(line);
    if (open && !line.includes('/>')) section = open[1]!;
    if (section === '' || section === 'DateOfIssue' || section === 'ReferenceValueSets' || section === 'DistinctParties' || open || close) out.push(line);
    if (section === 'DistinctParties' && line.trim() === '</DistinctParty>') parties++;
    if (close) section = '';
    if (parties < 4) return false;
    out.push('  </DistinctParties>', '  <ProfileRelationships />', '  <SanctionsEntries />', '  <SanctionsEntryLinks />', '</Sanctions>');
    return true;
  });
  return Buffer.from(`${out.join('\n')}\n`);
}

async function samples(): Promise<ListSample[]> {
  const sdnCsv = await headLines(listFile('ofac-sdn-csv', '2024-05-03', 'sdn.csv'), (_l, n) => n >= 60);
  const unLines = readFileSync(listFile('un', 'un_consolidated_2026-02-27.xml'), 'utf8').split('\n');
  const firstEntities = unLines.findIndex((l) => l.includes('<ENTITIES>'));
  const cutAfter = (from: number, closing: string, count: number) => {
    let seen = 0;
    for (let i = from; i < unLines.length; i++) if (unLines[i]!.includes(closing) && ++seen === count) return i + 1;
    return unLines.length;
  };
  const un = [
    ...unLines.slice(0, cutAfter(0, '</INDIVIDUAL>', 6)),
    '  </INDIVIDUALS>',
    ...unLines.slice(firstEntities, cutAfter(firstEntities, '</ENTITY>', 3)),
    '  </ENTITIES>',
    '</CONSOLIDATED_LIST>',
  ].join('\n');
  const euLines = readFileSync(listFile('eu', 'eu_journal_consolidated_32019R0796.csv'), 'utf8').split('\n');
  // UK: the real workbook with its content cut to its first rows (the sheet XML cut at a row end, closed again).
  const ods = unzipSync(readFileSync(listFile('uk', 'FCDO_SL_Mon_Aug_11_2025.ods')));
  const content = Buffer.from(ods['content.xml']!).toString('utf8');
  const rowEnds = [...content.matchAll(/<\/table:table-row>/g)].map((m) => m.index + m[0].length);
  const cut = rowEnds[Math.min(30, rowEnds.length - 1)]!;
  const tail = content.slice(content.indexOf('</table:table>'));
  const smallOds = zipSync({ ...ods, 'content.xml': strToU8(content.slice(0, cut) + tail) }, { level: 1 });
  return [
    { adapter: ofacAdvancedXml, dataset: 'us_ofac_sdn', name: 'sdn_advanced.xml', bytes: await ofacAdvancedSample() },
    { adapter: ofacCsv, dataset: 'us_ofac_sdn', name: 'sdn.csv', bytes: Buffer.from(`${sdnCsv.join('\r\n')}\r\n`) },
    { adapter: unXml, dataset: 'un_sc_sanctions', name: 'consolidated.xml', bytes: Buffer.from(un) },
    { adapter: euJournalCsv, dataset: 'eu_cyber_annex', name: 'eu_journal_consolidated_32019R0796.csv', bytes: Buffer.from(euLines.slice(0, 12).join('\n') + '\n') },
    { adapter: ukOds, dataset: 'gb_fcdo_sanctions', name: 'UK_Sanctions_List.ods', bytes: Buffer.from(smallOds) },
    { adapter: ftmJson, dataset: 'eu_fsf', name: 'entities.ftm.json', bytes: readFileSync(listFile('opensanctions', 'yente_fixture_t1_entities.ftm.json')) },
  ];
}

/** Parse a list file: a ParsedList, or a ListFormatError naming the file; anything else is a finding. */
async function parseList(adapter: ListAdapter, file: string, dataset: string): Promise<ParsedList | ListFormatError> {
  try {
    const list = await adapter.parse([file], { dataset });
    assert.ok(Array.isArray(list.entities), 'entities');
    for (const e of list.entities) assert.ok(typeof e.id === 'string' && e.id.startsWith(`${dataset}-`) && typeof e.schema === 'string', `entity ${JSON.stringify(e.id)}`);
    return list;
  } catch (err) {
    if (!(err instanceof ListFormatError)) throw unexpected(err, `${adapter.format} ${basename(file)}`);
    if (!err.message.includes(basename(file))) throw new Error(`the error does not name the file ${basename(file)}: ${err.message}`);
    return err;
  }
}

describe(`fuzzing the input formats (seed ${SEED}, ${RUNS} cases each)`, () => {
  let lists: ListSample[];
  let index: ScreeningIndex;

  before(async () => {
    lists = await samples();
    const eu = await euJournalCsv.parse([listFile('eu', 'eu_journal_consolidated_32019R0796.csv')], { dataset: 'eu_cyber_annex' });
    index = ScreeningIndex.build(eu.entities);
  });

  it('parses each list sample unmutated (the samples are good ones)', async () => {
    for (const s of lists) {
      const result = await parseList(s.adapter, writeTemp(s.name, s.bytes), s.dataset);
      if (process.env.VIGIL_FUZZ_LOG) console.error(`${s.adapter.format}: ${s.bytes.length} bytes, ${result instanceof ListFormatError ? result.message.slice(0, 200) : `${result.entities.length} entities`}`);
      // A sample may be refused only as what it is: a part of the list.
      if (result instanceof ListFormatError) assert.equal(result.code, 'partial_list', `${s.adapter.format}: ${result.message}`);
      else assert.ok(result.entities.length > 0, `${s.adapter.format}: no entity`);
    }
  });

  it('reads every mutated list file as a list or a ListFormatError naming the file', async () => {
    for (const s of lists) {
      await check(`${s.adapter.format} (${s.name})`, fc.array(mutation(), { minLength: 1, maxLength: 4 }), async (mutations) => {
        const file = writeTemp(s.name, applyMutations(s.bytes, mutations));
        await parseList(s.adapter, file, s.dataset);
        // Format detection reads the same bytes: an adapter, or a ListFormatError.
        try {
          await detectFormat(file);
        } catch (err) {
          if (!(err instanceof ListFormatError)) throw unexpected(err, 'detectFormat');
        }
      }, Math.max(4, Math.ceil(RUNS / 2)));
    }
  });

  const SHAPES = [
    schemaOf({ ref: 'S-1', schema: 'Person', properties: { name: ['Gao Qiang'], birthDate: ['1987'] } }),
    schemaOf({ ref: 'S-2', kind: 'vendor', name: 'Gao Qiang', birth_date: '1987-08-30', wallet: '0x098B716B8Aaf21512996dC57EB0615e2383E2f96', nationality: 'cn' }),
  ];
  const CANDIDATE = schemaOf({
    ref: 'C-1',
    names: ['Jin Song'],
    emails: ['jin@example.org'],
    phones: ['+1 415 555 0100'],
    homeAddress: { text: '1 Main Street', country: 'us' },
    claimedLocation: { country: 'us', timeZone: 'America/Chicago' },
    events: [{ kind: 'login', at: '2025-01-02T03:04:05Z', ip: '203.0.113.9' }],
    profiles: [{ platform: 'github', handle: 'jin' }],
  });
  const upload = (shapes: ReturnType<typeof schemaOf>[]) =>
    fc.oneof(
      csvUpload().map((bytes) => ({ format: 'csv' as const, bytes })),
      jsonlUpload(shapes).map((bytes) => ({ format: 'jsonl' as const, bytes })),
      fc.array(fc.oneof(...shapes.map((s) => fromSchema(s, { nul: true, shapes: [] })), anyJson()), { maxLength: 5 }).map((items) => ({ format: 'json' as const, bytes: Buffer.from(`[${items.join(',')}]`) })),
      fc.tuple(fc.array(mutation(), { minLength: 1, maxLength: 3 }), fc.constantFrom('csv' as const, 'jsonl' as const, 'json' as const)).map(([m, format]) => ({
        format,
        bytes: applyMutations(Buffer.from(format === 'csv' ? 'ref,name,birthDate\nS-1,Gao Qiang,1987\nS-2,"Anna ""A"" Novak",1990-04-02\n' : format === 'jsonl' ? '{"ref":"S-1","name":"Gao Qiang"}\n{"ref":"S-2","name":"Anna Novak"}\n' : '[{"ref":"S-1","name":"Gao Qiang"},{"ref":"S-2","name":"Anna Novak"}]'), m),
      })),
    );

  it('reads mutated record files (CSV, JSON lines, JSON) as records, error records naming their row, or a RecordsError', async () => {
    await check('readRecords', upload(SHAPES), async ({ format, bytes }) => {
      try {
        for await (const r of readRecords(bytes, { format, name: 'fuzz-input', maxRecords: 50 })) {
          if ('error' in r) assert.ok(r.error !== '' && /^(row|line|item) \d+/.test(r.where), `error record without its place: ${JSON.stringify(r)}`);
        }
      } catch (err) {
        if (!(err instanceof RecordsError)) throw unexpected(err, 'readRecords');
        assert.match(err.message, /fuzz-input/);
      }
    });
  });

  it('reads mutated subject uploads and records as subjects, rows naming their error, or a coded error', async () => {
    await check('readSubjects', upload(SHAPES), async ({ format, bytes }) => {
      try {
        for await (const row of readSubjects(bytes, { format, name: 'fuzz-input', maxRows: 50 })) {
          if ('error' in row) assert.match(row.error, /^(row|line|item) \d+/, `row error without its place: ${row.error}`);
          else assert.ok(typeof row.subject.ref === 'string' && row.subject.ref !== '', 'a subject without a reference');
        }
      } catch (err) {
        if (!(err instanceof VigilError)) throw unexpected(err, 'readSubjects');
        assert.match(err.message, /fuzz-input/);
      }
    });
    await check('parseSubjectRecord', fc.oneof(...SHAPES.map((s) => fromSchema(s, { nul: true, shapes: [] })), anyJson()), (json) => {
      let value: unknown;
      try {
        value = JSON.parse(json);
      } catch {
        return; // deep nesting past what JSON.parse takes is the JSON reader's business (readRecords above)
      }
      try {
        parseSubjectRecord(value);
      } catch (err) {
        if (!(err instanceof SubjectInputError)) throw unexpected(err, 'parseSubjectRecord');
        assert.ok(err.message.length > 0);
      }
    });
  });

  it('reads mutated candidate files and records as profiles, rows naming their error, or a CandidateInputError', async () => {
    await check('readCandidates', upload([CANDIDATE]), async ({ format, bytes }) => {
      const file = writeTemp(`candidates.${format}`, bytes);
      try {
        for await (const row of readCandidates(file, { format })) {
          if ('error' in row) assert.match(row.error, /^(row|line|item) \d+/, `row error without its place: ${row.error}`);
        }
      } catch (err) {
        if (!(err instanceof CandidateInputError)) throw unexpected(err, 'readCandidates');
        assert.ok(err.message.includes(file), `the error does not name the file: ${err.message}`);
      }
    });
    await check('parseCandidate', fc.oneof(fromSchema(CANDIDATE, { nul: true, shapes: [] }), anyJson()), (json) => {
      let value: unknown;
      try {
        value = JSON.parse(json);
      } catch {
        return;
      }
      try {
        parseCandidate(value);
      } catch (err) {
        if (!(err instanceof CandidateInputError)) throw unexpected(err, 'parseCandidate');
        assert.ok(err.message.length > 0);
      }
    });
  });

  it('screens every line of mutated batch input: one JSON line out per line in, an error naming its line', async () => {
    const QUERY = schemaOf({ id: 'q1', schema: 'Person', properties: { name: ['Gao Qiang'], birthDate: ['1987'] } });
    await check('batch screening', jsonlUpload([QUERY]), async (bytes) => {
      const file = writeTemp('queries.jsonl', bytes);
      let inLines = 0;
      let outLines = 0;
      for await (const block of readBlocks(file)) {
        const started = Date.now();
        const out = screenLines(index, block.bytes, { line: block.firstLine, offset: block.offset }, { threshold: 0.7, limit: 3 });
        if (Date.now() - started > SYNC_LIMIT_MS) throw new Error(`screening a block took ${Date.now() - started} ms`);
        const lines = out.text.split('\n').filter((l) => l !== '');
        assert.equal(lines.length, out.lines);
        for (const line of lines) {
          const r = JSON.parse(line) as { results?: unknown[]; error?: string };
          if (r.error !== undefined) assert.match(r.error, /^line \d+: ./, `an error line that names no line: ${line.slice(0, 300)}`);
          else assert.ok(Array.isArray(r.results), `neither results nor an error: ${line.slice(0, 300)}`);
        }
        outLines += out.lines;
      }
      // One output line per input line that is not blank (a line of bad bytes counts).
      for (const line of bytes.toString('latin1').split(/\r\n|\n|\r/)) if (line.trim() !== '') inLines++;
      assert.equal(outLines, inLines, 'output lines');
    });
  });

  it('reads hostile wallet addresses and currencies without throwing, and says why an address is not one', async () => {
    const address = fc.oneof(
      hostileString(),
      fc.constantFrom('0x098B716B8Aaf21512996dC57EB0615e2383E2f96', '1BoatSLRHtKNngkdXEeobR76b53LETtpyT', 'bc1qa5wkgaew2dkv56kfvj49j0av5nml45x9ek9hz6', 'TXmVpin5vq5gdZsciyyjdZgKRUju4st1wM', 'ethereum:0x098B716B8Aaf21512996dC57EB0615e2383E2f96?value=1'),
      fc.tuple(fc.constantFrom('0x', '1', '3', 'bc1', 'T', 'ltc1', 'X', 'r'), fc.string({ unit: 'grapheme-ascii', maxLength: 80 })).map(([p, s]) => p + s),
    );
    await check('parseAddress and wallets', fc.tuple(address, fc.option(hostileString()), hostileString()), ([raw, currency, text]) => {
      const started = Date.now();
      const info = parseAddress(raw, currency ?? undefined);
      if (info.key === '') assert.ok(typeof info.reason === 'string' && info.reason !== '', `no reason for ${JSON.stringify(raw.slice(0, 80))}`);
      cleanListedAddress(raw);
      walletsInText(`Digital Currency Address - ${currency ?? 'XBT'} ${raw}; ${text}`);
      if (raw.trim() !== '') {
        try {
          const e = walletEntity({ dataset: 'fuzz', holderSourceId: '1', currency: currency ?? 'XBT', address: raw });
          assert.equal(e.schema, 'CryptoWallet');
        } catch (err) {
          if (!(err instanceof VigilError) && (err as Error).constructor !== Error) throw unexpected(err, 'walletEntity');
        }
      }
      if (Date.now() - started > SYNC_LIMIT_MS) throw new Error(`took ${Date.now() - started} ms`);
    });
  });

  it('reads hostile dates as ISO prefixes or an error naming the text, quickly', async () => {
    const date = fc.oneof(
      hostileString(),
      fc.tuple(fc.integer({ min: -5, max: 40 }), fc.integer({ min: -1, max: 13 }), fc.integer({ min: 0, max: 3000 }), fc.constantFrom('-', '.', '/', ' ', '  .  ', '年')).map(([d, m, y, sep]) => `${d}${sep}${m}${sep}${y}`),
      fc.constantFrom('circa 1960', '1960 to 1962', '30 Aug 1987', '30 августа 1987 г.', '1987年8月30日', '31/02/1990', '0000-00-00', '9999-99-99', `${'1'.repeat(10_000)}`, `${'1 '.repeat(10_000)}`, `${'Aug '.repeat(5_000)}1987`, '1e3', '-1987'),
    );
    const iso = /^\d{4}(-\d{2}(-\d{2})?)?$/;
    await check('dates', date, (text) => {
      const started = Date.now();
      const one = parseDate(text);
      if (one !== undefined) assert.match(one, iso);
      for (const d of parseDates(text)) assert.match(d, iso);
      const q = parseQueryDate(text, new Date('2026-01-01T00:00:00Z'));
      if ('value' in q) assert.match(q.value, iso);
      else assert.ok(typeof q.error === 'string' && q.error !== '', 'an empty date error');
      if (Date.now() - started > SYNC_LIMIT_MS) throw new Error(`took ${Date.now() - started} ms on ${text.length} characters`);
    });
  });
});
