/**
 * Name comparison: align the tokens of two prepared names one to one, joining adjacent tokens
 * where one side writes as one word what the other splits ("Kumhyok" / "Kum Hyok"), and score the
 * alignment by how much of each name it explains. Every aligned pair says how it matched (same
 * token, same phonetic key, similar spelling, initial), so a score can always be explained.
 */
import type { PreparedName, TokenJoin } from './prepare.js';
import { tokenWeight } from './prepare.js';
import { consonantSkeleton } from './phonetic.js';
import { editDistance, jaroWinkler } from './similarity.js';

export type TokenMatch = 'exact' | 'phonetic' | 'spelling' | 'initial' | 'consonants';

export interface AlignedToken {
  query: string;
  candidate: string;
  similarity: number;
  how: TokenMatch;
}

export interface NameComparison {
  score: number;
  /** Share of the query name's weight explained by the alignment. */
  queryCoverage: number;
  /** Share of the candidate name's weight explained by the alignment. */
  candidateCoverage: number;
  aligned: AlignedToken[];
  unmatchedQuery: string[];
  unmatchedCandidate: string[];
  /** Multiplicative penalties applied, each with its reason. */
  penalties: { reason: string; factor: number }[];
}

/** Similarity below this is no alignment at all. */
const MIN_SIMILARITY = 0.8;
/** Score for two tokens that differ only as romanizations of one sound (Kum / Geum). */
const PHONETIC_SIMILARITY = 0.95;
/** Same consonants, for a name written in Arabic script (vowels are not written there). */
const CONSONANT_SIMILARITY = 0.88;
/** A long token one typing error away from another. */
const SPELLING_BY_EDITS = 0.88;
/** An initial against a full token starting with it (persons only). */
const INITIAL_SIMILARITY = 0.75;
/** Unmatched candidate tokens count for less than unmatched query tokens: lists add patronymics and middle names. */
const CANDIDATE_COVERAGE_WEIGHT = 0.65;
/** An unmatched syllable of a Korean personal name: Kim Jong Un and Kim Jong Il are different people. */
const KOREAN_MISSING_SYLLABLE = 0.6;
/** Korean given-name syllables in another order are another name (Kim Chol Su / Kim Su Chol). */
const KOREAN_SYLLABLE_ORDER = 0.5;
/** Names with numbers that disagree (Vessel No. 12 / No. 13) are different things. */
const NUMBER_MISMATCH = 0.5;

/** The tokens of one side of a comparison, as parallel arrays (no per-token objects). */
interface Side {
  texts: string[];
  keys: string[];
  weights: number[];
  skeletons: string[];
}

function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** How alike two single tokens are, and why. */
export function tokenSimilarity(
  aText: string,
  aKey: string,
  bText: string,
  bKey: string,
  allowInitials: boolean,
): { similarity: number; how: TokenMatch } {
  if (aText === bText) return EXACT;
  if (isDigits(aText) || isDigits(bText)) return NONE;
  if (aKey === bKey && aKey !== '') return PHONETIC;
  if (allowInitials && (aText.length === 1 || bText.length === 1)) {
    const [short, long] = aText.length === 1 ? [aText, bText] : [bText, aText];
    return long.startsWith(short) ? INITIAL : NONE;
  }
  // Short tokens: a one-letter difference is a different word (Kim / Kum, Un / Il).
  if (aText.length <= 3 || bText.length <= 3) return NONE;
  if (Math.abs(aText.length - bText.length) > 3) return NONE;
  const textJw = jaroWinkler(aText, bText);
  // Unrelated words (most pairs) stop here: one or two edits never fall this low.
  if (textJw < 0.75) return NONE;
  const jw = Math.max(textJw, jaroWinkler(aKey, bKey) * PHONETIC_SIMILARITY);
  // Long tokens tolerate a typo or two; below 0.88 Jaro-Winkler they are different words...
  const byJw = jw >= 0.88 ? jw * 0.95 : 0;
  // ...unless one edit (two in long words) turns one into the other: "dvelopment", "Beujing".
  const shorter = Math.min(aText.length, bText.length);
  const allowed = shorter >= 8 ? 2 : shorter >= 5 ? 1 : 0;
  const edits = allowed > 0 && byJw < SPELLING_BY_EDITS ? editDistance(aText, bText, allowed) : allowed + 1;
  const byEdits = edits <= allowed ? SPELLING_BY_EDITS - (edits - 1) * 0.04 : 0;
  const similarity = Math.max(byJw, byEdits);
  return similarity > 0 ? { similarity, how: 'spelling' } : NONE;
}

const EXACT = { similarity: 1, how: 'exact' as TokenMatch };
const PHONETIC = { similarity: PHONETIC_SIMILARITY, how: 'phonetic' as TokenMatch };
const INITIAL = { similarity: INITIAL_SIMILARITY, how: 'initial' as TokenMatch };
const NONE = { similarity: 0, how: 'spelling' as TokenMatch };
const CONSONANTS = { similarity: CONSONANT_SIMILARITY, how: 'consonants' as TokenMatch };

function has(side: Side, text: string, key: string): boolean {
  for (let i = 0; i < side.texts.length; i++) if (side.texts[i] === text || side.keys[i] === key) return true;
  return false;
}

/**
 * Where one side writes as one token what the other writes as two adjacent tokens,
 * join them ("kum hyok" -> "kumhyok"), so the alignment can be one to one. Joins are precomputed
 * per name; this returns the side itself when nothing joins (the usual case), allocating nothing.
 */
function joinAdjacent(side: Side, joins: readonly TokenJoin[], other: Side): Side {
  if (joins.length === 0) return side;
  let out: Side | undefined;
  let next = 0; // first source token not yet copied
  for (const join of joins) {
    if (join.start < next) continue;
    if (!has(other, join.text, join.key)) continue;
    let partInOther = false;
    for (let k = join.start; k < join.start + join.span; k++) if (other.texts.includes(side.texts[k]!)) partInOther = true;
    if (partInOther) continue;
    out ??= { texts: [], keys: [], weights: [], skeletons: [] };
    for (let k = next; k < join.start; k++) {
      out.texts.push(side.texts[k]!);
      out.keys.push(side.keys[k]!);
      out.weights.push(side.weights[k]!);
      out.skeletons.push(side.skeletons[k]!);
    }
    let weight = 0;
    for (let k = join.start; k < join.start + join.span; k++) weight += side.weights[k]!;
    out.texts.push(join.text);
    out.keys.push(join.key);
    out.weights.push(Math.max(tokenWeight(join.text), weight / join.span));
    out.skeletons.push(consonantSkeleton(join.text));
    next = join.start + join.span;
  }
  if (!out) return side;
  for (let k = next; k < side.texts.length; k++) {
    out.texts.push(side.texts[k]!);
    out.keys.push(side.keys[k]!);
    out.weights.push(side.weights[k]!);
    out.skeletons.push(side.skeletons[k]!);
  }
  return out;
}

/**
 * Do the aligned tokens keep their order, allowing the family name alone to move from one end of
 * the name to the other ("Song Kum Hyok" / "Kum Hyok Song")?
 */
function sameOrderUpToFamilyName(pairs: { qi: number; cj: number }[]): boolean {
  const seq = [...pairs].sort((a, b) => a.qi - b.qi).map((p) => p.cj);
  const increasing = (xs: number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]!);
  if (increasing(seq)) return true;
  return increasing([seq[seq.length - 1]!, ...seq.slice(0, -1)]) || increasing([...seq.slice(1), seq[0]!]);
}

/** Scratch similarity matrix, reused (names are short; one comparison runs at a time per thread). */
let matrix = new Float64Array(64);
let hows: TokenMatch[] = new Array<TokenMatch>(64);

export function compareNames(query: PreparedName, candidate: PreparedName, persons: boolean): NameComparison {
  const q0: Side = { texts: query.tokens, keys: query.keys, weights: query.weights, skeletons: query.skeletons };
  const c0: Side = { texts: candidate.tokens, keys: candidate.keys, weights: candidate.weights, skeletons: candidate.skeletons };
  const c = joinAdjacent(c0, candidate.joins, q0);
  const arabic = query.arabic !== candidate.arabic;
  const q = c.texts.length === candidate.tokens.length ? joinAdjacent(q0, query.joins, c) : q0;
  const n = q.texts.length;
  const m = c.texts.length;
  if (matrix.length < n * m) {
    matrix = new Float64Array(n * m * 2);
    hows = new Array<TokenMatch>(n * m * 2);
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = tokenSimilarity(q.texts[i]!, q.keys[i]!, c.texts[j]!, c.keys[j]!, persons);
      if (arabic && s.similarity < CONSONANT_SIMILARITY && q.skeletons[i] === c.skeletons[j] && q.skeletons[i]!.length >= 2) s = CONSONANTS;
      const keep = s.similarity >= MIN_SIMILARITY || (s.how === 'initial' && s.similarity > 0);
      matrix[i * m + j] = keep ? s.similarity : 0;
      hows[i * m + j] = s.how;
    }
  }
  // Greedy one-to-one alignment, best pair first (ties: earlier tokens first).
  const qUsed = new Uint8Array(n);
  const cUsed = new Uint8Array(m);
  const aligned: AlignedToken[] = [];
  const order: { qi: number; cj: number }[] = [];
  let qExplained = 0;
  let cExplained = 0;
  for (;;) {
    let best = 0;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < n; i++) {
      if (qUsed[i]) continue;
      for (let j = 0; j < m; j++) {
        if (cUsed[j]) continue;
        const v = matrix[i * m + j]!;
        if (v > best) {
          best = v;
          bi = i;
          bj = j;
        }
      }
    }
    if (bi < 0) break;
    qUsed[bi] = 1;
    cUsed[bj] = 1;
    aligned.push({ query: q.texts[bi]!, candidate: c.texts[bj]!, similarity: best, how: hows[bi * m + bj]! });
    order.push({ qi: bi, cj: bj });
    qExplained += best * q.weights[bi]!;
    cExplained += best * c.weights[bj]!;
  }
  let qWeight = 0;
  for (const w of q.weights) qWeight += w;
  let cWeight = 0;
  for (const w of c.weights) cWeight += w;
  const queryCoverage = qWeight > 0 ? qExplained / qWeight : 0;
  const candidateCoverage = cWeight > 0 ? cExplained / cWeight : 0;
  let score = queryCoverage * (1 - CANDIDATE_COVERAGE_WEIGHT + CANDIDATE_COVERAGE_WEIGHT * candidateCoverage);

  const unmatchedQuery = q.texts.filter((_, i) => !qUsed[i]);
  const unmatchedCandidate = c.texts.filter((_, j) => !cUsed[j]);
  const penalties: { reason: string; factor: number }[] = [];
  if (persons && (query.korean || candidate.korean) && aligned.length > 0) {
    // A Korean name is family name plus one or two syllables; every syllable must be there.
    const missing = (candidate.korean ? unmatchedCandidate.length : 0) + (query.korean ? unmatchedQuery.length : 0);
    if (missing > 0) {
      const factor = KOREAN_MISSING_SYLLABLE ** missing;
      penalties.push({ reason: `Korean name: ${missing} syllable(s) without a counterpart`, factor });
    }
  }
  if (persons && query.korean && candidate.korean && order.length >= 3 && !sameOrderUpToFamilyName(order)) {
    penalties.push({ reason: 'Korean given-name syllables in another order', factor: KOREAN_SYLLABLE_ORDER });
  }
  const qNumbers = q.texts.filter(isDigits);
  const cNumbers = c.texts.filter(isDigits);
  if (qNumbers.length > 0 && cNumbers.length > 0 && qNumbers.join(' ') !== cNumbers.join(' ')) {
    penalties.push({ reason: `numbers differ: ${qNumbers.join(' ')} / ${cNumbers.join(' ')}`, factor: NUMBER_MISMATCH });
  }
  for (const p of penalties) score *= p.factor;
  return { score, queryCoverage, candidateCoverage, aligned, unmatchedQuery, unmatchedCandidate, penalties };
}
