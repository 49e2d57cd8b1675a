/**
 * The fairness guard: no signal rests on a person's ethnicity, name origin or nationality. A name
 * is only ever compared with the sanctions lists (and with the candidate's own other names, for
 * consistency). Profiles identical but for a Korean, Chinese, Russian or English name get the same
 * assessment unless one of them is listed; the issuing country of a document and reviewers' notes
 * change nothing; and the detectors' code can reach nothing that tells a name's script or origin.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assessCandidate, type Assessment } from '../src/hiring/assess.js';
import { emptyProfile, type ActivityEvent, type CandidateProfile } from '../src/hiring/profile.js';
import { loadRules } from '../src/hiring/rules.js';
import { DETECTORS, FORBIDDEN_PATHS, assertFair } from '../src/hiring/signals/index.js';
import { ScreeningIndex } from '../src/match/index.js';
import type { Entity } from '../src/model/index.js';
import { NO_LINKS, REPO_ROOT } from './helpers.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const RULES = loadRules();

/** Listed persons with Korean, Chinese, Russian and English names; none is any test candidate but one. */
function person(id: string, name: string, birthDate: string): Entity {
  return { id, schema: 'Person', caption: name, datasets: ['test'], properties: { name: [name], birthDate: [birthDate] } };
}
const INDEX = ScreeningIndex.build([
  person('test-1', 'Kim Jong Un', '1984-01-08'),
  person('test-2', 'Song Kum Hyok', '1987-08-30'),
  person('test-3', 'Pak Jin Song', '1993-03-21'),
  person('test-4', 'Kim Min Chol', '1979-05-02'),
  person('test-5', 'Ri Jong Hyok', '1981-11-11'),
  person('test-6', 'Wang Yu', '1970-02-02'),
  person('test-7', 'Jonathan Smithers', '1965-06-06'),
]);

/**
 * One candidate with several indicators (a VoIP number, VPN logins in the claimed night, a payment
 * account in another name, a laptop shipped away from home), under the given name: it appears as
 * the profile name, on the passport, on the GitHub profile and as holder of the main account.
 */
function candidate(name: string): CandidateProfile {
  const p = emptyProfile('cand-x');
  p.names = [name];
  p.emails = ['candidate.4711@mailbox.example'];
  p.phones = [{ number: '+44 56 1234 5678' }];
  p.homeAddress = { text: '5 Mill Lane, Leeds LS1 4AB', country: 'GB' };
  p.claimedLocation = { country: 'GB', city: 'Leeds', timeZone: 'Europe/London' };
  p.birthDate = '1994-07-21';
  p.documents = [{ type: 'passport', number: 'X7654321', name, birthDate: '1994-07-21', issuedAt: '2021-02-01', expiresAt: '2031-02-01', country: 'GB' }];
  p.employers = [{ name: 'Blue Harbor Apps Ltd' }];
  p.payments = [
    { type: 'iban', value: 'GB29NWBK60161331926819', holderName: name, since: '2026-02-01' },
    { type: 'payment_platform', value: 'payouts-88', holderName: 'Robert Brown', provider: 'Payoneer', since: '2026-02-10' },
  ];
  p.profiles = [{ platform: 'GitHub', handle: 'dev-4711', createdAt: '2019-01-01', displayName: name }];
  const events: ActivityEvent[] = [];
  for (let d = 2; d <= 13; d++) {
    events.push({ type: 'login', at: `2026-03-${String(d).padStart(2, '0')}T01:30:00Z`, ip: '192.0.2.20', ipCountry: 'GB', ipKind: 'vpn' });
  }
  events.push({ type: 'shipping_request', at: '2026-03-02T09:00:00Z', address: { text: '80 Depot Road, Hull HU1 1AA', country: 'GB' }, item: 'laptop' });
  p.events = events;
  return p;
}

function assess(p: CandidateProfile): Assessment {
  return assessCandidate(p, { index: INDEX, links: NO_LINKS, now: NOW, rules: RULES });
}

/** What an assessment says, with the candidate's name replaced by a placeholder. */
function said(a: Assessment, name: string): unknown {
  return {
    score: a.score,
    level: a.level,
    signals: a.signals.map((s) => ({ rule: s.rule, evidence: s.evidence.map((e) => e.split(name).join('<NAME>')) })),
  };
}

const LATIN = { Korean: 'Kim Min-jun', Chinese: 'Wang Wei', Russian: 'Ivan Petrov', English: 'John Smith' };
const NATIVE = { Korean: '김민준', Chinese: '王伟', Russian: 'Иван Петров', English: 'John Smith' };

describe('the same profile under a Korean, Chinese, Russian or English name', () => {
  for (const [label, names] of [
    ['in Latin letters', LATIN],
    ['each in its own script', NATIVE],
  ] as const) {
    it(`gets the same score, level, signals and evidence (names ${label})`, () => {
      const results = Object.entries(names).map(([origin, name]) => ({ origin, name, a: assess(candidate(name)) }));
      const reference = results.find((r) => r.origin === 'English')!;
      // The profile is not trivially clear: several indicators fire.
      assert.deepEqual(reference.a.signals.map((s) => s.rule), [
        'payment.holder_mismatch',
        'address.shipping_differs',
        'phone.voip',
        'network.hosting_ip',
        'activity.night_hours',
      ]);
      assert.equal(reference.a.level, 'high');
      for (const r of results) {
        assert.equal(r.a.score, reference.a.score, r.origin);
        assert.equal(r.a.level, reference.a.level, r.origin);
        assert.deepEqual(r.a.signals.map((s) => s.rule), reference.a.signals.map((s) => s.rule), r.origin);
        assert.deepEqual(said(r.a, r.name), said(reference.a, reference.name), r.origin);
        assert.ok(!r.a.signals.some((s) => s.rule.startsWith('sanctions.')), `${r.origin}: no sanctions hit for an unlisted name`);
      }
    });
  }

  it('differs only by the sanctions signal when the name is listed', () => {
    // Listed Pak Jin Song was born 1993-03-21; this candidate, 1994-07-21: the name alone matches.
    const clean = assess(candidate('John Smith'));
    const listed = assess(candidate('Pak Jin-song'));
    const extra = listed.signals.filter((s) => !clean.signals.some((c) => c.rule === s.rule));
    assert.deepEqual(extra.map((s) => s.rule), ['sanctions.person_name_only']);
    assert.match(extra[0]!.evidence[0]!, /name "Pak Jin-song".* matches listed Person test-3 "Pak Jin Song"/);
    // A resemblance asks an analyst; it neither blocks nor adds to the score.
    assert.deepEqual(
      said({ ...listed, signals: listed.signals.filter((s) => s.rule !== 'sanctions.person_name_only') }, 'Pak Jin-song'),
      said(clean, 'John Smith'),
    );
  });

  it('blocks when the birth date confirms the listed name', () => {
    const p = candidate('Pak Jin-song');
    p.birthDate = '1993-03-21';
    const a = assess(p);
    assert.equal(a.level, 'block');
    assert.equal(a.score, 100);
    const hit = a.signals.find((s) => s.rule === 'sanctions.person');
    assert.match(hit?.evidence[0] ?? '', /born 1993-03-21.* matches listed Person test-3 "Pak Jin Song"/);
    assert.ok(!a.signals.some((s) => s.rule === 'sanctions.person_name_only'));
  });

  it('a listed name in another script is found all the same', () => {
    const a = assess(candidate('박진성'));
    assert.ok(a.signals.some((s) => s.rule === 'sanctions.person_name_only' && s.listed?.[0]?.id === 'test-3'));
  });
});

describe('nationality and reviewers\' notes are not signals', () => {
  it('the issuing country of an identity document changes nothing', () => {
    const results = ['GB', 'KR', 'KP', 'CN', 'RU', 'US'].map((country) => {
      const p = candidate('John Smith');
      p.documents[0]!.country = country;
      p.documents.push({ type: 'national_id', number: `N-${country}-1`, country, name: 'John Smith', birthDate: '1994-07-21' });
      return said(assess(p), 'John Smith');
    });
    for (const r of results) assert.deepEqual(r, results[0]);
  });

  it('notes (language preferences, impressions) change nothing', () => {
    const plain = candidate('Kim Min-jun');
    const noted = candidate('Kim Min-jun');
    noted.notes = ['asked for documentation in Korean', 'born in Pyongyang according to the interviewer'];
    assert.deepEqual(said(assess(noted), 'Kim Min-jun'), said(assess(plain), 'Kim Min-jun'));
  });
});

describe('what the detectors may read', () => {
  it('every detector passes the load-time fairness check, and none declares a forbidden field', () => {
    for (const d of DETECTORS.values()) {
      assert.doesNotThrow(() => assertFair(d), d.name);
      for (const f of d.reads) assert.ok(!FORBIDDEN_PATHS.has(f), `${d.name} reads ${f}`);
    }
    assert.ok(FORBIDDEN_PATHS.has('notes') && FORBIDDEN_PATHS.has('documents.country'));
  });

  it('names are read only by detectors that hand them to the matcher', () => {
    const readers = [...DETECTORS.values()].filter((d) => d.reads.includes('names')).map((d) => d.name).sort();
    assert.deepEqual(readers, ['document_name_mismatch', 'payment_holder_mismatch', 'profile_name_mismatch', 'sanctions_person']);
    for (const name of readers) assert.equal(DETECTORS.get(name)!.names, 'matcher');
    assert.throws(
      () => assertFair({ ...DETECTORS.get('voip_phone')!, name: 'origin_guess', reads: ['names', 'phones'] }),
      /reads names but does not declare that it uses them only through the matcher/,
    );
  });

  it("the detectors' code imports nothing that tells a name's script or origin, and mentions no nationality", () => {
    const dir = join(REPO_ROOT, 'src', 'hiring');
    const files = ['assess.ts', ...readdirSync(join(dir, 'signals')).map((f) => join('signals', f))];
    for (const file of files) {
      const code = readFileSync(join(dir, file), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '');
      for (const forbidden of [
        /from '[^']*model\/scripts\.js'/,
        /from '[^']*match\/(translit|korean|phonetic|normalize|prepare|names)\.js'/,
        /\b(scriptOf|latinForms|isHangul|romanizeHangul\w*|looksKoreanName|nameTokens)\b/,
        /\b(nationality|citizenship|birthPlace|ethnic\w*)\b/i,
        /\.notes\b/,
      ]) {
        assert.doesNotMatch(code, forbidden, `${file} matches ${forbidden}`);
      }
    }
  });
});
