// Something a page reads from the server: loaded when the page shows it and whenever what to load
// changes (the request before is cancelled), and again on `reload` (after a change). While it
// loads again, the value loaded before stays shown.
import { useCallback, useEffect, useState } from 'react';
import { isAbort } from './api';
import { useSignedIn } from './session';

export interface Resource<T> {
  /** The last value loaded, if any. */
  value: T | undefined;
  loading: boolean;
  /** Why the last load failed (an ApiError carries the server's status and message); undefined once a load succeeds. */
  error: unknown;
  reload: () => void;
}

interface Loaded<T> {
  value: T | undefined;
  loading: boolean;
  error: unknown;
}

/** `load` must keep its identity while what it loads is the same (useCallback). */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>): Resource<T> {
  const { authorised } = useSignedIn();
  const [loaded, setLoaded] = useState<Loaded<T>>({ value: undefined, loading: true, error: undefined });
  const [round, setRound] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setLoaded((previous) => ({ ...previous, loading: true }));
    authorised(() => load(controller.signal)).then(
      (value) => {
        if (!controller.signal.aborted) setLoaded({ value, loading: false, error: undefined });
      },
      (error: unknown) => {
        if (!isAbort(error) && !controller.signal.aborted) setLoaded((previous) => ({ value: previous.value, loading: false, error }));
      },
    );
    return () => controller.abort();
  }, [load, round, authorised]);

  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { ...loaded, reload };
}
