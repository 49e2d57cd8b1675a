// How the Audit page reads the trail: a period of local days sent as ISO times, the records it
// shows (newest first, filtered by actor and action, 100 a page), and each record's details and
// subject in words.
import type { AuditPeriod } from './api';
import { actorName } from './alert-words';
import type { AuditRecord } from './types';

export const RECORDS_PER_PAGE = 100;

/** The period the page opens on: the last 30 days. */
const DEFAULT_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

/** What the period's date inputs hold: `YYYY-MM-DD` in the reader's time zone, or '' for an open end. */
export interface PeriodInput {
  from: string;
  to: string;
}

function localDate(time: number): string {
  const date = new Date(time);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function defaultPeriod(now: number = Date.now()): PeriodInput {
  return { from: localDate(now - DEFAULT_DAYS * DAY_MS), to: '' };
}

/** The period as the server takes it: from the start of the first local day to the end of the last. */
export function periodOf({ from, to }: PeriodInput): AuditPeriod {
  return {
    from: from === '' ? undefined : new Date(`${from}T00:00:00`).toISOString(),
    to: to === '' ? undefined : new Date(`${to}T23:59:59.999`).toISOString(),
  };
}

export interface RecordFilter {
  /** Part of the actor, in any case ("alice", "key:"); '': anyone. */
  actor: string;
  /** One action exactly; '': any. */
  action: string;
}

export function recordsShown(newestFirst: readonly AuditRecord[], { actor, action }: RecordFilter): AuditRecord[] {
  const part = actor.trim().toLowerCase();
  return newestFirst.filter(
    (r) =>
      (action === '' || r.action === action) &&
      (part === '' || r.actor.toLowerCase().includes(part) || actorName(r.actor).toLowerCase().includes(part)),
  );
}

/** The actions the records hold, in alphabetical order (and the chosen one, even when none holds it). */
export function actionsOf(records: readonly AuditRecord[], chosen: string): string[] {
  const actions = new Set(records.map((r) => r.action));
  if (chosen !== '') actions.add(chosen);
  return [...actions].sort();
}

/** The alert a record acted on, when its subject is `alert:<id>`. */
export function alertIdOf(subject: string): number | undefined {
  const match = /^alert:([1-9]\d{0,9})$/.exec(subject);
  return match === null ? undefined : Number(match[1]);
}

function valueText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) return value.map(valueText).join(', ');
  return JSON.stringify(value);
}

/** A record's details on one line: "decision: false_positive; rationale: Different birth date". */
export function detailsText(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${valueText(value)}`)
    .join('; ');
}
