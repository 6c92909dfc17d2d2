import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import * as entries from '../../../db/memory/entries.js';
import { countDue, dueFollowUps } from '../../../db/memory/followups.js';
import { birthdaysIn, countOverdueRegulars, countRegulars, overdueRegulars } from '../../../db/memory/today.js';
import { dayOf, daysBetween, shopDayNumber, type Day } from '../../core/days.js';
import { displayName } from '../customers/mappers.js';
import { toFollowUp } from '../followups/handlers.js';
import type { HandlerMap } from '../handler-types.js';
import { toEntries } from '../notes/mappers.js';
import type { OpenEntry } from '../notes/schema.js';
import { celebrations, monthRanges, windowDays } from './birthdays.js';
import type { BirthdayLine } from './schema.js';

// The Today screen in one call. Each list is one indexed query (partial indexes on what is
// open, birthdays by month and day, regulars by the day they became overdue) plus a count.

const WEEK = 7;

const byName = new Intl.Collator('nl', { sensitivity: 'base' });

export async function birthdayLines(db: Kysely<DB>, today: Day, days: number): Promise<BirthdayLine[]> {
  const window = windowDays(today, days + 1);
  const when = celebrations(window);
  const rows = await birthdaysIn(db, monthRanges(window));
  const lines: BirthdayLine[] = [];
  for (const r of rows) {
    const at = when.get(r.birthday_month * 100 + r.birthday_day);
    if (!at) continue;
    lines.push({
      customerId: r.id,
      displayName: displayName(r),
      on: at.on,
      inDays: at.index,
      turns: r.birth_year === null ? null : at.year - r.birth_year,
    });
  }
  return lines.sort((a, b) => a.inDays - b.inDays || byName.compare(a.displayName, b.displayName) || a.customerId - b.customerId);
}

async function openEntries(db: Kysely<DB>, kind: 'complaint' | 'wish', limit: number): Promise<{ items: OpenEntry[]; total: number }> {
  const rows = await entries.entriesByStatus(db, { kind, status: 'open', cursor: null, limit, oldestFirst: kind === 'complaint' });
  const items = await toEntries(db, rows);
  return {
    items: items.map((item, i) => ({ ...item, displayName: displayName(rows[i]!) })),
    total: await entries.countByStatus(db, kind, 'open'),
  };
}

export const todayHandlers = {
  async 'today.get'({ archive, clock }, { limit, overdueWithinDays }) {
    const db = archive.db;
    const now = clock();
    const today = dayOf(now);

    const due = await dueFollowUps(db, today, limit);
    const dueCounts = await countDue(db, today);

    const birthdays = await birthdayLines(db, today, WEEK);
    const todays = birthdays.filter((b) => b.inDays === 0);
    const week = birthdays.filter((b) => b.inDays > 0);

    const todayNumber = shopDayNumber(now);
    const from = todayNumber - overdueWithinDays + 1;
    const regulars = await overdueRegulars(db, from, todayNumber, limit);

    return {
      day: today,
      followUps: {
        items: due.map((row) => ({ ...toFollowUp(row), displayName: displayName(row), daysOverdue: daysBetween(row.due_on, today) })),
        ...dueCounts,
      },
      birthdays: { today: todays.slice(0, limit), week: week.slice(0, limit), todayTotal: todays.length, weekTotal: week.length },
      complaints: await openEntries(db, 'complaint', limit),
      wishes: await openEntries(db, 'wish', limit),
      regulars: {
        items: regulars.map((r) => ({
          customerId: r.id,
          displayName: displayName(r),
          lastVisitAt: r.last_visit_at,
          daysSinceLastVisit: todayNumber - shopDayNumber(r.last_visit_at),
          usualIntervalDays: r.usual_interval_days,
          visitCount: r.visit_count,
          spendCents: r.spend_cents,
        })),
        total: await countOverdueRegulars(db, from, todayNumber),
        withinDays: overdueWithinDays,
        regularCount: await countRegulars(db),
      },
    };
  },
} satisfies HandlerMap<'today.get'>;
