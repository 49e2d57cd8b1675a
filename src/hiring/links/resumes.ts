/**
 * Resumes: near-duplicate and copied texts, proposed by MinHash LSH (src/hiring/minhash.ts) and
 * confirmed by the exact Jaccard of their 3-word shingles (a retold copy also by its vocabulary
 * and coverage); a text copied by more than the cap is a hub (a template, a stock resume).
 */
import { dropSet, estimateJaccard, jaccard, LshScratch, lshPairs, MinHasher, wordHashes } from '../minhash.js';
import { addEvidence, hub, NONE, type Ctx } from './context.js';
import { HUB_CAPS, LINK_WEIGHTS } from './types.js';

export const MIN_RESUME_WORDS = 40;
/**
 * A resume pair below the near-duplicate threshold still counts, a little weaker, as a copy when
 * its Jaccard reaches RESUME_PARTIAL_JACCARD, it shares at least RESUME_PARTIAL_SHARED distinct
 * 3-word sequences, the two use one vocabulary (the Jaccard of their sets of distinct words,
 * MinHasher.wordSet, reaches RESUME_COPY_WORDS), and the shared sequences run through both texts
 * (in each, at least RESUME_COPY_COVERAGE of the runs of RESUME_COPY_RUN consecutive sequences
 * hold one the other text has: MinHasher.coverage). A resume retold with words swapped for
 * synonyms and its bullets, sentences and sections reordered scores 0.4-0.7, keeps its
 * vocabulary (0.7-0.95) and shares something in nearly every run (0.8-1); so does a short resume
 * reused with its skills reordered. Unrelated resumes score under 0.2. Strangers who filled in
 * one public template (its headings and stock phrases around their own content), or who name one
 * bootcamp, share whole passages and may score 0.3-0.45, but their own content brings its own
 * words (vocabulary 0.35-0.65) and leaves runs bare.
 */
const RESUME_PARTIAL_JACCARD = 0.4;
const RESUME_PARTIAL_SHARED = 40;
const RESUME_COPY_WORDS = 0.68;
const RESUME_COPY_COVERAGE = 0.7;
const RESUME_COPY_RUN = 6;
/** LSH for near-duplicates: 24 bands of 5 rows propose pairs of similarity 0.7 with probability 0.99, 0.3 with 0.06. */
export const RESUME_BANDS = 24;
export const RESUME_ROWS = 5;
/**
 * LSH for copies (every resume): 40 bands of 3 rows propose pairs of similarity 0.45 with
 * probability 0.98, 0.35 with 0.82, 0.15 with 0.13, kept when their signatures agree in at least
 * RESUME_COPY_ESTIMATE of their bins. A bucket of more than COPY_BUCKET_CAP texts (the three bins
 * of a band hold stock phrases many resumes share) proposes no pair: copies meet in other bands,
 * and over-full buckets would cost a quadratic number of checks.
 */
export const PARTIAL_BANDS = 40;
export const PARTIAL_ROWS = 3;
const RESUME_COPY_ESTIMATE = 0.3;
/** Also the hub cap of the copy bands' join keys (`s<band>:`) when part of the pool is read (LinkOptions.hubKeys). */
export const COPY_BUCKET_CAP = 8;
/** Words of a resume read for its MinHash signature (the confirming Jaccard reads all). */
export const RESUME_WINDOW = 150;

export function linkResumes(ctx: Ctx, threshold: number): void {
  const n = ctx.n;
  const hasher = new MinHasher({ shingle: 3, bins: RESUME_BANDS * RESUME_ROWS });
  const K = hasher.bins;
  const texts: (string | undefined)[] = new Array<string | undefined>(n);
  const withText: number[] = [];
  // The profile's own name words, left out of its resume (computed when needed, not kept).
  const names: number[] = [];
  const dropOf = (i: number): Uint32Array => {
    names.length = 0;
    const list = ctx.nodes[i]!;
    for (let k = 0; k < list.length; k++) {
      const ns = list[k]!.names ?? NONE;
      for (let x = 0; x < ns.length; x++) if (typeof ns[x] === 'string') wordHashes(ns[x]!, names);
    }
    return dropSet(names);
  };
  for (let i = 0; i < n; i++) {
    let text: string | undefined;
    const list = ctx.nodes[i]!;
    for (let k = 0; k < list.length; k++) {
      const r = list[k]!.resumeText;
      if (typeof r === 'string' && (text === undefined || r.length > text.length)) text = r;
    }
    if (text === undefined || text.length < MIN_RESUME_WORDS * 3) continue;
    texts[i] = text;
    withText.push(i);
  }
  if (withText.length < 2) return;
  const sigs = new Uint32Array(n * K);
  const active = new Uint8Array(n);
  // Signatures read the first RESUME_WINDOW kept words (copies share their openings; the cost of a
  // long resume stays bounded); the exact Jaccard that confirms a pair reads the whole text.
  for (const i of withText) {
    const words = hasher.sign(texts[i]!, dropOf(i), sigs, i * K, RESUME_WINDOW);
    if (words >= MIN_RESUME_WORDS) active[i] = 1;
  }
  // Near-duplicates: 24 bands of 5 rows. Copies (Jaccard 0.4-0.7: retold in other words, bullets
  // and sections reordered, a skills list shuffled): a second pass with 40 bands of 3 rows.
  const minEstimate = threshold - 0.2;
  const scratch = new LshScratch();
  const { pairs, hubs } = lshPairs(sigs, n, K, RESUME_BANDS, RESUME_ROWS, active, HUB_CAPS.resume, minEstimate, { scratch });
  // A part of the pool (LinkOptions.hubKeys): copy bands over-full in the whole pool propose nothing here either.
  const hubKeys = ctx.hubKeys;
  const exclude = hubKeys !== undefined && hubKeys.size > 0 ? (_text: number, band: number, key: number): boolean => hubKeys.has(`s${band}:${key}`) : undefined;
  const copyEstimate = Math.min(minEstimate, RESUME_COPY_ESTIMATE);
  const copyPairs = lshPairs(sigs, n, K, PARTIAL_BANDS, PARTIAL_ROWS, active, COPY_BUCKET_CAP, copyEstimate, { listHubs: false, scratch, ...(exclude ? { exclude } : {}) }).pairs;
  const sets = new Map<number, Uint32Array>();
  const setOf = (i: number): Uint32Array => {
    let s = sets.get(i);
    if (!s) sets.set(i, (s = hasher.shingleSet(texts[i]!, dropOf(i))));
    return s;
  };
  // [i, j, Jaccard, shared, union, vocabulary Jaccard (copies only)]
  const confirmed: [number, number, number, number, number, number][] = [];
  const seen = new Set<number>();
  for (let x = 0; x < pairs.length + copyPairs.length; x++) {
    const [i, j] = x < pairs.length ? pairs[x]! : copyPairs[x - pairs.length]!;
    const key = i * n + j;
    if (seen.has(key)) continue;
    seen.add(key);
    // The copy pass checked low bytes (a little generous): the whole signatures decide.
    if (x >= pairs.length && estimateJaccard(sigs, K, i, j) < copyEstimate) continue;
    const { similarity, shared, union } = jaccard(setOf(i), setOf(j));
    if (similarity >= threshold) confirmed.push([i, j, similarity, shared, union, 1]);
    else if (similarity >= RESUME_PARTIAL_JACCARD && shared >= RESUME_PARTIAL_SHARED) {
      const words = jaccard(hasher.wordSet(texts[i]!, dropOf(i)), hasher.wordSet(texts[j]!, dropOf(j))).similarity;
      if (words < RESUME_COPY_WORDS) continue;
      const covered = Math.min(hasher.coverage(texts[i]!, dropOf(i), setOf(j), RESUME_COPY_RUN), hasher.coverage(texts[j]!, dropOf(j), setOf(i), RESUME_COPY_RUN));
      if (covered >= RESUME_COPY_COVERAGE) confirmed.push([i, j, similarity, shared, union, words]);
    }
  }
  // One text near-copied by more than HUB_CAPS.resume profiles (a template, a stock resume) is a
  // hub: groups of near-duplicates are found as components of the confirmed near-duplicate pairs
  // plus the members of over-full LSH buckets that resemble the bucket's first member. (Copies
  // below the threshold do not chain texts into groups: stock phrases would join unrelated resumes.)
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  const union = (x: number, y: number): void => {
    const rx = find(x);
    const ry = find(y);
    if (rx !== ry) parent.set(Math.max(rx, ry), Math.min(rx, ry));
  };
  for (const [i, j, similarity] of confirmed) if (similarity >= threshold) union(i, j);
  for (const h of hubs) {
    const head = h.members[0]!;
    for (const m of h.members) if (m !== head && estimateJaccard(sigs, K, head, m) >= minEstimate) union(head, m);
  }
  const size = new Map<number, number>();
  for (const x of parent.keys()) size.set(find(x), (size.get(find(x)) ?? 0) + 1);
  for (const [root, count] of size) {
    if (count > HUB_CAPS.resume) hub(ctx, 'resume', `resume of ${ctx.refs[root]}`, count, `resume text (near-)copied from that of ${ctx.refs[root]}`);
  }
  const inHub = (x: number): boolean => (size.get(find(x)) ?? 0) > HUB_CAPS.resume;
  const W = LINK_WEIGHTS;
  for (const [i, j, similarity, shared, union, words] of confirmed) {
    if (inHub(i) || inHub(j)) continue;
    const sim = Math.floor(similarity * 100) / 100;
    const [weight, what] = similarity >= 0.95 ? [W.resumeVerbatim, 'the same text'] : similarity >= threshold ? [W.resume, 'near-duplicates'] : [W.resumePartial, 'in large part copied'];
    addEvidence(ctx, i, j, {
      kind: 'resume',
      value: `jaccard ${sim.toFixed(2)}`,
      weight,
      detail:
        `the resumes are ${what}: ${shared} of ${union} distinct 3-word sequences in common ` +
        `(Jaccard ${sim.toFixed(2)}; names, numbers, e-mails and links set aside)` +
        (similarity < threshold ? `, found throughout both texts, in one vocabulary (${Math.floor(words * 100)}% of their distinct words in common): reworded or reordered, not a shared template` : ''),
    });
  }
}
