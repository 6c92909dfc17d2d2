import type { I18n } from '../i18n';

/** A file size the way a shop reads it: 840 kB, 12.4 MB, 1.2 GB. */
export function fileSize(i18n: I18n, bytes: number): string {
  const [value, unit] = bytes >= 1e9 ? [bytes / 1e9, 'gigabyte'] : bytes >= 1e6 ? [bytes / 1e6, 'megabyte'] : [bytes / 1e3, 'kilobyte'];
  return new Intl.NumberFormat(i18n.locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: value < 10 ? 1 : 0 }).format(value);
}

/** The counts a shopkeeper recognises, of all the tables a backup holds. */
export const SHOWN_COUNTS = ['customers', 'visits', 'ledger_entries', 'customer_entries'] as const;
