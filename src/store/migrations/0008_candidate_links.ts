/**
 * The stored link graph of candidate vetting: each candidate's join keys (the values through which
 * link analysis can join it to another: a mailbox, a phone number's tail, an address's digits, an
 * account, a device, a login IP, a resume's MinHash band...; see linkKeys in
 * src/hiring/links/keys.ts), written with the profile, and which profile version and key derivation
 * they were computed from. Assessing one candidate reads the holders of its keys, not the pool.
 */
import type { Kysely, Migration } from 'kysely';

export const candidateLinks: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('candidate_link_keys')
      .addColumn('candidate_id', 'integer', (c) => c.notNull().references('candidates.id').onDelete('cascade'))
      .addColumn('link_key', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('candidate_link_keys_pk', ['candidate_id', 'link_key'])
      .execute();
    await db.schema.createIndex('candidate_link_keys_key').on('candidate_link_keys').columns(['link_key', 'candidate_id']).execute();

    await db.schema
      .createTable('candidate_link_sets')
      .addColumn('candidate_id', 'integer', (c) => c.primaryKey().references('candidates.id').onDelete('cascade'))
      .addColumn('candidate_version', 'integer', (c) => c.notNull())
      .addColumn('derivation', 'integer', (c) => c.notNull())
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of ['candidate_link_sets', 'candidate_link_keys']) await db.schema.dropTable(table).ifExists().execute();
  },
};
