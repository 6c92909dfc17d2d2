import type { Migration } from './types.js';

// A sale rung up again is recorded once (main/api/loyalty/counter-handlers.ts `record`): the
// till sends a key per sale attempt, kept on the visit the sale writes. The key lives on
// `visits`, not on ledger_entries like a redemption's: every purchase and visit writes exactly
// one visits row, but one that earns nothing (a purchase below the threshold) writes no ledger
// entry. Unique where present: two tills sending the same key at once, the index decides.
// The append-only trigger (006) is made again so that the key cannot be changed either.
export const migration020: Migration = {
  version: 20,
  name: 'sale_idempotency',
  up(db) {
    db.exec(`
      ALTER TABLE visits ADD COLUMN idempotency_key TEXT CHECK (idempotency_key IS NULL OR length(idempotency_key) <= 100);
      CREATE UNIQUE INDEX visits_idempotency_key ON visits (idempotency_key) WHERE idempotency_key IS NOT NULL;

      -- 006's trigger with the key among the columns that never change.
      DROP TRIGGER visits_append_only_u;
      CREATE TRIGGER visits_append_only_u BEFORE UPDATE ON visits
        WHEN NOT (
          NEW.id IS OLD.id AND NEW.kind IS OLD.kind AND NEW.amount_cents IS OLD.amount_cents
          AND NEW.carry_cents IS OLD.carry_cents AND NEW.reverses_id IS OLD.reverses_id
          AND NEW.occurred_at IS OLD.occurred_at AND NEW.idempotency_key IS OLD.idempotency_key
          AND (
            (NEW.customer_id IS OLD.customer_id AND NEW.description IS ''
              AND (SELECT erased_at FROM customers WHERE id = OLD.customer_id) IS NOT NULL)
            OR (NEW.description IS OLD.description
              AND NEW.customer_id IS (SELECT survivor_id FROM customer_merges WHERE merged_id = OLD.customer_id))
          )
        )
        BEGIN SELECT RAISE(ABORT, 'visits are append-only'); END;
    `);
  },
};
