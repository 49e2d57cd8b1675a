// The decision form for the current row of the Alerts page (shortcuts f and c), in a modal dialog:
// the focus stays in it until it closes (Escape or Cancel), then returns to the row.
import { useEffect, useId, useRef } from 'react';
import { DecisionForm } from './DecisionForm';
import { decimal } from './format';
import type { Alert, Decision } from './types';

interface Props {
  alert: Alert;
  decision: Decision;
  onDecided: (outcome: string) => void;
  onClosed: () => void;
}

export function DecisionDialog({ alert, decision, onDecided, onClosed }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (element === null || element.open) return;
    element.showModal();
    // The decision is chosen already: what is left to write is the rationale.
    element.querySelector('textarea')?.focus();
  }, []);

  function decided(outcome: string) {
    onDecided(outcome);
    dialog.current?.close();
  }

  return (
    <dialog ref={dialog} className="decision-dialog" aria-labelledby={titleId} onClose={onClosed}>
      <h2 id={titleId}>Decide alert {alert.id}</h2>
      <p className="muted">
        {alert.subject.ref} against {alert.entity.caption}, score {decimal(alert.score)}
      </p>
      <DecisionForm alertId={alert.id} status={alert.status} initialDecision={decision} onDecided={decided}>
        <button type="button" className="secondary" onClick={() => dialog.current?.close()}>
          Cancel
        </button>
      </DecisionForm>
    </dialog>
  );
}
