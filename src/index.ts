/**
 * Vigil as a library: the entity model, the list adapters and import, the store, the matching
 * engine (`screen`, `compare`, `ScreeningIndex`), and candidate vetting (`analyzeLinks`,
 * `assessCandidate`, `loadRules`, `parseCandidate`).
 */
import { SHORTLIST_SIZE, ScreeningIndex } from './match/index.js';

export * from './model/index.js';
export * from './match/index.js';
/** @deprecated use ScreeningIndex */
export const CandidateIndex = ScreeningIndex;
/** @deprecated use ScreeningIndex */
export type CandidateIndex = ScreeningIndex;
/** @deprecated use SHORTLIST_SIZE */
export const CANDIDATES_SCORED = SHORTLIST_SIZE;
export { ADAPTERS, detectFormat } from './lists/formats.js';
export { DATASETS, datasetDefinition } from './lists/datasets.js';
export { ListFormatError, PartialListError } from './lists/errors.js';
export { importList, type ImportOptions, type ImportOutcome } from './lists/import.js';
export { updateLists, type UpdateOptions, type UpdateResult } from './lists/update.js';
export { diffVersions, type VersionDiff } from './lists/versions.js';
export type { ListAdapter, ParsedList } from './lists/types.js';
export { openStore, storeFromEnv, type ListVersion, type Store } from './store/index.js';
export {
  analyzeLinks,
  assessCandidate,
  emptyProfile,
  loadRules,
  parseCandidate,
  type Assessment,
  type CandidateProfile,
  type Cluster,
  type LinkAnalysis,
  type LinkOptions,
  type RuleSet,
} from './hiring/index.js';
