/**
 * Word ids and the similarity memo (src/match/word-ids.ts): the ids stand for a word with its key,
 * two names may align exactly when their keys meet, the memo gives back what was put in and is
 * emptied when full, and a table that starts over gives every name fresh ids with the same
 * comparisons as before.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareNames } from '../src/match/names.js';
import { prepareQuery } from '../src/match/prepare.js';
import { forgetWordIds, nameIds, namesIds, outcomeOf, rememberedSimilarity, rememberSimilarity, shareAnId, hasExtra, JOIN_ARTICLED } from '../src/match/word-ids.js';

const person = (name: string) => prepareQuery({ schema: 'Person', properties: { name: [name] } });
const organization = (name: string) => prepareQuery({ schema: 'Organization', properties: { name: [name] } });

describe('word ids', () => {
  it('give one id per word and key, and one per key', () => {
    const a = nameIds(person('Song Kum Hyok').names[0]!);
    const b = nameIds(person('Hyok Song').names[0]!);
    assert.equal(a.words.length, 3);
    assert.equal(a.words[0], b.words[1]); // song
    assert.equal(a.words[2], b.words[0]); // hyok
    assert.notEqual(a.words[0], a.words[1]);
    // Geum and Kum are two words with one phonetic key.
    const c = nameIds(person('Song Geum Hyok').names[0]!);
    assert.notEqual(c.words[1], a.words[1]);
    assert.equal(c.keys[1], a.keys[1]);
    // Joins ("kumhyok") have ids of their own, and meet the joined word of another name.
    const joined = nameIds(person('Song Kumhyok').names[0]!);
    assert.equal(a.joinWords.length, 2);
    assert.ok(a.joinWords.includes(joined.words[1]!));
    assert.ok(shareAnId(a.alignKeys, joined.alignKeys));
  });

  it('tell a person word from the same word in an organisation name when their keys differ', () => {
    const p = person('Trading').names[0]!;
    const o = organization('Trading').names[0]!;
    assert.equal(p.tokens[0], o.tokens[0]);
    assert.equal(nameIds(p).words[0] === nameIds(o).words[0], p.keys[0] === o.keys[0]);
  });

  it('say whether two names may align at all', () => {
    const a = nameIds(person('Kim Jong Un').names[0]!);
    const b = nameIds(person('Pak Chol Su').names[0]!);
    assert.equal(shareAnId(a.alignKeys, b.alignKeys), false);
    assert.equal(shareAnId(a.alignKeys, nameIds(person('Un Kim').names[0]!).alignKeys), true);
  });

  it('find the joins the other name writes as one word: by text, by key, or one typing error away after an article', () => {
    const score = (a: string, b: string) => compareNames(person(a).names[0]!, person(b).names[0]!, true);
    const joined = score('Kum Hyok Song', 'Kumhyok Song');
    assert.equal(joined.score, 1);
    assert.deepEqual(joined.aligned.map((x) => x.candidate), ['kumhyok', 'song']);
    assert.ok(score('Kum Hyok Song', 'Geumhyeok Song').aligned.some((x) => x.query === 'kumhyok' && x.candidate === 'geumhyeok'));
    const articled = nameIds(person('Khalid al Subaiy').names[0]!);
    assert.ok(articled.joinFlags.some((f) => (f & JOIN_ARTICLED) !== 0));
    for (const [a, b] of [['Khalid al Subaiy', 'Khalid Alsubaie'], ['Khalid Alsubaie', 'Khalid al Subaiy']] as const) {
      const c = score(a, b);
      assert.ok(c.score > 0.9, `${a} / ${b}: ${c.score}`);
      assert.equal(c.aligned.length, 2);
    }
  });

  it('are given again, the same comparisons made, after the table starts over', () => {
    const q = person('Song Kum Hyok');
    const l = person('SONG Kum-hyok');
    const before = compareNames(q.names[0]!, l.names[0]!, true);
    const old = namesIds(q);
    forgetWordIds();
    const fresh = namesIds(q);
    assert.notEqual(fresh, old);
    assert.notEqual(fresh[0]!.generation, old[0]!.generation);
    assert.deepEqual(compareNames(q.names[0]!, l.names[0]!, true), before);
  });
});

describe('the similarity memo', () => {
  it('gives back the outcome and the extra fact put in, per flags', () => {
    forgetWordIds();
    assert.equal(rememberedSimilarity(3, 10, 20), -1);
    const stored = rememberSimilarity(3, 10, 20, { similarity: 0.86, how: 'spelling' }, true);
    assert.equal(rememberedSimilarity(3, 10, 20), stored);
    assert.equal(rememberedSimilarity(2, 10, 20), -1); // other flags, another entry
    assert.equal(rememberedSimilarity(3, 20, 10), -1); // the pair is ordered
    assert.ok(hasExtra(stored));
    assert.deepEqual(outcomeOf(stored), { similarity: 0.86, how: 'spelling' });
    const plain = rememberSimilarity(3, 11, 20, { similarity: 0.86, how: 'spelling' }, false);
    assert.equal(hasExtra(plain), false);
    assert.equal(outcomeOf(plain), outcomeOf(stored)); // one outcome, numbered once
  });

  it('gives back outcomes beyond those it has room to store, without storing them', () => {
    forgetWordIds();
    const values = Array.from({ length: 20 }, (_, k) => rememberSimilarity(5, 100 + k, 7, { similarity: k / 100, how: `test${k}` }, k % 2 === 0));
    values.forEach((value, k) => {
      assert.deepEqual(outcomeOf(value), { similarity: k / 100, how: `test${k}` });
      assert.equal(hasExtra(value), k % 2 === 0);
    });
    // The first outcomes are remembered; past the room for them, each is worked out again.
    assert.equal(rememberedSimilarity(5, 100, 7), values[0]);
    assert.equal(rememberedSimilarity(5, 119, 7), -1);
  });

  it('is emptied when full, and goes on remembering', () => {
    forgetWordIds();
    rememberSimilarity(1, 1, 1, { similarity: 1, how: 'exact' }, false);
    let n = 1;
    // Fill it until the first entry is gone (the memo holds about 367,000 pairs).
    while (rememberedSimilarity(1, 1, 1) >= 0) {
      n++;
      rememberSimilarity(1, 2 + (n >> 10), n & 1023, { similarity: 0, how: 'spelling' }, false);
      assert.ok(n < 2_000_000, 'the memo was never emptied');
    }
    assert.ok(n > 300_000, `emptied after only ${n} entries`);
    const last = rememberedSimilarity(1, 2 + (n >> 10), n & 1023);
    assert.deepEqual(outcomeOf(last), { similarity: 0, how: 'spelling' });
  });
});
