/**
 * Is a publication the whole list, or a sample of it? A fixture, a format sample or an extract
 * reads as well as the real file, and imported as the list it would screen against a handful of
 * parties while every listing said "no match". What gives it away, from the file itself:
 *
 * - it names far fewer parties than the list has held in recent years: the catalogue declares, per
 *   dataset, the fewest parties a full publication has (`minParties`, with a wide margin); wallets
 *   are not parties;
 * - its file name calls it a sample, fixture, example, excerpt or test file (said beside the count,
 *   never on its own: a file name alone does not make a list partial).
 *
 * A partial publication is refused (PartialListError) unless the operator accepts it as partial
 * (`--allow-partial`); it is then stored as partial and shown as such wherever the dataset is listed.
 */
import { basename } from 'node:path';
import { isParty } from '../model/index.js';
import type { DatasetDefinition } from './datasets.js';
import type { ParsedList } from './types.js';

const SAMPLE_NAME = /(^|[^a-z])(samples?|fixtures?|examples?|excerpts?|extracts?|tests?|dummy|mock)([^a-z]|$)/i;

/** The number of parties (not wallets) in a parsed publication. */
export function partyCount(list: ParsedList): number {
  let n = 0;
  for (const e of list.entities) if (isParty(e.schema)) n++;
  return n;
}

/** Why this publication is not the whole list, in words; empty when it looks complete. */
export function partialReasons(def: DatasetDefinition, list: ParsedList, files: string[]): string[] {
  const parties = partyCount(list);
  if (parties >= def.minParties) return [];
  const reasons = [
    `it names ${parties.toLocaleString('en')} ${parties === 1 ? 'party' : 'parties'}, and a full publication of ${def.name} ` +
      `(${def.title}) names at least ${def.minParties.toLocaleString('en')}, so it is a sample, a fixture or an extract`,
  ];
  const named = files.map((f) => basename(f)).filter((f) => SAMPLE_NAME.test(f));
  if (named.length > 0) reasons.push(`its file name (${named.join(', ')}) says so too`);
  return reasons;
}
