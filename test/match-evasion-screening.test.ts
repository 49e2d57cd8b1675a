/**
 * Screening that cannot be evaded (issue 12), on the real OFAC SDN 2025-11-19 list: look-alike
 * letters, invisible characters, digits for letters, birth dates in the formats people type,
 * Korean and Chinese names in Russian Cyrillic, same-script comparison, and the organisation and
 * person rules that keep ordinary names from alerting. Each normalisation says what it did.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ofacAdvancedXml } from '../src/lists/ofac-advanced.js';
import { ScreeningIndex, compare, prepareQuery, screen, screenLine, screenPrepared, type MatchQuery, type ScreenResult } from '../src/match/index.js';
import { FLOOR_MASS_CAP, gatherFloor } from '../src/match/screening-index.js';
import { euJournalCsv } from '../src/lists/eu-journal-csv.js';
import type { Entity } from '../src/model/index.js';
import { listFile } from './helpers.js';

const NOV = listFile('ofac-sdn-advanced', 'sdn_advanced_2025-11-19.xml.gz');
const SONG_KUM_HYOK = 'us_ofac_sdn-49970'; // born 1987-08-30
const KIM_JONG_UN = 'us_ofac_sdn-20157';

let index: ScreeningIndex;
let ofacEntities: Entity[];

before(async () => {
  const ofac = await ofacAdvancedXml.parse([NOV], { dataset: 'us_ofac_sdn' });
  ofacEntities = ofac.entities;
  index = ScreeningIndex.build(ofac.entities);
});

function person(name: string, extra: Record<string, string[]> = {}): MatchQuery {
  return { schema: 'Person', properties: { name: [name], ...extra } };
}

function hit(query: MatchQuery, id: string): ScreenResult | undefined {
  return screen(query, { index }).find((r) => r.id === id && r.match);
}

describe('evasions are undone, the same way in the index and the query, and said', () => {
  it('finds Song Kum Hyok written with Cyrillic and Greek look-alike letters, and says the name mixes scripts', () => {
    for (const name of ['Sоng Kum Hyоk', 'Ѕong Kum Hyok', 'Song Κum Hyok', 'SONG KUM HYΟK']) {
      const r = hit(person(name), SONG_KUM_HYOK);
      assert.ok(r, name);
      assert.ok(r.explanation.notes?.some((n) => /look-alike/i.test(n)), JSON.stringify(r.explanation.notes));
      assert.ok(r.explanation.notes?.some((n) => /mixes scripts/.test(n)));
    }
  });

  it('finds him with zero-width characters, soft hyphens and word joiners inside the words', () => {
    for (const name of ['So\u200bng Kum Hyok', 'Song Ku\u00adm Hy\u2060ok', '\ufeffSong\u200d Kum\u200c Hyok']) {
      const r = hit(person(name), SONG_KUM_HYOK);
      assert.ok(r, JSON.stringify(name));
      assert.ok(r.explanation.notes?.some((n) => /invisible/.test(n)));
    }
  });

  it('finds names with letters written as digits, and full-width letters', () => {
    assert.ok(hit(person('S0ng Kum Hy0k'), SONG_KUM_HYOK));
    assert.ok(hit(person('K1m J0ng Un'), KIM_JONG_UN));
    assert.ok(hit(person('Ｓｏｎｇ Ｋｕｍ Ｈｙｏｋ'), SONG_KUM_HYOK));
  });

  it('reads the birth dates people type; an unreadable one is said and never counts against the match', () => {
    for (const dob of ['30/08/1987', '30.08.1987', '30 Aug 1987', 'Aug 30, 1987', 'August 30th, 1987', '1987-08-30']) {
      const r = hit(person('Song Kum Hyok', { birthDate: [dob] }), SONG_KUM_HYOK);
      assert.ok(r, dob);
      assert.ok(r.explanation.features.some((f) => f.feature === 'birthDate' && f.contribution > 0), `${dob}: ${r.explanation.summary}`);
    }
    const unread = hit(person('Song Kum Hyok', { birthDate: ['sometime in the eighties'] }), SONG_KUM_HYOK);
    assert.ok(unread);
    assert.equal(unread.score, 1);
    assert.ok(unread.explanation.notes?.some((n) => /not understood/.test(n) && /sometime in the eighties/.test(n)));
    const ambiguous = hit(person('Song Kum Hyok', { birthDate: ['08/07/1987'] }), SONG_KUM_HYOK);
    assert.ok(ambiguous, 'an ambiguous day and month keep the year, which agrees');
    assert.ok(ambiguous.explanation.notes?.some((n) => /ambiguous/.test(n)));
    // A readable date that is wrong still counts against.
    const wrong = screen(person('Song Kum Hyok', { birthDate: ['14 May 1950'] }), { index }).find((r) => r.id === SONG_KUM_HYOK);
    assert.ok(!wrong || wrong.score < 1);
  });
});

describe('what was not understood is said, even when nothing matches', () => {
  it('puts the query notes on the batch output line and on the prepared query, with or without results', () => {
    const line = JSON.stringify({ id: 'q1', schema: 'Person', properties: { name: ['Zzyzx Qwrtp'], birthDate: ['31/02/1990'] } });
    const out = JSON.parse(screenLine(index, line, 1, {}).text) as { id: string; results: unknown[]; notes?: string[] };
    assert.deepEqual(out.results, []);
    assert.ok(out.notes?.some((n) => /not understood/.test(n) && /31\/02\/1990/.test(n)), JSON.stringify(out.notes));
    assert.deepEqual(prepareQuery(person('Song Kum Hyok')).notes, []);
    assert.ok(prepareQuery(person('So\u200bng Kum Hyok')).notes.some((n) => /invisible/.test(n)));
  });
});

describe('Korean and Chinese names in Russian Cyrillic, and names in one script compared in it', () => {
  it('finds DPRK persons written in Kontsevich or as Russian media write them', () => {
    assert.ok(hit(person('Сон Гым Хёк'), SONG_KUM_HYOK));
    assert.ok(hit(person('Ким Чен Ын'), KIM_JONG_UN));
    assert.ok(hit(person('Ким Чон Ын'), KIM_JONG_UN));
  });

  it('finds a Kontsevich name read many ways when more Korean names are listed (the EU DPRK annex beside OFAC)', async () => {
    const eu = await euJournalCsv.parse([listFile('eu', 'eu_journal_consolidated_32017R1509.csv')], { dataset: 'eu_dprk_annex' });
    const both = ScreeningIndex.build([...ofacEntities, ...eu.entities]);
    // Seven readings of "Чон Ён Гын" file their keys together; 30% of them all is more than a party
    // holding one reading shares, so the floor is taken of a capped mass (gatherFloor).
    const query = prepareQuery(person('Чон Ён Гын'));
    assert.ok(query.names.length >= 5, `${query.names.length} readings`);
    const found = screen(person('Чон Ён Гын'), { index: both }).find((r) => r.id === 'us_ofac_sdn-48262');
    assert.equal(found?.match, true, 'Jon Yun Gun');
    assert.equal(gatherFloor(10), 3);
    assert.equal(gatherFloor(1000), gatherFloor(FLOOR_MASS_CAP));
  });

  it('compares two Hangul or two Han names as written: 김종은 is not 김정은, 高石 is not 高市', () => {
    const korean = compare(person('김종은'), person('김정은'));
    assert.equal(korean.match, false, String(korean.score));
    assert.equal(korean.explanation.name?.sameScript, 'Hang');
    assert.equal(compare(person('김정은'), person('김 정은')).match, true);
    assert.equal(compare(person('高石'), person('高市')).match, false);
    // Across scripts the romanization still finds the person.
    assert.equal(compare(person('김정은'), person('Kim Jong Un')).match, true);
  });

  it('does not take a two-syllable Chinese name for one sharing a single syllable', () => {
    assert.equal(compare(person('刘军'), person('Liu Jhon')).match, false);
    assert.equal(compare(person('刘军'), person('Liu Jun')).match, true);
  });
});

describe('organisations and persons: what a name is and is not', () => {
  const company = (name: string): MatchQuery => ({ schema: 'Company', properties: { name: [name] } });

  it('never takes a parenthesised legal form, an acronym one letter away, or a generic word for a name', () => {
    for (const name of ['Bright Star (Pvt) Ltd', 'Fine Foods (Pvt.) Ltd.', 'Pvt']) {
      assert.ok(screen(company(name), { index }).every((r) => r.id !== 'us_ofac_sdn-10607' || !r.match), name);
    }
    assert.equal(compare(company('IBM'), company('IPM Limited')).match, false);
    assert.equal(compare(company('Falcon Solutions'), company('Falcon Strategic Solutions DOO')).match, false);
    assert.equal(compare(company('Bright Technologies Ltd'), company('Technology Bright International Limited')).match, false);
  });

  it('takes a generic word for a name when it is the whole of both names, and a vessel named after a place by its name', () => {
    assert.equal(compare(company('OOO Partner'), company('OOO PARTNER')).match, true);
    assert.equal(compare(company('Pvt'), company('PVT.')).match, false);
    assert.equal(compare(company('Partner'), company('Partner Technologies LLC')).match, false);
    // OFAC lists the vessel JAMAICA under that name alone (and the UK a PACIFIC).
    const vessel = (name: string): MatchQuery => ({ schema: 'Vessel', properties: { name: [name] } });
    const jamaica = screen(vessel('Jamaica'), { index })[0];
    assert.equal(jamaica?.id, 'us_ofac_sdn-40892');
    assert.equal(jamaica?.match, true);
  });

  it('never cuts the party listed under the very name asked for, among parties tied with it', () => {
    // 33 listed parties share the key "partner" alone, equal in the shortlist: by id, OOO PARTNER was cut.
    const partner = screen(company('OOO PARTNER'), { index });
    assert.equal(partner[0]?.id, 'us_ofac_sdn-51455');
    assert.equal(partner[0]?.match, true);
    // Many parties hold the alias "IRGC", which the query's acronym alone matches at 1.00 too: the
    // party matched on the whole name comes first among the equal scores.
    const qods = screen(company('ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE'), { index });
    assert.equal(qods[0]?.id, 'us_ofac_sdn-10465');
  });

  it('says how many matches the limit left out', () => {
    // OFAC lists AL-AQSA FOUNDATION under that name in several countries, each its own entry.
    const query = prepareQuery(company('AL-AQSA FOUNDATION'));
    const shown = screenPrepared(query, { index });
    assert.equal(shown.length, 5);
    assert.ok(shown.every((r) => r.match));
    const all = screen(company('AL-AQSA FOUNDATION'), { index, limit: 50 }).filter((r) => r.match);
    assert.ok(all.length > 5, `${all.length} matches`);
    assert.ok(query.notes.includes(`${all.length - 5} more matches at or above the threshold left out by the limit of 5 results: raise the limit to see them`), query.notes.join('; '));
    const wide = prepareQuery(company('AL-AQSA FOUNDATION'));
    screenPrepared(wide, { index, limit: 50 });
    assert.deepEqual(wide.notes, []);
  });

  it('reads legal forms, stems, numbers and ordinals one way, and keeps numbers apart', () => {
    assert.equal(compare(company('Korea Ansan Trade Co'), company('KOREA ANSAN TRADING COMPANY LIMITED')).match, true);
    assert.equal(compare(company('First Eastern Shipping'), company('1st Eastern Shipping LLC')).match, true);
    assert.equal(compare(company('Forty-Four Holdings'), company('44 Holdings')).match, true);
    const vessel = (name: string): MatchQuery => ({ schema: 'Vessel', properties: { name: [name] } });
    assert.equal(compare(vessel('Sparta II'), vessel('Sparta III')).match, false);
    assert.equal(compare(vessel('Sparta 2'), vessel('SPARTA II')).match, true);
  });

  it('reads legal forms written without their dots, and dotted initials as one acronym', () => {
    for (const [a, b] of [
      ['lacno sro', 'LACNO s.r.o.'],
      ['Banlu Comercializadora SA de CV', 'BANLU COMERCIALIZADORA, S.A. DE C.V.'],
      ['Gotoco Alimentos Procesados S. de R.L. de C.V.', 'GOTOCO ALIMENTOS PROCESADOS SRL'],
      ['Redin Dis Ticaret Ltd. Sti.', 'Redin Dis Ticaret Limited'],
      ['A.B.C. Company', 'ABC Co.'],
    ]) {
      const c = compare(company(a!), company(b!));
      assert.equal(c.match, true, `${a} ~ ${b}: ${c.score}`);
    }
    // North Korean names: syllables written apart or together, business words romanized.
    assert.equal(compare(company('Chong Chon Gang Shipping Co. Ltd'), company('CHONGCHONGANG SHIPPING COMPANY LIMITED')).match, true);
    assert.equal(compare(company('Joson Paekho Muyok Hoesa'), company('Korea Paekho Trading Corporation')).match, true);
    assert.equal(compare(company('Choson Taesong Unnhaeng'), company('Korea Daesong Bank')).match, true, 'a typo in a romanized business word');
    // Initials that differ are another acronym.
    assert.equal(compare(company('Constructora H.L.P.'), company('Constructora H.L.T.')).match, false);
  });

  it('reads Vietnamese legal forms, DPRK as Korea, a noun and its adjective, and a Latin letter in a Cyrillic legal form', () => {
    for (const [a, b] of [
      ['Cong Ty TNHH Thinh Cuong', 'Thinh Cuong Company Limited'],
      ['DPRK Namgang Trading Company', 'Korea Namgang Trading Corporation'],
      ['Dandong Kehua Economy & Trade Co., Ltd.', 'Dandong Kehua Economic And Trade Co. Ltd.'],
      ['Limited Liability Company Taymyrskie Resursy', 'Общество C Ограниченной Ответственностью Таймырские Ресурсы'],
    ]) {
      const c = compare(company(a!), company(b!));
      assert.equal(c.match, true, `${a} ~ ${b}: ${c.score}`);
    }
    // Another distinctive word is still another company.
    assert.equal(compare(company('Dandong Kehua Economic Trade Co'), company('Dandong Huayu Economic Trade Co')).match, false);
  });

  it('keeps persons apart whose names differ in a way that names another person', () => {
    assert.equal(compare(person('GADDAFI, Muammar'), person('GADDAFI, Muhammad')).match, false, 'Muammar is not Muhammad');
    assert.equal(compare(person('Diab, Adel'), person('Diab, Ali Adel')).match, false, 'a son carries his father\'s name after his own');
    assert.equal(compare(person('AL-TIKRITI, Ali Saddam Hussein'), person('AL-TIKRITI, Hala Saddam Hussein')).match, false);
    assert.equal(compare(person('Ivanov, Sergei Sergeevich'), person('IVANOV, Sergei')).match, false, 'Sergeevich is the son of a Sergei');
    assert.equal(compare(person('Petrov, Sergey Valeriyevich'), person('Petrov, Sergei Valentinovich')).match, false);
  });

  it('finds the same person across Arabic, Slavic and duplicated spellings', () => {
    assert.equal(compare(person('Elmashat, Mahdi'), person('Al-Mashat, Mahdi Mohammed Hussein')).match, true);
    assert.equal(compare(person('BARAKAT, Hattem Ahmad'), person('BARAKAT, Hatim Ahmad')).match, true);
    assert.equal(compare(person('Barabanov, Oleg Fedorovich'), person('Barabanau, Aleh Fyedaravych')).match, true);
    assert.equal(compare(person('Sergey Sergey Shoigu'), person('Sergey Kuzhugetovich Shoigu')).match, true);
  });

  it('does not alert on a name made only of very common words', () => {
    // Only a party listed under exactly these two words alerts, not every name that contains them.
    const alerts = screen(person('Ali Saleh'), { index, limit: 20 }).filter((r) => r.match);
    for (const r of alerts) assert.deepEqual([r.explanation.name?.unmatchedQuery, r.explanation.name?.unmatchedCandidate], [[], []], r.explanation.summary);
    assert.ok(screen(person('Ali Saleh'), { index, limit: 20 }).some((r) => !r.match && /Ali Saleh/i.test(r.explanation.name?.candidate ?? '')));
    assert.ok(screen({ schema: 'LegalEntity', properties: { name: ['Mohammed Ali Khan'] } }, { index }).every((r) => !r.match));
  });
});
