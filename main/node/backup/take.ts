import fs from 'node:fs';
import path from 'node:path';
import { APPLICATION_ID } from '../../../db/open.js';
import { copyArchive, isIntact, sameCounts, type TableCounts } from '../../../db/backup/run.js';
import { AppError } from '../../api/errors.js';
import type { BackupKind, BackupPhase } from '../../api/backup/types.js';
import { encryptFile, type KeyFile } from './crypto.js';
import { fileError } from './errors.js';
import { fsyncPath, sha256File } from './files.js';
import { writeManifest, type Manifest } from './manifest.js';
import { backupName, isPartialName, partialName } from './names.js';
import { folderClock } from '../folder-clock.js';

export type Report = (phase: BackupPhase, done: number, total: number) => void;

export interface TakeOptions {
  archiveFile: string;
  /** Where the backup goes; it exists. */
  folder: string;
  /** Plaintext on its way to encryption waits here (the data folder), never in `folder`. */
  workDir: string;
  kind: BackupKind;
  /** Encrypts when given. */
  keys: KeyFile | null;
  appVersion: string;
  now: number;
  report?: Report;
  signal?: AbortSignal;
}

export interface Taken {
  name: string;
  folder: string;
  manifest: Manifest;
  counts: TableCounts;
}

/** Partial files a crash or a pulled stick left: a day old by the folder's clock, nobody is still writing them. */
async function sweepPartials(folder: string): Promise<void> {
  const names = (await fs.promises.readdir(folder).catch(() => [] as string[])).filter(isPartialName);
  if (names.length === 0) return;
  const now = folderClock(folder);
  for (const name of names) {
    const file = path.join(folder, name);
    const stat = await fs.promises.stat(file).catch(() => null);
    if (stat && now - stat.mtimeMs > 86_400_000) await fs.promises.rm(file, { force: true }).catch(() => {});
  }
}

const unverified = (why: string) => new AppError('backup_unverified', `The backup could not be verified: ${why}`);

/**
 * One backup: SQLite's online backup into a hidden partial file, checked (integrity and
 * the row counts of the very snapshot it copied), encrypted if asked, hashed from the
 * disk, then its manifest and its generated name. Only a backup that passed every step
 * gets a name; whatever fails leaves nothing behind.
 */
export async function takeBackup(options: TakeOptions): Promise<Taken> {
  const report = options.report ?? (() => {});
  const encrypted = options.keys !== null;
  const plain = path.join(encrypted ? options.workDir : options.folder, partialName(false));
  const sealed = encrypted ? path.join(options.folder, partialName(true)) : null;
  const stored = sealed ?? plain;
  try {
    await fs.promises.mkdir(path.dirname(plain), { recursive: true });
    await sweepPartials(options.folder);
    const copy = await copyArchive(options.archiveFile, plain, report, options.signal);
    const check = copy.check;
    if (!isIntact(check)) throw unverified(check.problems.slice(0, 3).join('; '));
    if (!sameCounts(check.counts, copy.sourceCounts)) throw unverified('the row counts differ from the archive');
    if (check.applicationId !== APPLICATION_ID) throw unverified('the copy is not marked as an archive');

    let sha256: string;
    let size: number;
    if (sealed) {
      const plainSize = (await fs.promises.stat(plain)).size;
      report('encrypting', 0, plainSize);
      const written = await encryptFile(plain, sealed, options.keys!, (bytes) => report('encrypting', bytes, plainSize));
      size = written.size;
      // Read back from the disk (a USB stick may drop bytes): the GCM tag covers what was written.
      report('writing manifest', 0, size);
      const onDisk = await sha256File(sealed, (bytes) => report('writing manifest', bytes, size));
      if (onDisk !== written.sha256) throw unverified('the encrypted file reads back differently');
      sha256 = written.sha256;
    } else {
      size = (await fs.promises.stat(plain)).size;
      report('writing manifest', 0, size);
      sha256 = await sha256File(plain, (bytes) => report('writing manifest', bytes, size));
    }
    if (options.signal?.aborted) throw new AppError('internal', 'The backup was stopped');
    await fsyncPath(stored);

    const name = backupName(options.now, options.kind, encrypted, (candidate) => fs.existsSync(path.join(options.folder, candidate)));
    const manifest: Manifest = {
      format: 'counterpart-backup',
      version: 1,
      name,
      kind: options.kind,
      createdAt: options.now,
      appVersion: options.appVersion,
      schemaVersion: check.userVersion,
      encrypted,
      size,
      sha256,
      pages: copy.pages,
      pageSize: copy.pageSize,
      counts: check.counts,
    };
    // The manifest first: a backup file under its name always has one beside it.
    await writeManifest(options.folder, manifest);
    await fs.promises.rename(stored, path.join(options.folder, name));
    await fsyncPath(options.folder);
    return { name, folder: options.folder, manifest, counts: check.counts };
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw code === 'ABORTED' ? new AppError('internal', 'The backup was stopped') : fileError(error);
  } finally {
    await fs.promises.rm(plain, { force: true }).catch(() => {});
    if (sealed) await fs.promises.rm(sealed, { force: true }).catch(() => {});
  }
}
