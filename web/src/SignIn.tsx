// The sign-in page: name and password; the server's message in an alert when they are wrong.
import { useState, type FormEvent } from 'react';
import { messageOf, signIn } from './api';
import type { Session } from './types';

interface Props {
  /** Why the analyst is here again (the session ended), shown as an alert. */
  notice?: string;
  onSignedIn: (session: Session) => void;
}

export function SignIn({ notice, onSignedIn }: Props) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState(notice);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await signIn(name, password));
    } catch (failure) {
      setError(messageOf(failure));
      setPassword('');
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <h1>Vigil</h1>
      <p className="tagline">Sanctions screening: sign in to continue.</p>
      <form onSubmit={submit} className="stacked-form">
        <label htmlFor="sign-in-name">Name</label>
        <input id="sign-in-name" name="name" autoComplete="username" required autoFocus value={name} onChange={(e) => setName(e.target.value)} />
        <label htmlFor="sign-in-password">Password</label>
        <input
          id="sign-in-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {error !== undefined && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
