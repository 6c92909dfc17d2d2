import { sql, type Kysely, type RawBuilder } from 'kysely';
import { isPostgres } from './engine.js';
import type { DB } from './schema.js';

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

/** The same list as a subquery for `x IN ${idsIn(…)}`, when the order does not matter. */
export function idsIn(db: Kysely<DB>, ids: readonly number[]): RawBuilder<number> {
  return sql`(SELECT ${sql.ref('ids.value')} FROM ${idTable(db, ids, 'ids')})`;
}
