/**
 * API keys. A key is `vgl_<id>_<secret>`: the id names it in logs and in the store, the secret is
 * 32 random bytes. The store keeps only the sha256 of the whole key (a random 256-bit secret needs
 * no slow hash), so a key is shown once, at creation, and can never be read back.
 *
 * Scopes: `screen` (match, search, entities, screening, lists), `analyst` (case work: subjects and
 * their screenings, alerts, comments and decisions, monitor runs, reading and verifying the audit
 * trail), `admin` (everything, including key management, webhooks, list updates and starting monitor
 * runs). A scope does not imply another, except `admin`, which implies all.
 *
 * Verification results are cached for 30 s, so a request costs no store round trip. A revocation
 * still takes effect at once on the replica that made it (`forgetAll`, called by the application
 * when it revokes) and within a second on every other replica and process sharing the store: at
 * most once a second, a request checks the store's revocation state, and the cache is dropped
 * when it changed.
 */
import { timingSafeEqual } from 'node:crypto';
import { KEY_PATTERN, keyHash, keyInfo, type ApiKeyInfo } from '../app/keys.js';
import type { Store } from '../store/index.js';

// The key format, scopes and lifecycle are the application's (src/app/keys.ts); the server verifies.
export { SCOPES, createKey, hasScope, listKeys, parseScopes, revokeKey, type ApiKeyInfo, type Scope } from '../app/keys.js';

const CACHE_MS = 30_000;
/** How often, at most, the store's revocation state is read (so another replica's revocation counts within this). */
const REVOCATION_CHECK_MS = 1_000;

export type Verification = { ok: true; key: ApiKeyInfo } | { ok: false; reason: string };

/** Checks presented keys against the store, with a short-lived cache. */
export class KeyVerifier {
  private readonly cache = new Map<string, { at: number; result: Verification }>();
  private revocations: { state: string; checkedAt: number } | undefined;
  private checking: Promise<void> | undefined;

  constructor(private readonly store: Store) {}

  /** Forget every cached verification (a key was revoked here). */
  forgetAll(): void {
    this.cache.clear();
    this.revocations = undefined;
  }

  /** Drop the cache when a key was revoked anywhere since the last check (at most one store read a second). */
  private async followRevocations(): Promise<void> {
    if (this.revocations && Date.now() - this.revocations.checkedAt < REVOCATION_CHECK_MS) return;
    this.checking ??= (async () => {
      try {
        const state = await this.store.repos.apiKeys.revocationState();
        if (this.revocations && this.revocations.state !== state) this.cache.clear();
        this.revocations = { state, checkedAt: Date.now() };
      } finally {
        this.checking = undefined;
      }
    })();
    await this.checking;
  }

  async verify(presented: string | undefined): Promise<Verification> {
    if (!presented) return { ok: false, reason: 'an API key is required (header "Authorization: Bearer <key>" or "X-API-Key")' };
    const m = KEY_PATTERN.exec(presented);
    if (!m) return { ok: false, reason: 'the API key is malformed' };
    const hash = keyHash(presented);
    await this.followRevocations();
    const cached = this.cache.get(hash);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.result;
    const row = await this.store.repos.apiKeys.byId(m[1]!);
    let result: Verification;
    if (!row || !timingSafeEqual(Buffer.from(row.secretHash, 'hex'), Buffer.from(hash, 'hex'))) {
      result = { ok: false, reason: 'the API key is not valid' };
    } else if (row.revokedAt) {
      result = { ok: false, reason: 'the API key has been revoked' };
    } else {
      result = { ok: true, key: keyInfo(row) };
    }
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { at: Date.now(), result });
    return result;
  }
}

/** The key from an Authorization header (`Bearer` or yente's `ApiKey`) or an X-API-Key header. */
export function presentedKey(headers: Record<string, string | string[] | undefined>): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string') {
    const m = /^(?:Bearer|ApiKey)\s+(\S+)$/i.exec(auth.trim());
    if (m) return m[1];
  }
  const x = headers['x-api-key'];
  return typeof x === 'string' ? x.trim() : undefined;
}
