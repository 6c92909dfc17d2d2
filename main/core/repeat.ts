import { addDays, dayNumber, nextYearly, type Day } from './days.js';

// When a repeating follow-up comes back after it is done.

export type Repeat = { kind: 'none' } | { kind: 'weeks'; every: number } | { kind: 'yearly' };

/**
 * The next date of a series after one occurrence (due on `due`) is done on `today`: the
 * first date of the series after both, so that a late "done" leaves nothing overdue and
 * the rhythm (same weekday, same date each year) is kept. Yearly series follow their
 * anchor, so 29 February comes back in leap years (28 February in the others).
 */
export function nextOccurrence(repeat: Repeat, due: Day, anchor: Day, today: Day): Day | null {
  const after = due > today ? due : today;
  switch (repeat.kind) {
    case 'none':
      return null;
    case 'weeks': {
      const step = 7 * repeat.every;
      const k = Math.max(1, Math.floor((dayNumber(after) - dayNumber(due)) / step) + 1);
      return addDays(due, k * step);
    }
    case 'yearly':
      return nextYearly(anchor, after);
  }
}
