// What an analyst does with an alert: take it into review (assigned to themself), comment, decide
// it; and, when a reversal of a confirmed match is pending, approve or reject it (its requester
// may only withdraw it). Each action reports what it did and has the alert read again. An action
// whose control goes away with it (the review button, the decision and reversal forms) leaves the
// focus on the section, which begins with what the action did.
import { useId, useRef, useState, type FormEvent, type RefObject } from 'react';
import { approveReversal, commentAlert, messageOf, rejectReversal, updateAlert } from './api';
import { DECISION_PHRASES, actorName, userActor } from './alert-words';
import { DecisionForm } from './DecisionForm';
import { dateTimeOf } from './format';
import { OutcomeLine, type Outcome } from './Outcome';
import { useSignedIn } from './session';
import type { AlertDetail, PendingReversal } from './types';

interface Props {
  alert: AlertDetail;
  /** The alert changed: read it again. */
  onChanged: () => void;
}

/** What an action does once done: keep the focus where it is, or move it to the section. */
type Focus = 'stay' | 'section';

/** Runs an action once at a time, reporting what it did or the server's message. */
function useAction(section: RefObject<HTMLElement | null>, onChanged: () => void) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();

  function report(text: string, focus: Focus) {
    setOutcome({ text, failed: false });
    if (focus === 'section') section.current?.focus();
    onChanged();
  }

  async function run(action: () => Promise<string>, focus: Focus): Promise<boolean> {
    if (busy) return false;
    setBusy(true);
    setOutcome(undefined);
    try {
      report(await action(), focus);
      return true;
    } catch (failure) {
      setOutcome({ text: messageOf(failure), failed: true });
      return false;
    } finally {
      setBusy(false);
    }
  }

  return { busy, outcome, run, report, setOutcome };
}

export function AlertActions({ alert, onChanged }: Props) {
  const titleId = useId();
  const section = useRef<HTMLElement>(null);
  const action = useAction(section, onChanged);
  return (
    <section className="actions" aria-labelledby={titleId} ref={section} tabIndex={-1}>
      <h2 id={titleId}>Actions</h2>
      <OutcomeLine outcome={action.outcome} />
      <div className="action-forms">
        <Review alert={alert} busy={action.busy} run={action.run} />
        <CommentForm alert={alert} busy={action.busy} run={action.run} />
        {alert.pendingReversal !== null ? (
          <ReversalForm alert={alert} pending={alert.pendingReversal} busy={action.busy} run={action.run} onMissingReason={action.setOutcome} />
        ) : (
          <div className="action">
            <h3>Decide</h3>
            <DecisionForm key={alert.status} alertId={alert.id} status={alert.status} onDecided={(text) => action.report(text, 'section')} />
          </div>
        )}
      </div>
    </section>
  );
}

interface ActionProps {
  alert: AlertDetail;
  busy: boolean;
  run: (action: () => Promise<string>, focus: Focus) => Promise<boolean>;
}

function Review({ alert, busy, run }: ActionProps) {
  const { session, authorised } = useSignedIn();
  const me = session.user.name;
  const decided = alert.status === 'confirmed' || alert.status === 'false_positive';
  const mine = alert.status === 'in_review' && alert.assignee === me;

  function takeIntoReview() {
    void run(async () => {
      await authorised((csrfToken) => updateAlert(alert.id, { status: 'in_review', assignee: me }, csrfToken));
      return `Alert ${alert.id} is in review, assigned to you.`;
    }, 'section');
  }

  return (
    <div className="action">
      <h3>Review</h3>
      {decided ? (
        <p className="muted">A decided alert changes only by a new decision.</p>
      ) : mine ? (
        <p>In review, assigned to you.</p>
      ) : (
        <button type="button" aria-disabled={busy} onClick={takeIntoReview}>
          Take into review and assign to me
        </button>
      )}
    </div>
  );
}

function CommentForm({ alert, busy, run }: ActionProps) {
  const { authorised } = useSignedIn();
  const commentId = useId();
  const [text, setText] = useState('');

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const added = await run(async () => {
      await authorised((csrfToken) => commentAlert(alert.id, text, csrfToken));
      return 'Comment added.';
    }, 'stay');
    if (added) setText('');
  }

  return (
    <form className="action" onSubmit={submit}>
      <h3>Add a comment</h3>
      <label htmlFor={commentId}>Comment</label>
      <textarea id={commentId} required rows={3} value={text} onChange={(e) => setText(e.target.value)} />
      <div className="form-buttons">
        <button type="submit" aria-disabled={busy}>
          Add comment
        </button>
      </div>
    </form>
  );
}

interface ReversalProps extends ActionProps {
  pending: PendingReversal;
  onMissingReason: (outcome: Outcome) => void;
}

function ReversalForm({ alert, pending, busy, run, onMissingReason }: ReversalProps) {
  const { session, authorised } = useSignedIn();
  const reasonId = useId();
  const reasonField = useRef<HTMLTextAreaElement>(null);
  const [reason, setReason] = useState('');
  const requestedByMe = pending.requestedBy === userActor(session.user.name);
  const asked = DECISION_PHRASES[pending.decision];

  function approve() {
    void run(async () => {
      await authorised((csrfToken) => approveReversal(alert.id, reason, csrfToken));
      setReason('');
      return `Reversal approved: alert ${alert.id} is now ${asked}.`;
    }, 'section');
  }

  function reject(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (reason.trim() === '') {
      onMissingReason({ text: `Give a reason to ${requestedByMe ? 'withdraw' : 'reject'} the reversal.`, failed: true });
      reasonField.current?.focus();
      return;
    }
    void run(async () => {
      await authorised((csrfToken) => rejectReversal(alert.id, reason, csrfToken));
      setReason('');
      return `Reversal ${requestedByMe ? 'withdrawn' : 'rejected'}: alert ${alert.id} stays a confirmed match.`;
    }, 'section');
  }

  return (
    <form className="action" onSubmit={reject}>
      <h3>Pending reversal</h3>
      <p>
        {actorName(pending.requestedBy)} asked on {dateTimeOf(pending.requestedAt)} to make this confirmed match {asked}:
      </p>
      <blockquote className="event-text">{pending.rationale}</blockquote>
      <p className="hint">
        {requestedByMe
          ? 'You asked for it: another analyst approves or rejects it. You may withdraw it, with a reason.'
          : `It takes effect once a second analyst (anyone but ${actorName(pending.requestedBy)}) approves it.`}
      </p>
      <label htmlFor={reasonId}>{requestedByMe ? 'Reason' : 'Reason or comment'}</label>
      <textarea
        id={reasonId}
        ref={reasonField}
        rows={3}
        aria-describedby={`${reasonId}-hint`}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <p id={`${reasonId}-hint`} className="hint">
        {requestedByMe ? 'Required to withdraw.' : 'Required to reject; optional when approving.'}
      </p>
      <div className="form-buttons">
        {!requestedByMe && (
          <button type="button" aria-disabled={busy} onClick={approve}>
            Approve reversal
          </button>
        )}
        <button type="submit" aria-disabled={busy} className={requestedByMe ? undefined : 'secondary'}>
          {requestedByMe ? 'Withdraw the request' : 'Reject reversal'}
        </button>
      </div>
    </form>
  );
}
