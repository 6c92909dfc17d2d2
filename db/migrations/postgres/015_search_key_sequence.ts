import type { PostgresMigration } from './types.js';

// customers.search_key from a sequence (SQLite: db/migrations/015_search_key_sequence.ts, a
// no-op there).
//
// The key is re-issued whenever a customer is created, edited or seen, and the highest key
// is the most recently seen customer (the counter search's order). SQLite issues the highest
// key + 1, which is safe behind its one write lock. On the server several tills write at
// once: two serializable transactions that both read max(search_key) conflict, so every
// pair of tills creating or looking up customers at the same moment failed one of them and
// ran it again (or, at READ COMMITTED, would have issued the same key twice). A sequence
// hands each transaction its own key without reading the table; nextval is never rolled
// back, so a retried transaction leaves a gap, which the order does not mind.
//  - Started above the highest key there is, so the order goes on from the keys issued so far.
//  - The column's default too, so a statement that inserts customers (an import) may leave
//    the key out and take the sequence's.
export const migration015: PostgresMigration = {
  version: 15,
  name: 'search_key_sequence',
  statements: [
    `CREATE SEQUENCE customers_search_key AS BIGINT OWNED BY customers.search_key`,
    `SELECT setval('customers_search_key', coalesce((SELECT max(search_key) FROM customers), 0) + 1, false)`,
    `ALTER TABLE customers ALTER COLUMN search_key SET DEFAULT nextval('customers_search_key')`,
  ],
};
