import type BetterSqlite3 from 'better-sqlite3';
import type { CustomerRow } from '../customers/repo.js';

// Bulk reads for exports, a page at a time in id order (keyset: `id > after`), so a
// million customers stream out without holding a read transaction or a statement open
// between pages, and the counter keeps working while an export runs.

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
  count(table: 'customers' | 'customer_entries' | 'visits' | 'ledger_entries' | MemoryTable): number;
  /** The most phone numbers any customer has: the export's phone columns. */
  maxPhones(): number;
  customers(after: number, limit: number): ExportCustomerRow[];
  /** Phones (tags) of the customers with ids in [from, to], by customer and position. */
  phones(from: number, to: number): ExportPhoneRow[];
  tags(from: number, to: number): ExportTagRow[];
  entries(after: number, limit: number): ExportEntryRow[];
  visits(after: number, limit: number): ExportVisitRow[];
  ledger(after: number, limit: number): ExportLedgerRow[];
  /** A page of one memory table as stored (by id). */
  memory(table: MemoryTable, after: number, limit: number): ({ id: number } & Record<string, unknown>)[];
}

// Earlier versions of deleted notes stay out, as the notes themselves do.
const MEMORY_WHERE: Partial<Record<MemoryTable, string>> = {
  customer_entry_revisions: 'AND entry_id IN (SELECT id FROM customer_entries WHERE deleted_at IS NULL)',
};

const WHO = 'c.given_name, c.name_prefix, c.family_name, c.card_number';

export function prepareExportReader(sqlite: BetterSqlite3.Database): ExportReader {
  const counts = {
    // Erased customers stay as anonymous rows for the books (their visits and ledger are
    // exported, nameless); as customers there is nothing left to export.
    customers: sqlite.prepare('SELECT count(*) FROM customers WHERE erased_at IS NULL').pluck(),
    customer_entries: sqlite.prepare('SELECT count(*) FROM customer_entries WHERE deleted_at IS NULL').pluck(),
    visits: sqlite.prepare('SELECT count(*) FROM visits').pluck(),
    ledger_entries: sqlite.prepare('SELECT count(*) FROM ledger_entries').pluck(),
    ...Object.fromEntries(MEMORY_TABLES.map((t) => [t, sqlite.prepare(`SELECT count(*) FROM ${t} WHERE 1 ${MEMORY_WHERE[t] ?? ''}`).pluck()])),
  } as Record<Parameters<ExportReader['count']>[0], BetterSqlite3.Statement>;
  const memory = Object.fromEntries(MEMORY_TABLES.map((t) =>
    [t, sqlite.prepare(`SELECT * FROM ${t} WHERE id > ? ${MEMORY_WHERE[t] ?? ''} ORDER BY id LIMIT ?`)])) as Record<MemoryTable, BetterSqlite3.Statement>;
  const maxPhones = sqlite.prepare('SELECT coalesce(max(position), -1) + 1 FROM customer_phones').pluck();
  const customers = sqlite.prepare(`SELECT c.*, b.balance FROM customers c LEFT JOIN loyalty_balances b ON b.customer_id = c.id
    WHERE c.id > ? AND c.erased_at IS NULL ORDER BY c.id LIMIT ?`);
  const phones = sqlite.prepare(`SELECT customer_id, raw FROM customer_phones
    WHERE customer_id BETWEEN ? AND ? ORDER BY customer_id, position`);
  const tags = sqlite.prepare(`SELECT ct.customer_id, t.name FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id
    WHERE ct.customer_id BETWEEN ? AND ? ORDER BY ct.customer_id, t.folded`);
  const entries = sqlite.prepare(`SELECT e.id, e.customer_id, ${WHO}, e.kind, e.text, e.staff, e.at, e.score, e.status,
    e.resolution, e.channel
    FROM customer_entries e JOIN customers c ON c.id = e.customer_id
    WHERE e.id > ? AND e.deleted_at IS NULL ORDER BY e.id LIMIT ?`);
  const visits = sqlite.prepare(`SELECT v.id, v.customer_id, ${WHO}, v.kind, v.amount_cents, v.description, v.reverses_id, v.occurred_at
    FROM visits v JOIN customers c ON c.id = v.customer_id WHERE v.id > ? ORDER BY v.id LIMIT ?`);
  const ledger = sqlite.prepare(`SELECT l.id, l.customer_id, ${WHO}, l.kind, l.amount, l.visit_id, r.name AS reward,
    l.reverses_id, l.reason, l.code, l.created_at
    FROM ledger_entries l JOIN customers c ON c.id = l.customer_id LEFT JOIN rewards r ON r.id = l.reward_id
    WHERE l.id > ? ORDER BY l.id LIMIT ?`);
  return {
    count: (table) => counts[table].get() as number,
    maxPhones: () => maxPhones.get() as number,
    customers: (after, limit) => customers.all(after, limit) as ExportCustomerRow[],
    phones: (from, to) => phones.all(from, to) as ExportPhoneRow[],
    tags: (from, to) => tags.all(from, to) as ExportTagRow[],
    entries: (after, limit) => entries.all(after, limit) as ExportEntryRow[],
    visits: (after, limit) => visits.all(after, limit) as ExportVisitRow[],
    ledger: (after, limit) => ledger.all(after, limit) as ExportLedgerRow[],
    memory: (table, after, limit) => memory[table].all(after, limit) as ({ id: number } & Record<string, unknown>)[],
  };
}
