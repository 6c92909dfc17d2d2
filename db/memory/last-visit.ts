import { sql, type Kysely } from 'kysely';
import type { VisitRow } from '../loyalty/repo.js';
import type { DB } from '../schema.js';

// The last visit for the counter brief, read through the per-customer indexes only.
// (db/loyalty/repo.ts lastVisit filters on "reverses_id IS NULL", for which SQLite picks the
// unique index on reverses_id and walks most of the visits table; and earnEntryForVisit
// has no index on visit_id. Both are fine for a small archive, not for a big one.)

export interface LastVisit {
  row: VisitRow;
  /** Stamps or points it earned. */
  earned: number;
  /** It was undone since. */
  undone: boolean;
}

export async function lastVisitOf(db: Kysely<DB>, customerId: number): Promise<LastVisit | null> {
  const { rows } = await sql<VisitRow>`SELECT * FROM visits
    WHERE customer_id = ${customerId} AND +reverses_id IS NULL
    ORDER BY occurred_at DESC, id DESC LIMIT 1`.execute(db);
  const row = rows[0];
  if (!row) return null;
  const earned = await db
    .selectFrom('ledger_entries')
    .select('amount')
    .where('customer_id', '=', customerId)
    .where('visit_id', '=', row.id)
    .where('kind', '=', 'earn')
    .executeTakeFirst();
  const undone = await db.selectFrom('visits').select('id').where('reverses_id', '=', row.id).executeTakeFirst();
  return { row, earned: earned?.amount ?? 0, undone: undone !== undefined };
}
