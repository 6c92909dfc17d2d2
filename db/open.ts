import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { DB } from './schema.js';
import { migrations as bundledMigrations, LATEST_SCHEMA_VERSION } from './migrations/index.js';
import type { Migration } from './migrations/types.js';
import { withStatementCache } from './statement-cache.js';
import { APPLICATION_ID, ArchiveRefusedError, isDamage, lookAtFile, PROBLEMS_KEPT, translateOpenError } from './archive-file.js';

export { APPLICATION_ID, ArchiveRefusedError, type ArchiveProblem } from './archive-file.js';

/** The embedded archive: one SQLite file in the data folder (db/archive.ts has both engines). */
export interface FileArchive {
  readonly engine: 'sqlite';
  readonly file: string;
  readonly sqlite: BetterSqlite3.Database;
  readonly db: Kysely<DB>;
  readonly schemaVersion: number;
  /**
   * Opened with `check: 'later'` and not checked yet: the connection is `query_only` until
   * the caller's background quick_check passes (main/node/archive-check.ts).
   */
  readonly unchecked: boolean;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Tests migrate step by step; the app always takes every bundled migration. */
  migrations?: readonly Migration[];
  readonly?: boolean;
  /**
   * An existing archive is quick_checked before anything is written to it: 'now' here (the
   * default), or 'later' by the caller in the background while the connection stays
   * query_only (main/node/services.ts, for a big archive). A pending migration always
   * checks now: it must not write into a damaged file.
   */
  check?: 'now' | 'later';
}

export function openArchive(file: string, options: OpenOptions = {}): FileArchive {
  const steps = options.migrations ?? bundledMigrations;
  const known = steps.length === 0 ? 0 : steps[steps.length - 1]!.version;
  const readonly = options.readonly ?? false;
  const look = lookAtFile(file, !readonly);
  let sqlite: BetterSqlite3.Database;
  try {
    sqlite = new BetterSqlite3(file, { readonly });
  } catch (error) {
    throw translateOpenError(error, file, look);
  }
  let unchecked = false;
  try {
    // Look before touching: switching to WAL or migrating would rewrite a file that
    // a newer app (or another program) owns.
    const version = look.exists ? inspect(sqlite, known) : 0;
    if (!readonly) {
      // A file or folder we may not write shows here, not at the first sale.
      if (look.exists) probeWrite(sqlite, version);
      sqlite.pragma('journal_mode = WAL');
      // FULL: a sale is acknowledged only once its WAL frames are on disk, so a power cut
      // never loses an acknowledged sale (NORMAL loses those since the last WAL sync). It
      // costs an fsync per commit: recordPurchase p99 4.1 ms on 20,000 customers, 9.5 ms
      // (NORMAL 4.3) on 1 M under load; docs/BENCHMARKS.md, "Opening the archive and
      // durability". Checkpoints sync either way: the checkpoint worker needs nothing.
      sqlite.pragma('synchronous = FULL');
      // The WAL file keeps its largest size after a burst (an import) unless told otherwise.
      sqlite.pragma('journal_size_limit = 67108864');
    }
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('cache_size = -65536');
    sqlite.pragma('temp_store = MEMORY');
    if (!readonly) {
      if (look.exists && (options.check !== 'later' || version < known)) assertSound(sqlite);
      else if (look.exists) unchecked = true;
      migrate(sqlite, steps);
      // Until the caller's check passes, nothing at all may be written.
      if (unchecked) sqlite.pragma('query_only = ON');
    }
  } catch (error) {
    sqlite.close();
    throw translateOpenError(error, file, look);
  }
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  const schemaVersion = sqlite.pragma('user_version', { simple: true }) as number;
  return {
    engine: 'sqlite',
    file,
    sqlite,
    db,
    schemaVersion,
    unchecked,
    // Kysely's destroy closes the better-sqlite3 handle too.
    close: () => db.destroy(),
  };
}

/**
 * A damaged archive, read-only and never inspected or migrated: the app can still start,
 * show the shop the way back (a restore) and never write to the file. A read-only
 * connection never checkpoints either, so the WAL a crash left stays beside it untouched.
 */
export function openDamagedArchive(file: string): FileArchive {
  const sqlite = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  let schemaVersion = 0;
  try {
    schemaVersion = sqlite.pragma('user_version', { simple: true }) as number;
  } catch {
    // The header itself may be what is damaged.
  }
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { engine: 'sqlite', file, sqlite, db, schemaVersion, unchecked: false, close: () => db.destroy() };
}

/** PRAGMA quick_check's findings, or [] when it says "ok". */
export function quickCheck(sqlite: BetterSqlite3.Database): string[] {
  try {
    const rows = sqlite.pragma(`quick_check(${PROBLEMS_KEPT})`, { simple: false }) as { quick_check: string }[];
    const found = rows.map((row) => row.quick_check);
    return found.length === 1 && found[0] === 'ok' ? [] : found;
  } catch (error) {
    if (isDamage(error)) return [(error as Error).message];
    throw error;
  }
}

function assertSound(sqlite: BetterSqlite3.Database): void {
  const problems = quickCheck(sqlite);
  if (problems.length > 0) throw new ArchiveRefusedError('archive_damaged', { problems });
}

/**
 * The first write, tried and rolled back: SQLite opens a file it may not write read-only
 * without a word (and as root only an immutable file shows it), so without this the
 * first sale would fail instead. Nothing reaches the file: the change is never committed.
 */
function probeWrite(sqlite: BetterSqlite3.Database, version: number): void {
  sqlite.exec('BEGIN IMMEDIATE');
  try {
    sqlite.pragma(`user_version = ${version}`);
  } finally {
    sqlite.exec('ROLLBACK');
  }
}

/** The file's schema version, once it is known to be ours (or blank) and not from a newer app. */
function inspect(sqlite: BetterSqlite3.Database, known: number): number {
  // SQLite's errors here (a folder it cannot use, damage) are translated by the caller.
  const applicationId = sqlite.pragma('application_id', { simple: true }) as number;
  const version = sqlite.pragma('user_version', { simple: true }) as number;
  const tables = (sqlite.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }).n;
  const blank = applicationId === 0 && version === 0 && tables === 0;
  if (!blank && applicationId !== APPLICATION_ID) throw new ArchiveRefusedError('not_an_archive', {});
  if (version > known) throw new ArchiveRefusedError('db_too_new', { fileVersion: version, appVersion: known });
  return version;
}

export function migrate(sqlite: BetterSqlite3.Database, steps: readonly Migration[]): void {
  const current = sqlite.pragma('user_version', { simple: true }) as number;
  for (const step of steps) {
    if (step.version <= current) continue;
    sqlite.transaction(() => {
      step.up(sqlite);
      sqlite.pragma(`application_id = ${APPLICATION_ID}`);
      sqlite.pragma(`user_version = ${step.version}`);
    })();
  }
}

export { LATEST_SCHEMA_VERSION };
