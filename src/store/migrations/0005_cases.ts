/**
 * Case management: monitored subjects (with their version history and the keys of the subject
 * index), screening records, alerts and their events, monitoring runs and the list versions
 * already monitored, webhooks and their delivery outbox.
 */
import type { Kysely, Migration } from 'kysely';
import { idText, isPostgres } from './dialect.js';

export const cases: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const pg = isPostgres(db);

    await db.schema
      .createTable('subjects')
      .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('ref', 'text', (c) => c.notNull().unique())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('schema', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('screened_version', 'integer')
      .addColumn('screened_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('deleted_at', 'text')
      .execute();

    await db.schema
      .createTable('subject_versions')
      .addColumn('subject_id', 'integer', (c) => c.notNull().references('subjects.id').onDelete('cascade'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('subject_versions_pk', ['subject_id', 'version'])
      .execute();

    await db.schema
      .createTable('subject_keys')
      .addColumn('key', idText(db), (c) => c.notNull())
      .addColumn('subject_id', 'integer', (c) => c.notNull().references('subjects.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('subject_keys_pk', ['key', 'subject_id'])
      .execute();
    await db.schema.createIndex('subject_keys_subject').on('subject_keys').column('subject_id').execute();

    await db.schema
      .createTable('monitor_runs')
      .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('trigger', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('from_versions', 'text', (c) => c.notNull())
      .addColumn('to_versions', 'text', (c) => c.notNull())
      .addColumn('subjects_total', 'integer', (c) => c.notNull())
      .addColumn('subjects_done', 'integer', (c) => c.notNull())
      .addColumn('stats', 'text', (c) => c.notNull())
      .addColumn('error', 'text')
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('heartbeat_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .execute();

    await db.schema
      .createTable('monitor_state')
      .addColumn('dataset', 'text', (c) => c.primaryKey())
      .addColumn('version_id', 'integer', (c) => c.notNull())
      .addColumn('run_id', 'integer')
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('screenings')
      .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('subject_id', 'integer', (c) => c.notNull().references('subjects.id').onDelete('cascade'))
      .addColumn('subject_version', 'integer', (c) => c.notNull())
      .addColumn('subject_hash', 'text', (c) => c.notNull())
      .addColumn('run_id', 'integer')
      .addColumn('trigger', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('list_versions', 'text', (c) => c.notNull())
      .addColumn('threshold', 'real', (c) => c.notNull())
      .addColumn('results', 'text', (c) => c.notNull())
      .addColumn('matches', 'integer', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('screenings_subject').on('screenings').columns(['subject_id', 'id']).execute();
    await db.schema.createIndex('screenings_run_subject').on('screenings').columns(['run_id', 'subject_id']).execute();

    await db.schema
      .createTable('alerts')
      .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('subject_id', 'integer', (c) => c.notNull().references('subjects.id').onDelete('cascade'))
      .addColumn('entity_id', idText(db), (c) => c.notNull())
      .addColumn('entity_caption', 'text', (c) => c.notNull())
      .addColumn('entity_schema', 'text', (c) => c.notNull())
      .addColumn('datasets', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('score', 'real', (c) => c.notNull())
      .addColumn('explanation', 'text', (c) => c.notNull())
      .addColumn('subject_version', 'integer', (c) => c.notNull())
      .addColumn('subject_hash', 'text', (c) => c.notNull())
      .addColumn('entity_state', 'text', (c) => c.notNull())
      .addColumn('assignee', 'text')
      .addColumn('rationale', 'text')
      .addColumn('decided_by', 'text')
      .addColumn('decided_at', 'text')
      .addColumn('opened_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('last_screening_id', 'integer', (c) => c.notNull())
      .addColumn('reopened', 'integer', (c) => c.notNull())
      .addColumn('suppressed', 'integer', (c) => c.notNull())
      .addUniqueConstraint('alerts_subject_entity', ['subject_id', 'entity_id'])
      .execute();
    await db.schema.createIndex('alerts_status').on('alerts').columns(['status', 'id']).execute();

    await db.schema
      .createTable('alert_events')
      .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('alert_id', 'integer', (c) => c.notNull().references('alerts.id').onDelete('cascade'))
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('from_status', 'text')
      .addColumn('to_status', 'text')
      .addColumn('text', 'text')
      .addColumn('details', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('alert_events_alert').on('alert_events').columns(['alert_id', 'id']).execute();

    await db.schema
      .createTable('webhooks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('events', 'text', (c) => c.notNull())
      .addColumn('max_attempts', 'integer', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('webhook_deliveries')
      .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('webhook_id', 'text', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('event_type', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('locked_until', 'text')
      .addColumn('last_status', 'integer')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('delivered_at', 'text')
      .addUniqueConstraint('webhook_deliveries_event', ['webhook_id', 'event_id'])
      .execute();
    await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of [
      'webhook_deliveries',
      'webhooks',
      'alert_events',
      'alerts',
      'screenings',
      'monitor_state',
      'monitor_runs',
      'subject_keys',
      'subject_versions',
      'subjects',
    ]) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
