/**
 * Scoring a query against one listed entity. Each feature is a small function that looks at one
 * kind of evidence and returns its contribution with a sentence saying why; the score is the name
 * score plus the contributions, clamped to [0, 1]. An exact identifier (wallet address, email,
 * phone, passport or registration number, website) is decisive on its own.
 *
 * Default threshold: 0.70. At or above it a result is a match (an alert); below it, it is only
 * shown as a near miss.
 */
import { compareNames, type NameComparison } from './names.js';
import { compatibleSchemata, onlyLegalWords, type Prepared, type PreparedIdentifier, type PreparedName } from './prepare.js';
import { bothNamesIds, shareAnId, type NameIds } from './word-ids.js';

export const DEFAULT_THRESHOLD = 0.7;

/** Weak aliases (OFAC low-quality a.k.a.s) are only weak evidence. */
const WEAK_ALIAS_FACTOR = 0.85;

export interface FeatureResult {
  feature: string;
  /** Added to the score (negative lowers it). */
  contribution: number;
  detail: string;
}

/** The best pair of names; fields named `candidate` are the listed name's (names kept: see AlignedToken). */
export interface NameExplanation {
  query: string;
  candidate: string;
  candidateKind: PreparedName['kind'];
  transliterated: boolean;
  /**
   * The Latin reading of the query's name that was compared, when it is not the name as written (a
   * transliteration, or an organisation's name with its business words translated: 조선남강무역회사
   * read "Korea Namgang Trading Company"); `candidateReading` the same for the listed name.
   */
  queryReading?: string;
  candidateReading?: string;
  /** Compared in this script as written (two Hangul, Han or kana names), not through romanization. */
  sameScript?: string;
  score: number;
  aligned: NameComparison['aligned'];
  unmatchedQuery: string[];
  unmatchedCandidate: string[];
  penalties: NameComparison['penalties'];
}

export interface IdentifierHit {
  kind: PreparedIdentifier['kind'];
  property: string;
  query: string;
  listed: string;
  /** The listed entity carrying it (a wallet's id when the hit is on a wallet held by the party). */
  via: string;
}

export interface Explanation {
  summary: string;
  /** What was done to the query before matching, and what in it could not be read (see Prepared.notes). */
  notes?: string[];
  identifiers: IdentifierHit[];
  name?: NameExplanation;
  features: FeatureResult[];
}

export interface Comparison {
  score: number;
  explanation: Explanation;
}

// ---------------------------------------------------------------------------------------------
// Features

/** Could the two names align at all: a key or join in common? (cheap; skips hopeless pairs) */
function mayAlign(q: PreparedName, qIds: NameIds, c: PreparedName, cIds: NameIds): boolean {
  if (shareAnId(qIds.alignKeys, cIds.alignKeys)) return true;
  // (The listed name itself is read only here, rarely: its ids say whether it is in Arabic script.)
  if (qIds.arabic !== cIds.arabic) for (const k of q.skeletons) if (k.length >= 2 && c.skeletons.includes(k)) return true;
  return false;
}

/** A pair of names compared through romanization, with its score after the weak-alias and qualifier factors. */
interface BestPair {
  qn: PreparedName;
  cn: PreparedName;
  cmp: NameComparison;
  score: number;
  weak: boolean;
  qualified: boolean;
}

/** Scratch flags of bestName (name pairs worth comparing), reused: one comparison runs at a time per thread. */
let promisingPairs = new Uint8Array(64);

/**
 * The best pair of names: compared through romanization (its explanation not written yet, see
 * explainBest), or in their own script (explained).
 */
type BestName = BestPair | NameExplanation;

function isPair(best: BestName): best is BestPair {
  return (best as BestPair).cmp !== undefined;
}

/** The best pair's explanation (written for the results shown, not for every party scored). */
function explainBest(best: BestName): NameExplanation {
  return isPair(best) ? explainPair(best) : best;
}

function bestName(query: Prepared, listed: Prepared): BestName | undefined {
  const persons = listed.schema === 'Person' || query.schema === 'Person';
  let best: NameExplanation | undefined;
  // Names prepared both ways (LegalEntity) are compared the way that fits the other side.
  const personal = listed.schema === 'Person' || (listed.schema === 'LegalEntity' && query.schema === 'Person');
  const qBoth = bothWays(query);
  const cBoth = bothWays(listed);
  // Only name pairs that share something are compared, unless none does (then spelling alone decides).
  const nq = query.names.length;
  const nc = listed.names.length;
  if (promisingPairs.length < nq * nc) promisingPairs = new Uint8Array(nq * nc * 2);
  const promising = promisingPairs;
  promising.fill(0, 0, nq * nc);
  let any = false;
  const [qIds, cIds] = bothNamesIds(query, listed);
  for (let i = 0; i < nq; i++) {
    const qn = query.names[i]!;
    if (qBoth && qn.personal !== personal) continue;
    for (let j = 0; j < nc; j++) {
      if (cBoth && listed.names[j]!.personal !== personal) continue;
      if (mayAlign(qn, qIds[i]!, listed.names[j]!, cIds[j]!)) {
        promising[i * nc + j] = 1;
        any = true;
      }
    }
  }
  let nativeDone: Set<string> | undefined;
  // The best pair compared through romanization so far; its explanation is written once, at the end.
  let bestPair: BestPair | undefined;
  let top: number | undefined;
  for (let i = 0; i < nq; i++) {
    const qn = query.names[i]!;
    if (qBoth && qn.personal !== personal) continue;
    // Same script first: two Hangul (or Han, or kana) names are compared as written. 김종은 is
    // not 김정은, although both romanize to "Kim Jong Un".
    if (qn.native && !qn.generic && listed.names.some((cn) => cn.native?.script === qn.native!.script)) {
      nativeDone ??= new Set<string>();
      if (nativeDone.has(qn.text)) continue;
      nativeDone.add(qn.text);
      for (const cn of listed.names) {
        if (cn.native?.script !== qn.native.script) continue;
        const e = nativeComparison(qn, cn, persons);
        if (top === undefined || e.score > top) {
          best = e;
          bestPair = undefined;
          top = e.score;
        }
        if (e.score >= 1) return e;
      }
      continue;
    }
    for (let j = 0; j < nc; j++) {
      if (any && !promising[i * nc + j]) continue;
      const cn = listed.names[j]!;
      // A legal form or a generic business word is never a name by itself ("(Pvt) Ltd", "Technology
      // Company"), unless a generic word is the whole of both names and the listed one is not a weak
      // alias: a party listed as "OOO PARTNER" is named so.
      if (cn.generic !== qn.generic || (qn.generic && (cn.kind === 'weakAlias' || !sameWords(qn, cn) || onlyLegalWords(qn)))) continue;
      if (cBoth && cn.personal !== personal) continue;
      const cmp = compareNames(qn, cn, persons, qIds[i], cIds[j]);
      const weak = cn.kind === 'weakAlias';
      const qualified = qn.qualifier !== undefined && cn.qualifier !== undefined && qn.qualifier !== cn.qualifier;
      const score = cmp.score * (weak ? WEAK_ALIAS_FACTOR : 1) * (qualified ? QUALIFIERS_DIFFER : 1);
      if (top !== undefined && score <= top) continue;
      bestPair = { qn, cn, cmp, score, weak, qualified };
      best = undefined;
      top = score;
      if (score >= 1) break;
    }
    if (bestPair && bestPair.score >= 1) break;
  }
  return bestPair ?? best;
}

/** The same words in the same order, legal forms aside. */
function sameWords(a: PreparedName, b: PreparedName): boolean {
  return a.tokens.length === b.tokens.length && a.tokens.every((t, k) => t === b.tokens[k]);
}

/** The explanation of the best pair of names compared through romanization (see bestName). */
function explainPair({ qn, cn, cmp, score, weak, qualified }: BestPair): NameExplanation {
  let penalties = cmp.penalties;
  if (weak || qualified) {
    penalties = [...penalties];
    if (weak) penalties.push({ reason: 'weak alias (low-quality a.k.a.)', factor: WEAK_ALIAS_FACTOR });
    if (qualified) penalties.push({ reason: `qualifiers differ: (${qn.qualifier}) / (${cn.qualifier})`, factor: QUALIFIERS_DIFFER });
  }
  return {
    query: qn.text,
    candidate: cn.text,
    candidateKind: cn.kind,
    transliterated: qn.latin !== qn.text || cn.latin !== cn.text,
    ...(qn.latin !== qn.text ? { queryReading: qn.latin } : {}),
    ...(cn.latin !== cn.text ? { candidateReading: cn.latin } : {}),
    score,
    aligned: cmp.aligned,
    unmatchedQuery: cmp.unmatchedQuery,
    unmatchedCandidate: cmp.unmatchedCandidate,
    penalties,
  };
}

/** Whether the names were prepared both as a person's and as an organisation's (LegalEntity). */
function bothWays(p: Prepared): boolean {
  if (p.schema !== 'LegalEntity') return false;
  let personal = false;
  let organizational = false;
  for (const n of p.names) {
    if (n.personal) personal = true;
    else organizational = true;
  }
  return personal && organizational;
}

/** Parenthesised qualifiers that differ ("X (France)" / "X (Germany)"). */
const QUALIFIERS_DIFFER = 0.8;
/** Each character of a Hangul or Han personal name without its counterpart. */
const NATIVE_MISSING = 0.6;

/**
 * Two names in the same syllabic or logographic script, compared character by character: a
 * person's name needs every character (each is a syllable of the name); an organisation's counts
 * the characters in common.
 */
function nativeComparison(qn: PreparedName, cn: PreparedName, persons: boolean): NameExplanation {
  const a = [...qn.native!.text];
  const b = [...cn.native!.text];
  const common = lcsLength(a, b);
  const missing = a.length - common + (b.length - common);
  const penalties: NameComparison['penalties'] = [];
  let score = (2 * common) / (a.length + b.length || 1);
  if (persons && missing > 0) {
    const factor = NATIVE_MISSING ** missing;
    penalties.push({ reason: `${missing} character(s) of the name without a counterpart, compared in the name's own script`, factor });
    score *= factor;
  }
  if (cn.kind === 'weakAlias') {
    score *= WEAK_ALIAS_FACTOR;
    penalties.push({ reason: 'weak alias (low-quality a.k.a.)', factor: WEAK_ALIAS_FACTOR });
  }
  return {
    query: qn.text,
    candidate: cn.text,
    candidateKind: cn.kind,
    transliterated: false,
    sameScript: qn.native!.script,
    score,
    aligned: [],
    unmatchedQuery: [],
    unmatchedCandidate: [],
    penalties,
  };
}

/** Scratch rows of lcsLength, reused (one comparison runs at a time per thread). */
let lcsRows = new Int32Array(64);

function lcsLength(a: string[], b: string[]): number {
  const width = b.length + 1;
  if (lcsRows.length < 2 * width) lcsRows = new Int32Array(4 * width);
  let prev = 0; // the previous row starts here in lcsRows, the current one at `width - prev`
  lcsRows.fill(0, 0, 2 * width);
  for (let i = 1; i <= a.length; i++) {
    const cur = width - prev;
    lcsRows[cur] = 0;
    for (let j = 1; j <= b.length; j++) {
      lcsRows[cur + j] = a[i - 1] === b[j - 1] ? lcsRows[prev + j - 1]! + 1 : Math.max(lcsRows[prev + j]!, lcsRows[cur + j - 1]!);
    }
    prev = cur;
  }
  return lcsRows[prev + b.length]!;
}

/** Dates agree when one is a prefix of the other ("1987" and "1987-08-30"). */
function datesAgree(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}

function yearOf(d: string): number {
  return Number(d.slice(0, 4));
}

export function birthDateFeature(query: Prepared, listed: Prepared): FeatureResult | undefined {
  if (query.birthDates.length === 0 || listed.birthDates.length === 0) return undefined;
  for (const q of query.birthDates) {
    for (const c of listed.birthDates) {
      if (datesAgree(q, c)) {
        const precise = q.length >= 10 && c.length >= 10;
        return {
          feature: 'birthDate',
          contribution: precise ? 0.08 : 0.05,
          detail: `birth date ${q} agrees with listed ${c}`,
        };
      }
    }
  }
  const gap = Math.min(...query.birthDates.flatMap((q) => listed.birthDates.map((c) => Math.abs(yearOf(q) - yearOf(c)))));
  if (gap <= 1) {
    return {
      feature: 'birthDate',
      contribution: -0.08,
      detail: `birth date ${query.birthDates.join(', ')} is close to, but not, listed ${listed.birthDates.join(', ')}`,
    };
  }
  // Years apart: a typo or an estimate is plausible for a few, not for a generation (father and son).
  return {
    feature: 'birthDate',
    contribution: gap < 5 ? -0.2 : -0.4,
    detail: `birth date ${query.birthDates.join(', ')} contradicts listed ${listed.birthDates.join(', ')} (${gap} years apart)`,
  };
}

export function countryFeature(query: Prepared, listed: Prepared): FeatureResult | undefined {
  if (query.countries.length === 0 || listed.countries.length === 0) return undefined;
  const shared = query.countries.filter((c) => listed.countries.includes(c));
  if (shared.length > 0) return { feature: 'country', contribution: 0.03, detail: `country ${shared.join(', ')} in common` };
  return {
    feature: 'country',
    contribution: -0.05,
    detail: `countries differ: ${query.countries.join(', ')} / listed ${listed.countries.join(', ')}`,
  };
}

export function genderFeature(query: Prepared, listed: Prepared): FeatureResult | undefined {
  const q = query.genders.filter((g) => g === 'male' || g === 'female');
  const c = listed.genders.filter((g) => g === 'male' || g === 'female');
  if (q.length === 0 || c.length === 0 || q.some((g) => c.includes(g))) return undefined;
  return { feature: 'gender', contribution: -0.2, detail: `gender ${q.join(', ')} differs from listed ${c.join(', ')}` };
}

function legalFormFeature(name: BestName | undefined, query: Prepared, listed: Prepared): FeatureResult | undefined {
  if (!name) return undefined;
  // The names by their text, as the explanation gives them (the first query name so written).
  const { queryText, candidateText, candidateKind } = isPair(name)
    ? { queryText: name.qn.text, candidateText: name.cn.text, candidateKind: name.cn.kind }
    : { queryText: name.query, candidateText: name.candidate, candidateKind: name.candidateKind };
  const qn = query.names.find((n) => n.text === queryText);
  const cn = listed.names.find((n) => n.text === candidateText && n.kind === candidateKind);
  if (!qn || !cn || qn.legalForms.length === 0 || cn.legalForms.length === 0) return undefined;
  if (qn.legalForms.some((f) => cn.legalForms.includes(f))) return undefined;
  return {
    feature: 'legalForm',
    contribution: -0.05,
    detail: `legal forms differ: ${qn.legalForms.join(', ')} / listed ${cn.legalForms.join(', ')}`,
  };
}

/** How much two different values of one identifier property say against a match. */
const IDENTIFIER_CONFLICT: Record<string, number> = {
  imoNumber: -0.35, // one IMO number per hull, for life
  mmsi: -0.2,
  registrationNumber: -0.1,
  taxNumber: -0.1,
  swiftBic: -0.1,
  passportNumber: -0.05, // people hold several passports and IDs
  idNumber: -0.05,
};

/** Both sides give the same kind of number and none agrees (two vessels with different IMO numbers). */
export function identifierConflictFeature(query: Prepared, listed: Prepared): FeatureResult | undefined {
  if (query.identifiers.length === 0 || listed.identifiers.length === 0) return undefined;
  let worst: FeatureResult | undefined;
  for (const [property, contribution] of Object.entries(IDENTIFIER_CONFLICT)) {
    const q = query.identifiers.filter((i) => i.property === property);
    const c = listed.identifiers.filter((i) => i.property === property);
    if (q.length === 0 || c.length === 0) continue;
    if (q.some((a) => c.some((b) => a.key === b.key))) continue;
    if (!worst || contribution < worst.contribution) {
      worst = { feature: 'identifier', contribution, detail: `${property} ${q.map((i) => i.value).join(', ')} differs from listed ${c.map((i) => i.value).join(', ')}` };
    }
  }
  return worst;
}

/** Exact identifiers the two share, comparing normalised keys. */
export function identifierHits(query: Prepared, listed: Prepared, via = listed.id): IdentifierHit[] {
  const hits: IdentifierHit[] = [];
  for (const qi of query.identifiers) {
    for (const ci of listed.identifiers) {
      if (qi.kind === ci.kind && qi.key === ci.key) {
        hits.push({ kind: qi.kind, property: ci.property, query: qi.value, listed: ci.value, via });
      }
    }
  }
  return hits;
}

// ---------------------------------------------------------------------------------------------

/** Fill in the one-sentence summary of an explanation (done only for results that are shown). */
export function withSummary(comparison: Comparison): Comparison {
  const e = comparison.explanation;
  if (e.summary === '') e.summary = summarise(comparison.score, e.identifiers, e.name, e.features);
  return comparison;
}

function summarise(score: number, hits: IdentifierHit[], name: NameExplanation | undefined, features: FeatureResult[]): string {
  if (hits.length > 0) {
    const h = hits[0]!;
    return `${h.kind} ${h.listed} is listed (exact ${h.property} match)`;
  }
  if (!name) return 'no comparable name';
  const read = (reading: string | undefined) => (reading !== undefined ? ` (read "${reading}")` : '');
  const parts = [`name "${name.query}"${read(name.queryReading)} ~ ${name.candidateKind} "${name.candidate}"${read(name.candidateReading)} (${name.score.toFixed(2)})`];
  for (const f of features) parts.push(`${f.feature} ${f.contribution >= 0 ? '+' : ''}${f.contribution.toFixed(2)}`);
  return `${parts.join('; ')} => ${score.toFixed(2)}`;
}

/**
 * Compare a prepared query with a prepared listed party. `extraHits` are identifier hits found on
 * entities linked to the listed party (its wallets). The explanation's summary is left empty; see
 * `withSummary`.
 */
export function comparePrepared(query: Prepared, listed: Prepared, extraHits: IdentifierHit[] = []): Comparison {
  return explainScored(query, scorePrepared(query, listed, extraHits));
}

/**
 * A comparison's score, and what its explanation is written from (see `explainScored`): a
 * screening scores every party of its shortlist but shows only its best few, so the explanation is
 * written for those alone. Ordering equal scores needs only `matchedWords`.
 */
export interface Scored {
  score: number;
  /** Identifier hits: decisive, the score is 1. */
  hits: IdentifierHit[];
  /** The explanation of a pair whose schemata cannot match (a Person query and a listed Vessel). */
  incompatible?: Explanation;
  /** The best pair of names (none when neither side has a comparable name). */
  name?: BestName;
  features: FeatureResult[];
}

/** How much of the query a scored comparison accounts for: an identifier hit all of it, else the words its best names align. */
export function matchedWords(scored: Scored): number {
  if (scored.hits.length > 0) return Number.MAX_SAFE_INTEGER; // (finite: two hits compare equal, not NaN)
  if (!scored.name) return 0;
  return isPair(scored.name) ? scored.name.cmp.aligned.length : scored.name.aligned.length;
}

/** The comparison of a scored pair, explained (the summary left empty, see `withSummary`). */
export function explainScored(query: Prepared, scored: Scored): Comparison {
  let explanation: Explanation;
  if (scored.hits.length > 0) explanation = { summary: '', identifiers: scored.hits, features: [] };
  else if (scored.incompatible) explanation = scored.incompatible;
  else {
    explanation = { summary: '', identifiers: [], features: scored.features };
    if (scored.name) explanation.name = explainBest(scored.name);
  }
  if (query.notes.length > 0) explanation.notes = query.notes;
  return { score: scored.score, explanation };
}

/** `comparePrepared`'s score, its explanation not written yet (see `explainScored`). */
export function scorePrepared(query: Prepared, listed: Prepared, extraHits: IdentifierHit[] = []): Scored {
  const hits = [...identifierHits(query, listed), ...extraHits];
  if (hits.length > 0) return { score: 1, hits, features: [] };
  const allowed = compatibleSchemata(query.schema);
  if (allowed && !allowed.has(listed.schema as never)) {
    return {
      score: 0,
      hits,
      features: [],
      incompatible: {
        summary: `a ${query.schema} query does not match a listed ${listed.schema}`,
        identifiers: [],
        features: [{ feature: 'schema', contribution: 0, detail: `${query.schema} and ${listed.schema} are incompatible` }],
      },
    };
  }
  const name = bestName(query, listed);
  const features: FeatureResult[] = [];
  if (name && name.score > 0) {
    for (const f of [
      birthDateFeature(query, listed),
      countryFeature(query, listed),
      genderFeature(query, listed),
      legalFormFeature(name, query, listed),
      identifierConflictFeature(query, listed),
    ]) {
      if (f) features.push(f);
    }
  }
  const raw = (name?.score ?? 0) + features.reduce((s, f) => s + f.contribution, 0);
  const score = Math.round(Math.min(1, Math.max(0, raw)) * 1000) / 1000;
  return name ? { score, hits, name, features } : { score, hits, features };
}
