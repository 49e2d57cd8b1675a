/**
 * The candidate-pool generator's internal model: a person as the generator builds them (the
 * profile plus everything it plans for them, such as their logins and trips), and `PoolBuilder`,
 * the part of the generator (generate.ts `Generator`) that lib/hard.ts plants its operators and
 * innocent groups with. Kept here so that lib/* never imports generate.ts.
 */
import type { CandidateKind, CandidateProfile, PostalAddress } from '../../../src/hiring/profile.js';
import type { Rng } from '../../lib/prng.js';
import type { IpKind, IpSpace } from './ids.js';
import type { DrawnName } from './names.js';
import type { InnocentShape, OperatorShape } from './pool.js';
import type { Job, ResumeDoc, Track } from './resume.js';
import type { City, Country, StreetParts } from './world.js';

export interface IpUse {
  ip: string;
  country: string;
  kind: IpKind;
}

export interface LoginSource {
  weight: number;
  pick: (rng: Rng) => IpUse;
  tool?: number;
}

export interface Person {
  idx: number;
  operator: boolean;
  origin: string;
  name: string;
  given: string;
  family: string;
  country: Country;
  city: City;
  home: AddressRef;
  track: Track;
  years: number;
  jobs: Job[];
  resume: ResumeDoc;
  p: CandidateProfile;
  hired: boolean;
  /** Where a laptop goes (a shipping request is written for hired people). */
  shipTo?: PostalAddress;
  // --- login plan
  sources: LoginSource[];
  pinned: { at?: number; use: IpUse; tool?: string }[];
  devices: string[];
  hours: 'office' | 'owl' | 'asia' | 'mixed';
  /** For night owls: the share of logins late in the evening or after midnight. */
  owlShare: number;
  /** Trips abroad: while away, every login comes from the trip's connections, in its zone. */
  trips: Trip[];
  asiaZone: string;
  toolShare: number;
  longSession: boolean;
  loginCount: number;
  burst: boolean;
}

export interface AddressRef {
  country: Country;
  city: City;
  street: StreetParts;
  postal: string;
}

/** One leg of a trip: [from, to) in ms, the local zone, and where logins come from there. */
export interface Trip {
  from: number;
  to: number;
  tz: string;
  uses: IpUse[];
}

/** An innocent share as the generator records it. */
export interface InnocentRecord {
  shape: InnocentShape;
  members: Person[];
  what: string;
}

/** What `person` is told: operator or clean, and optionally where they live and who they are. */
export interface PersonOptions {
  operator: boolean;
  country?: Country;
  city?: City;
  origin?: string;
  name?: string;
  drawn?: DrawnName;
  kind?: CandidateKind;
}

/** What `operatorIdentity` is told (all optional). */
export interface OperatorIdentityOptions {
  country?: Country;
  kind?: CandidateKind;
  drawn?: DrawnName;
}

/**
 * The generator's state and builders that lib/hard.ts uses to plant the hard pool: exactly
 * those, with the generator's own signatures. generate.ts `Generator` implements it.
 */
export interface PoolBuilder {
  /** The countries candidates are drawn from. */
  readonly countries: Country[];
  /** The pool's reference time, in ms. */
  readonly now: number;
  readonly ips: IpSpace;
  /** Everyone made so far, in order. */
  readonly people: Person[];
  readonly shares: InnocentRecord[];
  /** Commercial VPN exit IPs per country, shared by everyone who uses that VPN. */
  readonly vpnExits: Map<string, string[]>;

  /** An instant `lo`-`hi` days before `now`. */
  daysAgo(rng: Rng, lo: number, hi: number): number;
  /** A country of the pool's weights. */
  pickCountry(rng: Rng): Country;
  /** A new street address in `country` (in `city`, or one of its cities). */
  address(rng: Rng, country: Country, city?: City): AddressRef;
  /** An address as written in style `style` (0 is the country's usual form). */
  writeAddr(a: AddressRef, style?: number): PostalAddress;
  /** A new candidate, added to `people`. */
  person(rng: Rng, opts: PersonOptions): Person;
  /** A new operator identity, added to `people`. */
  operatorIdentity(rng: Rng, opts?: OperatorIdentityOptions): Person;
  /** Record a planted operator and its identities. */
  newOperator(shape: OperatorShape, members: Person[], links: string[]): void;
  /** Tie two identities of one operator by one thing of `kind` (payment, phone, device, ...). */
  linkPair(rng: Rng, a: Person, b: Person, kind: string): void;
  /** Plant a group of `size` colleagues of one employer. */
  colleagues(rng: Rng, size: number): void;
  /** Plant `size` graduates of one bootcamp. */
  bootcamp(rng: Rng, size: number): void;
  /** Plant two people behind one carrier-grade NAT mobile IP. */
  cgnat(rng: Rng): void;
}
