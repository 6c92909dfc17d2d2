import { constants as fsConstants, promises as fsp } from 'node:fs';
import net from 'node:net';
import type { PrintError } from '../../api/receipts/schema.js';
import type { PrintOutcome } from '../../api/deps.js';
import { acceptable, DEVICE_FLAGS, isWindowsPort, namesPrinterDevice } from './device.js';

// Getting bytes to a printer without ever waiting on it for long. Every send settles
// within its deadline, whatever the other end does: refuse, never answer, stop reading,
// hang up half-way, or not exist at all.

export type LookupFunction = net.LookupFunction;

const fail = (error: PrintError): PrintOutcome => ({ ok: false, error });
const OK: PrintOutcome = { ok: true };

// A refused connection means nothing listens on the printer's port: a network printer that
// is switched off (or still starting) behind a router that answers for it, or a wrong port.
// Printers do not refuse jobs by closing their port, so this is "off", never "refused".
const OFF = new Set(['ECONNREFUSED']);
const UNREACHABLE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EADDRNOTAVAIL', 'ETIMEDOUT']);

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
}

/**
 * Raw ESC/POS over TCP (port 9100). The job counts as printed when the printer has taken
 * every byte and closed the connection after our end of it, as CUPS's socket backend
 * waits for: a printer that accepts but never reads or never closes runs into the
 * deadline (printer_timeout) instead of passing for printed.
 */
export function sendTcp(
  target: { host: string; port: number },
  bytes: Uint8Array,
  options: { deadlineMs: number; lookup?: LookupFunction },
): Promise<PrintOutcome> {
  return new Promise((resolve) => {
    let connected = false;
    let ended = false;
    let flushed = false;
    let settled = false;
    const socket = net.connect({ host: target.host, port: target.port, noDelay: true, ...(options.lookup ? { lookup: options.lookup } : {}) });
    const settle = (outcome: PrintOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => settle(fail(connected ? 'printer_timeout' : 'printer_unreachable')), options.deadlineMs);
    socket.on('connect', () => {
      connected = true;
      // Everything, then our half of the close: the printer answers with its own.
      ended = true;
      socket.end(bytes, () => (flushed = true));
    });
    // 'finish' may trail the printer's close by a tick: handed to the kernel is enough.
    const delivered = () => flushed || (ended && socket.writableLength === 0);
    // Status bytes some printers volunteer (Star's ASB) are read and let go.
    socket.on('data', () => {});
    socket.on('end', () => settle(delivered() ? OK : fail('printer_disconnected')));
    socket.on('close', () => settle(delivered() ? OK : fail(connected ? 'printer_disconnected' : 'printer_unreachable')));
    socket.on('error', (error) => {
      const code = errorCode(error);
      if (OFF.has(code)) settle(fail('printer_off'));
      else if (!connected || UNREACHABLE.has(code)) settle(fail('printer_unreachable'));
      else settle(fail('printer_disconnected'));
    });
  });
}

/** Whether a TCP connection opens within the time: the printer is on and on the network. */
export function probeTcp(target: { host: string; port: number }, options: { timeoutMs: number; lookup?: LookupFunction }): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: target.host, port: target.port, ...(options.lookup ? { lookup: options.lookup } : {}) });
    const done = (reachable: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(reachable);
    };
    const timer = setTimeout(() => done(false), options.timeoutMs);
    socket.on('connect', () => done(true));
    socket.on('error', () => done(false));
  });
}

/** Settles with the work's outcome, or with `late` when the deadline comes first. */
export function withDeadline<T>(work: Promise<T>, ms: number, late: T): Promise<T> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(late), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(late);
      },
    );
  });
}

function deviceError(error: unknown): PrintError {
  const code = errorCode(error);
  if (['EACCES', 'EPERM', 'EBUSY', 'EROFS', 'EISDIR'].includes(code)) return 'printer_refused';
  if (['EIO', 'EPIPE', 'ECONNRESET'].includes(code)) return 'printer_disconnected';
  // No such device (yet): the USB cable is out or the printer is off, so the system has no port.
  if (['ENOENT', 'ENOTDIR', 'ENODEV', 'ENXIO'].includes(code)) return 'printer_unplugged';
  return 'printer_unreachable';
}

/**
 * A USB or serial printer the system shows as a file (/dev/usb/lp0, COM3): the bytes are
 * written to it. A write that blocks (a printer out of paper) runs into the deadline; the
 * blocked write itself cannot be cancelled and finishes or fails on its own later.
 * What was opened is checked before a byte goes out (main/node/printing/device.ts): the
 * settings were checked when saved, but the path may point elsewhere since.
 */
export async function sendDevice(path: string, bytes: Uint8Array, options: { deadlineMs: number; picked?: boolean }): Promise<PrintOutcome> {
  const work = (async (): Promise<PrintOutcome> => {
    try {
      // Before opening: opening some character devices (a console, the kernel log) acts.
      if (!isWindowsPort(path) && !(await namesPrinterDevice(path))) return fail('printer_not_a_device');
      const handle = await fsp.open(path, DEVICE_FLAGS);
      try {
        // fstat of the open descriptor: the thing written to, not what the name meant a moment ago.
        if (!isWindowsPort(path) && !acceptable(await handle.stat(), options.picked ?? false)) return fail('printer_not_a_device');
        await handle.writeFile(bytes);
      } finally {
        await handle.close();
      }
      return OK;
    } catch (error) {
      return fail(deviceError(error));
    }
  })();
  return withDeadline(work, options.deadlineMs, fail('printer_timeout'));
}

/** The device exists, this user may write to it, and sendDevice would (a file or folder it would not). */
export async function probeDevice(path: string, options: { timeoutMs: number; picked?: boolean }): Promise<boolean> {
  const check = fsp.access(path, fsConstants.W_OK)
    .then(() => fsp.stat(path))
    .then(async (stat) => isWindowsPort(path) || (acceptable(stat, options.picked ?? false) && (await namesPrinterDevice(path))), () => false);
  return withDeadline(check, options.timeoutMs, false);
}
