/**
 * Case management: what a compliance team needs around a screening hit.
 *
 *   subject-input.ts  subjects from CSV / JSON lines / JSON, checked row by row
 *   subjects.ts       monitored subjects, their versions and the subject index (reverse screening)
 *   snapshot.ts       the lists in force as screening needs them (index, hashes, wallets)
 *   screening.ts      screening records, and results turned into alerts (FP suppression, reopening)
 *   subject-screening.ts  subjects screened by id in chunks (after an upsert: API, CLI, vetting)
 *   alerts.ts         the alert lifecycle: review, assignment, comments, decisions with rationale,
 *                     four eyes on reversing a confirmed match (request, approve, reject)
 *   text.ts           free text an analyst writes (rationale, comment, reason): visible content required
 *   alert-state.ts    the alert rule: what a hit does to the alert on record (open, update, reopen,
 *                     suppress, leave), for list screenings and other findings alike
 *   alert-writes.ts   the rows a hit writes into an alert (open, reopen, refresh, suppress), shared
 *                     by list screenings and other findings
 *   monitor.ts        continuous monitoring after list changes, resumable after a crash
 *   webhooks.ts       signed webhook deliveries with retries, dead letters and redelivery
 *   webhook-targets.ts  which addresses a webhook may reach (public only, bar the allow-list): pure
 *   audit.ts          the tamper-evident, hash-chained audit trail of all of the above, its MACs checked
 *   audit-anchor.ts   signed checkpoints of the trail (count and head), and checks against them
 */
export * from './audit.js';
export * from './audit-anchor.js';
export * from './errors.js';
export * from './subject-input.js';
export * from './subjects.js';
export * from './snapshot.js';
export * from './screening.js';
export * from './subject-screening.js';
export * from './alerts.js';
export * from './text.js';
export * from './monitor.js';
export * from './webhooks.js';
