// Which alerts the Alerts page lists: a button per status with how many alerts are in it (and All),
// the pressed one showing; and an assignee, applied on Enter or with Filter.
import { useId, useState, type FormEvent } from 'react';
import { ALERT_STATUSES, STATUS_NAMES } from './alert-words';
import type { AlertCounts, AlertStatus } from './types';

interface Props {
  counts: AlertCounts | undefined;
  status: AlertStatus | undefined;
  assignee: string;
  onStatus: (status: AlertStatus | undefined) => void;
  onAssignee: (assignee: string) => void;
}

function total(counts: AlertCounts): number {
  return ALERT_STATUSES.reduce((sum, s) => sum + counts[s], 0);
}

export function AlertFilters({ counts, status, assignee, onStatus, onAssignee }: Props) {
  const ids = useId();
  const [typed, setTyped] = useState(assignee);

  function applyAssignee(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onAssignee(typed.trim());
  }

  return (
    <div className="alert-filters">
      <div role="group" aria-labelledby={`${ids}-status`} className="status-filters">
        <span id={`${ids}-status`} className="filter-name">
          Status
        </span>
        <button type="button" className="filter" aria-pressed={status === undefined} onClick={() => onStatus(undefined)}>
          All{counts !== undefined && <span className="filter-count"> {total(counts)}</span>}
        </button>
        {ALERT_STATUSES.map((s) => (
          <button key={s} type="button" className="filter" aria-pressed={status === s} onClick={() => onStatus(s)}>
            {STATUS_NAMES[s]}
            {counts !== undefined && <span className="filter-count"> {counts[s]}</span>}
          </button>
        ))}
      </div>
      <form className="assignee-filter" onSubmit={applyAssignee}>
        <label htmlFor={`${ids}-assignee`}>Assignee</label>
        <input
          id={`${ids}-assignee`}
          type="search"
          autoComplete="off"
          spellCheck={false}
          value={typed}
          aria-describedby={`${ids}-assignee-hint`}
          onChange={(e) => setTyped(e.target.value)}
        />
        <button type="submit">Filter</button>
        <span id={`${ids}-assignee-hint`} className="hint">
          A user name; empty for anyone’s.
        </span>
      </form>
    </div>
  );
}
