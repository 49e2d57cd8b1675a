/**
 * Monitored subjects: the firm's customers, counterparties, vendors, employees and candidates, each
 * a `{schema, properties}` entity under the firm's own reference. An upsert with new content makes
 * a new subject version (every version is kept, so a screening record can always say what exactly
 * was screened and a reopened alert can show what changed) and refiles the subject in the subject
 * index (`subject_keys`) that reverse screening looks changed listed parties up in. The rows are
 * read and written by the subjects' repository (src/store/repos/subjects.ts); here is what they
 * hold: the content and its hash, the index keys, and the audit records of every change.
 */
import { createHash } from 'node:crypto';
import { TimeSlices } from '../io/turns.js';
import { prepareQuery } from '../match/index.js';
import { subjectKeys } from '../match/reverse.js';
import type { NewSubjectVersion, Store, StoredSubject, SubjectContent } from '../store/index.js';
import type { AuditEvent } from './audit.js';
import { CaseError } from './errors.js';
import { SUBJECT_KINDS, subjectToQuery, type SubjectInput, type SubjectKind } from './subject-input.js';

/** A monitored subject: as stored (StoredSubject), its kind checked. */
export interface Subject extends Omit<StoredSubject, 'kind'> {
  kind: SubjectKind;
}

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

export interface UpsertResult {
  ref: string;
  id: number;
  version: number;
  outcome: UpsertOutcome;
}

function sortedProperties(properties: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const key of Object.keys(properties).sort()) {
    const values = [...new Set(properties[key]!)].sort();
    if (values.length > 0) out[key] = values;
  }
  return out;
}

/** The content of a subject version as stored: kind, schema and properties, keys sorted. */
export function subjectData(input: Pick<SubjectInput, 'kind' | 'schema' | 'properties'>): string {
  return JSON.stringify({ kind: input.kind, schema: input.schema, properties: sortedProperties(input.properties) });
}

export function subjectHash(data: string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A subject as the store gives it, its kind checked. */
function fromStored(stored: StoredSubject): Subject {
  if (!(SUBJECT_KINDS as readonly string[]).includes(stored.kind)) throw new Error(`subject ${stored.id}: its stored kind "${stored.kind}" is not a subject kind`);
  return { ...stored, kind: stored.kind as SubjectKind };
}

/** The subject index keys of a subject's content. */
function indexKeys(input: SubjectInput): string[] {
  return [...subjectKeys(prepareQuery(subjectToQuery(input)))];
}

const UPSERT_BATCH = 200;

/**
 * Create or update subjects by reference, in batches of one transaction each (a batch lands whole
 * or not at all). Content equal to the current version changes nothing; new content makes a new
 * version; a deleted subject given again is monitored again. Every change is audited.
 */
export async function upsertSubjects(store: Store, inputs: SubjectInput[], actor: string): Promise<UpsertResult[]> {
  const results: UpsertResult[] = [];
  // A batch is one transaction; the event loop gets its turn every slice, inside a batch too (a
  // SQLite transaction's queries hold the thread; other queries wait for the connection meanwhile).
  const slices = new TimeSlices();
  for (let start = 0; start < inputs.length; start += UPSERT_BATCH) {
    if (start > 0) await slices.turn();
    // The last row for a reference wins within one call.
    const batch = new Map<string, SubjectInput>();
    for (const input of inputs.slice(start, start + UPSERT_BATCH)) batch.set(input.ref, input);
    const done = await store.transaction(async (tx) => {
      const now = new Date().toISOString();
      const existing = new Map((await tx.subjects.statesByRef([...batch.keys()])).map((r) => [r.ref, r]));
      const out: UpsertResult[] = [];
      const refile: { id: number; keys: Iterable<string> }[] = [];
      const versions: NewSubjectVersion[] = [];
      const audit: AuditEvent[] = [];
      const created: (SubjectContent & { ref: string; input: SubjectInput })[] = [];
      for (const input of batch.values()) {
        await slices.due();
        const data = subjectData(input);
        const hash = subjectHash(data);
        const row = existing.get(input.ref);
        if (!row) {
          created.push({ ref: input.ref, kind: input.kind, schema: input.schema, data, hash, input });
          continue;
        }
        if (row.hash === hash && row.deletedAt === null) {
          out.push({ ref: input.ref, id: row.id, version: row.version, outcome: 'unchanged' });
          continue;
        }
        const version = row.hash === hash ? row.version : row.version + 1;
        // A subject monitored again missed the list changes while it was not: screen it anew.
        await tx.subjects.update(row.id, { kind: input.kind, schema: input.schema, data, hash }, version, now, row.deletedAt !== null);
        if (version !== row.version) versions.push({ subjectId: row.id, version, hash, data, at: now });
        refile.push({ id: row.id, keys: indexKeys(input) });
        out.push({ ref: input.ref, id: row.id, version, outcome: 'updated' });
        audit.push({ actor, action: 'subject.update', subject: `subject:${input.ref}`, details: { id: row.id, version, hash, restored: row.deletedAt !== null } });
      }
      const idOf = await tx.subjects.insert(created, now);
      for (const { input, data, hash } of created) {
        await slices.due();
        const id = idOf.get(input.ref)!;
        versions.push({ subjectId: id, version: 1, hash, data, at: now });
        refile.push({ id, keys: indexKeys(input) });
        out.push({ ref: input.ref, id, version: 1, outcome: 'created' });
        audit.push({ actor, action: 'subject.create', subject: `subject:${input.ref}`, details: { id, version: 1, hash, kind: input.kind } });
      }
      await tx.subjects.addVersions(versions);
      await tx.subjects.refileKeys(refile);
      await tx.audit.append(audit);
      return out;
    });
    results.push(...done);
  }
  return results;
}

export async function getSubject(store: Store, idOrRef: number | string): Promise<Subject | undefined> {
  const stored = await (typeof idOrRef === 'number' ? store.repos.subjects.byId(idOrRef) : store.repos.subjects.byRef(idOrRef));
  return stored ? fromStored(stored) : undefined;
}

export async function requireSubject(store: Store, idOrRef: number | string): Promise<Subject> {
  const subject = await getSubject(store, idOrRef);
  if (!subject) throw new CaseError('not_found', `no subject ${typeof idOrRef === 'number' ? `with id ${idOrRef}` : `"${idOrRef}"`}`);
  return subject;
}

export async function subjectsById(store: Store, ids: number[]): Promise<Subject[]> {
  return (await store.repos.subjects.byIds(ids)).map(fromStored);
}

export interface SubjectFilter {
  kind?: SubjectKind;
  /** Include subjects no longer monitored. */
  deleted?: boolean;
  /** Subjects with an id greater than this (paging). */
  after?: number;
  limit?: number;
}

export async function listSubjects(store: Store, filter: SubjectFilter = {}): Promise<Subject[]> {
  return (await store.repos.subjects.list({ ...filter, limit: Math.min(filter.limit ?? 100, 1000) })).map(fromStored);
}

export async function countSubjects(store: Store): Promise<number> {
  return store.repos.subjects.countActive();
}

/** Stop monitoring a subject; its versions, screenings and alerts are kept. */
export async function deleteSubject(store: Store, idOrRef: number | string, actor: string): Promise<Subject> {
  const subject = await requireSubject(store, idOrRef);
  if (subject.deletedAt) return subject;
  const now = new Date().toISOString();
  await store.transaction(async (tx) => {
    await tx.subjects.markDeleted(subject.id, now);
    await tx.audit.append([{ actor, action: 'subject.delete', subject: `subject:${subject.ref}`, details: { id: subject.id, version: subject.version } }]);
  });
  return { ...subject, deletedAt: now, updatedAt: now };
}
