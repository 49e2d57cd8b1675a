/**
 * Initial schema: list versions and content-addressed entities.
 *
 * list_versions     one row per imported publication of a dataset
 * entity_blobs      one row per distinct entity content (hash = sha256 of canonical JSON)
 * version_entities  (version, entity id) -> blob hash
 * entity_values     identifier values of each version, for exact lookups
 */
import type { Kysely, Migration } from 'kysely';
import { idText, isPostgres } from './dialect.js';

export const initial: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const pg = isPostgres(db);
    await db.schema
      .createTable('list_versions')
      .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('dataset', 'text', (c) => c.notNull())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('source_files', 'text', (c) => c.notNull())
      .addColumn('published_at', 'text')
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('entity_count', 'integer', (c) => c.notNull())
      .addColumn('stats', 'text', (c) => c.notNull())
      .addColumn('warnings', 'text', (c) => c.notNull())
      .addColumn('imported_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('list_versions_dataset_id').on('list_versions').columns(['dataset', 'id']).execute();

    await db.schema
      .createTable('entity_blobs')
      .addColumn('hash', 'text', (c) => c.primaryKey())
      .addColumn('entity_id', idText(db), (c) => c.notNull())
      .addColumn('schema', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('version_entities')
      .addColumn('version_id', 'integer', (c) => c.notNull().references('list_versions.id').onDelete('cascade'))
      .addColumn('entity_id', idText(db), (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull().references('entity_blobs.hash'))
      .addPrimaryKeyConstraint('version_entities_pk', ['version_id', 'entity_id'])
      .execute();
    await db.schema.createIndex('version_entities_entity_id').on('version_entities').column('entity_id').execute();

    await db.schema
      .createTable('entity_values')
      .addColumn('version_id', 'integer', (c) => c.notNull().references('list_versions.id').onDelete('cascade'))
      .addColumn('property', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('entity_id', idText(db), (c) => c.notNull())
      .addPrimaryKeyConstraint('entity_values_pk', ['version_id', 'property', 'value', 'entity_id'])
      .execute();
    await db.schema.createIndex('entity_values_property_value').on('entity_values').columns(['property', 'value']).execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of ['entity_values', 'version_entities', 'entity_blobs', 'list_versions']) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
