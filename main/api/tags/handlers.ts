import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import * as tags from '../../../db/memory/tags.js';
import { insertEntry } from '../../../db/memory/entries.js';
import { writeTransaction } from '../../../db/transaction.js';
import { words } from '../../core/text.js';
import { notFound } from '../errors.js';
import type { HandlerMap } from '../handler-types.js';
import { contactMarkRow, toContactCard } from '../memory/contact.js';
import { requireCustomerRow, staffOf } from '../memory/common.js';
import type { Tag } from './schema.js';

export const toTag = (row: tags.TagRow): Tag => ({ id: row.id, name: row.name, count: row.customer_count });

const foldedName = (name: string) => words(name).join(' ');

export async function tagsOf(db: Kysely<DB>, customerId: number): Promise<Tag[]> {
  return (await tags.tagsOfCustomer(db, customerId)).map(toTag);
}

async function requireTag(db: Kysely<DB>, id: number): Promise<tags.TagRow> {
  const row = await tags.getTag(db, id);
  if (!row) throw notFound('Tag');
  return row;
}

export const tagHandlers = {
  async 'tags.list'({ archive }, { prefix, limit }) {
    return (await tags.listTags(archive.db, foldedName(prefix), limit)).map(toTag);
  },

  async 'tags.forCustomer'({ archive }, { customerId }) {
    await requireCustomerRow(archive.db, customerId);
    return tagsOf(archive.db, customerId);
  },

  async 'tags.add'(deps, { customerId, name, staff }) {
    const now = deps.clock();
    const who = staffOf(deps, staff);
    return writeTransaction(deps.archive.db, async (trx) => {
      await requireCustomerRow(trx, customerId);
      const folded = foldedName(name);
      const tag = (await tags.tagByFolded(trx, folded)) ?? (await tags.insertTag(trx, name.replace(/\s+/g, ' '), folded, now));
      await tags.tagCustomer(trx, customerId, tag.id, who, now);
      return tagsOf(trx, customerId);
    });
  },

  async 'tags.remove'({ archive }, { customerId, tagId }) {
    return writeTransaction(archive.db, async (trx) => {
      await requireCustomerRow(trx, customerId);
      await requireTag(trx, tagId);
      await tags.untagCustomer(trx, customerId, tagId);
      return tagsOf(trx, customerId);
    });
  },

  async 'tags.customers'({ archive }, { tagId, consentedOnly, offset, limit }) {
    const db = archive.db;
    const tag = await requireTag(db, tagId);
    const rows = await tags.tagMembers(db, tagId, { consentedOnly, offset, limit });
    return {
      tag: toTag(tag),
      // The kept count (triggers, archived left out) unless only the consenting are wanted.
      total: consentedOnly ? await tags.countMembers(db, tagId, true) : tag.customer_count,
      items: rows.map((r) => ({
        ...toContactCard(r, r.marketing_consent === 1),
        taggedAt: r.tagged_at,
        lastContactedAt: r.contacted_at,
      })),
    };
  },

  async 'tags.markContacted'(deps, input) {
    const now = deps.clock();
    const staff = staffOf(deps, input.staff);
    return writeTransaction(deps.archive.db, async (trx) => {
      await requireTag(trx, input.tagId);
      const members = await tags.membersAmong(trx, input.tagId, input.customerIds);
      const contacted: { customerId: number; entryId: number }[] = [];
      const skipped: number[] = [];
      for (const customerId of new Set(input.customerIds)) {
        if (!members.has(customerId)) {
          skipped.push(customerId);
          continue;
        }
        const row = await insertEntry(trx, contactMarkRow({ customerId, text: input.text, staff, channel: input.channel, tagId: input.tagId, wishId: null, now }));
        contacted.push({ customerId, entryId: row.id });
      }
      return { contacted, skipped };
    });
  },
} satisfies HandlerMap<'tags.list' | 'tags.forCustomer' | 'tags.add' | 'tags.remove' | 'tags.customers' | 'tags.markContacted'>;
