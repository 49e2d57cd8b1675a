// An alert's status as a badge: the status in words, its colour only a second cue.
import { STATUS_NAMES } from './alert-words';
import type { AlertStatus } from './types';

const TONE: Record<AlertStatus, string> = {
  open: 'caution',
  in_review: 'neutral',
  confirmed: 'alarm',
  false_positive: 'clear',
  escalated: 'caution',
};

export function StatusBadge({ status }: { status: AlertStatus }) {
  return <span className={`badge ${TONE[status]}`}>{STATUS_NAMES[status]}</span>;
}
