/**
 * Korean names in Russian Cyrillic (Kontsevich and Russian media spellings) read back into the
 * DPRK McCune-Reischauer forms of the sanctions lists, and Chinese names in Palladius read back into
 * pinyin. The Korean cases are persons on the OFAC SDN list (2025-11-19 advanced XML, whose Latin
 * spelling is checked against the file) and the forms Russian media use for them; the negatives are
 * ordinary Russian and Ukrainian names that must not be read as either.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { chineseFromCyrillic, koreanFromCyrillic, palladius } from '../src/match/cyrillic-cjk.js';
import { listFile } from './helpers.js';

const words = (name: string): string[] => name.split(' ');

/** Every word of `latin` (lower case, one per Cyrillic word; syllables of one word joined) is
 * among the readings of the matching Cyrillic word. */
function assertReads(readings: string[][] | undefined, latin: string, label: string): void {
  assert.ok(readings, `${label}: not read`);
  const expected = latin.toLowerCase().split(' ');
  assert.equal(readings.length, expected.length, `${label}: ${JSON.stringify(readings)}`);
  expected.forEach((w, i) => {
    assert.ok(readings[i]!.includes(w), `${label}: word ${i + 1} "${w}" not in ${JSON.stringify(readings[i])}`);
  });
}

// [Cyrillic, Latin as the list writes it (given-name syllables of one Cyrillic word joined)].
const KOREAN: [string, string][] = [
  // As Russian media write them (issue 12).
  ['Ким Чен Ын', 'Kim Jong Un'],
  ['Ким Ё Чжон', 'Kim Yo Jong'],
  ['Сон Гым Хёк', 'Song Kum Hyok'],
  ['Чвэ Рён Хэ', 'Choe Ryong Hae'],
  // Kontsevich, given-name syllables apart and joined.
  ['Чхве Рён Хэ', 'Choe Ryong Hae'],
  ['Чхве Рёнхэ', 'Choe Ryonghae'],
  ['Ли Пён Чхоль', 'Ri Pyong Chol'],
  ['Ри Пёнчхоль', 'Ri Pyongchol'],
  ['Ким Ёчжон', 'Kim Yojong'],
  ['Пак Пон Чжу', 'Pak Pong Ju'],
  ['Сон Кымхёк', 'Song Kumhyok'],
  ['Чон Иль Чхун', 'Jon Il Chun'],
  ['Ким Ён Чхоль', 'Kim Yong Chol'],
  ['Хан Чхан Нам', 'Han Chang Nam'],
  ['Чхве Хви', 'Choe Hwi'],
  ['Пак Чхоль Нам', 'Pak Chol Nam'],
  ['Чон Гён Тхэк', 'Jong Kyong Thaek'],
  ['Ко Иль Хван', 'Ko Il Hwan'],
  ['О Ён Хо', 'O Yong Ho'],
  ['Чон Ён Нам', 'Jong Yong Nam'],
  ['Пак Чон Чхон', 'Pak Jong Chon'],
  ['Чо Ён Чхоль', 'Jo Yong Chol'],
  ['Ли Су Ён', 'Ri Su Yong'],
  ['Чон Сон Хва', 'Jong Song Hwa'],
  // ё written е, capitals, hyphens, and Russian-Korean family-name forms.
  ['Ким Е Чжон', 'Kim Yo Jong'],
  ['СОН ГЫМ ХЕК', 'Song Kum Hyok'],
  ['Ли Пен Чхоль', 'Ri Pyong Chol'],
  ['Ким Ён-Хо', 'Kim Yongho'],
  ['Цой Рён Хэ', 'Choe Ryong Hae'],
  ['Чой Сон Хи', 'Choe Son Hui'],
  ['Тен Ён Нам', 'Jong Yong Nam'],
  ['Тё Ён Чхоль', 'Jo Yong Chol'],
  ['Ни Су Ён', 'Ri Su Yong'],
  ['Шин Ён Чхоль', 'Sin Yong Chol'],
  ['Ким Ир Сен', 'Kim Il Song'],
];

// The OFAC spelling of the persons above whose Latin form is in the 2025-11-19 SDN advanced XML
// (surname, given name as separate name parts).
const OFAC_NAMES: [string, string][] = [
  ['Song', 'Kum Hyok'],
  ['Choe', 'Hwi'],
  ['PAK', 'Chol Nam'],
  ['Jong', 'Kyong Thaek'],
  ['Ko', 'Il Hwan'],
  ['O', 'Yong Ho'],
  ['Jong', 'Yong Nam'],
  ['Pak', 'Jong Chon'],
  ['Jo', 'Yong Chol'],
  ['Kim', 'Yong Chol'],
];

describe('koreanFromCyrillic', () => {
  it('reads real DPRK names in Kontsevich and media spellings as their McCune-Reischauer list form', () => {
    for (const [cyrillic, latin] of KOREAN) assertReads(koreanFromCyrillic(words(cyrillic)), latin, cyrillic);
  });

  it('those list forms are the OFAC ones (checked in the 2025-11-19 advanced XML)', () => {
    const xml = gunzipSync(readFileSync(listFile('ofac-sdn-advanced', 'sdn_advanced_2025-11-19.xml.gz'))).toString('utf8');
    for (const [family, given] of OFAC_NAMES) {
      assert.ok(xml.includes(`>${family}</NamePartValue>`), `${family} not in the OFAC file`);
      assert.ok(xml.includes(`>${given}</NamePartValue>`), `${given} not in the OFAC file`);
      const cyrillic = KOREAN.find(([, latin]) => latin.toLowerCase() === `${family} ${given}`.toLowerCase());
      assert.ok(cyrillic, `${family} ${given} has no Cyrillic case`);
    }
  });

  it('puts the most likely reading first', () => {
    assert.deepEqual(
      koreanFromCyrillic(words('Ким Чен Ын'))?.map((r) => r[0]),
      ['kim', 'jong', 'un'],
    );
    assert.deepEqual(
      koreanFromCyrillic(words('Сон Гым Хёк'))?.map((r) => r[0]),
      ['song', 'kum', 'hyok'],
    );
    assert.deepEqual(
      koreanFromCyrillic(words('Ли Пён Чхоль'))?.map((r) => r[0]),
      ['ri', 'pyong', 'chol'],
    );
  });

  it('gives both readings of a final н (ㅇ and ㄴ): Сон is song or son', () => {
    const [family] = koreanFromCyrillic(words('Сон Гым Хёк'))!;
    assert.ok(family!.includes('song') && family!.includes('son'), JSON.stringify(family));
  });

  it('reads the Russian-Korean forms of family names', () => {
    const cases: [string, string][] = [
      ['Цой', 'choe'],
      ['Чой', 'choe'],
      ['Чхве', 'choe'],
      ['Чве', 'choe'],
      ['Чвэ', 'choe'],
      ['Тен', 'jong'],
      ['Чон', 'jong'],
      ['Чен', 'jong'],
      ['Тян', 'jang'],
      ['Чан', 'jang'],
      ['Ли', 'ri'],
      ['Ри', 'ri'],
      ['Ни', 'ri'],
      ['Пак', 'pak'],
      ['Шин', 'sin'],
      ['Син', 'sin'],
      ['Хван', 'hwang'],
    ];
    for (const [family, mr] of cases) {
      const r = koreanFromCyrillic([family, 'Ён', 'Чхоль']);
      assert.ok(r?.[0]?.includes(mr), `${family}: ${JSON.stringify(r?.[0])}`);
    }
  });

  it('keeps the input word order when the family name comes last', () => {
    assertReads(koreanFromCyrillic(words('Ён Чхоль Ким')), 'Yong Chol Kim', 'Ён Чхоль Ким');
    assertReads(koreanFromCyrillic(words('Гымхёк Сон')), 'Kumhyok Song', 'Гымхёк Сон');
  });

  it('reads ё written decomposed (е + U+0308) and Kontsevich\'s ъ as a syllable boundary', () => {
    assertReads(koreanFromCyrillic(['Ким', 'Е\u0308', 'Чжон']), 'Kim Yo Jong', 'decomposed ё');
    assertReads(koreanFromCyrillic(words('Ким Сонъиль')), 'Kim Sonil', 'Ким Сонъиль');
  });

  it('reads a given name that is both Russian and Korean as Korean (Мина = 미나), a Russian-only one not', () => {
    assertReads(koreanFromCyrillic(words('Ким Мина')), 'Kim Mina', 'Ким Мина');
    assert.equal(koreanFromCyrillic(words('Ким Марина')), undefined);
  });

  it('answers in lower case, at most four readings per word, without repeats', () => {
    for (const [cyrillic] of KOREAN) {
      for (const r of koreanFromCyrillic(words(cyrillic))!) {
        assert.ok(r.length >= 1 && r.length <= 4, `${cyrillic}: ${JSON.stringify(r)}`);
        assert.equal(new Set(r).size, r.length);
        for (const x of r) assert.match(x, /^[a-z]+$/);
      }
    }
  });

  it('does not read Chinese (Palladius) names, one-word names or Latin text as Korean', () => {
    for (const name of ['Си Цзиньпин', 'Ху Цзиньтао', 'Ли Кэцян', 'Мао Цзэдун', 'Вэнь Цзябао', 'Чжоу Эньлай']) {
      assert.equal(koreanFromCyrillic(words(name)), undefined, name);
    }
    assert.equal(koreanFromCyrillic(['Ким']), undefined);
    assert.equal(koreanFromCyrillic(['Кимченын']), undefined);
    assert.equal(koreanFromCyrillic(words('Kim Jong Un')), undefined);
    assert.equal(koreanFromCyrillic(words('Ким Чен Ын Сон Ир')), undefined);
  });
});

describe('palladius', () => {
  it('spells pinyin syllables by the rules of the system', () => {
    const cases: [string, string][] = [
      ['xi', 'си'],
      ['jin', 'цзинь'],
      ['ping', 'пин'],
      ['zi', 'цзы'],
      ['ci', 'цы'],
      ['si', 'сы'],
      ['zhi', 'чжи'],
      ['chi', 'чи'],
      ['shi', 'ши'],
      ['ri', 'жи'],
      ['ze', 'цзэ'],
      ['qiang', 'цян'],
      ['xue', 'сюэ'],
      ['juan', 'цзюань'],
      ['qun', 'цюнь'],
      ['xu', 'сюй'],
      ['lv', 'люй'],
      ['nve', 'нюэ'],
      ['you', 'ю'],
      ['yi', 'и'],
      ['ye', 'е'],
      ['xie', 'се'],
      ['liu', 'лю'],
      ['xiong', 'сюн'],
      ['wei', 'вэй'],
      ['wang', 'ван'],
      ['guo', 'го'],
      ['luo', 'ло'],
      ['gui', 'гуй'],
      ['hui', 'хуэй'],
      ['zhuang', 'чжуан'],
      ['dong', 'дун'],
      ['zhou', 'чжоу'],
      ['en', 'энь'],
      ['er', 'эр'],
      ['yuan', 'юань'],
      ['cheng', 'чэн'],
      ['chen', 'чэнь'],
    ];
    for (const [pinyin, cyr] of cases) assert.equal(palladius(pinyin), cyr, pinyin);
  });
});

const CHINESE: [string, string][] = [
  ['Си Цзиньпин', 'Xi Jinping'],
  ['Ли Кэцян', 'Li Keqiang'],
  ['Ван И', 'Wang Yi'],
  ['Вэнь Цзябао', 'Wen Jiabao'],
  ['Ху Цзиньтао', 'Hu Jintao'],
  ['Чжоу Эньлай', 'Zhou Enlai'],
  ['Мао Цзэдун', 'Mao Zedong'],
  ['Чжан Вэй', 'Zhang Wei'],
  ['Дэн Сяопин', 'Deng Xiaoping'],
  ['Ли Пэн', 'Li Peng'],
  ['Цзян Цзэминь', 'Jiang Zemin'],
  ['Ван Хунвэнь', 'Wang Hongwen'],
  ['Лю Шаоци', 'Liu Shaoqi'],
  ['Чжу Жунцзи', 'Zhu Rongji'],
  ['Сюй Ци', 'Xu Qi'],
  ['Хуан Сюэ', 'Huang Xue'],
  ['Чэнь Юань', 'Chen Yuan'],
  ['Оуян Сю', 'Ouyang Xiu'],
  // Variants: soft sign dropped, hyphen, three words, е for э.
  ['Си Цзинпин', 'Xi Jinping'],
  ['Си Цзинь-пин', 'Xi Jinping'],
  ['Ли Кэ Цян', 'Li Ke Qiang'],
  ['Чен Ипин', 'Chen Yiping'],
  ['Ху Цзинтао', 'Hu Jintao'],
];

describe('chineseFromCyrillic', () => {
  it('reads Palladius names as pinyin', () => {
    for (const [cyrillic, latin] of CHINESE) assertReads(chineseFromCyrillic(words(cyrillic)), latin, cyrillic);
  });

  it('puts the Palladius reading first', () => {
    assert.deepEqual(chineseFromCyrillic(words('Си Цзиньпин')), [['xi'], ['jinping', 'jinpin']]);
    assert.deepEqual(chineseFromCyrillic(words('Ли Кэцян'))?.map((r) => r[0]), ['li', 'keqiang']);
    assert.deepEqual(chineseFromCyrillic(words('Чен Ли'))?.[0]?.[0], 'chen');
    assert.deepEqual(chineseFromCyrillic(words('Чэн Ли'))?.[0]?.[0], 'cheng');
  });

  it('needs a Chinese family name first and Palladius syllables throughout', () => {
    assert.equal(chineseFromCyrillic(words('Цзиньпин Си')), undefined);
    assert.equal(chineseFromCyrillic(words('Ким Чен Ын')), undefined);
    assert.equal(chineseFromCyrillic(words('Сон Гым Хёк')), undefined);
    assert.equal(chineseFromCyrillic(words('Чвэ Рён Хэ')), undefined);
    assert.equal(chineseFromCyrillic(words('Си Зоя')), undefined);
    assert.equal(chineseFromCyrillic(['Си']), undefined);
    assert.equal(chineseFromCyrillic(words('Xi Jinping')), undefined);
  });
});

// Ordinary Russian and Ukrainian names, some with a Korean or Chinese family name and a Russian
// given name (Koryo-saram and Russian-Chinese names): read as Russian names, not Korean/Chinese.
const RUSSIAN = [
  'Владимир Путин',
  'Сергей Шойгу',
  'Ольга Петрова',
  'Иван Петров',
  'Дмитрий Медведев',
  'Сергей Лавров',
  'Мария Захарова',
  'Алексей Навальный',
  'Евгений Пригожин',
  'Роман Абрамович',
  'Олег Дерипаска',
  'Алишер Усманов',
  'Андрей Белоусов',
  'Игорь Сечин',
  'Герман Греф',
  'Павел Дуров',
  'Анатолий Чубайс',
  'Лев Толстой',
  'Марина Цветаева',
  'Тарас Шевченко',
  'Юлия Тимошенко',
  'Пётр Порошенко',
  'Богдан Хмельницкий',
  'Ірина Ковальчук',
  'Наталья Касперская',
  'Анна Ким',
  'Ким Анна',
  'Михаил Ли',
  'Ли Иванов',
  'Иван Ли',
  'Виктор Цой',
  'Цой Виктор',
  'Пак Антон',
  'Максим Пак',
  'Ирина Ким',
  'Ким Роман',
  'Ли Анна',
  'Ван Ирина',
  'Тимур Хан',
  'Анна Ли Петровна',
  'Ким Михаил Николаевич',
  'Банк Россия',
  'Газпром нефть',
];

describe('ordinary Russian and Ukrainian names', () => {
  it(`are read neither as Korean nor as Chinese (${RUSSIAN.length} names)`, () => {
    for (const name of RUSSIAN) {
      assert.equal(koreanFromCyrillic(words(name)), undefined, `${name}: read as Korean`);
      assert.equal(chineseFromCyrillic(words(name)), undefined, `${name}: read as Chinese`);
    }
  });
});
