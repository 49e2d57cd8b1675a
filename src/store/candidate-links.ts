/**
 * Queries over the stored link graph of candidate vetting (tables of migration
 * 0008_candidate_links): each candidate's join keys, and who else holds a key. Work on SQLite and
 * PostgreSQL alike; long lists of ids or keys are sent in chunks (SQLite's bound-parameter limit).
 */
import type { Kysely, Selectable } from 'kysely';
import type { CandidatesTable, Database } from './types.js';

const CHUNK = 500;

function chunks<T>(values: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += CHUNK) out.push(values.slice(i, i + CHUNK));
  return out;
}

/**
 * Replace the join keys of these candidates by the given ones, and record the profile version and
 * key derivation they come from. Call inside the transaction that writes the profiles.
 */
export async function writeCandidateLinkKeys(db: Kysely<Database>, rows: readonly { candidateId: number; version: number; keys: readonly string[] }[], derivation: number): Promise<void> {
  if (rows.length === 0) return;
  for (const part of chunks(rows)) {
    const ids = part.map((r) => r.candidateId);
    await db.deleteFrom('candidate_link_keys').where('candidate_id', 'in', ids).execute();
    await db.deleteFrom('candidate_link_sets').where('candidate_id', 'in', ids).execute();
    await db
      .insertInto('candidate_link_sets')
      .values(part.map((r) => ({ candidate_id: r.candidateId, candidate_version: r.version, derivation })))
      .execute();
  }
  const keyRows = rows.flatMap((r) => [...new Set(r.keys)].map((k) => ({ candidate_id: r.candidateId, link_key: k })));
  for (const part of chunks(keyRows)) await db.insertInto('candidate_link_keys').values(part).execute();
}

/**
 * Live candidates whose stored join keys are missing or out of date (another profile version, or
 * another key derivation), at most `limit`, in id order.
 */
export async function candidatesWithStaleLinkKeys(db: Kysely<Database>, derivation: number, limit = 1000): Promise<Selectable<CandidatesTable>[]> {
  return db
    .selectFrom('candidates as c')
    .leftJoin('candidate_link_sets as s', 's.candidate_id', 'c.id')
    .selectAll('c')
    .where('c.deleted_at', 'is', null)
    .where((eb) => eb.or([eb('s.candidate_id', 'is', null), eb('s.candidate_version', '!=', eb.ref('c.version')), eb('s.derivation', '!=', derivation)]))
    .orderBy('c.id')
    .limit(limit)
    .execute();
}

/** The stored join keys of these candidates. */
export async function linkKeysOf(db: Kysely<Database>, candidateIds: readonly number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  for (const part of chunks([...new Set(candidateIds)])) {
    const rows = await db.selectFrom('candidate_link_keys').select(['candidate_id', 'link_key']).where('candidate_id', 'in', part).execute();
    for (const r of rows) {
      const list = out.get(r.candidate_id);
      if (list) list.push(r.link_key);
      else out.set(r.candidate_id, [r.link_key]);
    }
  }
  return out;
}

/** Every live candidate holding one of these keys: key -> holders (id and ref). */
export async function linkKeyHolders(db: Kysely<Database>, keys: readonly string[]): Promise<Map<string, { id: number; ref: string }[]>> {
  const out = new Map<string, { id: number; ref: string }[]>();
  for (const part of chunks([...new Set(keys)])) {
    const rows = await db
      .selectFrom('candidate_link_keys as k')
      .innerJoin('candidates as c', 'c.id', 'k.candidate_id')
      .select(['k.link_key', 'c.id', 'c.ref'])
      .where('k.link_key', 'in', part)
      .where('c.deleted_at', 'is', null)
      .execute();
    for (const r of rows) {
      const list = out.get(r.link_key);
      if (list) list.push({ id: r.id, ref: r.ref });
      else out.set(r.link_key, [{ id: r.id, ref: r.ref }]);
    }
  }
  return out;
}

/** Live candidates by id (the rows; the caller parses the profiles). */
export async function candidateRowsById(db: Kysely<Database>, ids: readonly number[]): Promise<Selectable<CandidatesTable>[]> {
  const out: Selectable<CandidatesTable>[] = [];
  for (const part of chunks([...new Set(ids)])) out.push(...(await db.selectFrom('candidates').selectAll().where('id', 'in', part).where('deleted_at', 'is', null).execute()));
  return out;
}
