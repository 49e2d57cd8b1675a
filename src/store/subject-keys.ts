/**
 * Reading the subject index for monitoring: each monitored subject's keys in one row (not one row
 * per key), a window of subject ids at a time, so reverse screening walks a large book with flat
 * memory and a fifth of the rows.
 */
import { sql } from 'kysely';
import type { Store } from './types.js';

export interface SubjectKeySet {
  id: number;
  schema: string;
  keys: string[];
}

/** Keys never hold this character (name keys are phonetic, identifier keys `kind:value`). */
const SEPARATOR = '\u0001';

/** Subjects not deleted with id in (after, upTo], each with its keys (in no particular order), by id. */
export async function subjectKeySets(store: Store, after: number, upTo: number): Promise<SubjectKeySet[]> {
  const joined = store.kind === 'postgres' ? sql<string>`string_agg(k.key, chr(1))` : sql<string>`group_concat(k.key, char(1))`;
  const rows = await sql<{ id: number; schema: string; keys: string }>`
    select s.id as id, s.schema as schema, ${joined} as keys
    from subjects s join subject_keys k on k.subject_id = s.id
    where s.id > ${after} and s.id <= ${upTo} and s.deleted_at is null
    group by s.id, s.schema
    order by s.id`.execute(store.db);
  return rows.rows.map((r) => ({ id: Number(r.id), schema: r.schema, keys: r.keys.split(SEPARATOR) }));
}

/** The highest subject id (0 when there is none). */
export async function maxSubjectId(store: Store): Promise<number> {
  const last = await store.db.selectFrom('subjects').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return Number(last?.id ?? 0);
}
