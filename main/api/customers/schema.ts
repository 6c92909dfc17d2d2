import { z } from 'zod';
import { PHONE_CHARS } from '../../core/phone.js';
import { CARD_NUMBER_PATTERN, normaliseCardNumber } from '../../core/card-number.js';
import type { Snippet } from '../../core/snippet.js';
import { lineText } from '../text-schema.js';

// Every message here is a field error code (see errors.ts), translated by the renderer.

export const CHANNELS = ['phone', 'whatsapp', 'sms', 'email', 'in_person'] as const;
export const CUSTOMER_LANGUAGES = ['nl', 'en', 'de', 'fr'] as const;
export const MAX_PHONES = 5;

const text = lineText;

// Deliberately plain: one @, no spaces, a dot in the domain. Mail servers decide the rest.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

// Only what a number can look like: whether it is one depends on the shop's country
// (settings), which the handler reads it in (customers/handlers.ts phonesOf).
export const phoneInput = text(40).refine((raw) => raw === '' || PHONE_CHARS.test(raw), {
  error: 'invalid_phone',
});

export function isRealDate(day: number, month: number, year: number | null): boolean {
  if (year !== null && (year < 1900 || year > 2100)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  // Without a year, 29 February is a real birthday.
  const probeYear = year ?? 2000;
  return day <= new Date(Date.UTC(probeYear, month, 0)).getUTCDate();
}

export const birthdayInput = z
  .object({
    day: z.number({ error: 'invalid_date' }).int({ error: 'invalid_date' }),
    month: z.number({ error: 'invalid_date' }).int({ error: 'invalid_date' }),
    year: z.number({ error: 'invalid_date' }).int({ error: 'invalid_date' }).nullable(),
  })
  .refine((b) => isRealDate(b.day, b.month, b.year), { error: 'invalid_date' });

export const customerInput = z.object({
  givenName: text(100).min(1, { error: 'required' }),
  namePrefix: text(30).default(''),
  familyName: text(100).default(''),
  salutation: text(100).default(''),
  phones: z.array(phoneInput).max(MAX_PHONES, { error: 'too_many' }).default([]),
  email: text(254)
    .refine((v) => v === '' || EMAIL.test(v), { error: 'invalid_email' })
    .default(''),
  address: z
    .object({ street: text(200).default(''), postalCode: text(20).default(''), city: text(100).default('') })
    .default({ street: '', postalCode: '', city: '' }),
  birthday: birthdayInput.nullable().default(null),
  preferredChannel: z.enum(CHANNELS, { error: 'invalid' }).nullable().default(null),
  language: z.enum(CUSTOMER_LANGUAGES, { error: 'invalid' }).default('nl'),
  marketingConsent: z.boolean({ error: 'invalid' }).default(false),
  /** Empty: the app issues a new card number. */
  cardNumber: z
    .string({ error: 'invalid' })
    .transform(normaliseCardNumber)
    .refine((v) => v === '' || CARD_NUMBER_PATTERN.test(v), { error: 'invalid_card' })
    .default(''),
});

export type CustomerInput = z.input<typeof customerInput>;
export type CustomerFields = z.output<typeof customerInput>;

export type Channel = (typeof CHANNELS)[number];
export type CustomerLanguage = (typeof CUSTOMER_LANGUAGES)[number];

export interface Phone {
  raw: string;
  e164: string;
}

export type { Snippet };

export interface Customer {
  id: number;
  givenName: string;
  namePrefix: string;
  familyName: string;
  displayName: string;
  salutation: string;
  phones: Phone[];
  email: string;
  address: { street: string; postalCode: string; city: string };
  birthday: { day: number; month: number; year: number | null } | null;
  preferredChannel: Channel | null;
  language: CustomerLanguage;
  marketingConsent: boolean;
  consentChangedAt: number | null;
  cardNumber: string;
  createdAt: number;
  updatedAt: number;
  lastSeenAt: number;
  archivedAt: number | null;
  /** Personal data erased (privacy): the row stays, anonymous, for the books. */
  erasedAt: number | null;
}

export interface CustomerSummary {
  id: number;
  displayName: string;
  phone: string;
  email: string;
  city: string;
  cardNumber: string;
  lastSeenAt: number;
  archived: boolean;
}

export type MatchTier = 'exact' | 'prefix' | 'inside';

export interface SearchHit extends CustomerSummary {
  tier: MatchTier;
}

/** What a note hit was found in: a timeline entry's kind, a pinned fact, or a custom field's value. */
export type NoteHitKind = 'note' | 'conversation' | 'complaint' | 'feedback' | 'wish' | 'contact' | 'fact' | 'field';

/** A customer found by what is written about them (the newest matching text of theirs). */
export interface NoteHit {
  customerId: number;
  displayName: string;
  kind: NoteHitKind;
  /** The timeline entry, for the entry kinds; null for a fact or a field. */
  entryId: number | null;
  /** The custom field's name, for kind 'field'; null otherwise. */
  fieldName: string | null;
  /** The matching word as written, with up to ~40 characters either side ("…" where cut). */
  snippet: Snippet;
  /** When it happened (an entry) or was last written (a fact, a field value). */
  at: number;
}

export interface SearchResult {
  query: string;
  hits: SearchHit[];
  /** Set when the query is exactly a card number: the counter opens it at once. */
  card: CustomerSummary | null;
  /** The query is a scanned card (an EAN-13 with its check digit), never a phone number. */
  isCardNumber: boolean;
  /**
   * Customers found in notes, facts and text/choice field values, newest first, one line
   * per customer, leaving out those already among `hits` and archived customers. Only for
   * text queries with at least 3 letters (not phone numbers, e-mail or a card); else [].
   */
  notes: NoteHit[];
}

export type DuplicateReason = 'phone' | 'email' | 'name';

export interface DuplicateHit extends CustomerSummary {
  reasons: DuplicateReason[];
}
