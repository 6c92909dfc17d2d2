import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.js';

// Write transactions, and how a writer waits its turn for the file's one write lock.
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
export const WRITER_GAP_MS = 6;

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

export const isBusy = (error: unknown) => sqliteCode(error).startsWith('SQLITE_BUSY') || sqliteCode(error).startsWith('SQLITE_LOCKED');
export const isDiskFull = (error: unknown) => sqliteCode(error) === 'SQLITE_FULL';

/**
 * A write transaction that takes the write lock at once (BEGIN IMMEDIATE). A deferred
 * transaction that reads a balance and then writes can lose a race with another till or
 * process on the same file and fail half-way; an immediate one waits its turn and then
 * reads what the other wrote.
 */
export function writeTransaction<T>(db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.connection().execute((conn) => immediateTransaction(conn, work));
}

/** BEGIN IMMEDIATE … COMMIT on a connection the caller already holds (and may have set up). */
export async function immediateTransaction<T>(conn: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
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
        if (!isBusy(error)) throw error;
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
