/**
 * The case-management API over loopback, on the real OFAC publications: subjects upserted as JSON,
 * CSV and JSON lines (bad rows reported, the rest kept) and screened at once; a new OFAC version
 * loaded by an admin that the monitor turns into an alert without anyone asking; the alert's
 * explanation, review, assignment, comments and decisions (a rationale is mandatory); the audit
 * trail as JSON, JSON lines and CSV, and its verification; scopes (screen, analyst, admin); signed
 * webhooks received by a loopback endpoint; monitor runs; 404, 409, 413, 503; and the OpenAPI paths.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { verifySignature, WebhookDispatcher } from '../src/cases/webhooks.js';
import { loadConfig } from '../src/config.js';
import { importList } from '../src/lists/import.js';
import { buildApp, type VigilApp } from '../src/server/index.js';
import { createKey } from '../src/server/keys.js';
import { openStore, type Store } from '../src/store/index.js';
import { listFile, listenOnLoopback, tempDir } from './helpers.js';
import { startReceiver, type Receiver, type Received } from './webhook-receiver.js';

const tmp = tempDir();
let store: Store;
let server: VigilApp;
let base: string;
let screenKey: string;
let analystKey: string;
let analystId: string;
let adminKey: string;
let adminId: string;

/** The only non-public webhook target these tests allow (VIGIL_WEBHOOK_ALLOW). */
const WEBHOOK_ALLOW = ['127.0.0.1'];
const SONG = 'us_ofac_sdn-49970'; // Song Kum Hyok: designated after the July 2025 publication

interface Answer {
  status: number;
  type: string;
  text: string;
  json: Record<string, unknown>;
}

async function call(method: string, path: string, options: { body?: unknown; raw?: string; type?: string; key?: string | null } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  const key = options.key === undefined ? analystKey : options.key;
  if (key) headers.authorization = `Bearer ${key}`;
  if (options.body !== undefined || options.raw !== undefined) headers['content-type'] = options.type ?? 'application/json';
  const res = await fetch(`${base}${path}`, { method, headers, body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)) });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, type, text, json: type.startsWith('application/json') && text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

interface RowResult {
  row: number;
  ref: string | null;
  id?: number;
  version?: number;
  outcome: string;
  error?: string;
}
interface Alert {
  id: number;
  status: string;
  subject: { ref: string };
  entity: { id: string; caption: string };
  assignee: string | null;
  rationale: string | null;
  decidedBy: string | null;
  explanation: { summary: string; name?: { score: number } };
  events: { kind: string; actor: string; text: string | null; toStatus: string | null }[];
}

async function alertsOf(ref: string): Promise<Alert[]> {
  const { json } = await call('GET', `/v1/alerts?subject=${encodeURIComponent(ref)}`);
  return json.alerts as Alert[];
}

before(async () => {
  store = await openStore({ kind: 'sqlite', file: join(tmp.dir, 'vigil.sqlite') });
  await importList(store, { dataset: 'us_ofac_sdn', files: [listFile('ofac-sdn-advanced', 'sdn_advanced_2025-07-01.xml.gz')] });
  screenKey = (await createKey(store, 'screening', ['screen'])).key;
  const analyst = await createKey(store, 'analyst', ['analyst']);
  analystKey = analyst.key;
  analystId = analyst.info.id;
  const admin = await createKey(store, 'admin', ['admin']);
  adminKey = admin.key;
  adminId = admin.info.id;
  // The webhook receiver below listens on loopback: allowed explicitly, as an on-premises one would be.
  server = await buildApp({ store, logger: false, config: loadConfig({ ...process.env, VIGIL_WEBHOOK_ALLOW: WEBHOOK_ALLOW.join(',') }) });
  base = await listenOnLoopback(server);
});

after(async () => {
  await server?.app.close();
  await store?.close();
  tmp.cleanup();
});

describe('subjects', () => {
  it('refuses to screen while the lists are loading (503) and changes nothing', async () => {
    const early = await call('POST', '/v1/subjects', { body: { subjects: [{ ref: 'EARLY', name: 'Anna Novak' }] } });
    assert.equal(early.status, 503);
    assert.match(String(early.json.message), /still being built/);
    const listed = await call('GET', '/v1/subjects');
    assert.deepEqual(listed.json.subjects, []);
    await server.state.reload();
    assert.equal(server.state.requireSnapshot().versions.length, 1);
  });

  it('upserts JSON subjects, reports an invalid row, and screens the new ones at once', async () => {
    const { status, json } = await call('POST', '/v1/subjects', {
      body: {
        subjects: [
          { ref: 'C-1', schema: 'Person', properties: { name: ['Song Kum Hyok'], birthDate: ['1987-08-30'], nationality: ['North Korea'] } },
          { ref: 'C-2', name: 'Anna Novak', birth_date: '1990-04-02' },
          { ref: 'C-BAD', schema: 'Spaceship', name: 'Nostromo' },
          'not a record',
        ],
      },
    });
    assert.equal(status, 200);
    const results = json.results as RowResult[];
    assert.deepEqual(
      results.map((r) => [r.row, r.ref, r.outcome]),
      [
        [1, 'C-1', 'created'],
        [2, 'C-2', 'created'],
        [3, 'C-BAD', 'error'],
        [4, null, 'error'],
      ],
    );
    assert.match(results[2]!.error!, /^row 3: unknown schema "Spaceship"/);
    assert.match(results[3]!.error!, /^row 4: expected an object/);
    assert.deepEqual(json.counts, { created: 2, updated: 0, unchanged: 0, error: 2 });
    assert.equal(json.screened, true);
    const screenings = json.screenings as { ref: string; screening: number; alerts: { entity: string }[] }[];
    assert.deepEqual(screenings.map((s) => s.ref).sort(), ['C-1', 'C-2']);
    assert.ok(screenings.every((s) => s.screening > 0));
    // Song Kum Hyok is not on the July 2025 list: no alert for him yet.
    assert.ok(!screenings.some((s) => s.alerts.some((a) => a.entity === SONG)));
    assert.equal((json.tally as { screened: number }).screened, 2);

    const again = await call('POST', '/v1/subjects', { body: { subjects: [{ ref: 'C-2', name: 'Anna Novak', birth_date: '1990-04-02' }] } });
    assert.deepEqual((again.json.results as RowResult[]).map((r) => r.outcome), ['unchanged']);
    assert.deepEqual(again.json.screenings, [], 'an unchanged subject is not screened again');

    const detail = await call('GET', '/v1/subjects/C-1');
    assert.equal(detail.status, 200);
    const subject = detail.json.subject as { ref: string; version: number; screenedVersion: number; properties: Record<string, string[]> };
    assert.equal(subject.ref, 'C-1');
    assert.equal(subject.screenedVersion, 1);
    assert.deepEqual(subject.properties.birthDate, ['1987-08-30']);
    const recent = detail.json.screenings as { trigger: string; actor: string; listVersions: Record<string, number> }[];
    assert.equal(recent.length, 1);
    assert.equal(recent[0]!.trigger, 'api');
    assert.equal(recent[0]!.actor, `key:${analystId}`);
    assert.ok(recent[0]!.listVersions.us_ofac_sdn! > 0);
  });

  it('upserts a CSV file: the bad row is named and the others are created (left to the monitor)', async () => {
    const csv = [
      'ref,kind,schema,name,birth_date,country',
      'V-1,vendor,Company,Acme Trading Ltd,,GB',
      'V-2,vendor,Person,Jo Bloggs,31/12/1980,',
      'V-3,vendor,Person,Maria Schmidt,1975,DE',
    ].join('\n');
    const { status, json } = await call('POST', '/v1/subjects?screen=false', { raw: csv, type: 'text/csv' });
    assert.equal(status, 200);
    const results = json.results as RowResult[];
    assert.deepEqual(
      results.map((r) => [r.row, r.ref, r.outcome]),
      [
        [1, 'V-1', 'created'],
        [2, 'V-2', 'error'],
        [3, 'V-3', 'created'],
      ],
    );
    assert.match(results[1]!.error!, /^row 2 \(line 3\): property "birthDate": "31\/12\/1980" is not a date/);
    assert.equal(json.screened, false);
    assert.equal(json.screenings, undefined);
    const vendors = await call('GET', '/v1/subjects?kind=vendor');
    const listed = vendors.json.subjects as { ref: string; screenedVersion: number | null; kind: string }[];
    assert.deepEqual(listed.map((s) => s.ref), ['V-1', 'V-3']);
    assert.ok(listed.every((s) => s.screenedVersion === null && s.kind === 'vendor'), 'not screened: pending for the monitor');

    const bad = await call('POST', '/v1/subjects', { raw: 'ref,colour\nX,blue\n', type: 'text/csv' });
    assert.equal(bad.status, 400);
    assert.match(String(bad.json.message), /unknown column "colour"/);
    const plain = await call('POST', '/v1/subjects', { raw: 'ref\nX\n', type: 'text/plain' });
    assert.equal(plain.status, 415);
  });

  it('upserts JSON lines, updates a changed subject to a new version and screens it', async () => {
    const lines = [JSON.stringify({ ref: 'C-2', name: 'Anna Novak', birth_date: '1990-04-02', nationality: 'PL' }), '{"ref": "J-1", "name": ', JSON.stringify({ ref: 'J-2', kind: 'employee', name: 'Li Wei' })].join('\n');
    const { status, json } = await call('POST', '/v1/subjects', { raw: lines, type: 'application/x-ndjson' });
    assert.equal(status, 200);
    const results = json.results as RowResult[];
    assert.deepEqual(
      results.map((r) => [r.row, r.ref, r.outcome, r.version ?? null]),
      [
        [1, 'C-2', 'updated', 2],
        [2, null, 'error', null],
        [3, 'J-2', 'created', 1],
      ],
    );
    assert.match(results[1]!.error!, /^line 2: not valid JSON/);
    assert.deepEqual((json.screenings as { ref: string }[]).map((s) => s.ref).sort(), ['C-2', 'J-2']);
  });

  it('lists subjects in pages, stops monitoring one, and refuses to rescreen it', async () => {
    const first = await call('GET', '/v1/subjects?limit=2');
    const page1 = first.json.subjects as { id: number; ref: string }[];
    assert.equal(page1.length, 2);
    assert.equal(first.json.next, page1[1]!.id);
    const second = await call('GET', `/v1/subjects?limit=100&after=${String(first.json.next)}`);
    const refs = [...page1, ...(second.json.subjects as { ref: string }[])].map((s) => s.ref);
    assert.deepEqual(refs, ['C-1', 'C-2', 'V-1', 'V-3', 'J-2']);
    assert.equal(second.json.next, null);

    const deleted = await call('DELETE', '/v1/subjects/J-2');
    assert.equal(deleted.status, 200);
    assert.ok((deleted.json.subject as { deletedAt: string | null }).deletedAt);
    const active = (await call('GET', '/v1/subjects')).json.subjects as { ref: string }[];
    assert.ok(!active.some((s) => s.ref === 'J-2'));
    const all = (await call('GET', '/v1/subjects?deleted=true')).json.subjects as { ref: string }[];
    assert.ok(all.some((s) => s.ref === 'J-2'));
    const rescreen = await call('POST', '/v1/subjects/J-2/screen');
    assert.equal(rescreen.status, 409);
    assert.match(String(rescreen.json.message), /no longer monitored/);
    const unknown = await call('GET', '/v1/subjects/NOPE-404');
    assert.equal(unknown.status, 404);
    assert.match(String(unknown.json.message), /no subject "NOPE-404"/);
  });
});

describe('monitoring and alerts', () => {
  it('turns a new designation into an alert after an admin reloads the lists', async () => {
    assert.deepEqual(await alertsOf('C-1'), []);
    await importList(store, { dataset: 'us_ofac_sdn', files: [listFile('ofac-sdn-advanced', 'sdn_advanced_2025-11-19.xml.gz')] });
    const reload = await call('POST', '/v1/index/reload', { key: adminKey });
    assert.equal(reload.status, 200);
    await server.state.idle(); // the monitor runs in the background
    const alerts = await alertsOf('C-1');
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]!.entity.id, SONG);
    assert.equal(alerts[0]!.entity.caption, 'Song Kum Hyok');
    assert.equal(alerts[0]!.status, 'open');
    const runs = await call('GET', '/v1/monitor/runs');
    const last = (runs.json.runs as { status: string; actor: string; subjectsDone: number; stats: { opened: number } }[])[0]!;
    assert.equal(last.status, 'done');
    assert.equal(last.actor, `key:${adminId}`);
    assert.ok(last.stats.opened >= 1);
    // The vendors left to the monitor were screened by that run too.
    const vendors = (await call('GET', '/v1/subjects?kind=vendor')).json.subjects as { screenedVersion: number | null }[];
    assert.ok(vendors.every((v) => v.screenedVersion === 1));
  });

  it('swaps the same versions in again only when forced', async () => {
    const again = await call('POST', '/v1/index/reload', { key: adminKey });
    assert.equal(again.status, 200);
    assert.equal(again.json.changed, false);
    const forced = await call('POST', '/v1/index/reload?force=true', { key: adminKey });
    assert.equal(forced.status, 200);
    assert.equal(forced.json.changed, true);
    assert.deepEqual(forced.json.versions, again.json.versions, 'the same versions, swapped in again');
    assert.equal((forced.json.versions as unknown[]).length, 1);
    await server.state.idle();
    assert.equal((await call('POST', '/v1/index/reload?force=maybe', { key: adminKey })).status, 400);
  });

  it('shows the alert with its explanation and history, and rescreens on request', async () => {
    const [summary] = await alertsOf('C-1');
    const { status, json } = await call('GET', `/v1/alerts/${summary!.id}`);
    assert.equal(status, 200);
    const alert = json as unknown as Alert;
    assert.match(alert.explanation.summary, /Song Kum Hyok/);
    assert.ok(alert.explanation.name && alert.explanation.name.score > 0.8, 'the name comparison is explained');
    assert.deepEqual(alert.events.map((e) => e.kind), ['opened']);

    const rescreen = await call('POST', '/v1/subjects/C-1/screen');
    assert.equal(rescreen.status, 200);
    const screening = rescreen.json.screening as { id: number; trigger: string; results: { id: string; alert: number | null; outcome: string; match: boolean }[] };
    assert.equal(screening.trigger, 'api');
    const hit = screening.results.find((r) => r.id === SONG)!;
    assert.equal(hit.match, true);
    assert.equal(hit.alert, summary!.id);
    assert.equal(hit.outcome, 'updated', 'the open alert is brought up to date, not duplicated');
    const detail = await call('GET', '/v1/subjects/C-1');
    assert.equal((detail.json.screenings as { id: number }[])[0]!.id, screening.id);
    assert.equal((detail.json.alerts as Alert[]).length, 1);
  });

  it('takes the alert into review with an assignee, comments, and requires a rationale to decide', async () => {
    const [summary] = await alertsOf('C-1');
    const id = summary!.id;
    const review = await call('PATCH', `/v1/alerts/${id}`, { body: { status: 'in_review', assignee: 'maria.k' } });
    assert.equal(review.status, 200);
    assert.equal(review.json.status, 'in_review');
    assert.equal(review.json.assignee, 'maria.k');
    assert.deepEqual((review.json.events as Alert['events']).map((e) => e.kind), ['opened', 'status', 'assign']);
    const mine = await call('GET', '/v1/alerts?status=in_review,open&assignee=maria.k');
    assert.deepEqual((mine.json.alerts as Alert[]).map((a) => a.id), [id]);
    assert.equal((mine.json.counts as Record<string, number>).in_review, 1);
    const unassigned = await call('PATCH', `/v1/alerts/${id}`, { body: { assignee: null } });
    assert.equal(unassigned.json.assignee, null);
    assert.deepEqual((await call('GET', '/v1/alerts?assignee=maria.k')).json.alerts, []);
    assert.equal((await call('PATCH', `/v1/alerts/${id}`, { body: { assignee: 'maria.k' } })).json.assignee, 'maria.k');

    const notAMove = await call('PATCH', `/v1/alerts/${id}`, { body: { status: 'confirmed' } });
    assert.equal(notAMove.status, 400);
    assert.equal(notAMove.json.field, 'body/status');
    const comment = await call('POST', `/v1/alerts/${id}/comments`, { body: { text: 'Passport copy requested from the customer.' } });
    assert.equal(comment.status, 201);
    const events = comment.json.events as Alert['events'];
    assert.equal(events.at(-1)!.kind, 'comment');
    assert.equal(events.at(-1)!.text, 'Passport copy requested from the customer.');
    assert.equal(events.at(-1)!.actor, `key:${analystId}`);

    const missing = await call('POST', `/v1/alerts/${id}/decision`, { body: { decision: 'false_positive' } });
    assert.equal(missing.status, 400);
    assert.equal(missing.json.field, 'body/rationale');
    assert.match(String(missing.json.message), /rationale/);
    const blank = await call('POST', `/v1/alerts/${id}/decision`, { body: { decision: 'false_positive', rationale: '   ' } });
    assert.equal(blank.status, 400);
    assert.match(String(blank.json.message), /^rationale: must contain visible text, at least 3 letters or digits \(got only invisible or space characters\)$/);
    const unknownDecision = await call('POST', `/v1/alerts/${id}/decision`, { body: { decision: 'maybe', rationale: 'x' } });
    assert.equal(unknownDecision.status, 400);
    assert.equal(unknownDecision.json.field, 'body/decision');
    assert.equal((await alertsOf('C-1'))[0]!.status, 'in_review', 'refused decisions change nothing');
  });

  it('decides a false positive, suppresses it on rescreening, and records it all in the audit trail', async () => {
    const [summary] = await alertsOf('C-1');
    const id = summary!.id;
    const rationale = 'Different person: customer born in Pyongyang 1962, passport verified.';
    const decided = await call('POST', `/v1/alerts/${id}/decision`, { body: { decision: 'false_positive', rationale } });
    assert.equal(decided.status, 200);
    assert.equal(decided.json.status, 'false_positive');
    assert.equal(decided.json.rationale, rationale);
    assert.equal(decided.json.decidedBy, `key:${analystId}`);
    const again = await call('POST', `/v1/alerts/${id}/decision`, { body: { decision: 'false_positive', rationale } });
    assert.equal(again.status, 409);
    assert.match(String(again.json.message), /already false_positive/);
    const rescreen = await call('POST', '/v1/subjects/C-1/screen');
    const hit = (rescreen.json.screening as { results: { id: string; outcome: string }[] }).results.find((r) => r.id === SONG)!;
    assert.equal(hit.outcome, 'suppressed');
    const decidedList = await call('GET', '/v1/alerts?status=false_positive');
    assert.deepEqual((decidedList.json.alerts as Alert[]).map((a) => a.id), [id]);
    const badStatus = await call('GET', '/v1/alerts?status=open,closed');
    assert.equal(badStatus.status, 400);
    assert.match(String(badStatus.json.message), /status: unknown status "closed"/);

    const audit = await call('GET', '/v1/audit');
    assert.equal(audit.status, 200);
    const records = audit.json.records as { seq: number; at: string; actor: string; action: string; subject: string; details: Record<string, unknown>; hash: string }[];
    assert.equal(audit.json.count, records.length);
    const decision = records.find((r) => r.action === 'alert.decision' && r.subject === `alert:${id}`)!;
    assert.ok(decision, 'the decision is audited');
    assert.equal(decision.actor, `key:${analystId}`);
    assert.equal(decision.details.text, rationale);
    assert.equal(decision.details.to, 'false_positive');
    for (const action of ['subject.create', 'subject.update', 'subject.delete', 'subject.screen', 'alert.open', 'alert.status', 'alert.assign', 'alert.comment', 'monitor.run']) {
      assert.ok(records.some((r) => r.action === action), `audited: ${action}`);
    }
    assert.ok(records.some((r) => r.action === 'alert.open' && r.subject === `alert:${id}` && r.actor === `key:${adminId}`), 'opened by the monitor run the admin started');

    const csv = await call('GET', '/v1/audit?format=csv');
    assert.equal(csv.status, 200);
    assert.match(csv.type, /^text\/csv/);
    const lines = csv.text.trimEnd().split('\n');
    assert.equal(lines[0], 'seq,at,actor,action,subject,details,prev_hash,hash');
    const decisionLine = lines.find((l) => l.includes(',alert.decision,') && l.includes(`alert:${id}`))!;
    assert.ok(decisionLine.startsWith(`${decision.seq},`));
    assert.ok(decisionLine.endsWith(decision.hash));
    const jsonl = await call('GET', '/v1/audit?format=jsonl');
    assert.match(jsonl.type, /^application\/x-ndjson/);
    const parsed = jsonl.text.trimEnd().split('\n').map((l) => JSON.parse(l) as { seq: number });
    assert.deepEqual(parsed.map((r) => r.seq), records.map((r) => r.seq));
    const future = await call('GET', '/v1/audit?from=2999-01-01');
    assert.deepEqual(future.json.records, []);
    // The days the records were written on (two when the test runs across midnight UTC).
    const days = records.map((r) => new Date(r.at).toISOString().slice(0, 10)).sort();
    const bounded = await call('GET', `/v1/audit?from=${days[0]}&to=${days[days.length - 1]}`);
    assert.equal(bounded.json.count, records.length, 'a bare date covers its whole day');
    const badDate = await call('GET', '/v1/audit?from=last-tuesday');
    assert.equal(badDate.status, 400);
    assert.match(String(badDate.json.message), /^querystring\/from: /);

    const verify = await call('GET', '/v1/audit/verify');
    assert.equal(verify.status, 200);
    assert.equal(verify.json.ok, true);
    assert.deepEqual(verify.json.problems, []);
    assert.ok(Number(verify.json.records) >= records.length);
  });

  it('answers 404 for an unknown alert and 400 for a malformed id', async () => {
    const unknown = await call('GET', '/v1/alerts/999999');
    assert.equal(unknown.status, 404);
    assert.match(String(unknown.json.message), /no alert with id 999999/);
    const patch = await call('PATCH', '/v1/alerts/999999', { body: { assignee: 'x' } });
    assert.equal(patch.status, 404);
    const decide = await call('POST', '/v1/alerts/999999/decision', { body: { decision: 'confirmed', rationale: 'no such alert' } });
    assert.equal(decide.status, 404);
    const malformed = await call('GET', '/v1/alerts/abc');
    assert.equal(malformed.status, 400);
    assert.equal(malformed.json.field, 'params/id');
  });

  it('pages the alert queue in another order by offset, with the total the filters select, and refuses what it cannot do', async () => {
    const all = await call('GET', '/v1/alerts?limit=1000');
    const total = (all.json.alerts as unknown[]).length;
    assert.ok(total >= 1);
    assert.equal(all.json.total, total);
    const first = await call('GET', '/v1/alerts?sort=-score&limit=1');
    assert.equal(first.status, 200);
    assert.equal(first.json.total, total);
    assert.equal(first.json.next, null, 'pages in another order go by offset');
    const scores = (all.json.alerts as { score: number }[]).map((a) => a.score);
    assert.equal((first.json.alerts as { score: number }[])[0]!.score, Math.max(...scores));
    const none = await call('GET', '/v1/alerts?minScore=0.99&maxScore=1&subjectKind=vendor');
    assert.deepEqual([none.status, none.json.total], [200, 0]);
    const mixed = await call('GET', '/v1/alerts?sort=score&after=3');
    assert.equal(mixed.status, 400);
    assert.match(String(mixed.json.message), /with sort, page with offset/);
    const band = await call('GET', '/v1/alerts?minScore=0.9&maxScore=0.5');
    assert.deepEqual([band.status, band.json.message], [400, 'minScore: 0.9 is above maxScore 0.5']);
    assert.equal((await call('GET', '/v1/alerts?openedBefore=yesterday')).status, 400);
  });

  it('runs the monitor on an admin request: up to date, then a full rescreen', async () => {
    const upToDate = await call('POST', '/v1/monitor/run', { key: adminKey });
    assert.equal(upToDate.status, 200);
    assert.deepEqual(upToDate.json, { status: 'up-to-date' });
    const full = await call('POST', '/v1/monitor/run', { body: { full: true }, key: adminKey });
    assert.equal(full.status, 200);
    assert.equal(full.json.status, 'done');
    assert.equal(full.json.trigger, 'full');
    assert.equal(full.json.subjectsDone, 4, 'every monitored subject (J-2 was deleted)');
    assert.equal((full.json.stats as { suppressed: number }).suppressed, 1, 'the false positive stays suppressed');
    const runs = (await call('GET', '/v1/monitor/runs?limit=1')).json.runs as { id: number }[];
    assert.deepEqual(runs.map((r) => r.id), [full.json.id]);
  });
});

describe('scopes', () => {
  it('keeps case work to analysts and webhooks and monitor runs to admins', async () => {
    const screenOnly = await call('GET', '/v1/alerts', { key: screenKey });
    assert.equal(screenOnly.status, 403);
    assert.match(String(screenOnly.json.message), /lacks the "analyst" scope/);
    assert.equal((await call('POST', '/v1/subjects', { body: { subjects: [{ ref: 'S', name: 'x' }] }, key: screenKey })).status, 403);
    assert.equal((await call('GET', '/v1/audit', { key: screenKey })).status, 403);
    const analystWebhook = await call('POST', '/v1/webhooks', { body: { url: 'http://127.0.0.1:9/hook' } });
    assert.equal(analystWebhook.status, 403);
    assert.match(String(analystWebhook.json.message), /lacks the "admin" scope/);
    assert.equal((await call('GET', '/v1/webhooks')).status, 403);
    assert.equal((await call('POST', '/v1/monitor/run')).status, 403);
    assert.equal((await call('GET', '/v1/monitor/runs')).status, 200);
    assert.equal((await call('GET', '/v1/alerts', { key: adminKey })).status, 200, 'admin implies analyst');
    assert.equal((await call('GET', '/v1/alerts', { key: null })).status, 401);
    const created = await call('POST', '/v1/keys', { body: { name: 'second analyst', scopes: ['analyst'] }, key: adminKey });
    assert.equal(created.status, 201);
    assert.deepEqual(created.json.scopes, ['analyst']);
  });
});

describe('webhooks', () => {
  let receiver: Receiver;
  let received: Received[];
  let receiverUrl: string;

  before(async () => {
    receiver = await startReceiver(() => 204, '/vigil');
    received = receiver.received;
    receiverUrl = receiver.url;
  });
  after(() => receiver.close());

  it('delivers a signed alert.opened to an endpoint an admin registered', async () => {
    const created = await call('POST', '/v1/webhooks', { body: { url: receiverUrl, events: ['alert.opened', 'alert.decided'] }, key: adminKey });
    assert.equal(created.status, 201);
    const secret = String(created.json.secret);
    const webhookId = String(created.json.id);
    assert.match(secret, /^whsec_/);
    assert.deepEqual(created.json.events, ['alert.opened', 'alert.decided']);
    const listed = await call('GET', '/v1/webhooks', { key: adminKey });
    assert.deepEqual((listed.json.webhooks as { id: string }[]).map((w) => w.id), [webhookId]);
    assert.ok(!listed.text.includes(secret), 'the secret is shown once, never listed');

    const upsert = await call('POST', '/v1/subjects', { body: { subjects: [{ ref: 'C-3', schema: 'Company', name: 'Asatryan LLC' }] } });
    const opened = (upsert.json.screenings as { alerts: { alert: number; entity: string; outcome: string }[] }[])[0]!.alerts;
    assert.equal(opened[0]?.outcome, 'opened');
    const alertId = opened[0]!.alert;

    const dispatcher = new WebhookDispatcher(store, { allow: WEBHOOK_ALLOW });
    const counts = await dispatcher.runOnce();
    assert.equal(counts.delivered, 1);
    assert.equal(received.length, 1);
    const [hook] = received;
    assert.equal(hook!.headers['x-vigil-event'], 'alert.opened');
    assert.equal(hook!.headers['x-vigil-delivery'], `alert.opened:${alertId}:0`);
    const timestamp = hook!.headers['x-vigil-timestamp'] as string;
    const signature = hook!.headers['x-vigil-signature'] as string;
    assert.equal(verifySignature(secret, timestamp, hook!.body, signature), true);
    assert.equal(verifySignature(`${secret}x`, timestamp, hook!.body, signature), false);
    assert.equal(verifySignature(secret, timestamp, hook!.body.replace('Asatryan', 'Asatrian'), signature), false);
    const event = JSON.parse(hook!.body) as { type: string; data: { alert: { id: number; subject: { ref: string }; entity: { caption: string } } } };
    assert.equal(event.type, 'alert.opened');
    assert.equal(event.data.alert.id, alertId);
    assert.equal(event.data.alert.subject.ref, 'C-3');

    const deliveries = await call('GET', `/v1/webhooks/${webhookId}/deliveries?status=delivered`, { key: adminKey });
    const list = deliveries.json.deliveries as { id: number; eventId: string; status: string; lastStatus: number }[];
    assert.deepEqual(list.map((d) => [d.eventId, d.status, d.lastStatus]), [[`alert.opened:${alertId}:0`, 'delivered', 204]]);
    const again = await call('POST', `/v1/webhooks/deliveries/${list[0]!.id}/redeliver`, { key: adminKey });
    assert.equal(again.status, 200);
    assert.equal(again.json.status, 'pending');
    await dispatcher.runOnce();
    assert.equal(received.length, 2);
    assert.equal(received[1]!.headers['x-vigil-delivery'], `alert.opened:${alertId}:0`, 'the same event id, for the receiver to deduplicate');

    // A decision is announced too.
    const decided = await call('POST', `/v1/alerts/${alertId}/decision`, { body: { decision: 'confirmed', rationale: 'Same registered company and address.' } });
    assert.equal(decided.status, 200);
    await dispatcher.runOnce();
    assert.equal(received.at(-1)!.headers['x-vigil-event'], 'alert.decided');
    await dispatcher.stop();

    const audit = (await call('GET', '/v1/audit')).json.records as { action: string; subject: string; actor: string }[];
    assert.ok(audit.some((r) => r.action === 'webhook.create' && r.subject === webhookId && r.actor === `key:${adminId}`));
    assert.ok(audit.some((r) => r.action === 'webhook.redeliver' && r.subject === webhookId));
  });

  it('rejects bad webhook settings with 400, unknown ids with 404, and deletes endpoints', async () => {
    const ftp = await call('POST', '/v1/webhooks', { body: { url: 'ftp://example.com/hook' }, key: adminKey });
    assert.equal(ftp.status, 400);
    assert.match(String(ftp.json.message), /must use http or https/);
    const event = await call('POST', '/v1/webhooks', { body: { url: receiverUrl, events: ['alert.exploded'] }, key: adminKey });
    assert.equal(event.status, 400);
    assert.match(String(event.json.field), /^body\/events/);
    const shortSecret = await call('POST', '/v1/webhooks', { body: { url: receiverUrl, secret: 'short' }, key: adminKey });
    assert.equal(shortSecret.status, 400);
    assert.equal(shortSecret.json.field, 'body/secret');
    // Not public, and not on the allow-list: refused, the address and its class named.
    for (const [url, said] of [
      ['http://[::1]:9000/hook', 'http://[::1]:9000/hook is ::1, a loopback address'],
      ['http://169.254.169.254/latest/meta-data/', 'http://169.254.169.254/latest/meta-data/ is 169.254.169.254, a cloud metadata service address'],
      ['http://0x0A000001/hook', 'http://10.0.0.1/hook is 10.0.0.1, a private address'],
    ]) {
      const refused = await call('POST', '/v1/webhooks', { body: { url }, key: adminKey });
      assert.equal(refused.status, 400, url);
      assert.equal(refused.json.message, `webhook URL ${said}; set VIGIL_WEBHOOK_ALLOW to allow on-premises receivers`);
    }
    assert.equal((await call('POST', '/v1/webhooks/deliveries/999999/redeliver', { key: adminKey })).status, 404);
    assert.equal((await call('GET', '/v1/webhooks/wh_nope/deliveries', { key: adminKey })).status, 404);

    const [hook] = (await call('GET', '/v1/webhooks', { key: adminKey })).json.webhooks as { id: string }[];
    const deleted = await call('DELETE', `/v1/webhooks/${hook!.id}`, { key: adminKey });
    assert.deepEqual(deleted.json, { id: hook!.id, deleted: true });
    assert.equal((await call('DELETE', `/v1/webhooks/${hook!.id}`, { key: adminKey })).status, 404);
    assert.deepEqual((await call('GET', '/v1/webhooks', { key: adminKey })).json.webhooks, []);
    const delivery = ((await call('GET', `/v1/webhooks/${hook!.id}/deliveries`, { key: adminKey })).json.deliveries as { id: number }[])[0]!;
    const redeliver = await call('POST', `/v1/webhooks/deliveries/${delivery.id}/redeliver`, { key: adminKey });
    assert.equal(redeliver.status, 409);
    assert.match(String(redeliver.json.message), /was deleted/);
  });
});

describe('limits and documentation', () => {
  it('answers 413 for a body over the 1 MiB limit, as JSON and as CSV', async () => {
    const big = { subjects: Array.from({ length: 12_000 }, (_, i) => ({ ref: `B-${i}`, name: `Person Number ${i} ${'x'.repeat(80)}` })) };
    const json = await call('POST', '/v1/subjects', { body: big });
    assert.equal(json.status, 413);
    const csv = await call('POST', '/v1/subjects', { raw: `ref,name\n${'R,Someone Somewhere\n'.repeat(60_000)}`, type: 'text/csv' });
    assert.equal(csv.status, 413);
    const none = (await call('GET', '/v1/subjects?limit=1000')).json.subjects as { ref: string }[];
    assert.ok(!none.some((s) => s.ref.startsWith('B-') || s.ref === 'R'), 'nothing from a refused body');
  });

  it('documents the new routes and tags in OpenAPI', async () => {
    const { json } = await call('GET', '/openapi.json', { key: null });
    const paths = json.paths as Record<string, Record<string, { tags?: string[]; requestBody?: { content: Record<string, unknown> } }>>;
    for (const p of [
      '/v1/subjects',
      '/v1/subjects/{ref}',
      '/v1/subjects/{ref}/screen',
      '/v1/alerts',
      '/v1/alerts/{id}',
      '/v1/alerts/{id}/comments',
      '/v1/alerts/{id}/decision',
      '/v1/alerts/{id}/reversal/approve',
      '/v1/alerts/{id}/reversal/reject',
      '/v1/audit',
      '/v1/audit/verify',
      '/v1/webhooks',
      '/v1/webhooks/{id}',
      '/v1/webhooks/{id}/deliveries',
      '/v1/webhooks/deliveries/{id}/redeliver',
      '/v1/monitor/run',
      '/v1/monitor/runs',
    ]) {
      assert.ok(paths[p], p);
    }
    assert.deepEqual(paths['/v1/subjects']!.post!.tags, ['subjects']);
    assert.deepEqual(Object.keys(paths['/v1/subjects']!.post!.requestBody!.content).sort(), ['application/json', 'application/x-ndjson', 'text/csv']);
    assert.deepEqual(paths['/v1/alerts/{id}']!.patch!.tags, ['alerts']);
    const tags = (json.tags as { name: string }[]).map((t) => t.name);
    for (const t of ['subjects', 'alerts', 'audit', 'webhooks', 'monitor']) assert.ok(tags.includes(t), t);
  });
});
