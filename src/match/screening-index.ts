/**
 * The screening index: listed entities prepared once, with inverted postings from phonetic token
 * keys (and keys of adjacent tokens joined) to parties, and exact
 * maps from identifier keys to the parties holding them. A query gathers listed parties from the
 * postings of its own keys and ranks them by the rarity of the keys they share; only the best
 * few, its shortlist, are scored in full: the cost of a query depends on its names, not on the
 * size of the lists.
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

/** Keys shared by more parties than this are too common to gather listed parties from on their own. */
export const COMMON_KEY_LIMIT = 500;
/** A party makes the shortlist only if the keys it shares carry this share of the query's key mass. */
export const SHORTLIST_FLOOR = 0.3;
/**
 * The key mass the floor is taken of is capped: a query read several ways (a Cyrillic name read as
 * Korean in five spellings, then letter by letter) files the keys of every reading, and 30% of all
 * of them is more than a party holding one reading in full shares. About three names' worth.
 */
export const FLOOR_MASS_CAP = 60;

/** The key weight a party must share with a query whose keys weigh `mass` to make its shortlist. */
export function gatherFloor(mass: number): number {
  return SHORTLIST_FLOOR * Math.min(mass, FLOOR_MASS_CAP);
}
/** A misspelt query word's list (keys one edit away) weighs this much of a key's rarity. */
export const NEAR_KEY_WEIGHT = 0.9;

/**
 * Key weights depend on the key alone, never on the size or the rest of the list, and coarsely:
 * a key held by `df` parties weighs as a key held by 2^(b + 1/2) of 2^15 parties would (inverse
 * document frequency), b = floor(log2 df), so every df in [2^b, 2^(b+1)) weighs the same. A list
 * update changes the weight of a key only when it moves the key's df across a power of two (or
 * between none and some, or across COMMON_KEY_LIMIT): the gathering of an unchanged subject/party
 * pair moves only when a key of the subject changes state (`keyState`), which is what delta
 * monitoring looks for (see cases/monitor.ts). Idf over the whole list moved every weight a
 * little on every update, and with it the 30% floor for pairs nothing had changed in.
 */
const REFERENCE_PARTIES = 2 ** 15;
const BUCKET_WEIGHTS = Array.from({ length: 32 }, (_, b) => Math.log(1 + REFERENCE_PARTIES / 2 ** (b + 0.5)));

/** floor(log2 df) for df >= 1. */
const bucketOf = (df: number) => 31 - Math.clz32(df);

/** The weight of a key (or a misspelt word's list) held by `df` parties; 0 for none. */
export function keyWeight(df: number): number {
  return df > 0 ? BUCKET_WEIGHTS[bucketOf(df)]! : 0;
}

/**
 * What the gathering knows of a key held by `df` parties: none (0), its weight bucket, and whether
 * it is common (held by more than COMMON_KEY_LIMIT). Two versions of a list gather alike through a
 * key whose state is the same in both.
 */
export function keyState(df: number): number {
  if (df <= 0) return 0;
  return (df > COMMON_KEY_LIMIT ? 100 : 1) + bucketOf(df);
}

/** A misspelt word's list (parties under keys one edit away) is used when it holds 1..this many parties. */
export const NEAR_LIST_LIMIT = COMMON_KEY_LIMIT * 2;

/** The state of a misspelt word's list of `size` parties: unused (0) or its weight bucket. */
export function nearListState(size: number): number {
  return size > 0 && size <= NEAR_LIST_LIMIT ? 1 + bucketOf(size) : 0;
}
/** Keys this long or longer that are found nowhere are looked up again one edit away (typos). */
export const TYPO_MIN_KEY_LENGTH = 5;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';
const NEAR_MEMO_LIMIT = 20_000;
/** Consonant skeletons shorter than this gather too many listed parties to be worth indexing. */
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

/**
 * Every name key a listed party is filed under: its names' keys and, for persons, the consonant
 * skeletons of names not in Arabic script (for queries written in Arabic script).
 */
export function partyNameKeys(prepared: Prepared): Set<string> {
  const keys = new Set<string>();
  for (const name of prepared.names) {
    for (const key of nameKeys(name)) keys.add(key);
    if (prepared.schema === 'Person' && !name.arabic) {
      for (const skeleton of name.skeletons) if (skeleton.length >= SKELETON_MIN) keys.add(`#${skeleton}`);
    }
  }
  return keys;
}

const NO_PARTIES: readonly number[] = [];

/** Scratch numbers of the shortlist, reused (one shortlist is made at a time per thread). */
let scratch = new Float64Array(1024);
function scratchOf(size: number): Float64Array {
  if (scratch.length < size) scratch = new Float64Array(size * 2);
  return scratch;
}

/**
 * The value that would stand at `k` (from 0) if the first `n` values were sorted ascending
 * (quickselect: reorders them, sorts nothing it need not).
 */
export function kthSmallest(values: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i++] = values[j]!;
        values[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k]!;
  }
  return values[k]!;
}

/** Whether an ascending list of numbers holds `value` (binary search). */
function includesSorted(list: readonly number[], value: number): boolean {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = list[mid]!;
    if (v === value) return true;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * Another version of the lists seen through this index, for delta monitoring: how many parties
 * held each key there, the parties under a misspelt word's keys one edit away there (and how many
 * there were), and the parties to leave out (those whose entries differ, which the view cannot
 * place). `shortlist` with a view ranks the other parties as that version's index would.
 */
export interface GatherView {
  frequency(key: string): number;
  near(word: string): readonly number[];
  nearSize(word: string): number;
  skip(party: number): boolean;
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

  /** The length of the longest key (computed once; not a field, so snapshots stay as they are). */
  longestKey(): number {
    let longest = LONGEST_KEY.get(this);
    if (longest === undefined) {
      longest = 0;
      for (const key of this.map.keys()) if (key.length > longest) longest = key.length;
      LONGEST_KEY.set(this, longest);
    }
    return longest;
  }
}

const LONGEST_KEY = new WeakMap<Postings, number>();

/** Whether a listed party has a name with the same keys, in the same order, as one of the query's. */
function holdsQueryName(party: Prepared, query: Prepared): boolean {
  for (const name of party.names) {
    for (const wanted of query.names) {
      if (name.keys.length !== wanted.keys.length) continue;
      let same = true;
      for (let k = 0; k < name.keys.length && same; k++) same = name.keys[k] === wanted.keys[k];
      if (same) return true;
    }
  }
  return false;
}

export class ScreeningIndex {
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
  /** Per party, its schema, and its place in the order of the parties' ids: the shortlist filters and breaks ties without reading the parties. */
  private readonly schemata: string[] = [];
  private idRanks = new Int32Array(0);

  static build(entities: Iterable<Entity>): ScreeningIndex {
    const t0 = performance.now();
    const index = new ScreeningIndex();
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
    // (Equal ids, which one index should not hold, keep their order.)
    const idOf = (p: number) => index.parties[p]!.id;
    const byId = index.parties.map((_, p) => p).sort((a, b) => (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : a - b));
    index.idRanks = new Int32Array(index.parties.length);
    byId.forEach((p, rank) => (index.idRanks[p] = rank));
    index.buildMs = performance.now() - t0;
    return index;
  }

  private addParty(entity: Entity): void {
    const prepared = prepareEntity(entity);
    const party = this.parties.length;
    this.parties.push(prepared);
    this.schemata.push(prepared.schema);
    this.datasets.push(entity.datasets);
    this.byId.set(entity.id, party);
    this.nameCount += prepared.names.length;
    for (const key of partyNameKeys(prepared)) this.keys.add(key, party);
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
  nearKeyParties(key: string): readonly number[] {
    const cached = this.nearMemo.get(key);
    if (cached) return cached;
    // A key one edit away is at most one character shorter: a word longer than every listed key
    // plus one has no neighbour, and spelling out its neighbours would cost its length squared
    // (seconds for a pathological word of a few thousand letters).
    if (key.length > this.keys.longestKey() + 1) return NO_PARTIES;
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

  /** The parties filed under a name key. */
  keyParties(key: string): readonly number[] | undefined {
    return this.keys.get(key);
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

  /** Whether some listed name has a word of this phonetic key. */
  hasKey(key: string): boolean {
    return this.keys.get(key) !== undefined;
  }

  /**
   * Whether a party gathered with `score` could hold one of the query's names word for word: such a
   * party holds every key of that name, and gathers at least their weight (as `used` weighs them).
   */
  private mayHoldQueryName(query: Prepared, used: readonly { weight: number; key?: string }[], score: number): boolean {
    const weights = new Map<string, number>();
    for (const { key, weight } of used) if (key !== undefined) weights.set(key, weight);
    return query.names.some((name) => {
      let least = 0;
      for (const key of new Set(name.keys)) least += weights.get(key) ?? 0;
      return score >= least - 1e-9;
    });
  }

  /**
   * The parties filed under every key of one of the query's names (at least those holding one of
   * its names word for word), or undefined when a name has no key to look for.
   */
  private partiesUnderEveryKeyOfAName(query: Prepared): Set<number> | undefined {
    const holders = new Set<number>();
    for (const name of query.names) {
      const lists: (readonly number[])[] = [];
      for (const key of new Set(name.keys)) if (key !== '') lists.push(this.keys.get(key) ?? NO_PARTIES);
      if (lists.length === 0) return undefined;
      lists.sort((a, b) => a.length - b.length);
      // Posting lists are in ascending party order (parties are filed in order as the index is built).
      for (const p of lists[0]!) if (lists.every((list) => includesSorted(list, p))) holders.add(p);
    }
    return holders;
  }

  /**
   * The shortlist for the query's names: the parties most worth scoring in full, best first (ties
   * by id, except that at the cut a party holding a query name word for word goes first), at most
   * `limit` of them. Each shared key adds its weight (keyWeight: its rarity,
   * bucketed); query words found under no key are looked up one edit away (a misspelt word).
   */
  shortlist(query: Prepared, limit: number, datasets?: ReadonlySet<string>, view?: GatherView): number[] {
    const n = this.parties.length;
    if (n === 0 || query.names.length === 0) return [];
    const allowed = compatibleSchemata(query.schema);
    if (allowed && allowed.size === 0) return [];

    // The postings to gather from, each with its weight (the rarity of its key, see keyWeight).
    const lists: { list: readonly number[]; weight: number; key?: string }[] = [];
    const common: { list: readonly number[]; weight: number; key?: string }[] = [];
    const seen = new Set<string>();
    for (const name of query.names) {
      const keys = nameKeys(name);
      if (name.arabic) for (const skeleton of name.skeletons) if (skeleton.length >= SKELETON_MIN) keys.push(`#${skeleton}`);
      for (const key of keys) {
        if (seen.has(key)) continue;
        seen.add(key);
        const list = this.keys.get(key);
        const df = view ? view.frequency(key) : (list?.length ?? 0);
        if (df > 0) {
          (df <= COMMON_KEY_LIMIT ? lists : common).push({ list: list ?? NO_PARTIES, weight: keyWeight(df), key });
        } else if (key.length >= TYPO_MIN_KEY_LENGTH && key[0] !== '#' && !name.joins.some((j) => j.key === key)) {
          // A word found under no key may be misspelt: gather under the keys one edit away, as
          // one list (one word of the query, so it weighs as one key).
          const near = view ? view.near(key) : this.nearKeyParties(key);
          const size = view ? view.nearSize(key) : near.length;
          if (nearListState(size) !== 0) lists.push({ list: near, weight: keyWeight(size) * NEAR_KEY_WEIGHT });
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
        if (view && view.skip(p)) continue;
        if (scores[p] === 0) touched.push(p);
        scores[p]! += weight;
      }
    }
    // Only parties sharing a fair part of the query's key mass are worth a full comparison.
    const floor = gatherFloor(mass);
    const kept: number[] = [];
    for (const p of touched) {
      if (scores[p]! < floor) continue;
      if (allowed && !allowed.has(this.schemata[p] as never)) continue;
      if (datasets && !this.datasets[p]!.some((d) => datasets.has(d))) continue;
      kept.push(p);
    }
    // Ties (frequent with coarse weights) go by party id, not by the parties' order in the list
    // files: which of two equal parties makes the cut must not move when other entries do.
    const parties = this.parties;
    const ranks = this.idRanks;
    const byId = (a: number, b: number) => ranks[a]! - ranks[b]!;
    if (kept.length > limit) {
      // Only parties scoring at least the limit-th best score can make the cut (ties at it
      // included, for the reordering below): those alone are sorted, by score and then by id.
      const values = scratchOf(kept.length);
      for (let k = 0; k < kept.length; k++) values[k] = scores[kept[k]!]!;
      const least = kthSmallest(values, kept.length, kept.length - limit);
      let k = 0;
      for (const p of kept) if (scores[p]! >= least) kept[k++] = p;
      kept.length = k;
    }
    kept.sort((a, b) => scores[b]! - scores[a]! || byId(a, b));
    if (kept.length > limit && scores[kept[limit - 1]!] === scores[kept[limit]!] && this.mayHoldQueryName(query, used, scores[kept[limit]!]!)) {
      // Parties tied across the cut: those holding one of the query's names word for word (by
      // keys) go first, so a party listed under the very name asked for is never cut for its id
      // ("OOO PARTNER" among the 33 parties whose only shared key is "partner").
      const cut = scores[kept[limit - 1]!]!;
      let start = limit - 1;
      while (start > 0 && scores[kept[start - 1]!] === cut) start--;
      let end = limit;
      while (end < kept.length && scores[kept[end]!] === cut) end++;
      const tied = kept.slice(start, end); // in id order
      // (Only a party filed under every key of a query name can hold it: the postings say which,
      // without reading each tied party.)
      const holders = this.partiesUnderEveryKeyOfAName(query);
      const exact = tied.filter((p) => (holders === undefined || holders.has(p)) && holdsQueryName(parties[p]!, query));
      if (exact.length > 0) {
        const first = new Set(exact);
        const reordered = [...exact, ...tied.filter((p) => !first.has(p))];
        for (let k = 0; k < reordered.length; k++) kept[start + k] = reordered[k]!;
      }
    }
    for (const p of touched) scores[p] = 0;
    return kept.length > limit ? kept.slice(0, limit) : kept;
  }
}
