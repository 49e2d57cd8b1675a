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
  tokens: number[];
  /** Per token, its key's number. */
  keys: number[];
  /** Per join (see PreparedName.joins), the joined text's number and its key's. */
  joinTexts: number[];
  joinKeys: number[];
  /** Every key of the name and of its joins, once each. */
  allKeys: number[];
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

/** The name asked for last and its numbers: screening asks for one query name's numbers many times in a row. */
let lastName: PreparedName | undefined;
let lastIds: WordIds | undefined;

export function wordIds(name: PreparedName): WordIds {
  if (name === lastName && lastIds!.generation === generation) return lastIds!;
  const numbered = name as Numbered;
  let ids = numbered[IDS];
  if (ids === undefined || ids.generation !== generation) {
    const fresh = ids === undefined;
    ids = numbersOf(name);
    // Not enumerable: a name compared is equal (deepStrictEqual) to the same name not compared yet.
    if (fresh) Object.defineProperty(numbered, IDS, { value: ids, writable: true, configurable: true, enumerable: false });
    else numbered[IDS] = ids;
  }
  lastName = name;
  lastIds = ids;
  return ids;
}

function numbersOf(name: PreparedName): WordIds {
  const tokens: number[] = [];
  const keys: number[] = [];
  const joinTexts: number[] = [];
  const joinKeys: number[] = [];
  const allKeys: number[] = [];
  for (const t of name.tokens) tokens.push(wordId(t));
  for (const k of name.keys) {
    const id = wordId(k);
    keys.push(id);
    if (!allKeys.includes(id)) allKeys.push(id);
  }
  for (const j of name.joins) {
    joinTexts.push(wordId(j.text));
    const id = wordId(j.key);
    joinKeys.push(id);
    if (!allKeys.includes(id)) allKeys.push(id);
  }
  return { generation, tokens, keys, joinTexts, joinKeys, allKeys };
}

/** Whether a small list of numbers holds this one. */
export function holds(list: readonly number[], id: number): boolean {
  for (let i = 0; i < list.length; i++) if (list[i] === id) return true;
  return false;
}
