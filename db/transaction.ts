import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.js';
import { isPostgres } from './engine.js';

// Write transactions, and how a writer waits its turn: per engine, chosen by the Kysely
// instance handed in (db/engine.ts), so the callers read the same on either.
//
// SQLite: the file's one write lock.
//
// Two tills (processes) may share one archive. better-sqlite3 is synchronous, so waiting
// for the lock inside SQLite (busy_timeout) freezes the whole server for as long as it
// waits. BEGIN IMMEDIATE therefore waits only a few milliseconds inside SQLite and then
// asks again after an asynchronous pause, the event loop free in between, until
// WAIT_BUDGET_MS have passed: then the caller gets ArchiveBusyError (`archive_busy`).
// Long writers (an import, the search backlog, an erasure's scrub) hold the lock for one
// short chunk at a time and leave a gap (`yieldToOtherWriters`) that such a poll meets.

/** How long one attempt waits inside SQLite: SQLite polls after 1 and 3 ms. */
const ATTEMPT_WAIT_MS = 3;
/** After this long without the lock a write gives up with `archive_busy`. */
export const WAIT_BUDGET_MS = 5000;
/** Pause between attempts; short, so the gap a chunked writer leaves is met. */
const RETRY_PAUSE_MS = 2;
/** The pause a chunked writer leaves between chunks: longer than a waiter's poll interval. */
const WRITER_GAP_MS = 6;

/** The archive stayed locked by another writer (another till or program) for WAIT_BUDGET_MS. */
export class ArchiveBusyError extends Error {
  constructor() {
    super('The archive is busy: another till or program is writing');
    this.name = 'ArchiveBusyError';
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Between two chunks of a long write: lets a write of another process (or this one) take the lock. */
export const yieldToOtherWriters = () => sleep(WRITER_GAP_MS);

const sqliteCode = (error: unknown): string => {
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : '';
};

const isSqliteBusy = (error: unknown) => sqliteCode(error).startsWith('SQLITE_BUSY') || sqliteCode(error).startsWith('SQLITE_LOCKED');

/** The archive stayed taken by another writer: our budget ran out, or the engine gave up waiting. */
export const isBusy = (error: unknown) =>
  error instanceof ArchiveBusyError || isSqliteBusy(error) || BUSY_SQLSTATES.has(sqlState(error) ?? '');
export const isDiskFull = (error: unknown) => sqliteCode(error) === 'SQLITE_FULL' || sqlState(error) === '53100';

/**
 * A write transaction that takes the write lock at once (BEGIN IMMEDIATE). A deferred
 * transaction that reads a balance and then writes can lose a race with another till or
 * process on the same file and fail half-way; an immediate one waits its turn and then
 * reads what the other wrote. On PostgreSQL: serializable, run again after a conflict
 * (serializableTransaction below), so `work` must do no I/O — it may run more than once.
 */
export function writeTransaction<T>(db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  if (isPostgres(db)) return serializableTransaction(db, work);
  return db.connection().execute((conn) => immediateTransaction(conn, work));
}

/**
 * BEGIN IMMEDIATE … COMMIT on a connection the caller already holds (and may have set up);
 * on PostgreSQL the same serializable transaction as writeTransaction's, on that connection.
 */
export async function immediateTransaction<T>(conn: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  if (isPostgres(conn)) return serializableTransaction(conn, work);
  await beginImmediate(conn);
  try {
    const result = await work(conn);
    await sql`COMMIT`.execute(conn);
    return result;
  } catch (error) {
    await rollback(conn);
    throw error;
  }
}

async function beginImmediate(conn: Kysely<DB>): Promise<void> {
  const { rows } = await sql<{ timeout: number }>`PRAGMA busy_timeout`.execute(conn);
  const usual = rows[0]?.timeout ?? 0;
  const started = Date.now();
  await sql.raw(`PRAGMA busy_timeout = ${ATTEMPT_WAIT_MS}`).execute(conn);
  try {
    for (;;) {
      try {
        await sql`BEGIN IMMEDIATE`.execute(conn);
        return;
      } catch (error) {
        if (!isSqliteBusy(error)) throw error;
        if (Date.now() - started >= WAIT_BUDGET_MS) throw new ArchiveBusyError();
      }
      await sleep(RETRY_PAUSE_MS);
    }
  } finally {
    // Statements inside the transaction, and writes outside one, keep the connection's own timeout.
    await sql.raw(`PRAGMA busy_timeout = ${usual}`).execute(conn);
  }
}

/**
 * After a failure SQLite may already have rolled the transaction back itself (a full disk,
 * an I/O error): then ROLLBACK fails with "no transaction is active", and that error must
 * not hide the one that matters, which the caller rethrows.
 */
async function rollback(conn: Kysely<DB>): Promise<void> {
  try {
    await sql`ROLLBACK`.execute(conn);
  } catch {
    // Either nothing was left to roll back, or the original error says why better.
  }
}

// --- PostgreSQL ---------------------------------------------------------------------------
//
// Several tills write to one server at once, each over its own connections. Every write
// transaction runs at SERIALIZABLE: PostgreSQL then guarantees that the transactions which
// commit had the effect of running one at a time, which is exactly what BEGIN IMMEDIATE
// gives on SQLite. So the ~50 callers' read-then-write logic (a redemption reads the
// balance and the idempotency key, then appends; an undo reads the last visit; a sale
// reads the carry) holds on either engine without a lock statement in any of them.
//
// Why not READ COMMITTED with SELECT … FOR UPDATE on the balance row: that protects only
// what is locked, so every caller would have to know which rows to lock first (the balance
// row of a customer who has none yet, the newest visit, a card number not yet taken, an
// idempotency key not yet written — absent rows cannot be locked), and a caller that forgot
// one would race silently. Serializable fails loudly instead, with SQLSTATE 40001
// serialization_failure (or 40P01 deadlock_detected), and the whole transaction is run
// again on what the other till committed, with a jittered pause so two tills do not collide
// again in step. A concurrent redemption with the same idempotency key comes back as 40001
// too (a key read as absent and inserted by another), so its retry answers as before.
//
// The work callback may therefore run more than once: it must only read and write through
// the transaction it is given and compute — no I/O (files, printers, the network) and no
// state outside it that a second run would see half-changed. That was already the rule:
// receipts are printed and files written after the commit.
//
// After RETRY_ATTEMPTS attempts, or WAIT_BUDGET_MS, the caller gets ArchiveBusyError
// (`archive_busy`), never `internal`. A row lock another till holds longer than
// WAIT_BUDGET_MS ends the same way (lock_timeout, 55P03). A connection lost on the way is
// not retried: it may have been lost during COMMIT, and a sale written twice is worse than
// one the shop is asked to ring up again (`archive_unreachable`).

/** Attempts before a write answers `archive_busy` (if WAIT_BUDGET_MS has not run out first). */
export const RETRY_ATTEMPTS = 40;
/**
 * The first pause after a conflict; doubled each attempt up to RETRY_PAUSE_MAX_MS, jittered.
 * The cap is short: a till that lost a few times must not sit out while others retry sooner.
 */
const RETRY_PAUSE_BASE_MS = 2;
const RETRY_PAUSE_MAX_MS = 64;

/** 40001 serialization_failure, 40P01 deadlock_detected: run the transaction again. */
const RETRY_SQLSTATES = new Set(['40001', '40P01']);
/** 55P03 lock_not_available (our lock_timeout), 53300 too_many_connections. */
const BUSY_SQLSTATES = new Set(['55P03', '53300']);

/**
 * The SQLSTATE of an error PostgreSQL answered (node-postgres's DatabaseError carries it as
 * `code`, beside a `severity`), or null for any other error.
 */
export function sqlState(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const { code, severity } = error as Error & { code?: unknown; severity?: unknown };
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && typeof severity === 'string' ? code : null;
}

/** A conflict with another till's concurrent transaction: the whole transaction may run again. */
const isSerializationConflict = (error: unknown) => RETRY_SQLSTATES.has(sqlState(error) ?? '');

/** Network errors on the way to the server (Node's codes). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
/** node-postgres's own words when the connection went away or never came (it gives no code). */
const LOST_CONNECTION = /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Client was closed and is not queryable)/;

/**
 * The shared archive's server cannot be reached: refused or unreachable, gone mid-way
 * (57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, class 08
 * connection exceptions), or the connection dropped.
 */
export function isUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  // db/open-postgres.ts's own error for a server it could not open (named, not imported: it imports this file).
  if (error.name === 'ArchiveUnreachableError') return true;
  const state = sqlState(error);
  if (state) return state.startsWith('08') || state === '57P01' || state === '57P02' || state === '57P03';
  const { code, errors } = error as Error & { code?: unknown; errors?: unknown };
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  // Node's connect to a name with several addresses fails with an AggregateError of them.
  if (Array.isArray(errors) && errors.length > 0 && errors.every(isUnreachable)) return true;
  return LOST_CONNECTION.test(error.message);
}

/**
 * The reason the archive's own rules gave for refusing a change on PostgreSQL: the message
 * a trigger raised (RAISE EXCEPTION, P0001 — the same words SQLite's RAISE(ABORT, …) gives)
 * or the name of the CHECK constraint that failed (23514). Null for anything else.
 */
export function postgresRefusal(error: unknown): string | null {
  const state = sqlState(error);
  if (state === 'P0001') return (error as Error).message;
  if (state === '23514') {
    const constraint = (error as Error & { constraint?: unknown }).constraint;
    return typeof constraint === 'string' ? constraint : null;
  }
  return null;
}

/** Full jitter: anywhere up to the attempt's doubled pause, so two tills do not retry in step. */
const retryPause = (attempt: number) => Math.random() * Math.min(RETRY_PAUSE_MAX_MS, RETRY_PAUSE_BASE_MS * 2 ** (attempt - 1));

/**
 * Inside a short per-customer write (a sale at the counter): plans that find rows through an
 * index, not by reading a whole table. At SERIALIZABLE a sequential scan marks the whole
 * table as read (a relation-level SIREAD lock), so every other till's insert into that table
 * conflicts with it and one of the two sales runs again. The planner picks one on any table
 * it believes small — a young shop's visits, ledger and balances, and the FK checks and
 * triggers (db/migrations/postgres) reading them — and four tills then ran a sale again more
 * than once per sale on a fresh 20,000-customer shop, about 8× as often as with this. Only for
 * transactions that look up a few rows by key: a bulk job needs its sequential scans. SET
 * LOCAL ends with the transaction (each retry sets it again); nothing to do on SQLite.
 */
export async function findRowsThroughIndexes(trx: Kysely<DB>): Promise<void> {
  if (isPostgres(trx)) await sql`SET LOCAL enable_seqscan = off`.execute(trx);
}

/**
 * COUNTERPART_LOG_RETRIES=1: every conflict that runs a transaction again goes to stderr
 * with PostgreSQL's reason (its detail names the SSI reason code): for measuring how often
 * tills collide (bench/server.ts) and finding on what.
 */
const LOG_RETRIES = process.env.COUNTERPART_LOG_RETRIES === '1';
function reportRetry(error: unknown): void {
  if (!LOG_RETRIES) return;
  const { message, detail, where } = error as Error & { detail?: unknown; where?: unknown };
  console.error(`counterpart: write retried: ${sqlState(error)} ${message} | ${String(detail ?? '')} | ${String(where ?? '').replace(/\n/g, ' / ')}`);
}

/**
 * One write transaction at SERIALIZABLE, run again after a serialization conflict (see
 * above). `work` may run more than once: no I/O in it.
 */
async function serializableTransaction<T>(db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await serializableAttempt(db, work);
    } catch (error) {
      if (!isSerializationConflict(error)) throw error;
      reportRetry(error);
      if (attempt >= RETRY_ATTEMPTS || Date.now() - started >= WAIT_BUDGET_MS) throw new ArchiveBusyError();
    }
    await sleep(retryPause(attempt));
  }
}

async function serializableAttempt<T>(db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  // The work's own error says why better than a ROLLBACK that failed after it (a dropped
  // connection fails both), as on SQLite.
  let failure: { error: unknown } | null = null;
  try {
    return await db.transaction().setIsolationLevel('serializable').execute(async (trx) => {
      // A row another till keeps locked (an open transaction at a till that hangs) is
      // waited for as long as SQLite waits for its file: then `archive_busy`.
      await sql.raw(`SET LOCAL lock_timeout = ${WAIT_BUDGET_MS}`).execute(trx);
      try {
        return await work(trx);
      } catch (error) {
        failure = { error };
        throw error;
      }
    });
  } catch (error) {
    throw failure ? (failure as { error: unknown }).error : error;
  }
}
