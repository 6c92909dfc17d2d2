import type { Migration } from './types.js';

// Print jobs: a receipt is stored as it was made (the JSON of its model) before anything
// is sent, so a printer that is off, jammed or unplugged never loses it. Printing happens
// after the sale is committed and never inside its transaction; a job records how it went.
export const migration003: Migration = {
  version: 3,
  name: 'print_jobs',
  up(db) {
    db.exec(`
      CREATE TABLE print_jobs (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('loyalty', 'redemption', 'member_card', 'test')),
        customer_id INTEGER REFERENCES customers (id),
        -- What it was made from: a visit, a redemption ledger entry, a customer; none for a test page.
        source_id INTEGER,
        receipt TEXT NOT NULL CHECK (json_valid(receipt)),
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'printed', 'failed', 'discarded')),
        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        last_error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        printed_at INTEGER,
        CHECK (status <> 'printed' OR printed_at IS NOT NULL),
        CHECK (kind = 'test' OR source_id IS NOT NULL)
      ) STRICT;
      CREATE INDEX print_jobs_unprinted ON print_jobs (created_at, id) WHERE status IN ('pending', 'failed');
      CREATE INDEX print_jobs_customer ON print_jobs (customer_id) WHERE customer_id IS NOT NULL;
    `);
  },
};
