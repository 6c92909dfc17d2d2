import { sql } from 'kysely';
import { isPostgres } from '../../db/engine.js';
import type { TestApp } from '../support/services.js';

/**
 * Keys of the notes index holding a folded word as a whole word, read straight from the
 * index (not through a handler): SQLite's FTS5 memory_search, or PostgreSQL's table of
 * the same name (db/memory/search-index-postgres.ts).
 */
export async function indexed(app: TestApp, word: string): Promise<number[]> {
  const db = app.archive.db;
  const { rows } = isPostgres(db)
    ? await sql<{ key: number }>`SELECT key FROM memory_search WHERE words @@ ${`'${word}'`}::tsquery ORDER BY key`.execute(db)
    : await sql<{ key: number }>`SELECT rowid AS key FROM memory_search WHERE memory_search MATCH ${`body : "${word}"`} ORDER BY rowid`.execute(db);
  return rows.map((r) => r.key);
}

/** How many rows a table holds. */
export async function rowCount(app: TestApp, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(app.archive.db);
  return Number(rows[0]!.n);
}
