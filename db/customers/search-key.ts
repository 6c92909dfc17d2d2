import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../schema.js';
import { isPostgres } from '../engine.js';

// customers.search_key: re-issued whenever a customer is created, edited or seen, always
// above every key issued before, so that the highest key is the most recently seen customer
// (the counter search's order, customer-search-index.ts).
//  - SQLite: the highest key + 1, read inside the write transaction. The file has one writer
//    at a time (BEGIN IMMEDIATE), so nobody else can take that key meanwhile.
//  - PostgreSQL: the sequence customers_search_key (migration 015). Tills write at once there;
//    two transactions both reading max(search_key) would conflict and one of them run again,
//    every time two tills create or look up a customer at the same moment.

/** The next key, as the value of an INSERT or UPDATE, in the caller's transaction. */
export function nextSearchKey(db: Kysely<DB>): RawBuilder<number> {
  return isPostgres(db)
    ? sql<number>`nextval('customers_search_key')`
    : sql<number>`(SELECT coalesce(max(search_key), 0) + 1 FROM customers)`;
}

/**
 * `count` fresh keys, increasing, for customers inserted together (an import), in the
 * caller's write transaction. On SQLite they are consecutive; on PostgreSQL another till
 * may take keys in between, so use them as given, not as first + i.
 */
export async function issueSearchKeys(db: Kysely<DB>, count: number): Promise<number[]> {
  if (count <= 0) return [];
  if (isPostgres(db)) {
    const { rows } = await sql<{ key: number }>`SELECT nextval('customers_search_key') AS key
      FROM generate_series(1, ${count}) ORDER BY 1`.execute(db);
    return rows.map((r) => Number(r.key));
  }
  const row = await db.selectFrom('customers')
    .select((eb) => eb.fn.coalesce(eb.fn.max('search_key'), sql.lit(0)).as('highest'))
    .executeTakeFirstOrThrow();
  const first = Number(row.highest) + 1;
  return Array.from({ length: count }, (_, i) => first + i);
}
