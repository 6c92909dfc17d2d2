import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { DB, LedgerEntriesTable, PrintJobKind, PrintJobStatus, PrintJobsTable, VisitsTable } from '../schema.js';

// Print jobs, and the few facts a receipt is made from. Query functions take the db
// handle first, so a transaction handle works the same.

export type PrintJobRow = Selectable<PrintJobsTable>;

export async function insertJob(db: Kysely<DB>, values: Omit<Insertable<PrintJobsTable>, 'id'>): Promise<PrintJobRow> {
  return db.insertInto('print_jobs').values(values).returningAll().executeTakeFirstOrThrow();
}

export function getJob(db: Kysely<DB>, id: number): Promise<PrintJobRow | undefined> {
  return db.selectFrom('print_jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Pending and failed jobs, newest first. */
export function unprintedJobs(db: Kysely<DB>, limit: number): Promise<PrintJobRow[]> {
  return db
    .selectFrom('print_jobs')
    .selectAll()
    .where('status', 'in', ['pending', 'failed'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** The newest job made from one source (by the customer's index) that was not discarded. */
export function latestJobOf(db: Kysely<DB>, source: { customerId: number; kind: PrintJobKind; sourceId: number }): Promise<PrintJobRow | undefined> {
  return db
    .selectFrom('print_jobs')
    .selectAll()
    .where('customer_id', '=', source.customerId)
    .where('kind', '=', source.kind)
    .where('source_id', '=', source.sourceId)
    .where('status', '!=', 'discarded')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** One attempt's outcome. A failure does not undo a discard made while the job was out. */
export async function recordAttempt(
  db: Kysely<DB>,
  id: number,
  outcome: { printed: true; at: number } | { printed: false; error: string; at: number },
): Promise<PrintJobRow | undefined> {
  let update = db
    .updateTable('print_jobs')
    .set(outcome.printed
      ? { status: 'printed', printed_at: outcome.at, last_error: null, updated_at: outcome.at, attempts: sql<number>`attempts + 1` }
      : { status: 'failed', last_error: outcome.error, updated_at: outcome.at, attempts: sql<number>`attempts + 1` })
    .where('id', '=', id);
  if (!outcome.printed) update = update.where('status', 'in', ['pending', 'failed']);
  await update.execute();
  return getJob(db, id);
}

/** Marks a pending or failed job discarded; a printed one stays as it is. */
export async function setStatus(db: Kysely<DB>, id: number, status: PrintJobStatus, from: readonly PrintJobStatus[], at: number): Promise<PrintJobRow | undefined> {
  await db.updateTable('print_jobs').set({ status, updated_at: at }).where('id', '=', id).where('status', 'in', [...from]).execute();
  return getJob(db, id);
}

// --- what receipts are made from -------------------------------------------------------

export function getVisit(db: Kysely<DB>, id: number): Promise<Selectable<VisitsTable> | undefined> {
  return db.selectFrom('visits').selectAll().where('id', '=', id).executeTakeFirst();
}

export function getEntry(db: Kysely<DB>, id: number): Promise<Selectable<LedgerEntriesTable> | undefined> {
  return db.selectFrom('ledger_entries').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The balance right after one ledger entry: everything up to and including it. */
export async function balanceThroughEntry(db: Kysely<DB>, customerId: number, entryId: number): Promise<number> {
  const row = await db
    .selectFrom('ledger_entries')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount'), eb.lit(0)).as('balance'))
    .where('customer_id', '=', customerId)
    .where('id', '<=', entryId)
    .executeTakeFirstOrThrow();
  return Number(row.balance);
}

/** The balance as it stood at a moment: every entry made up to then. */
export async function balanceAt(db: Kysely<DB>, customerId: number, at: number): Promise<number> {
  const row = await db
    .selectFrom('ledger_entries')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount'), eb.lit(0)).as('balance'))
    .where('customer_id', '=', customerId)
    .where('created_at', '<=', at)
    .executeTakeFirstOrThrow();
  return Number(row.balance);
}

/** The customer's purchase or visit before this one that still stands (not an undo, not undone). */
export async function previousVisitAt(db: Kysely<DB>, customerId: number, beforeId: number): Promise<number | null> {
  const row = await db
    .selectFrom('visits as v')
    .select('v.occurred_at')
    .where('v.customer_id', '=', customerId)
    .where('v.id', '<', beforeId)
    .where('v.reverses_id', 'is', null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('visits as u').select('u.id').whereRef('u.reverses_id', '=', 'v.id'))))
    .orderBy('v.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.occurred_at ?? null;
}
