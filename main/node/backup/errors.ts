import { AppError } from '../../api/errors.js';

/** A full disk or stick says so; any other file failure stays as it is (an internal error). */
export function fileError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const code = (error as { code?: string } | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL') {
    return new AppError('backup_disk_full', 'There is no room left for the backup');
  }
  return error;
}

export const damagedBackup = (why: string) => new AppError('backup_damaged', `The backup is damaged: ${why}`);
