// Errors cross the boundary as data with a stable code; the renderer translates the code.
// Messages here are English fallbacks for logs and the CLI, never shown as-is in the UI.

export const ERROR_CODES = [
  'validation',
  'not_found',
  'card_in_use',
  'db_too_new',
  'not_an_archive',
  'archive_damaged',
  'archive_moved',
  'archive_empty',
  'archive_truncated',
  'archive_readonly',
  'archive_folder_readonly',
  'insufficient_balance',
  'not_undoable',
  'reward_unavailable',
  'system_printing_unavailable',
  'backup_folder_missing',
  'backup_folder_unusable',
  'backup_disk_full',
  'backup_unverified',
  'backup_damaged',
  'backup_wrong_password',
  'backup_password_needed',
  'backup_busy',
  'backup_archive_in_use',
  'backup_dialog_unavailable',
  'import_empty',
  'import_too_large',
  'import_has_errors',
  'upload_expired',
  'exchange_busy',
  'export_save_unavailable',
  'customer_erased',
  'merge_same_customer',
  'archive_busy',
  /** The shared archive's server (PostgreSQL) cannot be reached, or the connection dropped. */
  'archive_unreachable',
  /** Settings → Archive cannot choose a server here: COUNTERPART_DATABASE_URL decides, or no keychain keeps the password. */
  'archive_choice_unavailable',
  /** A move copied the archive but the copy did not check out: the choice was left as it was. */
  'archive_move_unverified',
  'disk_full',
  'not_open',
  'unknown_call',
  'unauthorized',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const FIELD_ERROR_CODES = [
  'required',
  'too_long',
  'too_short',
  'invalid',
  'invalid_email',
  'invalid_phone',
  'invalid_date',
  'invalid_card',
  'card_in_use',
  'too_many',
  'invalid_amount',
  'amount_zero',
  'amount_negative',
  'amount_too_large',
  'out_of_range',
  'invalid_number',
  'invalid_choice',
  'self_referral',
  'duplicate',
  'option_in_use',
  'device_missing',
  'not_a_device',
  'date_in_past',
  'date_too_far',
  /** Text with a control character (or a lone surrogate) the archive cannot hold: main/api/text-schema.ts. */
  'invalid_characters',
  /** Settings → Archive's server test (db/probe-server.ts). */
  'server_unreachable',
  'login_refused',
  'database_missing',
  'database_not_ours',
  'database_too_new',
  'database_not_empty',
] as const;
export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

export interface FieldIssue {
  code: FieldErrorCode;
  params?: Record<string, string | number>;
}

export interface ApiError {
  code: ErrorCode;
  message: string;
  params?: Record<string, string | number>;
  /** Keyed by field path, e.g. "email" or "phones.1". */
  fields?: Record<string, FieldIssue>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly params?: Record<string, string | number>,
    readonly fields?: Record<string, FieldIssue>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toApiError(): ApiError {
    return {
      code: this.code,
      message: this.message,
      ...(this.params ? { params: this.params } : {}),
      ...(this.fields ? { fields: this.fields } : {}),
    };
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);

/** A validation failure a handler found (it needed the archive or the clock to see it). */
export const fieldError = (field: string, code: FieldErrorCode, params?: Record<string, string | number>) =>
  new AppError('validation', 'Some fields need attention', undefined, { [field]: { code, ...(params ? { params } : {}) } });
