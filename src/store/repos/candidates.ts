/**
 * The vetting candidates' repository: `candidates` (one row per candidate, its current profile),
 * `candidate_versions` (every profile a candidate had), `candidate_assessments` (an assessment
 * each time it changed) and the stored link graph (`candidate_link_keys`, each candidate's join
 * keys, and `candidate_link_sets`, the profile version and key derivation they come from).
 *
 * Rows are decoded here: a stored profile or assessment must be a JSON object, else the error
 * names the candidate. What a profile or an assessment is belongs to src/hiring, which passes a
 * decoder (`JsonDecoder`) that checks the object and gives it its type. Long lists of ids or keys
 * are sent in chunks (SQLite's bound-parameter limit).
 */
import type { Selectable } from 'kysely';
import type { CandidatesTable } from '../tables.js';
import { isJsonObject, parseStoredJson } from './json.js';
import type { Queryable } from './queryable.js';

/** A stored JSON object, decoded. */
export type JsonObject = Record<string, unknown>;

/**
 * Gives a stored JSON object its type, checking it; throws an Error whose message begins with
 * `what` (e.g. `candidate 12: its stored profile`) when the object is not what it should be.
 */
export type JsonDecoder<T> = (value: JsonObject, what: string) => T;

/** A candidate as stored, its profile decoded by the caller's decoder. */
export interface StoredCandidateRow<P> {
  id: number;
  ref: string;
  kind: string;
  version: number;
  profile: P;
  createdAt: string;
  updatedAt: string;
}

/** What an upsert compares a new profile with: a candidate's current version and whether it is deleted. */
export interface CandidateState {
  id: number;
  ref: string;
  hash: string;
  version: number;
  deletedAt: string | null;
}

/** A profile as written: `data` its JSON, `hash` the hash of that JSON. */
export interface CandidateContent {
  kind: string;
  data: string;
  hash: string;
}

export interface NewCandidateVersion {
  candidateId: number;
  version: number;
  hash: string;
  data: string;
  at: string;
}

/** The join keys of one profile version (see src/hiring/links/keys.ts linkKeys). */
export interface CandidateLinkKeySet {
  candidateId: number;
  version: number;
  keys: readonly string[];
}

/** A live candidate holding a join key. */
export interface LinkKeyHolder {
  id: number;
  ref: string;
}

export interface NewCandidateAssessment {
  candidateId: number;
  candidateVersion: number;
  rulesVersion: string;
  score: number;
  level: string;
  clusterId: string | null;
  /** sha256 of what the assessment says. */
  fingerprint: string;
  /** The whole assessment, as JSON. */
  assessment: string;
  at: string;
}

/** Level, score and cluster of a stored assessment. */
export interface AssessmentLevel {
  level: string;
  score: number;
  cluster: string | null;
}

/** The latest stored assessment of a live candidate, without the assessment itself. */
export interface LatestAssessmentRow extends AssessmentLevel {
  ref: string;
  /** The candidate's current profile version. */
  version: number;
  /** The profile version assessed. */
  assessedVersion: number;
  at: string;
}

/** Ids or keys per `in (...)` list. */
const CHUNK = 500;

function chunks<T>(values: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += CHUNK) out.push(values.slice(i, i + CHUNK));
  return out;
}

/** A stored JSON text that must be an object; `what` names the column of the row in the error. */
function decodeObject(text: string, what: string): JsonObject {
  const value = parseStoredJson(text, what);
  if (!isJsonObject(value)) throw new Error(`${what} is not a JSON object`);
  return value as JsonObject;
}

function decodeCandidate<P>(row: Selectable<CandidatesTable>, decode: JsonDecoder<P>): StoredCandidateRow<P> {
  const what = `candidate ${row.id}: its stored profile`;
  return {
    id: row.id,
    ref: row.ref,
    kind: row.kind,
    version: row.version,
    profile: decode(decodeObject(row.data, what), what),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class CandidateRepository {
  constructor(private readonly db: Queryable) {}

  // --- profiles and their versions

  /** The live candidate of a reference. */
  async byRef<P>(ref: string, decode: JsonDecoder<P>): Promise<StoredCandidateRow<P> | undefined> {
    const row = await this.db.selectFrom('candidates').selectAll().where('ref', '=', ref).where('deleted_at', 'is', null).executeTakeFirst();
    return row ? decodeCandidate(row, decode) : undefined;
  }

  /** Live candidates by id (those not found are left out), in no particular order. */
  async byIds<P>(ids: readonly number[], decode: JsonDecoder<P>): Promise<StoredCandidateRow<P>[]> {
    const out: StoredCandidateRow<P>[] = [];
    for (const part of chunks([...new Set(ids)])) {
      const rows = await this.db.selectFrom('candidates').selectAll().where('id', 'in', part).where('deleted_at', 'is', null).execute();
      for (const row of rows) out.push(decodeCandidate(row, decode));
    }
    return out;
  }

  /** Live candidates by id: those with an id greater than `after`, at most `limit` (every one without). */
  async list<P>(decode: JsonDecoder<P>, options: { after?: number; limit?: number } = {}): Promise<StoredCandidateRow<P>[]> {
    let q = this.db.selectFrom('candidates').selectAll().where('deleted_at', 'is', null).orderBy('id');
    if (options.after !== undefined) q = q.where('id', '>', options.after);
    if (options.limit !== undefined) q = q.limit(options.limit);
    return (await q.execute()).map((row) => decodeCandidate(row, decode));
  }

  /** Whether any candidate was ever stored (deleted ones too). */
  async any(): Promise<boolean> {
    return (await this.db.selectFrom('candidates').select('id').limit(1).executeTakeFirst()) !== undefined;
  }

  /** The current state of the candidates with these references (deleted ones too; one `in` list: callers batch). */
  async statesByRef(refs: readonly string[]): Promise<CandidateState[]> {
    if (refs.length === 0) return [];
    const rows = await this.db.selectFrom('candidates').select(['id', 'ref', 'hash', 'version', 'deleted_at']).where('ref', 'in', refs).execute();
    return rows.map((r) => ({ id: r.id, ref: r.ref, hash: r.hash, version: r.version, deletedAt: r.deleted_at }));
  }

  /** Create a candidate at version 1; its id. */
  async insert(ref: string, content: CandidateContent, at: string): Promise<number> {
    const row = await this.db
      .insertInto('candidates')
      .values({ ref, kind: content.kind, data: content.data, hash: content.hash, version: 1, created_at: at, updated_at: at, deleted_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Give a candidate a new profile at `version` (live again if it was deleted). */
  async update(id: number, content: CandidateContent, version: number, at: string): Promise<void> {
    await this.db.updateTable('candidates').set({ kind: content.kind, data: content.data, hash: content.hash, version, updated_at: at, deleted_at: null }).where('id', '=', id).execute();
  }

  async addVersion(v: NewCandidateVersion): Promise<void> {
    await this.db.insertInto('candidate_versions').values({ candidate_id: v.candidateId, version: v.version, hash: v.hash, data: v.data, at: v.at }).execute();
  }

  // --- the stored link graph

  /**
   * Replace the join keys of these candidates by the given ones, and record the profile version and
   * key derivation they come from. Call in the unit of work that writes the profiles.
   */
  async writeLinkKeys(sets: readonly CandidateLinkKeySet[], derivation: number): Promise<void> {
    if (sets.length === 0) return;
    for (const part of chunks(sets)) {
      const ids = part.map((r) => r.candidateId);
      await this.db.deleteFrom('candidate_link_keys').where('candidate_id', 'in', ids).execute();
      await this.db.deleteFrom('candidate_link_sets').where('candidate_id', 'in', ids).execute();
      await this.db
        .insertInto('candidate_link_sets')
        .values(part.map((r) => ({ candidate_id: r.candidateId, candidate_version: r.version, derivation })))
        .execute();
    }
    const keyRows = sets.flatMap((r) => [...new Set(r.keys)].map((k) => ({ candidate_id: r.candidateId, link_key: k })));
    for (const part of chunks(keyRows)) await this.db.insertInto('candidate_link_keys').values(part).execute();
  }

  /**
   * Live candidates whose stored join keys are missing or out of date (another profile version, or
   * another key derivation), at most `limit`, in id order.
   */
  async withStaleLinkKeys<P>(derivation: number, limit: number, decode: JsonDecoder<P>): Promise<StoredCandidateRow<P>[]> {
    const rows = await this.db
      .selectFrom('candidates as c')
      .leftJoin('candidate_link_sets as s', 's.candidate_id', 'c.id')
      .selectAll('c')
      .where('c.deleted_at', 'is', null)
      .where((eb) => eb.or([eb('s.candidate_id', 'is', null), eb('s.candidate_version', '!=', eb.ref('c.version')), eb('s.derivation', '!=', derivation)]))
      .orderBy('c.id')
      .limit(limit)
      .execute();
    return rows.map((row) => decodeCandidate(row, decode));
  }

  /** The stored join keys of these candidates. */
  async linkKeysOf(candidateIds: readonly number[]): Promise<Map<number, string[]>> {
    const out = new Map<number, string[]>();
    for (const part of chunks([...new Set(candidateIds)])) {
      const rows = await this.db.selectFrom('candidate_link_keys').select(['candidate_id', 'link_key']).where('candidate_id', 'in', part).execute();
      for (const r of rows) {
        const list = out.get(r.candidate_id);
        if (list) list.push(r.link_key);
        else out.set(r.candidate_id, [r.link_key]);
      }
    }
    return out;
  }

  /** Every live candidate holding one of these keys: key -> holders (id and ref). */
  async linkKeyHolders(keys: readonly string[]): Promise<Map<string, LinkKeyHolder[]>> {
    const out = new Map<string, LinkKeyHolder[]>();
    for (const part of chunks([...new Set(keys)])) {
      const rows = await this.db
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

  // --- assessments

  async addAssessment(a: NewCandidateAssessment): Promise<void> {
    await this.db
      .insertInto('candidate_assessments')
      .values({
        candidate_id: a.candidateId,
        candidate_version: a.candidateVersion,
        rules_version: a.rulesVersion,
        score: a.score,
        level: a.level,
        cluster_id: a.clusterId,
        fingerprint: a.fingerprint,
        assessment: a.assessment,
        at: a.at,
      })
      .execute();
  }

  /** The fingerprint of every candidate's latest stored assessment, by candidate id, in one query. */
  async latestFingerprints(): Promise<Map<number, string>> {
    const rows = await this.db
      .selectFrom('candidate_assessments as a')
      .select(['a.candidate_id', 'a.fingerprint'])
      .where('a.id', 'in', (eb) => eb.selectFrom('candidate_assessments').select((e) => e.fn.max('id').as('id')).groupBy('candidate_id'))
      .execute();
    return new Map(rows.map((r) => [r.candidate_id, r.fingerprint]));
  }

  /** The fingerprint of a candidate's latest stored assessment. */
  async latestFingerprint(candidateId: number): Promise<string | undefined> {
    const row = await this.db.selectFrom('candidate_assessments').select('fingerprint').where('candidate_id', '=', candidateId).orderBy('id', 'desc').limit(1).executeTakeFirst();
    return row?.fingerprint;
  }

  /** Level, score and cluster of the latest stored assessment of each of these candidates, in one query (one `in` list: callers page). */
  async latestLevels(candidateIds: readonly number[]): Promise<Map<number, AssessmentLevel>> {
    const out = new Map<number, AssessmentLevel>();
    if (candidateIds.length === 0) return out;
    const rows = await this.db
      .selectFrom('candidate_assessments as a')
      .select(['a.candidate_id', 'a.level', 'a.score', 'a.cluster_id'])
      .where('a.id', 'in', (eb) => eb.selectFrom('candidate_assessments').select((e) => e.fn.max('id').as('id')).where('candidate_id', 'in', [...candidateIds]).groupBy('candidate_id'))
      .execute();
    for (const r of rows) out.set(r.candidate_id, { level: r.level, score: r.score, cluster: r.cluster_id });
    return out;
  }

  /** A candidate's latest stored assessment, decoded by the caller's decoder. */
  async latestAssessment<A>(candidateId: number, decode: JsonDecoder<A>): Promise<A | undefined> {
    const row = await this.db.selectFrom('candidate_assessments').select(['id', 'assessment']).where('candidate_id', '=', candidateId).orderBy('id', 'desc').limit(1).executeTakeFirst();
    if (!row) return undefined;
    const what = `candidate ${candidateId}: its stored assessment ${row.id}`;
    return decode(decodeObject(row.assessment, what), what);
  }

  /** The latest stored assessment of every live candidate (of one level, if asked), in no particular order. */
  async latestAssessments(options: { level?: string } = {}): Promise<LatestAssessmentRow[]> {
    let q = this.db
      .selectFrom('candidate_assessments as a')
      .innerJoin('candidates as c', 'c.id', 'a.candidate_id')
      .select(['c.ref', 'c.version', 'a.candidate_version', 'a.level', 'a.score', 'a.cluster_id', 'a.at'])
      .where('c.deleted_at', 'is', null)
      .where('a.id', 'in', (eb) => eb.selectFrom('candidate_assessments').select((e) => e.fn.max('id').as('id')).groupBy('candidate_id'));
    if (options.level !== undefined) q = q.where('a.level', '=', options.level);
    return (await q.execute()).map((r) => ({ ref: r.ref, version: r.version, assessedVersion: r.candidate_version, level: r.level, score: r.score, cluster: r.cluster_id, at: r.at }));
  }
}
