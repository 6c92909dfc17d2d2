import type BetterSqlite3 from 'better-sqlite3';

// The journal of a chunked import (migration 012), and how an unfinished one is undone.
// Every function here runs inside the caller's write transaction, and each does a bounded
// amount of work, so that no transaction holds the write lock for long.
//
// While an import is written, its earlier chunks are in the archive and can be seen: a till
// may even serve one of those customers. Undoing takes back what the import wrote; a customer
// the shop used meanwhile (a sale, a stamp, a note, an edit, a referral…) is kept whole, as
// taking it back would take the shop's own work with it, and is counted in the result.

export function startRun(sqlite: BetterSqlite3.Database, now: number): number {
  return Number(sqlite.prepare("INSERT INTO import_runs (started_at, state, alive_at) VALUES (?, 'writing', ?)").run(now, now).lastInsertRowid);
}

/** A chunk's customers (consecutive ids) and the tags it created, in the chunk's own transaction. */
export function recordChunk(sqlite: BetterSqlite3.Database, run: number, now: number, firstId: number, lastId: number, tags: readonly number[]): void {
  // Another till's recovery took the run for abandoned and is undoing it: stop here.
  const alive = sqlite.prepare("UPDATE import_runs SET alive_at = ? WHERE id = ? AND state = 'writing'").run(now, run);
  if (alive.changes === 0) throw new Error(`import run ${run} is no longer being written`);
  sqlite.prepare('INSERT INTO import_run_chunks (run_id, first_id, last_id) VALUES (?, ?, ?)').run(run, firstId, lastId);
  const tag = sqlite.prepare('INSERT OR IGNORE INTO import_run_tags (run_id, tag_id) VALUES (?, ?)');
  for (const id of tags) tag.run(run, id);
}

export interface Chunk {
  first_id: number;
  last_id: number;
}

export function chunksOf(sqlite: BetterSqlite3.Database, run: number): Chunk[] {
  return sqlite.prepare('SELECT first_id, last_id FROM import_run_chunks WHERE run_id = ? ORDER BY first_id').all(run) as Chunk[];
}

/** Queues one chunk's customers for the counter search: done last, so none is found by name before the import is whole. */
export function queueChunk(sqlite: BetterSqlite3.Database, chunk: Chunk): void {
  sqlite.prepare('INSERT OR IGNORE INTO search_backlog (search_key) SELECT search_key FROM customers WHERE id BETWEEN ? AND ? AND archived_at IS NULL')
    .run(chunk.first_id, chunk.last_id);
}

/** The import is whole: its journal is no longer needed. */
export function finishRun(sqlite: BetterSqlite3.Database, run: number, now: number): void {
  sqlite.prepare('DELETE FROM import_run_chunks WHERE run_id = ?').run(run);
  sqlite.prepare('DELETE FROM import_run_tags WHERE run_id = ?').run(run);
  sqlite.prepare("UPDATE import_runs SET state = 'done', finished_at = ? WHERE id = ?").run(now, run);
}

/** Imports a quit or crash left half-written: not heard from since `silentSince`. */
export function abandonedRuns(sqlite: BetterSqlite3.Database, silentSince: number): number[] {
  return sqlite.prepare("SELECT id FROM import_runs WHERE state IN ('writing', 'undoing') AND alive_at < ? ORDER BY id")
    .pluck().all(silentSince) as number[];
}

// A customer of the chunk that nothing but the import wrote about: its row unchanged since
// the import, no entry other than the import's note, and no row in any table the import does
// not write (db/privacy/coverage.ts lists them all).
const UNTOUCHED = `SELECT c.id FROM customers c WHERE c.id BETWEEN ? AND ?
  AND c.updated_at = c.created_at AND c.last_seen_at = c.created_at AND c.archived_at IS NULL AND c.erased_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM customers r WHERE r.referred_by = c.id)
  AND NOT EXISTS (SELECT 1 FROM customer_entries e WHERE e.customer_id = c.id
    AND (e.kind <> 'note' OR e.created_at <> c.created_at OR e.updated_at <> c.created_at OR e.deleted_at IS NOT NULL))
  AND NOT EXISTS (SELECT 1 FROM customer_facts f WHERE f.customer_id = c.id)
  AND NOT EXISTS (SELECT 1 FROM follow_ups u WHERE u.customer_id = c.id)
  AND NOT EXISTS (SELECT 1 FROM customer_field_values v WHERE v.customer_id = c.id)
  AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.customer_id = c.id)
  AND NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.customer_id = c.id AND l.kind <> 'migrate')
  AND NOT EXISTS (SELECT 1 FROM print_jobs p WHERE p.customer_id = c.id)
  AND NOT EXISTS (SELECT 1 FROM customer_merges m WHERE m.merged_id = c.id OR m.survivor_id = c.id)
  AND NOT EXISTS (SELECT 1 FROM customer_tags t WHERE t.customer_id = c.id AND t.created_at <> c.created_at)`;

const IDS = 'SELECT value FROM json_each(?)';

/**
 * Undoes the next chunk of an unfinished import; returns how many of its customers were
 * kept because the shop used them meanwhile, or null when nothing is left to undo (the run
 * is then marked undone and its journal cleared).
 */
export function undoNextChunk(sqlite: BetterSqlite3.Database, run: number, now: number): number | null {
  sqlite.prepare("UPDATE import_runs SET state = 'undoing' WHERE id = ?").run(run);
  const chunk = sqlite.prepare('SELECT first_id, last_id FROM import_run_chunks WHERE run_id = ? ORDER BY first_id DESC LIMIT 1').get(run) as Chunk | undefined;
  if (!chunk) {
    // The tags it created, unless someone else uses them now.
    sqlite.prepare(`DELETE FROM tags WHERE id IN (SELECT tag_id FROM import_run_tags WHERE run_id = ?)
      AND NOT EXISTS (SELECT 1 FROM customer_tags t WHERE t.tag_id = tags.id)`).run(run);
    sqlite.prepare('DELETE FROM import_run_tags WHERE run_id = ?').run(run);
    sqlite.prepare("UPDATE import_runs SET state = 'undone', finished_at = ? WHERE id = ?").run(now, run);
    return null;
  }
  const ids = sqlite.prepare(UNTOUCHED).pluck().all(chunk.first_id, chunk.last_id) as number[];
  const list = JSON.stringify(ids);
  const present = sqlite.prepare('SELECT count(*) FROM customers WHERE id BETWEEN ? AND ?').pluck().get(chunk.first_id, chunk.last_id) as number;
  const kept = present - ids.length;
  // The notes' search documents first (the index is contentless: found by their keys).
  sqlite.prepare(`DELETE FROM memory_search WHERE rowid IN (SELECT id * 4 + 1 FROM customer_entries WHERE customer_id IN (${IDS}))`).run(list);
  sqlite.prepare(`DELETE FROM customer_entries WHERE customer_id IN (${IDS})`).run(list);
  sqlite.prepare(`DELETE FROM customer_tags WHERE customer_id IN (${IDS})`).run(list);
  sqlite.prepare(`DELETE FROM ledger_entries WHERE customer_id IN (${IDS})`).run(list);
  sqlite.prepare(`DELETE FROM loyalty_balances WHERE customer_id IN (${IDS})`).run(list);
  sqlite.prepare(`DELETE FROM customer_segments WHERE customer_id IN (${IDS})`).run(list);
  sqlite.prepare(`DELETE FROM search_backlog WHERE search_key IN (SELECT search_key FROM customers WHERE id IN (${IDS}))`).run(list);
  // Their phones go with them (ON DELETE CASCADE); the insights' delete trigger marks them dirty.
  sqlite.prepare(`DELETE FROM customers WHERE id IN (${IDS})`).run(list);
  sqlite.prepare(`DELETE FROM insight_dirty WHERE customer_id IN (${IDS})`).run(list);
  sqlite.prepare('DELETE FROM import_run_chunks WHERE run_id = ? AND first_id = ?').run(run, chunk.first_id);
  return kept;
}
