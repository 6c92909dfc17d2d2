import type { Kysely } from 'kysely';
import type { DB } from '../schema.js';

// The Today screen's reads that are not follow-ups or entries: birthdays by month and day
// (customers_birthday, a partial index without the archived) and overdue regulars
// (customer_visit_stats by the day they became overdue; db/insights/overdue.ts).

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

// Overdue regulars have one definition, shared with the insights: db/insights/overdue.ts.
export { countOverdueRegulars, countRegulars, overdueRegulars, type RegularRow } from '../insights/overdue.js';
