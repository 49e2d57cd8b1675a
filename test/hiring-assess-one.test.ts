/**
 * Assessing one candidate against the stored link graph (SQLite and PostgreSQL): on a generated
 * pool with planted operator clusters, innocent shares and front companies on a hand-made list,
 * `assessOne` gives every candidate tried exactly the assessment `assessAll` gives it, while
 * reading only the candidate's part of the pool (counted); after a profile changes, the stored
 * join keys follow it; profiles stored before the link graph get their keys on first use.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generatePool, type Pool } from '../eval/hiring/generate.js';
import { ListSnapshot } from '../src/cases/index.js';
import { upsertCandidates } from '../src/hiring/candidates.js';
import { linkKeys } from '../src/hiring/links/index.js';
import { loadRules } from '../src/hiring/rules.js';
import { assessAll, assessOne, type AssessAllResult } from '../src/hiring/service.js';
import { entityHash, type Entity } from '../src/model/index.js';
import { linkKeyHolders, openStore, type ListVersion, type Store } from '../src/store/index.js';
import { rawDatabaseOf } from '../src/store/testing.js';
import { PG_SKIP, PG_URL, pgSchemas, tempDir } from './helpers.js';

const LISTED: Entity[] = [
  { id: 'front-silverstar', schema: 'Company', caption: 'Yanbian Silverstar Network Technology', datasets: ['test'], properties: { name: ['Yanbian Silverstar Network Technology'] } },
  { id: 'front-chinyong', schema: 'Company', caption: 'Chinyong Information Technology Cooperation Company', datasets: ['test'], properties: { name: ['Chinyong Information Technology Cooperation Company', 'Jinyong IT Cooperation Company'] } },
];
const version: ListVersion = { id: 1, dataset: 'test', format: 'ftm-json', sourceFiles: [], publishedAt: null, sha256: 'x', entityCount: LISTED.length, stats: {}, warnings: [], importedAt: new Date().toISOString() };
const snapshot = new ListSnapshot(LISTED, new Map(LISTED.map((e) => [e.id, entityHash(e)])), [version]);
const rules = loadRules();
const ACTOR = 'test:assess-one';
const COUNT = 1500;
const pool: Pool = generatePool({ count: COUNT, seed: 5 });
const now = new Date(pool.truth.now);

/** Every planted operator identity and innocent share, and every 50th other candidate. */
function refsToTry(limit: number): string[] {
  const planted = new Set([...pool.truth.operators.flatMap((o) => o.refs), ...pool.truth.innocentShares.flatMap((s) => s.refs)]);
  const others = pool.profiles.map((p) => p.ref).filter((r, i) => !planted.has(r) && i % 50 === 0);
  return [...planted, ...others].slice(0, limit);
}

const tmp = tempDir();
const schemas = pgSchemas('assess_one');
after(async () => {
  await schemas.dropAll();
  tmp.cleanup();
});

suite('SQLite', () => openStore({ kind: 'sqlite', file: join(tmp.dir, 'assess-one.sqlite') }), Infinity);
suite('PostgreSQL', () => openStore({ kind: 'postgres', url: PG_URL!, schema: schemas.next() }), 120, PG_SKIP);

function suite(label: string, open: () => Promise<Store>, limit: number, skip?: string): void {
  describe(`one candidate against the stored link graph (${label})`, { skip }, () => {
    let store: Store;
    let full: AssessAllResult;
    before(async () => {
      store = await open();
      await upsertCandidates(store, pool.profiles, ACTOR);
      full = await assessAll(store, { snapshot, rules, actor: ACTOR, now });
    });
    after(async () => store?.close());

    it('gives each candidate what the whole-pool assessment gives it, reading only its part of the pool', async () => {
      const refs = refsToTry(limit);
      let maxRead = 0;
      let clustered = 0;
      let frontLinked = 0;
      for (const ref of refs) {
        const one = await assessOne(store, ref, { snapshot, rules, actor: ACTOR, now });
        assert.deepEqual(one.assessment, full.assessments.get(ref), `assessment of ${ref}`);
        assert.equal(one.changed, false, `${ref}: the stored assessment is the same, so nothing new is stored`);
        // Bounded: the candidate, the holders of its cluster's join keys, the first holders of their employers.
        assert.ok(one.read.profiles < COUNT / 4, `${ref}: read ${one.read.profiles} profiles`);
        assert.ok(one.read.component <= one.read.profiles);
        maxRead = Math.max(maxRead, one.read.profiles);
        if (one.assessment.cluster) clustered++;
        if (one.assessment.cluster?.edges.some((e) => e.evidence.some((v) => v.kind === 'employer'))) frontLinked++;
      }
      assert.ok(clustered > 20, `${clustered} of the candidates tried are in clusters`);
      if (limit === Infinity) assert.ok(frontLinked > 0, 'some are linked through a listed front company');
      console.log(`# ${label}: ${refs.length} candidates assessed one by one, ${clustered} in clusters; at most ${maxRead} of ${COUNT} profiles read for one`);
    });

    it('follows a changed profile: its keys are rewritten and the single assessment still equals the whole-pool one', async () => {
      const operator = pool.truth.operators.find((o) => o.shape === 'shared_payment')!;
      const source = pool.profiles.find((p) => p.ref === operator.refs[0])!;
      const planted = new Set([...pool.truth.operators.flatMap((o) => o.refs), ...pool.truth.innocentShares.flatMap((s) => s.refs)]);
      const clean = pool.profiles.find((p) => !planted.has(p.ref) && p.payments.length > 0)!;
      const changed = { ...clean, payments: [...clean.payments, ...source.payments] };
      const [u] = await upsertCandidates(store, [changed], ACTOR);
      assert.equal(u!.outcome, 'updated');
      const holders = await linkKeyHolders(rawDatabaseOf(store), linkKeys(changed));
      assert.ok([...holders.values()].some((list) => list.some((h) => h.ref === operator.refs[0])), 'the new join key is stored and shared with the operator');

      const one = await assessOne(store, clean.ref, { snapshot, rules, actor: ACTOR, now });
      const again = await assessAll(store, { snapshot, rules, actor: ACTOR, now });
      assert.deepEqual(one.assessment, again.assessments.get(clean.ref));
      assert.ok(one.assessment.cluster?.members.includes(operator.refs[0]!), 'now in the operator cluster');
      assert.equal(one.changed, true);
      for (const ref of operator.refs) assert.deepEqual((await assessOne(store, ref, { snapshot, rules, actor: ACTOR, now })).assessment, again.assessments.get(ref), ref);
    });

    it('derives the keys of profiles stored before the link graph on first use', async () => {
      await rawDatabaseOf(store).deleteFrom('candidate_link_keys').execute();
      await rawDatabaseOf(store).deleteFrom('candidate_link_sets').execute();
      const ref = pool.truth.operators.find((o) => o.shape === 'laptop_farm')!.refs[0]!;
      const one = await assessOne(store, ref, { snapshot, rules, actor: ACTOR, now });
      assert.equal(one.read.keyed, COUNT);
      const again = await assessOne(store, ref, { snapshot, rules, actor: ACTOR, now });
      assert.equal(again.read.keyed, 0);
      assert.deepEqual(again.assessment, one.assessment);
    });
  });
}

describe('vigil candidates assess REF', () => {
  it('assesses that candidate only and says on stderr what it read', async () => {
    const { main } = await import('../src/cli/main.js');
    const { writeFileSync } = await import('node:fs');
    const dataDir = join(tmp.dir, 'cli-one');
    const file = join(tmp.dir, 'cli-one.jsonl');
    writeFileSync(file, pool.profiles.slice(0, 300).map((p) => JSON.stringify(p)).join('\n'));
    let out = '';
    let err = '';
    const run = (args: string[]) => {
      out = '';
      err = '';
      return main(['--data-dir', dataDir, ...args], { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), env: { VIGIL_STORE: 'sqlite', VIGIL_ACTOR: 'tester' } });
    };
    assert.equal(await run(['candidates', 'import', file]), 0, err);
    const ref = pool.profiles[7]!.ref;
    assert.equal(await run(['candidates', 'assess', ref, '--json']), 0, err);
    assert.equal((JSON.parse(out) as { ref: string }).ref, ref);
    const read = /assessed (\S+) in [\d.]+ s against its part of the link graph: (\d+) profiles read/.exec(err);
    assert.ok(read, err);
    assert.equal(read[1], ref);
    assert.ok(Number(read[2]) < 300, err);
    assert.equal(await run(['candidates', 'assess', 'nobody']), 1);
    assert.match(err, /no candidate "nobody"/);
  });

  it('prints a line on stderr for a step that lasts longer than its threshold, none for quick ones', async () => {
    const { slowStepLines } = await import('../src/cli/hiring.js');
    const lines: string[] = [];
    const p = slowStepLines((l) => lines.push(l), { firstAfterMs: 150, everyMs: 10_000 });
    p.step('keys');
    p.step('linking', 1, 1);
    await new Promise((r) => setTimeout(r, 50));
    p.step('assessing', 3, 10);
    await new Promise((r) => setTimeout(r, 400));
    p.stop();
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0]!, /^vigil: assessing candidates \(3\/10\), 0\.\d s so far$/);
  });
});
