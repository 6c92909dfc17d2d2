import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../db/open.js';
import { migrations } from '../../db/migrations/index.js';
import { tempDir } from '../support/services.js';

// Migration 011 (the erasure register) on an archive that already holds erased customers:
// every earlier erasure is in the register, with the erased row's creation time, and the
// register keeps its rows.

const VERSION = 11;

describe('migration 011 (erasure register)', () => {
  it('registers every erasure the archive already knows, ids and times only, and keeps them', async () => {
    const file = path.join(tempDir(), 'a.sqlite');
    const old = openArchive(file, { migrations: migrations.filter((m) => m.version < VERSION) });
    const customer = old.sqlite.prepare(`INSERT INTO customers (given_name, card_number, search_key, created_at, updated_at, last_seen_at)
      VALUES (?, ?, ?, ?, 1, 1)`);
    customer.run('Truus', 'CARD-1', 1, 1000);
    customer.run('#2', 'erased-2', 2, 2000);
    customer.run('#3', 'erased-3', 3, 3000);
    old.sqlite.exec('UPDATE customers SET erased_at = 5000, archived_at = 5000 WHERE id IN (2, 3)');
    old.sqlite.exec("INSERT INTO customer_erasures (customer_id, erased_at, staff, scrubbed_at) VALUES (2, 5000, 'Anna', 6000), (3, 5001, '', NULL)");
    await old.close();

    const archive = openArchive(file, { migrations: migrations.filter((m) => m.version <= VERSION) });
    const db = archive.sqlite;
    expect(archive.schemaVersion).toBe(VERSION);
    expect(db.prepare('SELECT * FROM erasure_register ORDER BY customer_id').all()).toEqual([
      { customer_id: 2, customer_created_at: 2000, erased_at: 5000 },
      { customer_id: 3, customer_created_at: 3000, erased_at: 5001 },
    ]);
    // Only numbers: no staff, no name.
    expect(db.prepare('PRAGMA table_info(erasure_register)').all().map((c) => (c as { name: string }).name))
      .toEqual(['customer_id', 'customer_created_at', 'erased_at']);
    // An id the archive does not hold (erased in a newer copy of it) may be registered.
    db.prepare('INSERT INTO erasure_register (customer_id, customer_created_at, erased_at) VALUES (99, 9000, 9500)').run();
    // The promise is kept: a registered erasure is never taken back.
    expect(() => db.prepare('DELETE FROM erasure_register WHERE customer_id = 2').run()).toThrow(/erasure register/);
    expect(() => db.prepare('UPDATE erasure_register SET erased_at = 1 WHERE customer_id = 3').run()).toThrow(/erasure register/);
    expect(db.prepare('SELECT count(*) FROM erasure_register').pluck().get()).toBe(3);
    await archive.close();
  });
});
