import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../db/open.js';
import { migrations } from '../../db/migrations/index.js';
import { monthMismatches } from '../../db/insights/check.js';
import { ensureSegments } from '../../db/insights/segments.js';
import { tempDir } from '../support/services.js';

function insertCustomer(sqlite: BetterSqlite3.Database, name: string, card: string) {
  sqlite
    .prepare(`INSERT INTO customers (given_name, card_number, search_key, created_at, updated_at, last_seen_at)
      VALUES (?, ?, (SELECT coalesce(max(search_key), 0) + 1 FROM customers), 1, 1, 1)`)
    .run(name, card);
}

const at = (day: string) => Date.parse(`${day}T10:00:00Z`);

describe('migration 007 (insights)', () => {
  it('builds the month figures and every customer\'s standing from an archive holding customers and purchases', async () => {
    const file = path.join(tempDir(), 'a.sqlite');
    const before = openArchive(file, { migrations: migrations.filter((m) => m.version < 7) });
    for (const [name, card] of [['Truus', 'C1'], ['Kees', 'C2'], ['Anna', 'C3'], ['Gone', 'C4']] as const) insertCustomer(before.sqlite, name, card);
    const visit = before.sqlite.prepare("INSERT INTO visits (customer_id, kind, amount_cents, reverses_id, occurred_at) VALUES (?, 'purchase', ?, ?, ?)");
    // Truus: €10 in October and €20 in November, then a €50 purchase on 30 November undone on
    // 1 December (it counts in November, as nothing). Kees: €25 in 2024. Anna never bought.
    visit.run(1, 1000, null, at('2026-10-05'));
    visit.run(1, 2000, null, at('2026-11-02'));
    visit.run(1, 5000, null, at('2026-11-30'));
    visit.run(1, -5000, 3, at('2026-12-01'));
    visit.run(2, 2500, null, at('2024-03-01'));
    visit.run(4, 9900, null, at('2026-11-01'));
    before.sqlite.prepare('UPDATE customers SET archived_at = 5 WHERE id = 4').run();
    await before.close();

    const archive = openArchive(file);
    expect(archive.schemaVersion).toBeGreaterThanOrEqual(7);
    const { sqlite, db } = archive;
    expect(sqlite.prepare('SELECT customer_id, month, spend_cents, visit_count FROM customer_months ORDER BY customer_id, month').all()).toEqual([
      { customer_id: 1, month: 2026 * 12 + 9, spend_cents: 1000, visit_count: 1 },
      { customer_id: 1, month: 2026 * 12 + 10, spend_cents: 2000, visit_count: 1 },
      { customer_id: 2, month: 2024 * 12 + 2, spend_cents: 2500, visit_count: 1 },
      { customer_id: 4, month: 2026 * 12 + 10, spend_cents: 9900, visit_count: 1 },
    ]);
    expect(await monthMismatches(db)).toEqual([]);
    expect(sqlite.prepare('SELECT top_pct, large_pct, medium_pct, period_months FROM insight_settings').get())
      .toEqual({ top_pct: 20, large_pct: 50, medium_pct: 80, period_months: 12 });

    await ensureSegments(db, at('2026-12-10'));
    expect(sqlite.prepare('SELECT customer_id, layer, spend_cents, visit_count, first_month FROM customer_segments ORDER BY customer_id').all()).toEqual([
      { customer_id: 1, layer: 'top', spend_cents: 3000, visit_count: 2, first_month: 2026 * 12 + 9 },
      { customer_id: 2, layer: 'inactive', spend_cents: 0, visit_count: 0, first_month: 2024 * 12 + 2 },
      { customer_id: 3, layer: 'prospect', spend_cents: 0, visit_count: 0, first_month: null },
    ]);

    // The first one makes every row afresh, without its indexes, and makes them again.
    expect(sqlite.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'customer_segments' AND sql IS NOT NULL ORDER BY name").pluck().all())
      .toEqual(['customer_segments_first', 'customer_segments_last', 'customer_segments_layer', 'customer_segments_spend', 'customer_segments_visits']);

    // From now on the triggers keep the months in step with every visit written, and the
    // derived tables refuse nothing the app writes.
    sqlite.prepare("INSERT INTO visits (customer_id, kind, amount_cents, occurred_at) VALUES (3, 'visit', 0, ?)").run(at('2026-12-11'));
    expect(await monthMismatches(db)).toEqual([]);
    await ensureSegments(db, at('2026-12-11'));
    expect(sqlite.prepare('SELECT layer FROM customer_segments WHERE customer_id = 3').pluck().get()).toBe('small');
    expect(() => sqlite.prepare('UPDATE insight_settings SET top_pct = 60').run()).toThrow(/CHECK/);
    await archive.close();
  });
});
