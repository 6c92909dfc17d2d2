import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { updateCustomer, type CustomerRow, type CustomerWrite, type PhoneWrite } from '../customers/repo.js';
import { customerSearchIndex } from '../customers/customer-search-index.js';
import { refreshVisitStats } from '../memory/visit-stats.js';
import { anonymousColumns, placeholderCard } from './anonymous.js';
import { indexMemoryOf, unindexMemoryOf } from './memory-docs.js';

// Merging a duplicate into the customer that stays (the survivor), in the caller's
// transaction. The survivor takes the chosen details; everything of the other moves over:
// notes (with their history), facts, follow-ups, tags, custom field values, purchases and
// the stamp ledger (re-pointed, as the append-only triggers allow once customer_merges
// records the merge), print jobs and the customers they referred. The kept balance becomes
// the ledger's sum. The merged-away row stays behind anonymous and archived, pointing at the
// survivor through customer_merges: an old link or card still leads to the right profile.

export interface MergePlan {
  survivor: CustomerRow;
  merged: CustomerRow;
  /** The survivor's columns after the merge, as chosen (card_number included). */
  values: CustomerWrite;
  phones: readonly PhoneWrite[];
  referredBy: number | null;
  /** Fields both have a value for, whose merged-away value wins. */
  takeMergedField: ReadonlySet<number>;
  staff: string;
  now: number;
}

export async function mergeCustomers(db: Kysely<DB>, plan: MergePlan): Promise<void> {
  const { survivor, merged, now } = plan;
  const s = survivor.id;
  const m = merged.id;

  await db.insertInto('customer_merges').values({ merged_id: m, survivor_id: s, merged_at: now, staff: plan.staff }).execute();

  // The merged-away row first: it may be giving up the card number the survivor takes.
  if (merged.archived_at === null) await customerSearchIndex(db).remove(db, merged.search_key);
  await unindexMemoryOf(db, m);
  await db
    .updateTable('customers')
    .set({
      ...anonymousColumns(m, now),
      card_number: plan.values.card_number === merged.card_number ? placeholderCard('merged', m) : merged.card_number,
    })
    .where('id', '=', m)
    .execute();
  await db.deleteFrom('customer_phones').where('customer_id', '=', m).execute();

  await updateCustomer(db, s, plan.values, plan.phones, now);
  await db.updateTable('customers').set({ referred_by: plan.referredBy }).where('id', '=', s).execute();
  await db
    .updateTable('customers')
    .set({ referred_by: s, updated_at: now })
    .where('referred_by', '=', m)
    .where('id', '<>', s)
    .execute();

  // Tags: the merged-away row is archived now, so its memberships no longer count; the
  // survivor's new ones count through the insert trigger.
  await sql`INSERT INTO customer_tags (customer_id, tag_id, staff, created_at)
    SELECT ${s}, tag_id, staff, created_at FROM customer_tags WHERE customer_id = ${m}
    ON CONFLICT (customer_id, tag_id) DO NOTHING`.execute(db);
  await db.deleteFrom('customer_tags').where('customer_id', '=', m).execute();

  await db.updateTable('customer_entries').set({ customer_id: s }).where('customer_id', '=', m).execute();
  const last = await db
    .selectFrom('customer_facts')
    .select((eb) => eb.fn.coalesce(eb.fn.max('position'), eb.lit(-1)).as('p'))
    .where('customer_id', '=', s)
    .executeTakeFirstOrThrow();
  await db
    .updateTable('customer_facts')
    .set({ customer_id: s, position: sql<number>`position + ${Number(last.p) + 1}` })
    .where('customer_id', '=', m)
    .execute();
  await db.updateTable('follow_ups').set({ customer_id: s }).where('customer_id', '=', m).execute();
  await mergeFieldValues(db, s, m, plan.takeMergedField);
  // The notes search finds a customer's texts by a customer token: write them all again under the survivor's.
  await unindexMemoryOf(db, s);
  await indexMemoryOf(db, s);

  await db.updateTable('visits').set({ customer_id: s }).where('customer_id', '=', m).execute();
  await db.updateTable('ledger_entries').set({ customer_id: s }).where('customer_id', '=', m).execute();
  await db.updateTable('print_jobs').set({ customer_id: s }).where('customer_id', '=', m).execute();
  await recomputeBalance(db, s, now);
  await db.deleteFrom('loyalty_balances').where('customer_id', '=', m).execute();
  await refreshVisitStats(db, s, now);
  await db.deleteFrom('customer_visit_stats').where('customer_id', '=', m).execute();
}

/** Moves the merged-away customer's values; where both have one, the chosen one stays. */
async function mergeFieldValues(db: Kysely<DB>, s: number, m: number, takeMerged: ReadonlySet<number>): Promise<void> {
  const theirs = await db.selectFrom('customer_field_values').select(['id', 'field_id']).where('customer_id', '=', m).execute();
  const ours = new Map(
    (await db.selectFrom('customer_field_values').select(['id', 'field_id']).where('customer_id', '=', s).execute())
      .map((v) => [v.field_id, v.id]),
  );
  for (const v of theirs) {
    const clash = ours.get(v.field_id);
    if (clash !== undefined && !takeMerged.has(v.field_id)) {
      await db.deleteFrom('customer_field_values').where('id', '=', v.id).execute();
      continue;
    }
    if (clash !== undefined) {
      await db.deleteFrom('customer_field_values').where('id', '=', clash).execute();
    }
    await db.updateTable('customer_field_values').set({ customer_id: s }).where('id', '=', v.id).execute();
  }
}

/** The kept balance set to what the ledger sums to (both customers' entries are the survivor's now). */
async function recomputeBalance(db: Kysely<DB>, customerId: number, now: number): Promise<void> {
  const row = await db
    .selectFrom('ledger_entries')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.coalesce(eb.fn.sum<number>('amount'), eb.lit(0)).as('sum')])
    .where('customer_id', '=', customerId)
    .executeTakeFirstOrThrow();
  if (Number(row.n) === 0) return;
  await db
    .insertInto('loyalty_balances')
    .values({ customer_id: customerId, balance: Number(row.sum), updated_at: now })
    .onConflict((oc) => oc.column('customer_id').doUpdateSet({ balance: Number(row.sum), updated_at: now }))
    .execute();
}
