import { describe, expect, it } from 'vitest';
import { dayNumber, dayOf, shopDayNumber, shopDayStart } from '../../main/core/days.js';
import { monthsBefore, usualIntervalDays } from '../../main/core/loyalty/rules.js';
import { startOfDay } from '../../main/core/lists/windows.js';
import { visitStatsOf } from '../../db/memory/visit-stats.js';
import { ensureSegments } from '../../db/insights/segments.js';
import { testApp, type TestApp } from '../support/services.js';
import { shopZoneForFile } from '../support/zone.js';

// The shop's day is its own local day, wherever a moment becomes a day: a visit at 00:30 in
// Amsterdam (23:30 UTC the day before) is on that day for the days since a last visit, a
// regular's visit days, the day they count as overdue and their recency. The zone is the
// machine's, pinned here (each test file runs in its own process; Node applies a change of
// process.env.TZ at once, to Date and to SQLite's 'localtime' alike).

shopZoneForFile('Europe/Amsterdam');

/** A moment in Amsterdam's winter time (UTC+1), e.g. local('2026-12-01', '00:30'). */
const local = (day: string, time: string) => Date.parse(`${day}T${time}:00+01:00`);

describe('the shop\'s day number', () => {
  it('is the number of the local day of a moment, and its day starts at local midnight', () => {
    expect(new Date(local('2026-12-01', '00:30')).toISOString()).toBe('2026-11-30T23:30:00.000Z');
    expect(shopDayNumber(local('2026-12-01', '00:30'))).toBe(dayNumber('2026-12-01'));
    expect(shopDayNumber(local('2026-11-30', '23:59'))).toBe(dayNumber('2026-11-30'));
    expect(shopDayStart(dayNumber('2026-12-01'))).toBe(local('2026-12-01', '00:00'));
    // Across the change to summer time (29 March 2026, 02:00 → 03:00) and back.
    expect(shopDayStart(dayNumber('2026-03-30'))).toBe(Date.parse('2026-03-29T22:00:00Z'));
    expect(shopDayNumber(Date.parse('2026-10-25T22:59:00Z'))).toBe(dayNumber('2026-10-25'));
    expect(shopDayNumber(Date.parse('2026-10-25T23:00:00Z'))).toBe(dayNumber('2026-10-26'));
    for (let t = Date.parse('2026-03-27T00:00:00Z'); t < Date.parse('2026-04-01T00:00:00Z'); t += 15 * 60_000) {
      expect(shopDayNumber(t)).toBe(dayNumber(dayOf(t)));
      expect(shopDayStart(shopDayNumber(t))).toBeLessThanOrEqual(t);
      expect(shopDayStart(shopDayNumber(t) + 1)).toBeGreaterThan(t);
    }
  });
});

describe('the shop\'s months before a moment (points expiry)', () => {
  it('are local calendar months at the same local time', () => {
    // 00:30 on 1 May (summer time) is 22:30 UTC on 30 April: a UTC month earlier was 31 March.
    expect(monthsBefore(Date.parse('2026-05-01T00:30:00+02:00'), 1)).toBe(Date.parse('2026-04-01T00:30:00+02:00'));
    expect(monthsBefore(Date.parse('2026-03-31T00:30:00+02:00'), 1)).toBe(local('2026-02-28', '00:30'));
    expect(monthsBefore(local('2026-12-01', '00:30'), 12)).toBe(local('2025-12-01', '00:30'));
    expect(startOfDay('2026-12-01')).toBe(local('2026-12-01', '00:00'));
  });
});

describe('a regular\'s visit days', () => {
  it('are local days: visits at 12:00, 00:30 and 23:30 on three local days make a regular', () => {
    // 12:00 on 1 November and 00:30 on 2 November are both on 1 November in UTC.
    const times = [local('2026-11-01', '12:00'), local('2026-11-02', '00:30'), local('2026-11-03', '23:30')];
    expect(usualIntervalDays(times)).toBe(1);
    expect(visitStatsOf(times.map((t, i) => ({ id: i + 1, amount_cents: 0, reverses_id: null, occurred_at: t }))))
      .toMatchObject({ usual_interval_days: 1, overdue_day: dayNumber('2026-11-06') });
  });

  it('count 23:30 and 00:30 the next night, on one UTC day, as two', () => {
    const times = [local('2026-11-01', '23:30'), local('2026-11-02', '00:30'), local('2026-11-05', '12:00')];
    expect(usualIntervalDays(times)).toBe(2);
  });
});

async function nightOwl(app: TestApp, name = 'Nachtbraker') {
  const c = await app.ok('customers.create', { customer: { givenName: name } });
  // Three visits at 00:30 on 29 November, 30 November and 1 December: a regular who comes
  // daily, last seen on 1 December (23:30 UTC on 30 November), overdue from 4 December.
  for (const day of ['2026-11-29', '2026-11-30', '2026-12-01']) {
    app.now.value = local(day, '00:30');
    await app.ok('loyalty.recordPurchase', { customerId: c.id, amount: '20,00', locale: 'nl' });
  }
  return c;
}

describe('days since a last visit at 00:30', () => {
  it('the Today screen counts from the local day of the visit, and the overdue day with it', async () => {
    const app = testApp();
    const c = await nightOwl(app);
    expect(await app.archive.db.selectFrom('customer_visit_stats').select(['overdue_day', 'usual_interval_days']).where('customer_id', '=', c.id).executeTakeFirst())
      .toEqual({ overdue_day: dayNumber('2026-12-04'), usual_interval_days: 1 });

    // 23:30 on 3 December is still 3 December: not yet overdue.
    app.now.value = local('2026-12-03', '23:30');
    expect((await app.ok('today.get', {})).regulars.items).toEqual([]);
    app.now.value = local('2026-12-04', '00:10');
    const early = await app.ok('today.get', {});
    expect([early.day, early.regulars.items.map((r) => r.daysSinceLastVisit)]).toEqual(['2026-12-04', [3]]);
    // At noon on 8 December (UTC and local alike), the last visit was on 1 December: 7 days.
    app.now.value = local('2026-12-08', '12:00');
    expect((await app.ok('today.get', {})).regulars.items.map((r) => [r.customerId, r.daysSinceLastVisit, r.usualIntervalDays]))
      .toEqual([[c.id, 7, 1]]);
  });

  it('the insights count alike: overdue since the local day, days since the last visit', async () => {
    const app = testApp();
    const c = await nightOwl(app);
    app.now.value = local('2026-12-03', '23:30');
    expect(await app.ok('insights.standing', { customerId: c.id })).toMatchObject({ overdue: false, daysSinceLastVisit: 2 });
    expect((await app.ok('insights.overdue', {})).items).toEqual([]);
    app.now.value = local('2026-12-08', '12:00');
    expect(await app.ok('insights.standing', { customerId: c.id })).toMatchObject({ overdue: true, daysSinceLastVisit: 7 });
    expect((await app.ok('insights.overdue', {})).items.map((i) => [i.customerId, i.overdueSince, i.daysSinceLastVisit]))
      .toEqual([[c.id, '2026-12-04', 7]]);
  });

  it('a lapsed good customer is overdue from the same local day', async () => {
    const app = testApp();
    const c = await nightOwl(app);
    const lapsed = async () => (await app.ok('lists.get', { source: { list: 'lapsed' } })).rows.map((r) => r.customerId);
    app.now.value = local('2026-12-03', '23:30');
    expect(await lapsed()).toEqual([]);
    app.now.value = local('2026-12-04', '00:10');
    expect(await lapsed()).toEqual([c.id]);
  });
});

describe('recency', () => {
  it('scores the last visit by its local day: 00:30 is a day later than 23:30 the evening before', async () => {
    const app = testApp();
    const evening = await app.ok('customers.create', { customer: { givenName: 'Avond' } });
    const night = await app.ok('customers.create', { customer: { givenName: 'Nacht' } });
    // On one UTC day (1 November), on two local days.
    app.now.value = local('2026-11-01', '23:30');
    await app.ok('loyalty.recordPurchase', { customerId: evening.id, amount: '10,00', locale: 'nl' });
    app.now.value = local('2026-11-02', '00:30');
    await app.ok('loyalty.recordPurchase', { customerId: night.id, amount: '10,00', locale: 'nl' });
    await ensureSegments(app.archive.db, local('2026-11-10', '12:00'));
    expect(await app.archive.db.selectFrom('customer_segments').select(['customer_id', 'recency']).orderBy('customer_id').execute())
      .toEqual([{ customer_id: evening.id, recency: 1 }, { customer_id: night.id, recency: 3 }]);
  });
});
