import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../schema.js';
import type { CustomerEntriesTable, CustomerEntryRevisionsTable, EntryKindColumn, EntryStatusColumn } from './schema.js';
import { joinInOrder, tableThroughIndex } from '../engine.js';
import { oneOf, oneOfText } from '../value-lists.js';
import { docKey, docWords, indexDoc, reindexDoc, unindexDoc, type MemoryDoc } from './search.js';

// Timeline entries. Every write keeps memory_search in step in the caller's transaction:
// a deleted entry leaves the index and comes back with its restore.

export type EntryRow = Selectable<CustomerEntriesTable>;
export type RevisionRow = Selectable<CustomerEntryRevisionsTable>;
export type EntryInsert = Omit<Insertable<CustomerEntriesTable>, 'id' | 'revisions' | 'deleted_at' | 'edited_staff'>;

export function entryDoc(row: Pick<EntryRow, 'customer_id' | 'kind' | 'status' | 'text' | 'resolution'>): MemoryDoc {
  const meta = row.status ? [row.kind, `${row.kind}${row.status}`] : [row.kind];
  return { customerId: row.customer_id, meta, words: docWords(row.text, row.resolution) };
}

const keyOf = (id: number) => docKey('entry', id);

export function getEntry(db: Kysely<DB>, id: number): Promise<EntryRow | undefined> {
  return db.selectFrom('customer_entries').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertEntry(db: Kysely<DB>, values: EntryInsert): Promise<EntryRow> {
  const row = await db.insertInto('customer_entries').values(values).returningAll().executeTakeFirstOrThrow();
  await indexDoc(db, keyOf(row.id), entryDoc(row));
  return row;
}

export interface EntryContent {
  text: string;
  score: number | null;
  at: number;
}

/** Replaces an entry's text (score, time), keeping the version it replaces. */
export async function editEntry(db: Kysely<DB>, before: EntryRow, content: EntryContent, staff: string, now: number): Promise<EntryRow> {
  await db
    .insertInto('customer_entry_revisions')
    .values({
      entry_id: before.id,
      text: before.text,
      score: before.score,
      at: before.at,
      staff: before.revisions === 0 ? before.staff : (before.edited_staff ?? before.staff),
      written_at: before.updated_at,
      replaced_at: now,
    })
    .execute();
  const row = await db
    .updateTable('customer_entries')
    .set({ ...content, revisions: sql`revisions + 1`, edited_staff: staff, updated_at: now })
    .where('id', '=', before.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await reindexDoc(db, keyOf(row.id), entryDoc(row));
  return row;
}

export async function setEntryStatus(
  db: Kysely<DB>, id: number, status: EntryStatusColumn, resolution: string, staff: string, now: number,
): Promise<EntryRow> {
  const row = await db
    .updateTable('customer_entries')
    .set({ status, resolution, status_at: now, status_staff: staff, updated_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await reindexDoc(db, keyOf(id), entryDoc(row));
  return row;
}

export async function setEntryDeleted(db: Kysely<DB>, id: number, deletedAt: number | null): Promise<EntryRow> {
  const row = await db
    .updateTable('customer_entries')
    .set({ deleted_at: deletedAt })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  if (deletedAt === null) await indexDoc(db, keyOf(id), entryDoc(row));
  else await unindexDoc(db, keyOf(id));
  return row;
}

export function revisionsOf(db: Kysely<DB>, entryIds: readonly number[]): Promise<RevisionRow[]> {
  if (entryIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('customer_entry_revisions')
    .selectAll()
    .where('entry_id', 'in', oneOf(db, entryIds))
    .orderBy('entry_id')
    .orderBy('id')
    .execute();
}

export interface TimelineCursor {
  at: number;
  id: number;
}

/** One page of a timeline, newest first, strictly after the cursor. */
export function timelinePage(
  db: Kysely<DB>, customerId: number, cursor: TimelineCursor | null, limit: number, kinds: readonly EntryKindColumn[] | null,
): Promise<EntryRow[]> {
  let q = db
    .selectFrom('customer_entries')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('deleted_at', 'is', null);
  if (cursor) q = q.where(sql<boolean>`(at, id) < (${cursor.at}, ${cursor.id})`);
  if (kinds) q = q.where('kind', 'in', oneOfText(db, kinds));
  return q.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export async function countTimeline(db: Kysely<DB>, customerId: number, kinds: readonly EntryKindColumn[] | null): Promise<number> {
  let q = db
    .selectFrom('customer_entries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('customer_id', '=', customerId)
    .where('deleted_at', 'is', null);
  if (kinds) q = q.where('kind', 'in', oneOfText(db, kinds));
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/**
 * A customer's open complaints and wishes, oldest first. Named index: left to itself SQLite
 * walks the whole timeline (5,000 entries for a regular) to find the few open ones.
 */
export async function openEntriesOf(db: Kysely<DB>, customerId: number): Promise<EntryRow[]> {
  const { rows } = await sql<EntryRow>`SELECT * FROM ${tableThroughIndex(db, 'customer_entries', 'customer_entries_open')}
    WHERE customer_id = ${customerId} AND status = 'open' AND deleted_at IS NULL ORDER BY at, id`.execute(db);
  return rows;
}

/** When each of these entries (wishes) was last marked as contacted. */
export async function lastContactFor(db: Kysely<DB>, wishIds: readonly number[]): Promise<Map<number, number>> {
  if (wishIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('customer_entries')
    .select(['contact_wish_id', (eb) => eb.fn.max('at').as('at')])
    .where('contact_wish_id', 'in', oneOf(db, wishIds))
    .where('deleted_at', 'is', null)
    .groupBy('contact_wish_id')
    .execute();
  return new Map(rows.map((r) => [r.contact_wish_id!, Number(r.at)]));
}

export interface StatusListOptions {
  kind: 'complaint' | 'wish';
  status: EntryStatusColumn | null;
  cursor: TimelineCursor | null;
  limit: number;
  /** Oldest first (complaints waiting longest) instead of newest first. */
  oldestFirst?: boolean;
}

export interface EntryWithCustomer extends EntryRow {
  given_name: string;
  name_prefix: string;
  family_name: string;
}

/** Complaints or wishes across the archive by status, archived customers left out. */
export function entriesByStatus(db: Kysely<DB>, options: StatusListOptions): Promise<EntryWithCustomer[]> {
  let q = db
    .selectFrom('customer_entries as e')
    .innerJoin('customers as c', 'c.id', 'e.customer_id')
    .selectAll('e')
    .select(['c.given_name', 'c.name_prefix', 'c.family_name'])
    .where('e.kind', '=', options.kind)
    .where('e.deleted_at', 'is', null)
    .where('c.archived_at', 'is', null);
  q = options.status ? q.where('e.status', '=', options.status) : q.where('e.status', 'is not', null);
  const dir = options.oldestFirst ? 'asc' : 'desc';
  if (options.cursor) {
    q = q.where(options.oldestFirst
      ? sql<boolean>`(e.at, e.id) > (${options.cursor.at}, ${options.cursor.id})`
      : sql<boolean>`(e.at, e.id) < (${options.cursor.at}, ${options.cursor.id})`);
  }
  return q.orderBy('e.at', dir).orderBy('e.id', dir).limit(options.limit).execute();
}

/**
 * Complaints or wishes with a status, archived customers left out: counted from the status
 * index alone, less those of archived customers (few, through customers_archived), so that
 * thousands of open wishes are not each joined to their customer.
 */
export async function countByStatus(db: Kysely<DB>, kind: 'complaint' | 'wish', status: EntryStatusColumn): Promise<number> {
  // Named indexes: without statistics SQLite would walk the status index once per archived customer.
  // Literals, not parameters: INDEXED BY a partial index is checked when the statement is
  // prepared, before any value is bound.
  const perCustomer = status === 'open' ? 'customer_entries_open' : 'customer_entries_timeline';
  const [k, st] = [sql.lit(kind), sql.lit(status)];
  const { rows } = await sql<{ n: number }>`SELECT
      (SELECT count(*) FROM customer_entries WHERE kind = ${k} AND status = ${st} AND deleted_at IS NULL)
    - (SELECT count(*) FROM ${tableThroughIndex(db, 'customers', 'customers_archived', 'c')}
        ${joinInOrder(db)} ${tableThroughIndex(db, 'customer_entries', perCustomer, 'e')} ON e.customer_id = c.id
        WHERE c.archived_at IS NOT NULL AND e.kind = ${k} AND e.status = ${st} AND e.deleted_at IS NULL) AS n`.execute(db);
  return Number(rows[0]!.n);
}

export function entriesWithCustomers(db: Kysely<DB>, ids: readonly number[]): Promise<EntryWithCustomer[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('customer_entries as e')
    .innerJoin('customers as c', 'c.id', 'e.customer_id')
    .selectAll('e')
    .select(['c.given_name', 'c.name_prefix', 'c.family_name'])
    .where('e.id', 'in', oneOf(db, ids))
    .execute();
}
