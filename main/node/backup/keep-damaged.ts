import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { quickCheck } from '../../../db/open.js';
import { safetyFolder } from './folders.js';

/** quick_check on a read-only connection: for a restore without the app, which has not looked. */
export function foundDamaged(archiveFile: string): boolean {
  const sqlite = new BetterSqlite3(archiveFile, { readonly: true, fileMustExist: true });
  try {
    return quickCheck(sqlite).length > 0;
  } finally {
    sqlite.close();
  }
}

/**
 * Before a restore replaces a damaged archive: the file, and the WAL a crash may have left
 * beside it, copied byte for byte among the safety copies. Its name is not a backup's, so
 * it is never listed, restored or pruned: whatever it still holds can be recovered later.
 */
export async function keepDamaged(archiveFile: string, dataDir: string, now: number): Promise<string> {
  const folder = safetyFolder(dataDir);
  await fs.promises.mkdir(folder, { recursive: true });
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const name = `damaged-archive-${stamp}.sqlite`;
  await fs.promises.copyFile(archiveFile, path.join(folder, name), fs.constants.COPYFILE_EXCL);
  if (fs.existsSync(`${archiveFile}-wal`)) await fs.promises.copyFile(`${archiveFile}-wal`, path.join(folder, `${name}-wal`));
  return name;
}
