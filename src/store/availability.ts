/**
 * The store being unreachable, said as one error. When the database goes away (PostgreSQL stopped
 * or restarting, its connection cut, the SQLite file gone or unreadable), whatever the driver says
 * (ECONNREFUSED, "Connection terminated unexpectedly", SQLSTATE 57P01 admin_shutdown, class 08...)
 * becomes a `StoreUnavailableError` (code `store_unavailable`, HTTP 503 with a Retry-After), so
 * callers can tell "the store is down, retry later" from a bug, and a batch job waits instead of
 * failing.
 *
 * `GuardedDialect` wraps a Kysely dialect so that every query, transaction step and connection
 * acquired through it rethrows such failures as that error (the original as its `cause`); other
 * errors (a unique violation, a bad query) pass unchanged. The reason it names is a short phrase
 * (what happened, never the host or port), safe for an unauthenticated /readyz.
 */
import type { DatabaseConnection, Dialect, Driver, Kysely, QueryCompiler, QueryResult, TransactionSettings, CompiledQuery } from 'kysely';
import { VigilError } from '../errors.js';
import { isSqliteBusy } from './sqlite-dialect.js';

/** The store (database) cannot be reached; retry once it is back. */
export class StoreUnavailableError extends VigilError {
  declare readonly code: 'store_unavailable';
  /** What happened, in a few words (no host, no port). */
  readonly reason: string;

  constructor(reason: string, options?: ErrorOptions) {
    super('store_unavailable', `the store (database) is unavailable: ${reason}; retry shortly`, options);
    this.reason = reason;
  }
}

/** Whether an error (or what it wraps) says the store is unavailable. */
export function isStoreUnavailable(err: unknown): err is StoreUnavailableError {
  return err instanceof VigilError && err.code === 'store_unavailable';
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'the database server refused the connection',
  ECONNRESET: 'the connection to the database was reset',
  EPIPE: 'the connection to the database was cut',
  ETIMEDOUT: 'connecting to the database timed out',
  EHOSTUNREACH: 'the database host is unreachable',
  ENETUNREACH: 'the database network is unreachable',
  ENOTFOUND: 'the database host name does not resolve',
  EAI_AGAIN: 'the database host name does not resolve',
  // A unix socket path that is not there: the server is not running.
  ENOENT: 'the database server is not running (no socket)',
};

const SQLSTATES: Record<string, string> = {
  '57P01': 'the database server is shutting down (admin shutdown)',
  '57P02': 'the database server crashed (crash shutdown)',
  '57P03': 'the database server is starting up or shutting down (cannot connect now)',
  '53300': 'the database server has too many connections',
};

/**
 * The short reason when `err` means the store cannot be reached (a connection-level failure of
 * PostgreSQL or SQLite), else undefined.
 */
export function unavailableReason(err: unknown): string | undefined {
  if (isStoreUnavailable(err)) return err.reason;
  if (!(err instanceof Error)) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NETWORK_CODES[code]) return NETWORK_CODES[code];
    if (SQLSTATES[code]) return SQLSTATES[code];
    // SQLSTATE class 08: connection exceptions.
    if (/^08[0-9A-Z]{3}$/.test(code)) return `the connection to the database failed (SQLSTATE ${code})`;
    if (code === 'SQLITE_CANTOPEN') return 'the SQLite file cannot be opened';
    if (code.startsWith('SQLITE_IOERR')) return `the SQLite file cannot be read or written (${code})`;
    if (code === 'SQLITE_NOTADB') return 'the SQLite file is not a database';
    // Another process (a CLI import, say) held the file's write lock past the busy timeout.
    if (isSqliteBusy(err)) return 'the SQLite file is locked by another writer; try again';
  }
  const message = err.message;
  if (/^Connection terminated( unexpectedly)?$/.test(message) || message.includes('Connection terminated due to connection timeout')) {
    return 'the connection to the database was terminated';
  }
  if (message.includes('timeout exceeded when trying to connect')) return 'no database connection in time (the database does not answer, or every connection is busy)';
  if (message.includes('Client has encountered a connection error and is not queryable')) return 'the connection to the database was lost';
  if (message === 'The database connection is not open') return 'the SQLite database is closed';
  return undefined;
}

/** `err` as a StoreUnavailableError when it is a connection-level failure, else `err` itself. */
export function asStoreError(err: unknown): unknown {
  if (isStoreUnavailable(err)) return err;
  const reason = unavailableReason(err);
  return reason === undefined ? err : new StoreUnavailableError(reason, { cause: err });
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw asStoreError(err);
  }
}

class GuardedConnection implements DatabaseConnection {
  constructor(readonly inner: DatabaseConnection) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return guarded(() => this.inner.executeQuery<R>(query));
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    try {
      yield* this.inner.streamQuery<R>(query, chunkSize);
    } catch (err) {
      throw asStoreError(err);
    }
  }
}

const innerOf = (connection: DatabaseConnection): DatabaseConnection =>
  connection instanceof GuardedConnection ? connection.inner : connection;

class GuardedDriver implements Driver {
  constructor(private readonly inner: Driver) {}

  init(): Promise<void> {
    return guarded(() => this.inner.init());
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new GuardedConnection(await guarded(() => this.inner.acquireConnection()));
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return guarded(() => this.inner.beginTransaction(innerOf(connection), settings));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return guarded(() => this.inner.commitTransaction(innerOf(connection)));
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return guarded(() => this.inner.rollbackTransaction(innerOf(connection)));
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    if (!this.inner.savepoint) throw new Error('this dialect has no savepoints');
    await guarded(() => this.inner.savepoint!(innerOf(connection), name, compile));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    if (!this.inner.rollbackToSavepoint) throw new Error('this dialect has no savepoints');
    await guarded(() => this.inner.rollbackToSavepoint!(innerOf(connection), name, compile));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    if (!this.inner.releaseSavepoint) throw new Error('this dialect has no savepoints');
    await guarded(() => this.inner.releaseSavepoint!(innerOf(connection), name, compile));
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(innerOf(connection));
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/** A Kysely dialect whose connection-level failures are `StoreUnavailableError`s. */
export class GuardedDialect implements Dialect {
  constructor(private readonly inner: Dialect) {}

  createDriver(): Driver {
    return new GuardedDriver(this.inner.createDriver());
  }

  createQueryCompiler(): QueryCompiler {
    return this.inner.createQueryCompiler();
  }

  createAdapter() {
    return this.inner.createAdapter();
  }

  createIntrospector(db: Kysely<unknown>) {
    return this.inner.createIntrospector(db);
  }
}
