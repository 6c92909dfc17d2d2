import type { Migration } from './types.js';

// Loyalty: purchases and visits, an append-only ledger of stamps/points, the rewards
// catalogue and the program's history. The balance is what the ledger sums to;
// loyalty_balances keeps that sum for speed, written in the same transaction.
export const migration002: Migration = {
  version: 2,
  name: 'loyalty',
  up(db) {
    db.exec(`
      CREATE TABLE loyalty_programs (
        id INTEGER PRIMARY KEY,
        config TEXT NOT NULL CHECK (json_valid(config)),
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE rewards (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
        cost INTEGER NOT NULL CHECK (cost > 0),
        kind TEXT NOT NULL CHECK (kind IN ('free_item', 'amount_off', 'percent_off')),
        value INTEGER NOT NULL DEFAULT 0 CHECK (value >= 0),
        active_from INTEGER,
        active_to INTEGER,
        retired_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE visits (
        id INTEGER PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customers (id),
        kind TEXT NOT NULL CHECK (kind IN ('purchase', 'visit')),
        amount_cents INTEGER NOT NULL,
        description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 200),
        carry_cents INTEGER NOT NULL DEFAULT 0 CHECK (carry_cents >= 0),
        reverses_id INTEGER UNIQUE REFERENCES visits (id),
        occurred_at INTEGER NOT NULL,
        CHECK (amount_cents >= 0 OR reverses_id IS NOT NULL)
      ) STRICT;
      -- Covering: a customer's spend over a period, and their visit statistics, read
      -- from the index alone however long their history.
      CREATE INDEX visits_customer_time ON visits (customer_id, occurred_at, amount_cents, reverses_id, kind);
      CREATE INDEX visits_customer_id ON visits (customer_id, id);
      CREATE INDEX visits_time ON visits (occurred_at);

      CREATE TABLE ledger_entries (
        id INTEGER PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customers (id),
        kind TEXT NOT NULL CHECK (kind IN ('earn', 'redeem', 'adjust', 'expire', 'reverse', 'migrate')),
        amount INTEGER NOT NULL CHECK (amount <> 0),
        visit_id INTEGER REFERENCES visits (id),
        reward_id INTEGER REFERENCES rewards (id),
        reverses_id INTEGER UNIQUE REFERENCES ledger_entries (id),
        program_id INTEGER REFERENCES loyalty_programs (id),
        reason TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 200),
        code TEXT,
        idempotency_key TEXT UNIQUE,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX ledger_customer ON ledger_entries (customer_id, id);
      CREATE INDEX ledger_redeemed ON ledger_entries (created_at) WHERE kind = 'redeem';
      CREATE INDEX ledger_visit ON ledger_entries (visit_id) WHERE visit_id IS NOT NULL;
      -- Expiry asks how much was credited since the cutoff.
      CREATE INDEX ledger_customer_credits ON ledger_entries (customer_id, created_at, amount) WHERE amount > 0;

      CREATE TABLE loyalty_balances (
        customer_id INTEGER PRIMARY KEY REFERENCES customers (id),
        balance INTEGER NOT NULL CHECK (balance >= 0),
        updated_at INTEGER NOT NULL
      ) STRICT;

      -- History is never rewritten: mistakes are corrected by new, reversing rows.
      CREATE TRIGGER ledger_entries_append_only_u BEFORE UPDATE ON ledger_entries
        BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
      CREATE TRIGGER ledger_entries_append_only_d BEFORE DELETE ON ledger_entries
        BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
      CREATE TRIGGER visits_append_only_u BEFORE UPDATE ON visits
        BEGIN SELECT RAISE(ABORT, 'visits are append-only'); END;
      CREATE TRIGGER visits_append_only_d BEFORE DELETE ON visits
        BEGIN SELECT RAISE(ABORT, 'visits are append-only'); END;
      CREATE TRIGGER loyalty_programs_append_only_u BEFORE UPDATE ON loyalty_programs
        BEGIN SELECT RAISE(ABORT, 'program versions are append-only'); END;
    `);
    // A first program a bakery would recognise: a stamp for every full €10, ten to a card.
    db.prepare('INSERT INTO loyalty_programs (config, created_at) VALUES (?, ?)').run(
      JSON.stringify({
        rule: { kind: 'per_amount', stamps: 1, everyCents: 1000, carryRemainder: true },
        cardSize: 10,
        tiers: [],
        expiryMonths: null,
      }),
      Date.now(),
    );
  },
};
