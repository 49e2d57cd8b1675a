/**
 * The hard pool (`--pool hard`, the default): what a pool Vigil's own generator did not make
 * looks like. Built with the classic generator's person model (lib/model.ts; generate.ts `Generator`
 * is the `PoolBuilder` it is given), with
 *
 * - names of fifteen origins drawn apart from everything else (lib/names.ts), common ones common;
 * - clean candidates who share things for innocent reasons in the ways real ones do: households
 *   whose members write one address differently, staffing agencies that pay their contractors
 *   through the agency's own account, coworking spaces that receive many laptops, colleagues who
 *   vouch for each other, one public resume template filled in by strangers, employers whose
 *   names look like listed companies', commercial VPN users, travellers and night owls;
 * - operators whose identities carry only part of the tradecraft, write shared identifiers in
 *   other formats, retell one resume in other words and order, work through one jump box, or
 *   are tied to the sanctions list (a listed person's name and birth date, a listed wallet).
 *
 * Every behaviour of a clean candidate is drawn apart from the name's origin, so any gap in flag
 * rates between origins is the system's doing, not the pool's.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { PaymentDestination } from '../../../src/hiring/profile.js';
import type { Rng } from '../../lib/prng.js';
import { domesticAccount, ibanPrint, randomIban, type IpKind } from './ids.js';
import type { IpUse, Person, PoolBuilder, Trip } from './model.js';
import { drawName, SPOUSES_SHARE_SURNAME, type DrawnName } from './names.js';
import type { OperatorShape } from './pool.js';
import { bulletsFor, RESUME_TEMPLATES, roleFor, type Job } from './resume.js';
import { DAY_MS, isoDate, isoMonth } from './time.js';
import { firmName, respellAddress, weighted } from './world.js';

// ---------------------------------------------------------------------------------------------
// Operators

export const HARD_SHAPE_WEIGHTS: [OperatorShape, number][] = [
  ['shared_payment', 16],
  ['laptop_farm', 14],
  ['shared_voip', 9],
  ['reused_resume', 14],
  ['front_company', 8],
  ['mixed', 16],
  ['jump_box', 10],
  ['listed_person', 6],
  ['listed_wallet', 6],
];

export const SHAPE_SIZES: Record<OperatorShape, [number, number]> = {
  shared_payment: [2, 5],
  laptop_farm: [3, 6],
  shared_voip: [2, 4],
  reused_resume: [2, 4],
  front_company: [1, 3],
  mixed: [3, 6],
  jump_box: [4, 8],
  listed_person: [1, 1],
  listed_wallet: [1, 3],
};

/**
 * Listed persons of the OFAC SDN list the evaluation screens against (sdn_advanced_2025-11-19),
 * DPRK-linked, with the birth date the list gives. An operator using one of these identities
 * is the plainest sanctions case; the list is the source of these values.
 */
export const LISTED_PEOPLE: { name: string; birthDate: string }[] = [
  { name: 'Sim Hyon Sop', birthDate: '1983-11-25' },
  { name: 'Jo Kyong Hun', birthDate: '1990-06-19' },
  { name: 'Kim Yong Ju', birthDate: '1984-04-23' },
  { name: 'Ri Jin Hyok', birthDate: '1983-02-20' },
  { name: 'Jang Kuk Chol', birthDate: '1987-07-03' },
  { name: 'Song Kum Hyok', birthDate: '1987-08-30' },
  { name: 'Choe Chol Ryong', birthDate: '1992-02-12' },
  { name: 'Kim Myong Jin', birthDate: '1980-02-18' },
  { name: 'Choe Un Hyok', birthDate: '1985-10-19' },
];

/** Wallets on the same list held by DPRK-linked parties (Sim Hyon Sop, Kim Sang Man, the Lazarus Group). */
export const LISTED_WALLETS: { value: string; provider: string }[] = [
  { value: '0x4f47bc496083c727c5fbe3ce9cdf2b0f6496270c', provider: 'USDT (ERC-20)' },
  { value: '0x97b1043abd9e6fc31681635166d430a458d14f9c', provider: 'ETH' },
  { value: '0xb6f5ec1a0a9cd1526536d3f0426c429529471f40', provider: 'USDC (Ethereum)' },
  { value: '0x08723392Ed15743cc38513C4925f5e6be5c17243', provider: 'ETH' },
  { value: '0x35fB6f6DB4fb05e6A4cE86f2C93691425626d4b1', provider: 'USDT (ERC-20)' },
];

/** Plant one operator of a hard-only shape; false for the classic shapes (the generator plants those). */
export function plantHardOperator(g: PoolBuilder, rng: Rng, shape: OperatorShape, size: number): boolean {
  if (shape === 'jump_box') jumpBox(g, rng, size);
  else if (shape === 'listed_person') listedPerson(g, rng);
  else if (shape === 'listed_wallet') listedWallet(g, rng, size);
  else return false;
  return true;
}

/**
 * A team of 4-8 identities that all work through one rented server (a jump box). Most log in
 * through it often; one only once or twice. Beyond the box, evidence is partial: each
 * neighbour in the team shares one more thing with a chance of one in two (a chain with gaps),
 * so part of the team is tied by the box alone.
 */
function jumpBox(g: PoolBuilder, rng: Rng, size: number): void {
  const home = g.pickCountry(rng);
  const c = weighted(rng, [[home.code, 4], ['US', 3], ['NL', 1], ['DE', 1], ['SG', 1], ['HK', 1]]);
  const box: IpUse = { ip: g.ips.fresh(c, 'hosting'), country: c, kind: 'hosting' };
  const members = Array.from({ length: size }, () => g.operatorIdentity(rng, { country: rng.chance(0.5) ? home : undefined }));
  const light = rng.int(size);
  members.forEach((m, i) => {
    if (i === light) for (let k = rng.range(1, 2); k > 0; k--) m.pinned.push({ use: box, tool: rng.chance(0.5) ? 'RDP' : undefined });
    else m.sources.push({ weight: rng.range(3, 9), pick: () => box, tool: 0.3 });
  });
  const links = ['login_ip:team'];
  for (let i = 1; i < size; i++) {
    if (!rng.chance(0.5)) continue;
    const kind = rng.pick(['payment', 'shipping_address', 'phone', 'mailbox', 'device', 'resume', 'reference']);
    g.linkPair(rng, members[i - 1]!, members[i]!, kind);
    links.push(kind);
  }
  g.newOperator('jump_box', members, links);
}

/** A lone identity in a listed person's own name and birth date, the documents made out the same way. */
function listedPerson(g: PoolBuilder, rng: Rng): void {
  const listed = rng.pick(LISTED_PEOPLE);
  const [family, ...rest] = listed.name.split(' ');
  const drawn: DrawnName = { name: listed.name, given: rest.join(' '), family: family!, origin: 'Korean' };
  const m = g.operatorIdentity(rng, { drawn });
  m.p.birthDate = listed.birthDate;
  for (const d of m.p.documents) {
    d.birthDate = listed.birthDate;
    d.name = rng.chance(0.5) ? listed.name.toUpperCase() : listed.name;
  }
  g.newOperator('listed_person', [m], ['name:listed']);
}

/** Listed wallets already given to an operator of the pool. */
const USED_WALLETS = new WeakMap<PoolBuilder, Set<string>>();

/**
 * One to three identities paid into a listed wallet, one the pool's other operators do not use:
 * two "operators" paid into one wallet would be one operator in truth, not two. When every listed
 * wallet is taken, the operator is a listed person instead.
 */
function listedWallet(g: PoolBuilder, rng: Rng, size: number): void {
  let used = USED_WALLETS.get(g);
  if (!used) USED_WALLETS.set(g, (used = new Set()));
  const free = LISTED_WALLETS.filter((x) => !used.has(x.value));
  if (free.length === 0) return listedPerson(g, rng);
  const w = rng.pick(free);
  used.add(w.value);
  const members = Array.from({ length: size }, () => g.operatorIdentity(rng));
  for (const m of members) {
    const value = w.value.startsWith('0x') && rng.chance(0.3) ? w.value.toLowerCase() : w.value;
    m.p.payments.push({ type: 'crypto_wallet', value, provider: w.provider, holderName: m.name, since: isoDate(g.daysAgo(rng, 2, 60)) });
  }
  g.newOperator('listed_wallet', members, ['wallet:listed']);
}

// ---------------------------------------------------------------------------------------------
// Clean candidates: groups

/**
 * Shares of the clean candidates that are members of each group shape: about six agencies,
 * five coworking spaces and seven circles of referees in a pool of 3,000, one in twenty in a
 * household with another applicant.
 */
const GROUP_BUDGET = { household: 0.05, agency: 0.02, coworking: 0.015, references: 0.015, colleagues: 0.04, template: 0.03, bootcamp: 0.01, cgnat: 0.003 };

/** Plant the hard pool's innocent groups, then fill the pool with ordinary clean candidates up to `count`. */
export function plantHardClean(g: PoolBuilder, rng: Rng, count: number): void {
  const clean = count - g.people.length;
  const budget = (x: number) => Math.round(clean * x);
  const between = (lo: number, hi: number) => () => rng.range(lo, hi);
  // Households: couples more often than families of three or four.
  fill(budget(GROUP_BUDGET.household), 2, () => weighted(rng, [[2, 6], [3, 2], [4, 2]]), (n) => household(g, rng, n));
  fill(budget(GROUP_BUDGET.agency), 5, between(5, 15), (n) => agency(g, rng, n));
  fill(budget(GROUP_BUDGET.coworking), 4, between(4, 10), (n) => coworking(g, rng, n));
  fill(budget(GROUP_BUDGET.references), 3, between(3, 6), (n) => references(g, rng, n));
  fill(budget(GROUP_BUDGET.colleagues), 3, between(3, 10), (n) => g.colleagues(rng, n));
  fill(budget(GROUP_BUDGET.template), 3, between(3, 12), (n) => templateResume(g, rng, n));
  fill(budget(GROUP_BUDGET.bootcamp), 2, between(2, 4), (n) => g.bootcamp(rng, n));
  for (let i = Math.round(budget(GROUP_BUDGET.cgnat) / 2); i > 0; i--) g.cgnat(rng);
  while (g.people.length < count) g.person(rng, { operator: false });
}

/** Groups of drawn sizes until `left` members are made (a remainder below `min` is left to ordinary candidates). */
function fill(left: number, min: number, size: () => number, make: (size: number) => void): void {
  while (left >= min) {
    const n = Math.min(left, size());
    make(n);
    left -= n;
  }
}

/**
 * A couple or a family of 3-4 under one roof. The first member writes the address one way; the
 * others each write it their own way or copy it (at least one writes it differently). They share
 * the home connection, sometimes a family computer, and in 30% of households one account.
 */
function household(g: PoolBuilder, rng: Rng, size: number): void {
  const a = g.person(rng, { operator: false });
  const members = [a];
  for (let i = 1; i < size; i++) {
    const origin = rng.chance(0.85) ? a.origin : undefined;
    // A spouse may share the family name; children and siblings usually do.
    const shares = origin !== undefined && (i > 1 ? rng.chance(0.85) : SPOUSES_SHARE_SURNAME.has(origin) && rng.chance(0.6));
    const drawn = drawName(rng, origin, shares ? { family: a.family } : {});
    members.push(g.person(rng, { operator: false, country: a.country, city: a.city, drawn }));
  }
  const home = a.home;
  const canonical = g.writeAddr(home, 0);
  const spellings = [canonical.text];
  members.forEach((m, i) => {
    m.home = home;
    const differ = i === 1 || (i > 1 && rng.chance(0.5));
    const text = differ ? respellAddress(rng, home.country, home.street, home.city, home.postal) : canonical.text;
    if (!spellings.includes(text)) spellings.push(text);
    m.p.homeAddress = { text, country: home.country.code };
    if (i > 0) m.sources[0] = a.sources[0]!;
    if (m.hired && rng.chance(0.7)) m.p.shippingAddresses = [m.p.homeAddress];
  });
  if (rng.chance(0.15)) {
    const shared = a.devices[0]!;
    for (const m of members.slice(1, 2)) m.devices = [...m.devices, shared];
  }
  g.shares.push({ shape: 'household', members, what: `one home, address written ${spellings.length} way(s): ${spellings.map((t) => `"${t}"`).join(' / ')}` });
  if (rng.chance(0.3)) familyAccount(g, rng, members);
}

function familyAccount(g: PoolBuilder, rng: Rng, members: Person[]): void {
  const [a, b] = members as [Person, Person];
  const c = a.country;
  const bank = rng.pick(c.banks);
  const value = c.iban ? randomIban(rng, c.iban) : domesticAccount(rng, c.code, bank);
  const holder = rng.pick([`${a.name} and ${b.name}`, `${a.name} & ${b.name}`, a.name, `${a.family} family`, `Mr and Mrs ${a.family}`]);
  const payees = members.length > 2 && rng.chance(0.5) ? members.slice(0, 2) : members;
  for (const m of payees) {
    const written = c.iban && rng.chance(0.5) ? ibanPrint(value) : value;
    m.p.payments = [{ type: c.iban ? 'iban' : 'bank_account', value: written, holderName: holder, provider: bank, since: isoDate(g.daysAgo(rng, 100, 2000)) }];
  }
  g.shares.push({ shape: 'family_account', members: payees, what: `one family account held as "${holder}"` });
}

const AGENCY_A = ['Talent', 'Remote', 'Bridge', 'Nearshore', 'Crew', 'Staff', 'Hire', 'Team', 'Work', 'Skill', 'Dev', 'Pioneer'];
const AGENCY_B = ['Bridge', 'Force', 'Hive', 'Point', 'Works', 'Shore', 'Pool', 'Link', 'Base', 'Hub'];
const AGENCY_KIND = ['Staffing', 'Workforce Solutions', 'EOR', 'Talent', 'Contractors', 'Global Employment', 'Outsourcing'];

/**
 * A staffing agency or employer of record with 5-15 contractors: the agency is each one's
 * current employer, and each is paid through the agency's own account (the client pays the
 * agency, which pays the contractors), held in the agency's name.
 */
function agency(g: PoolBuilder, rng: Rng, size: number): void {
  const c = g.pickCountry(rng);
  const name = `${rng.pick(AGENCY_A)}${rng.pick(AGENCY_B)} ${rng.pick(AGENCY_KIND)} ${rng.pick(c.forms)}`;
  const bank = rng.pick(c.banks);
  const account = c.iban ? randomIban(rng, c.iban) : domesticAccount(rng, c.code, bank);
  const members: Person[] = [];
  for (let i = 0; i < size; i++) {
    // Mostly in the agency's country; an employer of record also pays people abroad.
    const m = g.person(rng, { operator: false, country: rng.chance(0.75) ? c : undefined, kind: 'contractor' });
    const from = g.now - rng.range(3, 40) * 30 * DAY_MS;
    const job: Job = { role: roleFor(rng, m.track, Math.min(3, Math.floor(m.years / 3))), company: name, country: c.code, from: isoMonth(from), bullets: bulletsFor(rng, m.track, m.resume.skills, rng.range(2, 4)) };
    m.jobs = [job, ...m.jobs.filter((j) => j.to !== undefined && j.to <= job.from)];
    m.resume = { ...m.resume, jobs: m.jobs };
    const value = c.iban && rng.chance(0.5) ? ibanPrint(account) : account;
    const holder = rng.chance(0.7) ? name : rng.pick([name.toUpperCase(), `${name} - client account`, `${name.split(' ')[0]} payroll`]);
    const pay: PaymentDestination = { type: c.iban ? 'iban' : 'bank_account', value, holderName: holder, provider: bank, since: isoDate(from + rng.range(0, 20) * DAY_MS) };
    m.p.payments = [pay];
    members.push(m);
  }
  g.shares.push({ shape: 'agency', members, what: `contractors of ${name}, paid through its account` });
}

const SPACE_A = ['Hive', 'Launch', 'Common', 'Foundry', 'Workbench', 'Orbit', 'Nest', 'Yard', 'Loft', 'Station'];
const SPACE_B = ['Coworking', 'Workspace', 'Collective', 'Work Club', 'Offices'];

/**
 * A coworking space where 4-10 members, each with an employer of their own, have their work
 * laptops delivered; they often work from its network too.
 */
function coworking(g: PoolBuilder, rng: Rng, size: number): void {
  const c = g.pickCountry(rng);
  const city = rng.pick(c.cities);
  const space = `${rng.pick(SPACE_A)} ${rng.pick(SPACE_B)}`;
  const where = g.address(rng, c, city);
  const net: IpUse = { ip: g.ips.fresh(c.code, 'business'), country: c.code, kind: 'business' };
  const members: Person[] = [];
  for (let i = 0; i < size; i++) {
    const m = g.person(rng, { operator: false, country: c, city, kind: rng.pick(['contractor', 'employee', 'contractor'] as const) });
    m.hired = true;
    const text = rng.chance(0.5) ? `${space}, ${g.writeAddr(where, 0).text}` : g.writeAddr(where, rng.pick([0, 1, 2])).text;
    m.p.shippingAddresses = [{ text, country: c.code }];
    m.shipTo = m.p.shippingAddresses[0];
    if (rng.chance(0.6)) m.sources.push({ weight: rng.range(2, 6), pick: () => net });
    members.push(m);
  }
  g.shares.push({ shape: 'coworking', members, what: `laptops delivered to ${space}` });
}

/** A company as groups spell it, with or without its legal form: its first two words. */
function companyKey(name: string): string {
  return name.toLowerCase().split(/\s+/).slice(0, 2).join(' ');
}

/** Companies two or more candidates name (groups' employers), computed once per pool when first asked. */
const SHARED_COMPANIES = new WeakMap<PoolBuilder, Set<string>>();
function sharedCompanies(g: PoolBuilder): Set<string> {
  let shared = SHARED_COMPANIES.get(g);
  if (!shared) {
    const count = new Map<string, number>();
    for (const p of g.people) for (const c of new Set(p.jobs.map((j) => companyKey(j.company)))) count.set(c, (count.get(c) ?? 0) + 1);
    shared = new Set([...count].filter(([, n]) => n >= 2).map(([c]) => c));
    SHARED_COMPANIES.set(g, shared);
  }
  return shared;
}

/**
 * 3-6 colleagues of one employer (current or former) who give each other as references, with
 * the referee's own e-mail and phone. Some spell the employer a little differently.
 */
function references(g: PoolBuilder, rng: Rng, size: number): void {
  const c = g.pickCountry(rng);
  const employer = firmName(rng, c);
  const current = rng.chance(0.5);
  const start = g.now - rng.range(12, 60) * 30 * DAY_MS;
  const members: Person[] = [];
  for (let i = 0; i < size; i++) {
    const m = g.person(rng, { operator: false, country: c });
    const from = start + rng.range(-6, 6) * 30 * DAY_MS;
    const to = current ? undefined : Math.min(g.now - 30 * DAY_MS, from + rng.range(8, 30) * 30 * DAY_MS);
    const spelled = rng.chance(0.3) ? employer.replace(/ (Inc\.|LLC|Ltd|Limited|GmbH|Corp\.|B\.V\.|S\.L\.|SAS|Pty Ltd|Co\., Ltd\.)$/, '') : employer;
    const job: Job = { role: roleFor(rng, m.track, Math.min(3, Math.floor(m.years / 3))), company: spelled, country: c.code, from: isoMonth(from), to: to === undefined ? undefined : isoMonth(to), bullets: bulletsFor(rng, m.track, m.resume.skills, rng.range(2, 4)) };
    m.jobs = [job, ...m.jobs.filter((j) => j.to !== undefined && j.to <= job.from)];
    m.resume = { ...m.resume, jobs: m.jobs };
    members.push(m);
  }
  for (const m of members) {
    const others = rng.sample(members.filter((x) => x !== m), rng.range(1, Math.min(2, size - 1)));
    m.p.references = others.map((o) => ({ name: o.name, email: o.p.emails[0], ...(rng.chance(0.5) ? { phone: o.p.phones[0]!.number } : {}), company: employer }));
  }
  g.shares.push({ shape: 'references', members, what: `colleagues at ${employer} who give each other as references` });
}

/** 3-12 strangers who filled in one public resume template: its boilerplate, their own content. */
function templateResume(g: PoolBuilder, rng: Rng, size: number): void {
  const template = rng.pick(RESUME_TEMPLATES);
  const members = Array.from({ length: size }, () => g.person(rng, { operator: false }));
  for (const m of members) m.resume = { ...m.resume, template };
  g.shares.push({ shape: 'template_resume', members, what: `the "${template.id}" resume template` });
}

// ---------------------------------------------------------------------------------------------
// Clean candidates: one at a time

/** Shares of clean candidates given each individual behaviour, whatever their name, country or group. */
const BEHAVIOUR = { vpnUser: 0.04, traveller: 0.05, nightOwl: 0.06, lookalike: 0.03 };

/** Individual hard negatives, each drawn independently for every clean candidate. */
export function hardBehaviours(g: PoolBuilder, rng: Rng, m: Person): void {
  if (rng.chance(BEHAVIOUR.vpnUser)) vpnUser(g, rng, m);
  if (rng.chance(BEHAVIOUR.traveller)) traveller(g, rng, m);
  if (rng.chance(BEHAVIOUR.nightOwl)) {
    m.hours = 'owl';
    m.owlShare = rng.range(50, 85) / 100;
    g.shares.push({ shape: 'night_owl', members: [m], what: `${Math.round(m.owlShare * 100)}% of logins late in the evening or after midnight` });
  }
  if (rng.chance(BEHAVIOUR.lookalike)) lookalikeEmployer(g, rng, m);
}

/** A privacy-minded user: most sessions through a commercial VPN, exiting at home or abroad. */
function vpnUser(g: PoolBuilder, rng: Rng, m: Person): void {
  const exitCountry = rng.chance(0.6) && g.vpnExits.has(m.country.code) ? m.country.code : rng.pick([...g.vpnExits.keys()]);
  const exits = g.vpnExits.get(exitCountry)!;
  m.sources.push({ weight: rng.range(6, 14), pick: (r) => ({ ip: r.pick(exits), country: exitCountry, kind: 'vpn' }) });
  g.shares.push({ shape: 'vpn_user', members: [m], what: `most logins through a commercial VPN exiting in ${exitCountry}` });
}

/**
 * One or two trips in the last 90 days, one to three countries each, a few days per country with
 * a travel day between: while away, logins come from hotels, rentals, a local SIM or the home
 * phone roaming, at working hours of the place. Never two countries within hours.
 */
function traveller(g: PoolBuilder, rng: Rng, m: Person): void {
  const trips: Trip[] = [];
  let at = g.now - rng.range(60, 85) * DAY_MS;
  for (let k = rng.range(1, 2); k > 0; k--) {
    for (let legs = rng.range(1, 3); legs > 0; legs--) {
      const len = rng.range(3, 9) * DAY_MS;
      if (at + len > g.now - 2 * DAY_MS) break;
      const dest = rng.pick(g.countries.filter((c) => c !== m.country));
      const city = rng.pick(dest.cities);
      // A hotel's network, or a rental's home connection.
      const kind: IpKind = rng.chance(0.6) ? 'business' : 'residential';
      const uses: IpUse[] = [{ ip: g.ips.fresh(dest.code, kind), country: dest.code, kind }];
      if (rng.chance(0.4)) uses.push({ ip: g.ips.fresh(dest.code, 'mobile'), country: dest.code, kind: 'mobile' });
      if (rng.chance(0.3)) uses.push({ ip: g.ips.fresh(m.country.code, 'mobile'), country: m.country.code, kind: 'mobile' });
      trips.push({ from: at, to: at + len, tz: city.tz, uses });
      at += len + 2 * DAY_MS;
    }
    at += rng.range(5, 20) * DAY_MS;
  }
  if (trips.length === 0) return;
  m.trips = trips;
  m.loginCount += rng.range(3, 8);
  g.shares.push({ shape: 'traveller', members: [m], what: `logins from ${[...new Set(trips.map((t) => t.uses[0]!.country))].join(', ')} while travelling` });
}

const LOOKALIKE_WORDS = ['Falcon', 'Bright', 'Golden Star', 'Phoenix', 'Royal', 'Eagle', 'Zenith', 'Pearl', 'Orion', 'Alpha', 'Delta', 'Sigma', 'Prime', 'Smart', 'Future', 'Infinity', 'Elite', 'Crescent', 'Al Noor', 'Star', 'Global', 'United', 'Nova', 'Apex'];
const LOOKALIKE_KINDS = ['Solutions', 'Technologies', 'Systems', 'Software', 'IT Solutions', 'Tech', 'Softech', 'Digital', 'Software House', 'Consulting'];
const SOUTH_ASIAN_FORMS = ['(Pvt) Ltd', '(Pvt.) Ltd.', '(Private) Limited', 'Pvt. Ltd.', 'Pvt Ltd'];

/**
 * An employer with one of the generic names small firms everywhere use ("Falcon Solutions",
 * "Bright Technologies Ltd", "<Word> (Pvt) Ltd"), or IBM: none of them is a listed company.
 */
function lookalikeEmployer(g: PoolBuilder, rng: Rng, m: Person): void {
  // Not a job the person shares with others (colleagues, an agency's contractors): renaming it
  // would make a colleague who vouches for them look like a stranger who does.
  const shared = sharedCompanies(g);
  const own = m.jobs.filter((j) => !shared.has(companyKey(j.company)));
  if (own.length === 0) return;
  const job = rng.pick(own);
  const southAsian = ['PK', 'IN'].includes(m.country.code);
  const form = southAsian ? rng.pick(SOUTH_ASIAN_FORMS) : rng.chance(0.6) ? rng.pick(m.country.forms) : '';
  const name = rng.chance(0.1) ? rng.pick(['IBM', southAsian ? 'IBM India Pvt Ltd' : 'IBM Corporation']) : `${rng.pick(LOOKALIKE_WORDS)} ${rng.pick(LOOKALIKE_KINDS)}${form ? ` ${form}` : ''}`;
  job.company = name;
  job.country = m.country.code;
  m.resume = { ...m.resume, jobs: m.jobs };
  g.shares.push({ shape: 'lookalike_employer', members: [m], what: `worked at "${name}"` });
}

// ---------------------------------------------------------------------------------------------
// Identifiers as people write them

/**
 * Phone numbers and e-mail addresses as people type them, clean and operators alike (so the
 * format says nothing): E.164, international with spaces, or national format ("(415) 555-0134",
 * "0301 2345678") when the number is of the claimed country; now and then an e-mail address
 * with capitals. Operators' shared identifiers thus differ in form between identities.
 */
export function writeIdentifiers(rng: Rng, m: Person): void {
  const claimed = m.country.code;
  for (const ph of m.p.phones) {
    const parsed = parsePhoneNumberFromString(ph.number);
    if (!parsed) continue;
    const r = rng.next();
    if (r < 0.45) continue;
    ph.number = r < 0.7 || parsed.country !== claimed ? parsed.formatInternational() : parsed.formatNational();
  }
  const capitals = m.operator ? 0.15 : 0.04;
  m.p.emails = m.p.emails.map((e) => (rng.chance(capitals) ? capitalise(e) : e));
}

function capitalise(email: string): string {
  const [local, domain] = email.split('@') as [string, string];
  const l = local.replace(/(^|[._])([a-z])/g, (_, sep: string, ch: string) => sep + ch.toUpperCase());
  return `${l}@${domain.replace(/^./, (ch) => ch.toUpperCase())}`;
}
