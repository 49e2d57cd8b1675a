/**
 * String metrics for name tokens. Jaro-Winkler is the metric of record-linkage work on personal
 * names: it forgives transpositions and rewards a shared prefix, which fits typos in names better
 * than plain edit distance. Written by hand because it sits on the hot path of every comparison.
 */

/** Scratch flags reused by `jaro` (it runs on the hot path; one call at a time per thread). */
let aFlags = new Uint8Array(64);
let bFlags = new Uint8Array(64);

/** Jaro similarity in [0, 1]. */
export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  if (aFlags.length < la) aFlags = new Uint8Array(la * 2);
  if (bFlags.length < lb) bFlags = new Uint8Array(lb * 2);
  const aMatched = aFlags;
  const bMatched = bFlags;
  aMatched.fill(0, 0, la);
  bMatched.fill(0, 0, lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(lb - 1, i + window);
    const ch = a.charCodeAt(i);
    for (let j = from; j <= to; j++) {
      if (bMatched[j] === 0 && b.charCodeAt(j) === ch) {
        aMatched[i] = 1;
        bMatched[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (aMatched[i] === 0) continue;
    while (bMatched[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const m = matches;
  return (m / la + m / lb + (m - transpositions / 2) / m) / 3;
}

/** Jaro-Winkler similarity in [0, 1], prefix scale 0.1 over at most 4 characters. */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  if (j === 0 || j === 1) return j;
  let prefix = 0;
  const limit = Math.min(4, a.length, b.length);
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return j + prefix * 0.1 * (1 - j);
}

/**
 * Edit distance counting an insertion, deletion, substitution or transposition of two adjacent
 * letters as one edit (optimal string alignment), with an early exit once it exceeds `max`.
 */
let rows = new Int32Array(96);

export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (la === 0) return lb;
  if (lb === 0) return la;
  if (rows.length < 3 * (lb + 1)) rows = new Int32Array(6 * (lb + 1));
  // Three rows of the scratch buffer (one comparison at a time per thread).
  let prev2 = rows.subarray(0, lb + 1).fill(0);
  let prev = rows.subarray(lb + 1, 2 * (lb + 1));
  let curr = rows.subarray(2 * (lb + 1), 3 * (lb + 1));
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    curr[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = Math.min(prev[j]! + 1, curr[j - 1]! + 1, prev[j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) v = Math.min(v, prev2[j - 2]! + 1);
      curr[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, curr] = [prev, curr, prev2];
  }
  return prev[lb]!;
}
