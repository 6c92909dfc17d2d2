import { sql, type Kysely } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';
import type { DB } from '../schema.js';
import type { SearchDocument } from './search-document.js';
import type { CustomerSearchIndex, KeyedDocument } from './customer-search-index.js';

// The counter search index on SQLite (the interface: customer-search-index.ts): two FTS5
// tables, kept in step with customers in the caller's transaction. Both are keyed by
// customers.search_key. Indexing or unindexing a customer settles whatever an import left
// queued for that key (search-backlog.ts).

export type SearchTable = 'customer_search' | 'customer_numbers';

const INSERT_TEXT = 'INSERT INTO customer_search (rowid, name, name_inner, email, phone_inner, card) VALUES (?, ?, ?, ?, ?, ?)';
const INSERT_NUMBERS = 'INSERT INTO customer_numbers (rowid, phone, card) VALUES (?, ?, ?)';

export async function indexDocument(db: Kysely<DB>, key: number, doc: SearchDocument): Promise<void> {
  await sql`INSERT INTO customer_search (rowid, name, name_inner, email, phone_inner, card)
    VALUES (${key}, ${doc.name}, ${doc.name_inner}, ${doc.email}, ${doc.phone_inner}, ${doc.card})`.execute(db);
  await sql`INSERT INTO customer_numbers (rowid, phone, card) VALUES (${key}, ${doc.phone}, ${doc.card})`.execute(db);
  await sql`DELETE FROM search_backlog WHERE search_key = ${key}`.execute(db);
}

export async function unindexDocument(db: Kysely<DB>, key: number): Promise<void> {
  await sql`DELETE FROM customer_search WHERE rowid = ${key}`.execute(db);
  await sql`DELETE FROM customer_numbers WHERE rowid = ${key}`.execute(db);
  await sql`DELETE FROM search_backlog WHERE search_key = ${key}`.execute(db);
}

/** Rows per INSERT of indexDocuments: 6 values a row stays far below SQLite's 32,766 parameters. */
const ROWS_PER_INSERT = 250;

/**
 * Many documents in a few multi-row INSERTs (an import's backlog), in the caller's
 * transaction: one statement a few hundred rows, prepared once (the full-size statement is
 * the same text each time, so the statement cache keeps it), as fast as a prepared
 * statement run per row and through Kysely like every other query.
 */
export async function indexDocuments(db: Kysely<DB>, docs: readonly KeyedDocument[]): Promise<void> {
  for (let start = 0; start < docs.length; start += ROWS_PER_INSERT) {
    const batch = docs.slice(start, start + ROWS_PER_INSERT);
    await sql`INSERT INTO customer_search (rowid, name, name_inner, email, phone_inner, card) VALUES ${sql.join(batch.map(({ key, doc }) =>
      sql`(${key}, ${doc.name}, ${doc.name_inner}, ${doc.email}, ${doc.phone_inner}, ${doc.card})`))}`.execute(db);
    await sql`INSERT INTO customer_numbers (rowid, phone, card) VALUES ${sql.join(batch.map(({ key, doc }) =>
      sql`(${key}, ${doc.phone}, ${doc.card})`))}`.execute(db);
  }
}

/** For bulk loading (seeding) on the raw connection, inside the caller's transaction. */
export function prepareIndexer(sqlite: BetterSqlite3.Database): (key: number, doc: SearchDocument) => void {
  const text = sqlite.prepare(INSERT_TEXT);
  const numbers = sqlite.prepare(INSERT_NUMBERS);
  return (key, doc) => {
    text.run(key, doc.name, doc.name_inner, doc.email, doc.phone_inner, doc.card);
    numbers.run(key, doc.phone, doc.card);
  };
}

/** Keys of one FTS5 query, most recently seen first. The table name is ours, never typed. */
export async function searchKeys(db: Kysely<DB>, table: SearchTable, match: string, limit: number): Promise<number[]> {
  const { rows } = await sql<{ rowid: number }>`SELECT rowid FROM ${sql.table(table)}
    WHERE ${sql.table(table)} MATCH ${match} ORDER BY rowid DESC LIMIT ${limit}`.execute(db);
  return rows.map((r) => r.rowid);
}

export const sqliteSearchIndex: CustomerSearchIndex = {
  write: indexDocument,
  writeMany: indexDocuments,
  remove: unindexDocument,
  keys: (db, tier, limit) => searchKeys(db, tier.table, tier.match, limit),
};
