/**
 * The audit trail's anchor: a keyed MAC per record (HMAC-SHA256 over the record's hash, with a key
 * held outside the database: VIGIL_AUDIT_KEY or VIGIL_AUDIT_KEY_FILE). Whoever can write to the
 * database but does not hold the key can no longer edit a record and recompute the chain unseen.
 * Records written before a key was set (or with none) keep a null MAC; see src/cases/audit.ts for
 * how verification reports them.
 */
import type { Kysely, Migration } from 'kysely';

export const auditMac: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('audit_log').addColumn('mac', 'text').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('audit_log').dropColumn('mac').execute();
  },
};
