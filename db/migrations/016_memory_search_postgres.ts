import type { Migration } from './types.js';

// PostgreSQL gets its own index of what is written about customers
// (db/migrations/postgres/016_memory_search_postgres.ts): a plain table with a GIN index in
// place of SQLite's FTS5 memory_search, which 004 made and which stays as it is. Nothing to
// do on SQLite; the step exists so that a schema version means the same step on either engine.
export const migration016: Migration = {
  version: 16,
  name: 'memory_search_postgres',
  up() {},
};
