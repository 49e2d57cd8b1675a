// The app: sign-in until there is a session, then the pages behind it.
import { AppShell } from './AppShell';
import { ScreenPage } from './ScreenPage';
import { SessionContext, useSessionPhase, useSignedInValue } from './session';
import { SignIn } from './SignIn';
import type { Session } from './types';

export function App() {
  const { phase, signedIn, signedOut } = useSessionPhase();
  switch (phase.kind) {
    case 'checking':
      return (
        <main className="sign-in" aria-busy="true">
          <h1>Vigil</h1>
          <p role="status">Checking your session…</p>
        </main>
      );
    case 'signedOut':
      return <SignIn notice={phase.notice} onSignedIn={signedIn} />;
    case 'signedIn':
      return <SignedInApp session={phase.session} signedOut={signedOut} />;
  }
}

function SignedInApp({ session, signedOut }: { session: Session; signedOut: (notice?: string) => void }) {
  const value = useSignedInValue(session, signedOut);
  return (
    <SessionContext value={value}>
      <AppShell>
        <ScreenPage />
      </AppShell>
    </SessionContext>
  );
}
