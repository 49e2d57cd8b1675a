/**
 * Vigil's persistence layer.
 *
 * What it stores: every imported version of every official list (`list_versions`: dataset,
 * format, source files, publication date, sha256 of the publication, stats, warnings) and the
 * canonical entities each version holds.
 *
 * Two dialects, one code path: SQLite (better-sqlite3, a single file, WAL mode, a busy timeout and
 * transactions begun IMMEDIATE (sqlite-dialect.ts), so that a CLI command and a server writing one
 * file wait for each other instead of failing with "database is locked"; the default) and
 * PostgreSQL (pg Pool, tables in a configurable schema). All queries and the single set of
 * migrations in `migrations/` are written with Kysely and run unchanged on both; JSON is stored as
 * text and timestamps as ISO strings on both, so the data is portable between them.
 *
 * Content addressing: an entity is stored once per distinct content in `entity_blobs`, keyed by
 * the sha256 of its canonical JSON (`entityHash`); a version is a list of (entity id -> hash) rows
 * in `version_entities`. A new version of an 18,000-entity list where 30 entities changed adds 30
 * blobs, and diffs between versions compare hashes without loading entities.
 *
 * Atomic imports: `importVersion` writes a version, its links, blobs and identifier index
 * (`entity_values`) in one transaction. If anything fails, nothing is written and the previous
 * version stays current. Importing a publication whose sha256 equals the current version's is a
 * no-op that reports `unchanged`.
 *
 * The Kysely connection is the store's own (a private field): the rest of src/ goes through the
 * repositories. Tests and benchmarks that tamper with or inspect stored rows use `rawDatabaseOf`
 * from `testing.ts`, which this module does not export.
 *
 * `storeFromEnv` picks the backend from the settings (src/config.ts): PostgreSQL (VIGIL_PG_URL,
 * schema VIGIL_PG_SCHEMA) only when VIGIL_STORE=postgres says so explicitly; else the embedded
 * default `<dataDir>/vigil.sqlite`.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, Kysely } from 'kysely';
import { configOf, type Config } from '../config.js';
import { ConfigError } from '../errors.js';
import { GuardedDialect, asStoreError } from './availability.js';
import { SchemaScopedPostgresDialect } from './postgres-dialect.js';
import { ImmediateSqliteDialect, SYNC_BUSY_MS } from './sqlite-dialect.js';
import { KyselyStore } from './store.js';
import type { AuditKeys } from './repos/index.js';
import type { Database, Store, StoreOptions } from './types.js';

export * from './types.js';
export { StoreUnavailableError, isStoreUnavailable, unavailableReason } from './availability.js';
export {
  ApiKeyRepository,
  AuditRepository,
  GENESIS_HASH,
  type StoredApiKey,
  UserRepository,
  type StoredSession,
  type StoredUser,
  auditHash,
  auditMac,
  type AuditEvent,
  type AuditHead,
  type AuditKeys,
  type AuditRecord,
  type MacCheck,
  type Repositories,
  type StoredAuditRow,
} from './repos/index.js';
export { StoreFullError, isStoreFull } from './errors.js';
export {
  AlertRepository,
  ScreeningRepository,
  type AlertContent,
  type AlertEntityState,
  type AlertListFilter,
  type AlertSort,
  type AlertPatch,
  type AlertReview,
  type NewAlert,
  type NewAlertEvent,
  type NewScreening,
  type StoredAlert,
  type StoredAlertEvent,
  type StoredAlertOfSubject,
  type StoredScreening,
  type StoredScreeningResult,
  SubjectRepository,
  decodeSubjectRow,
  readSubjectVersion,
  type NewSubjectVersion,
  type StoredSubject,
  type StoredSubjectVersion,
  type SubjectContent,
  type SubjectRowFilter,
  type SubjectState,
} from './repos/index.js';
export { WebhookRepository, type AttemptChanges, type ClaimedDeliveryRow, type DueDelivery, type StoredDelivery, type StoredWebhook, type StoredWebhookEvent } from './repos/index.js';
export { JobRepository, type JobProgress, type StoredJob, type StoredJobSettings } from './repos/index.js';
export { EntityRepository, MonitorRepository, type MonitorRunPatch, type MonitorRunStats, type MonitorRunStatus, type NewMonitorRun, type StoredMonitorRun } from './repos/index.js';
export {
  CandidateRepository,
  type AssessmentLevel,
  type CandidateContent,
  type CandidateLinkKeySet,
  type CandidateState,
  type JsonDecoder,
  type JsonObject,
  type LatestAssessmentRow,
  type LinkKeyHolder,
  type NewCandidateAssessment,
  type NewCandidateVersion,
  type StoredCandidateRow,
} from './repos/index.js';
export { migrations } from './migrations/index.js';
export { maxSubjectId, subjectKeySets, type SubjectKeySet } from './subject-keys.js';
export { linkKeyHolders, linkKeysOf, writeCandidateLinkKeys } from './candidate-links.js';

/** Milliseconds a SQLite write waits in all for another process's lock before failing (503). */
const SQLITE_BUSY_TIMEOUT = 10_000;
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
/**
 * PostgreSQL: a query waits at most this long for a pooled connection (every one busy, or the
 * server not answering); then it fails as the store being unavailable (503), instead of hanging
 * until the operating system gives up on an unreachable host.
 */
const PG_CONNECT_TIMEOUT_MS = 10_000;

/** What a store holds outside its database. */
export interface StoreSecrets {
  /**
   * The audit keys (VIGIL_AUDIT_KEY or VIGIL_AUDIT_KEY_FILE, read by `auditKeysOf`): the first
   * MACs every new audit record, all are accepted when verifying. None: records get no MAC.
   */
  auditKeys?: AuditKeys;
}

/** Open (and migrate) a store. */
export async function openStore(options: StoreOptions, secrets: StoreSecrets = {}): Promise<Store> {
  const store = options.kind === 'sqlite' ? openSqlite(options.file, options.busyTimeoutMs ?? SQLITE_BUSY_TIMEOUT) : await openPostgres(options.url, options.schema);
  KyselyStore.useAuditKeys(store, secrets.auditKeys);
  try {
    await store.migrate();
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
  return store;
}

/**
 * The store the settings (or the environment) ask for: PostgreSQL when VIGIL_STORE=postgres (URL VIGIL_PG_URL,
 * schema VIGIL_PG_SCHEMA, default `public`); else the SQLite file `<dataDir>/vigil.sqlite`. A
 * VIGIL_PG_URL alone does not switch stores (tests set it for their own use).
 */
export async function storeFromEnv(dataDir: string, settings: Config | NodeJS.ProcessEnv = process.env): Promise<Store> {
  const config = configOf(settings);
  const secrets: StoreSecrets = { auditKeys: auditKeysOf(config) };
  if (config.store === 'postgres') {
    if (config.pgUrl === undefined) throw new ConfigError('VIGIL_STORE=postgres needs VIGIL_PG_URL (postgres://user@host:5432/db)');
    return openStore({ kind: 'postgres', url: config.pgUrl, schema: config.pgSchema }, secrets);
  }
  mkdirSync(dataDir, { recursive: true });
  return openStore({ kind: 'sqlite', file: join(dataDir, 'vigil.sqlite') }, secrets);
}

/** The shortest audit key accepted, in characters (`openssl rand -hex 32` gives 64). */
export const AUDIT_KEY_MIN_LENGTH = 32;

/**
 * The audit keys the settings give: VIGIL_AUDIT_KEY (one key), or VIGIL_AUDIT_KEY_FILE (a file of
 * keys, one a line, the first MACing new records, the others only accepted, for rotation; blank
 * lines and lines starting with # skipped). Not both. A key is text of at least 32 characters,
 * used as it is (its UTF-8 bytes). Undefined when neither is set.
 */
export function auditKeysOf(settings: Config | NodeJS.ProcessEnv = process.env): AuditKeys | undefined {
  const config = configOf(settings);
  const inline = config.auditKey;
  const file = config.auditKeyFile;
  if (inline !== undefined && file !== undefined) throw new ConfigError('set VIGIL_AUDIT_KEY or VIGIL_AUDIT_KEY_FILE, not both');
  let keys: string[];
  let from: string;
  if (inline !== undefined) {
    keys = [inline];
    from = 'VIGIL_AUDIT_KEY';
  } else if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new ConfigError(`VIGIL_AUDIT_KEY_FILE: cannot read ${file}: ${(err as Error).message}`);
    }
    keys = text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    from = `VIGIL_AUDIT_KEY_FILE (${file})`;
    if (keys.length === 0) throw new ConfigError(`${from} holds no key`);
  } else return undefined;
  keys.forEach((k, i) => {
    if (k.length < AUDIT_KEY_MIN_LENGTH) {
      throw new ConfigError(`${from}: key ${i + 1} is ${k.length} characters; an audit key needs at least ${AUDIT_KEY_MIN_LENGTH} (make one with \`openssl rand -hex 32\`)`);
    }
  });
  const [first, ...rest] = keys.map((k) => Buffer.from(k, 'utf8'));
  return [first!, ...rest];
}

function openSqlite(file: string, busyTimeoutMs: number): KyselyStore {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new SqliteDatabase(file);
  try {
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    // SQLite waits a moment on this thread; the dialect waits the rest without blocking it.
    database.pragma(`busy_timeout = ${Math.min(SYNC_BUSY_MS, Math.max(0, Math.round(busyTimeoutMs)))}`);
  } catch (err) {
    database.close();
    throw err;
  }
  const db = new Kysely<Database>({ dialect: new GuardedDialect(new ImmediateSqliteDialect({ database }, busyTimeoutMs)) });
  return new KyselyStore({ kind: 'sqlite', db, location: { kind: 'sqlite', file } });
}

async function openPostgres(url: string, schema = 'public'): Promise<KyselyStore> {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`PostgreSQL schema name "${schema}" is not a plain identifier (letters, digits, _)`);
  }
  const quoted = `"${schema}"`;
  // Loaded here, not with the module: a SQLite store (the CLI's default) never needs the driver.
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS });
  // A connection that drops (the server stopped or restarted) makes its client emit 'error': the
  // pool's own listener covers idle clients (re-emitted as the pool's 'error'), this one those in
  // use (a query, a transaction, a held lock), whose query fails anyway. Without a listener an
  // 'error' event kills the process. The store reports both (`onConnectionError`).
  const owner: { store?: KyselyStore } = {};
  const report = (err: Error) => owner.store?.connectionFailed(err);
  pool.on('error', report);
  pool.on('connect', (client) => client.on('error', report));
  try {
    await pool.query(`create schema if not exists ${quoted}`);
  } catch (err) {
    // Two processes creating the same schema at once: one of them gets a unique violation.
    const code = (err as { code?: string }).code;
    if (code !== '23505' && code !== '42P06') {
      await pool.end().catch(() => undefined);
      throw asStoreError(err);
    }
  }
  const db = new Kysely<Database>({
    dialect: new GuardedDialect(
      new SchemaScopedPostgresDialect(
        {
          pool,
          onCreateConnection: async (connection) => {
            await connection.executeQuery(CompiledQuery.raw(`set search_path to ${quoted}`));
          },
        },
        schema,
      ),
    ),
  });
  owner.store = new KyselyStore({ kind: 'postgres', db, schema, location: { kind: 'postgres', url, schema }, pool });
  return owner.store;
}
