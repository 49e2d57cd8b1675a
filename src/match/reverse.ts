/**
 * Reverse screening: instead of screening every monitored subject again when a list changes, find
 * the few subjects a changed listed party could match, and screen only those. Subjects are filed
 * under the same keys the candidate index gathers from when a subject is screened (`subjectKeys`);
 * a changed party is looked up under its own keys, under words one edit away that subjects use
 * (misspellings), and under its identifiers (`partyLookup`); `reverseCandidates` then keeps the
 * subjects that share a rare key or two keys of one name. Pure: the caller fetches the postings.
 */
import { SKELETON_MIN, TYPO_MIN_KEY_LENGTH, nameKeys, oneEditAway } from './candidates.js';
import { compatibleSchemata, type Prepared, type PreparedIdentifier } from './prepare.js';

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

/** Rare-key limit for a book of this many subjects: a key held by this many or fewer gathers them all. */
export function reverseRareLimit(bookSize: number): number {
  return Math.max(200, Math.round(bookSize / 2000));
}

/**
 * The subjects worth screening again for a changed party: every subject holding one of its
 * identifiers; every subject sharing a rare word with one of its names; and the subjects sharing
 * at least two words of a name (one for a one-word name). A word one edit away (a misspelling)
 * counts as a word but never gathers on its own in a name of several words. Subjects whose schema
 * cannot match the party's (a person and a vessel) are left out.
 */
export function reverseCandidates(
  lookup: PartyLookup,
  postings: ReadonlyMap<string, readonly number[]>,
  options: { rareLimit: number; partySchema: string; schemaOf: (subject: number) => string | undefined },
): Set<number> {
  const out = new Set<number>();
  const fits = (s: number) => {
    const schema = options.schemaOf(s);
    if (schema === undefined) return false;
    const allowed = compatibleSchemata(schema);
    return !allowed || allowed.has(options.partySchema as never);
  };
  for (const key of lookup.identifiers) for (const s of postings.get(key) ?? []) out.add(s);
  for (const keys of lookup.names) {
    const wordCount = new Set([...keys.values()].filter((w) => !w.startsWith(JOINED))).size;
    const needed = Math.min(2, wordCount);
    const words = new Map<number, Set<string>>();
    for (const [key, word] of keys) {
      const list = postings.get(key);
      if (!list) continue;
      const misspelt = key !== word && !word.startsWith(JOINED);
      if (list.length <= options.rareLimit && (!misspelt || needed === 1)) {
        for (const s of list) if (fits(s)) out.add(s);
        continue;
      }
      for (const s of list) {
        let seen = words.get(s);
        if (!seen) words.set(s, (seen = new Set()));
        seen.add(word);
      }
    }
    for (const [s, seen] of words) {
      let count = 0;
      for (const w of seen) count += w.startsWith(JOINED) ? 2 : 1;
      if (count >= needed && fits(s)) out.add(s);
    }
  }
  return out;
}
