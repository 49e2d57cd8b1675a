/**
 * Word numbers: every word and key of the names compared gets a number, the same for the same
 * text, so that the comparison's hot loops (the similarity memo, "do these names share a key?",
 * "could these two words join?") compare and look up small integers rather than hash strings.
 *
 * A name's numbers are worked out when it is first compared and kept on it under a symbol, not
 * enumerable, which the index snapshot does not write (it writes string-keyed fields only): the
 * numbers belong to this process. The table is bounded: past VOCABULARY_LIMIT words it starts again (a new
 * generation), and numbers of an older generation are worked out again when next needed.
 */
import type { PreparedName } from './prepare.js';

export interface WordIds {
  generation: number;
  /** Per token, its word number. */
  tokens: Int32Array;
  /** Per token, its key's number. */
  keys: Int32Array;
  /** Per join (see PreparedName.joins), the joined text's number and its key's. */
  joinTexts: Int32Array;
  joinKeys: Int32Array;
  /** Every key of the name and of its joins, once each. */
  allKeys: Int32Array;
}

const VOCABULARY_LIMIT = 2_000_000;
const vocabulary = new Map<string, number>();
let generation = 0;
const IDS: unique symbol = Symbol('word ids');

type Numbered = PreparedName & { [IDS]?: WordIds };

function wordId(word: string): number {
  let id = vocabulary.get(word);
  if (id === undefined) {
    id = vocabulary.size;
    vocabulary.set(word, id);
  }
  return id;
}

/** The generation of the numbers now given out: memos keyed by word numbers hold for one generation. */
export function wordIdGeneration(): number {
  return generation;
}

/**
 * Start a new generation when the table is full. Only called where no numbers are held across
 * the call (before a query name's comparisons begin), so two names compared together always
 * carry numbers of one generation.
 */
export function renewWordIdsIfFull(): void {
  if (vocabulary.size < VOCABULARY_LIMIT) return;
  vocabulary.clear();
  generation++;
}

export function wordIds(name: PreparedName): WordIds {
  const numbered = name as Numbered;
  let ids = numbered[IDS];
  if (ids === undefined || ids.generation !== generation) {
    const tokens = Int32Array.from(name.tokens, wordId);
    const keys = Int32Array.from(name.keys, wordId);
    const joinTexts = Int32Array.from(name.joins, (j) => wordId(j.text));
    const joinKeys = Int32Array.from(name.joins, (j) => wordId(j.key));
    const all: number[] = [];
    for (const k of keys) if (!all.includes(k)) all.push(k);
    for (const k of joinKeys) if (!all.includes(k)) all.push(k);
    const fresh = ids === undefined;
    ids = { generation, tokens, keys, joinTexts, joinKeys, allKeys: Int32Array.from(all) };
    // Not enumerable: a name compared is equal (deepStrictEqual) to the same name not compared yet.
    if (fresh) Object.defineProperty(numbered, IDS, { value: ids, writable: true, configurable: true, enumerable: false });
    else numbered[IDS] = ids;
  }
  return ids;
}

/** Whether a small list of numbers holds this one. */
export function holds(list: Int32Array, id: number): boolean {
  for (let i = 0; i < list.length; i++) if (list[i] === id) return true;
  return false;
}
