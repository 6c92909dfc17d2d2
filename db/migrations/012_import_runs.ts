import type { Migration } from './types.js';

// A large import is written in short transactions (a chunk of customers each), so a sale on
// another till never waits for the whole import. What keeps it all-or-nothing is this
// journal: each chunk records, in its own transaction, the ids it gave its customers and the
// tags it created; an import that fails (or that a quit or crash interrupted) is undone from
// it, chunk by chunk, and one that finishes forgets it (db/exchange/runs.ts).
//  - import_runs: one row per import; 'writing' until done, 'undoing' while taken back.
//  - import_run_chunks: the customer ids of one chunk (consecutive: one transaction gave them).
//  - import_run_tags: tags the import created, removed on undo when nobody else uses them.
//  - ledger entries stay append-only, except an undone import's own migration entries.
export const migration012: Migration = {
  version: 12,
  name: 'import_runs',
  up(db) {
    db.exec(`
      CREATE TABLE import_runs (
        id INTEGER PRIMARY KEY,
        started_at INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('writing', 'undoing', 'done', 'undone')),
        -- Moved by every chunk: a run not heard from for a while was left by a quit or crash
        -- (another till may be writing one right now: that one is left alone).
        alive_at INTEGER NOT NULL,
        finished_at INTEGER
      ) STRICT;
      CREATE TABLE import_run_chunks (
        run_id INTEGER NOT NULL REFERENCES import_runs (id),
        first_id INTEGER NOT NULL,
        last_id INTEGER NOT NULL CHECK (last_id >= first_id),
        PRIMARY KEY (run_id, first_id)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE import_run_tags (
        run_id INTEGER NOT NULL REFERENCES import_runs (id),
        tag_id INTEGER NOT NULL,
        PRIMARY KEY (run_id, tag_id)
      ) STRICT, WITHOUT ROWID;

      DROP TRIGGER ledger_entries_append_only_d;
      CREATE TRIGGER ledger_entries_append_only_d BEFORE DELETE ON ledger_entries
        WHEN NOT (OLD.kind = 'migrate' AND EXISTS (
          SELECT 1 FROM import_run_chunks c JOIN import_runs r ON r.id = c.run_id
          WHERE r.state = 'undoing' AND OLD.customer_id BETWEEN c.first_id AND c.last_id))
        BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
    `);
  },
};
