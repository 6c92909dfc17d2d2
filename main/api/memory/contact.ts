import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { oneOf } from '../../../db/value-lists.js';
import type { ContactCardRow } from '../../../db/memory/tags.js';
import { displayName } from '../customers/mappers.js';
import type { Channel } from '../customers/schema.js';
import type { ContactCard } from '../notes/schema.js';

/**
 * How to reach a customer. Phone and e-mail are given only when `reachable` says so: for a
 * tag's "who to tell" list, only with marketing consent; for a wish, always (they asked).
 */
export function toContactCard(row: ContactCardRow, reachable: boolean): ContactCard {
  return {
    id: row.id,
    displayName: displayName(row),
    salutation: row.salutation,
    language: row.language,
    preferredChannel: row.preferred_channel as Channel | null,
    marketingConsent: row.marketing_consent === 1,
    phone: reachable ? row.phone : null,
    email: reachable ? row.email : null,
  };
}

export async function contactRows(db: Kysely<DB>, customerIds: readonly number[]): Promise<Map<number, ContactCardRow>> {
  if (customerIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('customers as c')
    .select(['c.id', 'c.given_name', 'c.name_prefix', 'c.family_name', 'c.salutation', 'c.language', 'c.preferred_channel',
      'c.marketing_consent', 'c.email'])
    .select((eb) => eb.selectFrom('customer_phones as p').select('p.raw').whereRef('p.customer_id', '=', 'c.id')
      .orderBy('p.position').limit(1).as('phone'))
    .where('c.id', 'in', oneOf(db, [...new Set(customerIds)]))
    .execute();
  return new Map(rows.map((r) => [r.id, r as ContactCardRow]));
}

/** The timeline row that records "we told them": about a tag (tagId) or a wish (wishId). */
export function contactMarkRow(mark: {
  customerId: number;
  text: string;
  staff: string;
  channel: Channel | null;
  tagId: number | null;
  wishId: number | null;
  now: number;
}) {
  return {
    customer_id: mark.customerId,
    kind: 'contact' as const,
    text: mark.text,
    staff: mark.staff,
    at: mark.now,
    score: null,
    status: null,
    channel: mark.channel,
    contact_tag_id: mark.tagId,
    contact_wish_id: mark.wishId,
    status_at: null,
    status_staff: null,
    created_at: mark.now,
    updated_at: mark.now,
  };
}
