// Kysely's view of the tables. Times are unix milliseconds; money (later) integer cents.
import type { Generated } from 'kysely';
import type { MemoryTables } from './memory/schema.js';
import type { InsightTables } from './insights/schema.js';
import type { ListTables } from './lists/schema.js';
import type { PrivacyTables } from './privacy/schema.js';
import type { ImportRunTables } from './exchange/schema.js';

export interface CustomersTable {
  id: Generated<number>;
  given_name: string;
  name_prefix: string;
  family_name: string;
  salutation: string;
  email: string | null;
  address_street: string;
  address_postal_code: string;
  address_city: string;
  birthday_day: number | null;
  birthday_month: number | null;
  birth_year: number | null;
  preferred_channel: string | null;
  language: string;
  marketing_consent: number;
  consent_changed_at: number | null;
  card_number: string;
  search_key: number;
  created_at: number;
  updated_at: number;
  last_seen_at: number;
  archived_at: number | null;
  /** Who brought this customer in (migration 004). */
  referred_by: Generated<number | null>;
  /** Personal data erased, or merged into another customer (migration 006): an anonymous, archived row. */
  erased_at: Generated<number | null>;
}

export interface CustomerPhonesTable {
  id: Generated<number>;
  customer_id: number;
  position: number;
  raw: string;
  e164: string;
  national_digits: string;
}

export interface LoyaltyProgramsTable {
  id: Generated<number>;
  config: string;
  created_at: number;
}

export interface RewardsTable {
  id: Generated<number>;
  name: string;
  cost: number;
  kind: 'free_item' | 'amount_off' | 'percent_off';
  value: number;
  active_from: number | null;
  active_to: number | null;
  retired_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface VisitsTable {
  id: Generated<number>;
  customer_id: number;
  kind: 'purchase' | 'visit';
  amount_cents: number;
  description: string;
  carry_cents: number;
  reverses_id: number | null;
  occurred_at: number;
  /** The till's key for the sale attempt (migration 020): the same key again is answered, not recorded twice. */
  idempotency_key: string | null;
}

export type LedgerKind = 'earn' | 'redeem' | 'adjust' | 'expire' | 'reverse' | 'migrate';

export interface LedgerEntriesTable {
  id: Generated<number>;
  customer_id: number;
  kind: LedgerKind;
  amount: number;
  visit_id: number | null;
  reward_id: number | null;
  reverses_id: number | null;
  program_id: number | null;
  reason: Generated<string>;
  code: string | null;
  idempotency_key: string | null;
  created_at: number;
}

export interface LoyaltyBalancesTable {
  customer_id: number;
  balance: number;
  updated_at: number;
}

export type PrintJobKind = 'loyalty' | 'redemption' | 'member_card' | 'test';
export type PrintJobStatus = 'pending' | 'printed' | 'failed' | 'discarded';

export interface PrintJobsTable {
  id: Generated<number>;
  kind: PrintJobKind;
  customer_id: number | null;
  source_id: number | null;
  /** The receipt model as made, JSON. */
  receipt: string;
  status: Generated<PrintJobStatus>;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  printed_at: number | null;
}

/** Customers whose search documents are still to be written (db/customers/search-backlog.ts). */
export interface SearchBacklogTable {
  search_key: number;
}

export interface DB extends MemoryTables, InsightTables, ListTables, PrivacyTables, ImportRunTables {
  customers: CustomersTable;
  customer_phones: CustomerPhonesTable;
  search_backlog: SearchBacklogTable;
  loyalty_programs: LoyaltyProgramsTable;
  rewards: RewardsTable;
  visits: VisitsTable;
  ledger_entries: LedgerEntriesTable;
  loyalty_balances: LoyaltyBalancesTable;
  print_jobs: PrintJobsTable;
}
