/**
 * Candidate vetting as every entry point runs it: profiles stored (each version kept, audited),
 * then every candidate assessed again, since a new profile can link to, or unlink from, anyone in
 * the pool; one candidate assessed against its part of the stored link graph; the clusters. The
 * lists in force come from the application (the CLI reads them from the store, the server holds
 * them): an assessment waits for them, so a sanctions signal is never left unseen.
 */
import type { ListSnapshot } from '../cases/index.js';
import { listCandidates, upsertCandidates } from '../hiring/candidates.js';
import type { LinkAnalysis } from '../hiring/links/index.js';
import type { CandidateProfile } from '../hiring/profile.js';
import type { RuleSet } from '../hiring/rules.js';
import { assessAll, assessOne, linkCandidates, type AssessAllOptions, type AssessAllResult, type AssessOneOptions, type AssessOneResult } from '../hiring/service.js';
import type { Store } from '../store/index.js';
import type { ListsInForce } from './lists-in-force.js';

export type UpsertedCandidate = Awaited<ReturnType<typeof upsertCandidates>>[number];

export interface VettingOptions {
  actor: string;
  /** The rules to assess with (default: the application's). */
  rules?: RuleSet;
  /** The lists in force, when the caller holds them (default: the application's). */
  snapshot?: ListSnapshot;
}

export interface CandidatesImported {
  upserted: UpsertedCandidate[];
  /** Every candidate's assessment after the import. */
  assessed: AssessAllResult;
  /** No sanctions list was in force: the sanctions rules could not fire. */
  withoutLists: boolean;
}

/** What the vetting use cases need from the application. */
export interface VettingContext {
  store: Store;
  lists: ListsInForce;
  rules: () => RuleSet;
}

async function snapshotFor(ctx: VettingContext, options: Pick<VettingOptions, 'snapshot'>): Promise<ListSnapshot> {
  return options.snapshot ?? (await ctx.lists.loaded());
}

/**
 * Store these profiles, then assess every candidate. The lists are read first, so a server still
 * loading them refuses (503) before anything is stored.
 */
export async function importCandidates(
  ctx: VettingContext,
  profiles: CandidateProfile[],
  options: VettingOptions & { onProgress?: AssessAllOptions['onProgress'] },
): Promise<CandidatesImported> {
  const snapshot = await snapshotFor(ctx, options);
  const upserted = await upsertCandidates(ctx.store, profiles, options.actor);
  const assessed = await assessAll(ctx.store, { snapshot, rules: options.rules ?? ctx.rules(), actor: options.actor, onProgress: options.onProgress });
  return { upserted, assessed, withoutLists: snapshot.versions.length === 0 };
}

/** Every candidate assessed again (the link graph of the whole pool). */
export async function assessEveryCandidate(
  ctx: VettingContext,
  options: VettingOptions & { onProgress?: AssessAllOptions['onProgress']; onListsRead?: (snapshot: ListSnapshot) => void },
): Promise<AssessAllResult> {
  const snapshot = await snapshotFor(ctx, options);
  options.onListsRead?.(snapshot);
  return assessAll(ctx.store, { snapshot, rules: options.rules ?? ctx.rules(), actor: options.actor, onProgress: options.onProgress });
}

/** One candidate assessed against its part of the stored link graph (not the pool); stored when it changed. */
export async function assessOneCandidate(ctx: VettingContext, ref: string, options: VettingOptions & { onProgress?: AssessOneOptions['onProgress'] }): Promise<AssessOneResult> {
  const snapshot = await snapshotFor(ctx, options);
  return assessOne(ctx.store, ref, { snapshot, rules: options.rules ?? ctx.rules(), actor: options.actor, onProgress: options.onProgress });
}

/** The identities linked by shared identifiers or near-duplicate resumes, over every stored profile. */
export async function candidateClusters(ctx: VettingContext, options: Pick<VettingOptions, 'rules' | 'snapshot'> = {}): Promise<LinkAnalysis> {
  const snapshot = await snapshotFor(ctx, options);
  return linkCandidates((await listCandidates(ctx.store)).map((c) => c.profile), { snapshot, rules: options.rules ?? ctx.rules() });
}
