/**
 * Decisions that say something and confirmed matches that one analyst cannot undo (issue 16), on
 * SQLite and PostgreSQL, with the real OFAC consolidated (non-SDN) list: a rationale, comment or
 * reason of nothing visible (a zero-width space, a soft hyphen, spaces) is refused with the field
 * named, through the application, the API and the CLI alike; a false positive or an escalation of
 * a confirmed match is only a pending request until a second actor approves it (the requester's
 * own approval refused with 409), while pending the exact OFAC hit is still reported as a
 * confirmed match and never suppressed; the approval is audited with both names and the chain
 * stays intact, and webhooks hear of the request and of the decision with both names; the alerts
 * waiting for approval are listed (application, API, CLI); a request can be rejected by another
 * analyst or withdrawn by its requester.
 */
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createVigil, type Vigil } from '../src/app/index.js';
import { auditRecords, checkText, sameActor, type AlertDetail, type CaseError } from '../src/cases/index.js';
import { main } from '../src/cli/main.js';
import { loadRules } from '../src/hiring/rules.js';
import type { Entity } from '../src/model/index.js';
import { buildApp, type VigilApp } from '../src/server/index.js';
import { createKey } from '../src/server/keys.js';
import { openStore, type Store, type StoreOptions } from '../src/store/index.js';
import { listFile, listenOnLoopback, PG_SKIP, PG_URL, pgSchemas, tempDir } from './helpers.js';

const CONS_FILES = ['cons_prim.csv', 'cons_add.csv', 'cons_alt.csv', 'cons_comments.csv'].map((f) => listFile('ofac-cons', '2025-12-19', f));
const ZWSP = '\u200B';
const SHY = '\u00AD';

const isInvalid = (field: string) => (e: CaseError) => e.code === 'invalid_input' && e.message.startsWith(`${field}: must contain visible text`);

describe('visible text (the one rule for rationale, comment, reason)', () => {
  it('refuses what shows nothing and says what it got', () => {
    const invisible = 'rationale: must contain visible text, at least 3 letters or digits (got only invisible or space characters)';
    for (const text of [ZWSP, SHY, '   ', '\t\n', `${ZWSP}${SHY}\u2060\u2061\uFEFF\u200E\u202E\u2066\u180E\u3000`, '\u3164\u3164\u3164', `\uFE0F${ZWSP}\u034F`]) {
      assert.throws(() => checkText('rationale', text, { required: true }), { code: 'invalid_input', message: invisible }, JSON.stringify(text));
    }
    assert.throws(() => checkText('rationale', '', { required: true }), { message: 'rationale: is required and must contain visible text, at least 3 letters or digits' });
    assert.throws(() => checkText('rationale', '--!!..', { required: true }), { message: /\(got no letter or digit\)$/ });
    assert.throws(() => checkText('rationale', `o${ZWSP}k`, { required: true }), { message: /at least 3 letters or digits \(got 2\)$/ });
    assert.throws(() => checkText('reason', 'x'.repeat(10_001), { required: true }), { message: 'reason: is 10001 characters long; at most 10000 are allowed' });
    assert.equal(checkText('comment', undefined, { required: false }), undefined);
  });

  it('keeps real text, in any script, without the invisible characters at its ends', () => {
    assert.equal(checkText('rationale', `${ZWSP} DOB 1990, not the listed 1962 ${SHY}\n`, { required: true }), 'DOB 1990, not the listed 1962');
    assert.equal(checkText('rationale', '동명이인', { required: true }), '동명이인');
    assert.equal(checkText('rationale', 'Иванов', { required: true }), 'Иванов');
    assert.equal(checkText('assignee', 'bo', { required: true, min: 1 }), 'bo');
  });

  it('counts actors that read the same as one person', () => {
    assert.ok(sameActor('cli:Ana', `cli:ana${ZWSP}`));
    assert.ok(sameActor('key:k1', 'key:k1'));
    assert.ok(!sameActor('key:k1', 'key:k2'));
    assert.ok(!sameActor('cli:ana', 'cli:ben'));
  });
});

/** Two listed people of the OFAC consolidated list with different names (read from the list, not written here). */
async function listedPeople(vigil: Vigil): Promise<Entity[]> {
  const snapshot = await vigil.inForce.loaded();
  const people: Entity[] = [];
  for (const e of snapshot.entities.values()) {
    const name = e.properties.name?.[0];
    if (e.schema === 'Person' && name && !people.some((p) => p.properties.name![0] === name)) people.push(e);
    if (people.length === 2) break;
  }
  assert.equal(people.length, 2, 'the OFAC consolidated list names people');
  return people;
}

async function cli(dataDir: string, env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['--data-dir', dataDir, ...args], { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), env });
  return { code, out, err };
}

function storeEnv(location: StoreOptions): NodeJS.ProcessEnv {
  return location.kind === 'sqlite' ? { VIGIL_STORE: 'sqlite' } : { VIGIL_STORE: 'postgres', VIGIL_PG_URL: location.url, VIGIL_PG_SCHEMA: location.schema };
}

function suite(name: string, open: () => Promise<{ store: Store; dataDir: string }>, skip?: string) {
  describe(`four eyes on confirmed matches (${name})`, { skip }, () => {
    let store: Store;
    let dataDir: string;
    let vigil: Vigil;
    const alertOf: Record<string, number> = {};
    const actor = 'cli:loader';

    before(async () => {
      ({ store, dataDir } = await open());
      // hooks.example.com resolves to a public address (example.com's), without the network.
      vigil = createVigil({ store, rules: () => loadRules([]), webhooks: { resolve: async () => [{ address: '93.184.215.14', family: 4 }] } });
      await vigil.lists.import({ dataset: 'us_ofac_cons', files: CONS_FILES }, { actor, via: 'lists import' });
      const people = await listedPeople(vigil);
      const subjects = people.map((p, i) => ({ ref: `C-${i + 1}`, kind: 'customer' as const, schema: 'Person', properties: { name: [p.properties.name![0]!] } }));
      await vigil.subjects.upsertAndScreen(subjects, { actor, trigger: 'test', snapshot: await vigil.inForce.loaded() });
      for (const [i, p] of people.entries()) {
        const [alert] = await vigil.alerts.list({ subject: (await vigil.subjects.get(`C-${i + 1}`)).id, entity: p.id });
        assert.ok(alert, `the exact name "${p.properties.name![0]}" raises an alert`);
        assert.ok(alert.score >= 0.99, `an exact hit (score ${alert.score})`);
        assert.ok(alert.entity.datasets.includes('us_ofac_cons'));
        alertOf[`C-${i + 1}`] = alert.id;
      }
    });
    after(async () => {
      await store?.close();
    });

    it('refuses a rationale or comment of nothing visible, and changes nothing', async () => {
      const id = alertOf['C-1']!;
      const before = await vigil.alerts.get(id);
      for (const text of [ZWSP, SHY, '    ', `${ZWSP} ${SHY}`]) {
        await assert.rejects(vigil.alerts.decide(id, 'false_positive', text, 'cli:ana'), isInvalid('rationale'));
        await assert.rejects(vigil.alerts.comment(id, text, 'cli:ana'), isInvalid('comment'));
      }
      await assert.rejects(vigil.alerts.decide(id, 'false_positive', 'ok', 'cli:ana'), { message: 'rationale: must contain visible text, at least 3 letters or digits (got 2)' });
      const after = await vigil.alerts.get(id);
      assert.equal(after.status, before.status);
      assert.equal(after.events.length, before.events.length, 'no event from a refused decision');
    });

    it('makes a false positive of a confirmed match only with a second analyst, never suppressing the hit meanwhile, and audits both names', async () => {
      const id = alertOf['C-1']!;
      const confirmed = await vigil.alerts.decide(id, 'confirmed', 'passport and date of birth match the OFAC listing', 'cli:ana');
      assert.equal(confirmed.status, 'confirmed');
      assert.equal(confirmed.pendingReversal, null);
      const hook = await vigil.webhooks.create({ url: 'https://hooks.example.com/four-eyes', events: ['alert.decided', 'alert.reversal_requested'] }, 'cli:admin');

      const requested = await vigil.alerts.decide(id, 'false_positive', 'customer says the passport was a forgery by someone else', 'cli:ana');
      assert.equal(requested.status, 'confirmed', 'one analyst does not reverse a confirmed match');
      assert.equal(requested.rationale, 'passport and date of birth match the OFAC listing');
      assert.equal(requested.pendingReversal?.decision, 'false_positive');
      assert.equal(requested.pendingReversal?.requestedBy, 'cli:ana');
      assert.equal(requested.pendingReversal?.rationale, 'customer says the passport was a forgery by someone else');
      assert.match(requested.pendingReversal!.needs, /second analyst's approval \(anyone but cli:ana\)/);
      assert.equal(requested.events.at(-1)!.kind, 'reversal_requested');
      assert.deepEqual((await vigil.alerts.list({ pendingReversal: true })).map((a) => a.id), [id], 'the second analyst finds what waits for approval');

      // While it is only pending, the exact OFAC hit stays a confirmed match on every screening.
      const rescreen = await vigil.subjects.screen('C-1', { actor, trigger: 'test' });
      assert.deepEqual([rescreen.tally.suppressed, rescreen.tally.confirmed], [0, 1]);
      assert.equal(rescreen.records[0]!.results.find((r) => r.alert === id)?.outcome, 'confirmed');
      assert.equal((await vigil.alerts.get(id)).suppressed, 0);

      // Nobody decides over a pending request; the requester cannot approve it, in any spelling.
      await assert.rejects(vigil.alerts.decide(id, 'false_positive', 'agree, different person', 'cli:ben'), (e: CaseError) => e.code === 'conflict' && /pending request by cli:ana/.test(e.message));
      await assert.rejects(vigil.alerts.decide(id, 'escalated', 'let the MLRO look at it', 'cli:ana'), { code: 'conflict' });
      for (const self of ['cli:ana', 'cli:Ana', `cli:ana${ZWSP}`]) {
        await assert.rejects(vigil.alerts.approveReversal(id, self), (e: CaseError) => e.code === 'conflict' && /requested this reversal and cannot approve it; it needs a second analyst's approval/.test(e.message));
      }
      await assert.rejects(vigil.alerts.approveReversal(id, 'cli:ben', ZWSP), isInvalid('comment'));
      assert.equal((await vigil.alerts.get(id)).status, 'confirmed');

      const approved = await vigil.alerts.approveReversal(id, 'cli:ben', 'checked the forgery report with the police reference');
      assert.equal(approved.status, 'false_positive');
      assert.deepEqual([approved.rationale, approved.decidedBy, approved.approvedBy], ['customer says the passport was a forgery by someone else', 'cli:ana', 'cli:ben']);
      assert.equal(approved.pendingReversal, null);
      assert.deepEqual(await vigil.alerts.list({ pendingReversal: true }), []);
      const event = approved.events.at(-1)!;
      assert.deepEqual([event.kind, event.actor, event.fromStatus, event.toStatus], ['decision', 'cli:ben', 'confirmed', 'false_positive']);
      assert.deepEqual([event.details.requestedBy, event.details.approvedBy, event.details.request], ['cli:ana', 'cli:ben', requested.pendingReversal!.requestEvent]);
      await assert.rejects(vigil.alerts.approveReversal(id, 'cli:cho'), (e: CaseError) => e.code === 'conflict' && /no reversal request waiting/.test(e.message));

      const records = (await auditRecords(store)).filter((r) => r.subject === `alert:${id}`);
      const request = records.find((r) => r.action === 'alert.reversal_requested')!;
      assert.equal(request.actor, 'cli:ana');
      assert.deepEqual([request.details.decision, request.details.requestedBy, request.details.from, request.details.to], ['false_positive', 'cli:ana', 'confirmed', 'confirmed']);
      const decision = records.filter((r) => r.action === 'alert.decision').at(-1)!;
      assert.equal(decision.actor, 'cli:ben');
      assert.deepEqual(
        [decision.details.to, decision.details.requestedBy, decision.details.approvedBy, decision.details.approvalComment],
        ['false_positive', 'cli:ana', 'cli:ben', 'checked the forgery report with the police reference'],
      );
      // Webhooks hear of the request, then of the decision with both names.
      const sent = (await vigil.webhooks.deliveries({ webhookId: hook.webhook.id })).reverse();
      assert.deepEqual(sent.map((d) => d.eventType), ['alert.reversal_requested', 'alert.decided']);
      const [asked, decided] = sent.map((d) => (d.payload.data as { alert: Record<string, unknown> }).alert);
      assert.deepEqual([asked!.id, asked!.status, asked!.decision, asked!.requestedBy], [id, 'confirmed', 'false_positive', 'cli:ana']);
      assert.deepEqual([decided!.id, decided!.status, decided!.decidedBy, decided!.approvedBy], [id, 'false_positive', 'cli:ana', 'cli:ben']);

      const verified = await vigil.audit.verify();
      assert.ok(verified.ok, JSON.stringify(verified.problems));

      // Now, and only now, the decided false positive is suppressed.
      const after = await vigil.subjects.screen('C-1', { actor, trigger: 'test' });
      assert.equal(after.tally.suppressed, 1);
    });

    it('lets another analyst reject a request and the requester withdraw one; the match stays confirmed', async () => {
      const id = alertOf['C-2']!;
      await vigil.alerts.decide(id, 'confirmed', 'same name, date and place of birth as listed', 'cli:ben');
      await assert.rejects(vigil.alerts.rejectReversal(id, 'nothing to reject here', 'cli:ana'), (e: CaseError) => e.code === 'conflict' && /no reversal request to reject/.test(e.message));
      await vigil.alerts.decide(id, 'escalated', 'the birth year differs in one source', 'cli:ben');
      await assert.rejects(vigil.alerts.rejectReversal(id, `${ZWSP}${ZWSP}`, 'cli:ana'), isInvalid('reason'));
      const rejected = await vigil.alerts.rejectReversal(id, 'both sources agree on the birth year', 'cli:ana');
      assert.deepEqual([rejected.status, rejected.pendingReversal, rejected.events.at(-1)!.kind], ['confirmed', null, 'reversal_rejected']);
      assert.equal(rejected.events.at(-1)!.details.rejectedBy, 'cli:ana');
      await vigil.alerts.decide(id, 'false_positive', 'the customer has a different nationality', 'cli:ben');
      assert.deepEqual((await vigil.alerts.list({ pendingReversal: true })).map((a) => a.id), [id]);
      const withdrawn = await vigil.alerts.rejectReversal(id, 'wrong alert, sorry', 'cli:ben');
      assert.deepEqual([withdrawn.status, withdrawn.pendingReversal, withdrawn.events.at(-1)!.kind], ['confirmed', null, 'reversal_withdrawn']);
      assert.deepEqual(await vigil.alerts.list({ pendingReversal: true }), []);
      const actions = (await auditRecords(store)).filter((r) => r.subject === `alert:${id}`).map((r) => `${r.action} ${r.actor}`);
      assert.deepEqual(actions.slice(-5), [
        'alert.decision cli:ben',
        'alert.reversal_requested cli:ben',
        'alert.reversal_rejected cli:ana',
        'alert.reversal_requested cli:ben',
        'alert.reversal_withdrawn cli:ben',
      ]);
    });

    it('says so over the API: 202 with the pending request, 409 for self-approval, both keys named', async () => {
      const ana = await createKey(store, 'ana', ['analyst']);
      const ben = await createKey(store, 'ben', ['analyst']);
      const server: VigilApp = await buildApp({ store, logger: false });
      try {
        const base = await listenOnLoopback(server);
        const call = async (key: string, method: string, path: string, body?: unknown) => {
          const res = await fetch(`${base}${path}`, {
            method,
            headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
            body: body === undefined ? undefined : JSON.stringify(body),
          });
          return { status: res.status, json: (await res.json()) as AlertDetail & { message?: string; code?: string } };
        };
        const id = alertOf['C-2']!;
        const invisible = await call(ana.key, 'POST', `/v1/alerts/${id}/decision`, { decision: 'false_positive', rationale: `${SHY}${ZWSP} ` });
        assert.equal(invisible.status, 400);
        assert.equal(invisible.json.message, 'rationale: must contain visible text, at least 3 letters or digits (got only invisible or space characters)');

        const asked = await call(ana.key, 'POST', `/v1/alerts/${id}/decision`, { decision: 'false_positive', rationale: 'the listed person died in 2019' });
        assert.equal(asked.status, 202);
        assert.equal(asked.json.status, 'confirmed');
        assert.equal(asked.json.pendingReversal?.requestedBy, `key:${ana.info.id}`);
        assert.match(asked.json.message!, /stays confirmed: making a confirmed match false_positive needs a second analyst's approval\. Requested by key:/);
        const shown = await call(ben.key, 'GET', `/v1/alerts/${id}`);
        assert.deepEqual(shown.json.pendingReversal, asked.json.pendingReversal);
        const waiting = (await call(ben.key, 'GET', '/v1/alerts?pendingReversal=true')).json as unknown as { alerts: { id: number }[] };
        assert.deepEqual(waiting.alerts.map((a) => a.id), [id]);

        const self = await call(ana.key, 'POST', `/v1/alerts/${id}/reversal/approve`);
        assert.equal(self.status, 409);
        assert.match(self.json.message!, new RegExp(`key:${ana.info.id} requested this reversal and cannot approve it`));
        const approved = await call(ben.key, 'POST', `/v1/alerts/${id}/reversal/approve`, { comment: 'death record seen' });
        assert.equal(approved.status, 200);
        assert.deepEqual([approved.json.status, approved.json.decidedBy, approved.json.approvedBy], ['false_positive', `key:${ana.info.id}`, `key:${ben.info.id}`]);
        const reject = await call(ben.key, 'POST', `/v1/alerts/${id}/reversal/reject`, { reason: 'too late, it is decided' });
        assert.equal(reject.status, 409);
      } finally {
        await server.app.close();
      }
    });

    it('says so on the command line: the request, who made it, and the approval by another user', async () => {
      const id = String(alertOf['C-2']!);
      const env = (user: string) => ({ ...storeEnv(store.location), VIGIL_ACTOR: user });
      const confirmed = await cli(dataDir, env('ana'), 'alerts', 'decide', id, '--decision', 'confirmed', '--rationale', 'it is the listed person after all');
      assert.equal(confirmed.code, 0, confirmed.err);
      const invisible = await cli(dataDir, env('ana'), 'alerts', 'decide', id, '--decision', 'false_positive', '--rationale', ZWSP);
      assert.equal(invisible.code, 1);
      assert.match(invisible.err, /rationale: must contain visible text/);
      const asked = await cli(dataDir, env('ana'), 'alerts', 'decide', id, '--decision', 'false_positive', '--rationale', 'different father name on the passport');
      assert.equal(asked.code, 0, asked.err);
      assert.match(asked.out, /stays confirmed: making a confirmed match false_positive needs a second analyst's approval/);
      assert.match(asked.out, /requested by cli:ana; another analyst runs: vigil alerts approve/);
      const waiting = await cli(dataDir, env('ben'), 'alerts', 'list', '--pending-approval');
      assert.match(waiting.out, new RegExp(`^${id}\tconfirmed\tC-2\t`, 'm'));
      assert.equal(waiting.out.trim().split('\n').length, 1);
      const shown = await cli(dataDir, env('ben'), 'alerts', 'show', id);
      assert.match(shown.out, /PENDING: cli:ana asked at .* to make this confirmed match false_positive: different father name on the passport/);
      const self = await cli(dataDir, env('ana'), 'alerts', 'approve', id);
      assert.equal(self.code, 1);
      assert.match(self.err, /cli:ana requested this reversal and cannot approve it/);
      const approved = await cli(dataDir, env('ben'), 'alerts', 'approve', id);
      assert.equal(approved.code, 0, approved.err);
      assert.match(approved.out, new RegExp(`alert ${id} is now false_positive \\(requested by cli:ana, approved by cli:ben\\)`));
      const after = await cli(dataDir, env('ben'), 'alerts', 'show', id);
      assert.match(after.out, /decided by cli:ana, approved by cli:ben at /);
      assert.ok((await vigil.audit.verify()).ok);
    });
  });
}

const tmp = tempDir();
after(() => tmp.cleanup());
const schemas = pgSchemas('four_eyes');
after(() => schemas.dropAll());
suite('sqlite', async () => {
  const store = await openStore({ kind: 'sqlite', file: join(tmp.dir, 'sqlite', 'vigil.sqlite') });
  return { store, dataDir: dirname((store.location as { file: string }).file) };
});
suite('postgres', async () => ({ store: await openStore({ kind: 'postgres', url: PG_URL!, schema: schemas.next() }), dataDir: join(tmp.dir, 'pg') }), PG_SKIP);
