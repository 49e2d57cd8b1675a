/**
 * For tests and benchmarks only: the raw database under a store, for those that tamper with stored
 * rows on purpose (a corrupt JSON column, a broken audit chain, a stale lock) or inspect them
 * directly. The product goes through repositories (`store.repos`, `tx` in `store.transaction`):
 * the lint forbids importing this module anywhere in src/ outside src/store, and neither
 * src/store/index.ts nor the library entry (src/index.ts) exports it.
 */
import type { Kysely } from 'kysely';
import { KyselyStore } from './store.js';
import type { Database, Store } from './types.js';

/** The Kysely connection of a store opened by `openStore` or `storeFromEnv`. */
export function rawDatabaseOf(store: Store): Kysely<Database> {
  return KyselyStore.databaseOf(store);
}
