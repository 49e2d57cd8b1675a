/**
 * The lists' lifecycle as every entry point runs it: a publication imported (or the configured
 * datasets updated) with its audit record written in the import's own transaction, then, once
 * the lists in force changed, the monitored subjects screened against the changes and every job
 * candidate assessed again (a sanctions signal may fire or stop firing). The CLI, the server and
 * the library call these; none of them audits, monitors or re-assesses on its own.
 */
import { auditListImportIn, listSubjects, loadSnapshot, MONITOR_BUSY, MONITOR_LOCK, runMonitor, type ListSnapshot, type MonitorRun } from '../cases/index.js';
import type { RuleSet } from '../hiring/rules.js';
import { reassessAfterListChange, type AssessAllResult } from '../hiring/service.js';
import { importList, type ImportOptions, type ImportOutcome } from '../lists/import.js';
import { updateLists, type UpdateOptions, type UpdateResult } from '../lists/update.js';
import type { Store } from '../store/index.js';

/** Who changes the lists, and through what (recorded in each import's audit record). */
export interface ListChangeActor {
  actor: string;
  /** The entry point: "lists import", "lists update", "POST /v1/lists/update", "refresh"... */
  via: string;
}

/** Import one publication; a new version and its `list.import` audit record commit together. */
export function importPublication(store: Store, options: Omit<ImportOptions, 'alsoWrite'>, by: ListChangeActor): Promise<ImportOutcome> {
  return importList(store, { ...options, alsoWrite: auditListImportIn(by.actor, by.via) });
}

/** Update datasets one after the other; each new version commits with its audit record. */
export function updatePublications(store: Store, options: Omit<UpdateOptions, 'alsoWrite'>, by: ListChangeActor): Promise<UpdateResult[]> {
  return updateLists(store, { ...options, alsoWrite: auditListImportIn(by.actor, by.via) });
}

export interface FollowUpOptions {
  actor: string;
  /** The vetting rules candidates are re-assessed with (read only when there are subjects). */
  rules: () => RuleSet;
  /** The lists in force, when the caller holds them already (else read from the store). */
  snapshot?: ListSnapshot;
  onProgress?: (step: 'monitoring' | string, done: number, total: number) => void;
  /** Stop at the next chunk boundary (a server shutting down); the monitoring run stays resumable. */
  signal?: AbortSignal;
}

export interface FollowUp {
  /** The monitor run, when one ran and had work. */
  run?: MonitorRun;
  /** Why monitoring was not run (another process holds the monitor); nothing else was done then. */
  busy?: string;
  /** The re-assessment of every candidate, when there are candidates. */
  reassessed?: AssessAllResult;
}

/**
 * What follows a change of the lists in force, for every entry point (a CLI import, the server's
 * background run after a new version lands): the monitored subjects screened against the
 * changes, then every candidate re-assessed, both under the store's monitor lock, so that one
 * process at a time does it and another finds both done. With no subject yet, the versions are
 * only recorded as monitored, so that a later import screens its own changes alone. Another
 * process monitoring is a `busy` answer, not an error: the lists are in force whatever happens here.
 */
export async function followListChange(store: Store, options: FollowUpOptions): Promise<FollowUp> {
  const snapshot = options.snapshot ?? (await loadSnapshot(store));
  const [anySubject] = await listSubjects(store, { limit: 1 });
  const locked = await store.tryWithLock(MONITOR_LOCK, async (): Promise<FollowUp> => {
    const run = await runMonitor(store, snapshot, {
      actor: options.actor,
      signal: options.signal,
      onProgress: anySubject ? (done, total) => options.onProgress?.('monitoring', done, total) : undefined,
    });
    if (!anySubject) return {};
    if (options.signal?.aborted) return { run };
    const reassessed = await reassessCandidates(store, { ...options, snapshot });
    return { run, reassessed };
  });
  return locked.acquired ? locked.value : { busy: MONITOR_BUSY };
}

/** Every candidate assessed again against the lists in force (undefined when there is none). */
function reassessCandidates(store: Store, options: FollowUpOptions & { snapshot: ListSnapshot | undefined }): Promise<AssessAllResult | undefined> {
  return reassessAfterListChange(store, {
    snapshot: options.snapshot,
    rules: options.rules(),
    actor: options.actor,
    onProgress: options.onProgress,
  });
}
