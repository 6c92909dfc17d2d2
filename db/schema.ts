// Kysely's view of the tables. Times are unix milliseconds; money (later) integer cents.
import type { Generated } from 'kysely';

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
}

export interface CustomerPhonesTable {
  id: Generated<number>;
  customer_id: number;
  position: number;
  raw: string;
  e164: string;
  national_digits: string;
}

export interface DB {
  customers: CustomersTable;
  customer_phones: CustomerPhonesTable;
}
