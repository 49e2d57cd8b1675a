/**
 * What a store failure means to its callers, read from the driver's error: a store with no room
 * left (SQLite's SQLITE_FULL, the file system full; PostgreSQL's SQLSTATE 53100 disk_full) is a
 * `store_full` VigilError whatever the backend, so the CLI and the API say "disk full" rather than
 * a driver's words. The driver's error stays as the `cause`.
 */
import { VigilError } from '../errors.js';

/** The store had no room for a change; nothing of that change was written. */
export class StoreFullError extends VigilError {
  constructor(message: string, options?: ErrorOptions) {
    super('store_full', message, options);
  }
}

/** Whether a driver error says the store (its disk) is full. */
export function isStoreFull(err: unknown): boolean {
  if (err instanceof StoreFullError) return true;
  const code = (err as { code?: unknown } | null)?.code;
  // better-sqlite3: SqliteError.code 'SQLITE_FULL' (extended codes would read SQLITE_FULL_...); pg: SQLSTATE 53100.
  return (typeof code === 'string' && (code === 'SQLITE_FULL' || code.startsWith('SQLITE_FULL_'))) || code === '53100';
}

/** A driver error as callers should see it: a full store as a StoreFullError, anything else unchanged. */
export function storeErrorOf(err: unknown): unknown {
  if (err instanceof StoreFullError || !isStoreFull(err)) return err;
  return new StoreFullError(`the store is full (no space left where it is kept): ${(err as Error).message}`, { cause: err });
}
