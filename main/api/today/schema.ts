import { z } from 'zod';
import type { Day } from '../../core/days.js';
import type { FollowUp } from '../followups/schema.js';
import type { OpenEntry } from '../notes/schema.js';

// The app's home: what needs doing today. Every line carries the customer's id and name so
// that it opens the customer. Archived customers are left out of every list.

export const todayInput = z.object({
  /** Most lines per list (each list also says how many there are in all). */
  limit: z.number({ error: 'invalid' }).int({ error: 'invalid' }).min(1, { error: 'out_of_range' }).max(500, { error: 'out_of_range' }).default(50),
  /** Overdue regulars: those who became overdue in the last this many days. */
  overdueWithinDays: z.number({ error: 'invalid' }).int({ error: 'invalid' }).min(1, { error: 'out_of_range' }).max(365, { error: 'out_of_range' }).default(60),
});

export interface TodayFollowUp extends FollowUp {
  displayName: string;
  /** 0 when due today. */
  daysOverdue: number;
}

export interface BirthdayLine {
  customerId: number;
  displayName: string;
  /** The day it is celebrated this time ('YYYY-MM-DD'); 29 February falls on 28 February in other years. */
  on: Day;
  /** 0 today, 1 tomorrow … 7. */
  inDays: number;
  /** The age they turn, when the birth year is known. */
  turns: number | null;
}

export interface OverdueRegular {
  customerId: number;
  displayName: string;
  lastVisitAt: number;
  daysSinceLastVisit: number;
  /** Median days between their visits. */
  usualIntervalDays: number;
  visitCount: number;
  /** Lifetime spend (kept purchases), cents. */
  spendCents: number;
}

export interface TodayScreen {
  /** The shop's date, 'YYYY-MM-DD'. */
  day: Day;
  /** Open follow-ups due today or earlier, oldest first. */
  followUps: { items: TodayFollowUp[]; total: number; overdue: number };
  /** Birthdays today, and in the 7 days after today (by date, then name). */
  birthdays: { today: BirthdayLine[]; week: BirthdayLine[]; todayTotal: number; weekTotal: number };
  /** Open complaints, waiting longest first. */
  complaints: { items: OpenEntry[]; total: number };
  /** Open wishes, newest first. */
  wishes: { items: OpenEntry[]; total: number };
  /**
   * Regulars (3+ visit days) whose time since their last visit is more than twice their
   * usual interval, who crossed that line within `withinDays`; biggest spenders first.
   */
  regulars: {
    items: OverdueRegular[];
    total: number;
    withinDays: number;
    /** Regulars the shop has at all, overdue or not: 0 is "no regulars yet", not "all came back". */
    regularCount: number;
  };
}
