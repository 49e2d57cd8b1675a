/**
 * The store's migrations, in code (no migration folder scanned at run time, so they work the same
 * from src/ under tsx and from dist/). One set for both dialects; keys sort in apply order.
 */
import type { Migration, MigrationProvider } from 'kysely';
import { initial } from './0001_initial.js';
import { apiKeys } from './0002_api_keys.js';
import { jobs } from './0003_jobs.js';
import { audit } from './0004_audit.js';
import { cases } from './0005_cases.js';
import { hiring } from './0006_hiring.js';
import { listCoverage } from './0007_list_coverage.js';
import { candidateLinks } from './0008_candidate_links.js';
import { storeLocks } from './0009_store_locks.js';
import { auditMac } from './0010_audit_mac.js';
import { users } from './0011_users.js';
import { alertQueue } from './0012_alert_queue.js';

export const migrations: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_api_keys': apiKeys,
  '0003_jobs': jobs,
  '0004_audit': audit,
  '0005_cases': cases,
  '0006_hiring': hiring,
  '0007_list_coverage': listCoverage,
  '0008_candidate_links': candidateLinks,
  '0009_store_locks': storeLocks,
  '0010_audit_mac': auditMac,
  '0011_users': users,
  '0012_alert_queue': alertQueue,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
