import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../db/open.js';
import { migrations } from '../../db/migrations/index.js';
import { rebuildVisitStats } from '../../db/memory/visit-stats.js';
import { ensureSegments } from '../../db/insights/segments.js';
import { dayNumber } from '../../main/core/days.js';
import { tempDir } from '../support/services.js';
import { shopZoneForFile } from '../support/zone.js';

// Migration 014: the shop's days in its time zone. An archive whose visit statistics and
// recency scores were counted in UTC days gets them counted again in local days. The old
// archive is written with the zone at UTC (where the shop's days are UTC days, as the code
// before 014 counted everywhere), then opened in Amsterdam. Node applies a change of
// process.env.TZ at once, to Date and to SQLite's 'localtime' alike; this file runs in its
// own process.

shopZoneForFile('UTC');

/** A moment in Amsterdam's winter time (UTC+1). */
const local = (day: string, time: string) => Date.parse(`${day}T${time}:00+01:00`);

type Sqlite = ReturnType<typeof openArchive>['sqlite'];
const stats = (sqlite: Sqlite) =>
  sqlite.prepare('SELECT customer_id, usual_interval_days, overdue_day FROM customer_visit_stats ORDER BY customer_id').all();
const recency = (sqlite: Sqlite) => sqlite.prepare('SELECT recency FROM customer_segments ORDER BY customer_id').pluck().all();

describe('migration 014 (shop days)', () => {
  it('counts the visit statistics and recency again in local days', async () => {
    process.env.TZ = 'UTC';
    const file = path.join(tempDir(), 'a.sqlite');
    const before = openArchive(file, { migrations: migrations.filter((m) => m.version < 14) });
    const customer = before.sqlite.prepare(`INSERT INTO customers (given_name, card_number, search_key, created_at, updated_at, last_seen_at)
      VALUES (?, ?, (SELECT coalesce(max(search_key), 0) + 1 FROM customers), 1, 1, 1)`);
    for (const [i, name] of ['Truus', 'Kees', 'Anna', 'Piet'].entries()) customer.run(name, `C${i + 1}`);
    const visit = before.sqlite.prepare("INSERT INTO visits (customer_id, kind, amount_cents, reverses_id, occurred_at) VALUES (?, 'purchase', 1000, NULL, ?)");
    // Truus comes daily at 00:30 (23:30 UTC the day before), last on 1 December.
    for (const day of ['2026-11-29', '2026-11-30', '2026-12-01']) visit.run(1, local(day, '00:30'));
    // Kees on three local days, two of them one UTC day (1 November): no regular in UTC.
    for (const [day, time] of [['2026-11-01', '12:00'], ['2026-11-02', '00:30'], ['2026-11-03', '23:30']]) visit.run(2, local(day!, time!));
    // Anna late on 1 November, Piet just after midnight: one UTC day, two local days.
    visit.run(3, local('2026-11-01', '23:30'));
    visit.run(4, local('2026-11-02', '00:30'));
    rebuildVisitStats(before.sqlite, 1);
    await ensureSegments(before.db, local('2026-12-10', '12:00'));
    // What UTC days made of it.
    expect(stats(before.sqlite)).toEqual([
      { customer_id: 1, usual_interval_days: 1, overdue_day: dayNumber('2026-12-03') },
      { customer_id: 2, usual_interval_days: null, overdue_day: null },
      { customer_id: 3, usual_interval_days: null, overdue_day: null },
      { customer_id: 4, usual_interval_days: null, overdue_day: null },
    ]);
    expect(recency(before.sqlite)).toEqual([4, 3, 1, 1]);
    const version = before.sqlite.prepare('SELECT version FROM insight_state').pluck().get() as number;
    await before.close();

    process.env.TZ = 'Europe/Amsterdam';
    const archive = openArchive(file);
    expect(archive.schemaVersion).toBeGreaterThanOrEqual(14);
    const { sqlite, db } = archive;
    expect(stats(sqlite)).toEqual([
      { customer_id: 1, usual_interval_days: 1, overdue_day: dayNumber('2026-12-04') },
      { customer_id: 2, usual_interval_days: 1, overdue_day: dayNumber('2026-11-06') },
      { customer_id: 3, usual_interval_days: null, overdue_day: null },
      { customer_id: 4, usual_interval_days: null, overdue_day: null },
    ]);
    // Everyone is classified again: the version moved and the thresholds are forgotten.
    expect(sqlite.prepare('SELECT version > ? AS moved, thresholds FROM insight_state').get(version)).toEqual({ moved: 1, thresholds: null });
    expect(sqlite.prepare('SELECT customer_id FROM insight_dirty ORDER BY customer_id').pluck().all()).toEqual([1, 2, 3, 4]);
    await ensureSegments(db, local('2026-12-10', '12:00'));
    expect(recency(sqlite)).toEqual([4, 3, 1, 2]);
    await archive.close();
  });
});
