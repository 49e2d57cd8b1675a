/**
 * Screening-index snapshots (src/match/snapshot.ts) and the index cache of the CLI
 * (src/lists/index-cache.ts): a snapshot of an index over real OFAC SDN parties screens exactly as the
 * index it was taken from, with every object's prototype restored; memo caches are left out;
 * fields the snapshot cannot restore are refused by name; the cache file is used only for the
 * versions in force and the code that wrote it, and a damaged one is ignored and rebuilt.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { indexCacheKey, loadIndex, loadIndexSnapshot, readIndexCache, writeIndexCache } from '../src/lists/index-cache.js';
import { importList } from '../src/lists/import.js';
import { ofacAdvancedXml } from '../src/lists/ofac-advanced.js';
import { ScreeningIndex, screen, type MatchQuery } from '../src/match/index.js';
import { indexFromSnapshot, indexFromSnapshotSliced, indexSnapshot } from '../src/match/snapshot.js';
import type { Entity } from '../src/model/index.js';
import { openStore, type Store } from '../src/store/index.js';
import { listFile, tempDir } from './helpers.js';

const NOV = listFile('ofac-sdn-advanced', 'sdn_advanced_2025-11-19.xml.gz');
const UN = listFile('un', 'un_consolidated_2026-02-27.xml');
const YENTE = listFile('opensanctions', 'yente_fixture_t1_entities.ftm.json');

/**
 * Walk two object graphs side by side: same prototype at every object, same primitive values.
 * Returns how many objects were compared.
 */
function sameGraph(a: unknown, b: unknown, path: string, skip: ReadonlySet<string>, seen = new Map<object, object>()): number {
  if (typeof a !== 'object' || a === null) {
    assert.ok(Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)), `${path}: ${String(a)} != ${String(b)}`);
    return 0;
  }
  assert.ok(typeof b === 'object' && b !== null, `${path}: object became ${String(b)}`);
  assert.equal(Object.getPrototypeOf(b), Object.getPrototypeOf(a), `${path}: prototype not restored`);
  if (seen.has(a)) {
    assert.equal(seen.get(a), b, `${path}: a shared object is no longer shared`);
    return 0;
  }
  seen.set(a, b);
  let n = 1;
  if (a instanceof Map) {
    const bm = b as Map<unknown, unknown>;
    assert.equal(bm.size, a.size, `${path}: map size`);
    for (const [k, v] of a) {
      assert.ok(bm.has(k), `${path}: key ${String(k)} missing`);
      n += sameGraph(v, bm.get(k), `${path}[${String(k)}]`, skip, seen);
    }
  } else if (a instanceof Set) {
    assert.deepEqual(b, a, path);
  } else if (ArrayBuffer.isView(a)) {
    assert.deepEqual(b, a, path);
  } else {
    const keys = Object.keys(a).filter((k) => !skip.has(`${path}.${k}`));
    assert.deepEqual(
      Object.keys(b).filter((k) => !skip.has(`${path}.${k}`)),
      keys,
      `${path}: own fields`,
    );
    for (const k of keys) n += sameGraph((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`, skip, seen);
  }
  return n;
}

let entities: Entity[];
let index: ScreeningIndex;
let queries: MatchQuery[];

before(async () => {
  const ofac = await ofacAdvancedXml.parse([NOV], { dataset: 'us_ofac_sdn' });
  // A few hundred parties, taken across the list (every 40th) and all of the DPRK programmes,
  // with the wallets they hold.
  const parties = ofac.entities.filter((e, i) => e.schema !== 'CryptoWallet' && (i % 40 === 0 || e.properties.program?.some((p) => /DPRK/.test(p))));
  const ids = new Set(parties.map((e) => e.id));
  const wallets = ofac.entities.filter((e) => e.schema === 'CryptoWallet' && ids.has(e.properties.holder?.[0] ?? ''));
  entities = [...parties, ...wallets];
  index = ScreeningIndex.build(entities);

  queries = [];
  for (const e of parties) {
    const names = e.properties.name ?? [];
    const schema = e.schema === 'Person' ? 'Person' : 'LegalEntity';
    if (names[0]) {
      queries.push({ schema, properties: { name: [names[0]] } });
      // A variant: lower case, words reversed, one letter dropped (gathers through the typo path).
      const variant = names[0].toLowerCase().split(' ').reverse().join(' ');
      queries.push({ schema, properties: { name: [variant.length > 6 ? variant.slice(0, 3) + variant.slice(4) : variant], ...(e.properties.birthDate ? { birthDate: [e.properties.birthDate[0]!] } : {}) } });
    }
    for (const alias of (e.properties.alias ?? []).slice(0, 1)) queries.push({ schema: 'LegalEntity', properties: { name: [alias] } });
  }
  for (const w of wallets.slice(0, 50)) queries.push({ schema: 'CryptoWallet', properties: { publicKey: w.properties.publicKey ?? [] } });
  for (const name of ['John Smith', 'Maria Garcia', 'Kim Jong Un', 'Song Kum Hyok', '송금혁', 'Korea Sobaeksu Trading Company']) {
    queries.push({ schema: 'Person', properties: { name: [name] } });
  }
});

describe('index snapshots', () => {
  it('restore an index that screens exactly as the original, on real OFAC parties', () => {
    assert.ok(entities.length >= 300, `only ${entities.length} entities`);
    const before = queries.map((q) => screen(q, { index }));
    const restored = indexFromSnapshot(indexSnapshot(index));
    assert.ok(restored instanceof ScreeningIndex);
    assert.deepEqual(restored.stats(), index.stats());
    const afterwards = queries.map((q) => screen(q, { index: restored }));
    assert.deepEqual(afterwards, before);
    // Not a vacuous comparison: most queries found their party.
    assert.ok(before.filter((r) => r.length > 0).length > queries.length * 0.6, 'too few queries found anything');
    // Screening again with the original (its memo now warm) agrees too.
    assert.deepEqual(queries.map((q) => screen(q, { index })), before);
  });

  it('restore in slices that let the event loop run between them, to the same index', async () => {
    const bytes = indexSnapshot(index);
    let turns = 0;
    const timer = setInterval(() => turns++, 0);
    const sliced = await indexFromSnapshotSliced(bytes, 0.5);
    clearInterval(timer);
    assert.ok(turns >= 3, `the event loop ran ${turns} time(s) while the index was restored`);
    const objects = sameGraph(indexFromSnapshot(bytes), sliced, 'index', new Set());
    assert.ok(objects > 10_000, `only ${objects} objects compared`);
    assert.deepEqual(queries.slice(0, 50).map((q) => screen(q, { index: sliced })), queries.slice(0, 50).map((q) => screen(q, { index })));
    await assert.rejects(indexFromSnapshotSliced(bytes.subarray(0, bytes.length - 8)), /not a readable index snapshot/);
  });

  it('restore every prototype and field of the index, and leave out the memo caches', () => {
    for (const q of queries.slice(0, 100)) screen(q, { index }); // warms the near-key memo
    const warm = (index as unknown as { nearMemo: Map<string, unknown> }).nearMemo;
    assert.ok(warm instanceof Map && warm.size > 0, 'the original has a warm near-key memo');
    const restored = indexFromSnapshot(indexSnapshot(index));
    const memo = (restored as unknown as { nearMemo: Map<string, unknown> }).nearMemo;
    assert.ok(memo instanceof Map && memo.size === 0, 'the memo comes back empty');
    // Memo caches (by the snapshot's own rule) come back empty; everything else as it was.
    const memos = Object.entries(index).filter(([k, v]) => (/memo|cache/i.test(k) && (v instanceof Map || v instanceof Set)) || v instanceof WeakMap);
    for (const [k] of memos) assert.equal((restored as unknown as Record<string, Map<unknown, unknown>>)[k]!.size ?? 0, 0, `${k} comes back empty`);
    const objects = sameGraph(index, restored, 'index', new Set(memos.map(([k]) => `index.${k}`)));
    assert.ok(objects > 10_000, `only ${objects} objects compared`);
  });

  it('carry fields added to the index without knowing them, and refuse class instances it cannot restore', () => {
    const copy = indexFromSnapshot(indexSnapshot(index)) as unknown as Record<string, unknown>;
    copy.addedLater = new Map([['k', [{ a: 1, b: ['x'] }]]]);
    copy.lookupCache = new Map([['k', 1]]);
    copy.byObject = new WeakMap([[{}, 1]]);
    const again = indexFromSnapshot(indexSnapshot(copy as unknown as ScreeningIndex)) as unknown as Record<string, unknown>;
    assert.deepEqual(again.addedLater, copy.addedLater);
    assert.deepEqual(again.lookupCache, new Map());
    assert.ok(again.byObject instanceof WeakMap);

    class Unknown {
      x = 1;
    }
    copy.addedLater = new Unknown();
    assert.throws(() => indexSnapshot(copy as unknown as ScreeningIndex), /index\.addedLater is a Unknown/);
  });

  it('carry every kind of value as it was: numbers, shared and frozen objects, Sets, typed arrays, dates', () => {
    const copy = indexFromSnapshot(indexSnapshot(index)) as unknown as Record<string, unknown>;
    const shared = Object.freeze(['a']);
    const bare = Object.create(null) as Record<string, unknown>;
    bare.k = 'v';
    const values = {
      numbers: [0, -0, 1.5, NaN, Infinity, -1, 2 ** 31, 2 ** 53],
      mixed: [1, 'one', null, undefined, true, false, { n: 1 }],
      strings: ['', 'ASCII', 'café', '송금혁', 'Ким', '\u0000', '\ud800'],
      long: Array.from({ length: 40 }, (_, i) => i * 3),
      twice: [shared, shared],
      bare,
      set: new Set([1, 'x']),
      map: new Map<unknown, unknown>([[1, 'one'], ['two', [2]]]),
      typed: new Int32Array([1, 2, 3]),
      date: new Date(0),
      big: 10n ** 20n,
      nothing: undefined,
    };
    copy.addedLater = values;
    const again = (indexFromSnapshot(indexSnapshot(copy as unknown as ScreeningIndex)) as unknown as { addedLater: typeof values }).addedLater;
    assert.deepEqual(again, values);
    assert.ok(Object.is(again.numbers[1], -0) && Number.isNaN(again.numbers[3]));
    assert.deepEqual(Object.keys(again), Object.keys(values), 'keys in their order, undefined ones too');
    assert.equal(again.twice[0], again.twice[1], 'one object reached twice is one object');
    assert.ok(Object.isFrozen(again.twice[0]) && !Object.isFrozen(again.long));
    assert.equal(Object.getPrototypeOf(again.bare), null);
  });

  it('give each reader an index of its own, never views of the shared snapshot bytes', () => {
    const serialized = indexSnapshot(index);
    const bytes = new Uint8Array(new SharedArrayBuffer(serialized.length));
    bytes.set(serialized);
    const before = Buffer.from(bytes);
    const a = indexFromSnapshot(bytes) as unknown as Record<string, unknown>;
    const b = indexFromSnapshot(bytes) as unknown as Record<string, unknown>;
    const typed = Object.values(a).filter((v): v is Float64Array => v instanceof Float64Array);
    assert.ok(typed.length > 0, 'the index has a scratch array');
    for (const t of typed) {
      assert.notEqual(t.buffer, bytes.buffer);
      t.fill(7);
    }
    assert.ok(Object.values(b).filter((v): v is Float64Array => v instanceof Float64Array).every((t) => t.every((x) => x === 0)));
    assert.deepEqual(Buffer.from(bytes), before);
  });

  it('refuse bytes that are not a snapshot', () => {
    assert.throws(() => indexFromSnapshot(new Uint8Array([1, 2, 3])), /not a readable index snapshot|not an index snapshot/);
    const bytes = indexSnapshot(index);
    assert.throws(() => indexFromSnapshot(bytes.subarray(0, bytes.length >> 1)), /not a readable index snapshot/);
  });
});

describe('the index cache', () => {
  const tmp = tempDir();
  const dataDir = join(tmp.dir, 'data');
  let store: Store;
  const cacheFiles = () => readdirSync(join(dataDir, 'cache')).filter((f) => f.endsWith('.snapshot'));
  const probe: MatchQuery = { schema: 'Person', properties: { name: ['Ri Won Ho'] } };

  before(async () => {
    store = await openStore({ kind: 'sqlite', file: join(dataDir, 'vigil.sqlite') });
    await importList(store, { dataset: 'un_sc_sanctions', files: [UN] });
  });
  after(async () => {
    await store.close();
    tmp.cleanup();
  });

  it('is built once, then read for the same versions, and the index read screens as the one built', async () => {
    const first = await loadIndexSnapshot(store, dataDir);
    await first.saved;
    assert.equal(first.from, 'built');
    assert.equal(cacheFiles().length, 1);
    const second = await loadIndexSnapshot(store, dataDir);
    assert.equal(second.from, 'cache');
    assert.ok(second.bytes.buffer instanceof SharedArrayBuffer, 'read into shared memory');
    assert.deepEqual(Buffer.from(second.bytes), Buffer.from(first.bytes));
    const cached = await loadIndex(store, dataDir);
    assert.ok(screen(probe, { index: cached }).length > 0);
    assert.deepEqual(screen(probe, { index: cached }), screen(probe, { index: first.index! }));
  });

  it('is not used once the versions in force change', async () => {
    const before = await indexCacheKey(store);
    const unOnly = (await loadIndex(store, dataDir)).stats().parties;
    await importList(store, { dataset: 'eu_fsf', files: [YENTE], allowPartial: true }); // a 6-entity sample of the list
    assert.notDeepEqual(await indexCacheKey(store), before);
    const loaded = await loadIndexSnapshot(store, dataDir, { keepIndex: true });
    await loaded.saved;
    assert.equal(loaded.from, 'built');
    assert.ok(loaded.index!.stats().parties > unOnly, 'the new list is in the index');
    assert.equal(cacheFiles().length, 1, 'the snapshot of the old versions is removed');
    assert.equal((await loadIndexSnapshot(store, dataDir)).from, 'cache');
  });

  it('ignores a damaged or foreign file and builds again', async () => {
    const key = await indexCacheKey(store);
    const file = join(dataDir, 'cache', cacheFiles()[0]!);
    const good = readFileSync(file);
    assert.ok(readIndexCache(dataDir, key));

    const flipped = Buffer.from(good);
    flipped[flipped.length - 100]! ^= 0xff;
    writeFileSync(file, flipped);
    assert.equal(readIndexCache(dataDir, key), undefined, 'a changed byte fails the checksum');
    writeFileSync(file, good.subarray(0, good.length - 10));
    assert.equal(readIndexCache(dataDir, key), undefined, 'a truncated file');
    writeFileSync(file, 'not a snapshot');
    assert.equal(readIndexCache(dataDir, key), undefined, 'garbage');
    const other = Buffer.from(key);
    other[0]! ^= 1;
    writeFileSync(file, good);
    assert.equal(readIndexCache(dataDir, other), undefined, 'another key');

    writeFileSync(file, 'not a snapshot');
    const rebuilt = await loadIndexSnapshot(store, dataDir);
    await rebuilt.saved;
    assert.equal(rebuilt.from, 'built');
    assert.equal((await loadIndexSnapshot(store, dataDir)).from, 'cache');

    // Written in full or not at all: no temporary file is left behind.
    await writeIndexCache(dataDir, key, rebuilt.bytes);
    assert.deepEqual(readdirSync(join(dataDir, 'cache')).filter((f) => f.endsWith('.tmp')), []);
  });
});
