import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../db/open.js';
import { migrations } from '../../db/migrations/index.js';
import { tempDir } from '../support/services.js';

// Migration 006 (privacy) on an archive that already holds customers, purchases, stamps and
// edited notes: nothing is lost, history stays append-only, and only the two sanctioned
// changes get through the new triggers.

const VERSION = 6;

function insertCustomer(sqlite: BetterSqlite3.Database, name: string, card: string) {
  sqlite
    .prepare(`INSERT INTO customers (given_name, card_number, search_key, created_at, updated_at, last_seen_at)
      VALUES (?, ?, (SELECT coalesce(max(search_key), 0) + 1 FROM customers), 1, 1, 1)`)
    .run(name, card);
}

describe('migration 006 (privacy)', () => {
  it('keeps what an archive holds, and lets through only blanking an erased customer’s text and re-pointing a merged one’s rows', async () => {
    const file = path.join(tempDir(), 'a.sqlite');
    const old = openArchive(file, { migrations: migrations.filter((m) => m.version < VERSION) });
    insertCustomer(old.sqlite, 'Truus', 'CARD-1');
    insertCustomer(old.sqlite, 'Kees', 'CARD-2');
    insertCustomer(old.sqlite, 'Truus dubbel', 'CARD-3');
    old.sqlite.prepare("INSERT INTO visits (customer_id, kind, amount_cents, description, occurred_at) VALUES (1, 'purchase', 1250, 'Taart voor Truus', 10), (3, 'purchase', 800, 'Brood', 11)").run();
    old.sqlite.prepare("INSERT INTO ledger_entries (customer_id, kind, amount, visit_id, reason, created_at) VALUES (1, 'earn', 1, 1, '', 10), (1, 'adjust', 2, NULL, 'Truus vergat haar kaart', 12), (3, 'earn', 1, 2, '', 11)").run();
    old.sqlite.prepare('INSERT INTO loyalty_balances (customer_id, balance, updated_at) VALUES (1, 3, 12), (3, 1, 11)').run();
    old.sqlite.prepare("INSERT INTO customer_entries (customer_id, kind, text, at, created_at, updated_at, revisions) VALUES (1, 'note', 'Truus houdt van zuurdesem', 1, 1, 2, 1)").run();
    old.sqlite.prepare("INSERT INTO customer_entry_revisions (entry_id, text, at, staff, written_at, replaced_at) VALUES (1, 'Truus houdt van brood', 1, '', 1, 2)").run();
    await old.close();

    const archive = openArchive(file);
    const db = archive.sqlite;
    expect(archive.schemaVersion).toBeGreaterThanOrEqual(VERSION);
    expect(db.prepare('SELECT given_name, erased_at FROM customers ORDER BY id').all()).toEqual([
      { given_name: 'Truus', erased_at: null }, { given_name: 'Kees', erased_at: null }, { given_name: 'Truus dubbel', erased_at: null },
    ]);
    expect(db.prepare('SELECT count(*) FROM visits').pluck().get()).toBe(2);
    expect(db.prepare('SELECT sum(balance) FROM loyalty_balances').pluck().get()).toBe(4);

    // History is still append-only for a customer who is neither erased nor merged.
    expect(() => db.prepare("UPDATE visits SET description = '' WHERE id = 1").run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE ledger_entries SET reason = '' WHERE id = 2").run()).toThrow(/append-only/);
    expect(() => db.prepare('UPDATE visits SET customer_id = 2 WHERE id = 1').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM visits WHERE id = 1').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM customer_entry_revisions').run()).toThrow(/append-only/);

    // Merged: Truus dubbel (3) into Truus (1). Her rows may move to Truus, and nowhere else.
    db.prepare('INSERT INTO customer_merges (merged_id, survivor_id, merged_at) VALUES (3, 1, 20)').run();
    expect(() => db.prepare('UPDATE visits SET customer_id = 2 WHERE id = 2').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE visits SET customer_id = 1, description = 'x' WHERE id = 2").run()).toThrow(/append-only/);
    db.prepare('UPDATE visits SET customer_id = 1 WHERE id = 2').run();
    db.prepare('UPDATE ledger_entries SET customer_id = 1 WHERE id = 3').run();
    expect(() => db.prepare('UPDATE ledger_entries SET amount = 5 WHERE id = 3').run()).toThrow(/append-only/);
    expect(() => db.prepare('UPDATE customer_merges SET survivor_id = 2').run()).toThrow(/append-only/);

    // Erased: Truus (1). Her free text may be blanked, and nothing else changed.
    db.prepare("UPDATE customers SET given_name = '#1', erased_at = 30, archived_at = 30, card_number = 'erased-1' WHERE id = 1").run();
    expect(() => db.prepare("UPDATE visits SET description = 'x' WHERE id = 1").run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE visits SET description = '', amount_cents = 1 WHERE id = 1").run()).toThrow(/append-only/);
    db.prepare("UPDATE visits SET description = '' WHERE customer_id = 1").run();
    db.prepare("UPDATE ledger_entries SET reason = '' WHERE customer_id = 1").run();
    db.prepare('DELETE FROM customer_entry_revisions').run();
    expect(db.prepare('SELECT description, amount_cents FROM visits ORDER BY id').all()).toEqual([
      { description: '', amount_cents: 1250 }, { description: '', amount_cents: 800 },
    ]);
    expect(db.prepare('SELECT sum(amount) FROM ledger_entries WHERE customer_id = 1').pluck().get()).toBe(4);

    // An erased row stays erased: no name back, no restoring from the archive.
    expect(() => db.prepare("UPDATE customers SET given_name = 'Truus' WHERE id = 1").run()).toThrow(/customer_erased/);
    expect(() => db.prepare('UPDATE customers SET archived_at = NULL WHERE id = 1').run()).toThrow(/customer_erased/);
    expect(() => db.prepare("UPDATE customers SET card_number = 'CARD-9' WHERE id = 1").run()).toThrow(/customer_erased/);
    expect(() => db.prepare('UPDATE customers SET erased_at = NULL WHERE id = 1').run()).toThrow(/customer_erased/);
    db.prepare('UPDATE customers SET last_seen_at = 40 WHERE id = 1').run();
    await archive.close();
  });

  it('008 finds every entry of a customer, deleted ones too, through an index', async () => {
    const file = path.join(tempDir(), 'a.sqlite');
    const old = openArchive(file, { migrations: migrations.filter((m) => m.version < 8) });
    insertCustomer(old.sqlite, 'Truus', 'CARD-1');
    old.sqlite.prepare("INSERT INTO customer_entries (customer_id, kind, text, at, created_at, updated_at, deleted_at) VALUES (1, 'note', 'kept', 1, 1, 1, NULL), (1, 'note', 'deleted', 2, 2, 2, 3)").run();
    await old.close();

    const archive = openArchive(file);
    expect(archive.schemaVersion).toBeGreaterThanOrEqual(8);
    const plan = archive.sqlite.prepare('EXPLAIN QUERY PLAN SELECT id FROM customer_entries WHERE customer_id = 1').all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('customer_entries_customer');
    // The lookup SQLite makes for the foreign key when an entry is deleted.
    const marks = archive.sqlite.prepare('EXPLAIN QUERY PLAN SELECT 1 FROM customer_entries WHERE contact_wish_id = 1').all() as { detail: string }[];
    expect(marks.map((p) => p.detail).join(' ')).toContain('customer_entries_wish_marks');
    expect(archive.sqlite.prepare('SELECT text FROM customer_entries WHERE customer_id = 1 ORDER BY id').pluck().all()).toEqual(['kept', 'deleted']);
    await archive.close();
  });
});
