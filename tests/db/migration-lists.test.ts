import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../db/open.js';
import { migrations } from '../../db/migrations/index.js';
import { migration005 } from '../../db/migrations/005_lists.js';
import { migration009 } from '../../db/migrations/009_list_indexes.js';
import { tempDir } from '../support/services.js';

describe('the lists migration', () => {
  it('adds saved filters and a feedback index to an archive holding customers and their feedback', async () => {
    const file = path.join(tempDir(), 'a.sqlite');
    const before = openArchive(file, { migrations: migrations.filter((m) => m.version < migration005.version) });
    before.sqlite.prepare(`INSERT INTO customers (given_name, card_number, search_key, created_at, updated_at, last_seen_at)
      VALUES ('Truus', 'CARD-1', 1, 1, 1, 1)`).run();
    const entry = before.sqlite.prepare(`INSERT INTO customer_entries (customer_id, kind, text, score, at, created_at, updated_at)
      VALUES (1, 'feedback', ?, ?, ?, 1, 1)`);
    entry.run('Lovely bread', 5, 100);
    entry.run('Too dark', 2, 200);
    before.sqlite.prepare(`INSERT INTO customer_entries (customer_id, kind, text, status, at, created_at, updated_at)
      VALUES (1, 'complaint', 'Stale', 'open', 300, 1, 1)`).run();
    await before.close();

    const after = openArchive(file, { migrations: migrations.filter((m) => m.version <= migration005.version) });
    expect(after.schemaVersion).toBe(migration005.version);
    // What was there is still there, and the feedback is read from the new index alone.
    const feedback = `SELECT customer_id, avg(score) AS average, count(*) AS n FROM customer_entries
      WHERE kind = 'feedback' AND deleted_at IS NULL GROUP BY customer_id`;
    expect(after.sqlite.prepare(feedback).all()).toEqual([{ customer_id: 1, average: 3.5, n: 2 }]);
    const plan = (after.sqlite.prepare(`EXPLAIN QUERY PLAN ${feedback}`).all() as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(plan).toContain('COVERING INDEX customer_entries_feedback');
    expect(after.sqlite.prepare('SELECT count(*) FROM customer_entries').pluck().get()).toBe(3);

    const save = after.sqlite.prepare('INSERT INTO saved_filters (name, folded, filter, created_at, updated_at) VALUES (?, ?, ?, 1, 1)');
    save.run('Poëzie', 'poezie', '{"criteria":[]}');
    expect(() => save.run('POEZIE', 'poezie', '{"criteria":[]}')).toThrow(/UNIQUE/);
    expect(() => save.run('Broken', 'broken', '{criteria')).toThrow(/CHECK/);
    expect(() => save.run('', 'empty', '{}')).toThrow(/CHECK/);
    expect(after.sqlite.prepare('SELECT name, filter FROM saved_filters').all()).toEqual([{ name: 'Poëzie', filter: '{"criteria":[]}' }]);
    await after.close();
  });
});

describe('the list indexes migration', () => {
  it('indexes last visits with spend, and balances, of an archive holding both', async () => {
    const file = path.join(tempDir(), 'a.sqlite');
    const before = openArchive(file, { migrations: migrations.filter((m) => m.version < migration009.version) });
    const customer = before.sqlite.prepare(`INSERT INTO customers (given_name, card_number, search_key, created_at, updated_at, last_seen_at)
      VALUES (?, ?, ?, 1, 1, 1)`);
    const stats = before.sqlite.prepare(`INSERT INTO customer_visit_stats (customer_id, visit_count, spend_cents, last_visit_at, updated_at)
      VALUES (?, 1, ?, ?, 1)`);
    const balance = before.sqlite.prepare('INSERT INTO loyalty_balances (customer_id, balance, updated_at) VALUES (?, ?, 1)');
    for (let i = 1; i <= 3; i++) {
      customer.run(`C${i}`, `CARD-${i}`, i);
      stats.run(i, i * 1000, i * 100);
      balance.run(i, i * 5);
    }
    await before.close();

    const after = openArchive(file, { migrations: migrations.filter((m) => m.version <= migration009.version) });
    const plan = (q: string, ...params: unknown[]) =>
      (after.sqlite.prepare(`EXPLAIN QUERY PLAN ${q}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');
    const lapsed = 'SELECT customer_id FROM customer_visit_stats WHERE last_visit_at < ? AND spend_cents >= ?';
    expect(after.sqlite.prepare(lapsed).pluck().all(250, 2000)).toEqual([2]);
    expect(plan(lapsed, 250, 2000)).toContain('COVERING INDEX customer_visit_stats_last_spend (last_visit_at<?)');
    const rich = 'SELECT customer_id FROM loyalty_balances WHERE balance >= ? ORDER BY balance DESC';
    expect(after.sqlite.prepare(rich).pluck().all(10)).toEqual([3, 2]);
    expect(plan(rich, 10)).toContain('INDEX loyalty_balances_balance (balance>?)');
    await after.close();
  });
});
