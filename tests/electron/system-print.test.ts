import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../support/services.js';

// Electron cannot run here; stand-ins record what the system printer asks of it.
const fake = vi.hoisted(() => ({
  windows: [] as FakeWindow[],
  printers: ['Kassa', 'Kantoor'],
  printResult: { success: true, reason: '' },
  saveChoice: { canceled: false, filePath: '' } as { canceled: boolean; filePath?: string },
  dialogs: [] as unknown[][],
}));

interface FakeWindow {
  options: Record<string, unknown>;
  loaded: string[];
  printed: Record<string, unknown>[];
  pdfOptions: Record<string, unknown>[];
  destroyed: boolean;
}

vi.mock('electron', () => ({
  BrowserWindow: class {
    state: FakeWindow;
    webContents: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      this.state = { options, loaded: [], printed: [], pdfOptions: [], destroyed: false };
      fake.windows.push(this.state);
      const state = this.state;
      this.webContents = {
        getPrintersAsync: async () => fake.printers.map((name) => ({ name, displayName: name })),
        print: (opts: Record<string, unknown>, callback: (success: boolean, reason: string) => void) => {
          state.printed.push(opts);
          setTimeout(() => callback(fake.printResult.success, fake.printResult.reason), 1);
        },
        printToPDF: async (opts: Record<string, unknown>) => {
          state.pdfOptions.push(opts);
          return Buffer.from('%PDF-1.7 fake');
        },
      };
    }
    loadURL(url: string) {
      this.state.loaded.push(url);
      return Promise.resolve();
    }
    isDestroyed() {
      return this.state.destroyed;
    }
    destroy() {
      this.state.destroyed = true;
    }
  },
  dialog: {
    showSaveDialog: async (...args: unknown[]) => {
      fake.dialogs.push(args);
      return fake.saveChoice;
    },
  },
}));

const { documentUrl, electronSystemPrinter } = await import('../../main/electron/system-print.js');

const HTML = '<!doctype html><html lang="nl"><body><div class="line">Jan &amp; Truus € 5</div></body></html>';

describe('the Electron system printer', () => {
  beforeEach(() => {
    fake.windows.length = 0;
    fake.dialogs.length = 0;
    fake.printResult = { success: true, reason: '' };
  });

  it('prints silently to the named printer from a hidden, sandboxed window without JavaScript', async () => {
    await electronSystemPrinter().print(HTML, 'Kassa');
    expect(fake.windows).toHaveLength(1);
    const [window] = fake.windows;
    expect(window!.options).toMatchObject({
      show: false,
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
    });
    expect(window!.loaded).toEqual([documentUrl(HTML)]);
    expect(decodeURIComponent(window!.loaded[0]!.replace('data:text/html;charset=utf-8,', ''))).toBe(HTML);
    expect(window!.printed).toEqual([expect.objectContaining({ silent: true, deviceName: 'Kassa', printBackground: true })]);
    expect(window!.destroyed).toBe(true);
  });

  it('rejects when the system cannot print, and still closes the window', async () => {
    fake.printResult = { success: false, reason: 'Invalid deviceName provided' };
    await expect(electronSystemPrinter().print(HTML, 'Weg')).rejects.toThrow('Invalid deviceName provided');
    expect(fake.windows[0]!.destroyed).toBe(true);
  });

  it('lists the printers the system knows', async () => {
    expect(await electronSystemPrinter().list()).toEqual(['Kassa', 'Kantoor']);
    expect(fake.windows[0]!.destroyed).toBe(true);
  });

  it('makes a PDF, asks where to save it on the app window, and writes it there', async () => {
    const file = path.join(tempDir(), 'bon.pdf');
    fake.saveChoice = { canceled: false, filePath: file };
    const parent = { id: 'main window' };
    const printer = electronSystemPrinter({ parent: () => parent as never });
    expect(await printer.savePdf(HTML, 'Spaarbon 7.pdf')).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe('%PDF-1.7 fake');
    expect(fake.windows[0]!.pdfOptions).toEqual([expect.objectContaining({ printBackground: true, preferCSSPageSize: true })]);
    expect(fake.dialogs).toEqual([[parent, expect.objectContaining({ defaultPath: 'Spaarbon 7.pdf', filters: [{ name: 'PDF', extensions: ['pdf'] }] })]]);
    expect(fake.windows[0]!.destroyed).toBe(true);
  });

  it('writes nothing when the save dialog is cancelled', async () => {
    fake.saveChoice = { canceled: true };
    expect(await electronSystemPrinter().savePdf(HTML)).toBe(false);
    expect(fake.dialogs).toEqual([[expect.objectContaining({ defaultPath: 'receipt.pdf' })]]);
  });
});
