/**
 * API keys: their format, scopes and lifecycle. A key is `vgl_<id>_<secret>`, shown once; the
 * store keeps its SHA-256 only. Creating or revoking a key writes its audit record in the same
 * unit of work, whoever asks (`vigil keys`, the admin API).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Store, StoredApiKey, Tx } from '../store/index.js';

export const SCOPES = ['screen', 'analyst', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export interface ApiKeyInfo {
  id: string;
  name: string;
  scopes: Scope[];
  createdAt: string;
  revokedAt: string | null;
}

/** The shape of a key: `vgl_`, a 10-character id, `_`, a 43-character secret. */
export const KEY_PATTERN = /^vgl_([a-z0-9]{10})_([A-Za-z0-9_-]{43})$/;

export function keyHash(text: string): string {
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

/** A stored key as callers see it (never its hash); scopes no longer known are dropped. */
export function keyInfo(k: StoredApiKey): ApiKeyInfo {
  return { id: k.id, name: k.name, scopes: k.scopes.filter((s): s is Scope => (SCOPES as readonly string[]).includes(s)), createdAt: k.createdAt, revokedAt: k.revokedAt };
}

async function insertKey(tx: Pick<Tx, 'apiKeys'>, name: string, scopes: Scope[]): Promise<{ key: string; info: ApiKeyInfo }> {
  if (name.trim() === '') throw new Error('a key needs a name');
  const id = randomBytes(8).toString('hex').slice(0, 10);
  const key = `vgl_${id}_${randomBytes(32).toString('base64url')}`;
  const info: ApiKeyInfo = { id, name: name.trim(), scopes, createdAt: new Date().toISOString(), revokedAt: null };
  await tx.apiKeys.insert({ ...info, secretHash: keyHash(key) });
  return { key, info };
}

/** A new key (without an audit record: for tests and set-up; users go through `createApiKey`). */
export function createKey(store: Store, name: string, scopes: Scope[]): Promise<{ key: string; info: ApiKeyInfo }> {
  return insertKey(store.repos, name, scopes);
}

/** A new key and its `key.create` audit record, committed together. */
export function createApiKey(store: Store, name: string, scopes: Scope[], actor: string): Promise<{ key: string; info: ApiKeyInfo }> {
  return store.transaction(async (tx) => {
    const made = await insertKey(tx, name, scopes);
    await tx.audit.append([{ actor, action: 'key.create', subject: made.info.id, details: { name: made.info.name, scopes: made.info.scopes } }]);
    return made;
  });
}

export async function listKeys(store: Store): Promise<ApiKeyInfo[]> {
  return (await store.repos.apiKeys.list()).map(keyInfo);
}

/** Revoke a key (without an audit record: for tests; users go through `revokeApiKey`). False when there is no such active key. */
export function revokeKey(store: Store, id: string): Promise<boolean> {
  return store.repos.apiKeys.revoke(id, new Date().toISOString());
}

/** Revoke an active key and write its `key.revoke` audit record, together. False (and nothing written) when there is no such active key. */
export function revokeApiKey(store: Store, id: string, actor: string): Promise<boolean> {
  return store.transaction(async (tx) => {
    if (!(await tx.apiKeys.revoke(id, new Date().toISOString()))) return false;
    await tx.audit.append([{ actor, action: 'key.revoke', subject: id }]);
    return true;
  });
}
