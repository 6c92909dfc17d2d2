import type { Migration } from './types.js';

// Lists and filters: the shop's saved customer filters (a name and the filter as JSON,
// checked again whenever loaded, since a tag or field it names may be gone by then), and
// an index that reads every customer's feedback scores without reading their other notes
// (the "most satisfied" and "unhappy" lists).
export const migration005: Migration = {
  version: 5,
  name: 'lists',
  up(db) {
    db.exec(`
      CREATE TABLE saved_filters (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
        -- Folded words of the name: "Poetry lovers" and "poëtry  Lovers" are one name.
        folded TEXT NOT NULL UNIQUE,
        filter TEXT NOT NULL CHECK (json_valid(filter)),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      -- kind and deleted_at are the same on every row, but SQLite only reads an index alone
      -- (without the table) when it holds every column the query names.
      CREATE INDEX customer_entries_feedback ON customer_entries (customer_id, at, score, kind, deleted_at)
        WHERE kind = 'feedback' AND deleted_at IS NULL;
    `);
  },
};
