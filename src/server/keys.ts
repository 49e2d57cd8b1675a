/**
 * API keys. A key is `vgl_<id>_<secret>`: the id names it in logs and in the store, the secret is
 * 32 random bytes. The store keeps only the sha256 of the whole key (a random 256-bit secret needs
 * no slow hash), so a key is shown once, at creation, and can never be read back.
 *
 * Scopes: `screen` (match, search, entities, screening, lists), `analyst` (case work: subjects and
 * their screenings, alerts, comments and decisions, monitor runs, reading and verifying the audit
 * trail), `admin` (everything, including key management, webhooks, list updates and starting monitor
 * runs). A scope does not imply another, except `admin`, which implies all. Verification results are cached for a short while so a request costs no store
 * round trip; a revocation takes effect within that time on every replica.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '../store/index.js';

export const SCOPES = ['screen', 'analyst', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export interface ApiKeyInfo {
  id: string;
  name: string;
  scopes: Scope[];
  createdAt: string;
  revokedAt: string | null;
}

const KEY_PATTERN = /^vgl_([a-z0-9]{10})_([A-Za-z0-9_-]{43})$/;
const CACHE_MS = 30_000;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function parseScopes(text: string): Scope[] {
  const scopes = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (scopes.length === 0) throw new Error(`give at least one scope: ${SCOPES.join(', ')}`);
  for (const s of scopes) {
    if (!(SCOPES as readonly string[]).includes(s)) throw new Error(`unknown scope "${s}"; scopes are: ${SCOPES.join(', ')}`);
  }
  return [...new Set(scopes)] as Scope[];
}

/** Whether a key may use a route that needs `needed` (admin may use every route). */
export function hasScope(key: Pick<ApiKeyInfo, 'scopes'>, needed: Scope): boolean {
  return key.scopes.includes(needed) || key.scopes.includes('admin');
}

export async function createKey(store: Store, name: string, scopes: Scope[]): Promise<{ key: string; info: ApiKeyInfo }> {
  if (name.trim() === '') throw new Error('a key needs a name');
  const id = randomBytes(8).toString('hex').slice(0, 10);
  const key = `vgl_${id}_${randomBytes(32).toString('base64url')}`;
  const createdAt = new Date().toISOString();
  await store.db
    .insertInto('api_keys')
    .values({ id, name: name.trim(), scopes: JSON.stringify(scopes), secret_hash: sha256(key), created_at: createdAt, revoked_at: null })
    .execute();
  return { key, info: { id, name: name.trim(), scopes, createdAt, revokedAt: null } };
}

export async function listKeys(store: Store): Promise<ApiKeyInfo[]> {
  const rows = await store.db.selectFrom('api_keys').selectAll().orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, scopes: JSON.parse(r.scopes) as Scope[], createdAt: r.created_at, revokedAt: r.revoked_at }));
}

export async function revokeKey(store: Store, id: string): Promise<boolean> {
  const result = await store.db
    .updateTable('api_keys')
    .set({ revoked_at: new Date().toISOString() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export type Verification = { ok: true; key: ApiKeyInfo } | { ok: false; reason: string };

/** Checks presented keys against the store, with a short-lived cache. */
export class KeyVerifier {
  private readonly cache = new Map<string, { at: number; result: Verification }>();

  constructor(private readonly store: Store) {}

  async verify(presented: string | undefined): Promise<Verification> {
    if (!presented) return { ok: false, reason: 'an API key is required (header "Authorization: Bearer <key>" or "X-API-Key")' };
    const m = KEY_PATTERN.exec(presented);
    if (!m) return { ok: false, reason: 'the API key is malformed' };
    const hash = sha256(presented);
    const cached = this.cache.get(hash);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.result;
    const row = await this.store.db.selectFrom('api_keys').selectAll().where('id', '=', m[1]!).executeTakeFirst();
    let result: Verification;
    if (!row || !timingSafeEqual(Buffer.from(row.secret_hash, 'hex'), Buffer.from(hash, 'hex'))) {
      result = { ok: false, reason: 'the API key is not valid' };
    } else if (row.revoked_at) {
      result = { ok: false, reason: 'the API key has been revoked' };
    } else {
      result = {
        ok: true,
        key: { id: row.id, name: row.name, scopes: JSON.parse(row.scopes) as Scope[], createdAt: row.created_at, revokedAt: null },
      };
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
