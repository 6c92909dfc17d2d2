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
  /** Always false: an undone purchase is not a last visit (kept for the VisitInfo shape). */
  undone: boolean;
}

/**
 * The newest purchase or visit that stands: not an undo, and not undone since. Walked newest
 * first by the customer's index; whether a row was undone is one lookup in the unique index
 * on reverses_id, and only the last few rows can have been undone.
 */
export async function lastVisitOf(db: Kysely<DB>, customerId: number): Promise<LastVisit | null> {
  const { rows } = await sql<VisitRow>`SELECT * FROM visits AS v
    WHERE v.customer_id = ${customerId} AND +v.reverses_id IS NULL
      AND NOT EXISTS (SELECT 1 FROM visits AS u WHERE u.reverses_id = v.id)
    ORDER BY v.occurred_at DESC, v.id DESC LIMIT 1`.execute(db);
  const row = rows[0];
  if (!row) return null;
  const earned = await db
    .selectFrom('ledger_entries')
    .select('amount')
    .where('customer_id', '=', customerId)
    .where('visit_id', '=', row.id)
    .where('kind', '=', 'earn')
    .executeTakeFirst();
  return { row, earned: earned?.amount ?? 0, undone: false };
}
