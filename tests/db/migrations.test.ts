import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, ArchiveRefusedError, openArchive } from '../../db/open.js';
import { migrations, LATEST_SCHEMA_VERSION } from '../../db/migrations/index.js';
import type { Migration } from '../../db/migrations/types.js';
import { tempDir } from '../support/services.js';

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function insertCustomer(sqlite: BetterSqlite3.Database, name: string, card: string) {
  sqlite
    .prepare(`INSERT INTO customers (given_name, card_number, search_key, created_at, updated_at, last_seen_at)
      VALUES (?, ?, (SELECT coalesce(max(search_key), 0) + 1 FROM customers), 1, 1, 1)`)
    .run(name, card);
}

describe('migrations', () => {
  it('are numbered 1, 2, 3… without gaps, as the runner assumes', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(LATEST_SCHEMA_VERSION).toBe(migrations.length);
  });

  it('create a WAL archive with foreign keys, marked as ours', async () => {
    const file = path.join(tempDir(), 'a.sqlite');
    const archive = openArchive(file);
    expect(archive.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(archive.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(archive.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(archive.sqlite.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(() => archive.sqlite.prepare('INSERT INTO customer_phones (customer_id, position, raw, e164, national_digits) VALUES (99, 0, ?, ?, ?)').run('x', 'x', 'x'))
      .toThrow(/FOREIGN KEY/);
    await archive.close();
  });

  it('001 migrates a blank file and keeps its data when opened again', async () => {
    const file = path.join(tempDir(), 'a.sqlite');
    const first = openArchive(file, { migrations: [migrations[0]!] });
    insertCustomer(first.sqlite, 'Truus', 'CARD-1');
    await first.close();
    const again = openArchive(file);
    expect(again.sqlite.prepare('SELECT given_name FROM customers').all()).toEqual([{ given_name: 'Truus' }]);
    await again.close();
  });

  it('runs a later migration over existing data, and rolls a failing one back whole', async () => {
    const file = path.join(tempDir(), 'a.sqlite');
    const v1 = openArchive(file, { migrations: [migrations[0]!] });
    insertCustomer(v1.sqlite, 'Truus', 'CARD-1');
    await v1.close();

    const broken: Migration = {
      version: 2,
      name: 'broken',
      up(db) {
        db.exec("UPDATE customers SET given_name = 'half-done'");
        db.exec('THIS IS NOT SQL');
      },
    };
    expect(() => openArchive(file, { migrations: [migrations[0]!, broken] })).toThrow();
    const check = new BetterSqlite3(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(1);
    expect(check.prepare('SELECT given_name FROM customers').all()).toEqual([{ given_name: 'Truus' }]);
    check.close();

    const good: Migration = { version: 2, name: 'nickname', up: (db) => db.exec("ALTER TABLE customers ADD COLUMN nickname TEXT NOT NULL DEFAULT ''") };
    const v2 = openArchive(file, { migrations: [migrations[0]!, good] });
    expect(v2.schemaVersion).toBe(2);
    expect(v2.sqlite.prepare('SELECT given_name, nickname FROM customers').all()).toEqual([{ given_name: 'Truus', nickname: '' }]);
    await v2.close();
  });

  it('002 adds loyalty to an archive that already holds customers', async () => {
    const file = path.join(tempDir(), 'a.sqlite');
    const v1 = openArchive(file, { migrations: migrations.slice(0, 1) });
    insertCustomer(v1.sqlite, 'Truus', 'CARD-1');
    insertCustomer(v1.sqlite, 'Kees', 'CARD-2');
    await v1.close();

    const v2 = openArchive(file, { migrations: migrations.slice(0, 2) });
    expect(v2.schemaVersion).toBe(2);
    expect(v2.sqlite.prepare('SELECT given_name FROM customers ORDER BY id').all()).toEqual([{ given_name: 'Truus' }, { given_name: 'Kees' }]);
    const program = v2.sqlite.prepare('SELECT config FROM loyalty_programs').all() as { config: string }[];
    expect(program.map((p) => JSON.parse(p.config).rule)).toEqual([{ kind: 'per_amount', stamps: 1, everyCents: 1000, carryRemainder: true }]);
    // An existing customer can earn at once.
    v2.sqlite.prepare("INSERT INTO visits (customer_id, kind, amount_cents, occurred_at) VALUES (1, 'purchase', 1000, 1)").run();
    v2.sqlite.prepare("INSERT INTO ledger_entries (customer_id, kind, amount, visit_id, created_at) VALUES (1, 'earn', 1, 1, 1)").run();
    expect(() => v2.sqlite.prepare("INSERT INTO loyalty_balances (customer_id, balance, updated_at) VALUES (2, -1, 1)").run()).toThrow(/CHECK/);
    await v2.close();
  });

  it('003 adds print jobs to an archive that already holds customers and loyalty', async () => {
    const file = path.join(tempDir(), 'a.sqlite');
    const v2 = openArchive(file, { migrations: migrations.slice(0, 2) });
    insertCustomer(v2.sqlite, 'Truus', 'CARD-1');
    insertCustomer(v2.sqlite, 'Kees', 'CARD-2');
    v2.sqlite.prepare("INSERT INTO visits (customer_id, kind, amount_cents, occurred_at) VALUES (1, 'purchase', 2350, 1)").run();
    v2.sqlite.prepare("INSERT INTO ledger_entries (customer_id, kind, amount, visit_id, created_at) VALUES (1, 'earn', 2, 1, 1)").run();
    v2.sqlite.prepare('INSERT INTO loyalty_balances (customer_id, balance, updated_at) VALUES (1, 2, 1)').run();
    v2.sqlite.prepare("INSERT INTO rewards (name, cost, kind, created_at, updated_at) VALUES ('Gratis koffie', 10, 'free_item', 1, 1)").run();
    const before = (table: string) => v2.sqlite.prepare(`SELECT * FROM ${table} ORDER BY 1`).all();
    const tables = ['customers', 'visits', 'ledger_entries', 'loyalty_balances', 'rewards', 'loyalty_programs'];
    const kept = Object.fromEntries(tables.map((t) => [t, before(t)]));
    await v2.close();

    const v3 = openArchive(file, { migrations: migrations.slice(0, 3) });
    expect(v3.schemaVersion).toBe(3);
    for (const t of tables) expect(v3.sqlite.prepare(`SELECT * FROM ${t} ORDER BY 1`).all(), t).toEqual(kept[t]);
    expect(v3.sqlite.prepare('SELECT count(*) AS n FROM print_jobs').get()).toEqual({ n: 0 });

    const insert = v3.sqlite.prepare(
      'INSERT INTO print_jobs (kind, customer_id, source_id, receipt, status, created_at, updated_at, printed_at) VALUES (?, ?, ?, ?, ?, 5, 5, ?)',
    );
    insert.run('loyalty', 1, 1, JSON.stringify({ kind: 'loyalty', customer: { name: 'Truus' } }), 'pending', null);
    expect(v3.sqlite.prepare('SELECT kind, customer_id, source_id, status, attempts, last_error, printed_at FROM print_jobs').all())
      .toEqual([{ kind: 'loyalty', customer_id: 1, source_id: 1, status: 'pending', attempts: 0, last_error: null, printed_at: null }]);
    // What the table refuses: a receipt that is not JSON, an unknown status, a printed job
    // without its time, a job for a customer who is not there, a non-test job without a source.
    expect(() => insert.run('loyalty', 1, 1, 'not json', 'pending', null)).toThrow(/CHECK/);
    expect(() => insert.run('loyalty', 1, 1, '{}', 'lost', null)).toThrow(/CHECK/);
    expect(() => insert.run('loyalty', 1, 1, '{}', 'printed', null)).toThrow(/CHECK/);
    expect(() => insert.run('member_card', 99, 99, '{}', 'pending', null)).toThrow(/FOREIGN KEY/);
    expect(() => insert.run('redemption', 1, null, '{}', 'pending', null)).toThrow(/CHECK/);
    insert.run('test', null, null, '{}', 'printed', 6);
    await v3.close();
  });

  it('004 adds customer memory to an archive holding customers and loyalty history', async () => {
    const file = path.join(tempDir(), 'a.sqlite');
    const before = migrations.filter((m) => m.version < 4);
    const v3 = openArchive(file, { migrations: before });
    insertCustomer(v3.sqlite, 'Truus', 'CARD-1');
    insertCustomer(v3.sqlite, 'Kees', 'CARD-2');
    const day = 86_400_000;
    const visit = v3.sqlite.prepare("INSERT INTO visits (customer_id, kind, amount_cents, reverses_id, occurred_at) VALUES (?, 'purchase', ?, ?, ?)");
    // Truus came every 7 days, four times, and her last purchase was undone; Kees came once.
    for (let i = 0; i < 4; i++) visit.run(1, 1000, null, 1_700_000_000_000 + i * 7 * day);
    visit.run(1, -1000, 4, 1_700_000_000_000 + 21 * day + 1000);
    visit.run(2, 2500, null, 1_700_000_000_000);
    v3.sqlite.prepare("INSERT INTO ledger_entries (customer_id, kind, amount, visit_id, created_at) VALUES (1, 'earn', 3, 1, 1)").run();
    v3.sqlite.prepare('INSERT INTO loyalty_balances (customer_id, balance, updated_at) VALUES (1, 3, 1)').run();
    await v3.close();

    const v4 = openArchive(file, { migrations: migrations.filter((m) => m.version <= 4) });
    expect(v4.schemaVersion).toBe(4);
    expect(v4.sqlite.prepare('SELECT given_name, referred_by FROM customers ORDER BY id').all()).toEqual([
      { given_name: 'Truus', referred_by: null }, { given_name: 'Kees', referred_by: null },
    ]);
    expect(v4.sqlite.prepare('SELECT balance FROM loyalty_balances').pluck().all()).toEqual([3]);
    // The visit statistics are built from the history already there.
    expect(v4.sqlite.prepare('SELECT customer_id, visit_count, spend_cents, usual_interval_days, overdue_day FROM customer_visit_stats ORDER BY customer_id').all()).toEqual([
      { customer_id: 1, visit_count: 3, spend_cents: 3000, usual_interval_days: 7, overdue_day: Math.floor((1_700_000_000_000 + 14 * day) / day) + 15 },
      { customer_id: 2, visit_count: 1, spend_cents: 2500, usual_interval_days: null, overdue_day: null },
    ]);
    // Memory can be written at once, and its rules hold.
    v4.sqlite.prepare("INSERT INTO customer_entries (customer_id, kind, text, status, at, created_at, updated_at) VALUES (1, 'complaint', 'dry cake', 'open', 1, 1, 1)").run();
    expect(() => v4.sqlite.prepare("INSERT INTO customer_entries (customer_id, kind, text, status, at, created_at, updated_at) VALUES (1, 'note', 'x', 'open', 1, 1, 1)").run()).toThrow(/CHECK/);
    expect(() => v4.sqlite.prepare("INSERT INTO customer_entries (customer_id, kind, text, at, created_at, updated_at) VALUES (1, 'feedback', 'x', 1, 1, 1)").run()).toThrow(/CHECK/);
    v4.sqlite.prepare("INSERT INTO tags (name, folded, created_at) VALUES ('Poetry', 'poetry', 1)").run();
    v4.sqlite.prepare('INSERT INTO customer_tags (customer_id, tag_id, created_at) VALUES (1, 1, 1), (2, 1, 1)').run();
    v4.sqlite.prepare('UPDATE customers SET archived_at = 5 WHERE id = 2').run();
    expect(v4.sqlite.prepare('SELECT customer_count FROM tags').pluck().get()).toBe(1);
    expect(() => v4.sqlite.prepare('UPDATE visits SET amount_cents = 0').run()).toThrow(/append-only/);
    await v4.close();
  });

  it('refuses an archive written by a newer app, without touching the file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.sqlite');
    const archive = openArchive(file);
    insertCustomer(archive.sqlite, 'Truus', 'CARD-1');
    archive.sqlite.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    archive.sqlite.pragma('journal_mode = DELETE');
    await archive.close();
    const before = sha(file);
    const listing = fs.readdirSync(dir).sort();

    const error = (() => {
      try {
        openArchive(file);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ArchiveRefusedError);
    expect(error).toMatchObject({ code: 'db_too_new', details: { fileVersion: LATEST_SCHEMA_VERSION + 1, appVersion: LATEST_SCHEMA_VERSION } });
    expect(sha(file)).toBe(before);
    expect(fs.readdirSync(dir).sort()).toEqual(listing);
  });

  it('refuses another program’s SQLite file and a file that is not SQLite at all', () => {
    const dir = tempDir();
    const foreign = path.join(dir, 'foreign.sqlite');
    const other = new BetterSqlite3(foreign);
    other.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY); INSERT INTO invoices DEFAULT VALUES;');
    other.close();
    const before = sha(foreign);
    expect(() => openArchive(foreign)).toThrow(expect.objectContaining({ code: 'not_an_archive' }));
    expect(sha(foreign)).toBe(before);

    const text = path.join(dir, 'notes.txt');
    fs.writeFileSync(text, 'Boodschappenlijst: brood, kaas, melk. '.repeat(200));
    expect(() => openArchive(text)).toThrow(expect.objectContaining({ code: 'not_an_archive' }));
    expect(fs.readFileSync(text, 'utf8')).toContain('Boodschappenlijst');
  });
});
