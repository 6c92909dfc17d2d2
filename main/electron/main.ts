// The Electron entry: wiring only. Decisions live in the small modules beside it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, ipcMain, protocol, safeStorage, screen, session, shell, type BrowserWindow } from 'electron';
import Store from 'electron-store';
import { ArchiveRefusedError } from '../../db/open.js';
import { ArchiveUnreachableError } from '../../db/open-postgres.js';
import { archiveChoice, databaseUrlOf } from '../node/archive-choice.js';
import type { SettingsStore } from '../api/settings/schema.js';
import { ARCHIVE_FILE, resolveDataDir } from '../node/data-dir.js';
import { openServices, type Services } from '../node/services.js';
import { settingsStore } from '../node/settings-store.js';
import { registerApi } from './ipc.js';
import { messageLanguage, STARTUP_BUTTONS, startupMessage, type StartupProblem } from './messages.js';
import { APP_SCHEME_PRIVILEGES, serveApp } from './protocol.js';
import { installSecurity } from './security.js';
import { electronSystemPrinter } from './system-print.js';
import { electronExportSaver } from './export-save.js';
import { createMainWindow } from './window.js';
import { electronDialogs, quitAfter } from './dialogs.js';
import { electronSecrets } from './secrets.js';
import { backupOnQuit, startBackupSchedule } from '../node/backup/scheduler.js';

// Bundled to dist/main/main.js: the preload sits beside it, the renderer one up.
const here = path.dirname(fileURLToPath(import.meta.url));
const PRELOAD = path.join(here, 'preload.cjs');
const RENDERER_DIR = path.join(here, '..', 'renderer');

protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

let services: Services | null = null;
let mainWindow: BrowserWindow | null = null;
let settingsFile: Store<Record<string, unknown>> | null = null;

function openWindow(): void {
  if (!settingsFile) return;
  const primary = screen.getPrimaryDisplay();
  mainWindow = createMainWindow({
    preload: PRELOAD,
    store: settingsFile,
    displays: [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)],
  });
  mainWindow.on('closed', () => (mainWindow = null));
}

function refuse(problem: StartupProblem, settings: SettingsStore | null, extra: { file?: string; details?: string }): void {
  const language = messageLanguage(settings ? () => settings.get().language : null, app.getLocale());
  const { title, body } = startupMessage(problem, language, extra);
  if (extra.file) {
    // Every way out starts at the file: moving it aside, its properties, its folder's rights.
    const buttons = STARTUP_BUTTONS[language];
    const choice = dialog.showMessageBoxSync({ type: 'error', title, message: title, detail: body, buttons: [buttons.showFile, buttons.quit], defaultId: 0, cancelId: 1, noLink: true });
    if (choice === 0) shell.showItemInFolder(extra.file);
  } else {
    dialog.showErrorBox(title, body);
  }
  app.exit(1);
}

function start(): void {
  installSecurity(app, session.defaultSession);
  const dataDir = resolveDataDir(process.env, () => app.getPath('userData'));
  // A damaged settings file resets to defaults rather than keeping the shop closed.
  settingsFile = new Store<Record<string, unknown>>({ cwd: dataDir, name: 'settings', clearInvalidConfig: true });
  const settings = settingsStore(settingsFile, app.getLocale());
  // safeStorage works once the app is ready, as it is here.
  const secrets = electronSecrets(safeStorage);
  const choice = archiveChoice(process.env, { setting: settings.get().archive, secrets });
  const databaseUrl = databaseUrlOf(choice);
  try {
    services = openServices({
      dataDir,
      ...(databaseUrl ? { databaseUrl } : {}),
      archiveChosenBy: choice.by,
      secrets,
      // Settings → Archive's "Restart now": quitting closes the archive (and backs up) as ever.
      restart: () => {
        app.relaunch();
        app.quit();
      },
      mode: 'electron',
      settings: () => settings,
      systemPrinter: electronSystemPrinter({ parent: () => mainWindow }),
      dialogs: electronDialogs({ dialog, parent: () => mainWindow, language: () => settings.get().language }),
      exportSaver: electronExportSaver({ dialog, parent: () => mainWindow }),
    });
  } catch (error) {
    // openArchive looks before it writes, so the refused file is left exactly as found.
    if (error instanceof ArchiveRefusedError) return refuse(error.code, settings, { file: path.join(dataDir, ARCHIVE_FILE) });
    // A shared archive's address that is none (its message never holds the password); a
    // server that is merely away is no reason not to start: the app says so and reconnects.
    if (error instanceof ArchiveUnreachableError) return refuse('startup_failed', settings, { details: error.message });
    throw error;
  }
  serveApp(protocol, RENDERER_DIR);
  registerApi(ipcMain, services.api);
  services.startMaintenance();
  startBackupSchedule(services.backups);
  openWindow();
}

if (!app.requestSingleInstanceLock()) {
  // The first instance gets 'second-instance' and comes forward; this one just leaves.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (services && !mainWindow) openWindow();
  });

  // The day's work goes into one more backup before the archive closes (at most a minute).
  quitAfter(app, () => (services ? backupOnQuit(services.backups, services.deps.settings.get().backup.automatic, 60_000, console.error) : Promise.resolve()));

  app.on('will-quit', (event) => {
    if (!services) return;
    // Let SQLite checkpoint and close before the process goes.
    event.preventDefault();
    const closing = services;
    services = null;
    closing
      .close()
      .catch((error: unknown) => console.error('closing the archive failed', error))
      .finally(() => app.quit());
  });

  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error('startup failed', error);
      refuse('startup_failed', null, { details: error instanceof Error ? error.message : String(error) });
    });
}
