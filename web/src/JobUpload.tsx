// Submitting a batch job: a CSV or JSON lines file (its format chosen from its name) and an optional
// threshold, uploaded as it is; what the file must hold, with an example of each format; the
// server's refusal (too large, unreadable, no rows...) in an alert.
import { useId, useRef, useState, type FormEvent } from 'react';
import { isUnauthorized, messageOf, submitJob } from './api';
import { ACCEPTED_FILES, formatOfFile } from './batch-jobs';
import { wholeNumber } from './format';
import { useSignedIn } from './session';
import type { JobInfo } from './types';

const CSV_EXAMPLE = 'id,schema,name,birthDate,country\nc-1,Person,Kum-hyok Song,1987,kp';
const JSONL_EXAMPLE = '{"id": "q1", "schema": "Person", "properties": {"name": ["Kum-hyok Song"], "birthDate": ["1987"]}}';

/** "840 bytes", "2.4 MB". */
function sizeOf(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  const [value, unit] = bytes < 1e6 ? [bytes / 1e3, 'kB'] : bytes < 1e9 ? [bytes / 1e6, 'MB'] : [bytes / 1e9, 'GB'];
  return `${value.toFixed(1)} ${unit}`;
}

/** The threshold typed: undefined when left empty, NaN when it is not a number from 0 to 1. */
function thresholdOf(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  return value >= 0 && value <= 1 ? value : Number.NaN;
}

type Problem = { field: 'file' | 'threshold' | 'server'; message: string };

export function JobUpload({ onSubmitted }: { onSubmitted: (job: JobInfo) => void }) {
  const { authorised } = useSignedIn();
  const ids = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const thresholdInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File>();
  const [threshold, setThreshold] = useState('');
  const [uploading, setUploading] = useState(false);
  const [status, setStatus] = useState('');
  const [problem, setProblem] = useState<Problem>();

  function refuse(field: 'file' | 'threshold', message: string) {
    setProblem({ field, message });
    (field === 'file' ? fileInput : thresholdInput).current?.focus();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (uploading) return;
    setStatus('');
    setProblem(undefined);
    if (file === undefined) return refuse('file', 'Choose a file to screen.');
    const format = formatOfFile(file.name);
    if (format === undefined) return refuse('file', `“${file.name}” is neither CSV nor JSON lines: its name must end in ${ACCEPTED_FILES.split(',').join(', ')}.`);
    const chosenThreshold = thresholdOf(threshold);
    if (Number.isNaN(chosenThreshold)) return refuse('threshold', 'The threshold must be a number from 0 to 1, or left empty.');
    const form = event.currentTarget;
    setUploading(true);
    setStatus(`Uploading ${file.name} (${sizeOf(file.size)})…`);
    try {
      const job = await authorised((csrfToken) => submitJob(file, format, chosenThreshold, csrfToken));
      onSubmitted(job);
      setStatus(`Job ${job.id} submitted: ${wholeNumber(job.rows.total)} rows queued. Its progress is under “Jobs of this session”.`);
      form.reset();
      setFile(undefined);
      setThreshold('');
    } catch (failure) {
      // Signed out: the sign-in page replaces this one.
      if (isUnauthorized(failure)) return;
      setStatus('');
      setProblem({ field: 'server', message: `The job was not accepted: ${messageOf(failure)}` });
    } finally {
      setUploading(false);
    }
  }

  return (
    <section className="job-upload" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Submit a file</h2>
      <form onSubmit={submit} noValidate aria-busy={uploading}>
        <div className="field">
          <label htmlFor={`${ids}-file`}>File (CSV or JSON lines)</label>
          <input
            id={`${ids}-file`}
            ref={fileInput}
            type="file"
            accept={ACCEPTED_FILES}
            required
            aria-describedby={`${ids}-file-hint`}
            aria-invalid={problem?.field === 'file' || undefined}
            onChange={(e) => setFile(e.target.files?.[0])}
          />
          <p id={`${ids}-file-hint`} className="hint">
            A name ending in .csv is read as CSV; .jsonl, .ndjson or .json as JSON lines. Up to a million rows.
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-threshold`}>Threshold (optional)</label>
          <input
            id={`${ids}-threshold`}
            ref={thresholdInput}
            type="number"
            min={0}
            max={1}
            step={0.01}
            inputMode="decimal"
            autoComplete="off"
            aria-describedby={`${ids}-threshold-hint`}
            aria-invalid={problem?.field === 'threshold' || undefined}
            value={threshold}
            onChange={(e) => setThreshold(e.target.value)}
          />
          <p id={`${ids}-threshold-hint`} className="hint">
            The score from 0 to 1 at which a result counts as a match; left empty, the server’s default.
          </p>
        </div>
        <button type="submit" aria-disabled={uploading}>
          Submit job
        </button>
      </form>
      <p role="status" className="status">
        {status}
      </p>
      {problem !== undefined && (
        <p role="alert" className="error">
          {problem.message}
        </p>
      )}
      <h3>What the file holds</h3>
      <dl className="job-formats">
        <dt>CSV</dt>
        <dd>
          A header row, then one row per party to screen. The column <code>id</code> is your reference for the row (it comes back with the
          results), <code>schema</code> the kind of party (<code>Person</code>, <code>Organization</code>, <code>Company</code>…; empty:{' '}
          <code>LegalEntity</code>), and every other column a property such as <code>name</code>, <code>birthDate</code>,{' '}
          <code>country</code> or <code>publicKey</code>; separate several values in one cell with <code>;</code>. For example:
          <pre>
            <code>{CSV_EXAMPLE}</code>
          </pre>
        </dd>
        <dt>JSON lines</dt>
        <dd>
          One JSON object per line, with <code>id</code>, <code>schema</code> and <code>properties</code> (each a list of values). For
          example:
          <pre>
            <code>{JSONL_EXAMPLE}</code>
          </pre>
        </dd>
      </dl>
      <p className="hint">A row that cannot be read or is not a valid query is answered with an error line; the other rows are screened.</p>
    </section>
  );
}
