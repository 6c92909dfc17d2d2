import type { PostgresMigration } from './types.js';

// The shop's days in its time zone wherever a moment becomes a day (SQLite:
// db/migrations/014_shop_days.ts; main/core/days.ts shopDayNumber), as 013 did for months.
//  - unix_ms_day(ms): the day number (days since 1970-01-01) of the shop's calendar day at
//    a moment, in the session's TimeZone like unix_ms_month (013 says why every connection
//    sets the shop's zone, and why this is STABLE and not IMMUTABLE).
//  - customer_visit_stats: made again from the visits, counted in local days. SQLite's 014
//    calls rebuildVisitStats (TypeScript, db/memory/visit-stats.ts); here the same rebuild is
//    one SQL statement, so a server holding visits at version 13 is migrated rather than
//    refused (unlike 004, which refuses visits it cannot build statistics for). It is
//    visitStatsOf written out, with its constants (main/core/insights/overdue.ts
//    MIN_VISIT_DAYS = 3, OVERDUE_FACTOR = 2) written in, so this step stays what it was when
//    it landed:
//      kept visits: neither a reversal nor reversed (by a visit of the same customer);
//      count, spend and last visit of the kept ones; no row for a customer with none;
//      usual interval: the median gap between distinct visit days, the mean of the middle
//      two rounded half up (Math.round) when even, only with at least 3 visit days;
//      overdue_day: the day of the last visit + 2 * usual interval + 1.
//    tests/db/postgres-migrations.test.ts checks it against visitStatsOf on the same visits.
//  - customer_segments: every customer is marked dirty and the thresholds forgotten, so the
//    next ensureSegments reads everyone's last visit day afresh and classifies everyone again.
export const migration014: PostgresMigration = {
  version: 14,
  name: 'shop_days',
  statements: [
    `CREATE FUNCTION unix_ms_day(ms BIGINT) RETURNS INTEGER
      LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
        SELECT to_timestamp(ms::float8 / 1000)::date - DATE '1970-01-01'
      $$`,

    `DELETE FROM customer_visit_stats`,
    `INSERT INTO customer_visit_stats
        (customer_id, visit_count, spend_cents, last_visit_at, usual_interval_days, overdue_day, updated_at)
      WITH kept AS (
        SELECT v.customer_id, v.amount_cents, v.occurred_at FROM visits v
        WHERE v.reverses_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM visits r WHERE r.reverses_id = v.id AND r.customer_id = v.customer_id)
      ), days AS (
        SELECT DISTINCT customer_id, unix_ms_day(occurred_at) AS day FROM kept
      ), gaps AS (
        SELECT customer_id, day - lag(day) OVER (PARTITION BY customer_id ORDER BY day) AS gap FROM days
      ), usual AS (
        SELECT customer_id, floor(percentile_cont(0.5) WITHIN GROUP (ORDER BY gap) + 0.5)::INTEGER AS days
        FROM gaps WHERE gap IS NOT NULL
        -- At least 3 visit days: 2 gaps.
        GROUP BY customer_id HAVING count(*) >= 2
      )
      SELECT k.customer_id, count(*), sum(k.amount_cents), max(k.occurred_at), u.days,
             unix_ms_day(max(k.occurred_at)) + 2 * u.days + 1,
             (extract(epoch FROM clock_timestamp()) * 1000)::BIGINT
      FROM kept k LEFT JOIN usual u ON u.customer_id = k.customer_id
      GROUP BY k.customer_id, u.days`,

    `INSERT INTO insight_dirty (customer_id) SELECT id FROM customers ON CONFLICT DO NOTHING`,
    `UPDATE insight_state SET thresholds = NULL, version = version + 1`,
  ],
};
