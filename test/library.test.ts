/**
 * Vigil as an npm library (src/index.ts): the matching engine and candidate vetting are usable
 * without a store, a server or the CLI.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CANDIDATES_SCORED, CandidateIndex, SHORTLIST_SIZE, ScreeningIndex, analyzeLinks, assessCandidate, emptyProfile, loadRules, parseCandidate, screen, type Entity } from '../src/index.js';

const LISTED: Entity[] = [{ id: 'x-song', schema: 'Person', caption: 'Song Kum Hyok', datasets: ['x'], properties: { name: ['Song Kum Hyok'], birthDate: ['1987-08-30'] } }];

describe('library entry point', () => {
  it('screens names and assesses candidates with links, from one import', () => {
    const index = ScreeningIndex.build(LISTED);
    assert.equal(screen({ schema: 'Person', properties: { name: ['SONG Kum-hyok'] } }, { index })[0]?.id, 'x-song');
    const a = parseCandidate({ ref: 'c1', names: ['Kum Hyok Song'], birthDate: '1987-08-30' });
    const b = { ...emptyProfile('c2'), names: ['Ann Lee'], payments: [{ type: 'iban' as const, value: 'DE89370400440532013000' }] };
    const c = { ...emptyProfile('c3'), names: ['Bo Park'], payments: [{ type: 'iban' as const, value: 'DE89 3704 0044 0532 0130 00' }] };
    const links = analyzeLinks([a, b, c]);
    const rules = loadRules();
    const now = new Date('2026-11-01T00:00:00Z');
    assert.equal(assessCandidate(a, { index, links, rules, now }).level, 'block');
    const linked = assessCandidate(b, { index, links, rules, now });
    assert.equal(linked.level, 'high');
    assert.deepEqual(linked.cluster?.members, ['c2', 'c3']);
  });

  it('still exports the former names CandidateIndex and CANDIDATES_SCORED, as deprecated aliases of ScreeningIndex and SHORTLIST_SIZE', () => {
    assert.equal(CandidateIndex, ScreeningIndex);
    assert.equal(CANDIDATES_SCORED, SHORTLIST_SIZE);
    const index: CandidateIndex = CandidateIndex.build(LISTED);
    assert.ok(index instanceof ScreeningIndex);
    assert.equal(screen({ schema: 'Person', properties: { name: ['Song Kum Hyok'] } }, { index })[0]?.id, 'x-song');
  });
});
