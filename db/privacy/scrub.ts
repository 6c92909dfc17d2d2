import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { isPostgres } from '../engine.js';
import { immediateTransaction } from '../transaction.js';
import { markScrubbed } from './scrubbed.js';
import { postgresTracelessErasure, type ServerScrubStep } from './scrub-postgres.js';

// Erasing without trace: an erasure (db/privacy/erase.ts) deletes and overwrites a
// customer's personal data in one transaction; what the engine may still keep of the old
// bytes after the commit is wiped by the scrub steps that follow it, one call each
// (privacy.scrub), so the shop sees them advance. The last step marks the pending erasures
// done. A step repeated or run with nothing pending does no harm. What each engine keeps,
// and how its steps wipe it, differs, so each has its own TracelessErasure:
//  - the SQLite file: below;
//  - the PostgreSQL server: scrub-postgres.ts.

export type FileScrubStep = (typeof SCRUB_STEPS)[number];
/** A step of either engine, as privacy.scrub names it to the screen. */
export type ScrubStep = FileScrubStep | ServerScrubStep;

export type StepOutcome = { ok: true } | { ok: false; problem: 'busy' };

export interface TracelessErasure {
  /** The steps that follow an erasure's commit, in order: privacy.scrub runs them by index. */
  readonly steps: readonly ScrubStep[];
  /** The erasure's write transaction (on PostgreSQL `work` may run more than once: no I/O in it). */
  transaction<T>(db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T>;
  /**
   * One of `steps`, outside any transaction. `upTo`: the newest erasure the caller knows
   * of; the last step marks erasures up to then as scrubbed (one made while the steps ran
   * waits for the next scrub).
   */
  runStep(db: Kysely<DB>, step: ScrubStep, upTo: number, now: number): Promise<StepOutcome>;
}

/** How the archive behind `db` erases without trace. */
export function tracelessErasure(db: Kysely<DB>): TracelessErasure {
  return isPostgres(db) ? postgresTracelessErasure : fileTracelessErasure;
}

// --- The SQLite file ---------------------------------------------------------------------
//
// The erasure runs with secure_delete on, so the bytes it deletes are overwritten. After
// the commit, what it deleted may still be in the file:
//  - the FTS5 indexes are contentless with contentless_delete: a delete only marks the row,
//    its tokens stay in the index's segments until those are merged ('optimize');
//  - pages freed or rewritten before the erasure (a customer seen again is re-indexed, an
//    edited note rewritten) may still hold stale copies, which secure_delete cannot reach
//    because it was not on then: VACUUM writes a fresh file;
//  - the WAL holds old versions of pages until a checkpoint, and the bytes stay in the file
//    until it is truncated.

/** The file's steps (main/node/backup/carry-erasures.ts runs them on a restored file too). */
export const SCRUB_STEPS = ['customer_search', 'customer_numbers', 'memory_search', 'vacuum', 'checkpoint'] as const;

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

/** One of the file's steps (TracelessErasure.runStep). */
export async function runScrubStep(db: Kysely<DB>, step: FileScrubStep, upTo: number, now: number): Promise<StepOutcome> {
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
            await markScrubbed(conn, upTo, now);
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

const isFileStep = (step: ScrubStep): step is FileScrubStep => (SCRUB_STEPS as readonly ScrubStep[]).includes(step);

const fileTracelessErasure: TracelessErasure = {
  steps: SCRUB_STEPS,
  transaction: secureWriteTransaction,
  runStep(db, step, upTo, now) {
    if (!isFileStep(step)) throw new Error(`${step} is not a step of the SQLite file`);
    return runScrubStep(db, step, upTo, now);
  },
};
