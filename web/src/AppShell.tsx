// The frame of every page behind sign-in: a header (product, who is signed in, Sign out), the
// navigation between pages, and the page itself in <main>.
import { useState, type ReactNode } from 'react';
import { messageOf } from './api';
import { useSignedIn } from './session';

export function AppShell({ children }: { children: ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppHeader />
      <nav aria-label="Pages" className="pages">
        <ul>
          <li>
            <a href="/" aria-current="page">
              Screen
            </a>
          </li>
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
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
