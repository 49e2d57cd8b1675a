/**
 * The monitored subjects' repository: `subjects` (one row per subject, its current content),
 * `subject_versions` (every content a subject had) and `subject_keys` (the subject index that
 * reverse screening looks keys up in). Rows are decoded and checked here: the `data` JSON of a
 * subject or of a subject version is `{kind, schema, properties}`, properties lists of strings.
 * What the content is, its hash and its index keys are the use cases' business (src/cases/subjects.ts).
 */
import { sql, type Selectable } from 'kysely';
import type { StoreKind } from '../kind.js';
import type { SubjectsTable } from '../tables.js';
import { isJsonObject, isStringLists, parseStoredJson } from './json.js';
import type { Queryable } from './queryable.js';

/** A subject as stored, its content decoded. */
export interface StoredSubject {
  id: number;
  ref: string;
  kind: string;
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

/** What an upsert compares new content with: a subject's current version and whether it is deleted. */
export interface SubjectState {
  id: number;
  ref: string;
  hash: string;
  version: number;
  deletedAt: string | null;
}

/** A subject's content as written: `data` the canonical JSON of kind, schema and properties, `hash` its hash. */
export interface SubjectContent {
  kind: string;
  schema: string;
  data: string;
  hash: string;
}

/** A subject version as it was stored. */
export interface StoredSubjectVersion {
  kind: string;
  schema: string;
  properties: Record<string, string[]>;
}

export interface NewSubjectVersion {
  subjectId: number;
  version: number;
  hash: string;
  data: string;
  at: string;
}

export interface SubjectRowFilter {
  kind?: string;
  /** Include subjects no longer monitored. */
  deleted?: boolean;
  /** Subjects with an id greater than this (paging). */
  after?: number;
  limit: number;
}

/** A monitored subject's keys in the subject index, in no particular order. */
export interface SubjectKeySet {
  id: number;
  schema: string;
  keys: string[];
}

/** Keys never hold this character (name keys are phonetic, identifier keys `kind:value`). */
const SEPARATOR = '\u0001';
/** Ids per `in (...)` list. */
const ID_BATCH = 500;

/** A stored `data` JSON, decoded and checked; `what` names the row in the error. */
function decodeData(data: string, what: string): StoredSubjectVersion {
  const v = parseStoredJson(data, `${what}: its stored data`);
  if (!isJsonObject(v) || typeof v.kind !== 'string' || typeof v.schema !== 'string' || !isStringLists(v.properties)) {
    throw new Error(`${what}: its stored data is not {kind, schema, properties} with properties lists of strings`);
  }
  return { kind: v.kind, schema: v.schema, properties: v.properties };
}

/** A `subjects` row, its content decoded and checked. */
export function decodeSubjectRow(row: Selectable<SubjectsTable>): StoredSubject {
  return {
    id: row.id,
    ref: row.ref,
    kind: row.kind,
    schema: row.schema,
    properties: decodeData(row.data, `subject ${row.id}`).properties,
    hash: row.hash,
    version: row.version,
    screenedVersion: row.screened_version,
    screenedAt: row.screened_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

/** A subject version as it was stored (for screening records and diffs); for callers holding only a queryable. */
export async function readSubjectVersion(db: Queryable, subjectId: number, version: number): Promise<StoredSubjectVersion | undefined> {
  const row = await db.selectFrom('subject_versions').select('data').where('subject_id', '=', subjectId).where('version', '=', version).executeTakeFirst();
  return row ? decodeData(row.data, `subject ${subjectId} version ${version}`) : undefined;
}

export class SubjectRepository {
  constructor(
    private readonly db: Queryable,
    private readonly kind: StoreKind,
  ) {}

  async byId(id: number): Promise<StoredSubject | undefined> {
    const row = await this.db.selectFrom('subjects').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? decodeSubjectRow(row) : undefined;
  }

  async byRef(ref: string): Promise<StoredSubject | undefined> {
    const row = await this.db.selectFrom('subjects').selectAll().where('ref', '=', ref).executeTakeFirst();
    return row ? decodeSubjectRow(row) : undefined;
  }

  /** The subjects of these ids (deleted ones too), by id within each batch of ids. */
  async byIds(ids: readonly number[]): Promise<StoredSubject[]> {
    const out: StoredSubject[] = [];
    for (let i = 0; i < ids.length; i += ID_BATCH) {
      const rows = await this.db.selectFrom('subjects').selectAll().where('id', 'in', ids.slice(i, i + ID_BATCH)).orderBy('id').execute();
      out.push(...rows.map(decodeSubjectRow));
    }
    return out;
  }

  /** Subjects by id, filtered. */
  async list(filter: SubjectRowFilter): Promise<StoredSubject[]> {
    let q = this.db.selectFrom('subjects').selectAll().orderBy('id').limit(filter.limit);
    if (filter.kind) q = q.where('kind', '=', filter.kind);
    if (!filter.deleted) q = q.where('deleted_at', 'is', null);
    if (filter.after !== undefined) q = q.where('id', '>', filter.after);
    return (await q.execute()).map(decodeSubjectRow);
  }

  /** How many subjects are monitored (not deleted). */
  async countActive(): Promise<number> {
    const row = await this.db.selectFrom('subjects').select((eb) => eb.fn.countAll<number>().as('n')).where('deleted_at', 'is', null).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** The current state of the subjects with these references (one `in` list: callers batch). */
  async statesByRef(refs: readonly string[]): Promise<SubjectState[]> {
    if (refs.length === 0) return [];
    const rows = await this.db.selectFrom('subjects').select(['id', 'ref', 'hash', 'version', 'deleted_at']).where('ref', 'in', refs).execute();
    return rows.map((r) => ({ id: r.id, ref: r.ref, hash: r.hash, version: r.version, deletedAt: r.deleted_at }));
  }

  /** Create subjects at version 1, never screened; their ids by reference. */
  async insert(subjects: readonly (SubjectContent & { ref: string })[], at: string): Promise<Map<string, number>> {
    const idOf = new Map<string, number>();
    for (let i = 0; i < subjects.length; i += 200) {
      const rows = await this.db
        .insertInto('subjects')
        .values(
          subjects.slice(i, i + 200).map((s) => ({
            ref: s.ref,
            kind: s.kind,
            schema: s.schema,
            data: s.data,
            hash: s.hash,
            version: 1,
            screened_version: null,
            screened_at: null,
            created_at: at,
            updated_at: at,
            deleted_at: null,
          })),
        )
        .returning(['id', 'ref'])
        .execute();
      for (const r of rows) idOf.set(r.ref, r.id);
    }
    return idOf;
  }

  /**
   * Give a subject new content (or the same content again) at `version`, monitored again if it
   * was deleted; `rescreen` forgets the version last screened, so that it is screened anew.
   */
  async update(id: number, content: SubjectContent, version: number, at: string, rescreen: boolean): Promise<void> {
    await this.db
      .updateTable('subjects')
      .set({
        kind: content.kind,
        schema: content.schema,
        data: content.data,
        hash: content.hash,
        version,
        updated_at: at,
        deleted_at: null,
        ...(rescreen ? { screened_version: null } : {}),
      })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Lock a subject's row for the rest of the unit of work, before reading what depends on it: a
   * write that changes nothing (on SQLite it takes the database's write lock).
   */
  async lock(id: number): Promise<void> {
    await this.db.updateTable('subjects').set({ id }).where('id', '=', id).execute();
  }

  /** Record that these subjects were screened at `version`, those still at that version only (one edited meanwhile stays pending). */
  async markScreened(ids: readonly number[], version: number, at: string): Promise<void> {
    for (let i = 0; i < ids.length; i += ID_BATCH) {
      await this.db
        .updateTable('subjects')
        .set({ screened_version: version, screened_at: at })
        .where('id', 'in', ids.slice(i, i + ID_BATCH))
        .where('version', '=', version)
        .execute();
    }
  }

  /** Stop monitoring a subject: mark it deleted and take it out of the subject index. */
  async markDeleted(id: number, at: string): Promise<void> {
    await this.db.updateTable('subjects').set({ deleted_at: at, updated_at: at }).where('id', '=', id).execute();
    await this.db.deleteFrom('subject_keys').where('subject_id', '=', id).execute();
  }

  async addVersions(versions: readonly NewSubjectVersion[]): Promise<void> {
    for (let i = 0; i < versions.length; i += 500) {
      await this.db
        .insertInto('subject_versions')
        .values(versions.slice(i, i + 500).map((v) => ({ subject_id: v.subjectId, version: v.version, hash: v.hash, data: v.data, at: v.at })))
        .execute();
    }
  }

  /** A subject version as it was stored. */
  version(subjectId: number, version: number): Promise<StoredSubjectVersion | undefined> {
    return readSubjectVersion(this.db, subjectId, version);
  }

  /** Refile subjects in the subject index: each subject's keys replaced by these. */
  async refileKeys(entries: readonly { id: number; keys: Iterable<string> }[]): Promise<void> {
    const ids = entries.map((e) => e.id);
    for (let i = 0; i < ids.length; i += ID_BATCH) await this.db.deleteFrom('subject_keys').where('subject_id', 'in', ids.slice(i, i + ID_BATCH)).execute();
    const keys: { key: string; subject_id: number }[] = [];
    for (const { id, keys: of } of entries) for (const key of of) keys.push({ key, subject_id: id });
    for (let i = 0; i < keys.length; i += 1000) await this.db.insertInto('subject_keys').values(keys.slice(i, i + 1000)).execute();
  }

  /**
   * Subjects not deleted with id in (after, upTo], each with its keys (in no particular order), by
   * id: one row per subject (not per key), so monitoring walks a large book a window at a time.
   */
  async keySets(after: number, upTo: number): Promise<SubjectKeySet[]> {
    const joined = this.kind === 'postgres' ? sql<string>`string_agg(k.key, chr(1))` : sql<string>`group_concat(k.key, char(1))`;
    const rows = await sql<{ id: number; schema: string; keys: string }>`
      select s.id as id, s.schema as schema, ${joined} as keys
      from subjects s join subject_keys k on k.subject_id = s.id
      where s.id > ${after} and s.id <= ${upTo} and s.deleted_at is null
      group by s.id, s.schema
      order by s.id`.execute(this.db);
    return rows.rows.map((r) => ({ id: Number(r.id), schema: r.schema, keys: r.keys.split(SEPARATOR) }));
  }

  /** The subjects (not deleted) filed under one key of the subject index, by id. */
  async idsHoldingKey(key: string): Promise<number[]> {
    const rows = await this.db
      .selectFrom('subject_keys')
      .innerJoin('subjects', 'subjects.id', 'subject_keys.subject_id')
      .select('subjects.id')
      .where('subject_keys.key', '=', key)
      .where('subjects.deleted_at', 'is', null)
      .orderBy('subjects.id')
      .execute();
    return rows.map((r) => r.id);
  }

  /** The ids of the subjects not deleted, by id; `onlyPending`: those whose current version was not screened. */
  async activeIds(onlyPending: boolean): Promise<number[]> {
    let q = this.db.selectFrom('subjects').select('id').where('deleted_at', 'is', null);
    if (onlyPending) q = q.where((eb) => eb.or([eb('screened_version', 'is', null), eb('screened_version', '<>', eb.ref('version'))]));
    return (await q.orderBy('id').execute()).map((r) => r.id);
  }

  /** Every key of the subject index, once. */
  async indexKeys(): Promise<string[]> {
    return (await this.db.selectFrom('subject_keys').select('key').distinct().execute()).map((r) => r.key);
  }

  /** The highest subject id (0 when there is none). */
  async maxId(): Promise<number> {
    const last = await this.db.selectFrom('subjects').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
    return Number(last?.id ?? 0);
  }
}
