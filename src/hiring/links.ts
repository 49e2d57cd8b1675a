/**
 * Cross-candidate link analysis: one operator behind several identities.
 *
 * A graph over all candidates, contractors and employees. Two profiles are joined by an edge when
 * they share an identifier (after normalisation) or near-duplicate resume text; every edge carries
 * its evidence, each piece with a weight in [0, 1] saying how strongly it alone implies one
 * operator, and a human sentence naming the value. Pure code: no I/O, no clock but elapsed time.
 *
 * Join keys (src/hiring/normalize-ids.ts, reusing src/match/identifiers.ts):
 * - e-mail: the mailbox (+tags dropped for every provider; Gmail dots dropped, googlemail = gmail);
 * - phone: E.164 via the matcher's normalizePhone (libphonenumber-js), national numbers read in the
 *   profile's home or claimed country. Only numbers whose last 7 digits recur across profiles are
 *   parsed: a number with a unique tail cannot join anything;
 * - postal address: normalize-ids.ts postalKey, keyed by house numbers, street and town words and
 *   unit (case, diacritics, scripts, punctuation folded; street types abbreviated in several
 *   languages; every unit form, "Apt 4" = "#4" = "2786-1583 ..." = "104-dong 821-ho", moved last);
 *   the postcode, region ("Colorado" = "CO"), floor and country are not in the key (often left
 *   out or moved) and must agree where both addresses give them;
 * - payment: IBAN compact upper case (whatever the declared type); other bank accounts as letters
 *   and digits, scoped by bank; platform handles lower case, scoped by platform (an unknown bank
 *   or platform joins any, a little weaker); a handle that is an e-mail address or a phone number
 *   joins through the mailbox / E.164 key, so "paid via PayPal x@y" meets a candidate whose own
 *   address is x@y;
 * - wallet: the matcher's chain-aware address key (parseAddress: EVM and bech32 case-folded,
 *   base58 exact), parsed only when the case-folded address recurs;
 * - identity document: type + the matcher's document-number form, issuing countries compatible;
 * - online profile: platform + handle (profile URLs reduced to the handle);
 * - device id: case-folded; placeholders ("unknown", all zeros) ignored;
 * - IP: exact (IPv4 dotted quad, IPv6 RFC 5952, IPv4-mapped as IPv4), and only when the two
 *   profiles logged in from it within `ipWindowHours` (default 24 h) of each other;
 * - resume: MinHash (src/hiring/minhash.ts) over 3-word shingles of the text without the
 *   profile's own name words, numbers, e-mail addresses and links. Signatures read the first 150
 *   kept words; LSH banding (24 bands of 5 for near-duplicates, 40 bands of 3 for copies)
 *   proposes pairs; the exact Jaccard of the whole texts'
 *   shingle sets confirms (>= `resumeThreshold`, default 0.7: a copy with 3% of its words changed
 *   scores about 0.8, two such copies of one text about 0.7, unrelated resumes rarely 0.3). A
 *   resume retold in other words and order (synonyms swapped, bullets, sentences and sections
 *   reordered, a skills list shuffled) scores 0.4-0.7: a pair at Jaccard >= 0.4 that shares 40 or
 *   more distinct 3-word sequences, in one vocabulary (MinHasher.wordSet) and throughout both
 *   texts (MinHasher.coverage), is a copy (0.8); strangers who filled in one public template share
 *   its passages and stock words, not their own.
 *   Resumes under 40 kept words are not compared.
 * References are not a join: two candidates naming one referee is what colleagues do. A referee
 * e-mail or phone that is ANOTHER profile's own contact is medium evidence, strong when the two
 * name employers but none in common (a sock-puppet reference: the referee never worked with the
 * candidate). Employers are not a join either (colleagues), except through the optional
 * `employerRisk` screen (a front company on a sanctions list links everyone who names it, as
 * medium evidence: many workers of one front are one network, not one operator).
 *
 * Weights (LINK_WEIGHTS) and how they combine:
 * - strong, >= OPERATOR_STRENGTH (0.8) alone: a shared payment account or wallet (0.95), identity
 *   document (0.95), mailbox (0.9), device (0.9), online profile (0.9), VoIP number (0.9), other
 *   phone (0.85), near-duplicate resume (0.85; 0.9 when Jaccard >= 0.95; a retold copy 0.8), a shipping address that
 *   3+ strangers ship to (laptop farm, 0.85: living elsewhere, and no employer explaining them)
 *   or that is the home of neither of two (0.8), a
 *   hosting (data-centre) address that at most 3 profiles log in from, within the window (a
 *   private server or jump host, 0.8), or that up to 10 do when most of them use it repeatedly,
 *   none uses another server address with anyone outside the group, and no current employer is
 *   named by most of them (a team's own jump box, 0.8, linking its users' logins up to 30 days
 *   apart);
 * - medium: a laptop shipped to the OTHER's home, or to an office the other works at (0.6), a
 *   shared landline (0.5), a referee contact that is another candidate's own (0.5, explained as a
 *   workplace when the two name an employer in common; 0.8 when they name employers but none in
 *   common: a sock-puppet reference), an IP shared
 *   within the window (0.45; 0.6 when 3+ profiles used it within the window; VPN/proxy/Tor exits
 *   and hosting addresses many use 0.25, mobile carrier NAT 0.2), a home address given by 5+
 *   profiles (0.35), laptops shipped to a workplace (suite, floor, coworking or company name in
 *   the address) by two who name no current employer (0.6; 0.45 where others work);
 * - weak: a home address of 2-4 profiles (a household, 0.15); the shipping address of a shared
 *   current employer's office (0.3), or of a workspace whose members each name a current
 *   employer of their own (a coworking space, 0.25).
 * Innocent explanations. A household (2-4 profiles giving one home) explains a shared phone line
 * (0.35, VoIP 0.6), home IPs (0.2), a joint or family account or wallet (0.6) and a family
 * computer (0.5): shared evidence one household explains is not operator evidence (five or more
 * giving one home are not a household, and nothing of theirs is explained). An office explains a shipping address and IPs shared by
 * colleagues (0.3, 0.2), and a non-mobile number they give once their office address or network
 * shows them to be colleagues (its switchboard, 0.35). A staffing agency or employer of record
 * explains a payment account its contractors share (0.3) when it is their current employer and
 * the account is held in its name (or is at its own platform), see payerOf: a ring paid into a
 * person's account is not explained, whatever employer it names. An office is a current employer (no end
 * date, "present", or ending after `now`) of all of up to three, or of most of more, of the
 * profiles concerned. A former employer explains nothing. (A laptop farm whose members happen to name one current employer is explained away
 * too: recall given up so that colleagues of a common employer are never taken for operators.)
 * An edge's strength is the noisy-OR of its evidence (1 - prod(1 - w)), one piece per distinct
 * (kind, value), and each explanation counted once (its strongest piece): a family's joint
 * account, family computer and home wifi are one household, not three links. So several
 * independent medium links add up (three shared IPs within the window: 0.83), explained ones
 * do not.
 *
 * Hubs. A value held by many profiles (a corporate VPN exit, an office, a placeholder e-mail, a
 * stock resume) says little about any pair and would create n^2 edges. Per kind, a value held by
 * more profiles than HUB_CAPS allows makes no edge and is listed in `hubs` instead: e-mail and
 * phone 25, document and profile 10, device and IP 50, payment and wallet 100, home address 20,
 * shipping address 150 (DOJ laptop farms held dozens of laptops), resume 50 (a group of
 * near-duplicates: confirmed pairs plus over-full LSH buckets). Below the cap, values held by up
 * to 30 profiles give every pair an edge; larger groups give a star (each holder linked to one
 * centre), so a 100-laptop farm costs 99 edges, not 4,950, and is still one cluster.
 *
 * Clusters. Operator-grade edges (strength >= 0.8) are joined first: their connected components
 * are the operator clusters. Weaker edges join only profiles both outside operator clusters
 * (weak-only clusters, `operator: false`, kept so reviewers see them) or both inside when a piece
 * of the edge's evidence is at least MERGE_STRENGTH (0.45; merging two operator clusters: VPN
 * exits shared by two rings do not). A weak edge from an operator cluster to an outsider (an operator's flatmate,
 * a shared café IP) does not pull the outsider in: it is kept as a `bridge` of the cluster and in
 * `edgesOf`. Weak evidence never makes an innocent profile part of an operator cluster, and
 * every cluster is a connected component of its own edges.
 *
 * Output is deterministic: refs sorted (code-unit order), edges by (a, b), evidence by weight,
 * clusters operator first, then by strength, then id `cl-<smallest member ref>`. The work is
 * linear in the identifiers but for the groups of shared values (bounded by the caps); 100,000
 * profiles take a few seconds (bench/links.ts).
 */
import { normalizePhone, parseAddress } from '../match/identifiers.js';
import { bandKey, dropSet, estimateJaccard, jaccard, LshScratch, lshPairs, MinHasher, wordHashes } from './minhash.js';
import {
  addressBlockKey,
  bankAccountKey,
  countryOf,
  isCanonicalIpv4,
  documentNumberKey,
  employerKey,
  handleKey,
  ibanKey,
  ipKey,
  mailboxKey,
  maskAccount,
  platformKey,
  postalKey,
  sameAddressPlace,
  foldText,
  addressBlocks,
  type AddressBlocks,
  type PostalKey,
} from './normalize-ids.js';
import type { CandidateProfile, PaymentDestination, PostalAddress } from './profile.js';

export type LinkKind =
  | 'email'
  | 'phone'
  | 'home_address'
  | 'shipping_address'
  | 'payment'
  | 'wallet'
  | 'ip'
  | 'device'
  | 'resume'
  | 'document'
  | 'profile'
  /** Only with `LinkOptions.employerRisk`: both name an employer the callback flags (a front company). */
  | 'employer';

export interface LinkEvidence {
  kind: LinkKind;
  /** The shared value, normalised (the join key a reviewer can search for). */
  value: string;
  /** Human text, e.g. "both are paid into IBAN DE89…3000 (held by 'J. Smith')". */
  detail: string;
  /** How strongly this alone implies one operator, 0..1. */
  weight: number;
  /**
   * An innocent explanation that accounts for this piece: a home the two share ('household') or a
   * current employer they share ('office'). Pieces with one explanation count once in the edge's
   * strength (the strongest of them): a family's joint account, family computer and home wifi
   * are one fact, a household, not three.
   */
  explained?: 'household' | 'office';
}

export interface LinkEdge {
  /** Profile refs, a < b. */
  a: string;
  b: string;
  evidence: LinkEvidence[];
  /** Noisy-OR of the evidence weights, 0..1. */
  strength: number;
}

export interface Cluster {
  /** `cl-<smallest member ref>`. */
  id: string;
  /** Sorted refs. */
  members: string[];
  /** Edges between members (a spanning set at least: the members are connected by them). */
  edges: LinkEdge[];
  /** The strongest edge's strength. */
  strength: number;
  /** Evidence of one operator behind several identities: an edge of strength >= OPERATOR_STRENGTH. */
  operator: boolean;
  /** Weaker edges from a member to a profile outside the cluster (not strong enough to pull it in). */
  bridges: LinkEdge[];
}

/** A value shared by too many profiles to mean one operator: recorded, no edges. */
export interface HubValue {
  kind: LinkKind;
  value: string;
  holders: number;
  detail: string;
}

export interface LinkOptions {
  /** Logins from one IP link two profiles only within this many hours of each other (default 24). */
  ipWindowHours?: number;
  /** Exact Jaccard of resume shingle sets at or above which two resumes are near-duplicates (default 0.7). */
  resumeThreshold?: number;
  /** Events dated after `now` are ignored (bad clocks, bad data). Default: no cut-off. */
  now?: Date;
  /**
   * Optional employer screening (for instance the sanctions matcher over organisation names):
   * returns a reason when an employer name is a known front company, else undefined. Profiles
   * naming the same flagged employer are then linked (medium: one network, not necessarily one
   * operator; each is blocked by the sanctions rule anyway), and that employer no longer explains
   * a shared shipping address or IP away.
   */
  employerRisk?: (employerName: string) => string | undefined;
  /**
   * Join keys (`linkKeys` form; e-mail `m:`, IP `p:`, payment `i:` `k:` `h:`, document `d:`,
   * online profile `o:`, and the resume copy bands `s<band>:`, whose cap is COPY_BUCKET_CAP)
   * known to be hubs of the whole pool (held by more profiles than their kind's cap) when only
   * part of the pool is given: they make no edge, however few of their holders are given.
   */
  hubKeys?: ReadonlySet<string>;
}

export interface LinkAnalysis {
  edges: LinkEdge[];
  clusters: Cluster[];
  clusterOf(ref: string): Cluster | undefined;
  /** Every edge touching a profile, including bridges to or from clusters it is not part of. */
  edgesOf(ref: string): LinkEdge[];
  hubs: HubValue[];
  stats: {
    profiles: number;
    edges: number;
    clusters: number;
    operatorClusters: number;
    hubs: number;
    ms: number;
    /** Milliseconds per step: addresses, identifiers (e-mails, phones, payments, documents...), ips, resumes, clusters. */
    phaseMs?: Record<string, number>;
  };
}

/** An edge at or above this strength is evidence of one operator. */
export const OPERATOR_STRENGTH = 0.8;

export const LINK_WEIGHTS = {
  payment: 0.95,
  paymentUnscoped: 0.85,
  paymentShortAccount: 0.7,
  paymentToOwnContact: 0.9,
  paymentHousehold: 0.6,
  paymentEmployer: 0.3,
  paymentEmployerOutsider: 0.45,
  wallet: 0.95,
  document: 0.95,
  email: 0.9,
  device: 0.9,
  deviceHousehold: 0.5,
  profile: 0.9,
  phoneVoip: 0.9,
  phone: 0.85,
  phoneLandline: 0.5,
  phoneHousehold: 0.35,
  phoneVoipHousehold: 0.6,
  phoneOffice: 0.35,
  referee: 0.5,
  refereeNoCommonEmployer: 0.8,
  resume: 0.85,
  resumeVerbatim: 0.9,
  resumePartial: 0.8,
  shippingFarm: 0.85,
  shippingFarmResidents: 0.8,
  shippingNeitherHome: 0.8,
  shippingOthersHome: 0.6,
  shippingFarmOthersHome: 0.7,
  shippingOffice: 0.3,
  shippingCoworking: 0.25,
  shippingCoworkingOutsider: 0.45,
  shippingBusiness: 0.6,
  homeShared: 0.15,
  homeCrowded: 0.35,
  ip: 0.45,
  ipFarm: 0.6,
  ipSharedExit: 0.25,
  ipPrivateServer: 0.8,
  ipJumpBox: 0.8,
  ipMobile: 0.2,
  ipExplained: 0.2,
  employerFlagged: 0.6,
} as const;

/** Above this many distinct holders a value is a hub: no edges. */
export const HUB_CAPS: Record<LinkKind, number> = {
  email: 25,
  phone: 25,
  home_address: 20,
  shipping_address: 150,
  payment: 100,
  wallet: 100,
  ip: 50,
  device: 50,
  resume: 50,
  document: 10,
  profile: 10,
  employer: 200,
};
/**
 * Two operator clusters merge through a weaker edge only when one piece of its evidence is at least
 * this strong (a referee, a landline, an IP shared within the window): commercial VPN exits (0.25
 * each, however many) or a mobile carrier's NAT say nothing about which operator is behind them,
 * and would join unrelated rings.
 */
export const MERGE_STRENGTH = 0.45;
/** Groups up to this size get every pair as an edge; larger ones a star around one holder. */
const PAIRWISE_MAX = 30;
/** Laptop farm: this many profiles shipping to one address. */
const FARM_SHIPPERS = 3;
/** Households: a home address given by more profiles than this is "crowded", not a household (a couple, a family of 3-4). */
const HOUSEHOLD_MAX = 4;
const MIN_RESUME_WORDS = 40;
/**
 * A resume pair below the near-duplicate threshold still counts, a little weaker, as a copy when
 * its Jaccard reaches RESUME_PARTIAL_JACCARD, it shares at least RESUME_PARTIAL_SHARED distinct
 * 3-word sequences, the two use one vocabulary (the Jaccard of their sets of distinct words,
 * MinHasher.wordSet, reaches RESUME_COPY_WORDS), and the shared sequences run through both texts
 * (in each, at least RESUME_COPY_COVERAGE of the runs of RESUME_COPY_RUN consecutive sequences
 * hold one the other text has: MinHasher.coverage). A resume retold with words swapped for
 * synonyms and its bullets, sentences and sections reordered scores 0.4-0.7, keeps its
 * vocabulary (0.7-0.95) and shares something in nearly every run (0.8-1); so does a short resume
 * reused with its skills reordered. Unrelated resumes score under 0.2. Strangers who filled in
 * one public template (its headings and stock phrases around their own content), or who name one
 * bootcamp, share whole passages and may score 0.3-0.45, but their own content brings its own
 * words (vocabulary 0.35-0.65) and leaves runs bare.
 */
const RESUME_PARTIAL_JACCARD = 0.4;
const RESUME_PARTIAL_SHARED = 40;
const RESUME_COPY_WORDS = 0.68;
const RESUME_COPY_COVERAGE = 0.7;
const RESUME_COPY_RUN = 6;
/** LSH for near-duplicates: 24 bands of 5 rows propose pairs of similarity 0.7 with probability 0.99, 0.3 with 0.06. */
const RESUME_BANDS = 24;
const RESUME_ROWS = 5;
/**
 * LSH for copies (every resume): 40 bands of 3 rows propose pairs of similarity 0.45 with
 * probability 0.98, 0.35 with 0.82, 0.15 with 0.13, kept when their signatures agree in at least
 * RESUME_COPY_ESTIMATE of their bins. A bucket of more than COPY_BUCKET_CAP texts (the three bins
 * of a band hold stock phrases many resumes share) proposes no pair: copies meet in other bands,
 * and over-full buckets would cost a quadratic number of checks.
 */
const PARTIAL_BANDS = 40;
const PARTIAL_ROWS = 3;
const RESUME_COPY_ESTIMATE = 0.3;
/** Also the hub cap of the copy bands' join keys (`s<band>:`) when part of the pool is read (LinkOptions.hubKeys). */
export const COPY_BUCKET_CAP = 8;
/** Words of a resume read for its MinHash signature (the confirming Jaccard reads all). */
const RESUME_WINDOW = 150;
const PLACEHOLDER_DEVICE = /^(?:[0-]+|unknown|none|null|nil|n\/?a|undefined|default|test)$/;
/** A payment handle that may be a crypto address (then parsed as one): long, one token, letters and digits. */
const LOOKS_LIKE_ADDRESS = /^(?:[a-z]+:)?[0-9a-zA-Z]{25,}$/;
/** Stands in for a missing list (no allocation per profile). */
const NONE: readonly never[] = [];
const SHARED_EXIT_KINDS = new Set(['vpn', 'proxy', 'tor', 'relay']);
/** Servers in a data centre: a commercial exit when many use one, a private server when few do. */
const SERVER_KINDS = new Set(['hosting', 'datacenter', 'data_center', 'vps']);
/** A hosting address used by at most this many profiles (in all) is a private server, not an exit. */
const PRIVATE_SERVER_MAX = 3;
/** A hosting address used by more (up to this many) is a jump box when its users are a closed team (ownServer). */
const JUMP_BOX_MAX = 10;
/** Logins through a jump box link its users this far apart (the team's server, not a shared exit's moment). */
const JUMP_BOX_SPAN_MS = 30 * 86_400_000;
const MOBILE_KINDS = new Set(['mobile', 'cellular', 'cgnat']);

// ---------------------------------------------------------------------------------------------

interface Ctx {
  refs: string[];
  n: number;
  nodes: CandidateProfile[][];
  ev: Map<number, LinkEvidence[]>;
  hubs: HubValue[];
  household: Set<number>;
  /** Pairs who receive equipment at one workspace (a coworking space) they each work from for an employer of their own. */
  workspace: Set<number>;
  /** Phone evidence an office may explain (its switchboard), with the employer's name: see assemble. */
  officeLines: Map<LinkEvidence, string>;
  /** Employer key -> name and whether current, per node, computed on first use (few pairs ask). */
  employers: (Map<string, { name: string; current: boolean }> | undefined)[];
  flaggedEmployers: Map<string, string>;
  nowMs: number;
  /** LinkOptions.hubKeys. */
  hubKeys?: ReadonlySet<string>;
}

const NO_EMPLOYERS = new Map<string, { name: string; current: boolean }>();
/** Employer names -> keys: names repeat across a book (a pure cache, bounded). */
const EMPLOYER_KEYS = new Map<string, string>();
const CURRENT_WORDS = /^(?:present|current|now|ongoing|today)$/i;

/** The employer key of a name ('' when none), through a bounded cache: names repeat across a book. */
export function employerKeyOf(name: string): string {
  let key = EMPLOYER_KEYS.get(name);
  if (key === undefined) {
    key = employerKey(name) ?? '';
    if (EMPLOYER_KEYS.size > 100_000) EMPLOYER_KEYS.clear();
    EMPLOYER_KEYS.set(name, key);
  }
  return key;
}

/** Current: no end date, an end date like "present", or (given `now`) one still ahead. */
function isCurrent(ctx: Ctx, to: string | undefined): boolean {
  const t = typeof to === 'string' ? to.trim() : '';
  return t === '' || CURRENT_WORDS.test(t) || (ctx.nowMs !== Infinity && Date.parse(t) >= ctx.nowMs);
}

function employersOf(ctx: Ctx, i: number): Map<string, { name: string; current: boolean }> {
  let m = ctx.employers[i];
  if (m) return m;
  m = NO_EMPLOYERS;
  for (const p of ctx.nodes[i]!) {
    for (const e of p.employers ?? NONE) {
      if (typeof e?.name !== 'string') continue;
      const key = employerKeyOf(e.name);
      if (key === '') continue;
      const current = isCurrent(ctx, e.to);
      if (m === NO_EMPLOYERS) m = new Map();
      const prev = m.get(key);
      if (!prev) m.set(key, { name: e.name.trim(), current });
      else if (current) prev.current = true;
    }
  }
  ctx.employers[i] = m;
  return m;
}

/** Both profiles name employers, and none in common. */
function neverColleagues(ctx: Ctx, i: number, j: number): boolean {
  const a = employersOf(ctx, i);
  const b = employersOf(ctx, j);
  if (a.size === 0 || b.size === 0) return false;
  for (const key of a.keys()) if (b.has(key)) return false;
  return true;
}

/** An employer (current or earlier, not a flagged one) both name, as the first of them writes it. */
function commonEmployer(ctx: Ctx, i: number, j: number): string | undefined {
  const b = employersOf(ctx, j);
  if (b.size === 0) return undefined;
  for (const [key, e] of employersOf(ctx, i)) if (b.has(key) && !ctx.flaggedEmployers.has(key)) return e.name;
  return undefined;
}

function pairKey(ctx: Ctx, i: number, j: number): number {
  return i < j ? i * ctx.n + j : j * ctx.n + i;
}

function addEvidence(ctx: Ctx, i: number, j: number, e: LinkEvidence): void {
  if (i === j) return;
  const k = pairKey(ctx, i, j);
  const list = ctx.ev.get(k);
  if (list) list.push(e);
  else ctx.ev.set(k, [e]);
}

/**
 * A current employer of both (not a flagged one), which can explain a shared office network:
 * colleagues. A past employer explains nothing about where people log in from today.
 */
function sharedEmployer(ctx: Ctx, i: number, j: number): { key: string; name: string } | undefined {
  const a = employersOf(ctx, i);
  if (a.size === 0) return undefined;
  const b = employersOf(ctx, j);
  for (const [key, e] of a) if (e.current && b.get(key)?.current && !ctx.flaggedEmployers.has(key)) return { key, name: e.name };
  return undefined;
}

/** Every pair (s < t) of a group of `size`, or a star around `center` for large groups. */
function forPairs(size: number, center: number, fn: (s: number, t: number) => void): void {
  if (size <= PAIRWISE_MAX) {
    for (let s = 0; s < size; s++) for (let t = s + 1; t < size; t++) fn(s, t);
    return;
  }
  for (let t = 0; t < size; t++) if (t !== center) fn(Math.min(center, t), Math.max(center, t));
}

function hub(ctx: Ctx, kind: LinkKind, value: string, holders: number, what: string): void {
  ctx.hubs.push({ kind, value, holders, detail: `${what} is shared by ${holders} profiles (over the cap of ${HUB_CAPS[kind]}): too common to link them` });
}

const q = (s: string): string => `'${s}'`;

function fmtHours(ms: number): string {
  const min = Math.round(ms / 60_000);
  if (min < 60) return `${min} min`;
  return `${Number((ms / 3_600_000).toFixed(1))} h`;
}

/** What a profile's rows for one value add up to: flags OR-ed, each text field the first given. */
interface Merged {
  flags: number;
  a: string | undefined;
  b: string | undefined;
  c: string | undefined;
  d: string | undefined;
}

/** A 32-bit hash of a string (FNV-1a over UTF-16 code units, then mixed), salted per use. */
function stringHash(s: string, salt: number): number {
  let h = (0x811c9dc5 ^ salt) | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h | 0;
}

/**
 * Which values may be held by two or more profiles, without a hash map over every value: a table
 * of hash buckets holding the bucket's first profile, or -2 once another profile lands there. A
 * value in a bucket marked -2 is a candidate (shared, or a hash collision that the exact grouping
 * afterwards discards); a value in any other bucket is certainly held by one profile. Values of
 * one kind share a salt, so kinds do not collide systematically.
 */
class HolderBuckets {
  private readonly table: Int32Array;
  private readonly mask: number;

  constructor(expectedValues: number) {
    let size = 1 << 16;
    while (size < expectedValues * 4 && size < 1 << 24) size <<= 1;
    this.table = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  note(hash: number, node: number): void {
    const b = hash & this.mask;
    const v = this.table[b]!;
    if (v === -1) this.table[b] = node;
    else if (v !== node && v !== -2) this.table[b] = -2;
  }

  mayBeShared(hash: number): boolean {
    return this.table[hash & this.mask] === -2;
  }
}

/**
 * Value -> holders, light on memory: one row per occurrence in flat arrays (no object and no map
 * entry per value: most values belong to one profile and never need more), a shared table of
 * hash buckets to tell values that may be shared, and exact grouping of those only.
 */
class Groups {
  private readonly keys: string[] = [];
  private readonly hashes: number[] = [];
  private readonly nodes: number[] = [];
  private readonly flags: number[] = [];
  private readonly fa: (string | undefined)[] = [];
  private readonly fb: (string | undefined)[] = [];
  private readonly fc: (string | undefined)[] = [];
  private readonly fd: (string | undefined)[] = [];

  constructor(
    private readonly buckets: HolderBuckets,
    private readonly salt: number,
  ) {}

  add(key: string, node: number, flags: number, a?: string, b?: string, c?: string, d?: string): void {
    const h = stringHash(key, this.salt);
    this.buckets.note(h, node);
    this.keys.push(key);
    this.hashes.push(h);
    this.nodes.push(node);
    this.flags.push(flags);
    this.fa.push(a || undefined);
    this.fb.push(b || undefined);
    this.fc.push(c || undefined);
    this.fd.push(d || undefined);
  }

  /** Every distinct value added (whoever holds it). */
  values(): Set<string> {
    return new Set(this.keys);
  }

  /** Values held by two or more profiles: [value, holders ascending, what each holder's rows say]. */
  *shared(): Generator<[string, number[], Merged[]]> {
    const by = new Map<string, Map<number, Merged>>();
    for (let r = 0; r < this.keys.length; r++) {
      if (!this.buckets.mayBeShared(this.hashes[r]!)) continue;
      const key = this.keys[r]!;
      let g = by.get(key);
      if (!g) by.set(key, (g = new Map()));
      const node = this.nodes[r]!;
      const m = g.get(node);
      if (!m) {
        g.set(node, { flags: this.flags[r]!, a: this.fa[r], b: this.fb[r], c: this.fc[r], d: this.fd[r] });
        continue;
      }
      m.flags |= this.flags[r]!;
      m.a ??= this.fa[r];
      m.b ??= this.fb[r];
      m.c ??= this.fc[r];
      m.d ??= this.fd[r];
    }
    for (const [key, g] of by) {
      if (g.size < 2) continue;
      const nodes = [...g.keys()].sort((x, y) => x - y);
      yield [key, nodes, nodes.map((x) => g.get(x)!)];
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Addresses (first: households explain other shared values)

const HOME = 1;
const SHIP = 2;
/** The holder's text says the address is a workplace (suite, floor, office, coworking or company name). */
const BUSINESS = 4;

interface AddrHold {
  home: boolean;
  ship: boolean;
  business: boolean;
  country: string;
  region: string;
  postcode: string;
  floor: string;
  text: string;
}

/** Block hash -> the first node noting it, or -2 once another node does. */
class BlockTable {
  private readonly first = new Map<number, number>();

  note(hash: number, node: number): void {
    const v = this.first.get(hash);
    if (v === undefined) this.first.set(hash, node);
    else if (v !== node && v !== -2) this.first.set(hash, -2);
  }

  shared(hash: number): boolean {
    return this.first.get(hash) === -2;
  }

  heldByOther(hash: number, node: number): boolean {
    const v = this.first.get(hash);
    return v !== undefined && v !== node;
  }
}

/** Addresses of all profiles, one row each, with their cheap blocks (normalize-ids.ts addressBlocks). */
class AddressRows {
  readonly node: number[] = [];
  readonly addr: PostalAddress[] = [];
  readonly flag: number[] = [];
  /** AddressBlocks.all. */
  readonly all: number[] = [];
  /** Up to two AddressBlocks.withoutPostcode, -1 when none. */
  readonly bare1: number[] = [];
  readonly bare2: number[] = [];
  private lastText = '';
  private lastBlocks: AddressBlocks = { all: 0, withoutPostcode: [] };

  add(node: number, addr: PostalAddress | undefined, flag: number): void {
    if (!addr || typeof addr.text !== 'string') return;
    // A profile's home is often its shipping address too, written alike.
    if (addr.text !== this.lastText) {
      this.lastText = addr.text;
      this.lastBlocks = addressBlocks(addr.text);
    }
    const b = this.lastBlocks;
    this.node.push(node);
    this.addr.push(addr);
    this.flag.push(flag);
    this.all.push(b.all);
    this.bare1.push(b.withoutPostcode[0] ?? -1);
    this.bare2.push(b.withoutPostcode[1] ?? -1);
  }
}

function linkAddresses(ctx: Ctx): void {
  // Every address that may be another profile's is read (normalize-ids.ts postalKey) and grouped
  // by its key: house numbers, street and town words, unit. Postcode, region, floor and country
  // are not part of the key (one spelling gives them, another leaves them out or moves them); a
  // group whose holders disagree on them is split into places (sameAddressPlace).
  const rows = new AddressRows();
  for (let i = 0; i < ctx.n; i++) {
    const list = ctx.nodes[i]!;
    for (let k = 0; k < list.length; k++) {
      const p = list[k]!;
      rows.add(i, p.homeAddress, HOME);
      const ships = p.shippingAddresses ?? NONE;
      for (let x = 0; x < ships.length; x++) rows.add(i, ships[x], SHIP);
      const events = p.events ?? NONE;
      for (let x = 0; x < events.length; x++) {
        const e = events[x];
        if (e?.type === 'shipping_request') rows.add(i, e.address, SHIP);
      }
    }
  }
  // Which rows to read: those whose digits (postcode included) recur on another profile's, and
  // those whose digits without the postcode are all the digits of another profile's address
  // (one spelling leaves the postcode out), and that address. Addresses sharing a key always
  // meet so; most others are never read.
  const count = rows.node.length;
  const blocks = new BlockTable();
  for (let r = 0; r < count; r++) blocks.note(rows.all[r]!, rows.node[r]!);
  const read = new Uint8Array(count);
  const wanted = new Set<number>();
  for (let r = 0; r < count; r++) {
    if (blocks.shared(rows.all[r]!)) read[r] = 1;
    for (let x = 0; x < 2; x++) {
      const h = x === 0 ? rows.bare1[r]! : rows.bare2[r]!;
      if (h < 0 || !blocks.heldByOther(h, rows.node[r]!)) continue;
      read[r] = 1;
      wanted.add(h);
    }
  }
  if (wanted.size > 0) for (let r = 0; r < count; r++) if (wanted.has(rows.all[r]!)) read[r] = 1;
  const groups = new Groups(new HolderBuckets(count), 1);
  let lastText = '';
  let lastCountry: string | undefined;
  let pk: PostalKey | undefined;
  for (let r = 0; r < count; r++) {
    if (!read[r]) continue;
    const addr = rows.addr[r]!;
    if (addr.text !== lastText || addr.country !== lastCountry) {
      lastText = addr.text;
      lastCountry = addr.country;
      pk = postalKey(addr.text, addr.country);
    }
    if (pk) groups.add(pk.key, rows.node[r]!, rows.flag[r]! | (pk.business ? BUSINESS : 0), pk.country, addr.text.trim(), pk.region || pk.postcode || pk.floor ? `${pk.region}|${pk.postcode}|${pk.floor}` : undefined);
  }
  // Pairs are weighed after all groups are read: households (both give the address as home) are
  // known first, since they explain shared phones, devices and IPs.
  const pairs: [number, number, number, string, AddrHold, AddrHold, ShipContext][] = [];
  for (const [key, groupNodes, merged] of groups.shared()) {
    const groupHolds: AddrHold[] = merged.map((m) => {
      const [region = '', postcode = '', floor = ''] = (m.c ?? '').split('|');
      return { home: (m.flags & HOME) !== 0, ship: (m.flags & SHIP) !== 0, business: (m.flags & BUSINESS) !== 0, country: m.a ?? '', region, postcode, floor, text: m.b ?? key };
    });
    for (const place of splitPlaces(groupHolds)) {
      const nodes = place.members.map((x) => groupNodes[x]!);
      const holds = place.members.map((x) => groupHolds[x]!);
      const shipperNodes = nodes.filter((_, x) => holds[x]!.ship);
      const shippers = shipperNodes.length;
      const residents = holds.filter((h) => h.home).length;
      const cap = shippers === 0 ? HUB_CAPS.home_address : HUB_CAPS.shipping_address;
      if (nodes.length > cap) {
        hub(ctx, shippers === 0 ? 'home_address' : 'shipping_address', key, nodes.length, `the address ${q(holds[0]!.text)}`);
        continue;
      }
      const sc = shipContext(ctx, nodes, holds, shipperNodes, residents);
      const center = Math.max(0, holds.findIndex((h) => h.ship && !h.home));
      // One value for the address on every edge: the key, with the region, postcode and country its holders give.
      const { region, postcode, country } = place.attrs;
      const details = [region.toUpperCase(), postcode.toUpperCase()].filter((x) => x !== '').join(' ');
      const value = `${key}${details ? `, ${details}` : ''}${country ? `, ${country.toUpperCase()}` : ''}`;
      forPairs(nodes.length, center, (s, t) => {
        pairs.push([nodes[s]!, nodes[t]!, residents, value, holds[s]!, holds[t]!, sc]);
      });
    }
  }
  for (const [i, j, residents, , a, b] of pairs) {
    if (a.home && b.home && residents <= HOUSEHOLD_MAX) ctx.household.add(pairKey(ctx, i, j));
  }
  const W = LINK_WEIGHTS;
  for (const [i, j, residents, value, a, b, sc] of pairs) {
    const cc = a.country || b.country;
    const where = `${q(a.text)}${cc ? ` (${cc.toUpperCase()})` : ''}`;
    if (!a.ship && !b.ship) {
      const crowded = residents > HOUSEHOLD_MAX;
      addEvidence(ctx, i, j, {
        kind: 'home_address',
        value,
        weight: crowded ? W.homeCrowded : W.homeShared,
        ...(crowded ? {} : { explained: 'household' as const }),
        detail: crowded
          ? `both give ${where} as their home address, as do ${residents} profiles in all (more than a household)`
          : `both give ${where} as their home address (a household: spouses, a family or flatmates share one)`,
      });
      continue;
    }
    const { weight, detail, explained } = shippingWeight(ctx, i, j, a, b, where, sc);
    // Members of one workspace (each naming a current employer of their own) share its network too.
    if (explained === 'office' && sc.members.has(i) && sc.members.has(j)) ctx.workspace.add(pairKey(ctx, i, j));
    addEvidence(ctx, i, j, explained ? { kind: 'shipping_address', value, weight, detail, explained } : { kind: 'shipping_address', value, weight, detail });
  }
}

type PlaceAttrs = Pick<AddrHold, 'country' | 'region' | 'postcode' | 'floor'>;

/**
 * The places behind one address key: holders whose countries, regions, postcodes and floors
 * agree where both give them ("12 High St, London" in SE1 and in N1 are two places). Holders
 * are placed most specific first; one that fits several places (it gives no postcode) joins the
 * one giving the same details, else stays alone. Places of one holder are dropped.
 */
function splitPlaces(holds: AddrHold[]): { members: number[]; attrs: PlaceAttrs }[] {
  const detail = (h: PlaceAttrs): number => (h.country ? 1 : 0) + (h.region ? 1 : 0) + (h.postcode ? 1 : 0) + (h.floor ? 1 : 0);
  const order = holds.map((_, x) => x).sort((x, y) => detail(holds[y]!) - detail(holds[x]!) || x - y);
  const places: { members: number[]; attrs: PlaceAttrs }[] = [];
  for (const x of order) {
    const h = holds[x]!;
    const fits = places.filter((p) => sameAddressPlace(p.attrs, h));
    const place = fits.length === 1 ? fits[0] : fits.find((p) => p.attrs.country === h.country && p.attrs.region === h.region && p.attrs.postcode === h.postcode && p.attrs.floor === h.floor);
    if (!place) {
      places.push({ members: [x], attrs: { country: h.country, region: h.region, postcode: h.postcode, floor: h.floor } });
      continue;
    }
    place.members.push(x);
    const at = place.attrs;
    at.country ||= h.country;
    at.region ||= h.region;
    at.postcode = h.postcode.length > at.postcode.length ? h.postcode : at.postcode;
    at.floor ||= h.floor;
  }
  return places.filter((p) => p.members.length >= 2).map((p) => ({ members: p.members.sort((x, y) => x - y), attrs: p.attrs }));
}

interface ShipContext {
  /** Profiles shipping equipment to the address. */
  shippers: number;
  /**
   * Shippers nothing explains: not staff of the address's office, not a member of its workspace,
   * and not living there (a household; but everyone giving a crowded "home" counts).
   */
  strangers: number;
  /** A laptop farm: 3+ strangers, unless the address is a workplace where other shippers work. */
  farm: boolean;
  /** A current employer of most shippers: the address is probably its office. */
  office: { name: string; staff: Set<number> } | undefined;
  /** The address reads as a workplace: a suite, a floor, an office, a coworking space's or a company's name (not a mail drop). */
  business: boolean;
  /**
   * With no common employer: shippers working there, with the employer that explains them. At a
   * workplace, each who names a current employer (a coworking space's members, each with their own);
   * anywhere, one whose current employer the address itself names ("Globex Corp, 5th Floor, ...").
   */
  members: Map<number, string>;
  /** More profiles give the address as their home than a household has. */
  crowded: boolean;
}

/** Employers no workplace stands for ("Self-employed", "Freelance"): never an office, nor a workspace's member. */
const GENERIC_EMPLOYERS = new Set(
  ['self employed', 'self', 'freelance', 'freelancer', 'freelancing', 'independent', 'independent contractor', 'contractor', 'consultant', 'independent consultant', 'none', 'n a', 'na', 'unemployed', 'student', 'various', 'confidential', 'stealth', 'stealth startup', 'open to work', 'sole proprietor', 'own business', 'personal projects'],
);

function shipContext(ctx: Ctx, nodes: number[], holds: AddrHold[], shipperNodes: number[], residents: number): ShipContext {
  const shippers = shipperNodes.length;
  const crowded = residents > HOUSEHOLD_MAX;
  const office = shippers >= 2 ? officeOf(ctx, shipperNodes) : undefined;
  const business = holds.some((h) => h.business);
  const members = new Map<number, string>();
  if (!office && shippers >= 2) {
    let lines: string[] | undefined;
    for (const x of shipperNodes) {
      for (const [key, e] of employersOf(ctx, x)) {
        if (!e.current || ctx.flaggedEmployers.has(key) || GENERIC_EMPLOYERS.has(key)) continue;
        // A line of the address without a number naming the employer ("Globex Corp, 5th Floor, ...").
        lines ??= holds.flatMap((h) => foldText(h.text).split(/[,;\n]/).filter((l) => !/\d/.test(l)).map((l) => ` ${l.replace(/[^a-z0-9]+/g, ' ').trim()} `));
        if (business || (key.length >= 4 && lines.some((l) => l.includes(` ${key} `)))) {
          members.set(x, e.name);
          break;
        }
      }
    }
  }
  let strangers = 0;
  for (let x = 0; x < nodes.length; x++) {
    const h = holds[x]!;
    if (h.ship && !office?.staff.has(nodes[x]!) && !members.has(nodes[x]!) && !(h.home && !crowded)) strangers++;
  }
  const farm = strangers >= FARM_SHIPPERS && !(business && members.size > 0);
  return { shippers, strangers, farm, office, business, members, crowded };
}

/**
 * How many of `nodes` name each current employer that can explain what they share: not a flagged
 * one (a front company), not a generic one ("self-employed", "freelance").
 */
function currentEmployerCounts(ctx: Ctx, nodes: Iterable<number>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const x of nodes) {
    for (const [key, e] of employersOf(ctx, x)) if (e.current && !ctx.flaggedEmployers.has(key) && !GENERIC_EMPLOYERS.has(key)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * The office a shared address (or phone number) most likely is: a current employer (not a flagged
 * one, nor "self-employed" and the like) of all of up to three, or of a strict majority of more,
 * of the profiles concerned.
 * Colleagues receive equipment at their office and give its switchboard; a laptop farm gathers
 * strangers. A farm whose members happen to share a current employer is explained away too:
 * a cost in recall accepted so that colleagues of a common employer are never an "operator".
 */
function officeOf(ctx: Ctx, holders: number[]): ShipContext['office'] {
  const counts = currentEmployerCounts(ctx, holders);
  const S = holders.length;
  let best: string | undefined;
  let bestCount = 0;
  for (const [key, c] of counts) {
    // All of a small group (a stranger among three is too many for an office), most of a larger one.
    if (c < 2 || (S <= 3 ? c < S : c * 2 <= S)) continue;
    if (c > bestCount || (c === bestCount && best !== undefined && key < best)) [best, bestCount] = [key, c];
  }
  if (best === undefined) return undefined;
  const staff = new Set(holders.filter((x) => employersOf(ctx, x).get(best)?.current));
  return { name: employersOf(ctx, [...staff][0]!).get(best)!.name, staff };
}

/** The weight of two profiles sharing an address that at least one of them ships equipment to. */
function shippingWeight(ctx: Ctx, i: number, j: number, a: AddrHold, b: AddrHold, where: string, sc: ShipContext): { weight: number; detail: string; explained?: 'household' | 'office' } {
  const W = LINK_WEIGHTS;
  const ri = ctx.refs[i]!;
  const rj = ctx.refs[j]!;
  const { farm } = sc;
  const farmNote = farm ? `; ${sc.strangers} profiles ship there (laptop-farm pattern)` : '';
  if (a.home && b.home) {
    if (farm && sc.crowded && a.ship && b.ship) return { weight: W.shippingFarmResidents, detail: `both give ${where} as home and have laptops shipped there${farmNote}` };
    return { weight: W.homeShared, detail: `both give ${where} as their home address, and equipment is shipped there (a household)`, explained: 'household' };
  }
  const aStaff = sc.office?.staff.has(i) ?? false;
  const bStaff = sc.office?.staff.has(j) ?? false;
  if (sc.office && aStaff && bStaff) {
    return {
      weight: W.shippingOffice,
      detail: `both have equipment shipped to ${where}; both name ${q(sc.office.name)} as their current employer, as most who ship there do: probably its office`,
      explained: 'office',
    };
  }
  if (sc.office && (aStaff || bStaff) && !(aStaff ? b : a).home) {
    const [staff, outsider] = aStaff ? [ri, rj] : [rj, ri];
    return { weight: W.shippingOthersHome, detail: `${outsider} has equipment shipped to ${where}, probably the office of ${q(sc.office.name)} where ${staff} works, an employer ${outsider} does not name` };
  }
  const aWork = sc.members.get(i);
  const bWork = sc.members.get(j);
  const workplace = sc.business ? 'a workplace (the address names a suite, a floor, an office or a coworking space)' : 'the office its text names';
  if (aWork !== undefined && bWork !== undefined) {
    return {
      weight: W.shippingCoworking,
      detail: `both have equipment shipped to ${where}, ${workplace}, and each names a current employer of their own (${q(aWork)}, ${q(bWork)}): a shared workspace, not a laptop farm`,
      explained: 'office',
    };
  }
  if ((aWork ?? bWork) !== undefined && !(aWork !== undefined ? b : a).home) {
    const [member, employer, outsider] = aWork !== undefined ? [ri, aWork, rj] : [rj, bWork!, ri];
    return { weight: W.shippingCoworkingOutsider, detail: `${outsider} has equipment shipped to ${where}, ${workplace} where ${member} works for ${q(employer)}; ${outsider} names no current employer there` };
  }
  if (a.ship && b.ship) {
    if (!a.home && !b.home) {
      if (farm) return { weight: W.shippingFarm, detail: `both have laptops shipped to ${where}, the home of neither${farmNote}` };
      if (sc.business) {
        return {
          weight: sc.members.size > 0 ? W.shippingCoworkingOutsider : W.shippingBusiness,
          detail: `both have laptops shipped to ${where}, ${workplace}, and neither names a current employer there`,
        };
      }
      return { weight: W.shippingNeitherHome, detail: `both have laptops shipped to ${where}, which is the home address of neither` };
    }
    const [resident, other] = a.home ? [ri, rj] : [rj, ri];
    return { weight: farm ? W.shippingFarm : W.shippingOthersHome, detail: `both have laptops shipped to ${where}, the home of ${resident} and not of ${other}${farmNote}` };
  }
  const [shipper, shipperHold, other] = a.ship ? [ri, a, rj] : [rj, b, ri];
  if (shipperHold.home) return { weight: W.homeShared, detail: `both give ${where} as their home address, and equipment is shipped there (a household)`, explained: 'household' };
  return { weight: farm ? W.shippingFarmOthersHome : W.shippingOthersHome, detail: `${shipper} has laptops shipped to ${where}, which is the home address of ${other}${farmNote}` };
}

// ---------------------------------------------------------------------------------------------
// E-mails and phones (own, payment handle, referee)

const OWN = 1;
const PAY = 2;
const REF = 4;

interface ContactHold {
  /** OWN | PAY | REF */
  roles: number;
  written: string;
  lineType?: string;
  provider?: string;
  holder?: string;
}

function holdContact(groups: Groups, key: string, node: number, role: number, written: string, lineType?: string, provider?: string, holder?: string): void {
  groups.add(key, node, role, written, lineType?.toLowerCase(), provider, holder);
}

function linkContacts(ctx: Ctx, kind: 'email' | 'phone', groups: Groups): void {
  const W = LINK_WEIGHTS;
  for (const [key, nodes, merged] of groups.shared()) {
    const holds: ContactHold[] = merged.map((m) => ({ roles: m.flags, written: m.a ?? key, lineType: m.b, provider: m.c, holder: m.d }));
    if (nodes.length > HUB_CAPS[kind] || (kind === 'email' && ctx.hubKeys?.has(`m:${key}`))) {
      hub(ctx, kind, key, nodes.length, kind === 'email' ? `the mailbox ${key}` : `the phone number ${key}`);
      continue;
    }
    const lineTypes = [...new Set(holds.map((h) => h.lineType).filter((t): t is string => !!t))];
    const voip = lineTypes.some((t) => t.includes('voip') || t.includes('virtual'));
    const landline = !voip && lineTypes.some((t) => t.includes('land') || t.includes('fixed'));
    const center = Math.max(0, holds.findIndex((h) => (h.roles & (OWN | PAY)) !== 0));
    // A number colleagues of one current employer give may be its switchboard: settled in
    // `assemble`, and only when their office address or network shows them to be colleagues
    // there (an employer in common by chance must not explain an operator ring's number).
    const owners = nodes.filter((_, x) => (holds[x]!.roles & OWN) !== 0);
    const mobile = lineTypes.some((t) => t.includes('mobile') || t.includes('cell'));
    const office = kind === 'phone' && !mobile && owners.length >= 2 ? officeOf(ctx, owners) : undefined;
    // An agency's payout account (an e-mail or phone handle its contractors all give), read once.
    let groupPayer: ReturnType<typeof payerOf> | null = null;
    const payerOfGroup = (): ReturnType<typeof payerOf> => {
      if (groupPayer !== null) return groupPayer;
      const paid = nodes.map((_, x) => x).filter((x) => (holds[x]!.roles & PAY) !== 0);
      groupPayer = payerOf(ctx, paid.map((x) => nodes[x]!), paid.map((x) => holds[x]!));
      return groupPayer;
    };
    forPairs(nodes.length, center, (s, t) => {
      const i = nodes[s]!;
      const j = nodes[t]!;
      const a = holds[s]!;
      const b = holds[t]!;
      const ri = ctx.refs[i]!;
      const rj = ctx.refs[j]!;
      const aId = (a.roles & (OWN | PAY)) !== 0;
      const bId = (b.roles & (OWN | PAY)) !== 0;
      if (aId && bId) {
        if ((a.roles & PAY) !== 0 || (b.roles & PAY) !== 0) {
          const both = (a.roles & PAY) !== 0 && (b.roles & PAY) !== 0;
          const payHold = (a.roles & PAY) !== 0 ? a : b;
          const via = payHold.provider ? ` via ${payHold.provider}` : '';
          const held = [...new Set([a.holder, b.holder].filter((x): x is string => !!x))];
          const heldBy = held.length ? ` (held by ${held.map(q).join(' / ')})` : '';
          const [payer, other] = (a.roles & PAY) !== 0 ? [ri, rj] : [rj, ri];
          const household = ctx.household.has(pairKey(ctx, i, j));
          const agency = !household && both ? payerOfGroup() : undefined;
          const staff = agency === undefined ? 0 : Number(agency.staff.has(i)) + Number(agency.staff.has(j));
          addEvidence(ctx, i, j, {
            kind: 'payment',
            value: key,
            ...(household ? { explained: 'household' as const } : staff === 2 ? { explained: 'office' as const } : {}),
            weight: household ? W.paymentHousehold : staff === 2 ? W.paymentEmployer : staff === 1 ? W.paymentEmployerOutsider : both ? W.payment : W.paymentToOwnContact,
            detail:
              (both
                ? `both are paid to the account ${key}${via}${heldBy}`
                : `${payer} is paid to the account ${key}${via}${heldBy}, which is ${other}'s own ${kind === 'email' ? 'e-mail address' : 'phone number'}`) +
              (household ? `; they give one home address, as a household does (a family account?)` : staff === 2 ? payerNote(agency!) : staff === 1 ? outsiderNote(agency!, agency!.staff.has(i) ? rj : ri) : ''),
          });
          return;
        }
        const spelled = a.written === b.written ? q(a.written) : `${q(a.written)} and ${q(b.written)}`;
        if (kind === 'email') {
          addEvidence(ctx, i, j, { kind, value: key, weight: W.email, detail: `both use the mailbox ${key} (written ${spelled})` });
          return;
        }
        const household = ctx.household.has(pairKey(ctx, i, j));
        let weight: number = voip ? W.phoneVoip : landline ? W.phoneLandline : W.phone;
        if (household) weight = Math.min(weight, voip ? W.phoneVoipHousehold : W.phoneHousehold);
        const type = voip ? 'VoIP number' : landline ? 'landline' : lineTypes.length ? `${lineTypes[0]} number` : 'phone number';
        const ev: LinkEvidence = {
          kind,
          value: key,
          weight,
          ...(household ? { explained: 'household' as const } : {}),
          detail: `both give the ${type} ${key} (written ${spelled})` + (household ? '; they also share a home address (a household line)' : ''),
        };
        if (!household && office !== undefined && office.staff.has(i) && office.staff.has(j)) ctx.officeLines.set(ev, office.name);
        addEvidence(ctx, i, j, ev);
        return;
      }
      if (aId !== bId) {
        const [namer, owner] = aId ? [rj, ri] : [ri, rj];
        // A referee vouches from a workplace: one who is another applicant and never worked
        // where the candidate did (both list employers, none in common) is a sock puppet; one who
        // worked there too is a colleague vouching, which colleagues who apply together do (all
        // such pieces of a pair count once, as one workplace).
        const apart = neverColleagues(ctx, i, j);
        const workplace = apart ? undefined : commonEmployer(ctx, i, j);
        addEvidence(ctx, i, j, {
          kind,
          value: key,
          weight: apart ? W.refereeNoCommonEmployer : W.referee,
          ...(workplace ? { explained: 'office' as const } : {}),
          detail:
            `${namer} gives ${key} as a referee's ${kind === 'email' ? 'e-mail' : 'phone'}; it is ${owner}'s own ${kind === 'email' ? 'mailbox' : 'number'}` +
            (apart ? ', and the two name no employer in common' : workplace ? `; both name ${q(workplace)} as an employer (a colleague vouching)` : ''),
        });
      }
      // Two referees with one contact: not a join (colleagues name the same manager).
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Payment accounts, wallets, documents, profiles, devices: "both hold X" groups

interface ScopedHold {
  /** Bank, platform or issuing country: two holds join only when equal or one is ''. */
  scope: string;
  holder?: string;
  /** For the evidence text: the provider, platform or chain as written. */
  extra?: string;
}

function linkScoped(
  ctx: Ctx,
  kind: LinkKind,
  groups: Groups,
  weigh: (key: string, a: ScopedHold, b: ScopedHold, i: number, j: number) => { weight: number; detail: string; explained?: 'household' | 'office' } | undefined,
  hubWhat: (key: string) => string,
  /** The letter of these values' join keys, for LinkOptions.hubKeys. */
  letter?: string,
): void {
  for (const [key, nodes, merged] of groups.shared()) {
    if (nodes.length > HUB_CAPS[kind] || (letter !== undefined && ctx.hubKeys?.has(`${letter}:${key}`))) {
      hub(ctx, kind, key, nodes.length, hubWhat(key));
      continue;
    }
    const holds: ScopedHold[] = merged.map((m) => ({ scope: m.a ?? '', holder: m.b, extra: m.c }));
    const payer = kind === 'payment' ? payerOf(ctx, nodes, holds) : undefined;
    forPairs(nodes.length, 0, (s, t) => {
      const a = holds[s]!;
      const b = holds[t]!;
      if (a.scope !== '' && b.scope !== '' && a.scope !== b.scope) return;
      const r = weigh(key, a, b, nodes[s]!, nodes[t]!);
      if (!r) return;
      if ((kind === 'payment' || kind === 'wallet') && ctx.household.has(pairKey(ctx, nodes[s]!, nodes[t]!))) {
        r.weight = Math.min(r.weight, LINK_WEIGHTS.paymentHousehold);
        r.detail += '; they give one home address, as a household does (a family account?)';
        r.explained = 'household';
      } else if (payer !== undefined && (payer.staff.has(nodes[s]!) || payer.staff.has(nodes[t]!))) {
        const both = payer.staff.has(nodes[s]!) && payer.staff.has(nodes[t]!);
        r.weight = Math.min(r.weight, both ? LINK_WEIGHTS.paymentEmployer : LINK_WEIGHTS.paymentEmployerOutsider);
        r.detail += both ? payerNote(payer) : outsiderNote(payer, ctx.refs[payer.staff.has(nodes[s]!) ? nodes[t]! : nodes[s]!]!);
        if (both) r.explained = 'office';
      }
      addEvidence(ctx, nodes[s]!, nodes[t]!, { kind, value: key, ...r });
    });
  }
}

/** Legal forms, as words of a folded name ("sp. z o.o." is "sp z o o"; one- and two-letter words are never distinctive anyway). */
const LEGAL_FORM_WORDS = [
  'inc', 'incorporated', 'llc', 'pllc', 'ltd', 'ltda', 'limited', 'corp', 'corporation', 'co', 'company', 'gmbh', 'mbh', 'haftungsbeschrankt', 'ag', 'kg', 'ohg', 'ug',
  'sa', 'sas', 'sasu', 'sarl', 'eurl', 'srl', 'spa', 'sl', 'slu', 'bv', 'nv', 'vof', 'bvba', 'sprl', 'plc', 'pty', 'pvt', 'private', 'llp', 'lp', 'oy', 'oyj', 'ab',
  'as', 'asa', 'aps', 'kk', 'sro', 'spol', 'ooo', 'zao', 'oao', 'pao', 'ao', 'pjsc', 'jsc', 'ojsc', 'cjsc', 'tov', 'fop', 'doo', 'kft', 'zrt', 'sti', 'pte', 'bhd',
  'sdn', 'tbk', 'tnhh', 'fz', 'fze', 'fzco', 'dmcc', 'opc', 'eireli',
];
/**
 * Words that say a name is an organisation's, not a person's: legal forms and the trade words of
 * staffing agencies and employers of record.
 */
const ORGANISATION_WORDS = new Set([
  ...LEGAL_FORM_WORDS, 'group', 'holdings', 'agency', 'staffing', 'solutions', 'services', 'consulting', 'consultancy', 'outsourcing', 'talent', 'workforce',
  'employment', 'eor', 'contractors', 'recruitment', 'recruiting', 'partners', 'technologies', 'technology', 'software', 'systems', 'labs', 'digital', 'payroll',
]);
/** Words of an employer's key that do not tell one employer from another ("Staffing", "Global"...), nor an account of it from another ("payroll", "client account"). */
const TRADE_WORDS = new Set([
  ...ORGANISATION_WORDS, 'global', 'international', 'remote', 'people', 'hr', 'tech', 'the', 'and', 'of', 'client', 'clients', 'account', 'accounts', 'payments', 'payouts', 'pay',
]);
const wordsOf = (key: string): string[] => key.split(' ').filter((w) => w !== '');

/**
 * Whether a holder or provider name names an employer (given by its key): the same key, the key
 * followed by more words ("... - client account"), or every distinctive word of the employer's
 * name, those that are no trade word or legal form and longer than two letters ("Brightwave
 * payroll" for "Brightwave Staffing Ltd", "BridgeWorks payroll" for "BridgeWorks EOR TOV").
 */
function namesEmployer(text: string | undefined, employer: string): boolean {
  if (typeof text !== 'string') return false;
  const key = employerKeyOf(text);
  if (key === '') return false;
  if (key === employer || key.startsWith(`${employer} `)) return true;
  const distinctive = wordsOf(employer).filter((w) => w.length > 2 && !TRADE_WORDS.has(w));
  if (distinctive.length === 0) return false;
  const words = new Set(wordsOf(key));
  return distinctive.every((w) => words.has(w));
}

/**
 * The employer that explains a shared payment account: a staffing agency or an employer of record
 * paying its contractors through its own account. Such contractors give one account, held in
 * the agency's name, and name the agency as their current employer. So the explanation needs
 * all of: an employer (not a flagged one) that is current for all of up to three, or a strict
 * majority of more, of the account's holders; a name that is an organisation's (a legal form or
 * a trade word: "Staffing", "Solutions", "EOR"...); and the account held in that name (so say at
 * least two, and most, of the holder names given) or, when no holder name is given, at its own
 * platform (the provider names it). A ring paid into a person's account (a facilitator's, or one of its identities')
 * stays unexplained whatever employer its members name, and so does one naming a flagged
 * employer (a front company). Returns the employer's name, its staff among the holders, and
 * whether the holder name (rather than the provider) named it.
 */
function payerOf(ctx: Ctx, nodes: number[], holds: { holder?: string; extra?: string; provider?: string }[]): { name: string; staff: Set<number>; byHolder: boolean } | undefined {
  // The holder name each holder gives (one per profile), and the providers.
  const holders = holds.map((h) => h.holder?.trim()).filter((x): x is string => !!x);
  const providers = [...new Set(holds.map((h) => (h.provider ?? h.extra)?.trim()).filter((x): x is string => !!x))];
  if (holders.length === 0 && providers.length === 0) return undefined;
  const counts = currentEmployerCounts(ctx, nodes);
  const S = nodes.length;
  let best: { key: string; count: number; byHolder: boolean; staff: number[] } | undefined;
  for (const [key, c] of counts) {
    if (c < 2 || (S <= 3 ? c < S : c * 2 <= S)) continue;
    // Held in its name: so say most of those who give a holder name (one may give a relative's,
    // or mistype it), and at least two.
    const naming = holders.filter((h) => namesEmployer(h, key)).length;
    const byHolder = naming >= 2 && naming * 2 > holders.length;
    if (!byHolder && !(holders.length === 0 && providers.some((p) => namesEmployer(p, key)))) continue;
    const staff = nodes.filter((x) => employersOf(ctx, x).get(key)?.current);
    const name = employersOf(ctx, staff[0]!).get(key)!.name;
    if (!wordsOf(name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')).some((w) => ORGANISATION_WORDS.has(w))) continue;
    if (best === undefined || c > best.count || (c === best.count && key < best.key)) best = { key, count: c, byHolder, staff };
  }
  if (best === undefined) return undefined;
  return { name: employersOf(ctx, best.staff[0]!).get(best.key)!.name, staff: new Set(best.staff), byHolder: best.byHolder };
}

function payerNote(payer: { name: string; byHolder: boolean }): string {
  return `; both name ${q(payer.name)} as their current employer, and the account is ${payer.byHolder ? 'held in its name' : 'at its own platform'}: an agency or employer of record paying its contractors`;
}

/**
 * One who is paid into an agency's account without naming the agency as a current employer: a
 * contractor who names the client instead, or one who left; medium evidence, and none that the
 * agency's contractors are one operator.
 */
function outsiderNote(payer: { name: string; byHolder: boolean }, outsider: string): string {
  return `; the account is ${payer.byHolder ? 'held in the name of' : 'at the platform of'} ${q(payer.name)}, the current employer of most who give it, which ${outsider} does not name as a current employer`;
}

function holdScoped(groups: Groups, key: string, node: number, scope: string, holder?: string, extra?: string): void {
  groups.add(key, node, 0, scope, holder, extra);
}

function heldBy(a: ScopedHold, b: ScopedHold): string {
  const names = [...new Set([a.holder, b.holder].filter((x): x is string => !!x && x.trim() !== ''))];
  return names.length ? ` (held by ${names.map(q).join(' / ')})` : '';
}

// ---------------------------------------------------------------------------------------------
// IPs within a time window

/** 0 residential/unknown, 1 mobile carrier, 2 server (hosting, VPS), 3 shared exit (VPN, proxy, Tor). */
function exitClass(kind: string | undefined): number {
  if (!kind) return 0;
  const k = kind.toLowerCase();
  return SHARED_EXIT_KINDS.has(k) ? 3 : SERVER_KINDS.has(k) ? 2 : MOBILE_KINDS.has(k) ? 1 : 0;
}

/** Login rows read by `Identifiers.collect`: every login with an IP (its hash noted in the buckets). */
interface Logins {
  ip: string[];
  hash: number[];
  node: number[];
  event: { at: string; ipKind?: string }[];
}

const IP_SALT = 8;

/** The holders of one shared IP and their login times (none kept beyond the hub cap), its exit class. */
interface IpGroup {
  nodes: Map<number, number[]>;
  holders: number;
  last: number;
  exit: number;
}

/**
 * Whether a hosting address more than PRIVATE_SERVER_MAX profiles use is a server of their own
 * (a jump box one operator's identities work through) rather than a commercial exit labelled
 * hosting or an employer's network. A team works through its box day after day: most of its
 * holders logged in from it more than once (strangers passing through a shared service once
 * each do not). A commercial VPN or proxy is used by many unrelated people, who hop between its
 * exits: some holder then also logs in from another server address that someone outside the
 * group uses; a jump box's team uses it alone, and its other servers (if any) with no one else.
 * An employer's network is used by its staff: no current employer (not a flagged one, nor
 * "self-employed" and the like: GENERIC_EMPLOYERS) may be named by a strict majority of the
 * holders (colleagues among them are explained pair by pair anyway).
 */
function ownServer(ctx: Ctx, ip: string, g: IpGroup, byIp: Map<string, IpGroup>, ipsOf: Map<number, string[]>): boolean {
  const team = g.nodes;
  let regulars = 0;
  for (const ts of team.values()) if (ts.length >= 2) regulars++;
  if (regulars * 2 <= team.size) return false;
  for (const i of team.keys()) {
    for (const other of ipsOf.get(i) ?? NONE) {
      if (other === ip) continue;
      const o = byIp.get(other)!;
      if (o.exit !== 2) continue;
      if (o.holders > HUB_CAPS.ip || ctx.hubKeys?.has(`p:${other}`)) return false;
      for (const h of o.nodes.keys()) if (!team.has(h)) return false;
    }
  }
  const counts = currentEmployerCounts(ctx, team.keys());
  for (const c of counts.values()) if (c >= 2 && c * 2 > team.size) return false;
  return true;
}

function linkIps(ctx: Ctx, logins: Logins, buckets: HolderBuckets, windowMs: number, nowMs: number): void {
  const W = LINK_WEIGHTS;
  // The logins from shared IPs, with times (parsed only here). Rows are in ascending node order,
  // so a new holder is one unlike the IP's last holder.
  const byIp = new Map<string, IpGroup>();
  // The shared IPs of each profile (whether a team's server is its own: see ownServer).
  const ipsOf = new Map<number, string[]>();
  for (let r = 0; r < logins.ip.length; r++) {
    if (!buckets.mayBeShared(logins.hash[r]!)) continue;
    const ip = logins.ip[r]!;
    const i = logins.node[r]!;
    const e = logins.event[r]!;
    let g = byIp.get(ip);
    if (!g) byIp.set(ip, (g = { nodes: new Map(), holders: 0, last: -1, exit: 0 }));
    g.exit = Math.max(g.exit, exitClass(e.ipKind));
    if (g.last !== i) {
      g.last = i;
      g.holders++;
      const own = ipsOf.get(i);
      if (own) own.push(ip);
      else ipsOf.set(i, [ip]);
    }
    if (g.holders > HUB_CAPS.ip) continue; // a hub: no times needed
    let ts = g.nodes.get(i);
    if (!ts) g.nodes.set(i, (ts = []));
    const t = Date.parse(e.at);
    if (!Number.isNaN(t) && t <= nowMs) ts.push(t);
  }
  for (const [ip, g] of byIp) {
    if (g.holders > HUB_CAPS.ip || ctx.hubKeys?.has(`p:${ip}`)) {
      hub(ctx, 'ip', ip, g.holders, `the IP address ${ip}`);
      continue;
    }
    const nodes = [...g.nodes.keys()].filter((x) => g.nodes.get(x)!.length > 0).sort((x, y) => x - y);
    const times = nodes.map((x) => g.nodes.get(x)!.sort((p, r) => p - r));
    // A hosting address that may be a team's jump box is read over a wider span (see below).
    const maybeBox = g.exit === 2 && g.holders > PRIVATE_SERVER_MAX && g.holders <= JUMP_BOX_MAX;
    const span = maybeBox ? Math.max(windowMs, JUMP_BOX_SPAN_MS) : windowMs;
    let found: [number, number, number, number][] = [];
    const windowed = new Set<number>();
    for (let s = 0; s < nodes.length; s++) {
      for (let t = s + 1; t < nodes.length; t++) {
        // The closest pair of login times (a merge of two sorted lists).
        const A = times[s]!;
        const B = times[t]!;
        let x = 0;
        let y = 0;
        let best = Infinity;
        let ba = 0;
        let bb = 0;
        while (x < A.length && y < B.length) {
          const d = Math.abs(A[x]! - B[y]!);
          if (d < best) {
            best = d;
            ba = A[x]!;
            bb = B[y]!;
          }
          if (A[x]! < B[y]!) x++;
          else y++;
        }
        if (best <= span) found.push([s, t, ba, bb]);
        if (best <= windowMs) windowed.add(s).add(t);
      }
    }
    const m = windowed.size;
    // A server few profiles use (a VPS or jump host of one operator) is strong, and so is one a
    // closed team uses (a jump box); one many use, or whose users also use other customers'
    // servers, is an exit. A jump box is the team's own, rented for months: every member who
    // logs in through it is linked to the others that JUMP_BOX_SPAN_MS allows (one who used it
    // once, on a quiet day, too); elsewhere only logins within the window link.
    const privateServer = g.exit === 2 && g.holders <= PRIVATE_SERVER_MAX;
    const jumpBox = maybeBox && m > 0 && ownServer(ctx, ip, g, byIp, ipsOf);
    if (span > windowMs && !jumpBox) found = found.filter(([, , ta, tb]) => Math.abs(ta - tb) <= windowMs);
    const sharedExit = g.exit === 3 || (g.exit === 2 && !privateServer && !jumpBox);
    for (const [s, t, ta, tb] of found) {
      const i = nodes[s]!;
      const j = nodes[t]!;
      let weight: number = sharedExit ? W.ipSharedExit : g.exit === 1 ? W.ipMobile : privateServer ? W.ipPrivateServer : jumpBox ? W.ipJumpBox : m >= 3 ? W.ipFarm : W.ip;
      const household = ctx.household.has(pairKey(ctx, i, j));
      const employer = household ? undefined : sharedEmployer(ctx, i, j)?.name;
      const workspace = !household && employer === undefined && ctx.workspace.has(pairKey(ctx, i, j));
      if (household || employer !== undefined || workspace) weight = Math.min(weight, W.ipExplained);
      const notes: string[] = [];
      if (m >= 3) notes.push(`${m} profiles logged in from it within ${fmtHours(windowMs)} of one another`);
      if (sharedExit) notes.push(`a ${g.exit === 3 ? 'VPN/proxy' : 'hosting'} exit that strangers share`);
      if (privateServer) notes.push(`a hosting (data-centre) address that only ${g.holders} profiles use: a private server`);
      if (jumpBox) notes.push(`a hosting (data-centre) address that only ${g.holders} profiles use, none of whom logs in from a server anyone else uses, and who name no employer in common: a jump box of their own`);
      if (g.exit === 1) notes.push('a mobile carrier address that strangers share');
      if (household) notes.push('they share a home address');
      if (employer !== undefined) notes.push(`both name ${q(employer)} as an employer (an office network)`);
      if (workspace) notes.push('both work from one shared workspace (its network)');
      addEvidence(ctx, i, j, {
        kind: 'ip',
        value: ip,
        weight,
        ...(household ? { explained: 'household' as const } : employer !== undefined || workspace ? { explained: 'office' as const } : {}),
        detail:
          `both logged in from ${ip} within ${fmtHours(Math.abs(ta - tb))} (${new Date(Math.min(ta, tb)).toISOString()} and ${new Date(Math.max(ta, tb)).toISOString()})` +
          (notes.length ? `; ${notes.join('; ')}` : ''),
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Resumes

function linkResumes(ctx: Ctx, threshold: number): void {
  const n = ctx.n;
  const hasher = new MinHasher({ shingle: 3, bins: RESUME_BANDS * RESUME_ROWS });
  const K = hasher.bins;
  const texts: (string | undefined)[] = new Array<string | undefined>(n);
  const withText: number[] = [];
  // The profile's own name words, left out of its resume (computed when needed, not kept).
  const names: number[] = [];
  const dropOf = (i: number): Uint32Array => {
    names.length = 0;
    const list = ctx.nodes[i]!;
    for (let k = 0; k < list.length; k++) {
      const ns = list[k]!.names ?? NONE;
      for (let x = 0; x < ns.length; x++) if (typeof ns[x] === 'string') wordHashes(ns[x]!, names);
    }
    return dropSet(names);
  };
  for (let i = 0; i < n; i++) {
    let text: string | undefined;
    const list = ctx.nodes[i]!;
    for (let k = 0; k < list.length; k++) {
      const r = list[k]!.resumeText;
      if (typeof r === 'string' && (text === undefined || r.length > text.length)) text = r;
    }
    if (text === undefined || text.length < MIN_RESUME_WORDS * 3) continue;
    texts[i] = text;
    withText.push(i);
  }
  if (withText.length < 2) return;
  const sigs = new Uint32Array(n * K);
  const active = new Uint8Array(n);
  // Signatures read the first RESUME_WINDOW kept words (copies share their openings; the cost of a
  // long resume stays bounded); the exact Jaccard that confirms a pair reads the whole text.
  for (const i of withText) {
    const words = hasher.sign(texts[i]!, dropOf(i), sigs, i * K, RESUME_WINDOW);
    if (words >= MIN_RESUME_WORDS) active[i] = 1;
  }
  // Near-duplicates: 24 bands of 5 rows. Copies (Jaccard 0.4-0.7: retold in other words, bullets
  // and sections reordered, a skills list shuffled): a second pass with 40 bands of 3 rows.
  const minEstimate = threshold - 0.2;
  const scratch = new LshScratch();
  const { pairs, hubs } = lshPairs(sigs, n, K, RESUME_BANDS, RESUME_ROWS, active, HUB_CAPS.resume, minEstimate, { scratch });
  // A part of the pool (LinkOptions.hubKeys): copy bands over-full in the whole pool propose nothing here either.
  const hubKeys = ctx.hubKeys;
  const exclude = hubKeys !== undefined && hubKeys.size > 0 ? (_text: number, band: number, key: number): boolean => hubKeys.has(`s${band}:${key}`) : undefined;
  const copyEstimate = Math.min(minEstimate, RESUME_COPY_ESTIMATE);
  const copyPairs = lshPairs(sigs, n, K, PARTIAL_BANDS, PARTIAL_ROWS, active, COPY_BUCKET_CAP, copyEstimate, { listHubs: false, scratch, ...(exclude ? { exclude } : {}) }).pairs;
  const sets = new Map<number, Uint32Array>();
  const setOf = (i: number): Uint32Array => {
    let s = sets.get(i);
    if (!s) sets.set(i, (s = hasher.shingleSet(texts[i]!, dropOf(i))));
    return s;
  };
  // [i, j, Jaccard, shared, union, vocabulary Jaccard (copies only)]
  const confirmed: [number, number, number, number, number, number][] = [];
  const seen = new Set<number>();
  for (let x = 0; x < pairs.length + copyPairs.length; x++) {
    const [i, j] = x < pairs.length ? pairs[x]! : copyPairs[x - pairs.length]!;
    const key = i * n + j;
    if (seen.has(key)) continue;
    seen.add(key);
    // The copy pass checked low bytes (a little generous): the whole signatures decide.
    if (x >= pairs.length && estimateJaccard(sigs, K, i, j) < copyEstimate) continue;
    const { similarity, shared, union } = jaccard(setOf(i), setOf(j));
    if (similarity >= threshold) confirmed.push([i, j, similarity, shared, union, 1]);
    else if (similarity >= RESUME_PARTIAL_JACCARD && shared >= RESUME_PARTIAL_SHARED) {
      const words = jaccard(hasher.wordSet(texts[i]!, dropOf(i)), hasher.wordSet(texts[j]!, dropOf(j))).similarity;
      if (words < RESUME_COPY_WORDS) continue;
      const covered = Math.min(hasher.coverage(texts[i]!, dropOf(i), setOf(j), RESUME_COPY_RUN), hasher.coverage(texts[j]!, dropOf(j), setOf(i), RESUME_COPY_RUN));
      if (covered >= RESUME_COPY_COVERAGE) confirmed.push([i, j, similarity, shared, union, words]);
    }
  }
  // One text near-copied by more than HUB_CAPS.resume profiles (a template, a stock resume) is a
  // hub: groups of near-duplicates are found as components of the confirmed near-duplicate pairs
  // plus the members of over-full LSH buckets that resemble the bucket's first member. (Copies
  // below the threshold do not chain texts into groups: stock phrases would join unrelated resumes.)
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  const union = (x: number, y: number): void => {
    const rx = find(x);
    const ry = find(y);
    if (rx !== ry) parent.set(Math.max(rx, ry), Math.min(rx, ry));
  };
  for (const [i, j, similarity] of confirmed) if (similarity >= threshold) union(i, j);
  for (const h of hubs) {
    const head = h.members[0]!;
    for (const m of h.members) if (m !== head && estimateJaccard(sigs, K, head, m) >= minEstimate) union(head, m);
  }
  const size = new Map<number, number>();
  for (const x of parent.keys()) size.set(find(x), (size.get(find(x)) ?? 0) + 1);
  for (const [root, count] of size) {
    if (count > HUB_CAPS.resume) hub(ctx, 'resume', `resume of ${ctx.refs[root]}`, count, `resume text (near-)copied from that of ${ctx.refs[root]}`);
  }
  const inHub = (x: number): boolean => (size.get(find(x)) ?? 0) > HUB_CAPS.resume;
  const W = LINK_WEIGHTS;
  for (const [i, j, similarity, shared, union, words] of confirmed) {
    if (inHub(i) || inHub(j)) continue;
    const sim = Math.floor(similarity * 100) / 100;
    const [weight, what] = similarity >= 0.95 ? [W.resumeVerbatim, 'the same text'] : similarity >= threshold ? [W.resume, 'near-duplicates'] : [W.resumePartial, 'in large part copied'];
    addEvidence(ctx, i, j, {
      kind: 'resume',
      value: `jaccard ${sim.toFixed(2)}`,
      weight,
      detail:
        `the resumes are ${what}: ${shared} of ${union} distinct 3-word sequences in common ` +
        `(Jaccard ${sim.toFixed(2)}; names, numbers, e-mails and links set aside)` +
        (similarity < threshold ? `, found throughout both texts, in one vocabulary (${Math.floor(words * 100)}% of their distinct words in common): reworded or reordered, not a shared template` : ''),
    });
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * Reads every profile's identifiers into value -> holder groups (phones and wallets into rows,
 * keyed later where a cheap key recurs). Indexed loops and no per-profile closures: this runs
 * over every identifier of every profile.
 */
class Identifiers {
  readonly buckets: HolderBuckets;
  readonly emails: Groups;
  readonly ibans: Groups;
  readonly accounts: Groups;
  readonly handles: Groups;
  readonly documents: Groups;
  readonly onlineProfiles: Groups;
  readonly devices: Groups;
  readonly phNode: number[] = [];
  readonly phRaw: string[] = [];
  readonly phCountry: (string | undefined)[] = [];
  readonly phRole: number[] = [];
  readonly phLine: (string | undefined)[] = [];
  readonly phProvider: (string | undefined)[] = [];
  readonly phHolder: (string | undefined)[] = [];
  readonly wNode: number[] = [];
  readonly wRaw: string[] = [];
  readonly wCurrency: (string | undefined)[] = [];
  readonly wHolder: (string | undefined)[] = [];
  readonly logins: Logins = { ip: [], hash: [], node: [], event: [] };
  private readonly platforms = new Map<string, string>();
  private readonly ips = new Map<string, string>();

  constructor(profiles: number) {
    // About a dozen identifiers and distinct login IPs per profile, in one table of buckets.
    this.buckets = new HolderBuckets(profiles * 12);
    this.emails = new Groups(this.buckets, 1);
    this.ibans = new Groups(this.buckets, 2);
    this.accounts = new Groups(this.buckets, 3);
    this.handles = new Groups(this.buckets, 4);
    this.documents = new Groups(this.buckets, 5);
    this.onlineProfiles = new Groups(this.buckets, 6);
    this.devices = new Groups(this.buckets, 7);
  }

  /** The IP key of a login's address: as written when already canonical IPv4 (most are). */
  private ipOf(raw: string): string {
    if (isCanonicalIpv4(raw)) return raw;
    let ip = this.ips.get(raw);
    if (ip === undefined) this.ips.set(raw, (ip = ipKey(raw) ?? ''));
    return ip;
  }

  private platformOf(raw: string | undefined): string {
    if (!raw) return '';
    let k = this.platforms.get(raw);
    if (k === undefined) this.platforms.set(raw, (k = platformKey(raw)));
    return k;
  }

  private addPhone(node: number, raw: string, country: string | undefined, role: number, line?: string, provider?: string, holder?: string): void {
    this.phNode.push(node);
    this.phRaw.push(raw);
    this.phCountry.push(country);
    this.phRole.push(role);
    this.phLine.push(line);
    this.phProvider.push(provider);
    this.phHolder.push(holder);
  }

  collect(i: number, p: CandidateProfile, nowMs: number): void {
    const where = p.homeAddress?.country ?? p.claimedLocation?.country;
    const country = where ? countryOf(where).toUpperCase() || undefined : undefined;
    const emails = p.emails ?? NONE;
    for (let k = 0; k < emails.length; k++) {
      const e = emails[k];
      const key = typeof e === 'string' ? mailboxKey(e) : undefined;
      if (key) holdContact(this.emails, key, i, OWN, e!.trim());
    }
    const phones = p.phones ?? NONE;
    for (let k = 0; k < phones.length; k++) {
      const ph = phones[k];
      if (typeof ph?.number === 'string') this.addPhone(i, ph.number, country, OWN, ph.lineType);
    }
    const refs = p.references ?? NONE;
    for (let k = 0; k < refs.length; k++) {
      const r = refs[k];
      if (typeof r?.email === 'string') {
        const key = mailboxKey(r.email);
        if (key) holdContact(this.emails, key, i, REF, r.email.trim());
      }
      if (typeof r?.phone === 'string') this.addPhone(i, r.phone, country, REF);
    }
    const payments = p.payments ?? NONE;
    for (let k = 0; k < payments.length; k++) {
      const pay = payments[k];
      if (typeof pay?.value === 'string') this.payment(i, pay, country);
    }
    const docs = p.documents ?? NONE;
    for (let k = 0; k < docs.length; k++) {
      const d = docs[k];
      if (typeof d?.number !== 'string') continue;
      const num = documentNumberKey(d.number);
      if (num) holdScoped(this.documents, `${d.type ?? 'other'} ${num}`, i, d.country ? countryOf(d.country) || d.country.trim().toLowerCase() : '');
    }
    const profiles = p.profiles ?? NONE;
    for (let k = 0; k < profiles.length; k++) {
      const o = profiles[k];
      if (typeof o?.handle !== 'string') continue;
      const handle = handleKey(o.handle);
      const platform = this.platformOf(o.platform);
      if (handle && platform) holdScoped(this.onlineProfiles, `${platform}:${handle}`, i, '', undefined, o.platform);
    }
    const events = p.events ?? NONE;
    let lastDevice: string | undefined;
    let lastIpRaw: string | undefined;
    let lastIp = '';
    let lastHash = 0;
    const logins = this.logins;
    for (let k = 0; k < events.length; k++) {
      const e = events[k];
      if (e?.type !== 'login') continue;
      if (typeof e.ip === 'string') {
        // Logins repeat the home IP: normalise and count it once per run of equal addresses.
        if (e.ip !== lastIpRaw) {
          lastIpRaw = e.ip;
          lastIp = this.ipOf(e.ip);
          if (lastIp !== '') {
            lastHash = stringHash(lastIp, IP_SALT);
            this.buckets.note(lastHash, i);
          }
        }
        if (lastIp !== '') {
          logins.ip.push(lastIp);
          logins.hash.push(lastHash);
          logins.node.push(i);
          logins.event.push(e);
        }
      }
      if (typeof e.deviceId !== 'string' || e.deviceId === lastDevice) continue;
      if (nowMs !== Infinity) {
        const t = Date.parse(e.at);
        if (Number.isNaN(t) || t > nowMs) continue;
      }
      lastDevice = e.deviceId; // logins repeat one device: record it once per run
      const dev = e.deviceId.trim().toLowerCase();
      if (dev.length >= 4 && !PLACEHOLDER_DEVICE.test(dev)) holdScoped(this.devices, dev, i, '');
    }
  }

  private payment(i: number, pay: PaymentDestination, country: string | undefined): void {
    const raw = pay.value.trim();
    // Whatever the declared type, an IBAN is an IBAN and a crypto address is a wallet.
    if (pay.type === 'crypto_wallet' || (pay.type === 'payment_platform' && LOOKS_LIKE_ADDRESS.test(raw) && parseAddress(raw, pay.provider).key !== '')) {
      this.wNode.push(i);
      this.wRaw.push(raw);
      this.wCurrency.push(pay.provider);
      this.wHolder.push(pay.holderName);
      return;
    }
    const iban = ibanKey(raw);
    if (iban) {
      holdScoped(this.ibans, iban, i, '', pay.holderName, pay.provider);
      return;
    }
    if (pay.type === 'iban' || pay.type === 'bank_account') {
      const acct = bankAccountKey(raw);
      if (acct) holdScoped(this.accounts, acct, i, this.platformOf(pay.provider), pay.holderName, pay.provider);
      return;
    }
    // A payment-platform handle: an e-mail or a phone joins with contacts; else platform-scoped.
    if (raw.includes('@')) {
      const key = mailboxKey(raw);
      if (key) {
        holdContact(this.emails, key, i, PAY, raw, undefined, pay.provider, pay.holderName);
        return;
      }
    }
    // A phone number, unless it is bare digits too short for one with its area code: platforms
    // number their accounts too (a Payoneer customer id is 8 digits), and those join by platform.
    if (/^\+?[\d\s().-]{8,}$/.test(raw) && !/^\d{1,9}$/.test(raw)) {
      this.addPhone(i, raw, country, PAY, undefined, pay.provider, pay.holderName);
      return;
    }
    const handle = handleKey(raw);
    if (handle) holdScoped(this.handles, handle, i, this.platformOf(pay.provider), pay.holderName, pay.provider);
  }
}

export function analyzeLinks(profiles: readonly CandidateProfile[], options: LinkOptions = {}): LinkAnalysis {
  const t0 = performance.now();
  const windowMs = (options.ipWindowHours ?? 24) * 3_600_000;
  const threshold = options.resumeThreshold ?? 0.7;
  if (!(windowMs >= 0)) throw new Error(`ipWindowHours must be a number >= 0, not ${options.ipWindowHours}`);
  if (!(threshold > 0 && threshold <= 1)) throw new Error(`resumeThreshold must be in (0, 1], not ${options.resumeThreshold}`);
  const nowMs = options.now ? options.now.getTime() : Infinity;

  // Nodes: distinct refs in sorted order (a profile listed twice is one node).
  const byRef = new Map<string, CandidateProfile[]>();
  for (const p of profiles) {
    if (!p || typeof p.ref !== 'string' || p.ref === '') throw new Error('every profile needs a non-empty ref');
    const list = byRef.get(p.ref);
    if (list) list.push(p);
    else byRef.set(p.ref, [p]);
  }
  const refs = [...byRef.keys()].sort();
  const nodes = refs.map((r) => byRef.get(r)!);
  const n = refs.length;
  const ctx: Ctx = { refs, n, nodes, ev: new Map(), hubs: [], household: new Set(), workspace: new Set(), officeLines: new Map(), employers: new Array(n), flaggedEmployers: new Map(), nowMs, hubKeys: options.hubKeys };

  // The optional front-company screen: every distinct employer name, once.
  if (options.employerRisk) {
    const screened = new Set<string>();
    for (let i = 0; i < n; i++) {
      for (const [key, { name }] of employersOf(ctx, i)) {
        if (screened.has(key)) continue;
        screened.add(key);
        const reason = options.employerRisk(name);
        if (reason) ctx.flaggedEmployers.set(key, reason);
      }
    }
  }

  const phaseMs: Record<string, number> = {};
  let tPhase = performance.now();
  const phase = (name: string): void => {
    const t = performance.now();
    phaseMs[name] = Math.round(t - tPhase);
    tPhase = t;
  };
  linkAddresses(ctx);
  phase('addresses');

  const ids = new Identifiers(n);
  for (let i = 0; i < n; i++) {
    const list = nodes[i]!;
    for (let k = 0; k < list.length; k++) ids.collect(i, list[k]!, nowMs);
  }
  const { emails, ibans, accounts, handles, documents, onlineProfiles, devices, phNode, phRaw, phCountry, phRole, phLine, phProvider, phHolder, wNode, wRaw, wCurrency, wHolder } = ids;

  // Phones: parsed (libphonenumber) only when their last 7 digits recur across profiles.
  const tailFirst = new Map<number, number>();
  const tails: number[] = [];
  for (let r = 0; r < phRaw.length; r++) {
    const t = phoneTail(phRaw[r]!);
    tails.push(t);
    if (t < 0) continue;
    const seen = tailFirst.get(t);
    if (seen === undefined) tailFirst.set(t, phNode[r]!);
    else if (seen !== phNode[r] && seen !== -1) tailFirst.set(t, -1);
  }
  const phones = new Groups(new HolderBuckets(phRaw.length), 1);
  for (let r = 0; r < phRaw.length; r++) {
    if (tails[r]! < 0 || tailFirst.get(tails[r]!) !== -1) continue;
    const raw = phRaw[r]!;
    const key = normalizePhone(raw, phCountry[r]) ?? (phCountry[r] ? normalizePhone(raw) : undefined);
    if (key) holdContact(phones, key, phNode[r]!, phRole[r]!, raw.trim(), phLine[r], phProvider[r], phHolder[r]);
  }
  linkContacts(ctx, 'email', emails);
  linkContacts(ctx, 'phone', phones);

  const W = LINK_WEIGHTS;
  linkScoped(ctx, 'payment', ibans, (key, a, b) => ({ weight: W.payment, detail: `both are paid into IBAN ${maskAccount(key)}${heldBy(a, b)}` }), (key) => `the IBAN ${key}`, 'i');
  linkScoped(
    ctx,
    'payment',
    accounts,
    (key, a, b) => {
      const weight = key.length < 6 ? W.paymentShortAccount : a.scope === '' || b.scope === '' ? W.paymentUnscoped : W.payment;
      const bank = a.extra ?? b.extra;
      return { weight, detail: `both are paid into bank account ${maskAccount(key)}${bank ? ` at ${bank}` : ''}${heldBy(a, b)}` };
    },
    (key) => `the bank account ${key}`,
    'k',
  );
  linkScoped(
    ctx,
    'payment',
    handles,
    (key, a, b) => {
      const provider = a.extra ?? b.extra;
      const weight = a.scope === '' || b.scope === '' ? W.paymentUnscoped : W.payment;
      return { weight, detail: `both are paid to the ${provider ? `${provider} account` : 'payment handle'} ${q(key)}${heldBy(a, b)}` };
    },
    (key) => `the payment handle ${key}`,
    'h',
  );

  // Wallets: the project's chain-aware key (parseAddress), computed only where the case-folded
  // address recurs across profiles (EVM and bech32 keys are case-folded; base58 ones are exact,
  // so equal keys always have equal case-folded forms). TRON's hex form is keyed as its base58
  // address, so it is always parsed.
  const wCheap: string[] = [];
  const wKey: (string | undefined)[] = [];
  const wChain: (string | undefined)[] = [];
  const cheapFirst = new Map<string, number>();
  for (let r = 0; r < wRaw.length; r++) {
    let cheap = cheapWallet(wRaw[r]!);
    let key: string | undefined;
    let chain: string | undefined;
    if (/^(?:0x)?41[0-9a-f]{40}$/.test(cheap)) {
      const info = parseAddress(wRaw[r]!, wCurrency[r]);
      if (info.key) {
        key = info.key;
        chain = info.chain;
        cheap = info.key.toLowerCase();
      }
    }
    wCheap.push(cheap);
    wKey.push(key);
    wChain.push(chain);
    const seen = cheapFirst.get(cheap);
    if (seen === undefined) cheapFirst.set(cheap, wNode[r]!);
    else if (seen !== wNode[r] && seen !== -1) cheapFirst.set(cheap, -1);
  }
  const wallets = new Groups(new HolderBuckets(wRaw.length), 1);
  for (let r = 0; r < wRaw.length; r++) {
    if (cheapFirst.get(wCheap[r]!) !== -1) continue;
    let key = wKey[r];
    let chain = wChain[r];
    if (key === undefined) {
      const info = parseAddress(wRaw[r]!, wCurrency[r]);
      key = info.key || wCheap[r]!;
      chain = info.key ? info.chain : undefined;
    }
    holdScoped(wallets, key, wNode[r]!, '', wHolder[r], chain && chain !== 'unknown' ? chain : undefined);
  }
  linkScoped(
    ctx,
    'wallet',
    wallets,
    (key, a, b) => {
      const chain = a.extra ?? b.extra;
      const shown = key.length > 16 ? `${key.slice(0, 8)}…${key.slice(-6)}` : key;
      return { weight: W.wallet, detail: `both are paid to the ${chain ? `${chain} ` : ''}wallet ${shown}${heldBy(a, b)}` };
    },
    (key) => `the wallet ${key}`,
  );
  linkScoped(
    ctx,
    'document',
    documents,
    (key, a, b) => {
      const sp = key.indexOf(' ');
      const cc = a.scope || b.scope;
      return { weight: W.document, detail: `both present ${key.slice(0, sp).replace(/_/g, ' ')} no. ${key.slice(sp + 1)}${cc ? ` (${cc.toUpperCase()})` : ''}` };
    },
    (key) => `the document ${key}`,
    'd',
  );
  linkScoped(
    ctx,
    'profile',
    onlineProfiles,
    (key, a) => ({ weight: W.profile, detail: `both list the ${a.extra ?? key.slice(0, key.indexOf(':'))} account ${q(key.slice(key.indexOf(':') + 1))}` }),
    (key) => `the online profile ${key}`,
    'o',
  );
  linkScoped(
    ctx,
    'device',
    devices,
    (key, _a, _b, i, j) => {
      const household = ctx.household.has(pairKey(ctx, i, j));
      return {
        ...(household ? { explained: 'household' as const } : {}),
        weight: household ? W.deviceHousehold : W.device,
        detail: `both logged in from the device ${q(key)}` + (household ? '; they give one home address, as a household does (a shared family computer?)' : ''),
      };
    },
    (key) => `the device ${key}`,
  );

  phase('identifiers');
  linkIps(ctx, ids.logins, ids.buckets, windowMs, nowMs);
  phase('ips');
  linkResumes(ctx, threshold);
  phase('resumes');

  // Flagged employers (front companies), only when the caller screens employers.
  if (ctx.flaggedEmployers.size > 0) {
    const groups = new Groups(new HolderBuckets(n), 1);
    const names = new Map<string, string>();
    for (let i = 0; i < n; i++) {
      for (const [key, { name }] of employersOf(ctx, i)) {
        if (!ctx.flaggedEmployers.has(key)) continue;
        holdScoped(groups, key, i, '');
        if (!names.has(key)) names.set(key, name);
      }
    }
    linkScoped(
      ctx,
      'employer',
      groups,
      (key) => ({ weight: W.employerFlagged, detail: `both name ${q(names.get(key) ?? key)} as an employer (${ctx.flaggedEmployers.get(key)})` }),
      (key) => `the flagged employer ${key}`,
    );
  }

  const result = assemble(ctx, t0, phaseMs);
  phase('clusters');
  result.stats.ms = Math.round(performance.now() - t0);
  return result;
}

const PHONE_EXTENSION = /(?:ext\.?|x|#)\s*\d+\s*$/i;

/** The last 7 digits of a phone number (extension cut) as a number, or -1 when fewer than 6. */
function phoneTail(raw: string): number {
  let s = /[\u0080-\uffff]/.test(raw) ? raw.normalize('NFKC') : raw; // full-width digits, as normalizePhone reads them
  if (/[xX#tT]/.test(s)) s = s.replace(PHONE_EXTENSION, '');
  let tail = 0;
  let digits = 0;
  let scale = 1;
  for (let k = s.length - 1; k >= 0 && digits < 7; k--) {
    const c = s.charCodeAt(k);
    if (c < 0x30 || c > 0x39) continue;
    tail += (c - 0x30) * scale;
    scale *= 10;
    digits++;
  }
  return digits >= 6 ? tail * 10 + digits : -1;
}

function cheapWallet(raw: string): string {
  let s = raw.replace(/^[a-z][a-z0-9+.-]*:(?:\/\/)?/i, '');
  const cut = s.search(/[?@/#]/);
  if (cut >= 0) s = s.slice(0, cut);
  return s.trim().toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// Edges and clusters

/** Noisy-OR of the evidence, each innocent explanation counted once (its strongest piece). */
function strengthOf(evidence: LinkEvidence[]): number {
  let miss = 1;
  let household = 0;
  let office = 0;
  for (const e of evidence) {
    if (e.explained === 'household') household = Math.max(household, e.weight);
    else if (e.explained === 'office') office = Math.max(office, e.weight);
    else miss *= 1 - e.weight;
  }
  return 1 - miss * (1 - household) * (1 - office);
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

function assemble(ctx: Ctx, t0: number, phaseMs: Record<string, number>): LinkAnalysis {
  const { refs, n } = ctx;
  const keys = [...ctx.ev.keys()].sort((x, y) => x - y);
  const edges: LinkEdge[] = [];
  const ends: [number, number][] = [];
  for (const k of keys) {
    const list = ctx.ev.get(k)!;
    // A switchboard: a number two colleagues give, once their office address or network is shared.
    if (ctx.officeLines.size > 0 && list.some((e) => e.explained === 'office')) {
      for (let x = 0; x < list.length; x++) {
        const employer = ctx.officeLines.get(list[x]!);
        if (employer === undefined) continue;
        list[x] = {
          ...list[x]!,
          weight: Math.min(list[x]!.weight, LINK_WEIGHTS.phoneOffice),
          explained: 'office',
          detail: `${list[x]!.detail}; both name ${q(employer)} as their current employer and share its office (its switchboard)`,
        };
      }
    }
    // One piece per (kind, value): the strongest.
    const best = new Map<string, LinkEvidence>();
    for (const e of list) {
      const id = `${e.kind}\u0000${e.value}`;
      const prev = best.get(id);
      if (!prev || e.weight > prev.weight) best.set(id, e);
    }
    const evidence = [...best.values()].sort((x, y) => y.weight - x.weight || (x.kind < y.kind ? -1 : x.kind > y.kind ? 1 : 0) || (x.value < y.value ? -1 : x.value > y.value ? 1 : 0));
    const i = Math.floor(k / n);
    const j = k % n;
    edges.push({ a: refs[i]!, b: refs[j]!, evidence, strength: round3(strengthOf(evidence)) });
    ends.push([i, j]);
  }

  // Union-find: operator-grade edges first; weaker edges join only like with like.
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const union = (x: number, y: number): void => {
    const rx = find(x);
    const ry = find(y);
    if (rx === ry) return;
    if (rx < ry) parent[ry] = rx;
    else parent[rx] = ry;
  };
  const core = new Uint8Array(n);
  for (let e = 0; e < edges.length; e++) {
    if (edges[e]!.strength < OPERATOR_STRENGTH) continue;
    const [i, j] = ends[e]!;
    union(i, j);
    core[i] = 1;
    core[j] = 1;
  }
  for (let e = 0; e < edges.length; e++) {
    if (edges[e]!.strength >= OPERATOR_STRENGTH) continue;
    const [i, j] = ends[e]!;
    if (core[i] === 0 && core[j] === 0) union(i, j);
    else if (core[i] === 1 && core[j] === 1 && edges[e]!.evidence.some((v) => v.weight >= MERGE_STRENGTH)) union(i, j);
  }

  const byRoot = new Map<number, Cluster>();
  const clusterOfNode = new Map<number, Cluster>();
  const edgesOfNode = new Map<number, LinkEdge[]>();
  const touch = (x: number, edge: LinkEdge): void => {
    const l = edgesOfNode.get(x);
    if (l) l.push(edge);
    else edgesOfNode.set(x, [edge]);
  };
  const clusterFor = (x: number): Cluster => {
    const root = find(x);
    let c = byRoot.get(root);
    if (!c) {
      // Roots are the smallest node of their component (union keeps the smaller), and nodes are in ref order.
      c = { id: `cl-${refs[root]}`, members: [], edges: [], strength: 0, operator: core[root] === 1, bridges: [] };
      byRoot.set(root, c);
    }
    return c;
  };
  for (let e = 0; e < edges.length; e++) {
    const edge = edges[e]!;
    const [i, j] = ends[e]!;
    touch(i, edge);
    touch(j, edge);
    if (find(i) === find(j)) {
      const c = clusterFor(i);
      c.edges.push(edge);
      if (edge.strength > c.strength) c.strength = edge.strength;
    } else {
      // A bridge: listed by whichever ends are in a cluster (settled after all internal edges).
      clusterFor(i).bridges.push(edge);
      clusterFor(j).bridges.push(edge);
    }
  }
  // Clusters exist only for components with internal edges; drop bridge-only singletons.
  const clusters: Cluster[] = [];
  for (const [root, c] of byRoot) {
    if (c.edges.length === 0) {
      byRoot.delete(root);
      continue;
    }
    clusters.push(c);
  }
  for (let x = 0; x < n; x++) {
    const c = byRoot.get(find(x));
    if (c && c.edges.length > 0) {
      c.members.push(refs[x]!);
      clusterOfNode.set(x, c);
    }
  }
  clusters.sort((x, y) => Number(y.operator) - Number(x.operator) || y.strength - x.strength || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));

  const index = new Map<string, number>();
  refs.forEach((r, i) => index.set(r, i));
  const operatorClusters = clusters.filter((c) => c.operator).length;
  return {
    edges,
    clusters,
    clusterOf: (ref) => {
      const i = index.get(ref);
      return i === undefined ? undefined : clusterOfNode.get(i);
    },
    edgesOf: (ref) => {
      const i = index.get(ref);
      return i === undefined ? [] : [...(edgesOfNode.get(i) ?? [])];
    },
    hubs: ctx.hubs.sort((x, y) => y.holders - x.holders || (x.kind < y.kind ? -1 : x.kind > y.kind ? 1 : 0) || (x.value < y.value ? -1 : 1)),
    stats: { profiles: n, edges: edges.length, clusters: clusters.length, operatorClusters, hubs: ctx.hubs.length, ms: Math.round(performance.now() - t0), phaseMs },
  };
}

// ---------------------------------------------------------------------------------------------
// Join keys of one profile (the stored link graph)

/**
 * Changes whenever `linkKeys` would give other keys for some profile: stored keys derived by
 * another version are derived again before they are read.
 */
export const LINK_KEYS_VERSION = 2;

/**
 * The values through which `analyzeLinks` can join this profile to another, each as
 * `<kind letter>:<value>`: two profiles can share an edge only if they share one of these keys.
 * They are the analysis's own blocking keys, computed from this profile alone:
 *
 *   m: mailbox (own e-mails, referee e-mails, payment handles that are e-mail addresses)
 *   t: the last 7 digits of a phone number (own, referee's, payment handle): numbers are
 *      compared only where these recur, and one number always has one tail
 *   a: a hash of an address's key (home, shipping, shipping requests; normalize-ids.ts
 *      postalKey: house numbers, street and town words, unit, without postcode, region and
 *      country): two spellings of one address have one key
 *   i: IBAN; k: other bank account; h: platform handle (the scope, bank or platform, is not part
 *      of the key: holders of one value in different scopes are still read together)
 *   w: wallet, case-folded (the chain-aware key is computed where this recurs)
 *   d: identity document (type and number); o: online profile (platform:handle)
 *   v: device id (every login's, whatever its date); p: login IP
 *   r<band>: LSH band of the resume's MinHash signature (24 bands of 5 rows); s<band>: the
 *      copy bands (40 of 3); the buckets `lshPairs` proposes pairs from
 *   e: employer key (joins only when a screen flags the employer as a front company)
 *
 * The weight of a link is not in the keys: it depends on everyone who holds the value (a hub, a
 * household, an office), so it is computed when the holders are read together.
 */
export function linkKeys(profile: CandidateProfile): string[] {
  const out = new Set<string>();
  const ids = new Identifiers(1);
  ids.collect(0, profile, Infinity);
  const exact: [string, Groups][] = [
    ['m', ids.emails],
    ['i', ids.ibans],
    ['k', ids.accounts],
    ['h', ids.handles],
    ['d', ids.documents],
    ['o', ids.onlineProfiles],
    ['v', ids.devices],
  ];
  for (const [letter, groups] of exact) for (const v of groups.values()) out.add(`${letter}:${v}`);
  for (const raw of ids.phRaw) {
    const t = phoneTail(raw);
    if (t >= 0) out.add(`t:${t}`);
  }
  for (let r = 0; r < ids.wRaw.length; r++) {
    let cheap = cheapWallet(ids.wRaw[r]!);
    if (/^(?:0x)?41[0-9a-f]{40}$/.test(cheap)) {
      const info = parseAddress(ids.wRaw[r]!, ids.wCurrency[r]);
      if (info.key) cheap = info.key.toLowerCase();
    }
    out.add(`w:${cheap}`);
  }
  for (const ip of ids.logins.ip) out.add(`p:${ip}`);
  const block = (addr: PostalAddress | undefined): void => {
    if (!addr || typeof addr.text !== 'string') return;
    const b = addressBlockKey(addr.text, addr.country);
    if (b !== undefined) out.add(`a:${b}`);
  };
  block(profile.homeAddress);
  for (const a of profile.shippingAddresses ?? NONE) block(a);
  for (const e of profile.events ?? NONE) if (e?.type === 'shipping_request') block(e.address);
  for (const e of profile.employers ?? NONE) {
    if (typeof e?.name !== 'string') continue;
    const key = employerKeyOf(e.name);
    if (key !== '') out.add(`e:${key}`);
  }
  // Resumes, as linkResumes reads them: the longest text, the name words left out.
  const text = profile.resumeText;
  if (typeof text === 'string' && text.length >= MIN_RESUME_WORDS * 3) {
    const hasher = new MinHasher({ shingle: 3, bins: RESUME_BANDS * RESUME_ROWS });
    const names: number[] = [];
    for (const n of profile.names ?? NONE) if (typeof n === 'string') wordHashes(n, names);
    const sig = new Uint32Array(hasher.bins);
    const words = hasher.sign(text, dropSet(names), sig, 0, RESUME_WINDOW);
    if (words >= MIN_RESUME_WORDS) {
      for (let b = 0; b < RESUME_BANDS; b++) out.add(`r${b}:${bandKey(sig, 0, b, RESUME_ROWS)}`);
      for (let b = 0; b < PARTIAL_BANDS; b++) out.add(`s${b}:${bandKey(sig, 0, b, PARTIAL_ROWS)}`);
    }
  }
  return [...out].sort();
}
