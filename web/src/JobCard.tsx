// One batch job: its state in words, a progress bar of the rows screened (read again every second
// until it is done or failed, the state read out politely in steps of ten percent), what it found,
// how long it has taken, and, once done, its results to download as JSON lines or CSV.
import { useId } from 'react';
import { jobResultsHref, messageOf } from './api';
import { isFinished, useJobProgress } from './batch-jobs';
import { count, dateTimeOf, decimal, duration, versionName, wholeNumber } from './format';
import type { JobInfo, JobStatus } from './types';

const STATUS_NAMES: Record<JobStatus, string> = { queued: 'Queued', running: 'Running', done: 'Done', failed: 'Failed' };

/** The badge's colour, only a second cue to the status in words. */
const STATUS_TONES: Record<JobStatus, string> = { queued: 'neutral', running: 'caution', done: 'clear', failed: 'alarm' };

const FORMAT_NAMES: Record<JobInfo['format'], string> = { jsonl: 'JSON lines', csv: 'CSV' };

interface Props {
  job: JobInfo;
  onUpdate: (job: JobInfo) => void;
}

/** What a screen reader says as the job goes on: its state, and while it runs the share screened in tens of percent. */
function announcement(job: JobInfo): string {
  const { rows } = job;
  switch (job.status) {
    case 'queued':
      return `Job ${job.id} is queued: ${wholeNumber(rows.total)} rows wait for the jobs before it.`;
    case 'running':
      return `Job ${job.id} is running: ${Math.floor((rows.done / Math.max(rows.total, 1)) * 10) * 10}% of the rows screened.`;
    case 'done':
      return `Job ${job.id} is done: ${wholeNumber(rows.total)} rows screened, ${count(job.matches, 'match', 'matches')}, ${count(job.errors, 'row', 'rows')} with errors. Its results can be downloaded.`;
    case 'failed':
      return `Job ${job.id} failed after ${wholeNumber(rows.done)} of ${wholeNumber(rows.total)} rows.`;
  }
}

export function JobCard({ job, onUpdate }: Props) {
  const ids = useId();
  const { checkedAt, error } = useJobProgress(job, onUpdate);
  const { rows } = job;
  const elapsed = (job.finishedAt === null ? checkedAt : Date.parse(job.finishedAt)) - Date.parse(job.createdAt);
  return (
    <article className="job" aria-labelledby={`${ids}-title`}>
      <div className="job-head">
        <h3 id={`${ids}-title`}>
          Job <code>{job.id}</code>
        </h3>
        <span className={`badge ${STATUS_TONES[job.status]}`}>{STATUS_NAMES[job.status]}</span>
      </div>
      <label className="job-progress-label" htmlFor={`${ids}-progress`}>
        Job {job.id}: {wholeNumber(rows.done)} of {wholeNumber(rows.total)} rows
      </label>
      <progress id={`${ids}-progress`} max={Math.max(rows.total, 1)} value={rows.done} />
      <p className="job-announcement" aria-live="polite">
        {announcement(job)}
      </p>
      {job.status === 'failed' && <p className="error">Why it failed: {job.failure ?? 'the server did not say'}</p>}
      <dl className="job-facts">
        <div>
          <dt>Submitted</dt>
          <dd>
            <time dateTime={job.createdAt}>{dateTimeOf(job.createdAt)}</time>
          </dd>
        </div>
        <div>
          <dt>{isFinished(job.status) ? 'Took' : 'Elapsed'}</dt>
          <dd>{duration(elapsed)}</dd>
        </div>
        <div>
          <dt>Matches</dt>
          <dd>{wholeNumber(job.matches)}</dd>
        </div>
        <div>
          <dt>Rows with errors</dt>
          <dd>{wholeNumber(job.errors)}</dd>
        </div>
        <div>
          <dt>File</dt>
          <dd>{FORMAT_NAMES[job.format]}</dd>
        </div>
        <div>
          <dt>Threshold</dt>
          <dd>{job.settings.threshold === undefined ? 'the server’s default' : decimal(job.settings.threshold)}</dd>
        </div>
        {job.versions.length > 0 && (
          <div>
            <dt>Lists</dt>
            <dd>{job.versions.map((v) => `${versionName(v)} (from row ${wholeNumber(v.fromRow)})`).join(', ')}</dd>
          </div>
        )}
      </dl>
      {job.status === 'done' && (
        <p className="job-downloads">
          <a href={jobResultsHref(job.id, 'jsonl')} download={`${job.id}.jsonl`}>
            Download results (JSON lines)
          </a>
          <a href={jobResultsHref(job.id, 'csv')} download={`${job.id}.csv`}>
            Download results (CSV)
          </a>
        </p>
      )}
      {error !== undefined && (
        <p role="alert" className="error">
          Could not read the job’s progress ({messageOf(error)}); trying again every second.
        </p>
      )}
    </article>
  );
}
