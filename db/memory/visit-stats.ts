import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { overdueDay, usualInterval } from '../../main/core/insights/overdue.js';
import { shopDayNumber } from '../../main/core/days.js';
import type { DB } from '../schema.js';

// customer_visit_stats: per customer, what their kept visits say (count, spend, last visit,
// usual interval = median gap between visit days, as the loyalty profile computes it) and
// the day from which they count as overdue (main/core/insights/overdue.ts: absent for more
// than twice their usual interval). Refreshed from the customer's visits in the same
// transaction as each visit written through db/loyalty/repo.ts (insertVisit), like
// loyalty_balances with the ledger.
// Its days are the shop's local days (main/core/days.ts shopDayNumber; migration 014 made
// the rows of archives written with UTC days again).
// Changing what it means needs a migration that calls rebuildVisitStats again.

export interface VisitFact {
  id: number;
  amount_cents: number;
  reverses_id: number | null;
  occurred_at: number;
}

export interface VisitStats {
  visit_count: number;
  spend_cents: number;
  last_visit_at: number;
  usual_interval_days: number | null;
  overdue_day: number | null;
}

/** Stats of one customer's visits (any order), or null when none are kept. */
export function visitStatsOf(visits: readonly VisitFact[]): VisitStats | null {
  const reversed = new Set<number>();
  for (const v of visits) if (v.reverses_id !== null) reversed.add(v.reverses_id);
  let count = 0;
  let spend = 0;
  let last = -Infinity;
  const times: number[] = [];
  for (const v of visits) {
    if (v.reverses_id !== null || reversed.has(v.id)) continue;
    count++;
    spend += v.amount_cents;
    last = Math.max(last, v.occurred_at);
    times.push(v.occurred_at);
  }
  if (count === 0) return null;
  const interval = usualInterval(times);
  return {
    visit_count: count,
    spend_cents: spend,
    last_visit_at: last,
    usual_interval_days: interval,
    overdue_day: interval === null ? null : overdueDay(shopDayNumber(last), interval),
  };
}

/** Recomputes one customer's row from their visits, in the caller's transaction. */
export async function refreshVisitStats(db: Kysely<DB>, customerId: number, now: number): Promise<void> {
  const visits = await db
    .selectFrom('visits')
    .select(['id', 'amount_cents', 'reverses_id', 'occurred_at'])
    .where('customer_id', '=', customerId)
    .execute();
  const stats = visitStatsOf(visits);
  if (!stats) {
    await db.deleteFrom('customer_visit_stats').where('customer_id', '=', customerId).execute();
    return;
  }
  await db
    .insertInto('customer_visit_stats')
    .values({ customer_id: customerId, ...stats, updated_at: now })
    .onConflict((oc) => oc.column('customer_id').doUpdateSet({ ...stats, updated_at: now }))
    .execute();
}

/**
 * Rebuilds every customer's row from the visits table, on the raw connection, inside the
 * caller's transaction (migration 004; bulk loads that wrote visits directly).
 */
export function rebuildVisitStats(sqlite: BetterSqlite3.Database, now: number): number {
  sqlite.exec('DELETE FROM customer_visit_stats');
  const insert = sqlite.prepare(`INSERT INTO customer_visit_stats
    (customer_id, visit_count, spend_cents, last_visit_at, usual_interval_days, overdue_day, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  // A range of customers at a time: better-sqlite3 cannot write while a read is open, and a
  // whole archive's visits need not sit in memory at once.
  const range = sqlite.prepare(`SELECT customer_id, id, amount_cents, reverses_id, occurred_at FROM visits
    WHERE customer_id BETWEEN ? AND ? ORDER BY customer_id, id`);
  const last = (sqlite.prepare('SELECT max(customer_id) FROM visits').pluck().get() as number | null) ?? 0;
  const STEP = 2000;
  let written = 0;
  for (let from = 0; from <= last; from += STEP) {
    const rows = range.all(from, from + STEP - 1) as (VisitFact & { customer_id: number })[];
    let i = 0;
    while (i < rows.length) {
      const customerId = rows[i]!.customer_id;
      let j = i;
      while (j < rows.length && rows[j]!.customer_id === customerId) j++;
      const stats = visitStatsOf(rows.slice(i, j));
      if (stats) {
        insert.run(customerId, stats.visit_count, stats.spend_cents, stats.last_visit_at, stats.usual_interval_days, stats.overdue_day, now);
        written++;
      }
      i = j;
    }
  }
  return written;
}
