import * as entries from '../../../db/memory/entries.js';
import { writeTransaction } from '../../../db/transaction.js';
import { fieldError, notFound } from '../errors.js';
import type { HandlerMap } from '../handler-types.js';
import { cursorOf, parseCursor, requireCustomerRow, staffOf } from '../memory/common.js';
import { toEntries, toEntryOne } from './mappers.js';
import type { EntryStatus } from './schema.js';

// The timeline. Each write runs in one BEGIN IMMEDIATE transaction with its search
// document (db/memory/entries.ts): an entry is never stored without its index row, nor
// indexed without being stored.

/** A minute of grace for clocks that differ between tills. */
const FUTURE_GRACE_MS = 60_000;

const STATUSES: Record<'complaint' | 'wish', readonly EntryStatus[]> = {
  complaint: ['open', 'resolved'],
  wish: ['open', 'fulfilled'],
};

async function liveEntry(db: Parameters<typeof entries.getEntry>[0], id: number) {
  const row = await entries.getEntry(db, id);
  if (!row || row.deleted_at !== null) throw notFound('Entry');
  return row;
}

export const noteHandlers = {
  async 'notes.add'(deps, input) {
    const now = deps.clock();
    if (input.at !== null && input.at > now + FUTURE_GRACE_MS) throw fieldError('at', 'out_of_range');
    const staff = staffOf(deps, input.staff);
    const row = await writeTransaction(deps.archive.db, async (trx) => {
      await requireCustomerRow(trx, input.customerId);
      const isComplaint = input.kind === 'complaint';
      return entries.insertEntry(trx, {
        customer_id: input.customerId,
        kind: input.kind,
        text: input.text,
        staff,
        at: input.at ?? now,
        score: input.score,
        status: isComplaint || input.kind === 'wish' ? 'open' : null,
        channel: input.channel,
        contact_tag_id: null,
        contact_wish_id: null,
        status_at: null,
        status_staff: null,
        created_at: now,
        updated_at: now,
      });
    });
    return toEntryOne(deps.archive.db, row);
  },

  async 'notes.get'({ archive }, { id }) {
    const row = await entries.getEntry(archive.db, id);
    if (!row) throw notFound('Entry');
    return toEntryOne(archive.db, row);
  },

  async 'notes.edit'(deps, input) {
    const now = deps.clock();
    if (input.at !== null && input.at > now + FUTURE_GRACE_MS) throw fieldError('at', 'out_of_range');
    const staff = staffOf(deps, input.staff);
    const row = await writeTransaction(deps.archive.db, async (trx) => {
      const before = await liveEntry(trx, input.id);
      if (before.kind !== 'contact' && input.text === '') throw fieldError('text', 'required');
      if (before.kind !== 'feedback' && input.score !== null) throw fieldError('score', 'invalid');
      const content = { text: input.text, score: input.score ?? before.score, at: input.at ?? before.at };
      if (content.text === before.text && content.score === before.score && content.at === before.at) return before;
      return entries.editEntry(trx, before, content, staff, now);
    });
    return toEntryOne(deps.archive.db, row);
  },

  async 'notes.setStatus'(deps, input) {
    const now = deps.clock();
    const staff = staffOf(deps, input.staff);
    const row = await writeTransaction(deps.archive.db, async (trx) => {
      const before = await liveEntry(trx, input.id);
      const allowed = before.kind === 'complaint' || before.kind === 'wish' ? STATUSES[before.kind] : [];
      if (!allowed.includes(input.status)) throw fieldError('status', 'invalid');
      const resolution = input.status === 'open' ? '' : input.resolution;
      if (before.status === input.status && before.resolution === resolution) return before;
      return entries.setEntryStatus(trx, before.id, input.status, resolution, staff, now);
    });
    return toEntryOne(deps.archive.db, row);
  },

  async 'notes.delete'({ archive, clock }, { id }) {
    const now = clock();
    const row = await writeTransaction(archive.db, async (trx) => {
      const before = await entries.getEntry(trx, id);
      if (!before) throw notFound('Entry');
      return before.deleted_at === null ? entries.setEntryDeleted(trx, id, now) : before;
    });
    return toEntryOne(archive.db, row);
  },

  async 'notes.restore'({ archive }, { id }) {
    const row = await writeTransaction(archive.db, async (trx) => {
      const before = await entries.getEntry(trx, id);
      if (!before) throw notFound('Entry');
      return before.deleted_at === null ? before : entries.setEntryDeleted(trx, id, null);
    });
    return toEntryOne(archive.db, row);
  },

  async 'notes.timeline'({ archive }, { customerId, cursor, limit, kinds }) {
    const db = archive.db;
    await requireCustomerRow(db, customerId);
    const rows = await entries.timelinePage(db, customerId, parseCursor(cursor), limit + 1, kinds);
    const page = rows.slice(0, limit);
    return {
      items: await toEntries(db, page),
      next: rows.length > limit ? cursorOf(page[page.length - 1]!) : null,
      total: cursor === null ? await entries.countTimeline(db, customerId, kinds) : null,
    };
  },
} satisfies HandlerMap<
  'notes.add' | 'notes.get' | 'notes.edit' | 'notes.setStatus' | 'notes.delete' | 'notes.restore' | 'notes.timeline'
>;
