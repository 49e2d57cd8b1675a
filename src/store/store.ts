/**
 * The one Store implementation, written against Kysely so that SQLite and PostgreSQL share every
 * query; `index.ts` builds the dialect and hands it over.
 */
import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Migrator, sql, type ControlledTransaction, type Kysely, type Selectable, type Transaction } from 'kysely';
import type pg from 'pg';
import { canonicalJson, type Entity } from '../model/index.js';
import { StoreUnavailableError, asStoreError } from './availability.js';
import { storeErrorOf } from './errors.js';
import { migrationProvider } from './migrations/index.js';
import { repositoriesOver, type AuditKeys, type Repositories } from './repos/index.js';
import {
  INDEXED_PROPERTIES,
  isIndexedProperty,
  type Database,
  type EntityBlobsTable,
  type EntityValuesTable,
  type ImportResult,
  type WithinImport,
  type ListVersion,
  type ListVersionsTable,
  type ListsWatch,
  type NewListVersion,
  type Store,
  type StoreKind,
  type StoreOptions,
  type Tx,
  type VersionEntitiesTable,
  type WatchListsOptions,
} from './types.js';

/**
 * Entities written per round of inserts. Blobs take 4 parameters a row, links 3: 2,000 and 1,500
 * parameters, far under SQLite's 32,766 and PostgreSQL's 65,535.
 */
const IMPORT_BATCH = 500;
/** Rows of `entity_values` per insert (4 parameters each). */
const VALUES_BATCH = 1000;
/** Keys per `in (...)` list. */
const LOOKUP_BATCH = 500;
const DEFAULT_STREAM_BATCH = 500;

/** Thrown inside the import transaction to roll it back when the publication turns out unchanged. */
class UnchangedImport extends Error {
  constructor(readonly version: ListVersion) {
    super('unchanged');
  }
}

export interface StoreInit {
  kind: StoreKind;
  db: Kysely<Database>;
  /** PostgreSQL: the schema holding the tables (and Kysely's migration table). */
  schema?: string;
  /** How the store was opened (a worker thread opens its own connection from it). */
  location: StoreOptions;
  /** PostgreSQL: the pool, from which a LISTEN connection is taken. */
  pool?: pg.Pool;
}

/** SQLite polls the list generation this often by default; PostgreSQL polls as a safety net beside NOTIFY. */
const SQLITE_POLL_MS = 2_000;
const POSTGRES_POLL_MS = 30_000;
/** A lost LISTEN connection is reopened after this long, doubling up to RELISTEN_MAX_MS while it fails. */
const RELISTEN_MS = 500;
const RELISTEN_MAX_MS = 15_000;
/** How long `ping` waits for the store by default. */
const PING_TIMEOUT_MS = 2_000;

/**
 * The NOTIFY channel of a PostgreSQL store: one per schema, so stores in other schemas of the same
 * database (tenants, test runs) do not wake each other. Channel names are identifiers (63 bytes).
 */
export function listsChannel(schema: string): string {
  const plain = `vigil_lists_${schema}`;
  return plain.length <= 63 ? plain : `vigil_lists_${createHash('sha256').update(schema).digest('hex').slice(0, 40)}`;
}

export class KyselyStore implements Store {
  readonly kind: StoreKind;
  /** The Kysely connection: the store's own, lent to its repositories; `databaseOf` is the one way in from outside. */
  readonly #db: Kysely<Database>;
  readonly location: StoreOptions;
  private readonly schema: string | undefined;
  private readonly pool: pg.Pool | undefined;
  /** The audit keys (src/store/repos/audit.ts), held outside the database; set once, by `openStore`. */
  #auditKeys: AuditKeys | undefined;
  private readonly watches = new Set<ListsWatch>();
  private poolRepos: Repositories | undefined;
  /** SQLite: the locks this process holds (`tryWithLock`). */
  private readonly localLocks = new Set<string>();
  private readonly connectionListeners: ((err: Error) => void)[] = [];

  constructor(init: StoreInit) {
    this.kind = init.kind;
    this.#db = init.db;
    this.schema = init.schema;
    this.location = init.location;
    this.pool = init.pool;
  }

  /** Give a store just opened its audit keys, before its repositories are first used (`openStore`). */
  static useAuditKeys(store: KyselyStore, keys: AuditKeys | undefined): void {
    if (store.poolRepos) throw new Error('audit keys are given to a store before it is used');
    store.#auditKeys = keys;
  }

  /**
   * The Kysely connection of a store this class made. For src/store's own modules only (testing.ts
   * hands it to tests and benchmarks); not exported from src/store/index.ts.
   */
  static databaseOf(store: Store): Kysely<Database> {
    if (!(#db in store)) throw new TypeError('not a store opened by openStore: it has no Kysely connection');
    return store.#db;
  }

  get repos(): Repositories {
    return (this.poolRepos ??= repositoriesOver(this.#db, this.kind, false, this.#auditKeys));
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.inTransaction((trx) => fn(this.unitOf(trx)));
  }

  /**
   * Run `fn` in one transaction: commit what it wrote, or roll it back and throw what went wrong.
   * The error thrown is always the one that ended the work, never the rollback's own: when SQLite
   * meets a full disk (SQLITE_FULL) or an I/O error it rolls the transaction back by itself, and
   * a ROLLBACK sent after that fails with "cannot rollback - no transaction is active", which
   * Kysely's `transaction().execute()` would throw in place of the cause (and a PostgreSQL
   * connection that died cannot roll back either). Either way nothing was committed, and the
   * caller must learn why: the original error, a full store as a StoreFullError.
   */
  private async inTransaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    let trx: ControlledTransaction<Database>;
    try {
      trx = await this.#db.startTransaction().execute();
    } catch (err) {
      throw storeErrorOf(err);
    }
    let result: T;
    try {
      result = await fn(trx);
      await trx.commit().execute();
    } catch (err) {
      // The connection is released even when the rollback fails (Kysely's ControlledTransaction).
      if (!trx.isCommitted && !trx.isRolledBack) await trx.rollback().execute().catch(() => undefined);
      throw storeErrorOf(err);
    }
    return result;
  }

  /** The unit of work over one of this store's transactions. */
  private unitOf(trx: Transaction<Database>): Tx {
    return Object.assign(repositoriesOver(trx, this.kind, true, this.#auditKeys), { kind: this.kind });
  }

  async migrate(): Promise<void> {
    const migrator = new Migrator({
      db: this.#db,
      provider: migrationProvider,
      // Without an explicit schema, Kysely's PostgreSQL introspection finds a `kysely_migration`
      // table in any schema of the database and would skip creating ours.
      ...(this.schema !== undefined ? { migrationTableSchema: this.schema } : {}),
    });
    const { error, results } = await migrator.migrateToLatest();
    if (error) {
      const failed = results?.find((r) => r.status === 'Error');
      const cause = error instanceof Error ? error : new Error(String(error));
      throw new Error(`store migration ${failed ? `"${failed.migrationName}" ` : ''}failed: ${cause.message}`, {
        cause,
      });
    }
  }

  async importVersion(
    input: NewListVersion,
    onProgress?: (done: number, total: number) => void,
    alsoWrite?: WithinImport,
  ): Promise<ImportResult> {
    // Fast path, no write: the current version already is this publication.
    const current = await this.currentVersion(input.dataset);
    if (current && current.sha256 === input.sha256) return { version: current, unchanged: true };

    const entities = input.entities;
    const total = entities.length;
    try {
      const version = await this.inTransaction(async (trx) => {
        if (this.kind === 'postgres') {
          // Serialise imports of one dataset, so that "previous version" below is really the latest.
          await sql`select pg_advisory_xact_lock(hashtext(${`vigil.import:${input.dataset}`}))`.execute(trx);
        }
        // Write first: on SQLite this takes the write lock at once, so the read below cannot go stale.
        const row = await trx
          .insertInto('list_versions')
          .values({
            dataset: input.dataset,
            format: input.format,
            source_files: JSON.stringify(input.sourceFiles),
            published_at: input.publishedAt ?? null,
            sha256: input.sha256,
            entity_count: total,
            stats: JSON.stringify(input.stats),
            warnings: JSON.stringify(input.warnings),
            imported_at: new Date().toISOString(),
            partial_reason: input.partial ?? null,
            published_from: input.publishedAt ? (input.publishedFrom ?? null) : null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();

        const previous = await trx
          .selectFrom('list_versions')
          .selectAll()
          .where('dataset', '=', input.dataset)
          .where('id', '<', row.id)
          .orderBy('id', 'desc')
          .limit(1)
          .executeTakeFirst();
        if (previous && previous.sha256 === input.sha256) throw new UnchangedImport(toListVersion(previous));
        if (this.kind === 'postgres') {
          // Delivered when (and only if) the transaction commits: every server watching this store reloads.
          await sql`select pg_notify(${listsChannel(this.schema ?? 'public')}, ${String(row.id)})`.execute(trx);
        }

        // Blobs the previous version already holds need not be sent again.
        const known = new Set<string>();
        if (previous) for (const hash of (await hashesOf(trx, previous.id)).values()) known.add(hash);

        const seen = new Set<string>();
        onProgress?.(0, total);
        for (let start = 0; start < total; start += IMPORT_BATCH) {
          const end = Math.min(start + IMPORT_BATCH, total);
          const blobs: EntityBlobsTable[] = [];
          const links: VersionEntitiesTable[] = [];
          const values: EntityValuesTable[] = [];
          for (let i = start; i < end; i++) {
            const entity = entities[i];
            if (!entity || typeof entity.id !== 'string' || entity.id === '') {
              throw new Error(`entity #${i} of the ${input.dataset} import has no id`);
            }
            if (seen.has(entity.id)) throw new Error(`entity id ${entity.id} occurs twice in the ${input.dataset} import`);
            seen.add(entity.id);
            // The JSON is built once and lives only until this batch is written.
            const data = canonicalJson(entity);
            const hash = createHash('sha256').update(data).digest('hex');
            if (!known.has(hash)) {
              known.add(hash);
              blobs.push({ hash, entity_id: entity.id, schema: entity.schema, data });
            }
            links.push({ version_id: row.id, entity_id: entity.id, hash });
            for (const property of INDEXED_PROPERTIES) {
              const list = entity.properties[property];
              if (!list) continue;
              for (const value of new Set(list)) values.push({ version_id: row.id, property, value, entity_id: entity.id });
            }
          }
          if (blobs.length > 0) {
            await trx
              .insertInto('entity_blobs')
              .values(blobs)
              .onConflict((oc) => oc.column('hash').doNothing())
              .execute();
          }
          if (links.length > 0) await trx.insertInto('version_entities').values(links).execute();
          for (let v = 0; v < values.length; v += VALUES_BATCH) {
            await trx
              .insertInto('entity_values')
              .values(values.slice(v, v + VALUES_BATCH))
              .execute();
          }
          onProgress?.(end, total);
          // Let the event loop run between batches: a SQLite driver's queries resolve without a
          // turn of it, and a server importing a list must keep answering its health checks.
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
        const version = toListVersion(row);
        await alsoWrite?.(this.unitOf(trx), version);
        return version;
      });
      return { version, unchanged: false };
    } catch (err) {
      if (err instanceof UnchangedImport) return { version: err.version, unchanged: true };
      throw err;
    }
  }

  async versions(dataset?: string): Promise<ListVersion[]> {
    let query = this.#db.selectFrom('list_versions').selectAll().orderBy('id', 'desc');
    if (dataset !== undefined) query = query.where('dataset', '=', dataset);
    return (await query.execute()).map(toListVersion);
  }

  async currentVersion(dataset: string): Promise<ListVersion | undefined> {
    const row = await this.#db
      .selectFrom('list_versions')
      .selectAll()
      .where('dataset', '=', dataset)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? toListVersion(row) : undefined;
  }

  async currentVersions(): Promise<ListVersion[]> {
    const rows = await this.#db
      .selectFrom('list_versions')
      .selectAll()
      .where('id', 'in', this.currentIds())
      .orderBy('dataset')
      .execute();
    return rows.map(toListVersion);
  }

  async getVersion(id: number): Promise<ListVersion | undefined> {
    const row = await this.#db.selectFrom('list_versions').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toListVersion(row) : undefined;
  }

  async getEntity(entityId: string, versionId?: number): Promise<Entity | undefined> {
    let query = this.#db
      .selectFrom('version_entities as ve')
      .innerJoin('entity_blobs as b', 'b.hash', 've.hash')
      .select('b.data')
      .where('ve.entity_id', '=', entityId);
    query =
      versionId !== undefined
        ? query.where('ve.version_id', '=', versionId)
        : query.where('ve.version_id', 'in', this.currentIds()).orderBy('ve.version_id', 'desc');
    const row = await query.limit(1).executeTakeFirst();
    return row ? parseEntity(row.data) : undefined;
  }

  versionHashes(versionId: number): Promise<Map<string, string>> {
    return hashesOf(this.#db, versionId);
  }

  async entitiesByHash(hashes: string[]): Promise<Map<string, Entity>> {
    const out = new Map<string, Entity>();
    const unique = [...new Set(hashes)];
    for (let i = 0; i < unique.length; i += LOOKUP_BATCH) {
      const rows = await this.#db
        .selectFrom('entity_blobs')
        .select(['hash', 'data'])
        .where('hash', 'in', unique.slice(i, i + LOOKUP_BATCH))
        .execute();
      for (const row of rows) out.set(row.hash, parseEntity(row.data));
    }
    return out;
  }

  async *entitiesOfVersion(versionId: number, batchSize = DEFAULT_STREAM_BATCH): AsyncIterable<Entity[]> {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batch size must be a positive integer`);
    // Keyset pagination on the (version_id, entity_id) primary key: each page is an index range.
    let after: string | undefined;
    while (true) {
      let query = this.#db
        .selectFrom('version_entities as ve')
        .innerJoin('entity_blobs as b', 'b.hash', 've.hash')
        .select(['ve.entity_id', 'b.data'])
        .where('ve.version_id', '=', versionId);
      if (after !== undefined) query = query.where('ve.entity_id', '>', after);
      const rows = await query.orderBy('ve.entity_id').limit(batchSize).execute();
      if (rows.length === 0) return;
      yield rows.map((r) => parseEntity(r.data));
      if (rows.length < batchSize) return;
      after = rows[rows.length - 1]!.entity_id;
    }
  }

  async findEntitiesByProperty(property: string, value: string): Promise<Entity[]> {
    if (!isIndexedProperty(property)) {
      throw new RangeError(`property "${property}" is not indexed; indexed: ${INDEXED_PROPERTIES.join(', ')}`);
    }
    const rows = await this.#db
      .selectFrom('entity_values as ev')
      .innerJoin('version_entities as ve', (join) =>
        join.onRef('ve.version_id', '=', 'ev.version_id').onRef('ve.entity_id', '=', 'ev.entity_id'),
      )
      .innerJoin('entity_blobs as b', 'b.hash', 've.hash')
      .select(['ve.entity_id', 'b.data'])
      .where('ev.property', '=', property)
      .where('ev.value', '=', value)
      .where('ev.version_id', 'in', this.currentIds())
      .orderBy('ve.entity_id')
      .execute();
    return rows.map((r) => parseEntity(r.data));
  }

  async listsGeneration(): Promise<number> {
    const row = await this.#db
      .selectFrom('list_versions')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst();
    return Number(row?.id ?? 0);
  }

  async watchLists(onChange: (generation: number) => void, options: WatchListsOptions = {}): Promise<ListsWatch> {
    let last = await this.listsGeneration();
    let closed = false;
    const seen = (generation: number) => {
      if (closed || !(generation > last)) return;
      last = generation;
      onChange(generation);
    };
    const fail = (err: unknown) => {
      if (!closed) options.onError?.(err instanceof Error ? err : new Error(String(err)));
    };
    const check = () => this.listsGeneration().then(seen, fail);
    const pollMs = options.pollMs ?? (this.kind === 'postgres' ? POSTGRES_POLL_MS : SQLITE_POLL_MS);
    const poll = setInterval(() => void check(), pollMs);
    poll.unref();

    let client: pg.PoolClient | undefined;
    let relisten: NodeJS.Timeout | undefined;
    const channel = listsChannel(this.schema ?? 'public');
    const listen = async (): Promise<void> => {
      if (closed || !this.pool) return;
      const c = await this.pool.connect();
      let lost = false;
      c.on('notification', (msg) => {
        if (msg.channel === channel) seen(Number(msg.payload) || last + 1);
      });
      c.on('error', (err) => {
        // The connection is gone: drop it, say so, listen again (and catch up on what was missed).
        if (lost) return;
        lost = true;
        if (client === c) client = undefined;
        c.release(err);
        if (closed) return;
        fail(new Error(`the LISTEN connection for list changes failed (${err.message}); reconnecting`));
        reconnect(RELISTEN_MS);
      });
      try {
        await c.query(`LISTEN "${channel}"`);
      } catch (err) {
        if (!lost) {
          lost = true;
          c.release(err as Error);
        }
        throw asStoreError(err);
      }
      if (closed || lost) {
        if (!lost) c.release();
        return;
      }
      client = c;
    };
    // Try again after `delayMs`, doubling the wait while the database stays away; once listening,
    // read the newest version, so a version imported meanwhile is picked up at once.
    const reconnect = (delayMs: number): void => {
      clearTimeout(relisten);
      relisten = setTimeout(() => {
        listen().then(
          () => void check(),
          (e: unknown) => {
            if (closed) return;
            const next = Math.min(delayMs * 2, RELISTEN_MAX_MS);
            fail(new Error(`listening for list changes again failed (${(e as Error).message}); next try in ${Math.round(next / 1000)} s`));
            reconnect(next);
          },
        );
      }, delayMs);
      relisten.unref();
    };
    if (this.kind === 'postgres') await listen();

    const watch: ListsWatch = {
      mode: this.kind === 'postgres' ? 'notify' : 'poll',
      close: async () => {
        if (closed) return;
        closed = true;
        clearInterval(poll);
        clearTimeout(relisten);
        this.watches.delete(watch);
        const c = client;
        client = undefined;
        if (c) {
          await c.query(`UNLISTEN "${channel}"`).catch(() => undefined);
          c.release();
        }
      },
    };
    this.watches.add(watch);
    return watch;
  }

  async tryWithLock<T>(name: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<{ acquired: true; value: T } | { acquired: false }> {
    if (this.kind !== 'postgres') {
      if (this.localLocks.has(name)) return { acquired: false };
      this.localLocks.add(name);
      try {
        const leaseMs = options.leaseMs ?? LOCK_LEASE_MS;
        const holder = `${hostname()} ${process.pid} ${randomUUID()}`;
        if (!(await this.claimLock(name, holder, leaseMs))) return { acquired: false };
        // Renewed while held; a renewal that fails (the store busy or closing) is tried again at the next beat.
        const renew = setInterval(() => {
          void this.#db
            .updateTable('store_locks')
            .set({ expires_at: Date.now() + leaseMs })
            .where('name', '=', name)
            .where('holder', '=', holder)
            .execute()
            .catch(() => undefined);
        }, Math.max(10, Math.floor(leaseMs / 4)));
        renew.unref();
        try {
          return { acquired: true, value: await fn() };
        } finally {
          clearInterval(renew);
          await this.#db.deleteFrom('store_locks').where('name', '=', name).where('holder', '=', holder).execute();
        }
      } finally {
        this.localLocks.delete(name);
      }
    }
    const key = `vigil:${this.schema ?? 'public'}:${name}`;
    // One connection holds the session lock from acquiring to releasing it.
    return this.#db.connection().execute(async (conn) => {
      const { rows } = await sql<{ ok: boolean }>`select pg_try_advisory_lock(hashtext(${key})) as ok`.execute(conn);
      if (!rows[0]?.ok) return { acquired: false } as const;
      try {
        return { acquired: true, value: await fn() } as const;
      } finally {
        await sql`select pg_advisory_unlock(hashtext(${key}))`.execute(conn);
      }
    });
  }

  /**
   * SQLite: claim the lock row for `holder` when it is free, its lease ran out, or its holder was a
   * process of this host that is gone (killed, crashed). Each step is one statement, so two
   * processes claiming at once cannot both win.
   */
  private async claimLock(name: string, holder: string, leaseMs: number): Promise<boolean> {
    const now = Date.now();
    const claimed = await this.#db
      .insertInto('store_locks')
      .values({ name, holder, acquired_at: new Date(now).toISOString(), expires_at: now + leaseMs })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({ holder, acquired_at: new Date(now).toISOString(), expires_at: now + leaseMs })
          .where('store_locks.expires_at', '<', now),
      )
      .executeTakeFirst();
    if (Number(claimed.numInsertedOrUpdatedRows ?? 0) > 0) return true;
    const held = await this.#db.selectFrom('store_locks').select('holder').where('name', '=', name).executeTakeFirst();
    if (!held || !holderIsGone(held.holder)) return false;
    const taken = await this.#db
      .updateTable('store_locks')
      .set({ holder, acquired_at: new Date(now).toISOString(), expires_at: now + leaseMs })
      .where('name', '=', name)
      .where('holder', '=', held.holder)
      .executeTakeFirst();
    return Number(taken.numUpdatedRows) > 0;
  }

  async ping(timeoutMs = PING_TIMEOUT_MS): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StoreUnavailableError(`no answer to "select 1" within ${timeoutMs} ms`)), timeoutMs);
    });
    const probe = this.location.kind === 'postgres' ? pingPostgres(this.location.url, timeoutMs) : sql`select 1`.execute(this.#db);
    probe.catch(() => undefined); // if the timeout wins, a late failure of the probe is not unhandled
    try {
      await Promise.race([probe, timeout]);
    } catch (err) {
      throw asStoreError(err);
    } finally {
      clearTimeout(timer);
    }
  }

  onConnectionError(listener: (err: Error) => void): void {
    this.connectionListeners.push(listener);
  }

  /** A connection dropped outside any query (index.ts hooks the pool's and its clients' 'error' events here). */
  connectionFailed(err: Error): void {
    for (const listener of this.connectionListeners) {
      try {
        listener(err);
      } catch {
        // a listener that fails must not turn a dropped connection into a crash
      }
    }
  }

  async close(): Promise<void> {
    for (const watch of [...this.watches]) await watch.close();
    await this.#db.destroy();
  }

  /** Subquery: the id of the current (latest) version of every dataset. */
  private currentIds() {
    return this.#db
      .selectFrom('list_versions')
      .select((eb) => eb.fn.max('id').as('id'))
      .groupBy('dataset');
  }
}

/** SQLite: how long a lock is held without renewal (renewed every quarter of it). */
export const LOCK_LEASE_MS = 60_000;

export interface LockOptions {
  /** SQLite: the lease (default LOCK_LEASE_MS). */
  leaseMs?: number;
}

/** Whether a lock holder (`host pid token`) was a process of this host that no longer runs. */
function holderIsGone(holder: string): boolean {
  const [host, pidText] = holder.split(' ');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * `select 1` over a connection of its own, not one of the pool: a pool whose connections are all
 * busy is not a store that is away, and readiness must not say so.
 */
async function pingPostgres(url: string, timeoutMs: number): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined); // the probe's own failure is its answer
  try {
    await client.connect();
    await client.query('select 1');
  } finally {
    void client.end().catch(() => undefined);
  }
}

async function hashesOf(db: Kysely<Database>, versionId: number): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('version_entities')
    .select(['entity_id', 'hash'])
    .where('version_id', '=', versionId)
    .orderBy('entity_id')
    .execute();
  return new Map(rows.map((r) => [r.entity_id, r.hash]));
}

function parseEntity(data: string): Entity {
  return JSON.parse(data) as Entity;
}

function toListVersion(row: Selectable<ListVersionsTable>): ListVersion {
  return {
    id: Number(row.id),
    dataset: row.dataset,
    format: row.format,
    sourceFiles: JSON.parse(row.source_files) as string[],
    publishedAt: row.published_at ?? null,
    sha256: row.sha256,
    entityCount: Number(row.entity_count),
    stats: JSON.parse(row.stats) as Record<string, number>,
    warnings: JSON.parse(row.warnings) as string[],
    importedAt: row.imported_at,
    partial: row.partial_reason ?? null,
    publishedFrom: row.published_from ?? null,
  };
}
