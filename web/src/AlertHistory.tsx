// An alert's history, oldest first: opened, reopened or updated by a screening (with what changed),
// moved, assigned, commented, decided, and the reversal requests of a confirmed match with their
// approval, rejection or withdrawal; each with who and when.
import type { ReactNode } from 'react';
import { DECISION_PHRASES, actorName, isDecision, statusName } from './alert-words';
import { dateTimeOf, decimal, label } from './format';
import type { AlertEvent } from './types';

export function AlertHistory({ events }: { events: AlertEvent[] }) {
  const oldestFirst = [...events].sort((a, b) => a.id - b.id);
  return (
    <ol className="history">
      {oldestFirst.map((event) => (
        <li key={event.id}>
          <p className="event-head">
            <strong>{titleOf(event)}</strong>{' '}
            <span className="muted">
              by {actorName(event.actor)}, <time dateTime={event.at}>{dateTimeOf(event.at)}</time>
            </span>
          </p>
          {event.text !== null && <p className="event-text">{event.text}</p>}
          <EventDetails event={event} />
        </li>
      ))}
    </ol>
  );
}

function stringOf(details: Record<string, unknown>, key: string): string | undefined {
  const value = details[key];
  return typeof value === 'string' ? value : undefined;
}

/** The decision an event names, in a sentence ("a false positive"). */
function decisionPhrase(details: Record<string, unknown>): string {
  const decision = stringOf(details, 'decision');
  if (decision === undefined) return 'another decision';
  return isDecision(decision) ? DECISION_PHRASES[decision] : decision;
}

function titleOf(event: AlertEvent): string {
  const { details } = event;
  switch (event.kind) {
    case 'opened': {
      const score = details.score;
      return typeof score === 'number' ? `Opened with score ${decimal(score)}` : 'Opened';
    }
    case 'reopened':
      return 'Reopened: something changed since the false-positive decision';
    case 'changed':
      return 'Updated by a screening: something changed';
    case 'status':
      return `Moved from ${statusName(event.fromStatus ?? '')} to ${statusName(event.toStatus ?? '')}`;
    case 'assign': {
      const assignee = stringOf(details, 'assignee');
      return assignee === undefined ? 'Unassigned' : `Assigned to ${assignee}`;
    }
    case 'comment':
      return 'Comment';
    case 'decision':
      return `Decided: ${decisionPhrase(details)}${details.revised === true ? ' (a revised decision)' : ''}`;
    case 'reversal_requested':
      return `Reversal requested: make it ${decisionPhrase(details)}, once a second analyst approves`;
    case 'reversal_rejected':
      return 'Reversal rejected';
    case 'reversal_withdrawn':
      return 'Reversal withdrawn by its requester';
    default:
      return label(event.kind.replace(/_/g, ' '));
  }
}

interface PropertyChange {
  property: string;
  added: string[];
  removed: string[];
}

function isPropertyChange(value: unknown): value is PropertyChange {
  return (
    typeof value === 'object' &&
    value !== null &&
    'property' in value &&
    typeof value.property === 'string' &&
    'added' in value &&
    Array.isArray(value.added) &&
    'removed' in value &&
    Array.isArray(value.removed)
  );
}

function isPropertyChanges(value: unknown): value is PropertyChange[] {
  return Array.isArray(value) && value.every(isPropertyChange);
}

function changeText(side: string, change: PropertyChange): string {
  const parts = [
    ...(change.added.length > 0 ? [`added ${change.added.join('; ')}`] : []),
    ...(change.removed.length > 0 ? [`removed ${change.removed.join('; ')}`] : []),
  ];
  return `${side}, ${label(change.property).toLowerCase()}: ${parts.join(', ')}`;
}

/** What changed (a screening's `changes`), who requested and approved a reversed decision. */
function EventDetails({ event }: { event: AlertEvent }) {
  const { details } = event;
  const lines: ReactNode[] = [];
  const changes = details.changes;
  if (typeof changes === 'object' && changes !== null) {
    if ('subject' in changes && isPropertyChanges(changes.subject)) lines.push(...changes.subject.map((c) => changeText('Subject', c)));
    if ('entity' in changes && isPropertyChanges(changes.entity)) lines.push(...changes.entity.map((c) => changeText('Listed party', c)));
    if ('previous' in changes && typeof changes.previous === 'string') lines.push(`Before: ${changes.previous}`);
    if ('now' in changes && typeof changes.now === 'string') lines.push(`Now: ${changes.now}`);
  }
  const approvedBy = stringOf(details, 'approvedBy');
  const requestedBy = stringOf(details, 'requestedBy');
  if (event.kind === 'decision' && approvedBy !== undefined) {
    lines.push(`Requested by ${actorName(requestedBy ?? 'unknown')}, approved by ${actorName(approvedBy)}.`);
    const comment = stringOf(details, 'approvalComment');
    if (comment !== undefined) lines.push(`Approval comment: ${comment}`);
  }
  if ((event.kind === 'reversal_rejected' || event.kind === 'reversal_withdrawn') && requestedBy !== undefined) {
    lines.push(`${actorName(requestedBy)} had asked to make it ${decisionPhrase(details)}.`);
  }
  if (lines.length === 0) return null;
  return (
    <ul className="event-details">
      {lines.map((line, i) => (
        <li key={i}>{line}</li>
      ))}
    </ul>
  );
}
