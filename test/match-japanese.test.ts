/**
 * Japanese readings of names in kanji (src/match/japanese.ts): a kanji's readings from KANJIDIC,
 * rendaku, long vowels folded; a reading is used only where the other side (a pair, or the listed
 * names of a screening) has a word of it, so "後藤 忠正" meets "GOTO Tadamasa" and nothing it merely
 * could be called.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { foldJapanese, japaneseReadings, kanjiReadings, wordReadings } from '../src/match/japanese.js';
import { ScreeningIndex, compare, screen } from '../src/match/index.js';
import type { Entity } from '../src/model/index.js';

const person = (name: string) => ({ schema: 'Person', properties: { name: [name] } });
const listed = (id: string, name: string): Entity => ({ id, schema: 'Person', caption: name, datasets: ['test'], properties: { name: [name] } });

describe('Japanese readings of kanji names', () => {
  it('reads a kanji in its name, native and Sino-Japanese readings, folded as the lists write them', () => {
    assert.ok(kanjiReadings('藤').includes('to'), 'トウ folds to to');
    assert.ok(kanjiReadings('忠').includes('tada'));
    assert.ok(kanjiReadings('明').includes('aki'));
    assert.deepEqual(kanjiReadings('a'), []);
    assert.equal(foldJapanese('Gotoh'), 'goto');
    assert.equal(foldJapanese('Inoue'), foldJapanese('inoue'));
    assert.equal(foldJapanese('Kampo'), 'kanpo');
  });

  it('voices a later character (rendaku) and reads whole words', () => {
    assert.ok(wordReadings('池田').includes('ikeda'));
    assert.ok(wordReadings('高木').includes('takagi'));
    assert.ok(wordReadings('井上').includes(foldJapanese('inoue')));
    assert.deepEqual(wordReadings('Ikeda'), []);
  });

  it('gives the readings the other side knows, family name first, cutting a name written without a space', () => {
    const vocabulary = (words: string) => {
      const m = new Map(words.split(' ').map((w) => [foldJapanese(w), w]));
      return (folded: string) => m.get(folded);
    };
    assert.deepEqual(japaneseReadings('後藤 忠正', vocabulary('GOTO Tadamasa')), ['GOTO Tadamasa']);
    assert.deepEqual(japaneseReadings('後藤忠正', vocabulary('Tadamasa Goto')), ['Goto Tadamasa']);
    assert.deepEqual(japaneseReadings('後藤 忠正', vocabulary('Goto Kunio')), [], 'the given name reads otherwise');
  });
});

describe('Japanese names compared and screened', () => {
  it('meets the listed Latin forms of Japanese names in kanji, in either order', () => {
    for (const [latin, kanji] of [
      ['GOTO Tadamasa', '後藤 忠正'],
      ['Inoue Kunio', '井上 邦雄'],
      ['TAKAGI Yasuo', '高木 康男'],
      ['Ikeda, Takashi', '池田 孝志'],
    ]) {
      const c = compare(person(latin!), person(kanji!));
      assert.equal(c.match, true, `${latin} ~ ${kanji}: ${c.score}`);
      assert.equal(compare(person(kanji!), person(latin!)).match, true, `${kanji} ~ ${latin}`);
    }
    assert.equal(compare(person('Goto Kunio'), person('後藤 忠正')).match, false);
    assert.equal(compare(person('Ikeda Hiroshi'), person('池田 孝志')).match, false);
  });

  it('finds a Latin-only listed party from its name in kanji, and says how it read it', () => {
    const index = ScreeningIndex.build([listed('t-1', 'GOTO Tadamasa'), listed('t-2', 'INOUE Kunio'), listed('t-3', 'Goto Kenji')]);
    const [top] = screen(person('後藤忠正'), { index });
    assert.equal(top?.id, 't-1');
    assert.equal(top?.match, true);
    assert.ok(top.explanation.notes?.some((n) => n.includes('read in Japanese')), JSON.stringify(top.explanation));
    assert.ok(!screen(person('後藤 健一'), { index }).some((r) => r.match), 'another given name finds no one');
  });
});
