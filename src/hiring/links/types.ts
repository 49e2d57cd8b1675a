/**
 * The link analysis's public types and numbers: link kinds, evidence, edges, clusters, hubs, the
 * options and the result of `analyzeLinks`; the evidence weights (LINK_WEIGHTS), the hub caps
 * (HUB_CAPS), and the strengths that make an operator cluster and merge two.
 */
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
