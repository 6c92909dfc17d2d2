import type { PrinterSettings } from '../../api/settings/schema.js';
import type { PrinterStatus } from '../../api/receipts/schema.js';
import type { Printing, PrintOutcome, Slip, SystemPrinter } from '../../api/deps.js';
import { receiptDocument } from '../../core/receipts/html.js';
import { renderEscPos } from './escpos.js';
import { singleFlight } from './single-flight.js';
import { probeDevice, probeTcp, sendDevice, sendTcp, withDeadline, type LookupFunction } from './transport.js';
import { checkDevicePath } from './device.js';

// The receipt printer for the handlers: ESC/POS to a network or device printer, HTML to
// a system printer, each within a deadline, one attempt per job at a time.

/** Whatever the printer does, an attempt settles within this (the API promises 3 s). */
export const PRINT_DEADLINE_MS = 2_500;
/** How long printerStatus waits for a TCP connection. */
export const PROBE_TIMEOUT_MS = 1_500;

export interface PrintingOptions {
  systemPrinter?: SystemPrinter;
  deadlineMs?: number;
  probeTimeoutMs?: number;
  /** Name resolution for network printers; tests answer it without DNS. */
  lookup?: LookupFunction;
}

export function createPrinting(options: PrintingOptions = {}): Printing {
  const deadlineMs = options.deadlineMs ?? PRINT_DEADLINE_MS;
  const probeMs = options.probeTimeoutMs ?? PROBE_TIMEOUT_MS;
  const lookup = options.lookup;
  const system = options.systemPrinter;

  async function send(slip: Slip, printer: PrinterSettings): Promise<PrintOutcome> {
    const connection = printer.connection;
    switch (connection.kind) {
      case 'network': {
        if (connection.host === '') return { ok: false, error: 'printer_not_configured' };
        return sendTcp({ host: connection.host, port: connection.port }, renderEscPos(slip, printer), { deadlineMs, ...(lookup ? { lookup } : {}) });
      }
      case 'device':
        return sendDevice(connection.path, renderEscPos(slip, printer), { deadlineMs, picked: picked.has(connection.path) });
      case 'system': {
        if (!system) return { ok: false, error: 'system_printing_unavailable' };
        const html = receiptDocument(slip.lines, slip.columns, { title: slip.title, language: slip.language });
        const printed = system.print(html, connection.name).then((): PrintOutcome => ({ ok: true }), (): PrintOutcome => ({ ok: false, error: 'printer_unreachable' }));
        return withDeadline(printed, deadlineMs, { ok: false, error: 'printer_timeout' });
      }
    }
  }

  async function status(printer: PrinterSettings): Promise<PrinterStatus> {
    const connection = printer.connection;
    if (!printer.enabled) return { state: 'off' };
    switch (connection.kind) {
      case 'network':
        if (connection.host === '') return { state: 'not_configured' };
        return { state: (await probeTcp(connection, { timeoutMs: probeMs, ...(lookup ? { lookup } : {}) })) ? 'reachable' : 'unreachable' };
      case 'device': {
        const reachable = await probeDevice(connection.path, { timeoutMs: probeMs, picked: picked.has(connection.path) });
        return { state: reachable ? 'reachable' : 'unreachable' };
      }
      case 'system': {
        const names = system ? await withDeadline(system.list(), probeMs, [] as string[]) : [];
        return { state: 'system', known: names.includes(connection.name) };
      }
    }
  }

  // Paths main's own dialog picked this run (settings.pickPrinterDevice): the renderer never adds one.
  const picked = new Set<string>();
  const once = singleFlight();
  return {
    send, status, once,
    checkDevice: (path, dataDir) => checkDevicePath(path, { dataDir, picked: picked.has(path) }),
    trustDevice: (path) => void picked.add(path),
  };
}
