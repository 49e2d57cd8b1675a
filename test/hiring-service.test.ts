/**
 * Vetting as a workflow (SQLite and PostgreSQL, hand-made list): profiles imported and versioned, everyone
 * assessed, assessments stored only when they change and audited, candidates monitored as
 * subjects (a front-company employer becomes an ordinary sanctions alert), high and block levels
 * raised as alerts that follow the alert lifecycle (a decided false positive stays suppressed while
 * the signals are the same); and the `vigil candidates` commands.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ListSnapshot, decideAlert, listAlerts, verifyAudit } from '../src/cases/index.js';
import { main } from '../src/cli/main.js';
import { readCandidates, upsertCandidates, type CandidateRow } from '../src/hiring/candidates.js';
import type { CandidateProfile } from '../src/hiring/profile.js';
import { loadRules } from '../src/hiring/rules.js';
import { HIRING_RISK_KEY, assessAll, latestLevels } from '../src/hiring/service.js';
import { entityHash, type Entity } from '../src/model/index.js';
import { openStore, type ListVersion, type Store } from '../src/store/index.js';
import { rawDatabaseOf } from '../src/store/testing.js';
import { PG_SKIP, PG_URL, listFile, pgSchemas, tempDir, testCandidate } from './helpers.js';

const LISTED: Entity[] = [
  { id: 'test-front', schema: 'Company', caption: 'Yanbian Silverstar Network Technology', datasets: ['test'], properties: { name: ['Yanbian Silverstar Network Technology'] } },
];
const version: ListVersion = { id: 1, dataset: 'test', format: 'ftm-json', sourceFiles: [], publishedAt: null, sha256: 'x', entityCount: 1, stats: {}, warnings: [], importedAt: new Date().toISOString() };
const snapshot = new ListSnapshot(LISTED, new Map(LISTED.map((e) => [e.id, entityHash(e)])), [version]);
const rules = loadRules();
const ACTOR = 'test:hiring';

const PROFILES: CandidateProfile[] = [
  testCandidate('H-1', 'Laura Jensen'),
  testCandidate('H-2', 'Mark Olsen', { employers: [{ name: 'Yanbian Silverstar Network Technology Co., Ltd.' }] }),
  testCandidate('H-3', 'Peter Novak', { payments: [{ type: 'iban', value: 'DE89 3704 0044 0532 0130 00', holderName: 'Li Hua' }] }),
  testCandidate('H-4', 'Alan Brooks', { payments: [{ type: 'iban', value: 'DE89370400440532013000', holderName: 'Li Hua' }] }),
];

async function readAll(file: string): Promise<CandidateRow[]> {
  const rows: CandidateRow[] = [];
  for await (const row of readCandidates(file)) rows.push(row);
  return rows;
}

const tmp = tempDir();
const schemas = pgSchemas('hiring');
after(async () => {
  await schemas.dropAll();
  tmp.cleanup();
});

workflowSuite('SQLite', () => openStore({ kind: 'sqlite', file: join(tmp.dir, 'hiring.sqlite') }));
workflowSuite('PostgreSQL', () => openStore({ kind: 'postgres', url: PG_URL!, schema: schemas.next() }), PG_SKIP);

function workflowSuite(label: string, open: () => Promise<Store>, skip?: string): void {
  describe(`vetting workflow (${label})`, { skip }, () => {
    let store: Store;
    before(async () => {
      store = await open();
    });
    after(async () => {
      await store?.close();
    });

    it('assesses everyone, stores what changed, and raises alerts for high and block', async () => {
      const up = await upsertCandidates(store, PROFILES, ACTOR);
      assert.deepEqual(up.map((u) => u.outcome), ['created', 'created', 'created', 'created']);
      const progress: string[] = [];
      const run = await assessAll(store, { snapshot, rules, actor: ACTOR, onProgress: (step, done, total) => progress.push(`${step} ${done}/${total}`) });
      assert.deepEqual(progress, ['linking 0/1', 'linking 1/1', 'screening 5/5', 'assessing 0/4', 'assessing 4/4'], 'four people and one employer screened');
      const level = (ref: string) => run.assessments.get(ref)!.level;
      assert.equal(level('H-1'), 'clear');
      assert.equal(level('H-2'), 'block', 'a front-company employer on the list');
      assert.equal(level('H-3'), 'high', 'paid into the same account as another worker');
      assert.equal(level('H-4'), 'high');
      assert.deepEqual(run.assessments.get('H-3')!.cluster?.members, ['H-3', 'H-4']);
      assert.equal(run.changed.length, 4);
      assert.equal(run.alerts.opened, 3);

      const alerts = await listAlerts(store, { limit: 100 });
      const risk = alerts.filter((a) => a.entity.id === HIRING_RISK_KEY).map((a) => a.subject.ref).sort();
      assert.deepEqual(risk, ['candidate:H-2', 'candidate:H-3', 'candidate:H-4']);
      // The employer is a monitored subject too, so the list hit is an ordinary sanctions alert.
      assert.ok(alerts.some((a) => a.subject.ref === 'candidate:H-2/employer/1' && a.entity.id === 'test-front'));
    });

    it('stores nothing new when nothing changed, and keeps a decided false positive suppressed', async () => {
      const again = await assessAll(store, { snapshot, rules, actor: ACTOR });
      assert.deepEqual(again.changed, []);
      assert.equal(again.alerts.opened, 0);
      const h3 = (await listAlerts(store, { limit: 100 })).find((a) => a.subject.ref === 'candidate:H-3' && a.entity.id === HIRING_RISK_KEY)!;
      await decideAlert(store, h3.id, 'false_positive', 'H-3 and H-4 are married; the account is their joint account', ACTOR);
      const third = await assessAll(store, { snapshot, rules, actor: ACTOR });
      assert.equal(third.alerts.suppressed >= 1, true);
      assert.equal((await listAlerts(store, { status: ['false_positive'] })).length, 1);
      const stored = await rawDatabaseOf(store).selectFrom('candidate_assessments').select(['id', 'candidate_id']).execute();
      assert.equal(stored.length, 4, 'one stored assessment per candidate so far');
      const levels = await latestLevels(store, stored.map((r) => r.candidate_id));
      assert.deepEqual([...levels.values()].map((l) => l.level).sort(), ['block', 'clear', 'high', 'high']);
      assert.ok((await verifyAudit(store)).ok);
    });
  });
}

describe('vigil candidates (CLI)', () => {
  it('imports a file with a bad record, assesses, explains and shows clusters', async () => {
    const dataDir = join(tmp.dir, 'cli');
    const file = join(tmp.dir, 'candidates.jsonl');
    writeFileSync(
      file,
      [
        ...PROFILES.map((p) => JSON.stringify(p)),
        JSON.stringify({ ref: 'H-bad', names: ['X'], payments: [{ type: 'crypto_wallet', value: '0xdeadbeef' }] }),
      ].join('\n'),
    );
    assert.equal((await readAll(file)).filter((r) => 'error' in r).length, 1);
    let out = '';
    let err = '';
    const run = (args: string[]) => {
      out = '';
      err = '';
      return main(['--data-dir', dataDir, ...args], { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), env: { VIGIL_STORE: 'sqlite', VIGIL_ACTOR: 'tester' } });
    };
    assert.equal(await run(['candidates', 'import', file]), 1, 'one record was rejected');
    assert.match(err, /line 5: payments\[0\]\.value: "0xdeadbeef" is not a valid crypto address/);
    assert.match(out, /candidates: 4 created, 0 updated, 0 unchanged, 1 rejected/);
    assert.match(out, /assessed 4 candidates/);
    assert.equal(await run(['candidates', 'assess', 'H-3']), 0, err);
    assert.match(out, /H-3: HIGH/);
    assert.match(out, /source: U\.S\. Department of State, .*, 2022-05-16: Guidance on the Democratic People's Republic of Korea Information Technology Workers/);
    assert.match(out, /cluster cl-H-3/);
    assert.equal(await run(['candidates', 'clusters']), 0, err);
    assert.match(out, /H-3 -- H-4: .*DE89/);
    assert.equal(await run(['candidates', 'assess', 'nobody']), 1);
    assert.match(err, /no candidate "nobody"/);

    // Stored assessments, read back without assessing again.
    assert.equal(await run(['candidates', 'list', '--level', 'high', '--json']), 0, err);
    const high = JSON.parse(out) as { ref: string; level: string; outdated: boolean }[];
    assert.ok(high.some((r) => r.ref === 'H-3'), out);
    assert.ok(high.every((r) => r.level === 'high' && !r.outdated), out);
    assert.equal(await run(['candidates', 'list']), 0, err);
    assert.match(out, /^high\s+\d+\s+H-3\s+cluster cl-H-3/m);
    assert.match(out, /4 candidates \(stored assessments\)/);
    assert.equal(await run(['candidates', 'show', 'H-3']), 0, err);
    assert.match(out, /H-3: HIGH/);
    assert.equal(await run(['candidates', 'list', '--level', 'severe']), 1);
    assert.match(err, /--level must be block, high, review or clear, not "severe"/);

    // Flag rates by the caller's labels (here made up: a and b), with the gap, and a gate on it.
    const labels = join(tmp.dir, 'labels.csv');
    writeFileSync(labels, 'ref,group\nH-1,a\nH-2,a\nH-3,b\nH-4,b\n');
    assert.equal(await run(['candidates', 'report', '--labels', labels, '--min-group', '2', '--max-gap', '100']), 0, err);
    assert.match(out, /by labels of labels\.csv/);
    assert.match(out, /^\s+a\s+n=\s+2\s+0\.0% high\/block\s+0\.0% review\+$/m);
    assert.match(out, /^\s+b\s+n=\s+2\s+100\.0% high\/block/m);
    assert.match(out, /largest gap: 100\.0 points \(b 100\.0% vs a 0\.0%\)/);
    assert.match(out, /by claimed country .*\n\s+US\s+n=\s+4/);
    assert.equal(await run(['candidates', 'report', '--labels', labels, '--min-group', '2', '--max-gap', '1']), 1);
    assert.match(err, /flag-rate gap above 1 points: labels of labels\.csv 100\.0/);
    writeFileSync(labels, 'ref,origin\nH-1,a\n');
    assert.equal(await run(['candidates', 'report', '--labels', labels]), 1);
    assert.match(err, /the header must name the columns ref and group \(it names ref, origin\)/);
  });

  it('refuses a profiles file that is not UTF-8, naming the byte, its offset and line, and reads the rows of a CSV as a spreadsheet numbers them', async () => {
    const latin1 = join(tmp.dir, 'latin1.csv');
    // "Müller" written in Latin-1: 0xFC is not UTF-8, and is not read as a replacement character.
    writeFileSync(latin1, Buffer.concat([Buffer.from('ref,name\nL-1,Ann\nL-2,M'), Buffer.from([0xfc]), Buffer.from('ller\n')]));
    await assert.rejects(readAll(latin1), {
      name: 'CandidateInputError',
      message: `${latin1} is not valid UTF-8: byte 0xFC at byte offset 22 (line 3) is not UTF-8 text. Save the file as UTF-8 (in Excel: "CSV UTF-8").`,
    });
    let err = '';
    const code = await main(['--data-dir', join(tmp.dir, 'cli-latin1'), 'candidates', 'import', latin1], { out: () => {}, err: (t) => (err += t), env: { VIGIL_STORE: 'sqlite' } });
    assert.equal(code, 1);
    assert.match(err, /byte 0xFC at byte offset 22 \(line 3\) is not UTF-8 text/);

    const csv = join(tmp.dir, 'rows.csv');
    writeFileSync(csv, '\uFEFFref,name,wallet\nC-1,Ann One,\n\nC-2,Bob Two,0xdeadbeef\n');
    const rows = await readAll(csv);
    assert.deepEqual(rows.map((r) => ('profile' in r ? [r.row, r.profile.ref] : [r.row, r.error])), [
      [1, 'C-1'],
      [3, 'row 3 (line 4): payments[0].value: "0xdeadbeef" is not a valid crypto address: 8 hex digits after 0x: an EVM address has 40'],
    ]);
  });

  it('assesses every candidate again when a list import changes the lists (real UN list)', async () => {
    const dataDir = join(tmp.dir, 'cli-relist');
    const file = join(tmp.dir, 'relist.jsonl');
    // Yun Ho-jin is on the UN Security Council list (DPRK, born 1944-10-13); Laura Jensen is not.
    writeFileSync(file, [testCandidate('R-1', 'Yun Ho Jin', { birthDate: '1944-10-13' }), testCandidate('R-2', 'Laura Jensen')].map((p) => JSON.stringify(p)).join('\n'));
    let out = '';
    let err = '';
    const run = (args: string[]) => {
      out = '';
      err = '';
      return main(['--data-dir', dataDir, ...args], { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), env: { VIGIL_STORE: 'sqlite', VIGIL_ACTOR: 'tester' } });
    };
    assert.equal(await run(['candidates', 'import', file]), 0, err);
    assert.match(err, /no sanctions list is imported yet/);
    assert.match(out, /assessed 2 candidates.*0 block/);
    assert.equal(await run(['lists', 'import', '--dataset', 'un_sc_sanctions', '--file', listFile('un', 'un_consolidated_2026-02-27.xml')]), 0, err);
    assert.match(out, /candidates re-assessed: assessed 2 candidates.*1 block.*1 assessments changed/);
    assert.equal(await run(['candidates', 'assess', 'R-1']), 0, err);
    assert.match(out, /R-1: BLOCK/);
    assert.match(out, /sanctions\.person/);
    assert.equal(await run(['candidates', 'assess', 'R-2']), 0, err);
    assert.doesNotMatch(out, /BLOCK/);
    // The same publication again changes nothing, so nothing is re-assessed.
    assert.equal(await run(['lists', 'import', '--dataset', 'un_sc_sanctions', '--file', listFile('un', 'un_consolidated_2026-02-27.xml')]), 0, err);
    assert.doesNotMatch(out, /re-assessed/);
  });
});
