// Every table that holds a customer's id, and what an erasure and a merge do with its rows
// (db/privacy/erase.ts, merge.ts). tests/api/privacy-erase.test.ts compares this list with
// the schema: a new table that names customers fails that test until it is listed here and
// handled there.

export interface CustomerTable {
  /** Its columns that hold a customer id. */
  columns: readonly string[];
  erase: string;
  merge: string;
}

export const CUSTOMER_TABLES: Readonly<Record<string, CustomerTable>> = {
  customers: { columns: ['referred_by'], erase: 'row made anonymous; links to it cleared', merge: 'links re-pointed to the survivor' },
  customer_phones: { columns: ['customer_id'], erase: 'deleted', merge: 'the chosen ones kept by the survivor' },
  customer_entries: { columns: ['customer_id'], erase: 'deleted, with their revisions', merge: 'moved' },
  customer_facts: { columns: ['customer_id'], erase: 'deleted', merge: 'moved, after the survivor’s' },
  customer_tags: { columns: ['customer_id'], erase: 'deleted', merge: 'added to the survivor' },
  follow_ups: { columns: ['customer_id'], erase: 'deleted', merge: 'moved' },
  customer_field_values: { columns: ['customer_id'], erase: 'deleted', merge: 'moved; where both have one, the chosen one stays' },
  customer_visit_stats: { columns: ['customer_id'], erase: 'kept (numbers only)', merge: 'recomputed for the survivor' },
  visits: { columns: ['customer_id'], erase: 'kept for the books, description blanked', merge: 'moved' },
  ledger_entries: { columns: ['customer_id'], erase: 'kept for the books, reason blanked', merge: 'moved' },
  loyalty_balances: { columns: ['customer_id'], erase: 'kept (the ledger’s sum)', merge: 'recomputed from the ledger' },
  print_jobs: { columns: ['customer_id'], erase: 'deleted (a receipt carries the name)', merge: 'moved' },
  // Insights' caches (migration 007): numbers only, kept in step by its own triggers on
  // visits and on archiving, which an erasure and a merge both go through.
  customer_months: { columns: ['customer_id'], erase: 'kept (numbers only)', merge: 'moved by the insights triggers on visits' },
  customer_segments: { columns: ['customer_id'], erase: 'left to insights (the row is archived)', merge: 'left to insights (marked dirty)' },
  insight_dirty: { columns: ['customer_id'], erase: 'left to insights', merge: 'left to insights' },
  customer_merges: { columns: ['merged_id', 'survivor_id'], erase: 'kept (ids only)', merge: 'one row added' },
  customer_erasures: { columns: ['customer_id'], erase: 'one row added', merge: 'not touched (erased customers are not merged)' },
  // Ids and times only, on purpose: the register is what makes an erasure outlive a restore
  // of an older backup (migration 011, db/privacy/register.ts). Never deleted.
  erasure_register: { columns: ['customer_id'], erase: 'one row added (id and times, no personal data)', merge: 'not touched (erased customers are not merged)' },
};

/**
 * The search tables that hold a customer id on PostgreSQL alone (on SQLite the FTS5 notes
 * index holds it as a token: db/memory/search-index.ts). The counter search's table is
 * keyed by search_key, not by customer.
 */
export const SERVER_CUSTOMER_TABLES: Readonly<Record<string, CustomerTable>> = {
  memory_search: { columns: ['customer_id'], erase: 'their documents deleted', merge: 'both taken out, the survivor’s written again' },
};
