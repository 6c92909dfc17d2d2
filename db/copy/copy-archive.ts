import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { isPostgres } from '../engine.js';
import { writeTransaction } from '../transaction.js';
import { assertKnownTables, COPIED_TABLES, countCopiedRows, schemaVersionOf, type CopiedTable } from './tables.js';
import { setTriggersAside } from './triggers-aside.js';
import { setIndexesAside } from './indexes-aside.js';
import { rebuildCounterSearch, rebuildNotesSearch } from './rebuild.js';

// One archive copied into another, whichever engine each is on: the data folder's SQLite
// file into an empty PostgreSQL database (`npm run cli -- move-to-server`), the server into
// a new file (`move-to-file`, and a backup of the server: main/node/backup/take.ts), a
// backup into an empty server (`restore-to-server`).
//
// - The source is read in ONE snapshot: on PostgreSQL a REPEATABLE READ READ ONLY
//   transaction, on SQLite one read transaction (WAL): tills may go on writing, and the copy
//   is the archive as it was at one moment — a sale is in it with its ledger entry and
//   balance, or not at all.
// - The target is written in ONE transaction: a copy that fails half-way leaves the target
//   as empty as it was, so it can simply be tried again (an append-only ledger could not be
//   emptied by the app afterwards). Its triggers stand aside meanwhile (triggers-aside.ts).
// - Every table (tables.ts) in foreign-key order, rows with their ids, read in keyset chunks
//   of the primary key and written a chunk a statement (on PostgreSQL as one JSON
//   parameter), the next chunk read while the target writes the last: memory stays bounded
//   whatever the size of the archive.
// - On PostgreSQL the indexes no constraint needs stand aside meanwhile and are built once
//   at the end (indexes-aside.ts): far quicker than keeping them up row by row.
// - The target's search indexes are then written from the copied rows (rebuild.ts), and on
//   PostgreSQL each sequence (ids, search keys) is moved past the highest value copied and,
//   once committed, the tables vacuumed and their statistics gathered (settleServer).
// Both archives must be at the same schema version: the callers open (and so migrate) both
// with this app first, which refuses a source newer than the app.

/** Rows read per chunk of a table, and written in one statement: a few MB of memory, and few round trips. */
const CHUNK_ROWS = 5000;
/** Parameters per INSERT: below SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMETERS = 30_000;

/** (table or index being written, rows done, rows in all) */
export type CopyProgress = (table: string, done: number, total: number) => void;

export type TableCounts = Record<string, number>;

export interface CopyOptions<T> {
  onProgress?: CopyProgress;
  /**
   * Runs once the target has committed, still inside the source's snapshot: checks that
   * compare the copy with its source (main/node/cli/verify-copy.ts) see exactly what was copied.
   */
  inSnapshot?: (snapshot: Kysely<DB>, counts: TableCounts) => Promise<T>;
}

export interface Copied<T> {
  /** Rows per copied table, in the snapshot that was copied. */
  counts: TableCounts;
  checked: T;
  ms: number;
}

/** The target already holds an archive of its own: nothing was written. */
export class TargetNotEmptyError extends Error {
  readonly code = 'target_not_empty' as const;
  constructor(readonly holding: TableCounts) {
    const what = Object.entries(holding).map(([table, n]) => `${n} in ${table}`).join(', ');
    super(`The target is not empty (${what}): an archive is only copied into an empty one. Nothing was written.`);
    this.name = 'TargetNotEmptyError';
  }
}

/** The two archives are at different schema versions: open (and so migrate) both with this app first. */
export class SchemaVersionsDifferError extends Error {
  constructor(readonly source: number, readonly target: number) {
    super(`The source archive is at schema version ${source} and the target at ${target}: both must be opened by this app first.`);
    this.name = 'SchemaVersionsDifferError';
  }
}

export async function copyArchive<T = undefined>(from: Kysely<DB>, to: Kysely<DB>, options: CopyOptions<T> = {}): Promise<Copied<T>> {
  const began = performance.now();
  const progress = options.onProgress ?? (() => {});
  const [source, target] = [await schemaVersionOf(from), await schemaVersionOf(to)];
  if (source !== target) throw new SchemaVersionsDifferError(source, target);
  await assertKnownTables(from);
  await assertKnownTables(to);

  return readSnapshot(from, async (src) => {
    const counts = await countCopiedRows(src);
    await writeWhole(to, async (dst) => {
      await assertEmpty(dst);
      const putBack = await setTriggersAside(dst, COPIED_TABLES.map((t) => t.name));
      const buildIndexes = await setIndexesAside(dst);
      for (const table of COPIED_TABLES) {
        if (table.seeded) await sql`DELETE FROM ${sql.table(table.name)}`.execute(dst);
        await copyTable(src, dst, table, counts[table.name] ?? 0, progress);
      }
      await putBack();
      await forgetClassification(dst);
      await rebuildCounterSearch(dst, progress);
      await rebuildNotesSearch(dst, progress);
      await buildIndexes(progress);
      await moveSequencesPastCopiedValues(dst);
    });
    await settleServer(to, progress);
    const checked = options.inSnapshot ? await options.inSnapshot(src, counts) : (undefined as T);
    return { counts, checked, ms: performance.now() - began };
  });
}

/**
 * The source as one consistent snapshot (see above), on one connection of its own. Begun by
 * hand rather than as a Kysely transaction, so that what reads the snapshot may ask it for
 * that connection again (the search handler does: main/api/customers/pending-search.ts).
 */
function readSnapshot<R>(db: Kysely<DB>, work: (snapshot: Kysely<DB>) => Promise<R>): Promise<R> {
  return db.connection().execute(async (conn) => {
    if (isPostgres(conn)) {
      await sql`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`.execute(conn);
      // Between two chunks the snapshot waits for the target (an index of a million customers
      // takes minutes): the pool's idle-in-transaction limit is for a till that hung, not this.
      await sql`SET LOCAL idle_in_transaction_session_timeout = 0`.execute(conn);
    } else {
      // Deferred: the snapshot is the one the first read (the counts) sees, and writers go on.
      await sql`BEGIN`.execute(conn);
    }
    try {
      return await work(conn);
    } finally {
      // Nothing was written: ending the snapshot either way is the same.
      await sql`ROLLBACK`.execute(conn).catch(() => {});
    }
  });
}

/** The target in one transaction. On SQLite the file's write lock at once; on PostgreSQL a plain one, never run twice. */
function writeWhole(db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<void>): Promise<void> {
  if (!isPostgres(db)) return writeTransaction(db, work);
  return db.transaction().execute(async (trx) => {
    // The pool's limits are for a till's statements: building the ledger's indexes or
    // checking its foreign keys over millions of rows takes minutes.
    await sql`SET LOCAL idle_in_transaction_session_timeout = 0`.execute(trx);
    await sql`SET LOCAL statement_timeout = 0`.execute(trx);
    await work(trx);
  });
}

/** Empty: no rows but those its migrations put in (the first program, the default insight settings). */
async function assertEmpty(db: Kysely<DB>): Promise<void> {
  const counts = await countCopiedRows(db);
  const seeded = new Set(COPIED_TABLES.filter((t) => t.seeded).map((t) => t.name));
  const holding = Object.fromEntries(Object.entries(counts).filter(([table, n]) => n > (seeded.has(table) ? 1 : 0)));
  if (Object.keys(holding).length > 0) throw new TargetNotEmptyError(holding);
}

type Row = Record<string, unknown>;

async function copyTable(src: Kysely<DB>, dst: Kysely<DB>, table: CopiedTable, total: number, progress: CopyProgress): Promise<void> {
  let done = 0;
  let last: unknown[] | null = null;
  // Self-references pointing at a row not written yet: filled in once the whole table is.
  const later: { id: unknown; column: string; value: unknown }[] = [];
  // The chunk being written while the next is read (source and target are two connections,
  // and on two processes when one is the server). Its failure is seen at the next await;
  // the empty catch only keeps Node from calling it unhandled meanwhile.
  let writing: Promise<void> = Promise.resolve();
  progress(table.name, done, total);
  for (;;) {
    const rows = await readChunk(src, table, last);
    if (rows.length === 0) break;
    for (const row of rows) {
      for (const column of table.selfRefs ?? []) {
        const value = row[column];
        if (value !== null && (value as number) > (row.id as number)) {
          later.push({ id: row.id, column, value });
          row[column] = null;
        }
      }
    }
    await writing;
    writing = insertRows(dst, table.name, rows);
    writing.catch(() => {});
    const end = rows[rows.length - 1]!;
    last = table.key.map((k) => end[k]);
    done += rows.length;
    progress(table.name, done, total);
  }
  await writing;
  for (const { id, column, value } of later) {
    await sql`UPDATE ${sql.table(table.name)} SET ${sql.ref(column)} = ${value} WHERE id = ${id}`.execute(dst);
  }
}

/** The next chunk of a table in its key's order, after the key `last` (null: from the start). */
async function readChunk(db: Kysely<DB>, table: CopiedTable, last: unknown[] | null): Promise<Row[]> {
  const key = sql.join(table.key.map((k) => sql.ref(k)));
  const after = last === null ? sql`` : table.key.length === 1
    ? sql`WHERE ${sql.ref(table.key[0]!)} > ${last[0]}`
    : sql`WHERE (${key}) > (${sql.join(last.map((v) => sql`${v}`))})`;
  const { rows } = await sql<Row>`SELECT * FROM ${sql.table(table.name)} ${after} ORDER BY ${key} LIMIT ${CHUNK_ROWS}`.execute(db);
  return rows;
}

async function insertRows(db: Kysely<DB>, table: string, rows: readonly Row[]): Promise<void> {
  const columns = Object.keys(rows[0]!);
  if (isPostgres(db)) {
    // One parameter for the whole chunk: a VALUES list of thousands of parameters costs the
    // server more to parse and plan than the rows cost to write. Each value is read as its
    // column's type, as a parameter would be.
    const list = sql.join(columns.map((c) => sql.ref(c)));
    await sql`INSERT INTO ${sql.table(table)} (${list})
      SELECT ${list} FROM json_populate_recordset(NULL::${sql.table(table)}, ${JSON.stringify(rows)}::json)`.execute(db);
    return;
  }
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const values = rows.slice(start, start + perStatement).map((row) => sql`(${sql.join(columns.map((c) => sql`${row[c]}`))})`);
    await sql`INSERT INTO ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) VALUES ${sql.join(values)}`.execute(db);
  }
}

/**
 * The copied classification is made again at the target's first look at the insights, as
 * after migration 013: on a server the change marker also counts per-connection changes
 * (insight_changes) that a copy does not carry, so what the source classified at which
 * version cannot be compared with the target's. The version goes up for every cache keyed on it.
 */
async function forgetClassification(db: Kysely<DB>): Promise<void> {
  await sql`UPDATE insight_state SET version = version + 1, period_from = NULL, period_to = NULL, thresholds = NULL WHERE id = 1`.execute(db);
}

/**
 * The server once the copy has committed: VACUUM (ANALYZE) gathers the planner's statistics
 * and marks every page all-visible. Autovacuum would do both, but only a while later, and
 * meanwhile the first tills' searches and sales would be planned as if the tables were
 * empty, and the counter search's index-only scans would visit the table for every key.
 * Outside any transaction, as VACUUM must be. SQLite needs neither.
 */
async function settleServer(db: Kysely<DB>, progress: CopyProgress): Promise<void> {
  if (!isPostgres(db)) return;
  progress('vacuum and statistics', 0, 1);
  // Without the pool's statement limit (a till's), on a connection set back afterwards.
  await db.connection().execute(async (conn) => {
    await sql`SET statement_timeout = 0`.execute(conn);
    try {
      await sql`VACUUM (ANALYZE)`.execute(conn);
    } finally {
      await sql`RESET statement_timeout`.execute(conn);
    }
  });
  progress('vacuum and statistics', 1, 1);
}

/**
 * PostgreSQL's sequences do not follow ids written with the row (an identity GENERATED BY
 * DEFAULT, the search-key sequence of migration 015): each sequence owned by a column of a
 * copied table is moved past the highest value copied, so the next row gets a fresh one.
 * SQLite hands out max(id) + 1 by itself.
 */
async function moveSequencesPastCopiedValues(db: Kysely<DB>): Promise<void> {
  if (!isPostgres(db)) return;
  const copied = new Set(COPIED_TABLES.map((t) => t.name));
  const { rows } = await sql<{ sequence: string; table: string; column: string }>`
    SELECT quote_ident(n.nspname) || '.' || quote_ident(s.relname) AS sequence, t.relname AS table, a.attname AS column
    FROM pg_class s
    JOIN pg_namespace n ON n.oid = s.relnamespace
    JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
    JOIN pg_class t ON t.oid = d.refobjid
    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
    WHERE s.relkind = 'S' AND n.nspname = current_schema()`.execute(db);
  for (const { sequence, table, column } of rows) {
    if (!copied.has(table)) continue;
    await sql`SELECT setval(${sequence}::regclass, coalesce((SELECT max(${sql.ref(column)}) FROM ${sql.table(table)}), 0) + 1, false)`.execute(db);
  }
}
