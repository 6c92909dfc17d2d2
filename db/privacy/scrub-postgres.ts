import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { isBusy, writeTransaction } from '../transaction.js';
import type { TracelessErasure } from './scrub.js';
import { markScrubbed } from './scrubbed.js';

// Erasing without trace on the PostgreSQL server (the interface: scrub.ts).
//
// The erasure's transaction (writeTransaction: serializable) deletes or overwrites every row
// that held the customer's personal data, the search tables' rows included (erase.ts), so
// no query finds them once it has committed. What PostgreSQL still keeps of the old text:
//  - the old row versions (dead tuples) in the pages of the tables and of their indexes
//    (and TOAST, for long texts). Every update leaves one too: a customer seen again, a
//    note edited. Visible to no query, but readable in the table's files.
//  - A plain VACUUM (or autovacuum) only marks their space free: the bytes stay in the page
//    until a later row happens to be written over them (PostgreSQL 15: heap_page_items
//    shows the item unused while the file still holds the text; index pages likewise).
// So the steps rewrite the tables an erasure touches with VACUUM FULL: fresh files holding
// the live rows only, every index rebuilt; the old files are truncated at once (and
// unlinked at the next checkpoint). The same command's ANALYZE takes new samples for the
// planner, whose statistics (pg_statistic) may have sampled a name.
// What stays after the steps, not the app's to wipe:
//  - the WAL (pg_wal) with the erased rows' inserts and full-page images, until its
//    segments are recycled after later checkpoints; and whatever the server's owner copies
//    from it or from the files: WAL archives, replicas, base backups, pg_dump files;
//  - the earlier versions of the planner's pg_statistic rows, until autovacuum cleans that
//    catalog (only a superuser may rewrite a catalog);
//  - the file system's free blocks that held the old files (as after the SQLite file's VACUUM).
//
// VACUUM cannot run inside a transaction: each step is a statement of its own, after the
// erasure has committed. VACUUM FULL holds a table's ACCESS EXCLUSIVE lock while it rewrites
// it, so other tills wait for that table as long (a shop's tables take seconds at most);
// a till holding a table for longer than the lock_timeout (db/open-postgres.ts) makes the
// step answer busy, and it can be tried again.

export const SERVER_SCRUB_STEPS = ['search_tables', 'customer_tables', 'sales_tables'] as const;
export type ServerScrubStep = (typeof SERVER_SCRUB_STEPS)[number];

/**
 * Every table an erasure deletes from or overwrites (erase.ts, memory-docs.ts), by the step
 * that rewrites it. The tables it only adds to (customer_erasures, erasure_register) hold
 * ids and times, and the numbers-only ones (visit statistics, balances, insights) no text.
 */
export const REWRITTEN_TABLES: Readonly<Record<ServerScrubStep, readonly string[]>> = {
  search_tables: ['customer_search', 'memory_search'],
  customer_tables: [
    'customers', 'customer_phones', 'customer_tags', 'customer_field_values', 'customer_facts', 'follow_ups',
    'customer_entries', 'customer_entry_revisions',
  ],
  sales_tables: ['visits', 'ledger_entries', 'print_jobs'],
};

async function fileNodes(db: Kysely<DB>, tables: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await sql<{ name: string; node: number }>`SELECT t.name, pg_relation_filenode(t.name::regclass)::bigint AS node
    FROM unnest(${[...tables]}::text[]) AS t(name)`.execute(db);
  return new Map(rows.map((r) => [r.name, Number(r.node)]));
}

/**
 * VACUUM FULL, ANALYZE of some tables. VACUUM skips a table its user may not vacuum with no
 * more than a warning; a rewritten table always gets a new file, so an unchanged one says
 * it was skipped, and the erasure's promise would not hold: that fails loudly.
 */
async function rewriteTables(db: Kysely<DB>, tables: readonly string[]): Promise<void> {
  const before = await fileNodes(db, tables);
  await sql`VACUUM (FULL, ANALYZE) ${sql.join(tables.map((t) => sql.table(t)))}`.execute(db);
  const after = await fileNodes(db, tables);
  const skipped = tables.filter((t) => before.get(t) === after.get(t));
  if (skipped.length > 0) {
    throw new Error(`VACUUM FULL left ${skipped.join(', ')} as they were: the archive's database user must own its tables`);
  }
}

const isServerStep = (step: string): step is ServerScrubStep => (SERVER_SCRUB_STEPS as readonly string[]).includes(step);

export const postgresTracelessErasure: TracelessErasure = {
  steps: SERVER_SCRUB_STEPS,
  transaction: writeTransaction,
  async runStep(db, step, upTo, now) {
    if (!isServerStep(step)) throw new Error(`${step} is not a step of the PostgreSQL archive`);
    try {
      await rewriteTables(db, REWRITTEN_TABLES[step]);
    } catch (error) {
      if (isBusy(error)) return { ok: false, problem: 'busy' };
      throw error;
    }
    if (step === SERVER_SCRUB_STEPS[SERVER_SCRUB_STEPS.length - 1]) await markScrubbed(db, upTo, now);
    return { ok: true };
  },
};
