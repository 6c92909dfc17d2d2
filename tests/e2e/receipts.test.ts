/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEscPos, paperText } from '../printing/escpos-decoder.js';
import { FakePrinter } from '../printing/fake-printer.js';
import { a11yViolations, startE2E, type E2E } from './support.js';

// The receipt printer at the counter: set it up, print after a sale, preview = paper,
// redeem and print, reprint, and a printer that is off never loses the sale.

let e2e: E2E;
let printer: FakePrinter;
let customerId: number;
const page = () => e2e.page;

const printed = (index: number) => paperText(decodeEscPos(printer.jobs[index]!.bytes)).map((l) => l.trimEnd());

async function previewText(): Promise<string[]> {
  const lines = await page().locator('.paper .paper-line').allTextContents();
  return lines.map((l) => l.replace(/\u00a0/g, ' ').trimEnd());
}

beforeAll(async () => {
  printer = await FakePrinter.start();
  e2e = await startE2E();
  const customer = await e2e.app.ok('customers.create', { customer: { givenName: 'Chloé', familyName: 'Müller', phones: ['06-44455566'] } });
  customerId = customer.id;
  await e2e.app.ok('loyalty.saveReward', { name: 'Free loaf', cost: 2, kind: 'free_item' });
}, 60_000);

afterAll(async () => {
  await e2e?.close();
  await printer?.close();
});

describe('receipts in Chromium', () => {
  it('sets up the network printer and shows it reachable', async () => {
    await page().evaluate(() => (window.location.hash = '#/settings'));
    const form = page().getByRole('form', { name: 'Receipt printer' });
    await form.getByLabel('Print receipts').check();
    await form.getByLabel('IP address or name').fill('127.0.0.1');
    await form.getByLabel('Port').fill(String(printer.port));
    await form.getByLabel('Paper width').selectOption('32');
    await form.getByRole('button', { name: 'Save printer settings' }).click();
    await form.getByText('Status: Printer reachable').waitFor({ timeout: 10_000 });
    await e2e.shot('30-printer-settings');
  });

  it('prints the loyalty receipt after a purchase, and the preview shows the same slip', async () => {
    await page().evaluate((id) => (window.location.hash = `#/customer/${id}`), customerId);
    await page().getByLabel('Amount spent').fill('23.50');
    await page().keyboard.press('Enter');
    await printer.waitForJobs(1);
    const paper = printed(0);
    expect(paper.join('\n')).toContain('Chloé Müller');
    expect(paper.join('\n')).toContain('€23.50');
    expect(paper.every((line) => line.length <= 32)).toBe(true);
    await page().getByText('Receipt printed.').waitFor();

    await page().getByRole('button', { name: 'Receipt', exact: true }).first().click();
    const dialog = page().getByRole('dialog', { name: /Loyalty receipt/ });
    await dialog.waitFor();
    expect((await previewText()).filter((l) => l.trim() !== '')).toEqual(paper.filter((l) => l.trim() !== ''));
    await e2e.shot('31-receipt-preview');
    expect(await a11yViolations(page())).toEqual([]);

    // The preview knows the slip printed; printing again makes exactly one more copy.
    await dialog.getByText(/^Printed /).waitFor();
    await dialog.getByRole('button', { name: 'Print again' }).click();
    await printer.waitForJobs(2);
    expect(printed(1)).toEqual(paper);
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('prints the redemption receipt with the code for the till slip', async () => {
    await page().getByRole('button', { name: 'Redeem Free loaf' }).click();
    await page().getByRole('button', { name: 'Yes, redeem' }).click();
    const code = await page().locator('.redeem-code').textContent();
    await printer.waitForJobs(3);
    expect(printed(2).join('\n')).toContain(code!);
    expect(printed(2).join('\n')).toContain('Free loaf');
    await page().getByRole('button', { name: 'Close' }).click();
  });

  it('reprints an earlier receipt from the history', async () => {
    const reprint = page().getByRole('button', { name: /^Receipt for Purchase/ });
    await reprint.first().click();
    const dialog = page().getByRole('dialog', { name: /Loyalty receipt/ });
    await dialog.getByRole('button', { name: 'Print again' }).click();
    await printer.waitForJobs(4);
    expect(printed(3)).toEqual(printed(0));
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('keeps the sale and the receipt when the printer is off, and prints it once when it is back', async () => {
    await printer.setMode({ kind: 'refuse' });
    const started = Date.now();
    await page().getByLabel('Amount spent').fill('12.00');
    await page().keyboard.press('Enter');
    await page().getByText(/probably switched off/).first().waitFor({ timeout: 3_000 });
    expect(Date.now() - started).toBeLessThan(3_000);
    const summary = await e2e.app.ok('loyalty.summary', { customerId });
    expect(summary.stats.purchaseCount).toBe(2);

    await page().getByRole('link', { name: 'Unprinted (1)' }).click();
    await page().getByRole('heading', { name: 'Unprinted receipts' }).waitFor();
    await e2e.shot('32-unprinted');
    await printer.setMode({ kind: 'normal' });
    await page().getByRole('button', { name: /^Try again/ }).click();
    await printer.waitForJobs(5);
    await page().getByText('Every receipt has been printed.').waitFor();
    expect(printed(4).join('\n')).toContain('€12.00');
    expect(printer.jobs).toHaveLength(5);
  });
});
