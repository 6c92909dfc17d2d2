import { addDays, isLeapYear, parseDay, type Day } from '../../core/days.js';
import type { MonthDays } from '../../../db/memory/today.js';

// Which birthdays fall in a window of days: month/day ranges to ask the index for, and the
// date each found birthday is celebrated on. 29 February is celebrated on 28 February in a
// year without one; a window may run over New Year.

export function windowDays(from: Day, days: number): Day[] {
  return Array.from({ length: days }, (_, i) => addDays(from, i));
}

export function monthRanges(days: readonly Day[]): MonthDays[] {
  const ranges = new Map<number, MonthDays>();
  for (const day of days) {
    const p = parseDay(day)!;
    // On 28 February of a common year, those born on the 29th celebrate too.
    const to = p.month === 2 && p.day === 28 && !isLeapYear(p.year) ? 29 : p.day;
    const r = ranges.get(p.month);
    if (r) {
      r.from = Math.min(r.from, p.day);
      r.to = Math.max(r.to, to);
    } else ranges.set(p.month, { month: p.month, from: p.day, to });
  }
  return [...ranges.values()];
}

/** Birthday (month, day) → the window day it is celebrated on and its index in the window. */
export function celebrations(days: readonly Day[]): Map<number, { on: Day; index: number; year: number }> {
  const map = new Map<number, { on: Day; index: number; year: number }>();
  days.forEach((on, index) => {
    const p = parseDay(on)!;
    map.set(p.month * 100 + p.day, { on, index, year: p.year });
    if (p.month === 2 && p.day === 28 && !isLeapYear(p.year)) map.set(229, { on, index, year: p.year });
  });
  return map;
}

/** The window day a birthday (month, day) is celebrated on, or null when outside it. */
export function celebratedOn(days: readonly Day[], month: number, day: number): Day | null {
  return celebrations(days).get(month * 100 + day)?.on ?? null;
}
