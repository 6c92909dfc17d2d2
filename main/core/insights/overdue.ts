import { usualIntervalDays } from '../loyalty/rules.js';

// Overdue regulars, one definition for the Today screen and the insights: a customer with
// at least MIN_VISIT_DAYS days with a visit (enough to know their rhythm) whose time since
// their last visit is more than OVERDUE_FACTOR times their usual interval (the median gap
// between visit days). They are listed by what they are worth: their lifetime spend.

export const OVERDUE_FACTOR = 2;
export const MIN_VISIT_DAYS = 3;

/** The usual interval in days, or null with fewer than MIN_VISIT_DAYS visit days. */
export function usualInterval(visitTimes: readonly number[]): number | null {
  return usualIntervalDays(visitTimes, MIN_VISIT_DAYS);
}

/** The first day number (main/core/days.ts shopDayNumber: the shop's local days) on which the customer counts as overdue. */
export function overdueDay(lastVisitDay: number, usualIntervalDays: number): number {
  return lastVisitDay + OVERDUE_FACTOR * usualIntervalDays + 1;
}
