/**
 * Monitored subjects: the firm's customers, counterparties, vendors, employees and candidates, each
 * a `{schema, properties}` entity under the firm's own reference. An upsert with new content makes
 * a new subject version (every version is kept, so a screening record can always say what exactly
 * was screened and a reopened alert can show what changed) and refiles the subject in the subject
 * index (`subject_keys`) that reverse screening looks changed listed parties up in.
 */
import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import { prepareQuery } from '../match/index.js';
import { subjectKeys } from '../match/reverse.js';
import type { Database, Store, SubjectsTable } from '../store/index.js';
import type { Selectable } from 'kysely';
import { appendAuditIn, type AuditEvent } from './audit.js';
import { CaseError } from './errors.js';
import { subjectToQuery, type SubjectInput, type SubjectKind } from './subject-input.js';

export interface Subject {
  id: number;
  ref: string;
  kind: SubjectKind;
  schema: string;
  properties: Record<string, string[]>;
  hash: string;
  version: number;
  /** The version last screened; null when never screened. */
  screenedVersion: number | null;
  screenedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** Set when the subject is no longer monitored. */
  deletedAt: string | null;
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

export function toSubject(row: Selectable<SubjectsTable>): Subject {
  const data = JSON.parse(row.data) as { properties: Record<string, string[]> };
  return {
    id: row.id,
    ref: row.ref,
    kind: row.kind as SubjectKind,
    schema: row.schema,
    properties: data.properties,
    hash: row.hash,
    version: row.version,
    screenedVersion: row.screened_version,
    screenedAt: row.screened_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

/** Refile a subject in the subject index under the keys of its current content. */
async function fileKeys(trx: Transaction<Database>, rows: { id: number; input: SubjectInput }[]): Promise<void> {
  const ids = rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 500) await trx.deleteFrom('subject_keys').where('subject_id', 'in', ids.slice(i, i + 500)).execute();
  const keys: { key: string; subject_id: number }[] = [];
  for (const { id, input } of rows) for (const key of subjectKeys(prepareQuery(subjectToQuery(input)))) keys.push({ key, subject_id: id });
  for (let i = 0; i < keys.length; i += 1000) await trx.insertInto('subject_keys').values(keys.slice(i, i + 1000)).execute();
}

const UPSERT_BATCH = 500;

/**
 * Create or update subjects by reference, in batches of one transaction each (a batch lands whole
 * or not at all). Content equal to the current version changes nothing; new content makes a new
 * version; a deleted subject given again is monitored again. Every change is audited.
 */
export async function upsertSubjects(store: Store, inputs: SubjectInput[], actor: string): Promise<UpsertResult[]> {
  const results: UpsertResult[] = [];
  for (let start = 0; start < inputs.length; start += UPSERT_BATCH) {
    // The last row for a reference wins within one call.
    const batch = new Map<string, SubjectInput>();
    for (const input of inputs.slice(start, start + UPSERT_BATCH)) batch.set(input.ref, input);
    const done = await store.db.transaction().execute(async (trx) => {
      const now = new Date().toISOString();
      const existing = new Map(
        (await trx.selectFrom('subjects').selectAll().where('ref', 'in', [...batch.keys()]).execute()).map((r) => [r.ref, r]),
      );
      const out: UpsertResult[] = [];
      const refile: { id: number; input: SubjectInput }[] = [];
      const versions: { subject_id: number; version: number; hash: string; data: string; at: string }[] = [];
      const audit: AuditEvent[] = [];
      const created: { input: SubjectInput; data: string; hash: string }[] = [];
      for (const input of batch.values()) {
        const data = subjectData(input);
        const hash = subjectHash(data);
        const row = existing.get(input.ref);
        if (!row) {
          created.push({ input, data, hash });
          continue;
        }
        if (row.hash === hash && row.deleted_at === null) {
          out.push({ ref: input.ref, id: row.id, version: row.version, outcome: 'unchanged' });
          continue;
        }
        const version = row.hash === hash ? row.version : row.version + 1;
        await trx
          .updateTable('subjects')
          .set({
            kind: input.kind,
            schema: input.schema,
            data,
            hash,
            version,
            updated_at: now,
            deleted_at: null,
            // A subject monitored again missed the list changes while it was not: screen it anew.
            ...(row.deleted_at !== null ? { screened_version: null } : {}),
          })
          .where('id', '=', row.id)
          .execute();
        if (version !== row.version) versions.push({ subject_id: row.id, version, hash, data, at: now });
        refile.push({ id: row.id, input });
        out.push({ ref: input.ref, id: row.id, version, outcome: 'updated' });
        audit.push({ actor, action: 'subject.update', subject: `subject:${input.ref}`, details: { id: row.id, version, hash, restored: row.deleted_at !== null } });
      }
      for (let i = 0; i < created.length; i += 200) {
        const slice = created.slice(i, i + 200);
        const ids = await trx
          .insertInto('subjects')
          .values(
            slice.map(({ input, data, hash }) => ({
              ref: input.ref,
              kind: input.kind,
              schema: input.schema,
              data,
              hash,
              version: 1,
              screened_version: null,
              screened_at: null,
              created_at: now,
              updated_at: now,
              deleted_at: null,
            })),
          )
          .returning(['id', 'ref'])
          .execute();
        const idOf = new Map(ids.map((r) => [r.ref, r.id]));
        for (const { input, data, hash } of slice) {
          const id = idOf.get(input.ref)!;
          versions.push({ subject_id: id, version: 1, hash, data, at: now });
          refile.push({ id, input });
          out.push({ ref: input.ref, id, version: 1, outcome: 'created' });
          audit.push({ actor, action: 'subject.create', subject: `subject:${input.ref}`, details: { id, version: 1, hash, kind: input.kind } });
        }
      }
      for (let i = 0; i < versions.length; i += 500) await trx.insertInto('subject_versions').values(versions.slice(i, i + 500)).execute();
      await fileKeys(trx, refile);
      await appendAuditIn(trx, audit, store.kind);
      return out;
    });
    results.push(...done);
  }
  return results;
}

export async function getSubject(store: Store, idOrRef: number | string): Promise<Subject | undefined> {
  const q = store.db.selectFrom('subjects').selectAll();
  const row = await (typeof idOrRef === 'number' ? q.where('id', '=', idOrRef) : q.where('ref', '=', idOrRef)).executeTakeFirst();
  return row ? toSubject(row) : undefined;
}

export async function requireSubject(store: Store, idOrRef: number | string): Promise<Subject> {
  const subject = await getSubject(store, idOrRef);
  if (!subject) throw new CaseError('not_found', `no subject ${typeof idOrRef === 'number' ? `with id ${idOrRef}` : `"${idOrRef}"`}`);
  return subject;
}

export async function subjectsById(store: Store, ids: number[]): Promise<Subject[]> {
  const out: Subject[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await store.db.selectFrom('subjects').selectAll().where('id', 'in', ids.slice(i, i + 500)).orderBy('id').execute();
    out.push(...rows.map(toSubject));
  }
  return out;
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
  let q = store.db.selectFrom('subjects').selectAll().orderBy('id').limit(Math.min(filter.limit ?? 100, 1000));
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (!filter.deleted) q = q.where('deleted_at', 'is', null);
  if (filter.after !== undefined) q = q.where('id', '>', filter.after);
  return (await q.execute()).map(toSubject);
}

export async function countSubjects(store: Store): Promise<number> {
  const row = await store.db.selectFrom('subjects').select((eb) => eb.fn.countAll<number>().as('n')).where('deleted_at', 'is', null).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Stop monitoring a subject; its versions, screenings and alerts are kept. */
export async function deleteSubject(store: Store, idOrRef: number | string, actor: string): Promise<Subject> {
  const subject = await requireSubject(store, idOrRef);
  if (subject.deletedAt) return subject;
  const now = new Date().toISOString();
  await store.db.transaction().execute(async (trx) => {
    await trx.updateTable('subjects').set({ deleted_at: now, updated_at: now }).where('id', '=', subject.id).execute();
    await trx.deleteFrom('subject_keys').where('subject_id', '=', subject.id).execute();
    await appendAuditIn(trx, [{ actor, action: 'subject.delete', subject: `subject:${subject.ref}`, details: { id: subject.id, version: subject.version } }], store.kind);
  });
  return { ...subject, deletedAt: now, updatedAt: now };
}

/** A subject version as it was stored (for screening records and diffs). */
export async function subjectVersion(
  db: Store['db'] | Transaction<Database>,
  subjectId: number,
  version: number,
): Promise<{ kind: string; schema: string; properties: Record<string, string[]> } | undefined> {
  const row = await db.selectFrom('subject_versions').select('data').where('subject_id', '=', subjectId).where('version', '=', version).executeTakeFirst();
  return row ? (JSON.parse(row.data) as { kind: string; schema: string; properties: Record<string, string[]> }) : undefined;
}
