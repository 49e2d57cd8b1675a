/**
 * What a list version covers, and where its publication date comes from.
 *
 * list_versions.partial_reason   null for a full publication; for a version imported although it
 *                                is not the whole list (a sample, a fixture, an extract: see
 *                                src/lists/coverage.ts), why it was judged partial
 * list_versions.published_from   where published_at was read: the file itself (which field), or
 *                                the download's Last-Modified header; null when no date is known
 *
 * Two ALTER statements: SQLite adds one column per statement.
 */
import type { Kysely, Migration } from 'kysely';

export const listCoverage: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('list_versions').addColumn('partial_reason', 'text').execute();
    await db.schema.alterTable('list_versions').addColumn('published_from', 'text').execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('list_versions').dropColumn('published_from').execute();
    await db.schema.alterTable('list_versions').dropColumn('partial_reason').execute();
  },
};
