/**
 * A screening worker thread: receives the candidate index as a snapshot (bytes in a
 * SharedArrayBuffer, shared by all workers, see batch.ts), rebuilds its own index from it, then
 * answers batches of JSONL query lines with JSONL result lines. It never opens the store.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { screenLine, type CandidateIndex, type ScreenSettings } from '../match/index.js';
import { indexFromSnapshot } from '../match/snapshot.js';
import type { WorkerReply } from './batch.js';

interface Init {
  settings: ScreenSettings;
}

const init = workerData as Init;
const port = parentPort!;

function answer(index: CandidateIndex, m: { seq: number; batch: { line: string; lineNo: number }[] }): void {
  const reply: WorkerReply = { seq: m.seq, lines: [], errors: 0 };
  for (const { line, lineNo } of m.batch) {
    const result = screenLine(index, line, lineNo, init.settings);
    reply.lines.push(result.text);
    if (result.error) reply.errors++;
  }
  port.postMessage(reply);
}

// The first message carries the snapshot; every later one is a batch.
port.once('message', (m: { snapshot: Uint8Array }) => {
  let index: CandidateIndex;
  try {
    index = indexFromSnapshot(m.snapshot);
  } catch (err) {
    port.postMessage({ ready: false, error: (err as Error).message });
    return;
  }
  port.on('message', (batch: { seq: number; batch: { line: string; lineNo: number }[] }) => answer(index, batch));
  port.postMessage({ ready: true });
});
