import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.js';

// The Today screen's reads that are not follow-ups or entries: birthdays by month and day
// (customers_birthday, a partial index without the archived) and overdue regulars
// (customer_visit_stats by the day they became overdue).

export interface MonthDays {
  month: number;
  from: number;
  to: number;
}

export interface BirthdayRow {
  id: number;
  given_name: string;
  name_prefix: string;
  family_name: string;
  birthday_day: number;
  birthday_month: number;
  birth_year: number | null;
}

/** Customers (not archived) whose birthday falls in one of the month ranges: each range read from the covering index. */
export async function birthdaysIn(db: Kysely<DB>, ranges: readonly MonthDays[]): Promise<BirthdayRow[]> {
  const out: BirthdayRow[] = [];
  for (const r of ranges) {
    const rows = await db
      .selectFrom('customers')
      .select(['id', 'given_name', 'name_prefix', 'family_name', 'birthday_day', 'birthday_month', 'birth_year'])
      .where('archived_at', 'is', null)
      .where('birthday_month', '=', r.month)
      .where('birthday_day', '>=', r.from)
      .where('birthday_day', '<=', r.to)
      .execute();
    out.push(...(rows as BirthdayRow[]));
  }
  return out;
}

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

/**
 * Regulars who became overdue between two day numbers (inclusive), biggest spenders first:
 * read down the spend index until enough are found, rather than sorting everyone overdue.
 */
export async function overdueRegulars(db: Kysely<DB>, fromDay: number, toDay: number, limit: number): Promise<RegularRow[]> {
  const { rows } = await sql<RegularRow>`SELECT c.id, c.given_name, c.name_prefix, c.family_name, s.visit_count, s.spend_cents,
      s.last_visit_at, s.usual_interval_days, s.overdue_day
    FROM customer_visit_stats s INDEXED BY customer_visit_stats_spend
    JOIN customers c ON c.id = s.customer_id
    WHERE s.overdue_day IS NOT NULL AND s.overdue_day BETWEEN ${fromDay} AND ${toDay} AND c.archived_at IS NULL
    ORDER BY s.spend_cents DESC, s.customer_id DESC
    LIMIT ${limit}`.execute(db);
  return rows;
}

/** How many: from the overdue index alone, less the archived (see countByStatus in entries.ts). */
export async function countOverdueRegulars(db: Kysely<DB>, fromDay: number, toDay: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT
      (SELECT count(*) FROM customer_visit_stats WHERE overdue_day BETWEEN ${fromDay} AND ${toDay})
    - (SELECT count(*) FROM customers c INDEXED BY customers_archived CROSS JOIN customer_visit_stats s ON s.customer_id = c.id
        WHERE c.archived_at IS NOT NULL AND s.overdue_day BETWEEN ${fromDay} AND ${toDay}) AS n`.execute(db);
  return rows[0]!.n;
}
