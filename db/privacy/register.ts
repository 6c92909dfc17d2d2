import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { eraseCustomer } from './erase.js';

// The erasure register (migration 011): which customers were erased, and when. It is what
// lets an erasure outlive the backups taken before it: a restore merges the register of
// the archive it replaces (and the data folder's copy) into the restored one, then erases
// again every registered customer found there un-erased, with the same code as
// privacy.erase. Ids and times only, never a name.

export interface ErasureRecord {
  customerId: number;
  /** The erased customer row's created_at: a later customer given the same id is not them. */
  createdAt: number;
  erasedAt: number;
}

/** Every registered erasure, oldest id first. */
export async function readRegister(db: Kysely<DB>): Promise<ErasureRecord[]> {
  const rows = await db.selectFrom('erasure_register').selectAll().orderBy('customer_id').execute();
  return rows.map((r) => ({ customerId: r.customer_id, createdAt: r.customer_created_at, erasedAt: r.erased_at }));
}

const hasTable = (sqlite: BetterSqlite3.Database, name: string) =>
  sqlite.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(name) !== undefined;

/**
 * The register of an archive opened read-only, as it is: one written before migration 011
 * still says who was erased in customer_erasures (migration 006), one older than that nobody.
 */
export function readRegisterOf(sqlite: BetterSqlite3.Database): ErasureRecord[] {
  const sql = hasTable(sqlite, 'erasure_register')
    ? 'SELECT customer_id AS customerId, customer_created_at AS createdAt, erased_at AS erasedAt FROM erasure_register'
    : hasTable(sqlite, 'customer_erasures')
      ? `SELECT e.customer_id AS customerId, c.created_at AS createdAt, e.erased_at AS erasedAt
          FROM customer_erasures e JOIN customers c ON c.id = e.customer_id`
      : null;
  return sql ? (sqlite.prepare(sql).all() as ErasureRecord[]) : [];
}

/** Adds erasures registered elsewhere; ones already here keep their own time. Caller's transaction. */
export async function mergeRegister(db: Kysely<DB>, records: readonly ErasureRecord[]): Promise<void> {
  // 300 rows of 3 values stay well under SQLite's 32766 bound parameters.
  for (let i = 0; i < records.length; i += 300) {
    const chunk = records.slice(i, i + 300).map((r) => ({ customer_id: r.customerId, customer_created_at: r.createdAt, erased_at: r.erasedAt }));
    await db.insertInto('erasure_register').values(chunk).onConflict((oc) => oc.column('customer_id').doNothing()).execute();
  }
}

/** Merges sets of records by customer id, the earliest erasure winning. */
export function unionOf(...sets: readonly (readonly ErasureRecord[])[]): ErasureRecord[] {
  const byId = new Map<number, ErasureRecord>();
  for (const record of sets.flat()) {
    const known = byId.get(record.customerId);
    if (!known || record.erasedAt < known.erasedAt) byId.set(record.customerId, record);
  }
  return [...byId.values()].sort((a, b) => a.customerId - b.customerId);
}

/**
 * Erases again every registered customer this archive holds un-erased (the very row that was
 * erased: same id, same creation time). Caller's transaction, with secure_delete on
 * (db/privacy/scrub.ts secureWriteTransaction). Returns how many.
 */
export async function eraseAgain(db: Kysely<DB>, staff: string, now: number): Promise<number> {
  const back = await db
    .selectFrom('erasure_register as r')
    .innerJoin('customers as c', (join) => join.onRef('c.id', '=', 'r.customer_id').onRef('c.created_at', '=', 'r.customer_created_at'))
    .select('c.id')
    .where('c.erased_at', 'is', null)
    .orderBy('c.id')
    .execute();
  let erased = 0;
  for (const { id } of back) if ((await eraseCustomer(db, id, staff, now)).ok) erased++;
  return erased;
}
