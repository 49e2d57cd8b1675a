/**
 * Near-duplicate text for link analysis: word shingles, one-permutation MinHash signatures with
 * optimal densification, LSH banding, and exact Jaccard to confirm. Pure code, written for speed:
 * 32-bit integer hashing only (FNV-1a over UTF-8 bytes, MurmurHash3's finaliser as mixer), no
 * string allocation per word, no crypto hash anywhere.
 *
 * Text -> words. Whitespace-separated runs that are e-mail addresses, URLs or "www." hosts are
 * skipped whole; the rest split into letter/digit words, ASCII letters case-folded. Words holding a
 * digit (dates, phone numbers, years of experience) are dropped, and so are words the caller names
 * (a profile's own name words), so that a resume copied with its name, contact lines and dates
 * changed stays the same text.
 *
 * Words -> shingles: every run of `shingle` consecutive kept words, hashed in order (32 bits).
 *
 * Shingles -> signature (one-permutation hashing, Li, Owen & Zhang 2012): each shingle hash picks
 * one of K bins by its top 16 bits and offers itself as the value; a bin keeps its minimum. That
 * is one hash per shingle instead of K. Bins left empty (short texts) borrow the value of a bin
 * chosen by a seeded probe sequence that depends only on the bin number (Shrivastava 2017,
 * "optimal densification"), so two texts with the same shingles still get equal signatures and the
 * fraction of equal bins still estimates the Jaccard similarity of the shingle sets.
 *
 * Signatures -> candidate pairs (LSH): K bins = `bands` x `rows`; two texts are a candidate when
 * all `rows` values of some band are equal: with b bands of r rows a pair of similarity s is a
 * candidate with probability 1 - (1 - s^r)^b (24 x 5: 0.99 at s = 0.7, 0.9997 at 0.8, 0.06 at
 * 0.3). Per band the band hashes are sorted (linear time) and runs of equal hashes are the
 * buckets. A bucket holding more than `bucketCap` texts (one text copied by hundreds) yields no
 * pairs: it is reported as a hub instead of a quadratic number of candidates. A candidate whose
 * estimated similarity (the fraction of equal bins) is far below the threshold is dropped at once;
 * the estimate is read from the signatures' low bytes packed four to a word (a quarter of the
 * memory, four bins per comparison), and most pairs are settled by the first 40 bins.
 *
 * Candidates are confirmed by the caller with the exact Jaccard of the two shingle sets
 * (`shingleSet` + `jaccard`), so the estimate's noise never decides an edge; `coverage` says
 * whether the shingles two texts share run through both of them (a copy reworded or reordered)
 * or sit in some passages only (one template's headings and stock phrases).
 */

/** MurmurHash3's 32-bit finaliser: a fast, well-mixing bijection on 32-bit integers. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * Byte classes for the tokenizer, over UTF-8 (the text is encoded into a reusable buffer: a
 * typed-array scan is markedly faster than charCodeAt). 0 punctuation, 1 space, 2 letter, 3 digit,
 * 4 '@', 5 a lead byte to look at (0xC2, 0xE2). Bytes >= 0x80 are letters (multi-byte letters hash
 * byte by byte), except the UTF-8 forms of U+00A0 (a space) and U+2000..U+207F (general
 * punctuation: dashes, quotes, bullets). ASCII letters are case-folded (FOLD); other scripts keep
 * their case (a copied resume keeps it too).
 */
const CLASS = new Uint8Array(256);
const FOLD = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  FOLD[c] = c >= 0x41 && c <= 0x5a ? c + 32 : c;
  if (c <= 0x20) CLASS[c] = 1;
  else if (c >= 0x30 && c <= 0x39) CLASS[c] = 3;
  else if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c >= 0x80) CLASS[c] = 2;
}
CLASS[0x40] = 4;
CLASS[0xc2] = 5;
CLASS[0xe2] = 5;
const SPACE = 1;
const LETTER = 2;
const DIGIT = 3;
const AT = 4;
const LEAD = 5;

const encoder = new TextEncoder();
/** How much of a text is read: its first MAX_TEXT bytes of UTF-8 (a resume is a few thousand). */
export const MAX_TEXT = 100_000;
let scratch = new Uint8Array(1 << 16);

/** A set of word hashes to leave out (sorted; duplicates are harmless), for `sign` and `shingleSet`. */
export function dropSet(hashes: readonly number[]): Uint32Array {
  return Uint32Array.from(hashes).sort();
}

function dropped(drop: Uint32Array, w: number): boolean {
  if (drop.length <= 16) {
    for (let i = 0; i < drop.length; i++) if (drop[i] === w) return true;
    return false;
  }
  return contains(drop, w);
}

let wordScratch = new Uint32Array(256);

/** The word hashes of a free text (names...), by the tokenizer's rules, for a `drop` set; appended to `into` when given. */
export function wordHashes(text: string, into: number[] = []): number[] {
  const len = Math.min(text.length, MAX_TEXT) + 1;
  if (wordScratch.length < len) wordScratch = new Uint32Array(len);
  const n = tokenize(text, undefined, wordScratch);
  for (let k = 0; k < n; k++) into.push(wordScratch[k]!);
  return into;
}

/**
 * Writes the hash of every kept word of `text` into `out` (which must hold
 * min(text.length, MAX_TEXT) + 1 entries), in order, up to `maxWords`; returns how many. Words
 * with a digit, words whose hash is in `drop`, and whitespace-separated runs holding an '@'
 * (e-mail addresses) or "://" or starting "www." are skipped.
 */
function tokenize(text: string, drop: Uint32Array | undefined, out: Uint32Array, maxWords = Infinity): number {
  // Encode no more than needed: up to MAX_TEXT bytes, or (for a word window) a prefix of
  // 16 bytes a word, long enough in all but odd texts; when it falls short, the whole text.
  const fullBytes = Math.min(text.length * 3, MAX_TEXT) + 8;
  const windowBytes = maxWords === Infinity ? fullBytes : Math.min(fullBytes, maxWords * 16);
  const count = tokenizeBytes(text, drop, out, maxWords, windowBytes);
  return count >= maxWords || windowBytes === fullBytes ? count : tokenizeBytes(text, drop, out, maxWords, fullBytes);
}

function tokenizeBytes(text: string, drop: Uint32Array | undefined, out: Uint32Array, maxWords: number, maxBytes: number): number {
  if (scratch.length < maxBytes + 2) scratch = new Uint8Array(maxBytes + 2);
  const b = scratch;
  // encodeInto stops at the end of the view: no string slice needed (the last word may be cut).
  const n = encoder.encodeInto(text, b.subarray(0, maxBytes)).written;
  b[n] = 0x20; // sentinels: end the last word and run
  b[n + 1] = 0x20;
  const checkDrop = drop !== undefined && drop.length > 0;
  let count = 0;
  let runStart = 0;
  let runFirst = 0;
  let skipRun = false;
  let i = 0;
  while (i <= n) {
    let c = b[i]!;
    let k = CLASS[c]!;
    if (k === LEAD) {
      if (c === 0xc2 && b[i + 1] === 0xa0) {
        k = SPACE;
        i++;
      } else if (c === 0xe2 && (b[i + 1] === 0x80 || b[i + 1] === 0x81)) {
        i += 3; // general punctuation: a separator inside the run
        continue;
      } else {
        k = LETTER;
      }
    }
    if (k === LETTER || k === DIGIT) {
      // A word: hash it in a tight loop; i stops on the separator after it.
      let h = FNV_OFFSET;
      let digit = k === DIGIT;
      for (;;) {
        h = Math.imul(h ^ FOLD[c]!, FNV_PRIME);
        c = b[++i]!;
        k = CLASS[c]!;
        if (k === LETTER) continue;
        if (k === DIGIT) {
          digit = true;
          continue;
        }
        if (k === LEAD && !((c === 0xc2 && b[i + 1] === 0xa0) || (c === 0xe2 && (b[i + 1] === 0x80 || b[i + 1] === 0x81)))) continue;
        break;
      }
      if (!digit) {
        const w = fmix32(h);
        if (!checkDrop || !dropped(drop, w)) out[count++] = w;
      }
      continue;
    }
    if (k === SPACE) {
      if (!skipRun && i - runFirst > 4 && b[runFirst] === 0x77 && b[runFirst + 1] === 0x77 && b[runFirst + 2] === 0x77 && b[runFirst + 3] === 0x2e) skipRun = true;
      if (skipRun) count = runStart;
      if (count >= maxWords) return maxWords;
      runStart = count;
      runFirst = i + 1;
      skipRun = false;
    } else if (k === AT) {
      skipRun = true;
    } else if (c === 0x2f && b[i + 1] === 0x2f && i > 0 && b[i - 1] === 0x3a) {
      skipRun = true; // "://"
    }
    i++;
  }
  return Math.min(count, maxWords);
}

/** A 3-word shingle's hash: a polynomial in the word hashes (order-sensitive), then mixed. */
function shingle3(seed: number, a: number, b: number, c: number): number {
  let h = (Math.imul(seed, 0x9e3779b1) + a) | 0;
  h = (Math.imul(h, 0x9e3779b1) + b) | 0;
  h = (Math.imul(h, 0x9e3779b1) + c) | 0;
  return fmix32(h >>> 0);
}

export interface MinHashOptions {
  /** Words per shingle (default 3). */
  shingle?: number;
  /** Signature length K (default 96); must equal bands x rows for `lshPairs`. */
  bins?: number;
  /** Seed of the shingle hash and the densification probes (default fixed). */
  seed?: number;
}

/** One-permutation MinHash over word shingles. One instance is reusable, not thread-safe. */
export class MinHasher {
  readonly shingle: number;
  readonly bins: number;
  private readonly seed: number;
  private readonly vals: Uint32Array;
  private readonly filled: Uint8Array;
  private readonly firstProbe: Uint16Array;
  private words = new Uint32Array(4096);

  constructor(options: MinHashOptions = {}) {
    this.shingle = options.shingle ?? 3;
    this.bins = options.bins ?? 96;
    this.seed = (options.seed ?? 0x2545f491) >>> 0;
    if (!Number.isInteger(this.bins) || this.bins < 1 || this.bins > 65535) throw new Error(`MinHash bins must be 1..65535, not ${this.bins}`);
    if (!Number.isInteger(this.shingle) || this.shingle < 1) throw new Error(`MinHash shingle size must be >= 1, not ${this.shingle}`);
    this.vals = new Uint32Array(this.bins);
    this.filled = new Uint8Array(this.bins);
    this.firstProbe = new Uint16Array(this.bins);
    for (let j = 0; j < this.bins; j++) this.firstProbe[j] = this.probe(j, 0);
  }

  /** The densification probe sequence of a bin: depends on (bin, attempt) only. */
  private probe(bin: number, attempt: number): number {
    const h = fmix32((Math.imul(bin + 1, 0x9e3779b1) ^ Math.imul(attempt + 1, 0x85ebca77) ^ this.seed) >>> 0);
    return ((h >>> 16) * this.bins) >>> 16;
  }

  /** Tokenizes (up to `maxWords` kept words) into this.words; returns the number of words kept. */
  private tokenize(text: string, drop: Uint32Array | undefined, maxWords = Infinity): number {
    const len = Math.min(text.length, MAX_TEXT) + 1;
    if (this.words.length < len) this.words = new Uint32Array(len);
    return tokenize(text, drop, this.words, maxWords);
  }

  /** The hash of the shingle of words[t - k + 1 .. t] (order-sensitive). */
  private shingleAt(t: number): number {
    const words = this.words;
    const k = this.shingle;
    if (k === 3) return shingle3(this.seed, words[t - 2]!, words[t - 1]!, words[t]!);
    let h = this.seed;
    for (let x = t - k + 1; x <= t; x++) h = (Math.imul(h, 0x9e3779b1) + words[x]!) | 0;
    return fmix32(h >>> 0);
  }

  /**
   * Writes the signature of `text` (its first `maxWords` kept words) into
   * `out[offset .. offset + bins)`. Returns the number of words kept; when fewer than `shingle`
   * there is no shingle, nothing is written, and the text must not be compared.
   */
  sign(text: string, drop: Uint32Array | undefined, out: Uint32Array, offset = 0, maxWords = Infinity): number {
    const K = this.bins;
    const vals = this.vals;
    const filled = this.filled;
    const count = this.tokenize(text, drop, maxWords);
    if (count < this.shingle) return count;
    filled.fill(0);
    const words = this.words;
    const k = this.shingle;
    const seed = this.seed;
    for (let t = k - 1; t < count; t++) {
      const h = k === 3 ? shingle3(seed, words[t - 2]!, words[t - 1]!, words[t]!) : this.shingleAt(t);
      // The top 16 bits choose the bin; the whole hash is the value (given its bin, the shingle with
      // the smallest hash is still a uniformly random member of the bin's shingles).
      const bin = ((h >>> 16) * K) >>> 16;
      if (filled[bin] === 0) {
        filled[bin] = 1;
        vals[bin] = h;
      } else if (h < vals[bin]!) {
        vals[bin] = h;
      }
    }
    for (let j = 0; j < K; j++) {
      if (filled[j] === 1) {
        out[offset + j] = vals[j]!;
        continue;
      }
      // Optimal densification: probe bins in this bin's fixed order until a filled one.
      let p = this.firstProbe[j]!;
      for (let attempt = 1; filled[p] === 0; attempt++) p = this.probe(j, attempt);
      out[offset + j] = vals[p]!;
    }
    return count;
  }

  /** The distinct shingle hashes of `text`, sorted ascending (for `jaccard`). */
  shingleSet(text: string, drop?: Uint32Array): Uint32Array {
    const count = this.tokenize(text, drop);
    if (count < this.shingle) return new Uint32Array(0);
    const sorted = new Uint32Array(count - this.shingle + 1);
    for (let t = this.shingle - 1; t < count; t++) sorted[t - this.shingle + 1] = this.shingleAt(t);
    sorted.sort();
    let w = 0;
    for (let r = 0; r < sorted.length; r++) if (r === 0 || sorted[r] !== sorted[r - 1]) sorted[w++] = sorted[r]!;
    return sorted.slice(0, w);
  }

  /**
   * The distinct kept words of `text` (their hashes), sorted ascending (for `jaccard`): a text's
   * vocabulary. A copy retold with some words swapped for synonyms and its sentences reordered
   * keeps most of it (the same systems, skills, employers and turns of phrase); two people's
   * resumes, even in one template, share its stock words and little of the rest.
   */
  wordSet(text: string, drop?: Uint32Array): Uint32Array {
    const count = this.tokenize(text, drop);
    const sorted = this.words.slice(0, count).sort();
    let w = 0;
    for (let r = 0; r < sorted.length; r++) if (r === 0 || sorted[r] !== sorted[r - 1]) sorted[w++] = sorted[r]!;
    return sorted.slice(0, w);
  }

  /**
   * How evenly `text` shares its shingles with `other` (a `shingleSet`): the text's shingles in
   * order, cut into runs of `run`, and the share of runs holding at least one shingle of `other`.
   * A copy edited throughout (words swapped, sentences and sections reordered) still shares
   * something in nearly every run; two texts that share passages only (the headings and stock
   * phrases of one template, a paragraph) leave the runs of their own words bare. A last run
   * shorter than half of `run` is left out.
   */
  coverage(text: string, drop: Uint32Array | undefined, other: Uint32Array, run = 8): number {
    const count = this.tokenize(text, drop);
    const k = this.shingle;
    if (count < k || other.length === 0) return 0;
    const shingles = count - k + 1;
    let runs = 0;
    let covered = 0;
    for (let start = 0; start < shingles; start += run) {
      const end = Math.min(shingles, start + run);
      if (end - start < run / 2 && runs > 0) break;
      runs++;
      for (let t = start; t < end; t++) {
        if (contains(other, this.shingleAt(t + k - 1))) {
          covered++;
          break;
        }
      }
    }
    return covered / runs;
  }
}

/** Whether a sorted hash set holds `x`. */
function contains(set: Uint32Array, x: number): boolean {
  let lo = 0;
  let hi = set.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = set[mid]!;
    if (v === x) return true;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Exact Jaccard similarity of two sorted, de-duplicated hash sets. Two empty sets: 0. */
export function jaccard(a: Uint32Array, b: Uint32Array): { similarity: number; shared: number; union: number } {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  const union = a.length + b.length - shared;
  return { similarity: union === 0 ? 0 : shared / union, shared, union };
}

/** The fraction of equal bins of two signatures stored at `i * bins` and `j * bins`. */
export function estimateJaccard(sigs: Uint32Array, bins: number, i: number, j: number): number {
  const a = i * bins;
  const b = j * bins;
  let eq = 0;
  for (let t = 0; t < bins; t++) if (sigs[a + t] === sigs[b + t]) eq++;
  return eq / bins;
}

/**
 * The LSH bucket of band `b` (rows `b * rows ..`) of the signature at `sigs[offset ..]`: two
 * signatures meet in a bucket of `lshPairs` exactly when their band keys are equal, so a stored
 * band key finds the texts a new one would be compared with.
 */
export function bandKey(sigs: Uint32Array, offset: number, b: number, rows: number): number {
  const off = offset + b * rows;
  let h = 0x3c6ef372 ^ b;
  for (let r = 0; r < rows; r++) h = (Math.imul(h ^ sigs[off + r]!, FNV_PRIME) ^ (h >>> 13)) >>> 0;
  return fmix32(h);
}

export interface LshResult {
  /** Candidate pairs [i, j] with i < j, ascending, distinct. */
  pairs: [number, number][];
  /** Buckets over the cap: their size and their members (ascending), one per distinct first member. */
  hubs: { size: number; members: number[] }[];
}

/**
 * Candidate pairs by LSH banding over `n` signatures stored back to back in `sigs` (`bins` each,
 * `bins === bands * rows`). Only entries with `active[i] === 1` take part. Buckets larger than
 * `bucketCap` are skipped and reported as hubs (unless `listHubs` is false). Pairs whose
 * estimated similarity (equal bins) is below `minEstimate` are dropped as they are found (common
 * phrases make unrelated texts collide in a band now and then; this keeps such pairs from piling
 * up). The estimate is read from the signatures' low bytes, four bins compared at once (see
 * `resembles`), and most pairs are turned down after the first 40 bins.
 *
 * Per band, the band hashes of all texts are sorted (a counting sort by their low 16 bits, then
 * the few texts sharing those bits by the whole hash: linear time) and runs of equal hashes are
 * the buckets.
 */
export function lshPairs(
  sigs: Uint32Array,
  n: number,
  bins: number,
  bands: number,
  rows: number,
  active: Uint8Array,
  bucketCap: number,
  minEstimate = 0,
  options: {
    /** Whether over-full buckets are listed (`hubs`); when not, they are only skipped (default true). */
    listHubs?: boolean;
    /**
     * Texts left out of one band: those whose band key (`bandKey`) is known to be over-full in a
     * larger pool than the one given (a part of the pool read for one candidate).
     */
    exclude?: (text: number, band: number, key: number) => boolean;
    /** Buffers to reuse across calls over one set of signatures (fewer large allocations). */
    scratch?: LshScratch;
  } = {},
): LshResult {
  const listHubs = options.listHubs ?? true;
  const exclude = options.exclude;
  const scratch = options.scratch;
  const take = (name: string, size: number): Uint32Array => (scratch ? scratch.take(name, size) : new Uint32Array(size));
  if (bands * rows !== bins) throw new Error(`LSH: ${bands} bands x ${rows} rows is not ${bins} bins`);
  let m = 0;
  for (let i = 0; i < n; i++) if (active[i] === 1) m++;
  // Texts are handled by their position among the active ones (ascending with the text number).
  const ids = take('ids', m);
  for (let i = 0, t = 0; i < n; i++) if (active[i] === 1) ids[t++] = i;
  const hashA = take('hash', m);
  const idA = take('id', m);
  const counts = new Uint32Array(65536);
  // Pairs are checked on the signatures' low bytes, four to a 32-bit word: a quarter of the
  // memory (checks read signatures at random, so their cost is memory traffic) and four bins
  // compared at once; two different values have equal low bytes once in 256, which moves an
  // estimate by less than 0.01. Padding bytes (bins not a multiple of 4) are 0 in every text.
  const stride = (bins + 3) >>> 2;
  const pad = stride * 4 - bins;
  const minEqual = bins - Math.floor(bins * (1 - minEstimate));
  // The first EARLY_WORDS words read (those after the band, whose bins two texts in one bucket
  // share by construction) reject most pairs: unrelated texts match in a few of their bins, texts
  // of similarity minEstimate in a share minEstimate of them, give or take 3 standard deviations.
  const earlyWords = Math.min(EARLY_WORDS, Math.floor((bins - rows) / 4) - 1);
  const earlyBins = earlyWords * 4;
  const earlyMin = earlyWords > 0 ? Math.floor(earlyBins * minEstimate - 3 * Math.sqrt(earlyBins * minEstimate * (1 - minEstimate))) : 0;
  let found = new Float64Array(1024);
  let nFound = 0;
  const hubFirst = new Set<number>();
  const hubs: { size: number; members: number[] }[] = [];
  // All band hashes first, reading each signature once in order (band-major output), and the
  // signatures' low bytes, packed.
  const bandHash = take('bands', bands * m);
  const packed = take('packed', minEstimate > 0 ? m * stride : 0);
  const out = exclude ? new Uint8Array(bands * m) : undefined;
  for (let t = 0; t < m; t++) {
    const base = ids[t]! * bins;
    for (let b = 0; b < bands; b++) {
      const key = bandKey(sigs, base, b, rows);
      bandHash[b * m + t] = key;
      if (out && exclude!(ids[t]!, b, key)) out[b * m + t] = 1;
    }
    if (minEstimate > 0) {
      // Four low bytes to a word (any order will do: words are compared whole or byte by byte).
      for (let w = 0, x = 0; w < stride; w++, x += 4) {
        packed[t * stride + w] =
          (sigs[base + x]! & 0xff) | (x + 1 < bins ? (sigs[base + x + 1]! & 0xff) << 8 : 0) | (x + 2 < bins ? (sigs[base + x + 2]! & 0xff) << 16 : 0) | (x + 3 < bins ? (sigs[base + x + 3]! & 0xff) << 24 : 0);
      }
    }
  }
  /** The texts at sorted positions s..e of band b, one bucket (their band hashes equal). */
  const bucket = (b: number, next: number, s: number, e: number): void => {
    // Holders of an excluded key all share it: the whole bucket goes.
    if (out && out[b * m + idA[s]!] === 1) return;
    const size = e - s;
    if (size > bucketCap) {
      const first = ids[idA[s]!]!;
      if (listHubs && !hubFirst.has(first)) {
        hubFirst.add(first);
        hubs.push({ size, members: Array.from(idA.subarray(s, e), (t) => ids[t]!) });
      }
      return;
    }
    for (let x = s; x < e; x++) {
      const i = idA[x]!;
      for (let y = x + 1; y < e; y++) {
        const j = idA[y]!;
        if (minEstimate > 0 && !resembles(packed, stride, pad, i, j, next, earlyWords, earlyMin, minEqual)) continue;
        if (nFound === found.length) {
          const grown = new Float64Array(found.length * 2);
          grown.set(found);
          found = grown;
        }
        found[nFound++] = ids[i]! * n + ids[j]!;
      }
    }
  };
  for (let b = 0; b < bands; b++) {
    // The first whole word after the band.
    const next = Math.ceil(((b + 1) * rows) / 4) % stride;
    // A counting sort by the low 16 bits of the band hash (stable: positions stay ascending), then
    // within each run of equal low bits (one or two texts, mostly) an insertion sort by the whole
    // hash (stable too): runs of equal hashes are the buckets, their texts in ascending order.
    const hash = bandHash.subarray(b * m, (b + 1) * m);
    counts.fill(0);
    for (let t = 0; t < m; t++) counts[hash[t]! & 0xffff]!++;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[d]!;
      counts[d] = sum;
      sum += c;
    }
    for (let t = 0; t < m; t++) {
      const to = counts[hash[t]! & 0xffff]!++;
      hashA[to] = hash[t]!;
      idA[to] = t;
    }
    let s = 0;
    while (s < m) {
      let e = s + 1;
      const lowBits = hashA[s]! & 0xffff;
      while (e < m && (hashA[e]! & 0xffff) === lowBits) e++;
      if (e - s === 1) {
        s = e;
        continue;
      }
      for (let x = s + 1; x < e; x++) {
        const h = hashA[x]!;
        const id = idA[x]!;
        let y = x - 1;
        while (y >= s && hashA[y]! > h) {
          hashA[y + 1] = hashA[y]!;
          idA[y + 1] = idA[y]!;
          y--;
        }
        hashA[y + 1] = h;
        idA[y + 1] = id;
      }
      for (let u = s; u < e; ) {
        let v = u + 1;
        while (v < e && hashA[v] === hashA[u]) v++;
        bucket(b, next, u, v);
        u = v;
      }
      s = e;
    }
  }
  const all = found.subarray(0, nFound).sort();
  const pairs: [number, number][] = [];
  for (let t = 0; t < all.length; t++) {
    if (t > 0 && all[t] === all[t - 1]) continue;
    const key = all[t]!;
    pairs.push([Math.floor(key / n), key % n]);
  }
  return { pairs, hubs };
}

/** Buffers `lshPairs` may reuse from one call to the next over one set of signatures. */
export class LshScratch {
  private readonly buffers = new Map<string, Uint32Array>();

  /** A buffer of `size` words named `name`, holding whatever the last call left in it. */
  take(name: string, size: number): Uint32Array {
    let b = this.buffers.get(name);
    if (!b || b.length < size) this.buffers.set(name, (b = new Uint32Array(size)));
    return b.length === size ? b : b.subarray(0, size);
  }
}

/** Words (4 bins each) of packed signatures read first by `resembles`, for an early verdict on most pairs. */
const EARLY_WORDS = 10;

/** Zero bytes of a 32-bit word (the bins two packed signatures share, given their XOR). */
function zeroBytes(x: number): number {
  const y = (x & 0x7f7f7f7f) + 0x7f7f7f7f; // a byte's high bit set when its low 7 bits are not all 0
  const z = ~(y | x | 0x7f7f7f7f); // a byte's high bit set when the byte is 0
  return Math.imul(z >>> 7, 0x01010101) >>> 24; // the high bits summed into the top byte
}

/**
 * Whether two packed signatures (`stride` words each, `pad` padding bytes) have at least
 * `minEqual` equal bins. Reading starts at word `from` (around the end); a pair with fewer than
 * `earlyMin` equal bins in the first `earlyWords` words is rejected there.
 */
function resembles(packed: Uint32Array, stride: number, pad: number, i: number, j: number, from: number, earlyWords: number, earlyMin: number, minEqual: number): boolean {
  const a = i * stride;
  const b = j * stride;
  let equal = 0;
  let w = from;
  for (let k = 0; k < stride; k++) {
    equal += zeroBytes(packed[a + w]! ^ packed[b + w]!);
    if (w === stride - 1) equal -= pad;
    if (k === earlyWords - 1 && equal < earlyMin) return false;
    if (++w === stride) w = 0;
  }
  return equal >= minEqual;
}
