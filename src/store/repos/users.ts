/**
 * The users' repository: `users` (who may sign in to the web UI, with which role) and their
 * `sessions`. Passwords arrive here already hashed and session tokens only as their SHA-256: this
 * file never sees a secret.
 */
import type { Selectable } from 'kysely';
import type { SessionsTable, UsersTable } from '../tables.js';
import type { Queryable } from './queryable.js';

export interface StoredUser {
  name: string;
  role: string;
  passwordHash: string;
  createdAt: string;
  disabledAt: string | null;
}

export interface StoredSession {
  tokenHash: string;
  userName: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  endedAt: string | null;
}

function decodeUser(row: Selectable<UsersTable>): StoredUser {
  return { name: row.name, role: row.role, passwordHash: row.password_hash, createdAt: row.created_at, disabledAt: row.disabled_at };
}

function decodeSession(row: Selectable<SessionsTable>): StoredSession {
  return { tokenHash: row.token_hash, userName: row.user_name, csrfToken: row.csrf_token, createdAt: row.created_at, lastSeenAt: row.last_seen_at, endedAt: row.ended_at };
}

export class UserRepository {
  constructor(private readonly db: Queryable) {}

  /** A new user; false (and nothing written) when the name is taken. */
  async insert(user: StoredUser): Promise<boolean> {
    const result = await this.db
      .insertInto('users')
      .values({ name: user.name, role: user.role, password_hash: user.passwordHash, created_at: user.createdAt, disabled_at: user.disabledAt })
      .onConflict((oc) => oc.column('name').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async byName(name: string): Promise<StoredUser | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
    return row ? decodeUser(row) : undefined;
  }

  /** Every user, by name. */
  async list(): Promise<StoredUser[]> {
    return (await this.db.selectFrom('users').selectAll().orderBy('name').execute()).map(decodeUser);
  }

  /** Disable an enabled user and end their sessions; false when there is no such enabled user. */
  async disable(name: string, at: string): Promise<boolean> {
    const result = await this.db.updateTable('users').set({ disabled_at: at }).where('name', '=', name).where('disabled_at', 'is', null).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await this.db.updateTable('sessions').set({ ended_at: at }).where('user_name', '=', name).where('ended_at', 'is', null).execute();
    return true;
  }

  async insertSession(session: StoredSession): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        token_hash: session.tokenHash,
        user_name: session.userName,
        csrf_token: session.csrfToken,
        created_at: session.createdAt,
        last_seen_at: session.lastSeenAt,
        ended_at: session.endedAt,
      })
      .execute();
  }

  /** A session and its user, whether or not either is still valid (the caller decides). */
  async session(tokenHash: string): Promise<{ session: StoredSession; user: StoredUser } | undefined> {
    const session = await this.db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    if (!session) return undefined;
    const user = await this.byName(session.user_name);
    return user ? { session: decodeSession(session), user } : undefined;
  }

  async touchSession(tokenHash: string, at: string): Promise<void> {
    await this.db.updateTable('sessions').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).where('ended_at', 'is', null).execute();
  }

  /** End an open session; false when it was not open. */
  async endSession(tokenHash: string, at: string): Promise<boolean> {
    const result = await this.db.updateTable('sessions').set({ ended_at: at }).where('token_hash', '=', tokenHash).where('ended_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
