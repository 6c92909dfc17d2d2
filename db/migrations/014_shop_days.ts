import { rebuildVisitStats } from '../memory/visit-stats.js';
import type { Migration } from './types.js';

// The shop's days in its time zone wherever a moment becomes a day (main/core/days.ts
// shopDayNumber, the day number of dayOf), as 013 did for its months: a visit at 00:30 in
// Amsterdam (23:30 UTC the day before) was counted on the day before.
//  - customer_visit_stats: the usual interval (median gap between visit days) and
//    overdue_day (a day number, which migration 004 described as UTC) were counted in UTC
//    days. Derived from the visits, so made again from them with local days, by the code
//    that keeps them (as 004 first made them).
//  - customer_segments: recency scores were cut at UTC midnights. Every customer is marked
//    dirty and the thresholds forgotten, so the next ensureSegments reads everyone's last
//    visit day afresh and classifies everyone again.
// The zone is the process's ('localtime' and Date alike), the machine's unless TZ says otherwise.
export const migration014: Migration = {
  version: 14,
  name: 'shop_days',
  up(db) {
    rebuildVisitStats(db, Date.now());
    db.exec(`
      INSERT OR IGNORE INTO insight_dirty (customer_id) SELECT id FROM customers;
      UPDATE insight_state SET thresholds = NULL, version = version + 1;
    `);
  },
};
