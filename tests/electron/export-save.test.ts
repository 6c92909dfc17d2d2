import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dialog } from 'electron';
import { electronExportSaver } from '../../main/electron/export-save.js';
import { exchangeHandlers } from '../../main/api/exchange/handlers.js';
import type { ExportSaver } from '../../main/api/exchange/files.js';
import { tempDir, testApp } from '../support/services.js';

// "Save a copy…" in the desktop app: the dialog lives in main and the export is copied where
// the shop chose. Electron cannot run here: a stand-in dialog answers as a person would.

function fakeDialog(answer: { canceled: boolean; filePath?: string }) {
  const asked: unknown[][] = [];
  const dialog = {
    showSaveDialog: async (...args: unknown[]) => {
      asked.push(args);
      return { canceled: answer.canceled, filePath: answer.filePath ?? '' };
    },
  } as unknown as Pick<Dialog, 'showSaveDialog'>;
  return { dialog, asked };
}

describe('the desktop save dialog for exports', () => {
  it('copies the export to where the shop chose, suggesting its name and kind', async () => {
    const dir = tempDir();
    const source = path.join(dir, 'klanten-2026-11-25-1000.csv');
    fs.writeFileSync(source, '\uFEFFNaam;Telefoon\r\nJosé;06-12345678\r\n');
    const target = path.join(tempDir(), 'klanten voor de boekhouder.csv');
    const { dialog, asked } = fakeDialog({ canceled: false, filePath: target });
    expect(await electronExportSaver({ dialog }).saveCopy(source, 'klanten-2026-11-25-1000.csv')).toBe(true);
    expect(asked).toEqual([[{ defaultPath: 'klanten-2026-11-25-1000.csv', filters: [{ name: 'CSV', extensions: ['csv'] }] }]]);
    expect(fs.readFileSync(target).equals(fs.readFileSync(source))).toBe(true);
  });

  it('does nothing when the shop cancels', async () => {
    const dir = tempDir();
    const source = path.join(dir, 'export.zip');
    fs.writeFileSync(source, 'zip');
    const { dialog } = fakeDialog({ canceled: true });
    expect(await electronExportSaver({ dialog }).saveCopy(source, 'export.zip')).toBe(false);
    expect(fs.readdirSync(dir)).toEqual(['export.zip']);
  });
});

describe('exchange.saveCopy', () => {
  it('hands only a finished export to the dialog, and says so in web mode', async () => {
    const app = testApp();
    await app.ok('customers.create', { customer: { givenName: 'José' } });
    const [tag] = await app.ok('tags.add', { customerId: 1, name: 'Poëzie' });
    const file = await app.ok('exchange.exportTag', { tagId: tag!.id });
    expect((await app.fail('exchange.saveCopy', { name: file.name })).code).toBe('export_save_unavailable');

    const copies: [string, string][] = [];
    const exportSaver: ExportSaver = { saveCopy: async (source, name) => (copies.push([source, name]), true) };
    const deps = { ...app.deps, exportSaver };
    expect(await exchangeHandlers['exchange.saveCopy'](deps, { name: file.name })).toEqual({ saved: true });
    expect(copies).toEqual([[path.join(app.dataDir, 'exports', file.name), file.name]]);
    await expect(exchangeHandlers['exchange.saveCopy'](deps, { name: '../counterpart.sqlite' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(exchangeHandlers['exchange.saveCopy'](deps, { name: 'nope.csv' })).rejects.toMatchObject({ code: 'not_found' });
  });
});
