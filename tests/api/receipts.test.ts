import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { code128Widths } from '../../main/core/receipts/code128.js';
import { DEFAULT_PRINTER, type PrinterSettings } from '../../main/api/settings/schema.js';
import type { PrintJob, PrintLine } from '../../main/api/contract.js';
import type { SystemPrinter } from '../../main/api/deps.js';
import type { LookupFunction } from '../../main/node/printing/transport.js';
import { decodeEscPos, paperText, printedWidth, textLines, type PaperItem } from '../printing/escpos-decoder.js';
import { FakePrinter } from '../printing/fake-printer.js';
import { openPtyDevice, ptyAvailable } from '../printing/pty-device.js';
import { tempDir, testApp, type TestApp } from '../support/services.js';

// Receipts through the real handlers, on a real archive, to a fake printer on 127.0.0.1.

const DAY = 86_400_000;
const LIMIT_MS = 3_000;

const printers: FakePrinter[] = [];
afterEach(async () => {
  while (printers.length) await printers.pop()!.close();
});

async function shop(options: { columns?: 32 | 48; language?: 'nl' | 'en'; printer?: Partial<PrinterSettings>; app?: Parameters<typeof testApp>[0] } = {}) {
  const app = testApp(options.app);
  const fake = await FakePrinter.start();
  printers.push(fake);
  await app.ok('settings.update', {
    shopName: 'Bakkerij Jansen',
    language: options.language ?? 'nl',
    printer: { ...DEFAULT_PRINTER, enabled: true, columns: options.columns ?? 48, connection: { kind: 'network', host: fake.host, port: fake.port }, ...options.printer },
  });
  const customer = await app.ok('customers.create', { customer: { givenName: 'Jan', familyName: 'de Vries' } });
  return { app, fake, customer };
}

async function printed(fake: FakePrinter, count = 1): Promise<PaperItem[]> {
  await fake.waitForJobs(count);
  return decodeEscPos(fake.jobs[count - 1]!.bytes);
}

/** What the preview shows, as the text lines the paper should carry. */
const previewText = (job: PrintJob) => job.lines.flatMap((l: PrintLine) => (l.kind === 'text' ? [l.text] : l.kind === 'rule' ? ['-'.repeat(job.columns)] : l.kind === 'blank' ? [''] : []));

async function purchase(app: TestApp, customerId: number, amount = '23,50') {
  return app.ok('loyalty.recordPurchase', { customerId, amount, locale: 'nl' });
}

describe('a loyalty receipt', () => {
  it.each([32, 48] as const)('is made after the purchase and printed as previewed, at %i columns', async (columns) => {
    const { app, fake, customer } = await shop({ columns });
    const sale = await purchase(app, customer.id);

    const job = await app.ok('receipts.create', { source: { kind: 'loyalty', visitId: sale.visit.id } });
    expect(job).toMatchObject({ kind: 'loyalty', customerId: customer.id, customerName: 'Jan de Vries', status: 'pending', attempts: 0, error: null, printedAt: null, columns });

    const done = await app.ok('receipts.print', { jobId: job.id });
    expect(done).toMatchObject({ id: job.id, status: 'printed', attempts: 1, error: null, printedAt: expect.any(Number) });

    const paper = await printed(fake);
    const text = paperText(paper);
    expect(text).toContain('Bakkerij Jansen');
    expect(text).toContain('Spaarbon');
    expect(text).toContain('Klant: Jan de Vries');
    expect(text.find((t) => t.startsWith('Aankoop'))).toMatch(/ € 23,50$/);
    expect(text.find((t) => t.startsWith('Gespaard'))).toMatch(/ \+2 stempels$/);
    expect(text.find((t) => t.startsWith('Nieuw saldo'))).toMatch(/ 2 stempels$/);
    expect(text).toContain('██░░░░░░░░ 2/10');
    for (const line of textLines(paper)) expect(printedWidth(line), line.text).toBeLessThanOrEqual(columns);
    expect(text).toEqual(previewText(done));
    expect(paper.at(-1)).toEqual({ kind: 'cut', partial: false });
    expect(fake.jobs).toHaveLength(1);
  });

  it('speaks English when the app does: "€23.50", the title, the next reward', async () => {
    const { app, fake, customer } = await shop({ language: 'en' });
    await app.ok('loyalty.saveReward', { name: 'Free coffee', cost: 5, kind: 'free_item' });
    const sale = await purchase(app, customer.id);
    const job = await app.ok('receipts.create', { source: { kind: 'loyalty', visitId: sale.visit.id } });
    await app.ok('receipts.print', { jobId: job.id });
    const text = paperText(await printed(fake));
    expect(text).toContain('Loyalty receipt');
    expect(text.find((t) => t.startsWith('Purchase'))).toMatch(/ €23\.50$/);
    expect(text).toContain('3 more stamps to Free coffee');
  });

  it('prints a name it cannot print in PC858 as close as it can, and wraps a long one', async () => {
    const { app, fake } = await shop({ columns: 32 });
    const ayse = await app.ok('customers.create', {
      customer: { givenName: 'Ayşe Şükriye', familyName: 'Yılmaz-Wolfeschlegelsteinhausenbergerdorff' },
    });
    const sale = await purchase(app, ayse.id);
    const job = await app.ok('receipts.create', { source: { kind: 'loyalty', visitId: sale.visit.id } });
    expect(job.customerName).toBe('Ayşe Şükriye Yılmaz-Wolfeschlegelsteinhausenbergerdorff');
    await app.ok('receipts.print', { jobId: job.id });
    const paper = await printed(fake);
    const text = paperText(paper);
    expect(text).toContain('Klant: Ayse Sükriye');
    expect(text.some((t) => t.startsWith('Yilmaz-Wolfeschlegelsteinhaus'))).toBe(true);
    for (const line of textLines(paper)) expect(printedWidth(line), line.text).toBeLessThanOrEqual(32);
  });

  it('wishes a happy birthday in the birthday week and welcomes back after a long absence', async () => {
    const { app, fake } = await shop();
    const today = new Date(app.now.value);
    const jan = await app.ok('customers.create', {
      customer: { givenName: 'Jarig', familyName: 'Job', birthday: { day: today.getDate(), month: today.getMonth() + 1, year: 1980 } },
    });
    const first = await purchase(app, jan.id);
    await app.ok('receipts.print', { jobId: (await app.ok('receipts.create', { source: { kind: 'loyalty', visitId: first.visit.id } })).id });
    const one = paperText(await printed(fake, 1));
    expect(one).toContain('Gefeliciteerd met uw verjaardag!');
    expect(one).not.toContain('Welkom terug!');

    app.now.value += 90 * DAY;
    const second = await purchase(app, jan.id);
    await app.ok('receipts.print', { jobId: (await app.ok('receipts.create', { source: { kind: 'loyalty', visitId: second.visit.id } })).id });
    const two = paperText(await printed(fake, 2));
    expect(two).toContain('Welkom terug!');
    expect(two).not.toContain('Gefeliciteerd met uw verjaardag!');

    app.now.value += 2 * DAY;
    const third = await purchase(app, jan.id);
    await app.ok('receipts.print', { jobId: (await app.ok('receipts.create', { source: { kind: 'loyalty', visitId: third.visit.id } })).id });
    expect(paperText(await printed(fake, 3))).not.toContain('Welkom terug!');
  });

  it('is not made for an undone purchase, nor for a visit that does not exist', async () => {
    const { app, customer } = await shop();
    const sale = await purchase(app, customer.id);
    await app.ok('loyalty.undoLast', { customerId: customer.id, visitId: sale.visit.id });
    expect((await app.fail('receipts.create', { source: { kind: 'loyalty', visitId: sale.visit.id } })).code).toBe('not_found');
    expect((await app.fail('receipts.create', { source: { kind: 'loyalty', visitId: 999 } })).code).toBe('not_found');
    expect((await app.fail('receipts.create', { source: { kind: 'member_card', customerId: 999 } })).code).toBe('not_found');
    expect((await app.fail('receipts.create', { source: { kind: 'loyalty' } })).code).toBe('validation');
  });

  it('shows the balance as it stood on a reprint of an older purchase', async () => {
    const { app, fake, customer } = await shop();
    const first = await purchase(app, customer.id, '30,00');
    await purchase(app, customer.id, '40,00');
    const reprint = await app.ok('receipts.create', { source: { kind: 'loyalty', visitId: first.visit.id } });
    await app.ok('receipts.print', { jobId: reprint.id });
    const text = paperText(await printed(fake));
    expect(text.find((t) => t.startsWith('Nieuw saldo'))).toMatch(/ 3 stempels$/);
    expect(text).toContain('███░░░░░░░ 3/10');
  });
});

describe('a redemption receipt and a member card', () => {
  it('gives the reward, the code for the till slip and the new balance', async () => {
    const { app, fake, customer } = await shop({ columns: 32 });
    const coffee = await app.ok('loyalty.saveReward', { name: 'Gratis koffie', cost: 10, kind: 'free_item' });
    await app.ok('loyalty.migrate', { customerId: customer.id, amount: 12 });
    const redemption = await app.ok('loyalty.redeem', { customerId: customer.id, rewardId: coffee.id, idempotencyKey: 'receipt-test-1' });
    const job = await app.ok('receipts.create', { source: { kind: 'redemption', entryId: redemption.entryId } });
    await app.ok('receipts.print', { jobId: job.id });
    const paper = await printed(fake);
    const text = paperText(paper);
    expect(text).toContain('Inwisselbon');
    expect(text).toContain('Beloning: Gratis koffie');
    expect(text.find((t) => t.startsWith('Ingewisseld'))).toMatch(/ -10 stempels$/);
    expect(text.find((t) => t.startsWith('Nieuw saldo'))).toMatch(/ 2 stempels$/);
    expect(textLines(paper).find((l) => l.text === redemption.code)).toMatchObject({ bold: true, width: 2, height: 2, align: 'center' });
    expect(text.join(' ')).toContain('Noteer deze code op de kassabon.');
  });

  it('is not made from a ledger entry that is not a redemption', async () => {
    const { app, customer } = await shop();
    const sale = await purchase(app, customer.id);
    const history = await app.ok('loyalty.history', { customerId: customer.id });
    expect(history.items[0]!.visitId).toBe(sale.visit.id);
    expect((await app.fail('receipts.create', { source: { kind: 'redemption', entryId: 1 } })).code).toBe('not_found');
  });

  it.each([32, 48] as const)('prints the card number as CODE128 and QR at %i columns', async (columns) => {
    const { app, fake, customer } = await shop({ columns });
    const job = await app.ok('receipts.create', { source: { kind: 'member_card', customerId: customer.id } });
    expect(job.lines.filter((l) => l.kind === 'barcode' || l.kind === 'qr')).toEqual([
      { kind: 'barcode', value: customer.cardNumber, bars: code128Widths(customer.cardNumber) },
      { kind: 'qr', value: customer.cardNumber },
    ]);
    await app.ok('receipts.print', { jobId: job.id });
    const paper = await printed(fake);
    expect(paper.filter((item) => item.kind === 'barcode').map((b) => b.kind === 'barcode' && b.value)).toEqual([customer.cardNumber]);
    expect(paper.filter((item) => item.kind === 'qr')).toEqual([{ kind: 'qr', value: customer.cardNumber }]);
    expect(paperText(paper)).toContain('Uw klantenkaart');
    expect(paperText(paper)).toContain(customer.cardNumber);
  });

  it('prints a test page with the awkward characters and both codes', async () => {
    const { app, fake } = await shop({ language: 'en' });
    await app.ok('receipts.print', { jobId: (await app.ok('receipts.create', { source: { kind: 'test' } })).id });
    const paper = await printed(fake);
    expect(paperText(paper)).toContain('Characters: € é ü ß ñ Ø');
    expect(paperText(paper)).toContain('If you can read this, the printer works.');
    expect(paper.some((item) => item.kind === 'barcode')).toBe(true);
    expect(paper.some((item) => item.kind === 'qr')).toBe(true);
  });
});

describe('printing never loses a sale', () => {
  const noSuchHost: LookupFunction = (hostname, _options, callback) => {
    process.nextTick(() => callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 4));
  };

  const faults = [
    { name: 'a printer switched off (connection refused)', error: 'printer_off', breakIt: (fake: FakePrinter) => fake.setMode({ kind: 'refuse' }) },
    { name: 'a printer that accepts and never answers', error: 'printer_timeout', breakIt: (fake: FakePrinter) => fake.setMode({ kind: 'hang' }) },
    { name: 'a disconnect in the middle of the job', error: 'printer_disconnected', breakIt: (fake: FakePrinter) => fake.setMode({ kind: 'disconnect', afterBytes: 120 }) },
  ] as const;

  for (const fault of faults) {
    it(`keeps the receipt after ${fault.name} (${fault.error}), and prints it once when the printer is back`, async () => {
      const { app, fake, customer } = await shop();
      const sale = await purchase(app, customer.id);
      const job = await app.ok('receipts.create', { source: { kind: 'loyalty', visitId: sale.visit.id } });
      await fault.breakIt(fake);

      const start = performance.now();
      const failed = await app.ok('receipts.print', { jobId: job.id });
      expect(performance.now() - start).toBeLessThan(LIMIT_MS);
      expect(failed).toMatchObject({ status: 'failed', error: fault.error, attempts: 1, printedAt: null });
      expect((await app.ok('receipts.unprinted')).map((j) => j.id)).toEqual([job.id]);
      expect((await app.ok('loyalty.summary', { customerId: customer.id })).balance).toBe(2);
      expect(fake.jobs).toHaveLength(0);

      await fake.setMode({ kind: 'normal' });
      const retried = await app.ok('receipts.print', { jobId: job.id });
      expect(retried).toMatchObject({ status: 'printed', error: null, attempts: 2 });
      await fake.waitForJobs(1);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(fake.jobs).toHaveLength(1);
      expect(paperText(decodeEscPos(fake.jobs[0]!.bytes))).toEqual(previewText(retried));
      expect(await app.ok('receipts.unprinted')).toEqual([]);
    });
  }

  it('reports a printer host that does not exist as unreachable, within 3 s', async () => {
    const { app, customer } = await shop({ app: { printing: { lookup: noSuchHost } } });
    await app.ok('settings.update', { printer: { ...DEFAULT_PRINTER, enabled: true, connection: { kind: 'network', host: 'printer.invalid', port: 9100 } } });
    const sale = await purchase(app, customer.id);
    const job = await app.ok('receipts.create', { source: { kind: 'loyalty', visitId: sale.visit.id } });
    const start = performance.now();
    expect(await app.ok('receipts.print', { jobId: job.id })).toMatchObject({ status: 'failed', error: 'printer_unreachable' });
    expect(performance.now() - start).toBeLessThan(LIMIT_MS);
    expect(await app.ok('receipts.printerStatus')).toEqual({ state: 'unreachable' });
    expect((await app.ok('loyalty.summary', { customerId: customer.id })).balance).toBe(2);
  });

  it('sends a job once when two prints of it race, and never prints a printed job again', async () => {
    const { app, fake, customer } = await shop();
    const sale = await purchase(app, customer.id);
    const job = await app.ok('receipts.create', { source: { kind: 'loyalty', visitId: sale.visit.id } });
    const [a, b] = await Promise.all([app.ok('receipts.print', { jobId: job.id }), app.ok('receipts.print', { jobId: job.id })]);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ status: 'printed', attempts: 1 });
    const again = await app.ok('receipts.print', { jobId: job.id });
    expect(again).toEqual(a);
    await fake.waitForJobs(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.jobs).toHaveLength(1);
  });

  it('reprints an earlier receipt as a new job', async () => {
    const { app, fake, customer } = await shop();
    const sale = await purchase(app, customer.id);
    const first = await app.ok('receipts.create', { source: { kind: 'loyalty', visitId: sale.visit.id } });
    await app.ok('receipts.print', { jobId: first.id });
    const reprint = await app.ok('receipts.create', { source: { kind: 'loyalty', visitId: sale.visit.id } });
    expect(reprint.id).not.toBe(first.id);
    await app.ok('receipts.print', { jobId: reprint.id });
    await fake.waitForJobs(2);
    expect(fake.jobs[1]!.bytes.equals(fake.jobs[0]!.bytes)).toBe(true);
  });

  it('fails at once with printing_off or printer_not_configured, keeping the job', async () => {
    const { app, fake, customer } = await shop({ printer: { enabled: false } });
    const sale = await purchase(app, customer.id);
    const job = await app.ok('receipts.create', { source: { kind: 'loyalty', visitId: sale.visit.id } });
    expect(await app.ok('receipts.print', { jobId: job.id })).toMatchObject({ status: 'failed', error: 'printing_off' });
    expect(await app.ok('receipts.printerStatus')).toEqual({ state: 'off' });
    await app.ok('settings.update', { printer: { ...DEFAULT_PRINTER, enabled: true } });
    expect(await app.ok('receipts.print', { jobId: job.id })).toMatchObject({ status: 'failed', error: 'printer_not_configured', attempts: 2 });
    expect(await app.ok('receipts.printerStatus')).toEqual({ state: 'not_configured' });
    expect(fake.connections).toBe(0);
    expect((await app.ok('receipts.unprinted')).map((j) => j.id)).toEqual([job.id]);
  });

  it('lists unprinted jobs newest first, drops discarded ones, and keeps them across a restart', async () => {
    const dataDir = tempDir();
    const first = testApp({ dataDir, manual: true });
    await first.ok('settings.update', { printer: { ...DEFAULT_PRINTER, enabled: false } });
    const customer = await first.ok('customers.create', { customer: { givenName: 'Jan' } });
    const jobs: PrintJob[] = [];
    for (let i = 0; i < 3; i++) {
      const sale = await purchase(first, customer.id, `${10 + i},00`);
      jobs.push(await first.ok('receipts.create', { source: { kind: 'loyalty', visitId: sale.visit.id } }));
    }
    await first.ok('receipts.print', { jobId: jobs[0]!.id });
    expect((await first.ok('receipts.unprinted')).map((j) => [j.id, j.status])).toEqual([[jobs[2]!.id, 'pending'], [jobs[1]!.id, 'pending'], [jobs[0]!.id, 'failed']]);
    expect(await first.ok('receipts.discard', { jobId: jobs[1]!.id })).toMatchObject({ status: 'discarded' });
    expect(await first.ok('receipts.print', { jobId: jobs[1]!.id })).toMatchObject({ status: 'discarded', attempts: 0 });
    await first.dispose();

    const again = testApp({ dataDir, manual: true });
    expect((await again.ok('receipts.unprinted')).map((j) => j.id)).toEqual([jobs[2]!.id, jobs[0]!.id]);
    expect((await again.fail('receipts.discard', { jobId: 999 })).code).toBe('not_found');
    expect((await again.fail('receipts.print', { jobId: 999 })).code).toBe('not_found');
    await again.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('does not discard a printed job', async () => {
    const { app, customer } = await shop();
    const job = await app.ok('receipts.create', { source: { kind: 'member_card', customerId: customer.id } });
    await app.ok('receipts.print', { jobId: job.id });
    expect(await app.ok('receipts.discard', { jobId: job.id })).toMatchObject({ status: 'printed' });
  });

  it('lays a stored job out at the printer’s current width', async () => {
    const { app, customer } = await shop({ columns: 48, printer: { enabled: false } });
    const job = await app.ok('receipts.create', { source: { kind: 'member_card', customerId: customer.id } });
    expect(job.columns).toBe(48);
    await app.ok('settings.update', { printer: { ...DEFAULT_PRINTER, columns: 32 } });
    const [listed] = await app.ok('receipts.unprinted');
    expect(listed!.columns).toBe(32);
    for (const line of listed!.lines) if (line.kind === 'text') expect(line.text.length * (line.large ? 2 : 1)).toBeLessThanOrEqual(32);
  });
});

describe('printers', () => {
  it('reports a network printer reachable or unreachable', async () => {
    const { app, fake } = await shop();
    expect(await app.ok('receipts.printerStatus')).toEqual({ state: 'reachable' });
    await fake.setMode({ kind: 'refuse' });
    expect(await app.ok('receipts.printerStatus')).toEqual({ state: 'unreachable' });
    expect(fake.jobs).toHaveLength(0);
  });

  it.runIf(ptyAvailable)('prints to a device path (a USB or serial printer shown as a character device)', async () => {
    const { app, customer } = await shop();
    const pty = await openPtyDevice();
    onTestFinished(() => pty.close());
    // Through a symlink, as /dev/serial/by-id/… names a serial printer.
    const device = path.join(tempDir(), 'lp0');
    fs.symlinkSync(pty.path, device);
    await app.ok('settings.update', { printer: { ...DEFAULT_PRINTER, enabled: true, columns: 32, connection: { kind: 'device', path: device } } });
    expect(await app.ok('receipts.printerStatus')).toEqual({ state: 'reachable' });
    const job = await app.ok('receipts.create', { source: { kind: 'member_card', customerId: customer.id } });
    expect(await app.ok('receipts.print', { jobId: job.id })).toMatchObject({ status: 'printed' });
    await expect.poll(() => decodeEscPos(pty.written()).find((item) => item.kind === 'qr')).toEqual({ kind: 'qr', value: customer.cardNumber });

    // Unplugged: the device (and the symlink to it) is gone.
    fs.rmSync(device);
    expect(await app.ok('receipts.printerStatus')).toEqual({ state: 'unreachable' });
    const second = await app.ok('receipts.create', { source: { kind: 'member_card', customerId: customer.id } });
    expect(await app.ok('receipts.print', { jobId: second.id })).toMatchObject({ status: 'failed', error: 'printer_unplugged' });
  });

  it('has no system printers and no PDFs without Electron (web mode)', async () => {
    const { app, customer } = await shop();
    expect(await app.ok('receipts.systemPrinters')).toEqual([]);
    const job = await app.ok('receipts.create', { source: { kind: 'member_card', customerId: customer.id } });
    expect((await app.fail('receipts.savePdf', { jobId: job.id })).code).toBe('system_printing_unavailable');
    await app.ok('settings.update', { printer: { ...DEFAULT_PRINTER, enabled: true, connection: { kind: 'system', name: 'Kassa' } } });
    expect(await app.ok('receipts.printerStatus')).toEqual({ state: 'system', known: false });
    expect(await app.ok('receipts.print', { jobId: job.id })).toMatchObject({ status: 'failed', error: 'system_printing_unavailable' });
  });

  it('lists, prints to and saves PDFs through the system printer when Electron gives one', async () => {
    const calls: { what: string; html: string; name?: string }[] = [];
    const systemPrinter: SystemPrinter = {
      list: async () => ['Kassa', 'Kantoor'],
      print: async (html, name) => void calls.push({ what: 'print', html, name }),
      savePdf: async (html, name) => (calls.push({ what: 'pdf', html, ...(name ? { name } : {}) }), true),
    };
    const { app, customer } = await shop({ app: { systemPrinter } });
    expect(await app.ok('receipts.systemPrinters')).toEqual(['Kassa', 'Kantoor']);
    await app.ok('settings.update', { printer: { ...DEFAULT_PRINTER, enabled: true, connection: { kind: 'system', name: 'Kassa' } } });
    expect(await app.ok('receipts.printerStatus')).toEqual({ state: 'system', known: true });

    const job = await app.ok('receipts.create', { source: { kind: 'member_card', customerId: customer.id } });
    expect(await app.ok('receipts.print', { jobId: job.id })).toMatchObject({ status: 'printed' });
    expect(await app.ok('receipts.savePdf', { jobId: job.id })).toEqual({ saved: true });
    expect(calls.map((c) => [c.what, c.name])).toEqual([['print', 'Kassa'], ['pdf', `Uw klantenkaart ${job.id}.pdf`]]);
    for (const call of calls) {
      expect(call.html).toMatch(/^<!doctype html>/);
      expect(call.html).toContain('Jan de Vries');
      expect(call.html).toContain('<svg class="qr"');
    }
  });
});
