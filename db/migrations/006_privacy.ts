import type { Migration } from './types.js';

// Privacy: erasing a customer (GDPR/AVG) and merging duplicates.
//
// An erased customer keeps an anonymous row (customers.erased_at, archived, no personal
// fields), so that their purchases and stamps stay in the books; everything written about
// them is deleted. A merged-away customer becomes the same kind of row, with a
// customer_merges row naming the customer it was merged into, so an old link (or card)
// still leads somewhere.
//
// Visits and ledger entries stay append-only. The triggers are replaced by ones that refuse
// everything except two sanctioned changes, each with every other column unchanged:
//  - blanking the free text (visit description, ledger reason) of an erased customer's row;
//  - re-pointing a merged-away customer's row to the customer it was merged into.
// Earlier versions of notes may be deleted only once their customer is erased. An erased
// row's personal columns cannot be filled in again, nor the row restored from the archive.
export const migration006: Migration = {
  version: 6,
  name: 'privacy',
  up(db) {
    db.exec(`
      ALTER TABLE customers ADD COLUMN erased_at INTEGER;

      CREATE TABLE customer_merges (
        merged_id INTEGER PRIMARY KEY REFERENCES customers (id),
        survivor_id INTEGER NOT NULL REFERENCES customers (id),
        merged_at INTEGER NOT NULL,
        staff TEXT NOT NULL DEFAULT '' CHECK (length(staff) <= 40),
        CHECK (survivor_id <> merged_id)
      ) STRICT;
      CREATE INDEX customer_merges_survivor ON customer_merges (survivor_id);
      CREATE TRIGGER customer_merges_append_only_u BEFORE UPDATE ON customer_merges
        BEGIN SELECT RAISE(ABORT, 'merges are append-only'); END;
      CREATE TRIGGER customer_merges_append_only_d BEFORE DELETE ON customer_merges
        BEGIN SELECT RAISE(ABORT, 'merges are append-only'); END;

      -- One row per erasure. scrubbed_at: when the search indexes were merged, the file
      -- vacuumed and the WAL truncated, so that no old page still holds what was erased.
      CREATE TABLE customer_erasures (
        customer_id INTEGER PRIMARY KEY REFERENCES customers (id),
        erased_at INTEGER NOT NULL,
        staff TEXT NOT NULL DEFAULT '' CHECK (length(staff) <= 40),
        scrubbed_at INTEGER
      ) STRICT;
      CREATE INDEX customer_erasures_pending ON customer_erasures (erased_at) WHERE scrubbed_at IS NULL;

      -- Comparisons with IS, never =: a NULL in a WHEN clause would let the update through.
      DROP TRIGGER visits_append_only_u;
      CREATE TRIGGER visits_append_only_u BEFORE UPDATE ON visits
        WHEN NOT (
          NEW.id IS OLD.id AND NEW.kind IS OLD.kind AND NEW.amount_cents IS OLD.amount_cents
          AND NEW.carry_cents IS OLD.carry_cents AND NEW.reverses_id IS OLD.reverses_id
          AND NEW.occurred_at IS OLD.occurred_at
          AND (
            (NEW.customer_id IS OLD.customer_id AND NEW.description IS ''
              AND (SELECT erased_at FROM customers WHERE id = OLD.customer_id) IS NOT NULL)
            OR (NEW.description IS OLD.description
              AND NEW.customer_id IS (SELECT survivor_id FROM customer_merges WHERE merged_id = OLD.customer_id))
          )
        )
        BEGIN SELECT RAISE(ABORT, 'visits are append-only'); END;

      DROP TRIGGER ledger_entries_append_only_u;
      CREATE TRIGGER ledger_entries_append_only_u BEFORE UPDATE ON ledger_entries
        WHEN NOT (
          NEW.id IS OLD.id AND NEW.kind IS OLD.kind AND NEW.amount IS OLD.amount AND NEW.visit_id IS OLD.visit_id
          AND NEW.reward_id IS OLD.reward_id AND NEW.reverses_id IS OLD.reverses_id AND NEW.program_id IS OLD.program_id
          AND NEW.code IS OLD.code AND NEW.idempotency_key IS OLD.idempotency_key AND NEW.created_at IS OLD.created_at
          AND (
            (NEW.customer_id IS OLD.customer_id AND NEW.reason IS ''
              AND (SELECT erased_at FROM customers WHERE id = OLD.customer_id) IS NOT NULL)
            OR (NEW.reason IS OLD.reason
              AND NEW.customer_id IS (SELECT survivor_id FROM customer_merges WHERE merged_id = OLD.customer_id))
          )
        )
        BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;

      DROP TRIGGER customer_entry_revisions_append_only_d;
      CREATE TRIGGER customer_entry_revisions_append_only_d BEFORE DELETE ON customer_entry_revisions
        WHEN (SELECT c.erased_at FROM customer_entries e JOIN customers c ON c.id = e.customer_id WHERE e.id = OLD.entry_id) IS NULL
        BEGIN SELECT RAISE(ABORT, 'entry revisions are append-only'); END;

      -- Once erased, a row stays anonymous and archived. Its card number may only be
      -- replaced by a placeholder (lowercase: no scanner or typed card number reads as one).
      CREATE TRIGGER customers_erased_stay_erased BEFORE UPDATE ON customers
        WHEN OLD.erased_at IS NOT NULL AND NOT (
          NEW.erased_at IS NOT NULL AND NEW.archived_at IS NOT NULL
          AND NEW.given_name IS OLD.given_name AND NEW.name_prefix IS OLD.name_prefix AND NEW.family_name IS OLD.family_name
          AND NEW.salutation IS OLD.salutation AND NEW.email IS OLD.email
          AND NEW.address_street IS OLD.address_street AND NEW.address_postal_code IS OLD.address_postal_code
          AND NEW.address_city IS OLD.address_city AND NEW.birthday_day IS OLD.birthday_day
          AND NEW.birthday_month IS OLD.birthday_month AND NEW.birth_year IS OLD.birth_year
          AND NEW.preferred_channel IS OLD.preferred_channel AND NEW.marketing_consent IS OLD.marketing_consent
          AND NEW.consent_changed_at IS OLD.consent_changed_at AND NEW.referred_by IS NULL
          AND (NEW.card_number IS OLD.card_number OR NEW.card_number GLOB '[a-z]*')
        )
        BEGIN SELECT RAISE(ABORT, 'customer_erased'); END;
    `);
  },
};
