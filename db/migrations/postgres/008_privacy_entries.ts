import type { PostgresMigration } from './types.js';

// Indexes for erasing and merging on a big archive (SQLite: db/migrations/008_privacy_entries.ts):
// every entry of one customer, soft-deleted ones included, and the contact marks pointing at
// an entry (the foreign key contact_wish_id, looked up for every entry deleted).
export const migration008: PostgresMigration = {
  version: 8,
  name: 'privacy_entries',
  statements: [
    `CREATE INDEX customer_entries_customer ON customer_entries (customer_id, id)`,
    `CREATE INDEX customer_entries_wish_marks ON customer_entries (contact_wish_id) WHERE contact_wish_id IS NOT NULL`,
  ],
};
