import { sql, type Kysely, type Transaction } from 'kysely';
import { APPLICATION_ID, ArchiveRefusedError } from '../../archive-file.js';
import { postgresMigrations } from './index.js';
import type { PostgresMigration } from './types.js';

// Applies the pending PostgreSQL migrations, each in one transaction with its version.
//
// PostgreSQL has no user_version or application_id, so a one-row table holds both:
// schema_version (application_id = SQLite's "CPRT" mark, version). A database with tables
// of its own and no such row is another program's and is refused, untouched
// (not_an_archive), as is one whose schema is newer than this app's (db_too_new), exactly
// as db/open.ts refuses such files.
//
// Several tills may start at once against one server: every transaction here first takes a
// transaction-level advisory lock and reads the version again under it, so each step runs
// once, and a till that waited finds the work done.

/** The key of the advisory lock the migration transactions take. */
const MIGRATION_LOCK = APPLICATION_ID;

export interface PostgresMigrationResult {
  /** The schema version found. */
  from: number;
  /** The schema version left. */
  to: number;
}

export async function migratePostgres<DB>(
  db: Kysely<DB>,
  steps: readonly PostgresMigration[] = postgresMigrations,
): Promise<PostgresMigrationResult> {
  steps.forEach((step, i) => {
    if (step.version !== i + 1) throw new Error(`PostgreSQL migrations must be numbered 1, 2, 3…: ${step.version} is at place ${i + 1}`);
  });
  const known = steps.length;
  const from = await db.transaction().execute(async (trx) => {
    await lock(trx);
    return await readVersion(trx, known, { create: true });
  });
  let version = from;
  for (const step of steps) {
    if (step.version <= version) continue;
    version = await db.transaction().execute(async (trx) => {
      await lock(trx);
      const current = await readVersion(trx, known, { create: false });
      // Another till ran this step while we waited for the lock.
      if (current >= step.version) return current;
      for (const statement of step.statements) {
        try {
          await sql.raw(statement).execute(trx);
        } catch (error) {
          throw new Error(`PostgreSQL migration ${step.version} (${step.name}) failed: ${(error as Error).message}`, { cause: error });
        }
      }
      await sql`UPDATE schema_version SET version = ${step.version}, updated_at = ${Date.now()}`.execute(trx);
      return step.version;
    });
  }
  return { from, to: version };
}

async function lock<DB>(trx: Transaction<DB>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK}::bigint)`.execute(trx);
}

/** The schema version, after checking the database is ours and not newer than this app. */
async function readVersion<DB>(trx: Transaction<DB>, known: number, options: { create: boolean }): Promise<number> {
  const marked = await sql<{ found: boolean }>`SELECT to_regclass('schema_version') IS NOT NULL AS found`.execute(trx);
  if (!marked.rows[0]?.found) {
    if (!options.create) throw new ArchiveRefusedError('not_an_archive');
    // A database holding anything at all is somebody else's.
    const owned = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace s ON s.oid = c.relnamespace
      WHERE s.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')`.execute(trx);
    if ((owned.rows[0]?.n ?? 0) > 0) throw new ArchiveRefusedError('not_an_archive');
    await sql`CREATE TABLE schema_version (
      id INTEGER PRIMARY KEY DEFAULT 1 CHECK (id = 1),
      application_id INTEGER NOT NULL,
      version INTEGER NOT NULL CHECK (version >= 0),
      updated_at BIGINT NOT NULL
    )`.execute(trx);
    await sql`INSERT INTO schema_version (id, application_id, version, updated_at)
      VALUES (1, ${APPLICATION_ID}, 0, ${Date.now()})`.execute(trx);
    return 0;
  }
  const rows = await sql<{ application_id: number; version: number }>`SELECT application_id, version FROM schema_version`.execute(trx);
  const row = rows.rows.length === 1 ? rows.rows[0]! : null;
  if (!row || row.application_id !== APPLICATION_ID) throw new ArchiveRefusedError('not_an_archive');
  if (row.version > known) throw new ArchiveRefusedError('db_too_new', { fileVersion: row.version, appVersion: known });
  return row.version;
}
