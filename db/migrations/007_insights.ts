import type { Migration } from './types.js';

// Insights: Curry's customer pyramid, RFM scores, movement between periods.
//
// insight_settings (one row, travels with backups): the pyramid's cut-offs as cumulative
// revenue percents and the length of the default period in months.
//
// Everything else here is derived from visits and customers — a cache, never the source of
// truth — and can be rebuilt from them at any time (db/insights/check.ts):
//  - customer_months: per customer and calendar month (UTC, year * 12 + month - 1) the spend
//    and the number of kept visits. An undo counts in the month of what it undoes, so an
//    undone purchase nets to nothing. Kept in step by triggers on visits, in the writing
//    transaction itself, so no writer (the counter, an import, a merge) can leave it behind.
//  - customer_segments: every non-archived customer's standing in the default period
//    (spend, visits), their first month with a kept visit and last visit, and the layer and
//    scores db/insights/segments.ts classifies them into. The triggers keep its rows'
//    existence in step and mark changed customers in insight_dirty; ensureSegments brings
//    the figures and classification up to date before anything reads them.
//  - insight_state: `version` goes up with every change the insights depend on (caches
//    compare it); the window and thresholds the segments were last classified with.
const MONTH = (t: string) =>
  `(CAST(strftime('%Y', (${t}) / 1000, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', (${t}) / 1000, 'unixepoch') AS INTEGER) - 1)`;
const VISIT_MONTH = (v: 'NEW' | 'OLD') => MONTH(`coalesce((SELECT o.occurred_at FROM visits o WHERE o.id = ${v}.reverses_id), ${v}.occurred_at)`);
const KEPT = (v: 'NEW' | 'OLD') => `CASE WHEN ${v}.reverses_id IS NULL THEN 1 ELSE -1 END`;

export const migration007: Migration = {
  version: 7,
  name: 'insights',
  up(db) {
    db.exec(`
      CREATE TABLE insight_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        top_pct INTEGER NOT NULL,
        large_pct INTEGER NOT NULL,
        medium_pct INTEGER NOT NULL,
        period_months INTEGER NOT NULL CHECK (period_months BETWEEN 1 AND 36),
        updated_at INTEGER NOT NULL,
        CHECK (top_pct >= 1 AND top_pct < large_pct AND large_pct < medium_pct AND medium_pct <= 99)
      ) STRICT;

      CREATE TABLE customer_months (
        customer_id INTEGER NOT NULL,
        month INTEGER NOT NULL,
        spend_cents INTEGER NOT NULL,
        visit_count INTEGER NOT NULL,
        PRIMARY KEY (customer_id, month)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE customer_segments (
        customer_id INTEGER PRIMARY KEY,
        layer TEXT NOT NULL CHECK (layer IN ('top', 'large', 'medium', 'small', 'inactive', 'prospect')),
        spend_cents INTEGER NOT NULL,
        visit_count INTEGER NOT NULL,
        first_month INTEGER,
        last_visit_at INTEGER,
        recency INTEGER NOT NULL CHECK (recency BETWEEN 0 AND 5),
        frequency INTEGER NOT NULL CHECK (frequency BETWEEN 0 AND 5),
        monetary INTEGER NOT NULL CHECK (monetary BETWEEN 0 AND 5)
      ) STRICT;
      -- The paying layers' cuts and lists (biggest first), and the score thresholds, read
      -- from indexes alone.
      CREATE INDEX customer_segments_spend ON customer_segments (spend_cents);
      CREATE INDEX customer_segments_layer ON customer_segments (layer, spend_cents);
      CREATE INDEX customer_segments_visits ON customer_segments (visit_count);
      CREATE INDEX customer_segments_last ON customer_segments (last_visit_at);
      CREATE INDEX customer_segments_first ON customer_segments (first_month);

      CREATE TABLE insight_dirty (customer_id INTEGER PRIMARY KEY) STRICT;

      CREATE TABLE insight_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        version INTEGER NOT NULL,
        period_from INTEGER,
        period_to INTEGER,
        -- JSON: the cut-offs, layer cuts and score thresholds the rows were classified with.
        thresholds TEXT CHECK (thresholds IS NULL OR json_valid(thresholds))
      ) STRICT;

      CREATE TRIGGER visits_insights_i AFTER INSERT ON visits BEGIN
        INSERT INTO customer_months (customer_id, month, spend_cents, visit_count)
          VALUES (NEW.customer_id, ${VISIT_MONTH('NEW')}, NEW.amount_cents, ${KEPT('NEW')})
          ON CONFLICT (customer_id, month) DO UPDATE
            SET spend_cents = spend_cents + excluded.spend_cents, visit_count = visit_count + excluded.visit_count;
        INSERT OR IGNORE INTO insight_dirty (customer_id) VALUES (NEW.customer_id);
        UPDATE insight_state SET version = version + 1;
      END;

      -- A merge re-points a customer's visits to the customer they were merged into.
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

      -- A new customer is a prospect until they buy: no classification needed.
      CREATE TRIGGER customers_insights_i AFTER INSERT ON customers BEGIN
        INSERT INTO customer_segments (customer_id, layer, spend_cents, visit_count, recency, frequency, monetary)
          SELECT NEW.id, 'prospect', 0, 0, 0, 0, 0 WHERE NEW.archived_at IS NULL;
        UPDATE insight_state SET version = version + 1;
      END;
      CREATE TRIGGER customers_insights_u AFTER UPDATE OF archived_at ON customers
        WHEN OLD.archived_at IS NOT NEW.archived_at BEGIN
        INSERT OR IGNORE INTO insight_dirty (customer_id) VALUES (NEW.id);
        UPDATE insight_state SET version = version + 1;
      END;
      CREATE TRIGGER customers_insights_d AFTER DELETE ON customers BEGIN
        INSERT OR IGNORE INTO insight_dirty (customer_id) VALUES (OLD.id);
        UPDATE insight_state SET version = version + 1;
      END;
    `);
    db.prepare('INSERT INTO insight_settings (id, top_pct, large_pct, medium_pct, period_months, updated_at) VALUES (1, 20, 50, 80, 12, ?)').run(Date.now());
    // No window yet: the first ensureSegments makes every customer's row and classifies them.
    db.exec('INSERT INTO insight_state (id, version, period_from, period_to, thresholds) VALUES (1, 1, NULL, NULL, NULL)');
    db.exec(`
      INSERT INTO customer_months (customer_id, month, spend_cents, visit_count)
        SELECT v.customer_id, ${MONTH('coalesce(o.occurred_at, v.occurred_at)')} AS month, sum(v.amount_cents),
               sum(CASE WHEN v.reverses_id IS NULL THEN 1 ELSE -1 END)
        FROM visits v LEFT JOIN visits o ON o.id = v.reverses_id
        GROUP BY v.customer_id, month;
    `);
  },
};
