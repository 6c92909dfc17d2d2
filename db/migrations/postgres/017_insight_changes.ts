import type { PostgresMigration } from './types.js';

// The insights' change marker without one row every till updates (SQLite:
// db/migrations/017_insight_changes.ts, a no-op there).
//
// 007 and 010 had every purchase, undo, merge, new or archived customer bump the one row
// insight_state.version in its own transaction. On the server several tills write at once,
// and at SERIALIZABLE two transactions that update the same row conflict: one of every pair
// of tills ringing up a sale at the same moment failed and ran its sale again (and with 8
// tills, again and again). The marker only has to go up with every committed change, be
// visible in the same snapshot as the change, and never come back to a value it had: a
// sum of counters does, so each connection counts its own.
//  - insight_changes: a counter per shard; a trigger adds 1 to the shard of its connection,
//    pg_backend_pid() % 1024. Two transactions at once are on two connections, whose
//    process ids (handed out one after another) differ by less than 1024 unless the server
//    has run a long time between their connects: then they may share a shard, and the
//    later one only runs again, as every sale did before. 1024 rows at most.
//  - The marker (db/insights/state.ts insightVersion) is insight_state.version plus the
//    counters' sum, read in one statement. What changes the insights seldom (the settings,
//    a rebuild, an import, these migrations) still bumps insight_state.version.
//  - The trigger functions of 007 and 010 are replaced (same names, so their triggers
//    follow), each doing what it did with the bump moved to note_insight_change(), and the
//    dirty mark rewritten when there is one (MARK_DIRTY says why).
//    010's new-customer trigger still reads insight_state.bulk_load, which only an import
//    and the segments' refresh write.
/**
 * Marks customers dirty, rewriting the mark when they already have one. 007's ON CONFLICT DO
 * NOTHING left an existing mark alone without reading it as serializable sees reads: a
 * refresh of the segments that had read the months before this sale could then delete that
 * mark and commit, and the sale's change was in neither (found by four tills selling while
 * one asked for the pyramid). Rewriting the mark takes its row: the refresh's DELETE and
 * the sale then conflict, and whichever comes second runs again.
 */
const MARK_DIRTY = (rows: string) =>
  `INSERT INTO insight_dirty AS d (customer_id) VALUES ${rows} ON CONFLICT (customer_id) DO UPDATE SET customer_id = d.customer_id`;
const KEPT = (v: 'NEW' | 'OLD') => `CASE WHEN ${v}.reverses_id IS NULL THEN 1 ELSE -1 END`;
const VISIT_MONTH = (v: 'NEW' | 'OLD') =>
  `unix_ms_month(coalesce((SELECT o.occurred_at FROM visits o WHERE o.id = ${v}.reverses_id), ${v}.occurred_at))`;

export const migration017: PostgresMigration = {
  version: 17,
  name: 'insight_changes',
  statements: [
    `CREATE TABLE insight_changes (
      shard INTEGER PRIMARY KEY CHECK (shard BETWEEN 0 AND 1023),
      changes BIGINT NOT NULL CHECK (changes > 0)
    )`,

    `CREATE FUNCTION note_insight_change() RETURNS void LANGUAGE sql AS $$
      INSERT INTO insight_changes AS c (shard, changes) VALUES (pg_backend_pid() % 1024, 1)
        ON CONFLICT (shard) DO UPDATE SET changes = c.changes + 1
    $$`,

    `CREATE OR REPLACE FUNCTION visits_insights_i() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO customer_months AS m (customer_id, month, spend_cents, visit_count)
          VALUES (NEW.customer_id, ${VISIT_MONTH('NEW')}, NEW.amount_cents, ${KEPT('NEW')})
          ON CONFLICT (customer_id, month) DO UPDATE
            SET spend_cents = m.spend_cents + excluded.spend_cents, visit_count = m.visit_count + excluded.visit_count;
        ${MARK_DIRTY('(NEW.customer_id)')};
        PERFORM note_insight_change();
        RETURN NULL;
      END $$`,

    `CREATE OR REPLACE FUNCTION visits_insights_u() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE customer_months SET spend_cents = spend_cents - OLD.amount_cents, visit_count = visit_count - ${KEPT('OLD')}
          WHERE customer_id = OLD.customer_id AND month = ${VISIT_MONTH('OLD')};
        INSERT INTO customer_months AS m (customer_id, month, spend_cents, visit_count)
          VALUES (NEW.customer_id, ${VISIT_MONTH('NEW')}, NEW.amount_cents, ${KEPT('NEW')})
          ON CONFLICT (customer_id, month) DO UPDATE
            SET spend_cents = m.spend_cents + excluded.spend_cents, visit_count = m.visit_count + excluded.visit_count;
        ${MARK_DIRTY('(OLD.customer_id), (NEW.customer_id)')};
        PERFORM note_insight_change();
        RETURN NULL;
      END $$`,

    `CREATE OR REPLACE FUNCTION customers_insights_i() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (SELECT bulk_load FROM insight_state WHERE id = 1) = 0 THEN
          INSERT INTO customer_segments (customer_id, layer, spend_cents, visit_count, recency, frequency, monetary)
            SELECT NEW.id, 'prospect', 0, 0, 0, 0, 0 WHERE NEW.archived_at IS NULL;
          PERFORM note_insight_change();
        END IF;
        RETURN NULL;
      END $$`,

    `CREATE OR REPLACE FUNCTION customers_insights_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${MARK_DIRTY(`(CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END)`)};
        PERFORM note_insight_change();
        RETURN NULL;
      END $$`,
  ],
};
