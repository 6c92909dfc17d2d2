import { isBusy, isDiskFull, isUnreachable, postgresRefusal } from '../../db/transaction.js';
import { ERROR_CODES, type ApiError, type ErrorCode } from './errors.js';

// Failures of the archive itself that the shop can act on, as stable codes instead of
// `internal`: another till or program holding the write lock too long (or, on PostgreSQL,
// conflicting past the retries), a full disk, or a shared archive's server out of reach.

export function archiveFailure(error: unknown): ApiError | null {
  if (isBusy(error)) {
    return { code: 'archive_busy', message: 'The archive is busy: another till or program is writing; nothing was changed' };
  }
  if (isDiskFull(error)) return { code: 'disk_full', message: 'The disk is full; nothing was changed' };
  if (isUnreachable(error)) return { code: 'archive_unreachable', message: 'The shared archive cannot be reached' };
  return null;
}

/**
 * A change the archive's own rules refused, named by its error code: a trigger's
 * RAISE(ABORT, 'customer_erased') in SQLite's migration 006, RAISE EXCEPTION 'customer_erased'
 * (P0001) in PostgreSQL's, or a CHECK constraint so named (23514). Other refusals (an
 * append-only table written to) are the app's own mistakes: null, and they stay `internal`.
 */
export function archiveRefusal(error: unknown): ErrorCode | null {
  const reason = error instanceof Error && error.name === 'SqliteError' ? error.message : postgresRefusal(error);
  return reason !== null && (ERROR_CODES as readonly string[]).includes(reason) ? (reason as ErrorCode) : null;
}
