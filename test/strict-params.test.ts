/**
 * Strict request parameters over loopback, on both stores: the probes of issue 16's "smaller" row
 * each get a 400 naming the field (an SQL-looking date, an impossible date, an unknown schema, a
 * list of 10,000 names, an id past the store's integers, the character U+0000 anywhere, in JSON
 * bodies and in uploads, where the row error names the line and the field); and no secret in any
 * log line or error (an api_key query parameter, a key in the path, the key headers).
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { buildApp, type VigilApp } from '../src/server/index.js';
import { createKey } from '../src/server/keys.js';
import { isDateOrDateTime, redactUrl } from '../src/server/strict-input.js';
import type { Store } from '../src/store/index.js';
import { listenOnLoopback, onBothStores } from './helpers.js';

type Answer = { status: number; json: Record<string, unknown> };

onBothStores('strict_params', (name, open, skip) => {
  describe(`strict parameters (${name})`, { skip }, () => {
    let store: Store;
    let server: VigilApp;
    let base: string;
    let analyst: string;
    let admin: string;
    const lines: string[] = [];

    async function call(method: string, path: string, body?: unknown, key = analyst, contentType = 'application/json'): Promise<Answer> {
      const headers: Record<string, string> = { authorization: `Bearer ${key}` };
      if (body !== undefined) headers['content-type'] = contentType;
      const res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    }

    /** A 400 whose field is `field` and whose message starts with it and says `says`. */
    function refused(answer: Answer, field: string, says: RegExp): void {
      assert.equal(answer.status, 400, JSON.stringify(answer.json));
      assert.equal(answer.json.code, 'invalid_input');
      assert.equal(answer.json.field, field);
      assert.ok(String(answer.json.message).startsWith(`${field}: `), String(answer.json.message));
      assert.match(String(answer.json.message), says);
    }

    before(async () => {
      store = await open();
      analyst = (await createKey(store, 'analyst', ['analyst'])).key;
      admin = (await createKey(store, 'admin', ['admin'])).key;
      const stream = new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      });
      server = await buildApp({ store, logger: { level: 'info', stream } });
      base = await listenOnLoopback(server);
    });

    after(async () => {
      await server?.app.close();
      await store?.close();
    });

    it('refuses dates that are not ISO 8601, and reads those that are', async () => {
      refused(await call('GET', `/v1/audit?from=${encodeURIComponent("' OR '1'='1")}`), 'querystring/from', /ISO 8601 date \(2026-01-31\) or date-time/);
      refused(await call('GET', '/v1/audit?to=2026-02-30'), 'querystring/to', /ISO 8601/);
      refused(await call('GET', '/v1/audit?from=2026-01-01T25:00:00Z'), 'querystring/from', /ISO 8601/);
      refused(await call('GET', '/v1/audit?from=yesterday'), 'querystring/from', /ISO 8601/);
      refused(await call('GET', `/v1/lists/us_ofac_sdn/changes?since=${encodeURIComponent("1' OR '1'='1")}`, undefined, admin), 'querystring/since', /version id, or an ISO 8601 date/);
      await call('POST', '/v1/subjects', { screen: false, subjects: [{ ref: 'D-1', name: 'Dated Person' }] });
      const day = await call('GET', `/v1/audit?from=${new Date().toISOString().slice(0, 10)}`);
      assert.equal(day.status, 200);
      assert.ok((day.json.count as number) >= 1);
      const future = await call('GET', '/v1/audit?from=2999-01-01T00:00:00%2B02:00');
      assert.equal(future.status, 200);
      assert.equal(future.json.count, 0);
      assert.equal(isDateOrDateTime('2024-02-29'), true);
      assert.equal(isDateOrDateTime('2023-02-29'), false);
    });

    it('refuses a schema the model does not know, naming the ones it does', async () => {
      const screen = (await createKey(store, 'screen', ['screen'])).key;
      const bogus = await call('POST', '/match/default', { queries: { q1: { schema: 'Bogus', properties: { name: ['x'] } } } }, screen);
      refused(bogus, 'body/queries/q1/schema', /must be one of "Person", "Organization"/);
      refused(await call('GET', '/search/default?q=x&schema=Bogus', undefined, screen), 'querystring/schema', /must be one of/);
      refused(await call('POST', '/v1/screen', { query: { schema: 'person', properties: { name: 'x' } } }, screen), 'body/query/schema', /"Person"/);
    });

    it('refuses 10,000 names for their number, not as "must be string"', async () => {
      const screen = (await createKey(store, 'screen 2', ['screen'])).key;
      const names = Array.from({ length: 10_000 }, (_, i) => `Name ${i}`);
      const many = await call('POST', '/match/default', { queries: { q1: { schema: 'Person', properties: { name: names } } } }, screen);
      refused(many, 'body/queries/q1/properties/name', /more than 50 items/);
      assert.doesNotMatch(String(many.json.message), /must be string/);
      // One name as a plain string is still read (a list of one): past validation, to "no lists".
      const one = await call('POST', '/match/default', { queries: { q1: { schema: 'Person', properties: { name: 'Kim Il' } } } }, screen);
      assert.equal(one.status, 503);
    });

    it('refuses ids past the store integer range before the database sees them', async () => {
      refused(await call('GET', '/v1/alerts/99999999999'), 'params/id', /must be <= 2147483647/);
      refused(await call('GET', '/v1/alerts?after=99999999999'), 'querystring/after', /must be <= 2147483647/);
      refused(await call('GET', '/v1/alerts/abc'), 'params/id', /must be integer/);
      refused(await call('DELETE', `/v1/keys/${encodeURIComponent("x' OR 1=1--")}`, undefined, admin), 'params/id', /must match pattern/);
    });

    it('refuses U+0000 in any parameter or JSON field with a 400 naming it, on this store like the other', async () => {
      refused(
        await call('POST', '/v1/subjects', { screen: false, subjects: [{ ref: 'N-1', name: 'Fine' }, { ref: 'N-2', name: 'Bad\u0000Name' }] }),
        'body/subjects/1/name',
        /U\+0000 \(NUL\)/,
      );
      refused(await call('GET', '/v1/subjects/A%00B'), 'params/ref', /NUL/);
      refused(await call('GET', '/v1/alerts?assignee=x%00y'), 'querystring/assignee', /NUL/);
      refused(await call('POST', '/v1/alerts/1/comments', { text: 'a\u0000b' }), 'body/text', /NUL/);
      refused(await call('POST', '/v1/candidates', { candidates: [{ ref: 'K-1', names: ['Ok'], emails: ['x\u0000@example.org'] }] }), 'body/candidates/0/emails/0', /NUL/);
      refused(await call('POST', '/v1/webhooks', { url: 'https://example.org/h', secret: 'sixteen-chars-\u0000-secret' }, admin), 'body/secret', /NUL/);
      refused(await call('POST', '/v1/subjects', { screen: false, subjects: [{ ref: 'N-3', properties: { 'na\u0000me': ['x'] } }] }), 'body/subjects/0/properties/na\\u0000me (key)', /NUL/);
      // Nothing of those was stored, and the store still answers.
      const listed = await call('GET', '/v1/subjects');
      assert.equal(listed.status, 200);
      assert.ok(!(listed.json.subjects as { ref: string }[]).some((s) => s.ref.startsWith('N-')));
    });

    it('reports U+0000 in an upload row by its line and field, and keeps the other rows', async () => {
      const jsonl = ['{"ref":"U-1","name":"Good Person"}', '{"ref":"U-2","name":"Bad\\u0000Person"}', '{"ref":"U-3","name":"Other Person"}'].join('\n');
      const up = await call('POST', '/v1/subjects?screen=false', jsonl, analyst, 'application/x-ndjson');
      assert.equal(up.status, 200, JSON.stringify(up.json));
      const results = up.json.results as { row: number; outcome: string; error?: string }[];
      const bad = results.find((r) => r.outcome === 'error');
      assert.ok(bad, JSON.stringify(results));
      assert.match(String(bad.error), /line 2/);
      assert.match(String(bad.error), /field "name" contains the character U\+0000/);
      assert.deepEqual((up.json.counts as Record<string, number>).created, 2);
      // A NUL byte in a CSV file: the file is refused as a whole (binary or UTF-16?), naming the line.
      const csv = Buffer.concat([Buffer.from('ref,name\nC-1,Good Person\nC-2,Bad'), Buffer.from([0]), Buffer.from('Person\n')]);
      const upCsv = await fetch(`${base}/v1/subjects?screen=false`, { method: 'POST', headers: { authorization: `Bearer ${analyst}`, 'content-type': 'text/csv' }, body: csv });
      const csvJson = (await upCsv.json()) as { code: string; message: string };
      assert.equal(upCsv.status, 400, JSON.stringify(csvJson));
      assert.match(csvJson.message, /NUL byte at byte offset 32 \(line 3\)/);
      assert.ok(!(((await call('GET', '/v1/subjects')).json.subjects as { ref: string }[]).some((s) => s.ref === 'C-1')), 'nothing of a refused file is kept');
    });

    it('keeps secrets out of every log line and every error', async () => {
      // The secret is everything after the id: base64url, so it may itself hold '_' (split('_')[2]
      // would then be a fragment, even an empty string that every text "includes").
      const secret = /^vgl_[a-z0-9]+_(.+)$/.exec(analyst)![1]!;
      assert.equal(secret.length, 43);
      const withQuery = await fetch(`${base}/v1/subjects?api_key=${analyst}&token=tok-abcdef-123&limit=5`, { headers: { 'x-api-key': analyst } });
      assert.equal(withQuery.status, 200);
      const inPath = await fetch(`${base}/v1/nothing/${analyst}`, { headers: { authorization: `Bearer ${admin}` } });
      assert.equal(inPath.status, 404);
      assert.ok(!(await inPath.text()).includes(secret), 'the 404 does not echo a key in the path');
      const unauthorized = await fetch(`${base}/v1/subjects?api_key=${analyst}`);
      assert.equal(unauthorized.status, 401);
      assert.ok(!(await unauthorized.text()).includes(secret));
      const all = lines.join('');
      assert.ok(all.includes('api_key=[redacted]'), 'the request line is logged, redacted');
      assert.ok(all.includes('token=[redacted]'));
      assert.ok(all.includes('limit=5'), 'other parameters stay');
      assert.ok(!all.includes(secret), 'the key secret is in no log line');
      assert.ok(!all.includes('tok-abcdef-123'));
      assert.equal(redactUrl('/x?Api-Key=abc&q=1'), '/x?Api-Key=[redacted]&q=1');
      assert.equal(redactUrl('/x?q=vgl_abc_def'), '/x?q=[redacted]');
    });
  });
});
