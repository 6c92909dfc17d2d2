import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { DB, LedgerEntriesTable, RewardsTable, VisitsTable } from '../schema.js';
import { refreshVisitStats } from '../memory/visit-stats.js';
import { tableThroughIndex } from '../engine.js';

export type LedgerRow = Selectable<LedgerEntriesTable>;
export type VisitRow = Selectable<VisitsTable>;
export type RewardRow = Selectable<RewardsTable>;

// --- program --------------------------------------------------------------------------

export async function currentProgram(db: Kysely<DB>): Promise<{ id: number; config: string; created_at: number }> {
  return db.selectFrom('loyalty_programs').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
}

export async function insertProgram(db: Kysely<DB>, config: string, now: number): Promise<number> {
  const row = await db.insertInto('loyalty_programs').values({ config, created_at: now }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

// --- rewards --------------------------------------------------------------------------

export function listRewards(db: Kysely<DB>): Promise<RewardRow[]> {
  return db.selectFrom('rewards').selectAll().orderBy('retired_at', 'asc').orderBy('cost').orderBy('name').execute();
}

export function getReward(db: Kysely<DB>, id: number): Promise<RewardRow | undefined> {
  return db.selectFrom('rewards').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertReward(db: Kysely<DB>, values: Omit<Insertable<RewardsTable>, 'id'>): Promise<RewardRow> {
  return db.insertInto('rewards').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateReward(db: Kysely<DB>, id: number, values: Partial<Omit<RewardRow, 'id' | 'created_at'>>): Promise<RewardRow | undefined> {
  return db.updateTable('rewards').set(values).where('id', '=', id).returningAll().executeTakeFirst();
}

// --- ledger ---------------------------------------------------------------------------

/**
 * Appends one entry and moves the kept balance by the same amount, in the caller's
 * transaction. The balance table's CHECK refuses a negative balance as a last line.
 */
export async function appendEntry(db: Kysely<DB>, entry: Omit<Insertable<LedgerEntriesTable>, 'id'>): Promise<LedgerRow> {
  const row = await db.insertInto('ledger_entries').values(entry).returningAll().executeTakeFirstOrThrow();
  // Two steps, not an upsert: SQLite checks CHECK(balance >= 0) on the row to insert
  // before it notices the conflict, so a debit could never go through an upsert.
  await db
    .insertInto('loyalty_balances')
    .values({ customer_id: entry.customer_id, balance: 0, updated_at: entry.created_at })
    .onConflict((oc) => oc.column('customer_id').doNothing())
    .execute();
  await db
    .updateTable('loyalty_balances')
    .set({ balance: sql`balance + ${entry.amount}`, updated_at: entry.created_at })
    .where('customer_id', '=', entry.customer_id)
    .execute();
  return row;
}

export async function balanceOf(db: Kysely<DB>, customerId: number): Promise<number> {
  const row = await db.selectFrom('loyalty_balances').select('balance').where('customer_id', '=', customerId).executeTakeFirst();
  return row?.balance ?? 0;
}

export function entriesOf(db: Kysely<DB>, customerId: number): Promise<LedgerRow[]> {
  return db.selectFrom('ledger_entries').selectAll().where('customer_id', '=', customerId).orderBy('id').execute();
}

export function entryByIdempotencyKey(db: Kysely<DB>, key: string): Promise<LedgerRow | undefined> {
  return db.selectFrom('ledger_entries').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
}

/** Points that expired for the customer at that moment: a sale's expiry is written at the sale's time. */
export async function expiredAt(db: Kysely<DB>, customerId: number, at: number): Promise<number> {
  const row = await db.selectFrom('ledger_entries')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount'), eb.lit(0)).as('n'))
    .where('customer_id', '=', customerId).where('kind', '=', 'expire').where('created_at', '=', at)
    .executeTakeFirstOrThrow();
  return 0 - Number(row.n); // none expired: 0, not -0
}

export function earnEntryForVisit(db: Kysely<DB>, visitId: number): Promise<LedgerRow | undefined> {
  return db.selectFrom('ledger_entries').selectAll().where('visit_id', '=', visitId).where('kind', '=', 'earn').executeTakeFirst();
}

/** Customers whose kept balance differs from their ledger's sum (should be none). */
export async function balanceMismatches(db: Kysely<DB>): Promise<{ customer_id: number; kept: number; ledger: number }[]> {
  const { rows } = await sql<{ customer_id: number; kept: number; ledger: number }>`
    WITH sums AS (SELECT customer_id, sum(amount) AS ledger FROM ledger_entries GROUP BY customer_id)
    SELECT coalesce(s.customer_id, b.customer_id) AS customer_id,
           coalesce(b.balance, 0) AS kept, coalesce(s.ledger, 0) AS ledger
    FROM sums s FULL OUTER JOIN loyalty_balances b ON b.customer_id = s.customer_id
    WHERE coalesce(b.balance, 0) <> coalesce(s.ledger, 0)`.execute(db);
  return rows;
}

export async function countBalances(db: Kysely<DB>): Promise<number> {
  const row = await db.selectFrom('loyalty_balances').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

// --- visits ---------------------------------------------------------------------------

/** Writes a visit (or its undo) and refreshes the customer's visit statistics with it. */
export async function insertVisit(db: Kysely<DB>, visit: Omit<Insertable<VisitsTable>, 'id'>): Promise<VisitRow> {
  const row = await db.insertInto('visits').values(visit).returningAll().executeTakeFirstOrThrow();
  await refreshVisitStats(db, row.customer_id, row.occurred_at);
  return row;
}

/** The sale a till recorded with this key, if any (migration 020). */
export function visitByIdempotencyKey(db: Kysely<DB>, key: string): Promise<VisitRow | undefined> {
  return db.selectFrom('visits').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
}

/** The newest purchase or visit that is not itself an undo. */
export async function lastVisit(db: Kysely<DB>, customerId: number): Promise<VisitRow | undefined> {
  // Named index (on SQLite): left to itself its planner may pick the unique index on
  // reverses_id for "IS NULL", which walks nearly every visit in the shop.
  const visits = tableThroughIndex(db, 'visits', 'visits_customer_id');
  const { rows } = await sql<VisitRow>`SELECT * FROM ${visits}
    WHERE customer_id = ${customerId} AND reverses_id IS NULL ORDER BY id DESC LIMIT 1`.execute(db);
  return rows[0];
}

export async function isVisitReversed(db: Kysely<DB>, visitId: number): Promise<boolean> {
  const row = await db.selectFrom('visits').select('id').where('reverses_id', '=', visitId).executeTakeFirst();
  return row !== undefined;
}

/** Spend left over for the next stamp: what the customer's latest row carries. */
export async function carryCents(db: Kysely<DB>, customerId: number): Promise<number> {
  const row = await db
    .selectFrom('visits')
    .select('carry_cents')
    .where('customer_id', '=', customerId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.carry_cents ?? 0;
}

export async function spendSince(db: Kysely<DB>, customerId: number, since: number): Promise<number> {
  const row = await db
    .selectFrom('visits')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_cents'), eb.lit(0)).as('spend'))
    .where('customer_id', '=', customerId)
    .where('occurred_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.spend);
}

export function visitsOf(db: Kysely<DB>, customerId: number): Promise<VisitRow[]> {
  return db.selectFrom('visits').selectAll().where('customer_id', '=', customerId).orderBy('id').execute();
}

// --- shop figures ---------------------------------------------------------------------

export async function redeemedSince(db: Kysely<DB>, since: number): Promise<{ count: number; amount: number }> {
  const row = await db
    .selectFrom('ledger_entries')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.coalesce(eb.fn.sum<number>('amount'), eb.lit(0)).as('amount')])
    .where('kind', '=', 'redeem')
    .where('created_at', '>=', since)
    .where('id', 'not in', db.selectFrom('ledger_entries').select('reverses_id').where('reverses_id', 'is not', null).$narrowType<{ reverses_id: number }>())
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), amount: -Number(row.amount) };
}

/**
 * What the shop still owes its customers. An erased customer's balance stays in the books
 * (the ledger must add up) but no one can claim it any more: no name, no card. Archived
 * customers still count: archiving is undone with one click and their stamps come back.
 */
export async function outstanding(db: Kysely<DB>): Promise<{ total: number; customers: number }> {
  const row = await db
    .selectFrom('loyalty_balances as b')
    .innerJoin('customers as c', 'c.id', 'b.customer_id')
    .select((eb) => [eb.fn.coalesce(eb.fn.sum<number>('b.balance'), eb.lit(0)).as('total'), eb.fn.countAll<number>().as('customers')])
    .where('b.balance', '>', 0)
    .where('c.erased_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), customers: Number(row.customers) };
}

/** Customers holding a balance with a credit older than the cutoff: the only ones expiry can touch. */
export async function expiryCandidates(db: Kysely<DB>, cutoff: number): Promise<number[]> {
  const rows = await db
    .selectFrom('loyalty_balances as b')
    .select('b.customer_id')
    .where('b.balance', '>', 0)
    .where((eb) =>
      eb.exists(
        eb.selectFrom('ledger_entries as l')
          .select('l.id')
          .whereRef('l.customer_id', '=', 'b.customer_id')
          .where('l.amount', '>', 0)
          .where('l.created_at', '<=', cutoff),
      ),
    )
    .orderBy('b.customer_id')
    .execute();
  return rows.map((r) => r.customer_id);
}

/** Credits since the cutoff that were not reversed: the part of a balance too young to expire. */
export async function youngCredits(db: Kysely<DB>, customerId: number, cutoff: number): Promise<number> {
  const { rows } = await sql<{ young: number }>`
    SELECT coalesce(sum(amount), 0) AS young FROM ledger_entries
    WHERE customer_id = ${customerId} AND amount > 0 AND created_at > ${cutoff}
      AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reverses_id = ledger_entries.id)`.execute(db);
  return Number(rows[0]?.young ?? 0);
}

export interface VisitTotals {
  spend: number;
  visits: number;
  purchases: number;
  spend12: number;
  first: number | null;
  last: number | null;
}

/** A customer's purchase and visit figures, summed by the archive over the covering index. */
export async function visitTotals(db: Kysely<DB>, customerId: number, yearAgo: number): Promise<VisitTotals> {
  const visits = tableThroughIndex(db, 'visits', 'visits_customer_time');
  const { rows } = await sql<{ spend: number; visits: number; purchases: number; spend12: number }>`
    SELECT coalesce(sum(amount_cents), 0) AS spend,
           coalesce(sum(CASE WHEN reverses_id IS NULL THEN 1 ELSE -1 END), 0) AS visits,
           coalesce(sum(CASE WHEN kind = 'purchase' THEN (CASE WHEN reverses_id IS NULL THEN 1 ELSE -1 END) ELSE 0 END), 0) AS purchases,
           coalesce(sum(CASE WHEN occurred_at > ${yearAgo} THEN amount_cents ELSE 0 END), 0) AS spend12
    FROM ${visits} WHERE customer_id = ${customerId}`.execute(db);
  // Named indexes (on SQLite): for "reverses_id IS NULL" its planner may otherwise walk the
  // unique index on reverses_id, which holds nearly every visit in the shop.
  const span = await sql<{ first: number | null; last: number | null }>`
    SELECT min(occurred_at) AS first, max(occurred_at) AS last FROM ${visits}
    WHERE customer_id = ${customerId} AND reverses_id IS NULL
      AND id NOT IN (SELECT reverses_id FROM ${visits}
                     WHERE customer_id = ${customerId} AND reverses_id IS NOT NULL)`.execute(db);
  const totals = rows[0]!;
  return {
    spend: Number(totals.spend),
    visits: Number(totals.visits),
    purchases: Number(totals.purchases),
    spend12: Number(totals.spend12),
    first: span.rows[0]?.first ?? null,
    last: span.rows[0]?.last ?? null,
  };
}
