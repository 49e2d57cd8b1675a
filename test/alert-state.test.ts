/**
 * The alert rule (src/cases/alert-state.ts) on its own, without a database: every alert status,
 * with nothing, the subject, the listed party or both changed since the alert was last written,
 * under the rules of list hits and of findings, and no alert at all. The writes these answers lead
 * to are exercised end to end in cases.test.ts, monitor.test.ts and hiring-service.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  FINDING_RULES,
  LIST_HIT_RULES,
  nextAlertState,
  sameEntityState,
  type AlertRules,
  type AlertTransition,
  type HitState,
} from '../src/cases/alert-state.js';
import { ALERT_STATUSES, type AlertStatus } from '../src/cases/alerts.js';
import type { EntityState } from '../src/cases/snapshot.js';

const PARTY: EntityState = { hash: 'party-1', wallets: { 'wallet-a': 'a1', 'wallet-b': 'b1' } };
const PARTY_EDITED: EntityState = { hash: 'party-2', wallets: { 'wallet-a': 'a1', 'wallet-b': 'b1' } };

/** Columns of the tables below: what changed since the alert was last written. */
const COLUMNS = [
  { name: 'nothing', subject: false, entity: false },
  { name: 'the subject', subject: true, entity: false },
  { name: 'the listed party', subject: false, entity: true },
  { name: 'both', subject: true, entity: true },
] as const;

/** Expected answers, "outcome write [event]", per status and column. */
type Row = readonly [string, string, string, string];

const LIST_HITS: Record<AlertStatus, Row> = {
  open: ['updated refresh', 'updated refresh changed', 'updated refresh changed', 'updated refresh changed'],
  in_review: ['updated refresh', 'updated refresh changed', 'updated refresh changed', 'updated refresh changed'],
  escalated: ['updated refresh', 'updated refresh changed', 'updated refresh changed', 'updated refresh changed'],
  confirmed: ['confirmed refresh', 'confirmed refresh changed', 'confirmed refresh changed', 'confirmed refresh changed'],
  false_positive: ['suppressed suppress', 'reopened reopen reopened', 'reopened reopen reopened', 'reopened reopen reopened'],
};

// A finding watches only its fingerprint: an edited subject alone is "nothing changed".
const FINDINGS: Record<AlertStatus, Row> = {
  open: ['unchanged none', 'unchanged none', 'updated refresh changed', 'updated refresh changed'],
  in_review: ['unchanged none', 'unchanged none', 'updated refresh changed', 'updated refresh changed'],
  escalated: ['unchanged none', 'unchanged none', 'updated refresh changed', 'updated refresh changed'],
  confirmed: ['confirmed none', 'confirmed none', 'confirmed refresh changed', 'confirmed refresh changed'],
  false_positive: ['suppressed suppress', 'suppressed suppress', 'reopened reopen reopened', 'reopened reopen reopened'],
};

function answer(t: AlertTransition): string {
  return [t.outcome, t.write, ...(t.event ? [t.event] : [])].join(' ');
}

function checkTable(rules: AlertRules, table: Record<AlertStatus, Row>): void {
  for (const status of ALERT_STATUSES) {
    for (const [k, column] of COLUMNS.entries()) {
      const previous = { status, subjectHash: 'subject-1', entityState: PARTY };
      const hit: HitState = { subjectHash: column.subject ? 'subject-2' : 'subject-1', entityState: column.entity ? PARTY_EDITED : PARTY };
      const t = nextAlertState(previous, hit, rules);
      const what = `${status}, ${column.name} changed`;
      assert.equal(answer(t), table[status][k], what);
      // Whatever changed that counts is reported alongside a reopening or a `changed` event, and nothing otherwise.
      const subject = column.subject && rules.subjectCounts;
      if (t.event === 'reopened' || t.event === 'changed') assert.deepEqual(t.changed, { subject, entity: column.entity }, what);
      else assert.equal(t.changed, undefined, what);
    }
  }
}

describe('nextAlertState', () => {
  it('opens an alert where there is none, under either rules, with an `opened` event', () => {
    for (const rules of [LIST_HIT_RULES, FINDING_RULES]) {
      assert.deepEqual(nextAlertState(undefined, { subjectHash: 'subject-1', entityState: PARTY }, rules), { outcome: 'opened', write: 'open', event: 'opened' });
    }
  });

  it('list hits: every status, with nothing, the subject, the listed party or both changed', () => {
    checkTable(LIST_HIT_RULES, LIST_HITS);
  });

  it('findings: every status, with nothing, the subject, the fingerprint or both changed', () => {
    checkTable(FINDING_RULES, FINDINGS);
  });

  it('treats a status it does not know as undecided: brought up to date, never suppressed', () => {
    const t = nextAlertState({ status: 'archived', subjectHash: 'subject-1', entityState: PARTY }, { subjectHash: 'subject-1', entityState: PARTY }, LIST_HIT_RULES);
    assert.deepEqual(t, { outcome: 'updated', write: 'refresh' });
  });

  it("reopens a false positive when one of the listed party's wallets was added, dropped or changed", () => {
    const fp = { status: 'false_positive', subjectHash: 'subject-1', entityState: PARTY };
    const wallets: Record<string, string>[] = [
      { 'wallet-a': 'a1', 'wallet-b': 'b1', 'wallet-c': 'c1' },
      { 'wallet-a': 'a1' },
      { 'wallet-a': 'a1', 'wallet-b': 'b2' },
    ];
    for (const w of wallets) {
      const t = nextAlertState(fp, { subjectHash: 'subject-1', entityState: { hash: PARTY.hash, wallets: w } }, LIST_HIT_RULES);
      assert.deepEqual(t, { outcome: 'reopened', write: 'reopen', event: 'reopened', changed: { subject: false, entity: true } }, JSON.stringify(w));
    }
  });
});

describe('sameEntityState', () => {
  it('ignores the order wallets are listed in', () => {
    const reordered: EntityState = { hash: PARTY.hash, wallets: { 'wallet-b': 'b1', 'wallet-a': 'a1' } };
    assert.equal(sameEntityState(PARTY, reordered), true);
    const t = nextAlertState({ status: 'false_positive', subjectHash: 'subject-1', entityState: PARTY }, { subjectHash: 'subject-1', entityState: reordered }, LIST_HIT_RULES);
    assert.equal(t.outcome, 'suppressed');
  });

  it('tells a different hash or a different wallet apart', () => {
    assert.equal(sameEntityState(PARTY, PARTY_EDITED), false);
    assert.equal(sameEntityState(PARTY, { hash: PARTY.hash, wallets: { 'wallet-a': 'a1', 'wallet-c': 'b1' } }), false);
    assert.equal(sameEntityState(PARTY, { hash: PARTY.hash, wallets: {} }), false);
  });
});
