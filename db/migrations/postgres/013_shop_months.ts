import type { PostgresMigration } from './types.js';

// The insights count months in the shop's time zone (SQLite: db/migrations/013_shop_months.ts):
// 007 took the month of a visit in UTC, so a sale at 00:30 on 1 December in Amsterdam
// (23:30 UTC on 30 November) counted in November.
//
// THE SHOP'S ZONE ON A SHARED SERVER. SQLite's 'localtime' is the zone of the app's process.
// Here several tills write to one server, and every one of them must count the same month:
// the shop's. So unix_ms_month() now reads the session's TimeZone setting, and the app sets
// the shop's zone on every connection of its pool (every connection, not the server's or
// the database's default: a server is often set to UTC, and one in another country may serve
// the shop). A trigger runs in the session that wrote the row, so a connection left on
// another zone would count that till's sales in its own months; and this migration's own
// rebuild below runs in the migrating session's zone, so migratePostgres runs on the app's
// pool like every other write.
//  - unix_ms_month(ms): replaced (same name and signature, so the triggers of 007 and every
//    caller follow it without being made again; SQLite's 013 makes its triggers again only
//    because their month arithmetic is written inline). It is STABLE, no longer IMMUTABLE:
//    its answer depends on a setting, so PostgreSQL refuses it in an index expression and
//    never folds it into a plan made under another zone.
//  - customer_months: derived, so made again from the visits in local months; every
//    customer is marked dirty and the classification window forgotten, so the next
//    ensureSegments classifies everyone afresh.
// 001–010 are left as they landed on this branch (forward-only, like SQLite): at version
// 7–12 both engines count UTC months, from 13 on both count the shop's.
export const migration013: PostgresMigration = {
  version: 13,
  name: 'shop_months',
  statements: [
    // year * 12 + month - 1 of the wall-clock time in the session's zone (timestamptz ->
    // timestamp converts with TimeZone). Milliseconds kept, as JavaScript's Date reads them.
    `CREATE OR REPLACE FUNCTION unix_ms_month(ms BIGINT) RETURNS INTEGER
      LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
        SELECT (extract(year FROM to_timestamp(ms::float8 / 1000)::timestamp) * 12
          + extract(month FROM to_timestamp(ms::float8 / 1000)::timestamp) - 1)::INTEGER
      $$`,

    `DELETE FROM customer_months`,
    `INSERT INTO customer_months (customer_id, month, spend_cents, visit_count)
      SELECT v.customer_id, unix_ms_month(coalesce(o.occurred_at, v.occurred_at)), sum(v.amount_cents),
             sum(CASE WHEN v.reverses_id IS NULL THEN 1 ELSE -1 END)
      FROM visits v LEFT JOIN visits o ON o.id = v.reverses_id
      GROUP BY 1, 2`,
    `INSERT INTO insight_dirty (customer_id) SELECT id FROM customers ON CONFLICT DO NOTHING`,
    `UPDATE insight_state SET period_from = NULL, period_to = NULL, thresholds = NULL, version = version + 1`,
  ],
};
