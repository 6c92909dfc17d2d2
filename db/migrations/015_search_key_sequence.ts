import type { Migration } from './types.js';

// PostgreSQL issues customers.search_key from a sequence (db/migrations/postgres/015_search_key_sequence.ts)
// so that tills creating and seeing customers at once do not all read the highest key.
// Nothing to do on SQLite: the file has one writer at a time (BEGIN IMMEDIATE), so the
// highest key + 1, read inside the write transaction, is always free (db/customers/search-key.ts).
// The step exists so that a schema version means the same step on either engine.
export const migration015: Migration = {
  version: 15,
  name: 'search_key_sequence',
  up() {},
};
