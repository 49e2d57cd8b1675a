/**
 * The matching engine on the real lists (OFAC SDN advanced 2025-11-19 and the UN consolidated
 * list): transliteration-robust names, exact identifiers returning the holding party, schema
 * rules, the Korean-syllable rule, birth dates, explanations; and the CLI contract of
 * `vigil screen` and `vigil compare` (JSONL in and out, worker threads, bad lines).
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../src/cli/main.js';
import { importList } from '../src/lists/import.js';
import { ofacAdvancedXml } from '../src/lists/ofac-advanced.js';
import { unXml } from '../src/lists/un-xml.js';
import { DEFAULT_THRESHOLD, ScreeningIndex, compare, screen, type MatchQuery, type ScreenResult } from '../src/match/index.js';
import type { Entity } from '../src/model/index.js';
import { openStore } from '../src/store/index.js';
import { listFile, tempDir } from './helpers.js';

const NOV = listFile('ofac-sdn-advanced', 'sdn_advanced_2025-11-19.xml.gz');
const UN = listFile('un', 'un_consolidated_2026-02-27.xml');

let index: ScreeningIndex;
let entities: Entity[];
const byId = (id: string) => entities.find((e) => e.id === id)!;

before(async () => {
  const ofac = await ofacAdvancedXml.parse([NOV], { dataset: 'us_ofac_sdn' });
  const un = await unXml.parse([UN], { dataset: 'un_sc_sanctions' });
  entities = [...ofac.entities, ...un.entities];
  index = ScreeningIndex.build(entities);
});

function top(query: MatchQuery): ScreenResult | undefined {
  return screen(query, { index })[0];
}

function person(name: string, extra: Record<string, string[]> = {}): MatchQuery {
  return { schema: 'Person', properties: { name: [name], ...extra } };
}

/** Each pair of names of `schema` (persons unless said) compared: a match, or not, as `match` says. */
function assertPairs(pairs: [string, string][], match: boolean, schema = 'Person'): void {
  for (const [a, b] of pairs) {
    const c = compare({ schema, properties: { name: [a] } }, { schema, properties: { name: [b] } });
    assert.equal(c.match, match, `${a} ~ ${b}: ${c.score}`);
  }
}

describe('names across romanizations, scripts and spellings', () => {
  const song = 'us_ofac_sdn-49970';
  for (const name of ['Song Kum Hyok', 'SONG Kum-hyok', 'Kum-hyok Song', 'Song Geum-hyeok', 'Geumhyeok Song', '송금혁', 'song kumhyok']) {
    it(`finds Song Kum Hyok as "${name}"`, () => {
      const r = top(person(name));
      assert.equal(r?.id, song, JSON.stringify(r?.explanation));
      assert.equal(r.match, true);
      assert.ok(r.score >= 0.9, `score ${r.score}`);
    });
  }

  it('finds companies whatever their legal form is called', () => {
    for (const name of ['Asatryan LLC', 'OOO Asatryan', 'Limited Liability Company Asatryan', 'ООО Асатрян']) {
      const r = top({ schema: 'Organization', properties: { name: [name] } });
      assert.equal(r?.id, 'us_ofac_sdn-53820', name);
      assert.equal(r.match, true, name);
    }
  });

  it('reads ordinals and "No." before a number alike, and lets places and generic words added to a name pass', () => {
    // Pairs of one listed body as two lists write it (EU 32017R1509 and the UN list, OFAC a.k.a.s).
    assertPairs(
      [
        ['Second Academy of Natural Sciences', '2ND ACADEMY OF NATURAL SCIENCES'],
        ['Office No. 39', 'Office 39'],
        ['Korea Rungrado General Trading Corporation', 'Rungrado Trading Corporation'],
        ['Daesong Trading', 'Korea Daesong General Trading Corporation'],
        ['Committee for Space Technology', 'Korean Committee for Space Technology'],
        ['UIY Inc', 'UIY Technology Co Ltd'],
        ['S&C Trade Pty Co., Ltd', 'S&C Trade PTY LTD'],
        ['BANCO BANDES URUGUAY S.A.', 'BANDES URUGUAY'],
      ],
      true,
      'Organization',
    );
    // A generic word is never a name by itself; words added on both sides, or in another order, still count.
    assertPairs(
      [
        ['Silver Star Trading', 'Silver Star Shipping'],
        ['Bright Technologies Ltd', 'Technology Bright International Limited'],
        ['Foreign Trade Bank', 'Korea Foreign Trade Bank of Rungrado'],
        ['Second Academy of Natural Sciences', 'Third Academy of Natural Sciences'],
        ['Office No. 39', 'Office No. 38'],
      ],
      false,
      'Organization',
    );
    // A final I is the numeral: two OFAC vessels of different IMO numbers.
    assertPairs([['Marie De Lourdes', 'Marie De Lourdes I']], false, 'Vessel');
  });

  it('finds a person written in Cyrillic and with a misspelt surname', () => {
    assert.equal(top(person('Асатрян Гайк'))?.id, 'us_ofac_sdn-53824');
    const typo = top(person('Gayk Asatrian'));
    assert.equal(typo?.id, 'us_ofac_sdn-53824');
    assert.equal(typo.match, true);
  });

  it('compares a name in Arabic script with its Latin form by consonants, and only then', () => {
    for (const [arabic, latin] of [
      ['دهقان حامد', 'Dehghan Hamed'],
      ['سلیمانی غلامرضا', 'Soleimani Gholamreza'],
      ['محمد عبدالله', 'Mohammed Abdullah'],
      // Two consonants are enough in words of up to eight letters of like length.
      ['اسحقی جمشید', 'Eshaghi Jamshid'],
      ['يحيى جوادي', 'YAHIA DJOUADI'],
    ]) {
      const c = compare(person(arabic!), person(latin!));
      assert.equal(c.match, true, `${arabic} ~ ${latin}: ${c.score}`);
    }
    // Between two Latin names, by consonants only when they are the same letters in the same order.
    const latinOnly = compare(person('Hamid Karimi'), person('Hamed Kazemi'));
    assert.ok(!latinOnly.explanation.name?.aligned.some((a) => a.how === 'consonants'), 'Karimi and Kazemi do not meet by consonants');
    assert.equal(latinOnly.match, false);
  });

  it('lets two Latin spellings of an Arabic name differ in their vowels, but not common names', () => {
    const vowels = compare(person('AL-JUHNI, Abd al-Rahman Zafir'), person('ABDELRAHMAN ZAFIR AL JAHANI'));
    assert.equal(vowels.match, true, `${vowels.score}`);
    assert.ok(vowels.explanation.name?.aligned.some((a) => a.query === 'juhni' && a.candidate === 'jahani' && a.how === 'consonants'));
    // Mahmoud and Mohamed share their consonants, yet are two names.
    const common = compare(person('Mahmoud Hamdan'), person('Mohamed Hamdan'));
    assert.ok(!common.explanation.name?.aligned.some((a) => a.query === 'mahmoud'), JSON.stringify(common.explanation.name?.aligned));
    assert.equal(common.match, false);
  });

  it('meets one East Slavic given name and patronymic across Russian, Ukrainian and Belarusian spellings', () => {
    assertPairs([
      ['Churo, Leanid Mikalaevich', 'Churo, Leonid Nikolaevich'],
      ['SHVENK Inna Volodymyrivna', 'SHVENK Inna Vladimirovna'],
      ['Sukharenka, Stsiapan Mikalayevich', 'Sukhorenko, Stepan Nikolaevich'],
    ], true);
    // A son's patronymic does not meet a daughter's, nor another father's name.
    assert.equal(compare(person('Churo, Leonid Nikolaevich'), person('Churo, Leonid Petrovich')).match, false);
    assert.ok(compare(person('Churo, Anna Nikolaevna'), person('Churo, Anna Mikalaevich')).score < compare(person('Churo, Anna Nikolaevna'), person('Churo, Anna Mikalaeuna')).score);
  });

  it('meets a Slavic family name in its feminine and masculine forms, and first letters that spell one sound', () => {
    assertPairs([
      ['UKHNALYOVA Svetlana', 'UKHNALEV Svetlana'],
      ['Zavadskaya Irina', 'Zavadskiy Irina'],
      ['LORENZANA LIMA Waldemar', 'LORENZANA LIMA Valdemar'],
      ['Guzel Cebrail', 'Guzel Jebrail'],
    ], true);
    // Another given name is still another person; one letter is not a feminine ending.
    assert.equal(compare(person('UKHNALYOVA Svetlana'), person('UKHNALEV Tatyana')).match, false);
    assert.equal(compare(person('Petrova Anna'), person('Petrovan Anna')).score < compare(person('Petrova Anna'), person('Petrov Anna')).score, true);
  });

  it('meets Arabic names whose spellings differ in vowels and digraphs only, and the French ch for ش', () => {
    assert.equal(compare(person('al-Kahlut Hudhayfa Samir'), person('al-Kahlut Hudifah Samir')).match, true);
    assert.equal(compare(person('Othman, Hasan Chehadeh'), person('عثمان حسن شحاده')).match, true);
    assert.equal(compare(person('al-Kahlut Hudhayfa Samir'), person('al-Kahlut Hafiz Samir')).match, false);
    // dh (ذ, ظ) written z, as Persian, Urdu and Turkish spellings do (one OFAC record's two names).
    assert.equal(compare(person('BAHADHIQ, Mahmud'), person('BAHAZIQ, Mahmoud Mohammad Ahmed')).match, true);
    assert.equal(compare(person('Nadhir Ali'), person('Nazir Ali')).match, true);
    assert.equal(compare(person('Nadhir Ali'), person('Nasir Ali')).match, false);
  });

  it('reads the Egyptian gu for jim, the French ch for sh, patronymic stems a letter apart, and a second family name', () => {
    assertPairs([
      ['Sheikh Abd Al-Meguid Al-Zandani', 'AL-ZINDANI, Shaykh Abd-al-Majid'],
      ["Shirri, 'Adil", 'Cherri, Adel Mohamad'],
      ['KRYLLO, Pavel Velerevich', 'Krillo, Pavlo Valeriyovich'],
      ['BARRERA MEDRANO, Nicandro', 'BARRERA MENDOZA, Nicandro'],
    ], true);
    // Another father, another first given name, a one-syllable Chinese surname: still apart.
    assert.equal(compare(person('Ivanov, Pavel Petrovich'), person('Ivanov, Pavel Pavlovich')).match, false);
    assert.equal(compare(person('BARRERA MEDRANO, Nicandro'), person('BARRERA MENDOZA, Jose')).match, false);
    assert.equal(compare(person('Chen Wei'), person('Shen Wei')).match, false);
  });

  it('keeps joined Chinese given names apart when one of their syllables differs', () => {
    assertPairs([
      ['Wang, Dongming', 'Wang, Dongliang'],
      ['Wang Mingming', 'Wang Mingjing'],
    ], false);
    // Wade-Giles and pinyin spell one syllable: "Gen" is a name syllable here, not General.
    assert.equal(compare(person('Huang, Wang Ken'), person('Huang, Wang-gen')).match, true);
    assert.equal(compare(person('Си Цзиньпин'), person('Hsi Chin-ping')).match, true);
    assert.equal(compare(person('Си Цзиньпин'), person('Xi Jinming')).match, false);
    // A typing error in a name that is not pinyin is still a typing error.
    assert.equal(compare(person('Gonzalez, Fernando'), person('Gonzalez, Fernanda')).match, true);
  });

  it('lets one of two family names differ when every given name agrees, but not a given name', () => {
    assert.equal(compare(person('RUEDA MEDINA, Jose Arnoldo'), person('LOPEZ RUEDA, Jose Arnoldo')).match, true);
    assert.equal(compare(person('RUEDA MEDINA, Jose Arnoldo'), person('RUEDA MEDINA, Jose Antonio')).match, false);
    // The article is not a family name in common.
    assert.equal(compare(person('Al-Ghamari, Muhammad Abd Al-Karim'), person('al-Ghazali, Muhammad Abd al-Karim')).match, false);
  });

  it('does not count a "first" given name against a match when the lists disagree on where the given names start', () => {
    // One OFAC record: "Frederico" is a family name in the alias, a given name in the primary.
    assert.equal(compare(person('BARROS, Francisco de Fatima Frederico'), person('BARROS FREDERICO, Lucio Francisco de Fatima')).match, true);
    // Family names in the same place: a first given name more is a son ("Diab, Ali Adel" / "Diab, Adel").
    const son = compare(person('Diab, Ali Adel'), person('Diab, Adel'));
    assert.equal(son.match, false);
    assert.ok(son.explanation.name!.penalties.some((p) => p.reason.startsWith('first given names differ')), JSON.stringify(son.explanation.name));
  });

  it('reads a kunya written family name first ("RUSDAN Abu") as the kunya', () => {
    assert.equal(compare(person('ABU RUSDAN'), person('RUSDAN Abu')).match, true);
    assert.equal(compare(person('Abu Rusdan'), person('RUSDAN, Abu')).match, true);
  });

  it('reads a title after the comma as a title, and joins an article between two words', () => {
    const titled = compare(person('Sheikh Abd Al-Majid Al-Zindani'), person('AL-ZINDANI, Shaykh Abd-al-Majid'));
    assert.ok(!titled.explanation.name?.unmatchedCandidate.includes('shaykh'), JSON.stringify(titled.explanation.name));
    const joined = compare(person('RAMZI MOHAMED ABDULLAH BINALSHIBH'), person('BIN AL SHIBH, Ramzi'));
    assert.ok(joined.explanation.name?.aligned.some((a) => a.query === 'binalshibh' && a.candidate === 'binalshibh'), JSON.stringify(joined.explanation.name?.aligned));
  });

  it('finds DPRK names under Revised Romanization and South Korean surname spellings', () => {
    const r = top(person('Lee Byeong-cheol'));
    assert.ok(r, 'a result');
    assert.match(r.caption, /Ri Pyong Chol|RI PYONG CHUL/i);
    assert.equal(r.match, true);
  });

  it('does not take one different syllable of a Korean name for the same name', () => {
    const c = compare(person('Kim Jong Il'), person('Kim Jong Un'));
    assert.ok(c.score < DEFAULT_THRESHOLD, `score ${c.score}`);
    assert.equal(c.match, false);
    assert.ok(c.explanation.name?.penalties.some((p) => /Korean name/.test(p.reason)));
    const swapped = compare(person('Kim Chol Su'), person('Kim Su Chol'));
    assert.equal(swapped.match, false, `given-name syllables swapped: ${swapped.score}`);
  });

  it('keeps ordinary names that share one word with a listed name below the threshold', () => {
    for (const name of ['John Smith', 'Kim Min-jun', 'Park Ji-woo', 'Mohammed Ali Khan', 'Silver Moon Logistics Company']) {
      const results = screen({ schema: 'LegalEntity', properties: { name: [name] } }, { index });
      assert.ok(results.every((r) => !r.match), `${name}: ${results.map((r) => `${r.caption} ${r.score}`).join('; ')}`);
    }
  });
});

describe('identifiers are exact and name the party that holds them', () => {
  it('returns Cheil Credit Bank for one of its USDT addresses, in any written form', () => {
    const wallet = entities.find((e) => e.schema === 'CryptoWallet' && e.properties.holder?.[0] === 'us_ofac_sdn-22985')!;
    const address = wallet.properties.publicKey![0]!;
    for (const written of [address, `  ${address}\n`, `tron:${address}`]) {
      const results = screen({ schema: 'CryptoWallet', properties: { publicKey: [written] } }, { index });
      assert.equal(results.length, 1, written);
      assert.equal(results[0]!.id, 'us_ofac_sdn-22985');
      assert.equal(results[0]!.score, 1);
      assert.equal(results[0]!.explanation.identifiers[0]?.via, wallet.id);
    }
  });

  it('never matches an address one character away, or with a base58 letter in another case', () => {
    const wallet = entities.find((e) => e.schema === 'CryptoWallet' && e.properties.currency?.[0] === 'XBT' && /^1/.test(e.properties.publicKey![0]!))!;
    const address = wallet.properties.publicKey![0]!;
    const i = address.search(/[a-km-z]/);
    const flipped = address.slice(0, i) + address[i]!.toUpperCase() + address.slice(i + 1);
    const changed = address.slice(0, -1) + (address.endsWith('A') ? 'B' : 'A');
    for (const near of [flipped, changed, address.slice(0, -1)]) {
      assert.deepEqual(screen({ schema: 'CryptoWallet', properties: { publicKey: [near] } }, { index }), [], near);
    }
  });

  it('matches an EVM address in any letter case', () => {
    const wallet = entities.find((e) => e.schema === 'CryptoWallet' && e.properties.currency?.[0] === 'ETH')!;
    const address = wallet.properties.publicKey![0]!;
    const r = top({ schema: 'CryptoWallet', properties: { publicKey: [address.toUpperCase().replace(/^0X/, '0x')] } });
    assert.equal(r?.id, wallet.properties.holder![0]);
  });

  it('finds Song Kum Hyok by his listed email alone, whatever the name', () => {
    const r = top({ schema: 'LegalEntity', properties: { email: [' WANGGE327@yahoo.com '], name: ['Somebody Else'] } });
    assert.equal(r?.id, 'us_ofac_sdn-49970');
    assert.equal(r.score, 1);
    assert.equal(r.explanation.identifiers[0]?.kind, 'email');
    assert.match(r.explanation.summary, /email wangge327@yahoo\.com is listed/);
  });
});

describe('other evidence and rules', () => {
  it('never matches a Person query to a vessel or the other way round', () => {
    const vessel = entities.find((e) => e.schema === 'Vessel' && (e.properties.name?.[0]?.length ?? 0) > 8)!;
    const asPerson = screen(person(vessel.properties.name![0]!), { index });
    assert.ok(asPerson.every((r) => r.schema === 'Person' || r.schema === 'LegalEntity'), 'only persons');
    const asVessel = top({ schema: 'Vessel', properties: { name: [vessel.properties.name![0]!] } });
    assert.equal(asVessel?.id, vessel.id);
    assert.equal(compare(person('Song Kum Hyok'), { schema: 'Vessel', properties: { name: ['Song Kum Hyok'] } }).score, 0);
  });

  it('raises the score for an agreeing birth date and drops it for one a generation away', () => {
    const listed = byId('us_ofac_sdn-49970');
    const plain = compare(person('Song Kum Hyok'), listed).score;
    const agreeing = compare(person('Song Kum Hyk', { birthDate: ['1987'] }), listed);
    assert.ok(agreeing.explanation.features.some((f) => f.feature === 'birthDate' && f.contribution > 0));
    const far = compare(person('Song Kum Hyok', { birthDate: ['1962-03-01'] }), listed);
    assert.ok(far.score < plain && !far.match, `score ${far.score}`);
    assert.match(far.explanation.features.find((f) => f.feature === 'birthDate')!.detail, /25 years apart/);
  });

  it('explains every result: names aligned token by token, each feature with its contribution', () => {
    const r = screen(person('Geumhyeok Song', { birthDate: ['1987-08-30'] }), { index })[0]!;
    const n = r.explanation.name!;
    assert.equal(n.candidate, 'Song Kum Hyok');
    assert.ok(n.aligned.some((a) => a.how === 'phonetic' || a.how === 'exact'));
    assert.ok(n.aligned.some((a) => a.query === 'geumhyeok' && a.candidate === 'kumhyok'), JSON.stringify(n.aligned));
    assert.deepEqual(r.explanation.features.map((f) => f.feature), ['birthDate']);
    assert.match(r.explanation.summary, /name "Geumhyeok Song" ~ name "Song Kum Hyok"/);
  });

  it('limits results to the datasets asked for', () => {
    const un = screen(person('Ri Pyong Chol'), { index, datasets: ['un_sc_sanctions'] });
    assert.ok(un.length > 0 && un.every((r) => r.datasets.includes('un_sc_sanctions')));
  });
});

describe('vigil screen and vigil compare (CLI contract)', () => {
  const tmp = tempDir();
  const dataDir = join(tmp.dir, 'data');
  const run = async (args: string[]) => {
    let out = '';
    let err = '';
    const code = await main(['--data-dir', dataDir, ...args], {
      out: (t) => (out += `${t}\n`),
      err: (t) => (err += `${t}\n`),
      env: { VIGIL_STORE: 'sqlite' },
    });
    return { code, out, err };
  };

  before(async () => {
    const store = await openStore({ kind: 'sqlite', file: join(dataDir, 'vigil.sqlite') });
    await importList(store, { dataset: 'us_ofac_sdn', files: [NOV] });
    await store.close();
  });
  after(() => tmp.cleanup());

  it('screens a JSONL file with worker threads, one output line per input line, in order', async () => {
    const input = join(tmp.dir, 'q.jsonl');
    const lines = [
      { id: 'a', schema: 'Person', properties: { name: ['Kum-hyok Song'], birthDate: ['1987'] } },
      { id: 'b', schema: 'CryptoWallet', properties: { publicKey: ['0x0000000000000000000000000000000000000001'] } },
      { id: 'c', schema: 'LegalEntity', properties: { email: ['wangge327@yahoo.com'] } },
    ];
    const many = Array.from({ length: 150 }, (_, i) => ({ ...lines[i % 3]!, id: `${lines[i % 3]!.id}${i}` }));
    writeFileSync(input, `${many.map((l) => JSON.stringify(l)).join('\n')}\nnot json\n{"id":"x","schema":"Person"}\n`);
    const output = join(tmp.dir, 'r.jsonl');
    const r = await run(['screen', '--input', input, '--output', output, '--workers', '2']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /screened 152 queries .*2 workers\); 2 lines were not valid queries/);
    // No cached index yet for this list version: building it is said before it starts.
    assert.match(r.err, /building the screening index for the lists in force/);
    const out = readFileSync(output, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(out.length, 152);
    assert.deepEqual(out.slice(0, 150).map((o) => o.id), many.map((l) => l.id));
    const first = out[0] as { results: ScreenResult[] };
    assert.equal(first.results[0]!.id, 'us_ofac_sdn-49970');
    assert.equal(first.results[0]!.match, true);
    assert.deepEqual(Object.keys(first.results[0]!).sort(), ['caption', 'datasets', 'explanation', 'id', 'match', 'schema', 'score']);
    assert.deepEqual((out[1] as { results: unknown[] }).results, []);
    assert.equal((out[2] as { results: ScreenResult[] }).results[0]!.id, 'us_ofac_sdn-49970');
    assert.match(String(out[150]!.error), /^line 151: not valid JSON/);
    assert.match(String(out[151]!.error), /^line 152: "properties" must be an object/);
  });

  it('scores labelled pairs with vigil compare', async () => {
    const input = join(tmp.dir, 'p.jsonl');
    writeFileSync(
      input,
      [
        { id: 'same', query: person('Song Geum-hyeok'), candidate: person('Song Kum Hyok') },
        { id: 'other', query: person('Kim Jong Il'), candidate: person('Kim Jong Un') },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
    const output = join(tmp.dir, 's.jsonl');
    const r = await run(['compare', '--input', input, '--output', output]);
    assert.equal(r.code, 0, r.err);
    const [same, other] = readFileSync(output, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; score: number; match: boolean });
    assert.equal(same!.id, 'same');
    assert.equal(same!.match, true);
    assert.equal(other!.match, false);
    assert.ok(same!.score > other!.score);
  });

  it('prints top results with explanations for one name', async () => {
    const r = await run(['screen', 'Song Kum Hyok', '--schema', 'Person', '--dob', '1987']);
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.err, /building the screening index/, 'the batch before cached the index');
    assert.match(r.out, /^1\. Song Kum Hyok {2}\[Person us_ofac_sdn-49970\] {2}score 1\.000 {2}MATCH$/m);
    assert.match(r.out, /birth date 1987 agrees with listed 1987-08-30/);
    assert.match(r.out, /programs CYBER4/);
    const bad = await run(['screen', 'x', '--threshold', '2']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /expected a score between 0 and 1, got "2"/);
  });
});
