import type { CustomerRow, CustomerWrite, PhoneRow, PhoneWrite } from '../../../db/customers/repo.js';
import { MAX_PHONES } from '../customers/schema.js';
import { fieldError } from '../errors.js';
import type { MergeChoice } from './contract.js';
import type { MergeSideName } from './types.js';

// What the survivor holds after a merge, from the two rows and the shopkeeper's choices.
// A choice left out keeps the survivor's value, unless only the other customer has one.

type Keep = Partial<Record<MergeChoice, MergeSideName>>;

/** Whether a customer has something for a choice (an empty one is no reason to prefer it). */
function has(row: CustomerRow, choice: MergeChoice): boolean {
  switch (choice) {
    case 'name': return true;
    case 'salutation': return row.salutation !== '';
    case 'email': return row.email !== null;
    case 'address': return row.address_street !== '' || row.address_postal_code !== '' || row.address_city !== '';
    case 'birthday': return row.birthday_day !== null;
    case 'preferredChannel': return row.preferred_channel !== null;
    case 'language': return true;
    case 'consent': return true;
    case 'cardNumber': return true;
    case 'referrer': return row.referred_by !== null;
  }
}

export function sideFor(keep: Keep, choice: MergeChoice, survivor: CustomerRow, merged: CustomerRow): MergeSideName {
  const chosen = keep[choice];
  if (chosen) return chosen;
  return !has(survivor, choice) && has(merged, choice) ? 'merged' : 'survivor';
}

export function mergedColumns(keep: Keep, survivor: CustomerRow, merged: CustomerRow): CustomerWrite {
  const from = (choice: MergeChoice) => (sideFor(keep, choice, survivor, merged) === 'merged' ? merged : survivor);
  const name = from('name');
  const address = from('address');
  const birthday = from('birthday');
  const consent = from('consent');
  return {
    given_name: name.given_name,
    name_prefix: name.name_prefix,
    family_name: name.family_name,
    salutation: from('salutation').salutation,
    email: from('email').email,
    address_street: address.address_street,
    address_postal_code: address.address_postal_code,
    address_city: address.address_city,
    birthday_day: birthday.birthday_day,
    birthday_month: birthday.birthday_month,
    birth_year: birthday.birth_year,
    preferred_channel: from('preferredChannel').preferred_channel,
    language: from('language').language,
    // The consent and when it was given or withdrawn travel together: that is the record.
    marketing_consent: consent.marketing_consent,
    consent_changed_at: consent.consent_changed_at,
    card_number: from('cardNumber').card_number,
  };
}

/** Who referred the survivor: never one of the two themselves. */
export function mergedReferrer(keep: Keep, survivor: CustomerRow, merged: CustomerRow): number | null {
  const referrer = (sideFor(keep, 'referrer', survivor, merged) === 'merged' ? merged : survivor).referred_by;
  return referrer === survivor.id || referrer === merged.id ? null : referrer;
}

const toWrite = (p: PhoneRow): PhoneWrite => ({ raw: p.raw, e164: p.e164, national_digits: p.national_digits });

/**
 * The survivor's phones: the chosen numbers (E.164) in the order given, each as either
 * customer wrote it; without a choice, the survivor's and then the other's new ones.
 */
export function mergedPhones(chosen: readonly string[] | null, survivor: readonly PhoneRow[], merged: readonly PhoneRow[]): PhoneWrite[] {
  const all = [...survivor, ...merged];
  if (chosen === null) {
    const seen = new Set<string>();
    return all.filter((p) => !seen.has(p.e164) && seen.add(p.e164)).slice(0, MAX_PHONES).map(toWrite);
  }
  const byNumber = new Map<string, PhoneRow>();
  for (const p of all) if (!byNumber.has(p.e164)) byNumber.set(p.e164, p);
  if (new Set(chosen).size !== chosen.length) throw fieldError('phones', 'duplicate');
  return chosen.map((e164, i) => {
    const phone = byNumber.get(e164);
    if (!phone) throw fieldError(`phones.${i}`, 'invalid');
    return toWrite(phone);
  });
}
