import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { idTable } from '../value-lists.js';

// How to reach the customers on a list: what a mailing needs. Who may be written to
// (marketing consent) is decided by the caller; this only reads.

export interface ContactRow {
  id: number;
  given_name: string;
  name_prefix: string;
  family_name: string;
  salutation: string;
  email: string | null;
  /** The first phone number, as typed. */
  phone: string | null;
  address_street: string;
  address_postal_code: string;
  address_city: string;
  preferred_channel: string | null;
  language: string;
  marketing_consent: number;
  card_number: string;
  last_seen_at: number;
}

/** The customers with these ids, in the order of `ids` (unknown ids are left out). */
export async function contactRows(db: Kysely<DB>, ids: readonly number[]): Promise<ContactRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<ContactRow>`SELECT c.id, c.given_name, c.name_prefix, c.family_name,
      c.salutation, c.email, c.address_street, c.address_postal_code, c.address_city, c.preferred_channel, c.language,
      c.marketing_consent, c.card_number, c.last_seen_at,
      (SELECT p.raw FROM customer_phones p WHERE p.customer_id = c.id ORDER BY p.position LIMIT 1) AS phone
    FROM ${idTable(db, ids, 'j')} JOIN customers c ON c.id = j.value
    ORDER BY j.key`.execute(db);
  return rows;
}
