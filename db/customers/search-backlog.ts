import type BetterSqlite3 from 'better-sqlite3';
import { searchDocument, type SearchDocument } from './search-document.js';
import { prepareIndexer } from './search-index.js';

// Customers whose counter-search documents are still to be written (migration 010). An
// import queues its customers instead of writing 100,000 documents inside its transaction
// (the index costs more than the rows); `indexBacklog` then writes them a few hundred per
// transaction. Everything that indexes or unindexes one customer takes its key off the
// backlog (search-index.ts), so a document is never written twice.

export interface PendingDocument {
  key: number;
  /** null for a key whose customer is gone or archived: nothing to write, nothing to find. */
  doc: SearchDocument | null;
}

export interface BacklogState {
  count: number;
  /** The newest key waiting (0 when none): new arrivals have larger keys. */
  newest: number;
}

interface Statements {
  queue: BetterSqlite3.Statement;
  state: BetterSqlite3.Statement;
  rows: BetterSqlite3.Statement;
  phones: BetterSqlite3.Statement;
  end: BetterSqlite3.Statement;
  keys: BetterSqlite3.Statement;
  done: BetterSqlite3.Statement;
  index: ReturnType<typeof prepareIndexer>;
}

const prepared = new WeakMap<BetterSqlite3.Database, Statements>();

function statements(sqlite: BetterSqlite3.Database): Statements {
  let s = prepared.get(sqlite);
  if (!s) {
    // LEFT JOIN: a key whose customer has gone (none should) is taken off without a document.
    const range = `FROM search_backlog b LEFT JOIN customers c ON c.search_key = b.search_key AND c.archived_at IS NULL
      WHERE b.search_key > ? AND b.search_key <= ?`;
    s = {
      queue: sqlite.prepare('INSERT INTO search_backlog (search_key) SELECT search_key FROM customers WHERE id >= ? AND archived_at IS NULL'),
      state: sqlite.prepare('SELECT count(*) AS count, coalesce(max(search_key), 0) AS newest FROM search_backlog'),
      rows: sqlite.prepare(`SELECT b.search_key AS key, c.id, c.given_name, c.name_prefix, c.family_name, c.email, c.card_number
        ${range} ORDER BY b.search_key`),
      phones: sqlite.prepare(`SELECT p.customer_id, p.e164, p.national_digits
        FROM search_backlog b JOIN customers c ON c.search_key = b.search_key AND c.archived_at IS NULL
        JOIN customer_phones p ON p.customer_id = c.id
        WHERE b.search_key > ? AND b.search_key <= ? ORDER BY p.customer_id, p.position`),
      end: sqlite.prepare('SELECT max(search_key) FROM (SELECT search_key FROM search_backlog WHERE search_key > ? ORDER BY search_key LIMIT ?)').pluck(),
      keys: sqlite.prepare('SELECT search_key FROM search_backlog WHERE search_key > ? AND search_key <= ? ORDER BY search_key').pluck(),
      done: sqlite.prepare('DELETE FROM search_backlog WHERE search_key > ? AND search_key <= ?'),
      index: prepareIndexer(sqlite),
    };
    prepared.set(sqlite, s);
  }
  return s;
}

/** Queues every live customer from id `firstId` on: an import's, inside its transaction. */
export function queueFrom(sqlite: BetterSqlite3.Database, firstId: number): number {
  return statements(sqlite).queue.run(firstId).changes;
}

export function backlogState(sqlite: BetterSqlite3.Database): BacklogState {
  return statements(sqlite).state.get() as BacklogState;
}

interface Row {
  key: number;
  id: number | null;
  given_name: string;
  name_prefix: string;
  family_name: string;
  email: string | null;
  card_number: string;
}

/** The documents of keys in (after, upTo], oldest first; keys without a live customer have none. */
export function pendingDocuments(sqlite: BetterSqlite3.Database, after: number, upTo: number): PendingDocument[] {
  const s = statements(sqlite);
  const phones = new Map<number, { e164: string; national_digits: string }[]>();
  for (const p of s.phones.all(after, upTo) as { customer_id: number; e164: string; national_digits: string }[]) {
    let list = phones.get(p.customer_id);
    if (!list) phones.set(p.customer_id, (list = []));
    list.push(p);
  }
  return (s.rows.all(after, upTo) as Row[]).map((row) => ({
    key: row.key,
    doc: row.id === null ? null : searchDocument(row, phones.get(row.id) ?? []),
  }));
}

/** The key `count` places on from `after`: where one chunk of the backlog ends; null when none wait after it. */
export function chunkEnd(sqlite: BetterSqlite3.Database, after: number, count: number): number | null {
  return statements(sqlite).end.get(after, count) as number | null;
}

/**
 * Writes the oldest `count` queued documents into the index and takes them off the backlog.
 * `known` may hold documents already made for queued keys (a key stays queued only while its
 * customer is unchanged: any edit re-keys and indexes them). Runs inside the caller's write
 * transaction; returns the last key written (null when none waited) and whether more wait.
 */
export function indexBacklog(
  sqlite: BetterSqlite3.Database, count: number, known?: ReadonlyMap<number, SearchDocument>,
): { upTo: number | null; more: boolean } {
  const s = statements(sqlite);
  const upTo = chunkEnd(sqlite, 0, count);
  if (upTo === null) return { upTo, more: false };
  const keys = s.keys.all(0, upTo) as number[];
  const docs = known && keys.every((key) => known.has(key))
    ? keys.map((key) => ({ key, doc: known.get(key)! }))
    : pendingDocuments(sqlite, 0, upTo);
  for (const { key, doc } of docs) if (doc) s.index(key, doc);
  s.done.run(0, upTo);
  return { upTo, more: chunkEnd(sqlite, upTo, 1) !== null };
}
