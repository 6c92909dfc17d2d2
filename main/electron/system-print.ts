import { promises as fsp } from 'node:fs';
import { BrowserWindow, dialog } from 'electron';
import type { SystemPrinter } from '../api/deps.js';

// Printing through the system's printer drivers, and PDFs, from the receipt's HTML
// document. Each job gets a hidden, sandboxed window without JavaScript that loads only
// that document (a data: URL) and is destroyed afterwards.

const PRINT_WINDOW: Electron.BrowserWindowConstructorOptions = {
  show: false,
  width: 400,
  height: 800,
  webPreferences: {
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    javascript: false,
    webSecurity: true,
    spellcheck: false,
  },
};

export function documentUrl(html: string): string {
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}

async function withDocument<T>(html: string, work: (window: BrowserWindow) => Promise<T>): Promise<T> {
  const window = new BrowserWindow(PRINT_WINDOW);
  try {
    await window.loadURL(documentUrl(html));
    return await work(window);
  } finally {
    if (!window.isDestroyed()) window.destroy();
  }
}

export interface SystemPrintOptions {
  /** The app's window, so the save dialog sits on it. */
  parent?: () => BrowserWindow | null;
}

export function electronSystemPrinter(options: SystemPrintOptions = {}): SystemPrinter {
  return {
    async list() {
      return withDocument('<!doctype html><title>printers</title>', async (window) =>
        (await window.webContents.getPrintersAsync()).map((printer) => printer.name),
      );
    },

    print(html, deviceName) {
      return withDocument(html, (window) =>
        new Promise<void>((resolve, reject) => {
          window.webContents.print(
            { silent: true, deviceName, printBackground: true, margins: { marginType: 'none' } },
            (success, failureReason) => (success ? resolve() : reject(new Error(failureReason || 'printing failed'))),
          );
        }),
      );
    },

    async savePdf(html, suggestedName = 'receipt.pdf') {
      const pdf = await withDocument(html, (window) =>
        window.webContents.printToPDF({ printBackground: true, preferCSSPageSize: true, margins: { top: 0, bottom: 0, left: 0, right: 0 } }),
      );
      const parent = options.parent?.() ?? null;
      const dialogOptions: Electron.SaveDialogOptions = { defaultPath: suggestedName, filters: [{ name: 'PDF', extensions: ['pdf'] }] };
      const choice = parent ? await dialog.showSaveDialog(parent, dialogOptions) : await dialog.showSaveDialog(dialogOptions);
      if (choice.canceled || !choice.filePath) return false;
      await fsp.writeFile(choice.filePath, pdf);
      return true;
    },
  };
}
