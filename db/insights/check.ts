import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { shopMonthOf } from './shop-time.js';
import { bumpVersion } from './state.js';

// customer_months is kept by triggers (months in the shop's local time, migration 013);
// this proves it equals the visits it is made of (as `npm run cli -- check` proves the
// balances) and rebuilds it if it ever did not.

/** Every customer-month's spend and kept visits, summed afresh from the visits. */
const fromVisits = (db: Kysely<DB>) => sql`SELECT v.customer_id, ${shopMonthOf(db, sql`coalesce(o.occurred_at, v.occurred_at)`)} AS month,
    sum(v.amount_cents) AS spend_cents, sum(CASE WHEN v.reverses_id IS NULL THEN 1 ELSE -1 END) AS visit_count
  FROM visits v LEFT JOIN visits o ON o.id = v.reverses_id GROUP BY v.customer_id, month`;

export interface MonthMismatch {
  customer_id: number;
  month: number;
  kept_spend: number;
  visits_spend: number;
  kept_visits: number;
  visits_visits: number;
}

/** Customer-months where the kept figures differ from the visits' (should be none). */
export async function monthMismatches(db: Kysely<DB>): Promise<MonthMismatch[]> {
  const { rows } = await sql<MonthMismatch>`WITH fresh AS (${fromVisits(db)})
    SELECT coalesce(f.customer_id, k.customer_id) AS customer_id, coalesce(f.month, k.month) AS month,
      coalesce(k.spend_cents, 0) AS kept_spend, coalesce(f.spend_cents, 0) AS visits_spend,
      coalesce(k.visit_count, 0) AS kept_visits, coalesce(f.visit_count, 0) AS visits_visits
    FROM fresh f FULL OUTER JOIN customer_months k ON k.customer_id = f.customer_id AND k.month = f.month
    WHERE coalesce(k.spend_cents, 0) <> coalesce(f.spend_cents, 0) OR coalesce(k.visit_count, 0) <> coalesce(f.visit_count, 0)`.execute(db);
  return rows;
}

/** Rebuilds customer_months from the visits and has every segment row recomputed, in the caller's transaction. */
export async function rebuildInsights(trx: Kysely<DB>): Promise<void> {
  await sql`DELETE FROM customer_months`.execute(trx);
  await sql`INSERT INTO customer_months (customer_id, month, spend_cents, visit_count) ${fromVisits(trx)}`.execute(trx);
  // WHERE true: SQLite would otherwise read the ON of ON CONFLICT as a join's.
  await sql`INSERT INTO insight_dirty (customer_id) SELECT id FROM customers WHERE true ON CONFLICT DO NOTHING`.execute(trx);
  await sql`UPDATE insight_state SET period_from = NULL, period_to = NULL, thresholds = NULL`.execute(trx);
  await bumpVersion(trx);
}
