// Marking the selected alerts as false positives with one rationale: one decision per alert, one
// after the other, then a report of how many took effect, which are requests waiting for a second
// analyst (confirmed matches), and which failed with the server's message.
import { useId, useState, type FormEvent } from 'react';
import { decideAlert, isUnauthorized, messageOf } from './api';
import { count } from './format';
import { useSignedIn } from './session';
import type { Alert } from './types';

interface Report {
  decided: number[];
  requested: number[];
  failed: { id: number; message: string }[];
}

interface Props {
  /** The selected alerts, in the table's order. */
  selected: Alert[];
  /** After the run: the ids that failed (to keep them selected). */
  onFinished: (failed: number[]) => void;
}

function summaryOf(report: Report, asked: number): string {
  const parts = [`${report.decided.length} of ${asked} marked as false positive.`];
  if (report.requested.length > 0) {
    const waiting = count(report.requested.length, 'confirmed match waits', 'confirmed matches wait');
    parts.push(`${waiting} for a second analyst's approval (${report.requested.map((id) => `#${id}`).join(', ')}).`);
  }
  if (report.failed.length > 0) parts.push(`${report.failed.length} failed.`);
  return parts.join(' ');
}

export function BulkFalsePositive({ selected, onFinished }: Props) {
  const { authorised } = useSignedIn();
  const ids = useId();
  const [rationale, setRationale] = useState('');
  const [progress, setProgress] = useState<string>();
  const [report, setReport] = useState<{ summary: string; failed: Report['failed'] }>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (progress !== undefined) return;
    if (selected.length === 0) {
      setReport({ summary: 'No alert is selected: select alerts with the checkboxes in the table first.', failed: [] });
      return;
    }
    setReport(undefined);
    const done: Report = { decided: [], requested: [], failed: [] };
    for (const [i, alert] of selected.entries()) {
      setProgress(`Recording ${i + 1} of ${selected.length}…`);
      try {
        const answer = await authorised((csrfToken) => decideAlert(alert.id, 'false_positive', rationale, csrfToken));
        (answer.took === 'effect' ? done.decided : done.requested).push(alert.id);
      } catch (failure) {
        // Signed out: the sign-in page replaces this one.
        if (isUnauthorized(failure)) return;
        done.failed.push({ id: alert.id, message: messageOf(failure) });
      }
    }
    setProgress(undefined);
    setReport({ summary: summaryOf(done, selected.length), failed: done.failed });
    if (done.failed.length === 0) setRationale('');
    onFinished(done.failed.map((f) => f.id));
  }

  const busy = progress !== undefined;
  return (
    <section className="bulk" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Mark selected alerts as false positive</h2>
      <form onSubmit={submit} aria-busy={busy}>
        <label htmlFor={`${ids}-rationale`}>Rationale for every selected alert</label>
        <textarea
          id={`${ids}-rationale`}
          required
          rows={2}
          aria-describedby={`${ids}-hint`}
          value={rationale}
          onChange={(e) => setRationale(e.target.value)}
        />
        <button type="submit" aria-disabled={busy || selected.length === 0}>
          Mark {selected.length} selected as false positive
        </button>
        <p id={`${ids}-hint`} className="hint">
          Select alerts with the checkboxes in the table. Each gets its own decision; on a confirmed match it is a request for a second
          analyst’s approval.
        </p>
      </form>
      <p role="status" className="status">
        {progress ?? report?.summary ?? ''}
      </p>
      {report !== undefined && report.failed.length > 0 && (
        <div role="alert" className="error">
          <p>These alerts were not marked:</p>
          <ul>
            {report.failed.map((f) => (
              <li key={f.id}>
                Alert {f.id}: {f.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
