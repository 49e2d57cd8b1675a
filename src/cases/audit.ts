/**
 * The audit trail: append-only, hash-chained records of who did what, when. Each record's hash
 * covers its sequence number, time, actor, action, subject, details and the previous record's
 * hash, so editing a record breaks its own hash, deleting one leaves a gap and breaks the next
 * link, and reordering breaks both. `verifyAudit` walks the chain and says which records are wrong.
 */
import { createHash } from 'node:crypto';
import { sql, type Selectable, type Transaction } from 'kysely';
import type { AuditLogTable, Database, Store, StoreKind, WithinImport } from '../store/index.js';

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

export type AuditRecord = Omit<Selectable<AuditLogTable>, 'details'> & { details: Record<string, unknown> };

/** The hash of a record: sha256 over its fields in a fixed order. */
export function auditHash(r: { seq: number; at: string; actor: string; action: string; subject: string; details: string; prev_hash: string }): string {
  return createHash('sha256')
    .update(JSON.stringify([r.seq, r.at, r.actor, r.action, r.subject, r.details, r.prev_hash]))
    .digest('hex');
}

/**
 * Append records to the chain inside the caller's transaction, so they land (or not) together with
 * the change they record. The chain's tail is read under a write lock: PostgreSQL locks the table;
 * on SQLite a write that changes nothing takes the database's write lock before the tail is read.
 */
export async function appendAuditIn(trx: Transaction<Database>, events: AuditEvent[], kind: StoreKind): Promise<AuditRecord[]> {
  if (events.length === 0) return [];
  if (kind === 'postgres') await sql`lock table audit_log in exclusive mode`.execute(trx);
  else await trx.updateTable('audit_log').set({ seq: sql`seq` }).where('seq', '<', 0).execute();
  const last = await trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  let seq = last?.seq ?? 0;
  let prev = last?.hash ?? GENESIS_HASH;
  const at = new Date().toISOString();
  const records: AuditRecord[] = [];
  const rows: Selectable<AuditLogTable>[] = [];
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
    const record = { ...row, hash: auditHash(row) };
    prev = record.hash;
    rows.push(record);
    records.push({ ...record, details: event.details ?? {} });
  }
  // Bounded batches keep every statement under SQLite's and PostgreSQL's parameter limits.
  for (let i = 0; i < rows.length; i += 500) await trx.insertInto('audit_log').values(rows.slice(i, i + 500)).execute();
  return records;
}

/** Append one record to the chain (in its own transaction, retried if another writer got there first). */
export async function appendAudit(store: Store, event: AuditEvent): Promise<AuditRecord> {
  for (let attempt = 0; ; attempt++) {
    try {
      const [record] = await store.db.transaction().execute((trx) => appendAuditIn(trx, [event], store.kind));
      return record!;
    } catch (err) {
      // Two writers can still meet on the same sequence number; the second insert then fails its key.
      if (attempt < 5 && /UNIQUE|PRIMARY|duplicate key/i.test((err as Error).message)) continue;
      throw err;
    }
  }
}

export interface AuditProblem {
  seq: number;
  problem: 'edited' | 'deleted' | 'reordered';
  detail: string;
}

export interface AuditVerification {
  records: number;
  ok: boolean;
  problems: AuditProblem[];
  lastHash: string;
}

/** The sequence number under which a record's content matches its hash, near where it sits now. */
function originalSeq(r: Selectable<AuditLogTable>): number | undefined {
  for (let k = Math.max(1, r.seq - 1000); k <= r.seq + 1000; k++) {
    if (k !== r.seq && auditHash({ ...r, seq: k }) === r.hash) return k;
  }
  return undefined;
}

/**
 * The audit record of a list import (the same details wherever the import came from), written in
 * the import's own transaction: pass it as `alsoWrite` to `importList`, `updateLists` or
 * `Store.importVersion`, so no version is ever in force without its record.
 */
export function auditListImportIn(kind: StoreKind, actor: string, via: string): WithinImport {
  return async (trx, version) => {
    await appendAuditIn(
      trx,
      [
        {
          actor,
          action: 'list.import',
          subject: version.dataset,
          details: { version: version.id, publishedAt: version.publishedAt, sha256: version.sha256, entities: version.entityCount, files: version.sourceFiles, via },
        },
      ],
      kind,
    );
  };
}

/** Walk the whole chain in sequence order and report every record that breaks it. */
export async function verifyAudit(store: Store): Promise<AuditVerification> {
  const problems: AuditProblem[] = [];
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let records = 0;
  const hashes = new Map<string, number>();
  let lastSeen: Selectable<AuditLogTable> | undefined;
  for (let offset = 0; ; offset += 5000) {
    const rows = await store.db.selectFrom('audit_log').selectAll().orderBy('seq').limit(5000).offset(offset).execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      records++;
      const recomputed = auditHash(r);
      if (r.seq > expectedSeq) {
        const missing = r.seq - expectedSeq === 1 ? `record ${expectedSeq} is missing` : `records ${expectedSeq} to ${r.seq - 1} are missing`;
        problems.push({ seq: expectedSeq, problem: 'deleted', detail: `${missing} (the chain jumps from ${expectedSeq - 1} to ${r.seq})` });
      }
      if (recomputed !== r.hash) {
        // A record that matches its hash under another sequence number was moved, not edited.
        const was = originalSeq(r);
        problems.push(
          was !== undefined
            ? { seq: r.seq, problem: 'reordered', detail: `record ${r.seq} (${r.action} ${r.subject}) was record ${was}: records were reordered` }
            : { seq: r.seq, problem: 'edited', detail: `record ${r.seq} (${r.action} ${r.subject}) does not match its hash: its content was changed` },
        );
      } else if (r.prev_hash !== prevHash && r.seq === expectedSeq && !problems.some((p) => p.seq === r.seq - 1)) {
        // (A broken link right after a record already reported is that record's doing.)
        const from = hashes.get(r.prev_hash);
        problems.push({
          seq: r.seq,
          problem: from !== undefined ? 'reordered' : 'deleted',
          detail:
            from !== undefined
              ? `record ${r.seq} follows record ${from} in the chain, not record ${r.seq - 1}: records were reordered`
              : `record ${r.seq} does not follow record ${r.seq - 1}: a record before it was removed or replaced`,
        });
      }
      hashes.set(r.hash, r.seq);
      prevHash = r.hash;
      expectedSeq = r.seq + 1;
      lastSeen = r;
    }
  }
  return { records, ok: problems.length === 0, problems, lastHash: lastSeen?.hash ?? GENESIS_HASH };
}

/** Records between two times (inclusive), oldest first. */
export async function auditRecords(store: Store, from?: string, to?: string): Promise<AuditRecord[]> {
  let q = store.db.selectFrom('audit_log').selectAll().orderBy('seq');
  if (from) q = q.where('at', '>=', from);
  if (to) q = q.where('at', '<=', to);
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
}

/** One CSV cell: quoted when it holds a quote, comma or line break; objects as JSON. */
export function csvCell(value: unknown): string {
  const text = value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A regulator-ready export: every field, the hashes included, so the chain can be checked outside Vigil. */
export function formatAudit(records: AuditRecord[], format: 'csv' | 'jsonl'): string {
  if (format === 'jsonl') return records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : '');
  const header = 'seq,at,actor,action,subject,details,prev_hash,hash';
  return [header, ...records.map((r) => [r.seq, r.at, r.actor, r.action, r.subject, r.details, r.prev_hash, r.hash].map(csvCell).join(','))].join('\n') + '\n';
}
