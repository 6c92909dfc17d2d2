import { z } from 'zod';
import type { Day } from '../../core/days.js';
import type { Repeat } from '../../core/repeat.js';
import { dayInput, id, requiredText, staffInput } from '../memory/common.js';

// Follow-ups: call a customer back on a day ("ask how the sofa fits"), once or repeating.

export const MAX_FOLLOW_UP_TEXT = 500;

export const repeatInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({
    kind: z.literal('weeks'),
    every: z.number({ error: 'out_of_range' }).int({ error: 'out_of_range' }).min(1, { error: 'out_of_range' }).max(52, { error: 'out_of_range' }),
  }),
  z.object({ kind: z.literal('yearly') }),
], { error: 'invalid' });

export const followUpAddInput = z.object({
  customerId: id,
  text: requiredText(MAX_FOLLOW_UP_TEXT),
  dueOn: dayInput,
  repeat: repeatInput.default({ kind: 'none' }),
  staff: staffInput,
});

export const followUpEditInput = z.object({ id, text: requiredText(MAX_FOLLOW_UP_TEXT), repeat: repeatInput });
export const followUpRescheduleInput = z.object({ id, dueOn: dayInput });
export const followUpSnoozeInput = z.object({
  id,
  /** From today, or from the due date when that is later: 1 = tomorrow, 7 = a week. */
  days: z.number({ error: 'out_of_range' }).int({ error: 'out_of_range' }).min(1, { error: 'out_of_range' }).max(365, { error: 'out_of_range' }),
});
export const followUpCloseInput = z.object({ id, staff: staffInput });
export const followUpListInput = z.object({
  customerId: id,
  /** How many done or cancelled ones to list after the open ones. */
  closedLimit: z.number({ error: 'invalid' }).int({ error: 'invalid' }).min(0, { error: 'out_of_range' }).max(100, { error: 'out_of_range' }).default(10),
});

export type FollowUpStatus = 'open' | 'done' | 'cancelled';

export interface FollowUp {
  id: number;
  customerId: number;
  text: string;
  /** 'YYYY-MM-DD'. */
  dueOn: Day;
  repeat: Repeat;
  status: FollowUpStatus;
  /** Who set it up. */
  staff: string;
  /** The occurrence this one follows in a repeating series. */
  previousId: number | null;
  /** Done or cancelled: when and by whom. */
  closedAt: number | null;
  closedStaff: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface FollowUpDone {
  done: FollowUp;
  /** A repeating one's next occurrence; null for a one-off. */
  next: FollowUp | null;
}

export interface FollowUpList {
  /** By due date. */
  open: FollowUp[];
  /** Most recently closed first. */
  closed: FollowUp[];
}

export type { Repeat };
