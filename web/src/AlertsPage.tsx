// The Alerts page: the alerts by status, assignee, subject kind, dataset, score band and age, sorted
// by score or opening time (newest first until another order is chosen), 50 a page with page
// numbers, with the keyboard shortcuts of list-shortcuts.ts on the current row, and false
// positives marked in bulk.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { AlertFilters } from './AlertFilters';
import { AlertsTable } from './AlertsTable';
import { SORT_NAMES } from './alert-words';
import { offsetOf, pageCountOf, queryOf, type AlertFilter, type AlertsView } from './alerts-view';
import { listAlerts, messageOf, updateAlert } from './api';
import { BulkFalsePositive } from './BulkFalsePositive';
import { DecisionDialog } from './DecisionDialog';
import { useListShortcuts } from './list-shortcuts';
import { alertHref, useDocumentTitle } from './navigation';
import { OutcomeLine, type Outcome } from './Outcome';
import { Pager, rangeText } from './Pager';
import { ShortcutHelp } from './ShortcutHelp';
import { useResource } from './resource';
import { useSignedIn } from './session';
import type { Alert, AlertCounts, Decision } from './types';

interface Props {
  view: AlertsView;
  onView: (change: (view: AlertsView) => AlertsView) => void;
  /** Every page loaded brings the counts by status over all alerts. */
  onCounts: (counts: AlertCounts) => void;
}

const NO_ALERTS: Alert[] = [];
const NO_CURRENT_ROW: Outcome = { text: 'No alert is chosen: press j or k to move to one first.', failed: false };

export function AlertsPage({ view, onView, onCounts }: Props) {
  useDocumentTitle('Alerts');
  const { session, authorised } = useSignedIn();
  const { filter, sort, page, currentId } = view;
  const query = useMemo(() => queryOf({ filter, sort, page }), [filter, sort, page]);
  const load = useCallback((signal: AbortSignal) => listAlerts(query, signal), [query]);
  const list = useResource(load);
  const alerts = list.value?.alerts ?? NO_ALERTS;
  const [checked, setChecked] = useState<ReadonlySet<number>>(new Set());
  const [deciding, setDeciding] = useState<{ alert: Alert; decision: Decision }>();
  const [outcome, setOutcome] = useState<Outcome>();
  const table = useRef<HTMLTableElement>(null);

  useEffect(() => {
    if (list.value !== undefined) onCounts(list.value.counts);
  }, [list.value, onCounts]);

  const rowOf = useCallback((id: number) => table.current?.querySelector<HTMLElement>(`tr[data-alert-row="${id}"]`) ?? null, []);

  // Back from an alert: the focus returns to its row, unless it is somewhere already.
  const focusRestored = useRef(false);
  useEffect(() => {
    if (focusRestored.current || list.value === undefined) return;
    focusRestored.current = true;
    const active = document.activeElement;
    if (currentId !== undefined && (active === null || active === document.body || active.id === 'main')) rowOf(currentId)?.focus();
  }, [list.value, currentId, rowOf]);

  /** Another list (filters, order, page): nothing selected in it, no current row yet. */
  function showList(change: Partial<Pick<AlertsView, 'filter' | 'sort' | 'page'>>) {
    setChecked(new Set());
    setOutcome(undefined);
    onView((v) => ({ ...v, currentId: undefined, ...change }));
  }

  function makeCurrent(id: number) {
    if (id !== currentId) onView((v) => ({ ...v, currentId: id }));
  }

  const total = list.value?.total;
  const pageCount = pageCountOf(total ?? 0);
  const currentIndex = alerts.findIndex((a) => a.id === currentId);
  const current = currentIndex >= 0 ? alerts[currentIndex] : undefined;

  // The current row gone from the list read again (decided, so no longer in this status): the row
  // that took its place becomes current, and takes the focus if the focus went with the row.
  const lastIndex = useRef(-1);
  useEffect(() => {
    if (currentIndex >= 0) lastIndex.current = currentIndex;
  }, [currentIndex]);
  useEffect(() => {
    if (currentId === undefined || lastIndex.current < 0 || alerts.some((a) => a.id === currentId)) return;
    const replacement = alerts[Math.min(lastIndex.current, alerts.length - 1)];
    if (replacement === undefined) return;
    onView((v) => ({ ...v, currentId: replacement.id }));
    if (document.activeElement === document.body) rowOf(replacement.id)?.focus();
  }, [alerts, currentId, onView, rowOf]);

  function moveTo(index: number) {
    const alert = alerts[index];
    if (alert === undefined) return;
    makeCurrent(alert.id);
    rowOf(alert.id)?.focus();
  }

  async function assignToMe(alert: Alert) {
    setOutcome(undefined);
    try {
      await authorised((csrfToken) => updateAlert(alert.id, { status: 'in_review', assignee: session.user.name }, csrfToken));
      setOutcome({ text: `Alert ${alert.id} is in review, assigned to you (${session.user.name}).`, failed: false });
      list.reload();
    } catch (failure) {
      setOutcome({ text: `Alert ${alert.id}: ${messageOf(failure)}`, failed: true });
    }
  }

  /** A shortcut acting on the current row, when there is one. */
  function onCurrent(act: (alert: Alert) => void) {
    if (current === undefined) setOutcome(NO_CURRENT_ROW);
    else act(current);
  }

  useListShortcuts({
    next: () => moveTo(currentIndex < 0 ? 0 : Math.min(currentIndex + 1, alerts.length - 1)),
    previous: () => moveTo(currentIndex < 0 ? 0 : Math.max(currentIndex - 1, 0)),
    open: () =>
      onCurrent((alert) => {
        window.location.hash = alertHref(alert.id);
      }),
    assign: () => onCurrent((alert) => void assignToMe(alert)),
    decide: (decision) => onCurrent((alert) => setDeciding({ alert, decision })),
  });

  // A page emptied beyond the last (its alerts decided out of the filter, or fewer alerts than when
  // it was chosen): the last page that has alerts instead.
  useEffect(() => {
    if (!list.loading && total !== undefined && total > 0 && page > pageCountOf(total)) onView((v) => ({ ...v, page: pageCountOf(total), currentId: undefined }));
  }, [list.loading, total, page, onView]);

  function filterBy(change: Partial<AlertFilter>) {
    showList({ filter: { ...filter, ...change }, page: 1 });
  }

  function check(id: number, on: boolean) {
    setChecked((previous) => {
      const next = new Set(previous);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  return (
    <>
      <div className="page-head">
        <h1>Alerts</h1>
        <ShortcutHelp />
      </div>
      <AlertFilters counts={list.value?.counts} filter={filter} onFilter={filterBy} />
      <BulkFalsePositive
        selected={alerts.filter((a) => checked.has(a.id))}
        onFinished={(failed) => {
          setOutcome(undefined);
          setChecked(new Set(failed));
          list.reload();
        }}
      />
      <OutcomeLine outcome={outcome} />
      <p className="hint">Sorted by {SORT_NAMES[sort]}.</p>
      <p className="loading-status" aria-live="polite">
        {list.loading ? 'Loading alerts…' : list.error === undefined && alerts.length === 0 ? 'No alert matches these filters.' : ''}
      </p>
      {list.error !== undefined && (
        <p role="alert" className="error">
          {messageOf(list.error)}
        </p>
      )}
      {alerts.length > 0 && (
        <div className={list.loading ? 'answer stale' : 'answer'} aria-busy={list.loading}>
          <AlertsTable
            ref={table}
            alerts={alerts}
            currentId={currentId}
            checked={checked}
            onCheck={check}
            onCheckPage={(on) => setChecked(on ? new Set(alerts.map((a) => a.id)) : new Set())}
            onCurrent={makeCurrent}
            sort={sort}
            onSort={(s) => showList({ sort: s, page: 1 })}
          />
        </div>
      )}
      <Pager
        label="Alert list paging"
        page={page}
        pageCount={pageCount}
        range={total === undefined ? undefined : rangeText('Alerts', offsetOf(page), alerts.length, total)}
        onPage={(p) => showList({ page: p })}
      />
      {deciding !== undefined && (
        <DecisionDialog
          alert={deciding.alert}
          decision={deciding.decision}
          onDecided={(text) => {
            setOutcome({ text, failed: false });
            list.reload();
          }}
          onClosed={() => setDeciding(undefined)}
        />
      )}
    </>
  );
}
