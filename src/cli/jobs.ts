/**
 * `vigil jobs submit FILE`: send a batch to a running Vigil service, follow its progress, and
 * download the results when it is done.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Progress } from './progress.js';

export interface SubmitOptions {
  file: string;
  url: string;
  key: string;
  output: string;
  format: 'jsonl' | 'csv';
  threshold?: number;
  limit?: number;
  progress: Progress;
  pollMs?: number;
}

interface JobView {
  id: string;
  status: string;
  rows: { total: number; done: number };
  matches: number;
  errors: number;
  failure?: string | null;
  message?: string;
}

async function call(url: string, key: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${key}` } });
  } catch (err) {
    throw new Error(`cannot reach ${url}: ${String((err as Error & { cause?: unknown }).cause ?? (err as Error).message)}`);
  }
}

export async function submitJob(options: SubmitOptions): Promise<JobView> {
  await stat(options.file);
  const base = options.url.replace(/\/+$/, '');
  const type = options.file.toLowerCase().endsWith('.csv') ? 'text/csv' : 'application/x-ndjson';
  const params = new URLSearchParams();
  if (options.threshold !== undefined) params.set('threshold', String(options.threshold));
  if (options.limit !== undefined) params.set('limit', String(options.limit));
  const res = await call(`${base}/v1/jobs?${params}`, options.key, {
    method: 'POST',
    headers: { 'content-type': type },
    body: Readable.toWeb(createReadStream(options.file)) as unknown as RequestInit['body'],
    duplex: 'half',
  } as RequestInit);
  let job = (await res.json()) as JobView;
  if (res.status !== 202) throw new Error(`the service refused the job (HTTP ${res.status}): ${job.message ?? ''}`);
  while (job.status === 'queued' || job.status === 'running') {
    options.progress.update(`job ${job.id}`, job.rows.done, job.rows.total);
    await new Promise((r) => setTimeout(r, options.pollMs ?? 500));
    const poll = await call(`${base}/v1/jobs/${job.id}`, options.key);
    job = (await poll.json()) as JobView;
    if (poll.status !== 200) throw new Error(`lost track of the job (HTTP ${poll.status}): ${job.message ?? ''}`);
  }
  options.progress.stop();
  if (job.status !== 'done') throw new Error(`job ${job.id} ${job.status}: ${job.failure ?? 'no reason given'}`);
  const results = await call(`${base}/v1/jobs/${job.id}/results?format=${options.format}`, options.key);
  if (results.status !== 200 || !results.body) throw new Error(`cannot download the results (HTTP ${results.status})`);
  await pipeline(Readable.fromWeb(results.body as import('node:stream/web').ReadableStream<Uint8Array>), createWriteStream(options.output));
  return job;
}
