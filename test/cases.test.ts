/**
 * The alert workflow on hand-made listed entities (SQLite): lifecycle and its refusals, decisions
 * with mandatory rationale and their revision, false-positive suppression until the subject
 * changes (then reopening with what changed), confirmed matches never suppressed, subjects
 * versioned, deleted and monitored again. The July -> November run on the real list is in
 * monitor.test.ts.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CaseError,
  approveReversal,
  ListSnapshot,
  commentAlert,
  decideAlert,
  deleteSubject,
  getAlert,
  getSubject,
  listAlerts,
  runMonitor,
  screenSubjects,
  subjectsById,
  updateAlert,
  upsertSubjects,
  verifyAudit,
  type SubjectInput,
} from '../src/cases/index.js';
import { entityHash, type Entity } from '../src/model/index.js';
import { openStore, type ListVersion, type Store } from '../src/store/index.js';
import { rawDatabaseOf } from '../src/store/testing.js';
import { tempDir } from './helpers.js';

const LISTED: Entity[] = [
  { id: 'test-1', schema: 'Person', caption: 'Ri Chol Ho', datasets: ['test'], properties: { name: ['Ri Chol Ho'], birthDate: ['1966'] } },
  { id: 'test-2', schema: 'Company', caption: 'Haegumgang Trading Company', datasets: ['test'], properties: { name: ['Haegumgang Trading Company'] } },
];

function snapshotOf(entities: Entity[]): ListSnapshot {
  const version: ListVersion = {
    id: 1,
    dataset: 'test',
    format: 'ftm-json',
    sourceFiles: [],
    publishedAt: null,
    sha256: 'x',
    entityCount: entities.length,
    stats: {},
    warnings: [],
    importedAt: new Date().toISOString(),
  };
  return new ListSnapshot(entities, new Map(entities.map((e) => [e.id, entityHash(e)])), [version]);
}

const tmp = tempDir();
let store: Store;
const snapshot = snapshotOf(LISTED);
const ACTOR = 'test:alice';

async function screen(refs: string[]) {
  const subjects = [];
  for (const ref of refs) subjects.push((await getSubject(store, ref))!);
  return screenSubjects(store, subjects, { snapshot, actor: ACTOR, trigger: 'test' });
}

before(async () => {
  store = await openStore({ kind: 'sqlite', file: join(tmp.dir, 'cases.sqlite') });
  const subjects: SubjectInput[] = [
    { ref: 'S-1', kind: 'customer', schema: 'Person', properties: { name: ['Ri Chol-ho'] } },
    { ref: 'S-2', kind: 'vendor', schema: 'Company', properties: { name: ['Haegumgang Trading Co.'] } },
    { ref: 'S-3', kind: 'customer', schema: 'Person', properties: { name: ['Ri Chol Ho'], birthDate: ['1966-05-01'] } },
    { ref: 'S-4', kind: 'customer', schema: 'Person', properties: { name: ['Anna Lindqvist'] } },
  ];
  await upsertSubjects(store, subjects, ACTOR);
});
after(async () => {
  await store.close();
  tmp.cleanup();
});

describe('subjects', () => {
  it('versions a subject only when its content changes, and keeps every version', async () => {
    const [same] = await upsertSubjects(store, [{ ref: 'S-4', kind: 'customer', schema: 'Person', properties: { name: ['Anna Lindqvist'] } }], ACTOR);
    assert.equal(same!.outcome, 'unchanged');
    const [changed] = await upsertSubjects(store, [{ ref: 'S-4', kind: 'customer', schema: 'Person', properties: { name: ['Anna Lindqvist'], nationality: ['se'] } }], ACTOR);
    assert.deepEqual([changed!.outcome, changed!.version], ['updated', 2]);
    const versions = await rawDatabaseOf(store).selectFrom('subject_versions').select('version').where('subject_id', '=', changed!.id).orderBy('version').execute();
    assert.deepEqual(versions.map((v) => v.version), [1, 2]);
  });

  it('stops monitoring a deleted subject and screens it anew when it comes back', async () => {
    const deleted = await deleteSubject(store, 'S-4', ACTOR);
    assert.ok(deleted.deletedAt);
    const keys = await rawDatabaseOf(store).selectFrom('subject_keys').select('key').where('subject_id', '=', deleted.id).execute();
    assert.equal(keys.length, 0, 'no longer in the subject index');
    const { records } = await screenSubjects(store, await subjectsById(store, [deleted.id]), { snapshot, actor: ACTOR, trigger: 'test' });
    assert.equal(records.length, 0, 'a deleted subject is not screened');
    const [back] = await upsertSubjects(store, [{ ref: 'S-4', kind: 'customer', schema: 'Person', properties: { name: ['Anna Lindqvist'], nationality: ['se'] } }], ACTOR);
    assert.equal(back!.outcome, 'updated');
    const subject = (await getSubject(store, 'S-4'))!;
    assert.equal(subject.deletedAt, null);
    assert.equal(subject.screenedVersion, null, 'pending again');
  });
});

describe('alerts', () => {
  it('opens one alert per subject and listed party, records the screening and explains it', async () => {
    const { records, tally } = await screen(['S-1', 'S-2', 'S-3', 'S-4']);
    assert.equal(tally.opened, 3);
    assert.equal(records.length, 4);
    assert.deepEqual(records[0]!.listVersions, { test: 1 });
    assert.equal(records[3]!.results.filter((r) => r.match).length, 0, 'Anna Lindqvist matches nothing');
    const again = await screen(['S-1']);
    assert.equal(again.tally.opened, 0);
    assert.equal(again.tally.updated, 1, 'a second hit brings the open alert up to date');
    const alerts = await listAlerts(store);
    assert.equal(alerts.length, 3);
    const detail = await getAlert(store, alerts[0]!.id);
    assert.match(detail.summary, /Ri Chol/);
    assert.ok(Array.isArray((detail.explanation as { features?: unknown[] }).features));
  });

  it('moves through review, refuses what the lifecycle does not allow, and needs a rationale to decide', async () => {
    const [a] = await listAlerts(store, { status: ['open'] });
    const reviewing = await updateAlert(store, a!.id, { status: 'in_review', assignee: 'bob' }, ACTOR);
    assert.equal(reviewing.status, 'in_review');
    assert.equal(reviewing.assignee, 'bob');
    await commentAlert(store, a!.id, 'date of birth not on file; asked the customer', ACTOR);
    await assert.rejects(decideAlert(store, a!.id, 'false_positive', '  ', ACTOR), (e: CaseError) => e.code === 'invalid_input' && /^rationale: must contain visible text/.test(e.message));
    await assert.rejects(decideAlert(store, a!.id, 'cleared' as never, 'x', ACTOR), /decision must be one of confirmed, false_positive, escalated/);
    const decided = await decideAlert(store, a!.id, 'false_positive', 'customer born 1990, listed person born 1966', ACTOR);
    assert.equal(decided.status, 'false_positive');
    assert.equal(decided.decidedBy, ACTOR);
    await assert.rejects(updateAlert(store, a!.id, { status: 'in_review' }, ACTOR), (e: CaseError) => e.code === 'conflict' && /changes only by a new decision/.test(e.message));
    await assert.rejects(decideAlert(store, a!.id, 'false_positive', 'again', ACTOR), (e: CaseError) => e.code === 'conflict');
    await assert.rejects(getAlert(store, 99_999), (e: CaseError) => e.code === 'not_found');
    const events = (await getAlert(store, a!.id)).events.map((e) => e.kind);
    assert.deepEqual(events, ['opened', 'status', 'assign', 'comment', 'decision']);
  });

  it('escalates, then a senior decides; a decision can be revised (a confirmed match by two people)', async () => {
    const alert = (await listAlerts(store)).find((x) => x.subject.ref === 'S-2')!;
    assert.equal((await decideAlert(store, alert.id, 'escalated', 'same trading name, different registration? needs the MLRO', ACTOR)).status, 'escalated');
    assert.equal((await updateAlert(store, alert.id, { status: 'in_review', assignee: 'mlro' }, 'test:mlro')).status, 'in_review');
    assert.equal((await decideAlert(store, alert.id, 'confirmed', 'registration number matches the listing', 'test:mlro')).status, 'confirmed');
    const requested = await decideAlert(store, alert.id, 'false_positive', 'registry shows a different company; listing corrected', 'test:mlro');
    assert.equal(requested.status, 'confirmed', 'a confirmed match is not reversed by one analyst');
    assert.equal(requested.pendingReversal?.requestedBy, 'test:mlro');
    const revised = await approveReversal(store, alert.id, ACTOR);
    assert.equal(revised.status, 'false_positive');
    assert.deepEqual([revised.decidedBy, revised.approvedBy], ['test:mlro', ACTOR]);
    assert.equal(revised.events.filter((e) => e.kind === 'decision').length, 3);
    // Back to confirmed for the next test.
    await decideAlert(store, alert.id, 'confirmed', 'on second review, it is the listed company', 'test:mlro');
  });

  it('suppresses a decided false positive while nothing changed, and reopens it with the change when the subject changes', async () => {
    const fp = (await listAlerts(store, { status: ['false_positive'] }))[0]!;
    const quiet = await screen([fp.subject.ref]);
    assert.equal(quiet.tally.suppressed, 1);
    assert.equal(quiet.records[0]!.results.find((r) => r.alert === fp.id)?.outcome, 'suppressed');
    assert.equal((await getAlert(store, fp.id)).status, 'false_positive');

    await upsertSubjects(store, [{ ref: fp.subject.ref, kind: 'customer', schema: 'Person', properties: { name: ['Ri Chol-ho'], birthDate: ['1966'] } }], ACTOR);
    const changed = await screen([fp.subject.ref]);
    assert.equal(changed.tally.reopened, 1);
    const reopened = await getAlert(store, fp.id);
    assert.equal(reopened.status, 'open');
    assert.equal(reopened.reopened, 1);
    assert.equal(reopened.rationale, null);
    const event = reopened.events.find((e) => e.kind === 'reopened')!;
    assert.deepEqual((event.details.changes as { subject: unknown[] }).subject, [{ property: 'birthDate', added: ['1966'], removed: [] }]);
  });

  it('never suppresses a confirmed match', async () => {
    const confirmed = (await listAlerts(store, { status: ['confirmed'] }))[0]!;
    const { tally, records } = await screen([confirmed.subject.ref]);
    assert.equal(tally.confirmed, 1);
    assert.equal(tally.suppressed, 0);
    assert.equal(records[0]!.results.find((r) => r.alert === confirmed.id)?.outcome, 'confirmed');
  });

  it('screens pending subjects in a monitoring run and audits everything in an intact chain', async () => {
    const run = await runMonitor(store, snapshot, { actor: ACTOR });
    assert.ok(run);
    assert.equal(run.trigger, 'changes');
    const v = await verifyAudit(store);
    assert.ok(v.ok);
    const actions = new Set((await rawDatabaseOf(store).selectFrom('audit_log').select('action').execute()).map((r) => r.action));
    for (const a of ['subject.create', 'subject.update', 'subject.delete', 'subject.screen', 'alert.open', 'alert.reopen', 'alert.status', 'alert.assign', 'alert.comment', 'alert.decision', 'monitor.run']) {
      assert.ok(actions.has(a), `audit has ${a}`);
    }
  });
});
