import type { CustomerRow, PhoneRow, SummaryRow } from '../../../db/customers/repo.js';
import type { Channel, Customer, CustomerLanguage, CustomerSummary } from './schema.js';

export function displayName(row: { given_name: string; name_prefix: string; family_name: string }): string {
  return [row.given_name, row.name_prefix, row.family_name].filter((part) => part !== '').join(' ');
}

export function toCustomer(row: CustomerRow, phones: readonly PhoneRow[]): Customer {
  return {
    id: row.id,
    givenName: row.given_name,
    namePrefix: row.name_prefix,
    familyName: row.family_name,
    displayName: displayName(row),
    salutation: row.salutation,
    phones: phones.map((p) => ({ raw: p.raw, e164: p.e164 })),
    email: row.email ?? '',
    address: { street: row.address_street, postalCode: row.address_postal_code, city: row.address_city },
    birthday:
      row.birthday_day !== null && row.birthday_month !== null
        ? { day: row.birthday_day, month: row.birthday_month, year: row.birth_year }
        : null,
    preferredChannel: row.preferred_channel as Channel | null,
    language: row.language as CustomerLanguage,
    marketingConsent: row.marketing_consent === 1,
    consentChangedAt: row.consent_changed_at,
    cardNumber: row.card_number,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastSeenAt: row.last_seen_at,
    archivedAt: row.archived_at,
    erasedAt: row.erased_at,
  };
}

export function toSummary(row: SummaryRow): CustomerSummary {
  return {
    id: row.id,
    displayName: displayName(row),
    phone: row.phone ?? '',
    email: row.email ?? '',
    city: row.address_city,
    cardNumber: row.card_number,
    lastSeenAt: row.last_seen_at,
    archived: row.archived_at !== null,
  };
}
