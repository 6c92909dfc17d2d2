import type { Migration } from './types.js';
import { rebuildVisitStats } from '../memory/visit-stats.js';

// Customer memory: the timeline (notes, conversations, complaints, feedback, wishes and
// contact marks) with the earlier versions of edited entries, pinned facts, tags, follow-ups,
// custom fields, "referred by", and what the Today screen needs to stay fast on a big
// archive: partial indexes on what is open, birthdays by month and day, and a per-customer
// visit statistic (kept with each visit) for "regulars who are overdue".
//
// memory_search indexes what is written about customers (entry texts, facts, text and choice
// field values) as folded words, like customer_search: contentless, the text is stored once
// in its own table. Its rowid says where a document comes from: id * 4 + 1 for an entry,
// + 2 for a fact, + 3 for a field value (db/memory/search.ts).
export const migration004: Migration = {
  version: 4,
  name: 'customer_memory',
  up(db) {
    db.exec(`
      ALTER TABLE customers ADD COLUMN referred_by INTEGER REFERENCES customers (id) CHECK (referred_by <> id);
      CREATE INDEX customers_referred_by ON customers (referred_by) WHERE referred_by IS NOT NULL;
      -- Birthdays in a week, read from the index alone (names included, and archived_at so that
      -- SQLite sees it covers the query: no row lookups).
      CREATE INDEX customers_birthday
        ON customers (birthday_month, birthday_day, birth_year, family_name, given_name, name_prefix, archived_at)
        WHERE birthday_month IS NOT NULL AND archived_at IS NULL;
      -- The few archived customers: lists count what is open from an index alone, then take
      -- off what belongs to these.
      CREATE INDEX customers_archived ON customers (archived_at) WHERE archived_at IS NOT NULL;

      CREATE TABLE tags (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
        -- Folded words: "Gluten-free" and "gluten free" are one tag.
        folded TEXT NOT NULL UNIQUE,
        -- Customers holding the tag who are not archived; kept by the triggers below.
        customer_count INTEGER NOT NULL DEFAULT 0 CHECK (customer_count >= 0),
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE customer_tags (
        customer_id INTEGER NOT NULL REFERENCES customers (id),
        tag_id INTEGER NOT NULL REFERENCES tags (id),
        staff TEXT NOT NULL DEFAULT '' CHECK (length(staff) <= 40),
        created_at INTEGER NOT NULL,
        PRIMARY KEY (customer_id, tag_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX customer_tags_tag ON customer_tags (tag_id, customer_id);

      CREATE TRIGGER customer_tags_count_i AFTER INSERT ON customer_tags BEGIN
        UPDATE tags SET customer_count = customer_count + 1
        WHERE id = NEW.tag_id AND (SELECT archived_at FROM customers WHERE id = NEW.customer_id) IS NULL;
      END;
      CREATE TRIGGER customer_tags_count_d AFTER DELETE ON customer_tags BEGIN
        UPDATE tags SET customer_count = customer_count - 1
        WHERE id = OLD.tag_id AND (SELECT archived_at FROM customers WHERE id = OLD.customer_id) IS NULL;
      END;
      CREATE TRIGGER customers_archived_tag_counts AFTER UPDATE OF archived_at ON customers
        WHEN (OLD.archived_at IS NULL) <> (NEW.archived_at IS NULL) BEGIN
        UPDATE tags SET customer_count = customer_count + (CASE WHEN NEW.archived_at IS NULL THEN 1 ELSE -1 END)
        WHERE id IN (SELECT tag_id FROM customer_tags WHERE customer_id = NEW.id);
      END;

      CREATE TABLE customer_entries (
        id INTEGER PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customers (id),
        kind TEXT NOT NULL CHECK (kind IN ('note', 'conversation', 'complaint', 'feedback', 'wish', 'contact')),
        text TEXT NOT NULL CHECK (length(text) <= 2000),
        staff TEXT NOT NULL DEFAULT '' CHECK (length(staff) <= 40),
        -- When it happened (defaults to when it was written).
        at INTEGER NOT NULL,
        score INTEGER CHECK (score BETWEEN 1 AND 5),
        status TEXT,
        -- What was done: a resolved complaint, a fulfilled wish.
        resolution TEXT NOT NULL DEFAULT '' CHECK (length(resolution) <= 500),
        status_at INTEGER,
        status_staff TEXT CHECK (length(status_staff) <= 40),
        -- A contact mark: how, and about which tag or wish.
        channel TEXT CHECK (channel IN ('phone', 'whatsapp', 'sms', 'email', 'in_person')),
        contact_tag_id INTEGER REFERENCES tags (id),
        contact_wish_id INTEGER REFERENCES customer_entries (id),
        -- Earlier versions kept in customer_entry_revisions.
        revisions INTEGER NOT NULL DEFAULT 0,
        edited_staff TEXT CHECK (length(edited_staff) <= 40),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        deleted_at INTEGER,
        CHECK (CASE kind WHEN 'complaint' THEN status IN ('open', 'resolved')
                         WHEN 'wish' THEN status IN ('open', 'fulfilled')
                         ELSE status IS NULL END),
        CHECK ((kind = 'feedback') = (score IS NOT NULL)),
        CHECK (kind = 'contact' OR length(text) >= 1),
        CHECK (kind = 'contact' OR (channel IS NULL AND contact_tag_id IS NULL AND contact_wish_id IS NULL))
      ) STRICT;
      -- A page of a timeline, newest first, from anywhere in it.
      CREATE INDEX customer_entries_timeline ON customer_entries (customer_id, at, id) WHERE deleted_at IS NULL;
      -- Open (and closed) complaints and wishes across the archive: Today, the wishes list.
      CREATE INDEX customer_entries_status ON customer_entries (kind, status, at)
        WHERE status IS NOT NULL AND deleted_at IS NULL;
      -- What is open for one customer: the counter brief.
      CREATE INDEX customer_entries_open ON customer_entries (customer_id, kind)
        WHERE status = 'open' AND deleted_at IS NULL;
      CREATE INDEX customer_entries_contact_tag ON customer_entries (contact_tag_id, customer_id, at)
        WHERE contact_tag_id IS NOT NULL AND deleted_at IS NULL;
      CREATE INDEX customer_entries_contact_wish ON customer_entries (contact_wish_id, at)
        WHERE contact_wish_id IS NOT NULL AND deleted_at IS NULL;

      CREATE TABLE customer_entry_revisions (
        id INTEGER PRIMARY KEY,
        entry_id INTEGER NOT NULL REFERENCES customer_entries (id),
        text TEXT NOT NULL,
        score INTEGER,
        at INTEGER NOT NULL,
        staff TEXT NOT NULL,
        -- When this version was written, and when it was replaced.
        written_at INTEGER NOT NULL,
        replaced_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX customer_entry_revisions_entry ON customer_entry_revisions (entry_id, id);
      CREATE TRIGGER customer_entry_revisions_append_only_u BEFORE UPDATE ON customer_entry_revisions
        BEGIN SELECT RAISE(ABORT, 'entry revisions are append-only'); END;
      CREATE TRIGGER customer_entry_revisions_append_only_d BEFORE DELETE ON customer_entry_revisions
        BEGIN SELECT RAISE(ABORT, 'entry revisions are append-only'); END;

      CREATE TABLE customer_facts (
        id INTEGER PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customers (id),
        text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 200),
        position INTEGER NOT NULL,
        staff TEXT NOT NULL DEFAULT '' CHECK (length(staff) <= 40),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX customer_facts_customer ON customer_facts (customer_id, position);

      CREATE TABLE follow_ups (
        id INTEGER PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customers (id),
        text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
        due_on TEXT NOT NULL CHECK (due_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
        repeat_kind TEXT NOT NULL DEFAULT 'none' CHECK (repeat_kind IN ('none', 'weeks', 'yearly')),
        repeat_weeks INTEGER CHECK (repeat_weeks BETWEEN 1 AND 52),
        -- The series' first date: a yearly one comes back to 29 February in leap years.
        anchor_on TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
        staff TEXT NOT NULL DEFAULT '' CHECK (length(staff) <= 40),
        previous_id INTEGER UNIQUE REFERENCES follow_ups (id),
        closed_at INTEGER,
        closed_staff TEXT CHECK (length(closed_staff) <= 40),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        CHECK ((repeat_kind = 'weeks') = (repeat_weeks IS NOT NULL)),
        CHECK ((status = 'open') = (closed_at IS NULL))
      ) STRICT;
      CREATE INDEX follow_ups_due ON follow_ups (due_on) WHERE status = 'open';
      CREATE INDEX follow_ups_customer ON follow_ups (customer_id, status, due_on);

      CREATE TABLE custom_fields (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
        kind TEXT NOT NULL CHECK (kind IN ('text', 'number', 'date', 'choice')),
        -- For a choice: [{ "id": 1, "label": "M" }, …]; ids are never reused.
        options TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(options)),
        position INTEGER NOT NULL,
        retired_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE customer_field_values (
        id INTEGER PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customers (id),
        field_id INTEGER NOT NULL REFERENCES custom_fields (id),
        -- Text as typed; a number in canonical form ("2.5"); a date 'YYYY-MM-DD'; a choice's option id.
        value TEXT NOT NULL CHECK (length(value) BETWEEN 1 AND 200),
        updated_at INTEGER NOT NULL,
        UNIQUE (customer_id, field_id)
      ) STRICT;
      CREATE INDEX customer_field_values_field ON customer_field_values (field_id, value);

      -- Per customer, kept with every visit (db/memory/visit-stats.ts): what "overdue" needs.
      CREATE TABLE customer_visit_stats (
        customer_id INTEGER PRIMARY KEY REFERENCES customers (id),
        visit_count INTEGER NOT NULL,
        spend_cents INTEGER NOT NULL,
        last_visit_at INTEGER NOT NULL,
        usual_interval_days INTEGER,
        -- The first day (days since 1970-01-01, UTC) on which the absence is more than twice
        -- the usual interval; null without a usual interval (fewer than 3 visit days).
        overdue_day INTEGER,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX customer_visit_stats_overdue ON customer_visit_stats (overdue_day) WHERE overdue_day IS NOT NULL;
      -- Overdue regulars, biggest spenders first, without sorting everyone overdue.
      CREATE INDEX customer_visit_stats_spend ON customer_visit_stats (spend_cents, customer_id, overdue_day) WHERE overdue_day IS NOT NULL;

      CREATE VIRTUAL TABLE memory_search USING fts5 (
        body, meta,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '3'
      );
    `);
    rebuildVisitStats(db, Date.now());
  },
};
