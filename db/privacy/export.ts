import type { Kysely, Selectable } from 'kysely';
import type { DB, LedgerEntriesTable, PrintJobsTable, VisitsTable } from '../schema.js';
import type {
  CustomerEntriesTable, CustomerEntryRevisionsTable, CustomerFactsTable, FieldKindColumn, FollowUpsTable,
} from '../memory/schema.js';
import { getCustomerRow, getPhones, type CustomerRow, type PhoneRow } from '../customers/repo.js';
import { referredBy, referrerOf, type RefRow } from '../memory/referrals.js';
import { valueText } from '../memory/fields.js';

// Everything the archive holds about one customer (the right of access, GDPR art. 15):
// the rows themselves, read in one go for the export. Deleted timeline entries and the
// earlier versions of edited ones are included: they are still stored.

export interface FieldValueExport {
  name: string;
  kind: FieldKindColumn;
  /** As shown: a text, a number, a date, or a choice's label. */
  value: string;
  updated_at: number;
}

export interface LedgerExportRow extends Selectable<LedgerEntriesTable> {
  reward_name: string | null;
}

export interface PersonalRows {
  customer: CustomerRow;
  phones: PhoneRow[];
  referrer: RefRow | undefined;
  referred: RefRow[];
  tags: { name: string; created_at: number }[];
  facts: Selectable<CustomerFactsTable>[];
  entries: Selectable<CustomerEntriesTable>[];
  revisions: Selectable<CustomerEntryRevisionsTable>[];
  followUps: Selectable<FollowUpsTable>[];
  fields: FieldValueExport[];
  visits: Selectable<VisitsTable>[];
  ledger: LedgerExportRow[];
  balance: number;
  printJobs: Pick<Selectable<PrintJobsTable>, 'id' | 'kind' | 'status' | 'created_at' | 'printed_at'>[];
}

export async function personalRows(db: Kysely<DB>, customerId: number): Promise<PersonalRows | undefined> {
  const customer = await getCustomerRow(db, customerId);
  if (!customer) return undefined;
  const entries = await db.selectFrom('customer_entries').selectAll().where('customer_id', '=', customerId)
    .orderBy('at').orderBy('id').execute();
  const fieldRows = await db
    .selectFrom('customer_field_values as v')
    .innerJoin('custom_fields as f', 'f.id', 'v.field_id')
    .select(['f.name', 'f.kind', 'f.options', 'v.value', 'v.updated_at'])
    .where('v.customer_id', '=', customerId)
    .orderBy('f.position').orderBy('f.id')
    .execute();
  const balance = await db.selectFrom('loyalty_balances').select('balance').where('customer_id', '=', customerId).executeTakeFirst();
  return {
    customer,
    phones: await getPhones(db, customerId),
    referrer: await referrerOf(db, customerId),
    referred: await referredBy(db, customerId),
    tags: await db.selectFrom('customer_tags as ct').innerJoin('tags as t', 't.id', 'ct.tag_id')
      .select(['t.name', 'ct.created_at']).where('ct.customer_id', '=', customerId).orderBy('t.folded').execute(),
    facts: await db.selectFrom('customer_facts').selectAll().where('customer_id', '=', customerId)
      .orderBy('position').orderBy('id').execute(),
    entries,
    revisions: entries.length === 0 ? [] : await db.selectFrom('customer_entry_revisions').selectAll()
      .where('entry_id', 'in', db.selectFrom('customer_entries').select('id').where('customer_id', '=', customerId))
      .orderBy('entry_id').orderBy('id').execute(),
    followUps: await db.selectFrom('follow_ups').selectAll().where('customer_id', '=', customerId)
      .orderBy('due_on').orderBy('id').execute(),
    fields: fieldRows.map((r) => ({
      name: r.name,
      kind: r.kind,
      value: r.kind === 'text' || r.kind === 'choice' ? valueText(r, r.value) : r.value,
      updated_at: r.updated_at,
    })),
    visits: await db.selectFrom('visits').selectAll().where('customer_id', '=', customerId).orderBy('id').execute(),
    ledger: await db.selectFrom('ledger_entries as l').leftJoin('rewards as r', 'r.id', 'l.reward_id')
      .selectAll('l').select('r.name as reward_name').where('l.customer_id', '=', customerId).orderBy('l.id').execute(),
    balance: balance?.balance ?? 0,
    printJobs: await db.selectFrom('print_jobs').select(['id', 'kind', 'status', 'created_at', 'printed_at'])
      .where('customer_id', '=', customerId).orderBy('id').execute(),
  };
}
