import { sql, type Kysely, type RawBuilder } from 'kysely';
import { isPostgres } from '../engine.js';
import type { DB } from '../schema.js';

// A list of values as the right side of `IN`, in one bound parameter whatever its length:
// one prepared statement for any number of ids (SQLite caches statements by their text),
// and no limit on parameters. SQLite reads the list from JSON (json_each), PostgreSQL from
// an array (unnest).

/** Ids, for `.where(column, 'in', oneOf(db, ids))`. */
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
