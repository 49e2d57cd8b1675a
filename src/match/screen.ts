/**
 * The matcher's API: `screen(query, options)` finds the listed parties a query may be, best
 * first, each with a score and its explanation; `compare(query, listed)` scores one pair.
 * Queries are FollowTheMoney-style `{schema, properties}` objects. Results are always listed
 * parties: a hit on a wallet address, email or ID number names the party that holds it.
 */
import type { Entity } from '../model/index.js';
import { ScreeningIndex } from './screening-index.js';
import { foldJapanese } from './japanese.js';
import { tokenKey } from './phonetic.js';
import { prepareEntity, prepareQuery, withJapaneseReadings, type MatchQuery, type Prepared } from './prepare.js';
import { DEFAULT_THRESHOLD, comparePrepared, explainScored, matchedWords, scorePrepared, withSummary, type Comparison, type Explanation, type IdentifierHit, type Scored } from './score.js';

/** How many listed parties a query's shortlist holds (each scored in full), unless a screening asks for another number. */
export const SHORTLIST_SIZE = 25;

export interface ScreenOptions {
  index: ScreeningIndex;
  /** Score at or above which a result is a match (default 0.70). */
  threshold?: number;
  /** Results returned, matches and near misses together (default 5). */
  limit?: number;
  /** Results scoring below this are left out (default 0.3). */
  cutoff?: number;
  /** Only parties from these datasets. */
  datasets?: string[];
  /**
   * The size of the shortlist: listed parties scored in full per query (default SHORTLIST_SIZE,
   * 25). The option keeps its name, `candidates`, for the library's callers.
   */
  candidates?: number;
}

export interface ScreenResult {
  id: string;
  caption: string;
  schema: string;
  datasets: string[];
  score: number;
  match: boolean;
  explanation: Explanation;
}

export interface CompareResult extends Comparison {
  match: boolean;
}

function isEntity(value: MatchQuery | Entity): value is Entity {
  return typeof (value as Entity).id === 'string' && typeof (value as Entity).caption === 'string' && Array.isArray((value as Entity).datasets);
}

/** Score one query against one listed party (a listed entity, or another `{schema, properties}` in its place). */
export function compare(query: MatchQuery, listed: MatchQuery | Entity, threshold = DEFAULT_THRESHOLD): CompareResult {
  const c0 = isEntity(listed) ? prepareEntity(listed) : prepareQuery(listed);
  const q0 = prepareQuery(query);
  // A name in kanji is read in Japanese where the other side's words say how.
  const q = withJapaneseReadings(q0, vocabulary(c0));
  const c = withJapaneseReadings(c0, vocabulary(q0));
  const result = withSummary(comparePrepared(q, c));
  return { ...result, match: result.score >= threshold };
}

/** The Latin words of a prepared name, by their folded Japanese spelling (see `japaneseReadings`). */
function vocabulary(prepared: Prepared): (folded: string) => string | undefined {
  const words = new Map<string, string>();
  for (const name of prepared.names) if (!name.native) for (const t of name.tokens) words.set(foldJapanese(t), t);
  return (folded) => words.get(folded);
}

function capitalized(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export function screen(query: MatchQuery, options: ScreenOptions): ScreenResult[] {
  return screenPrepared(prepareQuery(query), options);
}

/**
 * `screen` for a query already prepared with `prepareQuery`, whose `notes` say what was done to the
 * query before matching and what in it could not be read, even when nothing resembles it. When the
 * limit leaves matches out, a note saying how many is added to `query.notes`.
 */
export function screenPrepared(query: Prepared, options: ScreenOptions): ScreenResult[] {
  const { index } = options;
  // A name in kanji is also read in Japanese, where the lists hold a word of each reading.
  const prepared = withJapaneseReadings(query, (folded) => (index.hasKey(tokenKey(folded)) ? capitalized(folded) : undefined));
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const limit = options.limit ?? 5;
  const cutoff = Math.min(options.cutoff ?? 0.3, threshold);
  const datasets = options.datasets && options.datasets.length > 0 ? new Set(options.datasets) : undefined;

  // Decisive identifier hits first, grouped by party.
  const hitsByParty = new Map<number, IdentifierHit[]>();
  for (const posting of index.identifierMatches(prepared)) {
    if (datasets && !index.datasets[posting.party]!.some((d) => datasets.has(d))) continue;
    const hits = hitsByParty.get(posting.party) ?? [];
    hits.push({
      kind: posting.identifier.kind,
      property: posting.identifier.property,
      query: prepared.identifiers.find((i) => i.kind === posting.identifier.kind && i.key === posting.identifier.key)?.value ?? '',
      listed: posting.identifier.value,
      via: posting.via,
    });
    hitsByParty.set(posting.party, hits);
  }
  const scored = new Map<number, Scored>();
  for (const [party, hits] of hitsByParty) {
    scored.set(party, { score: 1, hits, features: [] });
  }
  for (const party of index.shortlist(prepared, options.candidates ?? SHORTLIST_SIZE, datasets)) {
    if (scored.has(party)) continue;
    scored.set(party, scorePrepared(prepared, index.parties[party]!));
  }
  // Identifier hits get their summary from the scorer too, so every result explains itself.
  for (const [party, hits] of hitsByParty) {
    scored.set(party, scorePrepared(prepared, index.parties[party]!, hits.filter((h) => h.via !== index.parties[party]!.id)));
  }

  const kept: { party: number; id: string; scored: Scored; words: number }[] = [];
  for (const [party, s] of scored) {
    if (s.score >= cutoff) kept.push({ party, id: index.parties[party]!.id, scored: s, words: matchedWords(s) });
  }
  // Equal scores: an identifier hit first, then the name matched in more words (the query's whole
  // name before a part of it read alone, such as its parenthesised acronym), then by id.
  kept.sort((a, b) => b.scored.score - a.scored.score || b.words - a.words || (a.id < b.id ? -1 : 1));
  // Only the results shown are explained.
  const shown: ScreenResult[] = [];
  for (const { party, scored: s } of kept.slice(0, limit)) {
    const p = index.parties[party]!;
    const comparison = withSummary(explainScored(prepared, s));
    shown.push({
      id: p.id,
      caption: p.caption,
      schema: p.schema,
      datasets: index.datasets[party]!,
      score: comparison.score,
      match: comparison.score >= threshold,
      explanation: comparison.explanation,
    });
  }
  // Matches the limit leaves out are said, never silently dropped (OFAC lists AL-AQSA FOUNDATION
  // nine times, each entry a party of its own).
  let unshown = 0;
  for (let k = limit; k < kept.length; k++) if (kept[k]!.scored.score >= threshold) unshown++;
  if (unshown > 0) {
    query.notes = [...query.notes, `${unshown} more match${unshown === 1 ? '' : 'es'} at or above the threshold left out by the limit of ${limit} results: raise the limit to see ${unshown === 1 ? 'it' : 'them'}`];
  }
  return shown;
}
