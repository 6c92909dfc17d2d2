import type { App, BrowserWindow, Dialog } from 'electron';
import type { Dialogs } from '../api/deps.js';
import type { AppLanguage } from '../api/settings/schema.js';

// The backup folder, a backup file to restore and a receipt printer's device are chosen in
// main's own dialogs: the renderer never names a path.

const TEXT: Record<AppLanguage, { folder: string; file: string; choose: string; backups: string; device: string }> = {
  nl: { folder: 'Map voor back-ups kiezen', file: 'Back-up kiezen om terug te zetten', choose: 'Kiezen', backups: 'Counterpart-back-ups', device: 'Bonprinter kiezen (apparaat)' },
  en: { folder: 'Choose the backup folder', file: 'Choose a backup to restore', choose: 'Choose', backups: 'Counterpart backups', device: 'Choose the receipt printer (device)' },
};

export interface DialogOptions {
  dialog: Pick<Dialog, 'showOpenDialog'>;
  /** The app's window, so the dialog sits on it. */
  parent?: () => BrowserWindow | null;
  language?: () => AppLanguage;
}

export function electronDialogs(options: DialogOptions, platform: NodeJS.Platform = process.platform): Dialogs {
  const open = async (dialogOptions: Electron.OpenDialogOptions): Promise<string | null> => {
    const parent = options.parent?.() ?? null;
    const choice = parent ? await options.dialog.showOpenDialog(parent, dialogOptions) : await options.dialog.showOpenDialog(dialogOptions);
    return choice.canceled ? null : (choice.filePaths[0] ?? null);
  };
  const text = () => TEXT[options.language?.() ?? 'en'];
  return {
    pickFolder: () => open({ title: text().folder, buttonLabel: text().choose, properties: ['openDirectory', 'createDirectory'] }),
    pickBackupFile: () => open({
      title: text().file,
      buttonLabel: text().choose,
      properties: ['openFile'],
      filters: [{ name: text().backups, extensions: ['sqlite', 'cpbackup'] }],
    }),
    // Devices live in /dev (hidden from dialogs by default); Windows has no such folder.
    pickPrinterDevice: () => open({
      title: text().device,
      buttonLabel: text().choose,
      properties: ['openFile', 'showHiddenFiles'],
      ...(platform === 'win32' ? {} : { defaultPath: '/dev' }),
    }),
  };
}

/**
 * Runs `beforeQuitting` (the backup on quit) once when the app is asked to quit, then
 * quits. `beforeQuitting` must settle by itself within its own deadline.
 */
export function quitAfter(app: Pick<App, 'on' | 'quit'>, beforeQuitting: () => Promise<void>): void {
  let state: 'open' | 'running' | 'done' = 'open';
  app.on('before-quit', (event) => {
    if (state === 'done') return;
    event.preventDefault();
    if (state === 'running') return;
    state = 'running';
    beforeQuitting()
      .catch((error: unknown) => console.error('before quitting', error))
      .finally(() => {
        state = 'done';
        app.quit();
      });
  });
}
