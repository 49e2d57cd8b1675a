/**
 * Reading listed entities as stored, inside a unit of work: `entity_blobs`, one row per distinct
 * entity content, keyed by its hash. Imports write them (src/store/store.ts, `importVersion`); the
 * store's own reads over the pool (`Store.entitiesByHash`...) stay there. A blob's `data` is
 * decoded and checked here: a JSON entity (id, schema, caption, properties lists of strings).
 */
import type { Entity } from '../../model/index.js';
import { isJsonObject, isStringLists, parseStoredJson } from './json.js';
import type { Queryable } from './queryable.js';

/** A stored blob's `data`, decoded and checked. */
function decodeBlob(hash: string, data: string): Entity {
  const v = parseStoredJson(data, `entity blob ${hash}: its stored data`);
  if (!isJsonObject(v) || typeof v.id !== 'string' || typeof v.schema !== 'string' || typeof v.caption !== 'string' || !isStringLists(v.properties)) {
    throw new Error(`entity blob ${hash}: its stored data is not an entity (id, schema, caption, properties lists of strings)`);
  }
  return v as unknown as Entity;
}

export class EntityRepository {
  constructor(private readonly db: Queryable) {}

  /** The entity stored under this content hash, if any. */
  async byHash(hash: string): Promise<Entity | undefined> {
    const row = await this.db.selectFrom('entity_blobs').select('data').where('hash', '=', hash).executeTakeFirst();
    return row ? decodeBlob(hash, row.data) : undefined;
  }
}
