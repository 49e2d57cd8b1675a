// How many alerts there are in each status, for the navigation ("Alerts 12 open"): read once
// behind sign-in, again after a change to an alert, and taken from every page of alerts loaded.
import { useCallback, useEffect, useState } from 'react';
import { listAlerts } from './api';
import { useSignedIn } from './session';
import type { AlertCounts } from './types';

export interface AlertCountsState {
  /** Unknown until read (and while the role may not read alerts). */
  counts: AlertCounts | undefined;
  setCounts: (counts: AlertCounts) => void;
  refreshCounts: () => void;
}

export function useAlertCounts(): AlertCountsState {
  const { authorised } = useSignedIn();
  const [counts, setCounts] = useState<AlertCounts>();

  const refreshCounts = useCallback(() => {
    authorised(() => listAlerts({ limit: 1 })).then(
      (answer) => setCounts(answer.counts),
      // The counts are a hint in the navigation: when they cannot be read, none is shown (the
      // Alerts page shows the error itself).
      () => undefined,
    );
  }, [authorised]);

  useEffect(refreshCounts, [refreshCounts]);

  return { counts, setCounts, refreshCounts };
}
