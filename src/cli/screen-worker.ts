/**
 * A screening worker thread: opens the store, builds its own candidate index, then answers
 * batches of JSONL query lines with JSONL result lines (see batch.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { storeFromEnv } from '../store/index.js';
import { screenLine, type ScreenSettings } from '../match/index.js';
import { loadIndex, type WorkerReply } from './batch.js';

interface Init {
  dataDir: string;
  env: Record<string, string | undefined>;
  settings: ScreenSettings;
}

const init = workerData as Init;
const store = await storeFromEnv(init.dataDir, init.env);
const index = await loadIndex(store).finally(() => store.close());
parentPort!.on('message', (m: { seq: number; batch: { line: string; lineNo: number }[] }) => {
  const reply: WorkerReply = { seq: m.seq, lines: [], errors: 0 };
  for (const { line, lineNo } of m.batch) {
    const result = screenLine(index, line, lineNo, init.settings);
    reply.lines.push(result.text);
    if (result.error) reply.errors++;
  }
  parentPort!.postMessage(reply);
});
parentPort!.postMessage({ ready: true });
