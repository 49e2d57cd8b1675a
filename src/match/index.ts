/**
 * Vigil's matching engine: pure functions and data structures, no I/O, usable as a library.
 *
 *   normalize.ts        folding, tokens, titles and legal forms (LLC = OOO = Limited Liability Company)
 *   translit.ts         Latin forms of names in other scripts (Hangul in MR and RR, Han in pinyin,
 *   korean.ts           Cyrillic, Greek, Armenian, Georgian, Arabic)
 *   glossary.ts         organisation words of other languages as the lists write them in English
 *                       (조선...무역회사 = Korea ... Trading Company), for one reading more
 *   phonetic.ts         one key per token for romanization variants (Kum/Geum, Yevgeniy/Evgeny)
 *   identifiers.ts      exact keys for wallet addresses per chain, emails, phones, ID numbers, domains
 *   prepare.ts          entities and queries turned into comparable names, identifiers and facts
 *   names.ts            token alignment of two names, with join/split, explained
 *   word-ids.ts         names' words as integer ids, and a typed-array memo of word similarities
 *                       (per thread, for the hot loops of names.ts and score.ts)
 *   score.ts            features (name, identifiers, birth date, country, gender, legal form) -> score
 *   screening-index.ts  the in-memory index over all listed parties, and the shortlist it
 *                       retrieves for a query
 *   screen.ts           `screen(query, {index})` and `compare(query, listed)`
 *   jsonl.ts            one JSON-lines query in, one result line out (batch screening)
 *   batch.ts            many queries at once, off the caller's thread or in slices of its event loop
 */
export { ScreeningIndex, type IndexStats } from './screening-index.js';
export { QUERY_SCHEMATA, prepareEntity, prepareQuery, type MatchQuery, type Prepared } from './prepare.js';
export { DEFAULT_THRESHOLD, type Comparison, type Explanation } from './score.js';
export { SHORTLIST_SIZE, compare, screen, screenPrepared, type CompareResult, type ScreenOptions, type ScreenResult } from './screen.js';
export * from './identifiers.js';
export { errorLine, parseQueryLine, queryOf, QUERY_LIMITS, screenLine, screenQuery, type ScreenSettings } from './jsonl.js';
export * from './batch.js';
