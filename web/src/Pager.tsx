// Paging through a numbered list: Previous and Next, "Page 2 of 200" with which items it holds
// ("Alerts 51–100 of 10,000"), and a page number to go to.
import { useId, useState, type FormEvent } from 'react';
import { wholeNumber } from './format';

interface Props {
  /** What the navigation landmark is called ("Alert list paging"). */
  label: string;
  page: number;
  pageCount: number;
  /** Which items the page holds, once known: see rangeText. */
  range: string | undefined;
  onPage: (page: number) => void;
}

/** "Alerts 51–100 of 10,000"; "No alerts" when there are none. */
export function rangeText(plural: string, offset: number, shown: number, total: number): string {
  if (total === 0 || shown === 0) return `No ${plural.toLowerCase()}`;
  return `${plural} ${wholeNumber(offset + 1)}–${wholeNumber(offset + shown)} of ${wholeNumber(total)}`;
}

export function Pager({ label, page, pageCount, range, onPage }: Props) {
  return (
    <nav aria-label={label} className="pager">
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous page
      </button>
      <p>
        Page {wholeNumber(page)} of {wholeNumber(pageCount)}
        {range !== undefined && <span className="muted"> · {range}</span>}
      </p>
      <button type="button" disabled={page >= pageCount} onClick={() => onPage(page + 1)}>
        Next page
      </button>
      <GoToPage key={page} page={page} pageCount={pageCount} onPage={onPage} />
    </nav>
  );
}

function GoToPage({ page, pageCount, onPage }: Pick<Props, 'page' | 'pageCount' | 'onPage'>) {
  const id = useId();
  const [typed, setTyped] = useState(String(page));

  function go(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const wanted = Number(typed);
    if (Number.isInteger(wanted) && wanted >= 1 && wanted <= pageCount) onPage(wanted);
  }

  return (
    <form className="go-to-page" onSubmit={go}>
      <label htmlFor={id}>Go to page</label>
      <input id={id} type="number" inputMode="numeric" required min={1} max={pageCount} step={1} value={typed} onChange={(e) => setTyped(e.target.value)} />
      <button type="submit" className="secondary">
        Go
      </button>
    </form>
  );
}
