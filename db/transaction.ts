import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.js';

/**
 * A write transaction that takes the write lock at once (BEGIN IMMEDIATE). A deferred
 * transaction that reads a balance and then writes can lose a race with another till or
 * process on the same file and fail half-way; an immediate one waits its turn (up to
 * the busy timeout) and then reads what the other wrote.
 */
export function writeTransaction<T>(db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.connection().execute((conn) => immediateTransaction(conn, work));
}

/** BEGIN IMMEDIATE … COMMIT on a connection the caller already holds (and may have set up). */
export async function immediateTransaction<T>(conn: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  await sql`BEGIN IMMEDIATE`.execute(conn);
  try {
    const result = await work(conn);
    await sql`COMMIT`.execute(conn);
    return result;
  } catch (error) {
    await sql`ROLLBACK`.execute(conn);
    throw error;
  }
}
