// What a column of an imported spreadsheet can be: one field of a customer, or nothing.

export const IMPORT_FIELDS = [
  'fullName', 'givenName', 'namePrefix', 'familyName', 'salutation',
  'phone', 'email', 'street', 'postalCode', 'city', 'birthday',
  'preferredChannel', 'language', 'marketingConsent', 'cardNumber', 'balance', 'tags', 'note',
] as const;

export type ImportField = (typeof IMPORT_FIELDS)[number];

/** For each column of the file, the field it fills, or null to leave it out. */
export type ColumnMapping = (ImportField | null)[];

/**
 * Fields that several columns may fill: each phone column is one more number, street parts
 * ("Straat", "Huisnummer", "Toevoeging") are joined with spaces, tags and notes gathered.
 */
export const MULTI_COLUMN_FIELDS: ReadonlySet<ImportField> = new Set(['phone', 'street', 'tags', 'note']);

export const isImportField = (value: unknown): value is ImportField =>
  typeof value === 'string' && (IMPORT_FIELDS as readonly string[]).includes(value);

export type DateOrder = 'dmy' | 'mdy';

/** Why a cell or a row cannot be imported; translated as `exchange.problem.<code>`. */
export const ROW_PROBLEM_CODES = [
  'required', 'too_long', 'invalid', 'invalid_phone', 'invalid_email', 'invalid_date', 'invalid_card',
  'card_in_use', 'card_repeated', 'too_many', 'invalid_number', 'negative', 'out_of_range', 'invalid_choice', 'extra_cells',
  'invalid_characters',
] as const;

export type RowProblemCode = (typeof ROW_PROBLEM_CODES)[number];
