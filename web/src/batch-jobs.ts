// The batch jobs of this browser session. The server keeps no list of a user's jobs (only
// GET /v1/jobs/:id), so the jobs submitted here or opened by id are kept in memory, newest first,
// until the app is reloaded or signed out. A job not yet finished is read again every second while
// its card is shown.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { getJob, isAbort, isUnauthorized } from './api';
import { useSignedIn } from './session';
import type { JobFormat, JobInfo, JobStatus } from './types';

/** The file name endings an upload may have, and the format each is read as. */
const FORMAT_BY_ENDING = new Map<string, JobFormat>([
  ['csv', 'csv'],
  ['jsonl', 'jsonl'],
  ['ndjson', 'jsonl'],
  ['json', 'jsonl'],
]);

/** For the file input's `accept`: ".csv,.jsonl,.ndjson,.json". */
export const ACCEPTED_FILES = [...FORMAT_BY_ENDING.keys()].map((ending) => `.${ending}`).join(',');

/** The format a file is read as, from its name; undefined for a name with another ending. */
export function formatOfFile(name: string): JobFormat | undefined {
  const ending = /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase();
  return ending === undefined ? undefined : FORMAT_BY_ENDING.get(ending);
}

export function isFinished(status: JobStatus): boolean {
  return status === 'done' || status === 'failed';
}

/** Newest first; jobs created in the same millisecond by id. */
function newestFirst(a: JobInfo, b: JobInfo): number {
  return b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);
}

export interface SessionJobs {
  /** Newest first. */
  jobs: JobInfo[];
  /** Adds a job, or replaces what was known of it. */
  remember: (job: JobInfo) => void;
}

export function useSessionJobs(): SessionJobs {
  const [jobs, setJobs] = useState<JobInfo[]>([]);
  const remember = useCallback((job: JobInfo) => setJobs((previous) => [job, ...previous.filter((j) => j.id !== job.id)].sort(newestFirst)), []);
  return useMemo(() => ({ jobs, remember }), [jobs, remember]);
}

const POLL_MS = 1000;

export interface JobProgress {
  /** When the job was last read (browser time), for the time elapsed while it runs. */
  checkedAt: number;
  /** Why the last reading failed; undefined once one succeeds. Readings go on regardless. */
  error: unknown;
}

/** Reads an unfinished job every second, handing each answer to `onUpdate` (which must keep its identity), until it is done or failed. */
export function useJobProgress(job: JobInfo, onUpdate: (job: JobInfo) => void): JobProgress {
  const { authorised } = useSignedIn();
  const [progress, setProgress] = useState<JobProgress>(() => ({ checkedAt: Date.now(), error: undefined }));
  const { id } = job;
  const finished = isFinished(job.status);

  useEffect(() => {
    if (finished) return;
    const controller = new AbortController();
    let timer: number | undefined;
    const readLater = () => {
      timer = window.setTimeout(async () => {
        try {
          const latest = await authorised(() => getJob(id, controller.signal));
          if (controller.signal.aborted) return;
          setProgress({ checkedAt: Date.now(), error: undefined });
          onUpdate(latest);
          if (isFinished(latest.status)) return;
        } catch (error) {
          // Cancelled (the card went away), or signed out: the sign-in page replaces this one.
          if (isAbort(error) || controller.signal.aborted || isUnauthorized(error)) return;
          setProgress((previous) => ({ ...previous, error }));
        }
        readLater();
      }, POLL_MS);
    };
    readLater();
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [id, finished, authorised, onUpdate]);

  return progress;
}
