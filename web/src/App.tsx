// The app: sign-in until there is a session, then the pages behind it (Screen, Alerts, an alert, Batch jobs, Audit),
// chosen by the location's hash.
import { useState } from 'react';
import { useAlertCounts } from './alert-counts';
import { AlertPage } from './AlertPage';
import { AlertsPage } from './AlertsPage';
import { FIRST_VIEW, type AlertsView } from './alerts-view';
import { AppShell } from './AppShell';
import { useSessionJobs } from './batch-jobs';
import { JobsPage } from './JobsPage';
import { AuditPage } from './AuditPage';
import { useRoute } from './navigation';
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
      <Pages />
    </SessionContext>
  );
}

function Pages() {
  const route = useRoute();
  const { counts, setCounts, refreshCounts } = useAlertCounts();
  const [alertsView, setAlertsView] = useState<AlertsView>(FIRST_VIEW);
  const sessionJobs = useSessionJobs();
  return (
    <AppShell route={route} openAlerts={counts?.open}>
      {route.page === 'screen' && <ScreenPage />}
      {route.page === 'alerts' && <AlertsPage view={alertsView} onView={setAlertsView} onCounts={setCounts} />}
      {route.page === 'alert' && <AlertPage key={route.id} id={route.id} onChanged={refreshCounts} />}
      {route.page === 'jobs' && <JobsPage {...sessionJobs} />}
      {route.page === 'audit' && <AuditPage />}
    </AppShell>
  );
}
