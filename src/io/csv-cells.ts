/**
 * Writing CSV cells that are safe to open in a spreadsheet. A text cell starting with `=`, `+`,
 * `-`, `@`, a tab or a carriage return is a formula to Excel, LibreOffice and Google Sheets, so a
 * listed party's name or an uploaded reference could run one on an analyst's machine (CSV
 * injection). Such a cell gets a leading apostrophe, as OWASP recommends, and so does a cell that
 * starts with an apostrophe already, so the round trip is exact: remove the first character of
 * every text cell that starts with `'`. Numbers and booleans are written as they are.
 */

/** The first characters that make a spreadsheet read a cell as a formula, and the apostrophe itself. */
const NEUTRALISED_START = /^[=+\-@\t\r']/;

/** One CSV cell: formula-looking text neutralised; quoted when it holds a quote, comma or line break; objects as JSON. */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const raw = typeof value === 'string' ? value : JSON.stringify(value);
  const text = NEUTRALISED_START.test(raw) ? `'${raw}` : raw;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A cell's text as it was before `csvCell` neutralised it (after the CSV reader removed the quoting). */
export function originalCellText(cell: string): string {
  return cell.startsWith("'") ? cell.slice(1) : cell;
}
