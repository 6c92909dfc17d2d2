// Reading CSV as spreadsheets and till systems write it: an optional byte-order mark, `;`
// (Dutch Excel), `,` or tab between cells, Excel's `sep=;` first line, quoted cells holding
// separators, doubled quotes and line breaks, and CRLF, LF or CR line ends. Lenient the way
// spreadsheets are: a stray quote inside an unquoted cell is kept as typed. The exact
// inverse of write.ts for everything write.ts produces.

export type CsvReadSeparator = ';' | ',' | '\t';

export interface ParsedCsv {
  /** Every record, the header included; a record is as many cells as it has. */
  rows: string[][];
  separator: CsvReadSeparator;
  /** The text began with a byte-order mark (dropped from the first cell). */
  bom: boolean;
  /** A quoted cell was still open at the end of the text: the file is probably cut off. */
  unterminatedQuote: boolean;
}

export interface ParseOptions {
  /** Skip sniffing: the file is known to use this separator. */
  separator?: CsvReadSeparator;
}

const CANDIDATES: readonly CsvReadSeparator[] = [';', ',', '\t'];
const QUOTE = 34;
const CR = 13;
const LF = 10;

/** Per record, how often each candidate separates cells in the first few records, outside quotes. */
function separatorCounts(text: string, records: number): Record<CsvReadSeparator, number>[] {
  const out: Record<CsvReadSeparator, number>[] = [];
  let current = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  let empty = true;
  for (let i = 0; i < text.length && out.length < records; i++) {
    const ch = text[i]!;
    if (ch === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      if (!empty) out.push(current);
      current = { ';': 0, ',': 0, '\t': 0 };
      empty = true;
      continue;
    } else if (ch === ';' || ch === ',' || ch === '\t') current[ch]++;
    empty = false;
  }
  if (!empty && out.length < records) out.push(current);
  return out;
}

/**
 * The separator of a CSV text: the candidate that splits the header, and splits the
 * records after it into as many cells. "Jansen, Piet;06-1234" is `;` however many commas
 * the names hold, because only `;` gives every line the header's count.
 */
export function sniffSeparator(text: string): CsvReadSeparator {
  const records = separatorCounts(text, 10);
  let best: CsvReadSeparator = ',';
  let bestScore = 0;
  for (const candidate of CANDIDATES) {
    const header = records[0]?.[candidate] ?? 0;
    if (header === 0) continue;
    const agreeing = records.filter((r) => r[candidate] === header).length;
    // Agreement first (consistent records), then more cells.
    const score = agreeing * 1000 + header;
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

export function parseCsv(input: string, options: ParseOptions = {}): ParsedCsv {
  const bom = input.charCodeAt(0) === 0xfeff;
  let text = bom ? input.slice(1) : input;
  let separator = options.separator;
  // Excel writes and honours a first line `sep=;` naming the separator.
  const hint = /^sep=([;,\t])(\r\n|\n|\r|$)/.exec(text);
  if (hint) {
    separator ??= hint[1] as CsvReadSeparator;
    text = text.slice(hint[0].length);
  }
  separator ??= sniffSeparator(text);
  const sep = separator.charCodeAt(0);

  const rows: string[][] = [];
  let row: string[] = [];
  let unterminatedQuote = false;
  const n = text.length;
  let i = 0;
  // Each pass reads one cell starting at i, and what ends it.
  while (i < n) {
    let cell: string;
    if (text.charCodeAt(i) === QUOTE) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const close = text.indexOf('"', from);
        if (close === -1) {
          value += text.slice(from);
          i = n;
          unterminatedQuote = true;
          break;
        }
        value += text.slice(from, close);
        if (text.charCodeAt(close + 1) === QUOTE) {
          value += '"';
          from = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      // Anything between the closing quote and the separator is kept, as spreadsheets do.
      let end = i;
      while (end < n) {
        const c = text.charCodeAt(end);
        if (c === sep || c === CR || c === LF) break;
        end++;
      }
      cell = value + text.slice(i, end);
      i = end;
    } else {
      let end = i;
      while (end < n) {
        const c = text.charCodeAt(end);
        if (c === sep || c === CR || c === LF) break;
        end++;
      }
      cell = text.slice(i, end);
      i = end;
    }
    row.push(cell);
    if (i >= n) break;
    const c = text.charCodeAt(i);
    if (c === sep) {
      i++;
      // A separator at the very end still opens one more (empty) cell.
      if (i >= n) row.push('');
      continue;
    }
    // A line end closes the record.
    i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    rows.push(row);
    row = [];
    // An empty line is a record of one empty cell, like an empty spreadsheet row.
    while (i < n && (text.charCodeAt(i) === CR || text.charCodeAt(i) === LF)) {
      rows.push(['']);
      i += text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    }
  }
  if (row.length > 0) rows.push(row);
  return { rows, separator, bom, unterminatedQuote };
}
