import { ArchiveBusyError, isBusy, isDiskFull } from '../../db/transaction.js';
import type { ApiError } from './errors.js';

// Failures of the archive file itself that the shop can act on, as stable codes instead of
// `internal`: another till or program holding the write lock too long, or a full disk.

export function archiveFailure(error: unknown): ApiError | null {
  if (error instanceof ArchiveBusyError || isBusy(error)) {
    return { code: 'archive_busy', message: 'The archive is busy: another till or program is writing; nothing was changed' };
  }
  if (isDiskFull(error)) return { code: 'disk_full', message: 'The disk is full; nothing was changed' };
  return null;
}
