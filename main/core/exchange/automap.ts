import { words } from '../text.js';
import type { ColumnMapping, ImportField } from './fields.js';
import { MULTI_COLUMN_FIELDS } from './fields.js';

// Which field a column holds, from its header: our own exports (Dutch and English), plain
// spreadsheets, and the customer exports of Loyverse ("Customer name", "Points balance",
// "Customer code") and Square ("First Name", "Email Address", "Reference ID", "Memo",
// "Email Subscription Status").

export type ImportSource = 'counterpart' | 'loyverse' | 'square' | 'spreadsheet';

const SYNONYMS: Record<ImportField, readonly string[]> = {
  fullName: ['name', 'naam', 'customer name', 'klantnaam', 'full name', 'volledige naam', 'klant', 'customer', 'contact', 'contact name', 'display name', 'naam klant'],
  givenName: ['given name', 'first name', 'firstname', 'voornaam', 'voornamen', 'roepnaam', 'first', 'fname', 'forename'],
  namePrefix: ['prefix', 'tussenvoegsel', 'tussenvoegsels', 'tussenv', 'voorvoegsel', 'name prefix', 'infix'],
  familyName: ['family name', 'last name', 'lastname', 'surname', 'achternaam', 'familienaam', 'last', 'lname', 'geslachtsnaam'],
  salutation: ['salutation', 'aanhef', 'title', 'titel', 'aanspreekvorm'],
  phone: ['phone', 'phone number', 'telephone', 'telephone number', 'tel', 'telefoon', 'telefoonnummer', 'mobile', 'mobile phone',
    'mobile number', 'mobiel', 'mobiel nummer', 'mobiele nummer', 'gsm', 'cell', 'cell phone', 'home phone', 'work phone', 'telefoon thuis', 'telefoon mobiel', 'tel nr', 'telnr'],
  email: ['email', 'e mail', 'email address', 'e mail address', 'e mailadres', 'emailadres', 'mail', 'mailadres'],
  street: ['street', 'straat', 'address', 'adres', 'street address', 'address line', 'straatnaam', 'huisnummer', 'house number', 'huisnr',
    'toevoeging', 'huisnummer toevoeging', 'straat en huisnummer', 'street and number', 'addition'],
  postalCode: ['postal code', 'postcode', 'zip', 'zip code', 'zipcode', 'postal', 'post code'],
  city: ['city', 'plaats', 'woonplaats', 'stad', 'town', 'gemeente', 'locality'],
  birthday: ['birthday', 'date of birth', 'birth date', 'birthdate', 'dob', 'geboortedatum', 'verjaardag', 'geboren', 'geb datum', 'born'],
  preferredChannel: ['preferred channel', 'voorkeurskanaal', 'kanaal', 'channel', 'contact preference', 'contactvoorkeur', 'voorkeur contact'],
  language: ['language', 'taal', 'voorkeurstaal', 'preferred language'],
  marketingConsent: ['marketing consent', 'toestemming marketing', 'toestemming', 'consent', 'email subscription status', 'accepts marketing',
    'nieuwsbrief', 'newsletter', 'opt in', 'marketing', 'aanbiedingen', 'offers'],
  cardNumber: ['card number', 'kaartnummer', 'klantenkaart', 'card', 'customer code', 'loyalty card', 'pasnummer', 'reference id', 'barcode',
    'spaarkaart', 'kaart', 'card no', 'member number', 'lidnummer'],
  balance: ['balance', 'saldo', 'points balance', 'points', 'punten', 'stempels', 'stamps', 'stamp balance', 'loyalty points', 'spaarpunten',
    'puntensaldo', 'stempelsaldo', 'loyalty balance'],
  tags: ['tags', 'interests', 'interesses', 'labels', 'interest', 'interesse'],
  note: ['note', 'notes', 'notitie', 'notities', 'memo', 'opmerking', 'opmerkingen', 'comment', 'comments', 'remarks', 'bijzonderheden'],
};

const BY_HEADER = new Map<string, ImportField>();
for (const [field, names] of Object.entries(SYNONYMS) as [ImportField, readonly string[]][]) {
  for (const name of names) BY_HEADER.set(words(name).join(' '), field);
}

/** A header's words, without a trailing number ("Phone 2", "Street Address 1", "Telefoon2"). */
export function headerKey(header: string): string {
  return words(header).join(' ').replace(/\s*\d+$/, '').trim();
}

export function fieldForHeader(header: string): ImportField | null {
  return BY_HEADER.get(headerKey(header)) ?? null;
}

/**
 * A field for every column whose header names one. A field taken by an earlier column is
 * not given again, except those several columns may fill (phones, street parts, tags, notes).
 * A separate given/family pair wins over a whole-name column.
 */
export function autoMap(headers: readonly string[]): ColumnMapping {
  const taken = new Set<ImportField>();
  const mapping: ColumnMapping = headers.map((header) => {
    const field = fieldForHeader(header);
    if (field === null || (taken.has(field) && !MULTI_COLUMN_FIELDS.has(field))) return null;
    taken.add(field);
    return field;
  });
  if (taken.has('fullName') && taken.has('givenName')) return mapping.map((f) => (f === 'fullName' ? null : f));
  return mapping;
}

export function detectSource(headers: readonly string[]): ImportSource {
  const keys = new Set(headers.map((h) => words(h).join(' ')));
  if (keys.has('square customer id') || keys.has('email subscription status') || (keys.has('reference id') && keys.has('first name'))) return 'square';
  if (keys.has('customer code') || keys.has('points balance') || (keys.has('customer name') && keys.has('total visits'))) return 'loyverse';
  if ((keys.has('kaartnummer') && keys.has('tussenvoegsel')) || (keys.has('card number') && keys.has('prefix') && keys.has('given name'))) {
    return 'counterpart';
  }
  return 'spreadsheet';
}
