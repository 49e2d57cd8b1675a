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
  { name: 'adversarial', file: 'adversarial.jsonl', title: 'evasion attempts on OFAC SDN names (dev/test)', positive: true },
];

/** Categories read from the external set (../shared/eval or --external-dir / VIGIL_EVAL_DIR). */
export const EXTERNAL = {
  adversarial: { name: 'ext_adversarial', file: 'adversarial_dev.jsonl' },
  crosslist: { name: 'ext_crosslist', file: 'crosslist_pairs_dev.csv' },
} as const;

export const PAIR_CATEGORY = { name: 'hard_pairs', file: 'hard_pairs.jsonl', title: 'hard labelled name pairs (compare)' } as const;

/** native_script, compare half: documented native names vs the record with its non-Latin names removed. */
export const NATIVE_PAIRS_FILE = 'native_script_pairs.jsonl';
/** Pairs of names as the official lists write them, labelled by record identity; dev and test halves. */
export const LIST_PAIRS_FILE = 'list_pairs.jsonl';
/** Evasion attempts made from OFAC SDN parties (screen); dev and test halves. */
export const ADVERSARIAL_FILE = 'adversarial.jsonl';

export type TargetMetric = 'recall' | 'falseAlertRate' | 'falseHits' | 'f1';

/** Which `vigil` run a figure comes from: a target fails outright when that run failed. */
export type Command = 'screen' | 'compare';

export interface Target {
  label: string;
  /** the measurement's key in the run's figures ("dprk_variants.recall", "list_pairs.dev.persons.chinese.f1") */
  key: string;
  /** the --category that measures it */
  category: string;
  metric: TargetMetric;
  /** recall/f1: at least; falseAlertRate/falseHits: at most. */
  bound: number;
  feeds: readonly Command[];
}

const screenTarget = (label: string, category: string, metric: TargetMetric, bound: number, key = `${category}.${metric}`): Target => ({ label, key, category, metric, bound, feeds: ['screen'] });
const pairTarget = (label: string, category: string, key: string, bound = 0.9): Target => ({ label, key, category, metric: 'f1', bound, feeds: ['compare'] });

/** Evasion classes and their recall bounds (issue 12). */
export const ADVERSARIAL_BOUNDS: Record<string, number> = { homoglyph: 0.99, invisible: 0.99, dob_format: 0.99, fullwidth: 0.99, leet: 0.95, kontsevich: 0.95, ru_media: 0.95 };

export const TARGETS: readonly Target[] = [
  screenTarget('recall on variants of DPRK-programme names', 'dprk_variants', 'recall', 0.99),
  screenTarget('recall on variants of other listed names', 'listed_variants', 'recall', 0.98),
  { label: 'recall on native-script names (transliteration: compare + Hangul from MR)', key: 'native_script.recall', category: 'native_script', metric: 'recall', bound: 0.95, feeds: ['screen', 'compare'] },
  screenTarget('recall on listed wallet addresses', 'wallets', 'recall', 1),
  screenTarget('recall on listed email addresses', 'emails', 'recall', 1),
  screenTarget('hits on near-miss wallet addresses', 'wallet_near_miss', 'falseHits', 0),
  screenTarget('hits on near-miss email addresses', 'email_near_miss', 'falseHits', 0),
  screenTarget('false alerts on ordinary names', 'ordinary_names', 'falseAlertRate', 0.02),
  pairTarget('F1 on hard labelled name pairs (compare)', 'hard_pairs', 'hard_pairs.f1'),
  ...BUCKETS.map((b) => pairTarget(`external crosslist pairs (dev), person F1, ${b}`, 'ext_crosslist', `ext_crosslist.persons.${b}.f1`)),
  ...(['dev', 'test'] as const).flatMap((split) => BUCKETS.map((b) => pairTarget(`list_pairs ${split}${split === 'test' ? ' (held out)' : ''}, person F1, ${b}`, 'list_pairs', `list_pairs.${split}.persons.${b}.f1`))),
  ...['homoglyph', 'invisible', 'leet', 'dob_format', 'kontsevich', 'ru_media'].map((b) =>
    screenTarget(`external adversarial (dev) recall, ${b}`, 'ext_adversarial', 'recall', ADVERSARIAL_BOUNDS[b]!, `ext_adversarial.${b}.recall`),
  ),
  ...(['dev', 'test'] as const).flatMap((split) =>
    ['homoglyph', 'invisible', 'leet', 'fullwidth', 'dob_format', 'kontsevich'].map((b) =>
      screenTarget(`adversarial ${split}${split === 'test' ? ' (held out)' : ''} recall, ${b}`, 'adversarial', 'recall', ADVERSARIAL_BOUNDS[b]!, `adversarial.${split}.${b}.recall`),
    ),
  ),
];
