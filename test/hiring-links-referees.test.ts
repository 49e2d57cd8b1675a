/**
 * Colleagues who give each other as references (an independent evaluation saw them read as
 * operator rings): their referee contacts are another applicant's own, but both name the employer
 * they share, which explains it; pieces one workplace explains count once. A referee who is
 * another applicant and shares no employer is still a sock puppet.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeLinks, OPERATOR_STRENGTH } from '../src/hiring/links/index.js';
import { linkProfile as profile, linkEdge as edge } from './helpers.js';

describe('colleagues vouching for each other', () => {
  it('mutual references by e-mail and phone between colleagues of one employer make no operator cluster', () => {
    // Three colleagues (one wrote the firm without its legal form), each naming the others as referees.
    const firm = [{ name: 'Lindqvist Data AB', from: '2021-03', to: 'present' }];
    const people = [
      profile('r1', { emails: ['anna.lind@mail.se'], phones: [{ number: '+46 70 123 45 67' }], employers: firm }),
      profile('r2', { emails: ['erik.berg@mail.se'], phones: [{ number: '+46 70 765 43 21' }], employers: [{ name: 'Lindqvist Data', from: '2020-09' }] }),
      profile('r3', { emails: ['sara.ek@mail.se'], phones: [{ number: '+46 73 555 12 12' }], employers: firm }),
    ];
    const [r1, r2, r3] = people;
    r1!.references = [{ name: 'Erik Berg', email: 'erik.berg@mail.se', phone: '+46707654321', company: 'Lindqvist Data AB' }, { name: 'Sara Ek', email: 'sara.ek@mail.se' }];
    r2!.references = [{ name: 'Anna Lind', email: 'Anna.Lind@mail.se', phone: '070-123 45 67', company: 'Lindqvist Data AB' }];
    r3!.references = [{ name: 'Anna Lind', email: 'anna.lind@mail.se' }, { name: 'Erik Berg', phone: '+46 70 765 43 21' }];
    const r = analyzeLinks(people);
    const e12 = edge(r, 'r1', 'r2')!;
    assert.ok(e12.evidence.length >= 3, JSON.stringify(e12.evidence));
    for (const ev of e12.evidence) {
      assert.equal(ev.explained, 'office', ev.detail);
      assert.match(ev.detail, /both name 'Lindqvist Data( AB)?' as an employer \(a colleague vouching\)/);
    }
    assert.ok(e12.strength < OPERATOR_STRENGTH, `strength ${e12.strength}: one workplace, counted once`);
    for (const ref of ['r1', 'r2', 'r3']) assert.notEqual(r.clusterOf(ref)?.operator, true, ref);
  });

  it('a referee who is another applicant and shares no employer is still a sock puppet, and joins an operator cluster', () => {
    const r = analyzeLinks([
      profile('s1', { emails: ['dev.lead@mail.io'], employers: [{ name: 'Harbor Apps LLC' }] }),
      profile('s2', { references: [{ name: 'Lead', email: 'dev.lead@mail.io' }], employers: [{ name: 'Northwind Software Ltd' }] }),
    ]);
    const ev = edge(r, 's1', 's2')!.evidence[0]!;
    assert.equal(ev.explained, undefined);
    assert.ok(ev.weight >= OPERATOR_STRENGTH);
    assert.equal(r.clusterOf('s1')?.operator, true);
  });
});
