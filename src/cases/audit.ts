/**
 * The audit trail: append-only, hash-chained records of who did what, when. Each record's hash
 * covers its sequence number, time, actor, action, subject, details and the previous record's
 * hash, so editing a record breaks its own hash, deleting one leaves a gap and breaks the next
 * link, and reordering breaks both. `verifyAudit` walks the chain and says which records are wrong.
 */
import { csvCell } from '../io/csv-cells.js';
import { GENESIS_HASH, auditHash, type AuditEvent, type AuditRecord, type Store, type StoredAuditRow, type WithinImport } from '../store/index.js';

// The chain's format and its rows live in the store (src/store/repos/audit.ts); these names stay here too.
export { GENESIS_HASH, auditHash, type AuditEvent, type AuditRecord } from '../store/index.js';

/** Append one record to the chain (in its own transaction, retried if another writer got there first). */
export async function appendAudit(store: Store, event: AuditEvent): Promise<AuditRecord> {
  const [record] = await store.repos.audit.append([event]);
  return record!;
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
function originalSeq(r: StoredAuditRow): number | undefined {
  for (let k = Math.max(1, r.seq - 1000); k <= r.seq + 1000; k++) {
    if (k !== r.seq && auditHash({ ...r, seq: k }) === r.hash) return k;
  }
  return undefined;
}

/**
 * The audit record of a list import (the same details wherever the import came from), written in
 * the import's own unit of work: pass it as `alsoWrite` to `importList`, `updateLists` or
 * `Store.importVersion`, so no version is ever in force without its record.
 */
export function auditListImportIn(actor: string, via: string): WithinImport {
  return async (tx, version) => {
    await tx.audit.append([
      {
        actor,
        action: 'list.import',
        subject: version.dataset,
        details: { version: version.id, publishedAt: version.publishedAt, sha256: version.sha256, entities: version.entityCount, files: version.sourceFiles, via },
      },
    ]);
  };
}

/** Walk the whole chain in sequence order and report every record that breaks it. */
export async function verifyAudit(store: Store): Promise<AuditVerification> {
  const problems: AuditProblem[] = [];
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let records = 0;
  const hashes = new Map<string, number>();
  let lastSeen: StoredAuditRow | undefined;
  for (let offset = 0; ; offset += 5000) {
    const rows = await store.repos.audit.storedRows(offset, 5000);
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
export function auditRecords(store: Store, from?: string, to?: string): Promise<AuditRecord[]> {
  return store.repos.audit.records(from, to);
}

// CSV cells, formula injection neutralised (src/io/csv-cells.ts); exported here as before.
export { csvCell };

/**
 * A regulator-ready export: every field, the hashes included, so the chain can be checked outside
 * Vigil. In CSV, text that a spreadsheet would run as a formula starts with an apostrophe
 * (src/io/csv-cells.ts); remove it to get the text the hashes cover.
 */
export function formatAudit(records: AuditRecord[], format: 'csv' | 'jsonl'): string {
  if (format === 'jsonl') return records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : '');
  const header = 'seq,at,actor,action,subject,details,prev_hash,hash';
  return [header, ...records.map((r) => [r.seq, r.at, r.actor, r.action, r.subject, r.details, r.prev_hash, r.hash].map(csvCell).join(','))].join('\n') + '\n';
}
