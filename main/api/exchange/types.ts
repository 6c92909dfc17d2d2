// Output types of the exchange calls, re-exported to the renderer through main/api/contract.ts.
import type { DateOrder, ImportField, RowProblemCode } from '../../core/exchange/fields.js';
import type { ImportSource } from '../../core/exchange/automap.js';
import type { ApiError } from '../errors.js';

export type { DateOrder, ImportField, RowProblemCode, ImportSource };

export type CsvSeparatorChoice = ';' | ',';
export type ExchangeExportKind = 'customers' | 'notes' | 'visits' | 'ledger' | 'archive';

/** A file the shop sent in, parsed and kept in main for preview, dry run and import. */
export interface UploadSummary {
  uploadId: string;
  name: string;
  separator: ';' | ',' | '\t';
  /** Records after the header, empty ones included (a spreadsheet shows them as rows too). */
  rows: number;
  headers: string[];
  /** The first few records after the header, as in the file. */
  sample: string[][];
  /** The field each column seems to hold, from its header. */
  mapping: (ImportField | null)[];
  source: ImportSource;
  /** Day-month unless the file's numeric dates say month-day (or it comes from Square). */
  dateOrder: DateOrder;
  /** The file ended inside a quoted cell: it is probably cut off. */
  unterminatedQuote: boolean;
}

export interface RowProblem {
  field: ImportField | null;
  /** The header of the column the value came from, or null for the row as a whole. */
  column: string | null;
  code: RowProblemCode;
  /** The value as it was in the file (cut to 100 characters). */
  value: string;
  params?: Record<string, string | number>;
}

export interface BadRow {
  /** The row number a spreadsheet shows: the header is row 1. */
  row: number;
  problems: RowProblem[];
}

export type DuplicateField = 'phone' | 'email' | 'card';

export interface LikelyDuplicate {
  row: number;
  field: DuplicateField;
  /** As written in this row. */
  value: string;
  /** An earlier row of the file with the same value, or null. */
  sameAsRow: number | null;
  /** A customer in the archive with the same value, or null. */
  customer: { id: number; name: string } | null;
}

export interface ImportReport {
  /** Records after the header. */
  rows: number;
  /** Rows without a single filled cell: skipped, not a problem. */
  empty: number;
  /** Rows that would be imported (likely duplicates included unless they are to be skipped). */
  valid: number;
  badRows: number;
  /** The first bad rows, in row order (all of them unless more than the limit asked for). */
  bad: BadRow[];
  /** Rows with at least one likely duplicate. */
  duplicateRows: number;
  duplicates: LikelyDuplicate[];
  /** Stamps/points that would move in as migration entries. */
  balances: { customers: number; total: number };
}

/** One record of the file as it would be imported. */
export interface PreviewRow {
  row: number;
  empty: boolean;
  givenName: string;
  namePrefix: string;
  familyName: string;
  phones: string[];
  email: string;
  address: string;
  /** As the importer read it: YYYY-MM-DD, or --MM-DD without a year; '' when none. */
  birthday: string;
  preferredChannel: string;
  language: string;
  marketingConsent: boolean;
  cardNumber: string;
  balance: number;
  tags: string[];
  note: string;
  problems: RowProblem[];
}

export interface ImportResult {
  imported: number;
  skippedBad: number;
  skippedDuplicates: number;
  empty: number;
  balances: { customers: number; total: number };
  /** Ids of the customers written, first and last (they are consecutive), or null when none. */
  firstId: number | null;
  lastId: number | null;
}

export interface ExportedFile {
  /** The file's name in the exports folder (the download link and "save a copy" use it). */
  name: string;
  bytes: number;
  /** Data rows written (for the archive: customers). */
  rows: number;
  /** Where main keeps it: `<data folder>/exports`. */
  folder: string;
}

export type ExchangeJobState = 'running' | 'done' | 'failed';
/** An import checks, writes the rows, then indexes them for the counter search. */
export type ExchangeJobPhase = 'checking' | 'writing' | 'indexing' | 'exporting';

interface ExchangeJobBase {
  id: string;
  state: ExchangeJobState;
  phase: ExchangeJobPhase;
  /** Rows done of total in this phase. */
  done: number;
  total: number;
  error: ApiError | null;
}

export type ExchangeJob =
  | (ExchangeJobBase & { kind: 'check'; result: ImportReport | null })
  | (ExchangeJobBase & { kind: 'import'; result: ImportResult | null })
  | (ExchangeJobBase & { kind: 'export'; result: ExportedFile | null });
