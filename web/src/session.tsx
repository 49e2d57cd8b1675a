// Who is signed in. The app is in one of three phases: checking the session cookie, signed out
// (with a notice when the session ended on its own), or signed in. Pages make their API calls
// through `authorised`, which adds the CSRF token and, on a 401, ends the session and shows sign-in.
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import * as api from './api';
import type { Session } from './types';

export const SESSION_ENDED = 'Your session ended; sign in again.';

export type Phase =
  | { kind: 'checking' }
  | { kind: 'signedOut'; notice?: string }
  | { kind: 'signedIn'; session: Session };

export interface SignedIn {
  session: Session;
  /** Ends the session on the server, then shows sign-in. */
  signOut: () => Promise<void>;
  /** Runs an API call with the session's CSRF token; a 401 answer ends the session here too. */
  authorised: <T>(call: (csrfToken: string) => Promise<T>) => Promise<T>;
}

/** The session phase, checked once against the server when the app starts. */
export function useSessionPhase(): { phase: Phase; signedIn: (session: Session) => void; signedOut: (notice?: string) => void } {
  const [phase, setPhase] = useState<Phase>({ kind: 'checking' });

  useEffect(() => {
    let current = true;
    api.getSession().then(
      (session) => current && setPhase({ kind: 'signedIn', session }),
      (error: unknown) => current && setPhase({ kind: 'signedOut', notice: api.isUnauthorized(error) ? undefined : api.messageOf(error) }),
    );
    return () => {
      current = false;
    };
  }, []);

  const signedIn = useCallback((session: Session) => setPhase({ kind: 'signedIn', session }), []);
  const signedOut = useCallback((notice?: string) => setPhase({ kind: 'signedOut', notice }), []);
  return { phase, signedIn, signedOut };
}

/** What the pages behind sign-in know of the session (see SessionContext). */
export function useSignedInValue(session: Session, signedOut: (notice?: string) => void): SignedIn {
  const authorised = useCallback(
    async <T,>(call: (csrfToken: string) => Promise<T>): Promise<T> => {
      try {
        return await call(session.csrfToken);
      } catch (error) {
        if (api.isUnauthorized(error)) signedOut(SESSION_ENDED);
        throw error;
      }
    },
    [session, signedOut],
  );

  const signOut = useCallback(async () => {
    await authorised((csrfToken) => api.signOut(csrfToken));
    signedOut();
  }, [authorised, signedOut]);

  return useMemo(() => ({ session, signOut, authorised }), [session, signOut, authorised]);
}

export const SessionContext = createContext<SignedIn | null>(null);

export function useSignedIn(): SignedIn {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSignedIn is only for the pages behind sign-in (inside SessionContext)');
  return value;
}
