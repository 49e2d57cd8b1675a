/**
 * Case management: what a compliance team needs around a screening hit. For now the tamper-evident
 * audit trail (audit.ts): every list import, key creation and revocation, list update and batch
 * job, hash-chained, verifiable and exportable. Subjects, alerts, decisions and monitoring follow.
 */
export * from './audit.js';
