/**
 * All list adapters, and format detection from file content (never from the file name alone: a
 * mirror may rename files, and a wrong file passed for a dataset must be caught).
 */
import { basename } from 'node:path';
import { ListFormatError } from './errors.js';
import { euJournalCsv } from './eu-journal-csv.js';
import { ftmJson } from './ftm-json.js';
import { ofacAdvancedXml } from './ofac-advanced.js';
import { ofacCsv } from './ofac-csv.js';
import { peekText } from './source-file.js';
import type { FormatName, ListAdapter } from './types.js';
import { ukOds } from './uk-ods.js';
import { unXml } from './un-xml.js';

export const ADAPTERS: readonly ListAdapter[] = [ofacAdvancedXml, ofacCsv, unXml, ukOds, ftmJson, euJournalCsv];

export function adapterFor(format: FormatName): ListAdapter {
  const adapter = ADAPTERS.find((a) => a.format === format);
  if (!adapter) throw new Error(`no adapter for format ${format}`);
  return adapter;
}

/** The adapter whose format the file's content shows, or a ListFormatError saying what it is not. */
export async function detectFormat(file: string): Promise<ListAdapter> {
  const head = await peekText(file, 8192);
  if (head.length === 0) throw new ListFormatError(file, 'the file is empty');
  const found = ADAPTERS.find((a) => a.detect(head, basename(file)));
  if (found) return found;
  const firstLine = head.split(/\r?\n/, 1)[0]!.replace(/[^\x20-\x7e]/g, '?').slice(0, 80);
  throw new ListFormatError(
    file,
    `unrecognised list format (starts with "${firstLine}"); Vigil reads: ${ADAPTERS.map((a) => a.title).join('; ')}`,
    'line 1',
  );
}
