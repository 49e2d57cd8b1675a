// What the Alerts page shows: which alerts (the filters), in which order, which page of them, and
// the current row. It outlives the page, so that coming back from an alert shows the same list, on
// that row.
import type { AlertQuery, AlertSort, AlertStatus, SubjectKind } from './types';

const ALERTS_PER_PAGE = 50;

/** Newest first: the alerts that came in last are on page 1. */
const DEFAULT_SORT: AlertSort = '-opened';

export type ScoreBandKey = 'any' | 'from-0.90' | 'from-0.80' | 'from-0.70' | 'below-0.70';

interface ScoreBand {
  key: ScoreBandKey;
  name: string;
  /** At least this score. */
  min?: number;
  /** Below this score (not at it: bands that meet do not share their edge). */
  below?: number;
}

export const SCORE_BANDS: readonly ScoreBand[] = [
  { key: 'any', name: 'Any' },
  { key: 'from-0.90', name: '0.90–1.00', min: 0.9 },
  { key: 'from-0.80', name: '0.80–0.90', min: 0.8, below: 0.9 },
  { key: 'from-0.70', name: '0.70–0.80', min: 0.7, below: 0.8 },
  { key: 'below-0.70', name: 'below 0.70', below: 0.7 },
];

/** The server's `maxScore` is inclusive: a band's upper edge is sent this much below it. */
const BELOW_EDGE = 1e-9;

/** How old an alert must be, in days, for the "older than" filter. */
export const OLDER_THAN_DAYS: readonly number[] = [1, 7, 30];

const DAY_MS = 24 * 60 * 60 * 1000;

export interface OlderThan {
  days: number;
  /** The `openedBefore` it stands for, fixed when it was chosen so that every page counts the same alerts. */
  before: string;
}

export function olderThan(days: number, now: number = Date.now()): OlderThan {
  return { days, before: new Date(now - days * DAY_MS).toISOString() };
}

export interface AlertFilter {
  /** Only alerts in this status; undefined: all. */
  status: AlertStatus | undefined;
  /** Only alerts assigned to this user; '': anyone's or no one's. */
  assignee: string;
  subjectKind: SubjectKind | undefined;
  /** Only alerts whose listed party is on this dataset; '': any. */
  dataset: string;
  scoreBand: ScoreBandKey;
  olderThan: OlderThan | undefined;
}

export interface AlertsView {
  filter: AlertFilter;
  sort: AlertSort;
  /** 1 for the first page. */
  page: number;
  /** The row that j, k, Enter and the other shortcuts act on. */
  currentId: number | undefined;
}

export const FIRST_VIEW: AlertsView = {
  filter: { status: undefined, assignee: '', subjectKind: undefined, dataset: '', scoreBand: 'any', olderThan: undefined },
  sort: DEFAULT_SORT,
  page: 1,
  currentId: undefined,
};

/** The offset of a page's first alert. */
export function offsetOf(page: number): number {
  return (page - 1) * ALERTS_PER_PAGE;
}

/** How many pages `total` alerts take (at least one, shown empty). */
export function pageCountOf(total: number): number {
  return Math.max(1, Math.ceil(total / ALERTS_PER_PAGE));
}

/** The query for the alerts the view lists (its current row changes nothing there). */
export function queryOf({ filter, sort, page }: Pick<AlertsView, 'filter' | 'sort' | 'page'>): AlertQuery {
  const band = SCORE_BANDS.find((b) => b.key === filter.scoreBand);
  return {
    limit: ALERTS_PER_PAGE,
    sort,
    offset: offsetOf(page),
    status: filter.status,
    assignee: filter.assignee === '' ? undefined : filter.assignee,
    subjectKind: filter.subjectKind,
    dataset: filter.dataset === '' ? undefined : filter.dataset,
    minScore: band?.min,
    maxScore: band?.below === undefined ? undefined : band.below - BELOW_EDGE,
    openedBefore: filter.olderThan?.before,
  };
}
