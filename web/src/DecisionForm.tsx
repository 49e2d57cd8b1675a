// Recording a decision on an alert: confirmed match, false positive or escalated, always with a
// rationale. On a confirmed match, a false positive or an escalation is only a request that a
// second analyst approves (the server answers 202 and the alert stays confirmed).
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { decideAlert, messageOf } from './api';
import { DECISIONS, DECISION_PHRASES, STATUS_NAMES } from './alert-words';
import { useSignedIn } from './session';
import type { AlertStatus, Decision, DecisionAnswer } from './types';

interface Props {
  alertId: number;
  /** The alert's status now: deciding it again the same way is refused, so that choice is disabled. */
  status: AlertStatus;
  initialDecision?: Decision;
  /** Called with what the decision did, in a sentence. */
  onDecided: (outcome: string) => void;
  /** Shown beside "Record decision" (a Cancel button in a dialog). */
  children?: ReactNode;
}

/** What a decision did, in a sentence for the status line. */
function decisionOutcome(alertId: number, decision: Decision, answer: DecisionAnswer): string {
  return answer.took === 'effect'
    ? `Alert ${alertId} is now ${DECISION_PHRASES[decision]}.`
    : `Alert ${alertId} stays a confirmed match: making it ${DECISION_PHRASES[decision]} waits for a second analyst's approval.`;
}

export function DecisionForm({ alertId, status, initialDecision, onDecided, children }: Props) {
  const { authorised } = useSignedIn();
  const ids = useId();
  const [decision, setDecision] = useState<Decision | undefined>(initialDecision);
  const [rationale, setRationale] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy || decision === undefined) return;
    setBusy(true);
    setError(undefined);
    try {
      const answer = await authorised((csrfToken) => decideAlert(alertId, decision, rationale, csrfToken));
      setRationale('');
      onDecided(decisionOutcome(alertId, decision, answer));
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="decision-form" onSubmit={submit} aria-busy={busy}>
      <fieldset>
        <legend>Decision</legend>
        {DECISIONS.map((d) => (
          <label key={d} className="choice">
            <input
              type="radio"
              name={`${ids}-decision`}
              value={d}
              required
              checked={decision === d}
              disabled={status === d}
              onChange={() => setDecision(d)}
            />{' '}
            {STATUS_NAMES[d]}
            {status === d && <span className="muted"> (its status now)</span>}
          </label>
        ))}
      </fieldset>
      {status === 'confirmed' && (
        <p className="hint">On a confirmed match, a false positive or an escalation takes effect only once a second analyst approves it.</p>
      )}
      <label htmlFor={`${ids}-rationale`}>Rationale</label>
      <textarea
        id={`${ids}-rationale`}
        required
        rows={3}
        aria-describedby={`${ids}-rationale-hint`}
        value={rationale}
        onChange={(e) => setRationale(e.target.value)}
      />
      <p id={`${ids}-rationale-hint`} className="hint">
        Required: why, in words (at least 3 letters or digits).
      </p>
      {error !== undefined && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="form-buttons">
        <button type="submit" aria-disabled={busy}>
          {busy ? 'Recording…' : 'Record decision'}
        </button>
        {children}
      </div>
    </form>
  );
}
