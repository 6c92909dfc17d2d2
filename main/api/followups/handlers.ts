import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import * as followUps from '../../../db/memory/followups.js';
import { writeTransaction } from '../../../db/transaction.js';
import { addDays, dayOf, plannedDayIssue, type Day } from '../../core/days.js';
import { nextOccurrence, type Repeat } from '../../core/repeat.js';
import { AppError, fieldError, notFound } from '../errors.js';
import type { HandlerMap } from '../handler-types.js';
import { requireCustomerRow, staffOf } from '../memory/common.js';
import type { FollowUp } from './schema.js';

export function repeatOf(row: Pick<followUps.FollowUpRow, 'repeat_kind' | 'repeat_weeks'>): Repeat {
  if (row.repeat_kind === 'weeks') return { kind: 'weeks', every: row.repeat_weeks! };
  return { kind: row.repeat_kind };
}

const repeatColumns = (repeat: Repeat) => ({
  repeat_kind: repeat.kind,
  repeat_weeks: repeat.kind === 'weeks' ? repeat.every : null,
});

export function toFollowUp(row: followUps.FollowUpRow): FollowUp {
  return {
    id: row.id,
    customerId: row.customer_id,
    text: row.text,
    dueOn: row.due_on,
    repeat: repeatOf(row),
    status: row.status,
    staff: row.staff,
    previousId: row.previous_id,
    closedAt: row.closed_at,
    closedStaff: row.closed_staff,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function requireFollowUp(db: Kysely<DB>, id: number): Promise<followUps.FollowUpRow> {
  const row = await followUps.getFollowUp(db, id);
  if (!row) throw notFound('Follow-up');
  return row;
}

async function requireOpen(db: Kysely<DB>, id: number): Promise<followUps.FollowUpRow> {
  const row = await requireFollowUp(db, id);
  if (row.status !== 'open') throw new AppError('not_open', 'This follow-up is already done or cancelled');
  return row;
}

/** A due date the shop types in must be today or later, and within ten years (in the shop's days). */
function checkDueOn(dueOn: Day, now: number): void {
  const issue = plannedDayIssue(dueOn, dayOf(now));
  if (issue?.code === 'date_in_past') throw fieldError('dueOn', issue.code, { earliest: issue.earliest });
  if (issue?.code === 'date_too_far') throw fieldError('dueOn', issue.code, { latest: issue.latest });
}

export const followUpHandlers = {
  async 'followups.add'(deps, input) {
    const now = deps.clock();
    checkDueOn(input.dueOn, now);
    const staff = staffOf(deps, input.staff);
    const row = await writeTransaction(deps.archive.db, async (trx) => {
      await requireCustomerRow(trx, input.customerId);
      return followUps.insertFollowUp(trx, {
        customer_id: input.customerId,
        text: input.text,
        due_on: input.dueOn,
        ...repeatColumns(input.repeat),
        anchor_on: input.dueOn,
        staff,
        previous_id: null,
        closed_at: null,
        closed_staff: null,
        created_at: now,
        updated_at: now,
      });
    });
    return toFollowUp(row);
  },

  async 'followups.list'({ archive }, { customerId, closedLimit }) {
    await requireCustomerRow(archive.db, customerId);
    const { open, closed } = await followUps.followUpsOf(archive.db, customerId, closedLimit);
    return { open: open.map(toFollowUp), closed: closed.map(toFollowUp) };
  },

  async 'followups.edit'({ archive, clock }, { id, text, repeat }) {
    const now = clock();
    return toFollowUp(await writeTransaction(archive.db, async (trx) => {
      const before = await requireOpen(trx, id);
      // A series that starts repeating now is anchored on its current date.
      const anchor = before.repeat_kind === repeat.kind ? before.anchor_on : before.due_on;
      return followUps.updateFollowUp(trx, id, { text, ...repeatColumns(repeat), anchor_on: anchor, updated_at: now });
    }));
  },

  async 'followups.reschedule'({ archive, clock }, { id, dueOn }) {
    const now = clock();
    checkDueOn(dueOn, now);
    return toFollowUp(await writeTransaction(archive.db, async (trx) => {
      await requireOpen(trx, id);
      return followUps.updateFollowUp(trx, id, { due_on: dueOn, updated_at: now });
    }));
  },

  async 'followups.snooze'({ archive, clock }, { id, days }) {
    const now = clock();
    const today = dayOf(now);
    return toFollowUp(await writeTransaction(archive.db, async (trx) => {
      const before = await requireOpen(trx, id);
      const from = before.due_on > today ? before.due_on : today;
      return followUps.updateFollowUp(trx, id, { due_on: addDays(from, days), updated_at: now });
    }));
  },

  async 'followups.done'(deps, { id, staff }) {
    const now = deps.clock();
    const who = staffOf(deps, staff);
    return writeTransaction(deps.archive.db, async (trx) => {
      const before = await requireFollowUp(trx, id);
      // Done twice (a double click, a second till) answers as the first time did.
      if (before.status === 'done') {
        const next = await followUps.successorOf(trx, id);
        return { done: toFollowUp(before), next: next ? toFollowUp(next) : null };
      }
      if (before.status !== 'open') throw new AppError('not_open', 'This follow-up was cancelled');
      const done = await followUps.updateFollowUp(trx, id, { status: 'done', closed_at: now, closed_staff: who, updated_at: now });
      const nextDay = nextOccurrence(repeatOf(before), before.due_on, before.anchor_on, dayOf(now));
      const next = nextDay === null ? null : await followUps.insertFollowUp(trx, {
        customer_id: before.customer_id,
        text: before.text,
        due_on: nextDay,
        repeat_kind: before.repeat_kind,
        repeat_weeks: before.repeat_weeks,
        anchor_on: before.anchor_on,
        staff: before.staff,
        previous_id: before.id,
        closed_at: null,
        closed_staff: null,
        created_at: now,
        updated_at: now,
      });
      return { done: toFollowUp(done), next: next ? toFollowUp(next) : null };
    });
  },

  async 'followups.cancel'(deps, { id, staff }) {
    const now = deps.clock();
    const who = staffOf(deps, staff);
    return toFollowUp(await writeTransaction(deps.archive.db, async (trx) => {
      const before = await requireFollowUp(trx, id);
      if (before.status === 'cancelled') return before;
      if (before.status !== 'open') throw new AppError('not_open', 'This follow-up is already done');
      return followUps.updateFollowUp(trx, id, { status: 'cancelled', closed_at: now, closed_staff: who, updated_at: now });
    }));
  },
} satisfies HandlerMap<
  'followups.add' | 'followups.list' | 'followups.edit' | 'followups.reschedule' | 'followups.snooze' | 'followups.done' | 'followups.cancel'
>;
