import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../db/open.js';
import { migrations } from '../../db/migrations/index.js';
import { monthMismatches } from '../../db/insights/check.js';
import { ensureSegments } from '../../db/insights/segments.js';
import { tempDir } from '../support/services.js';
import { shopZoneForFile } from '../support/zone.js';

// Migration 013: the insights' months in the shop's time zone. An archive whose month
// figures were counted in UTC gets them counted again in local months, and its triggers
// count every later visit alike. The zone is pinned (this file runs in its own process).

shopZoneForFile('Europe/Amsterdam');

const NOV = 2026 * 12 + 10;
const DEC = 2026 * 12 + 11;
const months = (sqlite: ReturnType<typeof openArchive>['sqlite']) =>
  sqlite.prepare('SELECT customer_id, month, spend_cents, visit_count FROM customer_months ORDER BY customer_id, month').all();

describe('migration 013 (shop months)', () => {
  it('counts the months again in local time, and its triggers count later visits alike', async () => {
    const file = path.join(tempDir(), 'a.sqlite');
    const before = openArchive(file, { migrations: migrations.filter((m) => m.version < 13) });
    const customer = before.sqlite.prepare(`INSERT INTO customers (given_name, card_number, search_key, created_at, updated_at, last_seen_at)
      VALUES (?, ?, (SELECT coalesce(max(search_key), 0) + 1 FROM customers), 1, 1, 1)`);
    customer.run('Truus', 'C1');
    customer.run('Kees', 'C2');
    const visit = before.sqlite.prepare("INSERT INTO visits (customer_id, kind, amount_cents, reverses_id, occurred_at) VALUES (?, 'purchase', ?, ?, ?)");
    // Truus: 00:30 on 1 December in Amsterdam, and €5 at noon on 15 November. Kees: a sale at
    // 00:15 on 1 December undone on the 2nd (it counts, as nothing, in the month it was made).
    visit.run(1, 1250, null, Date.parse('2026-11-30T23:30:00Z'));
    visit.run(1, 500, null, Date.parse('2026-11-15T11:00:00Z'));
    visit.run(2, 4000, null, Date.parse('2026-11-30T23:15:00Z'));
    visit.run(2, -4000, 3, Date.parse('2026-12-02T09:00:00Z'));
    // What migration 007's triggers made of it: the 1 December sales in November.
    expect(months(before.sqlite)).toEqual([
      { customer_id: 1, month: NOV, spend_cents: 1750, visit_count: 2 },
      { customer_id: 2, month: NOV, spend_cents: 0, visit_count: 0 },
    ]);
    await ensureSegments(before.db, Date.parse('2026-12-10T10:00:00Z'));
    const version = before.sqlite.prepare('SELECT version FROM insight_state').pluck().get() as number;
    await before.close();

    const archive = openArchive(file);
    expect(archive.schemaVersion).toBeGreaterThanOrEqual(13);
    const { sqlite, db } = archive;
    expect(months(sqlite)).toEqual([
      { customer_id: 1, month: NOV, spend_cents: 500, visit_count: 1 },
      { customer_id: 1, month: DEC, spend_cents: 1250, visit_count: 1 },
      { customer_id: 2, month: DEC, spend_cents: 0, visit_count: 0 },
    ]);
    expect(await monthMismatches(db)).toEqual([]);
    // Everyone is classified afresh: the version moved, and the window is forgotten.
    expect(sqlite.prepare('SELECT version > ? AS moved, period_from, period_to FROM insight_state').get(version))
      .toEqual({ moved: 1, period_from: null, period_to: null });
    expect(sqlite.prepare('SELECT customer_id FROM insight_dirty ORDER BY customer_id').pluck().all()).toEqual([1, 2]);

    // A later sale at 00:30 on 1 January lands in January.
    sqlite.prepare("INSERT INTO visits (customer_id, kind, amount_cents, reverses_id, occurred_at) VALUES (2, 'purchase', 700, NULL, ?)")
      .run(Date.parse('2026-12-31T23:30:00Z'));
    expect(sqlite.prepare('SELECT month, spend_cents FROM customer_months WHERE customer_id = 2 AND spend_cents > 0').all())
      .toEqual([{ month: 2027 * 12, spend_cents: 700 }]);
    expect(await monthMismatches(db)).toEqual([]);

    await ensureSegments(db, Date.parse('2027-01-10T10:00:00Z'));
    expect(sqlite.prepare('SELECT customer_id, first_month FROM customer_segments ORDER BY customer_id').all())
      .toEqual([{ customer_id: 1, first_month: NOV }, { customer_id: 2, first_month: 2027 * 12 }]);
    await archive.close();
  });
});
