import { z } from 'zod';
import type { ArchiveProbe, Owner } from '../../../db/exchange/probe.js';
import type { PhoneWrite } from '../../../db/customers/repo.js';
import type { ParsedCsv } from '../../core/csv/parse.js';
import type { ColumnMapping, DateOrder, ImportField, RowProblemCode } from '../../core/exchange/fields.js';
import { ROW_PROBLEM_CODES } from '../../core/exchange/fields.js';
import { cutValue, draftRow, type CellProblem } from '../../core/exchange/row.js';
import { normalisePhone, type ShopCountry } from '../../core/phone.js';
import { isLineText } from '../../core/stored-text.js';
import { customerInput, type CustomerFields } from '../customers/schema.js';
import { displayName } from '../customers/mappers.js';
import type { BadRow, ImportReport, LikelyDuplicate, RowProblem } from './types.js';

// From parsed records to what would be imported, in two steps. `validateRows` is pure (the
// file and the mapping alone): every row checked by the schema the customer form is checked
// by, so an import never stores what the app would refuse. `checkArchive` adds what only the
// archive knows: card numbers already in use, and likely duplicates (same phone, e-mail or
// card, within the file and against the archive). The import runs it again inside its write
// transaction, so nothing can slip in between the dry run and the import.

export interface PlanOptions {
  mapping: ColumnMapping;
  dateOrder: DateOrder;
  currentYear: number;
  /** The shop's country, that phone numbers without a country code are read in. */
  country: ShopCountry;
}

export interface ValidRow {
  /** The spreadsheet's row number (the header is row 1). */
  row: number;
  fields: CustomerFields;
  phones: PhoneWrite[];
  balance: number;
  tags: string[];
  note: string;
  /** The column the card number came from, for a report that finds it taken. */
  cardColumn: number | null;
}

export interface Validated {
  rows: number;
  empty: number;
  valid: ValidRow[];
  bad: Map<number, CellProblem[]>;
}

// The customer form's schema, with the phones checked here instead of inside it: the same
// rule (at most 40 characters, parsed by normalisePhone), but each number parsed once, since
// the import needs the parsed form too and parsing is the dearest part of a row.
const importedCustomer = customerInput.extend({
  phones: z.array(z.string()).max(5, { error: 'too_many' }).default([]),
});

const PATH_FIELDS: Record<string, ImportField> = {
  givenName: 'givenName', namePrefix: 'namePrefix', familyName: 'familyName', salutation: 'salutation',
  email: 'email', street: 'street', postalCode: 'postalCode', city: 'city', birthday: 'birthday',
  preferredChannel: 'preferredChannel', language: 'language', marketingConsent: 'marketingConsent', cardNumber: 'cardNumber', phones: 'phone',
};

const asCode = (message: string): RowProblemCode =>
  (ROW_PROBLEM_CODES as readonly string[]).includes(message) ? (message as RowProblemCode) : 'invalid';

/** Rows from index `from` to `to` (records after the header) into `into`. */
export function validateRange(csv: ParsedCsv, options: PlanOptions, from: number, to: number, into: Validated): void {
  const { mapping } = options;
  const draftOptions = { dateOrder: options.dateOrder, currentYear: options.currentYear };
  for (let index = from; index < to; index++) {
    const row = index + 2;
    const { draft, problems, empty } = draftRow(csv.rows[index + 1]!, mapping, draftOptions);
    if (empty) {
      into.empty++;
      continue;
    }
    const { customer, columns } = draft;
    // A name split from a whole-name column is that column's problem.
    const nameField = (field: 'givenName' | 'namePrefix' | 'familyName'): ImportField =>
      mapping[columns[field] ?? -1] === 'fullName' || (!mapping.includes(field) && mapping.includes('fullName')) ? 'fullName' : field;
    // The column a field came from, or the (empty) column mapped to it.
    const columnOf = (field: ImportField): number | null => columns[field] ?? (mapping.includes(field) ? mapping.indexOf(field) : null);

    const phones: PhoneWrite[] = [];
    customer.phones.forEach((raw, i) => {
      const column = draft.phoneColumns[i]!;
      if (raw.length > 40) return problems.push({ field: 'phone', code: 'too_long', value: cutValue(raw), column, params: { max: 40 } });
      if (!isLineText(raw)) return problems.push({ field: 'phone', code: 'invalid_characters', value: cutValue(raw), column });
      const parsed = normalisePhone(raw, options.country);
      if (!parsed) return problems.push({ field: 'phone', code: 'invalid_phone', value: cutValue(raw), column });
      phones.push({ raw, e164: parsed.e164, national_digits: parsed.nationalDigits });
    });

    const result = importedCustomer.safeParse(customer);
    if (!result.success) {
      const seen = new Set<string>();
      for (const issue of result.error.issues) {
        const path = issue.path.map(String);
        const key = path[path.length - 1] === undefined ? '' : path[0] === 'address' ? path[1]! : path[0]!;
        if (seen.has(key)) continue;
        seen.add(key);
        let field: ImportField | null = PATH_FIELDS[key] ?? null;
        if (field === 'givenName' || field === 'namePrefix' || field === 'familyName') field = nameField(field);
        const value = field === 'phone' ? customer.phones.slice(5).join(', ')
          : key === 'street' || key === 'postalCode' || key === 'city' ? customer.address[key]
          : key === 'birthday' ? '' : String((customer as unknown as Record<string, unknown>)[key] ?? '');
        const column = field === 'phone' ? (draft.phoneColumns[5] ?? null) : field ? columnOf(field) : null;
        const params = issue.code === 'too_big' && typeof issue.maximum === 'number' ? { max: issue.maximum } : undefined;
        problems.push({ field, code: asCode(issue.message), value: cutValue(value), column, ...(params ? { params } : {}) });
      }
    }
    if (problems.length > 0 || !result.success) {
      // Left to right, as the row reads in the spreadsheet; whole-row problems last.
      into.bad.set(row, problems.sort((a, b) => (a.column ?? Infinity) - (b.column ?? Infinity)));
      continue;
    }
    into.valid.push({
      row,
      fields: { ...result.data, phones: phones.map((p) => p.raw) },
      phones,
      balance: draft.balance,
      tags: draft.tags,
      note: draft.note,
      cardColumn: columns.cardNumber ?? null,
    });
  }
}

export function emptyValidated(csv: ParsedCsv): Validated {
  return { rows: Math.max(0, csv.rows.length - 1), empty: 0, valid: [], bad: new Map() };
}

export function validateRows(csv: ParsedCsv, options: PlanOptions): Validated {
  const into = emptyValidated(csv);
  validateRange(csv, options, 0, into.rows, into);
  return into;
}

export interface Checked {
  /** Rows to import (without those whose card is taken). */
  rows: ValidRow[];
  /** Bad rows by row number: the validation's, and rows whose card number is taken. */
  bad: Map<number, CellProblem[]>;
  duplicates: LikelyDuplicate[];
  /** Rows with a likely duplicate phone or e-mail (importable; skipped on request). */
  duplicateRows: Set<number>;
}

const ownerOf = (owner: Owner) => ({ id: owner.id, name: displayName(owner) });

/** What the archive adds to a validation: taken card numbers and likely duplicates. */
export function checkArchive(validated: Validated, probe: ArchiveProbe): Checked {
  const bad = new Map(validated.bad);
  const duplicates: LikelyDuplicate[] = [];
  const duplicateRows = new Set<number>();
  const firstCard = new Map<string, number>();
  const firstPhone = new Map<string, number>();
  const firstEmail = new Map<string, number>();
  const rows: ValidRow[] = [];

  for (const row of validated.valid) {
    const found: LikelyDuplicate[] = [];
    const card = row.fields.cardNumber;
    if (card !== '') {
      const earlier = firstCard.get(card);
      const owner = probe.byCard(card);
      if (earlier !== undefined) found.push({ row: row.row, field: 'card', value: card, sameAsRow: earlier, customer: null });
      if (owner) found.push({ row: row.row, field: 'card', value: card, sameAsRow: null, customer: ownerOf(owner) });
      if (earlier !== undefined || owner) {
        // A card number belongs to one customer: this row cannot come in as a new one.
        const problems: CellProblem[] = [];
        if (earlier !== undefined) problems.push({ field: 'cardNumber', code: 'card_repeated', value: card, column: row.cardColumn, params: { row: earlier } });
        if (owner) problems.push({ field: 'cardNumber', code: 'card_in_use', value: card, column: row.cardColumn, params: { customer: displayName(owner) } });
        bad.set(row.row, problems);
        duplicates.push(...found);
        continue;
      }
      firstCard.set(card, row.row);
    }
    const seenPhones = new Set<string>();
    for (const phone of row.phones) {
      if (seenPhones.has(phone.e164)) continue;
      seenPhones.add(phone.e164);
      const earlier = firstPhone.get(phone.e164);
      if (earlier !== undefined) found.push({ row: row.row, field: 'phone', value: phone.raw, sameAsRow: earlier, customer: null });
      else firstPhone.set(phone.e164, row.row);
      for (const owner of probe.byPhone(phone.e164)) found.push({ row: row.row, field: 'phone', value: phone.raw, sameAsRow: null, customer: ownerOf(owner) });
    }
    const email = row.fields.email;
    if (email !== '') {
      const folded = email.toLowerCase();
      const earlier = firstEmail.get(folded);
      if (earlier !== undefined) found.push({ row: row.row, field: 'email', value: email, sameAsRow: earlier, customer: null });
      else firstEmail.set(folded, row.row);
      for (const owner of probe.byEmail(email)) found.push({ row: row.row, field: 'email', value: email, sameAsRow: null, customer: ownerOf(owner) });
    }
    if (found.length > 0) {
      duplicates.push(...found);
      duplicateRows.add(row.row);
    }
    rows.push(row);
  }
  return { rows, bad, duplicates, duplicateRows };
}

export function problemsOf(problems: readonly CellProblem[], headers: readonly string[]): RowProblem[] {
  return problems.map((p) => ({
    field: p.field,
    column: p.column === null ? null : (headers[p.column] ?? `#${p.column + 1}`),
    code: p.code,
    value: p.value,
    ...(p.params ? { params: p.params } : {}),
  }));
}

export interface ReportOptions {
  /** Most bad rows and duplicates listed; the counts are always whole. */
  limit: number;
  skipDuplicates: boolean;
}

export function report(validated: Validated, checked: Checked, headers: readonly string[], options: ReportOptions): ImportReport {
  const badRows = [...checked.bad.keys()].sort((a, b) => a - b);
  const bad: BadRow[] = badRows.slice(0, options.limit).map((row) => ({ row, problems: problemsOf(checked.bad.get(row)!, headers) }));
  const importing = options.skipDuplicates ? checked.rows.filter((r) => !checked.duplicateRows.has(r.row)) : checked.rows;
  const withBalance = importing.filter((r) => r.balance > 0);
  return {
    rows: validated.rows,
    empty: validated.empty,
    valid: importing.length,
    badRows: badRows.length,
    bad,
    duplicateRows: new Set(checked.duplicates.map((d) => d.row)).size,
    duplicates: checked.duplicates.slice(0, options.limit),
    balances: { customers: withBalance.length, total: withBalance.reduce((sum, r) => sum + r.balance, 0) },
  };
}
