import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../schema.js';
import { oneOf } from '../value-lists.js';
import type { TagsTable } from './schema.js';

// Free tags (interests). tags.customer_count counts holders who are not archived, kept by
// triggers (migration 004) on customer_tags and on archiving, so autocomplete never counts.

export type TagRow = Selectable<TagsTable>;

export function tagByFolded(db: Kysely<DB>, folded: string): Promise<TagRow | undefined> {
  return db.selectFrom('tags').selectAll().where('folded', '=', folded).executeTakeFirst();
}

export function getTag(db: Kysely<DB>, id: number): Promise<TagRow | undefined> {
  return db.selectFrom('tags').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertTag(db: Kysely<DB>, name: string, folded: string, now: number): Promise<TagRow> {
  return db.insertInto('tags').values({ name, folded, created_at: now }).returningAll().executeTakeFirstOrThrow();
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, '\\$&');

/**
 * Tags whose folded name, or one of its words, starts with `prefix` (all tags when it is
 * empty), most used first. The tag list is small (hundreds): a scan is fine.
 */
export function listTags(db: Kysely<DB>, prefix: string, limit: number): Promise<TagRow[]> {
  let q = db.selectFrom('tags').selectAll();
  if (prefix !== '') {
    const p = escapeLike(prefix);
    q = q.where(sql<boolean>`(folded LIKE ${`${p}%`} ESCAPE '\\' OR folded LIKE ${`% ${p}%`} ESCAPE '\\')`);
  }
  return q.orderBy('customer_count', 'desc').orderBy('folded').limit(limit).execute();
}

export function tagsOfCustomer(db: Kysely<DB>, customerId: number): Promise<TagRow[]> {
  return db
    .selectFrom('customer_tags as ct')
    .innerJoin('tags as t', 't.id', 'ct.tag_id')
    .selectAll('t')
    .where('ct.customer_id', '=', customerId)
    .orderBy('t.folded')
    .execute();
}

export async function tagCustomer(db: Kysely<DB>, customerId: number, tagId: number, staff: string, now: number): Promise<void> {
  await db
    .insertInto('customer_tags')
    .values({ customer_id: customerId, tag_id: tagId, staff, created_at: now })
    .onConflict((oc) => oc.columns(['customer_id', 'tag_id']).doNothing())
    .execute();
}

export async function untagCustomer(db: Kysely<DB>, customerId: number, tagId: number): Promise<void> {
  await db.deleteFrom('customer_tags').where('customer_id', '=', customerId).where('tag_id', '=', tagId).execute();
}

/** What a contact card needs of a customer (main/api/memory/contact.ts). */
export interface ContactCardRow {
  id: number;
  given_name: string;
  name_prefix: string;
  family_name: string;
  salutation: string;
  language: string;
  preferred_channel: string | null;
  marketing_consent: number;
  email: string | null;
  phone: string | null;
}

export interface MemberRow extends ContactCardRow {
  tagged_at: number;
  contacted_at: number | null;
}

/** The tag's customers who are not archived, by family name, with when each was last contacted about it. */
export function tagMembers(
  db: Kysely<DB>, tagId: number, options: { consentedOnly: boolean; offset: number; limit: number },
): Promise<MemberRow[]> {
  let q = db
    .selectFrom('customer_tags as ct')
    .innerJoin('customers as c', 'c.id', 'ct.customer_id')
    .select([
      'c.id', 'c.given_name', 'c.name_prefix', 'c.family_name', 'c.salutation', 'c.language',
      'c.preferred_channel', 'c.marketing_consent', 'c.email', 'ct.created_at as tagged_at',
    ])
    .select((eb) => [
      eb.selectFrom('customer_phones as p').select('p.raw').whereRef('p.customer_id', '=', 'c.id')
        .orderBy('p.position').limit(1).as('phone'),
      eb.selectFrom('customer_entries as e').select((e) => e.fn.max('e.at').as('at'))
        .whereRef('e.customer_id', '=', 'c.id').where('e.contact_tag_id', '=', tagId).where('e.deleted_at', 'is', null)
        .as('contacted_at'),
    ])
    .where('ct.tag_id', '=', tagId)
    .where('c.archived_at', 'is', null);
  if (options.consentedOnly) q = q.where('c.marketing_consent', '=', 1);
  return q
    .orderBy(sql`c.family_name COLLATE NOCASE`)
    .orderBy(sql`c.given_name COLLATE NOCASE`)
    .orderBy('c.id')
    .offset(options.offset)
    .limit(options.limit)
    .execute() as Promise<MemberRow[]>;
}

export async function countMembers(db: Kysely<DB>, tagId: number, consentedOnly: boolean): Promise<number> {
  let q = db
    .selectFrom('customer_tags as ct')
    .innerJoin('customers as c', 'c.id', 'ct.customer_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('ct.tag_id', '=', tagId)
    .where('c.archived_at', 'is', null);
  if (consentedOnly) q = q.where('c.marketing_consent', '=', 1);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** Which of these customers hold the tag and are not archived. */
export async function membersAmong(db: Kysely<DB>, tagId: number, customerIds: readonly number[]): Promise<Set<number>> {
  const rows = await db
    .selectFrom('customer_tags as ct')
    .innerJoin('customers as c', 'c.id', 'ct.customer_id')
    .select('ct.customer_id')
    .where('ct.tag_id', '=', tagId)
    .where('c.archived_at', 'is', null)
    .where('ct.customer_id', 'in', oneOf(db, customerIds))
    .execute();
  return new Set(rows.map((r) => r.customer_id));
}
