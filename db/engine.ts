import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';

// Which engine holds the archive: SQLite (the default, one file) or PostgreSQL (the shared
// archive of a shop with several tills). Read from the Kysely instance itself — its
// dialect's adapter — so a repository or a transaction handed either one needs no
// registry or extra argument, and a transaction or single connection of it answers alike.
//
// What only one engine can do sits behind small functions named for what they do, and
// only these files ask which engine it is.

export type Engine = 'sqlite' | 'postgres';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any database's tables
type AnyKysely = Kysely<any>;

export function engineOf(db: AnyKysely): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

export const isPostgres = (db: AnyKysely): boolean => engineOf(db) === 'postgres';

/**
 * A table as the FROM of a query that must walk one named index. SQLite plans without
 * statistics and may pick a far worse index, so it is told (INDEXED BY); PostgreSQL's
 * planner keeps statistics and takes no such hint, so there it is the bare table. With
 * `alias`, the table under that name (the FROM's `AS alias`).
 */
export function tableThroughIndex(db: AnyKysely, table: string, index: string, alias?: string): RawBuilder<unknown> {
  // SQLite wants the alias before INDEXED BY: `customers AS c INDEXED BY customers_archived`.
  const named = alias === undefined ? sql.table(table) : sql`${sql.table(table)} AS ${sql.id(alias)}`;
  return isPostgres(db) ? named : sql`${named} INDEXED BY ${sql.id(index)}`;
}

/**
 * The JOIN keyword for a join whose left side must stay the outer loop. SQLite keeps the
 * tables of a CROSS JOIN in the order written (its way of being told); PostgreSQL rejects
 * ON after CROSS JOIN, and its planner orders joins from statistics: a plain JOIN.
 */
export function joinInOrder(db: AnyKysely): RawBuilder<unknown> {
  return isPostgres(db) ? sql`JOIN` : sql`CROSS JOIN`;
}
