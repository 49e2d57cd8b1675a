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
 */
import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig } from 'kysely';

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}
