/**
 * Link analysis (src/hiring/links/) on the hard cases of issue 14: innocent sharing that looks
 * like an operator's, and operators that look like innocent sharing.
 *
 * - A staffing agency or employer of record paying its contractors through its own account is
 *   not one operator; a ring paid into a person's account still is, whatever employer it names.
 * - A resume retold in other words and order is a copy; strangers who filled in one public
 *   template are not.
 * - A hosting address a closed team works through is a jump box; a commercial VPN exit that
 *   strangers pass through, and an employer's VPN its staff share, are not.
 *
 * Profiles are built the way a vetting pool holds them: names, contacts, homes, careers,
 * payout accounts and a few weeks of logins, with the shared element written the ways people
 * write it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runRule } from '../src/hiring/assess.js';
import { analyzeLinks, linkKeys, OPERATOR_STRENGTH, type LinkAnalysis, type LinkEvidence, type LinkKind, type LinkOptions } from '../src/hiring/links/index.js';
import { jaccard, lshPairs, MinHasher } from '../src/hiring/minhash.js';
import { emptyProfile, type ActivityEvent, type CandidateProfile, type Employer, type PaymentDestination } from '../src/hiring/profile.js';
import { loadRules } from '../src/hiring/rules.js';
import { Rng } from '../eval/lib/prng.js';

const NOW = new Date('2026-05-01T00:00:00Z');
const RULES = loadRules();
const DAY = 86_400_000;
const HOUR = 3_600_000;

// ---------------------------------------------------------------------------------------------
// People

const GIVEN = ['Amelia', 'Tomasz', 'Priya', 'Kwame', 'Sofia', 'Daniel', 'Yuki', 'Mateo', 'Leila', 'Oskar', 'Hannah', 'Ravi', 'Ines', 'Jonas', 'Chloe', 'Emeka', 'Marta', 'Arjun', 'Lucia', 'Pavel', 'Grace', 'Farid', 'Nora', 'Sven', 'Aisha', 'Diego', 'Elena', 'Kenji', 'Zara', 'Felix'];
const FAMILY = ['Whitfield', 'Kowalczyk', 'Raman', 'Mensah', 'Ferreira', 'Novak', 'Takeda', 'Alvarez', 'Haddad', 'Lindqvist', 'Brennan', 'Iyer', 'Duarte', 'Becker', 'Laurent', 'Okafor', 'Sobczak', 'Menon', 'Romero', 'Dvorak', 'Osei', 'Karimi', 'Hughes', 'Nilsson', 'Bello', 'Castillo', 'Petrova', 'Mori', 'Qureshi', 'Vogel'];
const CITIES: { city: string; country: string; postcode: (r: Rng) => string; street: string[] }[] = [
  { city: 'Leeds', country: 'GB', postcode: (r) => `LS${r.range(1, 28)} ${r.range(1, 9)}${'ABDEFGHJ'[r.int(8)]}${'LNPQRSTU'[r.int(8)]}`, street: ['Kirkstall Road', 'Otley Road', 'Harehills Lane', 'Roundhay Road'] },
  { city: 'Bristol', country: 'GB', postcode: (r) => `BS${r.range(1, 16)} ${r.range(1, 9)}${'ABDEFGHJ'[r.int(8)]}${'LNPQRSTU'[r.int(8)]}`, street: ['Gloucester Road', 'Whiteladies Road', 'North Street', 'Coronation Road'] },
  { city: 'Warsaw', country: 'PL', postcode: (r) => `0${r.range(0, 4)}-${r.range(100, 999)}`, street: ['ul. Grójecka', 'ul. Puławska', 'ul. Marszałkowska', 'ul. Targowa'] },
  { city: 'Lisbon', country: 'PT', postcode: (r) => `1${r.range(0, 9)}00-${r.range(100, 999)}`, street: ['Rua Augusta', 'Avenida da Liberdade', 'Rua do Ouro', 'Rua da Prata'] },
  { city: 'Austin', country: 'US', postcode: (r) => `787${r.range(0, 4)}${r.range(0, 9)}`, street: ['Guadalupe Street', 'Barton Springs Road', 'South Congress Avenue', 'Manor Road'] },
  { city: 'Toronto', country: 'CA', postcode: (r) => `M${r.range(1, 9)}${'ABCEGHJK'[r.int(8)]} ${r.range(1, 9)}${'LMNPRSTV'[r.int(8)]}${r.range(1, 9)}`, street: ['Queen Street West', 'Dundas Street', 'College Street', 'Bloor Street'] },
];
const PREVIOUS_EMPLOYERS = ['Kestrel Interactive Ltd', 'Lattice Data GmbH', 'Harbourline Software', 'Quillon Health Inc.', 'Tessellate Games', 'Orchard Logistics BV', 'Meridian Exchange', 'Saltmarsh Analytics'];

let serial = 0;

interface Person {
  profile: CandidateProfile;
  homeIp: string;
}

/** A candidate of their own: name, mailbox, mobile number, home, a past employer, an account in their name, a home connection. */
function person(r: Rng, ref: string, extra: { current?: Employer; kind?: CandidateProfile['kind'] } = {}): Person {
  const n = ++serial;
  const given = GIVEN[(n * 7) % GIVEN.length]!;
  const family = FAMILY[(n * 11 + 3) % FAMILY.length]!;
  const name = `${given} ${family}`;
  const place = CITIES[n % CITIES.length]!;
  const p = emptyProfile(ref, extra.kind ?? 'contractor');
  p.names = [name];
  p.emails = [`${given.toLowerCase()}.${family.toLowerCase()}${n}@${r.pick(['gmail.com', 'outlook.com', 'proton.me', 'fastmail.com'])}`];
  p.phones = [{ number: `+44 7700 ${String(900000 + n).slice(-6)}`, lineType: 'mobile' }];
  p.homeAddress = { text: `${r.range(2, 180)} ${r.pick(place.street)}, ${place.city} ${place.postcode(r)}`, country: place.country };
  p.claimedLocation = { country: place.country, city: place.city };
  const previous: Employer = { name: PREVIOUS_EMPLOYERS[n % PREVIOUS_EMPLOYERS.length]!, from: `${r.range(2014, 2018)}-0${r.range(1, 9)}`, to: `${r.range(2019, 2022)}-1${r.range(0, 2)}` };
  p.employers = extra.current ? [extra.current, previous] : [previous];
  p.payments = [{ type: 'iban', value: `GB${r.range(10, 99)}BARC2000${String(10_000_000 + n * 7919).slice(-8)}${r.range(10, 99)}`, holderName: name }];
  const homeIp = `81.${(n * 37) % 250}.${(n * 53) % 250}.${(n % 200) + 20}`;
  return { profile: p, homeIp };
}

function login(p: CandidateProfile, at: number, ip: string, ipKind: string, deviceId?: string): void {
  const e: ActivityEvent = { type: 'login', at: new Date(at).toISOString(), ip, ipKind, ...(deviceId ? { deviceId } : {}) };
  p.events.push(e);
}

/** A few weeks of working-day logins from home. */
function homeLogins(r: Rng, x: Person, start: number, days = 20): void {
  for (let d = 0; d < days; d += r.range(1, 3)) login(x.profile, start + d * DAY + r.range(8, 10) * HOUR, x.homeIp, 'residential', `dev-${x.profile.ref}`);
}

// ---------------------------------------------------------------------------------------------
// Resumes: sections, bullets and phrasing varied enough that two people's resumes share little
// beyond common words (3-word-shingle Jaccard about 0.05-0.15, as in real pools).

const OPENERS = ['Designed and built', 'Took over and stabilised', 'Rewrote', 'Led the migration of', 'Owned the roadmap for', 'Introduced automated testing for', 'Scaled', 'Instrumented', 'Reviewed and hardened', 'Planned and delivered', 'Prototyped', 'Untangled', 'Consolidated', 'Cut the running cost of', 'Re-architected', 'Automated releases of', 'Added tracing to', 'Replaced', 'Wrote the first version of', 'Brought order to'];
const SYSTEMS = ['the payments ledger', 'a settlement engine', 'the onboarding portal', 'an internal risk dashboard', 'the order matching service', 'a notification gateway', 'the identity service', 'an ingestion pipeline', 'the mobile banking app', 'a contract audit toolkit', 'the billing platform', 'an event store', 'the fraud scoring service', 'a market data feed handler', 'the merchant analytics portal', 'a custody backend', 'the partner API', 'a search indexer', 'the release tooling', 'a staking rewards calculator', 'the loyalty points engine', 'a document signing flow', 'the warehouse scanner app', 'an options pricing library', 'the tenant screening service', 'a clinic booking system', 'the ad auction bidder', 'a carbon reporting tool', 'the invoice OCR pipeline', 'a ride dispatch optimiser'];
const SKILLS = ['TypeScript', 'Node.js', 'React', 'Go', 'Rust', 'Python', 'PostgreSQL', 'Redis', 'Kafka', 'Docker', 'Kubernetes', 'Terraform', 'AWS', 'GCP', 'GraphQL', 'gRPC', 'Solidity', 'Hardhat', 'Next.js', 'Django', 'FastAPI', 'RabbitMQ', 'Elasticsearch', 'Prometheus', 'Java', 'Kotlin', 'Swift', 'Flutter', 'ClickHouse', 'Airflow'];
const DETAILS = ['working with two product managers and a designer', 'pairing with the security team', 'while mentoring three juniors', 'under a regulatory deadline', 'alongside a vendor team in another time zone', 'behind feature flags', 'after a careful audit of the old code', 'in close contact with the largest customers', 'with a team of four', 'on a small budget', 'during a company-wide replatforming', 'as the only backend developer', 'with an external auditor', 'while the business doubled', 'over two quarters', 'in a difficult legacy codebase'];
const RESULTS = ['cutting response times for merchants', 'ending a class of reconciliation errors', 'so support could resolve tickets alone', 'removing the maintenance window from releases', 'which helped close two enterprise deals', 'and retired the cron jobs behind it', 'halving the infrastructure bill', 'and wrote the runbooks on-call still uses', 'letting finance close the books earlier', 'now the default path for new services', 'now handling peak season without pages', 'adopted by four other teams', 'which auditors accepted first time', 'trimming nightly batches from hours to minutes', 'so new hires could deploy on day one', 'ending a series of weekend outages', 'replacing three spreadsheets', 'with error budgets everyone agreed on', 'still running untouched two years later', 'which unblocked the launch in Brazil'];
const SUMMARY = [
  'Software engineer who likes owning a problem from the first sketch to the production dashboards.',
  'I enjoy systems where correctness matters more than cleverness, mostly around money movement.',
  'Comfortable across the stack but happiest in backend services, data models and the tooling around them.',
  'Known on my teams for writing things down: design notes, runbooks and honest incident reviews.',
  'Looking for a remote role with a small team that ships often and measures what it ships.',
  'Recently focused on distributed systems, queues and the failure modes nobody plans for.',
  'Most of my career has been in fintech and crypto infrastructure, in startups and one large bank.',
  'Used to collaborating asynchronously across continents and time zones.',
  'I care about boring, observable software and teams that can sleep at night.',
  'Equally at ease reading a profiler trace and a contract with a payment provider.',
  'Happiest when a migration ends with less code than it started with.',
  'I like mentoring, pairing and leaving codebases easier to change than I found them.',
];
const ROLES = ['Senior Backend Engineer', 'Software Engineer', 'Full Stack Developer', 'Platform Engineer', 'Blockchain Developer', 'Lead Engineer', 'Backend Developer', 'Site Reliability Engineer'];
const SCHOOLS = ['University of Leeds', 'Warsaw University of Technology', 'University of Toronto', 'Technical University of Munich', 'University of Porto', 'University of Texas at Austin'];

interface Resume {
  name: string;
  contact: string;
  title: string;
  summary: string[];
  jobs: { company: string; role: string; from: number; to?: number; bullets: string[] }[];
  skills: string[];
  education: string;
  skillsFirst: boolean;
}

function makeResume(r: Rng, name: string, email: string): Resume {
  const skills = r.sample(SKILLS, r.range(7, 11));
  const jobs: Resume['jobs'] = [];
  let year = 2025;
  for (let k = 0; k < 3; k++) {
    const from = year - r.range(2, 4);
    const bullets = Array.from({ length: r.range(4, 5) }, () => `${r.pick(OPENERS)} ${r.pick(SYSTEMS)} in ${r.pick(skills)} and ${r.pick(skills)}, ${r.pick(DETAILS)}, ${r.pick(RESULTS)}.`);
    jobs.push({ company: r.pick(PREVIOUS_EMPLOYERS), role: r.pick(ROLES), from, ...(k === 0 ? {} : { to: year }), bullets });
    year = from;
  }
  return { name, contact: email, title: r.pick(ROLES), summary: r.sample(SUMMARY, 3), jobs, skills, education: `B.Sc. Computer Science, ${r.pick(SCHOOLS)}, ${r.range(2008, 2016)}`, skillsFirst: false };
}

function render(d: Resume): string {
  const out = [d.name, `${d.title} | ${d.contact}`, '', 'SUMMARY', d.summary.join(' ')];
  const skills = ['', 'SKILLS', d.skills.join(', ')];
  if (d.skillsFirst) out.push(...skills);
  out.push('', 'EXPERIENCE');
  for (const j of d.jobs) {
    out.push(`${j.role}, ${j.company} (${j.from} – ${j.to ?? 'present'})`);
    for (const b of j.bullets) out.push(`• ${b}`);
  }
  if (!d.skillsFirst) out.push(...skills);
  out.push('', 'EDUCATION', d.education);
  return out.join('\n');
}

/** Words and phrases an operator swaps when retelling a resume under another identity. */
const REWORDINGS: [RegExp, string][] = [
  [/\bDesigned and built\b/g, 'Architected and implemented'],
  [/\bTook over and stabilised\b/g, 'Inherited and stabilized'],
  [/\bRewrote\b/g, 'Rebuilt'],
  [/\bLed the migration of\b/g, 'Drove the migration of'],
  [/\bOwned the roadmap for\b/g, 'Was responsible for the roadmap of'],
  [/\bScaled\b/g, 'Grew'],
  [/\bPrototyped\b/g, 'Built a prototype of'],
  [/\bReplaced\b/g, 'Swapped out'],
  [/\bworking with\b/g, 'collaborating with'],
  [/\bwhile mentoring\b/g, 'while coaching'],
  [/\bunder a regulatory deadline\b/g, 'against a strict compliance deadline'],
  [/\bcutting\b/g, 'reducing'],
  [/\bhalving\b/g, 'cutting in half'],
  [/\bcustomers\b/g, 'clients'],
  [/\bteams?\b/g, 'squad'],
  [/\bservice\b/g, 'microservice'],
  [/\bI enjoy\b/g, 'I like'],
  [/\bmostly\b/g, 'largely'],
  [/\bhappiest\b/g, 'most at home'],
  [/\bcareer\b/g, 'working life'],
  [/\bLooking for\b/g, 'Seeking'],
  [/\bcareful\b/g, 'thorough'],
  [/\bthe largest\b/g, 'our biggest'],
  [/\bwhich\b/g, 'that'],
  [/\bproduction\b/g, 'live'],
  [/\bwriting things down\b/g, 'documenting everything'],
  [/\bsmall\b/g, 'modest'],
  [/\bnow\b/g, 'today'],
  [/\bending\b/g, 'putting an end to'],
];

/** The same resume retold: another name and contact, phrases reworded, bullets and summary reordered, a bullet dropped, skills shuffled, sections moved. */
function retell(r: Rng, d: Resume, name: string, email: string, rate: number): Resume {
  const reword = (s: string): string => {
    let t = s;
    for (const [re, to] of REWORDINGS) t = t.replace(re, (m) => (r.chance(rate) ? to : m));
    return t;
  };
  return {
    ...d,
    name,
    contact: email,
    summary: r.shuffle(d.summary.map(reword)),
    jobs: d.jobs.map((j, k) => ({ ...j, from: j.from + 1, ...(j.to !== undefined ? { to: j.to + 1 } : {}), bullets: r.shuffle(j.bullets.map(reword)).filter((_, i) => k !== 1 || i !== 0) })),
    skills: r.shuffle(d.skills),
    skillsFirst: !d.skillsFirst,
  };
}

/** A resume written into a public template: its headings and stock sentences around one's own content. */
function templated(d: Resume, jobs = d.jobs.length): string {
  const out = [
    d.name,
    `${d.title} | ${d.contact}`,
    '',
    'PROFESSIONAL SUMMARY',
    `Results-driven ${d.title.toLowerCase()} with a proven track record of delivering scalable, high-quality software solutions in fast-paced environments. ` +
      'Adept at collaborating with cross-functional teams to translate business requirements into robust technical designs. ' +
      'Passionate about clean code, continuous learning and process improvement.',
    '',
    'CORE COMPETENCIES',
    d.skills.join(' • '),
    '',
    'PROFESSIONAL EXPERIENCE',
  ];
  for (const j of d.jobs.slice(0, jobs)) {
    out.push(`${j.role} | ${j.company} | ${j.from} – ${j.to ?? 'Present'}`, 'Key Responsibilities:');
    for (const b of j.bullets.slice(0, -1)) out.push(`• ${b}`);
    out.push('Key Achievements:', `• ${j.bullets[j.bullets.length - 1]}`);
  }
  out.push('', 'EDUCATION & CERTIFICATIONS', d.education, 'Certified in agile methodologies and committed to ongoing professional development.', '', 'REFERENCES', 'Available upon request.');
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Helpers over the analysis

function evidenceOf(r: LinkAnalysis, a: string, b: string, kind: LinkKind): LinkEvidence | undefined {
  const [x, y] = a < b ? [a, b] : [b, a];
  return r.edges.find((e) => e.a === x && e.b === y)?.evidence.find((v) => v.kind === kind);
}

function fires(ruleId: string, profile: CandidateProfile, links: LinkAnalysis): boolean {
  const rule = RULES.rules.find((x) => x.id === ruleId);
  assert.ok(rule, ruleId);
  return runRule(rule, profile, { links, now: NOW }) !== undefined;
}

function analyze(people: Person[], options: LinkOptions = {}): LinkAnalysis {
  return analyzeLinks(
    people.map((x) => x.profile),
    { now: NOW, ...options },
  );
}

/** Strangers with nothing in common, as the rest of a pool. */
function background(r: Rng, count: number, prefix: string): Person[] {
  return Array.from({ length: count }, (_, i) => {
    const x = person(r, `${prefix}${String(i).padStart(2, '0')}`, { kind: 'candidate' });
    x.profile.resumeText = render(makeResume(r, x.profile.names[0]!, x.profile.emails[0]!));
    homeLogins(r, x, Date.parse('2026-03-02T00:00:00Z') + r.int(20) * DAY, 10);
    return x;
  });
}

// ---------------------------------------------------------------------------------------------

describe('shared payment accounts: agencies versus rings', () => {
  const start = Date.parse('2026-03-02T00:00:00Z');

  /** Eight contractors of one staffing agency, all paid through its client account (held in its name, written several ways). */
  function agency(r: Rng): Person[] {
    const iban = 'GB33BUKB20201555555555';
    const holders = ['Brightwave Staffing Ltd', 'BRIGHTWAVE STAFFING LTD', 'Brightwave Staffing Ltd - client account', 'Brightwave payroll'];
    return Array.from({ length: 8 }, (_, i) => {
      const x = person(r, `ag${i + 1}`, { current: { name: i % 3 === 0 ? 'Brightwave Staffing Limited' : 'Brightwave Staffing Ltd', role: 'Contract Backend Engineer', from: `2025-0${(i % 8) + 1}` } });
      x.profile.payments = [{ type: 'iban', value: i % 2 ? 'GB33 BUKB 2020 1555 5555 55' : iban, holderName: holders[i % holders.length]!, provider: 'Barclays', since: `2025-0${(i % 8) + 1}-15` }];
      homeLogins(r, x, start + i * DAY);
      return x;
    });
  }

  it('contractors paid through their agency’s own account are not an operator cluster, and payment.shared does not fire', () => {
    const r = new Rng(101);
    const contractors = agency(r);
    // One writes a relative's name as the holder: most say the account is the agency's.
    contractors[6]!.profile.payments[0]!.holderName = 'Halina Sobczak';
    const links = analyze([...contractors, ...background(r, 12, 'bg')]);
    for (const c of contractors) {
      assert.notEqual(links.clusterOf(c.profile.ref)?.operator, true, `${c.profile.ref} is not in an operator cluster`);
      assert.equal(fires('payment.shared', c.profile, links), false, `payment.shared on ${c.profile.ref}`);
      assert.equal(fires('links.operator_cluster', c.profile, links), false);
    }
    const ev = evidenceOf(links, 'ag1', 'ag4', 'payment');
    assert.ok(ev, 'the shared account is still recorded');
    assert.equal(ev.explained, 'office');
    assert.ok(ev.weight < 0.5, `weight ${ev.weight}`);
    assert.match(ev.detail, /both name 'Brightwave Staffing (Ltd|Limited)' as their current employer, and the account is held in its name: an agency or employer of record paying its contractors/);
  });

  it('one who is paid into the agency’s account but names the client as employer is a medium link; the contractors stay apart', () => {
    const r = new Rng(105);
    const contractors = agency(r);
    // Contractors often name the client they work for, not the agency that pays them.
    const odd = person(r, 'odd', { current: { name: 'Kestrel Interactive Ltd', from: '2024-02' } });
    odd.profile.payments = [{ type: 'iban', value: 'GB33BUKB20201555555555', holderName: 'Brightwave Staffing Ltd' }];
    homeLogins(r, odd, start);
    const links = analyze([...contractors, odd]);
    for (const c of contractors) assert.notEqual(links.clusterOf(c.profile.ref)?.operator, true, c.profile.ref);
    assert.notEqual(links.clusterOf('odd')?.operator, true);
    const ev = evidenceOf(links, 'ag1', 'odd', 'payment')!;
    assert.equal(ev.explained, undefined, 'shown as it is, not explained away');
    assert.ok(ev.weight >= 0.4 && ev.weight < 0.5, `weight ${ev.weight}`);
    assert.match(ev.detail, /held in the name of 'Brightwave Staffing (Ltd|Limited)', the current employer of most who give it, which odd does not name/);
    assert.equal(fires('payment.shared', odd.profile, links), false);
  });

  it('an employer of record’s own platform, or an agency’s payout mailbox in its name, explains the account its contractors give', () => {
    const r = new Rng(102);
    const team = Array.from({ length: 5 }, (_, i) => {
      const x = person(r, `eor${i + 1}`, { current: { name: 'Remotely EOR Inc.', role: 'Contractor', from: '2025-11' } });
      x.profile.payments = [{ type: 'payment_platform', value: 'remotely-contractor-payouts', provider: 'Remotely' }];
      homeLogins(r, x, start);
      return x;
    });
    // An agency whose PayPal payout mailbox its contractors give, held in its name.
    const paypal = Array.from({ length: 4 }, (_, i) => {
      const x = person(r, `pp${i + 1}`, { current: { name: 'Lumen Talent Partners LLC', role: 'Contract QA Engineer', from: '2025-08' } });
      x.profile.payments = [{ type: 'payment_platform', value: i % 2 ? 'Payouts@LumenTalent.com' : 'payouts@lumentalent.com', provider: 'PayPal', holderName: 'Lumen Talent Partners' }];
      homeLogins(r, x, start);
      return x;
    });
    const links = analyze([...team, ...paypal]);
    for (const x of [...team, ...paypal]) {
      assert.notEqual(links.clusterOf(x.profile.ref)?.operator, true);
      assert.equal(fires('payment.shared', x.profile, links), false);
    }
    assert.match(evidenceOf(links, 'eor1', 'eor2', 'payment')!.detail, /at its own platform/);
    const mailbox = evidenceOf(links, 'pp1', 'pp2', 'payment')!;
    assert.equal(mailbox.explained, 'office');
    assert.match(mailbox.detail, /both are paid to the account payouts@lumentalent\.com via PayPal .*held in its name/);
  });

  it('a ring paid into a facilitator’s personal account stays an operator cluster, even when it names the agency as employer', () => {
    const r = new Rng(103);
    const contractors = agency(r);
    const account: PaymentDestination = { type: 'payment_platform', value: '@wlei-payouts', provider: 'Wise', holderName: 'Wang Lei' };
    const ring = Array.from({ length: 3 }, (_, i) => {
      const x = person(r, `ring${i + 1}`, { current: { name: 'Brightwave Staffing Ltd', role: 'Backend Engineer', from: '2025-10' } });
      x.profile.payments = [{ ...account, value: i === 1 ? 'WLEI-PAYOUTS' : account.value, since: '2026-02-01' }];
      homeLogins(r, x, start);
      return x;
    });
    const links = analyze([...contractors, ...ring, ...background(r, 10, 'bg')]);
    const c = links.clusterOf('ring1');
    assert.ok(c?.operator, 'the ring is an operator cluster');
    assert.deepEqual(c.members, ['ring1', 'ring2', 'ring3']);
    const ev = evidenceOf(links, 'ring1', 'ring2', 'payment')!;
    assert.equal(ev.explained, undefined);
    assert.ok(ev.weight >= OPERATOR_STRENGTH);
    for (const x of ring) assert.equal(fires('payment.shared', x.profile, links), true);
    for (const x of contractors) assert.notEqual(links.clusterOf(x.profile.ref)?.operator, true, 'the agency’s own contractors stay apart');
  });

  it('no fake employer excuses a ring: a person as "employer", a flagged front company, or an account with no holder named', () => {
    const r = new Rng(104);
    const ringOf = (prefix: string, employer: string, pay: PaymentDestination): Person[] =>
      Array.from({ length: 3 }, (_, i) => {
        const x = person(r, `${prefix}${i + 1}`, { current: { name: employer, from: '2025-06' } });
        x.profile.payments = [pay];
        homeLogins(r, x, start);
        return x;
      });
    // The facilitator written as the employer: an account in a person's name is no agency's.
    const personal = ringOf('pp', 'Li Ming', { type: 'iban', value: 'DE89370400440532013000', holderName: 'Li Ming' });
    // A front company the employer screen flags: its name on the account explains nothing.
    const front = ringOf('fc', 'Silverstar Network Technology Co., Ltd.', { type: 'iban', value: 'NL91ABNA0417164300', holderName: 'Silverstar Network Technology Co., Ltd.' });
    // An account nobody says is the employer's.
    const unnamed = ringOf('un', 'Apex Talent Solutions LLC', { type: 'payment_platform', value: '88120455', provider: 'Payoneer' });
    const links = analyze([...personal, ...front, ...unnamed], { employerRisk: (name) => (/silverstar/i.test(name) ? 'OFAC SDN [DPRK3]' : undefined) });
    for (const ring of [personal, front, unnamed]) {
      const refs = ring.map((x) => x.profile.ref);
      const c = links.clusterOf(refs[0]!);
      assert.ok(c?.operator, `${refs.join(', ')} are an operator cluster`);
      assert.deepEqual(c.members, refs);
      assert.equal(evidenceOf(links, refs[0]!, refs[1]!, 'payment')!.explained, undefined);
    }
  });
});

describe('resumes: retold copies versus one public template', () => {
  it('a resume retold in other words and order under two more identities links them as operator evidence', () => {
    const r = new Rng(201);
    const pool = background(r, 40, 'bg');
    const [a, b, c] = ['op1', 'op2', 'op3'].map((ref) => person(r, ref, { kind: 'candidate' }));
    const original = makeResume(r, a!.profile.names[0]!, a!.profile.emails[0]!);
    a!.profile.resumeText = render(original);
    b!.profile.resumeText = render(retell(r, original, b!.profile.names[0]!, b!.profile.emails[0]!, 0.6));
    c!.profile.resumeText = render(retell(r, original, c!.profile.names[0]!, c!.profile.emails[0]!, 0.6));
    const links = analyze([a!, b!, c!, ...pool]);
    for (const [x, y] of [['op1', 'op2'], ['op1', 'op3'], ['op2', 'op3']] as const) {
      const ev = evidenceOf(links, x, y, 'resume');
      assert.ok(ev, `${x}-${y} linked`);
      const sim = Number(/jaccard (0\.\d\d)/.exec(ev.value)![1]);
      assert.ok(sim >= 0.4 && sim < 0.7, `a retold copy, not a near-duplicate: ${ev.value}`);
      assert.ok(ev.weight >= OPERATOR_STRENGTH, `weight ${ev.weight}`);
      assert.match(ev.detail, /found throughout both texts, in one vocabulary \(\d+% of their distinct words in common\): reworded or reordered, not a shared template/);
    }
    assert.deepEqual(links.clusterOf('op1')?.members, ['op1', 'op2', 'op3']);
    assert.equal(links.clusterOf('op1')?.operator, true);
    assert.equal(fires('links.shared_resume', b!.profile, links), true);
    assert.ok(
      links.edges.every((e) => !e.evidence.some((v) => v.kind === 'resume') || (e.a.startsWith('op') && e.b.startsWith('op'))),
      'no unrelated resume is linked',
    );
    // The stored join keys meet too: the copy bands of long resumes are keys.
    const keys = (p: CandidateProfile) => new Set(linkKeys(p).filter((k) => k.startsWith('s')));
    const ka = keys(a!.profile);
    assert.ok([...keys(b!.profile)].some((k) => ka.has(k)));
  });

  it('retold copies are found among many resumes: every pair of 30 retold pairs in a pool of 300', () => {
    const r = new Rng(202);
    const pool = background(r, 240, 'bg');
    const pairs: [string, string][] = [];
    for (let k = 0; k < 30; k++) {
      const [a, b] = [`cp${String(k).padStart(2, '0')}a`, `cp${String(k).padStart(2, '0')}b`].map((ref) => person(r, ref, { kind: 'candidate' }));
      const original = makeResume(r, a!.profile.names[0]!, a!.profile.emails[0]!);
      a!.profile.resumeText = render(original);
      b!.profile.resumeText = render(retell(r, original, b!.profile.names[0]!, b!.profile.emails[0]!, 0.6));
      pool.push(a!, b!);
      pairs.push([a!.profile.ref, b!.profile.ref]);
    }
    const links = analyze(pool);
    const missed = pairs.filter(([a, b]) => !((evidenceOf(links, a, b, 'resume')?.weight ?? 0) >= OPERATOR_STRENGTH));
    assert.deepEqual(missed, []);
    const resumeEdges = links.edges.filter((e) => e.evidence.some((v) => v.kind === 'resume'));
    assert.equal(resumeEdges.length, pairs.length, 'and no other pair');
  });

  it('strangers who filled in one public resume template are not linked', () => {
    const r = new Rng(203);
    const pool = background(r, 30, 'bg');
    const users = Array.from({ length: 12 }, (_, i) => {
      const x = person(r, `tp${String(i).padStart(2, '0')}`, { kind: 'candidate' });
      const own = makeResume(r, x.profile.names[0]!, x.profile.emails[0]!);
      // Some fill in all their jobs; some only their current one (the template is most of their resume).
      x.profile.resumeText = templated(own, i % 3 === 0 ? 1 : own.jobs.length);
      return x;
    });
    const links = analyze([...users, ...pool]);
    const resumeEdges = links.edges.filter((e) => e.evidence.some((v) => v.kind === 'resume'));
    assert.deepEqual(
      resumeEdges.map((e) => `${e.a}-${e.b}: ${e.evidence.find((v) => v.kind === 'resume')!.detail}`),
      [],
    );
    for (const x of users) assert.equal(fires('links.shared_resume', x.profile, links), false);
  });

  it('vocabulary and coverage tell a retold copy from a shared template', () => {
    const r = new Rng(204);
    const hasher = new MinHasher({ shingle: 3, bins: 120 });
    const d = makeResume(r, 'Ana Ruiz', 'ana@example.com');
    const copy = render(retell(r, d, 'Ben Ode', 'ben@example.com', 0.6));
    const own = render(d);
    const t1 = templated(d);
    const t2 = templated(makeResume(r, 'Cy Park', 'cy@example.com'));
    const covered = (x: string, y: string) => Math.min(hasher.coverage(x, undefined, hasher.shingleSet(y), 6), hasher.coverage(y, undefined, hasher.shingleSet(x), 6));
    const vocabulary = (x: string, y: string) => jaccard(hasher.wordSet(x), hasher.wordSet(y)).similarity;
    assert.ok(covered(own, copy) >= 0.85, `copy ${covered(own, copy)}`);
    assert.ok(vocabulary(own, copy) >= 0.75, `copy ${vocabulary(own, copy)}`);
    assert.ok(covered(t1, t2) < 0.8, `template ${covered(t1, t2)}`);
    assert.ok(vocabulary(t1, t2) < 0.65, `template ${vocabulary(t1, t2)}`);
    assert.equal(hasher.coverage(own, undefined, new Uint32Array(0)), 0);
    assert.deepEqual([...hasher.wordSet('Rust, rust and RUST 2024')], [...hasher.wordSet('and rust')]);
  });
});

describe('hosting addresses: jump boxes versus exits and office networks', () => {
  const start = Date.parse('2026-03-02T00:00:00Z');

  /** A team of six identities that work through one rented server, each also with a connection of its own; one logs in through the box once, days apart from the rest. */
  function jumpBoxTeam(r: Rng, box: string, prefix = 'jb'): Person[] {
    return Array.from({ length: 6 }, (_, i) => {
      const x = person(r, `${prefix}${i + 1}`, { kind: 'candidate' });
      homeLogins(r, x, start, 14);
      // The last of them went through the box once, a week after the others' last session.
      if (i === 5) login(x.profile, start + 21 * DAY + 3 * HOUR, box, 'hosting', `dev-${x.profile.ref}`);
      else for (let k = r.range(4, 8); k > 0; k--) login(x.profile, start + r.int(14) * DAY + r.range(1, 5) * HOUR, box, 'hosting', `dev-${x.profile.ref}`);
      return x;
    });
  }

  it('a jump box a team of six works through is operator evidence', () => {
    const r = new Rng(301);
    const team = jumpBoxTeam(r, '45.77.12.9');
    const links = analyze([...team, ...background(r, 20, 'bg')]);
    const c = links.clusterOf('jb1');
    assert.ok(c?.operator, 'an operator cluster');
    assert.deepEqual(c.members, ['jb1', 'jb2', 'jb3', 'jb4', 'jb5', 'jb6']);
    const ev = evidenceOf(links, 'jb1', 'jb2', 'ip')!;
    assert.ok(ev.weight >= OPERATOR_STRENGTH);
    assert.match(ev.detail, /only 6 profiles use, none of whom logs in from a server anyone else uses, and who name no employer in common: a jump box of their own/);
    for (const x of team.slice(0, 5)) assert.equal(fires('network.shared_ip_device', x.profile, links), true);
    assert.match(evidenceOf(links, 'jb1', 'jb6', 'ip')!.detail, /jump box/, 'the one who used it once, days later, is linked too');
  });

  it('a commercial VPN exit that 30 strangers pass through is not, whether labelled vpn or hosting', () => {
    for (const kind of ['vpn', 'hosting']) {
      const r = new Rng(302);
      const exits = ['185.213.154.10', '185.213.154.11', '185.213.154.12', '185.213.154.13'];
      const users = Array.from({ length: 30 }, (_, i) => {
        const x = person(r, `vu${String(i).padStart(2, '0')}`, { kind: 'candidate' });
        homeLogins(r, x, start, 10);
        // Privacy-minded: most sessions through the VPN, whose client picks an exit each time.
        for (let k = r.range(3, 6); k > 0; k--) login(x.profile, start + r.int(7) * DAY + r.range(0, 23) * HOUR, k === 1 ? exits[0]! : r.pick(exits), kind, `dev-${x.profile.ref}`);
        return x;
      });
      const links = analyze(users);
      assert.equal(links.stats.operatorClusters, 0, `ipKind ${kind}`);
      const ips = links.edges.flatMap((e) => e.evidence.filter((v) => v.kind === 'ip'));
      assert.ok(ips.length > 0);
      assert.ok(
        ips.every((v) => v.weight <= 0.25),
        `ipKind ${kind}: ${ips.find((v) => v.weight > 0.25)?.detail}`,
      );
    }
  });

  it('six strangers on a hosting-labelled exit are not a team when they also use the provider’s other exits with others', () => {
    const r = new Rng(303);
    const exits = ['203.0.113.160', '203.0.113.161', '203.0.113.162'];
    const users = Array.from({ length: 10 }, (_, i) => {
      const x = person(r, `hx${i}`, { kind: 'candidate' });
      for (let k = 0; k < 4; k++) login(x.profile, start + r.int(5) * DAY + r.range(0, 23) * HOUR, i < 6 ? exits[k % 2 === 0 ? 0 : 1 + (i % 2)]! : exits[1 + (k % 2)]!, 'hosting');
      return x;
    });
    const links = analyze(users);
    assert.equal(links.stats.operatorClusters, 0, links.clusters.map((c) => `${c.id}: ${c.edges[0]?.evidence[0]?.detail}`).join('\n'));
  });

  it('colleagues on their employer’s VPN are not, nor the contractor of another firm who uses it with them', () => {
    const r = new Rng(304);
    const egress = '52.16.200.7';
    const staff = Array.from({ length: 7 }, (_, i) => {
      const x = person(r, `nw${i + 1}`, { kind: 'employee', current: { name: i % 2 ? 'Northwind Payments Inc.' : 'Northwind Payments', role: 'Engineer', from: `202${i % 4}-03` } });
      homeLogins(r, x, start, 14);
      for (let k = 0; k < 8; k++) login(x.profile, start + r.int(14) * DAY + r.range(9, 17) * HOUR, egress, 'hosting', `dev-${x.profile.ref}`);
      return x;
    });
    const contractor = person(r, 'nwc', { current: { name: 'Kestrel Interactive Ltd', from: '2025-09' } });
    for (let k = 0; k < 8; k++) login(contractor.profile, start + r.int(14) * DAY + r.range(9, 17) * HOUR, egress, 'hosting');
    const links = analyze([...staff, contractor]);
    assert.equal(links.stats.operatorClusters, 0);
    const colleagues = evidenceOf(links, 'nw1', 'nw2', 'ip')!;
    assert.equal(colleagues.explained, 'office');
    const outsider = links.edgesOf('nwc').flatMap((e) => e.evidence.filter((v) => v.kind === 'ip'));
    assert.ok(outsider.length > 0 && outsider.every((v) => v.weight <= 0.25 && !/jump box/.test(v.detail)));
    for (const x of [...staff, contractor]) assert.equal(fires('network.shared_ip_device', x.profile, links), false);
  });

  it('a team that calls itself freelance has no office network: still a jump box', () => {
    const r = new Rng(306);
    const team = jumpBoxTeam(r, '45.77.12.9');
    for (const x of team) x.profile.employers.unshift({ name: x.profile.ref === 'jb3' ? 'Freelance' : 'Self-employed', from: '2024-01' });
    const links = analyze(team);
    assert.equal(links.clusterOf('jb1')?.operator, true);
    assert.equal(links.clusterOf('jb1')?.members.length, 6);
  });

  it('the same team beside a second, unrelated team on another box: two clusters, not one', () => {
    const r = new Rng(305);
    const a = jumpBoxTeam(r, '45.77.12.9', 'ja');
    const b = jumpBoxTeam(r, '139.59.4.20', 'jc');
    const links = analyze([...a, ...b]);
    assert.deepEqual(links.clusterOf('ja1')?.members, ['ja1', 'ja2', 'ja3', 'ja4', 'ja5', 'ja6']);
    assert.deepEqual(links.clusterOf('jc1')?.members, ['jc1', 'jc2', 'jc3', 'jc4', 'jc5', 'jc6']);
  });
});

describe('LSH checks on packed low bytes', () => {
  it('a band key excluded (over-full in the whole pool) proposes nothing in the part given', () => {
    const bins = 12;
    const sigs = new Uint32Array(4 * bins);
    for (let x = 0; x < bins; x++) {
      sigs[x] = 1000 + x; // text 0
      sigs[bins + x] = 1000 + x; // text 1: the same
      sigs[2 * bins + x] = x < 6 ? 1000 + x : 5000 + x; // text 2: the first two bands the same
      sigs[3 * bins + x] = 9000 + x; // text 3: nothing in common
    }
    const active = new Uint8Array(4).fill(1);
    assert.deepEqual(lshPairs(sigs, 4, bins, 4, 3, active, 8, 0.4).pairs, [[0, 1], [0, 2], [1, 2]]);
    // Band 0's and 1's keys of text 0 are hubs of the whole pool: text 2 no longer meets 0 or 1.
    const hubs = new Set([0, 1].map((b) => `${b}`));
    const pairs = lshPairs(sigs, 4, bins, 4, 3, active, 8, 0.4, { exclude: (_t, band) => hubs.has(`${band}`) }).pairs;
    assert.deepEqual(pairs, [[0, 1]]);
  });

  it('proposes the band-sharing pairs whose signatures agree in enough bins, and no other, whatever the signature length', () => {
    const r = new Rng(401);
    for (const [bands, rows] of [
      [10, 3],
      [24, 5],
      [7, 2],
    ] as const) {
      const bins = bands * rows;
      const n = 300;
      const sigs = new Uint32Array(n * bins);
      for (let i = 0; i < n; i++) {
        // Texts come in families: a base signature with a share of bins replaced by values whose
        // low bytes differ from the other members' (so the packed check sees what the full one does).
        const base = Math.floor(i / 6) * 6;
        const keep = 0.2 + (i % 6) * 0.13;
        for (let x = 0; x < bins; x++) {
          const b = sigs[base * bins + x]!;
          sigs[i * bins + x] = i === base ? r.int(2 ** 32) >>> 0 : r.chance(keep) ? b : ((r.int(2 ** 24) * 256 + ((b + 1 + (i % 6)) & 0xff)) >>> 0);
        }
      }
      const active = new Uint8Array(n).fill(1);
      const minEstimate = 0.5;
      const { pairs } = lshPairs(sigs, n, bins, bands, rows, active, 50, minEstimate);
      const expected: [number, number][] = [];
      const clear: [number, number][] = [];
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          let equal = 0;
          let band = false;
          for (let x = 0; x < bins; x++) if (sigs[i * bins + x] === sigs[j * bins + x]) equal++;
          for (let b = 0; b < bands && !band; b++) {
            let all = true;
            for (let x = b * rows; x < (b + 1) * rows; x++) all &&= sigs[i * bins + x] === sigs[j * bins + x];
            band = all;
          }
          if (band && equal >= bins - Math.floor(bins * (1 - minEstimate))) expected.push([i, j]);
          if (band && equal >= bins * (minEstimate + 0.15)) clear.push([i, j]);
        }
      }
      // Never a pair below the bar; every pair clearly above it (the early verdict, 3 standard
      // deviations below the bar in the first bins read, may turn down one just above it).
      const key = ([i, j]: [number, number]) => `${i}-${j}`;
      const found = new Set(pairs.map(key));
      const allowed = new Set(expected.map(key));
      assert.ok(pairs.every((p) => allowed.has(key(p))), `${bands} x ${rows}: a pair below the bar`);
      assert.deepEqual(clear.filter((p) => !found.has(key(p))), [], `${bands} x ${rows}: pairs clearly above the bar`);
      assert.ok(clear.length > 20 && expected.length > clear.length);
    }
  });
});
