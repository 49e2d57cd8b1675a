/**
 * A canonical, order-independent serialisation of an entity, and its sha256. Two entities with
 * the same hash are the same record; the store keeps one copy, and diffs compare hashes first.
 */
import { createHash } from 'node:crypto';
import type { Entity } from './entity.js';

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** JSON with keys sorted at every level (array order is kept: it is meaningful for names). */
export function canonicalJson(entity: Entity): string {
  return JSON.stringify(sortKeys(entity));
}

export function entityHash(entity: Entity): string {
  return createHash('sha256').update(canonicalJson(entity)).digest('hex');
}
