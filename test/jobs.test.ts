/**
 * Batch jobs over loopback HTTP: JSONL and CSV uploads, progress, results in order (JSON lines and
 * CSV), rows that are not UTF-8, bad uploads, other keys' jobs, and a crash between writing a chunk and recording it: the
 * resumed job neither loses nor repeats a row.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { auditRecords } from '../src/cases/index.js';
import { main } from '../src/cli/main.js';
import { importList } from '../src/lists/import.js';
import { buildApp, type VigilApp } from '../src/server/index.js';
import { createKey } from '../src/server/keys.js';
import { openStore, type Store } from '../src/store/index.js';
import { listFile, listenOnLoopback, tempDir } from './helpers.js';

const tmp = tempDir();
const dataDir = join(tmp.dir, 'data');
let store: Store;
let key: string;
let otherKey: string;

async function start(limits?: { maxRows: number; maxBytes: number }): Promise<{ server: VigilApp; base: string }> {
  const server = await buildApp({ store, logger: false, dataDir, jobLimits: limits });
  await server.state.reload();
  return { server, base: await listenOnLoopback(server) };
}

async function submit(base: string, body: string | Uint8Array, type: string, k = key) {
  const res = await fetch(`${base}/v1/jobs?limit=3`, { method: 'POST', headers: { 'content-type': type, authorization: `Bearer ${k}` }, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function waitDone(base: string, id: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 600; i++) {
    const job = (await (await fetch(`${base}/v1/jobs/${id}`, { headers: { authorization: `Bearer ${key}` } })).json()) as Record<string, unknown>;
    if (job.status === 'done' || job.status === 'failed') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${id} did not finish`);
}

async function results(base: string, id: string, format = 'jsonl'): Promise<string> {
  const res = await fetch(`${base}/v1/jobs/${id}/results?format=${format}`, { headers: { authorization: `Bearer ${key}` } });
  assert.equal(res.status, 200);
  return res.text();
}

function queries(n: number): string {
  const names = ['Kum-hyok Song', 'Maria Garcia', 'Asatryan LLC', 'Wei Zhang'];
  return Array.from({ length: n }, (_, i) => JSON.stringify({ id: `r${i}`, schema: 'LegalEntity', properties: { name: [names[i % names.length]] } })).join('\n');
}

before(async () => {
  store = await openStore({ kind: 'sqlite', file: join(tmp.dir, 'vigil.sqlite') });
  await importList(store, { dataset: 'us_ofac_sdn', files: [listFile('ofac-sdn-advanced', 'sdn_advanced_2025-11-19.xml.gz')] });
  key = (await createKey(store, 'jobs', ['screen'])).key;
  otherKey = (await createKey(store, 'someone else', ['screen'])).key;
});
after(async () => {
  await store.close();
  tmp.cleanup();
});

describe('batch jobs', () => {
  it('screens a JSONL upload in the background and returns results in input order', async () => {
    const { server, base } = await start();
    try {
      const body = `${queries(1200)}\nnot json\n`;
      const submitted = await submit(base, body, 'application/x-ndjson');
      assert.equal(submitted.status, 202);
      assert.deepEqual(submitted.json.rows, { total: 1201, done: 0 });
      // The job and its audit record were written together, with the key that submitted it.
      const record = (await auditRecords(store)).find((r) => r.action === 'job.submit' && r.subject === submitted.json.id);
      assert.deepEqual([record?.actor.startsWith('key:'), record?.details], [true, { rows: 1201, format: 'jsonl' }]);
      const done = await waitDone(base, String(submitted.json.id));
      assert.equal(done.status, 'done');
      assert.deepEqual(done.rows, { total: 1201, done: 1201 });
      assert.equal(done.errors, 1);
      const lines = (await results(base, String(submitted.json.id))).trim().split('\n').map((l) => JSON.parse(l) as { id: string; results?: { id: string; match: boolean }[]; error?: string });
      const matched = lines.filter((l) => l.results?.some((r) => r.match)).length;
      assert.equal(done.matches, matched, 'the job counts the rows with a match');
      assert.ok(matched >= 600, 'Song Kum Hyok and Asatryan LLC, 300 each, at least');
      assert.equal(lines.length, 1201);
      assert.deepEqual(lines.slice(0, 1200).map((l) => l.id), Array.from({ length: 1200 }, (_, i) => `r${i}`));
      assert.equal(lines[0]!.results![0]!.id, 'us_ofac_sdn-49970');
      assert.match(lines[1200]!.error!, /^line 1201: not valid JSON/);
      // Someone else's key does not see the job.
      const foreign = await fetch(`${base}/v1/jobs/${String(submitted.json.id)}`, { headers: { authorization: `Bearer ${otherKey}` } });
      assert.equal(foreign.status, 404);
    } finally {
      await server.app.close();
    }
  });

  it('takes CSV with a header and gives CSV results', async () => {
    const { server, base } = await start();
    try {
      const csv = 'id,schema,name,birthDate\nc1,Person,Song Kum Hyok,1987\nc2,Person,"Garcia, Maria",\n"=HYPERLINK(""http://x.example"")",Person,Jane Doe,\n';
      const submitted = await submit(base, csv, 'text/csv');
      assert.equal(submitted.status, 202);
      await waitDone(base, String(submitted.json.id));
      const out = (await results(base, String(submitted.json.id), 'csv')).trim().split('\n');
      assert.equal(out[0], 'id,match,top_id,top_caption,top_schema,top_score,matches,error');
      assert.match(out[1]!, /^c1,true,us_ofac_sdn-49970,Song Kum Hyok,Person,1,1,$/);
      assert.match(out[2]!, /^c2,false,/);
      // An uploaded reference that a spreadsheet would run as a formula comes back neutralised.
      assert.match(out[3]!, /^"'=HYPERLINK\(""http:\/\/x\.example""\)",false,/);
    } finally {
      await server.app.close();
    }
  });

  it('answers a row that is not UTF-8 with an error line naming it and the byte, in JSON lines and CSV, and screens the rest', async () => {
    const { server, base } = await start();
    try {
      // "Song Kum Hyök" written in Latin-1 (0xF6) on the second row of each upload.
      const jsonl = Buffer.concat([
        Buffer.from(`${queries(1)}\n`),
        Buffer.from('{"id":"r1","schema":"Person","properties":{"name":["Song Kum Hy\xf6k"]}}\n', 'latin1'),
        Buffer.from(`${JSON.stringify({ id: 'r2', schema: 'Person', properties: { name: ['Wei Zhang'] } })}\n`),
      ]);
      const submitted = await submit(base, jsonl, 'application/x-ndjson');
      assert.equal(submitted.status, 202);
      const done = await waitDone(base, String(submitted.json.id));
      assert.deepEqual([done.status, done.rows, done.errors], ['done', { total: 3, done: 3 }, 1]);
      const lines = (await results(base, String(submitted.json.id))).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.deepEqual(lines.map((l) => l.id), ['r0', null, 'r2']);
      assert.deepEqual(lines[1], { id: null, line: 2, error: `line 2: not UTF-8 text: byte 0xF6 at byte offset ${jsonl.indexOf(0xf6)}` });

      const csv = Buffer.concat([Buffer.from('id,schema,name\nc1,Person,Song Kum Hyok\nc2,Person,Song Kum Hy'), Buffer.from([0xf6]), Buffer.from('k\nc3,Person,Wei Zhang\n')]);
      const csvJob = await submit(base, csv, 'text/csv');
      assert.equal(csvJob.status, 202);
      const csvDone = await waitDone(base, String(csvJob.json.id));
      assert.deepEqual([csvDone.status, csvDone.rows, csvDone.errors], ['done', { total: 3, done: 3 }, 1]);
      const out = (await results(base, String(csvJob.json.id))).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.deepEqual(out.map((l) => l.id), ['c1', null, 'c3']);
      assert.deepEqual(out[1], { id: null, line: 2, error: `line 2: not UTF-8 text: byte 0xF6 at byte offset ${csv.indexOf(0xf6)}` });
      assert.ok(!JSON.stringify(out).includes('\uFFFD'), 'no replacement character');
    } finally {
      await server.app.close();
    }
  });

  it('runs from the CLI: vigil jobs submit uploads, follows and downloads', async () => {
    const { server, base } = await start();
    try {
      const input = join(tmp.dir, 'batch.jsonl');
      writeFileSync(input, queries(700));
      let out = '';
      let err = '';
      const code = await main(['jobs', 'submit', input, '--url', base, '--key', key, '--format', 'csv'], {
        out: (t) => (out += t),
        err: (t) => (err += t),
        env: {},
      });
      assert.equal(code, 0, err);
      assert.match(out, /^job job_\w+: 700 rows screened, \d+ with a match, 0 not valid; results in .*batch\.jsonl\.results\.csv/);
      const rows = readFileSync(`${input}.results.csv`, 'utf8').trim().split('\n');
      assert.equal(rows.length, 701);
      const refused = await main(['jobs', 'submit', input, '--url', base, '--key', 'vgl_bad'], { out: () => {}, err: (t) => (err = t), env: {} });
      assert.equal(refused, 1);
      assert.match(err, /refused the job \(HTTP 401\)/);
    } finally {
      await server.app.close();
    }
  });

  it('refuses bad uploads with a clear error', async () => {
    const { server, base } = await start({ maxRows: 10, maxBytes: 1_000_000 });
    try {
      const tooMany = await submit(base, queries(11), 'application/x-ndjson');
      assert.equal(tooMany.status, 413);
      assert.match(String(tooMany.json.message), /more than 10 rows/);
      const wrongType = await submit(base, queries(2), 'application/xml');
      assert.equal(wrongType.status, 415);
      const empty = await submit(base, '', 'text/csv');
      assert.equal(empty.status, 400);
      const notDone = await fetch(`${base}/v1/jobs/job_nope/results`, { headers: { authorization: `Bearer ${key}` } });
      assert.equal(notDone.status, 404);
    } finally {
      await server.app.close();
    }
  });

  it('closes the connection of an upload it refused unread, so the next request on it is answered', async () => {
    const { server, base } = await start({ maxRows: 10, maxBytes: 1_000_000 });
    try {
      // Refused part-way (too many rows) and refused before reading (wrong type): the rest of the
      // body is never read; a client reusing the connection must not wait on it.
      for (const [body, type, status] of [[queries(5000), 'application/x-ndjson', 413], [queries(5000), 'application/xml', 415]] as const) {
        const res = await fetch(`${base}/v1/jobs`, { method: 'POST', headers: { 'content-type': type, authorization: `Bearer ${key}` }, body });
        assert.equal(res.status, status);
        assert.equal(res.headers.get('connection'), 'close');
        await res.arrayBuffer();
        const next = await fetch(`${base}/v1/jobs/job_nope`, { headers: { authorization: `Bearer ${key}` }, signal: AbortSignal.timeout(5_000) });
        assert.equal(next.status, 404);
      }
    } finally {
      await server.app.close();
    }
  });

  it('resumes a job that crashed between writing a chunk and recording it: no row lost or repeated', async () => {
    const first = await start();
    let id = '';
    try {
      first.server.jobs!.beforeCommit = (_job, rowsDone) => {
        if (rowsDone > 1000) {
          first.server.jobs!.stop();
          throw new Error('simulated crash');
        }
      };
      const submitted = await submit(first.base, queries(2300), 'application/x-ndjson');
      id = String(submitted.json.id);
      await first.server.jobs!.idle();
      const crashed = await first.server.jobs!.get(id);
      assert.equal(crashed?.status, 'running', 'the job was interrupted');
      assert.equal(crashed?.rows.done, 1000, 'two chunks recorded, the third written but not recorded');
    } finally {
      await first.server.app.close();
    }
    const second = await start();
    try {
      assert.deepEqual(await second.server.jobs!.resumeAll(), [id]);
      const done = await waitDone(second.base, id);
      assert.deepEqual(done.rows, { total: 2300, done: 2300 });
      const ids = (await results(second.base, id)).trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id);
      assert.equal(ids.length, 2300);
      assert.deepEqual(ids, Array.from({ length: 2300 }, (_, i) => `r${i}`));
    } finally {
      await second.server.app.close();
    }
  });
});
