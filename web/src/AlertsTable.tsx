// One page of alerts as a table: a checkbox to select each (and one for the whole page), the alert
// (a link to it), subject, listed party, score, status, assignee, and when it opened; the score and
// opening time sort it (a button in their header, `aria-sort` on the sorted one). The current row
// (j and k move it) is highlighted and holds the focus that Tab enters the table with.
import type { Ref } from 'react';
import { age, dateOf, dateTimeOf, decimal } from './format';
import { alertHref } from './navigation';
import { StatusBadge } from './StatusBadge';
import type { Alert, AlertSort, AlertSortColumn } from './types';

interface Props {
  ref: Ref<HTMLTableElement>;
  alerts: Alert[];
  currentId: number | undefined;
  checked: ReadonlySet<number>;
  onCheck: (id: number, checked: boolean) => void;
  onCheckPage: (checked: boolean) => void;
  onCurrent: (id: number) => void;
  sort: AlertSort;
  onSort: (sort: AlertSort) => void;
}

export function AlertsTable({ ref, alerts, currentId, checked, onCheck, onCheckPage, onCurrent, sort, onSort }: Props) {
  const checkedHere = alerts.filter((a) => checked.has(a.id)).length;
  const allChecked = alerts.length > 0 && checkedHere === alerts.length;
  // Tab enters the table on the current row, or on the first when there is none yet.
  const focusableId = alerts.some((a) => a.id === currentId) ? currentId : alerts[0]?.id;
  const now = Date.now();
  return (
    <table className="records alerts" ref={ref}>
      <caption className="visually-hidden">Alerts</caption>
      <thead>
        <tr>
          <th scope="col" className="select">
            <input
              type="checkbox"
              aria-label="Select all alerts on this page"
              checked={allChecked}
              ref={(box) => {
                if (box !== null) box.indeterminate = checkedHere > 0 && !allChecked;
              }}
              onChange={(e) => onCheckPage(e.target.checked)}
            />
          </th>
          <th scope="col">Alert</th>
          <th scope="col">Subject</th>
          <th scope="col">Listed party</th>
          <SortableHeader column="score" label="Score" className="number" sort={sort} onSort={onSort} />
          <th scope="col">Status</th>
          <th scope="col">Assignee</th>
          <SortableHeader column="opened" label="Opened" sort={sort} onSort={onSort} />
        </tr>
      </thead>
      <tbody>
        {alerts.map((alert) => {
          const current = alert.id === currentId;
          return (
            <tr
              key={alert.id}
              data-alert-row={alert.id}
              tabIndex={alert.id === focusableId ? 0 : -1}
              aria-selected={current}
              className={current ? 'current' : undefined}
              onFocus={() => onCurrent(alert.id)}
              onClick={() => onCurrent(alert.id)}
            >
              <td className="select">
                <input
                  type="checkbox"
                  aria-label={`Select alert ${alert.id}`}
                  checked={checked.has(alert.id)}
                  onChange={(e) => onCheck(alert.id, e.target.checked)}
                />
              </td>
              <td>
                <a href={alertHref(alert.id)}>#{alert.id}</a>
              </td>
              <td className="nowrap">
                {alert.subject.ref} <span className="muted">({alert.subject.kind})</span>
              </td>
              <td>{alert.entity.caption}</td>
              <td className="number">{decimal(alert.score)}</td>
              <td className="nowrap">
                <StatusBadge status={alert.status} />
              </td>
              <td>{alert.assignee ?? <span className="muted">Unassigned</span>}</td>
              <td className="nowrap">
                <time dateTime={alert.openedAt} title={dateTimeOf(alert.openedAt)}>
                  {dateOf(alert.openedAt)}
                </time>{' '}
                <span className="muted">· {age(alert.openedAt, now)}</span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

interface SortableHeaderProps {
  column: AlertSortColumn;
  label: string;
  className?: string;
  sort: AlertSort;
  onSort: (sort: AlertSort) => void;
}

const ARROWS = { ascending: '▲', descending: '▼', none: '↕' } as const;

/** A column header that sorts by its column: descending first, then each press turns the order round. */
function SortableHeader({ column, label, className, sort, onSort }: SortableHeaderProps) {
  const direction = sort === column ? 'ascending' : sort === `-${column}` ? 'descending' : 'none';
  return (
    <th scope="col" className={className} aria-sort={direction}>
      <button type="button" className="sort" onClick={() => onSort(direction === 'descending' ? column : `-${column}`)}>
        {label} <span aria-hidden="true">{ARROWS[direction]}</span>
      </button>
    </th>
  );
}
