/**
 * The candidate-pool generator behind `npm run gen:candidates` and `npm run eval:hiring`: pools
 * are deterministic per seed, every identifier in them is valid for its kind, every operator
 * shape and innocent share is planted; and link analysis (without lists: no sanctions index)
 * finds the planted operators of a small pool and puts no innocent sharer in an operator cluster.
 * The full evaluation, with the OFAC list and the targets, is `npm run eval:hiring`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INNOCENT_SHAPES, OPERATOR_SHAPES, generatePool } from '../eval/hiring/generate.js';
import { clusterMetrics } from '../eval/hiring/lib/metrics.js';
import { checkPool } from '../eval/hiring/lib/validate.js';
import { analyzeLinks } from '../src/hiring/links.js';

describe('candidate pool generator', () => {
  const pool = generatePool({ count: 800, seed: 11 });

  it('is deterministic for a seed, and another seed gives another pool', () => {
    assert.equal(JSON.stringify(generatePool({ count: 800, seed: 11 })), JSON.stringify(pool));
    assert.notEqual(JSON.stringify(generatePool({ count: 800, seed: 12 }).profiles.slice(0, 20)), JSON.stringify(pool.profiles.slice(0, 20)));
  });

  it('makes valid profiles with every operator shape and innocent share planted', () => {
    assert.equal(pool.profiles.length, 800);
    assert.deepEqual(checkPool(pool), []);
    const shapes = new Set(pool.truth.operators.map((o) => o.shape));
    for (const s of OPERATOR_SHAPES) assert.ok(shapes.has(s), `operator shape ${s}`);
    const shares = new Set(pool.truth.innocentShares.map((s) => s.shape));
    for (const s of ['spouses', 'colleagues', 'family_account'] as const) assert.ok(shares.has(s), `innocent share ${s}`);
    assert.ok(INNOCENT_SHAPES.length >= 3);
  });

  it('link analysis finds the planted operators and keeps innocent sharers out of operator clusters', () => {
    const links = analyzeLinks(pool.profiles, { now: new Date(pool.truth.now) });
    const m = clusterMetrics(pool.truth, links.clusters);
    // Front-company rings are joined through the sanctions screen, which this test leaves out.
    const withoutFront = m.perShape.get('front_company') ?? { hit: 0, total: 0 };
    const recall = (m.recall.hit - withoutFront.hit) / (m.recall.total - withoutFront.total);
    assert.ok(recall >= 0.9, `cluster recall without front companies ${recall.toFixed(3)} (${m.missed.slice(0, 5).join(', ')})`);
    assert.ok(m.precision.hit / m.precision.total >= 0.95, `cluster precision ${m.precision.hit}/${m.precision.total}`);
    const innocents = new Set(pool.truth.innocentShares.flatMap((s) => s.refs));
    const operators = new Set(pool.truth.operators.flatMap((o) => o.refs));
    const wronglyFlagged = [...innocents].filter((r) => !operators.has(r) && links.clusterOf(r)?.operator);
    assert.ok(wronglyFlagged.length <= 2, `innocent sharers in operator clusters: ${wronglyFlagged.join(', ')}`);
  });
});
