import type { Kysely } from 'kysely';
import type { DB } from '../schema.js';

// Which erasures may still have traces in the archive's storage, on either engine: the last
// scrub step (db/privacy/scrub.ts) marks them done.

/** Erasures whose traces may still be in the archive's storage. */
export async function pendingScrubs(db: Kysely<DB>): Promise<{ count: number; upTo: number | null }> {
  const row = await db
    .selectFrom('customer_erasures')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('erased_at').as('upTo')])
    .where('scrubbed_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), upTo: row.upTo === null ? null : Number(row.upTo) };
}

/** Marks erasures up to `upTo` scrubbed; one made while the steps ran waits for the next scrub. */
export async function markScrubbed(db: Kysely<DB>, upTo: number, now: number): Promise<void> {
  await db
    .updateTable('customer_erasures')
    .set({ scrubbed_at: now })
    .where('scrubbed_at', 'is', null)
    .where('erased_at', '<=', upTo)
    .execute();
}
