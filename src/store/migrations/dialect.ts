/**
 * The few places where one migration has to say something differently per dialect. Migrations get
 * only a Kysely instance, so the dialect is read from its adapter.
 */
import { PostgresAdapter, sql, type Expression, type Kysely } from 'kysely';

export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Column type for entity ids: byte-order collation on PostgreSQL (as SQLite's BINARY default),
 * so "ordered by entity id" means the same on both backends whatever the database locale.
 */
export function idText(db: Kysely<unknown>): 'text' | Expression<unknown> {
  return isPostgres(db) ? sql`text collate "C"` : 'text';
}
