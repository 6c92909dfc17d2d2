import type { Kysely } from 'kysely';
import type { DB } from '../schema.js';

// "Referred by": customers.referred_by, and the customers someone brought in.

export interface RefRow {
  id: number;
  given_name: string;
  name_prefix: string;
  family_name: string;
  archived_at: number | null;
  created_at: number;
}

const REF_COLUMNS = ['id', 'given_name', 'name_prefix', 'family_name', 'archived_at', 'created_at'] as const;

export async function setReferrer(db: Kysely<DB>, id: number, referrerId: number | null, now: number): Promise<void> {
  await db.updateTable('customers').set({ referred_by: referrerId, updated_at: now }).where('id', '=', id).execute();
}

export async function referrerOf(db: Kysely<DB>, id: number): Promise<RefRow | undefined> {
  return db
    .selectFrom('customers as c')
    .innerJoin('customers as r', 'r.id', 'c.referred_by')
    .select(REF_COLUMNS.map((c) => `r.${c}` as const))
    .where('c.id', '=', id)
    .executeTakeFirst();
}

export function referredBy(db: Kysely<DB>, id: number): Promise<RefRow[]> {
  return db.selectFrom('customers').select([...REF_COLUMNS]).where('referred_by', '=', id).orderBy('created_at').orderBy('id').execute();
}

export async function countReferred(db: Kysely<DB>, id: number): Promise<number> {
  const row = await db
    .selectFrom('customers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('referred_by', '=', id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
