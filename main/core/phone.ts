import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export interface NormalisedPhone {
  /** E.164, e.g. +31612345678 */
  e164: string;
  /** Digits as dialled at home, e.g. 0612345678 */
  nationalDigits: string;
  /** Digits with country code, e.g. 31612345678 */
  internationalDigits: string;
}

export function normalisePhone(raw: string, defaultRegion: CountryCode = 'NL'): NormalisedPhone | null {
  const trimmed = raw.trim();
  if (!/^[+\d][\d\s().\-/]*$/.test(trimmed)) return null;
  // "0031 6…" is how many Dutch people write an international number.
  const dialable = trimmed.replace(/^00/, '+');
  const parsed = parsePhoneNumberFromString(dialable, defaultRegion);
  if (!parsed || !parsed.isValid()) return null;
  return {
    e164: parsed.number,
    nationalDigits: parsed.formatNational().replace(/\D+/g, ''),
    internationalDigits: parsed.number.slice(1),
  };
}

/** Digits of a typed phone fragment as they would appear in the international form. */
export function phoneQueryDigits(query: string): string {
  const trimmed = query.trim();
  const digits = trimmed.replace(/\D+/g, '');
  if (trimmed.startsWith('+')) return digits;
  if (digits.startsWith('00')) return digits.slice(2);
  return digits;
}
