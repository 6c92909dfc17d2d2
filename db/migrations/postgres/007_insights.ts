import type { PostgresMigration } from './types.js';

// Insights: the pyramid's settings and the tables derived from visits and customers
// (SQLite: db/migrations/007_insights.ts, which says what each holds). customer_months is
// kept in step by triggers on visits, in the writing transaction itself; the triggers also
// mark changed customers in insight_dirty and bump insight_state.version.
//
// Differences from SQLite, by engine:
//  - unix_ms_month(ms): the calendar month (UTC, year * 12 + month - 1) of a unix-ms time,
//    SQLite's strftime(… 'unixepoch') arithmetic as an immutable SQL function. It reads UTC
//    whatever the server's or the session's time zone.
//  - INSERT OR IGNORE is ON CONFLICT DO NOTHING; the upserts name the table (AS m) where
//    SQLite's bare column names mean the existing row.
//  - Trigger conditions with a subquery move into the PL/pgSQL function; simple ones stay
//    in WHEN (with IS DISTINCT FROM for SQLite's IS NOT).
//  - A new customer is still a prospect row straight away; 010 lets an import stand aside.
//  - Seeding rows: insight_settings' updated_at is the server's clock (SQLite: the app's).
const KEPT = (v: 'NEW' | 'OLD') => `CASE WHEN ${v}.reverses_id IS NULL THEN 1 ELSE -1 END`;
const VISIT_MONTH = (v: 'NEW' | 'OLD') =>
  `unix_ms_month(coalesce((SELECT o.occurred_at FROM visits o WHERE o.id = ${v}.reverses_id), ${v}.occurred_at))`;

export const migration007: PostgresMigration = {
  version: 7,
  name: 'insights',
  statements: [
    `CREATE FUNCTION unix_ms_month(ms BIGINT) RETURNS INTEGER
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT (extract(year FROM utc) * 12 + extract(month FROM utc) - 1)::INTEGER
        FROM (SELECT to_timestamp(ms / 1000) AT TIME ZONE 'UTC' AS utc) AS t
      $$`,

    `CREATE TABLE insight_settings (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      top_pct INTEGER NOT NULL,
      large_pct INTEGER NOT NULL,
      medium_pct INTEGER NOT NULL,
      period_months INTEGER NOT NULL CHECK (period_months BETWEEN 1 AND 36),
      updated_at BIGINT NOT NULL,
      CHECK (top_pct >= 1 AND top_pct < large_pct AND large_pct < medium_pct AND medium_pct <= 99)
    )`,

    `CREATE TABLE customer_months (
      customer_id BIGINT NOT NULL,
      month INTEGER NOT NULL,
      spend_cents BIGINT NOT NULL,
      visit_count INTEGER NOT NULL,
      PRIMARY KEY (customer_id, month)
    )`,

    `CREATE TABLE customer_segments (
      customer_id BIGINT PRIMARY KEY,
      layer TEXT NOT NULL CHECK (layer IN ('top', 'large', 'medium', 'small', 'inactive', 'prospect')),
      spend_cents BIGINT NOT NULL,
      visit_count INTEGER NOT NULL,
      first_month INTEGER,
      last_visit_at BIGINT,
      recency INTEGER NOT NULL CHECK (recency BETWEEN 0 AND 5),
      frequency INTEGER NOT NULL CHECK (frequency BETWEEN 0 AND 5),
      monetary INTEGER NOT NULL CHECK (monetary BETWEEN 0 AND 5)
    )`,
    `CREATE INDEX customer_segments_spend ON customer_segments (spend_cents)`,
    `CREATE INDEX customer_segments_layer ON customer_segments (layer, spend_cents)`,
    `CREATE INDEX customer_segments_visits ON customer_segments (visit_count)`,
    `CREATE INDEX customer_segments_last ON customer_segments (last_visit_at)`,
    `CREATE INDEX customer_segments_first ON customer_segments (first_month)`,

    `CREATE TABLE insight_dirty (customer_id BIGINT PRIMARY KEY)`,

    `CREATE TABLE insight_state (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      version BIGINT NOT NULL,
      period_from INTEGER,
      period_to INTEGER,
      thresholds TEXT CHECK (thresholds IS NULL OR json_valid(thresholds))
    )`,

    `CREATE FUNCTION visits_insights_i() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO customer_months AS m (customer_id, month, spend_cents, visit_count)
          VALUES (NEW.customer_id, ${VISIT_MONTH('NEW')}, NEW.amount_cents, ${KEPT('NEW')})
          ON CONFLICT (customer_id, month) DO UPDATE
            SET spend_cents = m.spend_cents + excluded.spend_cents, visit_count = m.visit_count + excluded.visit_count;
        INSERT INTO insight_dirty (customer_id) VALUES (NEW.customer_id) ON CONFLICT DO NOTHING;
        UPDATE insight_state SET version = version + 1;
        RETURN NULL;
      END $$`,
    `CREATE TRIGGER visits_insights_i AFTER INSERT ON visits
      FOR EACH ROW EXECUTE FUNCTION visits_insights_i()`,

    // A merge re-points a customer's visits to the customer they were merged into.
    `CREATE FUNCTION visits_insights_u() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE customer_months SET spend_cents = spend_cents - OLD.amount_cents, visit_count = visit_count - ${KEPT('OLD')}
          WHERE customer_id = OLD.customer_id AND month = ${VISIT_MONTH('OLD')};
        INSERT INTO customer_months AS m (customer_id, month, spend_cents, visit_count)
          VALUES (NEW.customer_id, ${VISIT_MONTH('NEW')}, NEW.amount_cents, ${KEPT('NEW')})
          ON CONFLICT (customer_id, month) DO UPDATE
            SET spend_cents = m.spend_cents + excluded.spend_cents, visit_count = m.visit_count + excluded.visit_count;
        INSERT INTO insight_dirty (customer_id) VALUES (OLD.customer_id), (NEW.customer_id) ON CONFLICT DO NOTHING;
        UPDATE insight_state SET version = version + 1;
        RETURN NULL;
      END $$`,
    `CREATE TRIGGER visits_insights_u AFTER UPDATE OF customer_id ON visits
      FOR EACH ROW WHEN (OLD.customer_id IS DISTINCT FROM NEW.customer_id)
      EXECUTE FUNCTION visits_insights_u()`,

    // A new customer is a prospect until they buy: no classification needed.
    `CREATE FUNCTION customers_insights_i() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO customer_segments (customer_id, layer, spend_cents, visit_count, recency, frequency, monetary)
          SELECT NEW.id, 'prospect', 0, 0, 0, 0, 0 WHERE NEW.archived_at IS NULL;
        UPDATE insight_state SET version = version + 1;
        RETURN NULL;
      END $$`,
    `CREATE TRIGGER customers_insights_i AFTER INSERT ON customers
      FOR EACH ROW EXECUTE FUNCTION customers_insights_i()`,

    `CREATE FUNCTION customers_insights_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO insight_dirty (customer_id) VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END)
          ON CONFLICT DO NOTHING;
        UPDATE insight_state SET version = version + 1;
        RETURN NULL;
      END $$`,
    `CREATE TRIGGER customers_insights_u AFTER UPDATE OF archived_at ON customers
      FOR EACH ROW WHEN (OLD.archived_at IS DISTINCT FROM NEW.archived_at)
      EXECUTE FUNCTION customers_insights_changed()`,
    `CREATE TRIGGER customers_insights_d AFTER DELETE ON customers
      FOR EACH ROW EXECUTE FUNCTION customers_insights_changed()`,

    `INSERT INTO insight_settings (id, top_pct, large_pct, medium_pct, period_months, updated_at)
      VALUES (1, 20, 50, 80, 12, (extract(epoch FROM clock_timestamp()) * 1000)::BIGINT)`,
    // No window yet: the first ensureSegments makes every customer's row and classifies them.
    `INSERT INTO insight_state (id, version, period_from, period_to, thresholds) VALUES (1, 1, NULL, NULL, NULL)`,
    `INSERT INTO customer_months (customer_id, month, spend_cents, visit_count)
      SELECT v.customer_id, unix_ms_month(coalesce(o.occurred_at, v.occurred_at)), sum(v.amount_cents),
             sum(CASE WHEN v.reverses_id IS NULL THEN 1 ELSE -1 END)
      FROM visits v LEFT JOIN visits o ON o.id = v.reverses_id
      GROUP BY 1, 2`,
  ],
};
