import { fileArchive } from '../../../db/archive.js';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LATEST_SCHEMA_VERSION } from '../../../db/open.js';
import { chooseBackups } from '../../core/backup/rotation.js';
import type { Backups } from '../../api/backup/service.js';
import type { BackupEntry, BackupOverview, BackupPlace, BackupResult, RestoreCheck } from '../../api/backup/types.js';
import type { Deps } from '../../api/deps.js';
import type { Logger } from '../../api/dispatch.js';
import { AppError, type ErrorCode } from '../../api/errors.js';
import { createKeyFile, isEncryptedBackup, type KeyFile, type ScryptParams } from './crypto.js';
import { writeFileDurably } from './files.js';
import { fallbackFolder, folderState, listFolder, pruneSafetyCopies, safetyFolder, sweepWorkFolders, workFolder } from './folders.js';
import { JobBoard, type JobControl } from './jobs.js';
import { readManifest } from './manifest.js';
import { manifestName, parseBackupName } from './names.js';
import { stageBackup } from './restore.js';
import { readState, writeState } from './state.js';
import { takeBackup, type Taken } from './take.js';
import { snapshotFile } from './snapshot.js';
import { KEY_FILE, readKeyFile, safetyCopyKeys } from './keys.js';
import { keepDamaged } from './keep-damaged.js';
import type { ArchiveHealth } from '../../api/app/health.js';

const DAY_MS = 86_400_000;
/** After a failed automatic backup, the next try waits this long. */
const RETRY_AFTER_MS = 60 * 60 * 1000;

export interface BackupServiceOptions {
  /** Read at call time: a restore replaces deps.archive. */
  deps: Deps;
  /** Closes the archive, swaps the staged file in and reopens it (main/node/services.ts). */
  replaceArchive(staged: string): Promise<{ erasedAgain: number }>;
  log: Logger;
  /** The archive's check at start, once known (main/node/services.ts); absent means sound. */
  archiveHealth?: () => Promise<ArchiveHealth>;
  /** Tests make keys quickly; the app uses crypto.ts's defaults. */
  scrypt?: ScryptParams;
}

export interface NodeBackups extends Backups {
  /** An automatic backup (daily, on quit): to the chosen folder, or the data folder when it is missing. */
  automatic(signal?: AbortSignal): Promise<BackupResult>;
  /** The command line's `backup --to DIR [--password-env VAR]`: a manual backup into that folder. */
  backupTo(folder: string, password: string | null): Promise<BackupResult>;
  /** Automatic backups are on, and the last good one is a day old (or there is none). */
  due(): boolean;
  /** Stops a running job (its partial files are removed). */
  close(): Promise<void>;
}

interface StagedRestore {
  check: RestoreCheck;
  file: string;
}

export function createBackups(options: BackupServiceOptions): NodeBackups {
  const { deps, log } = options;
  const dataDir = deps.app.dataDir;
  const board = new JobBoard(log);
  const picked = new Map<string, string>();
  let staged: StagedRestore | null = null;
  let lastFailureAt = 0;

  // Whatever a crash left (plaintext on its way to encryption, a checked backup never
  // restored) goes at start.
  sweepWorkFolders(dataDir);

  const settings = () => deps.settings.get().backup;

  const readKeys = (): KeyFile | null => readKeyFile(dataDir);

  /** The chosen folder when it can be written to, else the data folder's, saying why. */
  async function target(): Promise<{ folder: string; place: BackupPlace; fellBack: ErrorCode | null }> {
    const chosen = settings().folder;
    if (chosen) {
      const state = await folderState(chosen);
      if (state === 'ok') return { folder: chosen, place: 'folder', fellBack: null };
      const fellBack: ErrorCode = state === 'missing' ? 'backup_folder_missing' : 'backup_folder_unusable';
      log(`backup folder ${chosen} is ${state}; the backup goes to the data folder`, null);
      await fs.promises.mkdir(fallbackFolder(dataDir), { recursive: true });
      return { folder: fallbackFolder(dataDir), place: 'fallback', fellBack };
    }
    await fs.promises.mkdir(fallbackFolder(dataDir), { recursive: true });
    return { folder: fallbackFolder(dataDir), place: 'fallback', fellBack: null };
  }

  async function rotate(folder: string): Promise<void> {
    const automatic = (await listFolder(folder, 'folder')).filter((entry) => entry.kind === 'auto');
    const { remove } = chooseBackups(automatic, settings().keep);
    for (const entry of remove) {
      await fs.promises.rm(path.join(folder, entry.name), { force: true });
      await fs.promises.rm(path.join(folder, manifestName(entry.name)), { force: true });
    }
  }

  /** The command line's `--to DIR`: that folder or nothing, and its own password if given. */
  interface Destination {
    folder: string;
    password: string | null;
  }

  async function chosenDestination(destination: Destination): Promise<{ folder: string; place: BackupPlace; fellBack: null }> {
    const state = await folderState(destination.folder);
    if (state === 'missing') throw new AppError('backup_folder_missing', `The folder ${destination.folder} cannot be found`);
    if (state === 'unusable') throw new AppError('backup_folder_unusable', `Backups cannot be written to ${destination.folder}`);
    const folder = path.resolve(destination.folder);
    return { folder, place: folder === path.resolve(fallbackFolder(dataDir)) ? 'fallback' : 'folder', fellBack: null };
  }

  async function keysFor(destination?: Destination): Promise<KeyFile | null> {
    if (destination?.password) return createKeyFile(destination.password, deps.clock(), options.scrypt);
    if (!settings().encrypt) return null;
    const keys = readKeys();
    if (!keys) throw new AppError('backup_password_needed', 'Encrypted backups need a backup password first');
    return keys;
  }

  async function backUp(kind: 'auto' | 'manual', control?: JobControl, signal?: AbortSignal, destination?: Destination): Promise<BackupResult> {
    const now = deps.clock();
    const state = readState(dataDir);
    try {
      // A copy of a damaged archive would fail its own check, and must never rotate a good one out.
      if ((await options.archiveHealth?.())?.state === 'damaged') throw new AppError('archive_damaged', 'The archive is damaged; restore a backup');
      const where = destination ? await chosenDestination(destination) : await target();
      const keys = await keysFor(destination);
      const stop = signal && control ? AbortSignal.any([signal, control.signal]) : signal ?? control?.signal;
      // The shared archive is first copied out of the server into a file (snapshot.ts).
      const snapshot = await snapshotFile(deps.archive, workFolder(dataDir), control?.report, stop);
      let taken: Taken;
      try {
        taken = await takeBackup({
          archiveFile: snapshot.file,
          folder: where.folder,
          workDir: workFolder(dataDir),
          kind,
          keys,
          appVersion: deps.app.version,
          now,
          report: control?.report,
          signal: stop,
        });
      } finally {
        await snapshot.release();
      }
      if (kind === 'auto') await rotate(where.folder).catch((error: unknown) => log('removing old backups failed', error));
      await writeState(dataDir, {
        lastGood: { at: now, name: taken.name, place: where.place, folder: where.folder, encrypted: keys !== null },
        problem: where.fellBack ? { code: where.fellBack, at: now, folder: settings().folder } : null,
      });
      return {
        name: taken.name,
        place: where.place,
        folder: where.folder,
        createdAt: now,
        encrypted: keys !== null,
        size: taken.manifest.size,
        counts: taken.counts,
        fellBack: where.fellBack,
      };
    } catch (error) {
      lastFailureAt = deps.clock();
      const code: ErrorCode = error instanceof AppError ? error.code : 'internal';
      await writeState(dataDir, { ...state, problem: { code, at: now } }).catch(() => {});
      throw error;
    }
  }

  async function overview(): Promise<BackupOverview> {
    const state = readState(dataDir);
    const backup = settings();
    const chosen = backup.folder;
    const lastGood = state.lastGood;
    return {
      lastGood: state.lastGood,
      ageDays: lastGood ? Math.max(0, Math.floor((deps.clock() - lastGood.at) / DAY_MS)) : null,
      stale: !lastGood || deps.clock() - lastGood.at > backup.warnAfterDays * DAY_MS,
      problem: state.problem,
      folder: { path: chosen, state: chosen ? await folderState(chosen) : 'default' },
      fallbackFolder: fallbackFolder(dataDir),
      settings: backup,
      hasPassword: readKeys() !== null,
      canPickFolder: Boolean(deps.dialogs),
      canPickFile: Boolean(deps.dialogs),
      job: board.current,
    };
  }

  /** A backup by the id `list` gave it: a generated name inside one of our folders, or a dialog's choice. */
  async function locate(id: string): Promise<{ file: string; entry: BackupEntry }> {
    const slash = id.indexOf('/');
    const place = id.slice(0, slash) as BackupPlace;
    const name = id.slice(slash + 1);
    if (place === 'picked') {
      const file = picked.get(id);
      if (!file) throw new AppError('not_found', 'That backup is no longer offered');
      return { file, entry: await pickedEntry(id, file) };
    }
    const folder = place === 'folder' ? settings().folder : place === 'fallback' ? fallbackFolder(dataDir) : place === 'safety' ? safetyFolder(dataDir) : '';
    if (!folder || !path.isAbsolute(folder) || !parseBackupName(name)) throw new AppError('not_found', 'No such backup');
    const entry = (await listFolder(folder, place)).find((e) => e.name === name);
    if (!entry) throw new AppError('not_found', 'No such backup');
    return { file: path.join(folder, name), entry };
  }

  async function pickedEntry(id: string, file: string): Promise<BackupEntry> {
    const stat = await fs.promises.stat(file).catch(() => null);
    if (!stat?.isFile()) throw new AppError('not_found', 'That file is gone');
    const name = path.basename(file);
    const parsed = parseBackupName(name);
    const manifest = parsed ? await readManifest(path.dirname(file), name) : null;
    return {
      id,
      place: 'picked',
      name,
      kind: parsed?.kind ?? 'manual',
      createdAt: manifest?.createdAt ?? Math.round(stat.mtimeMs),
      size: stat.size,
      encrypted: await isEncryptedBackup(file).catch(() => false),
      manifest: manifest ? { appVersion: manifest.appVersion, schemaVersion: manifest.schemaVersion, counts: manifest.counts } : null,
    };
  }

  async function dropStaged(): Promise<void> {
    if (!staged) return;
    const file = staged.file;
    staged = null;
    await fs.promises.rm(file, { force: true });
  }

  return {
    overview,

    start() {
      const current = board.current;
      if (current?.kind === 'backup') return current;
      return board.start('backup', (control) => backUp('manual', control)).job;
    },

    job: (id) => board.get(id),

    async list() {
      const chosen = settings().folder;
      const places: [string, BackupPlace][] = [[fallbackFolder(dataDir), 'fallback'], [safetyFolder(dataDir), 'safety']];
      if (chosen && path.isAbsolute(chosen)) places.unshift([chosen, 'folder']);
      const found = (await Promise.all(places.map(([folder, place]) => listFolder(folder, place)))).flat();
      const chosenOnes = await Promise.all([...picked].map(([id, file]) => pickedEntry(id, file).catch(() => null)));
      return [...chosenOnes.filter((e): e is BackupEntry => e !== null), ...found.sort((a, b) => b.createdAt - a.createdAt)];
    },

    async setFolder(folder) {
      const wanted = folder.trim();
      if (wanted) {
        const state = await folderState(wanted);
        if (state === 'missing') throw new AppError('backup_folder_missing', 'That folder cannot be found');
        if (state === 'unusable') throw new AppError('backup_folder_unusable', 'Backups cannot be written to that folder');
      }
      deps.settings.update({ backup: { ...settings(), folder: wanted ? path.resolve(wanted) : '' } });
      return overview();
    },

    async pickFolder() {
      if (!deps.dialogs) throw new AppError('backup_dialog_unavailable', 'Folder dialogs only work in the desktop app');
      const folder = await deps.dialogs.pickFolder();
      if (!folder) return null;
      return this.setFolder(folder);
    },

    async pickFile() {
      if (!deps.dialogs) throw new AppError('backup_dialog_unavailable', 'File dialogs only work in the desktop app');
      const file = await deps.dialogs.pickBackupFile();
      if (!file) return null;
      const id = `picked/${crypto.randomBytes(6).toString('hex')}`;
      const entry = await pickedEntry(id, path.resolve(file));
      picked.set(id, path.resolve(file));
      return entry;
    },

    async setPassword(password) {
      const keys = await createKeyFile(password, deps.clock(), options.scrypt);
      await writeFileDurably(path.join(dataDir, KEY_FILE), `${JSON.stringify(keys, null, 2)}\n`);
      deps.settings.update({ backup: { ...settings(), encrypt: true } });
      return overview();
    },

    check(backupId, password) {
      return board.start('check', async (control) => {
        await dropStaged();
        const { file, entry } = await locate(backupId);
        // A chosen file of ours may have its manifest beside it too.
        const manifest = parseBackupName(entry.name) ? await readManifest(path.dirname(file), entry.name) : null;
        const token = crypto.randomUUID();
        const stagedFile = path.join(workFolder(dataDir), `restore-${token}.sqlite`);
        const result = await stageBackup({ file, manifest, password, staged: stagedFile, report: control.report, signal: control.signal });
        const check: RestoreCheck = {
          token,
          name: entry.name,
          createdAt: entry.createdAt,
          counts: result.counts,
          schemaVersion: result.schemaVersion,
          appVersion: manifest?.appVersion ?? null,
          encrypted: result.encrypted,
          migrates: result.schemaVersion < LATEST_SCHEMA_VERSION,
        };
        staged = { check, file: stagedFile };
        return check;
      }).job;
    },

    restore(token) {
      const file = fileArchive(deps.archive);
      if (!file) {
        // Every till works in the shared archive at once: it is not swapped under them.
        throw new AppError('backup_archive_in_use', 'The shared archive is restored from the command line, into an empty database: npm run cli -- restore-to-server FILE URL');
      }
      if (!staged || staged.check.token !== token) throw new AppError('not_found', 'Check the backup again before restoring it');
      const chosen = staged;
      return board.start('restore', async (control) => {
        // An encrypted copy is sealed straight into it (its plaintext waits in the work folder).
        await fs.promises.mkdir(safetyFolder(dataDir), { recursive: true });
        // The archive as it is now, checked like any backup, before anything is replaced. A
        // damaged one would fail that check: it is kept as it is instead.
        const safety = (await options.archiveHealth?.())?.state === 'damaged' ? { name: await keepDamaged(file.file, dataDir, deps.clock()) } : await takeBackup({
          archiveFile: file.file,
          folder: safetyFolder(dataDir),
          workDir: workFolder(dataDir),
          kind: 'safety',
          // Encrypted like the backups: it holds every customer as the archive did.
          keys: safetyCopyKeys(dataDir, settings().encrypt),
          appVersion: deps.app.version,
          now: deps.clock(),
          report: (_phase, done, total) => control.report('safety copy', done, total),
          signal: control.signal,
        });
        control.report('swapping', 0, 1);
        const { erasedAgain } = await options.replaceArchive(chosen.file);
        staged = null;
        await pruneSafetyCopies(dataDir).catch((error: unknown) => log('removing old safety copies failed', error));
        return { name: chosen.check.name, createdAt: chosen.check.createdAt, counts: chosen.check.counts, safetyCopy: safety.name, erasedAgain };
      }).job;
    },

    async discard(token) {
      if (staged?.check.token === token) await dropStaged();
    },

    automatic(signal) {
      return board.start('backup', (control) => backUp('auto', control, signal)).promise;
    },

    backupTo(folder, password) {
      return board.start('backup', (control) => backUp('manual', control, undefined, { folder, password })).promise;
    },

    due() {
      if (!settings().automatic || board.current) return false;
      const now = deps.clock();
      if (now - lastFailureAt < RETRY_AFTER_MS) return false;
      const last = readState(dataDir).lastGood;
      return !last || now - last.at >= DAY_MS;
    },

    async close() {
      await board.stop();
      await dropStaged().catch(() => {});
    },
  };
}
