/** The case files, their categories and the targets measured on them (shared by build and run). */

export interface Query {
  schema: string;
  properties: Record<string, string[]>;
}

/** One `screen` case: a query and the listed party ids that count as finding it ([] = negative). */
export interface ScreenCase extends Query {
  id: string;
  expected: string[];
  category: string;
  note: string;
  /** adversarial cases: the evasion class ("homoglyph", "kontsevich", ...) */
  bucket?: string;
  /** sets with a held-out half: "dev" (tune on it) or "test" (never tuned on) */
  split?: Split;
}

export type Split = 'dev' | 'test';

/** One `compare` case: is `query` the same party as `candidate`? */
export interface PairCase {
  id: string;
  query: Query;
  candidate: Query;
  label: boolean;
  /** `hard_pairs`, `native_script` (documented native names vs the Latin record) or `list_pairs` */
  category: string;
  /** A short machine-readable kind ("kr_one_syllable", "dob_far", ...), for per-kind figures. */
  kind: string;
  note: string;
  /** list_pairs: the name origin (dprk_korean, russian_cis, arabic_persian, chinese, western_other) */
  bucket?: string;
  /** list_pairs: "dev" or "test" (the held-out half, never tuned on) */
  split?: Split;
}

export const BUCKETS = ['dprk_korean', 'russian_cis', 'arabic_persian', 'chinese', 'western_other'] as const;
export type Bucket = (typeof BUCKETS)[number];

/**
 * How a negative counts as a false alert: `match` = any result with match:true (a name
 * negative); `any` = any result at all (a near-miss identifier must return nothing).
 */
export type NegativeRule = 'match' | 'any';

export interface ScreenCategory {
  name: string;
  file: string;
  title: string;
  positive: boolean;
  negativeRule?: NegativeRule;
}

export const SCREEN_CATEGORIES: readonly ScreenCategory[] = [
  { name: 'dprk_variants', file: 'dprk_variants.jsonl', title: 'DPRK-programme names, variants', positive: true },
  { name: 'listed_variants', file: 'listed_variants.jsonl', title: 'other listed names, variants', positive: true },
  { name: 'native_script', file: 'native_script.jsonl', title: 'names in native scripts', positive: true },
  { name: 'wallets', file: 'wallets.jsonl', title: 'listed crypto addresses', positive: true },
  { name: 'emails', file: 'emails.jsonl', title: 'listed email addresses', positive: true },
  { name: 'wallet_near_miss', file: 'wallet_near_miss.jsonl', title: 'near-miss crypto addresses', positive: false, negativeRule: 'any' },
  { name: 'email_near_miss', file: 'email_near_miss.jsonl', title: 'near-miss email addresses', positive: false, negativeRule: 'any' },
  { name: 'ordinary_names', file: 'ordinary_names.jsonl', title: 'ordinary names (negatives)', positive: false, negativeRule: 'match' },
];

export const PAIR_CATEGORY = { name: 'hard_pairs', file: 'hard_pairs.jsonl', title: 'hard labelled name pairs (compare)' } as const;

/** native_script, compare half: documented native names vs the record with its non-Latin names removed. */
export const NATIVE_PAIRS_FILE = 'native_script_pairs.jsonl';
/** Pairs of names as the official lists write them, labelled by record identity; dev and test halves. */
export const LIST_PAIRS_FILE = 'list_pairs.jsonl';
/** Evasion attempts made from OFAC SDN parties (screen); dev and test halves. */
export const ADVERSARIAL_FILE = 'adversarial.jsonl';

export type TargetMetric = 'recall' | 'falseAlertRate' | 'falseHits' | 'f1';

export interface Target {
  label: string;
  category: string;
  metric: TargetMetric;
  /** recall/f1: at least; falseAlertRate/falseHits: at most. */
  bound: number;
}

export const TARGETS: readonly Target[] = [
  { label: 'recall on variants of DPRK-programme names', category: 'dprk_variants', metric: 'recall', bound: 0.99 },
  { label: 'recall on variants of other listed names', category: 'listed_variants', metric: 'recall', bound: 0.98 },
  { label: 'recall on names written in native scripts', category: 'native_script', metric: 'recall', bound: 0.95 },
  { label: 'recall on listed wallet addresses', category: 'wallets', metric: 'recall', bound: 1 },
  { label: 'recall on listed email addresses', category: 'emails', metric: 'recall', bound: 1 },
  { label: 'hits on near-miss wallet addresses', category: 'wallet_near_miss', metric: 'falseHits', bound: 0 },
  { label: 'hits on near-miss email addresses', category: 'email_near_miss', metric: 'falseHits', bound: 0 },
  { label: 'false alerts on ordinary names', category: 'ordinary_names', metric: 'falseAlertRate', bound: 0.02 },
  { label: 'F1 on hard labelled name pairs (compare)', category: 'hard_pairs', metric: 'f1', bound: 0.9 },
];
