// What the Screen page shows under its form: a status line read out politely as answers arrive,
// the error (in an alert: a server with no lists loaded is an error, never "no match"), and the
// answer itself with the list versions it used.
import { useId } from 'react';
import { AddressAnswer } from './AddressAnswer';
import { count, decimal, versionName } from './format';
import { ListsUsed } from './ListsUsed';
import { ResultCard } from './ResultCard';
import type { Screening } from './screening';
import type { ListVersion, ScreenResponse } from './types';

function listNames(versions: ListVersion[]): string {
  return versions.length === 0 ? 'none' : versions.map(versionName).join(', ');
}

function statusLine({ busy, answer }: Screening): string {
  if (busy) return 'Screening…';
  switch (answer?.kind) {
    case undefined:
    case 'failed':
      return '';
    case 'names': {
      const { results, threshold, versions } = answer.response;
      if (results.length === 0) return `No listed party resembles this name (lists: ${listNames(versions)})`;
      const matches = results.filter((r) => r.match).length;
      return `${count(results.length, 'result', 'results')} (${count(matches, 'match', 'matches')} at threshold ${decimal(threshold)})`;
    }
    case 'address': {
      const { listed, holders, chain, versions } = answer.response;
      return listed
        ? `Listed: this ${chain} address is held by ${count(holders.length, 'listed party', 'listed parties')}`
        : `Not listed: no list holds this ${chain} address (lists: ${listNames(versions)})`;
    }
  }
}

export function ScreenAnswer({ screening }: { screening: Screening }) {
  const { busy, answer } = screening;
  return (
    <>
      <p className="status" role="status" aria-live="polite">
        {statusLine(screening)}
      </p>
      {answer?.kind === 'failed' && (
        <p role="alert" className="error">
          {answer.message}
        </p>
      )}
      <div className={busy ? 'answer stale' : 'answer'} aria-busy={busy}>
        {answer?.kind === 'names' && <NameResults response={answer.response} />}
        {answer?.kind === 'address' && <AddressAnswer response={answer.response} />}
      </div>
    </>
  );
}

function NameResults({ response }: { response: ScreenResponse }) {
  const notesId = useId();
  const notes = response.notes ?? [];
  return (
    <>
      {notes.length > 0 && (
        <section className="query-notes" aria-labelledby={notesId}>
          <h2 id={notesId}>What was done to the query</h2>
          <ul>
            {notes.map((note, i) => (
              <li key={i}>{note}</li>
            ))}
          </ul>
        </section>
      )}
      {response.results.map((result) => (
        <ResultCard key={result.id} result={result} />
      ))}
      <ListsUsed versions={response.versions} />
    </>
  );
}
