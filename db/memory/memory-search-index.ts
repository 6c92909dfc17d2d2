import type { Kysely, RawBuilder } from 'kysely';
import type { DB } from '../schema.js';
import { isPostgres } from '../engine.js';
import { sqliteMemoryIndex } from './search-index.js';
import { postgresMemoryIndex } from './search-index-postgres.js';

// The notes search index (what is written about customers): what only one engine can do,
// behind one small interface. db/memory/search.ts builds the documents and reads the hits;
// this file only says where the documents go.
//
// Both engines index the same document: its words folded in TypeScript (main/core/text.ts,
// so accents and case fold once, alike for both), under the same key (id * 4 + source),
// with the same meta tokens, and answer the same query: every token as a word start,
// optionally only documents with a meta token, leaving some customers out, newest written
// (highest key) first.
//  - SQLite: memory_search, a contentless FTS5 table (search-index.ts; migration 004).
//  - PostgreSQL: memory_search, a row per document with its words as a tsvector and a GIN
//    index (search-index-postgres.ts; migration 016).

export interface MemoryDoc {
  customerId: number;
  /** What kind of document, e.g. ['wish', 'wishopen'] or ['field', 'f5']. */
  meta: readonly string[];
  /** Its folded words, each once (no phrase queries are made). */
  words: readonly string[];
}

export interface KeyedDoc {
  key: number;
  doc: MemoryDoc;
}

export interface MemoryQuery {
  /** Folded words, each to start a word of the document. */
  tokens: readonly string[];
  /** Only documents with this meta token. */
  meta?: string;
  /** Customers whose documents are left out. */
  without?: readonly number[];
}

export interface MemorySearchIndex {
  /** Indexes a document under its key, in the caller's transaction; a document without words is left out. */
  write(db: Kysely<DB>, key: number, doc: MemoryDoc): Promise<void>;
  /** Indexes many documents (an import's notes), in the caller's transaction. */
  writeMany(db: Kysely<DB>, docs: readonly KeyedDoc[]): Promise<void>;
  /** Takes a key out of the index, in the caller's transaction. */
  remove(db: Kysely<DB>, key: number): Promise<void>;
  /** Up to `limit` keys below `below` that the query matches, highest first. */
  keys(db: Kysely<DB>, query: MemoryQuery, below: number, limit: number): Promise<number[]>;
  /** Takes every document of a customer out of the index (the texts stay where they are), in the caller's transaction. */
  removeCustomer(db: Kysely<DB>, customerId: number): Promise<void>;
  /** A subquery of the ids of a field's values whose words the tokens start (a list's "field contains" criterion). */
  fieldValueIds(fieldId: number, tokens: readonly string[]): RawBuilder<number>;
}

/** The notes search index of the archive behind `db` (a transaction or connection of it alike). */
export function memorySearchIndex(db: Kysely<DB>): MemorySearchIndex {
  return isPostgres(db) ? postgresMemoryIndex : sqliteMemoryIndex;
}
