/**
 * Vigil's canonical entity model.
 *
 * Every official list, whatever its format, becomes a set of `Entity` objects shaped after
 * FollowTheMoney (schemata Person, Organization, Company, LegalEntity, Vessel, Aircraft,
 * CryptoWallet; multi-valued string properties). Ids are `<dataset>-<source id>` and stay stable
 * across versions of a list, which is what makes diffs and alerts possible. This folder has no
 * I/O and depends on nothing else in Vigil.
 */
export * from './entity.js';
export * from './builder.js';
export * from './countries.js';
export * from './dates.js';
export * from './canonical.js';
export * from './wallet.js';
export * from './scripts.js';
