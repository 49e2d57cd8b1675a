/**
 * The adapter contract. An adapter reads one official publication format and returns canonical
 * entities; it never touches the store. It must reject a file that is not its format, or is
 * truncated or malformed, with a ListFormatError naming the file, the line/record and the fault.
 */
import type { Entity } from '../model/index.js';
import type { ProgressFn } from './source-file.js';

/** Publication formats Vigil reads. */
export type FormatName = 'ofac-advanced-xml' | 'ofac-csv' | 'un-xml' | 'uk-ods' | 'ftm-json' | 'eu-journal-csv';

export interface ParseContext {
  /** Dataset name the entities belong to; ids are `<dataset>-<source id>`. */
  dataset: string;
  /** Called now and then with bytes read and total bytes (over all files). */
  onProgress?: ProgressFn;
}

export interface ParsedList {
  dataset: string;
  format: FormatName;
  /** Publication date (ISO date or date-time) as stated in the file itself, when it states one. */
  publishedAt: string | undefined;
  /** Where in the file `publishedAt` was read ("DateOfIssue", "the Report Date row"...), when it was. */
  publishedFrom?: string;
  entities: Entity[];
  /** Counts worth showing to an operator: records read, entities by schema, wallets by currency... */
  stats: Record<string, number>;
  /** Records skipped or fields not understood: the import goes on, the operator is told. */
  warnings: string[];
}

export interface ListAdapter {
  format: FormatName;
  /** One line for humans: "OFAC SDN advanced XML". */
  title: string;
  /**
   * Does this look like our format? `head` is the first ~4 KB of the decompressed content (for
   * zip-based formats: the raw bytes as latin1 text), `fileName` the base name.
   */
  detect(head: string, fileName: string): boolean;
  /** Parse one publication (one file, or the files of a set such as the OFAC CSVs). */
  parse(files: string[], ctx: ParseContext): Promise<ParsedList>;
}
