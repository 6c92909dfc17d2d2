import type { Migration } from './types.js';

// PostgreSQL counts the customers of a tag once per statement (db/migrations/postgres/018_tag_counts_per_statement.ts)
// so that an import tagging thousands of customers does not rewrite the same tags row once per customer.
// Nothing to do on SQLite: its per-row triggers (004) update the row in place, with one writer
// at a time and no row versions left behind, so a row's thousandth update costs what its first did.
// The step exists so that a schema version means the same step on either engine.
export const migration018: Migration = {
  version: 18,
  name: 'tag_counts_per_statement',
  up() {},
};
