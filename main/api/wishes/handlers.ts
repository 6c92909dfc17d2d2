import * as entries from '../../../db/memory/entries.js';
import { noteTokens, searchNotes } from '../../../db/memory/search.js';
import { writeTransaction } from '../../../db/transaction.js';
import { notFound } from '../errors.js';
import type { HandlerMap } from '../handler-types.js';
import { contactMarkRow, contactRows, toContactCard } from '../memory/contact.js';
import { cursorOf, parseCursor, staffOf } from '../memory/common.js';
import { toEntries, toEntryOne } from '../notes/mappers.js';
import type { WishItem } from '../notes/schema.js';

// Wishes across all customers ("asked for: blue velvet sofa"): when the item comes in, find
// who asked, tell them (a contact mark on their timeline) and fulfil the wish
// (notes.setStatus). Wishes are timeline entries of kind 'wish'.

async function toWishItems(db: Parameters<typeof toEntries>[0], rows: readonly entries.EntryRow[]): Promise<WishItem[]> {
  const [items, cards, contacted] = [
    await toEntries(db, rows),
    await contactRows(db, rows.map((r) => r.customer_id)),
    await entries.lastContactFor(db, rows.map((r) => r.id)),
  ];
  return items.map((item) => ({
    ...item,
    customer: toContactCard(cards.get(item.customerId)!, true),
    lastContactedAt: contacted.get(item.id) ?? null,
  }));
}

export const wishHandlers = {
  async 'wishes.list'({ archive }, { query, status, cursor, limit }) {
    const db = archive.db;
    const tokens = noteTokens(query);
    if (tokens) {
      const meta = status === 'all' ? 'wish' : `wish${status}`;
      const hits = await searchNotes(db, tokens, { limit, meta, allPerCustomer: true });
      const rows = await entries.entriesWithCustomers(db, hits.map((h) => h.sourceId));
      const byId = new Map(rows.map((r) => [r.id, r]));
      const ordered = hits.flatMap((h) => (byId.has(h.sourceId) ? [byId.get(h.sourceId)!] : []));
      return { items: await toWishItems(db, ordered), next: null, total: null };
    }
    const rows = await entries.entriesByStatus(db, {
      kind: 'wish',
      status: status === 'all' ? null : status,
      cursor: parseCursor(cursor),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const total = cursor !== null ? null : status === 'all'
      ? (await entries.countByStatus(db, 'wish', 'open')) + (await entries.countByStatus(db, 'wish', 'fulfilled'))
      : await entries.countByStatus(db, 'wish', status);
    return {
      items: await toWishItems(db, page),
      next: rows.length > limit ? cursorOf(page[page.length - 1]!) : null,
      total,
    };
  },

  async 'wishes.markContacted'(deps, input) {
    const now = deps.clock();
    const staff = staffOf(deps, input.staff);
    const row = await writeTransaction(deps.archive.db, async (trx) => {
      const wish = await entries.getEntry(trx, input.id);
      if (!wish || wish.kind !== 'wish' || wish.deleted_at !== null) throw notFound('Wish');
      return entries.insertEntry(trx, contactMarkRow({ customerId: wish.customer_id, text: input.text, staff, channel: input.channel, tagId: null, wishId: wish.id, now }));
    });
    return toEntryOne(deps.archive.db, row);
  },
} satisfies HandlerMap<'wishes.list' | 'wishes.markContacted'>;
