/**
 * Whether the store answers, for /readyz: a `select 1` with a short timeout, its outcome kept for
 * about a second so that readiness probes cost at most one query a second whatever their rate,
 * and probes that arrive while one runs share it. A request that fails because the store is
 * unavailable marks it down at once (`markDown`), so /readyz does not lag behind the 503s.
 */
import { isStoreUnavailable, unavailableReason, type Store } from '../store/index.js';

/** How long an outcome is reused. */
const CACHE_MS = 1_000;
/** How long the probe waits for `select 1`. */
const PROBE_TIMEOUT_MS = 1_500;

export type StoreHealth = { ok: true; checkedAt: number } | { ok: false; reason: string; checkedAt: number };

export class StoreProbe {
  private last: StoreHealth | undefined;
  private running: Promise<StoreHealth> | undefined;

  constructor(
    private readonly store: Store,
    private readonly cacheMs = CACHE_MS,
    private readonly timeoutMs = PROBE_TIMEOUT_MS,
  ) {}

  /** The store's health, probed at most once per `cacheMs`. */
  check(): Promise<StoreHealth> {
    if (this.last && Date.now() - this.last.checkedAt < this.cacheMs) return Promise.resolve(this.last);
    this.running ??= this.store
      .ping(this.timeoutMs)
      .then(
        (): StoreHealth => ({ ok: true, checkedAt: Date.now() }),
        (err: unknown): StoreHealth => ({
          ok: false,
          reason: isStoreUnavailable(err) ? err.reason : (unavailableReason(err) ?? `the store failed a health check (${(err as Error).message})`),
          checkedAt: Date.now(),
        }),
      )
      .then((health) => {
        this.last = health;
        this.running = undefined;
        return health;
      });
    return this.running;
  }

  /** A request just found the store unavailable: say so until the next probe. */
  markDown(reason: string): void {
    this.last = { ok: false, reason, checkedAt: Date.now() };
  }
}
