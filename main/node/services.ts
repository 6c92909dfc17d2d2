import fs from 'node:fs';
import path from 'node:path';
import { randomInt } from 'node:crypto';
import { ArchiveRefusedError, openArchive, openDamagedArchive, quickCheck, type FileArchive } from '../../db/open.js';
import type { Archive } from '../../db/archive.js';
import type { SettingsStore } from '../api/settings/schema.js';
import type { Deps, Dialogs, Secrets, SystemPrinter } from '../api/deps.js';
import type { ArchiveChosenBy } from '../api/archive/types.js';
import { addressOfUrl } from '../api/archive/server-url.js';
import { createArchiveMoves } from './archive-move.js';
import { createApi, type Api, type Logger } from '../api/dispatch.js';
import { openServerServices } from './server-services.js';
import { ARCHIVE_FILE } from './data-dir.js';
import { APP_VERSION } from './version.js';
import { expireAllDue } from '../api/loyalty/maintenance.js';
import { createPrinting, type PrintingOptions } from './printing/index.js';
import { exportFolder, exportsDir } from './exchange/folder.js';
import type { ExportSaver } from '../api/exchange/files.js';
import { startCheckpointer, type Checkpointer } from './checkpointer.js';
import { createBackups, type NodeBackups } from './backup/service.js';
import { swapInArchive } from './backup/swap.js';
import { carryErasures, eraseAgainInPlace, erasedButBack } from './backup/carry-erasures.js';
import { saveErasures } from './backup/erasure-file.js';
import { readRegister } from '../../db/privacy/register.js';
import { indexPending, stopIndexing } from '../api/customers/search-indexing.js';
import { undoAbandonedImports } from '../api/exchange/import.js';
import { admission, mayWrite, type ArchiveHealth } from '../api/app/health.js';
import { checkInBackground, type BackgroundCheck } from './archive-check.js';
import { sqliteChangeFeed } from './change-feed.js';
import { changeOfCall } from '../api/changes/by-call.js';

export interface Services {
  deps: Deps;
  api: Api;
  archive: Archive;
  /**
   * Background upkeep for a long-running app: WAL checkpoints in a worker thread (so no
   * sale waits for one), search documents an import left to write, and expiry of old
   * points soon after start, then every few hours.
   * Returns a function that stops it; close() stops it too.
   */
  startMaintenance(): () => Promise<void>;
  /** Backups and restore (also deps.backups); the shells start its schedule. */
  backups: NodeBackups;
  /**
   * A restore's swap (main/node/backup): closes the archive, puts the checked file in its
   * place, reopens it (migrating an older schema) as deps.archive, and restarts upkeep.
   * Erasures made since the backup are carried over and applied again (backup/carry-erasures.ts).
   */
  replaceArchive(staged: string): Promise<{ erasedAgain: number }>;
  /** Settles once the archive's check at start is done: sound or damaged (also deps.archiveHealth). */
  checked: Promise<ArchiveHealth>;
  close(): Promise<void>;
}

const MAINTENANCE_DELAY_MS = 5_000;
const MAINTENANCE_EVERY_MS = 6 * 60 * 60 * 1000;
/**
 * Smaller archives are quick_checked before they open (well under a second); bigger ones in
 * the background, their writes waiting for it (docs/BENCHMARKS.md, Opening the archive).
 */
const BACKGROUND_CHECK_FROM_BYTES = 16 * 1024 * 1024;

/** Admission while the file is moving to a server: reads go on, writes are refused (as for a damaged file). */
const MOVING: ArchiveHealth = { state: 'damaged', problems: [] };

export interface ServiceOptions {
  dataDir: string;
  mode: Deps['app']['mode'];
  settings: (dataDir: string) => SettingsStore;
  clock?: () => number;
  log?: Logger;
  /** Electron's system printers and PDF (main/electron/system-print.ts); absent elsewhere. */
  systemPrinter?: SystemPrinter;
  /** Deadlines and name lookup for receipt printers; the defaults suit a shop. */
  printing?: Omit<PrintingOptions, 'systemPrinter'>;
  /** Electron's folder and file dialogs (main/electron/dialogs.ts); absent elsewhere. */
  dialogs?: Dialogs;
  /** Electron's save dialog for copies of exports (main/electron/export-save.ts); absent elsewhere. */
  exportSaver?: ExportSaver;
  /** Tests: check archives from this size on in the background. */
  backgroundCheckFrom?: number;
  /**
   * The shared archive (postgres://…), from COUNTERPART_DATABASE_URL or Settings → Archive
   * (main/node/archive-choice.ts): the server instead of the data folder's SQLite file.
   */
  databaseUrl?: string;
  /** The till's name on the server (application_name); the machine's name by default. */
  till?: string;
  /** Where archive-choice.ts found the archive; by default the variable for a server, else the default file. */
  archiveChosenBy?: ArchiveChosenBy;
  /** Electron's safeStorage (main/electron/secrets.ts) for Settings → Archive; absent elsewhere. */
  secrets?: Secrets;
  /** Electron's relaunch, once the archive chosen has changed; absent elsewhere. */
  restart?: () => void;
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/**
 * The archive, checked now when small; a damaged one is opened read-only, never inspected
 * or migrated, so the shop can still be shown the way back and nothing is written to it.
 */
function openChecked(file: string, backgroundFrom: number): { archive: FileArchive; health: ArchiveHealth } {
  try {
    const archive = openArchive(file, { check: sizeOf(file) >= backgroundFrom ? 'later' : 'now' });
    return { archive, health: { state: archive.unchecked ? 'checking' : 'sound', problems: [] } };
  } catch (error) {
    if (!(error instanceof ArchiveRefusedError) || error.code !== 'archive_damaged') throw error;
    return { archive: openDamagedArchive(file), health: { state: 'damaged', problems: error.details.problems ?? [] } };
  }
}

/** Everything a handler may touch but the archive: the same for both engines. */
export function depsBeside(archive: Archive, options: ServiceOptions, health: () => ArchiveHealth): Deps {
  const deps: Deps = {
    archive,
    settings: options.settings(options.dataDir),
    clock: options.clock ?? Date.now,
    random: () => randomInt(0, 2 ** 47) % 10_000_000_000,
    app: { version: APP_VERSION, mode: options.mode, dataDir: options.dataDir },
    printing: createPrinting({ ...options.printing, ...(options.systemPrinter ? { systemPrinter: options.systemPrinter } : {}) }),
    ...(options.systemPrinter ? { systemPrinter: options.systemPrinter } : {}),
    exports: exportFolder(exportsDir(options.dataDir)),
    ...(options.dialogs ? { dialogs: options.dialogs } : {}),
    ...(options.exportSaver ? { exportSaver: options.exportSaver } : {}),
    erasures: { save: (records) => saveErasures(options.dataDir, records) },
    archiveHealth: health,
    archiveChosen: archiveChosen(options),
    ...(options.secrets ? { secrets: options.secrets } : {}),
    ...(options.restart ? { restart: options.restart } : {}),
  };
  deps.archiveMoves = createArchiveMoves(deps, options.log ?? defaultLog);
  // Half-written exports a crash left hold customers, some perhaps erased since: never kept.
  deps.exports?.sweepPartials();
  return deps;
}

function archiveChosen(options: ServiceOptions): Deps['archiveChosen'] {
  const server = options.databaseUrl ? addressOfUrl(options.databaseUrl) : null;
  return { by: options.archiveChosenBy ?? (options.databaseUrl ? 'env' : 'default'), ...(server ? { server } : {}) };
}

export const defaultLog: Logger = (message, error) => console.error(message, error);

/**
 * Opens the archive and wires the handlers: shared by every shell. The data folder's SQLite
 * file, or the shared server when a database URL is given (main/node/server-services.ts).
 */
export function openServices(options: ServiceOptions): Services {
  fs.mkdirSync(options.dataDir, { recursive: true });
  if (options.databaseUrl) return openServerServices(options, options.databaseUrl);
  return openFileServices(options);
}

function openFileServices(options: ServiceOptions): Services {
  const opened = openChecked(path.join(options.dataDir, ARCHIVE_FILE), options.backgroundCheckFrom ?? BACKGROUND_CHECK_FROM_BYTES);
  // The file's own connection: the SQLite-only upkeep (checkpoints, the quick_check) uses it.
  let file: FileArchive = opened.archive;
  let health = opened.health;
  const deps = depsBeside(file, options, () => health);
  const log = options.log ?? defaultLog;
  // Live screens: this process's writes as its calls tell them, another process's by data_version.
  const changes = sqliteChangeFeed(() => deps.archive);
  deps.changes = changes;
  let timers: NodeJS.Timeout[] = [];
  let checkpointer: Checkpointer | null = null;
  const maintain = () => {
    expireAllDue(deps).catch((error: unknown) => log('maintenance failed', error));
  };
  // Upkeep writes (checkpoints, expiry, search documents): it starts once the archive is sound.
  let upkeepWanted = false;
  const startUpkeep = () => {
    upkeepWanted = true;
    if (health.state !== 'sound') return;
    timers = [setTimeout(maintain, MAINTENANCE_DELAY_MS), setInterval(maintain, MAINTENANCE_EVERY_MS)];
    for (const timer of timers) timer.unref();
    checkpointer ??= startCheckpointer(file.sqlite, file.file, { log });
    // An import a quit or crash left half-written is taken back; then the search documents an
    // import queued and a quit (or a restored backup) left unwritten.
    undoAbandonedImports(deps).catch((error: unknown) => log('undoing an unfinished import failed', error))
      .finally(() => indexPending(deps.archive).catch((error: unknown) => log('search indexing failed', error)));
  };
  const stopMaintenance = async () => {
    timers.forEach((timer) => clearTimeout(timer));
    timers = [];
    const running = checkpointer;
    checkpointer = null;
    await running?.stop();
  };
  // While a restore swaps the file, calls wait for the reopened archive instead of
  // meeting a closed one.
  let swapping: Promise<void> | null = null;
  const replaceArchive = async (staged: string) => {
    let swapped = () => {};
    swapping = new Promise<void>((resolve) => (swapped = resolve));
    try {
      return await swapArchive(staged);
    } finally {
      swapping = null;
      swapped();
    }
  };
  const swapArchive = async (staged: string) => {
    const upkeep = upkeepWanted;
    await stopMaintenance();
    const where = file.file;
    await stopIndexing(deps.archive);
    // Read while calls wait for the swap: no erasure can slip in after it.
    // A damaged archive may not read: the data folder's copy of the register stands in.
    const current = await readRegister(deps.archive.db).catch((error: unknown) => {
      if (health.state !== 'damaged') throw error;
      return [];
    });
    await deps.archive.close();
    try {
      const erasedAgain = await carryErasures({ staged, current, dataDir: options.dataDir, now: deps.clock() });
      deps.archive = file = await swapInArchive(where, staged, (f) => openArchive(f));
      // Checked whole before the swap, and quick_checked again as it opened.
      health = { state: 'sound', problems: [] };
      return { erasedAgain };
    } catch (error) {
      deps.archive = file = health.state === 'damaged' ? openDamagedArchive(where) : openArchive(where);
      throw error;
    } finally {
      if (upkeep) startUpkeep();
    }
  };
  const backups = createBackups({ deps, replaceArchive, log, archiveHealth: async () => (await checked, health) });
  deps.backups = backups;

  let closed = false;
  let check: BackgroundCheck | null = null;
  const becomeDamaged = async (problems: string[]) => {
    // Opened before the writer closes: the last connection to close a WAL archive
    // checkpoints into it, and a read-only one never does.
    const damaged = openDamagedArchive(file.file);
    const writer = deps.archive;
    deps.archive = file = damaged;
    health = { state: 'damaged', problems };
    await writer.close();
  };
  const runCheck = async (): Promise<ArchiveHealth> => {
    check = checkInBackground(file.file);
    let problems: string[];
    try {
      problems = await check.problems;
    } catch (error) {
      if (closed) return health;
      // Not damage: the worker could not check. The app's own connection does, once.
      log('the background archive check failed; checking on the main thread', error);
      try {
        problems = quickCheck(file.sqlite);
      } catch (again) {
        problems = [String((again as Error).message)];
      }
    } finally {
      check = null;
    }
    if (closed) return health;
    if (problems.length > 0) {
      await becomeDamaged(problems);
      return health;
    }
    file.sqlite.pragma('query_only = OFF');
    health = { state: 'sound', problems: [] };
    if (upkeepWanted) startUpkeep();
    return health;
  };
  const checked: Promise<ArchiveHealth> = health.state === 'checking' ? runCheck() : Promise.resolve(health);
  // A backup copied over the archive by hand brings erased customers back too: when the data
  // folder's register names one, calls wait until they are erased again (backup/carry-erasures.ts).
  let erasingAgain: Promise<void> | null = erasedButBack(file, options.dataDir)
    ? checked
      .then(async ({ state }) => {
        if (state !== 'sound') return;
        const erased = await eraseAgainInPlace(file, options.dataDir, deps.clock());
        log(`erased again at start: ${erased} customer(s) the archive held un-erased`, null);
      })
      .catch((error: unknown) => log('erasing again at start failed', error))
      .finally(() => (erasingAgain = null))
    : null;

  const handlers = createApi(deps, { log: options.log });
  const api: Api = {
    async call(name, input) {
      if (erasingAgain) await erasingAgain;
      while (swapping) await swapping;
      let admitted = admission(String(name), input, health);
      if (admitted === 'wait') {
        await checked;
        admitted = admission(String(name), input, health);
      }
      if (admitted === 'refuse') return { ok: false, error: { code: 'archive_damaged', message: 'The archive is damaged; restore a backup' } };
      // Moving to (or moved to) the shared server: the file takes no more writes (main/node/archive-move.ts).
      if (deps.archiveMoves?.current && deps.archiveMoves.current.phase !== 'failed' && admission(String(name), input, MOVING) === 'refuse' && !String(name).startsWith('archive.')) {
        return { ok: false, error: { code: 'archive_moved', message: 'The archive is moving to the shared server; restart Counterpart once it is there' } };
      }
      const result = await handlers.call(name, input);
      if (result.ok && mayWrite(String(name), input)) {
        const change = changeOfCall(String(name), input, result.value);
        if (change) changes.wrote(change);
      }
      return result;
    },
  };
  return {
    deps,
    api,
    get archive() {
      return deps.archive;
    },
    startMaintenance() {
      startUpkeep();
      return stopMaintenance;
    },
    backups,
    replaceArchive,
    checked,
    close: async () => {
      closed = true;
      changes.close();
      await check?.stop();
      await backups.close();
      await stopMaintenance();
      await stopIndexing(deps.archive);
      await deps.archive.close();
    },
  };
}
