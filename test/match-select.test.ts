/**
 * The shortlist's selection of its cut (src/match/screening-index.ts `kthSmallest`): the value a
 * full sort would put at each place, over lists with many ties (key weights are coarse, so the
 * scores of gathered parties repeat) and without.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kthSmallest } from '../src/match/screening-index.js';
import { Rng } from '../eval/lib/prng.js';

describe('kthSmallest', () => {
  it('gives the value a sort would put at every place', () => {
    const rng = new Rng(42);
    for (let round = 0; round < 2000; round++) {
      const n = 1 + rng.int(200);
      const distinct = 1 + (round % 9); // from all equal to nearly all different
      const values = Float64Array.from({ length: n }, () => rng.int(distinct) * 1.7 + (round % 2 ? rng.next() : 0));
      const sorted = Float64Array.from(values).sort();
      const k = rng.int(n);
      assert.equal(kthSmallest(Float64Array.from(values), n, k), sorted[k], `n ${n}, k ${k}`);
    }
  });

  it('reads only the first n values', () => {
    const values = Float64Array.from([5, 1, 4, 2, 3, -10, -20]);
    assert.equal(kthSmallest(values, 5, 0), 1);
    assert.equal(kthSmallest(Float64Array.from([5, 1, 4, 2, 3, 99, 99]), 5, 4), 5);
  });
});
