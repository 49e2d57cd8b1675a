/**
 * Diffs between stored versions of a dataset. Only entities whose content hash differs are
 * loaded, so comparing two 18,000-entity versions that differ by a few hundred records is cheap.
 */
import type { Entity } from '../model/index.js';
import type { ListVersion, Store } from '../store/index.js';
import { diffEntities, type EntityDiff } from './diff.js';

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
