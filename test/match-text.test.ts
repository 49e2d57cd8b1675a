/**
 * The text half of the name matcher: folding, name tokens (titles, legal forms), Korean
 * romanization, transliteration of other scripts, and phonetic keys. The Korean and Cyrillic
 * checks run on the real Hangul/Latin and Cyrillic/Latin name pairs that the OFAC 2025-11-19
 * advanced XML documents side by side; the expected Latin is read from the XML here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { isHangul, romanizeHangul, romanizeHangulNames } from '../src/match/korean.js';
import { foldText, nameTokens } from '../src/match/normalize.js';
import { tokenKey } from '../src/match/phonetic.js';
import { latinForms } from '../src/match/translit.js';
import { listFile } from './helpers.js';

const OFAC = listFile('ofac-sdn-advanced', 'sdn_advanced_2025-11-19.xml.gz');

describe('foldText', () => {
  const cases: [string, string][] = [
    ['Song Kum Hyok', 'song kum hyok'],
    ['SONG Kum-hyok', 'song kum hyok'],
    ["Cho'ng", 'chong'],
    ["O'Brien", 'obrien'],
    ["Cho 'n Myo 'ng-kuk", 'chon myong kuk'],
    ["Hasan 'Ali", 'hasan ali'],
    ['Cho’ng Ri', 'chong ri'],
    ['Hawaiʻi', 'hawaii'],
    ['`Abd', 'abd'],
    ['  Müller,   Jürgen ', 'muller jurgen'],
    ['Straße', 'strasse'],
    ['Ærø Œuvre', 'aero oeuvre'],
    ['Søren Đorđević Łukasz Þór', 'soren dordevic lukasz thor'],
    ['İstanbul Kırıkkale', 'istanbul kirikkale'],
    ['L.L.C.', 'l l c'],
    ['Co.,Ltd.', 'co ltd'],
    ['ASATRYAN "FORTUNA" LLC', 'asatryan fortuna llc'],
    ['Ｆｕｌｌ　Ｗｉｄｔｈ', 'full width'],
    ['Jean-Pierre Nguyễn', 'jean pierre nguyen'],
    ['Agent #7 & Co.', 'agent 7 co'],
    ['Hyok/Hyeok (a.k.a.)', 'hyok hyeok a k a'],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} -> ${JSON.stringify(expected)}`, () => assert.equal(foldText(input), expected));
  }

  it('keeps other scripts, lower-cased, and keeps the letters that carry their marks', () => {
    assert.equal(foldText('ЕВГЕНИЙ Хотимский'), 'евгений хотимский'); // й stays й
    assert.equal(foldText('Ёлкин'), 'елкин');
    assert.equal(foldText('Її'), 'її');
    assert.equal(foldText('송금혁'), '송금혁'); // Hangul recomposed after NFD
    assert.equal(foldText('ガギ'), 'ガギ'); // kana voicing marks kept
    assert.equal(foldText('مُحَمَّد'), 'محمد'); // harakat dropped
    assert.equal(foldText('金正恩'), '金正恩');
  });

  it('is empty for text without letters or digits', () => {
    assert.equal(foldText(''), '');
    assert.equal(foldText(' .,;- '), '');
  });
});

describe('nameTokens: organisations and legal forms', () => {
  const org = (name: string) => nameTokens(name, 'organization');

  it('gives one compare form for every spelling of a limited liability company', () => {
    for (const name of [
      'Asatryan Limited Liability Company',
      'ASATRYAN LLC',
      'Asatryan L.L.C.',
      'Asatryan, L.L.C',
      'OOO Asatryan',
      'O.O.O. Asatryan',
      'ООО Asatryan',
      'Limited Liability Company Asatryan',
      'Obshchestvo s Ogranichennoy Otvetstvennostyu Asatryan',
      'OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTIU ASATRYAN',
      'Obshestvo s Ogranichennoi Otvetstvennostyu Asatryan',
      'TOV Asatryan',
      'Tovarystvo z Obmezhenoyu Vidpovidalnistyu Asatryan',
    ]) {
      assert.deepEqual(org(name), { tokens: ['asatryan'], legalForms: ['llc'], titles: [] }, name);
    }
  });

  const groups: [string, string[], string[]][] = [
    ['ltd', ['Fortuna Ltd', 'Fortuna Ltd.', 'Fortuna Limited', 'Fortuna Company Limited', 'Fortuna Co Ltd', 'Fortuna Co., Ltd.', 'Fortuna CO.,LTD'], ['ltd']],
    ['corp', ['Fortuna Corp', 'Fortuna Corp.', 'Fortuna Corporation'], ['corp']],
    ['inc', ['Fortuna Inc', 'Fortuna, Inc.', 'Fortuna Incorporated'], ['inc']],
    [
      'jsc',
      [
        'JSC Fortuna',
        'AO Fortuna',
        'OAO Fortuna',
        'ZAO Fortuna',
        'PAO Fortuna',
        'PJSC Fortuna',
        'CJSC Fortuna',
        'OJSC Fortuna',
        'Joint Stock Company Fortuna',
        'Joint-Stock Company Fortuna',
        'Public Joint Stock Company Fortuna',
        'Closed Joint Stock Company Fortuna',
        'Open Joint-Stock Company Fortuna',
        'Aktsionernoe Obshchestvo Fortuna',
        'Publichnoe Aktsionernoe Obshchestvo Fortuna',
        'Zakrytoe Aktsionernoe Obshchestvo Fortuna',
      ],
      ['jsc'],
    ],
    ['co', ['Fortuna Co', 'Fortuna Co.', 'Fortuna Company'], ['co']],
    ['plc', ['Fortuna PLC', 'Fortuna p.l.c.', 'Fortuna Public Limited Company'], ['plc']],
    ['gmbh', ['Fortuna GmbH', 'Fortuna G.m.b.H.', 'Fortuna Gesellschaft mit beschränkter Haftung'], ['gmbh']],
    ['ag', ['Fortuna AG', 'Fortuna A.G.', 'Fortuna Aktiengesellschaft'], ['ag']],
    ['sa', ['Fortuna SA', 'Fortuna S.A.', 'Fortuna Sociedad Anónima', 'Fortuna Société Anonyme'], ['sa']],
    ['sarl', ['Fortuna SARL', 'Fortuna S.A.R.L.', 'Fortuna S.à r.l.'], ['sarl']],
    ['bv', ['Fortuna BV', 'Fortuna B.V.'], ['bv']],
    ['nv', ['Fortuna NV', 'Fortuna N.V.'], ['nv']],
    ['spa', ['Fortuna SpA', 'Fortuna S.p.A.'], ['spa']],
    ['srl', ['Fortuna SRL', 'Fortuna S.R.L.'], ['srl']],
    ['llp', ['Fortuna LLP', 'Fortuna L.L.P.', 'Fortuna Limited Liability Partnership'], ['llp']],
    ['lp', ['Fortuna LP', 'Fortuna L.P.', 'Fortuna Limited Partnership'], ['lp']],
    ['pte ltd', ['Fortuna Pte Ltd', 'Fortuna Pte. Ltd.', 'Fortuna PTE LIMITED', 'Fortuna Private Limited'], ['pte', 'ltd']],
    ['sdn bhd', ['Fortuna Sdn Bhd', 'Fortuna Sdn. Bhd.', 'Fortuna Sendirian Berhad'], ['sdn bhd']],
    ['fze', ['Fortuna FZE', 'Fortuna F.Z.E.'], ['fze']],
    ['fzco', ['Fortuna FZCO'], ['fzco']],
    ['fzc', ['Fortuna FZC'], ['fzc']],
    ['kg', ['Fortuna KG'], ['kg']],
    ['as', ['Fortuna AS', 'Fortuna A/S'], ['as']],
    ['ab', ['Fortuna AB'], ['ab']],
    ['oy', ['Fortuna Oy'], ['oy']],
    ['kft', ['Fortuna Kft', 'Fortuna Kft.'], ['kft']],
    ['zrt', ['Fortuna Zrt'], ['zrt']],
    ['doo', ['Fortuna d.o.o.', 'Fortuna DOO'], ['doo']],
    ['dd', ['Fortuna d.d.'], ['dd']],
  ];
  for (const [label, names, forms] of groups) {
    it(`folds every spelling of ${label} to ${JSON.stringify(forms)}`, () => {
      for (const name of names) assert.deepEqual(org(name), { tokens: ['fortuna'], legalForms: forms, titles: [] }, name);
    });
  }

  it('finds forms inside the name and keeps the rest in order', () => {
    assert.deepEqual(org('Yanbian Silverstar Network Technology Co., Ltd.').tokens, ['yanbian', 'silverstar', 'network', 'technology']);
    assert.deepEqual(org('Korea Songkwang Trading General Corporation'), {
      tokens: ['korea', 'songkwang', 'trading', 'general'],
      legalForms: ['corp'],
      titles: [],
    });
    assert.deepEqual(org('Hapag GmbH & Co. KG'), { tokens: ['hapag'], legalForms: ['gmbh', 'kg'], titles: [] });
    assert.deepEqual(org('PJSC Sberbank of Russia').tokens, ['sberbank', 'of', 'russia']);
  });

  it('does not strip a legal-form word that is the only token', () => {
    assert.deepEqual(org('Limited'), { tokens: ['limited'], legalForms: [], titles: [] });
    assert.deepEqual(org('Company'), { tokens: ['company'], legalForms: [], titles: [] });
  });

  it('keeps numbers, and reads initials as one acronym', () => {
    assert.deepEqual(org('Arctic LNG 2 LLC').tokens, ['arctic', 'lng', '2']);
    assert.deepEqual(org('A B Trading').tokens, ['ab', 'trading']);
    assert.deepEqual(org('J.P. Morgan Trading').tokens, ['jp', 'morgan', 'trading']);
    assert.deepEqual(org('A.B.C. Company'), { tokens: ['abc'], legalForms: ['co'], titles: [] });
    assert.deepEqual(org('X Trading, S.A. de C.V.'), { tokens: ['x', 'trading'], legalForms: ['sa'], titles: [] });
  });

  it('writes out abbreviated business words, and leaves Telecom a word of its own', () => {
    assert.deepEqual(org('Korea Kwangson Bkg Corp'), { tokens: ['korea', 'kwangson', 'banking'], legalForms: ['corp'], titles: [] });
    assert.deepEqual(org('Tanchon Coml Bank').tokens, ['tanchon', 'commercial', 'bank']);
    assert.deepEqual(org('Korea Ansan Shpg Co').tokens, ['korea', 'ansan', 'shipping']);
    // China Telecom Corporation Limited and China Telecommunications Corporation are two listed parties.
    assert.deepEqual(org('China Telecom Corporation Limited').tokens, ['china', 'telecom']);
  });

  it('leaves legal forms alone in a person name or a vessel name', () => {
    assert.deepEqual(nameTokens('Ltd Fortuna', 'other').tokens, ['ltd', 'fortuna']);
    assert.deepEqual(nameTokens('Sa Kim', 'person').tokens, ['sa', 'kim']);
  });
});

describe('nameTokens: persons and titles', () => {
  const person = (name: string) => nameTokens(name, 'person');

  it('drops honorifics and titles and returns them', () => {
    assert.deepEqual(person('Dr. John Smith'), { tokens: ['john', 'smith'], legalForms: [], titles: ['dr'] });
    assert.deepEqual(person('Mr Song Kum Hyok'), { tokens: ['song', 'kum', 'hyok'], legalForms: [], titles: ['mr'] });
    assert.deepEqual(person('Haji Khairullah Haji Sattar').tokens, ['khairullah', 'sattar']);
    assert.deepEqual(person('Sheikh Mohammed bin Rashid').tokens, ['mohammed', 'bin', 'rashid']);
    assert.deepEqual(person('Mullah Mohammad Omar').titles, ['mullah']);
    assert.deepEqual(person('General Kim Yong Chol'), { tokens: ['kim', 'yong', 'chol'], legalForms: [], titles: ['general'] });
    assert.deepEqual(person('Lt. Col. Ivan Petrov').titles, ['lt', 'col']);
  });

  it('treats generational suffixes as titles', () => {
    assert.deepEqual(person('SMITH, John Jr.'), { tokens: ['smith', 'john'], legalForms: [], titles: ['jr'] });
    assert.deepEqual(person('John Smith Sr').titles, ['sr']);
    assert.deepEqual(person('John Smith III').tokens, ['john', 'smith']);
    assert.deepEqual(person('Henry Ford II').titles, ['ii']);
  });

  it('keeps title words that are names when they do not lead the name', () => {
    assert.deepEqual(person('John Major').tokens, ['john', 'major']);
    assert.deepEqual(person('Ali Imam').tokens, ['ali', 'imam']);
  });

  it('keeps everything when only titles are left', () => {
    assert.deepEqual(person('Mr'), { tokens: ['mr'], legalForms: [], titles: [] });
  });

  it('keeps initials and reads "LAST, First" as plain tokens', () => {
    assert.deepEqual(person('KIM, Jong-un').tokens, ['kim', 'jong', 'un']);
    assert.deepEqual(person('J. R. R. Tolkien').tokens, ['j', 'r', 'r', 'tolkien']);
  });
});

describe('Korean romanization', () => {
  it('romanizes 송금혁 in the OFAC MR style and in Revised Romanization', () => {
    assert.deepEqual(romanizeHangul('송금혁'), { mr: 'Song Kum Hyok', rr: 'Song Geumhyeok' });
  });

  it('writes the DPRK family-name forms and the usual South Korean spellings', () => {
    assert.deepEqual(romanizeHangulNames('리창호'), { mr: 'Ri Chang Ho', rr: 'I Changho', common: 'Lee Changho' });
    assert.deepEqual(romanizeHangulNames('이순신'), { mr: 'Ri Sun Sin', rr: 'I Sunsin', common: 'Lee Sunsin' });
    assert.deepEqual(romanizeHangulNames('박정천'), { mr: 'Pak Jong Chon', rr: 'Bak Jeongcheon', common: 'Park Jeongcheon' });
    assert.deepEqual(romanizeHangulNames('최은혁'), { mr: 'Choe Un Hyok', rr: 'Choe Eunhyeok', common: 'Choi Eunhyeok' });
    assert.deepEqual(romanizeHangulNames('노광철'), { mr: 'Ro Kwang Chol', rr: 'No Gwangcheol', common: 'Noh Gwangcheol' });
    assert.deepEqual(romanizeHangulNames('김정은'), { mr: 'Kim Jong Un', rr: 'Gim Jeongeun', common: 'Kim Jeongeun' });
    assert.equal(romanizeHangul('정성화').rr, 'Jeong Seonghwa');
    assert.equal(romanizeHangulNames('정성화').common, 'Chung Seonghwa');
    assert.equal(romanizeHangul('류경').rr, 'Yu Gyeong');
    assert.equal(romanizeHangul('남궁민수').mr, 'Namgung Min Su');
  });

  it('follows MR: aspirates with h, voicing inside a given name, initial R', () => {
    assert.equal(romanizeHangul('장성택').mr, 'Jang Song Thaek');
    assert.equal(romanizeHangul('김수길').mr, 'Kim Su Gil'); // voiced after a vowel, as OFAC writes it
    assert.equal(romanizeHangul('황길수').mr, 'Hwang Kil Su');
    assert.equal(romanizeHangul('최룡해').mr, 'Choe Ryong Hae');
    assert.equal(romanizeHangul('김평일').mr, 'Kim Phyong Il');
  });

  it('romanizes names written in parts and company names word by word', () => {
    assert.equal(romanizeHangul('정 성화').mr, 'Jong Song Hwa');
    assert.equal(romanizeHangul('최 은 혁').mr, 'Choe Un Hyok');
    assert.equal(romanizeHangul('조선승리산무역회사').mr, 'Josonsungnisanmuyokhoesa');
    assert.equal(romanizeHangul('합장강무역회사').mr, 'Hapjanggangmuyokhoesa');
  });

  it('recognises Hangul text', () => {
    assert.equal(isHangul('송금혁'), true);
    assert.equal(isHangul('정 성화'), true);
    assert.equal(isHangul('Song 금혁'), false);
    assert.equal(isHangul('金正恩'), false);
    assert.equal(isHangul('123'), false);
  });
});

describe('latinForms', () => {
  it('returns a Latin name as it is', () => {
    assert.deepEqual(latinForms('Song Kum Hyok'), ['Song Kum Hyok']);
    assert.deepEqual(latinForms('Jürgen Müller'), ['Jürgen Müller']);
    assert.deepEqual(latinForms(''), []);
  });

  it('gives MR, RR and the passport family name for Hangul', () => {
    assert.deepEqual(latinForms('송금혁'), ['Song Kum Hyok', 'Song Geumhyeok']);
    assert.deepEqual(latinForms('박정천'), ['Pak Jong Chon', 'Bak Jeongcheon', 'Park Jeongcheon']);
  });

  it('gives pinyin with the family name apart and the given name joined and spaced, then Wade-Giles, the Korean and the Cantonese reading', () => {
    assert.deepEqual(latinForms('金正恩'), ['Jin Zhengen', 'Jin Zheng En', 'Chin Cheng En', 'Kim Jong Un', 'Kam Ching Yan']);
    assert.deepEqual(latinForms('王 国英'), ['Wang Guoying', 'Wang Guo Ying', 'Wang Kuo Ying', 'Wang Kuk Yong', 'Wong Kwok Ying']);
    assert.deepEqual(latinForms('欧阳修'), ['Ouyang Xiu', 'Ouyang Hsiu', 'Auyeung Sau']);
    assert.equal(latinForms('曾国藩')[0], 'Zeng Guofan'); // family-name reading, not "ceng"
  });

  it('gives the usual Russian renderings', () => {
    const forms = latinForms('Евгений');
    for (const f of ['Evgeniy', 'Yevgeniy', 'Evgeny', 'Evgenii']) assert.ok(forms.includes(f), `${f} in ${forms.join(', ')}`);
    assert.ok(latinForms('Хотимский Сергей Владимирович').includes('Khotimskiy Sergey Vladimirovich'));
    assert.ok(latinForms('Наталья Юрьевна').includes('Natalya Yuryevna'));
    assert.ok(latinForms('Елена Жукова').includes('Yelena Zhukova'));
    assert.ok(latinForms('Ёлкин').includes('Yolkin'));
    assert.ok(latinForms('Ёлкин').includes('Elkin'));
    assert.ok(latinForms('Белый').includes('Bely'));
  });

  it('reads Ukrainian and Belarusian in their own systems first', () => {
    assert.equal(latinForms('Колєда Марiя Василiвна')[0], 'Koleda Mariya Vasylivna'); // with a Latin i inside
    assert.ok(latinForms('Олег Сергійович').some((f) => f === 'Oleh Serhiyovych'));
    assert.equal(latinForms('Аляксандр Рыгоравіч')[0], 'Aliaksandr Ryhoravich');
  });

  it('spells frequent Arabic name words the usual way', () => {
    assert.deepEqual(latinForms('محمد').slice(0, 2), ['Muhammad', 'Mohammed']);
    assert.equal(latinForms('عبد الله')[0], 'Abdullah');
    assert.equal(latinForms('عبدالله')[0], 'Abdullah');
    assert.ok(latinForms('عبد الله').includes('Abd Allah'));
    assert.equal(latinForms('أحمد علي حسن')[0], 'Ahmad Ali Hasan');
    assert.equal(latinForms('عبد الرحمن')[0], 'Abd al-Rahman');
    assert.equal(latinForms('حسين')[0], 'Husayn');
    assert.equal(latinForms('الأسد')[0], 'al-Asad'); // an unknown word: vowel letters and a guess
  });

  it('uses any-ascii for Greek, Armenian and Georgian', () => {
    assert.deepEqual(latinForms('Ασατριάν'), ['Asatrian']);
    assert.deepEqual(latinForms('Παπαδόπουλος'), ['Papadopoulos']);
    assert.deepEqual(latinForms('Ասատրյան'), ['Asatryan']);
    assert.deepEqual(latinForms('ჯუღაშვილი'), ['Jughashvili']);
  });

  it('handles each word of a mixed-script name by its script', () => {
    assert.deepEqual(latinForms('Ivan Петров'), ['Ivan Petrov']);
    // "금혁" alone reads as family name 금 + given name 혁
    assert.deepEqual(latinForms('Song 금혁').slice(0, 2).map((f) => foldText(f)), ['song kum hyok', 'song geum hyeok']);
    assert.deepEqual(latinForms('Kim 正恩'), ['Kim Zheng En', 'Kim Cheng En', 'Kim Jong Un', 'Kim Ching Yan']);
  });

  it('returns at most four forms, without duplicates', () => {
    for (const name of ['Евгений Юрьевич', 'Колєда Марiя', '최은혁', 'محمد عبد الله']) {
      const forms = latinForms(name);
      assert.ok(forms.length >= 1 && forms.length <= 4, name);
      assert.equal(new Set(forms).size, forms.length, name);
    }
  });
});

describe('tokenKey', () => {
  const mustEqual: string[] = [
    // Korean (domain.md section 3)
    'kum geum keum',
    'hyok hyeok',
    'chol cheol chul',
    'jong jeong chong chung jung',
    'song seong sung',
    'un eun',
    'yong yeong',
    'myong myeong',
    'sok seok',
    'kwang gwang',
    'kyong gyeong kyung',
    'kil gil',
    'pyong byeong phyong',
    'tok deok',
    'thaek taek',
    'kim gim',
    'ri rhee lee yi i li',
    'pak park bak',
    'choe choi chwe',
    'ryu yu yoo',
    'rim lim im',
    'ko go',
    'kang gang',
    'sin shin',
    'yun yoon',
    'o oh',
    'u woo',
    'mun moon',
    'jo cho',
    'paek baek',
    'pyon byeon',
    'thae tae',
    'chon jeon',
    'hyon hyeon',
    'so seo',
    'kumhyok geumhyeok',
    'mingyu minkyu',
    'jongun jeongeun',
    // Russian
    'yevgeniy evgeny evgenii evgeniy',
    'aleksandr alexander aleksander',
    'sergey sergei sergiy',
    'andrey andrei',
    'vitaliy vitaly vitalii',
    'yuriy yury yuri iurii',
    'ivanovich ivanovych',
    'khasan hasan',
    'mikhail mihail',
    'nikolayevich nikolaevich',
    'mikhaylovich mikhailovich',
    'yuryevich yurievich',
    'alekseyevich alekseevich',
    'yelena elena',
    'mariya maria mariia',
    'bezdudniy bezdudnyy bezdudny',
    'filippov filipov',
    'shchukin schukin',
    'fyodor fedor',
    // Arabic
    'muhammad mohammed mohamed mohammad muhammed mohamad',
    'abdul abdel abdal abd',
    'al el',
    'abdulrahman abdelrahman abdalrahman abdurrahman',
    'abdullah abdallah abdulla abdellah',
    'husayn hussein husain hossein hussain',
    'yusuf yousef youssef yousuf',
    'osama usama',
    'omar umar',
    'ahmad ahmed',
    'mahmud mahmoud',
  ];
  const mustDiffer: string[] = [
    'kim kum',
    'jong jang',
    'un il',
    'chol chil',
    'song sang',
    'ri ra',
    'pak puk',
    'pak paek',
    'ivan ivana', // different given names; the string metric still sees them as close
    'jamal kamal',
    'hasan husayn',
    'sergey sergeyev',
    'kim kimberly',
    'smith schmidt',
    'trading trade',
    'bank bang', // a final "ng" keeps its g
    'kang kan',
    'a b',
    'k c',
  ];

  for (const group of mustEqual) {
    it(`equal: ${group}`, () => {
      const keys = group.split(' ').map(tokenKey);
      assert.equal(new Set(keys).size, 1, keys.join(', '));
    });
  }
  for (const group of mustDiffer) {
    it(`different: ${group}`, () => {
      const keys = group.split(' ').map(tokenKey);
      assert.equal(new Set(keys).size, keys.length, keys.join(', '));
    });
  }

  it('is deterministic and leaves numbers and other scripts as they are', () => {
    assert.equal(tokenKey('hyeok'), tokenKey('hyeok'));
    assert.equal(tokenKey('2'), '2');
    assert.equal(tokenKey('евгений'), 'евгений');
    assert.equal(tokenKey(''), '');
  });
});

// ---------------------------------------------------------------------------------------------
// Real pairs from the OFAC advanced XML

interface Pair {
  script: string;
  native: string;
  latin: string;
}

/**
 * Per alias, each documented name in a non-Latin script paired with the alias's Latin name, for
 * individuals (PartySubTypeID 4). Script codes come from the file's own ReferenceValueSets.
 */
function ofacPersonPairs(xml: string): Pair[] {
  const scripts = new Map<string, string>();
  for (const m of xml.matchAll(/<Script ID="(\d+)" ScriptCode="([^"]+)"/g)) scripts.set(m[1]!, m[2]!);
  const latinId = [...scripts].find(([, code]) => code === 'Latin')?.[0];
  const pairs: Pair[] = [];
  const nonLatin = new RegExp(`ScriptID="(?!${latinId}")`);
  for (const party of xml.matchAll(/<DistinctParty\b[\s\S]*?<\/DistinctParty>/g)) {
    const block = party[0];
    if (!nonLatin.test(block) || !/<Profile [^>]*PartySubTypeID="4"/.test(block)) continue;
    for (const alias of block.matchAll(/<Alias\b[\s\S]*?<\/Alias>/g)) {
      const names = [...alias[0].matchAll(/<DocumentedName\b[\s\S]*?<\/DocumentedName>/g)].map((d) => {
        const parts = [...d[0].matchAll(/<NamePartValue[^>]*ScriptID="(\d+)"[^>]*>([^<]*)</g)];
        return { script: scripts.get(parts[0]?.[1] ?? '') ?? '', text: parts.map((p) => p[2]!).join(' ') };
      });
      const latin = names.find((n) => n.script === 'Latin');
      if (!latin) continue;
      for (const n of names) if (n.script !== 'Latin') pairs.push({ script: n.script, native: n.text, latin: latin.text });
    }
  }
  return pairs;
}

const sortedTokens = (name: string) => nameTokens(name, 'person').tokens.sort().join(' ');
const sortedKeys = (name: string) => nameTokens(name, 'person').tokens.map(tokenKey).sort().join(' ');

describe('the OFAC 2025-11-19 name pairs', () => {
  let pairs: Pair[] = [];
  before(() => {
    pairs = ofacPersonPairs(gunzipSync(readFileSync(OFAC)).toString('utf8'));
  });

  it('MR romanization of the Hangul names gives the listed Latin names (>= 90%)', (t) => {
    const korean = pairs.filter((p) => p.script === 'Hang' || p.script === 'Korean');
    assert.ok(korean.length >= 30, `only ${korean.length} Korean pairs`);
    const misses: string[] = [];
    for (const p of korean) {
      const { mr } = romanizeHangul(p.native);
      const same = sortedTokens(mr) === sortedTokens(p.latin) || sortedKeys(mr) === sortedKeys(p.latin);
      if (!same) misses.push(`${p.native} -> ${mr} (listed ${p.latin})`);
    }
    const share = (korean.length - misses.length) / korean.length;
    t.diagnostic(`Korean MR: ${korean.length - misses.length}/${korean.length} = ${(share * 100).toFixed(1)}%`);
    for (const m of misses) t.diagnostic(`miss: ${m}`);
    assert.ok(share >= 0.9, misses.join('; '));
    // The designation the product was built around.
    assert.ok(korean.some((p) => p.native === '정 성화' && p.latin === 'Jong Song Hwa'));
  });

  it('one of the Latin forms of each Cyrillic name matches the listed Latin name by key (>= 90%)', (t) => {
    const cyrillic = pairs.filter((p) => p.script === 'Cyrl');
    assert.ok(cyrillic.length >= 1500, `only ${cyrillic.length} Cyrillic pairs`);
    let hits = 0;
    const misses: string[] = [];
    for (const p of cyrillic) {
      const listed = sortedKeys(p.latin);
      if (latinForms(p.native).some((f) => sortedKeys(f) === listed)) hits++;
      else misses.push(`${p.native} -> ${latinForms(p.native).join(' / ')} (listed ${p.latin})`);
    }
    const share = hits / cyrillic.length;
    t.diagnostic(`Cyrillic: ${hits}/${cyrillic.length} = ${(share * 100).toFixed(1)}%`);
    for (const m of misses.slice(0, 10)) t.diagnostic(`miss: ${m}`);
    assert.ok(share >= 0.9);
  });

  it('the pinyin of the Chinese names matches the listed Latin name by key (>= 80% simplified)', (t) => {
    const chinese = pairs.filter((p) => p.script === 'Hans');
    assert.ok(chinese.length >= 100);
    const hits = chinese.filter((p) => latinForms(p.native).some((f) => sortedKeys(f) === sortedKeys(p.latin))).length;
    t.diagnostic(`Chinese (simplified): ${hits}/${chinese.length} = ${((hits / chinese.length) * 100).toFixed(1)}%`);
    assert.ok(hits / chinese.length >= 0.8);
  });
});
