// The page of one alert: where it stands (status, assignee, score, decision, a pending reversal),
// the subject and the listed party side by side, why they matched, the history, and the actions.
import { useCallback, useId, type ReactNode } from 'react';
import { AlertActions } from './AlertActions';
import { AlertHistory } from './AlertHistory';
import { AlertParties } from './AlertParties';
import { DECISION_PHRASES, actorName } from './alert-words';
import { getAlert, messageOf } from './api';
import { Explanation } from './Explanation';
import { age, count, dateTimeOf, decimal } from './format';
import { hrefOf, useDocumentTitle } from './navigation';
import { useResource } from './resource';
import { StatusBadge } from './StatusBadge';
import type { AlertDetail, Explanation as MatchExplanation } from './types';

interface Props {
  id: number;
  /** The alert changed (the counts by status may have). */
  onChanged: () => void;
}

export function AlertPage({ id, onChanged }: Props) {
  useDocumentTitle(`Alert ${id}`);
  const load = useCallback((signal: AbortSignal) => getAlert(id, signal), [id]);
  const { value: alert, loading, error, reload } = useResource(load);

  const changed = useCallback(() => {
    reload();
    onChanged();
  }, [reload, onChanged]);

  return (
    <>
      <p className="back-link">
        <a href={hrefOf({ page: 'alerts' })}>Back to alerts</a>
      </p>
      <h1>Alert {id}</h1>
      <p className="loading-status" aria-live="polite">
        {loading && alert === undefined ? 'Loading the alert…' : ''}
      </p>
      {error !== undefined && (
        <p role="alert" className="error">
          {messageOf(error)}
        </p>
      )}
      {alert !== undefined && (
        <div aria-busy={loading}>
          <AlertFacts alert={alert} />
          <AlertParties alert={alert} />
          <Section title="Why it matched">
            <AlertExplanation explanation={alert.explanation} />
          </Section>
          <Section title="History">
            <AlertHistory events={alert.events} />
          </Section>
          <AlertActions alert={alert} onChanged={changed} />
        </div>
      )}
    </>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const titleId = useId();
  return (
    <section className="alert-section" aria-labelledby={titleId}>
      <h2 id={titleId}>{title}</h2>
      {children}
    </section>
  );
}

function AlertFacts({ alert }: { alert: AlertDetail }) {
  const { pendingReversal } = alert;
  return (
    <>
      <dl className="alert-facts">
        <div>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={alert.status} />
          </dd>
        </div>
        <div>
          <dt>Assignee</dt>
          <dd>{alert.assignee ?? 'Unassigned'}</dd>
        </div>
        <div>
          <dt>Score</dt>
          <dd>{decimal(alert.score)}</dd>
        </div>
        <div>
          <dt>Opened</dt>
          <dd>
            <time dateTime={alert.openedAt}>{dateTimeOf(alert.openedAt)}</time> ({age(alert.openedAt)})
          </dd>
        </div>
        <div>
          <dt>Last change</dt>
          <dd>
            <time dateTime={alert.updatedAt}>{dateTimeOf(alert.updatedAt)}</time>
          </dd>
        </div>
        {alert.reopened > 0 && (
          <div>
            <dt>Reopened</dt>
            <dd>{count(alert.reopened, 'time', 'times')}</dd>
          </div>
        )}
        {alert.suppressed > 0 && (
          <div>
            <dt>Suppressed</dt>
            <dd>{count(alert.suppressed, 'screening', 'screenings')} since the decision</dd>
          </div>
        )}
      </dl>
      {alert.decidedBy !== null && (
        <p className="decided">
          Decided by {actorName(alert.decidedBy)}
          {alert.decidedAt !== null && <> on {dateTimeOf(alert.decidedAt)}</>}
          {alert.approvedBy !== null && <>, approved by {actorName(alert.approvedBy)}</>}
          {alert.rationale !== null && <>: “{alert.rationale}”</>}
        </p>
      )}
      {pendingReversal !== null && (
        <p className="notice">
          <strong>Reversal pending:</strong> {actorName(pendingReversal.requestedBy)} asks to make this confirmed match{' '}
          {DECISION_PHRASES[pendingReversal.decision]}. It needs a second analyst’s approval (see Actions).
        </p>
      )}
    </>
  );
}

/** A list match's explanation has the shape the Screen page draws; a finding's has at least a summary. */
function isMatchExplanation(explanation: Record<string, unknown>): explanation is Record<string, unknown> & MatchExplanation {
  return typeof explanation.summary === 'string' && Array.isArray(explanation.features) && Array.isArray(explanation.identifiers);
}

function AlertExplanation({ explanation }: { explanation: Record<string, unknown> }) {
  if (!isMatchExplanation(explanation)) {
    const { summary } = explanation;
    return <p className="summary">{typeof summary === 'string' ? summary : 'No explanation was recorded.'}</p>;
  }
  const notes = explanation.notes ?? [];
  return (
    <>
      {notes.length > 0 && (
        <>
          <h3>What was done to the subject’s name</h3>
          <ul>
            {notes.map((note, i) => (
              <li key={i}>{note}</li>
            ))}
          </ul>
        </>
      )}
      <Explanation explanation={explanation} />
    </>
  );
}
