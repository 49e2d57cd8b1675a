/**
 * Diffs between stored versions of a dataset. Only entities whose content hash differs are
 * loaded, so comparing two 18,000-entity versions that differ by a few hundred records is cheap.
 */
import type { Entity } from '../model/index.js';
import type { ListVersion, Store } from '../store/index.js';
import { diffEntities, type EntityDiff } from './diff.js';
import { formatDuration } from './durations.js';

export interface VersionDiff extends EntityDiff {
  dataset: string;
  from: ListVersion;
  to: ListVersion;
}

/**
 * Resolve `from`/`to` version ids for a dataset: `to` defaults to the current version, `from` to
 * the version imported just before `to`.
 */
export async function resolveVersions(
  store: Store,
  dataset: string,
  fromId?: number,
  toId?: number,
): Promise<{ from: ListVersion; to: ListVersion }> {
  const versions = await store.versions(dataset); // newest first
  if (versions.length === 0) throw new Error(`dataset ${dataset} has no imported version yet`);
  const find = (id: number) => {
    const v = versions.find((x) => x.id === id);
    if (!v) throw new Error(`version ${id} is not a version of ${dataset} (versions: ${versions.map((x) => x.id).join(', ')})`);
    return v;
  };
  const to = toId !== undefined ? find(toId) : versions[0]!;
  let from: ListVersion | undefined;
  if (fromId !== undefined) from = find(fromId);
  else from = versions.find((v) => v.id < to.id);
  if (!from) throw new Error(`dataset ${dataset} has only one version before or at ${to.id}; nothing to compare it with`);
  return { from, to };
}

export async function diffVersions(store: Store, dataset: string, fromId?: number, toId?: number): Promise<VersionDiff> {
  const { from, to } = await resolveVersions(store, dataset, fromId, toId);
  const before = await store.versionHashes(from.id);
  const after = await store.versionHashes(to.id);
  const beforeIds: string[] = [];
  const afterIds: string[] = [];
  for (const [id, hash] of before) if (after.get(id) !== hash) beforeIds.push(id);
  for (const [id, hash] of after) if (before.get(id) !== hash) afterIds.push(id);

  const load = async (ids: string[], hashes: Map<string, string>) => {
    const byHash = await store.entitiesByHash(ids.map((id) => hashes.get(id)!));
    const out = new Map<string, Entity>();
    for (const id of ids) {
      const e = byHash.get(hashes.get(id)!);
      if (e) out.set(id, e);
    }
    return out;
  };
  const beforeEntities = await load(beforeIds, before);
  const afterEntities = await load(afterIds, after);

  // Holders of wallets that came or went, whose own record did not change.
  const holderIds = new Set<string>();
  for (const e of [...beforeEntities.values(), ...afterEntities.values()]) {
    const holder = e.schema === 'CryptoWallet' ? e.properties.holder?.[0] : undefined;
    if (holder && !afterEntities.has(holder) && after.has(holder)) holderIds.add(holder);
  }
  const holders = await load([...holderIds], after);
  const diff = diffEntities(beforeEntities, afterEntities, {
    inBoth: (id) => before.has(id) && after.has(id),
    holders,
  });
  return { dataset, from, to, ...diff };
}

/** All entities of the versions in force, every dataset (to build a screening index from). */
export async function currentEntities(store: Store): Promise<Entity[]> {
  const entities: Entity[] = [];
  for (const version of await store.currentVersions()) {
    for await (const batch of store.entitiesOfVersion(version.id, 2000)) entities.push(...batch);
  }
  return entities;
}

// Durations (a list's maximum age, a refresh interval) are parsed and shown by durations.ts.
export { DEFAULT_MAX_LIST_AGE_MS, formatDuration, parseDuration } from './durations.js';

/** The freshness of one configured dataset: its version in force, how old it is, whether stale. */
export interface DatasetFreshness {
  dataset: string;
  /** The version in force, or null when none was imported yet. */
  version: number | null;
  publishedAt: string | null;
  importedAt: string | null;
  /** The age is counted from the publication date, or from the import when the list states none. */
  ageFrom: 'published' | 'imported' | null;
  ageSeconds: number | null;
  /** Older than `maxAgeSeconds`, or missing. */
  stale: boolean;
  /** Why it is stale, in words; null when fresh. */
  reason: string | null;
  /** The version in force is not the whole list (imported with --allow-partial): why; null when it is. */
  partial: string | null;
}

export interface FreshnessReport {
  maxAgeSeconds: number;
  datasets: DatasetFreshness[];
  /** Configured datasets without a version in force. */
  missing: string[];
  /** Configured datasets whose version in force is older than the maximum age. */
  stale: string[];
}

/** Freshness of the configured datasets, given the versions in force (pure). */
export function listFreshness(current: ListVersion[], datasets: string[], maxAgeMs: number, now = Date.now()): FreshnessReport {
  const inForce = new Map(current.map((v) => [v.dataset, v]));
  const report: FreshnessReport = { maxAgeSeconds: Math.round(maxAgeMs / 1000), datasets: [], missing: [], stale: [] };
  for (const dataset of datasets) {
    const v = inForce.get(dataset);
    if (!v) {
      report.missing.push(dataset);
      report.datasets.push({
        dataset,
        version: null,
        publishedAt: null,
        importedAt: null,
        ageFrom: null,
        ageSeconds: null,
        stale: true,
        reason: 'no version imported yet',
        partial: null,
      });
      continue;
    }
    const published = v.publishedAt ? Date.parse(v.publishedAt) : Number.NaN;
    const from = Number.isNaN(published) ? Date.parse(v.importedAt) : published;
    const ageMs = Math.max(0, now - from);
    const stale = maxAgeMs > 0 && ageMs > maxAgeMs;
    if (stale) report.stale.push(dataset);
    report.datasets.push({
      dataset,
      version: v.id,
      publishedAt: v.publishedAt,
      importedAt: v.importedAt,
      ageFrom: Number.isNaN(published) ? 'imported' : 'published',
      ageSeconds: Math.round(ageMs / 1000),
      stale,
      reason: stale
        ? `${Number.isNaN(published) ? 'imported' : 'published'} ${Math.floor(ageMs / 86_400_000)} days ago, more than the maximum age of ${formatDuration(maxAgeMs)}`
        : null,
      partial: v.partial ?? null,
    });
  }
  return report;
}
