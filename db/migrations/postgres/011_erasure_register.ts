import type { PostgresMigration } from './types.js';

// The erasure register (SQLite: db/migrations/011_erasure_register.ts, which says why it
// exists): ids and times only, no foreign key, append-only, filled from the erasures the
// archive already knows.
//
// Differences from SQLite, by engine: the append-only triggers call refuse_change (002), and
// a third one refuses TRUNCATE, which SQLite does not have.
export const migration011: PostgresMigration = {
  version: 11,
  name: 'erasure_register',
  statements: [
    `CREATE TABLE erasure_register (
      customer_id BIGINT PRIMARY KEY,
      customer_created_at BIGINT NOT NULL,
      erased_at BIGINT NOT NULL
    )`,
    `CREATE TRIGGER erasure_register_append_only_u BEFORE UPDATE ON erasure_register
      FOR EACH ROW EXECUTE FUNCTION refuse_change('the erasure register is append-only')`,
    `CREATE TRIGGER erasure_register_append_only_d BEFORE DELETE ON erasure_register
      FOR EACH ROW EXECUTE FUNCTION refuse_change('the erasure register is append-only')`,
    `CREATE TRIGGER erasure_register_append_only_t BEFORE TRUNCATE ON erasure_register
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('the erasure register is append-only')`,

    `INSERT INTO erasure_register (customer_id, customer_created_at, erased_at)
      SELECT e.customer_id, c.created_at, e.erased_at FROM customer_erasures e JOIN customers c ON c.id = e.customer_id`,
  ],
};
