import { describe, expect, it } from 'vitest';
import { dayOf } from '../../main/core/days.js';
import { chooseBackups, type Dated, type Rotation } from '../../main/core/backup/rotation.js';

// The shop's automatic backups over many simulated days, rotated after each one as the
// app does, against the days a person would pick from a calendar.

const KEEP: Rotation = { daily: 7, weekly: 4, monthly: 12 };
const at = (day: string, hour: number) => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d!, hour).getTime();
};

/** Every day from `from` to `to` (local calendar), skipping the days `closed` says. */
function* days(from: string, to: string, closed: (date: Date) => boolean = () => false): Generator<string> {
  const [y, m, d] = from.split('-').map(Number);
  for (let date = new Date(y!, m! - 1, d!, 12); dayOf(date.getTime()) <= to; date.setDate(date.getDate() + 1)) {
    if (!closed(date)) yield dayOf(date.getTime());
  }
}

/** Takes backups as the scheduler would and rotates after each, as the folder would hold them. */
function simulate(backupDays: Iterable<string>, hours: number[], keep = KEEP) {
  let folder: Dated[] = [];
  const made: Dated[] = [];
  let largest = 0;
  for (const day of backupDays) {
    for (const hour of hours) {
      const backup = { name: `counterpart-${day}-${hour}-auto.sqlite`, createdAt: at(day, hour) };
      made.push(backup);
      folder = chooseBackups([...folder, backup], keep).keep;
      largest = Math.max(largest, folder.length);
    }
  }
  return { folder, made, largest };
}

const keptDays = (folder: Dated[]) => folder.map((b) => dayOf(b.createdAt)).sort();

describe('rotating automatic backups', () => {
  it('keeps 7 daily, 4 weekly and 12 monthly over fifteen months of a shop closed on Sundays', () => {
    const sunday = (date: Date) => date.getDay() === 0;
    const { folder, made, largest } = simulate(days('2025-09-01', '2026-11-25', sunday), [9, 18]);
    expect(made.length).toBeGreaterThan(700);
    expect(keptDays(folder)).toEqual([
      // The newest of each month: Dec 2025 … Oct 2026 (31 May was a Sunday).
      '2025-12-31', '2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-30',
      '2026-06-30', '2026-07-31', '2026-08-31', '2026-09-30', '2026-10-31',
      // The newest of each of the three weeks before this one (Saturdays).
      '2026-11-07', '2026-11-14',
      // The last seven days the shop was open (and the newest of this week and month).
      '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-23', '2026-11-24', '2026-11-25',
    ]);
    // Of two backups on a day, the evening's stays.
    expect(folder.every((b) => new Date(b.createdAt).getHours() === 18)).toBe(true);
    expect(largest).toBeLessThanOrEqual(KEEP.daily + KEEP.weekly + KEEP.monthly + 1);
  });

  it('ends where one rotation of the whole history would: removing day by day never loses a keeper', () => {
    const { folder, made } = simulate(days('2024-02-10', '2026-03-05', (d) => d.getDate() % 5 === 0), [8, 13, 20]);
    expect(folder).toEqual(chooseBackups(made, KEEP).keep);
  });

  it('still has a week of daily backups after three weeks of holiday', () => {
    const holiday = (date: Date) => date.getMonth() === 6 && date.getDate() >= 6 && date.getDate() <= 26;
    const { folder } = simulate(days('2026-06-01', '2026-07-28', holiday), [18]);
    expect(keptDays(folder).filter((d) => d >= '2026-07-01')).toEqual([
      '2026-07-01', '2026-07-02', '2026-07-03', '2026-07-04', '2026-07-05', '2026-07-27', '2026-07-28',
    ]);
  });

  it('never removes the newest, whatever the settings, and keeps every period apart', () => {
    const { folder } = simulate(days('2026-01-01', '2026-03-01'), [18], { daily: 1, weekly: 0, monthly: 0 });
    expect(keptDays(folder)).toEqual(['2026-03-01']);
    const monthly = simulate(days('2026-01-01', '2026-04-10'), [18], { daily: 1, weekly: 0, monthly: 3 });
    expect(keptDays(monthly.folder)).toEqual(['2026-02-28', '2026-03-31', '2026-04-10']);
  });
});
