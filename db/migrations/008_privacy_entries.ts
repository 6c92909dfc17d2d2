import type { Migration } from './types.js';

// Indexes for erasing and merging on a big archive (1 M notes: 2.3 s per erasure without
// them; docs/BENCHMARKS.md, Privacy). The timeline's own indexes are partial (deleted_at IS
// NULL), and neither can serve:
//  - every entry of one customer, soft-deleted ones included (an erasure deletes them all,
//    a merge moves them all);
//  - the contact marks pointing at an entry, which SQLite looks up for every entry deleted
//    (the foreign key contact_wish_id): without an index, a walk of the whole table each.
export const migration008: Migration = {
  version: 8,
  name: 'privacy_entries',
  up(db) {
    db.exec(`
      CREATE INDEX customer_entries_customer ON customer_entries (customer_id, id);
      CREATE INDEX customer_entries_wish_marks ON customer_entries (contact_wish_id) WHERE contact_wish_id IS NOT NULL;
    `);
  },
};
