/// <reference lib="dom" />
import { sqliteArchive } from '../../db/archive.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { a11yViolations, startE2E, type E2E } from './support.js';

// The baker's stamp card at the counter, in Chromium, in Dutch.

let e2e: E2E;
const page = () => e2e.page;
const balance = () => page().locator('.balance-number').textContent();

beforeAll(async () => {
  e2e = await startE2E({ locale: 'nl-NL' });
  await e2e.app.ok('customers.create', { customer: { givenName: 'Fenna', familyName: 'de Boer', phones: ['06-55501234'] } });
}, 60_000);

afterAll(async () => {
  await e2e?.close();
});

describe('loyalty at the counter in Chromium', () => {
  it('sets up a reward on the program page', async () => {
    await page().getByRole('link', { name: 'Spaarprogramma' }).click();
    await page().getByRole('heading', { name: 'Spaarprogramma' }).waitFor();
    const form = page().getByRole('form', { name: 'Beloning toevoegen' });
    await form.getByLabel('Beloning').fill('Gratis brood');
    await form.getByLabel('Kost').fill('5');
    await form.getByRole('button', { name: 'Beloning toevoegen' }).click();
    await page().getByRole('cell', { name: 'Gratis brood', exact: true }).waitFor();
    const { rewards } = await e2e.app.ok('loyalty.program', {});
    expect(rewards.map((r) => [r.name, r.cost, r.kind])).toEqual([['Gratis brood', 5, 'free_item']]);
    await e2e.shot('20-program');
  });

  it('records €23,50 after a lookup and shows the stamps at once', async () => {
    await page().getByRole('combobox', { name: 'Klant zoeken' }).fill('fenna');
    await page().getByRole('option', { name: /Fenna de Boer/ }).waitFor();
    await page().keyboard.press('Enter');
    await page().getByRole('heading', { name: 'Fenna de Boer' }).waitFor();
    await page().keyboard.press('F2');
    await page().keyboard.type('23,50');
    await page().keyboard.press('Enter');
    await expect.poll(balance).toBe('2');
    await page().getByText('+2 stempels voor een aankoop van € 23,50').waitFor();
    expect(await page().getByRole('img', { name: 'Spaarkaart: 2 van 10' }).isVisible()).toBe(true);
    await e2e.shot('21-purchase-recorded');
  });

  it('refuses a malformed amount at the field, recording nothing', async () => {
    const amount = page().getByLabel('Besteed bedrag');
    await amount.fill('12.345,6,7');
    await page().getByRole('button', { name: 'Aankoop vastleggen' }).click();
    await page().getByText('Typ een bedrag zoals 12,50.').waitFor();
    expect(await amount.getAttribute('aria-invalid')).toBe('true');
    await amount.fill('-4');
    await page().getByRole('button', { name: 'Aankoop vastleggen' }).click();
    await page().getByText('Het bedrag kan niet negatief zijn').waitFor();
    expect(await balance()).toBe('2');
  });

  it('undoes a wrong purchase with a reversing entry', async () => {
    const amount = page().getByLabel('Besteed bedrag');
    await amount.fill('350');
    await page().keyboard.press('Enter');
    await expect.poll(balance).toBe('37');
    await page().getByRole('button', { name: 'Ongedaan maken' }).click();
    await expect.poll(balance).toBe('2');
    await page().getByText('Ongedaan gemaakt: een aankoop van € 350,00.').waitFor();
    const rows = page().locator('.history tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await rows.first().textContent()).toContain('Ongedaan');
  });

  it('reaches a reward and redeems it once, with a code for the till slip', async () => {
    await page().getByLabel('Besteed bedrag').fill('31,00');
    await page().keyboard.press('Enter');
    await expect.poll(balance).toBe('5');
    await page().keyboard.press('F4');
    const redeem = page().getByRole('button', { name: 'Gratis brood inwisselen' });
    expect(await redeem.evaluate((el) => el === document.activeElement)).toBe(true);
    await redeem.click();
    const dialog = page().getByRole('dialog', { name: '“Gratis brood” inwisselen?' });
    await dialog.waitFor();
    await e2e.shot('22-redeem-confirm');
    expect(await a11yViolations(page())).toEqual([]);
    // A double click on "yes" must not redeem twice.
    await dialog.getByRole('button', { name: 'Ja, inwisselen' }).dblclick();
    const code = page().locator('.redeem-code');
    await code.waitFor();
    expect(await code.textContent()).toMatch(/^[A-Z0-9]{6}$/);
    await e2e.shot('23-redeemed');
    await page().getByRole('button', { name: 'Sluiten' }).click();
    await expect.poll(balance).toBe('0');
    const redeems = sqliteArchive(e2e.app.archive).sqlite.prepare("SELECT count(*) AS n FROM ledger_entries WHERE kind = 'redeem'").get() as { n: number };
    expect(redeems.n).toBe(1);
  });

  it('carries over a paper card', async () => {
    await page().getByText('Correcties en papieren kaarten').click();
    const paper = page().getByRole('form', { name: 'Papieren kaart overnemen' });
    await paper.getByLabel('Stempels op de papieren kaart').fill('7');
    await paper.getByLabel('Reden').fill('oude stempelkaart');
    await paper.getByRole('button', { name: 'Toepassen' }).click();
    await expect.poll(balance).toBe('7');
    await page().getByRole('cell', { name: /Papieren kaart · oude stempelkaart/ }).waitFor();
    await e2e.shot('24-profile-loyalty');
    expect(await a11yViolations(page())).toEqual([]);
    expect((await e2e.app.ok('loyalty.check', {})).ok).toBe(true);
  });

  it('records a sale rung up again after the answer was lost only once', async () => {
    // The sale reaches the archive, but the till hears "cannot be reached" (the network
    // dropped after the COMMIT); the shopkeeper presses the button again.
    const keys: string[] = [];
    await page().route('**/api/loyalty.recordPurchase', async (route) => {
      keys.push((route.request().postDataJSON() as { idempotencyKey: string }).idempotencyKey);
      if (keys.length > 1) return route.continue();
      await route.fetch();
      await route.fulfill({ json: { ok: false, error: { code: 'archive_unreachable', message: 'lost' } } });
    });
    try {
      await page().getByLabel('Besteed bedrag').fill('10,00');
      await page().keyboard.press('Enter');
      await page().getByText('de aankoop kan er al staan').waitFor();
      await page().getByRole('button', { name: 'Aankoop vastleggen' }).click();
      await page().getByText('+1 stempel voor een aankoop van € 10,00').waitFor();
    } finally {
      await page().unroute('**/api/loyalty.recordPurchase');
    }
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    await expect.poll(balance).toBe('8');
    const tens = sqliteArchive(e2e.app.archive).sqlite.prepare('SELECT count(*) AS n FROM visits WHERE amount_cents = 1000').get() as { n: number };
    expect(tens.n).toBe(1);
  });
});
