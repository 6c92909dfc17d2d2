import { sql, type Kysely } from 'kysely';
import { joinInOrder, tableThroughIndex } from '../engine.js';
import type { DB } from '../schema.js';

// Overdue regulars (the one definition: main/core/insights/overdue.ts), for the Today
// screen and the insights. customer_visit_stats keeps each customer's overdue day (the day
// their absence passes twice their usual interval), so "overdue today" is overdue_day <=
// today; `fromDay` narrows it to those who crossed that line lately (null: whenever).
// Listed by what they are worth (lifetime spend), read down the spend index until enough
// are found rather than sorting everyone overdue.

export interface RegularRow {
  id: number;
  given_name: string;
  name_prefix: string;
  family_name: string;
  visit_count: number;
  spend_cents: number;
  last_visit_at: number;
  usual_interval_days: number;
  overdue_day: number;
}

const since = (fromDay: number | null) => (fromDay === null ? sql`` : sql`AND s.overdue_day >= ${fromDay}`);

export async function overdueRegulars(db: Kysely<DB>, fromDay: number | null, toDay: number, limit: number, offset = 0): Promise<RegularRow[]> {
  const { rows } = await sql<RegularRow>`SELECT c.id, c.given_name, c.name_prefix, c.family_name, s.visit_count, s.spend_cents,
      s.last_visit_at, s.usual_interval_days, s.overdue_day
    FROM ${tableThroughIndex(db, 'customer_visit_stats', 'customer_visit_stats_spend', 's')}
    JOIN customers c ON c.id = s.customer_id
    WHERE s.overdue_day IS NOT NULL AND s.overdue_day <= ${toDay} ${since(fromDay)} AND c.archived_at IS NULL
    ORDER BY s.spend_cents DESC, s.customer_id DESC
    LIMIT ${limit} OFFSET ${offset}`.execute(db);
  return rows;
}

/** The archived customers (few, through their own partial index) as the outer loop of a join. */
const archivedCustomers = (db: Kysely<DB>) => sql`${tableThroughIndex(db, 'customers', 'customers_archived', 'c')} ${joinInOrder(db)}`;

/**
 * How many regulars the shop has at all, overdue or not (every customer with a usual
 * interval has an overdue day): an empty overdue list means "all came back in time" only
 * when there are some. From the overdue index, less the archived, like the count below.
 */
export async function countRegulars(db: Kysely<DB>): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT
      (SELECT count(*) FROM customer_visit_stats s WHERE s.overdue_day IS NOT NULL)
    - (SELECT count(*) FROM ${archivedCustomers(db)} customer_visit_stats s ON s.customer_id = c.id
        WHERE c.archived_at IS NOT NULL AND s.overdue_day IS NOT NULL) AS n`.execute(db);
  return rows[0]!.n;
}

/** How many: from the overdue index alone, less the archived (few, through their own partial index). */
export async function countOverdueRegulars(db: Kysely<DB>, fromDay: number | null, toDay: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT
      (SELECT count(*) FROM customer_visit_stats s WHERE s.overdue_day <= ${toDay} ${since(fromDay)})
    - (SELECT count(*) FROM ${archivedCustomers(db)} customer_visit_stats s ON s.customer_id = c.id
        WHERE c.archived_at IS NOT NULL AND s.overdue_day <= ${toDay} ${since(fromDay)}) AS n`.execute(db);
  return rows[0]!.n;
}
