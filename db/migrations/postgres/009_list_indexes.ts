import type { PostgresMigration } from './types.js';

// Ways into the customer filters (SQLite: db/migrations/009_list_indexes.ts): a last visit
// with a lifetime spend, and a loyalty balance of at least N, biggest first.
export const migration009: PostgresMigration = {
  version: 9,
  name: 'list_indexes',
  statements: [
    `CREATE INDEX customer_visit_stats_last_spend ON customer_visit_stats (last_visit_at, spend_cents)`,
    `CREATE INDEX loyalty_balances_balance ON loyalty_balances (balance)`,
  ],
};
