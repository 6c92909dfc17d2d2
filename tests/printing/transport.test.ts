import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { probeDevice, probeTcp, sendDevice, sendTcp, withDeadline, type LookupFunction } from '../../main/node/printing/transport.js';
import { singleFlight } from '../../main/node/printing/single-flight.js';
import { createPrinting, PRINT_DEADLINE_MS } from '../../main/node/printing/index.js';
import { DEFAULT_PRINTER } from '../../main/api/settings/schema.js';
import { tempDir } from '../support/services.js';
import { FakePrinter } from './fake-printer.js';
import { openPtyDevice, ptyAvailable } from './pty-device.js';

// Only 127.0.0.1 is ever connected to. A host that does not exist is a name whose lookup
// fails the way DNS would (ENOTFOUND), answered here without asking any resolver.

const JOB = Buffer.concat([Buffer.from('\x1b@'), Buffer.from('Hallo printer\n'.repeat(200))]);
const LIMIT_MS = 3_000;

const noSuchHost: LookupFunction = (hostname, _options, callback) => {
  const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
  process.nextTick(() => callback(error, '', 4));
};

const printers: FakePrinter[] = [];
afterEach(async () => {
  while (printers.length) await printers.pop()!.close();
});
async function fake(...args: Parameters<typeof FakePrinter.start>): Promise<FakePrinter> {
  const printer = await FakePrinter.start(...args);
  printers.push(printer);
  return printer;
}

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work;
  return { value, ms: performance.now() - start };
}

describe('sending to a network printer', () => {
  it('delivers every byte, once, and succeeds when the printer closes after them', async () => {
    const printer = await fake();
    const { value } = await timed(sendTcp(printer, JOB, { deadlineMs: PRINT_DEADLINE_MS }));
    expect(value).toEqual({ ok: true });
    await printer.waitForJobs(1);
    expect(printer.jobs).toHaveLength(1);
    expect(printer.jobs[0]!.bytes.equals(JOB)).toBe(true);
  });

  it('reports a refused connection at once as a printer that is off', async () => {
    const printer = await fake({ kind: 'refuse' });
    const { value, ms } = await timed(sendTcp(printer, JOB, { deadlineMs: PRINT_DEADLINE_MS }));
    expect(value).toEqual({ ok: false, error: 'printer_off' });
    expect(ms).toBeLessThan(LIMIT_MS);
  });

  it('says the printer is off once it has been switched off, not that it refused the receipt', async () => {
    const printer = await FakePrinter.start();
    const target = { host: printer.host, port: printer.port };
    expect(await sendTcp(target, JOB, { deadlineMs: PRINT_DEADLINE_MS })).toEqual({ ok: true });
    await printer.close();
    expect(await sendTcp(target, JOB, { deadlineMs: PRINT_DEADLINE_MS })).toEqual({ ok: false, error: 'printer_off' });
  });

  it('gives up on a printer that accepts and never reads or answers, within 3 s', async () => {
    const printer = await fake({ kind: 'hang' });
    const { value, ms } = await timed(sendTcp(printer, JOB, { deadlineMs: PRINT_DEADLINE_MS }));
    expect(value).toEqual({ ok: false, error: 'printer_timeout' });
    expect(ms).toBeGreaterThanOrEqual(PRINT_DEADLINE_MS - 50);
    expect(ms).toBeLessThan(LIMIT_MS);
    expect(printer.jobs).toHaveLength(0);
  });

  it('reports a connection dropped in the middle of the job', async () => {
    const printer = await fake({ kind: 'disconnect', afterBytes: 300 });
    const { value, ms } = await timed(sendTcp(printer, JOB, { deadlineMs: PRINT_DEADLINE_MS }));
    expect(value).toEqual({ ok: false, error: 'printer_disconnected' });
    expect(ms).toBeLessThan(LIMIT_MS);
    expect(printer.partial[0]).toHaveLength(300);
  });

  it('reports a host that does not exist as unreachable', async () => {
    const { value, ms } = await timed(sendTcp({ host: 'printer.invalid', port: 9100 }, JOB, { deadlineMs: PRINT_DEADLINE_MS, lookup: noSuchHost }));
    expect(value).toEqual({ ok: false, error: 'printer_unreachable' });
    expect(ms).toBeLessThan(LIMIT_MS);
  });

  it('reports a lookup that never answers as unreachable at the deadline', async () => {
    const silent: LookupFunction = () => {};
    const { value, ms } = await timed(sendTcp({ host: 'printer.invalid', port: 9100 }, JOB, { deadlineMs: 300, lookup: silent }));
    expect(value).toEqual({ ok: false, error: 'printer_unreachable' });
    expect(ms).toBeLessThan(1_000);
  });

  it('probes: reachable when a connection opens, unreachable when refused or unknown', async () => {
    const printer = await fake();
    expect(await probeTcp(printer, { timeoutMs: 1_500 })).toBe(true);
    const hanging = await fake({ kind: 'hang' });
    expect(await probeTcp(hanging, { timeoutMs: 1_500 })).toBe(true);
    await printer.setMode({ kind: 'refuse' });
    expect(await probeTcp(printer, { timeoutMs: 1_500 })).toBe(false);
    expect(await probeTcp({ host: 'printer.invalid', port: 9100 }, { timeoutMs: 1_500, lookup: noSuchHost })).toBe(false);
    expect(printer.jobs).toHaveLength(0);
  });
});

describe('sending to a device path', () => {
  it.runIf(ptyAvailable)('writes the bytes to the device, unchanged', async () => {
    const pty = await openPtyDevice();
    onTestFinished(() => pty.close());
    expect(await sendDevice(pty.path, JOB, { deadlineMs: PRINT_DEADLINE_MS })).toEqual({ ok: true });
    expect(await sendDevice(pty.path, JOB, { deadlineMs: PRINT_DEADLINE_MS })).toEqual({ ok: true });
    await expect.poll(() => pty.written().equals(Buffer.concat([JOB, JOB]))).toBe(true);
    expect(await probeDevice(pty.path, { timeoutMs: 1_500 })).toBe(true);
  });

  it('never writes to a regular file, and does not count one as reachable', async () => {
    const file = path.join(tempDir(), 'lp0');
    fs.writeFileSync(file, '');
    expect(await sendDevice(file, JOB, { deadlineMs: PRINT_DEADLINE_MS })).toEqual({ ok: false, error: 'printer_not_a_device' });
    expect(fs.statSync(file).size).toBe(0);
    expect(await probeDevice(file, { timeoutMs: 1_500 })).toBe(false);
  });

  it('does not create a missing device, and says it is unplugged', async () => {
    const device = path.join(tempDir(), 'usb', 'lp9');
    expect(await sendDevice(device, JOB, { deadlineMs: PRINT_DEADLINE_MS })).toEqual({ ok: false, error: 'printer_unplugged' });
    expect(fs.existsSync(device)).toBe(false);
    expect(await probeDevice(device, { timeoutMs: 1_500 })).toBe(false);
  });

  it('refuses a device it cannot write to', async () => {
    // Root may write to a read-only file, but no one can write to a directory: the
    // same refusal on every machine this runs on.
    const device = path.join(tempDir(), 'lp0');
    fs.mkdirSync(device);
    expect(await sendDevice(device, JOB, { deadlineMs: PRINT_DEADLINE_MS })).toEqual({ ok: false, error: 'printer_refused' });
    expect(await probeDevice(device, { timeoutMs: 1_500 })).toBe(false);
  });
});

describe('deadlines and one attempt at a time', () => {
  it('withDeadline settles with the fallback when the work is late or fails', async () => {
    expect(await withDeadline(new Promise<string>(() => {}), 20, 'late')).toBe('late');
    expect(await withDeadline(Promise.reject(new Error('x')), 1_000, 'late')).toBe('late');
    expect(await withDeadline(Promise.resolve('on time'), 1_000, 'late')).toBe('on time');
  });

  it('singleFlight shares a run under way, and starts afresh after it', async () => {
    const once = singleFlight();
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const run = async () => {
      runs++;
      await gate;
      return runs;
    };
    const [a, b] = [once('job:1', run), once('job:1', run)];
    const c = once('job:2', async () => 'other');
    release();
    expect(await Promise.all([a, b, c])).toEqual([1, 1, 'other']);
    expect(await once('job:1', run)).toBe(2);
    await expect(once('job:3', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await once('job:3', async () => 'again')).toBe('again');
  });
});

describe('createPrinting', () => {
  const slip = { kind: 'test' as const, language: 'en' as const, title: 'Test page', columns: 32 as const, lines: [{ kind: 'text' as const, text: 'Hallo', align: 'left' as const, bold: false, large: false }] };

  it('says so when no system printer is there (web mode), and prints through one when it is', async () => {
    const system = { kind: 'system' as const, name: 'Kassa' };
    const printer = { ...DEFAULT_PRINTER, enabled: true, connection: system };
    expect(await createPrinting().send(slip, printer)).toEqual({ ok: false, error: 'system_printing_unavailable' });
    expect(await createPrinting().status(printer)).toEqual({ state: 'system', known: false });

    const printed: { html: string; name: string }[] = [];
    const systemPrinter = {
      list: async () => ['Kassa', 'Kantoor'],
      print: async (html: string, name: string) => void printed.push({ html, name }),
      savePdf: async () => true,
    };
    const printing = createPrinting({ systemPrinter });
    expect(await printing.send(slip, printer)).toEqual({ ok: true });
    expect(printed).toHaveLength(1);
    expect(printed[0]!.name).toBe('Kassa');
    expect(printed[0]!.html).toContain('<div class="line align-left">Hallo</div>');
    expect(await printing.status(printer)).toEqual({ state: 'system', known: true });
    expect(await printing.status({ ...printer, connection: { kind: 'system', name: 'Weg' } })).toEqual({ state: 'system', known: false });
  });

  it('gives a system printer that fails or hangs a failed outcome within the deadline', async () => {
    const printer = { ...DEFAULT_PRINTER, enabled: true, connection: { kind: 'system' as const, name: 'Kassa' } };
    const failing = createPrinting({ systemPrinter: { list: async () => [], print: async () => { throw new Error('no such printer'); }, savePdf: async () => false } });
    expect(await failing.send(slip, printer)).toEqual({ ok: false, error: 'printer_unreachable' });
    const hanging = createPrinting({ deadlineMs: 100, systemPrinter: { list: () => new Promise(() => {}), print: () => new Promise(() => {}), savePdf: async () => false } });
    expect(await hanging.send(slip, printer)).toEqual({ ok: false, error: 'printer_timeout' });
    expect(await createPrinting({ probeTimeoutMs: 100, systemPrinter: { list: () => new Promise(() => {}), print: async () => {}, savePdf: async () => false } }).status(printer))
      .toEqual({ state: 'system', known: false });
  });
});
