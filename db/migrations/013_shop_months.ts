import type { Migration } from './types.js';

// The insights count months in the shop's time zone, like its days (main/core/days.ts
// dayOf): migration 007's triggers took the month of a visit in UTC, so a sale at 00:30 on
// 1 December in Amsterdam (23:30 UTC on 30 November) counted in November.
//  - visits_insights_i / visits_insights_u: made again with the month in local time (SQLite's
//    'localtime' is the zone of the process, the machine's unless TZ says otherwise, as for
//    JavaScript's Date in main/core/insights/months.ts).
//  - customer_months: derived, so made again from the visits in local months; every
//    customer is marked dirty and the classification window forgotten, so the next
//    ensureSegments classifies everyone afresh (as db/insights/check.ts rebuildInsights does).
// Written out here rather than imported, so this step stays what it was when it landed.
const MONTH = (t: string) =>
  `(CAST(strftime('%Y', (${t}) / 1000, 'unixepoch', 'localtime') AS INTEGER) * 12 + CAST(strftime('%m', (${t}) / 1000, 'unixepoch', 'localtime') AS INTEGER) - 1)`;
const VISIT_MONTH = (v: 'NEW' | 'OLD') => MONTH(`coalesce((SELECT o.occurred_at FROM visits o WHERE o.id = ${v}.reverses_id), ${v}.occurred_at)`);
const KEPT = (v: 'NEW' | 'OLD') => `CASE WHEN ${v}.reverses_id IS NULL THEN 1 ELSE -1 END`;

export const migration013: Migration = {
  version: 13,
  name: 'shop_months',
  up(db) {
    db.exec(`
      DROP TRIGGER visits_insights_i;
      CREATE TRIGGER visits_insights_i AFTER INSERT ON visits BEGIN
        INSERT INTO customer_months (customer_id, month, spend_cents, visit_count)
          VALUES (NEW.customer_id, ${VISIT_MONTH('NEW')}, NEW.amount_cents, ${KEPT('NEW')})
          ON CONFLICT (customer_id, month) DO UPDATE
            SET spend_cents = spend_cents + excluded.spend_cents, visit_count = visit_count + excluded.visit_count;
        INSERT OR IGNORE INTO insight_dirty (customer_id) VALUES (NEW.customer_id);
        UPDATE insight_state SET version = version + 1;
      END;

      DROP TRIGGER visits_insights_u;
      CREATE TRIGGER visits_insights_u AFTER UPDATE OF customer_id ON visits
        WHEN OLD.customer_id IS NOT NEW.customer_id BEGIN
        UPDATE customer_months SET spend_cents = spend_cents - OLD.amount_cents, visit_count = visit_count - ${KEPT('OLD')}
          WHERE customer_id = OLD.customer_id AND month = ${VISIT_MONTH('OLD')};
        INSERT INTO customer_months (customer_id, month, spend_cents, visit_count)
          VALUES (NEW.customer_id, ${VISIT_MONTH('NEW')}, NEW.amount_cents, ${KEPT('NEW')})
          ON CONFLICT (customer_id, month) DO UPDATE
            SET spend_cents = spend_cents + excluded.spend_cents, visit_count = visit_count + excluded.visit_count;
        INSERT OR IGNORE INTO insight_dirty (customer_id) VALUES (OLD.customer_id), (NEW.customer_id);
        UPDATE insight_state SET version = version + 1;
      END;

      DELETE FROM customer_months;
      INSERT INTO customer_months (customer_id, month, spend_cents, visit_count)
        SELECT v.customer_id, ${MONTH('coalesce(o.occurred_at, v.occurred_at)')} AS month, sum(v.amount_cents),
               sum(CASE WHEN v.reverses_id IS NULL THEN 1 ELSE -1 END)
        FROM visits v LEFT JOIN visits o ON o.id = v.reverses_id
        GROUP BY v.customer_id, month;
      INSERT OR IGNORE INTO insight_dirty (customer_id) SELECT id FROM customers;
      UPDATE insight_state SET period_from = NULL, period_to = NULL, thresholds = NULL, version = version + 1;
    `);
  },
};
