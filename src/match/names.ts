/**
 * Name comparison: align the tokens of two prepared names one to one, joining adjacent tokens
 * where one side writes as one word what the other splits ("Kumhyok" / "Kum Hyok"), and score the
 * alignment by how much of each name it explains. Every aligned pair says how it matched (same
 * token, same phonetic key, similar spelling, initial), so a score can always be explained.
 */
import { tokenKey } from './phonetic.js';
import type { PreparedName } from './prepare.js';
import { tokenWeight } from './prepare.js';
import { jaroWinkler } from './similarity.js';

export type TokenMatch = 'exact' | 'phonetic' | 'spelling' | 'initial';

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
/** An initial against a full token starting with it (persons only). */
const INITIAL_SIMILARITY = 0.75;
/** Unmatched candidate tokens count for less than unmatched query tokens: lists add patronymics and middle names. */
const CANDIDATE_COVERAGE_WEIGHT = 0.65;
/** An unmatched syllable of a Korean personal name: Kim Jong Un and Kim Jong Il are different people. */
const KOREAN_MISSING_SYLLABLE = 0.6;
/** Names with numbers that disagree (Vessel No. 12 / No. 13) are different things. */
const NUMBER_MISMATCH = 0.5;

interface Token {
  text: string;
  key: string;
  weight: number;
  /** Source tokens this one stands for (1, or 2-3 when joined). */
  span: number;
}

function tokensOf(name: PreparedName): Token[] {
  return name.tokens.map((text, i) => ({ text, key: name.keys[i]!, weight: name.weights[i]!, span: 1 }));
}

function isDigits(s: string): boolean {
  return /^\d+$/.test(s);
}

/** How alike two single tokens are, and why. */
export function tokenSimilarity(a: Token, b: Token, allowInitials: boolean): { similarity: number; how: TokenMatch } {
  if (a.text === b.text) return { similarity: 1, how: 'exact' };
  if (isDigits(a.text) || isDigits(b.text)) return { similarity: 0, how: 'spelling' };
  if (a.key === b.key && a.key !== '') return { similarity: PHONETIC_SIMILARITY, how: 'phonetic' };
  if (allowInitials && (a.text.length === 1 || b.text.length === 1)) {
    const [short, long] = a.text.length === 1 ? [a.text, b.text] : [b.text, a.text];
    return long.startsWith(short) ? { similarity: INITIAL_SIMILARITY, how: 'initial' } : { similarity: 0, how: 'initial' };
  }
  // Short tokens: a one-letter difference is a different word (Kim / Kum, Un / Il).
  const minLength = Math.min(a.text.length, b.text.length);
  if (minLength <= 3) return { similarity: 0, how: 'spelling' };
  const jw = Math.max(jaroWinkler(a.text, b.text), jaroWinkler(a.key, b.key) * PHONETIC_SIMILARITY);
  // Long tokens tolerate one or two typos; the metric is rescaled so that 0.9 JW is ~0.85.
  const similarity = jw >= 0.88 ? jw * 0.95 : 0;
  return { similarity, how: 'spelling' };
}

/**
 * Where one side writes as one token what the other writes as two or three adjacent tokens,
 * join them ("kum hyok" -> "kumhyok"), so the alignment can be one to one.
 */
function joinAdjacent(side: Token[], other: Token[]): Token[] {
  if (side.length < 2) return side;
  const otherTexts = new Set(other.map((t) => t.text));
  const otherKeys = new Set(other.map((t) => t.key));
  const out: Token[] = [];
  for (let i = 0; i < side.length; i++) {
    let joined: Token | undefined;
    for (const span of [3, 2]) {
      if (i + span > side.length) continue;
      const parts = side.slice(i, i + span);
      if (parts.some((p) => otherTexts.has(p.text))) continue;
      const text = parts.map((p) => p.text).join('');
      if (otherTexts.has(text) || otherKeys.has(tokenKey(text))) {
        joined = {
          text,
          key: tokenKey(text),
          weight: Math.max(tokenWeight(text), parts.reduce((s, p) => s + p.weight, 0) / span),
          span,
        };
        i += span - 1;
        break;
      }
    }
    out.push(joined ?? side[i]!);
  }
  return out;
}

export function compareNames(query: PreparedName, candidate: PreparedName, persons: boolean): NameComparison {
  let q = tokensOf(query);
  let c = tokensOf(candidate);
  c = joinAdjacent(c, q);
  q = joinAdjacent(q, c);

  // Similarity of every pair, then a greedy one-to-one alignment, best pairs first.
  const pairs: { i: number; j: number; similarity: number; how: TokenMatch }[] = [];
  for (let i = 0; i < q.length; i++) {
    for (let j = 0; j < c.length; j++) {
      const s = tokenSimilarity(q[i]!, c[j]!, persons);
      if (s.similarity >= MIN_SIMILARITY || (s.how === 'initial' && s.similarity > 0)) pairs.push({ i, j, ...s });
    }
  }
  pairs.sort((a, b) => b.similarity - a.similarity || a.i - b.i || a.j - b.j);
  const qUsed = new Uint8Array(q.length);
  const cUsed = new Uint8Array(c.length);
  const aligned: AlignedToken[] = [];
  let qExplained = 0;
  let cExplained = 0;
  for (const p of pairs) {
    if (qUsed[p.i] || cUsed[p.j]) continue;
    qUsed[p.i] = 1;
    cUsed[p.j] = 1;
    const qt = q[p.i]!;
    const ct = c[p.j]!;
    aligned.push({ query: qt.text, candidate: ct.text, similarity: p.similarity, how: p.how });
    qExplained += p.similarity * qt.weight;
    cExplained += p.similarity * ct.weight;
  }
  const qWeight = q.reduce((s, t) => s + t.weight, 0);
  const cWeight = c.reduce((s, t) => s + t.weight, 0);
  const queryCoverage = qWeight > 0 ? qExplained / qWeight : 0;
  const candidateCoverage = cWeight > 0 ? cExplained / cWeight : 0;
  let score = queryCoverage * (1 - CANDIDATE_COVERAGE_WEIGHT + CANDIDATE_COVERAGE_WEIGHT * candidateCoverage);

  const unmatchedQuery = q.filter((_, i) => !qUsed[i]).map((t) => t.text);
  const unmatchedCandidate = c.filter((_, j) => !cUsed[j]).map((t) => t.text);
  const penalties: { reason: string; factor: number }[] = [];
  if (persons && (query.korean || candidate.korean) && aligned.length > 0) {
    // A Korean name is family name plus one or two syllables; every syllable must be there.
    const missing = (candidate.korean ? unmatchedCandidate.length : 0) + (query.korean ? unmatchedQuery.length : 0);
    if (missing > 0) {
      const factor = KOREAN_MISSING_SYLLABLE ** missing;
      penalties.push({ reason: `Korean name: ${missing} syllable(s) without a counterpart`, factor });
    }
  }
  const qNumbers = q.filter((t) => isDigits(t.text)).map((t) => t.text);
  const cNumbers = c.filter((t) => isDigits(t.text)).map((t) => t.text);
  if (qNumbers.length > 0 && cNumbers.length > 0 && qNumbers.join(' ') !== cNumbers.join(' ')) {
    penalties.push({ reason: `numbers differ: ${qNumbers.join(' ')} / ${cNumbers.join(' ')}`, factor: NUMBER_MISMATCH });
  }
  for (const p of penalties) score *= p.factor;
  return {
    score,
    queryCoverage,
    candidateCoverage,
    aligned,
    unmatchedQuery,
    unmatchedCandidate,
    penalties,
  };
}
