import type { Migration } from './types.js';

// The customer archive and its counter search index. The FTS tables are contentless: the
// text they index is rebuilt from the customer row, so personal data is stored once.
// Their rowid is customers.search_key, re-issued whenever a customer is seen, so that
// "ORDER BY rowid DESC" is "most recently seen first" without sorting every match.
export const migration001: Migration = {
  version: 1,
  name: 'customers',
  up(db) {
    db.exec(`
      CREATE TABLE customers (
        id INTEGER PRIMARY KEY,
        given_name TEXT NOT NULL CHECK (length(given_name) BETWEEN 1 AND 100),
        name_prefix TEXT NOT NULL DEFAULT '' CHECK (length(name_prefix) <= 30),
        family_name TEXT NOT NULL DEFAULT '' CHECK (length(family_name) <= 100),
        salutation TEXT NOT NULL DEFAULT '' CHECK (length(salutation) <= 100),
        email TEXT CHECK (email IS NULL OR length(email) <= 254),
        address_street TEXT NOT NULL DEFAULT '',
        address_postal_code TEXT NOT NULL DEFAULT '',
        address_city TEXT NOT NULL DEFAULT '',
        birthday_day INTEGER CHECK (birthday_day BETWEEN 1 AND 31),
        birthday_month INTEGER CHECK (birthday_month BETWEEN 1 AND 12),
        birth_year INTEGER CHECK (birth_year BETWEEN 1900 AND 2100),
        preferred_channel TEXT CHECK (preferred_channel IN ('phone','whatsapp','sms','email','in_person')),
        language TEXT NOT NULL DEFAULT 'nl' CHECK (language IN ('nl','en','de','fr')),
        marketing_consent INTEGER NOT NULL DEFAULT 0 CHECK (marketing_consent IN (0,1)),
        consent_changed_at INTEGER,
        card_number TEXT NOT NULL UNIQUE,
        search_key INTEGER NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        archived_at INTEGER,
        CHECK ((birthday_day IS NULL) = (birthday_month IS NULL))
      ) STRICT;

      CREATE INDEX customers_email ON customers (email COLLATE NOCASE) WHERE email IS NOT NULL;
      CREATE INDEX customers_family_given ON customers (family_name COLLATE NOCASE, given_name COLLATE NOCASE);

      CREATE TABLE customer_phones (
        id INTEGER PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        raw TEXT NOT NULL CHECK (length(raw) <= 40),
        e164 TEXT NOT NULL,
        national_digits TEXT NOT NULL,
        UNIQUE (customer_id, position)
      ) STRICT;

      CREATE INDEX customer_phones_e164 ON customer_phones (e164);

      CREATE VIRTUAL TABLE customer_search USING fts5 (
        name, name_inner, email, phone_inner, card,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
      );

      -- Whole phone and card numbers, with long prefix indexes: "0612" starts tens of
      -- thousands of different numbers, and without a prefix index each is a term to merge.
      CREATE VIRTUAL TABLE customer_numbers USING fts5 (
        phone, card,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61',
        prefix = '3 4 5 6 7 8'
      );
    `);
  },
};
