/**
 * The public types of a generated candidate pool: the operator and innocent shapes each pool
 * plants, what the generator knows about the pool (its truth, for scoring only), and the pool.
 * Read by the generator, its validation and its metrics alike.
 */
import type { CandidateProfile } from '../../../src/hiring/profile.js';

/** The classic pool's operator shapes. */
export const OPERATOR_SHAPES = ['shared_payment', 'laptop_farm', 'shared_voip', 'reused_resume', 'front_company', 'mixed'] as const;
/** The hard pool's: the classic ones plus a team behind one jump box and identities tied to the sanctions list. */
export const HARD_OPERATOR_SHAPES = [...OPERATOR_SHAPES, 'jump_box', 'listed_person', 'listed_wallet'] as const;
export type OperatorShape = (typeof HARD_OPERATOR_SHAPES)[number];

/** The classic pool's innocent shares. */
export const INNOCENT_SHAPES = ['spouses', 'family_account', 'colleagues', 'corporate_vpn', 'bootcamp', 'mobile_cgnat', 'commercial_vpn'] as const;
/** The hard pool's hard negatives (see eval/hiring/README.md). */
export const HARD_INNOCENT_SHAPES = ['household', 'family_account', 'agency', 'coworking', 'references', 'colleagues', 'corporate_vpn', 'bootcamp', 'mobile_cgnat', 'commercial_vpn', 'template_resume', 'lookalike_employer', 'vpn_user', 'traveller', 'night_owl'] as const;
export type InnocentShape = (typeof INNOCENT_SHAPES)[number] | (typeof HARD_INNOCENT_SHAPES)[number];

export const POOL_KINDS = ['hard', 'classic'] as const;
export type PoolKind = (typeof POOL_KINDS)[number];

export interface PlantedOperator {
  /** The operator (one person or team behind the identities). */
  id: string;
  shape: OperatorShape;
  /** The candidate refs of its identities (one for a lone front-company identity). */
  refs: string[];
  /** What the identities share, e.g. "payment:iban", "shipping_address", "phone", "resume", "employer:front", "mailbox", "login_ip", "device", "reference". */
  links: string[];
}

export interface InnocentShare {
  shape: InnocentShape;
  refs: string[];
  /** What they share, in words. */
  what: string;
}

export interface PoolTruth {
  /** Which generator made it (absent in pools written before the hard pool existed: classic). */
  pool?: PoolKind;
  seed: number;
  count: number;
  /** The pool's reference time: every date in it is before this; pass it to the assessment. */
  now: string;
  operatorShare: number;
  operators: PlantedOperator[];
  innocentShares: InnocentShare[];
  /** Name origin of every candidate (classic: eval/lib/ordinary.ts origins; hard: lib/names.ts), for the fairness check only. */
  origins: Record<string, string>;
  /** Clean candidates given one of the weak red flags real applicants show, by flag. */
  cleanNoise: Record<string, string[]>;
}

export interface Pool {
  profiles: CandidateProfile[];
  truth: PoolTruth;
}
