/**
 * The candidate-pool generator behind `npm run gen:candidates` and `npm run eval:hiring`: pools
 * are deterministic per seed, every identifier in them is valid for its kind, every operator
 * shape and innocent share is planted; and link analysis (without lists: no sanctions index)
 * finds the planted operators of a small classic pool and puts no innocent sharer in an operator
 * cluster. The hard pool (the default) is only checked for soundness here: it is built to make
 * the system fail, and `npm run eval:hiring` measures how much.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HARD_INNOCENT_SHAPES, HARD_OPERATOR_SHAPES, INNOCENT_SHAPES, OPERATOR_SHAPES, generatePool } from '../eval/hiring/generate.js';
import { HARD_ORIGINS } from '../eval/hiring/lib/names.js';
import { clusterMetrics } from '../eval/hiring/lib/metrics.js';
import { checkPool } from '../eval/hiring/lib/validate.js';
import { analyzeLinks } from '../src/hiring/links/index.js';

describe('candidate pool generator (classic pool)', () => {
  const pool = generatePool({ count: 800, seed: 11, pool: 'classic' });

  it('is deterministic for a seed, and another seed gives another pool', () => {
    assert.equal(JSON.stringify(generatePool({ count: 800, seed: 11, pool: 'classic' })), JSON.stringify(pool));
    assert.notEqual(JSON.stringify(generatePool({ count: 800, seed: 12, pool: 'classic' }).profiles.slice(0, 20)), JSON.stringify(pool.profiles.slice(0, 20)));
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

describe('candidate pool generator (hard pool, the default)', () => {
  const pool = generatePool({ count: 1200, seed: 3 });

  it('is the default, deterministic, and valid', () => {
    assert.equal(pool.truth.pool, 'hard');
    assert.equal(JSON.stringify(generatePool({ count: 1200, seed: 3, pool: 'hard' })), JSON.stringify(pool));
    assert.deepEqual(checkPool(pool), []);
  });

  it('plants every hard operator shape and hard negative, and names of every origin', () => {
    const shapes = new Set(pool.truth.operators.map((o) => o.shape));
    for (const s of HARD_OPERATOR_SHAPES) assert.ok(shapes.has(s), `operator shape ${s}`);
    const shares = new Set(pool.truth.innocentShares.map((s) => s.shape));
    for (const s of HARD_INNOCENT_SHAPES) assert.ok(shares.has(s), `hard negative ${s}`);
    const origins = new Set(Object.values(pool.truth.origins));
    for (const o of HARD_ORIGINS) assert.ok(origins.has(o), `origin ${o}`);
  });

  it('keeps the origin out of the profiles, and households write their address more than one way', () => {
    for (const p of pool.profiles) assert.equal('origin' in p, false, p.ref);
    const byRef = new Map(pool.profiles.map((p) => [p.ref, p]));
    const households = pool.truth.innocentShares.filter((s) => s.shape === 'household');
    const respelled = households.filter((h) => new Set(h.refs.map((r) => byRef.get(r)!.homeAddress?.text)).size > 1);
    assert.ok(respelled.length >= households.length * 0.9, `${respelled.length} of ${households.length} households write the address two ways`);
  });
});
