import type { PostgresMigration } from './types.js';

// A sale's idempotency key on the visit it writes (SQLite: db/migrations/020_sale_idempotency.ts,
// which says why on visits). The unique index decides between two tills sending the same key
// at once; the loser's handler then answers the winner's sale. 006's append-only function is
// replaced with the key among the columns that never change.
export const migration020: PostgresMigration = {
  version: 20,
  name: 'sale_idempotency',
  statements: [
    `ALTER TABLE visits ADD COLUMN idempotency_key TEXT CHECK (idempotency_key IS NULL OR length(idempotency_key) <= 100)`,
    `CREATE UNIQUE INDEX visits_idempotency_key ON visits (idempotency_key) WHERE idempotency_key IS NOT NULL`,
    `CREATE OR REPLACE FUNCTION visits_append_only_u() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.id IS NOT DISTINCT FROM OLD.id AND NEW.kind IS NOT DISTINCT FROM OLD.kind
          AND NEW.amount_cents IS NOT DISTINCT FROM OLD.amount_cents
          AND NEW.carry_cents IS NOT DISTINCT FROM OLD.carry_cents AND NEW.reverses_id IS NOT DISTINCT FROM OLD.reverses_id
          AND NEW.occurred_at IS NOT DISTINCT FROM OLD.occurred_at
          AND NEW.idempotency_key IS NOT DISTINCT FROM OLD.idempotency_key
          AND (
            (NEW.customer_id IS NOT DISTINCT FROM OLD.customer_id AND NEW.description IS NOT DISTINCT FROM ''
              AND (SELECT erased_at FROM customers WHERE id = OLD.customer_id) IS NOT NULL)
            OR (NEW.description IS NOT DISTINCT FROM OLD.description
              AND NEW.customer_id IS NOT DISTINCT FROM (SELECT survivor_id FROM customer_merges WHERE merged_id = OLD.customer_id))
          )
        THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'visits are append-only';
      END $$`,
  ],
};
