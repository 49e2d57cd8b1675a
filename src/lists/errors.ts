/**
 * ListFormatError: a list file that cannot be read as what it claims to be. The message always
 * names the file, where in it (line, record or byte) and what was wrong, so an operator can act.
 */
import { CsvError } from 'csv-parse';
import { basename } from 'node:path';
import { VigilError, type ErrorCode } from '../errors.js';

export class ListFormatError extends VigilError {
  readonly file: string;
  readonly location: string | undefined;
  readonly reason: string;

  constructor(file: string, reason: string, location?: string, code: Extract<ErrorCode, 'list_format' | 'partial_list'> = 'list_format') {
    super(code, `${basename(file)}${location ? ` (${location})` : ''}: ${reason}`);
    this.name = 'ListFormatError';
    this.file = file;
    this.location = location;
    this.reason = reason;
  }
}

/**
 * A publication that reads well but is not the whole list: a sample, a fixture, an extract. It is
 * refused as the list in force unless the operator accepts it as partial (`--allow-partial`);
 * `reasons` says what in the file gave it away.
 */
export class PartialListError extends ListFormatError {
  readonly reasons: string[];

  constructor(file: string, dataset: string, reasons: string[]) {
    super(
      file,
      `this is not a full publication of ${dataset}: ${reasons.join('; ')}. Nothing was imported and the version in force is unchanged; ` +
        'to import it anyway, marked as a partial list wherever the dataset is shown, allow partial lists (--allow-partial)',
      undefined,
      'partial_list',
    );
    this.name = 'PartialListError';
    this.reasons = reasons;
  }
}

/**
 * What went wrong while a CSV list file was read, as the ListFormatError to throw: one already
 * raised as it is, a malformed CSV with its line, anything else (an I/O error) as unreadable.
 */
export function csvReadError(file: string, err: unknown): ListFormatError {
  if (err instanceof ListFormatError) return err;
  if (err instanceof CsvError) {
    const where = typeof err.lines === 'number' ? `line ${err.lines}` : undefined;
    return new ListFormatError(file, `malformed CSV: ${err.message}`, where);
  }
  return new ListFormatError(file, `cannot read the file: ${(err as Error).message}`);
}
