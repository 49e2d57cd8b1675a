/**
 * For tests and benchmarks only: the raw database under a store, for those that tamper with stored
 * rows on purpose (a corrupt JSON column, a broken audit chain, a stale lock) or inspect them
 * directly. The product goes through repositories (`store.repos`, `tx` in `store.transaction`):
 * the lint forbids importing this module anywhere in src/ outside src/store, and neither
 * src/store/index.ts nor the library entry (src/index.ts) exports it.
 */
import type { Kysely } from 'kysely';
import { KyselyStore } from './store.js';
import type { Database, Store } from './types.js';

/**
 * `n` alerts written straight into the store, each with a subject of its own, as a year of
 * screening would leave them (statuses, scores 0.70-1.00, subject kinds, datasets and every fifth
 * assigned to "alice" mixed; one opened a minute after the other from 2025-12-01): for the alert
 * queue's benchmark and its paging test, which time and page the reading, not the making.
 */
export async function fillAlerts(store: Store, n: number): Promise<void> {
  const db = rawDatabaseOf(store);
  const statuses = ['open', 'open', 'open', 'in_review', 'false_positive', 'confirmed', 'escalated'];
  const kinds = ['customer', 'vendor', 'candidate', 'counterparty'];
  const start = Date.parse('2025-12-01T00:00:00Z');
  const BATCH = 1000;
  for (let from = 0; from < n; from += BATCH) {
    const count = Math.min(BATCH, n - from);
    const opened = (i: number) => new Date(start + i * 60_000).toISOString();
    const subjects = Array.from({ length: count }, (_, k) => {
      const i = from + k;
      return {
        ref: `S-${i}`,
        kind: kinds[i % kinds.length]!,
        schema: 'Person',
        data: JSON.stringify({ properties: { name: [`Subject ${i}`] } }),
        hash: `h${i}`,
        version: 1,
        screened_version: 1,
        screened_at: opened(i),
        created_at: opened(i),
        updated_at: opened(i),
        deleted_at: null,
      };
    });
    const ids = await db.insertInto('subjects').values(subjects).returning('id').execute();
    const alerts = ids.map(({ id }, k) => {
      const i = from + k;
      return {
        subject_id: id,
        entity_id: `us_ofac_sdn-${10_000 + (i % 5000)}`,
        entity_caption: `Listed Party ${i % 5000}`,
        entity_schema: 'Person',
        datasets: JSON.stringify(i % 3 === 0 ? ['us_ofac_sdn', 'un_sc_sanctions'] : ['us_ofac_sdn']),
        status: statuses[i % statuses.length]!,
        score: 0.7 + ((i * 7919) % 3000) / 10_000,
        explanation: JSON.stringify({ summary: `name "Subject ${i}" ~ name "Listed Party ${i % 5000}"`, identifiers: [], features: [] }),
        subject_version: 1,
        subject_hash: `h${i}`,
        entity_state: JSON.stringify({ hash: 'x', wallets: {} }),
        assignee: i % 5 === 0 ? 'alice' : null,
        rationale: null,
        decided_by: null,
        decided_at: null,
        opened_at: opened(i),
        updated_at: opened(i),
        last_screening_id: 0,
        reopened: 0,
        suppressed: 0,
      };
    });
    await db.insertInto('alerts').values(alerts).execute();
  }
}

/** The Kysely connection of a store opened by `openStore` or `storeFromEnv`. */
export function rawDatabaseOf(store: Store): Kysely<Database> {
  return KyselyStore.databaseOf(store);
}
