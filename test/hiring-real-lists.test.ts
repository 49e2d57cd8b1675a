/**
 * Candidate vetting against the real lists (OFAC SDN 2025-11-19 and the EU DPRK annex): the false
 * blocks an independent evaluation found are gone, and a confirmed listed person still blocks.
 * - An employer written "X (Pvt) Ltd", "IBM", "Falcon Solutions" or "Bright Technologies Ltd" is
 *   not a listed company (a legal form or generic words are never a name by themselves); one that
 *   shares a distinctive word with a listed company ("Golden Star Technologies") asks for review.
 * - A name alone, with no birth date or document confirming it, asks for review and never blocks
 *   ("Choi Joonyoung" born 1998 and the undated CHOE Chun Yong; "Ying Li" and "Li Ying").
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { assessCandidate, type Assessment } from '../src/hiring/assess.js';
import { emptyProfile, type CandidateProfile } from '../src/hiring/profile.js';
import { loadRules } from '../src/hiring/rules.js';
import { euJournalCsv } from '../src/lists/eu-journal-csv.js';
import { ofacAdvancedXml } from '../src/lists/ofac-advanced.js';
import { ScreeningIndex } from '../src/match/index.js';
import { NO_LINKS, listFile } from './helpers.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const RULES = loadRules();

let index: ScreeningIndex;

before(async () => {
  const ofac = await ofacAdvancedXml.parse([listFile('ofac-sdn-advanced', 'sdn_advanced_2025-11-19.xml.gz')], { dataset: 'us_ofac_sdn' });
  const eu = await euJournalCsv.parse([listFile('eu', 'eu_journal_consolidated_32017R1509.csv')], { dataset: 'eu_dprk_annex' });
  index = ScreeningIndex.build([...ofac.entities, ...eu.entities]);
});

function candidate(name: string, extra: Partial<CandidateProfile> = {}): CandidateProfile {
  return { ...emptyProfile('real-1'), names: [name], ...extra };
}

function assess(p: CandidateProfile): Assessment {
  return assessCandidate(p, { index, links: NO_LINKS, now: NOW, rules: RULES });
}

const rules = (a: Assessment) => a.signals.map((s) => s.rule);

describe('vetting against the real lists', () => {
  it('an ordinary employer with a legal form, a short name or generic words is not a listed company', () => {
    for (const employer of ['Crescent Software (Pvt) Ltd', 'Fine Foods (Pvt.) Ltd.', 'Nexus Systems (PVT) LIMITED', 'IBM', 'Falcon Solutions', 'Bright Technologies Ltd']) {
      const a = assess(candidate('Amna Tariq', { employers: [{ name: employer, to: 'present' }] }));
      assert.ok(!rules(a).includes('sanctions.employer'), `${employer}: ${JSON.stringify(a.signals.map((s) => s.evidence))}`);
      assert.equal(a.level, 'clear', employer);
    }
  });

  it('an employer sharing one distinctive word with a listed company is a question for an analyst, not a block', () => {
    // Listed: GOLDEN STAR CO, FENIKS (a.k.a. Limited Liability Company Phoenix), ALPHA TECH TRADING FZE.
    for (const employer of ['Golden Star Technologies', 'Phoenix Systems', 'Alpha Technologies Pvt Ltd']) {
      const a = assess(candidate('Amna Tariq', { employers: [{ name: employer, to: 'present' }] }));
      assert.ok(!rules(a).includes('sanctions.employer'), employer);
      assert.ok(rules(a).includes('sanctions.employer_possible'), `${employer}: shown for review`);
      assert.equal(a.level, 'review', employer);
      assert.equal(a.score, 0, employer);
    }
  });

  it('a listed front company as employer still blocks', () => {
    // KOREA SOBAEKSU TRADING COMPANY (OFAC DPRK2/DPRK4): a designated IT-worker front company.
    const a = assess(candidate('Daniel Hughes', { employers: [{ name: 'Korea Sobaeksu Trading Company' }] }));
    assert.equal(a.level, 'block', JSON.stringify(a.signals));
    assert.ok(rules(a).includes('sanctions.employer'));
  });

  it('a name that resembles a listed person, with nothing confirming it, asks for review and never blocks', () => {
    for (const [name, birthDate] of [
      ['Choi Joonyoung', '1998-03-02'],
      ['Ying Li', '1990-05-17'],
      ['Ali Mohamed', '1995-04-03'], // KONY, Ali (a.k.a. Mohammed Ali, a weak alias), born 1995: the year alone agrees
    ] as const) {
      const a = assess(candidate(name, { birthDate }));
      assert.notEqual(a.level, 'block', `${name}: ${JSON.stringify(a.signals.map((s) => s.evidence))}`);
      assert.ok(!rules(a).includes('sanctions.person'), name);
      assert.ok(rules(a).some((r) => r === 'sanctions.person_name_only' || r === 'sanctions.person_possible'), `${name}: the resemblance is shown for review`);
      assert.equal(a.level, 'review', name);
      assert.equal(a.score, 0, `${name}: a resemblance weighs nothing`);
    }
  });

  it('a listed person whose birth date agrees blocks, in any romanization', () => {
    for (const name of ['Song Kum Hyok', 'SONG Kum-hyok', '송금혁']) {
      const a = assess(candidate(name, { birthDate: '1987-08-30' }));
      assert.equal(a.level, 'block', name);
      assert.ok(a.signals.find((s) => s.rule === 'sanctions.person')?.listed?.some((l) => l.id === 'us_ofac_sdn-49970'), name);
    }
  });
});
