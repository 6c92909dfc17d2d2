import fs from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { DB } from './schema.js';
import { migrations as bundledMigrations, LATEST_SCHEMA_VERSION } from './migrations/index.js';
import type { Migration } from './migrations/types.js';
import { withStatementCache } from './statement-cache.js';

/** "CPRT": marks a SQLite file as a Counterpart archive. */
export const APPLICATION_ID = 0x43505254;

export type ArchiveProblem = 'db_too_new' | 'not_an_archive';

export class ArchiveRefusedError extends Error {
  constructor(
    readonly code: ArchiveProblem,
    readonly details: { fileVersion?: number; appVersion?: number },
  ) {
    super(code === 'db_too_new'
      ? `The archive was written by a newer Counterpart (schema ${details.fileVersion}, this app knows ${details.appVersion}).`
      : 'This file is not a Counterpart archive.');
    this.name = 'ArchiveRefusedError';
  }
}

export interface Archive {
  readonly file: string;
  readonly sqlite: BetterSqlite3.Database;
  readonly db: Kysely<DB>;
  readonly schemaVersion: number;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Tests migrate step by step; the app always takes every bundled migration. */
  migrations?: readonly Migration[];
  readonly?: boolean;
}

export function openArchive(file: string, options: OpenOptions = {}): Archive {
  const steps = options.migrations ?? bundledMigrations;
  const known = steps.length === 0 ? 0 : steps[steps.length - 1]!.version;
  const existed = fs.existsSync(file) && fs.statSync(file).size > 0;
  const sqlite = new BetterSqlite3(file, { readonly: options.readonly ?? false });
  try {
    // Look before touching: switching to WAL or migrating would rewrite a file that
    // a newer app (or another program) owns.
    if (existed) inspect(sqlite, known);
    if (!options.readonly) {
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = NORMAL');
      // The WAL file keeps its largest size after a burst (an import) unless told otherwise.
      sqlite.pragma('journal_size_limit = 67108864');
    }
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('cache_size = -65536');
    sqlite.pragma('temp_store = MEMORY');
    if (!options.readonly) migrate(sqlite, steps);
  } catch (error) {
    sqlite.close();
    throw error;
  }
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  const schemaVersion = sqlite.pragma('user_version', { simple: true }) as number;
  return {
    file,
    sqlite,
    db,
    schemaVersion,
    // Kysely's destroy closes the better-sqlite3 handle too.
    close: () => db.destroy(),
  };
}

function inspect(sqlite: BetterSqlite3.Database, known: number): void {
  let applicationId: number;
  let version: number;
  let tables: number;
  try {
    applicationId = sqlite.pragma('application_id', { simple: true }) as number;
    version = sqlite.pragma('user_version', { simple: true }) as number;
    tables = (sqlite.prepare("SELECT count(*) AS n FROM sqlite_schema").get() as { n: number }).n;
  } catch {
    throw new ArchiveRefusedError('not_an_archive', {});
  }
  const blank = applicationId === 0 && version === 0 && tables === 0;
  if (!blank && applicationId !== APPLICATION_ID) throw new ArchiveRefusedError('not_an_archive', {});
  if (version > known) throw new ArchiveRefusedError('db_too_new', { fileVersion: version, appVersion: known });
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
