import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Archive } from '../../../db/archive.js';
import { openArchive, type FileArchive } from '../../../db/open.js';
import { openPostgresArchive, type PostgresArchive } from '../../../db/open-postgres.js';
import { copyArchive, type CopyProgress, type TableCounts } from '../../../db/copy/copy-archive.js';
import { AppError } from '../../api/errors.js';
import { carryErasures } from '../backup/carry-erasures.js';
import { workFolder, sweepWorkFolders } from '../backup/folders.js';
import { readManifest } from '../backup/manifest.js';
import { parseBackupName } from '../backup/names.js';
import { stageBackup } from '../backup/restore.js';
import { refuseIfInUse } from '../backup/swap.js';
import { ARCHIVE_FILE } from '../data-dir.js';
import { archiveAt, verifyCopy, type CopyVerification } from './verify-copy.js';

// Moving a shop's archive between the engines (db/copy/copy-archive.ts does the copying):
//  - to the server: the data folder's SQLite file into an empty PostgreSQL database, when a
//    shop gets a second till;
//  - to a file: the server into a new SQLite file, the way back;
//  - a backup (the one backup format of both engines) into an empty server.
// Each copy is then proven (verify-copy.ts) against the very snapshot it copied.

export interface Moved {
  counts: TableCounts;
  verification: CopyVerification;
  ms: number;
}

export interface MoveOptions {
  onProgress?: CopyProgress;
}

/** The shop's zone on every connection: the server counts months and days in it (db/open-postgres.ts). */
export function openServer(url: string, purpose: string): Promise<PostgresArchive> {
  return openPostgresArchive(url, { zone: Intl.DateTimeFormat().resolvedOptions().timeZone, till: `${os.hostname()} (${purpose})`, poolSize: 2 });
}

/** Copies `source` into `target` and checks the result within the same snapshot. */
async function copyAndVerify(source: Archive, target: Archive, options: MoveOptions): Promise<Moved> {
  const copied = await copyArchive(source.db, target.db, {
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    inSnapshot: (snapshot, counts) => verifyCopy(archiveAt(source, snapshot), target, counts),
  });
  return { counts: copied.counts, verification: copied.checked, ms: copied.ms };
}

/**
 * The data folder's archive into the (empty) database at `url`. Refused while the app has
 * the file open: sales rung up during the move would stay behind in the file.
 */
export async function moveToServer(dataDir: string, url: string, options: MoveOptions = {}): Promise<Moved> {
  const file = path.join(dataDir, ARCHIVE_FILE);
  if (!fs.existsSync(file)) throw new AppError('not_found', `There is no archive in ${dataDir} to move`);
  refuseIfInUse(file);
  const source = openArchive(file);
  try {
    const target = await openServer(url, 'move');
    try {
      return await copyAndVerify(source, target, options);
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

/** Removes a SQLite file with its -wal and -shm. */
async function removeArchiveFile(file: string): Promise<void> {
  for (const suffix of ['', '-wal', '-shm', '-journal']) await fs.promises.rm(`${file}${suffix}`, { force: true });
}

/** A new, empty archive file made by this app: refuses one that is there already. */
function newArchiveFile(file: string): FileArchive {
  if (fs.existsSync(file)) throw new AppError('validation', `${file} exists already: the archive is only copied into a new file`);
  return openArchive(file);
}

/** The server's archive at `url` into a new SQLite file `file`; nothing is left of the file if it fails. */
export async function moveToFile(url: string, file: string, options: MoveOptions = {}): Promise<Moved> {
  const source = await openServer(url, 'move');
  try {
    const target = newArchiveFile(file);
    let moved: Moved;
    try {
      moved = await copyAndVerify(source, target, options);
      // One standalone file, like a backup: no -wal beside it (the app sets WAL again when it opens it).
      target.sqlite.pragma('wal_checkpoint(TRUNCATE)');
      target.sqlite.pragma('journal_mode = DELETE');
    } catch (error) {
      await target.close();
      await removeArchiveFile(file);
      throw error;
    }
    await target.close();
    return moved;
  } finally {
    await source.close();
  }
}

export interface RestoreToServerOptions extends MoveOptions {
  dataDir: string;
  /** The backup file (encrypted or not). */
  backup: string;
  password: string;
  url: string;
  now: number;
}

/**
 * A backup into an empty server: checked and decrypted into the work folder as for any
 * restore (backup/restore.ts stageBackup), migrated to this app's schema, the erasures the
 * data folder knows of carried over (backup/carry-erasures.ts), then copied and verified.
 */
export async function restoreToServer(options: RestoreToServerOptions): Promise<Moved & { erasedAgain: number }> {
  sweepWorkFolders(options.dataDir);
  const file = path.resolve(options.backup);
  const name = path.basename(file);
  const manifest = parseBackupName(name) ? await readManifest(path.dirname(file), name) : null;
  const staged = path.join(workFolder(options.dataDir), `restore-${crypto.randomBytes(6).toString('hex')}.sqlite`);
  await stageBackup({ file, manifest, password: options.password, staged });
  try {
    const erasedAgain = await carryErasures({ staged, current: [], dataDir: options.dataDir, now: options.now });
    const source = openArchive(staged);
    try {
      const target = await openServer(options.url, 'restore');
      try {
        return { ...(await copyAndVerify(source, target, options)), erasedAgain };
      } finally {
        await target.close();
      }
    } finally {
      await source.close();
    }
  } finally {
    await removeArchiveFile(staged);
  }
}
