import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { bumpVersion } from './state.js';

// customer_months is kept by triggers (months in the shop's local time, migration 013);
// this proves it equals the visits it is made of (as `npm run cli -- check` proves the
// balances) and rebuilds it if it ever did not.

const FROM_VISITS = sql`SELECT v.customer_id,
    CAST(strftime('%Y', coalesce(o.occurred_at, v.occurred_at) / 1000, 'unixepoch', 'localtime') AS INTEGER) * 12
      + CAST(strftime('%m', coalesce(o.occurred_at, v.occurred_at) / 1000, 'unixepoch', 'localtime') AS INTEGER) - 1 AS month,
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
  const { rows } = await sql<MonthMismatch>`WITH fresh AS (${FROM_VISITS})
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
  await sql`INSERT INTO customer_months (customer_id, month, spend_cents, visit_count) ${FROM_VISITS}`.execute(trx);
  await sql`INSERT OR IGNORE INTO insight_dirty (customer_id) SELECT id FROM customers`.execute(trx);
  await sql`UPDATE insight_state SET period_from = NULL, period_to = NULL, thresholds = NULL`.execute(trx);
  await bumpVersion(trx);
}
