import { constants as fsConstants, promises as fsp } from 'node:fs';
import path from 'node:path';

// What a device printer's path may be (issue 12): a receipt's header is text the shop types,
// so writing it to ~/.bashrc ran a command, and writing it to the archive grew it. A
// device printer is a character device (/dev/usb/lp0, /dev/ttyUSB0, also through a symlink
// such as /dev/serial/by-id/…), a Windows serial or parallel port, or — on Windows, where
// devices do not show as character devices — a path main's own dialog picked. Never a
// regular file, a folder, or anything in the data folder.

type DeviceProblem = 'device_missing' | 'not_a_device';

const WINDOWS_PORT = /^(?:\\\\\.\\)?(?:COM(?:[1-9]|[1-9]\d|1\d\d|2[0-4]\d|25[0-6])|LPT[1-9])$/i;

/** COM1–COM256 and LPT1–9, also as \\.\COMn: ports Windows opens by name. */
export function isWindowsPort(p: string, platform: NodeJS.Platform = process.platform): boolean {
  return platform === 'win32' && WINDOWS_PORT.test(p);
}

/**
 * Opened for writing without O_CREAT (a missing device stays missing, no file appears) and
 * without O_APPEND or O_TRUNC, which only files need; O_NOCTTY so a serial port never
 * becomes the app's terminal.
 */
export const DEVICE_FLAGS = process.platform === 'win32' ? fsConstants.O_WRONLY : fsConstants.O_WRONLY | (fsConstants.O_NOCTTY ?? 0);

/**
 * The names a receipt printer has on Linux and macOS, read after symlinks (/dev/serial/by-id/…
 * leads to a ttyUSB): USB and parallel printers, serial ports, Bluetooth serial, a pseudo-
 * terminal (a virtual serial port) and /dev/null (a printer that prints nothing). Every other
 * character device — memory, the kernel log, consoles, a VM's controls — is no printer, and
 * even opening some of them does something.
 */
const PRINTER_DEVICE = /^\/dev\/(?:usb\/lp\d+|lp\d+|tty(?:USB|ACM|S|AMA)\d+|rfcomm\d+|pts\/\d+|null|(?:cu|tty)\.[^/]+)$/;

/**
 * Whether a path may name a printer device: under /dev only a printer's name. Elsewhere (a
 * missing path, a file) opening and fstat decide; on Windows the open handle decides.
 */
export async function namesPrinterDevice(p: string, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  if (platform === 'win32') return true;
  const real = await fsp.realpath(p).catch(() => null);
  return real === null || !real.startsWith('/dev/') || PRINTER_DEVICE.test(real);
}

const inside = (child: string, parent: string) => child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);

/** Whether what an open path turned out to be may be written to as a printer. */
export function acceptable(stat: { isCharacterDevice(): boolean; isFile(): boolean; isDirectory(): boolean }, picked: boolean): boolean {
  if (stat.isCharacterDevice()) return true;
  return picked && process.platform === 'win32' && !stat.isFile() && !stat.isDirectory();
}

/** Null when the path may be written to as a printer; else why not. Never opens it. */
export async function checkDevicePath(p: string, options: { dataDir: string; picked: boolean }): Promise<DeviceProblem | null> {
  if (isWindowsPort(p)) return null;
  // A relative path would be resolved against wherever the app was started from.
  if (!path.isAbsolute(p)) return 'not_a_device';
  const dataDir = path.resolve(options.dataDir);
  const realDataDir = await fsp.realpath(dataDir).catch(() => dataDir);
  if (inside(path.resolve(p), dataDir) || inside(path.resolve(p), realDataDir)) {
    return (await fsp.stat(p).then(() => true, () => false)) ? 'not_a_device' : 'device_missing';
  }
  let real: string;
  let stat: Awaited<ReturnType<typeof fsp.stat>>;
  try {
    real = await fsp.realpath(p);
    stat = await fsp.stat(real);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    return ['ENOENT', 'ENOTDIR', 'ENODEV', 'ENXIO'].includes(code) ? 'device_missing' : 'not_a_device';
  }
  // A symlink is judged by what it points at.
  if (inside(real, realDataDir) || inside(real, dataDir)) return 'not_a_device';
  if (!(await namesPrinterDevice(real))) return 'not_a_device';
  return acceptable(stat, options.picked) ? null : 'not_a_device';
}
