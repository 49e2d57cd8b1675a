import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cantoneseReading, hanjaReading, hongKongSpelling, wadeGiles } from '../src/match/han-readings.js';
import { romanizeHangulNames } from '../src/match/korean.js';
import { compare } from '../src/match/index.js';
import { latinForms } from '../src/match/translit.js';

const person = (name: string) => ({ schema: 'Person', properties: { name: [name] } });
const score = (a: string, b: string): number => compare(person(a), person(b)).score;
const company = (name: string) => ({ schema: 'Company', properties: { name: [name] } });

/** Each pair of company names, as one listed record writes them, compared: a match. */
function assertCompaniesMatch(pairs: [string, string][]): void {
  for (const [a, b] of pairs) assert.ok(compare(company(a), company(b)).match, `${a} ~ ${b}`);
}

describe('Han names: Wade-Giles and the Korean (Hanja) reading', () => {
  it('writes pinyin syllables in Wade-Giles without apostrophes', () => {
    const cases: [string, string][] = [
      ['xiang', 'hsiang'], ['shi', 'shih'], ['zhong', 'chung'], ['gen', 'ken'], ['qing', 'ching'],
      ['zi', 'tzu'], ['si', 'ssu'], ['ge', 'ko'], ['guo', 'kuo'], ['luo', 'lo'], ['yan', 'yen'],
      ['jie', 'chieh'], ['xue', 'hsueh'], ['rong', 'jung'], ['cai', 'tsai'], ['er', 'erh'], ['huang', 'huang'],
    ];
    for (const [pinyin, wg] of cases) assert.equal(wadeGiles(pinyin), wg, pinyin);
  });

  it('reads a name in traditional or simplified characters as Korean, 金 as the family name Kim', () => {
    assert.deepEqual(hanjaReading([...'崔哲民'], 1), { family: '최', given: '철민' });
    assert.deepEqual(hanjaReading([...'金铁三'], 1), { family: '김', given: '철삼' });
    assert.deepEqual(hanjaReading([...'金鐵三'], 1), { family: '김', given: '철삼' });
    assert.equal(hanjaReading(['崔', 'x'], 1), undefined);
  });

  it('gives a DPRK-style Korean form beside pinyin when the family name is Korean', () => {
    assert.deepEqual(latinForms('崔哲民'), ['Cui Zhemin', 'Cui Zhe Min', 'Tsui Che Min', 'Choe Chol Min', 'Tsui Chit Man']);
    assert.ok(latinForms('李英浩').includes('Ri Yong Ho'));
    assert.ok(!latinForms('習近平').some((f) => f.startsWith('Sup')), '習 is no Korean family name');
  });

  it('meets the romanized listed forms', () => {
    assert.ok(score('Kim Chol Sam', '金铁三') >= 0.9);
    assert.ok(score('崔哲民', 'Choe, Chol Min') >= 0.9);
    assert.ok(score('黃旺根', 'Huang, Wang Ken') >= 0.9);
    assert.ok(score('陳 美香', 'Chen Mei Hsiang') >= 0.9);
  });
});

describe('Han names: the Cantonese reading, spelled as Hong Kong spells names', () => {
  it('respells Jyutping syllables the Hong Kong way', () => {
    const cases: [string, string][] = [
      ['taam4', 'tam'], ['jiu6', 'yiu'], ['zung1', 'chung'], ['gwok3', 'kwok'], ['zoeng1', 'cheung'],
      ['zang1', 'tsang'], ['ceoi4', 'tsui'], ['jyun4', 'yuen'], ['ng4', 'ng'], ['ji4', 'yee'], ['gaa1', 'ka'], ['lou4', 'lo'],
    ];
    for (const [jyutping, hk] of cases) assert.equal(hongKongSpelling(jyutping), hk, jyutping);
    assert.equal(hongKongSpelling('zhong1'), undefined, 'pinyin is not Jyutping');
  });

  it('reads family names by their surname reading (區 Au, 曾 Tsang) and each given character', () => {
    assert.deepEqual(cantoneseReading([...'譚耀宗'], 1), { family: 'tam', given: ['yiu', 'chung'] });
    assert.deepEqual(cantoneseReading([...'區志光'], 1), { family: 'au', given: ['chi', 'kwong'] });
    assert.deepEqual(cantoneseReading([...'曾國衞'], 1), { family: 'tsang', given: ['kwok', 'wai'] });
  });

  it('meets the Hong Kong spellings of the lists, in traditional and simplified characters', () => {
    assert.ok(score('Tam, Yiu-chung', '譚耀宗') >= 0.9);
    assert.ok(score('Tam, Yiu-chung', '谭耀宗') >= 0.9);
    assert.ok(score('Li Kwai-wah', '李 桂華') >= 0.7);
    assert.ok(score('SIU Chak Yee', '萧 泽颐') >= 0.7);
    // A Cantonese reading is one more reading, not a looser one: another given name stays apart.
    assert.ok(score('Tam, Yiu-ming', '譚耀宗') < 0.7);
  });
});

describe('Han: names of other languages transcribed in characters', () => {
  it('are also read with each word\'s syllables joined, but a company\'s whole name is not run together', () => {
    assert.deepEqual(latinForms('吐尼亚孜 艾尔肯'), ['Tu Ni Ya Zi Ai Er Ken', 'Tuniyazi Aierken']);
    assert.ok(score('Tuniyaz Erken', '吐尼亚孜 艾尔肯') > score('Tuniyaz Erken', '吐尼亚 艾尔'));
    // Read syllable by syllable, and with its known company words translated; never run together.
    assert.deepEqual(latinForms('北京兴华恒成科技发展有限公司'), [
      'Bei Jing Xing Hua Heng Cheng Ke Ji Fa Zhan You Xian Gong Si',
      'Bei Jing Xing Hua Heng Cheng Technology Development Co Ltd',
    ]);
  });

  it('meets a company\'s listed English name through its translated words, in simplified and traditional characters', () => {
    // One OFAC record each: the primary name and its name in characters.
    assertCompaniesMatch([
      ['YANTAI MEI XUN TRADE CO., LTD.', '烟台美讯商贸有限公司'],
      ['BEIJING XINGHUA HENGCHENG TECHNOLOGY DEVELOPMENT COMPANY LIMITED', '北京兴华恒成科技发展有限公司'],
      ['Huaxin Shipping Hongkong LTD', '華信船務(香港)有限公司'],
    ]);
    assert.equal(compare(company('烟台美讯商贸有限公司'), company('Yantai Hua Xin Trade Co Ltd')).match, false);
  });
});

describe('Hangul: a four-syllable word with a family name', () => {
  it('is also read as family name + joined given name', () => {
    assert.equal(romanizeHangulNames('량수니오').person, 'Ryang Sunio');
    assert.equal(romanizeHangulNames('조선무역회사').person, undefined);
    assert.equal(romanizeHangulNames('김정은').person, undefined);
    assert.ok(score('RYANG Su Nyo', '량수니오') >= 0.9);
  });
});

describe('Hangul: organisation names read word by word', () => {
  it('translates the known words and romanizes the rest, as one reading more', () => {
    assert.equal(romanizeHangulNames('조선남강무역회사').organization, 'Korea Namgang Trading Company');
    assert.equal(romanizeHangulNames('조선릉라도무역총회사').organization, 'Korea Rungnado General Trading Corporation');
    assert.equal(romanizeHangulNames('정찰총국').organization, 'Reconnaissance General Bureau');
    assert.ok(latinForms('조선새날무역회사').includes('Korea Saenal Trading Company'));
    // A person's name, a lone generic word, and a name with no known word get no such reading.
    assert.equal(romanizeHangulNames('김정은').organization, undefined);
    assert.equal(romanizeHangulNames('회사').organization, undefined);
    assert.equal(romanizeHangulNames('영변').organization, undefined);
  });

  it('meets the English names the lists give them, and not another company of the same pattern', () => {
    // Pairs of one DPRK company as the EU annex (Hangul) and OFAC or the UN (English) write it.
    assertCompaniesMatch([
      ['조선남강무역회사', 'Korea Namgang Trading Corporation (NTC)'],
      ['조선릉라도무역총회사', 'Korea Rungrado General Trading Corporation'],
      ['조선승리산무역회사', 'Sungnisan Trading Corporation'],
      ['조선국제전람사', 'Korea International Exhibition Corporation'],
      ['조선인민군', 'Korean People’s Army'],
    ]);
    assert.equal(compare(company('조선남강무역회사'), company('Korea Saenal Trading Corporation')).match, false);
    // The explanation says how the name was read.
    const read = compare(company('조선남강무역회사'), company('Korea Namgang Trading Corporation (NTC)'));
    assert.equal(read.explanation.name?.queryReading, 'Korea Namgang Trading Company');
    assert.equal(read.explanation.name?.candidateReading, undefined);
    assert.match(read.explanation.summary, /name "조선남강무역회사" \(read "Korea Namgang Trading Company"\) ~ name "Korea Namgang Trading Corporation/);
    assert.equal(compare(company('회사'), company('HESA')).match, false);
  });
});

describe('Arabic script: joined compounds and Persian readings', () => {
  it('joins Allah to the word before (Hidayatullah) and keeps the words apart as a second form', () => {
    assert.deepEqual(latinForms('هدايت الله').slice(0, 2), ['Hadayatullah', 'Hadayat Allah']);
    assert.ok(score('HIDAYATULLAH', 'هدايت الله') >= 0.7);
  });

  it('joins al-Din to the word before, and reads a final alif maqsura after a consonant as ya first', () => {
    assert.deepEqual(latinForms('جلال الدين حقانى').slice(0, 2), ['Jalaluddin Haqani', 'Jalal al-Din Haqana']);
    assert.ok(score('JALALUDDIN HAQQANI', 'جلال الدين حقانى') >= 0.7);
    assert.equal(latinForms('موسى')[0], 'Musa', 'names ending in an a so written come from the table');
    // "Abd" alone is half a compound: two consonants in common make no name.
    assert.ok(score('Budi Halim', 'محمد صلاح الدين عبدالحليم زيدان') < 0.7);
  });

  it('reads a name written with Persian letters as Persian first', () => {
    assert.equal(latinForms('حسین موسوی')[0], 'Hossein Mousavi');
    assert.equal(latinForms('عابدی نژاد علیرضا')[0], 'Abdinejad Alireza');
    assert.ok(latinForms('شمس الدین')[0]!.endsWith('eddin'));
    assert.ok(latinForms('نظری ابو الفضل')[0]!.endsWith(' Abolfazl'));
  });

  it('drops the bidirectional embeddings that list entries carry', () => {
    assert.deepEqual(latinForms('صالحنژاد \u202bابو الفضل\u202c'), latinForms('صالحنژاد ابو الفضل'));
  });

  it('meets the romanized listed forms', () => {
    assert.ok(score('Salehnejad, Abulfazl', 'صالحنژاد \u202bابو الفضل\u202c') >= 0.7);
    assert.ok(score('Nazeri, Abualfazl', 'نظری ابو الفضل') >= 0.7);
    assert.ok(score('Akhaei, Shaghayegh', 'اخایی شقایق') >= 0.7);
    assert.ok(score('عینی سرکله غلامرضا', 'Eini Sarkalleh, Gholamreza') >= 0.7);
  });
});

describe('Arabic script: company names', () => {
  it('get one reading more with their known words translated, the others read as names', () => {
    assert.ok(latinForms('تنيس واي التجارة العامة ش.ذ.م.م').includes('Tanis Way Trading General LLC'));
    assert.ok(latinForms('إتقان العقارية ش.م.خ.').includes('Atqan Real Estate JSC'));
    // A person's name has none.
    assert.deepEqual(latinForms('محمد علي'), ['Muhammad Ali', 'Mohammed Ali', 'Mhmd Ly']);
  });

  it('meet the English names the lists give them', () => {
    // One OFAC record each: the primary name and its name in Arabic script.
    assertCompaniesMatch([
      ['TANAIS WAY GENERAL TRADING L.L.C', 'تنيس واي التجارة العامة ش.ذ.م.م'],
      ['Al Salam Trading and Agencies General ESTABLISHMENT', 'مؤسسة السلام للتجارة والتوكيلات العامة'],
      ['Syrian Company for Metals and Investments LLC', 'شركة السورية للمعادن و الاستثمار'],
      ['Atbin Ista Technical And Engineering Company', 'شرکت فنی و مهندسی آتبین ایستا'],
      // English words written in Arabic script.
      ['United General Contracting Company SARL', 'يونايتد جنرال كونتراكتينغ'],
    ]);
    assert.equal(compare(company('ERBIUM TRADING L.L.C'), company('تنيس واي التجارة العامة ش.ذ.م.م')).match, false);
  });
});

describe('Cyrillic: Russian organisation names', () => {
  it('get one reading more with their known words translated, adjectives whatever their ending', () => {
    assert.ok(latinForms('Сибирское Производственно Геологическое Объединение АО').includes('Siberian Production Geological Association Ao'));
    // A city in -sk from its adjective; a person's name gets no such reading.
    assert.ok(latinForms('Акционерное Общество Челябинский Трубопрокатный Завод').some((f) => f.endsWith('Chelyabinsk Pipe Rolling Plant')));
    assert.deepEqual(latinForms('Иванов Иван Иванович'), ['Ivanov Ivan Ivanovich']);
  });

  it('meet the English names the lists give them', () => {
    // One OFAC record each: the primary name and its name in Cyrillic.
    assert.ok(compare(company('Joint Stock Company Chelyabinsk Pipe Rolling Plant'), company('Акционерное Общество Челябинский Трубопрокатный Завод')).match);
    assert.ok(
      compare(
        company('Federal State Unitary Enterprise Scientific and Production Enterprise Gamma'),
        company('Федеральное Государственное Унитарное Предприятие Научно-Производственное Предприятие Гамма'),
      ).match,
    );
    // A city whose adjective is not its name with an ending (Самарский: Samara).
    assert.ok(compare(company('JOINT STOCK COMPANY SAMARA METALLURGICAL PLANT'), company('Акционерное Общество Самарский Металлургический Завод')).match);
    assert.ok(compare(company('Kazan Helicopter Plant'), company('Казанский Вертолетный Завод')).match);
    // English words written in Cyrillic.
    assert.ok(compare(company('Limited Liability Company Arctic Energies'), company('Общество С Ограниченной Ответственностью Арктик Энерджис')).match);
    assert.equal(compare(company('Joint Stock Company Chelyabinsk Pipe Rolling Plant'), company('Акционерное Общество Самарский Металлургический Завод')).match, false);
  });
});

describe('Belarusian -ій and -ый', () => {
  it('end in i and y as passports write them', () => {
    assert.equal(latinForms('Міхалап Яўгеній Іванавіч')[0], 'Mikhalap Yauheni Ivanavich');
    assert.equal(latinForms('Дзмітрый Лукашэнка')[0], 'Dzmitry Lukashenka');
  });
});

describe('Greek: μπ, ντ, γκ and the foreign names written in Greek', () => {
  it('reads b, d, g at the start of a word and mb, nd, ng inside it, and a second form for foreign names', () => {
    assert.deepEqual(latinForms('Λάμπρος Αντρέας'), ['Lambros Andreas', 'Labros Adreas']);
    assert.equal(latinForms('Αγγέλου')[0], 'Angelou');
    assert.deepEqual(latinForms('Παλνιτσενκο Ιγκορ'), ['Palnitsenko Ingor', 'Palnichenko Igor']);
    assert.equal(latinForms('Μπάρμπαρα')[1], 'Barbara');
  });

  it('meets the romanized listed forms', () => {
    // One OFAC record (us_ofac_sdn-40491): its primary name and its Greek-script name.
    assert.ok(score('Palnychenko Igor', 'Παλνιτσενκο Ιγκορ') >= 0.7);
    assert.ok(score('Barbara Papadopoulou', 'Μπάρμπαρα Παπαδοπούλου') >= 0.7);
    assert.ok(score('Lambros Dimitriou', 'Λάμπρος Δημητρίου') >= 0.7);
  });
});
