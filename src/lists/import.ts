/**
 * Importing a publication: check the files, detect the format from content, refuse a file of the
 * wrong list, skip a publication already in force (same sha256), parse, and hand the entities to
 * the store, which writes the new list version in one transaction. Any failure leaves the
 * current version in force; a store with no room left says so by name (a StoreFullError: "disk
 * full while importing <files>: version N of <dataset> stays in force").
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import { basename } from 'node:path';
import { VigilError } from '../errors.js';
import { StoreFullError, type ImportResult, type ListVersion, type Store, type WithinImport } from '../store/index.js';
import { partialReasons } from './coverage.js';
import { requireDataset } from './datasets.js';
import { ListFormatError, PartialListError } from './errors.js';
import { detectFormat } from './formats.js';
import type { FormatName } from './types.js';

export type ImportPhase = 'parse' | 'store';

/** A publication older than the one in force was refused. */
export class OlderPublicationError extends VigilError {
  constructor(message: string) {
    super('older_publication', message);
  }
}

export interface ImportOptions {
  dataset: string;
  files: string[];
  /**
   * Import a publication older than the version in force (backfilling history). It then becomes
   * the version in force. Without it such an import is refused, so an old file passed by mistake
   * cannot roll the screening lists back.
   */
  allowOlder?: boolean;
  /**
   * Import a publication that is not the whole list (a sample, a fixture, an extract: see
   * coverage.ts). It is stored as partial, and shown as partial wherever the dataset is listed.
   * Without it such an import is refused (PartialListError), and the version in force stays.
   */
  allowPartial?: boolean;
  /**
   * The publication date when the file states none: the download's Last-Modified header, with
   * where it came from. The file's own date always wins.
   */
  publishedFallback?: { at: string; from: string };
  /** Called with the phase and progress within it. */
  onProgress?: (phase: ImportPhase, done: number, total: number) => void;
  /** More to write in the import's own transaction once the version is written (its audit record). */
  alsoWrite?: WithinImport;
}

export interface ImportOutcome {
  version: ListVersion;
  /** The version that was current before, if any. */
  previous: ListVersion | undefined;
  /** True when the publication was already the current version: nothing was written. */
  unchanged: boolean;
  format: FormatName;
  warnings: string[];
  parseMs: number;
  storeMs: number;
  /** Why the version is partial, when it was accepted as such (allowPartial). */
  partial: string | undefined;
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** sha256 of one file; for a set, of the sorted "name:sha256" lines of its files. */
export async function publicationHash(files: string[]): Promise<string> {
  if (files.length === 1) return sha256Of(files[0]!);
  const lines: string[] = [];
  for (const f of files) lines.push(`${basename(f).toLowerCase()}:${await sha256Of(f)}`);
  return createHash('sha256').update(lines.sort().join('\n')).digest('hex');
}

export async function importList(store: Store, options: ImportOptions): Promise<ImportOutcome> {
  const def = requireDataset(options.dataset);
  if (options.files.length === 0) throw new Error('no file given to import');
  for (const file of options.files) {
    try {
      await access(file, constants.R_OK);
    } catch {
      throw new ListFormatError(file, 'the file does not exist or cannot be read');
    }
  }
  const adapter = await detectFormat(options.files[0]!);
  if (!def.formats.includes(adapter.format)) {
    throw new ListFormatError(
      options.files[0]!,
      `this is a ${adapter.title} file, which is not a publication of ${def.name} (${def.title}); ` +
        `${def.name} is read from: ${def.formats.join(', ')}`,
    );
  }
  const previous = await store.currentVersion(def.name);
  const sha256 = await publicationHash(options.files);
  if (previous && previous.sha256 === sha256) {
    return {
      version: previous,
      previous,
      unchanged: true,
      format: adapter.format,
      warnings: [],
      parseMs: 0,
      storeMs: 0,
      partial: previous.partial ?? undefined,
    };
  }
  const t0 = performance.now();
  const parsed = await adapter.parse(options.files, {
    dataset: def.name,
    onProgress: (done, total) => options.onProgress?.('parse', done, total),
  });
  const t1 = performance.now();
  const wrong = def.checkPublication?.(parsed);
  if (wrong) throw new ListFormatError(options.files[0]!, wrong);
  const partial = partialReasons(def, parsed, options.files);
  if (partial.length > 0 && !options.allowPartial) throw new PartialListError(options.files[0]!, def.name, partial);
  const warnings = [...parsed.warnings];
  if (partial.length > 0) warnings.push(`imported as a partial list (allowed): ${partial.join('; ')}`);
  let publishedAt = parsed.publishedAt;
  let publishedFrom = parsed.publishedAt ? parsed.publishedFrom : undefined;
  if (!publishedAt && options.publishedFallback) {
    publishedAt = options.publishedFallback.at;
    publishedFrom = options.publishedFallback.from;
  }
  if (!options.allowOlder && previous?.publishedAt && publishedAt && publishedAt < previous.publishedAt) {
    throw new OlderPublicationError(
      `${basename(options.files[0]!)} was published ${publishedAt}, before the version in force ` +
        `(version ${previous.id}, published ${previous.publishedAt}); nothing was imported. ` +
        'To import it anyway (it would become the version in force), allow older publications (--allow-older).',
    );
  }
  let result: ImportResult;
  try {
    result = await store.importVersion(
      {
        dataset: def.name,
        format: adapter.format,
        sourceFiles: options.files.map((f) => basename(f)),
        publishedAt,
        publishedFrom,
        sha256,
        stats: parsed.stats,
        warnings,
        entities: parsed.entities,
        partial: partial.length > 0 ? partial.join('; ') : undefined,
      },
      (done, total) => options.onProgress?.('store', done, total),
      options.alsoWrite,
    );
  } catch (err) {
    if (err instanceof StoreFullError) throw await fullWhileImporting(store, def.name, options.files, previous, err);
    throw err;
  }
  const t2 = performance.now();
  return {
    version: result.version,
    previous,
    unchanged: result.unchanged,
    format: adapter.format,
    warnings,
    parseMs: t1 - t0,
    storeMs: t2 - t1,
    partial: result.version.partial ?? undefined,
  };
}

/**
 * The error of an import the store had no room for: which files, and which version stays in
 * force (read again, as it is now; the one read before the import if even a read fails).
 */
async function fullWhileImporting(store: Store, dataset: string, files: string[], previous: ListVersion | undefined, err: StoreFullError): Promise<StoreFullError> {
  const inForce = await store.currentVersion(dataset).catch(() => previous);
  const names = files.map((f) => basename(f)).join(', ');
  const stays = inForce ? `version ${inForce.id} of ${dataset} stays in force` : `no version of ${dataset} is in force, as before`;
  return new StoreFullError(
    `disk full while importing ${names}: ${stays}; nothing of this publication was written. ` +
      `Free space where the store is kept and import it again (${(err.cause as Error | undefined)?.message ?? err.message})`,
    { cause: err },
  );
}
