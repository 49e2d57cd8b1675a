/**
 * The audit trail's repository: the hash-chained `audit_log` table. Appending reads the chain's
 * tail under a write lock inside the caller's unit of work (PostgreSQL locks the table; on SQLite
 * a write that changes nothing takes the database's write lock first), so records land together
 * with the change they record, or not at all. Reads give the stored rows as hashed (for
 * verification) or decoded records (for exports), the `details` JSON checked here.
 *
 * The anchor: when the store was opened with audit keys (VIGIL_AUDIT_KEY or VIGIL_AUDIT_KEY_FILE,
 * never stored in the database), each new record also gets `mac`, an HMAC-SHA256 of its hash
 * under the first key. The hash covers the record and the one before, so a record edited and its
 * chain recomputed by someone without the key fails its MAC, and so do all after it. The keys stay
 * inside this repository: the rest of src/ can only ask whether a row's MAC holds (`macOf`).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { AuditLogTable } from '../tables.js';
import type { StoreKind } from '../kind.js';
import type { Queryable } from './queryable.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEvent {
  /** Who: an API key id (`key:<id>`), a CLI user (`cli:<user>`), or `system`. */
  actor: string;
  /** What, as `noun.verb`: `list.import`, `key.create`, `key.revoke`, `lists.update`... */
  action: string;
  /** What it was done to: a dataset, a key id, an entity id... */
  subject: string;
  details?: Record<string, unknown>;
}

/** A row of the chain as stored: `details` is the JSON text the hash covers. */
export type StoredAuditRow = Selectable<AuditLogTable>;

/** A record, `details` decoded; `mac` as stored (null: written without an audit key). */
export type AuditRecord = Omit<StoredAuditRow, 'details' | 'mac'> & { details: Record<string, unknown>; mac?: string | null };

/** The hash of a record: sha256 over its fields in a fixed order. */
export function auditHash(r: { seq: number; at: string; actor: string; action: string; subject: string; details: string; prev_hash: string }): string {
  return createHash('sha256')
    .update(JSON.stringify([r.seq, r.at, r.actor, r.action, r.subject, r.details, r.prev_hash]))
    .digest('hex');
}

/**
 * The audit keys a store holds: the first MACs new records, every one is accepted when verifying
 * (so a key can be rotated: put the new one first, keep the old ones after it).
 */
export type AuditKeys = readonly [Uint8Array, ...Uint8Array[]];

/** The MAC of a record: HMAC-SHA256 under `key` of its hash, with a label fixing what it is for. */
export function auditMac(key: Uint8Array, hash: string): string {
  return createHmac('sha256', key).update(`vigil audit record\n${hash}`).digest('hex');
}

/** What a stored row's MAC says: `none` when the store holds no key to check it with. */
export type MacCheck = 'valid' | 'invalid' | 'missing' | 'none';

/** The end of the chain: how many records, the last one's sequence number and hash. */
export interface AuditHead {
  records: number;
  seq: number;
  hash: string;
}

/** A stored row's `details`, decoded and checked (a JSON object). */
function decodeDetails(row: StoredAuditRow): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(row.details);
  } catch {
    throw new Error(`audit record ${row.seq}: its details are not JSON`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error(`audit record ${row.seq}: its details are not a JSON object`);
  return value as Record<string, unknown>;
}

export class AuditRepository {
  constructor(
    private readonly db: Queryable,
    private readonly kind: StoreKind,
    /** Over a unit of work (appends join it) or over the pool (each append is its own transaction). */
    private readonly inTransaction: boolean,
    /** The audit keys (none: records are written without a MAC and MACs are not checked). */
    private readonly keys?: AuditKeys,
  ) {}

  /** Whether this store holds an audit key (new records are MACed, stored MACs can be checked). */
  get anchored(): boolean {
    return this.keys !== undefined;
  }

  /** Whether a stored row's MAC holds under one of the store's keys. */
  macOf(row: Pick<StoredAuditRow, 'hash' | 'mac'>): MacCheck {
    if (!this.keys) return 'none';
    if (row.mac === null || row.mac === '') return 'missing';
    const stored = Buffer.from(row.mac, 'utf8');
    for (const key of this.keys) {
      const expected = Buffer.from(auditMac(key, row.hash), 'utf8');
      if (expected.length === stored.length && timingSafeEqual(expected, stored)) return 'valid';
    }
    return 'invalid';
  }

  /**
   * Append records to the chain. In a unit of work they commit (or not) with it; over the pool,
   * in a transaction of their own, tried again when another writer took the same sequence number.
   */
  async append(events: readonly AuditEvent[]): Promise<AuditRecord[]> {
    if (events.length === 0) return [];
    if (this.inTransaction) return appendLocked(this.db, this.kind, events, this.keys?.[0]);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.transaction().execute((trx) => appendLocked(trx, this.kind, events, this.keys?.[0]));
      } catch (err) {
        if (attempt < 5 && /UNIQUE|PRIMARY|duplicate key/i.test((err as Error).message)) continue;
        throw err;
      }
    }
  }

  /** Stored rows in sequence order: `limit` of them after the first `offset`. */
  storedRows(offset: number, limit: number): Promise<StoredAuditRow[]> {
    return this.db.selectFrom('audit_log').selectAll().orderBy('seq').limit(limit).offset(offset).execute();
  }

  /** The end of the chain (records 0, seq 0 and the genesis hash when it is empty), read in one statement (one snapshot). */
  async head(): Promise<AuditHead> {
    const last = await this.db
      .selectFrom('audit_log')
      .select((eb) => ['seq', 'hash', eb.selectFrom('audit_log as all_records').select(eb.fn.countAll<number | string | bigint>().as('c')).as('n')])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return last ? { records: Number(last.n), seq: last.seq, hash: last.hash } : { records: 0, seq: 0, hash: GENESIS_HASH };
  }

  /** The stored row with this sequence number, if any. */
  storedRow(seq: number): Promise<StoredAuditRow | undefined> {
    return this.db.selectFrom('audit_log').selectAll().where('seq', '=', seq).executeTakeFirst();
  }

  /** Records between two times (inclusive), oldest first, details decoded. */
  async records(from?: string, to?: string): Promise<AuditRecord[]> {
    let q = this.db.selectFrom('audit_log').selectAll().orderBy('seq');
    if (from) q = q.where('at', '>=', from);
    if (to) q = q.where('at', '<=', to);
    return (await q.execute()).map((r) => ({ ...r, details: decodeDetails(r) }));
  }
}

async function appendLocked(db: Queryable, kind: StoreKind, events: readonly AuditEvent[], key: Uint8Array | undefined): Promise<AuditRecord[]> {
  if (kind === 'postgres') await sql`lock table audit_log in exclusive mode`.execute(db);
  else await db.updateTable('audit_log').set({ seq: sql`seq` }).where('seq', '<', 0).execute();
  const last = await db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  let seq = last?.seq ?? 0;
  let prev = last?.hash ?? GENESIS_HASH;
  const at = new Date().toISOString();
  const records: AuditRecord[] = [];
  const rows: StoredAuditRow[] = [];
  for (const event of events) {
    const row = {
      seq: ++seq,
      at,
      actor: event.actor,
      action: event.action,
      subject: event.subject,
      details: JSON.stringify(event.details ?? {}),
      prev_hash: prev,
    };
    const hash = auditHash(row);
    const record = { ...row, hash, mac: key ? auditMac(key, hash) : null };
    prev = record.hash;
    rows.push(record);
    records.push({ ...record, details: event.details ?? {} });
  }
  // Bounded batches keep every statement under SQLite's and PostgreSQL's parameter limits.
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('audit_log').values(rows.slice(i, i + 500)).execute();
  return records;
}
