/**
 * Reverse screening: instead of screening every monitored subject again when a list changes, find
 * the few subjects a changed listed party could match, and screen only those. Subjects are filed
 * under the same keys the screening index gathers from when a subject is screened (`subjectKeys`);
 * a changed party is looked up under its own keys, under words one edit away that subjects use
 * (misspellings), and under its identifiers (`partyLookup`). Pure: the caller reads the subjects'
 * keys.
 *
 * Which subjects to keep must follow the forward rule exactly, or delta monitoring misses alerts a
 * full rescreen opens. It used to keep the subjects sharing a key held by few subjects of the book
 * (at most max(200, book / 2000)) or two words of one name. The screening index gathers by another
 * measure: a party is shortlisted when the keys it shares carry 30% of the query's key mass, each key
 * weighing its rarity (`keyWeight`: by the number of parties holding it, bucketed). A word rare on the list but common in the book
 * gathers alone: "Hassan Issa" meets KASSIR Issa Hussein (designated 2025-07-03, in the November
 * OFAC list) through "isa" alone (held by ~200 parties, but by more than 200 of 100,000 subjects),
 * "hasan"/"husaen" differing in their keys yet scoring 0.88 by consonants: 0.80, an alert, which
 * the delta run never looked at. `mayGather` now applies the index's own rule (its constants and
 * weights, from screening-index.ts) to the subject's whole key set, erring only towards keeping.
 */
import {
  gatherFloor,
  COMMON_KEY_LIMIT,
  NEAR_KEY_WEIGHT,
  SKELETON_MIN,
  TYPO_MIN_KEY_LENGTH,
  keyWeight,
  nameKeys,
  nearListState,
  oneEditAway,
  type GatherView,
  type ScreeningIndex,
} from './screening-index.js';
import { compatibleSchemata, type Prepared, type PreparedIdentifier } from './prepare.js';

/** The key of an identifier in the subject index (names keys never hold a colon). */
export function identifierKey(identifier: Pick<PreparedIdentifier, 'kind' | 'key'>): string {
  return `${identifier.kind}:${identifier.key}`;
}

/**
 * The key of a subject with a personal name in kanji. Such a name is also read in Japanese, in the
 * readings the listed names hold a word of (`withJapaneseReadings`): which parties it is compared
 * with depends on the whole list, not on keys of its own, so delta monitoring screens it again
 * whenever a listed party changes.
 */
export const JAPANESE_READINGS_KEY = 'reads:japanese';

/** Every key a subject (prepared as a query) is filed under: name keys, skeletons, identifiers. */
export function subjectKeys(subject: Prepared): string[] {
  const keys = new Set<string>();
  for (const name of subject.names) {
    if (name.personal && name.native?.script === 'Hani') keys.add(JAPANESE_READINGS_KEY);
    for (const key of nameKeys(name)) keys.add(key);
    // Names in Arabic script are found through the consonant skeletons of listed names.
    if (name.arabic) for (const skeleton of name.skeletons) if (skeleton.length >= SKELETON_MIN) keys.add(`#${skeleton}`);
  }
  for (const identifier of subject.identifiers) keys.add(identifierKey(identifier));
  return [...keys];
}

export interface PartyLookup {
  /** Per listed name, the keys to look up; each entry maps a looked-up key to the name token it stands for. */
  names: Map<string, string>[];
  /** Identifier keys of the party and of its wallets. */
  identifiers: string[];
}

/**
 * What to look up in the subject index for one listed party. `vocabulary` says whether a key is
 * used by any subject, so misspelt subject words one edit away from the party's words are found
 * (the screening index does the same the other way round).
 */
export function partyLookup(party: Prepared, vocabulary: (key: string) => boolean, walletIdentifiers: PreparedIdentifier[] = []): PartyLookup {
  const names: Map<string, string>[] = [];
  for (const name of party.names) {
    const keys = new Map<string, string>();
    const joins = new Set(name.joins.map((j) => j.key));
    for (const key of nameKeys(name)) {
      // A joined pair ("kumhyok") stands for two words.
      keys.set(key, joins.has(key) ? `${JOINED}${key}` : key);
      if (key.length >= TYPO_MIN_KEY_LENGTH - 1) {
        for (const near of oneEditAway(key)) {
          if (near.length >= TYPO_MIN_KEY_LENGTH && !keys.has(near) && vocabulary(near)) keys.set(near, key);
        }
      }
    }
    if (party.schema === 'Person' && !name.arabic) {
      for (const skeleton of name.skeletons) if (skeleton.length >= SKELETON_MIN) keys.set(`#${skeleton}`, `#${skeleton}`);
    }
    if (keys.size > 0) names.push(keys);
  }
  const identifiers = [...new Set([...party.identifiers, ...walletIdentifiers].map(identifierKey))];
  return { names, identifiers };
}

const JOINED = '+';

/** What the screening index knows of its keys: how many parties each is filed under. */
export interface KeyFrequencies {
  frequency(key: string): number;
}

/**
 * A lower bound of the key mass the screening index spreads a subject's names over
 * (`ScreeningIndex.shortlist`): with a key held by at most COMMON_KEY_LIMIT parties, the rare
 * keys (and misspelt-word lists, left out of the bound) count; with none, the common keys do,
 * unless a word found nowhere may gather keys one edit away, whose weight is not known here.
 */
export interface SubjectMass {
  mode: 'rare' | 'common' | 'unbounded';
  mass: number;
}

const isNameKey = (key: string) => !key.includes(':');

export function subjectMass(subjectKeys: readonly string[], index: KeyFrequencies): SubjectMass {
  let rare = 0;
  let common = 0;
  let hasRare = false;
  let mayMisspell = false;
  for (const key of subjectKeys) {
    if (!isNameKey(key)) continue;
    const df = index.frequency(key);
    if (df === 0) {
      if (key.length >= TYPO_MIN_KEY_LENGTH && key[0] !== '#') mayMisspell = true;
    } else if (df <= COMMON_KEY_LIMIT) {
      hasRare = true;
      rare += keyWeight(df);
    } else common += keyWeight(df);
  }
  if (hasRare) return { mode: 'rare', mass: rare };
  return mayMisspell ? { mode: 'unbounded', mass: 0 } : { mode: 'common', mass: common };
}

/** A changed party's keys as reverse screening matches them: its own, and subject words one edit away. */
export interface PartyKeys {
  exact: Set<string>;
  near: Set<string>;
}

export function partyKeys(lookup: PartyLookup): PartyKeys {
  const exact = new Set<string>();
  const near = new Set<string>();
  for (const keys of lookup.names) {
    for (const [key, word] of keys) {
      if (key === word || word === `${JOINED}${key}`) exact.add(key);
      else near.add(key);
    }
  }
  for (const key of exact) near.delete(key);
  return { exact, near };
}

/**
 * Whether the screening index may gather `party` for a subject filed under `subjectKeys`: never
 * false when `shortlist` (before its cap on the size of the shortlist) would gather it. The
 * subject's own keys the party holds weigh their rarity, a subject word found nowhere and one edit
 * from a party's word weighs at most what a list of one party would, and the party is gathered
 * when these carry the floor's share of the subject's key mass (at least `mass.mass`).
 */
export function mayGather(subjectKeys: readonly string[], mass: SubjectMass, party: PartyKeys, index: KeyFrequencies): boolean {
  if (mass.mode === 'unbounded') return true;
  let shared = 0;
  for (const key of subjectKeys) {
    if (party.exact.has(key)) {
      const df = index.frequency(key);
      if (df > 0 && (mass.mode === 'rare') === df <= COMMON_KEY_LIMIT) shared += keyWeight(df);
    } else if (party.near.has(key) && mass.mode === 'rare' && key.length >= TYPO_MIN_KEY_LENGTH && key[0] !== '#' && index.frequency(key) === 0) {
      shared += NEAR_KEY_WEIGHT * keyWeight(1);
    }
  }
  // A hair of slack for the order in which the index adds up the same weights.
  return shared > 0 && shared >= gatherFloor(mass.mass) * (1 - 1e-9);
}

/**
 * Where `ScreeningIndex.shortlist` may rank each party for a subject known by its stored keys
 * alone (no prepared names): `lo` parties surely ahead of it, `hi` possibly ahead. The index adds
 * key weights in the order of the subject's names, which the stored keys do not keep, and sums of
 * three or more weights may then differ in their last bit: parties whose sums come this close
 * (`SUM_SLACK`) are ranked among themselves only when their sums are certainly equal (the same one
 * or two weights, tied by party id as the index ties them); otherwise each may be ahead of the
 * other. A word found under no key that has a misspelt-word list is gathered through it unless it
 * is two words joined, which the keys do not say: both ways are ranked and the bounds put together
 * (`lo` the least, `hi` the most, unbounded for a party one way leaves out). Undefined when more
 * than MAX_OPEN_WORDS such words leave too many ways, or a party's share of the key mass sits at
 * the floor. Parties the index would not gather are absent. The caller leaves identifier hits
 * aside (they are scored whatever the rank).
 */
export interface KeyRanking {
  rank: Map<number, { lo: number; hi: number }>;
}

const SUM_SLACK = 1e-9;

/** Scratch arrays of `rankFromKeys`, grown to the index's size. */
let scratch: { score: Float64Array; count: Uint8Array; first: Float64Array; second: Float64Array } | undefined;
export function rankFromKeys(index: ScreeningIndex, subjectKeys: readonly string[], schema: string, view: GatherView): KeyRanking | undefined {
  const allowed = compatibleSchemata(schema);
  if (allowed && allowed.size === 0) return { rank: new Map() };
  const rare: { list: readonly number[]; weight: number }[] = [];
  const common: { list: readonly number[]; weight: number }[] = [];
  // Words found under no key that have a misspelt-word list: gathered through it, unless the word
  // is two words joined. Each way is ranked, and the ranks put together.
  const open: { list: readonly number[]; weight: number }[] = [];
  for (const key of subjectKeys) {
    if (!isNameKey(key)) continue;
    const df = view.frequency(key);
    if (df > 0) (df <= COMMON_KEY_LIMIT ? rare : common).push({ list: index.keyParties(key) ?? [], weight: keyWeight(df) });
    else if (key.length >= TYPO_MIN_KEY_LENGTH && key[0] !== '#') {
      const size = view.nearSize(key);
      if (nearListState(size) !== 0) open.push({ list: view.near(key), weight: keyWeight(size) * NEAR_KEY_WEIGHT });
    }
  }
  if (open.length > MAX_OPEN_WORDS) return undefined;
  let merged: Map<number, { lo: number; hi: number }> | undefined;
  const variants = 2 ** open.length;
  for (let v = 0; v < variants; v++) {
    const near = open.filter((_, i) => (v >> i) & 1);
    const lists = rare.length + near.length > 0 ? [...rare, ...near] : common;
    const rank = rankLists(index, lists, allowed, view);
    if (!rank) return undefined;
    if (!merged) {
      merged = rank;
      continue;
    }
    // Possibly ahead: the fewest surely ahead in any way; surely ranked: in every way, the most possibly ahead.
    for (const [p, r] of merged) {
      const other = rank.get(p);
      if (other) merged.set(p, { lo: Math.min(r.lo, other.lo), hi: Math.max(r.hi, other.hi) });
      else merged.set(p, { lo: r.lo, hi: Infinity });
    }
    for (const [p, r] of rank) if (!merged.has(p)) merged.set(p, { lo: r.lo, hi: Infinity });
  }
  return { rank: merged! };
}

/** Words found under no key, each with a misspelt-word list, beyond which the ranking is left to the index (2^n ways). */
const MAX_OPEN_WORDS = 3;

function rankLists(
  index: ScreeningIndex,
  used: { list: readonly number[]; weight: number }[],
  allowed: ReadonlySet<string> | undefined,
  view: Pick<GatherView, 'skip'>,
): Map<number, { lo: number; hi: number }> | undefined {
  const rank = new Map<number, { lo: number; hi: number }>();
  if (used.length === 0) return rank;
  const n = index.parties.length;
  if (!scratch || scratch.score.length < n) {
    scratch = { score: new Float64Array(n), count: new Uint8Array(n), first: new Float64Array(n), second: new Float64Array(n) };
  }
  const { score, count, first, second } = scratch;
  let mass = 0;
  const touched: number[] = [];
  for (const { list, weight } of used) {
    mass += weight;
    for (const p of list) {
      if (view.skip(p)) continue;
      const c = count[p]!;
      if (c === 0) touched.push(p);
      score[p]! += weight;
      if (c === 0) first[p] = weight;
      else if (c === 1) second[p] = weight;
      if (c < 255) count[p] = c + 1;
    }
  }
  const slack = SUM_SLACK * (1 + mass);
  const floor = gatherFloor(mass);
  const kept: number[] = [];
  let undecided = false;
  for (const p of touched) {
    if (Math.abs(score[p]! - floor) <= slack) undecided = true;
    if (score[p]! < floor) continue;
    if (allowed && !allowed.has(index.parties[p]!.schema)) continue;
    kept.push(p);
  }
  const parties = index.parties;
  const byId = (a: number, b: number) => (parties[a]!.id < parties[b]!.id ? -1 : parties[a]!.id > parties[b]!.id ? 1 : 0);
  kept.sort((a, b) => score[b]! - score[a]! || byId(a, b));
  // Runs of sums within the slack of each other: ranked by id when certainly equal, else in any order.
  for (let i = 0; i < kept.length && !undecided; ) {
    let j = i + 1;
    while (j < kept.length && score[kept[j - 1]!]! - score[kept[j]!]! <= slack) j++;
    const run = kept.slice(i, j);
    const p0 = run[0]!;
    const lo0 = Math.min(first[p0]!, second[p0]!);
    const hi0 = Math.max(first[p0]!, second[p0]!);
    const same = (p: number) => count[p] === count[p0] && Math.min(first[p]!, second[p]!) === lo0 && Math.max(first[p]!, second[p]!) === hi0;
    if (count[p0]! <= 2 && run.every(same)) {
      run.sort(byId);
      run.forEach((p, k) => rank.set(p, { lo: i + k, hi: i + k }));
    } else {
      for (const p of run) rank.set(p, { lo: i, hi: j - 1 });
    }
    i = j;
  }
  for (const p of touched) {
    score[p] = 0;
    count[p] = 0;
    first[p] = 0;
    second[p] = 0;
  }
  return undecided ? undefined : rank;
}
