// What the Alerts page shows: which alerts (status, assignee), which page of them, and the current
// row. It outlives the page, so that coming back from an alert shows the same list, on that row.
import type { AlertQuery, AlertStatus } from './types';

const ALERTS_PER_PAGE = 50;

export interface AlertsView {
  /** Only alerts in this status; undefined: all. */
  status: AlertStatus | undefined;
  /** Only alerts assigned to this user; '': anyone's or no one's. */
  assignee: string;
  /** The `after` cursor of each page after the first, in the order visited: page N has N - 1 of them. */
  cursors: number[];
  /** The row that j, k, Enter and the other shortcuts act on. */
  currentId: number | undefined;
}

export const FIRST_VIEW: AlertsView = { status: undefined, assignee: '', cursors: [], currentId: undefined };

/** The query for the alerts the view lists (its current row changes nothing there). */
export function queryOf(view: Pick<AlertsView, 'status' | 'assignee' | 'cursors'>): AlertQuery {
  return {
    limit: ALERTS_PER_PAGE,
    ...(view.status !== undefined ? { status: view.status } : {}),
    ...(view.assignee !== '' ? { assignee: view.assignee } : {}),
    ...(view.cursors.length > 0 ? { after: view.cursors[view.cursors.length - 1] } : {}),
  };
}
