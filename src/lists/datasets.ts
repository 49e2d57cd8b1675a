/**
 * The datasets Vigil knows: names after OpenSanctions, the formats each is published in, the
 * official download URLs, and where each lives inside a local mirror (`VIGIL_SOURCES_DIR`) for
 * air-gapped sites. URLs can be overridden per dataset with `VIGIL_SOURCE_URL_<DATASET>` (comma-
 * separated for multi-file sets), so tests can point Vigil at a loopback server.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { configOf, type Config } from '../config.js';
import { celexOf, euJournalCsvUrl } from './eu-journal-csv.js';
import { openSanctionsUrl } from './ftm-json.js';
import { OFAC_ADVANCED_URLS } from './ofac-advanced.js';
import { OFAC_CSV_URLS } from './ofac-csv.js';
import { UK_SOURCE_URL } from './uk-ods.js';
import { UN_SOURCE_URL } from './un-xml.js';
import type { FormatName, ParsedList } from './types.js';

export interface DatasetDefinition {
  name: string;
  title: string;
  authority: string;
  /** Formats accepted for this dataset; the first is the one `lists update` downloads. */
  formats: FormatName[];
  /** Official download URL(s) of one publication (several for a CSV set). */
  urls: string[];
  /** Picks the newest publication from a local mirror directory, or undefined. */
  localFiles(sourcesDir: string): string[] | undefined;
  /**
   * The fewest parties (listed persons, organisations, vessels...; wallets not counted) a full
   * publication of this list has held in recent years, with a wide margin: a file with fewer is a
   * sample, a fixture or an extract, and is refused as the list unless accepted as partial
   * (src/lists/coverage.ts).
   */
  minParties: number;
  /** A check of a parsed publication beyond its format: why it is not a publication of this dataset, or undefined. */
  checkPublication?(list: ParsedList): string | undefined;
}

/** Files of `dir` whose names match, sorted by name (the mirrors name files by date). */
function matching(dir: string, pattern: RegExp): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => pattern.test(f) && statSync(join(dir, f)).isFile())
      .sort()
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
}

function newestFile(dir: string, pattern: RegExp): string[] | undefined {
  const files = matching(dir, pattern);
  return files.length > 0 ? [files[files.length - 1]!] : undefined;
}

/** In a directory of dated sub-directories, the newest one that holds the primary file. */
function newestSet(dir: string, primary: RegExp, members: RegExp): string[] | undefined {
  let subdirs: string[];
  try {
    subdirs = readdirSync(dir).filter((d) => statSync(join(dir, d)).isDirectory()).sort().reverse();
  } catch {
    return undefined;
  }
  for (const sub of subdirs) {
    const files = matching(join(dir, sub), members);
    if (files.some((f) => primary.test(f.slice(f.lastIndexOf('/') + 1)))) return files;
  }
  return undefined;
}

export const DATASETS: DatasetDefinition[] = [
  {
    name: 'us_ofac_sdn',
    title: 'US OFAC Specially Designated Nationals (SDN) List',
    authority: 'Office of Foreign Assets Control',
    formats: ['ofac-advanced-xml', 'ofac-csv'],
    urls: [OFAC_ADVANCED_URLS.sdn],
    localFiles: (root) => newestFile(join(root, 'ofac-sdn-advanced'), /^sdn_advanced.*\.xml(\.gz)?$/i),
    minParties: 10_000, // 14,965 in May 2024, 18,367 in November 2025
  },
  {
    name: 'us_ofac_cons',
    title: 'US OFAC Consolidated (non-SDN) Sanctions List',
    authority: 'Office of Foreign Assets Control',
    formats: ['ofac-csv', 'ofac-advanced-xml'],
    urls: [...OFAC_CSV_URLS.cons],
    localFiles: (root) => newestSet(join(root, 'ofac-cons'), /^cons_prim\.csv$/i, /^cons_(prim|add|alt|comments)\.csv$/i),
    minParties: 200, // 442 in December 2025
  },
  {
    name: 'un_sc_sanctions',
    title: 'UN Security Council Consolidated List',
    authority: 'United Nations Security Council',
    formats: ['un-xml'],
    urls: [UN_SOURCE_URL],
    localFiles: (root) => newestFile(join(root, 'un'), /^un_consolidated.*\.xml(\.gz)?$/i),
    minParties: 500, // 1,003 in February 2026
  },
  {
    name: 'gb_fcdo_sanctions',
    title: 'UK FCDO Sanctions List',
    authority: 'UK Foreign, Commonwealth & Development Office',
    formats: ['uk-ods'],
    urls: [UK_SOURCE_URL],
    localFiles: (root) => newestFile(join(root, 'uk'), /\.ods$/i),
    minParties: 2_000, // 5,302 designations in August 2025
  },
  {
    name: 'eu_fsf',
    title: 'EU Financial Sanctions Files (FollowTheMoney export)',
    authority: 'European Commission',
    formats: ['ftm-json'],
    urls: [openSanctionsUrl('eu_fsf')],
    localFiles: (root) => newestFile(join(root, 'opensanctions'), /\.ftm\.json(\.gz)?$/i),
    minParties: 1_000, // the EU consolidated list has named some 2,000 parties since 2020, over 5,000 since 2023
  },
  euAnnex({
    name: 'eu_dprk_annex',
    title: 'EU DPRK sanctions: Council Regulation (EU) 2017/1509, Annexes XIII-XVI (Official Journal transcription)',
    celex: '32017R1509',
    minParties: 150, // 312 (326 designations: 157 persons, 94 entities, 75 vessel listings of 61 vessels)
  }),
  euAnnex({
    name: 'eu_cyber_annex',
    title: 'EU cyber-attacks sanctions: Council Regulation (EU) 2019/796, Annex I (Official Journal transcription)',
    celex: '32019R0796',
    minParties: 15, // 38 (27 persons, 11 entities)
  }),
];

/**
 * A dataset of one EU framework regulation's annexes, as OpenSanctions transcribes them from the
 * Official Journal (src/lists/eu-journal-csv.ts): one CSV named after the act's CELEX number, in
 * `eu/` of a mirror (`32017R1509.csv`, or with a prefix: `eu_journal_consolidated_32017R1509.csv`).
 */
function euAnnex(spec: { name: string; title: string; celex: string; minParties: number }): DatasetDefinition {
  return {
    name: spec.name,
    title: spec.title,
    authority: 'Council of the European Union',
    formats: ['eu-journal-csv'],
    urls: [euJournalCsvUrl(spec.celex)],
    localFiles: (root) => newestFile(join(root, 'eu'), new RegExp(`(^|[^0-9])${spec.celex}\\.csv$`, 'i')),
    minParties: spec.minParties,
    checkPublication: (list) => {
      const celex = celexOf(list);
      return celex === spec.celex ? undefined : `this is the annex of act ${celex ?? '(none named)'}, not of ${spec.celex}, which ${spec.name} holds`;
    },
  };
}

export function datasetDefinition(name: string): DatasetDefinition | undefined {
  return DATASETS.find((d) => d.name === name);
}

export function requireDataset(name: string): DatasetDefinition {
  const def = datasetDefinition(name);
  if (!def) {
    throw new Error(`unknown dataset "${name}"; known datasets: ${DATASETS.map((d) => d.name).join(', ')}`);
  }
  return def;
}

/** The URLs to download a dataset from: the override `VIGIL_SOURCE_URL_<NAME>` (src/config.ts) or the official ones. */
export function sourceUrls(def: DatasetDefinition, settings: Config | NodeJS.ProcessEnv = process.env): string[] {
  const override = configOf(settings).sourceUrlsOf(def.name);
  return override && override.length > 0 ? override : def.urls;
}

/**
 * The datasets an operator configured (`--datasets` / `VIGIL_DATASETS`, comma-separated): a server
 * is ready once each has a version in force, and updates only those. Default: every dataset.
 */
export function configuredDatasets(value: string | string[] | undefined): DatasetDefinition[] {
  const names = (Array.isArray(value) ? value : (value ?? '').split(','))
    .map((n) => n.trim())
    .filter((n) => n !== '');
  if (names.length === 0) return DATASETS;
  return [...new Set(names)].map(requireDataset);
}
