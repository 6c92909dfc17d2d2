import { unzipSync } from 'fflate';
import type { CustomerRow, PhoneRow } from '../../../db/customers/repo.js';
import { parseCsv } from '../../core/csv/parse.js';
import { displayName } from '../customers/mappers.js';
import type { ExportFolder } from '../exchange/files.js';
import type { ExportHolding } from './types.js';

// Which exports in the exports folder still hold a customer who is being erased. Read
// before the erasure (what identifies them is what it deletes), searched after its commit.
//
// What identifies them, cell by cell, never a substring of a longer text:
//  - their id, only in a column that holds customer ids: "Klant-ID"/"Customer ID" (notes,
//    purchases, stamps), or the "ID" column of the customers table (the one with a card
//    number column and no customer-id column). A bare number elsewhere is a count or a price.
//  - their card number (unique in the archive), e-mail (any case) or a phone number (the
//    same digits, however it was written);
//  - failing all of those, their whole name: lists such as birthdays show only names, and a
//    namesake may be meant, so such a file is marked `nameOnly` and the shop decides.
// A zip export's CSVs are read (its JSON files repeat them); exports made after they changed
// their card or phone still carry the id or the name.

export interface Identifiers {
  id: string;
  card: string;
  email: string | null;
  /** Digits of each phone as typed and in international form. */
  phones: Set<string>;
  name: string;
}

const digits = (text: string) => text.replace(/\D+/g, '');

export function identifiersOf(row: CustomerRow, phones: readonly PhoneRow[]): Identifiers {
  const forms = new Set<string>();
  for (const p of phones) for (const form of [p.raw, p.e164, p.national_digits]) if (digits(form).length >= 6) forms.add(digits(form));
  return { id: String(row.id), card: row.card_number, email: row.email ? row.email.toLowerCase() : null, phones: forms, name: displayName(row) };
}

const ID_HEADERS = new Set(['klant-id', 'customer id']);
const CARD_HEADERS = new Set(['kaartnummer', 'card number']);
const PHONE_LIKE = /^\+?[\d\s().-]{6,}$/;

type Found = 'certain' | 'name' | null;

/** Cells of a customer-id column, by index. */
function idColumns(header: readonly string[]): number[] {
  const folded = header.map((h) => h.trim().toLowerCase());
  const ids = folded.flatMap((h, i) => (ID_HEADERS.has(h) ? [i] : []));
  if (ids.length) return ids;
  return folded[0] === 'id' && folded.some((h) => CARD_HEADERS.has(h)) ? [0] : [];
}

function cellMatches(raw: string, who: Identifiers): Found {
  // A cell our CSV writer guarded against formulas starts with an apostrophe.
  const cell = raw.trim().replace(/^'(?=[=+\-@])/, '');
  if (cell === '') return null;
  if (cell === who.card || (who.email !== null && cell.toLowerCase() === who.email)) return 'certain';
  if (who.phones.size && PHONE_LIKE.test(cell) && who.phones.has(digits(cell))) return 'certain';
  return cell === who.name ? 'name' : null;
}

/** Whether one CSV text holds the customer. */
function csvHolds(text: string, who: Identifiers): Found {
  // Most files never mention them: a cheap look at the text first.
  const lower = text.toLowerCase();
  const textDigits = who.phones.size ? digits(text) : '';
  const phoneDigits = [...who.phones].some((d) => textDigits.includes(d));
  if (!text.includes(who.card) && !(who.email && lower.includes(who.email)) && !text.includes(who.name) && !phoneDigits && !text.includes(who.id)) return null;
  const [header = [], ...rows] = parseCsv(text).rows;
  const ids = idColumns(header);
  let found: Found = null;
  for (const row of rows) {
    if (ids.some((i) => row[i]?.trim() === who.id)) return 'certain';
    for (const cell of row) {
      const match = cellMatches(cell, who);
      if (match === 'certain') return match;
      found ??= match;
    }
  }
  return found;
}

const decoder = new TextDecoder();

function fileHolds(name: string, bytes: Uint8Array, who: Identifiers): Found {
  if (name.endsWith('.csv')) return csvHolds(decoder.decode(bytes), who);
  if (!name.endsWith('.zip')) return null;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, { filter: (file) => file.name.endsWith('.csv') });
  } catch {
    // Not a zip of ours after all (damaged): nothing we can read in it.
    return null;
  }
  let found: Found = null;
  for (const content of Object.values(entries)) {
    const match = csvHolds(decoder.decode(content), who);
    if (match === 'certain') return match;
    found ??= match;
  }
  return found;
}

/**
 * The names main gives exports (main/api/exchange/export-file.ts exportName, with the `-2`
 * a taken name gets): what is looked at, and all that privacy.deleteExports deletes.
 */
export const GENERATED_EXPORT_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*-\d{4}-\d{2}-\d{2}-\d{4}(?:-\d{1,3})?\.(?:csv|zip)$/;

/** The exports that hold the customer, by name, one file at a time. */
export async function exportsHolding(folder: ExportFolder, who: Identifiers): Promise<ExportHolding[]> {
  const holding: ExportHolding[] = [];
  for (const name of (await folder.list()).filter((n) => GENERATED_EXPORT_NAME.test(n))) {
    const bytes = await folder.read(name);
    const found = bytes ? fileHolds(name, bytes, who) : null;
    if (found) holding.push({ name, nameOnly: found === 'name' });
  }
  return holding;
}
