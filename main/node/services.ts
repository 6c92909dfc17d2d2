import fs from 'node:fs';
import path from 'node:path';
import { randomInt } from 'node:crypto';
import { openArchive, type Archive } from '../../db/open.js';
import type { SettingsStore } from '../api/settings/schema.js';
import type { Deps, Dialogs, SystemPrinter } from '../api/deps.js';
import { createApi, type Api, type Logger } from '../api/dispatch.js';
import { ARCHIVE_FILE } from './data-dir.js';
import { APP_VERSION } from './version.js';
import { expireAllDue } from '../api/loyalty/maintenance.js';
import { createPrinting, type PrintingOptions } from './printing/index.js';
import { exportFolder, exportsDir } from './exchange/folder.js';
import type { ExportSaver } from '../api/exchange/files.js';
import { startCheckpointer, type Checkpointer } from './checkpointer.js';
import { createBackups, type NodeBackups } from './backup/service.js';
import { swapInArchive } from './backup/swap.js';
import { carryErasures } from './backup/carry-erasures.js';
import { saveErasures } from './backup/erasure-file.js';
import { readRegister } from '../../db/privacy/register.js';
import { carryErasures } from './backup/carry-erasures.js';
import { saveErasures } from './backup/erasure-file.js';
import { readRegister } from '../../db/privacy/register.js';
import { indexPending, stopIndexing } from '../api/customers/search-indexing.js';
import { undoAbandonedImports } from '../api/exchange/import.js';

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
  close(): Promise<void>;
}

const MAINTENANCE_DELAY_MS = 5_000;
const MAINTENANCE_EVERY_MS = 6 * 60 * 60 * 1000;

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
}

/** Opens the archive in the data folder and wires the handlers: shared by every shell. */
export function openServices(options: ServiceOptions): Services {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const archive = openArchive(path.join(options.dataDir, ARCHIVE_FILE));
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
  };
  const log = options.log ?? ((message: string, error: unknown) => console.error(message, error));
  // Half-written exports a crash left hold customers, some perhaps erased since: never kept.
  deps.exports?.sweepPartials();
  let timers: NodeJS.Timeout[] = [];
  let checkpointer: Checkpointer | null = null;
  const maintain = () => {
    expireAllDue(deps).catch((error: unknown) => log('maintenance failed', error));
  };
  const startUpkeep = () => {
    timers = [setTimeout(maintain, MAINTENANCE_DELAY_MS), setInterval(maintain, MAINTENANCE_EVERY_MS)];
    for (const timer of timers) timer.unref();
    checkpointer ??= startCheckpointer(deps.archive.sqlite, deps.archive.file, { log });
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
    const upkeep = checkpointer !== null;
    await stopMaintenance();
    const file = deps.archive.file;
    await stopIndexing(deps.archive);
    // Read while calls wait for the swap: no erasure can slip in after it.
    const current = await readRegister(deps.archive.db);
    await deps.archive.close();
    try {
      const erasedAgain = await carryErasures({ staged, current, dataDir: options.dataDir, now: deps.clock() });
      deps.archive = await swapInArchive(file, staged, (f) => openArchive(f));
      return { erasedAgain };
    } catch (error) {
      deps.archive = openArchive(file);
      throw error;
    } finally {
      if (upkeep) startUpkeep();
    }
  };
  const backups = createBackups({ deps, replaceArchive, log });
  deps.backups = backups;
  const handlers = createApi(deps, { log: options.log });
  const api: Api = {
    async call(name, input) {
      while (swapping) await swapping;
      return handlers.call(name, input);
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
    close: async () => {
      await backups.close();
      await stopMaintenance();
      await stopIndexing(deps.archive);
      await deps.archive.close();
    },
  };
}
