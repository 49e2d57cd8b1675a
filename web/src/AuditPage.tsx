// The Audit page: the trail's verification, then its records in a period (the last 30 days until
// another is chosen), newest first, filtered by actor and action here in the browser (the route
// answers every record of the period at once), 100 a page, with the period's CSV and JSON lines
// exports.
import { useCallback, useId, useMemo, useState, type FormEvent } from 'react';
import { auditExportHref, listAudit, messageOf } from './api';
import { AuditTable } from './AuditTable';
import { actionsOf, defaultPeriod, periodOf, RECORDS_PER_PAGE, recordsShown, type PeriodInput, type RecordFilter } from './audit-view';
import { AuditVerificationPanel } from './AuditVerificationPanel';
import { useDocumentTitle } from './navigation';
import { Pager, rangeText } from './Pager';
import { useResource } from './resource';
import type { AuditRecord } from './types';

const NO_RECORDS: AuditRecord[] = [];

export function AuditPage() {
  useDocumentTitle('Audit trail');
  const ids = useId();
  const [typed, setTyped] = useState<PeriodInput>(defaultPeriod);
  const [period, setPeriod] = useState(() => periodOf(typed));
  const [filter, setFilter] = useState<RecordFilter>({ actor: '', action: '' });
  const [page, setPage] = useState(1);

  const load = useCallback((signal: AbortSignal) => listAudit(period, signal), [period]);
  const list = useResource(load);
  const records = list.value?.records ?? NO_RECORDS;
  const newestFirst = useMemo(() => [...records].reverse(), [records]);
  const shown = useMemo(() => recordsShown(newestFirst, filter), [newestFirst, filter]);
  const pageCount = Math.max(1, Math.ceil(shown.length / RECORDS_PER_PAGE));
  const offset = (Math.min(page, pageCount) - 1) * RECORDS_PER_PAGE;
  const onPage = shown.slice(offset, offset + RECORDS_PER_PAGE);

  function showPeriod(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPeriod(periodOf(typed));
    setPage(1);
  }

  function filterBy(change: Partial<RecordFilter>) {
    setFilter((f) => ({ ...f, ...change }));
    setPage(1);
  }

  return (
    <>
      <h1>Audit trail</h1>
      <AuditVerificationPanel />
      <section aria-labelledby={`${ids}-records`} className="audit-records">
        <h2 id={`${ids}-records`}>Records</h2>
        <form className="audit-period" onSubmit={showPeriod}>
          <label htmlFor={`${ids}-from`}>From</label>
          <input id={`${ids}-from`} type="date" max={typed.to || undefined} value={typed.from} onChange={(e) => setTyped((t) => ({ ...t, from: e.target.value }))} />
          <label htmlFor={`${ids}-to`}>To</label>
          <input id={`${ids}-to`} type="date" min={typed.from || undefined} value={typed.to} onChange={(e) => setTyped((t) => ({ ...t, to: e.target.value }))} />
          <button type="submit">Show records</button>
          <span className="hint">Whole days in your time zone, both included; an empty date leaves that end open.</span>
        </form>
        <div className="audit-filters">
          <label htmlFor={`${ids}-actor`}>Actor</label>
          <input
            id={`${ids}-actor`}
            type="search"
            autoComplete="off"
            spellCheck={false}
            value={filter.actor}
            aria-describedby={`${ids}-actor-hint`}
            onChange={(e) => filterBy({ actor: e.target.value })}
          />
          <label htmlFor={`${ids}-action`}>Action</label>
          <select id={`${ids}-action`} value={filter.action} onChange={(e) => filterBy({ action: e.target.value })}>
            <option value="">Any action</option>
            {actionsOf(records, filter.action).map((action) => (
              <option key={action} value={action}>
                {action}
              </option>
            ))}
          </select>
          <span id={`${ids}-actor-hint`} className="hint">
            Actor: part of a user name or API key id. Both filter the period’s records as you choose.
          </span>
        </div>
        <p className="downloads">
          The period’s records with their hashes:{' '}
          <a href={auditExportHref(period, 'csv')} download>
            Download CSV
          </a>
          {' · '}
          <a href={auditExportHref(period, 'jsonl')} download>
            Download JSON lines
          </a>
        </p>
        <p className="loading-status" aria-live="polite">
          {list.loading ? 'Loading audit records…' : list.error === undefined && shown.length === 0 ? 'No audit record matches.' : ''}
        </p>
        {list.error !== undefined && (
          <p role="alert" className="error">
            {messageOf(list.error)}
          </p>
        )}
        {onPage.length > 0 && (
          <div className={list.loading ? 'answer stale' : 'answer'} aria-busy={list.loading}>
            <AuditTable records={onPage} />
          </div>
        )}
        <Pager
          label="Audit record paging"
          page={Math.min(page, pageCount)}
          pageCount={pageCount}
          range={list.value === undefined ? undefined : rangeText('Records', offset, onPage.length, shown.length)}
          onPage={setPage}
        />
      </section>
    </>
  );
}
