// The frame of every page behind sign-in: a header (product, who is signed in, Sign out), the
// navigation between pages (the current one marked, Alerts with how many are open, Audit), and the page
// itself in <main>, which takes the focus when the page changes unless the page placed it.
import { useEffect, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import { messageOf } from './api';
import { hrefOf, type Route } from './navigation';
import { useSignedIn } from './session';

interface Props {
  route: Route;
  /** Open alerts, when known. */
  openAlerts: number | undefined;
  children: ReactNode;
}

export function AppShell({ route, openAlerts, children }: Props) {
  const main = useRef<HTMLElement>(null);
  const shown = hrefOf(route);
  // The page the app opened on keeps the focus where the browser put it; every page shown after it
  // (a link, back, forward) gets the focus in <main>, unless the page put it somewhere inside.
  const openedOn = useRef<string | null>(shown);

  useEffect(() => {
    if (shown === openedOn.current) return;
    openedOn.current = null;
    const element = main.current;
    if (element !== null && !element.contains(document.activeElement)) element.focus();
  }, [shown]);

  // The skip link moves the focus without touching the location: its hash would name a page.
  function skipToContent(event: MouseEvent<HTMLAnchorElement>) {
    event.preventDefault();
    main.current?.focus();
  }

  return (
    <>
      <a className="skip-link" href="#main" onClick={skipToContent}>
        Skip to content
      </a>
      <AppHeader />
      <nav aria-label="Pages" className="pages">
        <ul>
          <li>
            <a href={hrefOf({ page: 'screen' })} aria-current={route.page === 'screen' ? 'page' : undefined}>
              Screen
            </a>
          </li>
          <li>
            <a href={hrefOf({ page: 'alerts' })} aria-current={route.page === 'alerts' ? 'page' : undefined}>
              Alerts
              {openAlerts !== undefined && <span className="count"> {openAlerts} open</span>}
            </a>
          </li>
          <li>
            <a href={hrefOf({ page: 'jobs' })} aria-current={route.page === 'jobs' ? 'page' : undefined}>
              Batch jobs
            </a>
          </li>
          <li>
            <a href={hrefOf({ page: 'audit' })} aria-current={route.page === 'audit' ? 'page' : undefined}>
              Audit
            </a>
          </li>
        </ul>
      </nav>
      <main id="main" tabIndex={-1} ref={main}>
        {children}
      </main>
    </>
  );
}

function AppHeader() {
  const { session, signOut } = useSignedIn();
  const [error, setError] = useState<string>();

  async function signOutNow() {
    setError(undefined);
    try {
      await signOut();
    } catch (failure) {
      setError(`Could not sign out: ${messageOf(failure)}`);
    }
  }

  return (
    <header className="app-header">
      <span className="product">Vigil</span>
      <span className="who">
        Signed in as <strong>{session.user.name}</strong> ({session.user.role})
      </span>
      <button type="button" onClick={signOutNow}>
        Sign out
      </button>
      {error !== undefined && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </header>
  );
}
