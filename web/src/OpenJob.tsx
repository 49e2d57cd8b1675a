// Opening a job by its id (one submitted before this page was loaded, or from the command line with
// the same user): read once, then listed with this session's jobs.
import { useId, useState, type FormEvent } from 'react';
import { getJob, isUnauthorized, messageOf } from './api';
import { useSignedIn } from './session';
import type { JobInfo } from './types';

/** The longest job id the server reads in a path. */
const MAX_JOB_ID = 60;

export function OpenJob({ onOpened }: { onOpened: (job: JobInfo) => void }) {
  const { authorised } = useSignedIn();
  const ids = useId();
  const [id, setId] = useState('');
  const [opening, setOpening] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (opening) return;
    const wanted = id.trim();
    setStatus('');
    setError(undefined);
    if (wanted === '') return setError('Type the id of a job, such as job_mc1xk2a0f3b9c2d1.');
    setOpening(true);
    try {
      const job = await authorised(() => getJob(wanted));
      onOpened(job);
      setStatus(`Job ${job.id} opened: it is listed under “Jobs of this session”.`);
      setId('');
    } catch (failure) {
      // Signed out: the sign-in page replaces this one.
      if (isUnauthorized(failure)) return;
      setError(`Could not open job ${wanted}: ${messageOf(failure)}`);
    } finally {
      setOpening(false);
    }
  }

  return (
    <section className="job-open" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Open a job by id</h2>
      <form onSubmit={submit} noValidate aria-busy={opening}>
        <div className="field">
          <label htmlFor={`${ids}-id`}>Job id</label>
          <input
            id={`${ids}-id`}
            autoComplete="off"
            spellCheck={false}
            maxLength={MAX_JOB_ID}
            aria-describedby={`${ids}-hint`}
            aria-invalid={error !== undefined || undefined}
            value={id}
            onChange={(e) => setId(e.target.value)}
          />
          <p id={`${ids}-hint`} className="hint">
            The jobs listed here are kept only while this page is open: open an earlier job again by its id. You can open the jobs you
            submitted.
          </p>
        </div>
        <button type="submit" aria-disabled={opening}>
          Open job
        </button>
      </form>
      <p role="status" className="status">
        {status}
      </p>
      {error !== undefined && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
