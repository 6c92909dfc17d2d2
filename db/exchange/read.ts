import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../schema.js';
import type { CustomerRow } from '../customers/repo.js';

// Bulk reads for exports, a page at a time in id order (keyset: `id > after`), so a
// million customers stream out without holding a read transaction or a statement open
// between pages, nor more than a page in memory, and the counter keeps working while an
// export runs: between two pages its own queries get the connection.

export interface ExportCustomerRow extends CustomerRow {
  balance: number | null;
}

export interface ExportPhoneRow {
  customer_id: number;
  raw: string;
}

export interface ExportTagRow {
  customer_id: number;
  name: string;
}

/** A row of a per-customer table with whose it is (`WHO` below): the export names them. */
interface WhoColumns {
  id: number;
  customer_id: number;
  given_name: string;
  name_prefix: string;
  family_name: string;
  card_number: string;
}

export interface ExportEntryRow extends WhoColumns {
  kind: string;
  text: string;
  staff: string;
  at: number;
  score: number | null;
  status: string | null;
  resolution: string;
  channel: string | null;
}

export interface ExportVisitRow extends WhoColumns {
  kind: string;
  amount_cents: number;
  description: string;
  reverses_id: number | null;
  occurred_at: number;
}

export interface ExportLedgerRow extends WhoColumns {
  kind: string;
  amount: number;
  visit_id: number | null;
  reward: string | null;
  reverses_id: number | null;
  reason: string;
  code: string | null;
  created_at: number;
}

/** Customer memory that the full export carries as JSON only, row for row. */
export const MEMORY_TABLES = ['customer_facts', 'follow_ups', 'custom_fields', 'customer_field_values', 'customer_entry_revisions'] as const;
export type MemoryTable = (typeof MEMORY_TABLES)[number];

export interface ExportReader {
  count(table: 'customers' | 'customer_entries' | 'visits' | 'ledger_entries' | MemoryTable): Promise<number>;
  /** The most phone numbers any customer has: the export's phone columns. */
  maxPhones(): Promise<number>;
  customers(after: number, limit: number): Promise<ExportCustomerRow[]>;
  /** Phones (tags) of the customers with ids in [from, to], by customer and position. */
  phones(from: number, to: number): Promise<ExportPhoneRow[]>;
  tags(from: number, to: number): Promise<ExportTagRow[]>;
  entries(after: number, limit: number): Promise<ExportEntryRow[]>;
  visits(after: number, limit: number): Promise<ExportVisitRow[]>;
  ledger(after: number, limit: number): Promise<ExportLedgerRow[]>;
  /** A page of one memory table as stored (by id). */
  memory(table: MemoryTable, after: number, limit: number): Promise<({ id: number } & Record<string, unknown>)[]>;
}

// Earlier versions of deleted notes stay out, as the notes themselves do.
const MEMORY_WHERE: Partial<Record<MemoryTable, RawBuilder<unknown>>> = {
  customer_entry_revisions: sql`AND entry_id IN (SELECT id FROM customer_entries WHERE deleted_at IS NULL)`,
};

/** Whose a row is: the columns of its customer the export names them by. */
const WHO = ['c.given_name', 'c.name_prefix', 'c.family_name', 'c.card_number'] as const;

/** Reads through Kysely, the same on either engine; each page is one query of its own. */
export function exportReader(db: Kysely<DB>): ExportReader {
  const countOf = async (query: RawBuilder<{ n: number }>) => Number((await query.execute(db)).rows[0]!.n);
  return {
    count(table) {
      switch (table) {
        // Erased customers stay as anonymous rows for the books (their visits and ledger are
        // exported, nameless); as customers there is nothing left to export.
        case 'customers': return countOf(sql`SELECT count(*) AS n FROM customers WHERE erased_at IS NULL`);
        case 'customer_entries': return countOf(sql`SELECT count(*) AS n FROM customer_entries WHERE deleted_at IS NULL`);
        case 'visits': return countOf(sql`SELECT count(*) AS n FROM visits`);
        case 'ledger_entries': return countOf(sql`SELECT count(*) AS n FROM ledger_entries`);
        default: return countOf(sql`SELECT count(*) AS n FROM ${sql.table(table)} WHERE 1 = 1 ${MEMORY_WHERE[table] ?? sql``}`);
      }
    },
    maxPhones: () => countOf(sql`SELECT coalesce(max(position), -1) + 1 AS n FROM customer_phones`),
    customers: (after, limit) => db.selectFrom('customers as c').leftJoin('loyalty_balances as b', 'b.customer_id', 'c.id')
      .selectAll('c').select('b.balance')
      .where('c.id', '>', after).where('c.erased_at', 'is', null).orderBy('c.id').limit(limit).execute(),
    phones: (from, to) => db.selectFrom('customer_phones').select(['customer_id', 'raw'])
      .where('customer_id', '>=', from).where('customer_id', '<=', to).orderBy('customer_id').orderBy('position').execute(),
    tags: (from, to) => db.selectFrom('customer_tags as ct').innerJoin('tags as t', 't.id', 'ct.tag_id').select(['ct.customer_id', 't.name'])
      .where('ct.customer_id', '>=', from).where('ct.customer_id', '<=', to).orderBy('ct.customer_id').orderBy('t.folded').execute(),
    entries: (after, limit) => db.selectFrom('customer_entries as e').innerJoin('customers as c', 'c.id', 'e.customer_id')
      .select(['e.id', 'e.customer_id', ...WHO, 'e.kind', 'e.text', 'e.staff', 'e.at', 'e.score', 'e.status', 'e.resolution', 'e.channel'])
      .where('e.id', '>', after).where('e.deleted_at', 'is', null).orderBy('e.id').limit(limit).execute(),
    visits: (after, limit) => db.selectFrom('visits as v').innerJoin('customers as c', 'c.id', 'v.customer_id')
      .select(['v.id', 'v.customer_id', ...WHO, 'v.kind', 'v.amount_cents', 'v.description', 'v.reverses_id', 'v.occurred_at'])
      .where('v.id', '>', after).orderBy('v.id').limit(limit).execute(),
    ledger: (after, limit) => db.selectFrom('ledger_entries as l').innerJoin('customers as c', 'c.id', 'l.customer_id')
      .leftJoin('rewards as r', 'r.id', 'l.reward_id')
      .select(['l.id', 'l.customer_id', ...WHO, 'l.kind', 'l.amount', 'l.visit_id', 'r.name as reward', 'l.reverses_id', 'l.reason', 'l.code', 'l.created_at'])
      .where('l.id', '>', after).orderBy('l.id').limit(limit).execute(),
    memory: async (table, after, limit) => (await sql<{ id: number } & Record<string, unknown>>`SELECT * FROM ${sql.table(table)}
      WHERE id > ${after} ${MEMORY_WHERE[table] ?? sql``} ORDER BY id LIMIT ${limit}`.execute(db)).rows,
  };
}
