/**
 * A subject named in kanji is read in Japanese through the listed names' words, so which parties it
 * meets depends on the whole list, not on keys of its own: delta monitoring screens it again
 * whenever a party changes (JAPANESE_READINGS_KEY), and opens the alert a full rescreen would.
 * The list is a small FollowTheMoney file (imported as the partial list it is) whose second version
 * adds GOTO Tadamasa, as OFAC lists him.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { listAlerts, loadSnapshot, runMonitor, screenSubjects, subjectsById, upsertSubjects } from '../src/cases/index.js';
import { importList } from '../src/lists/import.js';
import { prepareQuery } from '../src/match/index.js';
import { JAPANESE_READINGS_KEY, subjectKeys } from '../src/match/reverse.js';
import { openStore, type Store } from '../src/store/index.js';
import { tempDir } from './helpers.js';

const ACTOR = 'test:japanese';
const person = (id: string, name: string) => JSON.stringify({ id, schema: 'Person', caption: name, properties: { name: [name] } });

describe('delta monitoring of a subject named in kanji', () => {
  const { dir, cleanup } = tempDir('vigil-monitor-ja-');
  let store: Store;
  after(async () => {
    await store?.close();
    cleanup();
  });

  it('files the subject under the readings key, and a Latin-named one not', () => {
    assert.ok(subjectKeys(prepareQuery({ schema: 'Person', properties: { name: ['後藤忠正'] } })).includes(JAPANESE_READINGS_KEY));
    assert.ok(!subjectKeys(prepareQuery({ schema: 'Person', properties: { name: ['Goto Tadamasa'] } })).includes(JAPANESE_READINGS_KEY));
  });

  it('opens the alert when the listed party appears, although no key of the subject changed', async () => {
    store = await openStore({ kind: 'sqlite', file: join(dir, 'vigil.sqlite') });
    const v1 = join(dir, 'v1.ftm.json');
    const v2 = join(dir, 'v2.ftm.json');
    writeFileSync(v1, `${person('x-1', 'Ikeda Hiroshi')}\n${person('x-2', 'Tanaka Ichiro')}\n`);
    writeFileSync(v2, `${person('x-1', 'Ikeda Hiroshi')}\n${person('x-2', 'Tanaka Ichiro')}\n${person('x-3', 'GOTO Tadamasa')}\n`);
    await importList(store, { dataset: 'eu_fsf', files: [v1], allowPartial: true });
    const first = await loadSnapshot(store);
    await runMonitor(store, first, { actor: ACTOR });
    const created = await upsertSubjects(
      store,
      [
        { ref: 'JA-1', kind: 'customer', schema: 'Person', properties: { name: ['後藤忠正'] } },
        { ref: 'LA-1', kind: 'customer', schema: 'Person', properties: { name: ['Suzuki Kenji'] } },
      ],
      ACTOR,
    );
    await screenSubjects(store, await subjectsById(store, created.map((r) => r.id)), { snapshot: first, actor: ACTOR, trigger: 'import' });
    assert.deepEqual(await listAlerts(store, { limit: 10 }), []);

    await importList(store, { dataset: 'eu_fsf', files: [v2], allowPartial: true });
    const run = await runMonitor(store, await loadSnapshot(store), { actor: ACTOR });
    assert.equal(run?.status, 'done');
    const alerts = await listAlerts(store, { limit: 10 });
    assert.deepEqual(alerts.map((a) => `${a.subject.ref} ${a.entity.id}`), ['JA-1 eu_fsf-x-3']);
    assert.equal(alerts[0]!.entity.caption, 'GOTO Tadamasa');
    // The Latin-named subject holds no changed key and was not screened again.
    assert.equal(run?.subjectsDone, 1);
  });
});
