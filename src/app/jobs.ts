/**
 * Batch screening jobs. An upload (JSON lines, or CSV with a header) is streamed to a file, never
 * held in memory; the job is recorded, then screened in chunks by the runner, one job at a time,
 * yielding between chunks so the API stays responsive. The file is read by src/io/records.ts: a
 * row that cannot be read (a JSON line that is not JSON, a row that is not UTF-8) gets an error
 * line naming it, like a row that is not a valid query; a file that cannot be read as a whole
 * (broken CSV quoting, a UTF-16 file, a record over 1 MiB) is refused at upload.
 *
 * Crash safety: each chunk of results is appended to the results file and flushed to disk, and
 * only then are `rows_done` and `results_bytes` advanced in the store. A job found running at
 * start-up resumes: the results file is cut back to `results_bytes` (dropping a chunk written but
 * not recorded) and screening goes on from row `rows_done`. No row is lost or written twice.
 * A job whose store goes away while it runs (PostgreSQL stopped or restarting) is not failed: the
 * runner waits for the store to answer again and resumes it the same way.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { VigilError } from '../errors.js';
import { readRecords } from '../io/records.js';
import type { JobRecord, ScreenSettings } from '../match/index.js';
import { isStoreUnavailable, type Store, type StoredJob } from '../store/index.js';
import type { ListSnapshot } from '../cases/index.js';

export type JobFormat = 'jsonl' | 'csv';
export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobInfo {
  id: string;
  keyId: string | null;
  status: JobStatus;
  format: JobFormat;
  rows: { total: number; done: number };
  matches: number;
  errors: number;
  settings: ScreenSettings;
  failure: string | null;
  /**
   * The list versions the rows were screened against, each with the first row screened with it
   * (a job resumed after a restart under newer lists names both); empty until the job starts.
   */
  versions: JobListVersion[];
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export interface JobListVersion {
  dataset: string;
  version: number;
  publishedAt: string | null;
  fromRow: number;
}

export interface JobLimits {
  maxRows: number;
  maxBytes: number;
}

export const DEFAULT_JOB_LIMITS: JobLimits = { maxRows: 1_000_000, maxBytes: 1024 ** 3 };
const CHUNK_ROWS = 500;
/** A job whose store went away probes it again after this long, doubling up to the max. */
const STORE_RETRY_MS = 250;
const STORE_RETRY_MAX_MS = 5_000;

/** An upload that cannot be a batch job: empty, unreadable, or over a limit. */
export class JobInputError extends VigilError {
  declare readonly code: 'invalid_input' | 'too_large';
  constructor(code: 'invalid_input' | 'too_large', message: string) {
    super(code, message);
  }
}

function info(job: StoredJob): JobInfo {
  return {
    id: job.id,
    keyId: job.keyId,
    status: job.status as JobStatus,
    format: job.inputFormat as JobFormat,
    rows: { total: job.inputRows, done: job.rowsDone },
    matches: job.matches,
    errors: job.errors,
    settings: job.settings,
    failure: job.failure,
    versions: [],
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    finishedAt: job.finishedAt,
  };
}

/** CSV columns: `id`, `schema` (default LegalEntity), every other column a property; `;` separates values. */
function csvRowToQuery(header: string[], cells: string[]): { id: string; schema: string; properties: Record<string, string[]> } {
  // As columns named by the header: a repeated name keeps its last cell, cells past the header are dropped.
  const record: Record<string, string> = {};
  header.forEach((column, i) => {
    if (i < cells.length) record[column] = cells[i]!;
  });
  const properties: Record<string, string[]> = {};
  let id = '';
  let schema = 'LegalEntity';
  for (const [column, raw] of Object.entries(record)) {
    const value = raw.trim();
    if (value === '') continue;
    if (column === 'id') id = value;
    else if (column === 'schema') schema = value;
    else properties[column] = value.split(';').map((v) => v.trim()).filter((v) => v !== '');
  }
  return { id, schema, properties };
}

/**
 * The rows of an input file as query records, from `skip` on, numbered from 1 (blank lines and
 * rows left out), read by `readRecords` (src/io/records.ts): a row that cannot be read (not UTF-8,
 * a JSON line that is not JSON) comes as its error, to be answered with an error line.
 */
async function* inputRows(file: string, format: JobFormat, skip: number): AsyncGenerator<JobRecord> {
  let header: string[] = [];
  let row = 0;
  for await (const record of readRecords(file, { format, name: 'the file', onHeader: (cells) => (header = cells) })) {
    row++;
    if (row <= skip) continue;
    if ('error' in record) yield { row, error: record.error };
    else yield { row, query: 'cells' in record ? csvRowToQuery(header, record.cells) : record.value };
  }
}

/**
 * The lists a job runner screens with: the server's in-memory lists (`ServerState`), which may
 * still be loading (`ready` false) when a job is submitted or resumed.
 */
export interface JobLists {
  readonly ready: boolean;
  /** Load the lists in force (the runner waits for them before a queued job starts). */
  reload(): Promise<unknown>;
  /** The lists in force; an error when none is imported or they are not loaded. */
  requireSnapshot(): ListSnapshot;
}

export class JobRunner {
  private readonly queue: string[] = [];
  private running: Promise<void> | undefined;
  private stopped = false;
  /** Test hook: called after a chunk is on disk, before it is recorded (a crash there must be harmless). */
  beforeCommit: ((jobId: string, rowsDone: number) => void) | undefined;
  /** Told when a job pauses because the store is unavailable (it resumes once the store answers). */
  onStoreWait: ((jobId: string, err: Error) => void) | undefined;

  constructor(
    readonly store: Store,
    private readonly state: JobLists,
    private readonly dataDir: string,
    readonly limits: JobLimits = DEFAULT_JOB_LIMITS,
  ) {}

  private dir(id: string): string {
    return join(this.dataDir, 'jobs', id);
  }

  /**
   * Stream an upload to disk, check it, record the job with its `job.submit` audit record (one
   * transaction) and queue it. `actor` is who submitted it, for the audit trail.
   */
  async submit(body: Readable, format: JobFormat, settings: ScreenSettings, keyId: string | null, actor: string): Promise<JobInfo> {
    // With no list in force, refuse at once (503) rather than accept rows that cannot be screened;
    // while the first index load runs, the job is accepted and waits for it.
    if (this.state.ready) this.state.requireSnapshot();
    const id = `job_${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
    const dir = this.dir(id);
    await mkdir(dir, { recursive: true });
    const input = join(dir, `input.${format}`);
    try {
      let bytes = 0;
      const out = createWriteStream(input);
      for await (const chunk of body) {
        bytes += (chunk as Buffer).length;
        if (bytes > this.limits.maxBytes) throw new JobInputError('too_large', `the upload is larger than ${this.limits.maxBytes} bytes`);
        if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      }
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
      if (bytes === 0) throw new JobInputError('invalid_input', 'the upload is empty');
      let rows = 0;
      try {
        for await (const _ of inputRows(input, format, 0)) {
          rows++;
          if (rows > this.limits.maxRows) throw new JobInputError('too_large', `more than ${this.limits.maxRows} rows; split the file`);
        }
      } catch (err) {
        if (err instanceof JobInputError) throw err;
        throw new JobInputError('invalid_input', `the ${format.toUpperCase()} upload cannot be read: ${(err as Error).message}`);
      }
      if (rows === 0) throw new JobInputError('invalid_input', 'the upload has no rows');
      const now = new Date().toISOString();
      await this.store.transaction(async (tx) => {
        await tx.jobs.insert({
          id,
          keyId,
          status: 'queued',
          inputFormat: format,
          inputRows: rows,
          rowsDone: 0,
          resultsBytes: 0,
          matches: 0,
          errors: 0,
          settings,
          failure: null,
          createdAt: now,
          updatedAt: now,
          finishedAt: null,
        });
        await tx.audit.append([{ actor, action: 'job.submit', subject: id, details: { rows, format } }]);
      });
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
    this.enqueue(id);
    return (await this.get(id))!;
  }

  async get(id: string): Promise<JobInfo | undefined> {
    const job = await this.store.repos.jobs.byId(id);
    return job ? { ...info(job), versions: await this.versionsOf(id) } : undefined;
  }

  /** The list versions a job screened with (`lists.json` beside its input and results). */
  private async versionsOf(id: string): Promise<JobListVersion[]> {
    try {
      return JSON.parse(await readFile(join(this.dir(id), 'lists.json'), 'utf8')) as JobListVersion[];
    } catch {
      return [];
    }
  }

  /** The results file and how many of its bytes are committed. */
  async results(id: string): Promise<{ file: string; bytes: number } | undefined> {
    const bytes = await this.store.repos.jobs.resultsBytes(id);
    return bytes !== undefined ? { file: join(this.dir(id), 'results.jsonl'), bytes } : undefined;
  }

  /** Queue every job left queued or running (after a restart). */
  async resumeAll(): Promise<string[]> {
    const ids = await this.store.repos.jobs.unfinishedIds();
    for (const id of ids) this.enqueue(id);
    return ids;
  }

  /** Resolves when the queue is empty. */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  stop(): void {
    this.stopped = true;
  }

  private enqueue(id: string): void {
    if (!this.queue.includes(id)) this.queue.push(id);
    this.running ??= this.drain().finally(() => (this.running = undefined));
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.stopped) {
      const id = this.queue.shift()!;
      try {
        await this.run(id);
      } catch (err) {
        if (this.stopped) return;
        try {
          if (!isStoreUnavailable(err)) {
            await this.store.repos.jobs.markFailed(id, (err as Error).message, new Date().toISOString());
            continue;
          }
        } catch (markErr) {
          if (!isStoreUnavailable(markErr)) throw markErr;
        }
        // The store went away: the job is not failed. Wait for the store, then run it again from
        // its last recorded chunk, as after a crash (the results file is cut back to what was recorded).
        this.onStoreWait?.(id, err as Error);
        this.queue.unshift(id);
        await this.waitForStore();
      }
    }
  }

  /** Wait until the store answers again (or the runner stops), probing with a growing pause. */
  private async waitForStore(): Promise<void> {
    for (let pause = STORE_RETRY_MS; !this.stopped; pause = Math.min(pause * 2, STORE_RETRY_MAX_MS)) {
      await new Promise<void>((r) => setTimeout(r, pause).unref());
      if (this.stopped) return;
      try {
        await this.store.ping();
        return;
      } catch {
        // still away
      }
    }
  }

  private async run(id: string): Promise<void> {
    const job = await this.store.repos.jobs.byId(id);
    if (!job || job.status === 'done' || job.status === 'failed') return;
    if (!this.state.ready) await this.state.reload();
    const snapshot = this.state.requireSnapshot(); // no list in force: the job fails, saying so
    // Which lists the rows from here on are screened against.
    const used = (await this.versionsOf(id)).filter((v) => v.fromRow <= job.rowsDone);
    for (const v of snapshot.versions) {
      const same = used.findLast((u) => u.dataset === v.dataset);
      if (same?.version !== v.id) used.push({ dataset: v.dataset, version: v.id, publishedAt: v.publishedAt, fromRow: job.rowsDone + 1 });
    }
    await writeFile(join(this.dir(id), 'lists.json'), JSON.stringify(used));
    const settings: ScreenSettings = job.settings;
    const dir = this.dir(id);
    const resultsFile = join(dir, 'results.jsonl');
    let committedBytes = job.resultsBytes;
    // Drop whatever was written after the last recorded chunk.
    const size = await stat(resultsFile).then((s) => s.size, () => 0);
    if (size > committedBytes) await truncate(resultsFile, committedBytes);
    await this.store.repos.jobs.markRunning(id, new Date().toISOString());

    const handle = await open(resultsFile, 'a');
    let rowsDone = job.rowsDone;
    let matches = job.matches;
    let errors = job.errors;
    try {
      let chunk: string[] = [];
      let chunkMatches = 0;
      let chunkErrors = 0;
      const commit = async () => {
        if (chunk.length === 0) return;
        const text = `${chunk.join('\n')}\n`;
        await handle.write(text);
        await handle.sync();
        const written = Buffer.byteLength(text);
        this.beforeCommit?.(id, rowsDone + chunk.length);
        rowsDone += chunk.length;
        matches += chunkMatches;
        errors += chunkErrors;
        committedBytes += written;
        await this.store.repos.jobs.recordProgress(id, { rowsDone, resultsBytes: committedBytes, matches, errors }, new Date().toISOString());
        chunk = [];
        chunkMatches = 0;
        chunkErrors = 0;
        await new Promise<void>((r) => setImmediate(r)); // let requests in between chunks
      };
      // A chunk is screened by the server's worker threads (ListSnapshot.screenRecords; without
      // them, on this thread in slices of a few milliseconds), so health checks and screens keep
      // their turn while it runs.
      let pending: JobRecord[] = [];
      const screenPending = async () => {
        for (const result of await snapshot.screenRecords(pending, settings)) {
          chunk.push(result.text);
          if (result.error) chunkErrors++;
          else if (result.text.includes('"match":true')) chunkMatches++;
        }
        pending = [];
        await commit();
      };
      for await (const input of inputRows(join(dir, `input.${job.inputFormat}`), job.inputFormat as JobFormat, rowsDone)) {
        if (this.stopped) return;
        pending.push(input);
        if (pending.length >= CHUNK_ROWS) await screenPending();
      }
      if (this.stopped) return;
      await screenPending();
    } finally {
      await handle.close();
    }
    const now = new Date().toISOString();
    await this.store.repos.jobs.markDone(id, now);
  }
}
