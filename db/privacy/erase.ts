import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { getCustomerRow } from '../customers/repo.js';
import { customerSearchIndex } from '../customers/customer-search-index.js';
import { anonymousColumns, isRealCardColumn, placeholderCard } from './anonymous.js';
import { unindexMemoryOf } from './memory-docs.js';

// Erasing a customer (the right to erasure, GDPR art. 17 / AVG): everything written about
// them goes, in the caller's transaction; what the shop's books need stays, without a name.
//
// Gone: name, salutation, contact details, address, birthday, preferences, consent record,
// card number, phones, both search indexes' documents, timeline entries with their earlier
// versions, pinned facts, follow-ups, custom field values, tag memberships, print jobs (a
// receipt carries the name), the free text of their purchases and stamp corrections, and
// the "referred by" links both ways (kept, the link would say who brought whom in, about
// someone the shop can no longer name or thank).
// Kept: the anonymous customer row, purchases and visits (amounts, times), the stamp ledger
// and kept balance, the per-customer visit statistics; all of them numbers and times only.
//
// The caller's transaction is the engine's traceless one (db/privacy/scrub.ts: on SQLite
// with secure_delete, so the deleted bytes are overwritten). What the engine still keeps of
// the old text after the commit (SQLite: the search indexes' segments, stale pages, the
// WAL; PostgreSQL: dead row versions in the tables' and indexes' pages) is wiped by the
// scrub steps that follow (scrub.ts, scrub-postgres.ts).

export type EraseOutcome = { ok: true; erasedAt: number } | { ok: false; problem: 'not_found' | 'already_erased' };

export async function eraseCustomer(db: Kysely<DB>, id: number, staff: string, now: number): Promise<EraseOutcome> {
  const row = await getCustomerRow(db, id);
  if (!row) return { ok: false, problem: 'not_found' };
  if (row.erased_at !== null) return { ok: false, problem: 'already_erased' };

  // Archived customers are out of the name index already (customers/repo setArchived).
  if (row.archived_at === null) await customerSearchIndex(db).remove(db, row.search_key);
  await unindexMemoryOf(db, id);

  await db
    .updateTable('customers')
    .set({ ...anonymousColumns(id, now), card_number: placeholderCard('erased', id) })
    .where('id', '=', id)
    .execute();
  await db.updateTable('customers').set({ referred_by: null, updated_at: now }).where('referred_by', '=', id).execute();
  // Customers merged into this one earlier keep their old card number, so that the card
  // still led here; now it leads nowhere.
  await sql`WITH RECURSIVE merged(id) AS (
      SELECT merged_id FROM customer_merges WHERE survivor_id = ${id}
      UNION SELECT m.merged_id FROM customer_merges m JOIN merged ON m.survivor_id = merged.id)
    UPDATE customers SET card_number = 'erased-' || id
    WHERE id IN (SELECT id FROM merged) AND ${isRealCardColumn(db)}`.execute(db);

  await db.deleteFrom('customer_phones').where('customer_id', '=', id).execute();

  const entryIds = db.selectFrom('customer_entries').select('id').where('customer_id', '=', id);
  // A contact mark on someone else's timeline about one of their wishes loses the link only.
  await db
    .updateTable('customer_entries')
    .set({ contact_wish_id: null })
    .where('contact_wish_id', 'in', entryIds)
    .where('customer_id', '<>', id)
    .execute();
  await db.deleteFrom('customer_entry_revisions').where('entry_id', 'in', entryIds).execute();
  await db.deleteFrom('customer_entries').where('customer_id', '=', id).execute();
  await db.deleteFrom('customer_facts').where('customer_id', '=', id).execute();
  await db.deleteFrom('follow_ups').where('customer_id', '=', id).execute();
  await db.deleteFrom('customer_field_values').where('customer_id', '=', id).execute();
  await db.deleteFrom('customer_tags').where('customer_id', '=', id).execute();
  await db.deleteFrom('print_jobs').where('customer_id', '=', id).execute();

  // Allowed by the append-only triggers only now that the row is marked erased.
  await db.updateTable('visits').set({ description: '' }).where('customer_id', '=', id).where('description', '<>', '').execute();
  await db.updateTable('ledger_entries').set({ reason: '' }).where('customer_id', '=', id).where('reason', '<>', '').execute();

  await db.insertInto('customer_erasures').values({ customer_id: id, erased_at: now, staff, scrubbed_at: null }).execute();
  // The promise that outlives backups (db/privacy/register.ts); erased again after a
  // restore, the first time stays.
  await db
    .insertInto('erasure_register')
    .values({ customer_id: id, customer_created_at: row.created_at, erased_at: now })
    .onConflict((oc) => oc.column('customer_id').doNothing())
    .execute();
  return { ok: true, erasedAt: now };
}
