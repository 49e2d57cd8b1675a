/**
 * A worker thread of the server's screening pool (screen-pool.ts). Each task names the version of
 * the lists it is for (a generation number) and carries the snapshot bytes of that version's
 * index, a view of the one SharedArrayBuffer every worker and the main thread read (shared, never
 * copied). The worker reads its index from the bytes the first time it meets a generation (each
 * party when first needed, then all of them at once), keeps the two newest, and answers with what
 * `screen` / `screenQuery` give on the main thread. It never opens the store.
 */
import { parentPort } from 'node:worker_threads';
import { screenQueriesNow, screenRecordsNow, type ScreeningIndex } from '../match/index.js';
import { indexFromSnapshot, restoreAllParties } from '../match/snapshot.js';
import type { PoolReply, PoolTask } from './screen-pool.js';

const port = parentPort!;
/** Generations kept: the one in force, and the one before it for the requests still under way. */
const KEPT = 2;
const indexes = new Map<number, { index: ScreeningIndex; whole: boolean }>();

function indexOf(task: PoolTask): ScreeningIndex {
  let held = indexes.get(task.generation);
  if (!held) {
    held = { index: indexFromSnapshot(task.bytes, { lazy: true }), whole: false };
    indexes.set(task.generation, held);
    const old = [...indexes.keys()].sort((a, b) => a - b);
    while (old.length > KEPT) indexes.delete(old.shift()!);
  }
  if (task.kind !== 'warm' && !held.whole) {
    // Screening has begun with this version: read every party now, once (a few hundred
    // milliseconds on this thread); a server that is never asked for a batch never pays it.
    held.whole = true;
    void restoreAllParties(held.index, Infinity).catch(() => undefined);
  }
  return held.index;
}

port.on('message', (task: PoolTask) => {
  let reply: PoolReply;
  try {
    const index = indexOf(task);
    if (task.kind === 'warm') reply = { id: task.id, ok: true, value: null };
    else if (task.kind === 'queries') reply = { id: task.id, ok: true, value: screenQueriesNow(index, task.queries, task.options) };
    else reply = { id: task.id, ok: true, value: screenRecordsNow(index, task.records, task.settings) };
  } catch (err) {
    reply = { id: task.id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
});
