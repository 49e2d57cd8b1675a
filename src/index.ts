/**
 * Vigil as a library: the entity model, the list adapters and import, the store, and the matching
 * engine (`screen`, `compare`, `CandidateIndex`).
 */
export * from './model/index.js';
export * from './match/index.js';
export { ADAPTERS, detectFormat } from './lists/formats.js';
export { DATASETS, datasetDefinition } from './lists/datasets.js';
export { ListFormatError } from './lists/errors.js';
export { importList, type ImportOutcome } from './lists/import.js';
export { diffVersions, type VersionDiff } from './lists/versions.js';
export type { ListAdapter, ParsedList } from './lists/types.js';
export { openStore, storeFromEnv, type ListVersion, type Store } from './store/index.js';
