/**
 * Candidate vetting: candidate profiles (every version kept) and their risk assessments.
 */
import type { Kysely, Migration } from 'kysely';
import { isPostgres } from './dialect.js';

export const hiring: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const pg = isPostgres(db);
    await db.schema
      .createTable('candidates')
      .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('ref', 'text', (c) => c.notNull().unique())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('deleted_at', 'text')
      .execute();

    await db.schema
      .createTable('candidate_versions')
      .addColumn('candidate_id', 'integer', (c) => c.notNull().references('candidates.id').onDelete('cascade'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('candidate_versions_pk', ['candidate_id', 'version'])
      .execute();

    await db.schema
      .createTable('candidate_assessments')
      .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('candidate_id', 'integer', (c) => c.notNull().references('candidates.id').onDelete('cascade'))
      .addColumn('candidate_version', 'integer', (c) => c.notNull())
      .addColumn('rules_version', 'text', (c) => c.notNull())
      .addColumn('score', 'real', (c) => c.notNull())
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('cluster_id', 'text')
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('assessment', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('candidate_assessments_candidate').on('candidate_assessments').columns(['candidate_id', 'id']).execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of ['candidate_assessments', 'candidate_versions', 'candidates']) await db.schema.dropTable(table).ifExists().execute();
  },
};
