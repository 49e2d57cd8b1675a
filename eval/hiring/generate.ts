/**
 * `npm run gen:candidates -- [--pool hard|classic] [--count N] [--seed S] [--operator-share X] [--out DIR]`
 *
 * Makes a realistic pool of job candidates (src/hiring/profile.ts CandidateProfile) with planted
 * DPRK IT-worker operator clusters of several shapes among clean candidates, some of whom share
 * something for innocent reasons. Two pools: `hard` (the default; lib/hard.ts: names of fifteen
 * origins drawn apart from everything else, hard negatives, partial operator evidence) and
 * `classic` (the first evaluation's pool, unchanged). Writes `candidates.jsonl` (one profile a line) and `truth.json`
 * (the planted operators, the innocent shares, each candidate's name origin) to DIR (default
 * eval/hiring/out/). Deterministic: the same options give the same files, byte for byte. Every
 * generated wallet, IBAN, phone number and e-mail is checked with the project's parsers before
 * anything is written. See eval/hiring/README.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import anyAscii from 'any-ascii';
import { emptyProfile, type ActivityEvent, type CandidateKind, type CandidateProfile, type Employer, type OnlineProfile, type PaymentDestination, type PhoneNumber, type PostalAddress } from '../../src/hiring/profile.js';
import { Rng } from '../lib/prng.js';
import { abaRouting, domesticAccount, gmailCanonical, gmailVariant, ibanPrint, IpSpace, nationalId, passportNumber, phoneNumber, randomIban, wallet, type IpKind } from './lib/ids.js';
import { HARD_SHAPE_WEIGHTS, hardBehaviours, plantHardClean, plantHardOperator, SHAPE_SIZES, writeIdentifiers } from './lib/hard.js';
import { drawName, HERITAGE_LANGUAGE, type DrawnName } from './lib/names.js';
import { handlePart, isKoreanOrigin, nameBank, pickName, SHARES_SURNAME, splitName, type NameBank } from './lib/people.js';
import { bulletsFor, editResume, makeResume, paraphraseResume, pickDegree, renderResume, roleFor, skillsFor, TRACK_WEIGHTS, type Job, type Track } from './lib/resume.js';
import { DAY_MS, isoDate, isoMonth, isoTime, localToUtc, zoned } from './lib/time.js';
import type { AddressRef, InnocentRecord, IpUse, LoginSource, OperatorIdentityOptions, Person, PersonOptions, PoolBuilder, Trip } from './lib/model.js';
import { checkPool, poolStats, printStats } from './lib/validate.js';
import { BOOTCAMPS, COUNTRIES, firmName, GLOBAL_MAIL, HARD_COUNTRIES, LARGE_EMPLOYERS, weighted, writeAddress, type City, type Country } from './lib/world.js';

// The pool's public types (shapes, truth, Pool) live in lib/pool.ts, which lib/validate.ts and lib/metrics.ts read too.
export * from './lib/pool.js';
import type { InnocentShare, OperatorShape, Pool, PoolKind, PoolTruth } from './lib/pool.js';
import { POOL_KINDS } from './lib/pool.js';

export interface GenerateOptions {
  count: number;
  seed: number;
  /** Share of the pool that are operator identities (default 0.04). */
  operatorShare?: number;
  /** Reference time (default 2026-11-02T12:00:00Z). */
  now?: string;
  /** Which pool (default hard). */
  pool?: PoolKind;
}

export const DEFAULT_NOW = '2026-11-02T12:00:00Z';
export const DEFAULT_OPERATOR_SHARE = 0.04;

/** The DPRK IT-worker front companies of domain.md, as operators write them (a bit differently each time). */
export const FRONT_COMPANY_SPELLINGS: Record<string, string[]> = {
  chinyong: ['Chinyong Information Technology Cooperation Company', 'Jinyong IT Cooperation Company', 'Chinyong IT Cooperation Co.', 'Jinyong Information Technology Cooperation Co., Ltd.', 'Chinyong Information Technology', 'Jinyong IT'],
  silverstar: ['Yanbian Silverstar Network Technology Co., Ltd.', 'Yanbian Silver Star Network Technology', 'Yanbian Silverstar Network Tech Co. Ltd', 'Yanbian Silverstar', 'Yanbian Silver Star Network Technology Co.'],
  volasys: ['Volasys Silver Star', 'Volasys Silverstar', 'Volasys Silver Star Ltd.', 'Volasys SilverStar'],
  geumpungri: ['Shenyang GeumpungRi Network Technology Co., Ltd', 'Shenyang Geumpungri Network Technology', 'Shenyang Kumpungri Network Technology Co., Ltd.', 'Shenyang Geum Pung Ri Network Technology Co. Ltd', 'Shenyang GeumpungRi Network Tech'],
};

/** The share of Korean-origin names a candidate drawn from COUNTRIES is expected to have. */
export const EXPECTED_KOREAN_SHARE = (() => {
  let total = 0;
  let korean = 0;
  for (const c of COUNTRIES) {
    const all = c.origins.reduce((s, [, w]) => s + w, 0);
    const kr = c.origins.filter(([o]) => isKoreanOrigin(o)).reduce((s, [, w]) => s + w, 0);
    total += c.weight;
    korean += (c.weight * kr) / all;
  }
  return korean / total;
})();

// ---------------------------------------------------------------------------------------------
// Internal model (the person model and what lib/hard.ts sees of the generator are in lib/model.ts)

/** Probabilities of the operator tradecraft of the advisories, per identity. */
export interface Tradecraft {
  freshAccounts: number;
  displayNames: number;
  voip: number;
  docName: number;
  facilitator: number;
  wallet: number;
  secondPayment: number;
  reship: number;
  commercialVpn: number;
  slip: number;
  tools: number;
  longSession: number;
  burst: number;
  paymentRequest: number;
}

/** Classic: each piece of tradecraft fairly likely. */
const CLASSIC_TRADECRAFT: Tradecraft = { freshAccounts: 0.7, displayNames: 0.15, voip: 0.55, docName: 0.2, facilitator: 0.35, wallet: 0.3, secondPayment: 0.25, reship: 0.45, commercialVpn: 0.55, slip: 0.12, tools: 0.5, longSession: 0.15, burst: 0.25, paymentRequest: 0.3 };
/** Hard: partial evidence, most identities carry only a few pieces (hosting and Asian hours are drawn apart, in operatorIdentity). */
const HARD_TRADECRAFT: Tradecraft = { freshAccounts: 0.45, displayNames: 0.1, voip: 0.35, docName: 0.1, facilitator: 0.25, wallet: 0.2, secondPayment: 0.15, reship: 0.3, commercialVpn: 0.45, slip: 0.08, tools: 0.35, longSession: 0.1, burst: 0.15, paymentRequest: 0.2 };

const TOOLS = ['AnyDesk', 'AnyDesk', 'TeamViewer', 'RDP', 'Chrome Remote Desktop', 'RustDesk'];
export const ASIA_ZONES: [string, number][] = [
  ['Asia/Shanghai', 55],
  ['Asia/Pyongyang', 25],
  ['Asia/Vladivostok', 10],
  ['Asia/Shanghai', 10],
];
export const HOSTING_COUNTRIES: [string, number][] = [
  ['US', 40],
  ['NL', 10],
  ['DE', 10],
  ['SG', 8],
  ['JP', 6],
  ['GB', 6],
  ['HK', 6],
  ['CN', 8],
  ['RU', 6],
];
export const VPN_EXITS = ['US', 'GB', 'CA', 'DE', 'NL', 'JP', 'SG', 'FR', 'PL', 'AU', 'KR', 'ES', 'UA', 'AE', 'BR', 'MX', 'IN', 'TR', 'VN', 'ID', 'NG', 'CN'];

const LANGUAGE: Record<string, string> = {
  US: 'English', GB: 'English', CA: 'English and French', DE: 'German and English', FR: 'French and English', ES: 'Spanish and English', NL: 'Dutch, English and German', PL: 'Polish and English', UA: 'Ukrainian, English and Russian', JP: 'Japanese and English', KR: 'Korean and English', SG: 'English and Mandarin', IN: 'English, Hindi and Tamil', VN: 'Vietnamese and English', ID: 'Indonesian and English', NG: 'English and Yoruba', BR: 'Portuguese and English', MX: 'Spanish and English', TR: 'Turkish and English', AE: 'English and Arabic', AU: 'English', CN: 'Mandarin and English',
};
const ORIGIN_LANGUAGE: Record<string, string> = {
  'Korean (RR, South)': 'Korean', 'Korean (MR, North-style)': 'Korean', Chinese: 'Mandarin', Vietnamese: 'Vietnamese', 'Spanish / Latin American': 'Spanish', Indian: 'Hindi', Russian: 'Russian', Ukrainian: 'Ukrainian', Arabic: 'Arabic', Persian: 'Persian', Japanese: 'Japanese', Turkish: 'Turkish', Polish: 'Polish', German: 'German', French: 'French', Portuguese: 'Portuguese',
};

export class Generator implements PoolBuilder {
  readonly rng: Rng;
  /** The hard pool: names drawn apart from country, hard countries, partial tradecraft, plausible travel. */
  readonly hard: boolean;
  readonly countries: Country[];
  readonly tradecraft: Tradecraft;
  readonly now: number;
  readonly bank: NameBank;
  readonly ips: IpSpace;
  readonly people: Person[] = [];
  readonly emails = new Set<string>();
  readonly handles = new Set<string>();
  readonly domains = new Set<string>();
  readonly taken = new Set<string>();
  readonly operators: { id: string; shape: OperatorShape; members: Person[]; links: string[] }[] = [];
  readonly shares: InnocentRecord[] = [];
  readonly noise = new Map<string, Person[]>();
  /** Commercial VPN exit IPs per country, shared by everyone who uses that VPN. */
  readonly vpnExits = new Map<string, string[]>();
  private opCounter = 0;
  private opIdentities = 0;
  private opKorean = 0;

  constructor(seed: number, now: string, pool: PoolKind = 'classic') {
    this.hard = pool === 'hard';
    this.countries = this.hard ? HARD_COUNTRIES : COUNTRIES;
    this.tradecraft = this.hard ? HARD_TRADECRAFT : CLASSIC_TRADECRAFT;
    this.rng = new Rng(seed);
    this.now = Date.parse(now);
    if (Number.isNaN(this.now)) throw new Error(`not a date: ${now}`);
    this.bank = nameBank(this.rng.fork('names'));
    this.ips = new IpSpace(this.rng.fork('ips'));
    for (const c of VPN_EXITS) this.vpnExits.set(c, Array.from({ length: c === 'US' ? 14 : 5 }, () => this.ips.fresh(c, 'vpn')));
  }

  // ---- small helpers -------------------------------------------------------------------------

  daysAgo(rng: Rng, lo: number, hi: number): number {
    return this.now - rng.range(lo, hi) * DAY_MS - rng.int(DAY_MS);
  }

  pickCountry(rng: Rng): Country {
    return weighted(
      rng,
      this.countries.map((c) => [c, c.weight] as [Country, number]),
    );
  }

  /**
   * Someone else's name (a referee, an account holder, a relative). Classic: an origin of the
   * country's mix. Hard: an origin of the pool's weights whatever the country (lib/names.ts).
   */
  otherName(rng: Rng, country: Country, origin?: string): DrawnName {
    if (this.hard) return drawName(rng, origin);
    const o = origin ?? weighted(rng, country.origins);
    const name = pickName(rng, this.bank, o);
    return { name, ...splitName(name, o), origin: o };
  }

  address(rng: Rng, country: Country, city?: City): AddressRef {
    const c = city ?? rng.pick(country.cities);
    return { country, city: c, street: country.street(rng), postal: c.postal(rng) };
  }

  writeAddr(a: AddressRef, style = 0): PostalAddress {
    return { text: writeAddress(a.country, a.street, a.city, a.postal, style), country: a.country.code };
  }

  addNoise(flag: string, p: Person): void {
    const list = this.noise.get(flag) ?? [];
    list.push(p);
    this.noise.set(flag, list);
  }

  /** A value nobody else in the pool has (phones, document numbers): drawn again on a collision. */
  unique<T>(kind: string, make: () => T, key: (x: T) => string = (x) => String(x)): T {
    for (;;) {
      const x = make();
      const k = `${kind}:${key(x)}`;
      if (!this.taken.has(k)) {
        this.taken.add(k);
        return x;
      }
    }
  }

  /** A new address whose mailbox nobody else in the pool has (Gmail ignores dots; +tags go to the same box). */
  uniqueEmail(rng: Rng, local: string, domain: string): string {
    let l = local.replace(/^[._]+|[._]+$/g, '').replace(/\.{2,}/g, '.') || 'dev';
    for (let i = 0; ; i++) {
      const e = `${l}@${domain}`;
      const key = mailbox(e);
      if (!this.emails.has(key)) {
        this.emails.add(key);
        return e;
      }
      l = `${local}${rng.range(1, 99)}${i > 5 ? rng.range(10, 99) : ''}`;
    }
  }

  uniqueHandle(rng: Rng, base: string): string {
    let h = base || 'dev';
    for (;;) {
      if (!this.handles.has(h.toLowerCase())) {
        this.handles.add(h.toLowerCase());
        return h;
      }
      h = `${base}${rng.chance(0.5) ? '-' : ''}${rng.range(1, 999)}`;
    }
  }

  emailLocal(rng: Rng, given: string, family: string, birthYear: number): string {
    const g = handlePart(given.split(/[\s-]/)[0] ?? given) || 'dev';
    const gAll = handlePart(given) || g;
    const f = handlePart(family) || 'x';
    const yy = String(birthYear).slice(2);
    return rng.pick([`${g}.${f}`, `${gAll}${f}`, `${g[0]}${f}`, `${g}_${f}`, `${f}.${g}`, `${g}${f}${yy}`, `${g}.${f}${rng.range(1, 99)}`, `${g}${rng.range(1, 999)}`, `${g}.dev`, `${f}${g[0]}`, `${g}${f}.dev`, `${g}.${f}.${rng.pick(['code', 'eth', 'io', 'tech'])}`]);
  }

  // ---- one person ----------------------------------------------------------------------------

  person(rng: Rng, opts: PersonOptions): Person {
    const country = opts.country ?? this.pickCountry(rng);
    const city = opts.city ?? rng.pick(country.cities);
    let origin: string;
    let name: string;
    let given: string;
    let family: string;
    if (this.hard) {
      // The origin is drawn apart from the country and everything else: it says nothing.
      const drawn = opts.drawn ?? drawName(rng, opts.origin);
      ({ origin, name, given, family } = drawn);
    } else {
      origin = opts.origin ?? weighted(rng, country.origins);
      if (opts.operator && opts.origin === undefined) origin = this.balanceOrigin(rng, country, origin);
      name = opts.name ?? pickName(rng, this.bank, origin);
      ({ given, family } = splitName(name, origin));
    }
    const kind: CandidateKind =
      opts.kind ?? (opts.operator ? weighted(rng, [['contractor', 35], ['freelancer', 35], ['candidate', 20], ['employee', 10]]) : weighted(rng, [['candidate', 45], ['contractor', 25], ['freelancer', 20], ['employee', 10]]));
    const age = rng.range(22, 56);
    const birth = Date.UTC(new Date(this.now).getUTCFullYear() - age, rng.int(12), rng.range(1, 28));
    const years = Math.max(1, Math.min(age - 21, rng.range(1, 16)));
    const track = weighted(rng, TRACK_WEIGHTS);
    const home = this.address(rng, country, city);
    const p: CandidateProfile = {
      ...emptyProfile('', kind),
      names: [name],
      homeAddress: this.writeAddr(home, rng.chance(0.85) ? 0 : rng.pick([1, 2])),
      claimedLocation: { country: country.code, city: city.name, timeZone: city.tz },
      birthDate: isoDate(birth),
    };
    // E-mail: global providers, the country's own, or an own domain.
    const local = this.emailLocal(rng, given, family, new Date(birth).getUTCFullYear());
    const r = rng.next();
    let email: string;
    if (r < 0.12) {
      // An own domain (unique: nobody else registers it).
      const stem = `${handlePart(given.split(/[\s-]/)[0] ?? given)}${handlePart(family)}`;
      let domain = `${stem}.${rng.pick(['dev', 'com', 'io', 'me', 'net', 'xyz', 'codes'])}`;
      while (this.domains.has(domain)) domain = `${stem}${rng.range(1, 99)}.${rng.pick(['dev', 'com', 'io', 'me'])}`;
      this.domains.add(domain);
      email = this.uniqueEmail(rng, rng.pick(['hello', 'me', 'contact', handlePart(given.split(/[\s-]/)[0] ?? given) || 'me']), domain);
    } else {
      const domain = r < 0.3 && country.mail.length > 0 ? rng.pick(country.mail) : weighted(rng, GLOBAL_MAIL);
      email = this.uniqueEmail(rng, local, domain);
    }
    p.emails.push(email);
    if (rng.chance(0.2)) p.emails.push(this.uniqueEmail(rng, this.emailLocal(rng, given, family, new Date(birth).getUTCFullYear()), weighted(rng, GLOBAL_MAIL)));
    // Phone.
    p.phones.push(this.phone(rng, country, city, opts.operator ? undefined : 'clean'));
    // Documents.
    const docName = rng.chance(0.1) ? anyAscii(name) : rng.chance(0.3) ? name.toUpperCase() : name;
    const issued = this.daysAgo(rng, 100, 3000);
    if (rng.chance(0.75) || country.code !== 'US') {
      p.documents.push({ type: 'passport', number: this.unique('doc', () => passportNumber(rng, country.code)), country: country.code, name: docName, birthDate: p.birthDate, issuedAt: isoDate(issued), expiresAt: isoDate(issued + 3652 * DAY_MS) });
    }
    if (p.documents.length === 0 || rng.chance(0.45)) {
      const id = this.unique('doc', () => nationalId(rng, country.code), (x) => x.number);
      p.documents.push({ type: id.type, number: id.number, country: country.code, name: docName, birthDate: p.birthDate });
    }
    // Career and education.
    const jobs = this.career(rng, country, track, years);
    const gradYear = new Date(this.now).getUTCFullYear() - years - rng.range(0, 2);
    const education = [{ degree: pickDegree(rng), school: rng.pick(country.universities), year: String(gradYear) }];
    if (rng.chance(0.15)) education.unshift({ degree: rng.pick(['M.Sc. in Computer Science', 'MBA', 'M.Sc. in Data Science', 'M.Sc. in Information Security']), school: rng.pick(country.universities), year: String(gradYear + 2) });
    const spoken = LANGUAGE[country.code] ?? 'English';
    const heritage = ORIGIN_LANGUAGE[origin] ?? HERITAGE_LANGUAGE[origin];
    const languages = rng.chance(0.5) && heritage && !spoken.includes(heritage) ? `${spoken.replace(' and ', ', ')} and ${heritage}` : spoken;
    const skills = skillsFor(rng, track);
    const title = roleFor(rng, track, Math.min(3, Math.floor(years / 3)));
    const location = `${city.name}, ${country.name}`;
    const resume = makeResume(rng, { track, name, title, location, email, phone: p.phones[0]?.number, years, jobs, skills, education, languages });
    const person: Person = {
      idx: this.people.length,
      operator: opts.operator,
      origin,
      name,
      given,
      family,
      country,
      city,
      home,
      track,
      years,
      jobs,
      resume,
      p,
      hired: kind === 'contractor' || kind === 'employee',
      sources: [],
      pinned: [],
      devices: Array.from({ length: rng.range(1, 2) }, () => this.deviceId(rng)),
      hours: 'office',
      owlShare: 0.35,
      trips: [],
      asiaZone: 'Asia/Shanghai',
      toolShare: 0,
      longSession: false,
      loginCount: rng.range(4, 30),
      burst: false,
    };
    this.people.push(person);
    this.education(person, education);
    // Payments: most hired/freelance people have given one; applicants often not yet.
    if (kind !== 'candidate' || rng.chance(0.4)) p.payments.push(this.ownPayment(rng, person));
    // Online profiles.
    this.onlineProfiles(rng, person, false);
    // References.
    for (let i = rng.range(0, 2); i > 0; i--) p.references.push(this.reference(rng, person));
    // Home network and phone as login sources (clean default; operators replace these).
    const homeIp: IpUse = rng.chance(0.2) ? { ip: this.ips.freshV6(), country: country.code, kind: 'residential' } : { ip: this.ips.fresh(country.code, 'residential'), country: country.code, kind: 'residential' };
    const mobileIps = Array.from({ length: rng.range(1, 4) }, () => this.ips.fresh(country.code, 'mobile'));
    person.sources.push({ weight: 6, pick: () => homeIp });
    person.sources.push({ weight: 2, pick: (r) => ({ ip: r.pick(mobileIps), country: country.code, kind: 'mobile' }) });
    return person;
  }

  /**
   * The fairness rule: Korean-origin names make up the same share of operators as of the whole
   * pool's expectation (EXPECTED_KOREAN_SHARE), within half an identity, so that a name's origin
   * cannot predict who is an operator even in a small pool. The origin is redrawn within the
   * claimed country's own distribution, Korean or not, as the running count requires.
   */
  balanceOrigin(rng: Rng, country: Country, origin: string): string {
    const n = this.opIdentities + 1;
    const expected = EXPECTED_KOREAN_SHARE * n;
    const korean = isKoreanOrigin(origin);
    const after = this.opKorean + (korean ? 1 : 0);
    let out = origin;
    if (after > expected + 0.5) {
      const others = country.origins.filter(([o]) => !isKoreanOrigin(o));
      if (others.length > 0) out = weighted(rng, others);
    } else if (after < expected - 0.5) {
      const kr = country.origins.filter(([o]) => isKoreanOrigin(o));
      if (kr.length > 0) out = weighted(rng, kr);
    }
    this.opIdentities++;
    if (isKoreanOrigin(out)) this.opKorean++;
    return out;
  }

  deviceId(rng: Rng): string {
    return Array.from({ length: 4 }, () => rng.int(0x10000).toString(16).padStart(4, '0')).join('') + '-' + rng.pick(['mac', 'win', 'lnx']);
  }

  phone(rng: Rng, country: Country, city: City, mode: 'clean' | undefined): PhoneNumber {
    const ph: PhoneNumber = { number: this.unique('phone', () => phoneNumber(rng, country.code, city.name)) };
    if (mode === 'clean') {
      const t = rng.next();
      if (t < 0.7) ph.lineType = 'mobile';
      else if (t < 0.72) ph.lineType = 'landline';
      if (rng.chance(0.5)) ph.issuedAt = isoDate(this.daysAgo(rng, 300, 5000));
    } else {
      ph.lineType = rng.chance(0.6) ? 'mobile' : undefined;
      if (ph.lineType === undefined) delete ph.lineType;
    }
    return ph;
  }

  career(rng: Rng, country: Country, track: Track, years: number): Job[] {
    const jobs: Job[] = [];
    let end: number | undefined = rng.chance(0.65) ? undefined : this.daysAgo(rng, 20, 240);
    let remaining = years * 12;
    const n = Math.max(1, Math.min(4, Math.round(years / rng.range(2, 4)) || 1));
    for (let i = 0; i < n && remaining > 3; i++) {
      const months = i === n - 1 ? remaining : Math.max(6, Math.min(remaining - 3, rng.range(8, 48)));
      const to = end ?? this.now;
      const from = to - months * 30.44 * DAY_MS;
      const seniority = Math.min(3, Math.floor(((years * 12 - (years * 12 - remaining)) / 12) / 3));
      const large = LARGE_EMPLOYERS.filter((e) => e.countries.includes(country.code));
      let company: string;
      let employerCountry = country.code;
      const r = rng.next();
      if (r < 0.15 && large.length > 0) company = rng.pick(large).name;
      else if (r < 0.25) {
        const foreign = rng.pick(COUNTRIES.filter((c) => ['US', 'GB', 'DE', 'SG', 'NL'].includes(c.code)));
        company = firmName(rng, foreign);
        employerCountry = foreign.code;
      } else company = firmName(rng, country);
      jobs.push({ role: roleFor(rng, track, seniority), company, country: employerCountry, from: isoMonth(from), to: end === undefined ? undefined : isoMonth(to), bullets: [] });
      remaining -= months;
      end = from - rng.range(0, 4) * 30 * DAY_MS;
    }
    const skills = skillsFor(rng, track);
    for (const j of jobs) j.bullets = bulletsFor(rng, track, skills, rng.range(2, 4));
    return jobs;
  }

  syncEmployers(person: Person): void {
    person.p.employers = person.jobs.map((j): Employer => {
      const e: Employer = { name: j.company, from: j.from, role: j.role };
      if (j.country) e.country = j.country;
      if (j.to) e.to = j.to;
      return e;
    });
  }

  education(person: Person, education: { degree: string; school: string; year: string }[]): void {
    person.p.education = education.map((e) => ({ school: e.school, degree: e.degree, country: person.country.code, from: String(Number(e.year) - (e.degree.startsWith('M') ? 2 : 4)), to: e.year }));
  }

  ownPayment(rng: Rng, person: Person): PaymentDestination {
    const c = person.country;
    const since = isoDate(this.daysAgo(rng, 60, 1500));
    const holder = rng.chance(0.2) ? person.name.toUpperCase() : rng.chance(0.1) ? anyAscii(person.name) : person.name;
    const r = rng.next();
    if (r < 0.6) {
      const bank = rng.pick(c.banks);
      if (c.iban) {
        const iban = randomIban(rng, c.iban);
        return { type: 'iban', value: rng.chance(0.5) ? ibanPrint(iban) : iban, holderName: holder, provider: bank, since };
      }
      return { type: 'bank_account', value: domesticAccount(rng, c.code, bank), holderName: holder, provider: bank, since };
    }
    if (r < 0.75) {
      // Wise: a Belgian EUR IBAN or the account e-mail.
      if (rng.chance(0.5)) return { type: 'iban', value: ibanPrint(randomIban(rng, 'BE')), holderName: holder, provider: 'Wise', since };
      return { type: 'payment_platform', value: person.p.emails[0]!, holderName: holder, provider: 'Wise', since };
    }
    if (r < 0.88) return { type: 'payment_platform', value: person.p.emails[0]!, holderName: holder, provider: 'Payoneer', since };
    if (r < 0.95) return { type: 'payment_platform', value: person.p.emails[0]!, holderName: holder, provider: 'PayPal', since };
    return { type: 'iban', value: randomIban(rng, 'LT'), holderName: holder, provider: 'Revolut', since };
  }

  onlineProfiles(rng: Rng, person: Person, fresh: boolean): void {
    const base = handlePart(person.given.split(/[\s-]/)[0] ?? person.given) + (rng.chance(0.5) ? handlePart(person.family) : handlePart(person.family).slice(0, 1));
    const created = (young: boolean) => isoDate(young ? this.daysAgo(rng, 5, 110) : this.daysAgo(rng, 200, 4200));
    const out: OnlineProfile[] = [];
    if (rng.chance(0.82)) {
      const h = this.uniqueHandle(rng, rng.chance(0.3) ? `${base}-dev` : base);
      out.push({ platform: 'GitHub', handle: h, url: `https://github.com/${h}`, createdAt: created(fresh), displayName: person.name });
    }
    if (rng.chance(0.85)) {
      const h = this.uniqueHandle(rng, `${handlePart(person.given)}-${handlePart(person.family)}-${rng.int(0x100000).toString(16)}`);
      out.push({ platform: 'LinkedIn', handle: h, url: `https://www.linkedin.com/in/${h}`, createdAt: created(fresh), displayName: person.name });
    }
    if (person.p.kind === 'freelancer' || rng.chance(0.15)) {
      const id = `~01${Array.from({ length: 16 }, () => rng.int(16).toString(16)).join('')}`;
      out.push({ platform: 'Upwork', handle: id, url: `https://www.upwork.com/freelancers/${id}`, createdAt: created(fresh), displayName: `${person.given.split(' ')[0]} ${person.family.slice(0, 1)}.` });
    }
    if (rng.chance(0.2)) out.push({ platform: 'Telegram', handle: `@${this.uniqueHandle(rng, `${base}${rng.range(1, 99)}`)}`, createdAt: created(fresh) });
    if (rng.chance(0.08)) out.push({ platform: 'Stack Overflow', handle: String(rng.range(100000, 23000000)), createdAt: created(fresh), displayName: person.name });
    person.p.profiles = out;
  }

  reference(rng: Rng, person: Person): { name: string; email?: string; phone?: string; company?: string } {
    const { name, given, family } = this.otherName(rng, person.country);
    const company = person.jobs.length > 0 ? rng.pick(person.jobs).company : undefined;
    const ref: { name: string; email?: string; phone?: string; company?: string } = { name };
    if (rng.chance(0.8)) ref.email = this.uniqueEmail(rng, this.emailLocal(rng, given, family, 1980), weighted(rng, GLOBAL_MAIL));
    if (rng.chance(0.3)) ref.phone = this.unique('phone', () => phoneNumber(rng, person.country.code, person.city.name));
    if (company) ref.company = company;
    return ref;
  }

  finishResume(person: Person): void {
    person.p.resumeText = renderResume(person.resume);
  }

  // ---- operators -----------------------------------------------------------------------------

  /** An operator identity: the same person model, then the tradecraft of the advisories. */
  operatorIdentity(rng: Rng, opts: OperatorIdentityOptions = {}): Person {
    const person = this.person(rng, { operator: true, country: opts.country, drawn: opts.drawn, kind: opts.kind ?? (rng.chance(0.85) ? rng.pick(['contractor', 'freelancer', 'contractor', 'employee'] as const) : 'candidate') });
    const p = person.p;
    const tc = this.tradecraft;
    person.hired = p.kind === 'contractor' || p.kind === 'employee';
    // Fresh accounts (70%; hard 45%), else bought or borrowed old ones.
    if (rng.chance(tc.freshAccounts)) this.onlineProfiles(rng, person, true);
    if (rng.chance(tc.displayNames)) for (const pr of p.profiles) if (pr.displayName) pr.displayName = this.otherName(rng, person.country, person.origin).name;
    // VoIP or freshly issued numbers.
    const ph = p.phones[0]!;
    if (rng.chance(tc.voip)) {
      ph.lineType = 'voip';
      if (rng.chance(0.7)) ph.issuedAt = isoDate(this.daysAgo(rng, 5, 100));
    } else if (rng.chance(0.3)) ph.issuedAt = isoDate(this.daysAgo(rng, 10, 150));
    // A document in a slightly different name.
    if (rng.chance(tc.docName) && p.documents[0]) p.documents[0].name = this.misspell(rng, person.name);
    // Payments: another person's account, crypto, frequent changes.
    p.payments = [];
    const r = rng.next();
    if (r < tc.facilitator) p.payments.push(this.facilitatorAccount(rng, person));
    else p.payments.push(this.ownPayment(rng, person));
    for (const d of p.payments) d.since = isoDate(this.daysAgo(rng, 3, 90));
    if (rng.chance(tc.wallet)) p.payments.push({ type: 'crypto_wallet', ...wallet(rng), holderName: person.name, since: isoDate(this.daysAgo(rng, 1, 40)) });
    if (rng.chance(tc.secondPayment)) p.payments.push({ ...this.ownPayment(rng, person), since: isoDate(this.daysAgo(rng, 1, 30)) });
    // A reshipping address for the laptop.
    if (person.hired && rng.chance(tc.reship)) {
      const reship = this.writeAddr(this.address(rng, person.country));
      p.shippingAddresses = [reship];
      person.shipTo = reship;
    }
    // Logins: hosting / commercial VPN instead of home, on Asian hours, remote tools.
    if (this.hard && rng.chance(0.35)) {
      // Hard: a third keep a residential connection of the claimed country (a proxy, a
      // facilitator's home): no hosting IP at all. person() already gave them one.
      person.sources = person.sources.slice(0, 1);
    } else {
      person.sources = [];
      const vps = Array.from({ length: rng.range(1, 2) }, () => {
        const c = rng.chance(0.55) ? person.country.code : weighted(rng, HOSTING_COUNTRIES);
        return { ip: this.ips.fresh(c, 'hosting'), country: c, kind: 'hosting' as IpKind };
      });
      person.sources.push({ weight: 5, pick: (rr) => rr.pick(vps) });
    }
    if (rng.chance(tc.commercialVpn)) {
      const exitCountry = rng.chance(0.7) ? person.country.code : rng.pick(VPN_EXITS);
      const exits = this.vpnExits.get(exitCountry) ?? this.vpnExits.get('US')!;
      person.sources.push({ weight: 4, pick: (rr) => ({ ip: rr.pick(exits), country: exitCountry, kind: 'vpn' }) });
    }
    if (rng.chance(tc.slip)) {
      const c = rng.pick(['CN', 'CN', 'RU']);
      person.pinned.push({ use: { ip: this.ips.fresh(c, 'residential'), country: c, kind: 'residential' } });
    }
    if (this.hard) {
      // Hard: some keep the claimed zone's office hours (a night shift at home).
      const h = rng.next();
      person.hours = h < 0.45 ? 'asia' : h < 0.75 ? 'mixed' : 'office';
    } else person.hours = rng.chance(0.75) ? 'asia' : 'mixed';
    person.asiaZone = weighted(rng, ASIA_ZONES);
    person.toolShare = rng.chance(tc.tools) ? rng.range(15, 50) / 100 : 0;
    person.longSession = rng.chance(tc.longSession);
    person.burst = rng.chance(tc.burst);
    person.loginCount = rng.range(8, 40);
    if (rng.chance(tc.paymentRequest)) p.events.push({ type: 'payment_request', at: isoTime(this.daysAgo(rng, 1, 40)), method: rng.pick(['USDT (TRC-20)', 'USDC', 'crypto', 'Payoneer']), note: rng.pick(['asks to be paid in USDT from now on', 'asks for an advance on next month', 'asks to pay a friend\'s account this month', 'new payment details']) });
    if (rng.chance(0.35)) p.notes = [rng.pick(['Camera off during the video interview; said the webcam was broken.', 'Long pauses before answers in the technical interview.', 'Declined an in-person onboarding day.', 'Asked for the laptop to go to a relative\'s address.'])];
    return person;
  }

  misspell(rng: Rng, name: string): string {
    const words = name.split(' ');
    const r = rng.next();
    if (r < 0.4 && words.length > 1) return [...words].reverse().join(' ');
    if (r < 0.7) {
      const i = rng.int(words.length);
      const w = words[i]!;
      if (w.length > 3) {
        const k = 1 + rng.int(w.length - 2);
        words[i] = w.slice(0, k) + w.slice(k + 1);
        return words.join(' ');
      }
    }
    return `${name.split(' ')[0]} ${String.fromCharCode(65 + rng.int(26))}. ${words.slice(1).join(' ')}`.trim();
  }

  /** An account held by someone else (a facilitator), for one operator alone. */
  facilitatorAccount(rng: Rng, person: Person): PaymentDestination {
    const holderCountry = rng.chance(0.6) ? person.country : this.pickCountry(rng);
    const holder = this.otherName(rng, holderCountry).name;
    const d = this.ownPayment(rng, { ...person, country: holderCountry, p: { ...person.p, emails: [this.uniqueEmail(rng, handlePart(holder) || 'pay', weighted(rng, GLOBAL_MAIL))] } } as Person);
    d.holderName = holder;
    return d;
  }

  newOperator(shape: OperatorShape, members: Person[], links: string[]): void {
    this.opCounter++;
    this.operators.push({ id: `op-${String(this.opCounter).padStart(3, '0')}`, shape, members, links });
  }

  sharedPayment(rng: Rng, size: number): void {
    const members = Array.from({ length: size }, () => this.operatorIdentity(rng));
    const holderCountry = this.pickCountry(rng);
    const holder = this.otherName(rng, holderCountry).name;
    const owner = rng.chance(0.3) ? rng.pick(members) : undefined;
    const r = rng.next();
    let dest: PaymentDestination;
    let kind: string;
    if (r < 0.4) {
      const ibanCountry = rng.pick(['GB', 'DE', 'LT', 'BE', 'NL', 'PL', 'UA', 'AE']);
      dest = { type: 'iban', value: randomIban(rng, ibanCountry), provider: ibanCountry === 'LT' ? 'Revolut' : ibanCountry === 'BE' ? 'Wise' : rng.pick(country(ibanCountry)?.banks ?? ['Bank']) };
      kind = 'payment:iban';
    } else if (r < 0.7) {
      dest = { type: 'payment_platform', value: rng.chance(0.5) ? this.uniqueEmail(rng, handlePart(holder) || 'pay', 'gmail.com') : String(rng.range(10_000_000, 99_999_999)), provider: 'Payoneer' };
      kind = 'payment:payoneer';
    } else if (r < 0.85) {
      dest = { type: 'payment_platform', value: rng.chance(0.5) ? `@${handlePart(holder).slice(0, 10)}${rng.range(1, 99)}` : this.uniqueEmail(rng, handlePart(holder) || 'pay', 'outlook.com'), provider: 'Wise' };
      kind = 'payment:wise';
    } else {
      const bank = rng.pick(country('US')!.banks);
      dest = { type: 'bank_account', value: `${abaRouting(bank)} ${Array.from({ length: 11 }, () => rng.int(10)).join('')}`, provider: bank };
      kind = 'payment:bank_account';
    }
    for (const m of members) {
      const value = dest.type === 'iban' ? (rng.chance(0.5) ? ibanPrint(dest.value) : dest.value) : dest.type === 'bank_account' && rng.chance(0.4) ? dest.value.replace(' ', '-') : dest.value;
      const own: PaymentDestination = { ...dest, value, holderName: owner ? owner.name : rng.chance(0.85) ? holder : undefined, since: isoDate(this.daysAgo(rng, 3, 120)) };
      if (own.holderName === undefined) delete own.holderName;
      m.p.payments = [own, ...m.p.payments.filter(() => rng.chance(0.3))];
    }
    this.newOperator('shared_payment', members, [kind]);
  }

  laptopFarm(rng: Rng, size: number): void {
    const farmCountry = this.pickCountry(rng);
    const farm = this.address(rng, farmCountry);
    const farmIp: IpUse = { ip: this.ips.fresh(farmCountry.code, 'residential'), country: farmCountry.code, kind: 'residential' };
    const sharedIp = rng.chance(0.75);
    const members = Array.from({ length: size }, () => this.operatorIdentity(rng, { country: farmCountry, kind: rng.pick(['contractor', 'employee', 'contractor'] as const) }));
    for (const m of members) {
      m.hired = true;
      const text = this.writeAddr(farm, rng.chance(0.5) ? 0 : rng.pick([1, 2]));
      m.p.shippingAddresses = [text];
      m.shipTo = text;
      if (sharedIp) {
        m.sources.push({ weight: 14, pick: () => farmIp, tool: 0.85 });
      }
    }
    this.newOperator('laptop_farm', members, sharedIp ? ['shipping_address', 'login_ip'] : ['shipping_address']);
  }

  sharedVoip(rng: Rng, size: number): void {
    const c = this.pickCountry(rng);
    const city = rng.pick(c.cities);
    const number = this.unique('phone', () => phoneNumber(rng, c.code, city.name));
    const issued = isoDate(this.daysAgo(rng, 10, 120));
    const members = Array.from({ length: size }, () => this.operatorIdentity(rng, { country: c }));
    for (const m of members) {
      const ph: PhoneNumber = { number };
      if (rng.chance(0.65)) ph.lineType = 'voip';
      if (rng.chance(0.5)) ph.issuedAt = issued;
      m.p.phones = rng.chance(0.35) ? [m.p.phones[0]!, ph] : [ph];
      m.resume.contact = [m.p.emails[0]!, number];
    }
    this.newOperator('shared_voip', members, ['phone']);
  }

  reusedResume(rng: Rng, size: number, shape: OperatorShape = 'reused_resume', extra: string[] = [], first?: Person): Person[] {
    const lead = first ?? this.operatorIdentity(rng);
    const members = [lead];
    for (let i = 1; i < size; i++) {
      const m = this.operatorIdentity(rng, { country: rng.chance(0.6) ? lead.country : undefined });
      m.track = lead.track;
      const who = { name: m.name, location: `${m.city.name}, ${m.country.name}`, contact: [m.p.emails[0]!] };
      // Hard: reordered and partly reworded copies (two copies: 3-shingle Jaccard about 0.4-0.66), not near-duplicates.
      m.resume = this.hard ? paraphraseResume(rng, lead.resume, who, isoMonth(this.now), rng.range(0, 10) / 100) : editResume(rng, lead.resume, who, isoMonth(this.now), rng.chance(0.25) ? firmName(rng, m.country) : undefined);
      m.jobs = m.resume.jobs;
      m.p.education = lead.p.education.map((e) => ({ ...e }));
      members.push(m);
    }
    if (shape === 'reused_resume') this.newOperator(shape, members, ['resume', ...extra]);
    return members;
  }

  frontCompany(rng: Rng, size: number): void {
    const key = rng.pick(Object.keys(FRONT_COMPANY_SPELLINGS));
    const spellings = FRONT_COMPANY_SPELLINGS[key]!;
    const addFront = (m: Person) => {
      const year = rng.range(2016, 2022);
      const job: Job = { role: roleFor(rng, m.track, 1), company: rng.pick(spellings), country: 'CN', from: `${year}-${String(rng.range(1, 12)).padStart(2, '0')}`, to: `${year + rng.range(1, 3)}-${String(rng.range(1, 12)).padStart(2, '0')}`, bullets: bulletsFor(rng, m.track, m.resume.skills, rng.range(2, 3)) };
      // Put it in date order among the other jobs.
      const jobs = [...m.jobs, job].sort((a, b) => (b.from < a.from ? -1 : 1));
      m.jobs = jobs;
      m.resume = { ...m.resume, jobs };
    };
    if (size === 1) {
      const m = this.operatorIdentity(rng);
      addFront(m);
      this.newOperator('front_company', [m], ['employer:front']);
      return;
    }
    const lead = this.operatorIdentity(rng);
    addFront(lead);
    const how = rng.next();
    let members: Person[];
    const links = ['employer:front'];
    if (how < 0.5) {
      members = this.reusedResume(rng, size, 'front_company', [], lead);
      links.push('resume');
    } else {
      members = [lead, ...Array.from({ length: size - 1 }, () => this.operatorIdentity(rng))];
      for (const m of members.slice(1)) addFront(m);
      if (how < 0.75) {
        const dest = this.facilitatorAccount(rng, lead);
        for (const m of members) m.p.payments = [{ ...dest, value: dest.type === 'iban' && rng.chance(0.5) ? dest.value.replace(/\s+/g, '') : dest.value }, ...m.p.payments.slice(1)];
        links.push(`payment:${dest.type}`);
      }
    }
    // Keep the resume-sharing members' front employer spelled as the lead wrote it, or respelled.
    for (const m of members.slice(1)) {
      const front = m.jobs.find((j) => Object.values(FRONT_COMPANY_SPELLINGS).flat().includes(j.company));
      if (front && rng.chance(0.5)) front.company = rng.pick(spellings);
    }
    this.newOperator('front_company', members, links);
  }

  /** Make b share one thing with a (mixed chains, jump-box teams): a payment account, shipping address, phone, mailbox, hosting IP, device, resume or reference. */
  linkPair(rng: Rng, a: Person, b: Person, kind: string): void {
    switch (kind) {
      case 'payment': {
        const d = a.p.payments[0] ?? this.facilitatorAccount(rng, a);
        if (!a.p.payments.includes(d)) a.p.payments.unshift(d);
        b.p.payments = [{ ...d, since: isoDate(this.daysAgo(rng, 3, 60)) }, ...b.p.payments.slice(1)];
        break;
      }
      case 'shipping_address': {
        const addr = a.shipTo ?? this.writeAddr(this.address(rng, a.country));
        a.shipTo = addr;
        a.hired = true;
        a.p.shippingAddresses = [addr];
        b.shipTo = addr;
        b.hired = true;
        b.p.shippingAddresses = [addr];
        break;
      }
      case 'phone':
        b.p.phones = [{ ...a.p.phones[0]!, ...(rng.chance(0.5) ? { lineType: 'voip' } : {}) }];
        break;
      case 'mailbox': {
        // The same Gmail mailbox: a's address made Gmail if needed, b writes it with dots / a +tag.
        let ae = a.p.emails.find((e) => e.endsWith('@gmail.com'));
        if (!ae) {
          ae = this.uniqueEmail(rng, handlePart(a.name) + rng.pick(['dev', '.dev', '.work', '']), 'gmail.com');
          a.p.emails.push(ae);
        }
        const local = ae.split('@')[0]!.split('+')[0]!;
        const variant = gmailVariant(rng, local);
        b.p.emails = rng.chance(0.5) ? [variant] : [b.p.emails[0]!, variant];
        break;
      }
      case 'login_ip': {
        const c = rng.chance(0.6) ? a.country.code : weighted(rng, HOSTING_COUNTRIES);
        const vps: IpUse = { ip: this.ips.fresh(c, 'hosting'), country: c, kind: 'hosting' };
        a.sources.push({ weight: 6, pick: () => vps });
        b.sources.push({ weight: 6, pick: () => vps });
        break;
      }
      case 'device': {
        const dev = a.devices[0]!;
        b.devices = [dev, ...b.devices.slice(0, 1)];
        break;
      }
      case 'resume': {
        const who = { name: b.name, location: `${b.city.name}, ${b.country.name}`, contact: [b.p.emails[0]!] };
        b.resume = this.hard ? paraphraseResume(rng, a.resume, who, isoMonth(this.now), rng.range(0, 10) / 100) : editResume(rng, a.resume, who, isoMonth(this.now));
        b.jobs = b.resume.jobs;
        break;
      }
      case 'reference':
        b.p.references = [{ name: a.name, email: a.p.emails[0], company: a.jobs[0]?.company }, ...b.p.references.slice(0, 1)];
        break;
    }
  }

  mixed(rng: Rng, size: number): void {
    const members = Array.from({ length: size }, () => this.operatorIdentity(rng));
    const links: string[] = [];
    const kinds = ['payment', 'shipping_address', 'phone', 'mailbox', 'login_ip', 'device', 'resume', 'reference'];
    for (let i = 1; i < size; i++) {
      const a = members[i - 1]!;
      const b = members[i]!;
      const kind = rng.pick(kinds);
      links.push(kind);
      this.linkPair(rng, a, b, kind);
    }
    // Sometimes the whole team also works through one jump box.
    if (rng.chance(0.35)) {
      const c = weighted(rng, HOSTING_COUNTRIES);
      const vps: IpUse = { ip: this.ips.fresh(c, 'hosting'), country: c, kind: 'hosting' };
      for (const m of members) m.sources.push({ weight: 3, pick: () => vps });
      links.push('login_ip:team');
    }
    this.newOperator('mixed', members, links);
  }

  // ---- innocent shares -----------------------------------------------------------------------

  spouses(rng: Rng): void {
    const a = this.person(rng, { operator: false });
    const origin = rng.chance(0.8) ? a.origin : weighted(rng, a.country.origins);
    let name = pickName(rng, this.bank, origin);
    if (SHARES_SURNAME.has(origin) && origin === a.origin && rng.chance(0.55)) {
      const { given } = splitName(name, origin);
      name = `${given} ${a.family}`;
    }
    const b = this.person(rng, { operator: false, country: a.country, city: a.city, origin, name });
    b.home = a.home;
    b.p.homeAddress = this.writeAddr(a.home, rng.chance(0.6) ? 0 : rng.pick([1, 2]));
    a.p.homeAddress = this.writeAddr(a.home, 0);
    // The household's internet connection.
    const homeSource = a.sources[0]!;
    b.sources[0] = homeSource;
    for (const m of [a, b]) if (m.hired && rng.chance(0.7)) m.p.shippingAddresses = [m.p.homeAddress!];
    this.shares.push({ shape: 'spouses', members: [a, b], what: 'home address and home internet connection' });
    if (rng.chance(0.25)) {
      const c = a.country;
      const bank = rng.pick(c.banks);
      const value = c.iban ? ibanPrint(randomIban(rng, c.iban)) : domesticAccount(rng, c.code, bank);
      const holder = rng.pick([`${a.name} and ${b.name}`, `${a.name} & ${b.name}`, a.name, `${a.family} family`]);
      for (const m of [a, b]) m.p.payments = [{ type: c.iban ? 'iban' : 'bank_account', value, holderName: holder, provider: bank, since: isoDate(this.daysAgo(rng, 100, 2000)) }];
      this.shares.push({ shape: 'family_account', members: [a, b], what: `joint bank account held as "${holder}"` });
    }
  }

  colleagues(rng: Rng, size: number): void {
    const c = this.pickCountry(rng);
    const city = rng.pick(c.cities);
    const large = LARGE_EMPLOYERS.filter((e) => e.countries.includes(c.code));
    const agency = rng.chance(0.2) && large.length > 0 ? rng.pick(large).name : firmName(rng, c);
    const office = this.address(rng, c, city);
    const officeText = this.writeAddr(office, 0);
    const start = this.now - rng.range(8, 60) * 30 * DAY_MS;
    const members: Person[] = [];
    for (let i = 0; i < size; i++) {
      const m = this.person(rng, { operator: false, country: c, city: rng.chance(0.8) ? city : undefined, kind: rng.pick(['contractor', 'contractor', 'employee', 'candidate'] as const) });
      const from = Math.min(start + rng.range(-12, 12) * 30 * DAY_MS, this.now - 120 * DAY_MS);
      const to = rng.chance(0.75) ? undefined : from + rng.range(90, Math.floor((this.now - from) / DAY_MS) - 20) * DAY_MS;
      const job: Job = { role: roleFor(rng, m.track, Math.min(3, Math.floor(m.years / 3))), company: agency, country: c.code, from: isoMonth(from), to: to === undefined ? undefined : isoMonth(to), bullets: bulletsFor(rng, m.track, m.resume.skills, rng.range(2, 4)) };
      m.jobs = [job, ...m.jobs.filter((j) => j.to !== undefined && j.from < job.from).map((j) => (j.to! > job.from ? { ...j, to: job.from } : j))];
      m.resume = { ...m.resume, jobs: m.jobs };
      // Only current staff get laptops at the office or use the office VPN.
      if (m.hired && job.to === undefined && rng.chance(0.4)) {
        const text = rng.chance(0.7) ? officeText : this.writeAddr(office, rng.pick([1, 2]));
        m.p.shippingAddresses = [text];
        m.shipTo = text;
      }
      members.push(m);
    }
    // Colleagues give each other as references.
    for (const m of members) {
      if (rng.chance(0.3)) {
        const other = rng.pick(members.filter((x) => x !== m));
        m.p.references = [{ name: other.name, email: other.p.emails[0], company: agency }, ...m.p.references.slice(0, 1)];
      }
    }
    const shared = members.some((m) => m.shipTo !== undefined) ? 'the same employer and its office as shipping address' : 'the same employer';
    this.shares.push({ shape: 'colleagues', members, what: `${shared}: ${agency}` });
    const staff = members.filter((m) => m.jobs[0]?.company === agency && m.jobs[0].to === undefined);
    if (staff.length >= 2 && rng.chance(0.5)) {
      const kind: IpKind = rng.pick(['vpn', 'hosting', 'business'] as const);
      const egress = Array.from({ length: rng.range(1, 2) }, () => ({ ip: this.ips.fresh(c.code, kind), country: c.code, kind }));
      for (const m of staff) m.sources.push({ weight: 14, pick: (r) => r.pick(egress) });
      this.shares.push({ shape: 'corporate_vpn', members: staff, what: `corporate VPN egress ${egress.map((e) => e.ip).join(', ')} (ipKind ${kind})` });
    }
  }

  bootcamp(rng: Rng, size: number): void {
    const school = rng.pick(BOOTCAMPS);
    const year = String(new Date(this.now).getUTCFullYear() - rng.range(1, 4));
    const project = `Capstone at ${school}: ${rng.pick(['a peer-to-peer lending dApp', 'a crypto portfolio tracker', 'a DAO voting app', 'a marketplace for freelance designers', 'a real-time chat with end-to-end encryption'])} built in a team of ${size + rng.range(0, 2)} with ${rng.pick(['React, Node.js and PostgreSQL', 'Solidity, Hardhat and Next.js', 'Django and Vue', 'Go and React'])}; deployed on ${rng.pick(['AWS', 'Vercel', 'Fly.io', 'Render'])} with CI on GitHub Actions.`;
    const members: Person[] = [];
    for (let i = 0; i < size; i++) {
      const m = this.person(rng, { operator: false });
      m.p.education = [{ school, degree: 'Full-stack web development certificate', from: year, to: year }, ...m.p.education];
      m.resume = { ...m.resume, education: [{ degree: 'Full-stack web development certificate', school, year }, ...m.resume.education], projects: [project, ...m.resume.projects] };
      members.push(m);
    }
    this.shares.push({ shape: 'bootcamp', members, what: `the same bootcamp (${school} ${year}) and its capstone paragraph in the resume` });
  }

  cgnat(rng: Rng): void {
    const a = this.person(rng, { operator: false });
    const b = this.person(rng, { operator: false, country: a.country, city: a.city });
    const ip = this.ips.fresh(a.country.code, 'mobile');
    for (const m of [a, b]) m.pinned.push({ use: { ip, country: a.country.code, kind: 'mobile' } });
    this.shares.push({ shape: 'mobile_cgnat', members: [a, b], what: `one carrier-grade NAT mobile IP ${ip}` });
  }

  /**
   * Weak red flags that real applicants show, one at a time. The hard pool plants VPN use, night
   * hours and travel as hard-negative shapes of their own (lib/hard.ts), so it skips them here.
   */
  cleanNoise(rng: Rng, m: Person): void {
    const p = m.p;
    if (rng.chance(0.04)) {
      p.phones[0]!.lineType = 'voip';
      this.addNoise('voip_phone', m);
    }
    if (rng.chance(0.08) && p.profiles.length > 0) {
      rng.pick(p.profiles).createdAt = isoDate(this.daysAgo(rng, 10, 120));
      this.addNoise('new_online_profile', m);
    }
    if (!this.hard && rng.chance(0.07)) {
      const exitCountry = rng.chance(0.6) ? m.country.code : rng.pick(VPN_EXITS);
      const exits = this.vpnExits.get(exitCountry) ?? this.vpnExits.get('US')!;
      m.sources.push({ weight: 2, pick: (r) => ({ ip: r.pick(exits), country: exitCountry, kind: 'vpn' }) });
      this.addNoise('commercial_vpn_sometimes', m);
    }
    if (!this.hard && rng.chance(0.1)) {
      m.hours = 'owl';
      this.addNoise('late_night_logins', m);
    }
    if (!this.hard && rng.chance(0.05)) {
      const c = rng.pick(COUNTRIES.filter((x) => x !== m.country));
      for (let i = rng.range(1, 3); i > 0; i--) {
        const kind: IpKind = rng.pick(['mobile', 'residential', 'business'] as const);
        m.pinned.push({ use: { ip: this.ips.fresh(c.code, kind), country: c.code, kind } });
      }
      this.addNoise('travel_logins', m);
    }
    if (m.hired && rng.chance(0.08) && m.p.shippingAddresses.length === 0) {
      const other = this.writeAddr(this.address(rng, m.country));
      p.shippingAddresses = [other];
      m.shipTo = other;
      this.addNoise('ships_elsewhere', m);
    }
    if (rng.chance(0.03) && p.payments[0]) {
      p.payments[0].holderName = rng.chance(0.5) ? `${rng.pick(['Blue Harbor', 'Kestrel', 'Northwind', 'Lattice'])} ${rng.pick(['Consulting', 'Software', 'Digital'])} ${rng.pick(m.country.forms)}` : this.otherName(rng, m.country, m.origin).name;
      this.addNoise('payment_holder_differs', m);
    }
    if (rng.chance(0.08)) {
      p.payments.push({ type: 'crypto_wallet', ...wallet(rng), holderName: m.name, since: isoDate(this.daysAgo(rng, 30, 900)) });
      this.addNoise('crypto_payout', m);
    }
    if (rng.chance(0.02)) {
      m.toolShare = 0.25;
      this.addNoise('remote_tool', m);
    }
    if (rng.chance(0.04) && p.payments[0]) {
      p.payments.push({ ...this.ownPayment(rng, m), since: isoDate(this.daysAgo(rng, 5, 60)) });
      this.addNoise('payment_details_changed', m);
    }
  }

  // ---- events --------------------------------------------------------------------------------

  logins(rng: Rng, m: Person): ActivityEvent[] {
    const out: ActivityEvent[] = [];
    const total = m.sources.reduce((s, x) => s + x.weight, 0);
    const pickSource = (): LoginSource => {
      let x = rng.next() * total;
      for (const s of m.sources) {
        x -= s.weight;
        if (x < 0) return s;
      }
      return m.sources[m.sources.length - 1]!;
    };
    const instant = (): number => {
      for (;;) {
        const day = this.now - rng.range(1, 90) * DAY_MS;
        const asia = m.hours === 'asia' || (m.hours === 'mixed' && rng.chance(0.5));
        const tz = asia ? m.asiaZone : m.city.tz;
        const z = zoned(day, tz);
        let hour: number;
        if (asia) hour = rng.range(8, 22);
        else if (m.hours === 'owl' && rng.chance(m.owlShare)) hour = rng.pick([21, 22, 23, 0, 1]);
        else hour = Math.round((rng.range(8, 18) + rng.range(9, 18)) / 2);
        const t = localToUtc(z.year, z.month, z.day, hour, rng.int(60), tz);
        if (t >= this.now) continue;
        const wd = zoned(t, tz).weekday;
        if ((wd === 0 || wd === 6) && rng.chance(asia ? 0.5 : 0.85)) continue;
        return t;
      }
    };
    const event = (at: number, use: IpUse, tool?: string): ActivityEvent => {
      const e: ActivityEvent = { type: 'login', at: isoTime(at), ip: use.ip };
      if (rng.chance(0.97)) {
        e.ipCountry = use.country;
        e.ipKind = use.kind;
      }
      if (tool) e.tool = tool;
      e.deviceId = rng.pick(m.devices);
      e.durationMinutes = m.operator ? rng.range(30, 720) : Math.max(3, Math.round(rng.range(5, 240) * (rng.chance(0.3) ? 2 : 1)));
      return e;
    };
    const toolName = rng.pick(TOOLS);
    for (let i = 0; i < m.loginCount; i++) {
      const s = pickSource();
      const use = s.pick(rng);
      const withTool = rng.chance(s.tool ?? m.toolShare);
      const at = instant();
      const away = m.trips.length > 0 ? tripAt(m.trips, at) : undefined;
      if (away === 'transit') continue; // a travel day: no login
      if (away) out.push(event(awayInstant(rng, away, at), rng.pick(away.uses)));
      else out.push(event(at, use, withTool ? toolName : undefined));
    }
    for (const pin of m.pinned) {
      let at = pin.at ?? instant();
      // A traveller's odd logins (a shared carrier IP) happen at home, not on the road.
      for (let k = 0; k < 50 && m.trips.length > 0 && tripAt(m.trips, at) !== undefined; k++) at = instant();
      out.push(event(at, pin.use, pin.tool));
    }
    if (m.longSession && out.length > 0) (out[0] as { durationMinutes?: number }).durationMinutes = rng.range(1500, 3200);
    if (m.burst && m.sources.length > 1) {
      // Two logins to the account minutes apart from two different places.
      const t = instant();
      const a = m.sources[0]!.pick(rng);
      const b = m.sources[m.sources.length - 1]!.pick(rng);
      out.push(event(t, a), event(t + rng.range(8, 50) * 60_000, b));
    }
    return out;
  }

  finishEvents(rng: Rng, m: Person): void {
    const events = [...m.p.events, ...this.logins(rng, m)];
    if (m.hired) {
      const to = m.shipTo ?? m.p.shippingAddresses[0] ?? m.p.homeAddress;
      if (to) events.push({ type: 'shipping_request', at: isoTime(this.daysAgo(rng, 20, 80)), address: to, item: rng.pick(['Laptop (MacBook Pro 14")', 'Laptop (ThinkPad T14)', 'Laptop (Dell Latitude 7440)', 'Laptop and YubiKey']) });
      if (m.operator && rng.chance(0.15)) {
        const other = this.writeAddr(this.address(rng, m.country));
        events.push({ type: 'shipping_request', at: isoTime(this.daysAgo(rng, 1, 15)), address: other, item: 'Replacement charger' });
        m.p.shippingAddresses.push(other);
      }
    }
    if (!m.operator && rng.chance(0.03)) events.push({ type: 'payment_request', at: isoTime(this.daysAgo(rng, 1, 60)), method: rng.pick(['Wise', 'bank transfer', 'Payoneer']), note: 'updated bank details after switching banks' });
    events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    m.p.events = events;
  }
}

/** The trip leg an instant falls in; 'transit' within a day of a leg's start or end (on the road, no logins). */
function tripAt(trips: readonly Trip[], at: number): Trip | 'transit' | undefined {
  for (const t of trips) {
    if (at >= t.from - DAY_MS && at < t.from + DAY_MS / 2) return 'transit';
    if (at >= t.to - DAY_MS / 2 && at < t.to + DAY_MS) return 'transit';
    if (at >= t.from && at < t.to) return t;
  }
  return undefined;
}

/** The same day abroad, at a working hour of the place visited, kept inside the leg. */
function awayInstant(rng: Rng, leg: Trip, at: number): number {
  const z = zoned(at, leg.tz);
  const t = localToUtc(z.year, z.month, z.day, rng.range(8, 20), rng.int(60), leg.tz);
  return Math.min(Math.max(t, leg.from + DAY_MS / 2), leg.to - DAY_MS / 2 - 60_000);
}

/** The mailbox an address delivers to: lower case, +tag dropped, Gmail dots dropped. */
function mailbox(email: string): string {
  const e = email.toLowerCase();
  const g = gmailCanonical(e);
  if (g) return g;
  const at = e.lastIndexOf('@');
  return `${e.slice(0, at).split('+')[0]}${e.slice(at)}`;
}

function country(code: string): Country | undefined {
  return COUNTRIES.find((c) => c.code === code);
}

// ---------------------------------------------------------------------------------------------

const SHAPE_WEIGHTS: [OperatorShape, number][] = [
  ['shared_payment', 20],
  ['laptop_farm', 20],
  ['shared_voip', 15],
  ['reused_resume', 15],
  ['front_company', 12],
  ['mixed', 18],
];

/**
 * Operators: each shape gets its share of the identities (stratified, so that small pools still
 * hold every shape), in clusters of the shape's sizes.
 */
function planOperators(rng: Rng, total: number, weights: readonly [OperatorShape, number][]): { shape: OperatorShape; size: number }[] {
  const totalWeight = weights.reduce((s2, [, w]) => s2 + w, 0);
  const plan: { shape: OperatorShape; size: number }[] = [];
  let planned = 0;
  weights.forEach(([shape, w], i) => {
    const last = i === weights.length - 1;
    let target = last ? total - planned : Math.round((total * w) / totalWeight);
    planned += target;
    const [lo, hi] = SHAPE_SIZES[shape];
    while (target > 0) {
      let size = Math.min(target, rng.range(lo, hi));
      if (shape === 'front_company' && rng.chance(0.5)) size = 1;
      if (size < lo) {
        // Too few left for this shape: lone front-company identities take the rest.
        for (let k = 0; k < target; k++) plan.push({ shape: 'front_company', size: 1 });
        break;
      }
      plan.push({ shape, size });
      target -= size;
    }
  });
  return plan;
}

function plantOperator(g: Generator, rng: Rng, shape: OperatorShape, size: number): void {
  switch (shape) {
    case 'shared_payment':
      return g.sharedPayment(rng, size);
    case 'laptop_farm':
      return g.laptopFarm(rng, size);
    case 'shared_voip':
      return g.sharedVoip(rng, size);
    case 'reused_resume':
      g.reusedResume(rng, size);
      return;
    case 'front_company':
      return g.frontCompany(rng, size);
    case 'mixed':
      return g.mixed(rng, size);
    default:
      if (!plantHardOperator(g, rng, shape, size)) throw new Error(`no generator for operator shape ${shape}`);
  }
}

/** The classic pool's innocent groups, then everyone else. */
function plantClassicClean(g: Generator, cleanRng: Rng, count: number): void {
  const clean = count - g.people.length;
  const budget = (x: number) => Math.round(clean * x);
  for (let i = budget(0.012); i > 0; i--) g.spouses(cleanRng);
  for (let left = budget(0.06); left >= 3; ) {
    const size = Math.min(left, cleanRng.range(3, 10));
    g.colleagues(cleanRng, size);
    left -= size;
  }
  for (let left = budget(0.012); left >= 2; ) {
    const size = Math.min(left, cleanRng.range(2, 4));
    g.bootcamp(cleanRng, size);
    left -= size;
  }
  for (let i = budget(0.003); i > 0; i--) g.cgnat(cleanRng);
  while (g.people.length < count) g.person(cleanRng, { operator: false });
}

/** Make a pool. Deterministic in (count, seed, operatorShare, now, pool). */
export function generatePool(options: GenerateOptions): Pool {
  const count = Math.floor(options.count);
  if (!(count >= 20)) throw new Error('count must be at least 20');
  const share = options.operatorShare ?? DEFAULT_OPERATOR_SHARE;
  if (!(share >= 0 && share <= 0.5)) throw new Error('operatorShare must be between 0 and 0.5');
  const now = options.now ?? DEFAULT_NOW;
  const kind: PoolKind = options.pool ?? 'hard';
  const g = new Generator(options.seed, now, kind);

  // Operators, made in a shuffled order.
  const opRng = g.rng.fork('operators');
  const plan = planOperators(opRng, Math.round(count * share), kind === 'hard' ? HARD_SHAPE_WEIGHTS : SHAPE_WEIGHTS);
  for (const { shape, size } of opRng.shuffle(plan)) plantOperator(g, opRng, shape, size);
  const nOps = g.people.length;

  // Clean candidates: innocent groups first, then everyone else.
  const cleanRng = g.rng.fork('clean');
  if (kind === 'hard') plantHardClean(g, cleanRng, count);
  else plantClassicClean(g, cleanRng, count);
  if (g.people.length !== count) throw new Error(`made ${g.people.length} candidates for a pool of ${count}`);

  const noiseRng = g.rng.fork('noise');
  for (const m of g.people) if (!m.operator) g.cleanNoise(noiseRng, m);
  if (kind === 'hard') {
    // Behaviours drawn for every clean candidate alike, whatever the name, country or group.
    const behaviourRng = g.rng.fork('behaviours');
    for (const m of g.people) if (!m.operator) hardBehaviours(g, behaviourRng, m);
  }

  // Finish: employers from the (possibly edited) jobs, resume text, events.
  const evRng = g.rng.fork('events');
  for (const m of g.people) {
    g.syncEmployers(m);
    g.finishResume(m);
    g.finishEvents(evRng, m);
  }
  if (kind === 'hard') {
    const idRng = g.rng.fork('identifiers');
    for (const m of g.people) writeIdentifiers(idRng, m);
  }

  // References: shuffled, so that operators are not adjacent.
  const order = g.rng.fork('refs').shuffle(g.people.map((_, i) => i));
  const refOf = new Map<Person, string>();
  order.forEach((personIdx, k) => {
    const m = g.people[personIdx]!;
    const ref = `CAND-${String(k + 1).padStart(5, '0')}`;
    m.p.ref = ref;
    refOf.set(m, ref);
  });
  const profiles = [...g.people].sort((a, b) => (a.p.ref < b.p.ref ? -1 : 1)).map((m) => m.p);

  // Commercial VPN exits that unrelated clean candidates happen to share.
  const byVpnIp = new Map<string, Set<string>>();
  for (const m of g.people) {
    if (m.operator) continue;
    for (const e of m.p.events) if (e.type === 'login' && e.ipKind === 'vpn' && [...g.vpnExits.values()].some((l) => l.includes(e.ip))) {
      const s = byVpnIp.get(e.ip) ?? new Set<string>();
      s.add(m.p.ref);
      byVpnIp.set(e.ip, s);
    }
  }
  const refs = (ms: Person[]) => ms.map((m) => refOf.get(m)!).sort();
  const innocentShares: InnocentShare[] = g.shares.map((s) => ({ shape: s.shape, refs: refs(s.members), what: s.what }));
  for (const [ip, s] of [...byVpnIp].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (s.size >= 2) innocentShares.push({ shape: 'commercial_vpn', refs: [...s].sort(), what: `commercial VPN exit ${ip}` });

  const truth: PoolTruth = {
    pool: kind,
    seed: options.seed,
    count,
    now,
    operatorShare: share,
    operators: g.operators.map((o) => ({ id: o.id, shape: o.shape, refs: refs(o.members), links: o.links })),
    innocentShares,
    origins: Object.fromEntries([...g.people].sort((a, b) => (a.p.ref < b.p.ref ? -1 : 1)).map((m) => [m.p.ref, m.origin])),
    cleanNoise: Object.fromEntries([...g.noise].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([k, v]) => [k, refs(v)])),
  };
  if (nOps !== truth.operators.reduce((s, o) => s + o.refs.length, 0)) throw new Error('operator bookkeeping is off');
  return { profiles, truth };
}

export { isKoreanOrigin };

// ---------------------------------------------------------------------------------------------
// CLI

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_OUT = join(ROOT, 'eval', 'hiring', 'out');

const USAGE = `usage: npm run gen:candidates -- [--pool hard|classic] [--count N] [--seed S] [--operator-share X] [--now ISO] [--out DIR]
  --pool hard|classic  which pool (default hard; see eval/hiring/README.md)
  --count N            candidates in the pool (default 2000)
  --seed S             random seed (default 1)
  --operator-share X   share of operator identities (default ${DEFAULT_OPERATOR_SHARE})
  --now ISO            the pool's reference time (default ${DEFAULT_NOW})
  --out DIR            where candidates.jsonl and truth.json go (default eval/hiring/out/)`;

export function writePool(pool: Pool, dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'candidates.jsonl'), pool.profiles.map((p) => JSON.stringify(p)).join('\n') + '\n');
  writeFileSync(join(dir, 'truth.json'), JSON.stringify(pool.truth, null, 2) + '\n');
}

function main(): number {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        pool: { type: 'string' },
        count: { type: 'string' },
        seed: { type: 'string' },
        'operator-share': { type: 'string' },
        now: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    console.error(`gen:candidates: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const count = values.count === undefined ? 2000 : Number(values.count);
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  const share = values['operator-share'] === undefined ? DEFAULT_OPERATOR_SHARE : Number(values['operator-share']);
  const kind = (values.pool ?? 'hard') as PoolKind;
  if (!POOL_KINDS.includes(kind)) return usage(`--pool must be one of ${POOL_KINDS.join(', ')}, not "${values.pool}"`);
  if (!Number.isInteger(count) || count < 20) return usage(`--count must be a whole number >= 20, not "${values.count}"`);
  if (!Number.isInteger(seed) || seed < 0) return usage(`--seed must be a whole number >= 0, not "${values.seed}"`);
  if (!(share >= 0 && share <= 0.5)) return usage(`--operator-share must be between 0 and 0.5, not "${values['operator-share']}"`);
  if (values.now !== undefined && Number.isNaN(Date.parse(values.now))) return usage(`--now must be an ISO date-time, not "${values.now}"`);
  const t0 = performance.now();
  const pool = generatePool({ count, seed, operatorShare: share, now: values.now, pool: kind });
  const ms = performance.now() - t0;
  const problems = checkPool(pool);
  if (problems.length > 0) {
    console.error(`gen:candidates: ${problems.length} invalid value(s) in the generated pool; nothing written. The first 20:`);
    for (const p of problems.slice(0, 20)) console.error(`  ${p}`);
    return 1;
  }
  const out = resolve(values.out ?? DEFAULT_OUT);
  writePool(pool, out);
  console.log(`gen:candidates: ${kind} pool, ${pool.profiles.length} candidates (seed ${seed}) in ${(ms / 1000).toFixed(1)} s -> ${relative(process.cwd(), out) || '.'}/candidates.jsonl, truth.json`);
  printStats(poolStats(pool));
  return 0;
}

function usage(message: string): number {
  console.error(`gen:candidates: ${message}\n${USAGE}`);
  return 2;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main();
}
