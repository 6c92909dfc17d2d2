import type { Kysely } from 'kysely';
import { contactRows, type ContactRow } from '../../../db/lists/contacts.js';
import type { DB } from '../../../db/schema.js';
import { csvDocument, type CsvCell } from '../../core/csv/write.js';
import { formatMoment, label, valueLabel, type ExportFormat, type LabelKey } from '../../core/exchange/labels.js';
import { displayName } from '../customers/mappers.js';

// A list the shop is looking at (a tag's "who to tell", a segment, a saved filter) as CSV,
// holding only what the list shows: the columns asked for, and phone and e-mail only for
// customers who agreed to offers, as the lists themselves show them.

export const LIST_COLUMNS = ['name', 'salutation', 'phone', 'email', 'city', 'cardNumber', 'preferredChannel', 'marketingConsent', 'lastSeen'] as const;
export type ListExportColumn = (typeof LIST_COLUMNS)[number];

const HEADERS: Record<ListExportColumn, LabelKey> = {
  name: 'name', salutation: 'salutation', phone: 'phone', email: 'email', city: 'city', cardNumber: 'cardNumber',
  preferredChannel: 'preferredChannel', marketingConsent: 'marketingConsent', lastSeen: 'lastSeenAt',
};

export interface ListExtraColumn {
  header: string;
  /** By customer id; a customer without a value gets an empty cell. */
  values: ReadonlyMap<number, CsvCell>;
}

export interface ListExportOptions {
  columns: readonly ListExportColumn[];
  format: ExportFormat;
  /** Leave out customers who did not agree to offers. */
  consentedOnly: boolean;
  /** Phone and e-mail for everyone, not only those who agreed to offers (default false). */
  contactWithoutConsent?: boolean;
  /** Columns only this list has (e.g. a tag's "last contacted"), after the standard ones. */
  extra?: readonly ListExtraColumn[];
}

function cell(row: ContactRow, column: ListExportColumn, options: ListExportOptions): CsvCell {
  const consent = row.marketing_consent === 1;
  const contact = consent || options.contactWithoutConsent === true;
  switch (column) {
    case 'name': return displayName(row);
    case 'salutation': return row.salutation;
    case 'phone': return contact ? (row.phone ?? '') : '';
    case 'email': return contact ? (row.email ?? '') : '';
    case 'city': return row.address_city;
    case 'cardNumber': return row.card_number;
    case 'preferredChannel': return valueLabel(options.format, 'channel', row.preferred_channel);
    case 'marketingConsent': return label(options.format, consent ? 'yes' : 'no');
    case 'lastSeen': return formatMoment(row.last_seen_at);
  }
}

/** The customers `ids`, in that order, as a CSV document (BOM, header, rows). */
export async function exportCustomerList(db: Kysely<DB>, ids: readonly number[], options: ListExportOptions): Promise<{ text: string; rows: number }> {
  const rows = (await contactRows(db, ids)).filter((r) => !options.consentedOnly || r.marketing_consent === 1);
  const extra = options.extra ?? [];
  const header = [...options.columns.map((c) => label(options.format, HEADERS[c])), ...extra.map((e) => e.header)];
  const cells = rows.map((r) => [...options.columns.map((c) => cell(r, c, options)), ...extra.map((e) => e.values.get(r.id) ?? '')]);
  return { text: csvDocument(header, cells, options.format.separator), rows: rows.length };
}
