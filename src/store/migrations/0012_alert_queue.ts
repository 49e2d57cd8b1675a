/**
 * The alert queue's orders and filters (the web UI's list of alerts): by opening time, by score,
 * by assignee, each with the id that breaks ties, so that a page deep in a queue of 100,000 alerts
 * is read from an index rather than after sorting them all.
 */
import type { Kysely, Migration } from 'kysely';

export const alertQueue: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createIndex('alerts_opened').on('alerts').columns(['opened_at', 'id']).execute();
    await db.schema.createIndex('alerts_score').on('alerts').columns(['score', 'id']).execute();
    await db.schema.createIndex('alerts_assignee').on('alerts').columns(['assignee', 'id']).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('alerts_assignee').execute();
    await db.schema.dropIndex('alerts_score').execute();
    await db.schema.dropIndex('alerts_opened').execute();
  },
};
