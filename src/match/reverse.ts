/**
 * Reverse screening: instead of screening every monitored subject again when a list changes, find
 * the few subjects a changed listed party could match, and screen only those. Subjects are filed
 * under the same keys the candidate index gathers from when a subject is screened (`subjectKeys`);
 * a changed party is looked up under its own keys, under words one edit away that subjects use
 * (misspellings), and under its identifiers (`partyLookup`). Pure: the caller reads the subjects'
 * keys.
 *
 * Which subjects to keep must follow the forward rule exactly, or delta monitoring misses alerts a
 * full rescreen opens. It used to keep the subjects sharing a key held by few subjects of the book
 * (at most max(200, book / 2000)) or two words of one name. The candidate index gathers by another
 * measure: a party is scored when the keys it shares carry 30% of the query's key mass, each key
 * weighing its rarity (`keyWeight`: by the number of parties holding it, bucketed). A word rare on the list but common in the book
 * gathers alone: "Hassan Issa" meets KASSIR Issa Hussein (designated 2025-07-03, in the November
 * OFAC list) through "isa" alone (held by ~200 parties, but by more than 200 of 100,000 subjects),
 * "hasan"/"husaen" differing in their keys yet scoring 0.88 by consonants: 0.80, an alert, which
 * the delta run never looked at. `mayGather` now applies the index's own rule (its constants and
 * weights, from candidates.ts) to the subject's whole key set, erring only towards keeping.
 */
import { CANDIDATE_FLOOR, COMMON_KEY_LIMIT, NEAR_KEY_WEIGHT, SKELETON_MIN, TYPO_MIN_KEY_LENGTH, keyWeight, nameKeys, oneEditAway } from './candidates.js';
import type { Prepared, PreparedIdentifier } from './prepare.js';

/** The key of an identifier in the subject index (names keys never hold a colon). */
export function identifierKey(identifier: Pick<PreparedIdentifier, 'kind' | 'key'>): string {
  return `${identifier.kind}:${identifier.key}`;
}

/** Every key a subject (prepared as a query) is filed under: name keys, skeletons, identifiers. */
export function subjectKeys(subject: Prepared): string[] {
  const keys = new Set<string>();
  for (const name of subject.names) {
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
 * (the candidate index does the same the other way round).
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

/** What the candidate index knows of its keys: how many parties each is filed under. */
export interface KeyFrequencies {
  frequency(key: string): number;
}

/**
 * A lower bound of the key mass the candidate index spreads a subject's names over
 * (`CandidateIndex.nameCandidates`): with a key held by at most COMMON_KEY_LIMIT parties, the rare
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
 * Whether the candidate index may gather `party` for a subject filed under `subjectKeys`: never
 * false when `nameCandidates` (before its cap on the number of candidates) would gather it. The
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
  return shared > 0 && shared >= CANDIDATE_FLOOR * mass.mass * (1 - 1e-9);
}
