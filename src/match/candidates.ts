/**
 * The candidate index: listed entities prepared once, with inverted postings from phonetic token
 * keys (and keys of adjacent tokens joined) to parties, and exact
 * maps from identifier keys to the parties holding them. A query gathers candidates from the
 * postings of its own keys, ranks them by the rarity of the keys they share, and only the best
 * few are scored in full: the cost of a query depends on its names, not on the size of the lists.
 */
import { isParty, isSchema, type Entity } from '../model/index.js';
import { compatibleSchemata, prepareEntity, type Prepared, type PreparedIdentifier, type PreparedName } from './prepare.js';

export interface IdentifierPosting {
  party: number;
  identifier: PreparedIdentifier;
  /** The listed entity that carries the identifier: the party itself or one of its wallets. */
  via: string;
}

export interface IndexStats {
  parties: number;
  wallets: number;
  names: number;
  keys: number;
  identifiers: number;
  buildMs: number;
}

/** Keys shared by more parties than this are too common to gather candidates from on their own. */
export const COMMON_KEY_LIMIT = 500;
/** A party is scored in full only if the keys it shares carry this share of the query's key mass. */
export const CANDIDATE_FLOOR = 0.3;
/** A misspelt query word's list (keys one edit away) weighs this much of a key's rarity. */
export const NEAR_KEY_WEIGHT = 0.9;

/** The rarity weight of a key held by `df` of `parties` parties (inverse document frequency). */
export function keyRarity(parties: number, df: number): number {
  return Math.log(1 + parties / df);
}
/** Keys this long or longer that are found nowhere are looked up again one edit away (typos). */
export const TYPO_MIN_KEY_LENGTH = 5;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';
const NEAR_MEMO_LIMIT = 20_000;
/** Consonant skeletons shorter than this gather too many candidates to be worth indexing. */
export const SKELETON_MIN = 3;

/** Every string one deletion, transposition, substitution or insertion away from `key`. */
export function oneEditAway(key: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < key.length; i++) {
    const head = key.slice(0, i);
    const tail = key.slice(i + 1);
    out.push(head + tail);
    if (i + 1 < key.length) out.push(head + key[i + 1]! + key[i]! + key.slice(i + 2));
    for (const ch of ALPHABET) if (ch !== key[i]) out.push(head + ch + tail);
  }
  for (let i = 0; i <= key.length; i++) for (const ch of ALPHABET) out.push(key.slice(0, i) + ch + key.slice(i));
  return out;
}

/** Keys under which a name is found: each token's key, and keys of adjacent tokens joined. */
export function nameKeys(name: PreparedName): string[] {
  const keys = [...name.keys];
  for (const join of name.joins) keys.push(join.key);
  return keys.filter((k) => k !== '');
}

export class Postings {
  private readonly map = new Map<string, number[]>();

  add(key: string, party: number): void {
    let list = this.map.get(key);
    if (!list) {
      list = [];
      this.map.set(key, list);
    }
    if (list[list.length - 1] !== party) list.push(party);
  }

  get(key: string): readonly number[] | undefined {
    return this.map.get(key);
  }

  get size(): number {
    return this.map.size;
  }
}

export class CandidateIndex {
  readonly parties: Prepared[] = [];
  readonly datasets: string[][] = [];
  private readonly byId = new Map<string, number>();
  private readonly keys = new Postings();
  private readonly identifiers = new Map<string, IdentifierPosting[]>();
  private readonly nearMemo = new Map<string, readonly number[]>();
  private walletCount = 0;
  private nameCount = 0;
  private buildMs = 0;
  /** Scratch accumulator reused across queries (one index is used by one thread). */
  private scores = new Float64Array(0);

  static build(entities: Iterable<Entity>): CandidateIndex {
    const t0 = performance.now();
    const index = new CandidateIndex();
    const wallets: Entity[] = [];
    for (const entity of entities) {
      if (!isSchema(entity.schema)) continue;
      if (!isParty(entity.schema)) {
        wallets.push(entity);
        continue;
      }
      index.addParty(entity);
    }
    for (const wallet of wallets) index.addWallet(wallet);
    index.scores = new Float64Array(index.parties.length);
    index.buildMs = performance.now() - t0;
    return index;
  }

  private addParty(entity: Entity): void {
    const prepared = prepareEntity(entity);
    const party = this.parties.length;
    this.parties.push(prepared);
    this.datasets.push(entity.datasets);
    this.byId.set(entity.id, party);
    this.nameCount += prepared.names.length;
    for (const name of prepared.names) {
      for (const key of nameKeys(name)) this.keys.add(key, party);
      // Consonant skeletons of person names, for queries written in Arabic script.
      if (prepared.schema === 'Person' && !name.arabic) {
        for (const skeleton of name.skeletons) if (skeleton.length >= SKELETON_MIN) this.keys.add(`#${skeleton}`, party);
      }
    }
    for (const identifier of prepared.identifiers) this.addIdentifier(identifier, party, entity.id);
  }

  private addWallet(entity: Entity): void {
    const prepared = prepareEntity(entity);
    const party = prepared.holder !== undefined ? this.byId.get(prepared.holder) : undefined;
    if (party === undefined) return; // a wallet whose holder is not listed cannot name a party
    this.walletCount++;
    for (const identifier of prepared.identifiers) this.addIdentifier(identifier, party, entity.id);
  }

  private addIdentifier(identifier: PreparedIdentifier, party: number, via: string): void {
    const key = `${identifier.kind}:${identifier.key}`;
    let list = this.identifiers.get(key);
    if (!list) {
      list = [];
      this.identifiers.set(key, list);
    }
    list.push({ party, identifier, via });
  }

  /**
   * Parties under any key one edit away from `key`, memoised: a batch of customer names repeats
   * its surnames, and each unknown word costs a few hundred lookups the first time.
   */
  private nearKeyParties(key: string): readonly number[] {
    const cached = this.nearMemo.get(key);
    if (cached) return cached;
    const union = new Set<number>();
    for (const near of new Set(oneEditAway(key))) {
      const nl = this.keys.get(near);
      if (nl && nl.length <= COMMON_KEY_LIMIT) for (const p of nl) union.add(p);
    }
    const parties = [...union];
    if (this.nearMemo.size >= NEAR_MEMO_LIMIT) this.nearMemo.clear();
    this.nearMemo.set(key, parties);
    return parties;
  }

  stats(): IndexStats {
    return {
      parties: this.parties.length,
      wallets: this.walletCount,
      names: this.nameCount,
      keys: this.keys.size,
      identifiers: this.identifiers.size,
      buildMs: Math.round(this.buildMs),
    };
  }

  /** How many parties are filed under a name key (0: none). Reverse screening mirrors the gathering with it. */
  keyFrequency(key: string): number {
    return this.keys.get(key)?.length ?? 0;
  }

  partyIndex(id: string): number | undefined {
    return this.byId.get(id);
  }

  /** Parties holding one of the query's identifiers. */
  identifierMatches(query: Prepared): IdentifierPosting[] {
    const out: IdentifierPosting[] = [];
    for (const identifier of query.identifiers) {
      const list = this.identifiers.get(`${identifier.kind}:${identifier.key}`);
      if (list) out.push(...list);
    }
    return out;
  }

  /**
   * The parties most worth scoring for the query's names, best first: each shared key adds its
   * rarity (inverse document frequency); query words found under no key are looked up one edit
   * away (a misspelt word).
   */
  nameCandidates(query: Prepared, limit: number, datasets?: ReadonlySet<string>): number[] {
    const n = this.parties.length;
    if (n === 0 || query.names.length === 0) return [];
    const allowed = compatibleSchemata(query.schema);
    if (allowed && allowed.size === 0) return [];

    // The postings to gather from, each with its weight (the rarity of its key).
    const idf = (df: number) => keyRarity(n, df);
    const lists: { list: readonly number[]; weight: number }[] = [];
    const common: { list: readonly number[]; weight: number }[] = [];
    const seen = new Set<string>();
    for (const name of query.names) {
      const keys = nameKeys(name);
      if (name.arabic) for (const skeleton of name.skeletons) if (skeleton.length >= SKELETON_MIN) keys.push(`#${skeleton}`);
      for (const key of keys) {
        if (seen.has(key)) continue;
        seen.add(key);
        const list = this.keys.get(key);
        if (list) {
          (list.length <= COMMON_KEY_LIMIT ? lists : common).push({ list, weight: idf(list.length) });
        } else if (key.length >= TYPO_MIN_KEY_LENGTH && key[0] !== '#' && !name.joins.some((j) => j.key === key)) {
          // A word found under no key may be misspelt: gather under the keys one edit away, as
          // one list (one word of the query, so it weighs as one key).
          const near = this.nearKeyParties(key);
          if (near.length > 0 && near.length <= COMMON_KEY_LIMIT * 2) lists.push({ list: near, weight: idf(near.length) * NEAR_KEY_WEIGHT });
        }
      }
    }
    // Names made only of very common keys ("Kim Il"): gather from those after all.
    const used = lists.length > 0 ? lists : common;
    let mass = 0;
    for (const { weight } of used) mass += weight;

    const scores = this.scores;
    const touched: number[] = [];
    for (const { list, weight } of used) {
      for (let k = 0; k < list.length; k++) {
        const p = list[k]!;
        if (scores[p] === 0) touched.push(p);
        scores[p]! += weight;
      }
    }
    // Only parties sharing a fair part of the query's key mass are worth a full comparison.
    const floor = mass * CANDIDATE_FLOOR;
    const kept: number[] = [];
    for (const p of touched) {
      if (scores[p]! < floor) continue;
      const party = this.parties[p]!;
      if (allowed && !allowed.has(party.schema as never)) continue;
      if (datasets && !this.datasets[p]!.some((d) => datasets.has(d))) continue;
      kept.push(p);
    }
    kept.sort((a, b) => scores[b]! - scores[a]!);
    for (const p of touched) scores[p] = 0;
    return kept.length > limit ? kept.slice(0, limit) : kept;
  }
}
