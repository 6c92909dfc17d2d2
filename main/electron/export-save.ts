import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { BrowserWindow, Dialog } from 'electron';
import type { ExportSaver } from '../api/exchange/files.js';

// "Save a copy…" for exports in the desktop app: the save dialog lives in main (the renderer
// never names a path), and the finished export is copied to where the shop chose.

const FILTERS: Record<string, Electron.FileFilter[]> = {
  '.csv': [{ name: 'CSV', extensions: ['csv'] }],
  '.zip': [{ name: 'Zip', extensions: ['zip'] }],
};

export interface ExportSaveOptions {
  dialog: Pick<Dialog, 'showSaveDialog'>;
  /** The app's window, so the dialog sits on it. */
  parent?: () => BrowserWindow | null;
}

export function electronExportSaver(options: ExportSaveOptions): ExportSaver {
  return {
    async saveCopy(file, suggestedName) {
      const dialogOptions: Electron.SaveDialogOptions = {
        defaultPath: suggestedName,
        filters: FILTERS[path.extname(suggestedName).toLowerCase()] ?? [],
      };
      const parent = options.parent?.() ?? null;
      const choice = parent ? await options.dialog.showSaveDialog(parent, dialogOptions) : await options.dialog.showSaveDialog(dialogOptions);
      if (choice.canceled || !choice.filePath) return false;
      // Refuse to copy a file onto itself (choosing the exports folder and the same name).
      if (path.resolve(choice.filePath) === path.resolve(file)) return true;
      await fsp.copyFile(file, choice.filePath);
      return true;
    },
  };
}
