// How alerts read on the page: their statuses, subject kinds and orders, the decisions an analyst records, and who acted.
import type { AlertSort, AlertStatus, Decision, SubjectKind } from './types';

/** ALERT_STATUSES (src/cases/alerts.ts), in the order of the lifecycle. */
export const ALERT_STATUSES: readonly AlertStatus[] = ['open', 'in_review', 'confirmed', 'false_positive', 'escalated'];

export const STATUS_NAMES: Record<AlertStatus, string> = {
  open: 'Open',
  in_review: 'In review',
  confirmed: 'Confirmed match',
  false_positive: 'False positive',
  escalated: 'Escalated',
};

/** DECISIONS (src/cases/alerts.ts). */
export const DECISIONS: readonly Decision[] = ['confirmed', 'false_positive', 'escalated'];

/** A decision in a sentence: "Alert 12 is now a false positive." */
export const DECISION_PHRASES: Record<Decision, string> = {
  confirmed: 'a confirmed match',
  false_positive: 'a false positive',
  escalated: 'escalated',
};

function isAlertStatus(value: string): value is AlertStatus {
  return (ALERT_STATUSES as readonly string[]).includes(value);
}

export function isDecision(value: string): value is Decision {
  return (DECISIONS as readonly string[]).includes(value);
}

/** A status as an event records it (a plain string): its name, or the string itself when unknown. */
export function statusName(status: string): string {
  return isAlertStatus(status) ? STATUS_NAMES[status] : status;
}

/** Who acted, in words: `user:alice` -> "alice", `key:ab12` -> "API key ab12", `cli:bob` -> "bob (command line)". */
export function actorName(actor: string): string {
  const [kind, ...rest] = actor.split(':');
  const who = rest.join(':');
  switch (kind) {
    case 'user':
      return who;
    case 'key':
      return `API key ${who}`;
    case 'cli':
      return `${who} (command line)`;
    default:
      return actor;
  }
}

/** The actor the server records for a signed-in user. */
export function userActor(userName: string): string {
  return `user:${userName}`;
}

/** SUBJECT_KINDS (src/cases/subject-input.ts). */
export const SUBJECT_KINDS: readonly SubjectKind[] = ['customer', 'counterparty', 'vendor', 'employee', 'candidate'];

export function isSubjectKind(value: string): value is SubjectKind {
  return (SUBJECT_KINDS as readonly string[]).includes(value);
}

/** An order of the alert list in words: "Sorted by score, highest first." */
export const SORT_NAMES: Record<AlertSort, string> = {
  id: 'alert number, lowest first',
  '-id': 'alert number, highest first',
  score: 'score, lowest first',
  '-score': 'score, highest first',
  opened: 'opening time, oldest first',
  '-opened': 'opening time, newest first',
};
