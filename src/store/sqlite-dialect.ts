/**
 * Kysely's SQLite dialect with every transaction begun IMMEDIATE.
 *
 * Several processes share one SQLite file (the server, a CLI import, a second server). A
 * transaction begun the default way (DEFERRED) takes the write lock only at its first write; when
 * it read first and another connection writes meanwhile, SQLite cannot wait for the lock without
 * risking a deadlock, so it fails at once with "database is locked" (SQLITE_BUSY, or
 * SQLITE_BUSY_SNAPSHOT in WAL mode) whatever the busy timeout. The store's transactions are units
 * of work that write, so each takes the write lock when it begins: a busy store is then waited
 * for (the busy timeout, see index.ts), and the reads inside see the latest data. Plain reads
 * outside transactions are not affected: in WAL mode they never wait for a writer.
 *
 * Waiting for the lock: SQLite's own busy timeout sleeps on the calling thread, which in a server
 * is the event loop (a CLI importing a list holds the lock for seconds). So SQLite waits only a
 * few milliseconds (`SYNC_BUSY_MS`), and a statement that still finds the file locked outside a
 * transaction (a BEGIN IMMEDIATE, or a write on its own) is tried again after an asynchronous
 * pause, until the store's busy timeout has passed. Inside a transaction, which holds the lock,
 * a busy error is not retried.
 */
import type { Database as SqliteDatabase } from 'better-sqlite3';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CompiledQuery,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type SqliteDialectConfig,
} from 'kysely';

/** Milliseconds SQLite itself waits for a lock, on the calling thread, before the store retries. */
export const SYNC_BUSY_MS = 20;

/** Whether `err` is SQLite finding the file locked by another connection (SQLITE_BUSY or one of its extended codes). */
export function isSqliteBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_'));
}

/** A connection whose statements outside a transaction wait for a locked file without blocking the thread. */
class BusyWaitingConnection implements DatabaseConnection {
  constructor(
    readonly inner: DatabaseConnection,
    readonly database: SqliteDatabase,
    readonly busyTimeoutMs: number,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const start = performance.now();
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.inner.executeQuery<R>(query);
      } catch (err) {
        if (!isSqliteBusy(err) || this.database.inTransaction || performance.now() - start >= this.busyTimeoutMs) throw err;
        await sleep(Math.min(200, 5 * 2 ** attempt));
      }
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  constructor(
    config: SqliteDialectConfig,
    readonly database: SqliteDatabase,
    readonly busyTimeoutMs: number,
  ) {
    super(config);
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    return new BusyWaitingConnection(await super.acquireConnection(), this.database, this.busyTimeoutMs);
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig & { database: SqliteDatabase };
  readonly #busyTimeoutMs: number;

  /** `busyTimeoutMs`: how long a statement outside a transaction waits for another writer's lock in all. */
  constructor(config: SqliteDialectConfig & { database: SqliteDatabase }, busyTimeoutMs: number) {
    super(config);
    this.#config = config;
    this.#busyTimeoutMs = busyTimeoutMs;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config, this.#config.database, this.#busyTimeoutMs);
  }
}
