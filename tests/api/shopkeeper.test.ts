import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PRINTER } from '../../main/api/settings/schema.js';
import { FakePrinter } from '../printing/fake-printer.js';
import type { ImportReport } from '../../main/api/contract.js';
import type { SystemPrinter } from '../../main/api/deps.js';
import { testApp, type TestApp } from '../support/services.js';
import { finished, upload } from './exchange-support.js';

// What a new shopkeeper ran into (issue 12 §5), each through the handlers the page calls.

async function dryRunOf(app: TestApp, csv: string): Promise<ImportReport> {
  const file = await upload(app, csv);
  const job = await finished(app, await app.ok('exchange.check', { uploadId: file.uploadId, mapping: file.mapping, dateOrder: file.dateOrder } as never));
  return job.result as ImportReport;
}

const printers: FakePrinter[] = [];
afterEach(async () => {
  while (printers.length) await printers.pop()!.close();
});

describe('the counter brief after an undo', () => {
  it('shows the last purchase that stands, or none', async () => {
    const app = testApp();
    const c = await app.ok('customers.create', { customer: { givenName: 'Truus' } });
    const brief = async () => (await app.ok('customers.brief', { id: c.id })).lastVisit;

    const first = await app.ok('loyalty.recordPurchase', { customerId: c.id, amount: '12,00', locale: 'nl' });
    const wrong = await app.ok('loyalty.recordPurchase', { customerId: c.id, amount: '6,50', locale: 'nl' });
    await app.ok('loyalty.undoLast', { customerId: c.id, visitId: wrong.visit.id });
    expect(await brief()).toMatchObject({ id: first.visit.id, amountCents: 1200, undone: false });

    // Only the newest can be undone: a customer whose one purchase was undone has none.
    const once = await app.ok('customers.create', { customer: { givenName: 'Once' } });
    const only = await app.ok('loyalty.recordPurchase', { customerId: once.id, amount: '6,50', locale: 'nl' });
    await app.ok('loyalty.undoLast', { customerId: once.id, visitId: only.visit.id });
    expect((await app.ok('customers.brief', { id: once.id })).lastVisit).toBeNull();
  });
});

describe('a receipt preview', () => {
  async function printingShop() {
    const app = testApp();
    const fake = await FakePrinter.start();
    printers.push(fake);
    await app.ok('settings.update', {
      language: 'en',
      printer: { ...DEFAULT_PRINTER, enabled: true, connection: { kind: 'network', host: fake.host, port: fake.port } },
    });
    const customer = await app.ok('customers.create', { customer: { givenName: 'Jan', familyName: 'de Vries' } });
    return { app, fake, customer };
  }

  it('makes no print job, and knows the slip that printed after the sale', async () => {
    const { app, fake, customer } = await printingShop();
    const sale = await app.ok('loyalty.recordPurchase', { customerId: customer.id, amount: '23.50', locale: 'en' });
    const source = { kind: 'loyalty', visitId: sale.visit.id } as const;

    const fresh = await app.ok('receipts.preview', { source });
    expect(fresh).toMatchObject({ kind: 'loyalty', customerName: 'Jan de Vries', columns: 48, job: null });
    expect(fresh.lines.length).toBeGreaterThan(5);
    expect(await app.ok('receipts.unprinted', {})).toEqual([]);

    // The sale's own slip prints; the preview afterwards says so and still adds nothing.
    const job = await app.ok('receipts.create', { source });
    await app.ok('receipts.print', { jobId: job.id });
    const after = await app.ok('receipts.preview', { source });
    expect(after.job).toMatchObject({ id: job.id, status: 'printed' });
    expect(await app.ok('receipts.unprinted', {})).toEqual([]);
    expect(fake.jobs).toHaveLength(1);
  });

  it('shows a slip still waiting as that job, so trying again prints it once', async () => {
    const { app, customer } = await printingShop();
    await app.ok('settings.update', { printer: { ...DEFAULT_PRINTER, enabled: false } });
    const job = await app.ok('receipts.create', { source: { kind: 'member_card', customerId: customer.id } });
    const preview = await app.ok('receipts.preview', { source: { kind: 'member_card', customerId: customer.id } });
    expect(preview.job).toMatchObject({ id: job.id, status: 'pending' });
    expect((await app.ok('receipts.unprinted', {})).map((j) => j.id)).toEqual([job.id]);
  });

  it('is saved as a PDF from its source, still without a job', async () => {
    const names: string[] = [];
    const systemPrinter: SystemPrinter = { list: async () => [], print: async () => {}, savePdf: async (_html, name) => (names.push(name ?? ''), true) };
    const app = testApp({ systemPrinter });
    const customer = await app.ok('customers.create', { customer: { givenName: 'Jan' } });
    expect(await app.ok('receipts.savePdf', { source: { kind: 'member_card', customerId: customer.id } })).toEqual({ saved: true });
    expect(names).toEqual([`Uw klantenkaart ${customer.id}.pdf`]);
    expect(await app.ok('receipts.unprinted', {})).toEqual([]);
  });
});

describe('a scanned card nobody has', () => {
  it('is told apart from a phone number by its EAN-13 check digit', async () => {
    const app = testApp();
    const search = (query: string) => app.ok('customers.search', { query });
    expect((await search('2999999999991')).isCardNumber).toBe(true);
    expect((await search('2100000000005')).isCardNumber).toBe(true);
    // Thirteen digits with a wrong check digit, a Dutch mobile in 0031 form, and a short number.
    expect((await search('2999999999999')).isCardNumber).toBe(false);
    expect((await search('0031612345678')).isCardNumber).toBe(false);
    expect((await search('0612345678')).isCardNumber).toBe(false);
  });
});

describe('amounts in messages', () => {
  it('follow the language the amount was typed in', async () => {
    const app = testApp();
    const c = await app.ok('customers.create', { customer: { givenName: 'Ann' } });
    const tooLarge = async (amount: string, locale: 'nl' | 'en') =>
      (await app.fail('loyalty.recordPurchase', { customerId: c.id, amount, locale })).fields?.amount;
    expect(await tooLarge('100000.01', 'en')).toEqual({ code: 'amount_too_large', params: { max: '€100,000.00' } });
    expect(await tooLarge('100000,01', 'nl')).toEqual({ code: 'amount_too_large', params: { max: '€ 100.000,00' } });
  });
});

describe('an import row with a negative balance', () => {
  it('says it is below zero, not that it is not a whole number', async () => {
    const app = testApp();
    const report = await dryRunOf(app, 'Naam;Stempels\nAnna Bos;-2\nBram Bos;2,5\nCees Bos;3\n');
    expect(report.bad.map((b) => [b.row, b.problems.map((p) => [p.code, p.value])])).toEqual([
      [2, [['negative', '-2']]],
      [3, [['invalid_number', '2,5']]],
    ]);
  });
});
