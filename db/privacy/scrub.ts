import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { immediateTransaction } from '../transaction.js';

// After an erasure has committed, what it deleted may still be in the file:
//  - the FTS5 indexes are contentless with contentless_delete: a delete only marks the row,
//    its tokens stay in the index's segments until those are merged ('optimize');
//  - pages freed or rewritten before the erasure (a customer seen again is re-indexed, an
//    edited note rewritten) may still hold stale copies, which secure_delete cannot reach
//    because it was not on then: VACUUM writes a fresh file;
//  - the WAL holds old versions of pages until a checkpoint, and the bytes stay in the file
//    until it is truncated.
// Each step is a separate call, so the shop sees it advance; the last one marks the pending
// erasures done. A step repeated or run with nothing pending does no harm.

export const SCRUB_STEPS = ['customer_search', 'customer_numbers', 'memory_search', 'vacuum', 'checkpoint'] as const;
export type ScrubStep = (typeof SCRUB_STEPS)[number];

export type StepOutcome = { ok: true } | { ok: false; problem: 'busy' };

const CHECKPOINT_TRIES = 10;
const CHECKPOINT_WAIT_MS = 200;

async function pragmaValue(db: Kysely<DB>, name: 'secure_delete' | 'temp_store'): Promise<number> {
  const { rows } = await sql<Record<string, number>>`PRAGMA ${sql.raw(name)}`.execute(db);
  return Number(Object.values(rows[0] ?? {})[0] ?? 0);
}

/**
 * Runs work on the archive's one connection, held for the whole time (so no other call's
 * statements interleave), with secure_delete on; the setting is put back afterwards.
 */
export function withSecureDelete<T>(db: Kysely<DB>, work: (conn: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    const before = await pragmaValue(conn, 'secure_delete');
    await sql`PRAGMA secure_delete = 1`.execute(conn);
    try {
      return await work(conn);
    } finally {
      await sql`PRAGMA secure_delete = ${sql.raw(String(before))}`.execute(conn);
    }
  });
}

/** The erasure work in one BEGIN IMMEDIATE transaction (as db/transaction.ts), secure_delete on. */
export function secureWriteTransaction<T>(db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return withSecureDelete(db, (conn) => immediateTransaction(conn, work));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One step. `upTo`: the newest erasure the caller knows of; the last step marks erasures up
 * to then as scrubbed (one made while the steps ran waits for the next scrub).
 */
export async function runScrubStep(db: Kysely<DB>, step: ScrubStep, upTo: number, now: number): Promise<StepOutcome> {
  return withSecureDelete(db, async (conn) => {
    switch (step) {
      case 'customer_search':
      case 'customer_numbers':
      case 'memory_search':
        await sql`INSERT INTO ${sql.table(step)} (${sql.table(step)}) VALUES ('optimize')`.execute(conn);
        return { ok: true };
      case 'vacuum': {
        // The archive keeps temporary tables in memory; VACUUM's copy of the whole file
        // belongs on disk.
        const tempStore = await pragmaValue(conn, 'temp_store');
        await sql`PRAGMA temp_store = FILE`.execute(conn);
        try {
          await sql`VACUUM`.execute(conn);
        } finally {
          await sql`PRAGMA temp_store = ${sql.raw(String(tempStore))}`.execute(conn);
        }
        return { ok: true };
      }
      case 'checkpoint': {
        for (let attempt = 0; attempt < CHECKPOINT_TRIES; attempt++) {
          const { rows } = await sql<{ busy: number; log: number; checkpointed: number }>`PRAGMA wal_checkpoint(TRUNCATE)`.execute(conn);
          if (rows[0]?.busy === 0) {
            await conn
              .updateTable('customer_erasures')
              .set({ scrubbed_at: now })
              .where('scrubbed_at', 'is', null)
              .where('erased_at', '<=', upTo)
              .execute();
            return { ok: true };
          }
          // Another connection is reading an older snapshot (a backup, the CLI): wait for it.
          await sleep(CHECKPOINT_WAIT_MS);
        }
        return { ok: false, problem: 'busy' };
      }
    }
  });
}

/** Erasures whose traces may still be in the file. */
export async function pendingScrubs(db: Kysely<DB>): Promise<{ count: number; upTo: number | null }> {
  const row = await db
    .selectFrom('customer_erasures')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('erased_at').as('upTo')])
    .where('scrubbed_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), upTo: row.upTo === null ? null : Number(row.upTo) };
}
