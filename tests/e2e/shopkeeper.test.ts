/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { DEFAULT_PRINTER } from '../../main/api/settings/schema.js';
import { FakePrinter } from '../printing/fake-printer.js';
import { startE2E, type E2E } from './support.js';

// What a new shopkeeper ran into (issue 12 §5), in Chromium at 1366×768, in English,
// with screenshots in Dutch too.

let e2e: E2E;
let printer: FakePrinter;
const page = () => e2e.page;
const ids = { truus: 0, bram: 0 };
const LONG_EMAIL = 'truus.van.der.heijden-bakker.administratie@bakkerij-van-der-heijden-en-zonen.example.nl';

const open = async (id: number) => {
  await page().evaluate((customerId) => (window.location.hash = `#/customer/${customerId}`), id);
  await page().getByRole('button', { name: /^(Visit without purchase|Bezoek zonder aankoop)$/ }).waitFor();
};
const brief = () => page().getByRole('region', { name: /^(Counter brief|Toonbankoverzicht)$/ });

async function useLanguage(language: 'nl' | 'en') {
  await e2e.app.ok('settings.update', { language });
  await page().reload();
  await page().getByRole('combobox', { name: /find a customer|klant zoeken/i }).waitFor();
}

/** The point a click lands on is the control itself, not something laid over it. */
async function clickable(control: Locator): Promise<boolean> {
  return control.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return hit !== null && (hit === el || el.contains(hit));
  });
}

beforeAll(async () => {
  printer = await FakePrinter.start();
  e2e = await startE2E();
  await e2e.app.ok('settings.update', {
    printer: { ...DEFAULT_PRINTER, enabled: true, connection: { kind: 'network', host: printer.host, port: printer.port } },
  });
  ids.truus = (await e2e.app.ok('customers.create', { customer: { givenName: 'Truus', familyName: 'van der Heijden', email: LONG_EMAIL, phones: ['06-12345678'] } })).id;
  ids.bram = (await e2e.app.ok('customers.create', { customer: { givenName: 'Bram', familyName: 'Bos' } })).id;
  await page().reload();
}, 60_000);

afterAll(async () => {
  await e2e?.close();
  await printer?.close();
});

describe('what a new shopkeeper saw', () => {
  it('shows the last purchase that stands in the brief after an undo, also after a reload', async () => {
    await open(ids.truus);
    await page().getByLabel('Amount spent').fill('12.00');
    await page().keyboard.press('Enter');
    await brief().getByText(/Last visit .*: €12\.00/).waitFor();
    await page().getByLabel('Amount spent').fill('6.50');
    await page().keyboard.press('Enter');
    await brief().getByText(/Last visit .*: €6\.50/).waitFor();
    await page().getByRole('button', { name: 'Undo' }).click();
    await page().getByText('Undone: a purchase of €6.50.').waitFor();
    await brief().getByText(/Last visit .*: €12\.00/).waitFor();
    expect(await brief().textContent()).not.toContain('€6.50');
    await page().reload();
    await brief().getByText(/Last visit .*: €12\.00/).waitFor();
    expect(await brief().textContent()).not.toContain('€6.50');
  });

  it('previews a slip that printed as printed, and makes no job by looking', async () => {
    await page().getByLabel('Amount spent').fill('8.00');
    await page().keyboard.press('Enter');
    await printer.waitForJobs(3);
    await page().getByText('Receipt printed.').waitFor();
    await page().getByRole('button', { name: 'Receipt', exact: true }).click();
    const dialog = page().getByRole('dialog', { name: /Loyalty receipt/ });
    await dialog.getByText(/^Printed /).waitFor();
    expect(await dialog.getByRole('button', { name: /^(Print|Try again)$/ }).count()).toBe(0);
    await dialog.getByRole('button', { name: 'Print again' }).waitFor();
    await e2e.shot('60-preview-printed');
    await dialog.getByRole('button', { name: 'Close' }).click();

    await page().getByRole('button', { name: 'Print member card' }).click();
    const card = page().getByRole('dialog', { name: /Member card/ });
    await card.getByText('Not printed yet').waitFor();
    await card.getByRole('button', { name: 'Close' }).click();
    expect(await e2e.app.ok('receipts.unprinted', {})).toEqual([]);
    await page().reload();
    await page().getByRole('button', { name: 'Visit without purchase' }).waitFor();
    expect(await page().getByRole('link', { name: /^Unprinted/ }).count()).toBe(0);
    expect(printer.jobs).toHaveLength(3);
  });

  it('labels the last entry by its kind, with real plurals in the chips', async () => {
    await e2e.app.ok('notes.add', { customerId: ids.truus, kind: 'complaint', text: 'The sourdough was burnt' });
    await page().reload();
    await brief().getByText('Last complaint: The sourdough was burnt').waitFor();
    await brief().getByText('1 open complaint', { exact: true }).waitFor();
    expect(await brief().textContent()).not.toMatch(/Last note|\(s\)/);
  });

  it('keeps a long e-mail address inside the Contact panel, whole and readable', async () => {
    const panel = page().locator('section.panel', { has: page().getByRole('heading', { name: 'Contact', exact: true }) });
    const email = panel.getByText(LONG_EMAIL);
    await email.waitFor();
    const [inner, outer] = [await email.boundingBox(), await panel.boundingBox()];
    expect(inner!.x + inner!.width).toBeLessThanOrEqual(outer!.x + outer!.width);
    expect(await panel.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await email.scrollIntoViewIfNeeded();
    await e2e.shot('61-contact-long-email-en');
    await useLanguage('nl');
    await open(ids.truus);
    const contact = page().locator('section.panel', { has: page().getByRole('heading', { name: 'Contact', exact: true }) });
    await contact.getByText(LONG_EMAIL).scrollIntoViewIfNeeded();
    expect(await contact.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await e2e.shot('61-contact-long-email-nl');
    await brief().getByText('Laatste klacht: The sourdough was burnt').waitFor();
    await brief().getByText('1 open klacht', { exact: true }).waitFor();
    await e2e.shot('62-brief-nl');
    await useLanguage('en');
  });

  it('puts a scanned card number nobody has into Card, not Phone', async () => {
    await page().evaluate(() => (window.location.hash = '#/'));
    await page().getByRole('combobox', { name: 'Find a customer' }).fill('2999999999991');
    await page().getByRole('option', { name: '+ New customer “2999999999991”' }).click();
    await expect.poll(() => page().getByLabel('Card number').inputValue()).toBe('2999999999991');
    expect(await page().getByLabel('Phone number 1').inputValue()).toBe('');
    await e2e.shot('63-new-customer-from-card');
  });

  it('leaves a notice on its own page, and never over the counter buttons', async () => {
    await open(ids.truus);
    await page().getByLabel('Amount spent').fill('4.20');
    await page().keyboard.press('Enter');
    const toast = page().locator('.toast');
    await toast.getByText('Receipt printed.').waitFor();
    const visit = page().getByRole('button', { name: 'Visit without purchase' });
    const [notice, actions] = [await toast.boundingBox(), await page().locator('.counter-actions').boundingBox()];
    const overlaps = notice!.x < actions!.x + actions!.width && actions!.x < notice!.x + notice!.width
      && notice!.y < actions!.y + actions!.height && actions!.y < notice!.y + notice!.height;
    await e2e.shot('64-notice-after-sale');
    expect(overlaps).toBe(false);

    await open(ids.bram);
    expect(await toast.count()).toBe(0);
    expect(await clickable(visit)).toBe(true);
    await visit.click({ timeout: 1_000 });
    await page().getByText('Recorded a visit; nothing earned this time.').waitFor();
  });
});
