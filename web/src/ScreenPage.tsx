// The Screen page: one box for a name, a wallet address or an email, screened as it is typed, with
// optional kind, birth date and country to narrow a name.
import { useState, type FormEvent } from 'react';
import { useDocumentTitle } from './navigation';
import { ScreenAnswer } from './ScreenAnswer';
import { EMPTY_FORM, useLiveScreening, type ScreenForm } from './screening';
import type { QuerySchema } from './types';

const KINDS: { schema: QuerySchema; label: string }[] = [
  { schema: 'Thing', label: 'Any' },
  { schema: 'Person', label: 'Person' },
  { schema: 'Organization', label: 'Organization' },
];

export function ScreenPage() {
  useDocumentTitle('Screen');
  const [form, setForm] = useState<ScreenForm>(EMPTY_FORM);
  const { screening, screenNow } = useLiveScreening(form);

  function change<K extends keyof ScreenForm>(field: K, value: ScreenForm[K]) {
    setForm((previous) => ({ ...previous, [field]: value }));
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    screenNow();
  }

  return (
    <>
      <h1>Screen</h1>
      <form role="search" aria-label="Screen" className="screen-form" onSubmit={submit}>
        <div className="field text">
          <label htmlFor="screen-text">Name, wallet or email</label>
          <input
            id="screen-text"
            type="search"
            autoComplete="off"
            spellCheck={false}
            autoFocus
            aria-describedby="screen-hint"
            value={form.text}
            onChange={(e) => change('text', e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="screen-kind">Kind</label>
          <select
            id="screen-kind"
            value={form.schema}
            onChange={(e) => change('schema', KINDS.find((k) => k.schema === e.target.value)?.schema ?? 'Thing')}
          >
            {KINDS.map((k) => (
              <option key={k.schema} value={k.schema}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="screen-birth-date">Birth date</label>
          <input id="screen-birth-date" autoComplete="off" value={form.birthDate} onChange={(e) => change('birthDate', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="screen-country">Country</label>
          <input id="screen-country" autoComplete="off" value={form.country} onChange={(e) => change('country', e.target.value)} />
        </div>
        <button type="submit">Screen</button>
        <p id="screen-hint" className="hint">
          Results appear as you type. A wallet address is checked exactly against the listed wallets; birth date and country (optional, any
          common format) narrow a name.
        </p>
      </form>
      <ScreenAnswer screening={screening} />
    </>
  );
}
