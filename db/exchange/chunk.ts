import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { fileArchive, type Archive } from '../archive.js';
import type { DB } from '../schema.js';
import { prepareImportWriter, type ImportedCustomer, type ImportWriter, type ImportWriterOptions } from './insert.js';
import { batchedChunkWriter } from './insert-batches.js';
import { prepareArchiveProbe, type ArchiveProbe } from './probe.js';
import type { Chunk } from './runs.js';

// One chunk of an import: as many customers as fit in about `budgetMs`, written inside the
// caller's write transaction (main/api/exchange/import.ts). What the chunk wrote comes back
// as its result, never by changing anything outside: on PostgreSQL the transaction may be
// run again after a conflict with another till (db/transaction.ts), and a count kept
// outside would then count twice.
//  - The SQLite file: prepared statements on the raw connection (insert.ts), 100,000
//    customers in ~3 s; the Kysely path costs several times as much a row.
//  - The shared server: multi-row INSERTs through Kysely (insert-batches.ts), a few round
//    trips per batch of rows rather than several per row.

export interface WrittenChunk {
  /** The index after the last row handled: the next chunk starts there. */
  next: number;
  /** Rows (indexes) left out: the card number they bring was given out meanwhile. */
  cardTaken: number[];
  /** The ids given, as the journal's ranges, increasing. */
  ranges: Chunk[];
  /** Tags the chunk created. */
  createdTags: number[];
}

export interface ImportChunkWriter {
  /** Writes customers from `rows[from]` on for about `budgetMs`, in the caller's write transaction `trx`. */
  write(trx: Kysely<DB>, rows: readonly ImportedCustomer[], from: number, budgetMs: number): Promise<WrittenChunk>;
}

/** The writer of one import's chunks, for the archive's engine. */
export function importChunkWriter(archive: Archive, options: ImportWriterOptions): ImportChunkWriter {
  const file = fileArchive(archive);
  return file ? preparedChunkWriter(file.sqlite, options) : batchedChunkWriter(options);
}

/** Rows written between two looks at the clock (the writer's own batch size). */
const ROWS_BETWEEN_CLOCKS = 32;

/**
 * On the file: one writer for the whole import, its statements prepared once, in the first
 * chunk's transaction; each later chunk starts with next(). The raw connection is the one
 * the caller's transaction holds (the file has one).
 */
function preparedChunkWriter(sqlite: BetterSqlite3.Database, options: ImportWriterOptions): ImportChunkWriter {
  let writer: ImportWriter | null = null;
  let probe: ArchiveProbe | null = null;
  return {
    async write(_trx, rows, from, budgetMs) {
      if (writer) writer.next();
      else writer = prepareImportWriter(sqlite, options);
      probe ??= prepareArchiveProbe(sqlite);
      const started = performance.now();
      const cardTaken: number[] = [];
      let at = from;
      while (at < rows.length) {
        const index = at++;
        const row = rows[index]!;
        // Each chunk checks again that no card number was given out meanwhile (the one thing another till can take from a row).
        if (row.values.card_number !== '' && probe.byCard(row.values.card_number)) {
          cardTaken.push(index);
          continue;
        }
        writer.add(row);
        if (at % ROWS_BETWEEN_CLOCKS === 0 && performance.now() - started > budgetMs) break;
      }
      writer.finish();
      writer.index(Infinity);
      const range = writer.range;
      return { next: at, cardTaken, ranges: range ? [{ first_id: range.first, last_id: range.last }] : [], createdTags: [...writer.createdTags] };
    },
  };
}
