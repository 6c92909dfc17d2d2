import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../schema.js';
import type { CustomerFactsTable } from './schema.js';
import { docKey, factDoc, indexDoc, reindexDoc, unindexDoc } from './search.js';

// Pinned facts: a short ordered list per customer, loaded with every profile. Indexed in
// memory_search like entries, in the caller's transaction.

export type FactRow = Selectable<CustomerFactsTable>;


export function factsOf(db: Kysely<DB>, customerId: number): Promise<FactRow[]> {
  return db
    .selectFrom('customer_facts')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

export function getFact(db: Kysely<DB>, id: number): Promise<FactRow | undefined> {
  return db.selectFrom('customer_facts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertFact(db: Kysely<DB>, customerId: number, text: string, staff: string, now: number): Promise<FactRow> {
  const last = await db
    .selectFrom('customer_facts')
    .select((eb) => eb.fn.coalesce(eb.fn.max('position'), eb.lit(-1)).as('p'))
    .where('customer_id', '=', customerId)
    .executeTakeFirstOrThrow();
  const row = await db
    .insertInto('customer_facts')
    .values({ customer_id: customerId, text, position: Number(last.p) + 1, staff, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
  await indexDoc(db, docKey('fact', row.id), factDoc(customerId, text));
  return row;
}

export async function updateFact(db: Kysely<DB>, fact: FactRow, text: string, staff: string, now: number): Promise<void> {
  await db.updateTable('customer_facts').set({ text, staff, updated_at: now }).where('id', '=', fact.id).execute();
  await reindexDoc(db, docKey('fact', fact.id), factDoc(fact.customer_id, text));
}

export async function deleteFact(db: Kysely<DB>, id: number): Promise<void> {
  await db.deleteFrom('customer_facts').where('id', '=', id).execute();
  await unindexDoc(db, docKey('fact', id));
}

export async function setFactPositions(db: Kysely<DB>, ids: readonly number[]): Promise<void> {
  for (const [position, id] of ids.entries()) {
    await db.updateTable('customer_facts').set({ position }).where('id', '=', id).execute();
  }
}
