import type { CsvSeparator } from '../csv/write.js';

// The words exports are written with, in the shop's language. Column headers are ones the
// importer's automatic mapping recognises (automap.ts), so an export reads back as it was.

export type ExportLanguage = 'nl' | 'en';

const nl = {
  id: 'ID',
  givenName: 'Voornaam',
  namePrefix: 'Tussenvoegsel',
  familyName: 'Achternaam',
  name: 'Naam',
  salutation: 'Aanhef',
  phone: 'Telefoon',
  email: 'E-mail',
  street: 'Straat',
  postalCode: 'Postcode',
  city: 'Plaats',
  birthday: 'Geboortedatum',
  preferredChannel: 'Voorkeurskanaal',
  channel: 'Kanaal',
  language: 'Taal',
  marketingConsent: 'Toestemming marketing',
  consentChangedAt: 'Toestemming gewijzigd',
  cardNumber: 'Kaartnummer',
  balance: 'Saldo',
  tags: 'Interesses',
  createdAt: 'Aangemaakt',
  lastSeenAt: 'Laatst gezien',
  archivedAt: 'Gearchiveerd',
  customerId: 'Klant-ID',
  customer: 'Klant',
  kind: 'Soort',
  at: 'Datum',
  text: 'Tekst',
  status: 'Status',
  resolution: 'Afhandeling',
  score: 'Score',
  staff: 'Medewerker',
  deletedAt: 'Verwijderd',
  visitId: 'Bezoek-ID',
  amount: 'Bedrag',
  description: 'Omschrijving',
  undoes: 'Maakt ongedaan',
  entryId: 'Regel-ID',
  stamps: 'Aantal',
  reason: 'Reden',
  reward: 'Beloning',
  reverses: 'Draait terug',
  code: 'Code',
  lastContactedAt: 'Laatst benaderd',
  yes: 'ja',
  no: 'nee',
  'channel.phone': 'Telefoon',
  'channel.whatsapp': 'WhatsApp',
  'channel.sms': 'SMS',
  'channel.email': 'E-mail',
  'channel.in_person': 'In de winkel',
  'language.nl': 'Nederlands',
  'language.en': 'Engels',
  'language.de': 'Duits',
  'language.fr': 'Frans',
  'entry.note': 'Notitie',
  'entry.conversation': 'Gesprek',
  'entry.complaint': 'Klacht',
  'entry.feedback': 'Feedback',
  'entry.wish': 'Wens',
  'entry.contact': 'Contact',
  'status.open': 'Open',
  'status.resolved': 'Afgehandeld',
  'status.fulfilled': 'Vervuld',
  'visit.purchase': 'Aankoop',
  'visit.visit': 'Bezoek',
  'ledger.earn': 'Verdiend',
  'ledger.redeem': 'Ingewisseld',
  'ledger.adjust': 'Correctie',
  'ledger.expire': 'Vervallen',
  'ledger.reverse': 'Teruggedraaid',
  'ledger.migrate': 'Overgezet',
} as const;

export type LabelKey = keyof typeof nl;

const en: Record<LabelKey, string> = {
  id: 'ID',
  givenName: 'Given name',
  namePrefix: 'Prefix',
  familyName: 'Family name',
  name: 'Name',
  salutation: 'Salutation',
  phone: 'Phone',
  email: 'E-mail',
  street: 'Street',
  postalCode: 'Postal code',
  city: 'City',
  birthday: 'Birthday',
  preferredChannel: 'Preferred channel',
  channel: 'Channel',
  language: 'Language',
  marketingConsent: 'Marketing consent',
  consentChangedAt: 'Consent changed',
  cardNumber: 'Card number',
  balance: 'Balance',
  tags: 'Interests',
  createdAt: 'Created',
  lastSeenAt: 'Last seen',
  archivedAt: 'Archived',
  customerId: 'Customer ID',
  customer: 'Customer',
  kind: 'Kind',
  at: 'Date',
  text: 'Text',
  status: 'Status',
  resolution: 'Resolution',
  score: 'Score',
  staff: 'Staff',
  deletedAt: 'Deleted',
  visitId: 'Visit ID',
  amount: 'Amount',
  description: 'Description',
  undoes: 'Undoes',
  entryId: 'Entry ID',
  stamps: 'Stamps/points',
  reason: 'Reason',
  reward: 'Reward',
  reverses: 'Reverses',
  code: 'Code',
  lastContactedAt: 'Last contacted',
  yes: 'yes',
  no: 'no',
  'channel.phone': 'Phone',
  'channel.whatsapp': 'WhatsApp',
  'channel.sms': 'SMS',
  'channel.email': 'E-mail',
  'channel.in_person': 'In person',
  'language.nl': 'Dutch',
  'language.en': 'English',
  'language.de': 'German',
  'language.fr': 'French',
  'entry.note': 'Note',
  'entry.conversation': 'Conversation',
  'entry.complaint': 'Complaint',
  'entry.feedback': 'Feedback',
  'entry.wish': 'Wish',
  'entry.contact': 'Contact',
  'status.open': 'Open',
  'status.resolved': 'Resolved',
  'status.fulfilled': 'Fulfilled',
  'visit.purchase': 'Purchase',
  'visit.visit': 'Visit',
  'ledger.earn': 'Earned',
  'ledger.redeem': 'Redeemed',
  'ledger.adjust': 'Adjustment',
  'ledger.expire': 'Expired',
  'ledger.reverse': 'Reversed',
  'ledger.migrate': 'Migrated',
};

const LABELS: Record<ExportLanguage, Record<LabelKey, string>> = { nl, en };

export interface ExportFormat {
  language: ExportLanguage;
  separator: CsvSeparator;
}

export function label(format: ExportFormat, key: LabelKey): string {
  return LABELS[format.language][key];
}

/** A value label built from data ("channel.whatsapp"); the raw value when there is none. */
export function valueLabel(format: ExportFormat, group: string, value: string | null): string {
  if (value === null) return '';
  return (LABELS[format.language] as Record<string, string>)[`${group}.${value}`] ?? value;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A moment as spreadsheets read it in any locale: `2026-11-25 10:00`, the shop's local time. */
export function formatMoment(ms: number | null): string {
  if (ms === null) return '';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * Cents as a plain number the spreadsheet takes as one: a decimal comma where cells are
 * separated by `;` (Dutch Excel), a decimal point where they are separated by `,`.
 */
export function formatCents(cents: number, separator: CsvSeparator): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}${separator === ';' ? ',' : '.'}${pad(abs % 100)}`;
}

/** The separator a language's spreadsheets expect: `;` with the decimal comma. */
export function defaultSeparator(language: ExportLanguage): CsvSeparator {
  return language === 'nl' ? ';' : ',';
}
