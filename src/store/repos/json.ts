/**
 * Reading the JSON columns of stored rows: parsed, or an error naming the row and the column
 * ("monitor run 7: its stored stats is not JSON"); the checks of shape the repositories share.
 */

/** A stored JSON text, parsed; `what` names the row and its column ("entity blob <hash>: its stored data"). */
export function parseStoredJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${what} is not JSON`);
  }
}

/** A stored JSON text, parsed, or undefined when it is not JSON (for columns whose one error says what they should hold). */
export function parseStoredJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** An array of strings. */
export function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** An object (not null, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** An object of lists of strings (an entity's or a subject's properties). */
export function isStringLists(value: unknown): value is Record<string, string[]> {
  return isJsonObject(value) && Object.values(value).every((list) => Array.isArray(list) && list.every((v) => typeof v === 'string'));
}
