/**
 * Errors of the case workflow that a caller can act on, each with the HTTP status the API answers
 * with: 400 for bad input, 404 for an unknown subject or alert, 409 for a change the current state
 * does not allow.
 */
export class CaseError extends Error {
  readonly statusCode: number;
  constructor(statusCode: 400 | 404 | 409, message: string) {
    super(message);
    this.name = 'CaseError';
    this.statusCode = statusCode;
  }
}
