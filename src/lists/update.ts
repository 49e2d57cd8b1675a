/**
 * `lists update`: bring every configured dataset up to date, from a local mirror directory
 * (`VIGIL_SOURCES_DIR`, for air-gapped sites) or from the official download URLs (overridable per
 * dataset, see datasets.ts). Downloads go to `<data dir>/downloads/` and are imported like any
 * file; a publication already in force is recognised by its sha256 and skipped.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Config } from '../config.js';
import type { Store, WithinImport } from '../store/index.js';
import { DATASETS, requireDataset, sourceUrls, type DatasetDefinition } from './datasets.js';
import { importList, type ImportOutcome, type ImportPhase } from './import.js';

export interface UpdateOptions {
  dataDir: string;
  /** Only these datasets (default: all). */
  datasets?: string[];
  /** Local mirror directory; when set, nothing is downloaded. */
  sourcesDir?: string;
  /** The settings (or the environment to read them from) that may override the download URLs. */
  env?: Config | NodeJS.ProcessEnv;
  /** Accept publications that are not the whole list (samples, fixtures), stored as partial; see coverage.ts. */
  allowPartial?: boolean;
  onStart?: (dataset: string, source: string) => void;
  onProgress?: (dataset: string, phase: ImportPhase | 'download', done: number, total: number) => void;
  /** More to write in each import's own transaction once its version is written (its audit record). */
  alsoWrite?: WithinImport;
}

export interface UpdateResult {
  dataset: string;
  source: string[];
  outcome?: ImportOutcome;
  error?: Error;
  skipped?: string;
}

/**
 * Download one URL to a file, reporting bytes received. Resolves with the response's
 * Last-Modified time (ISO 8601), when the server sent a readable one.
 */
export async function download(url: string, file: string, onProgress?: (done: number, total: number) => void): Promise<string | undefined> {
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'follow', headers: { 'user-agent': 'vigil-sanctions-screening' } });
  } catch (err) {
    throw new Error(`cannot download ${url}: ${(err as Error).cause ? String((err as Error & { cause: unknown }).cause) : (err as Error).message}`);
  }
  if (!response.ok || !response.body) {
    throw new Error(`cannot download ${url}: HTTP ${response.status} ${response.statusText}`);
  }
  const total = Number(response.headers.get('content-length') ?? 0);
  let done = 0;
  const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
  body.on('data', (chunk: Buffer) => {
    done += chunk.length;
    onProgress?.(done, total);
  });
  try {
    await pipeline(body, createWriteStream(file));
  } catch (err) {
    await rm(file, { force: true });
    throw new Error(`download of ${url} failed after ${done} bytes: ${(err as Error).message}`);
  }
  if (total > 0 && done !== total) {
    await rm(file, { force: true });
    throw new Error(`download of ${url} is incomplete: ${done} of ${total} bytes`);
  }
  const modified = Date.parse(response.headers.get('last-modified') ?? '');
  return Number.isNaN(modified) ? undefined : new Date(modified).toISOString();
}

function fileNameOf(url: string, index: number): string {
  try {
    const name = new URL(url).pathname.split('/').filter((s) => s !== '').pop();
    if (name && /^[\w.-]+$/.test(name)) return name;
  } catch {
    // fall through
  }
  return `source-${index}`;
}

interface Fetched {
  files: string[];
  /** The newest Last-Modified of the downloaded files: the publication date when the files state none. */
  lastModified?: { at: string; from: string };
}

async function filesFor(def: DatasetDefinition, options: UpdateOptions): Promise<Fetched | undefined> {
  if (options.sourcesDir) {
    const files = def.localFiles(options.sourcesDir);
    return files ? { files } : undefined;
  }
  const urls = sourceUrls(def, options.env);
  const dir = join(options.dataDir, 'downloads', def.name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const fetched: Fetched = { files: [] };
  for (const [i, url] of urls.entries()) {
    const file = join(dir, fileNameOf(url, i));
    options.onStart?.(def.name, url);
    const modified = await download(url, file, (done, total) => options.onProgress?.(def.name, 'download', done, total));
    if (modified && (!fetched.lastModified || modified > fetched.lastModified.at)) {
      fetched.lastModified = { at: modified, from: `the Last-Modified header of ${url}` };
    }
    fetched.files.push(file);
  }
  return fetched;
}

/** Update the datasets one after the other; one failing does not stop the others. */
export async function updateLists(store: Store, options: UpdateOptions): Promise<UpdateResult[]> {
  const defs = options.datasets?.length ? options.datasets.map(requireDataset) : DATASETS;
  const results: UpdateResult[] = [];
  for (const def of defs) {
    let files: string[] | undefined;
    try {
      const fetched = await filesFor(def, options);
      files = fetched?.files;
      if (!files || files.length === 0) {
        results.push({ dataset: def.name, source: [], skipped: `no publication of ${def.name} found in ${options.sourcesDir}` });
        continue;
      }
      if (options.sourcesDir) options.onStart?.(def.name, files.join(', '));
      const outcome = await importList(store, {
        dataset: def.name,
        files,
        allowPartial: options.allowPartial,
        publishedFallback: fetched?.lastModified,
        onProgress: (phase, done, total) => options.onProgress?.(def.name, phase, done, total),
        alsoWrite: options.alsoWrite,
      });
      results.push({ dataset: def.name, source: files, outcome });
    } catch (err) {
      results.push({ dataset: def.name, source: files ?? [], error: err as Error });
    }
  }
  return results;
}
