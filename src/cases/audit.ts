/**
 * The audit trail: append-only, hash-chained records of who did what, when. Each record's hash
 * covers its sequence number, time, actor, action, subject, details and the previous record's
 * hash, so editing a record breaks its own hash, deleting one leaves a gap and breaks the next
 * link, and reordering breaks both. `verifyAudit` walks the chain and says which records are wrong.
 *
 * A chain alone does not stop whoever can write to the database from editing a record and
 * recomputing every hash after it, or from deleting the newest records (or all of them). Two
 * anchors do, and verification says plainly which ones it had:
 * - the audit key (VIGIL_AUDIT_KEY or VIGIL_AUDIT_KEY_FILE, outside the database): each record
 *   carries an HMAC of its hash, so a recomputed chain fails its MACs. Records written before the
 *   key was set have none: they are reported as unanchored (a prefix 1..N, with `ok` unchanged);
 *   a record without a MAC after one that has it is a problem. With no key configured, `ok` still
 *   speaks for the hash chain alone and `anchor.status` is `none`, with a note saying what that
 *   cannot catch.
 * - signed checkpoints (audit-anchor.ts): the count and head hash, signed with a key outside the
 *   database, kept elsewhere; checked later, they reveal deleted tails and rewritten chains.
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
  /** `mac`: a MAC that does not match, or one missing after records that have one. */
  problem: 'edited' | 'deleted' | 'reordered' | 'mac';
  detail: string;
}

/** How far the chain is anchored beyond its own hashes. */
export interface AuditAnchor {
  /**
   * `anchored`: an audit key is configured and every record has a MAC that holds (or is reported
   * in `problems`); `partly`: the same, but the first records have no MAC (`unanchored`);
   * `none`: no audit key configured, only the hash chain was checked.
   */
  status: 'anchored' | 'partly' | 'none';
  /** The records at the start of the chain without a MAC (written before the audit key was set). */
  unanchored?: { from: number; to: number };
  /** The first record whose MAC holds (null: none, or no key to check with). */
  macFrom: number | null;
  /** What the status means for what could and could not be detected. */
  note: string;
}

export interface AuditVerification {
  records: number;
  ok: boolean;
  problems: AuditProblem[];
  lastHash: string;
  anchor: AuditAnchor;
}

/** Consecutive records whose MAC failed the same way, reported as one problem. */
interface MacRun {
  kind: 'invalid' | 'missing';
  from: StoredAuditRow;
  to: number;
}

function macProblem(run: MacRun): AuditProblem {
  const { from, to, kind } = run;
  const which = to === from.seq ? `record ${from.seq} (${from.action} ${from.subject})` : `records ${from.seq}..${to}`;
  const detail =
    kind === 'invalid'
      ? to === from.seq
        ? `${which}: MAC does not match: edited, or written without the audit key`
        : `${which}: MACs do not match: edited (the chain recomputed from record ${from.seq} on), or written without the audit key`
      : `${which}: no MAC, though records before ${to === from.seq ? 'it' : 'them'} have one: written without the audit key, or the MAC removed`;
  return { seq: from.seq, problem: 'mac', detail };
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
  const audit = store.repos.audit;
  // The MACs: the unanchored records at the start, the first valid MAC, runs of failed ones.
  let unanchored: { from: number; to: number } | undefined;
  let macFrom: number | null = null;
  let macRun: MacRun | undefined;
  let macsUnchecked = 0;
  const endMacRun = () => {
    if (macRun) problems.push(macProblem(macRun));
    macRun = undefined;
  };
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
      const mac = audit.macOf(r);
      if (mac === 'none') {
        if (r.mac !== null) macsUnchecked++;
      } else if (mac === 'valid') {
        endMacRun();
        macFrom ??= r.seq;
      } else if (mac === 'missing' && macFrom === null) {
        // Before any valid MAC: a record written before the key was set.
        if (unanchored) unanchored.to = r.seq;
        else unanchored = { from: r.seq, to: r.seq };
      } else {
        const kind = mac === 'invalid' ? 'invalid' : 'missing';
        if (macRun && (macRun.kind !== kind || macRun.to !== r.seq - 1)) endMacRun();
        if (macRun) macRun.to = r.seq;
        else macRun = { kind, from: r, to: r.seq };
      }
      hashes.set(r.hash, r.seq);
      prevHash = r.hash;
      expectedSeq = r.seq + 1;
      lastSeen = r;
    }
  }
  endMacRun();
  problems.sort((a, b) => a.seq - b.seq);
  return { records, ok: problems.length === 0, problems, lastHash: lastSeen?.hash ?? GENESIS_HASH, anchor: anchorOf(audit.anchored, unanchored, macFrom, macsUnchecked) };
}

function anchorOf(keyed: boolean, unanchored: { from: number; to: number } | undefined, macFrom: number | null, macsUnchecked: number): AuditAnchor {
  if (!keyed) {
    return {
      status: 'none',
      macFrom: null,
      note:
        'the chain is not anchored: no audit key is configured (VIGIL_AUDIT_KEY or VIGIL_AUDIT_KEY_FILE), so only the hash chain was checked; ' +
        'a record edited with the chain recomputed after it, or records deleted from the end, cannot be detected this way' +
        (macsUnchecked > 0 ? ` (${macsUnchecked} records carry MACs that were not checked)` : '') +
        '; check against a signed checkpoint: vigil audit verify --checkpoint',
    };
  }
  const tail = 'records deleted from the end are detected only against a signed checkpoint (vigil audit verify --checkpoint)';
  if (unanchored) {
    const one = unanchored.from === unanchored.to;
    const which = one ? `unanchored record ${unanchored.from}` : `unanchored records ${unanchored.from}..${unanchored.to}`;
    return {
      status: 'partly',
      unanchored,
      macFrom,
      note:
        `${which}: no MAC (written before the audit key was set, or the MAC${one ? '' : 's'} removed), so only the hash chain vouches for ${one ? 'it' : 'them'}; ` +
        `a signed checkpoint records where MACs began; ${tail}`,
    };
  }
  return { status: 'anchored', macFrom, note: `every record's MAC was checked against the audit key; ${tail}` };
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
