import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';
import { ArchiveRefusedError } from './archive-file.js';
import { migratePostgres } from './migrations/postgres/run.js';
import type { PostgresMigration } from './migrations/postgres/types.js';
import { isUnreachable, sqlState, WAIT_BUDGET_MS } from './transaction.js';

// The shared archive of a shop with several tills: a PostgreSQL database, reached through
// COUNTERPART_DATABASE_URL (postgres://user:pass@host:5432/db). What db/open.ts is to the
// SQLite file, this is to the server: one pool per till, every connection of it set up
// alike, and the schema migrated (db/migrations/postgres/run.ts) before anything else runs.
//
// Every connection of the pool, from its first statement on:
// - runs in the shop's time zone (TimeZone): migrations 013/014 count months and days in
//   the session's zone, and their triggers run in the writing session's zone;
// - names the till (application_name), so pg_stat_activity says which till holds what;
// - has a statement_timeout, a lock_timeout (a writer waits at most WAIT_BUDGET_MS for a
//   row lock, then `archive_busy`: 55P03) and an idle_in_transaction_session_timeout;
// - reads BIGINT and NUMERIC as JavaScript numbers, as SQLite hands them over (POSTGRES_TYPES);
// - has an 'error' listener: node-postgres emits 'error' on a client the server ends
//   (a restart, pg_terminate_backend), idle or checked out, and with no listener that
//   event ends the whole process. The query in flight fails by itself, which its caller sees.
// All of it is set in the startup packet (options / named parameters), not by a SET after
// connecting, so no statement can ever run on a connection before it is set up.
//
// A server that refuses or cannot be reached is ArchiveUnreachableError (`archive_unreachable`)
// within CONNECT_TIMEOUT_MS. The URL's password never appears in an error or a log line:
// errors raised here carry a message with the password cut out, and no `cause` that could
// hold the URL.

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** How long a connection attempt may take before the archive counts as unreachable. */
export const CONNECT_TIMEOUT_MS = 3000;
/** A connection nobody used for this long is closed (the pool opens another when needed). */
const IDLE_TIMEOUT_MS = 30_000;
/** No statement of the app runs longer; a migration's statements included (an index on 1 M rows takes seconds). */
const STATEMENT_TIMEOUT_MS = 120_000;
/** A row or table lock waited for this long gives up (55P03, `archive_busy`): db/transaction.ts's budget. */
export const LOCK_TIMEOUT_MS = WAIT_BUDGET_MS;
/** A transaction left open and idle (a till that hung mid-way) is ended by the server. */
const IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;
/** A till waiting for another till's migration (the advisory lock) tries again for this long. */
const MIGRATION_WAIT_MS = 10 * 60_000;
const DEFAULT_POOL_SIZE = 8;

function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`${text} does not fit in a JavaScript number`);
  return value;
}

function parseNumeric(text: string): number {
  const value = Number(text);
  // NaN and ±Infinity are NUMERIC values too; anything else must survive the trip.
  if (Number.isFinite(value) && Number.isInteger(value) && !Number.isSafeInteger(value)) {
    throw new RangeError(`${text} does not fit in a JavaScript number`);
  }
  return value;
}

/**
 * The pool's own type parsers (never node-postgres's global ones: nothing else in the
 * process changes): BIGINT (ids, unix-ms times, cents, count(*)) as numbers, throwing
 * rather than losing digits beyond 2^53; NUMERIC (sum() of a BIGINT, avg()) as numbers.
 * node-postgres gives both as strings.
 */
export const POSTGRES_TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary' && oid === INT8_OID) return parseInt8;
    if (format !== 'binary' && oid === NUMERIC_OID) return parseNumeric;
    return pg.types.getTypeParser(oid, format ?? 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * Listens for 'error' on the pool (an idle client the server ended) and on each of its
 * clients (one checked out at the time): without a listener node-postgres's event would
 * end the process. The pool drops such a client by itself; `report` hears of it.
 */
export function listenForConnectionErrors(pool: pg.Pool, report: (error: Error) => void = () => {}): void {
  pool.on('error', (error) => report(error));
  pool.on('connect', (client) => client.on('error', (error) => report(error)));
}

/** Why the shared archive cannot be used: unreachable, refused the login, or a wrong address. */
export type UnreachableReason = 'unreachable' | 'login_refused' | 'no_database' | 'bad_url' | 'bad_setting';

/** The shared archive's server cannot be reached, or will not let this till in. */
export class ArchiveUnreachableError extends Error {
  readonly code = 'archive_unreachable' as const;
  constructor(
    readonly reason: UnreachableReason,
    /** What the server or the network said, the password cut out. */
    readonly detail: string,
  ) {
    super(`${REASONS[reason]}${detail ? ` (${detail})` : ''}`);
    this.name = 'ArchiveUnreachableError';
  }
}

const REASONS: Record<UnreachableReason, string> = {
  unreachable: 'The shared archive cannot be reached',
  login_refused: 'The shared archive refused the login: check the user name and password in COUNTERPART_DATABASE_URL',
  no_database: 'The shared archive\'s server has no such database',
  bad_url: 'COUNTERPART_DATABASE_URL is not a postgres://user:password@host:port/database address',
  bad_setting: 'The shared archive\'s server refused a setting of this till',
};

export interface PostgresArchive {
  readonly engine: 'postgres';
  readonly db: Kysely<DB>;
  /** The schema version once migrated (0 until the connection is ready). */
  readonly schemaVersion: number;
  /** Always false: the server checks its own pages; no quick_check gate as for a file. */
  readonly unchecked: false;
  /** The server and database, for messages and logs: never the password. */
  readonly address: string;
  close(): Promise<void>;
}

export interface PostgresOpenOptions {
  /** The shop's IANA time zone (e.g. Europe/Amsterdam): every connection's TimeZone. */
  zone: string;
  /** This till's name: every connection's application_name (PostgreSQL keeps 63 bytes). */
  till: string;
  poolSize?: number;
  /** Tests migrate step by step; the app always takes every bundled migration. */
  migrations?: readonly PostgresMigration[];
  /** Hears of connections the server ended and of the pool's own errors (a log line); never the password. */
  onConnectionError?: (error: Error) => void;
}

/** A value inside libpq's `options`: backslashes and spaces escaped. */
const optionValue = (value: string) => value.replace(/[\\\s]/g, (c) => `\\${c}`);

/** Settings of ours that the URL must not override (node-postgres lets the URL win). */
const OURS = ['options', 'application_name', 'statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout'];

interface Target {
  connectionString: string;
  /** Options the URL itself gave (e.g. a search_path), kept ahead of ours. */
  urlOptions: string;
  password: string;
  /** The password as the URL spells it (percent-encoded its own way). */
  passwordAsWritten: string;
  address: string;
}

function target(url: string): Target {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Node's ERR_INVALID_URL carries the whole input: nothing of it goes on.
    throw new ArchiveUnreachableError('bad_url', '');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') throw new ArchiveUnreachableError('bad_url', '');
  let password = '';
  try {
    password = decodeURIComponent(parsed.password);
  } catch {
    password = parsed.password;
  }
  const urlOptions = parsed.searchParams.get('options') ?? '';
  for (const key of OURS) parsed.searchParams.delete(key);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  const address = `${parsed.hostname || 'localhost'}:${parsed.port || 5432}/${database}`;
  return { connectionString: parsed.toString(), urlOptions, password, passwordAsWritten: parsed.password, address };
}

/** Cuts the password (decoded, and URL-encoded either way) out of a text. */
function withoutPassword(text: string, password: string, asWritten = ''): string {
  if (!password) return text;
  let out = text;
  for (const form of new Set([password, encodeURIComponent(password), asWritten].filter(Boolean))) out = out.split(form).join('***');
  return out;
}

/** Opens the shared archive and migrates it. Throws ArchiveUnreachableError or ArchiveRefusedError. */
export async function openPostgresArchive(url: string, options: PostgresOpenOptions): Promise<PostgresArchive> {
  const connecting = connectPostgresArchive(url, options);
  try {
    await connecting.ready;
  } catch (error) {
    await connecting.archive.close().catch(() => {});
    throw error;
  }
  return connecting.archive;
}

export interface ConnectingArchive {
  /** Usable at once for queries (they wait for a connection); migrated once `ready` settles. */
  readonly archive: PostgresArchive;
  /** Reaches the server and migrates: ArchiveUnreachableError, ArchiveRefusedError. Call again to retry. */
  readonly ready: Promise<void>;
  /** One more attempt after a failed `ready` (a till started while the server was down). */
  retry(): Promise<void>;
}

/**
 * The pool and its Kysely made now, the server reached and migrated in the background:
 * a till starts (and shows why it cannot work) while the server is away, and the shells
 * and tests need not wait to wire the handlers (main/node/services.ts).
 */
export function connectPostgresArchive(url: string, options: PostgresOpenOptions): ConnectingArchive {
  const { connectionString, urlOptions, password, passwordAsWritten, address } = target(url);
  const secret = { password, asWritten: passwordAsWritten };
  const report = options.onConnectionError;
  const pool = new pg.Pool({
    connectionString,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: IDLE_TIMEOUT_MS,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    application_name: options.till,
    options: [urlOptions, `-c TimeZone=${optionValue(options.zone)}`].filter(Boolean).join(' '),
    statement_timeout: STATEMENT_TIMEOUT_MS,
    lock_timeout: LOCK_TIMEOUT_MS,
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
    types: POSTGRES_TYPES,
  });
  listenForConnectionErrors(pool, (error) => report?.(scrubbed(error, secret)));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  let schemaVersion = 0;
  let closed = false;
  const archive: PostgresArchive = {
    engine: 'postgres',
    db,
    get schemaVersion() {
      return schemaVersion;
    },
    unchecked: false,
    address,
    close: async () => {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
  const attempt = async () => {
    try {
      // Reaches the server once first: a refusal is told as one, not as a failed migration.
      await sql`SELECT 1`.execute(db);
      schemaVersion = (await migrateWaiting(db, options.migrations)).to;
    } catch (error) {
      throw openFailure(error, secret);
    }
  };
  const ready = attempt();
  // A caller that never awaits `ready` (it retries later) must not end the process.
  ready.catch(() => {});
  return { archive, ready, retry: attempt };
}

/** A till that waited past lock_timeout for another till's migration tries again. */
async function migrateWaiting(db: Kysely<DB>, steps: readonly PostgresMigration[] | undefined) {
  const started = Date.now();
  for (;;) {
    try {
      return await migratePostgres(db, steps);
    } catch (error) {
      const state = sqlState(error) ?? sqlState((error as Error).cause);
      if (state !== '55P03' || Date.now() - started > MIGRATION_WAIT_MS) throw error;
    }
  }
}

/** An error of node-postgres, its message with the password cut out; other errors as they are. */
interface Secret {
  password: string;
  asWritten: string;
}

function scrubbed(error: Error, secret: Secret): Error {
  const message = withoutPassword(error.message, secret.password, secret.asWritten);
  if (message === error.message) return error;
  const copy = new Error(message);
  copy.name = error.name;
  return copy;
}

/** What an error while opening means for the shop; nothing of it may hold the password. */
function openFailure(error: unknown, secret: Secret): Error {
  if (!(error instanceof Error)) return new Error('The shared archive could not be opened');
  if (error instanceof ArchiveRefusedError || error instanceof ArchiveUnreachableError) return error;
  const detail = withoutPassword(error.message, secret.password, secret.asWritten);
  // run.ts wraps a failed migration statement's error: what the server said is its cause.
  const state = sqlState(error) ?? sqlState(error.cause);
  // 28P01 invalid_password, 28000 invalid_authorization_specification (no such role, pg_hba).
  if (state === '28P01' || state === '28000') return new ArchiveUnreachableError('login_refused', detail);
  if (state === '3D000') return new ArchiveUnreachableError('no_database', detail);
  // 22023 invalid_parameter_value, 42704 undefined_object: an unknown time zone, say.
  if (state === '22023' || state === '42704') return new ArchiveUnreachableError('bad_setting', detail);
  if (isUnreachable(error) || isUnreachable(error.cause)) return new ArchiveUnreachableError('unreachable', detail);
  return scrubbed(error, secret);
}
