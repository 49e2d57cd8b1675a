/**
 * People who sign in to the web UI: `users` (a name, a role, a memory-hard password hash, and when
 * the account was disabled) and their `sessions` (kept by the SHA-256 of the session token, which
 * only the browser holds, with the CSRF token that unsafe requests must repeat, and when the session
 * was last used and ended).
 */
import type { Kysely, Migration } from 'kysely';

export const users: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('users')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('disabled_at', 'text')
      .execute();
    await db.schema
      .createTable('sessions')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_name', 'text', (c) => c.notNull().references('users.name'))
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_seen_at', 'text', (c) => c.notNull())
      .addColumn('ended_at', 'text')
      .execute();
    await db.schema.createIndex('sessions_by_user').on('sessions').column('user_name').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('sessions').execute();
    await db.schema.dropTable('users').execute();
  },
};
