/** What a repository runs its queries on: the pool, or one transaction (a unit of work). */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../tables.js';

export type Queryable = Kysely<Database> | Transaction<Database>;
