import { VigilError } from '../errors.js';
/**
 * Errors of the case workflow that a caller can act on, each with what went wrong as a code of
 * src/errors.ts: `invalid_input` for bad input, `not_found` for an unknown subject or alert,
 * `conflict` for a change the current state does not allow.
 */

export type CaseErrorCode = 'invalid_input' | 'not_found' | 'conflict';

export class CaseError extends VigilError {
  declare readonly code: CaseErrorCode;
  constructor(code: CaseErrorCode, message: string) {
    super(code, message);
    this.name = 'CaseError';
  }
}
