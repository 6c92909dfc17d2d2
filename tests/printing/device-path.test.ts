import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRINTER } from '../../main/api/settings/schema.js';
import { sendDevice } from '../../main/node/printing/transport.js';
import { PRINT_DEADLINE_MS } from '../../main/node/printing/index.js';
import { tempDir, testApp } from '../support/services.js';

// Issue 12: a "device" printer path pointed at ~/.bashrc made a receipt run a command, and
// at the archive grew it. A device printer is a character device (or a Windows port, or
// what main's own dialog picked), never a file — checked when saved and again when written.

const JOB = Buffer.from('\x1b@echo pwned\n', 'latin1');
const device = (p: string) => ({ printer: { ...DEFAULT_PRINTER, enabled: true, connection: { kind: 'device' as const, path: p } } });
const linuxLike = process.platform !== 'win32';

describe.runIf(linuxLike)('the settings refuse a device path that is not a device', () => {
  it('refuses a regular file, anything in the data folder, a missing path, a symlink to a file and a relative path', async () => {
    const app = testApp();
    const dir = tempDir();
    const bashrc = path.join(dir, '.bashrc');
    fs.writeFileSync(bashrc, 'export PS1=x\n');
    const link = path.join(dir, 'lp0');
    fs.symlinkSync(bashrc, link);
    const archive = fs.readdirSync(app.dataDir).map((name) => path.join(app.dataDir, name)).find((p) => p.endsWith('.sqlite'))!;
    expect(archive).toBeDefined();
    const cases: [string, string][] = [
      [bashrc, 'not_a_device'],
      [archive, 'not_a_device'],
      [app.dataDir, 'not_a_device'],
      [path.join(app.dataDir, 'lp0'), 'device_missing'],
      [path.join(dir, 'usb', 'lp9'), 'device_missing'],
      [link, 'not_a_device'],
      ['lp0', 'not_a_device'],
      ['COM3', 'not_a_device'],
    ];
    for (const [p, code] of cases) {
      const error = await app.fail('settings.update', device(p));
      expect(error.fields?.['printer.connection.path'], p).toEqual({ code });
    }
    expect((await app.ok('settings.get', {})).printer.connection.kind).toBe('network');
    expect(fs.readFileSync(bashrc, 'utf8')).toBe('export PS1=x\n');
    expect(fs.existsSync(path.join(dir, 'usb'))).toBe(false);
  });

  it('takes a character device, also through a symlink (/dev/serial/by-id/…)', async () => {
    const app = testApp();
    expect((await app.ok('settings.update', device('/dev/null'))).printer.connection).toEqual({ kind: 'device', path: '/dev/null' });
    const link = path.join(tempDir(), 'by-id-printer');
    fs.symlinkSync('/dev/null', link);
    expect((await app.ok('settings.update', device(link))).printer.connection).toEqual({ kind: 'device', path: link });
    // Saving other printer settings while the printer is unplugged keeps working.
    fs.rmSync(link);
    expect((await app.ok('settings.update', { printer: { ...device(link).printer, columns: 32 } })).printer.columns).toBe(32);
  });
});

describe.runIf(linuxLike)('writing to a device refuses what is not one', () => {
  it('writes nothing to a regular file or a symlink to one, with a clear error', async () => {
    const dir = tempDir();
    const bashrc = path.join(dir, '.bashrc');
    fs.writeFileSync(bashrc, 'export PS1=x\n');
    const link = path.join(dir, 'lp0');
    fs.symlinkSync(bashrc, link);
    for (const p of [bashrc, link]) {
      expect(await sendDevice(p, JOB, { deadlineMs: PRINT_DEADLINE_MS }), p).toEqual({ ok: false, error: 'printer_not_a_device' });
    }
    expect(fs.readFileSync(bashrc, 'utf8')).toBe('export PS1=x\n');
    expect(await sendDevice('/dev/null', JOB, { deadlineMs: PRINT_DEADLINE_MS })).toEqual({ ok: true });
  });

  it('takes no character device that is not a printer: the kernel log, a console, /dev/zero', async () => {
    const app = testApp();
    const others = ['/dev/kmsg', '/dev/tty0', '/dev/zero', '/dev/full'].filter((p) => fs.existsSync(p));
    expect(others.length).toBeGreaterThan(0);
    for (const p of others) {
      expect((await app.fail('settings.update', device(p))).fields?.['printer.connection.path']?.code, p).toBe('not_a_device');
      expect(await sendDevice(p, JOB, { deadlineMs: PRINT_DEADLINE_MS }), p).toEqual({ ok: false, error: 'printer_not_a_device' });
    }
  });

  it('refuses a path that became a file after it was saved (or was set before this check existed)', async () => {
    const app = testApp();
    const bashrc = path.join(tempDir(), '.bashrc');
    fs.writeFileSync(bashrc, '');
    // As a settings file from an older version, or edited by hand, would have it.
    app.deps.settings.update(device(bashrc));
    const archive = path.join(app.dataDir, fs.readdirSync(app.dataDir).find((name) => name.endsWith('.sqlite'))!);
    const before = fs.statSync(archive).size;
    const job = await app.ok('receipts.create', { source: { kind: 'test' } });
    expect(await app.ok('receipts.print', { jobId: job.id })).toMatchObject({ status: 'failed', error: 'printer_not_a_device' });
    expect(await app.ok('receipts.printerStatus', {})).toEqual({ state: 'unreachable' });
    expect(fs.readFileSync(bashrc, 'utf8')).toBe('');
    app.deps.settings.update(device(archive));
    const again = await app.ok('receipts.create', { source: { kind: 'test' } });
    expect(await app.ok('receipts.print', { jobId: again.id })).toMatchObject({ status: 'failed', error: 'printer_not_a_device' });
    expect(fs.statSync(archive).size).toBe(before);
  });
});

describe('choosing the printer device in main’s dialog (the desktop app)', () => {
  it('is not offered without the dialog, and takes only a device when it is', async () => {
    const app = testApp();
    expect((await app.fail('settings.pickPrinterDevice', {})).code).toBe('backup_dialog_unavailable');
    let answer: string | null = null;
    app.deps.dialogs = { pickFolder: async () => null, pickBackupFile: async () => null, pickPrinterDevice: async () => answer };
    expect(await app.ok('settings.pickPrinterDevice', {})).toBeNull();
    if (!linuxLike) return;
    answer = '/dev/null';
    expect(await app.ok('settings.pickPrinterDevice', {})).toEqual({ path: '/dev/null' });
    const file = path.join(tempDir(), 'receipt.txt');
    fs.writeFileSync(file, '');
    answer = file;
    expect((await app.fail('settings.pickPrinterDevice', {})).fields?.['printer.connection.path']).toEqual({ code: 'not_a_device' });
  });
});
