/**
 * What changed between two versions of a dataset: entities added, removed and changed, with the
 * values added and removed per property. Wallet entities that appear or disappear under a holder
 * present in both versions are also reported on the holder as a `wallets` change, since "53 USDT
 * addresses added to Cheil Credit Bank" is a change to that bank's listing.
 */
import type { Entity, EntityName, PropertyName } from '../model/index.js';

export interface PropertyChange {
  property: PropertyName | 'names' | 'wallets' | 'schema' | 'caption';
  added: string[];
  removed: string[];
}

export interface EntitySummary {
  id: string;
  schema: string;
  caption: string;
  program?: string[];
}

export interface EntityChange extends EntitySummary {
  changes: PropertyChange[];
}

export interface EntityDiff {
  added: EntitySummary[];
  removed: EntitySummary[];
  changed: EntityChange[];
}

export function summary(e: Entity): EntitySummary {
  const s: EntitySummary = { id: e.id, schema: e.schema, caption: e.caption };
  if (e.properties.program) s.program = [...e.properties.program];
  return s;
}

function setDiff(before: readonly string[], after: readonly string[]): { added: string[]; removed: string[] } {
  const b = new Set(before);
  const a = new Set(after);
  return { added: after.filter((v) => !b.has(v)), removed: before.filter((v) => !a.has(v)) };
}

function nameKey(n: EntityName): string {
  return `${n.kind} [${n.script}] ${n.parts.map((p) => `${p.type}:${p.value}`).join(' | ')}`;
}

/** Property-level changes between two versions of one entity (empty when equal). */
export function entityChanges(before: Entity, after: Entity): PropertyChange[] {
  const changes: PropertyChange[] = [];
  if (before.schema !== after.schema) changes.push({ property: 'schema', added: [after.schema], removed: [before.schema] });
  if (before.caption !== after.caption) changes.push({ property: 'caption', added: [after.caption], removed: [before.caption] });
  const keys = new Set([...Object.keys(before.properties), ...Object.keys(after.properties)]) as Set<PropertyName>;
  for (const key of [...keys].sort()) {
    const d = setDiff(before.properties[key] ?? [], after.properties[key] ?? []);
    if (d.added.length > 0 || d.removed.length > 0) changes.push({ property: key, ...d });
  }
  // Name parts and scripts can change while the full strings stay the same.
  const names = setDiff((before.names ?? []).map(nameKey), (after.names ?? []).map(nameKey));
  const nameProperties = new Set(['name', 'alias', 'weakAlias', 'previousName']);
  if ((names.added.length > 0 || names.removed.length > 0) && !changes.some((c) => nameProperties.has(c.property))) {
    changes.push({ property: 'names', ...names });
  }
  return changes;
}

export interface DiffContext {
  /** Is this entity id listed in both versions? Default: present in both maps given. */
  inBoth?: (id: string) => boolean;
  /** Holders of added/removed wallets whose content did not change (so they are not in the maps). */
  holders?: ReadonlyMap<string, Entity>;
}

/**
 * Diff two sets of entities. `before` and `after` need only hold the entities whose content
 * differs; ids present in both with equal content can be left out (pass `ctx` then, so wallet
 * changes can still be rolled up to their holders).
 */
export function diffEntities(
  before: ReadonlyMap<string, Entity>,
  after: ReadonlyMap<string, Entity>,
  ctx: DiffContext = {},
): EntityDiff {
  const inBoth = ctx.inBoth ?? ((id: string) => before.has(id) && after.has(id));
  const added: EntitySummary[] = [];
  const removed: EntitySummary[] = [];
  const changed = new Map<string, EntityChange>();

  for (const [id, next] of after) {
    const prev = before.get(id);
    if (!prev) {
      added.push(summary(next));
      continue;
    }
    const changes = entityChanges(prev, next);
    if (changes.length > 0) changed.set(id, { ...summary(next), changes });
  }
  for (const [id, prev] of before) if (!after.has(id)) removed.push(summary(prev));

  // Roll wallet additions and removals up to holders listed in both versions.
  const rollUp = (wallet: Entity, direction: 'added' | 'removed') => {
    const holderId = wallet.properties.holder?.[0];
    if (!holderId || !inBoth(holderId)) return;
    const holder = after.get(holderId) ?? ctx.holders?.get(holderId) ?? before.get(holderId);
    if (!holder) return;
    let change = changed.get(holderId);
    if (!change) {
      change = { ...summary(holder), changes: [] };
      changed.set(holderId, change);
    }
    let wallets = change.changes.find((c) => c.property === 'wallets');
    if (!wallets) {
      wallets = { property: 'wallets', added: [], removed: [] };
      change.changes.push(wallets);
    }
    wallets[direction].push(`${wallet.properties.currency?.[0] ?? '?'} ${wallet.properties.publicKey?.[0] ?? wallet.caption}`);
  };
  for (const w of added) {
    const wallet = after.get(w.id);
    if (wallet?.schema === 'CryptoWallet') rollUp(wallet, 'added');
  }
  for (const w of removed) {
    const wallet = before.get(w.id);
    if (wallet?.schema === 'CryptoWallet') rollUp(wallet, 'removed');
  }

  const byId = (a: EntitySummary, b: EntitySummary) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return { added: added.sort(byId), removed: removed.sort(byId), changed: [...changed.values()].sort(byId) };
}
