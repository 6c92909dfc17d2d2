import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { isPostgres } from '../engine.js';

// While a copy writes the target (copy-archive.ts), the target's triggers stand aside, in
// the copy's own transaction, and are back before it commits:
//  - the rows arrive as they were: the insight tables and the tags' customer counts are
//    copied, not counted a second time by the triggers that keep them;
//  - the append-only triggers let a self-reference pointing forward be filled in
//    afterwards (tables.ts selfRefs), which is no change of history: the row is new;
//  - on PostgreSQL the triggers that bump one row per insert (insight_state, tags) would
//    each leave a dead version behind inside the one transaction, and every further bump
//    walks past all of them: quadratic in the rows copied.
// CHECKs and unique keys are no triggers here and keep checking every row; on PostgreSQL the
// foreign keys stand aside too and check every row when added back (indexes-aside.ts).
//
// SQLite: each trigger is dropped and made again from its own CREATE statement
// (sqlite_schema), both inside the transaction. PostgreSQL: ALTER TABLE … DISABLE TRIGGER
// USER on each table (the app's user owns the tables: it made them), which also locks the
// table for the rest of the transaction, so no till can write while the archive arrives.

export async function setTriggersAside(db: Kysely<DB>, tables: readonly string[]): Promise<() => Promise<void>> {
  if (isPostgres(db)) {
    for (const table of tables) await sql`ALTER TABLE ${sql.table(table)} DISABLE TRIGGER USER`.execute(db);
    return async () => {
      for (const table of tables) await sql`ALTER TABLE ${sql.table(table)} ENABLE TRIGGER USER`.execute(db);
    };
  }
  const { rows } = await sql<{ name: string; sql: string }>`SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name`.execute(db);
  for (const trigger of rows) await sql`DROP TRIGGER ${sql.id(trigger.name)}`.execute(db);
  return async () => {
    for (const trigger of rows) await sql.raw(trigger.sql).execute(db);
  };
}
