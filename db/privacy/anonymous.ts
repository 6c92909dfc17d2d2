import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../schema.js';
import { isPostgres } from '../engine.js';

// What is left of a customer whose personal data is gone (erased, or merged into another):
// an archived row with a number for a name, so that their purchases and stamps still add up
// in the books. Triggers (migration 006) keep it that way.

/** The name an anonymous row shows: "#123" reads the same in every language. */
export const anonymousName = (id: number) => `#${id}`;

/**
 * A card number no scanner or typed number can reach (card numbers are upper case, see
 * main/core/card-number.ts), unique because the id is.
 */
export const placeholderCard = (kind: 'erased' | 'merged', id: number) => `${kind}-${id}`;

export const isPlaceholderCard = (card: string) => /^[a-z]/.test(card);

/**
 * isPlaceholderCard's opposite on the card_number column, in SQL: case-sensitive on both
 * engines (SQLite's LIKE is not, so GLOB there; a regular expression on PostgreSQL).
 */
export function isRealCardColumn(db: Kysely<DB>): RawBuilder<boolean> {
  return isPostgres(db) ? sql<boolean>`card_number !~ '^[a-z]'` : sql<boolean>`card_number NOT GLOB '[a-z]*'`;
}

/** The columns of an anonymous row (set with the card number the caller picks). */
export function anonymousColumns(id: number, now: number) {
  return {
    given_name: anonymousName(id),
    name_prefix: '',
    family_name: '',
    salutation: '',
    email: null as string | null,
    address_street: '',
    address_postal_code: '',
    address_city: '',
    birthday_day: null as number | null,
    birthday_month: null as number | null,
    birth_year: null as number | null,
    preferred_channel: null as string | null,
    language: 'nl',
    marketing_consent: 0,
    consent_changed_at: null as number | null,
    referred_by: null as number | null,
    erased_at: now,
    archived_at: sql<number>`coalesce(archived_at, ${now})`,
    updated_at: now,
  };
}
