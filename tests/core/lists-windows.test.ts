import { describe, expect, it } from 'vitest';
import { isoWeek, isoWeekday, monthWindow, periodWindow, startOfDay, weekWindow, windowLength } from '../../main/core/lists/windows.js';

// "This week" is Monday to Sunday and "this month" the calendar month, whatever day they
// are asked on, across New Year and in leap years.

describe('list windows', () => {
  it('weekdays and ISO week numbers, including the weeks around New Year', () => {
    expect(isoWeekday('2026-11-23')).toBe(1);
    expect(isoWeekday('2026-11-29')).toBe(7);
    expect(isoWeek('2026-11-25')).toEqual({ year: 2026, week: 48 });
    // 2026 has 53 weeks: its last week runs into 2027.
    expect(isoWeek('2026-12-31')).toEqual({ year: 2026, week: 53 });
    expect(isoWeek('2027-01-03')).toEqual({ year: 2026, week: 53 });
    expect(isoWeek('2027-01-04')).toEqual({ year: 2027, week: 1 });
    // 1 January 2024 was a Monday; 29 December 2025 starts 2026's week 1.
    expect(isoWeek('2024-01-01')).toEqual({ year: 2024, week: 1 });
    expect(isoWeek('2025-12-29')).toEqual({ year: 2026, week: 1 });
  });

  it('a week is Monday to Sunday, whichever day of it is today, and the next one follows', () => {
    for (const today of ['2026-11-23', '2026-11-25', '2026-11-29']) {
      expect(weekWindow(today)).toEqual({ period: 'week', from: '2026-11-23', to: '2026-11-29', week: 48, weekYear: 2026 });
    }
    expect(weekWindow('2026-12-30')).toMatchObject({ from: '2026-12-28', to: '2027-01-03', week: 53, weekYear: 2026 });
    expect(weekWindow('2026-12-30', 1)).toMatchObject({ from: '2027-01-04', to: '2027-01-10', week: 1, weekYear: 2027 });
    expect(windowLength(weekWindow('2026-03-29'))).toBe(7);
  });

  it('a month is the calendar month, February with 28 or 29 days, and next month runs over New Year', () => {
    expect(monthWindow('2026-11-25')).toEqual({ period: 'month', from: '2026-11-01', to: '2026-11-30', week: null, weekYear: null });
    expect(monthWindow('2027-02-14')).toMatchObject({ from: '2027-02-01', to: '2027-02-28' });
    expect(monthWindow('2028-02-14')).toMatchObject({ from: '2028-02-01', to: '2028-02-29' });
    expect(monthWindow('2026-12-31', 1)).toMatchObject({ from: '2027-01-01', to: '2027-01-31' });
    expect(monthWindow('2028-01-31', 1)).toMatchObject({ from: '2028-02-01', to: '2028-02-29' });
    expect(periodWindow('month', '2026-11-25')).toEqual(monthWindow('2026-11-25'));
    expect(periodWindow('week', '2026-11-25', 1)).toEqual(weekWindow('2026-11-25', 1));
    expect(windowLength(monthWindow('2026-03-10'))).toBe(31);
  });

  it('a day starts at the shop’s midnight', () => {
    const start = startOfDay('2026-03-29');
    expect(new Date(start).getHours()).toBe(0);
    expect(new Date(start).getDate()).toBe(29);
    expect(new Date(start - 1).getDate()).toBe(28);
    expect(() => startOfDay('2026-02-30')).toThrow(RangeError);
  });
});
