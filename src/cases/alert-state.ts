/**
 * The alert rule, once, for list screenings (screening.ts) and other findings (`raiseFinding` in
 * alerts.ts): given the alert a subject already has for a listed party or a finding (or none) and
 * the hit seen now, what becomes of the alert. No alert yet: it opens. A decided false positive is
 * suppressed while nothing it was decided on has changed, and reopens when something has. Any
 * other alert keeps its status and is brought up to date; a confirmed one is reported as such.
 *
 * The two callers differ in two ways, given here as rules rather than as separate code: whether an
 * edit to the subject counts as a change, and whether an alert seen again with nothing changed is
 * still rewritten. This module only decides; the callers write (alert-writes.ts), audit and
 * announce what it says.
 */
/** A listed party's state when an alert last saw it. */
export interface EntityState {
  hash: string;
  /** Wallet entity id -> content hash. */
  wallets: Record<string, string>;
}

/**
 * What a hit did to its alert, as callers report it. `confirmed`: a confirmed match seen again
 * (never suppressed, whatever changed); `updated`: another undecided alert rewritten with the
 * hit; `unchanged`: an undecided alert left as it was.
 */
export type AlertOutcome = 'opened' | 'updated' | 'unchanged' | 'reopened' | 'suppressed' | 'confirmed';

/** What the alert on record says, as far as the rule goes. */
export interface StoredAlertState {
  /** One of ALERT_STATUSES (alerts.ts); anything but `false_positive` and `confirmed` counts as undecided. */
  status: string;
  /** The subject's content hash when the alert was last written. */
  subjectHash: string;
  /** The listed party's state (or a finding's fingerprint) when the alert was last written. */
  entityState: EntityState;
}

/** The hit seen now. */
export interface HitState {
  subjectHash: string;
  entityState: EntityState;
}

/** How a caller's hits differ from another's; see LIST_HIT_RULES and FINDING_RULES. */
export interface AlertRules {
  /** Whether an edit to the subject counts as a change (reopening a false positive, a `changed` event). */
  subjectCounts: boolean;
  /** Whether an alert with nothing changed is still rewritten with the hit (its score, summary, screening). */
  refreshUnchanged: boolean;
}

/**
 * List hits: a false positive holds only while both the subject and the listed party (with its
 * wallets) are as they were when it was decided, and every screening is recorded on the alert
 * (last screening, current score) even when nothing changed, so such an alert is `updated`.
 */
export const LIST_HIT_RULES: AlertRules = { subjectCounts: true, refreshUnchanged: true };

/**
 * Findings (e.g. a candidate's vetting risk): only the finding's fingerprint counts, and an alert
 * whose fingerprint is the same is left untouched (`unchanged`).
 */
export const FINDING_RULES: AlertRules = { subjectCounts: false, refreshUnchanged: false };

/** Which write the caller makes (alert-writes.ts): insertOpenAlert, reopenAlert, refreshAlert, countSuppressed, or none. */
export type AlertWriteKind = 'open' | 'reopen' | 'refresh' | 'suppress' | 'none';

export interface AlertTransition {
  outcome: AlertOutcome;
  write: AlertWriteKind;
  /**
   * The alert event the write records: `opened` and `reopened` are also audited and sent to
   * webhooks; `changed` is passed to refreshAlert as its details (and moves `updated_at`). None for
   * a suppression or a refresh with nothing changed.
   */
  event?: 'opened' | 'reopened' | 'changed';
  /** What differs from the alert on record, when something does (the caller describes it). */
  changed?: { subject: boolean; entity: boolean };
}

/** Whether two states of a listed party are the same: same content hash, same wallets with the same hashes. */
export function sameEntityState(a: EntityState, b: EntityState): boolean {
  if (a.hash !== b.hash) return false;
  const ak = Object.keys(a.wallets);
  const bk = Object.keys(b.wallets);
  return ak.length === bk.length && ak.every((k) => a.wallets[k] === b.wallets[k]);
}

/** What a hit does to the alert on record (`undefined`: none yet) under a caller's rules. */
export function nextAlertState(previous: StoredAlertState | undefined, hit: HitState, rules: AlertRules): AlertTransition {
  if (!previous) return { outcome: 'opened', write: 'open', event: 'opened' };
  const subject = rules.subjectCounts && previous.subjectHash !== hit.subjectHash;
  const entity = !sameEntityState(previous.entityState, hit.entityState);
  const changed = subject || entity ? { subject, entity } : undefined;
  if (previous.status === 'false_positive') {
    return changed ? { outcome: 'reopened', write: 'reopen', event: 'reopened', changed } : { outcome: 'suppressed', write: 'suppress' };
  }
  const confirmed = previous.status === 'confirmed';
  if (!changed && !rules.refreshUnchanged) return { outcome: confirmed ? 'confirmed' : 'unchanged', write: 'none' };
  return { outcome: confirmed ? 'confirmed' : 'updated', write: 'refresh', ...(changed ? { event: 'changed' as const, changed } : {}) };
}
