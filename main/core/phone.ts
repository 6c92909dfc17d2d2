import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/** What a typed phone number may look like: "(020) 123 45 67", "+31 (0)6-1234 5678". */
export const PHONE_CHARS = /^[+\d(][\d\s().\-/]*$/;

export interface NormalisedPhone {
  /** E.164, e.g. +31612345678 */
  e164: string;
  /** Digits as dialled at home, e.g. 0612345678 */
  nationalDigits: string;
  /** Digits with country code, e.g. 31612345678 */
  internationalDigits: string;
}

/**
 * The countries a shop can be in (settings.country): numbers typed without a country code
 * are read as that country's (its national format); international ones (+32…, 0032…) are
 * read in any shop. The Netherlands unless the shop chooses otherwise.
 */
export const SHOP_COUNTRIES = ['NL', 'BE', 'DE', 'LU', 'FR', 'GB', 'IE', 'AT', 'CH', 'DK', 'ES', 'IT', 'PL', 'PT', 'SE'] as const satisfies readonly CountryCode[];
export type ShopCountry = (typeof SHOP_COUNTRIES)[number];
export const DEFAULT_COUNTRY: ShopCountry = 'NL';

// What is stored and indexed does not depend on the shop's country: the number in E.164 and
// the digits as dialled in the number's own country (0470123456 for +32470123456), so an
// archive reads the same after the country changes, and a number of the shop's country is
// found by typing it the way the shop writes it.
export function normalisePhone(raw: string, defaultRegion: ShopCountry | CountryCode = DEFAULT_COUNTRY): NormalisedPhone | null {
  const trimmed = raw.trim();
  if (!PHONE_CHARS.test(trimmed)) return null;
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
  // "+31 (0)6…": the (0) is how the number is dialled at home, not part of it abroad.
  const trimmed = query.trim().replace(/^((?:\+|00)\d{1,3})\s*\(0\)/, '$1');
  const digits = trimmed.replace(/\D+/g, '');
  if (trimmed.startsWith('+')) return digits;
  if (digits.startsWith('00')) return digits.slice(2);
  return digits;
}
