/**
 * Candidate and contractor vetting: the DPRK IT-worker red flags of the public advisories, and
 * link analysis across all candidates (one operator behind several identities).
 *
 *   profile.ts        the candidate profile (also contractors, freelancers, employees)
 *   candidates.ts     profiles from JSON lines / JSON / flat CSV, checked field by field; stored, versioned
 *   normalize-ids.ts  join keys: mailboxes, postal addresses, accounts, handles, IPs, employers
 *   minhash.ts        near-duplicate text: shingles, MinHash signatures, LSH, exact Jaccard
 *   links/            the link graph and its clusters, every edge with its evidence and weight (one file per link kind)
 *   rules.yaml        the indicator rules as data (versioned, cited); rules.ts loads and checks them
 *   signals/          the detectors the rules name, one file per kind (index.ts: by name, behind the fairness guard)
 *   assess.ts         one candidate's score, level (clear/review/high/block) and fired signals
 *   report.ts         flag rates by group (claimed country, caller's labels) and the largest gap
 *   service.ts        the workflow: assess everyone or one (its part of the link graph), store what changed, monitor, raise alerts
 *
 * The matching core (links, minhash, assess, signals) is pure; candidates.ts and service.ts use the store.
 */
export * from './profile.js';
export { CandidateInputError, parseCandidate, readCandidates, upsertCandidates, getCandidate, listCandidates } from './candidates.js';
export { analyzeLinks, LINK_WEIGHTS, HUB_CAPS, OPERATOR_STRENGTH, MERGE_STRENGTH, type Cluster, type LinkAnalysis, type LinkEdge, type LinkEvidence, type LinkKind, type LinkOptions } from './links/index.js';
export { loadRules, ruleFilesFromEnv, builtinRulesPath, type Rule, type RuleSet } from './rules.js';
export { assessCandidate, employerRiskScreen, runRule, SCORING, LEVELS, type Assessment, type Level, type Signal } from './assess.js';
export { assessAll, assessOne, reassessAfterListChange, linkCandidates, latestAssessment, flagRateReport, HIRING_RISK_KEY, type AssessAllResult, type FlagRateOptions } from './service.js';
export { flagRates, describeFlagRates, NO_GROUP, type DimensionReport, type GroupRate, type FlagRateGap } from './report.js';
