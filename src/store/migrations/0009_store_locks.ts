/**
 * Named locks shared by every process on one SQLite file (a `vigil serve` and a CLI `vigil monitor
 * run` on the same data dir): a row per lock held, naming its holder, with a lease the holder
 * renews while it works, so a holder that died stops blocking once its lease runs out (sooner when
 * its process is seen gone). PostgreSQL keeps using advisory locks; the table is unused there.
 */
import type { Kysely, Migration } from 'kysely';

export const storeLocks: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('store_locks')
      .addColumn('name', 'text', (c) => c.primaryKey())
      /** `host pid token` of the holder. */
      .addColumn('holder', 'text', (c) => c.notNull())
      .addColumn('acquired_at', 'text', (c) => c.notNull())
      /** Milliseconds since the epoch; past it, the lock may be taken over. */
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('store_locks').ifExists().execute();
  },
};
