import { describe, expect, it } from 'vitest';
import { sqliteArchive } from '../../db/archive.js';
import { itOnFile } from '../support/engine.js';
import { testApp, type TestApp } from '../support/services.js';

// The test clock starts on Wednesday 25 November 2026, 10:00 UTC.
const at = (day: string) => Date.parse(`${day}T10:00:00Z`);
const DAY = 86_400_000;

async function customer(app: TestApp, givenName: string, extra: Record<string, unknown> = {}) {
  return app.ok('customers.create', { customer: { givenName, ...extra } as never });
}

const born = (day: number, month: number, year: number | null = null) => ({ birthday: { day, month, year } });

describe('the Today screen', () => {
  it('lists follow-ups due today and overdue, oldest first, and leaves out the rest', async () => {
    const app = testApp();
    const c = await customer(app, 'Truus', { familyName: 'Bakker' });
    const gone = await customer(app, 'Gone');
    const add = (customerId: number, dueOn: string, text = 'call') => app.ok('followups.add', { customerId, text, dueOn });
    // Planned ten days ago: a due date cannot be set in the past.
    const now = app.now.value;
    app.now.value = at('2026-11-15');
    const today = await add(c.id, '2026-11-25', 'today');
    const overdue = await add(c.id, '2026-11-20', 'overdue');
    await add(c.id, '2026-11-26', 'tomorrow');
    const done = await add(c.id, '2026-11-24', 'done');
    await app.ok('followups.done', { id: done.id });
    await add(gone.id, '2026-11-25');
    await app.ok('customers.archive', { id: gone.id });
    app.now.value = now;

    const screen = await app.ok('today.get', {});
    expect(screen.day).toBe('2026-11-25');
    expect(screen.followUps.items.map((f) => [f.id, f.displayName, f.daysOverdue])).toEqual([
      [overdue.id, 'Truus Bakker', 5],
      [today.id, 'Truus Bakker', 0],
    ]);
    expect(screen.followUps).toMatchObject({ total: 2, overdue: 1 });
    expect((await app.ok('today.get', { limit: 1 })).followUps).toMatchObject({ items: [{ id: overdue.id }], total: 2 });
  });

  it('lists birthdays today and in the week after, with the age they turn', async () => {
    const app = testApp();
    const today = await customer(app, 'Today', born(25, 11, 1980));
    const in2 = await customer(app, 'Soon', born(27, 11));
    const in7 = await customer(app, 'Week', born(2, 12, 2000));
    await customer(app, 'Too late', born(3, 12));
    await customer(app, 'Yesterday', born(24, 11));
    const gone = await customer(app, 'Gone', born(25, 11));
    await app.ok('customers.archive', { id: gone.id });

    const { birthdays } = await app.ok('today.get', {});
    expect(birthdays.today).toEqual([{ customerId: today.id, displayName: 'Today', on: '2026-11-25', inDays: 0, turns: 46 }]);
    expect(birthdays.week.map((b) => [b.customerId, b.on, b.inDays, b.turns])).toEqual([
      [in2.id, '2026-11-27', 2, null],
      [in7.id, '2026-12-02', 7, 26],
    ]);
    expect([birthdays.todayTotal, birthdays.weekTotal]).toEqual([1, 2]);
  });

  it('sees birthdays across New Year', async () => {
    const app = testApp();
    app.now.value = at('2026-12-28');
    const newYear = await customer(app, 'Nieuwjaar', born(1, 1, 1990));
    const oudjaar = await customer(app, 'Oudjaar', born(31, 12, 1990));
    const jan4 = await customer(app, 'Vier', born(4, 1));
    await customer(app, 'Vijf', born(5, 1));
    const { birthdays } = await app.ok('today.get', {});
    expect(birthdays.week.map((b) => [b.customerId, b.on, b.inDays, b.turns])).toEqual([
      [oudjaar.id, '2026-12-31', 3, 36],
      [newYear.id, '2027-01-01', 4, 37],
      [jan4.id, '2027-01-04', 7, null],
    ]);
  });

  it('celebrates 29 February on the 28th in a common year, and on the 29th in a leap year', async () => {
    const app = testApp();
    const leapling = await customer(app, 'Leapling', born(29, 2, 2000));
    const feb28 = await customer(app, 'Eight', born(28, 2));
    const mar1 = await customer(app, 'March', born(1, 3));

    app.now.value = at('2027-02-27');
    let { birthdays } = await app.ok('today.get', {});
    expect(birthdays.week.map((b) => [b.customerId, b.on, b.inDays])).toEqual([
      [feb28.id, '2027-02-28', 1],
      [leapling.id, '2027-02-28', 1],
      [mar1.id, '2027-03-01', 2],
    ]);
    app.now.value = at('2027-02-28');
    ({ birthdays } = await app.ok('today.get', {}));
    expect(birthdays.today.map((b) => [b.customerId, b.turns])).toEqual([[feb28.id, null], [leapling.id, 27]]);

    app.now.value = at('2028-02-27');
    ({ birthdays } = await app.ok('today.get', {}));
    expect(birthdays.week.map((b) => [b.customerId, b.on, b.inDays])).toEqual([
      [feb28.id, '2028-02-28', 1],
      [leapling.id, '2028-02-29', 2],
      [mar1.id, '2028-03-01', 3],
    ]);
    // The brief says the same for one customer.
    expect((await app.ok('customers.brief', { id: leapling.id })).birthday).toEqual({ on: '2028-02-29', inDays: 2, turns: 28 });
  });

  it('lists open complaints waiting longest first and open wishes newest first', async () => {
    const app = testApp();
    const a = await customer(app, 'Anna');
    const gone = await customer(app, 'Gone');
    const old = await app.ok('notes.add', { customerId: a.id, kind: 'complaint', text: 'old' });
    app.now.value += 1000;
    const recent = await app.ok('notes.add', { customerId: a.id, kind: 'complaint', text: 'recent' });
    const resolved = await app.ok('notes.add', { customerId: a.id, kind: 'complaint', text: 'resolved' });
    await app.ok('notes.setStatus', { id: resolved.id, status: 'resolved' });
    const deleted = await app.ok('notes.add', { customerId: a.id, kind: 'complaint', text: 'deleted' });
    await app.ok('notes.delete', { id: deleted.id });
    await app.ok('notes.add', { customerId: gone.id, kind: 'complaint', text: 'archived' });
    const w1 = await app.ok('notes.add', { customerId: a.id, kind: 'wish', text: 'w1' });
    app.now.value += 1000;
    const w2 = await app.ok('notes.add', { customerId: a.id, kind: 'wish', text: 'w2' });
    await app.ok('customers.archive', { id: gone.id });

    const screen = await app.ok('today.get', {});
    expect(screen.complaints.items.map((c) => [c.id, c.displayName])).toEqual([[old.id, 'Anna'], [recent.id, 'Anna']]);
    expect(screen.complaints.total).toBe(2);
    expect(screen.wishes.items.map((w) => w.id)).toEqual([w2.id, w1.id]);
    expect(screen.wishes.total).toBe(2);
  });

  it('lists regulars overdue for more than twice their usual interval, biggest spenders first', async () => {
    const app = testApp();
    const visitEvery = async (customerId: number, days: number, count: number, last: string, amount?: string) => {
      for (let i = count - 1; i >= 0; i--) {
        app.now.value = at(last) - i * days * DAY;
        if (amount) await app.ok('loyalty.recordPurchase', { customerId, amount, locale: 'nl' });
        else await app.ok('loyalty.recordVisit', { customerId });
      }
    };
    const weekly = await customer(app, 'Weekly');
    const bigSpender = await customer(app, 'Big', { familyName: 'Spender' });
    const recent = await customer(app, 'Recent');
    const twice = await customer(app, 'Twice');
    const longGone = await customer(app, 'Long', { familyName: 'Gone' });
    const archived = await customer(app, 'Archived');
    await visitEvery(weekly.id, 7, 5, '2026-11-01');
    await visitEvery(bigSpender.id, 10, 4, '2026-10-20', '80,00');
    await visitEvery(recent.id, 7, 5, '2026-11-20');
    await visitEvery(twice.id, 7, 2, '2026-10-01');
    await visitEvery(longGone.id, 7, 5, '2025-01-01');
    await visitEvery(archived.id, 7, 5, '2026-11-01');
    await app.ok('customers.archive', { id: archived.id });

    app.now.value = at('2026-11-25');
    const { regulars } = await app.ok('today.get', {});
    expect(regulars.items).toEqual([
      { customerId: bigSpender.id, displayName: 'Big Spender', lastVisitAt: at('2026-10-20'), daysSinceLastVisit: 36, usualIntervalDays: 10, visitCount: 4, spendCents: 32000 },
      { customerId: weekly.id, displayName: 'Weekly', lastVisitAt: at('2026-11-01'), daysSinceLastVisit: 24, usualIntervalDays: 7, visitCount: 5, spendCents: 0 },
    ]);
    expect(regulars).toMatchObject({ total: 2, withinDays: 60 });
    // Long gone became overdue in January 2025: beyond any window of up to a year.
    expect((await app.ok('today.get', { overdueWithinDays: 365 })).regulars.total).toBe(2);

    // A visit today brings Weekly back into their rhythm; undoing it makes them overdue again.
    const visit = await app.ok('loyalty.recordVisit', { customerId: weekly.id });
    expect((await app.ok('today.get', {})).regulars.items.map((r) => r.customerId)).toEqual([bigSpender.id]);
    await app.ok('loyalty.undoLast', { customerId: weekly.id, visitId: visit.visit.id });
    expect((await app.ok('today.get', {})).regulars.items.map((r) => r.customerId)).toEqual([bigSpender.id, weekly.id]);
  });

  it('counts the shop\'s regulars (3+ visit days), so an empty list can say there are none yet', async () => {
    const app = testApp();
    const truus = await customer(app, 'Truus');
    const regularCount = async () => [(await app.ok('today.get', {})).regulars.regularCount, (await app.ok('insights.overdue', {})).regularCount];
    expect(await regularCount()).toEqual([0, 0]);
    for (const day of ['2026-11-01', '2026-11-08']) {
      app.now.value = at(day);
      await app.ok('loyalty.recordVisit', { customerId: truus.id });
    }
    app.now.value = at('2026-11-25');
    expect(await regularCount()).toEqual([0, 0]);
    await app.ok('loyalty.recordVisit', { customerId: truus.id });
    // A regular now, and not overdue: the list is empty because everyone came back in time.
    expect(await regularCount()).toEqual([1, 1]);
    expect((await app.ok('today.get', {})).regulars.total).toBe(0);
    await app.ok('customers.archive', { id: truus.id });
    expect(await regularCount()).toEqual([0, 0]);
  });

  // SQLite's planner has no statistics, so the indexes it takes are part of the schema's
  // design; PostgreSQL's planner chooses from its statistics, which an empty test database lacks.
  itOnFile('reads every list from an index on a big archive', async () => {
    const app = testApp();
    const plans = (query: string, ...params: unknown[]) =>
      (sqliteArchive(app.archive).sqlite.prepare(`EXPLAIN QUERY PLAN ${query}`).all(...params) as { detail: string }[]).map((p) => p.detail).join(' | ');
    expect(plans("SELECT id FROM follow_ups WHERE status = 'open' AND due_on <= ? ORDER BY due_on", '2026-11-25')).toMatch(/follow_ups_due/);
    expect(plans(`SELECT id FROM customers WHERE archived_at IS NULL AND birthday_month IS NOT NULL
      AND ((birthday_month = 11 AND birthday_day BETWEEN 25 AND 30) OR (birthday_month = 12 AND birthday_day BETWEEN 1 AND 2))`)).toMatch(/customers_birthday/);
    expect(plans("SELECT id FROM customer_entries WHERE kind = 'complaint' AND status = 'open' AND deleted_at IS NULL ORDER BY at")).toMatch(/customer_entries_status/);
    expect(plans('SELECT customer_id FROM customer_visit_stats WHERE overdue_day BETWEEN ? AND ?', 1, 2)).toMatch(/customer_visit_stats_overdue/);
  });
});
