import type { Migration } from './types.js';

// Ways into the customer filters (db/lists/customers.ts) for the criteria that had no index:
// a last visit before or after a day together with a lifetime spend (read from one covering
// index: the customer id is the table's rowid), and a loyalty balance of at least N (also
// the "reward waiting" list, read biggest balance first without sorting). Each costs an
// index update per visit or ledger entry, next to the row update that happens anyway.
export const migration009: Migration = {
  version: 9,
  name: 'list_indexes',
  up(db) {
    db.exec(`
      CREATE INDEX customer_visit_stats_last_spend ON customer_visit_stats (last_visit_at, spend_cents);
      CREATE INDEX loyalty_balances_balance ON loyalty_balances (balance);
    `);
  },
};
