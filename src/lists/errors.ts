/**
 * ListFormatError: a list file that cannot be read as what it claims to be. The message always
 * names the file, where in it (line, record or byte) and what was wrong, so an operator can act.
 */
import { basename } from 'node:path';

export class ListFormatError extends Error {
  readonly file: string;
  readonly location: string | undefined;
  readonly reason: string;

  constructor(file: string, reason: string, location?: string) {
    super(`${basename(file)}${location ? ` (${location})` : ''}: ${reason}`);
    this.name = 'ListFormatError';
    this.file = file;
    this.location = location;
    this.reason = reason;
  }
}
