import { sql, type Kysely, type Selectable } from 'kysely';
import type { CustomersTable, CustomerPhonesTable, DB } from '../schema.js';
import { searchDocument, type PhoneSource } from './search-document.js';
import { customerSearchIndex } from './customer-search-index.js';
import { nextSearchKey } from './search-key.js';
import type { TierQuery } from './search-query.js';

// Query functions take the db handle first, so a transaction handle works the same.
// Callers that write more than one row pass a transaction.

export type CustomerRow = Selectable<CustomersTable>;
export type PhoneRow = Selectable<CustomerPhonesTable>;

export type CustomerWrite = Omit<
  CustomerRow,
  'id' | 'search_key' | 'created_at' | 'updated_at' | 'last_seen_at' | 'archived_at' | 'referred_by' | 'erased_at'
>;

export interface PhoneWrite {
  raw: string;
  e164: string;
  national_digits: string;
}

export interface SummaryRow {
  id: number;
  given_name: string;
  name_prefix: string;
  family_name: string;
  email: string | null;
  address_city: string;
  card_number: string;
  last_seen_at: number;
  archived_at: number | null;
  search_key: number;
  phone: string | null;
}

async function indexCustomer(db: Kysely<DB>, row: CustomerRow, phones: readonly PhoneSource[]): Promise<void> {
  await customerSearchIndex(db).write(db, row.search_key, searchDocument(row, phones));
}

async function unindexCustomer(db: Kysely<DB>, searchKey: number): Promise<void> {
  await customerSearchIndex(db).remove(db, searchKey);
}

async function insertPhones(db: Kysely<DB>, customerId: number, phones: readonly PhoneWrite[]): Promise<void> {
  if (phones.length === 0) return;
  await db
    .insertInto('customer_phones')
    .values(phones.map((p, position) => ({ customer_id: customerId, position, ...p })))
    .execute();
}

export async function insertCustomer(
  db: Kysely<DB>,
  values: CustomerWrite,
  phones: readonly PhoneWrite[],
  now: number,
): Promise<CustomerRow> {
  const row = await db
    .insertInto('customers')
    .values({ ...values, search_key: nextSearchKey(db), created_at: now, updated_at: now, last_seen_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
  await insertPhones(db, row.id, phones);
  await indexCustomer(db, row, phones);
  return row;
}

export async function updateCustomer(
  db: Kysely<DB>,
  id: number,
  values: CustomerWrite,
  phones: readonly PhoneWrite[],
  now: number,
): Promise<CustomerRow | undefined> {
  const before = await getCustomerRow(db, id);
  if (!before) return undefined;
  if (before.archived_at === null) await unindexCustomer(db, before.search_key);
  const row = await db
    .updateTable('customers')
    .set({ ...values, search_key: nextSearchKey(db), updated_at: now, last_seen_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await db.deleteFrom('customer_phones').where('customer_id', '=', id).execute();
  await insertPhones(db, id, phones);
  if (row.archived_at === null) await indexCustomer(db, row, phones);
  return row;
}

/** Moves the customer to the front of "most recently seen" (re-keys the index row). */
export async function markSeen(db: Kysely<DB>, id: number, now: number): Promise<void> {
  const before = await getCustomerRow(db, id);
  if (!before || before.archived_at !== null) return;
  await unindexCustomer(db, before.search_key);
  const row = await db
    .updateTable('customers')
    .set({ search_key: nextSearchKey(db), last_seen_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await indexCustomer(db, row, await getPhones(db, id));
}

export async function setArchived(db: Kysely<DB>, id: number, archivedAt: number | null, now: number): Promise<CustomerRow | undefined> {
  const before = await getCustomerRow(db, id);
  if (!before) return undefined;
  if ((before.archived_at === null) === (archivedAt === null)) return before;
  const row = await db
    .updateTable('customers')
    .set({ archived_at: archivedAt, updated_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  // Archived customers leave the counter search; restoring puts them back.
  if (archivedAt === null) await indexCustomer(db, row, await getPhones(db, id));
  else await unindexCustomer(db, row.search_key);
  return row;
}

export function getCustomerRow(db: Kysely<DB>, id: number): Promise<CustomerRow | undefined> {
  return db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
}

export function getPhones(db: Kysely<DB>, customerId: number): Promise<PhoneRow[]> {
  return db
    .selectFrom('customer_phones')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('position')
    .execute();
}

export async function cardNumberOwner(db: Kysely<DB>, cardNumber: string): Promise<number | undefined> {
  const row = await db.selectFrom('customers').select('id').where('card_number', '=', cardNumber).executeTakeFirst();
  return row?.id;
}

function summaries(db: Kysely<DB>) {
  return db
    .selectFrom('customers as c')
    .select([
      'c.id', 'c.given_name', 'c.name_prefix', 'c.family_name', 'c.email', 'c.address_city',
      'c.card_number', 'c.last_seen_at', 'c.archived_at', 'c.search_key',
    ])
    .select((eb) =>
      eb
        .selectFrom('customer_phones as p')
        .select('p.raw')
        .whereRef('p.customer_id', '=', 'c.id')
        .orderBy('p.position')
        .limit(1)
        .as('phone'),
    );
}

export function summaryByCard(db: Kysely<DB>, cardNumber: string): Promise<SummaryRow | undefined> {
  return summaries(db).where('c.card_number', '=', cardNumber).executeTakeFirst();
}

export function summariesByKeys(db: Kysely<DB>, searchKeys: readonly number[]): Promise<SummaryRow[]> {
  if (searchKeys.length === 0) return Promise.resolve([]);
  return summaries(db).where('c.search_key', 'in', searchKeys).execute();
}

export function summariesByIds(db: Kysely<DB>, ids: readonly number[]): Promise<SummaryRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return summaries(db).where('c.id', 'in', ids).execute();
}

export function recentSummaries(db: Kysely<DB>, limit: number): Promise<SummaryRow[]> {
  return summaries(db).where('c.archived_at', 'is', null).orderBy('c.search_key', 'desc').limit(limit).execute();
}

export interface DuplicateProbe {
  e164s: readonly string[];
  email: string;
  /** The search-index query matching every word of the name exactly, or null. */
  nameQuery: TierQuery | null;
  /** Keys of customers with that name still queued for the index (main/api/customers/pending-search.ts). */
  pendingNameKeys: readonly number[];
  excludeId: number | null;
}

export async function findDuplicateIds(
  db: Kysely<DB>,
  probe: DuplicateProbe,
): Promise<Map<number, Set<'phone' | 'email' | 'name'>>> {
  const found = new Map<number, Set<'phone' | 'email' | 'name'>>();
  const add = (id: number, reason: 'phone' | 'email' | 'name') => {
    if (id === probe.excludeId) return;
    const reasons = found.get(id) ?? new Set();
    reasons.add(reason);
    found.set(id, reasons);
  };
  if (probe.e164s.length > 0) {
    const rows = await db
      .selectFrom('customer_phones')
      .select('customer_id')
      .where('e164', 'in', probe.e164s)
      .execute();
    for (const r of rows) add(r.customer_id, 'phone');
  }
  if (probe.email) {
    const rows = await db
      .selectFrom('customers')
      .select('id')
      .where(sql`email COLLATE NOCASE`, '=', probe.email)
      .execute();
    for (const r of rows) add(r.id, 'email');
  }
  if (probe.nameQuery) {
    // Accent-blind, like the counter search: "Jose Jansen" is likely "José Jansen".
    const keys = [...await customerSearchIndex(db).keys(db, probe.nameQuery, 20), ...probe.pendingNameKeys];
    // A queued key may be of a customer archived since; the index holds none of those.
    for (const r of await summariesByKeys(db, keys)) if (r.archived_at === null) add(r.id, 'name');
  }
  return found;
}
