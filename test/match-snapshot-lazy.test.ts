/**
 * Lazy snapshot reading (`indexFromSnapshot(bytes, { lazy: true })`, src/match/snapshot.ts): the
 * parties of an index over real OFAC SDN parties are read one by one when first needed, and the
 * index screens exactly as the index it was taken from and as the same snapshot read at once,
 * before and after `restoreAllParties` has read the rest; objects the parties share with each
 * other and with the identifier postings stay shared.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ofacAdvancedXml } from '../src/lists/ofac-advanced.js';
import { ScreeningIndex, screen, type MatchQuery } from '../src/match/index.js';
import { indexFromSnapshot, indexFromSnapshotSliced, indexSnapshot, restoreAllParties } from '../src/match/snapshot.js';
import type { Entity } from '../src/model/index.js';
import { listFile } from './helpers.js';

const NOV = listFile('ofac-sdn-advanced', 'sdn_advanced_2025-11-19.xml.gz');

let index: ScreeningIndex;
let bytes: Uint8Array;
let queries: MatchQuery[];

/** Whether element i of an array is still an accessor (not read yet). */
const unread = (array: unknown[], i: number) => Object.getOwnPropertyDescriptor(array, i)?.get !== undefined;

before(async () => {
  const ofac = await ofacAdvancedXml.parse([NOV], { dataset: 'us_ofac_sdn' });
  // Every 25th party and every DPRK party, with the wallets they hold.
  const parties = ofac.entities.filter((e, i) => e.schema !== 'CryptoWallet' && (i % 25 === 0 || e.properties.program?.some((p) => /DPRK/.test(p))));
  const ids = new Set(parties.map((e) => e.id));
  const wallets = ofac.entities.filter((e) => e.schema === 'CryptoWallet' && ids.has(e.properties.holder?.[0] ?? ''));
  const entities: Entity[] = [...parties, ...wallets];
  index = ScreeningIndex.build(entities);
  bytes = indexSnapshot(index);

  queries = [];
  for (const e of parties) {
    const name = e.properties.name?.[0];
    if (!name) continue;
    const schema = e.schema === 'Person' ? 'Person' : 'LegalEntity';
    queries.push({ schema, properties: { name: [name] } });
    // Lower case, words reversed, a letter dropped (the typo path), with the birth date when listed.
    const variant = name.toLowerCase().split(' ').reverse().join(' ');
    queries.push({
      schema,
      properties: { name: [variant.length > 6 ? variant.slice(0, 3) + variant.slice(4) : variant], ...(e.properties.birthDate ? { birthDate: [e.properties.birthDate[0]!] } : {}) },
    });
    for (const id of (e.properties.passportNumber ?? []).slice(0, 1)) queries.push({ schema: 'Person', properties: { name: ['X'], passportNumber: [id] } });
  }
  for (const w of wallets.slice(0, 50)) queries.push({ schema: 'CryptoWallet', properties: { publicKey: w.properties.publicKey ?? [] } });
  for (const name of ['Kim Jong Un', 'Song Kum Hyok', '송금혁', 'Korea Sobaeksu Trading Company', 'John Smith', 'Ali Saleh']) {
    queries.push({ schema: 'Person', properties: { name: [name] } });
  }
});

describe('lazy index snapshots', () => {
  it('read a party only when it is first needed, and screen exactly as the built and the eagerly read index', async () => {
    assert.ok(index.parties.length >= 600, `only ${index.parties.length} parties`);
    const expected = queries.map((q) => screen(q, { index }));
    assert.ok(expected.filter((r) => r.length > 0).length > queries.length * 0.6, 'too few queries found anything');

    const lazy = indexFromSnapshot(bytes, { lazy: true });
    assert.ok(lazy instanceof ScreeningIndex);
    assert.equal(lazy.parties.length, index.parties.length);
    let unreadAtFirst = 0;
    for (let i = 0; i < lazy.parties.length; i++) if (unread(lazy.parties, i)) unreadAtFirst++;
    assert.equal(unreadAtFirst, lazy.parties.length, 'no party is read before it is needed');

    const one = indexFromSnapshot(bytes, { lazy: true });
    const kim = screen({ schema: 'Person', properties: { name: ['Kim Jong Un'] } }, { index: one });
    assert.equal(kim[0]?.caption, screen({ schema: 'Person', properties: { name: ['Kim Jong Un'] } }, { index })[0]?.caption);
    let read = 0;
    for (let i = 0; i < one.parties.length; i++) if (!unread(one.parties, i)) read++;
    assert.ok(read > 0 && read < one.parties.length / 10, `one screening read ${read} of ${one.parties.length} parties`);

    const first = one.parties[0];
    assert.equal(one.parties[0], first, 'a party read twice is one object');
    assert.deepEqual(first, index.parties[0]);

    const viaLazy = queries.map((q) => screen(q, { index: lazy }));
    assert.deepEqual(viaLazy, expected);
    const eager = indexFromSnapshot(bytes); // one eager index for all queries (not one per query)
    assert.deepEqual(queries.map((q) => screen(q, { index: eager })), expected);
  });

  it('restoreAllParties reads the rest while the event loop runs, then puts an ordinary array in place', async () => {
    const lazy = indexFromSnapshot(bytes, { lazy: true });
    const half = queries.slice(0, Math.floor(queries.length / 2)).map((q) => screen(q, { index: lazy }));
    const before = lazy.parties;
    // Count turns of the event loop with setImmediate, not a timer: a timer fires only once a
    // millisecond has passed, so on a busy machine a restore that yields often could see one.
    let turns = 0;
    let done = false;
    const tick = (): void => {
      turns++;
      if (!done) setImmediate(tick);
    };
    setImmediate(tick);
    await restoreAllParties(lazy, 0.2);
    done = true;
    assert.ok(turns >= 2, `the event loop ran ${turns} time(s) meanwhile`);
    assert.notEqual(lazy.parties, before, 'an ordinary array replaces the lazy one');
    assert.ok(lazy.parties.every((p, i) => p === before[i]), 'holding the same party objects');
    assert.equal(Object.getOwnPropertyDescriptor(lazy.parties, 0)?.get, undefined);
    assert.deepEqual(half, queries.slice(0, half.length).map((q) => screen(q, { index })));
    assert.deepEqual(queries.map((q) => screen(q, { index: lazy })), queries.map((q) => screen(q, { index })));
    await restoreAllParties(lazy); // again: nothing to do
    await restoreAllParties(index); // a built index: nothing to do
  });

  it('keep objects shared between parties, and between parties and identifier postings, as one object', async () => {
    for (const restored of [indexFromSnapshot(bytes), indexFromSnapshot(bytes, { lazy: true }), await indexFromSnapshotSliced(bytes, 0.5)]) {
      const postings = (restored as unknown as { identifiers: Map<string, { party: number; identifier: object }[]> }).identifiers;
      let checked = 0;
      for (const list of postings.values()) {
        for (const { party, identifier } of list) {
          const held = restored.parties[party]!.identifiers;
          if (held.some((i) => i === identifier)) checked++;
        }
      }
      assert.ok(checked > 500, `only ${checked} postings hold their party's own identifier object`);
      // The parties' frozen empty arrays are one array, as in the built index.
      const empties = new Set<unknown>();
      for (const p of restored.parties) for (const [k, v] of Object.entries(p)) if (Array.isArray(v) && v.length === 0 && Object.isFrozen(v) && k) empties.add(v);
      const builtEmpties = new Set<unknown>();
      for (const p of index.parties) for (const [k, v] of Object.entries(p)) if (Array.isArray(v) && v.length === 0 && Object.isFrozen(v) && k) builtEmpties.add(v);
      assert.equal(empties.size, builtEmpties.size);
    }
  });

  it('fail a party that cannot be read when it is read, saying the snapshot is unreadable', () => {
    const damaged = Uint8Array.from(bytes);
    // The value stream is the first section: the index (tag, class, shape), then its first field,
    // the parties (LAZY, their number, ...), whose words are most of the stream.
    const header = new Uint32Array(damaged.buffer, 8, 18);
    const ops = new Int32Array(damaged.buffer, header[2]!, header[3]! / 4);
    assert.equal(ops[3], 19, 'the parties are written lazily');
    const n = ops[4]!;
    // Scribble over the middle of the parties' words with an unknown tag.
    const middle = Math.floor(ops.length / 3);
    for (let i = middle; i < middle + 64; i++) ops[i] = 31;
    const broken = indexFromSnapshot(damaged, { lazy: true });
    assert.equal(broken.parties.length, n);
    assert.throws(() => broken.parties.forEach((p) => p), /not a readable index snapshot/);
  });
});
