import { addDays, daysInMonth, dayNumber, formatDay, parseDay, shopDayStart, type Day } from '../days.js';

// The calendar stretches a list is about: "this week" is the shop's week, Monday to Sunday
// (as in the Netherlands and Belgium, ISO 8601), "this month" the calendar month. Both are
// whole days; which birthdays fall in them (29 February on the 28th in other years) is the
// Today screen's rule, main/api/today/birthdays.ts.

export type Period = 'week' | 'month';

export interface DayWindow {
  period: Period;
  /** First and last day, inclusive. */
  from: Day;
  to: Day;
  /** ISO week number and its year (which, around New Year, may differ from `from`'s). */
  week: number | null;
  weekYear: number | null;
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: Day): number {
  // 1970-01-01 was a Thursday (4).
  return ((((dayNumber(day) + 3) % 7) + 7) % 7) + 1;
}

/** ISO 8601 week: the week with the year's first Thursday is week 1. */
export function isoWeek(day: Day): { year: number; week: number } {
  const thursday = addDays(day, 4 - isoWeekday(day));
  const year = parseDay(thursday)!.year;
  const week = Math.floor((dayNumber(thursday) - dayNumber(formatDay(year, 1, 1))) / 7) + 1;
  return { year, week };
}

/** The week (Monday to Sunday) holding `today`, or `offset` weeks later. */
export function weekWindow(today: Day, offset = 0): DayWindow {
  const from = addDays(today, 1 - isoWeekday(today) + 7 * offset);
  const { year, week } = isoWeek(from);
  return { period: 'week', from, to: addDays(from, 6), week, weekYear: year };
}

/** The calendar month holding `today`, or `offset` months later. */
export function monthWindow(today: Day, offset = 0): DayWindow {
  const p = parseDay(today)!;
  const index = p.year * 12 + (p.month - 1) + offset;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { period: 'month', from: formatDay(year, month, 1), to: formatDay(year, month, daysInMonth(year, month)), week: null, weekYear: null };
}

export function periodWindow(period: Period, today: Day, offset = 0): DayWindow {
  return period === 'week' ? weekWindow(today, offset) : monthWindow(today, offset);
}

/** How many days a window holds. */
export const windowLength = (w: Pick<DayWindow, 'from' | 'to'>): number => dayNumber(w.to) - dayNumber(w.from) + 1;

/** Midnight at the start of a day in the shop's time zone (the machine's), as unix ms. */
export const startOfDay = (day: Day): number => shopDayStart(dayNumber(day));
