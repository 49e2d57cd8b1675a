/**
 * A screening worker thread: receives the screening index as a snapshot (bytes in a
 * SharedArrayBuffer, shared by all workers, see batch.ts), reads its own index from it (each party
 * when first needed, see `indexFromSnapshot`), then
 * answers blocks of JSONL query lines (UTF-8 bytes) with blocks of JSONL result lines (UTF-8
 * bytes), both moved between the threads rather than copied. It never opens the store.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ScreeningIndex, ScreenSettings } from '../match/index.js';
import { screenLines } from '../match/jsonl.js';
import { indexFromSnapshot, restoreAllParties } from '../match/snapshot.js';
import type { WorkerJob, WorkerReply } from './batch.js';

interface Init {
  settings: ScreenSettings;
}

const init = workerData as Init;
/** Blocks answered before the parties not read yet are read in the background (see below). */
const RESTORE_AFTER_BLOCKS = 4;
const port = parentPort!;
const encoder = new TextEncoder();

function answer(index: ScreeningIndex, job: WorkerJob): void {
  const result = screenLines(index, job.bytes, { line: job.firstLine, offset: job.offset }, init.settings);
  const reply: WorkerReply = { seq: job.seq, output: encoder.encode(result.text), lines: result.lines, errors: result.errors };
  port.postMessage(reply, [reply.output.buffer as ArrayBuffer]);
}

// The first message carries the snapshot; every later one is a block of lines.
port.once('message', (m: { snapshot: Uint8Array }) => {
  let index: ScreeningIndex;
  try {
    index = indexFromSnapshot(m.snapshot, { lazy: true });
  } catch (err) {
    port.postMessage({ ready: false, error: (err as Error).message });
    return;
  }
  let blocks = 0;
  port.on('message', (job: WorkerJob) => {
    answer(index, job);
    // A long batch: the parties no block has needed yet are read now, in one go (a few hundred
    // milliseconds, between two blocks; in slices between blocks it would take most of the
    // batch), then the index reaches every party as fast as one read at once. A short batch never
    // pays for that. (A party that cannot be read fails the block that needs it.)
    if (++blocks === RESTORE_AFTER_BLOCKS) restoreAllParties(index, Infinity).catch(() => undefined);
  });
  port.postMessage({ ready: true });
});
