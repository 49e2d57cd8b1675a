/**
 * Evasion folding (src/match/evasion.ts): look-alike letters, invisible characters, full-width
 * forms and digits standing for letters are undone, with one note per kind of change; genuine
 * non-Latin names, numbers, ordinals and codes are left exactly as typed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { foldEvasions } from '../src/match/evasion.js';

/** Asserts the folded text and returns the result for further checks. */
function folds(input: string, expected: string): ReturnType<typeof foldEvasions> {
  const result = foldEvasions(input);
  assert.equal(result.text, expected, `${JSON.stringify(input)} folded`);
  return result;
}

function untouched(input: string): void {
  const result = foldEvasions(input);
  assert.equal(result.text, input, `${JSON.stringify(input)} should be left as typed`);
  assert.deepEqual(result.notes, [], `${JSON.stringify(input)} should have no notes`);
  assert.equal(result.mixedScript, false);
}

describe('foldEvasions: plain ASCII', () => {
  it('returns ASCII names identical, with no notes', () => {
    for (const name of ['Song Kum Hyok', 'SONG Kum-hyok', "O'Brien, Patrick", 'Korea Kwangson Banking Corp.', '']) {
      const result = foldEvasions(name);
      assert.equal(result.text, name);
      assert.deepEqual(result.notes, []);
      assert.equal(result.mixedScript, false);
    }
  });
});

describe('foldEvasions: invisible characters', () => {
  // Every format character (Cf) an evader can slip inside a word, plus CGJ and variation selectors.
  const invisible: [string, string][] = [
    ['\u00ad', 'soft hyphen'],
    ['\u034f', 'combining grapheme joiner'],
    ['\u061c', 'Arabic letter mark'],
    ['\u180e', 'Mongolian vowel separator'],
    ['\u200b', 'zero-width space'],
    ['\u200c', 'zero-width non-joiner'],
    ['\u200d', 'zero-width joiner'],
    ['\u200e', 'left-to-right mark'],
    ['\u200f', 'right-to-left mark'],
    ['\u202a', 'left-to-right embedding'],
    ['\u202b', 'right-to-left embedding'],
    ['\u202c', 'pop directional formatting'],
    ['\u202d', 'left-to-right override'],
    ['\u202e', 'right-to-left override'],
    ['\u2060', 'word joiner'],
    ['\u2061', 'function application'],
    ['\u2062', 'invisible times'],
    ['\u2063', 'invisible separator'],
    ['\u2064', 'invisible plus'],
    ['\u2066', 'left-to-right isolate'],
    ['\u2067', 'right-to-left isolate'],
    ['\u2068', 'first strong isolate'],
    ['\u2069', 'pop directional isolate'],
    ['\ufe00', 'variation selector 1'],
    ['\ufe0f', 'variation selector 16'],
    ['\ufeff', 'byte order mark'],
    ['\u{e0001}', 'language tag'],
    ['\u{e0100}', 'variation selector 17'],
  ];
  for (const [ch, name] of invisible) {
    it(`removes the ${name} (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}) without a space`, () => {
      const result = folds(`Kum${ch}hyok Song`, 'Kumhyok Song');
      assert.deepEqual(result.notes, ["1 invisible character removed from 'Kumhyok'"]);
    });
  }

  it('counts several invisible characters and names the words', () => {
    const result = folds('So\u200bng Kum\u200d Hy\u00adok', 'Song Kum Hyok');
    assert.deepEqual(result.notes, ["3 invisible characters removed from 'Song', 'Kum', 'Hyok'"]);
  });

  it('removes a zero-width space inside a word that also has a Cyrillic look-alike', () => {
    const result = folds('Sо\u200bng', 'Song');
    assert.equal(result.notes.length, 2);
    assert.match(result.notes[0]!, /^1 invisible character removed/);
    assert.match(result.notes[1]!, /^Cyrillic look-alikes folded to Latin in 'Sоng'$/);
    assert.equal(result.mixedScript, true);
  });

  it('removes a soft hyphen inside a token', () => {
    const result = folds('Kum\u00adhyok', 'Kumhyok');
    assert.equal(result.notes.length, 1);
  });
});

describe('foldEvasions: full-width and compatibility forms', () => {
  it('folds full-width letters and says so', () => {
    const result = folds('Ｋｉｍ Ｊｏｎｇ Ｕｎ', 'Kim Jong Un');
    assert.deepEqual(result.notes, ["full-width letters folded in 'Ｋｉｍ', 'Ｊｏｎｇ', 'Ｕｎ'"]);
  });

  it('folds ligatures with a compatibility note', () => {
    const result = folds('Oﬃce ﬁnance', 'Office finance');
    assert.equal(result.notes.length, 1);
    assert.match(result.notes[0]!, /^compatibility characters folded .* in 'Oﬃce', 'ﬁnance'$/);
  });

  it('does not note plain canonical composition (decomposed accents)', () => {
    const result = folds('Mu\u0308ller Jürgen', 'Müller Jürgen');
    assert.deepEqual(result.notes, []);
  });
});

describe('foldEvasions: look-alike letters', () => {
  const toLatin: [string, string, string][] = [
    ['Sоng Kum Hyоk', 'Song Kum Hyok', "Cyrillic look-alikes folded to Latin in 'Sоng', 'Hyоk'"],
    ['Кіm', 'Kim', "Cyrillic look-alikes folded to Latin in 'Кіm'"],
    ['Κorea', 'Korea', "Greek look-alikes folded to Latin in 'Κorea'"],
    ['Αelita', 'Aelita', "Greek look-alikes folded to Latin in 'Αelita'"],
    ['Ѕоng Kum Hyok', 'Song Kum Hyok', "Cyrillic look-alikes folded to Latin in 'Ѕоng'"],
    ['Κim Jοng Un', 'Kim Jong Un', "Greek look-alikes folded to Latin in 'Κim', 'Jοng'"],
    ['Khoroshev Dmitry Уuryevіch', 'Khoroshev Dmitry Yuryevich', "Cyrillic look-alikes folded to Latin in 'Уuryevіch'"],
    ['Mamakova Αelita Leonidovna', 'Mamakova Aelita Leonidovna', "Greek look-alikes folded to Latin in 'Αelita'"],
    ['Fеdin Yuriу Sergeyevich', 'Fedin Yuriy Sergeyevich', "Cyrillic look-alikes folded to Latin in 'Fеdin', 'Yuriу'"],
    ['Kоrеа Kwаngsоn Bаnking Cоrp', 'Korea Kwangson Banking Corp', "Cyrillic look-alikes folded to Latin in 'Kоrеа', 'Kwаngsоn', 'Bаnking' and 1 more"],
    ['Sоng-Κum', 'Song-Kum', "Cyrillic look-alikes folded to Latin in 'Sоng'"],
    ['Fëdоr', 'Fëdor', "Cyrillic look-alikes folded to Latin in 'Fëdоr'"],
    ['Kаlashnikόv', 'Kalashnikóv', "Cyrillic and Greek look-alikes folded to Latin in 'Kаlashnikόv'"],
  ];
  for (const [input, expected, note] of toLatin) {
    it(`reads ${JSON.stringify(input)} as Latin`, () => {
      const result = folds(input, expected);
      assert.equal(result.mixedScript, true);
      assert.ok(result.notes.includes(note), `notes: ${result.notes.join(' | ')}`);
    });
  }

  it('keeps the original separators', () => {
    folds('SОNG,  Kum-Нyok (Кim)', 'SONG,  Kum-Hyok (Kim)');
  });

  it('folds a whole look-alike word when the rest of the name is Latin', () => {
    const result = folds('О In Chun', 'O In Chun');
    assert.deepEqual(result.notes, ["Cyrillic look-alikes folded to Latin in 'О'"]);
    assert.equal(result.mixedScript, false, 'no word mixes scripts');
    folds('ΚΟ Kil Su', 'KO Kil Su');
  });

  it('leaves a look-alike word alone among genuine Cyrillic words, or with no Latin word', () => {
    untouched('О Сон Гым');
    untouched('Ко');
    untouched('Сон Гым Хёк Ко');
  });

  it('reads Latin letters inside a Cyrillic word as Cyrillic', () => {
    const result = folds('Марiя Ivanova', 'Марія Ivanova');
    assert.deepEqual(result.notes, ["Latin look-alikes folded to Cyrillic in 'Марiя'"]);
    assert.equal(result.mixedScript, true);
    folds('Сeргей', 'Сергей');
    folds('Фëдор', 'Фёдор');
  });

  it('reads a Latin letter inside a Greek word as Greek', () => {
    folds('Κώστaς', 'Κώστας');
  });

  it('flags a mixed word it cannot fold, and leaves it', () => {
    const result = foldEvasions('Иvan Petrov');
    assert.equal(result.text, 'Иvan Petrov');
    assert.deepEqual(result.notes, []);
    assert.equal(result.mixedScript, true);
  });

  it('leaves genuine Cyrillic, Greek and other-script names untouched', () => {
    for (const name of [
      'Сон Гым Хёк',
      'Ким Чен Ын',
      'Ольга',
      'Ким Ё Чжон',
      'Мамакова Аэлита Леонидовна',
      'Αλέξης Τσίπρας',
      'Κώστας',
      'Олексій Київ',
      'محمد بن سلمان',
      'علی خامنه‌ای'.replace('\u200c', ''),
      '김정은',
      '송금혁',
      '金正恩',
      '习近平',
      'ソン・クムヒョク',
      'Müller Jürgen',
      'Ərdoğan Şükrü',
    ]) {
      untouched(name);
    }
  });
});

describe('foldEvasions: digits for letters', () => {
  it('reads digits inside names as letters', () => {
    const kim = folds('K1m J0ng Un', 'Kim Jong Un');
    assert.deepEqual(kim.notes, ["digits read as letters: 'K1m' -> 'Kim', 'J0ng' -> 'Jong'"]);
    assert.equal(kim.mixedScript, false);
    const song = folds('5ong Kum Hy0k', 'Song Kum Hyok');
    assert.deepEqual(song.notes, ["digits read as letters: '5ong' -> 'Song', 'Hy0k' -> 'Hyok'"]);
    folds('Kh0r0shev Dm1try', 'Khoroshev Dmitry');
    folds('SONG KUM HY0K', 'SONG KUM HYOK');
    folds('Y00n Ch0', 'Yoon Cho');
    folds('P4rk 7ae8ong', 'Park Taebong');
    folds('S3rg3y', 'Sergey');
  });

  it('reads @ and $ between letters', () => {
    folds('K@m Ch$ng', 'Kam Chsng');
    folds('Ni$$an', 'Nissan');
  });

  it('leaves numbers, ordinals and codes as typed', () => {
    for (const text of [
      'Boeing 737',
      '1st 2nd 3rd 4th 21st 44th 101st',
      '1er 2e 3ème',
      'A320 MIG-29 B52 3M 4x4 SU-35',
      'MH17 SU35 TU154 F16 1MDB 3DS 4WD 7up Channel4 Kim1',
      'Sparta 1',
      'Ocean 5',
      '$100 @home user$ 15%',
      '44 Forty-Four',
    ]) {
      untouched(text);
    }
  });

  it('reads digits the same way in ASCII-only and in non-ASCII text', () => {
    for (const text of ['K1m J0ng Un', '5ong Kum Hy0k', 'MH17 A320 4th', 'K@m 7up Ch0', 'SONG KUM HY0K']) {
      const ascii = foldEvasions(text);
      const mixed = foldEvasions(`${text} Müller`);
      assert.equal(mixed.text, `${ascii.text} Müller`);
      assert.deepEqual(mixed.notes, ascii.notes);
    }
  });

  it('does not read digits in a word with a digit outside the map', () => {
    untouched('K2m J9ng');
  });

  it('undoes look-alikes and digits in the same word', () => {
    const result = folds('К1m', 'Kim');
    assert.deepEqual(result.notes, ["Cyrillic look-alikes folded to Latin in 'К1m'", "digits read as letters: 'K1m' -> 'Kim'"]);
  });
});

describe('foldEvasions: notes', () => {
  it('quotes at most three words per note', () => {
    const result = folds('Sоng Kаm Hyоk Jоng Un', 'Song Kam Hyok Jong Un');
    assert.deepEqual(result.notes, ["Cyrillic look-alikes folded to Latin in 'Sоng', 'Kаm', 'Hyоk' and 1 more"]);
  });

  it('combines every kind of change, one note each', () => {
    const result = folds('Ｋ1m\u200b Jοng Ｕn', 'Kim Jong Un');
    assert.equal(result.notes.length, 4, result.notes.join(' | '));
  });
});
