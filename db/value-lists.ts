import { sql, type Kysely, type RawBuilder } from 'kysely';
import { isPostgres } from './engine.js';
import type { DB } from './schema.js';

// Lists of values in one bound parameter whatever their length: an export's 20,000 ids
// would pass SQLite's limit on parameters as `IN (?, ?, …)`, and one statement text serves
// any length (SQLite caches statements by their text). SQLite reads the list from JSON
// (json_each), PostgreSQL from an array (unnest).

/**
 * A list of ids as a FROM item `alias(value, key)`: `value` the id, `key` its place in the
 * list (to keep the caller's order). One bound parameter whatever the length — an export's
 * 20,000 ids would pass SQLite's limit on parameters as `IN (?, ?, …)`: SQLite reads them
 * from JSON (json_each), PostgreSQL from an array (unnest).
 */
export function idTable(db: Kysely<DB>, ids: readonly number[], alias: string): RawBuilder<unknown> {
  return isPostgres(db)
    ? sql`unnest(${[...ids]}::bigint[]) WITH ORDINALITY AS ${sql.id(alias)} (value, key)`
    : sql`json_each(${JSON.stringify(ids)}) AS ${sql.id(alias)}`;
}

/** Ids as the right side of `IN`, for `.where(column, 'in', oneOf(db, ids))`, when the order does not matter. */
export function oneOf(db: Kysely<DB>, ids: readonly number[]): RawBuilder<number> {
  return isPostgres(db)
    ? sql<number>`(SELECT unnest(${[...ids]}::bigint[]))`
    : sql<number>`(SELECT value FROM json_each(${JSON.stringify(ids)}))`;
}

/** Texts (kinds, statuses), likewise. */
export function oneOfText<T extends string>(db: Kysely<DB>, values: readonly T[]): RawBuilder<T> {
  return isPostgres(db)
    ? sql<T>`(SELECT unnest(${[...values]}::text[]))`
    : sql<T>`(SELECT value FROM json_each(${JSON.stringify(values)}))`;
}
