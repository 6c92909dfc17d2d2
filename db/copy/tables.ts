import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { isPostgres } from '../engine.js';

// What a copy of the archive carries from one engine to the other (copy-archive.ts), and
// what each engine makes for itself.
//
// COPIED: every table of the schema that is the same on both engines, in an order in which
// each row's foreign keys point at rows already there (a table after those it refers to).
// Rows keep their ids. The insight tables are derived (migration 007) but the same on both
// engines, so they travel as they are, with the triggers that keep them standing aside
// (triggers-aside.ts); the target then forgets the classification window (copy-archive.ts).
//
// Made by the target itself (rebuild.ts), never copied:
//  - search_backlog: the target writes its whole counter-search index, so nothing waits;
//  - SQLite: the FTS5 tables (customer_search, customer_numbers, memory_search) and their
//    shadow tables; PostgreSQL: customer_search (tokens) and memory_search (tsvectors),
//    each engine's own index of the same documents;
//  - PostgreSQL: schema_version (the schema version, compared before copying) and
//    insight_changes (per-connection change counters; the target's version is bumped instead).
// A table found in neither list stops the copy: a migration that adds one must say here
// whether it travels (tablesOf checks both archives before a row is read).

export interface CopiedTable {
  name: string;
  /** The primary key, the order rows are read in (keyset chunks). */
  key: readonly string[];
  /**
   * Columns pointing at another row of the same table. A row may point at one with a higher
   * id (a customer referred by someone who came later): such a value is written afterwards.
   */
  selfRefs?: readonly string[];
  /** Rows its migration puts in a new archive (the first program, the default settings): replaced by the source's. */
  seeded?: true;
}

export const COPIED_TABLES: readonly CopiedTable[] = [
  { name: 'customers', key: ['id'], selfRefs: ['referred_by'] },
  { name: 'customer_phones', key: ['id'] },
  { name: 'loyalty_programs', key: ['id'], seeded: true },
  { name: 'rewards', key: ['id'] },
  { name: 'visits', key: ['id'], selfRefs: ['reverses_id'] },
  { name: 'ledger_entries', key: ['id'], selfRefs: ['reverses_id'] },
  { name: 'loyalty_balances', key: ['customer_id'] },
  { name: 'print_jobs', key: ['id'] },
  { name: 'tags', key: ['id'] },
  { name: 'customer_tags', key: ['customer_id', 'tag_id'] },
  { name: 'customer_entries', key: ['id'], selfRefs: ['contact_wish_id'] },
  { name: 'customer_entry_revisions', key: ['id'] },
  { name: 'customer_facts', key: ['id'] },
  { name: 'follow_ups', key: ['id'], selfRefs: ['previous_id'] },
  { name: 'custom_fields', key: ['id'] },
  { name: 'customer_field_values', key: ['id'] },
  { name: 'customer_visit_stats', key: ['customer_id'] },
  { name: 'saved_filters', key: ['id'] },
  { name: 'customer_merges', key: ['merged_id'] },
  { name: 'customer_erasures', key: ['customer_id'] },
  { name: 'erasure_register', key: ['customer_id'] },
  { name: 'insight_settings', key: ['id'], seeded: true },
  { name: 'insight_state', key: ['id'], seeded: true },
  { name: 'customer_months', key: ['customer_id', 'month'] },
  { name: 'customer_segments', key: ['customer_id'] },
  { name: 'insight_dirty', key: ['customer_id'] },
  { name: 'import_runs', key: ['id'] },
  { name: 'import_run_chunks', key: ['run_id', 'first_id'] },
  { name: 'import_run_tags', key: ['run_id', 'tag_id'] },
];

/** Tables each engine makes for itself (see above). SQLite's FTS5 tables are found by their kind. */
const OWN_TABLES = {
  sqlite: ['search_backlog'],
  postgres: ['search_backlog', 'schema_version', 'customer_search', 'memory_search', 'insight_changes'],
} as const;

/** A table this copy does not know: refused rather than left behind. */
export class UnknownTableError extends Error {
  constructor(readonly tables: string[]) {
    super(`The archive holds ${tables.length === 1 ? 'a table' : 'tables'} this copy does not know (${tables.join(', ')}): `
      + 'nothing was copied. Copy with the Counterpart version that made it.');
    this.name = 'UnknownTableError';
  }
}

/** The ordinary tables of an archive, its engine's search tables and SQLite's own left out. */
async function tableNames(db: Kysely<DB>): Promise<{ tables: string[]; own: ReadonlySet<string> }> {
  if (isPostgres(db)) {
    const { rows } = await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(db);
    return { tables: rows.map((r) => r.name), own: new Set(OWN_TABLES.postgres) };
  }
  const { rows } = await sql<{ name: string; virtual: number }>`SELECT name, sql LIKE 'CREATE VIRTUAL TABLE%' AS virtual
    FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`.execute(db);
  const virtual = rows.filter((r) => r.virtual).map((r) => r.name);
  // An FTS5 table keeps its data in shadow tables named after it (customer_search_data, …).
  const own = new Set<string>([...OWN_TABLES.sqlite, ...virtual]);
  for (const r of rows) if (virtual.some((v) => r.name.startsWith(`${v}_`))) own.add(r.name);
  return { tables: rows.map((r) => r.name), own };
}

/** Throws UnknownTableError when the archive holds a table that is neither copied nor its engine's own. */
export async function assertKnownTables(db: Kysely<DB>): Promise<void> {
  const copied = new Set(COPIED_TABLES.map((t) => t.name));
  const { tables, own } = await tableNames(db);
  const unknown = tables.filter((name) => !copied.has(name) && !own.has(name)).sort();
  if (unknown.length > 0) throw new UnknownTableError(unknown);
}

/** The archive's schema version: SQLite's user_version, the server's schema_version row. */
export async function schemaVersionOf(db: Kysely<DB>): Promise<number> {
  if (isPostgres(db)) {
    const { rows } = await sql<{ version: number }>`SELECT version FROM schema_version`.execute(db);
    return rows[0]?.version ?? 0;
  }
  const { rows } = await sql<{ user_version: number }>`PRAGMA user_version`.execute(db);
  return rows[0]?.user_version ?? 0;
}

/** Rows per copied table, counted in what `db` sees (a snapshot's transaction, or now). */
export async function countCopiedRows(db: Kysely<DB>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const { name } of COPIED_TABLES) {
    const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(name)}`.execute(db);
    counts[name] = Number(rows[0]?.n ?? 0);
  }
  return counts;
}
