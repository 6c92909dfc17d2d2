import { isLineText, isMultilineText, markedControls } from '../stored-text.js';
import { words } from '../text.js';
import { parseDate, type PartialDate } from './dates.js';
import type { ColumnMapping, DateOrder, ImportField, RowProblemCode } from './fields.js';
import { splitFullName } from './names.js';
import { cleanCell, parseChannel, parseCount, parseLanguage, parseYesNo, splitPhones, splitTags } from './values.js';
import type { ChannelValue, LanguageValue } from './values.js';

// One record of an imported file turned into what `customers.create` takes, plus what the
// importer adds (a stamp balance, tags, a note). Conversions that can fail here (dates,
// yes/no, channel, language, counts) say so; the customer fields are then validated by
// the same schema the customer form is (main/api/exchange/plan.ts).

/** As loyalty.migrate: one migration entry moves at most this many stamps or points. */
export const MAX_BALANCE = 10_000;
/** As a tag's name (main/api/tags/schema.ts) and a timeline entry's text (migration 004). */
export const MAX_TAG = 40;
export const MAX_NOTE = 2000;

export interface DraftOptions {
  dateOrder: DateOrder;
  currentYear: number;
}

export interface CellProblem {
  field: ImportField | null;
  code: RowProblemCode;
  /** The cell as it was in the file (cut to 100 characters). */
  value: string;
  /** Index of the column it came from, or null for the row as a whole. */
  column: number | null;
  params?: Record<string, string | number>;
}

export interface CustomerDraft {
  givenName: string;
  namePrefix: string;
  familyName: string;
  salutation: string;
  phones: string[];
  email: string;
  address: { street: string; postalCode: string; city: string };
  birthday: PartialDate | null;
  preferredChannel?: ChannelValue | null;
  language?: LanguageValue;
  marketingConsent: boolean;
  cardNumber: string;
}

export interface RowDraft {
  customer: CustomerDraft;
  /** The column each phone came from (same order as customer.phones). */
  phoneColumns: number[];
  /** The first column that filled each field. */
  columns: Partial<Record<ImportField, number>>;
  balance: number;
  tags: string[];
  note: string;
}

export interface DraftResult {
  draft: RowDraft;
  problems: CellProblem[];
  /** Every cell is blank: a spreadsheet's empty row, skipped without complaint. */
  empty: boolean;
}

/** As it was in the file, cut to 100 characters, a control character shown as U+FFFD. */
export const cutValue = (raw: string) => {
  const text = markedControls(raw);
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
};

export function draftRow(cells: readonly string[], mapping: ColumnMapping, options: DraftOptions): DraftResult {
  const problems: CellProblem[] = [];
  const problem = (field: ImportField | null, code: RowProblemCode, value: string, column: number | null, params?: Record<string, string | number>) =>
    problems.push({ field, code, value: cutValue(value), column, ...(params ? { params } : {}) });

  const single: Partial<Record<ImportField, string>> = {};
  const columns: Partial<Record<ImportField, number>> = {};
  const phones: string[] = [];
  const phoneColumns: number[] = [];
  const street: string[] = [];
  const tags: string[] = [];
  const notes: string[] = [];
  let empty = true;

  for (let c = 0; c < cells.length; c++) {
    const cell = cleanCell(cells[c]);
    if (cell !== '') empty = false;
    const field = mapping[c] ?? null;
    if (c >= mapping.length) {
      if (cell !== '') problem(null, 'extra_cells', cell, c);
      continue;
    }
    if (field === null || cell === '') continue;
    // Line breaks (a quoted cell typed over two lines) belong in a note; elsewhere they (and tabs) are a space.
    const value = field === 'note' ? cell.replace(/\r\n?/g, '\n') : cell.replace(/\s*[\r\n\t]+\s*/g, ' ');
    columns[field] ??= c;
    switch (field) {
      case 'phone':
        for (const p of splitPhones(value)) {
          phones.push(p);
          phoneColumns.push(c);
        }
        break;
      case 'street': street.push(value); break;
      case 'tags': tags.push(...splitTags(value)); break;
      case 'note': notes.push(value); break;
      default: single[field] ??= value;
    }
  }

  const name = single.fullName !== undefined ? splitFullName(single.fullName) : null;
  const nameColumn = (field: 'givenName' | 'namePrefix' | 'familyName') => {
    if (single[field] === undefined && name && columns.fullName !== undefined) columns[field] = columns.fullName;
  };
  nameColumn('givenName');
  nameColumn('namePrefix');
  nameColumn('familyName');

  let birthday: PartialDate | null = null;
  if (single.birthday !== undefined) {
    birthday = parseDate(single.birthday, { order: options.dateOrder, currentYear: options.currentYear });
    if (birthday === null) problem('birthday', 'invalid_date', single.birthday, columns.birthday!);
  }

  let marketingConsent = false;
  if (single.marketingConsent !== undefined) {
    const yes = parseYesNo(single.marketingConsent);
    if (yes === null) problem('marketingConsent', 'invalid_choice', single.marketingConsent, columns.marketingConsent!);
    else marketingConsent = yes;
  }

  const customer: CustomerDraft = {
    givenName: single.givenName ?? name?.givenName ?? '',
    namePrefix: single.namePrefix ?? name?.namePrefix ?? '',
    familyName: single.familyName ?? name?.familyName ?? '',
    salutation: single.salutation ?? '',
    phones,
    email: single.email ?? '',
    address: { street: street.join(' '), postalCode: single.postalCode ?? '', city: single.city ?? '' },
    birthday,
    marketingConsent,
    cardNumber: single.cardNumber ?? '',
  };

  if (single.preferredChannel !== undefined) {
    const channel = parseChannel(single.preferredChannel);
    if (channel === null) problem('preferredChannel', 'invalid_choice', single.preferredChannel, columns.preferredChannel!);
    else customer.preferredChannel = channel;
  }
  if (single.language !== undefined) {
    const language = parseLanguage(single.language);
    if (language === null) problem('language', 'invalid_choice', single.language, columns.language!);
    else customer.language = language;
  }

  let balance = 0;
  if (single.balance !== undefined) {
    const count = parseCount(single.balance);
    // "-2" is a whole number, just not a balance anyone can hold: say that, not "not whole".
    const below = count === null && /^\s*[-−]/.test(single.balance) && parseCount(single.balance.replace(/^\s*[-−]/, '')) !== null;
    if (below) problem('balance', 'negative', single.balance, columns.balance!);
    else if (count === null) problem('balance', 'invalid_number', single.balance, columns.balance!);
    else if (count > MAX_BALANCE) problem('balance', 'out_of_range', single.balance, columns.balance!, { max: MAX_BALANCE });
    else balance = count;
  }

  // Tags and the note are not in the customer form's schema: the same rules as tags.add and notes.add here.
  for (const tag of tags) {
    if (tag.length > MAX_TAG) problem('tags', 'too_long', tag, columns.tags!, { max: MAX_TAG });
    else if (!isLineText(tag)) problem('tags', 'invalid_characters', tag, columns.tags!);
    else if (words(tag).length === 0) problem('tags', 'invalid', tag, columns.tags!);
  }
  const note = notes.join('\n');
  if (note.length > MAX_NOTE) problem('note', 'too_long', note, columns.note!, { max: MAX_NOTE });
  else if (!isMultilineText(note)) problem('note', 'invalid_characters', note, columns.note!);

  // "Poetry" and "poetry" are one tag, as the tags handler folds them.
  const uniqueTags = new Map<string, string>();
  for (const tag of tags) if (!uniqueTags.has(words(tag).join(' '))) uniqueTags.set(words(tag).join(' '), tag);
  return { draft: { customer, phoneColumns, columns, balance, tags: [...uniqueTags.values()], note }, problems, empty };
}
