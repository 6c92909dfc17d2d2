import { dayNumber, dayOf } from '../days.js';

// Which automatic backups to keep: the newest of each of the last N days, ISO weeks and
// months that have a backup (grandfather-father-son). Counting periods that *have* a
// backup, not calendar periods back from today, means a shop closed for three weeks still
// finds seven daily backups when it comes back, and a wrong clock never empties the folder.

export interface Rotation {
  daily: number;
  weekly: number;
  monthly: number;
}

export interface Dated {
  name: string;
  createdAt: number;
}

export interface RotationChoice<T extends Dated> {
  keep: T[];
  remove: T[];
}

/** The shop's calendar periods of a moment; local time by default. */
export interface Calendar {
  day(ms: number): string;
  week(ms: number): string;
  month(ms: number): string;
}

export const localCalendar: Calendar = {
  day: (ms) => dayOf(ms),
  // 1970-01-01 was a Thursday: day n belongs to the week starting on Monday n - (n + 3) % 7.
  week: (ms) => `w${Math.floor((dayNumber(dayOf(ms)) + 3) / 7)}`,
  month: (ms) => dayOf(ms).slice(0, 7),
};

export function chooseBackups<T extends Dated>(backups: readonly T[], rotation: Rotation, calendar: Calendar = localCalendar): RotationChoice<T> {
  const newestFirst = [...backups].sort((a, b) => b.createdAt - a.createdAt || (a.name < b.name ? 1 : -1));
  const kept = new Set<T>();
  const pick = (period: (ms: number) => string, count: number) => {
    const seen = new Set<string>();
    for (const backup of newestFirst) {
      if (seen.size >= count) break;
      const key = period(backup.createdAt);
      if (seen.has(key)) continue;
      seen.add(key);
      kept.add(backup);
    }
  };
  pick(calendar.day, rotation.daily);
  pick(calendar.week, rotation.weekly);
  pick(calendar.month, rotation.monthly);
  // Whatever the settings say, the newest backup is never removed.
  if (newestFirst[0]) kept.add(newestFirst[0]);
  return {
    keep: newestFirst.filter((b) => kept.has(b)),
    remove: newestFirst.filter((b) => !kept.has(b)),
  };
}
