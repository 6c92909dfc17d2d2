import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { searchDocument, type PhoneSource, type SearchDocument, type SearchSource } from './search-document.js';
import { customerSearchIndex, type KeyedDocument } from './customer-search-index.js';

// Customers whose counter-search documents are still to be written (migration 010). An
// import queues its customers instead of writing 100,000 documents inside its transaction
// (the index costs more than the rows); `indexBacklog` then writes them a few hundred per
// transaction. Everything that indexes or unindexes one customer takes its key off the
// backlog (CustomerSearchIndex.write / remove), so a document is never written twice.
//
// Plain Kysely, the same on both engines: the documents go into whichever index the
// archive has through customerSearchIndex(db).writeMany. Every function takes the db (a
// transaction or connection) first and runs in what it is given.

export interface PendingDocument {
  key: number;
  /** null for a key whose customer is gone or archived: nothing to write, nothing to find. */
  doc: SearchDocument | null;
}

export interface BacklogState {
  count: number;
  /** The newest key waiting (0 when none): new arrivals have larger keys. */
  newest: number;
}

/** Queues every live customer from id `firstId` on: an import's, inside its transaction. Returns how many were queued. */
export async function queueFrom(db: Kysely<DB>, firstId: number): Promise<number> {
  return queueWhere(db, firstId, null);
}

/** Queues the live customers with ids `firstId` … `lastId` (one chunk of an import), inside the caller's transaction; a key already queued stays queued once. */
export async function queueBetween(db: Kysely<DB>, firstId: number, lastId: number): Promise<number> {
  return queueWhere(db, firstId, lastId);
}

async function queueWhere(db: Kysely<DB>, firstId: number, lastId: number | null): Promise<number> {
  let customers = db.selectFrom('customers').select('search_key').where('id', '>=', firstId).where('archived_at', 'is', null);
  if (lastId !== null) customers = customers.where('id', '<=', lastId);
  // INSERT … SELECT … WHERE … ON CONFLICT: the WHERE is there, as SQLite's parser needs.
  const result = await db.insertInto('search_backlog').columns(['search_key']).expression(customers)
    .onConflict((oc) => oc.column('search_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

export async function backlogState(db: Kysely<DB>): Promise<BacklogState> {
  const row = await db.selectFrom('search_backlog')
    .select((eb) => [eb.fn.countAll().as('count'), eb.fn.coalesce(eb.fn.max('search_key'), sql.lit(0)).as('newest')])
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), newest: Number(row.newest) };
}

/** The documents of keys in (after, upTo], oldest first; keys without a live customer have none. */
export async function pendingDocuments(db: Kysely<DB>, after: number, upTo: number): Promise<PendingDocument[]> {
  // LEFT JOIN: a key whose customer has gone (none should) is taken off without a document.
  const rows = await db.selectFrom('search_backlog as b')
    .leftJoin('customers as c', (join) => join.onRef('c.search_key', '=', 'b.search_key').on('c.archived_at', 'is', null))
    .select(['b.search_key as key', 'c.id', 'c.given_name', 'c.name_prefix', 'c.family_name', 'c.email', 'c.card_number'])
    .where('b.search_key', '>', after)
    .where('b.search_key', '<=', upTo)
    .orderBy('b.search_key')
    .execute();
  const phoneRows = await db.selectFrom('search_backlog as b')
    .innerJoin('customers as c', (join) => join.onRef('c.search_key', '=', 'b.search_key').on('c.archived_at', 'is', null))
    .innerJoin('customer_phones as p', 'p.customer_id', 'c.id')
    .select(['p.customer_id', 'p.e164', 'p.national_digits'])
    .where('b.search_key', '>', after)
    .where('b.search_key', '<=', upTo)
    .orderBy('p.customer_id')
    .orderBy('p.position')
    .execute();
  const phones = new Map<number, PhoneSource[]>();
  for (const p of phoneRows) {
    const id = Number(p.customer_id);
    let list = phones.get(id);
    if (!list) phones.set(id, (list = []));
    list.push(p);
  }
  return rows.map((row) => ({
    key: Number(row.key),
    // The join's columns are all there when its id is (NOT NULL columns).
    doc: row.id === null ? null : searchDocument(row as SearchSource, phones.get(Number(row.id)) ?? []),
  }));
}

/** The key `count` places on from `after`: where one chunk of the backlog ends; null when none wait after it. */
export async function chunkEnd(db: Kysely<DB>, after: number, count: number): Promise<number | null> {
  const row = await db
    .selectFrom((eb) => eb.selectFrom('search_backlog').select('search_key').where('search_key', '>', after)
      .orderBy('search_key').limit(count).as('chunk'))
    .select((eb) => eb.fn.max('chunk.search_key').as('end'))
    .executeTakeFirst();
  return row?.end == null ? null : Number(row.end);
}

/**
 * Writes the oldest `count` queued documents into the index and takes them off the backlog.
 * `known` may hold documents already made for queued keys (a key stays queued only while its
 * customer is unchanged: any edit re-keys and indexes them). Runs inside the caller's write
 * transaction, and only reads `known`: on PostgreSQL the transaction may run again. Returns
 * the last key written (null when none waited) and whether more wait.
 */
export async function indexBacklog(
  db: Kysely<DB>, count: number, known?: ReadonlyMap<number, SearchDocument>,
): Promise<{ upTo: number | null; more: boolean }> {
  const upTo = await chunkEnd(db, 0, count);
  if (upTo === null) return { upTo, more: false };
  const keys = (await db.selectFrom('search_backlog').select('search_key').where('search_key', '<=', upTo).orderBy('search_key').execute())
    .map((r) => Number(r.search_key));
  const docs = known && keys.every((key) => known.has(key))
    ? keys.map((key) => ({ key, doc: known.get(key)! }))
    : await pendingDocuments(db, 0, upTo);
  await customerSearchIndex(db).writeMany(db, docs.filter((d): d is KeyedDocument => d.doc !== null));
  await db.deleteFrom('search_backlog').where('search_key', '<=', upTo).execute();
  return { upTo, more: (await chunkEnd(db, upTo, 1)) !== null };
}
