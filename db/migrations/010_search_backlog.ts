import type { Migration } from './types.js';

// A large import writes its customers in one transaction and leaves their counter-search
// documents to be written afterwards, a few hundred per transaction, so the till is never
// locked out for the seconds the search index costs (db/customers/search-backlog.ts).
//  - search_backlog: the search keys of customers whose documents are not in
//    customer_search / customer_numbers yet. The counter search reads them directly until
//    they are (main/api/customers/pending-search.ts).
//  - insight_state.bulk_load: set only inside an import's transaction, which then adds the
//    new customers' prospect rows in one statement instead of the insert trigger doing it
//    row by row (and bumping the version once, not 100,000 times).
export const migration010: Migration = {
  version: 10,
  name: 'search_backlog',
  up(db) {
    db.exec(`
      CREATE TABLE search_backlog (search_key INTEGER PRIMARY KEY) STRICT;

      ALTER TABLE insight_state ADD COLUMN bulk_load INTEGER NOT NULL DEFAULT 0 CHECK (bulk_load IN (0, 1));

      DROP TRIGGER customers_insights_i;
      CREATE TRIGGER customers_insights_i AFTER INSERT ON customers
        WHEN (SELECT bulk_load FROM insight_state WHERE id = 1) = 0 BEGIN
        INSERT INTO customer_segments (customer_id, layer, spend_cents, visit_count, recency, frequency, monetary)
          SELECT NEW.id, 'prospect', 0, 0, 0, 0, 0 WHERE NEW.archived_at IS NULL;
        UPDATE insight_state SET version = version + 1;
      END;
    `);
  },
};
