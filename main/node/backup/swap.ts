import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { isDamage } from '../../../db/archive-file.js';
import { AppError } from '../../api/errors.js';
import { fsyncPath } from './files.js';

// Putting a checked backup in the archive's place. The caller has closed every connection
// of its own (the app's, the checkpoint worker's); the file is replaced by one rename, so
// at every moment the data folder holds a whole archive, the old or the new.

/**
 * A WAL archive keeps its -wal file while any connection has it open; the last one to close
 * removes it. Opening, reading and closing once recovers a -wal a crash left; one that is
 * still there afterwards belongs to another program (a second app, the command line). The
 * probe only reads, so a refused archive keeps every byte.
 */
export function refuseIfInUse(file: string): void {
  const wal = `${file}-wal`;
  if (!fs.existsSync(wal)) return;
  const probe = new BetterSqlite3(file, { fileMustExist: true });
  try {
    probe.prepare('SELECT count(*) FROM sqlite_schema').get();
  } catch (error) {
    // A damaged archive (copied aside with its -wal by then, backup/keep-damaged.ts) may
    // neither read nor checkpoint, so its -wal stays whoever has it open: it is let go.
    if (!isDamage(error)) throw error;
    probe.close();
    return;
  } finally {
    if (probe.open) probe.close();
  }
  if (fs.existsSync(wal)) throw new AppError('backup_archive_in_use', 'Another program has the archive open');
}

/**
 * Replaces `archiveFile` with `staged` (in the same folder tree, so the rename is atomic)
 * and opens it with `open` (which migrates an older schema). If it will not open, the
 * previous archive is put back and the error rethrown.
 */
export async function swapInArchive<T>(archiveFile: string, staged: string, open: (file: string) => T): Promise<T> {
  const existed = fs.existsSync(archiveFile);
  if (existed) refuseIfInUse(archiveFile);
  // Only a damaged archive's -wal is still here: never to be replayed into the new file.
  await fs.promises.rm(`${archiveFile}-wal`, { force: true });
  await fsyncPath(staged);
  const aside = `${archiveFile}.before-restore`;
  await fs.promises.rm(aside, { force: true });
  if (existed) {
    // A second name for the old file, kept until the new one has opened.
    await fs.promises.link(archiveFile, aside).catch(() => fs.promises.copyFile(archiveFile, aside));
  }
  // A stale -shm would describe the old file's WAL.
  await fs.promises.rm(`${archiveFile}-shm`, { force: true });
  await fs.promises.rename(staged, archiveFile);
  await fsyncPath(path.dirname(archiveFile));
  try {
    const opened = open(archiveFile);
    await fs.promises.rm(aside, { force: true });
    return opened;
  } catch (error) {
    if (existed) {
      await fs.promises.rm(`${archiveFile}-wal`, { force: true });
      await fs.promises.rm(`${archiveFile}-shm`, { force: true });
      await fs.promises.rename(aside, archiveFile);
      await fsyncPath(path.dirname(archiveFile));
    }
    throw error;
  }
}
