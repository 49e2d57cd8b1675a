/**
 * The worker thread that builds the screening index of a running server, off its event loop: it
 * opens its own connection to the store, reads the index of the lists in force from the index
 * cache of the data directory or builds it (and caches it), exactly as a CLI batch does
 * (`loadIndexSnapshot`), and hands it back as a snapshot in a SharedArrayBuffer, with the versions
 * it covers. If a list version lands while it works, it starts again, so the versions it names
 * are the ones the index was built from.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadIndexSnapshot } from '../lists/index-cache.js';
import { currentEntities } from '../lists/versions.js';
import { ScreeningIndex } from '../match/index.js';
import { indexSnapshot } from '../match/snapshot.js';
import { openStore, type ListVersion, type StoreOptions } from '../store/index.js';

export interface IndexWorkerInput {
  store: StoreOptions;
  /** The data directory whose index cache is read and written; none: build, do not cache. */
  dataDir?: string;
}

export type IndexWorkerReply =
  | { ok: true; bytes: Uint8Array; versions: ListVersion[]; from: 'cache' | 'built'; ms: number }
  | { ok: false; error: string };

/** Attempts before giving up on a store whose lists keep changing under the build. */
const ATTEMPTS = 5;

const sameIds = (a: ListVersion[], b: ListVersion[]) => a.length === b.length && a.every((v, i) => v.id === b[i]!.id);

async function build(input: IndexWorkerInput): Promise<void> {
  const t0 = performance.now();
  const store = await openStore(input.store);
  try {
    for (let attempt = 1; ; attempt++) {
      const before = await store.currentVersions();
      let bytes: Uint8Array;
      let from: 'cache' | 'built' = 'built';
      let saved: Promise<void> = Promise.resolve();
      if (input.dataDir !== undefined) {
        const loaded = await loadIndexSnapshot(store, input.dataDir);
        ({ bytes, from, saved } = loaded);
      } else {
        const serialized = indexSnapshot(ScreeningIndex.build(await currentEntities(store)));
        bytes = new Uint8Array(new SharedArrayBuffer(serialized.length));
        bytes.set(serialized);
      }
      const after = await store.currentVersions();
      if (sameIds(before, after) || attempt >= ATTEMPTS) {
        if (!sameIds(before, after)) throw new Error(`the lists in force changed ${ATTEMPTS} times while the index was being built`);
        parentPort!.postMessage({ ok: true, bytes, versions: after, from, ms: performance.now() - t0 } satisfies IndexWorkerReply);
        await saved;
        return;
      }
    }
  } finally {
    await store.close();
  }
}

build(workerData as IndexWorkerInput).catch((err: unknown) => {
  parentPort!.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) } satisfies IndexWorkerReply);
});
