/**
 * The indicator rules (src/hiring/rules.yaml) on hand-made profiles: for every rule, a profile on
 * which it fires (its evidence asserted) and a near miss on which it does not; scoring and levels;
 * the fairness guard's runtime checks; loading, overriding, disabling and validating user rule
 * files; and one front-company employer found on the real OFAC list.
 */
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { SCORING, assessCandidate, type Assessment, type Signal } from '../src/hiring/assess.js';
import type { Cluster, LinkAnalysis, LinkEdge, LinkEvidence, LinkKind } from '../src/hiring/links/index.js';
import { emptyProfile, type ActivityEvent, type CandidateProfile } from '../src/hiring/profile.js';
import { RulesError, builtinRulesPath, loadRules, type RuleSet } from '../src/hiring/rules.js';
import { DETECTORS, FairnessError, guardProfile } from '../src/hiring/signals/index.js';
import { importList } from '../src/lists/import.js';
import { ScreeningIndex } from '../src/match/index.js';
import type { Entity } from '../src/model/index.js';
import { openStore } from '../src/store/index.js';
import { REPO_ROOT, listFile, tempDir } from './helpers.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const REF = 'cand-1';
const RULES = loadRules();
const tmp = tempDir('vigil-rules-');
after(() => tmp.cleanup());

// ---------------------------------------------------------------------------------------------
// Hand-made listed entities and link analyses

const LISTED_WALLET = '0x098B716B8Aaf21512996dC57EB0615e2383E2f96';
const ENTITIES: Entity[] = [
  {
    id: 'test-song',
    schema: 'Person',
    caption: 'Song Kum Hyok',
    datasets: ['test'],
    properties: {
      name: ['Song Kum Hyok'],
      birthDate: ['1987-08-30'],
      email: ['song.kh@mail.example'],
      phone: ['+7 495 123 45 67'],
      passportNumber: ['927233445'],
    },
  },
  {
    id: 'test-silverstar',
    schema: 'Organization',
    caption: 'Yanbian Silverstar Network Technology Co., Ltd.',
    datasets: ['test'],
    properties: { name: ['Yanbian Silverstar Network Technology Co., Ltd.'], website: ['silverstar.example'] },
  },
  {
    id: 'test-wallet-1',
    schema: 'CryptoWallet',
    caption: LISTED_WALLET,
    datasets: ['test'],
    properties: { publicKey: [LISTED_WALLET], currency: ['ETH'], holder: ['test-song'] },
  },
];
const INDEX = ScreeningIndex.build(ENTITIES);

function edge(a: string, b: string, evidence: LinkEvidence[]): LinkEdge {
  const [x, y] = a < b ? [a, b] : [b, a];
  return { a: x, b: y, evidence, strength: 1 - evidence.reduce((p, e) => p * (1 - e.weight), 1) };
}

function ev(kind: LinkKind, value: string, weight = 0.9, detail = `both give ${value}`): LinkEvidence {
  return { kind, value, detail, weight };
}

/** A LinkAnalysis-shaped object built by hand. */
function analysis(edges: LinkEdge[], clusters: Cluster[] = []): LinkAnalysis {
  return {
    edges,
    clusters,
    clusterOf: (ref) => clusters.find((c) => c.members.includes(ref)),
    edgesOf: (ref) => edges.filter((e) => e.a === ref || e.b === ref),
    hubs: [],
    stats: { profiles: 0, edges: edges.length, clusters: clusters.length, operatorClusters: clusters.filter((c) => c.operator).length, hubs: 0, ms: 0 },
  };
}

function cluster(members: string[], edges: LinkEdge[], operator: boolean): Cluster {
  const sorted = [...members].sort();
  return { id: `cl-${sorted[0]}`, members: sorted, edges, strength: Math.max(...edges.map((e) => e.strength)), operator, bridges: [] };
}

/** Links between two other candidates only: the shared-with-others rules run and stay quiet. */
const UNRELATED = analysis([edge('cand-8', 'cand-9', [ev('payment', 'GB00TEST00000000000001')])]);

// ---------------------------------------------------------------------------------------------
// A clean profile: nothing fires on it

function login(at: string, extra: Partial<Extract<ActivityEvent, { type: 'login' }>> = {}): ActivityEvent {
  return { type: 'login', at, ip: '198.51.100.10', ipCountry: 'GB', ipKind: 'residential', account: 'acct-amorgan', ...extra };
}

/** Twelve weekday logins at 10:00 London time (GMT in early March), 2026-03-02..13. */
function dayLogins(): ActivityEvent[] {
  const out: ActivityEvent[] = [];
  for (let d = 2; d <= 13; d++) out.push(login(`2026-03-${String(d).padStart(2, '0')}T10:00:00Z`, { durationMinutes: 480 }));
  return out;
}

function base(): CandidateProfile {
  const p = emptyProfile(REF);
  p.names = ['Alex Morgan'];
  p.emails = ['alex.morgan@northwind.example'];
  p.phones = [{ number: '+44 20 7946 0958', lineType: 'landline', issuedAt: '2018-05-01' }];
  p.homeAddress = { text: '12 Baker Street, London NW1 6XE', country: 'GB' };
  p.claimedLocation = { country: 'GB', city: 'London', timeZone: 'Europe/London' };
  p.birthDate = '1990-04-12';
  p.documents = [
    { type: 'passport', number: 'P1234567', country: 'GB', name: 'Alex Morgan', birthDate: '1990-04-12', issuedAt: '2020-01-15', expiresAt: '2030-01-15' },
  ];
  p.employers = [{ name: 'Northwind Software Ltd', country: 'GB', from: '2016', to: '2025' }];
  p.payments = [{ type: 'iban', value: 'GB33BUKB20201555555555', holderName: 'Alex Morgan', provider: 'Barclays', since: '2026-01-10' }];
  p.profiles = [{ platform: 'GitHub', handle: 'amorgan', createdAt: '2015-03-01', displayName: 'Alex Morgan' }];
  p.events = [
    ...dayLogins(),
    { type: 'shipping_request', at: '2026-03-02T09:00:00Z', address: { text: '12 baker st., London NW1 6XE', country: 'GB' }, item: 'laptop' },
    { type: 'payment_request', at: '2026-03-31T09:00:00Z', method: 'bank transfer', note: 'monthly invoice' },
  ];
  p.notes = ['prefers Korean-language documentation'];
  return p;
}

type Ctx = { index?: ScreeningIndex; links?: LinkAnalysis; rules?: RuleSet };

function assess(profile: CandidateProfile, ctx: Ctx = {}): Assessment {
  return assessCandidate(profile, { index: INDEX, links: UNRELATED, now: NOW, rules: RULES, ...ctx });
}

function signal(a: Assessment, rule: string): Signal | undefined {
  return a.signals.find((s) => s.rule === rule);
}

// ---------------------------------------------------------------------------------------------
// One case per rule: `fire` turns the clean profile into one where the rule fires with evidence
// matching `evidence`; `quiet` into a near miss where it does not.

interface Case {
  fire: (p: CandidateProfile) => Ctx | void;
  evidence: RegExp[];
  quiet: (p: CandidateProfile) => Ctx | void;
}

const tenDaysBefore = '2026-02-20';

const CASES: Record<string, Case> = {
  'sanctions.person': {
    fire: (p) => {
      p.names = ['Kum-hyok Song'];
      p.birthDate = '1987-08-30';
      p.documents = [];
    },
    evidence: [/the candidate \(name "Kum-hyok Song", born 1987-08-30\) matches listed Person test-song "Song Kum Hyok" \(test; score 1\.00\)/],
    quiet: (p) => {
      p.names = ['Song Min-ho'];
    },
  },
  'sanctions.person_name_only': {
    // The listed name exactly, no birth date given: nothing confirms it, so an analyst decides.
    fire: (p) => {
      p.names = ['Kum-hyok Song'];
      delete p.birthDate;
      p.documents = [];
    },
    evidence: [/the candidate \(name "Kum-hyok Song"\) matches listed Person test-song "Song Kum Hyok" \(test; score 1\.00\)/],
    quiet: (p) => {
      p.names = ['Kum-hyok Song'];
      p.birthDate = '1987-08-30';
      p.documents = [];
    },
  },
  'sanctions.person_possible': {
    // The name alone, against a different birth date: a possible match for an analyst, not a block.
    fire: (p) => {
      p.names = ['Kum-hyok Song'];
      p.birthDate = '1984-08-30';
      p.documents = [];
    },
    evidence: [/the candidate \(name "Kum-hyok Song", born 1984-08-30\) matches listed Person test-song "Song Kum Hyok" \(test; score 0\.[78]\d\)/],
    quiet: (p) => {
      p.names = ['Kum-hyok Song'];
      p.birthDate = '1987-08-30';
      p.documents = [];
    },
  },
  'sanctions.employer': {
    fire: (p) => void p.employers.push({ name: 'Yanbian Silverstar Network Technology' }),
    evidence: [/employer "Yanbian Silverstar Network Technology" matches listed Organization test-silverstar "Yanbian Silverstar Network Technology Co., Ltd."/],
    quiet: (p) => void p.employers.push({ name: 'Silverline Networks GmbH' }),
  },
  'sanctions.employer_possible': {
    // The distinctive word and the generic ones, without the rest of the listed name: a
    // resemblance for an analyst, not a block.
    fire: (p) => void p.employers.push({ name: 'Silverstar Network Technology' }),
    evidence: [/employer "Silverstar Network Technology" matches listed Organization test-silverstar "Yanbian Silverstar Network Technology Co\., Ltd\." \(test; score 0\.8[0-4]\)/],
    quiet: (p) => void p.employers.push({ name: 'Yanbian Silverstar Network Technology' }),
  },
  'sanctions.wallet': {
    fire: (p) => void p.payments.push({ type: 'crypto_wallet', value: LISTED_WALLET.toLowerCase(), provider: 'Ethereum' }),
    evidence: [/payment wallet 0x098b716b8aaf21512996dc57eb0615e2383e2f96 \(Ethereum\) matches listed Person test-song/, /address .* is listed/],
    quiet: (p) => void p.payments.push({ type: 'crypto_wallet', value: '0x52908400098527886E0F7030069857D2E4169EE7', provider: 'Ethereum' }),
  },
  'sanctions.email': {
    fire: (p) => void p.emails.push('Song.KH@mail.example'),
    evidence: [/e-mail Song\.KH@mail\.example matches listed Person test-song "Song Kum Hyok"/],
    quiet: (p) => void p.emails.push('song.kh2@mail.example'),
  },
  'sanctions.domain': {
    fire: (p) => void p.emails.push('hr@silverstar.example'),
    evidence: [/e-mail domain silverstar\.example matches listed Organization test-silverstar/],
    quiet: (p) => void p.emails.push('hr@silverstar-logistics.example'),
  },
  'sanctions.phone': {
    fire: (p) => {
      p.claimedLocation = { ...p.claimedLocation, country: 'RU' };
      p.phones.push({ number: '8 495 123-45-67' });
    },
    evidence: [/phone \+74951234567 matches listed Person test-song/],
    quiet: (p) => void p.phones.push({ number: '+7 495 123 45 68' }),
  },
  'payment.holder_mismatch': {
    fire: (p) => void (p.payments[0]!.holderName = 'Robert Brown'),
    evidence: [/payment iban GB33BUKB20201555555555 \(Barclays\) is held in the name "Robert Brown", which matches none of the candidate's names \(best similarity 0\.00, below 0\.7\)/],
    quiet: (p) => void (p.payments[0]!.holderName = 'MORGAN ALEX'),
  },
  'payment.shared': {
    fire: () => ({ links: analysis([edge(REF, 'cand-7', [ev('payment', 'GB33BUKB20201555555555', 0.95, "both are paid into IBAN GB33…5555 (held by 'Alex Morgan')")])]) }),
    evidence: [/payment account GB33BUKB20201555555555 shared with cand-7: both are paid into IBAN GB33…5555 \(held by 'Alex Morgan'\) \(link weight 0\.95\)/],
    // A couple's joint account: the link analysis says a household explains it.
    quiet: () => ({ links: analysis([edge(REF, 'cand-7', [ev('home_address', '12 baker st london', 0.15), { ...ev('payment', 'GB33BUKB20201555555555', 0.6), explained: 'household' }])]) }),
  },
  'payment.crypto_request': {
    fire: (p) => void p.events.push({ type: 'payment_request', at: '2026-04-30T09:00:00Z', method: 'USDT (TRC20)', note: 'prefer to be paid in stablecoin' }),
    evidence: [/payment request on 2026-04-30T09:00Z asks for USDT \(TRC20\) \("prefer to be paid in stablecoin"\): mentions usdt, trc20, stablecoin/],
    quiet: (p) => void p.events.push({ type: 'payment_request', at: '2026-04-30T09:00:00Z', method: 'bank transfer', note: 'ethics training invoice' }),
  },
  'payment.frequent_changes': {
    fire: (p) => {
      p.payments.push({ type: 'payment_platform', value: 'am@pay.example', provider: 'Payoneer', since: '2026-02-01' });
      p.payments.push({ type: 'bank_account', value: '12345678', provider: 'Bank B', since: '2026-03-15' });
    },
    evidence: [/3 payment destinations given within 90 days \(rule fires at 3\): iban GB33BUKB20201555555555 \(Barclays\) since 2026-01-10; payment platform am@pay\.example \(Payoneer\) since 2026-02-01; bank account 12345678 \(Bank B\) since 2026-03-15/],
    quiet: (p) => {
      p.payments.push({ type: 'payment_platform', value: 'am@pay.example', provider: 'Payoneer', since: '2025-03-01' });
      p.payments.push({ type: 'bank_account', value: '12345678', provider: 'Bank B', since: '2024-06-15' });
    },
  },
  'payment.repeated_prepayment': {
    fire: (p) => {
      p.events.push({ type: 'payment_request', at: '2026-03-03T09:00:00Z', method: 'bank transfer', note: 'needs an advance before starting' });
      p.events.push({ type: 'payment_request', at: '2026-03-05T09:00:00Z', method: 'bank transfer', note: 'asks again for payment up front' });
    },
    evidence: [/2 requests for payment in advance \(rule fires at 2\): 2026-03-03T09:00Z: bank transfer \("needs an advance before starting"\); 2026-03-05T09:00Z/],
    quiet: (p) => void p.events.push({ type: 'payment_request', at: '2026-03-03T09:00:00Z', method: 'bank transfer', note: 'needs an advance before starting' }),
  },
  'address.shipping_differs': {
    fire: (p) => void p.events.push({ type: 'shipping_request', at: '2026-03-20T09:00:00Z', address: { text: '77 Warehouse Road, Newark NJ 07102', country: 'US' }, item: 'laptop' }),
    evidence: [/shipping request on 2026-03-20T09:00Z for laptop to "77 Warehouse Road, Newark NJ 07102" \(US\), not the home address "12 Baker Street, London NW1 6XE" \(GB\)/],
    quiet: (p) => void p.shippingAddresses.push({ text: '12 BAKER ST, LONDON, NW1 6XE', country: 'GB' }),
  },
  'address.shared_shipping': {
    fire: () => ({ links: analysis([edge(REF, 'cand-8', [ev('shipping_address', '77 warehouse rd newark nj 07102', 0.85, '3 profiles ship laptops here')])]) }),
    evidence: [/shipping address 77 warehouse rd newark nj 07102 shared with cand-8: 3 profiles ship laptops here \(link weight 0\.85\)/],
    quiet: () => ({ links: analysis([edge(REF, 'cand-8', [ev('shipping_address', '1 office park', 0.3, 'common employer office')])]) }),
  },
  'phone.voip': {
    fire: (p) => {
      p.phones.push({ number: '+44 56 1234 5678' });
      p.phones.push({ number: '+1 415 555 2671', lineType: 'VoIP' });
    },
    evidence: [/phone \+445612345678 is in a range the numbering plan reserves for VoIP/, /phone \+14155552671 is a VoIP line \(phone-intelligence line type\)/],
    quiet: (p) => void p.phones.push({ number: '+44 7911 123456', lineType: 'mobile' }),
  },
  'phone.recent': {
    fire: (p) => void (p.phones[0]!.issuedAt = tenDaysBefore),
    evidence: [/phone \+44 20 7946 0958 was issued on 2026-02-20, 10 days before the application, first event 2026-03-02 \(rule fires under 90 days\)/],
    quiet: (p) => void (p.phones[0]!.issuedAt = '2025-10-01'),
  },
  'network.hosting_ip': {
    fire: (p) => {
      p.events.push(login('2026-03-02T04:10:00Z', { ip: '203.0.113.7', ipKind: 'hosting' }));
      p.events.push(login('2026-03-03T04:10:00Z', { ip: '203.0.113.7', ipKind: 'hosting' }));
    },
    evidence: [/2 logins from 203\.0\.113\.7 \(IP intelligence: hosting\), first on 2026-03-02T04:10Z, last on 2026-03-03T04:10Z/],
    quiet: (p) => void p.events.push(login('2026-03-02T04:10:00Z', { ip: '203.0.113.7', ipKind: 'mobile' })),
  },
  'network.country_mismatch': {
    fire: (p) => {
      for (const d of ['14', '15', '16', '17']) p.events.push(login(`2026-03-${d}T10:00:00Z`, { ip: '192.0.2.44', ipCountry: 'US' }));
    },
    evidence: [/4 of 16 geolocated logins \(25%\) come from outside the claimed country GB \(rule fires at 25%\)/, /4 logins from US \(192\.0\.2\.44\), first on 2026-03-14T10:00Z/],
    quiet: (p) => void p.events.push(login('2026-03-14T10:00:00Z', { ip: '192.0.2.44', ipCountry: 'FR' })),
  },
  'network.remote_access_tool': {
    fire: (p) => {
      p.events.push(login('2026-03-14T10:00:00Z', { tool: 'AnyDesk 8.0' }));
      p.events.push({ type: 'activity', at: '2026-03-14T11:00:00Z', what: 'installed Chrome Remote Desktop on the company laptop' });
    },
    evidence: [/login from 198\.51\.100\.10 with remote-access tool "AnyDesk 8\.0" \(AnyDesk\) on 2026-03-14T10:00Z/, /mentions remote-access tool Chrome Remote Desktop/],
    quiet: (p) => {
      p.events.push(login('2026-03-14T10:00:00Z', { tool: 'WordPress admin' }));
      p.events.push({ type: 'activity', at: '2026-03-14T11:00:00Z', what: 'updated the wordpress plugins (remote work day)' });
    },
  },
  'network.impossible_travel': {
    fire: (p) => {
      p.events.push(login('2026-03-14T10:00:00Z', { durationMinutes: 60 }));
      p.events.push(login('2026-03-14T11:40:00Z', { ip: '192.0.2.80', ipCountry: 'SG' }));
    },
    evidence: [/account acct-amorgan: login from 198\.51\.100\.10 \(GB\) on 2026-03-14T10:00Z and from 192\.0\.2\.80 \(SG\) on 2026-03-14T11:40Z: 40 min after the first session ended \(under 2 h, too little to travel\)/],
    quiet: (p) => {
      p.events.push(login('2026-03-14T10:00:00Z', { durationMinutes: 60 }));
      p.events.push(login('2026-03-14T23:40:00Z', { ip: '192.0.2.80', ipCountry: 'SG' }));
    },
  },
  'network.shared_ip_device': {
    fire: () => ({ links: analysis([edge(REF, 'cand-9', [ev('device', 'dev-42aa', 0.9, 'both logged in from device dev-42aa')])]) }),
    evidence: [/device dev-42aa shared with cand-9: both logged in from device dev-42aa \(link weight 0\.90\)/],
    quiet: () => ({ links: analysis([edge(REF, 'cand-9', [ev('ip', '198.51.100.10', 0.2, 'household home IP')])]) }),
  },
  'activity.night_hours': {
    fire: (p) => {
      p.events = [];
      for (let d = 2; d <= 13; d++) p.events.push(login(`2026-03-${String(d).padStart(2, '0')}T01:30:00Z`));
    },
    evidence: [
      /12 of 12 logins\/activity events \(100%\) fall between 22:00 and 06:00 in the claimed time zone Europe\/London \(rule fires at 60% of at least 10 events\)/,
      /the same events would be working hours \(09:00-18:00\) at about UTC\+12:00: 12 of 12 \(100%\) fall in them there/,
    ],
    quiet: (p) => {
      // Evenings, not nights: 19:00-21:00 London time.
      p.events = [];
      for (let d = 2; d <= 13; d++) p.events.push(login(`2026-03-${String(d).padStart(2, '0')}T${d % 2 ? '19' : '21'}:00:00Z`));
    },
  },
  'activity.continuous_session': {
    fire: (p) => void p.events.push(login('2026-03-14T10:00:00Z', { durationMinutes: 1800 })),
    evidence: [/session from 198\.51\.100\.10 on 2026-03-14T10:00Z \(account acct-amorgan\) lasted 30\.0 h without a break \(rule fires at 24 h\)/],
    quiet: (p) => void p.events.push(login('2026-03-14T10:00:00Z', { durationMinutes: 900 })),
  },
  'account.young': {
    fire: (p) => void p.profiles.push({ platform: 'Upwork', handle: 'am-dev', createdAt: tenDaysBefore, displayName: 'Alex Morgan' }),
    evidence: [/Upwork account "am-dev" was created on 2026-02-20, 10 days before the application, first event 2026-03-02 \(rule fires under 90 days\)/],
    quiet: (p) => void p.profiles.push({ platform: 'Upwork', handle: 'am-dev', createdAt: '2025-06-01', displayName: 'Alex Morgan' }),
  },
  'account.name_mismatch': {
    fire: (p) => void p.profiles.push({ platform: 'Upwork', handle: 'rbrown-dev', displayName: 'Robert Brown' }),
    evidence: [/Upwork account "rbrown-dev" is shown under the name "Robert Brown", which matches none of the candidate's names/],
    quiet: (p) => void p.profiles.push({ platform: 'LinkedIn', handle: 'alex-m-morgan', displayName: 'Alex M. Morgan' }),
  },
  'identity.document_name': {
    fire: (p) => void (p.documents[0]!.name = 'Robert Brown'),
    evidence: [/passport P1234567 is made out to "Robert Brown", which matches none of the candidate's names \("Alex Morgan"; best similarity 0\.00, below 0\.7\)/],
    quiet: (p) => void (p.documents[0]!.name = 'MORGAN, ALEX'),
  },
  'identity.document_birth_date': {
    fire: (p) => void p.documents.push({ type: 'driver_license', number: 'MORGA904120AM9', birthDate: '1991-04-12' }),
    evidence: [/driver license MORGA904120AM9 gives birth date 1991-04-12; the profile says 1990-04-12/],
    quiet: (p) => void p.documents.push({ type: 'driver_license', number: 'MORGA904120AM9', birthDate: '1990' }),
  },
  'identity.document_dates': {
    fire: (p) => void (p.documents[0]!.expiresAt = '2025-01-15'),
    evidence: [/passport P1234567 expired on 2025-01-15, before the application, first event 2026-03-02/],
    quiet: (p) => void (p.documents[0]!.expiresAt = '2026-04-15'), // expired since, after it was presented
  },
  'links.shared_contact': {
    fire: () => ({ links: analysis([edge(REF, 'cand-9', [ev('email', 'alex.morgan@northwind.example', 0.9)])]) }),
    evidence: [/e-mail alex\.morgan@northwind\.example shared with cand-9: both give alex\.morgan@northwind\.example \(link weight 0\.90\)/],
    quiet: () => ({ links: analysis([edge(REF, 'cand-9', [ev('phone', '+442079460958', 0.35, 'household landline')])]) }),
  },
  'links.shared_resume': {
    fire: () => ({ links: analysis([edge(REF, 'cand-9', [ev('resume', 'minhash:ab12', 0.9, 'resumes 96% alike')])]) }),
    evidence: [/resume minhash:ab12 shared with cand-9: resumes 96% alike \(link weight 0\.90\)/],
    quiet: () => ({ links: analysis([edge(REF, 'cand-9', [ev('email', 'alex.morgan@northwind.example', 0.9)])]) }),
  },
  'links.operator_cluster': {
    fire: () => {
      const edges = [edge(REF, 'cand-7', [ev('payment', 'GB33BUKB20201555555555', 0.95)]), edge('cand-7', 'cand-8', [ev('device', 'dev-1', 0.9)])];
      return { links: analysis(edges, [cluster([REF, 'cand-7', 'cand-8'], edges, true)]) };
    },
    evidence: [/member of cluster cl-cand-1, judged to be run by one operator: 3 candidates \(cand-1, cand-7, cand-8\), link strength 0\.95; this candidate's links: payment account x1/],
    quiet: () => {
      const edges = [edge(REF, 'cand-7', [ev('ip', '198.51.100.10', 0.45)])];
      return { links: analysis(edges, [cluster([REF, 'cand-7'], edges, false)]) };
    },
  },
};

describe('every rule fires with evidence on a profile made for it, and not on a near miss', () => {
  it('the clean profile fires nothing and is clear', () => {
    const a = assess(base());
    assert.deepEqual(a.signals, []);
    assert.equal(a.score, 0);
    assert.equal(a.level, 'clear');
    assert.deepEqual(a.skipped, []);
    assert.equal(a.rulesVersion, RULES.version);
    assert.equal(a.assessedAt, NOW.toISOString());
  });

  it('every rule in rules.yaml has a case here, and every case a rule', () => {
    assert.deepEqual(Object.keys(CASES).sort(), RULES.rules.map((r) => r.id).sort());
  });

  for (const rule of RULES.rules) {
    const c = CASES[rule.id];
    if (!c) continue;
    it(`${rule.id} (${rule.detector})`, () => {
      const firing = base();
      const fired = assess(firing, c.fire(firing) ?? {});
      const s = signal(fired, rule.id);
      assert.ok(s, `${rule.id} did not fire; fired: ${fired.signals.map((x) => x.rule).join(', ')}`);
      for (const re of c.evidence) assert.ok(s.evidence.some((e) => re.test(e)), `no evidence matching ${re} in ${JSON.stringify(s.evidence, null, 1)}`);
      assert.equal(s.severity, rule.severity);
      assert.equal(s.weight, rule.weight);
      assert.deepEqual(s.citation, rule.citation);
      assert.equal(s.description, rule.description);

      const near = base();
      const quiet = assess(near, c.quiet(near) ?? {});
      assert.equal(signal(quiet, rule.id), undefined, `${rule.id} fired on the near miss: ${JSON.stringify(signal(quiet, rule.id)?.evidence)}`);
    });
  }
});

describe('detector details', () => {
  it('screens identity-document numbers with the person', () => {
    const p = base();
    p.documents.push({ type: 'passport', number: '927 233 445', name: 'Alex Morgan' });
    const s = signal(assess(p), 'sanctions.person');
    assert.ok(s);
    assert.match(s.evidence[0]!, /document[s]? .*927 233 445.* matches listed Person test-song/);
    assert.equal(s.listed?.[0]?.id, 'test-song');
    assert.equal(s.listed?.[0]?.screened, 'person');
  });

  it('a name alone, however close, never blocks and adds nothing to the score; a full birth date that agrees confirms it', () => {
    const p = base();
    p.names = ['SONG Kum-hyok'];
    delete p.birthDate;
    p.documents = [];
    const alone = assess(p);
    assert.equal(signal(alone, 'sanctions.person'), undefined);
    assert.ok(signal(alone, 'sanctions.person_name_only'));
    assert.equal(alone.level, 'review');
    // The score is that of the other signals (the name differs from the profile's other names).
    const others = alone.signals.filter((s) => s.rule !== 'sanctions.person_name_only');
    assert.equal(alone.score, Math.round(100 * (1 - others.reduce((r, s) => r * (1 - s.weight), 1))));
    p.birthDate = '1987'; // the listed year only: one person in a few dozen shares it
    assert.equal(assess(p).level, 'review');
    assert.ok(signal(assess(p), 'sanctions.person_name_only'));
    p.birthDate = '1987-08-30'; // the listed date
    const dated = assess(p);
    assert.ok(signal(dated, 'sanctions.person'));
    assert.equal(dated.level, 'block');
  });

  it('reports the listed entity behind a sanctions signal', () => {
    const p = base();
    p.emails.push('song.kh@mail.example');
    const s = signal(assess(p), 'sanctions.email')!;
    assert.deepEqual(
      { id: s.listed![0]!.id, caption: s.listed![0]!.caption, value: s.listed![0]!.value, score: s.listed![0]!.score },
      { id: 'test-song', caption: 'Song Kum Hyok', value: 'song.kh@mail.example', score: 1 },
    );
  });

  it('takes an employer for a listed one only on its distinctive words, matched exactly, unless told otherwise', () => {
    const index = ScreeningIndex.build([
      ...ENTITIES,
      { id: 'test-globanty', schema: 'Company', caption: 'GLOBANTY S.A.S.', datasets: ['test'], properties: { name: ['GLOBANTY S.A.S.'] } },
      { id: 'test-redut', schema: 'Organization', caption: 'Redut', datasets: ['test'], properties: { name: ['Private Military Company Redut'], alias: ['Redut Security LLC'] } },
      { id: 'test-geumpungri', schema: 'Organization', caption: 'Shenyang Geumpungri Network Technology Co., Ltd', datasets: ['test'], properties: { name: ['Shenyang Geumpungri Network Technology Co., Ltd'] } },
    ]);
    for (const [employer, hit] of [
      ['Redwood Security Inc.', undefined],
      ['Fjord Consulting', undefined],
      ['Shenyang Kumpungri Network Technology', 'test-geumpungri'],
      ['Redut Security', 'test-redut'],
    ] as const) {
      const e = base();
      e.employers.push({ name: employer });
      assert.equal(signal(assess(e, { index }), 'sanctions.employer')?.listed?.[0]?.id, hit, employer);
    }
    const p = base();
    p.employers.push({ name: 'Globant' });
    assert.equal(signal(assess(p, { index }), 'sanctions.employer'), undefined);
    const file = join(tmp.dir, 'any-hit.yaml');
    writeFileSync(file, 'rules:\n  - id: sanctions.employer\n    params: { strictNames: false }\n');
    assert.match(signal(assess(p, { index, rules: loadRules([file]) }), 'sanctions.employer')!.evidence[0]!, /employer "Globant" matches listed Company test-globanty/);
    // Generic words matching exactly do not make up for a misspelt distinctive one...
    const q = base();
    q.employers.push({ name: 'Yanbain Silverstar Network Technology' });
    assert.equal(signal(assess(q, { index }), 'sanctions.employer'), undefined);
    // ...while the distinctive words alone, exactly, make a possible match for an analyst.
    const r = base();
    r.employers.push({ name: 'Silverstar Network Technology' });
    assert.equal(signal(assess(r, { index }), 'sanctions.employer'), undefined);
    assert.ok(signal(assess(r, { index }), 'sanctions.employer_possible'));
  });

  it('reads a joint account as the candidate\'s, and leaves company accounts to the reviewer', () => {
    for (const holder of ['Alex Morgan and Sam Lee', 'Sam Lee & Alex Morgan', 'Morgan Dev Ltd', 'ALEX MORGAN CONSULTING LLC']) {
      const p = base();
      p.payments[0]!.holderName = holder;
      assert.equal(signal(assess(p), 'payment.holder_mismatch'), undefined, holder);
    }
    const p = base();
    p.payments[0]!.holderName = 'Sam Lee and Robert Brown';
    assert.ok(signal(assess(p), 'payment.holder_mismatch'));
    const file = join(tmp.dir, 'companies.yaml');
    writeFileSync(file, 'rules:\n  - id: payment.holder_mismatch\n    params: { companyMarkers: [] }\n');
    p.payments[0]!.holderName = 'Kestrel Consulting Co., Ltd.';
    assert.ok(signal(assess(p, { rules: loadRules([file]) }), 'payment.holder_mismatch'));
    assert.equal(signal(assess(p), 'payment.holder_mismatch'), undefined);
  });

  it('reads shortened display names ("Alex M.") and nicknames as no other person\'s name', () => {
    for (const [shown, fires] of [
      ['Alex M.', false],
      ['A. Morgan', false],
      ['devmaster', false],
      ['R. Brown', true],
      ['Robert B.', true],
      ['Robert Morgan', true],
    ] as const) {
      const p = base();
      p.profiles[0]!.displayName = shown;
      assert.equal(signal(assess(p), 'account.name_mismatch') !== undefined, fires, shown);
    }
  });

  it('leaves VPN exits out of the geography rules (hosting_ip counts them), unless a user file counts them', () => {
    const p = base();
    // During the day's home sessions (10:00-18:00 from GB), logins through a US VPN exit.
    for (const d of ['03', '04', '05', '06']) p.events.push(login(`2026-03-${d}T10:30:00Z`, { ip: '192.0.2.44', ipCountry: 'US', ipKind: 'vpn' }));
    const a = assess(p);
    assert.equal(signal(a, 'network.country_mismatch'), undefined);
    assert.equal(signal(a, 'network.impossible_travel'), undefined);
    assert.ok(signal(a, 'network.hosting_ip'));
    const file = join(tmp.dir, 'count-vpn.yaml');
    writeFileSync(
      file,
      ['rules:', '  - id: network.country_mismatch', '    params: { ignoreIpKinds: [] }', '  - id: network.impossible_travel', '    params: { ignoreIpKinds: [TOR] }', ''].join('\n'),
    );
    const b = assess(p, { rules: loadRules([file]) });
    assert.ok(signal(b, 'network.country_mismatch'));
    assert.match(signal(b, 'network.impossible_travel')!.evidence[0]!, /\(GB\) on 2026-03-03T10:00Z and from 192\.0\.2\.44 \(US\) on 2026-03-03T10:30Z: the sessions overlap/);
  });

  it('impossible travel: a phone roaming on its home carrier is not a second place; a home broadband login is', () => {
    const p = base();
    // Abroad in Singapore on the hotel's network, the phone's data leaves through the UK carrier.
    p.events.push(login('2026-03-14T10:00:00Z', { ip: '192.0.2.80', ipCountry: 'SG', durationMinutes: 60 }));
    p.events.push(login('2026-03-14T10:30:00Z', { ip: '203.0.113.5', ipCountry: 'GB', ipKind: 'mobile' }));
    assert.equal(signal(assess(p), 'network.impossible_travel'), undefined);
    p.events.push(login('2026-03-14T10:45:00Z', { ip: '198.51.100.10', ipCountry: 'GB', ipKind: 'residential' }));
    assert.match(signal(assess(p), 'network.impossible_travel')!.evidence[0]!, /\(SG\) on 2026-03-14T10:00Z and from 198\.51\.100\.10 \(GB\) on 2026-03-14T10:45Z: the sessions overlap/);
  });

  it('does not count accounts or numbers created after the application', () => {
    const p = base();
    p.profiles.push({ platform: 'GitHub', handle: 'am-work', createdAt: '2026-04-01' });
    p.phones.push({ number: '+44 7911 123456', issuedAt: '2026-04-01' });
    const a = assess(p);
    assert.equal(signal(a, 'account.young'), undefined);
    assert.equal(signal(a, 'phone.recent'), undefined);
  });

  it('measures ages to the stated application date when the profile has one', () => {
    const p = base();
    p.profiles.push({ platform: 'GitHub', handle: 'am-work', createdAt: '2026-04-01' });
    p.appliedAt = '2026-04-20';
    const young = signal(assess(p), 'account.young');
    assert.ok(young);
    assert.match(young.evidence[0]!, /created on 2026-04-01, 19 days before the application, 2026-04-20/);
    p.appliedAt = '2026-12-01';
    assert.equal(signal(assess(p), 'account.young'), undefined, 'eight months old by then');
  });

  it('does not screen public webmail domains', () => {
    const index = ScreeningIndex.build([
      { id: 'odd', schema: 'Organization', caption: 'Odd Listing', datasets: ['test'], properties: { name: ['Odd Listing'], website: ['gmail.com'] } },
    ]);
    const p = base();
    p.emails.push('alex.morgan@gmail.com');
    assert.equal(signal(assess(p, { index }), 'sanctions.domain'), undefined);
  });

  it('counts hosting ranges a user file supplies (IPv4 and IPv6), with their labels', () => {
    const file = join(tmp.dir, 'ranges.yaml');
    writeFileSync(
      file,
      ['version: acme-1', 'rules:', '  - id: network.hosting_ip', '    params:', '      ranges:', '        - { cidr: 203.0.113.0/24, label: Example VPS }', '        - 2001:db8::/32 Example v6 cloud', ''].join('\n'),
    );
    const rules = loadRules([file]);
    const p = base();
    p.events.push(login('2026-03-02T04:10:00Z', { ip: '203.0.113.7', ipKind: undefined }));
    p.events.push(login('2026-03-04T04:10:00Z', { ip: '2001:db8:0:1::5', ipKind: 'residential' }));
    p.events.push(login('2026-03-05T04:10:00Z', { ip: '::ffff:203.0.113.9' }));
    const s = signal(assess(p, { rules }), 'network.hosting_ip');
    assert.deepEqual(s?.evidence, [
      'login from 203.0.113.7 (hosting range 203.0.113.0/24 "Example VPS") on 2026-03-02T04:10Z',
      'login from 2001:db8:0:1::5 (hosting range 2001:db8::/32 "Example v6 cloud") on 2026-03-04T04:10Z',
      'login from ::ffff:203.0.113.9 (hosting range 203.0.113.0/24 "Example VPS") on 2026-03-05T04:10Z',
    ]);
    // Without the user's ranges the built-in rule knows no provider ranges.
    assert.equal(signal(assess(p), 'network.hosting_ip'), undefined);
  });

  it('sees overlapping sessions from two countries as impossible travel', () => {
    const p = base();
    p.events.push(login('2026-03-14T10:00:00Z', { durationMinutes: 120 }));
    p.events.push(login('2026-03-14T11:00:00Z', { ip: '192.0.2.80', ipCountry: 'SG', account: 'acct-amorgan' }));
    assert.match(signal(assess(p), 'network.impossible_travel')!.evidence[0]!, /: the sessions overlap$/);
    // Two different accounts are not one person travelling.
    const q = base();
    q.events.push(login('2026-03-14T10:00:00Z', { durationMinutes: 120, account: 'acct-a' }));
    q.events.push(login('2026-03-14T11:00:00Z', { ip: '192.0.2.80', ipCountry: 'SG', account: 'acct-b' }));
    assert.equal(signal(assess(q), 'network.impossible_travel'), undefined);
  });

  it('judges working hours in the claimed time zone, daylight saving included', () => {
    // 23:30 UTC in July is 08:30 in Tokyo (claimed): working hours there, no signal...
    const p = base();
    p.claimedLocation = { country: 'JP', timeZone: 'Asia/Tokyo' };
    p.events = [];
    for (let d = 1; d <= 12; d++) p.events.push(login(`2026-07-${String(d).padStart(2, '0')}T23:30:00Z`, { ipCountry: 'JP' }));
    assert.equal(signal(assess(p), 'activity.night_hours'), undefined);
    // ...but 00:30 in London (BST): the claimed night.
    p.claimedLocation = { country: 'GB', timeZone: 'Europe/London' };
    assert.ok(signal(assess(p), 'activity.night_hours'));
    // Fewer events than minEvents: no judgement.
    p.events = p.events.slice(0, 9);
    assert.equal(signal(assess(p), 'activity.night_hours'), undefined);
    // An unknown time zone: no judgement either.
    p.claimedLocation = { timeZone: 'Mars/Olympus_Mons' };
    assert.equal(signal(assess(p), 'activity.night_hours'), undefined);
  });

  it('compares birth dates between documents when the profile gives none', () => {
    const p = base();
    delete p.birthDate;
    p.documents.push({ type: 'national_id', number: 'ID-99-1', birthDate: '1992-01-01' });
    assert.deepEqual(signal(assess(p), 'identity.document_birth_date')?.evidence, [
      'passport P1234567 gives birth date 1990-04-12; national id ID-99-1 gives 1992-01-01',
    ]);
  });

  it('flags a document issued after it expires', () => {
    const p = base();
    p.documents[0]!.issuedAt = '2031-01-01';
    const s = signal(assess(p), 'identity.document_dates');
    assert.ok(s?.evidence.includes('passport P1234567 was issued on 2031-01-01, after its expiry date 2030-01-15'));
    assert.ok(s?.evidence.includes('passport P1234567 has an issue date in the future (2031-01-01)'));
  });

  it('uses the assessment time as the application time when a profile has no events', () => {
    const p = base();
    p.events = [];
    p.profiles.push({ platform: 'GitHub', handle: 'x', createdAt: '2026-05-20' });
    assert.match(signal(assess(p), 'account.young')!.evidence[0]!, /12 days before the assessment, 2026-06-01/);
  });

  it('keeps at most SCORING.maxEvidence evidence items per signal', () => {
    const p = base();
    for (let i = 0; i < 30; i++) p.events.push(login(`2026-03-20T${String(i % 24).padStart(2, '0')}:00:00Z`, { ip: `192.0.2.${i + 1}`, ipKind: 'vpn' }));
    const s = signal(assess(p), 'network.hosting_ip')!;
    assert.equal(s.evidence.length, SCORING.maxEvidence);
    assert.equal(s.evidence.at(-1), `... and ${30 - SCORING.maxEvidence + 1} more`);
  });
});

describe('scoring and levels', () => {
  const weightOf = (id: string) => RULES.rules.find((r) => r.id === id)!.weight;

  it('combines weights as 1 - product(1 - w), and sets the level by the documented thresholds', () => {
    const p = base();
    CASES['network.hosting_ip']!.fire(p); // 0.25
    let a = assess(p);
    assert.deepEqual(a.signals.map((s) => s.rule), ['network.hosting_ip']);
    assert.equal(a.score, Math.round(100 * weightOf('network.hosting_ip')));
    assert.equal(a.level, a.score >= SCORING.reviewAt ? 'review' : 'clear');

    CASES['phone.voip']!.fire(p); // + 0.15
    CASES['identity.document_name']!.fire(p); // + 0.4
    CASES['network.impossible_travel']!.fire(p); // + 0.35
    a = assess(p);
    const ids = ['phone.voip', 'network.hosting_ip', 'network.impossible_travel', 'identity.document_name'];
    assert.deepEqual(a.signals.map((s) => s.rule).sort(), [...ids].sort());
    const expected = Math.round(100 * (1 - ids.reduce((r, id) => r * (1 - weightOf(id)), 1)));
    assert.equal(a.score, expected);
    assert.ok(a.score >= SCORING.highAt);
    assert.equal(a.level, 'high');
  });

  it('a single low-weight indicator stays clear', () => {
    const p = base();
    CASES['phone.recent']!.fire(p);
    const a = assess(p);
    assert.equal(a.score, 10);
    assert.equal(a.level, 'clear');
  });

  it('lists signals in rule-file order', () => {
    const p = base();
    CASES['identity.document_name']!.fire(p);
    CASES['payment.holder_mismatch']!.fire(p);
    CASES['phone.voip']!.fire(p);
    const order = RULES.rules.map((r) => r.id);
    const fired = assess(p).signals.map((s) => s.rule);
    assert.deepEqual(fired, [...fired].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
  });

  for (const id of ['sanctions.person', 'sanctions.employer', 'sanctions.wallet', 'sanctions.email']) {
    it(`a hit by ${id} blocks`, () => {
      const p = base();
      CASES[id]!.fire(p);
      const a = assess(p);
      assert.equal(a.level, 'block');
      assert.equal(a.score, 100);
    });
  }

  it('a critical rule blocks even when a user lowers its weight', () => {
    const file = join(tmp.dir, 'low-weight.yaml');
    writeFileSync(file, 'rules:\n  - id: sanctions.employer\n    weight: 0.1\n');
    const p = base();
    CASES['sanctions.employer']!.fire(p);
    const a = assess(p, { rules: loadRules([file]) });
    assert.equal(a.score, 10);
    assert.equal(a.level, 'block');
  });

  it('membership in an operator cluster is at least high, and the cluster is reported with this candidate\'s edges', () => {
    const p = base();
    const ctx = CASES['links.operator_cluster']!.fire(p) as Ctx;
    const a = assess(p, ctx);
    assert.equal(a.score, 73); // operator cluster 0.5 + shared payment 0.45
    assert.equal(a.level, 'high');
    assert.equal(a.cluster?.id, 'cl-cand-1');
    assert.equal(a.cluster?.operator, true);
    assert.deepEqual(a.cluster?.members, ['cand-1', 'cand-7', 'cand-8']);
    assert.deepEqual(a.cluster?.edges.map((e) => [e.a, e.b]), [['cand-1', 'cand-7']]);
    assert.equal(a.cluster?.edges[0]!.evidence[0]!.kind, 'payment');

    // Even with the cluster rule disabled and nothing else firing, the floor holds.
    const file = join(tmp.dir, 'no-cluster-rule.yaml');
    writeFileSync(file, 'rules:\n  - id: links.operator_cluster\n    enabled: false\n  - id: payment.shared\n    enabled: false\n');
    const b = assess(p, { ...ctx, rules: loadRules([file]) });
    assert.deepEqual(b.signals, []);
    assert.equal(b.score, 0);
    assert.equal(b.level, 'high');
  });

  it('a weak-only cluster is reported but sets no floor', () => {
    const p = base();
    const a = assess(p, CASES['links.operator_cluster']!.quiet(p) as Ctx);
    assert.equal(a.cluster?.operator, false);
    assert.equal(a.level, 'clear');
  });

  it('skips, and says so, the rules whose context is missing', () => {
    const a = assessCandidate(base(), { now: NOW, rules: RULES });
    const needIndex = RULES.rules.filter((r) => DETECTORS.get(r.detector)!.needs.includes('index')).map((r) => r.id);
    const needLinks = RULES.rules.filter((r) => DETECTORS.get(r.detector)!.needs.includes('links')).map((r) => r.id);
    assert.deepEqual(a.skipped.map((s) => s.rule).sort(), [...needIndex, ...needLinks].sort());
    assert.equal(a.skipped.find((s) => s.rule === 'sanctions.person')?.reason, 'no sanctions list index');
    assert.equal(a.skipped.find((s) => s.rule === 'payment.shared')?.reason, 'no link analysis');
    assert.equal(a.cluster, undefined);
  });

  it('neither changes nor minds a frozen profile', () => {
    const p = base();
    CASES['identity.document_name']!.fire(p);
    const deepFreeze = <T>(o: T): T => {
      if (o && typeof o === 'object') {
        for (const v of Object.values(o)) deepFreeze(v);
        Object.freeze(o);
      }
      return o;
    };
    const before = JSON.stringify(p);
    const a = assess(deepFreeze(p));
    assert.ok(signal(a, 'identity.document_name'));
    assert.equal(JSON.stringify(p), before);
  });
});

describe('fairness guard at run time', () => {
  const det = DETECTORS.get('document_name_mismatch')!;

  it('lets a detector read what it declares', () => {
    const view = guardProfile(structuredClone(base()), det);
    assert.equal(view.names[0], 'Alex Morgan');
    assert.equal(view.documents[0]!.name, 'Alex Morgan');
    assert.equal(view.ref, REF);
  });

  it('throws when a detector reads a field it did not declare, the notes, or a document\'s country', () => {
    const view = guardProfile(structuredClone(base()), det);
    assert.throws(() => view.payments, FairnessError);
    assert.throws(() => view.notes, FairnessError);
    assert.throws(() => view.documents[0]!.country, /document_name_mismatch read "documents.country": no signal may rest on it/);
    assert.throws(() => view.documents.map((d) => d.country), FairnessError);
    const all = guardProfile(structuredClone(base()), { name: 'everything', reads: ['names', 'documents', 'events', 'payments'] });
    assert.throws(() => all.notes, FairnessError);
  });

  it('is read-only: a detector cannot change the profile', () => {
    const view = guardProfile(structuredClone(base()), det);
    assert.throws(() => {
      view.names.push('X');
    }, TypeError);
    assert.throws(() => {
      (view.documents[0] as { name?: string }).name = 'X';
    }, TypeError);
    assert.throws(() => {
      (view as { names: string[] }).names = [];
    }, TypeError);
  });

  it('every detector runs on the clean profile under the guard without touching undeclared fields', () => {
    for (const rule of RULES.rules) {
      const d = DETECTORS.get(rule.detector)!;
      assert.doesNotThrow(() => d.run(guardProfile(structuredClone(base()), d), { now: NOW, index: INDEX, links: UNRELATED }, rule.params), rule.id);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Rule files

describe('the built-in rule file', () => {
  it('is versioned, and every rule is complete and cites a dated public source', () => {
    assert.match(RULES.version, /^\d{4}-\d{2}-\d{2}\.\d+$/);
    assert.equal(RULES.files[0], builtinRulesPath());
    assert.equal(new Set(RULES.rules.map((r) => r.id)).size, RULES.rules.length);
    for (const r of RULES.rules) {
      assert.ok(DETECTORS.has(r.detector), r.id);
      assert.ok(r.description.length > 10, r.id);
      assert.ok(r.weight >= 0 && r.weight <= 1, r.id);
      // A rule that weighs nothing must still do something: set the level to review at least.
      if (r.weight === 0) assert.equal(r.severity, SCORING.reviewSeverity, r.id);
      assert.ok(r.evidence.length > 0, r.id);
      assert.ok(r.citation.source.length > 10 && r.citation.agencies.length > 0, r.id);
      assert.match(r.citation.date, /^20\d\d-\d\d-\d\d$/, r.id);
      assert.equal(r.enabled, true, r.id);
    }
    const voip = RULES.rules.find((r) => r.id === 'phone.voip')!;
    assert.equal(voip.citation.date, '2022-05-16'); // merged from the anchor
    assert.match(voip.citation.note ?? '', /confirm/);
  });

  it('covers the red flags of the issue', () => {
    const detectors = new Set(RULES.rules.map((r) => r.detector));
    for (const d of [
      'sanctions_person', 'sanctions_employer', 'sanctions_wallet', 'sanctions_email', 'sanctions_domain', 'payment_holder_mismatch',
      'shipping_differs', 'voip_phone', 'recent_phone', 'hosting_ip', 'login_country_mismatch', 'remote_access_tool', 'impossible_travel',
      'night_activity', 'young_accounts', 'profile_name_mismatch', 'crypto_payment_request', 'document_name_mismatch',
      'document_birthdate_mismatch', 'document_dates', 'shared_links', 'operator_cluster',
    ]) {
      assert.ok(detectors.has(d), d);
    }
    const shared = RULES.rules.filter((r) => r.detector === 'shared_links').flatMap((r) => r.params.kinds as string[]);
    for (const k of ['payment', 'wallet', 'shipping_address']) assert.ok(shared.includes(k), k);
  });

  it('is found from src/ under tsx and from dist/ after a build (tsc does not copy .yaml files)', () => {
    const expected = join(REPO_ROOT, 'src', 'hiring', 'rules.yaml');
    assert.equal(builtinRulesPath(pathToFileURL(join(REPO_ROOT, 'src', 'hiring', 'rules.ts')).href), expected);
    assert.equal(builtinRulesPath(pathToFileURL(join(REPO_ROOT, 'dist', 'hiring', 'rules.js')).href), expected);
  });
});

describe('user rule files', () => {
  function write(name: string, text: string): string {
    const file = join(tmp.dir, name);
    writeFileSync(file, text);
    return file;
  }

  function errorOf(fn: () => unknown): RulesError {
    try {
      fn();
    } catch (err) {
      if (err instanceof RulesError) return err;
      throw err;
    }
    assert.fail('no RulesError thrown');
  }

  it('override params, severity and weight by id, merged key by key; the version records the file', () => {
    const file = write(
      'override.yaml',
      ['version: acme-2026-12', 'rules:', '  - id: network.impossible_travel', '    severity: critical', '    weight: 0.9', '    params: { minTravelHours: 14 }', ''].join('\n'),
    );
    const rules = loadRules([file]);
    assert.equal(rules.version, `${RULES.version}+acme-2026-12`);
    assert.deepEqual(rules.files, [builtinRulesPath(), file]);
    const r = rules.rules.find((x) => x.id === 'network.impossible_travel')!;
    assert.equal(r.severity, 'critical');
    assert.equal(r.weight, 0.9);
    assert.deepEqual(r.params, { minTravelHours: 14, ignoreIpKinds: ['vpn', 'proxy', 'tor', 'hosting'], roamingIpKinds: ['mobile', 'cellular'] });
    assert.deepEqual(r.overriddenBy, [file]);
    // The 12 h 40 min gap of the near-miss case is now too short to travel.
    const p = base();
    CASES['network.impossible_travel']!.quiet(p);
    const a = assess(p, { rules });
    assert.match(signal(a, 'network.impossible_travel')!.evidence[0]!, /under 14 h/);
    assert.equal(a.level, 'block');
    // Unmentioned parameters keep their built-in values.
    const merged = loadRules([write('partial.yaml', 'rules:\n  - id: activity.night_hours\n    params: { minShare: 0.8 }\n')]);
    assert.deepEqual(merged.rules.find((x) => x.id === 'activity.night_hours')!.params, {
      nightStart: 22, nightEnd: 6, minEvents: 10, minShare: 0.8, workStart: 9, workEnd: 18,
    });
  });

  it('a string parameter with a fixed set of values refuses any other, naming them', () => {
    const file = write('corroboration.yaml', 'rules:\n  - id: sanctions.person\n    params: { corroboration: maybe }\n');
    const err = errorOf(() => loadRules([file]));
    assert.match(err.message, /sanctions\.person.*corroboration.*must be one of any, required, absent/s);
    // 'any' is accepted: a site that wants name-only matches to block may say so, in its own file.
    const any = loadRules([write('corroboration-any.yaml', 'rules:\n  - id: sanctions.person\n    params: { corroboration: any }\n')]);
    const p = base();
    CASES['sanctions.person_name_only']!.fire(p);
    assert.equal(assess(p, { rules: any }).level, 'block');
    assert.notEqual(assess(p).level, 'block');
  });

  it('disable rules with enabled: false; a later file can enable them again', () => {
    const off = write('off.yaml', 'rules:\n  - id: phone.voip\n    enabled: false\n');
    const rules = loadRules([off]);
    assert.equal(rules.rules.find((r) => r.id === 'phone.voip')!.enabled, false);
    assert.match(rules.version, new RegExp(`^${RULES.version.replace(/\./g, '\\.')}\\+sha256:[0-9a-f]{8}$`));
    const p = base();
    CASES['phone.voip']!.fire(p);
    assert.equal(signal(assess(p, { rules }), 'phone.voip'), undefined);
    const on = write('on.yaml', 'rules:\n  - id: phone.voip\n    enabled: true\n');
    assert.ok(signal(assess(p, { rules: loadRules([off, on]) }), 'phone.voip'));
  });

  it('add new rules on the known detectors, with their own citation', () => {
    const file = write(
      'new.yaml',
      [
        'version: acme-3',
        'rules:',
        '  - id: acme.shared_home',
        '    description: A home address given by other candidates too.',
        '    severity: medium',
        '    weight: 0.2',
        '    detector: shared_links',
        '    params: { kinds: [home_address], minWeight: 0.3 }',
        '    evidence: [links]',
        '    citation:',
        '      source: ACME insider-risk policy 4.2',
        '      agencies: ACME Security',
        '      date: 2026-09-01',
        '',
      ].join('\n'),
    );
    const rules = loadRules([file]);
    assert.equal(rules.rules.at(-1)!.id, 'acme.shared_home');
    assert.deepEqual(rules.rules.at(-1)!.citation, { source: 'ACME insider-risk policy 4.2', agencies: ['ACME Security'], date: '2026-09-01' });
    const a = assess(base(), { rules, links: analysis([edge(REF, 'cand-5', [ev('home_address', '12 baker st london nw1 6xe', 0.35, 'given by 4 profiles')])]) });
    assert.deepEqual(signal(a, 'acme.shared_home')?.evidence, ['home address 12 baker st london nw1 6xe shared with cand-5: given by 4 profiles (link weight 0.35)']);
  });

  it('report every problem with the file, line, rule id and field', () => {
    const file = write(
      'bad.yaml',
      [
        'version: bad-1', // 1
        'rules:', // 2
        '  - id: acme.one', // 3
        '    description: Something.', // 4
        '    severity: severe', // 5
        '    weight: 2', // 6
        '    detector: crystal_ball', // 7
        '    evidence: [names]', // 8
        '    citation: { source: ACME policy, agencies: [ACME], date: 26 Sep 2026 }', // 9
        '  - id: network.hosting_ip', // 10
        '    params:', // 11
        '      ranges: [203.0.113.0/24, 300.1.2.0/24]', // 12
        '      speed: 3', // 13
        '  - id: sanctions.person', // 14
        '    detector: shared_links', // 15
        '  - id: acme.two', // 16
        '    description: Another.', // 17
        '    severity: low', // 18
        '    weight: 0.1', // 19
        '    detector: voip_phone', // 20
        '    evidence: [events.login.ip]', // 21
        '    wieght: 0.2', // 22
        '  - id: acme.two', // 23
        '',
      ].join('\n'),
    );
    const err = errorOf(() => loadRules([file]));
    const text = err.message;
    const expect = (re: RegExp) => assert.match(text, re, text);
    expect(/bad\.yaml:5: rule "acme\.one": severity: must be one of low, medium, high, critical/);
    expect(/bad\.yaml:6: rule "acme\.one": weight: must be a number from 0 to 1/);
    expect(/bad\.yaml:7: rule "acme\.one": detector: unknown detector "crystal_ball" \(known: sanctions_person, /);
    expect(/bad\.yaml:9: rule "acme\.one": citation\.date: must be a date YYYY-MM-DD/);
    expect(/bad\.yaml:12: rule "network\.hosting_ip": params\.ranges\[1\]: "300\.1\.2\.0\/24" is not an IPv4 or IPv6 CIDR range/);
    expect(/bad\.yaml:13: rule "network\.hosting_ip": params\.speed: unknown parameter for detector hosting_ip \(known: ranges, ipKinds\)/);
    expect(/bad\.yaml:15: rule "sanctions\.person": detector: cannot be changed for existing rule "sanctions\.person"/);
    expect(/bad\.yaml:16: rule "acme\.two": citation: is required for a new rule/);
    expect(/bad\.yaml:21: rule "acme\.two": evidence\[0\]: "events\.login\.ip" is not something detector voip_phone reads/);
    expect(/bad\.yaml:22: rule "acme\.two": wieght: unknown field/);
    expect(/bad\.yaml:23: rule "acme\.two": id: is defined twice in this file/);
    assert.ok(err.issues.every((i) => i.file === file));
  });

  it('reject YAML that does not parse, files that do not exist, and a bad top level', () => {
    const syntax = write('syntax.yaml', 'rules:\n  - id: a\n    weight: [1, 2\n');
    assert.match(errorOf(() => loadRules([syntax])).message, /syntax\.yaml:\d+: not valid YAML/);
    assert.match(errorOf(() => loadRules([join(tmp.dir, 'missing.yaml')])).message, /missing\.yaml: cannot be read/);
    const list = write('list.yaml', '- id: a\n');
    assert.match(errorOf(() => loadRules([list])).message, /list\.yaml: must be a mapping with `version` and `rules`/);
    const noRules = write('norules.yaml', 'version: 1\nrulez: []\n');
    const msg = errorOf(() => loadRules([noRules])).message;
    assert.match(msg, /norules\.yaml:2: rulez: unknown key/);
    assert.match(msg, /norules\.yaml: rules: must be a list of rules/);
    const kinds = write('kinds.yaml', 'rules:\n  - id: payment.shared\n    params: { kinds: [payment, fax] }\n');
    assert.match(errorOf(() => loadRules([kinds])).message, /kinds\.yaml:3: rule "payment\.shared": params\.kinds\[1\]: "fax" is not a link kind/);
  });

  it('the built-in file itself must carry a version', () => {
    const file = write('builtin.yaml', 'rules: []\n');
    assert.match(errorOf(() => loadRules([], { builtin: file })).message, /builtin\.yaml: version: is required in the built-in rule file/);
  });
});

// ---------------------------------------------------------------------------------------------
// The real OFAC list

const NOV = listFile('ofac-sdn-advanced', 'sdn_advanced_2025-11-19.xml.gz');

describe('on the real OFAC SDN list (2025-11-19)', { skip: existsSync(NOV) ? false : `missing ${NOV}` }, () => {
  let index: ScreeningIndex;

  before(async () => {
    const store = await openStore({ kind: 'sqlite', file: ':memory:' });
    try {
      const outcome = await importList(store, { dataset: 'us_ofac_sdn', files: [NOV] });
      const entities: Entity[] = [];
      for await (const batch of store.entitiesOfVersion(outcome.version.id)) entities.push(...batch);
      index = ScreeningIndex.build(entities);
    } finally {
      await store.close();
    }
  });

  it('blocks a candidate whose past employer is the front company Yanbian Silverstar Network Technology', () => {
    const p = base();
    p.employers.push({ name: 'Yanbian Silverstar Network Technology', country: 'CN', from: '2019', to: '2022' });
    const a = assess(p, { index });
    const s = signal(a, 'sanctions.employer');
    assert.ok(s, JSON.stringify(a.signals.map((x) => x.rule)));
    assert.match(s.evidence[0]!, /^employer "Yanbian Silverstar Network Technology" matches listed (Organization|Company) us_ofac_sdn-\d+ "[^"]*Silverstar[^"]*" \(us_ofac_sdn; score/i);
    assert.ok(s.listed?.every((l) => l.datasets.includes('us_ofac_sdn')));
    assert.equal(a.level, 'block');
    // The clean profile is clear against the whole list.
    assert.equal(assess(base(), { index }).level, 'clear');
  });
});
