import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { readRegisterOf, type ErasureRecord } from '../../../db/privacy/register.js';
import { APPLICATION_ID, ArchiveRefusedError, LATEST_SCHEMA_VERSION, openArchive } from '../../../db/open.js';
import { ArchiveWorkError, checkArchive, isIntact, sameCounts, type TableCounts } from '../../../db/backup/run.js';
import { AppError } from '../../api/errors.js';
import { decryptFile, isEncryptedBackup } from './crypto.js';
import { damagedBackup, fileError } from './errors.js';
import { copyHashed } from './files.js';
import { pruneSafetyCopies, safetyFolder, sweepWorkFolders, workFolder } from './folders.js';
import { readManifest, type Manifest } from './manifest.js';
import { parseBackupName } from './names.js';
import { refuseIfInUse, swapInArchive } from './swap.js';
import { foundDamaged, keepDamaged } from './keep-damaged.js';
import { carryErasures } from './carry-erasures.js';
import { safetyCopyKeys } from './keys.js';
import { takeBackup, type Report } from './take.js';

export interface StageOptions {
  /** The backup as found: in a backup folder, or chosen in a dialog. */
  file: string;
  manifest: Manifest | null;
  password: string;
  /** The new file to write, in the data folder (so the swap is one rename). */
  staged: string;
  report?: Report;
  signal?: AbortSignal;
}

export interface Staged {
  counts: TableCounts;
  schemaVersion: number;
  encrypted: boolean;
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Whether the file's own header says it is a Counterpart archive (SQLite's magic, and our
 * application_id at offset 68): such a file that then will not read is a damaged backup,
 * not somebody else's file.
 */
async function markedAsOurs(file: string): Promise<boolean> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const header = Buffer.alloc(100);
    const { bytesRead } = await handle.read(header, 0, 100, 0);
    return bytesRead === 100 && header.subarray(0, 16).equals(SQLITE_MAGIC) && header.readUInt32BE(68) === APPLICATION_ID;
  } finally {
    await handle.close();
  }
}

const notOurs = () => new AppError('not_an_archive', 'This file is not a Counterpart archive');

/**
 * The first half of a restore: copies (or decrypts) the backup into the data folder and
 * checks that copy, so what was checked is exactly what will be swapped in. Refuses a
 * damaged file, another program's file and one from a newer Counterpart; the archive is
 * not touched here at all. On any refusal the staged copy is removed.
 */
export async function stageBackup(options: StageOptions): Promise<Staged> {
  const report = options.report ?? (() => {});
  const { staged } = options;
  try {
    await fs.promises.mkdir(path.dirname(staged), { recursive: true });
    const encrypted = await isEncryptedBackup(options.file);
    let sha256: string;
    if (encrypted) {
      if (!options.password) throw new AppError('backup_password_needed', 'This backup is encrypted: its password is needed');
      report('decrypting', 0, 1);
      sha256 = (await decryptFile(options.file, staged, options.password, (bytes, total) => report('decrypting', bytes, total))).sha256;
    } else {
      const size = (await fs.promises.stat(options.file)).size;
      report('copying', 0, size);
      sha256 = await copyHashed(options.file, staged, (bytes) => report('copying', bytes, size));
    }
    if (options.manifest && options.manifest.sha256 !== sha256) throw damagedBackup('it differs from its manifest');

    // db/open.ts's own look at the file: another program's file, or a newer schema.
    const ours = await markedAsOurs(staged);
    try {
      await openArchive(staged, { readonly: true }).close();
    } catch (error) {
      // An empty file never was a backup; a cut-off one is a damaged backup.
      if (error instanceof ArchiveRefusedError && error.code === 'archive_empty') throw notOurs();
      if (error instanceof ArchiveRefusedError && error.code === 'archive_truncated') throw damagedBackup('it was cut off');
      if (error instanceof ArchiveRefusedError && (error.code === 'db_too_new' || !ours)) throw new AppError(error.code, error.message);
      throw damagedBackup(String((error as Error).message));
    }
    const check = await checkArchive(staged, report, options.signal).catch((error: unknown) => {
      if (error instanceof ArchiveWorkError && error.code.startsWith('SQLITE_')) throw ours ? damagedBackup(error.message) : notOurs();
      throw error;
    });
    // A blank SQLite file passes db/open.ts (it is what a new archive starts as); a backup is never blank.
    if (check.applicationId !== APPLICATION_ID || check.userVersion < 1) throw notOurs();
    if (check.userVersion > LATEST_SCHEMA_VERSION) throw new AppError('db_too_new', 'The backup was written by a newer Counterpart');
    if (!isIntact(check)) throw damagedBackup(check.problems.slice(0, 3).join('; '));
    if (options.manifest && !sameCounts(options.manifest.counts, check.counts)) throw damagedBackup('its row counts differ from its manifest');
    return { counts: check.counts, schemaVersion: check.userVersion, encrypted };
  } catch (error) {
    await fs.promises.rm(staged, { force: true }).catch(() => {});
    throw fileError(error);
  }
}

export interface FileRestoreOptions {
  dataDir: string;
  archiveFile: string;
  /** A backup file named on the command line. */
  file: string;
  password: string;
  appVersion: string;
  now: number;
  /** Backups are encrypted (settings): so is the safety copy, with the data folder's keys. */
  encrypt: boolean;
  report?: Report;
}

export interface FileRestored extends Staged {
  createdAt: number | null;
  safetyCopy: string | null;
  /** Customers erased since the backup was made, whom it brought back: erased again. */
  erasedAgain: number;
}

/** The register of the archive about to be replaced, read without changing it; none if it will not open. */
function currentRegister(archiveFile: string): ErasureRecord[] {
  if (!fs.existsSync(archiveFile)) return [];
  try {
    const sqlite = new BetterSqlite3(archiveFile, { readonly: true, fileMustExist: true });
    try {
      return readRegisterOf(sqlite);
    } finally {
      sqlite.close();
    }
  } catch {
    // Damaged: the data folder's copy of the register (erasures.json) stands in.
    return [];
  }
}

/**
 * A restore without the app (`npm run cli -- restore FILE`): nothing here holds the archive
 * open. Checks the file, keeps a safety copy of the archive, swaps, and opens it once to
 * migrate an older schema.
 */
export async function restoreFromFile(options: FileRestoreOptions): Promise<FileRestored> {
  sweepWorkFolders(options.dataDir);
  const file = path.resolve(options.file);
  const name = path.basename(file);
  const manifest = parseBackupName(name) ? await readManifest(path.dirname(file), name) : null;
  const staged = path.join(workFolder(options.dataDir), `restore-${crypto.randomBytes(6).toString('hex')}.sqlite`);
  const checked = await stageBackup({ file, manifest, password: options.password, staged, report: options.report });
  try {
    let safetyCopy: string | null = null;
    // A damaged archive would fail the safety copy's own check: it is kept byte for byte,
    // before the in-use probe below could checkpoint into it.
    if (fs.existsSync(options.archiveFile) && foundDamaged(options.archiveFile)) {
      safetyCopy = await keepDamaged(options.archiveFile, options.dataDir, options.now);
      refuseIfInUse(options.archiveFile);
    } else if (fs.existsSync(options.archiveFile)) {
      // Before the safety copy: an app that has the archive open keeps it.
      refuseIfInUse(options.archiveFile);
      await fs.promises.mkdir(safetyFolder(options.dataDir), { recursive: true });
      safetyCopy = (await takeBackup({
        archiveFile: options.archiveFile,
        folder: safetyFolder(options.dataDir),
        workDir: workFolder(options.dataDir),
        kind: 'safety',
        keys: safetyCopyKeys(options.dataDir, options.encrypt),
        appVersion: options.appVersion,
        now: options.now,
        report: options.report,
      })).name;
    }
    const erasedAgain = await carryErasures({ staged, current: currentRegister(options.archiveFile), dataDir: options.dataDir, now: options.now });
    const archive = await swapInArchive(options.archiveFile, staged, (f) => openArchive(f));
    await archive.close();
    await pruneSafetyCopies(options.dataDir);
    return { ...checked, createdAt: manifest?.createdAt ?? null, safetyCopy, erasedAgain };
  } finally {
    await fs.promises.rm(staged, { force: true });
  }
}
