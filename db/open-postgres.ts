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
// - commits durably (synchronous_commit=on): a sale the till was told went through is on the
//   server's disk, even on a server configured with synchronous_commit off for speed — there
//   an acknowledged commit can be lost by a crash, and a shop cannot tell a lost sale from
//   one never made (a test cluster with it off lost an acknowledged sale in an immediate stop);
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
// within CONNECT_TIMEOUT_MS. One that stops answering on connections already open (a frozen
// host, a network cut: no RST ever comes) is caught by watchForFrozenServer below. The URL's
// password never appears in an error or a log line: errors raised here carry a message with
// the password cut out, and no `cause` that could hold the URL.

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * How long a connection attempt may take before the archive counts as unreachable. The shop
 * is promised "cannot be reached" within 3 s of a call; a connect that hangs (a frozen server
 * takes the TCP connection and never answers) gives up with room for the call's own work.
 */
export const CONNECT_TIMEOUT_MS = 2500;
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
    // synchronous_commit after the URL's options: the last -c wins, and durability is not the URL's to turn off.
    options: [urlOptions, `-c TimeZone=${optionValue(options.zone)}`, '-c synchronous_commit=on'].filter(Boolean).join(' '),
    statement_timeout: STATEMENT_TIMEOUT_MS,
    lock_timeout: LOCK_TIMEOUT_MS,
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
    types: POSTGRES_TYPES,
  });
  listenForConnectionErrors(pool, (error) => report?.(scrubbed(error, secret)));
  const watch = watchForFrozenServer(pool, () => serverAnswers(connectionString, options.till));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: connectingWithin(pool, watch) }) });
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

// --- A server that stops answering -------------------------------------------------------
//
// A server that goes away closes its connections (RST, 57P01): the query in flight fails at
// once. A frozen host or a cut network closes nothing: a query sent on an open connection
// waits for an answer that never comes (TCP keepalive notices after minutes). So a watchdog
// looks at the queries in flight: when one has waited STUCK_AFTER_MS, it asks the server on
// a FRESH connection for `SELECT 1`, giving it PROBE_TIMEOUT_MS to connect and as long to
// answer. If the server answers (even with an error: it is there), the query is merely slow
// (a big import, a lock wait) and is left alone. If not, the sockets of the queries that were
// waiting are destroyed: each fails with "Connection terminated unexpectedly", which the
// handlers answer as `archive_unreachable` (main/api/archive-errors.ts), and the pool drops
// the client and opens new ones once the server is back. Worst case from the query's start:
// STUCK_AFTER_MS + WATCH_EVERY_MS + PROBE_TIMEOUT_MS, about 2.3 s, inside the promised 3 s;
// a call that needs a new connection meanwhile gives up after CONNECT_TIMEOUT_MS.
//
// What a cut does NOT mean: that nothing was written. A COMMIT the till had already sent may
// sit in the frozen server's socket and land when it runs again, after the till was told
// "cannot be reached". A transaction is never half-written (the server commits all of it or
// nothing), but such a sale may be there although refused: the message tells the shop to look
// at the customer's history before ringing it up again (renderer i18n errors.archive_unreachable).

/** A query waiting this long on the server makes the watchdog ask whether the server is still there. */
const STUCK_AFTER_MS = 1000;
/** How often the watchdog looks, while any query is in flight (no timer runs otherwise). */
const WATCH_EVERY_MS = 250;
/** The probe's budget to connect, and again to answer `SELECT 1`. */
const PROBE_TIMEOUT_MS = 1000;
/** After the server answered a probe, the next waits this long: a long statement is not probed 4 times a second. */
const PROBE_AGAIN_AFTER_MS = 1000;

/** The socket under a node-postgres client (pg-pool destroys it too, for its connect timeout). */
type WithSocket = { connection?: { stream?: { destroy(): void } } };

/**
 * Watches the pool's queries in flight and cuts those stuck on a server that no longer
 * answers (see above). `serverAnswers` probes on a fresh connection.
 */
function watchForFrozenServer(pool: pg.Pool, serverAnswers: () => Promise<boolean>): ServerWatch {
  let silent = false;
  /** Each client's query in flight: since when (a fresh object per query). */
  const inFlight = new Map<pg.PoolClient, { since: number }>();
  let timer: ReturnType<typeof setInterval> | null = null;
  let probing = false;
  let nextProbeAt = 0;

  const look = () => {
    const now = Date.now();
    const stuck = [...inFlight].filter(([, query]) => now - query.since >= STUCK_AFTER_MS);
    if (stuck.length === 0 || probing || now < nextProbeAt) return;
    probing = true;
    // A probe that cannot even be made (never expected) cuts nothing.
    void serverAnswers().catch(() => true).then((answers) => {
      probing = false;
      silent = !answers;
      if (answers) {
        nextProbeAt = Date.now() + PROBE_AGAIN_AFTER_MS;
        return;
      }
      // Only the queries that were stuck before the probe and are still waiting.
      for (const [client, query] of stuck) {
        if (inFlight.get(client) === query) (client as unknown as WithSocket).connection?.stream?.destroy();
      }
    });
  };

  pool.on('connect', (client) => {
    // Every query of the app goes through client.query (Kysely's PostgresDriver): note when it was sent.
    const target = client as unknown as { query: (...args: unknown[]) => unknown };
    const query = target.query.bind(client);
    target.query = (...args: unknown[]) => {
      const result = query(...args);
      if (result instanceof Promise) {
        const entry = { since: Date.now() };
        inFlight.set(client, entry);
        timer ??= setInterval(look, WATCH_EVERY_MS);
        // Never keeps a process (a test, the CLI) alive by itself.
        timer.unref();
        const settled = () => {
          if (inFlight.get(client) === entry) inFlight.delete(client);
          if (inFlight.size === 0 && timer) {
            clearInterval(timer);
            timer = null;
          }
        };
        result.then(settled, settled);
      }
      return result;
    };
  });
  pool.on('remove', (client) => inFlight.delete(client));
  // A connection made again means the server answers.
  pool.on('connect', () => (silent = false));
  return { silent: () => silent };
}

interface ServerWatch {
  /** The last probe found the server silent, and no connection has been made since. */
  silent(): boolean;
}

/** While the server is known to be silent, a new connection gets this long, not CONNECT_TIMEOUT_MS. */
const CONNECT_WHILE_SILENT_MS = 500;

/**
 * The pool as Kysely asks it for a connection, within CONNECT_TIMEOUT_MS all told: pg-pool's
 * own timeout starts again when a caller queued behind busy clients gets its turn to
 * connect, so a sale queued behind clients stuck on a frozen server could wait twice as long.
 * While the watchdog has just found the server silent, the budget is CONNECT_WHILE_SILENT_MS:
 * every sale rung up during a freeze is told at once, and one after it connects as usual.
 * A connection that arrives after its caller gave up goes back to the pool.
 */
function connectingWithin(pool: pg.Pool, watch: ServerWatch): pg.Pool {
  const connect = () =>
    new Promise<pg.PoolClient>((resolve, reject) => {
      let late = false;
      const timer = setTimeout(() => {
        late = true;
        reject(new ArchiveUnreachableError('unreachable', 'no connection to the server in time'));
      }, watch.silent() ? CONNECT_WHILE_SILENT_MS : CONNECT_TIMEOUT_MS);
      pool.connect().then(
        (client) => {
          clearTimeout(timer);
          if (late) client.release();
          else resolve(client);
        },
        (error: unknown) => {
          clearTimeout(timer);
          if (!late) reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  return Object.assign(Object.create(pool) as pg.Pool, { connect, end: () => pool.end() });
}

/** Whether the server answers `SELECT 1` on a fresh connection within PROBE_TIMEOUT_MS, twice. */
async function serverAnswers(connectionString: string, till: string): Promise<boolean> {
  const probe = new pg.Client({
    connectionString,
    connectionTimeoutMillis: PROBE_TIMEOUT_MS,
    query_timeout: PROBE_TIMEOUT_MS,
    application_name: till,
  });
  probe.on('error', () => {}); // its end is ours to decide, below
  try {
    await probe.connect();
    await probe.query('SELECT 1');
    // Not awaited: a server that froze just now would keep the goodbye waiting.
    probe.end().catch(() => {});
    return true;
  } catch (error) {
    (probe as unknown as WithSocket).connection?.stream?.destroy();
    // An error the server itself gave (too many connections, a login refused) says it is there.
    return sqlState(error) !== null;
  }
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
