/**
 * The stored link graph of candidate vetting, kept for its callers: the queries are in the
 * candidates' repository (`store.repos.candidates` / `tx.candidates`: writeLinkKeys, linkKeysOf,
 * linkKeyHolders; src/store/repos/candidates.ts).
 */
import { CandidateRepository, type CandidateLinkKeySet, type LinkKeyHolder } from './repos/candidates.js';
import type { Queryable } from './repos/queryable.js';

/** Replace the join keys of these candidates (see CandidateRepository.writeLinkKeys). */
export function writeCandidateLinkKeys(db: Queryable, rows: readonly CandidateLinkKeySet[], derivation: number): Promise<void> {
  return new CandidateRepository(db).writeLinkKeys(rows, derivation);
}

/** The stored join keys of these candidates. */
export function linkKeysOf(db: Queryable, candidateIds: readonly number[]): Promise<Map<number, string[]>> {
  return new CandidateRepository(db).linkKeysOf(candidateIds);
}

/** Every live candidate holding one of these keys: key -> holders (id and ref). */
export function linkKeyHolders(db: Queryable, keys: readonly string[]): Promise<Map<string, LinkKeyHolder[]>> {
  return new CandidateRepository(db).linkKeyHolders(keys);
}
