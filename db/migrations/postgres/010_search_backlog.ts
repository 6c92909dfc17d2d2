import type { PostgresMigration } from './types.js';

// The search backlog and the import's bulk-load switch (SQLite: db/migrations/010_search_backlog.ts).
//  - search_backlog: search keys of customers whose search documents are not written yet.
//    The table is kept on PostgreSQL too: how its search index is written (and whether it
//    needs a backlog) is for its own implementation (001), and an empty table costs nothing.
//  - insight_state.bulk_load: set only inside an import's transaction, which then adds the
//    new customers' prospect rows in one statement; the insert trigger stands aside. SQLite
//    drops and makes the trigger again; here its function is replaced.
export const migration010: PostgresMigration = {
  version: 10,
  name: 'search_backlog',
  statements: [
    `CREATE TABLE search_backlog (search_key BIGINT PRIMARY KEY)`,

    `ALTER TABLE insight_state ADD COLUMN bulk_load INTEGER NOT NULL DEFAULT 0 CHECK (bulk_load IN (0, 1))`,

    // No insight_state row, or bulk_load NULL, stands aside as in SQLite (NULL = 0 is not true).
    `CREATE OR REPLACE FUNCTION customers_insights_i() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (SELECT bulk_load FROM insight_state WHERE id = 1) = 0 THEN
          INSERT INTO customer_segments (customer_id, layer, spend_cents, visit_count, recency, frequency, monetary)
            SELECT NEW.id, 'prospect', 0, 0, 0, 0, 0 WHERE NEW.archived_at IS NULL;
          UPDATE insight_state SET version = version + 1;
        END IF;
        RETURN NULL;
      END $$`,
  ],
};
