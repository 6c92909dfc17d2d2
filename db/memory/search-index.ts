import { sql, type Kysely } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';
import type { DB } from '../schema.js';
import type { MemoryDoc, MemoryQuery, MemorySearchIndex } from './memory-search-index.js';

// The notes search index on SQLite (the interface: memory-search-index.ts): memory_search,
// a contentless FTS5 table (migration 004) of two columns, `body` (the folded words) and
// `meta` (the document's meta tokens and its customer as "c123"), under rowid = key. A
// query narrows to a meta token, or leaves customers out by their token, inside FTS5.

export const customerToken = (customerId: number) => `c${customerId}`;

const bodyOf = (doc: MemoryDoc) => doc.words.join(' ');
const metaOf = (doc: MemoryDoc) => [...doc.meta, customerToken(doc.customerId)].join(' ');

/**
 * Every token as a word start, in the body; optionally only documents with a meta token,
 * and none of some customers'. Tokens are quoted: nothing typed reaches FTS syntax.
 */
export function noteMatch(tokens: readonly string[], meta?: string, without: Iterable<number> = []): string {
  let match = tokens.map((t) => `body : "${t}"*`).join(' AND ');
  if (meta) match = `${match} AND meta : "${meta}"`;
  const skip = [...without].map((id) => `"${customerToken(id)}"`);
  return skip.length ? `(${match}) NOT meta : (${skip.join(' OR ')})` : match;
}

/** For bulk loading on the raw connection, inside the caller's transaction. */
export function prepareMemoryIndexer(sqlite: BetterSqlite3.Database): (key: number, doc: MemoryDoc) => void {
  const insert = sqlite.prepare('INSERT INTO memory_search (rowid, body, meta) VALUES (?, ?, ?)');
  return (key, doc) => {
    if (doc.words.length > 0) insert.run(key, bodyOf(doc), metaOf(doc));
  };
}

async function remove(db: Kysely<DB>, key: number): Promise<void> {
  await sql`DELETE FROM memory_search WHERE rowid = ${key}`.execute(db);
}

async function write(db: Kysely<DB>, key: number, doc: MemoryDoc): Promise<void> {
  if (doc.words.length === 0) return;
  await sql`INSERT INTO memory_search (rowid, body, meta) VALUES (${key}, ${bodyOf(doc)}, ${metaOf(doc)})`.execute(db);
}

export const sqliteMemoryIndex: MemorySearchIndex = {
  write,

  // One statement per document, prepared once (SQLite caches it): no faster form exists.
  async writeMany(db, docs) {
    for (const { key, doc } of docs) await write(db, key, doc);
  },

  remove,

  async keys(db, query: MemoryQuery, below, limit) {
    const match = noteMatch(query.tokens, query.meta, query.without);
    const { rows } = await sql<{ rowid: number }>`SELECT rowid FROM memory_search
      WHERE memory_search MATCH ${match} AND rowid < ${below} ORDER BY rowid DESC LIMIT ${limit}`.execute(db);
    return rows.map((r) => r.rowid);
  },

  // Found by the customer token in the meta column, then taken out one by one (a
  // contentless table deletes by rowid).
  async removeCustomer(db, customerId) {
    const { rows } = await sql<{ rowid: number }>`SELECT rowid FROM memory_search
      WHERE memory_search MATCH ${`meta : "${customerToken(customerId)}"`}`.execute(db);
    for (const { rowid } of rows) await remove(db, rowid);
  },

  // The field's token narrows inside FTS5; rowid % 4 = 3 is a field value, rowid / 4 its id.
  fieldValueIds(fieldId, tokens) {
    return sql<number>`(SELECT m.rowid / 4 FROM memory_search m
      WHERE memory_search MATCH ${noteMatch(tokens, `f${fieldId}`)} AND m.rowid % 4 = 3)`;
  },
};
