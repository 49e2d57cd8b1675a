// Which alerts the Alerts page lists: a button per status with how many alerts are in it (and All),
// the pressed one showing; a subject kind, a score band and an age, each applied when chosen; and
// an assignee and a dataset, applied on Enter or with Filter.
import { useId, useState, type FormEvent } from 'react';
import { ALERT_STATUSES, isSubjectKind, STATUS_NAMES, SUBJECT_KINDS } from './alert-words';
import { OLDER_THAN_DAYS, olderThan, SCORE_BANDS, type AlertFilter } from './alerts-view';
import { count } from './format';
import type { AlertCounts } from './types';

interface Props {
  counts: AlertCounts | undefined;
  filter: AlertFilter;
  onFilter: (change: Partial<AlertFilter>) => void;
}

function total(counts: AlertCounts): number {
  return ALERT_STATUSES.reduce((sum, s) => sum + counts[s], 0);
}

const ANY = '';

export function AlertFilters({ counts, filter, onFilter }: Props) {
  const ids = useId();
  const [assignee, setAssignee] = useState(filter.assignee);
  const [dataset, setDataset] = useState(filter.dataset);

  function applyTyped(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onFilter({ assignee: assignee.trim(), dataset: dataset.trim() });
  }

  return (
    <div className="alert-filters">
      <div role="group" aria-labelledby={`${ids}-status`} className="status-filters">
        <span id={`${ids}-status`} className="filter-name">
          Status
        </span>
        <button type="button" className="filter" aria-pressed={filter.status === undefined} onClick={() => onFilter({ status: undefined })}>
          All{counts !== undefined && <span className="filter-count"> {total(counts)}</span>}
        </button>
        {ALERT_STATUSES.map((s) => (
          <button key={s} type="button" className="filter" aria-pressed={filter.status === s} onClick={() => onFilter({ status: s })}>
            {STATUS_NAMES[s]}
            {counts !== undefined && <span className="filter-count"> {counts[s]}</span>}
          </button>
        ))}
      </div>
      <div className="choice-filters">
        <label htmlFor={`${ids}-kind`}>Subject kind</label>
        <select
          id={`${ids}-kind`}
          value={filter.subjectKind ?? ANY}
          onChange={(e) => onFilter({ subjectKind: isSubjectKind(e.target.value) ? e.target.value : undefined })}
        >
          <option value={ANY}>Any</option>
          {SUBJECT_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {kind}
            </option>
          ))}
        </select>
        <label htmlFor={`${ids}-score`}>Score</label>
        <select
          id={`${ids}-score`}
          value={filter.scoreBand}
          onChange={(e) => onFilter({ scoreBand: SCORE_BANDS.find((b) => b.key === e.target.value)?.key ?? 'any' })}
        >
          {SCORE_BANDS.map((band) => (
            <option key={band.key} value={band.key}>
              {band.name}
            </option>
          ))}
        </select>
        <label htmlFor={`${ids}-age`}>Older than</label>
        <select
          id={`${ids}-age`}
          value={filter.olderThan?.days ?? ANY}
          onChange={(e) => onFilter({ olderThan: e.target.value === ANY ? undefined : olderThan(Number(e.target.value)) })}
        >
          <option value={ANY}>Any age</option>
          {OLDER_THAN_DAYS.map((days) => (
            <option key={days} value={days}>
              {count(days, 'day', 'days')}
            </option>
          ))}
        </select>
      </div>
      <form className="typed-filters" onSubmit={applyTyped}>
        <label htmlFor={`${ids}-assignee`}>Assignee</label>
        <input
          id={`${ids}-assignee`}
          type="search"
          autoComplete="off"
          spellCheck={false}
          value={assignee}
          aria-describedby={`${ids}-assignee-hint`}
          onChange={(e) => setAssignee(e.target.value)}
        />
        <label htmlFor={`${ids}-dataset`}>Dataset</label>
        <input
          id={`${ids}-dataset`}
          type="search"
          autoComplete="off"
          spellCheck={false}
          pattern="[a-z0-9_]{1,64}"
          value={dataset}
          aria-describedby={`${ids}-dataset-hint`}
          onChange={(e) => setDataset(e.target.value)}
        />
        <button type="submit">Filter</button>
        <span id={`${ids}-assignee-hint`} className="hint">
          Assignee: a user name; empty for anyone’s.
        </span>
        <span id={`${ids}-dataset-hint`} className="hint">
          Dataset: the list’s name in lower case, such as us_ofac_sdn; empty for any.
        </span>
      </form>
    </div>
  );
}
