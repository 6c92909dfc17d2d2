import type { PostgresMigration } from './types.js';

// Privacy: erasing a customer and merging duplicates (SQLite: db/migrations/006_privacy.ts).
//
// Visits and ledger entries stay append-only. Their update triggers are replaced by ones that
// refuse everything except two sanctioned changes, each with every other column unchanged:
//  - blanking the free text (visit description, ledger reason) of an erased customer's row;
//  - re-pointing a merged-away customer's row to the customer it was merged into.
// DELETE and TRUNCATE stay refused (002). Earlier versions of notes may be deleted only once
// their customer is erased. An erased row's personal columns cannot be filled in again, nor
// the row restored from the archive.
//
// Differences from SQLite, by engine: a trigger's WHEN may not hold a subquery here, so each
// condition is the body of a PL/pgSQL function, with IS NOT DISTINCT FROM for SQLite's IS,
// and a condition that comes out NULL refuses (SQLite's WHEN NOT (NULL) would let the change
// through; its IS comparisons never give NULL, nor do these). GLOB '[a-z]*' is ~ '^[a-z]'.
export const migration006: PostgresMigration = {
  version: 6,
  name: 'privacy',
  statements: [
    `ALTER TABLE customers ADD COLUMN erased_at BIGINT`,

    `CREATE TABLE customer_merges (
      merged_id BIGINT PRIMARY KEY REFERENCES customers (id),
      survivor_id BIGINT NOT NULL REFERENCES customers (id),
      merged_at BIGINT NOT NULL,
      staff TEXT NOT NULL DEFAULT '' CHECK (length(staff) <= 40),
      CHECK (survivor_id <> merged_id)
    )`,
    `CREATE INDEX customer_merges_survivor ON customer_merges (survivor_id)`,
    `CREATE TRIGGER customer_merges_append_only_u BEFORE UPDATE ON customer_merges
      FOR EACH ROW EXECUTE FUNCTION refuse_change('merges are append-only')`,
    `CREATE TRIGGER customer_merges_append_only_d BEFORE DELETE ON customer_merges
      FOR EACH ROW EXECUTE FUNCTION refuse_change('merges are append-only')`,
    `CREATE TRIGGER customer_merges_append_only_t BEFORE TRUNCATE ON customer_merges
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('merges are append-only')`,

    `CREATE TABLE customer_erasures (
      customer_id BIGINT PRIMARY KEY REFERENCES customers (id),
      erased_at BIGINT NOT NULL,
      staff TEXT NOT NULL DEFAULT '' CHECK (length(staff) <= 40),
      scrubbed_at BIGINT
    )`,
    `CREATE INDEX customer_erasures_pending ON customer_erasures (erased_at) WHERE scrubbed_at IS NULL`,

    `DROP TRIGGER visits_append_only_u ON visits`,
    `CREATE FUNCTION visits_append_only_u() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.id IS NOT DISTINCT FROM OLD.id AND NEW.kind IS NOT DISTINCT FROM OLD.kind
          AND NEW.amount_cents IS NOT DISTINCT FROM OLD.amount_cents
          AND NEW.carry_cents IS NOT DISTINCT FROM OLD.carry_cents AND NEW.reverses_id IS NOT DISTINCT FROM OLD.reverses_id
          AND NEW.occurred_at IS NOT DISTINCT FROM OLD.occurred_at
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
    `CREATE TRIGGER visits_append_only_u BEFORE UPDATE ON visits
      FOR EACH ROW EXECUTE FUNCTION visits_append_only_u()`,

    `DROP TRIGGER ledger_entries_append_only_u ON ledger_entries`,
    `CREATE FUNCTION ledger_entries_append_only_u() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.id IS NOT DISTINCT FROM OLD.id AND NEW.kind IS NOT DISTINCT FROM OLD.kind
          AND NEW.amount IS NOT DISTINCT FROM OLD.amount AND NEW.visit_id IS NOT DISTINCT FROM OLD.visit_id
          AND NEW.reward_id IS NOT DISTINCT FROM OLD.reward_id AND NEW.reverses_id IS NOT DISTINCT FROM OLD.reverses_id
          AND NEW.program_id IS NOT DISTINCT FROM OLD.program_id
          AND NEW.code IS NOT DISTINCT FROM OLD.code AND NEW.idempotency_key IS NOT DISTINCT FROM OLD.idempotency_key
          AND NEW.created_at IS NOT DISTINCT FROM OLD.created_at
          AND (
            (NEW.customer_id IS NOT DISTINCT FROM OLD.customer_id AND NEW.reason IS NOT DISTINCT FROM ''
              AND (SELECT erased_at FROM customers WHERE id = OLD.customer_id) IS NOT NULL)
            OR (NEW.reason IS NOT DISTINCT FROM OLD.reason
              AND NEW.customer_id IS NOT DISTINCT FROM (SELECT survivor_id FROM customer_merges WHERE merged_id = OLD.customer_id))
          )
        THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'ledger entries are append-only';
      END $$`,
    `CREATE TRIGGER ledger_entries_append_only_u BEFORE UPDATE ON ledger_entries
      FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only_u()`,

    `DROP TRIGGER customer_entry_revisions_append_only_d ON customer_entry_revisions`,
    `CREATE FUNCTION customer_entry_revisions_append_only_d() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (SELECT c.erased_at FROM customer_entries e JOIN customers c ON c.id = e.customer_id WHERE e.id = OLD.entry_id) IS NULL THEN
          RAISE EXCEPTION 'entry revisions are append-only';
        END IF;
        RETURN OLD;
      END $$`,
    `CREATE TRIGGER customer_entry_revisions_append_only_d BEFORE DELETE ON customer_entry_revisions
      FOR EACH ROW EXECUTE FUNCTION customer_entry_revisions_append_only_d()`,

    // Once erased, a row stays anonymous and archived. Its card number may only be replaced
    // by a placeholder (lowercase: no scanner or typed card number reads as one).
    `CREATE FUNCTION customers_erased_stay_erased() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.erased_at IS NOT NULL AND NEW.archived_at IS NOT NULL
          AND NEW.given_name IS NOT DISTINCT FROM OLD.given_name AND NEW.name_prefix IS NOT DISTINCT FROM OLD.name_prefix
          AND NEW.family_name IS NOT DISTINCT FROM OLD.family_name
          AND NEW.salutation IS NOT DISTINCT FROM OLD.salutation AND NEW.email IS NOT DISTINCT FROM OLD.email
          AND NEW.address_street IS NOT DISTINCT FROM OLD.address_street
          AND NEW.address_postal_code IS NOT DISTINCT FROM OLD.address_postal_code
          AND NEW.address_city IS NOT DISTINCT FROM OLD.address_city AND NEW.birthday_day IS NOT DISTINCT FROM OLD.birthday_day
          AND NEW.birthday_month IS NOT DISTINCT FROM OLD.birthday_month AND NEW.birth_year IS NOT DISTINCT FROM OLD.birth_year
          AND NEW.preferred_channel IS NOT DISTINCT FROM OLD.preferred_channel
          AND NEW.marketing_consent IS NOT DISTINCT FROM OLD.marketing_consent
          AND NEW.consent_changed_at IS NOT DISTINCT FROM OLD.consent_changed_at AND NEW.referred_by IS NULL
          AND (NEW.card_number IS NOT DISTINCT FROM OLD.card_number OR NEW.card_number COLLATE "C" ~ '^[a-z]')
        THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'customer_erased';
      END $$`,
    `CREATE TRIGGER customers_erased_stay_erased BEFORE UPDATE ON customers
      FOR EACH ROW WHEN (OLD.erased_at IS NOT NULL) EXECUTE FUNCTION customers_erased_stay_erased()`,
  ],
};
