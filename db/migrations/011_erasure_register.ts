import type { Migration } from './types.js';

// The erasure register: a promise made to a customer outlives the backups taken before it.
// Restoring a backup (or copying one over the archive) would bring an erased customer back;
// main/node/backup carries this register across every restore and erases again each
// customer it names who came back un-erased (db/privacy/register.ts).
//  - Ids and times only, no personal data, so it may be kept for good, here and in the data
//    folder's erasures.json.
//  - No foreign key: a restore merges in erasures of customers the backup never held.
//  - customer_created_at: a backup older than a customer reuses that customer's id for the
//    next new one (ids are max + 1); only the row created at that moment is the same person.
//  - Append-only: a registered erasure is never taken back.
export const migration011: Migration = {
  version: 11,
  name: 'erasure_register',
  up(db) {
    db.exec(`
      CREATE TABLE erasure_register (
        customer_id INTEGER PRIMARY KEY,
        customer_created_at INTEGER NOT NULL,
        erased_at INTEGER NOT NULL
      ) STRICT;
      CREATE TRIGGER erasure_register_append_only_u BEFORE UPDATE ON erasure_register
        BEGIN SELECT RAISE(ABORT, 'the erasure register is append-only'); END;
      CREATE TRIGGER erasure_register_append_only_d BEFORE DELETE ON erasure_register
        BEGIN SELECT RAISE(ABORT, 'the erasure register is append-only'); END;

      INSERT INTO erasure_register (customer_id, customer_created_at, erased_at)
        SELECT e.customer_id, c.created_at, e.erased_at FROM customer_erasures e JOIN customers c ON c.id = e.customer_id;
    `);
  },
};
