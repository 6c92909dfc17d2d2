import { writableText } from '../stored-text.js';

// CSV that Excel and LibreOffice open with accents intact: UTF-8 with a byte-order mark,
// CRLF line ends, and the separator the shop's spreadsheet expects (`;` where the decimal
// comma is used, as in Dutch, `,` otherwise).

export type CsvSeparator = ';' | ',';

export const CSV_BOM = '\uFEFF';

export type CsvCell = string | number | boolean | null | undefined;

/**
 * One cell, quoted when it holds the separator, a quote, a line break or edge spaces. Never a
 * control character but TAB and line breaks (an archive from before the boundary refused
 * them may hold some): they are left out.
 */
export function csvCell(value: CsvCell, separator: CsvSeparator): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? writableText(value) : String(value);
  // A cell starting with = + - @ is run as a formula by spreadsheets: customer data must
  // never become one (CSV injection). A leading apostrophe shows the text as typed. Plain
  // numbers ("+31 6 1234 5678", "-5") cannot call anything and stay as they are.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text) && !/^[+-][\d\s().,/-]*$/.test(text)) text = `'${text}`;
  return /["\r\n]|^\s|\s$/.test(text) || text.includes(separator) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(cells: readonly CsvCell[], separator: CsvSeparator): string {
  return cells.map((cell) => csvCell(cell, separator)).join(separator) + '\r\n';
}

/** A whole document: BOM, header row, then the rows. */
export function csvDocument(header: readonly string[], rows: Iterable<readonly CsvCell[]>, separator: CsvSeparator): string {
  let text = CSV_BOM + csvRow(header, separator);
  for (const row of rows) text += csvRow(row, separator);
  return text;
}
