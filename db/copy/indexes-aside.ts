import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { isPostgres } from '../engine.js';

// While a copy writes a PostgreSQL target (copy-archive.ts), the indexes that back no
// constraint (the ledger's per customer, the visits' by time, the counter search's token
// btree and trigram GIN, …) and the foreign keys stand aside: dropped in the copy's own
// transaction and made again from their own definitions (pg_get_indexdef,
// pg_get_constraintdef) once every row and search document is in, before it commits, as
// pg_restore does. An index built once from all the rows is many times quicker than one kept
// up row by row (ten million ledger entries arrive in id order, but their (customer_id, id)
// index would take them at random places), and a foreign key added to a full table checks
// every row in one join instead of a lookup (and a row lock on the customer) per row.
//
// Nothing is checked less: a foreign key added back checks every row, and a row pointing
// nowhere fails the whole copy; primary keys, unique constraints and CHECKs stay and check
// every row as it comes; a unique index made without a constraint checks the rows when it
// is built again. Being in the transaction, a failed copy leaves the schema as it was. The
// target is empty and locked by the copy (triggers-aside.ts), so no till plans a query
// without them meanwhile.
//
// SQLite: nothing set aside (a copy into a file is a backup's size, its foreign keys are
// checked per statement anyway, and its indexes are part of the file's schema text).

export type IndexProgress = (what: string, done: number, total: number) => void;

/** Memory for sorting while an index is built: above the default 64 MB, for a one-off build of tens of millions of entries. */
const BUILD_MEMORY = '256MB';

export async function setIndexesAside(db: Kysely<DB>): Promise<(progress: IndexProgress) => Promise<void>> {
  if (!isPostgres(db)) return async () => {};
  const { rows: indexes } = await sql<{ name: string; definition: string }>`
    SELECT quote_ident(n.nspname) || '.' || quote_ident(i.relname) AS name, pg_get_indexdef(i.oid) AS definition
    FROM pg_index x
    JOIN pg_class i ON i.oid = x.indexrelid
    JOIN pg_namespace n ON n.oid = i.relnamespace
    WHERE n.nspname = current_schema()
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)
    ORDER BY i.relname`.execute(db);
  const { rows: foreignKeys } = await sql<{ table: string; name: string; definition: string }>`
    SELECT quote_ident(n.nspname) || '.' || quote_ident(t.relname) AS table, quote_ident(c.conname) AS name,
      pg_get_constraintdef(c.oid) AS definition
    FROM pg_constraint c
    JOIN pg_class t ON t.oid = c.conrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = current_schema() AND c.contype = 'f'
    ORDER BY t.relname, c.conname`.execute(db);
  for (const { table, name } of foreignKeys) await sql`ALTER TABLE ${sql.raw(table)} DROP CONSTRAINT ${sql.raw(name)}`.execute(db);
  for (const { name } of indexes) await sql`DROP INDEX ${sql.raw(name)}`.execute(db);
  return async (progress) => {
    await sql`SET LOCAL maintenance_work_mem = ${sql.lit(BUILD_MEMORY)}`.execute(db);
    const total = indexes.length + foreignKeys.length;
    progress('indexes and foreign keys', 0, total);
    let done = 0;
    for (const { definition } of indexes) {
      await sql.raw(definition).execute(db);
      progress('indexes and foreign keys', ++done, total);
    }
    // Added again, each checks every row at once (one join rather than a lookup per row).
    for (const { table, name, definition } of foreignKeys) {
      await sql`ALTER TABLE ${sql.raw(table)} ADD CONSTRAINT ${sql.raw(name)} ${sql.raw(definition)}`.execute(db);
      progress('indexes and foreign keys', ++done, total);
    }
  };
}
