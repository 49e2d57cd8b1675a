/**
 * The API keys' repository: `api_keys`, one row per key, its secret kept only as a SHA-256 hash.
 * Rows are decoded and checked here (`scopes` is a JSON array of names).
 */
import type { Selectable } from 'kysely';
import type { ApiKeysTable } from '../tables.js';
import { isStringList, parseStoredJsonOrUndefined } from './json.js';
import type { Queryable } from './queryable.js';

export interface StoredApiKey {
  id: string;
  name: string;
  scopes: string[];
  /** SHA-256 (hex) of the whole key. */
  secretHash: string;
  createdAt: string;
  revokedAt: string | null;
}

function decode(row: Selectable<ApiKeysTable>): StoredApiKey {
  const scopes = parseStoredJsonOrUndefined(row.scopes);
  if (!isStringList(scopes)) throw new Error(`API key ${row.id}: its stored scopes are not a JSON array of names`);
  return { id: row.id, name: row.name, scopes, secretHash: row.secret_hash, createdAt: row.created_at, revokedAt: row.revoked_at };
}

export class ApiKeyRepository {
  constructor(private readonly db: Queryable) {}

  async insert(key: StoredApiKey): Promise<void> {
    await this.db
      .insertInto('api_keys')
      .values({ id: key.id, name: key.name, scopes: JSON.stringify(key.scopes), secret_hash: key.secretHash, created_at: key.createdAt, revoked_at: key.revokedAt })
      .execute();
  }

  /** Every key, oldest first. */
  async list(): Promise<StoredApiKey[]> {
    return (await this.db.selectFrom('api_keys').selectAll().orderBy('created_at').execute()).map(decode);
  }

  async byId(id: string): Promise<StoredApiKey | undefined> {
    const row = await this.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? decode(row) : undefined;
  }

  /**
   * What the revocations are now, as a short string that changes with every revocation (their
   * count and the latest time): a verifier that caches keys compares it to know when to forget them.
   */
  async revocationState(): Promise<string> {
    const row = await this.db
      .selectFrom('api_keys')
      .select((eb) => [eb.fn.count<number | string>('revoked_at').as('revoked'), eb.fn.max('revoked_at').as('latest')])
      .executeTakeFirst();
    return `${Number(row?.revoked ?? 0)}:${row?.latest ?? ''}`;
  }

  /** Mark an active key revoked; false when there is no such active key. */
  async revoke(id: string, at: string): Promise<boolean> {
    const result = await this.db.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
