/**
 * What the hot loops of a screening read of a prepared name, kept compact: its words, texts and
 * keys (and those of its joins) as integer ids, and a few facts about it (weight sum, numbers,
 * words that say something); and a memo of word similarities in a typed array keyed by ids. Two
 * names are then compared and hashed as small numbers instead of strings scattered over the heap.
 *
 * Ids are given on first use and belong to this thread alone. A listed party's are kept beside it
 * in a WeakMap, never in the party itself, so a snapshot of the index never carries them and each
 * worker thread gives its own; a query's are kept while it is scored. The id table is bounded:
 * when a long-running process has met too many distinct words, it starts over (every name's ids
 * are worked out again when next used, and the similarity memo is emptied).
 */
import { PARTICLE_WEIGHT, isDigits } from './name-parts.js';
import type { Prepared, PreparedName } from './prepare.js';

/** A prepared name's words and keys as ids (parallel to its `tokens`, `keys` and `joins`). */
export interface NameIds {
  /** Per token, the id of the token with its key (two tokens with the same id compare alike). */
  words: readonly number[];
  /** Per token, the id of its text, and of its phonetic key (texts and keys share one table of strings). */
  texts: readonly number[];
  keys: readonly number[];
  /** Per join (adjacent tokens written as one), its first token, its word id, text id and key id, and JOIN_* flags. */
  joinStarts: readonly number[];
  joinWords: readonly number[];
  joinTexts: readonly number[];
  joinKeys: readonly number[];
  joinFlags: readonly number[];
  /** The key ids of the tokens and the joins: two names may align only if these meet. */
  alignKeys: readonly number[];
  /** The sum of the name's token weights, added in token order. */
  weightSum: number;
  /** Whether a token is a number (all digits). */
  hasNumber: boolean;
  /** How many of its tokens are words that say something (`substantiveWords`). */
  substantive: number;
  /** The name's `arabic` (written in Arabic script). */
  arabic: boolean;
  /** The id table's generation these ids belong to. */
  generation: number;
}

/** Distinct strings given ids before the table starts over (about 100 MB at most). */
const ID_LIMIT = 2_000_000;

let ids = new Map<string, number>();
let generation = 0;
/**
 * Word ids, by text id: the key id the text was first seen with, and that word's id (a text nearly
 * always comes with one key); words of a text seen with another key as well, by "key id:text id".
 */
let firstKeyOfText: number[] = [];
let wordOfFirstKey: number[] = [];
let otherWords = new Map<string, number>();
let wordCount = 0;

function idOf(text: string): number {
  let id = ids.get(text);
  if (id === undefined) {
    id = ids.size + 1; // 0 is never an id (an empty slot of the memo)
    ids.set(text, id);
  }
  return id;
}

/** The id of a token with its key (a word compares by both). */
function wordOf(textId: number, keyId: number): number {
  const first = firstKeyOfText[textId];
  if (first === undefined) {
    firstKeyOfText[textId] = keyId;
    return (wordOfFirstKey[textId] = ++wordCount);
  }
  if (first === keyId) return wordOfFirstKey[textId]!;
  const both = `${keyId}:${textId}`;
  let word = otherWords.get(both);
  if (word === undefined) {
    word = ++wordCount;
    otherWords.set(both, word);
  }
  return word;
}

/**
 * Start the id table over, as it does by itself when full: every name's ids are worked out again
 * when next used, and the similarity memo is emptied.
 */
export function forgetWordIds(): void {
  ids = new Map();
  firstKeyOfText = [];
  wordOfFirstKey = [];
  otherWords = new Map();
  wordCount = 0;
  generation++;
  clearSimilarities();
}

/** A join's key has four letters or more. */
export const JOIN_LONG_KEY = 1;
/** A join's text starts with an Arabic article and is long enough to be one name (see `startsWithArticle`). */
export const JOIN_ARTICLED = 2;

const ARTICLE_START_RE = /^(?:al|el|ul)/;
/** A word of seven letters or more starting with al, el or ul: maybe a name with its article joined ("alsubaie"). */
export function startsWithArticle(text: string): boolean {
  return text.length >= 7 && ARTICLE_START_RE.test(text);
}

const NAME_IDS = new WeakMap<PreparedName, NameIds>();
const PARTY_IDS = new WeakMap<Prepared, { generation: number; names: NameIds[] }>();

function makeNameIds(name: PreparedName): NameIds {
  if (Math.max(ids.size, wordCount) + 2 * (name.tokens.length + name.joins.length) > ID_LIMIT) forgetWordIds();
  const n = name.tokens.length;
  const words: number[] = [];
  const texts: number[] = [];
  const keys: number[] = [];
  for (let i = 0; i < n; i++) {
    texts.push(idOf(name.tokens[i]!));
    keys.push(idOf(name.keys[i]!));
    words.push(wordOf(texts[i]!, keys[i]!));
  }
  const joinStarts: number[] = [];
  const joinWords: number[] = [];
  const joinTexts: number[] = [];
  const joinKeys: number[] = [];
  const joinFlags: number[] = [];
  for (const join of name.joins) {
    const text = idOf(join.text);
    const key = idOf(join.key);
    joinStarts.push(join.start);
    joinTexts.push(text);
    joinKeys.push(key);
    joinWords.push(wordOf(text, key));
    joinFlags.push((join.key.length >= 4 ? JOIN_LONG_KEY : 0) | (startsWithArticle(join.text) ? JOIN_ARTICLED : 0));
  }
  return {
    words,
    texts,
    keys,
    joinStarts,
    joinWords,
    joinTexts,
    joinKeys,
    joinFlags,
    alignKeys: [...keys, ...joinKeys],
    weightSum: sum(name.weights),
    hasNumber: name.tokens.some(isDigits),
    substantive: substantiveWords(name.tokens, name.weights),
    arabic: name.arabic,
    generation,
  };
}

/** Tokens that are neither particles (nor stop words) nor initials. */
export function substantiveWords(texts: readonly string[], weights: readonly number[]): number {
  let n = 0;
  for (let i = 0; i < texts.length; i++) if (weights[i]! > PARTICLE_WEIGHT && texts[i]!.length > 1) n++;
  return n;
}

/** The sum of numbers, added in order (the same float as any loop adding them in order from 0). */
export function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** The ids of a prepared name's words (worked out once per name and id table). */
export function nameIds(name: PreparedName): NameIds {
  let found = NAME_IDS.get(name);
  if (found === undefined || found.generation !== generation) {
    found = makeNameIds(name);
    NAME_IDS.set(name, found);
  }
  return found;
}

/** The ids of every name of a prepared entity, in the order of its `names`, all of one generation. */
function idsOfNames(prepared: Prepared): { generation: number; names: NameIds[] } {
  let names = prepared.names.map(makeNameIds);
  // (The table may have started over while the names were given ids: then once more.)
  if (names.some((n) => n.generation !== generation)) names = prepared.names.map(makeNameIds);
  return { generation, names };
}

function current(found: { generation: number; names: NameIds[] } | undefined, prepared: Prepared): found is { generation: number; names: NameIds[] } {
  return found !== undefined && found.generation === generation && found.names.length === prepared.names.length;
}

/** The ids of every name of a listed party, in the order of its `names` (worked out once per party and id table). */
export function namesIds(prepared: Prepared): NameIds[] {
  let found = PARTY_IDS.get(prepared);
  if (!current(found, prepared)) {
    found = idsOfNames(prepared);
    PARTY_IDS.set(prepared, found);
  }
  return found.names;
}

/**
 * The same for a query: kept for the query being scored (against every party of its shortlist)
 * until another comes, not in a WeakMap, where every query screened would leave an entry for the
 * garbage collector to clear.
 */
let lastQuery: Prepared | undefined;
let lastQueryIds: { generation: number; names: NameIds[] } | undefined;
export function queryNamesIds(query: Prepared): NameIds[] {
  if (query !== lastQuery || !current(lastQueryIds, query)) {
    lastQueryIds = idsOfNames(query);
    lastQuery = query;
  }
  return lastQueryIds!.names;
}

/** The ids of two names, of one generation of the id table (it may start over between the two). */
export function pairIds(a: PreparedName, b: PreparedName): [NameIds, NameIds] {
  for (;;) {
    const x = nameIds(a);
    const y = nameIds(b);
    if (x.generation === y.generation) return [x, y];
  }
}

/** `queryNamesIds` of a query and `namesIds` of a listed party, of one generation of the id table. */
export function bothNamesIds(query: Prepared, listed: Prepared): [NameIds[], NameIds[]] {
  for (;;) {
    const x = queryNamesIds(query);
    const y = namesIds(listed);
    if (x.length === 0 || y.length === 0 || x[0]!.generation === y[0]!.generation) return [x, y];
  }
}

/** Whether an id is in a list of a few ids. */
export function includesId(list: readonly number[], id: number): boolean {
  for (let i = 0; i < list.length; i++) if (list[i] === id) return true;
  return false;
}

/** Whether two id lists share an id (lists of a few ids: a scan beats a set). */
export function shareAnId(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (includesId(b, a[i]!)) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// The similarity memo: (comparison flags, query word, listed word) -> how alike the words are,
// as the number of a distinct outcome. Open addressing over typed arrays, emptied when too full.

/** A token similarity outcome (see names.ts `tokenSimilarity`); a few distinct ones exist. */
export interface Outcome<How extends string = string> {
  similarity: number;
  how: How;
}

const SLOTS = 1 << 19;
const MASK = SLOTS - 1;
/** Emptied beyond this many entries (a probe stays short). */
const MEMO_LIMIT = Math.floor(SLOTS * 0.7);
const WORD_BITS = 26;
const WORD_MASK = (1 << WORD_BITS) - 1;
/**
 * Per slot, two 32-bit words side by side (one memory read finds both): (flags << 26 | query
 * word), and (value << 26 | listed word); 0: an empty slot. A value (see `rememberSimilarity`)
 * has five bits, so only the first 16 distinct outcomes are remembered (about a dozen exist).
 */
const slots = new Int32Array(SLOTS * 2);
const STORED_VALUES = 32;
let entries = 0;
const outcomes: Outcome[] = [];

function clearSimilarities(): void {
  slots.fill(0);
  entries = 0;
}

function slotOf(k1: number, k2: number): number {
  let h = Math.imul(k1, 0x9e3779b1) ^ Math.imul(k2, 0x85ebca77);
  h ^= h >>> 15;
  return h & MASK;
}

/** The remembered value (see `rememberSimilarity`) for the pair of words, or -1. */
export function rememberedSimilarity(flags: number, queryWord: number, listedWord: number): number {
  const k1 = (flags << WORD_BITS) | queryWord;
  let at = slotOf(k1, listedWord) * 2;
  for (;;) {
    const a = slots[at]!;
    if (a === 0) return -1;
    if (a === k1) {
      const b = slots[at + 1]!;
      if ((b & WORD_MASK) === listedWord) return b >>> WORD_BITS;
    }
    at = (at + 2) & (MASK * 2 + 1);
  }
}

/**
 * Remember an outcome for the pair of words, with one extra fact the caller computes beside it
 * (read back with `hasExtra`); returns the value, which `outcomeOf` turns back into the outcome.
 */
export function rememberSimilarity(flags: number, queryWord: number, listedWord: number, outcome: Outcome, extra: boolean): number {
  const value = (outcomeNumber(outcome) << 1) | (extra ? 1 : 0);
  if (value >= STORED_VALUES) return value; // (an outcome beyond the first 16: worked out each time)
  if (entries >= MEMO_LIMIT) clearSimilarities();
  const k1 = (flags << WORD_BITS) | queryWord;
  let at = slotOf(k1, listedWord) * 2;
  while (slots[at] !== 0) at = (at + 2) & (MASK * 2 + 1);
  slots[at] = k1;
  slots[at + 1] = (value << WORD_BITS) | listedWord;
  entries++;
  return value;
}

/** Whether the extra fact remembered with a similarity holds. */
export function hasExtra(value: number): boolean {
  return (value & 1) !== 0;
}

/** The outcome a remembered value stands for. */
export function outcomeOf(value: number): Outcome {
  return outcomes[value >> 1]!;
}

function outcomeNumber(outcome: Outcome): number {
  for (let k = 0; k < outcomes.length; k++) {
    const o = outcomes[k]!;
    if (o === outcome || (o.similarity === outcome.similarity && o.how === outcome.how)) return k;
  }
  outcomes.push({ similarity: outcome.similarity, how: outcome.how });
  return outcomes.length - 1;
}
