/**
 * A monitoring run on demand (`vigil monitor run`, POST /v1/monitor/run): the monitored subjects
 * brought up to date with the lists in force, holding the store's monitor lock so that one
 * process at a time monitors. Refused when no list is imported: a run that screened against
 * nothing would report every subject clear.
 */
import { runMonitorExclusive, type MonitorOptions, type MonitorRun } from '../cases/index.js';
import type { Store } from '../store/index.js';
import type { ListsInForce } from './lists-in-force.js';

export type MonitorNowOptions = Omit<MonitorOptions, 'staleAfterMs' | 'signal'>;

/** The run, or undefined when there was nothing to do (no list change, no new or edited subject). */
export async function monitorNow(store: Store, lists: ListsInForce, options: Omit<MonitorOptions, 'signal'>): Promise<MonitorRun | undefined> {
  const snapshot = await lists.forScreening();
  return runMonitorExclusive(store, snapshot, options);
}
