/// <reference lib="dom" />
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import BetterSqlite3 from 'better-sqlite3';
import type { Download, Locator } from 'playwright-core';
import { parseCsv } from '../../main/core/csv/parse.js';
import { tempDir } from '../support/services.js';
import { a11yViolations, startE2E, type E2E } from './support.js';

// Export & import in Chromium: the customers CSV and the full zip as downloads, a messy
// spreadsheet mapped, previewed and checked (every bad row and duplicate shown), imported
// skipping its bad rows, a large list imported with a progress bar, and a tag's list exported.

let e2e: E2E;
let tagId: number;
const page = () => e2e.page;
const MESSY = path.resolve('tests/fixtures/exchange/messy.csv');

async function go(hash: string) {
  await page().evaluate((h) => (window.location.hash = h), hash);
}

async function saved(download: Download): Promise<Buffer> {
  const file = path.join(tempDir('counterpart-download-'), download.suggestedFilename());
  await download.saveAs(file);
  return fs.readFileSync(file);
}

/** Screenshots show the viewport: bring what matters to its top first. */
async function toTop(locator: Locator) {
  await locator.evaluate((el) => el.scrollIntoView({ block: 'start' }));
}

async function expectAccessible() {
  expect(await a11yViolations(page())).toEqual([]);
}

beforeAll(async () => {
  e2e = await startE2E();
  const app = e2e.app;
  const sanne = await app.ok('customers.create', {
    customer: { givenName: 'Sanne', familyName: 'Visser', phones: ['06-87654321'], email: 'sanne@example.nl', cardNumber: 'KAART-0042', marketingConsent: true },
  });
  const zoe = await app.ok('customers.create', { customer: { givenName: 'Zoë', namePrefix: 'de', familyName: 'Wit', phones: ['+32 470 12 34 56'] } });
  await app.ok('loyalty.migrate', { customerId: sanne.id, amount: 6, reason: 'Oude kaart' });
  await app.ok('notes.add', { customerId: zoe.id, kind: 'note', text: 'Houdt van gedichten, vooral van Vasalis' });
  tagId = (await app.ok('tags.add', { customerId: sanne.id, name: 'Poëzie' }))[0]!.id;
  await app.ok('tags.add', { customerId: zoe.id, name: 'Poëzie' });
  await go('#/exchange');
  await page().getByRole('heading', { name: 'Export & import', level: 1 }).waitFor();
}, 60_000);

afterAll(async () => {
  await e2e?.close();
});

describe('export and import in Chromium', () => {
  it('exports the customers as a CSV that opens with accents intact', async () => {
    const panel = page().getByRole('region', { name: 'Export' });
    await expect.poll(() => panel.getByRole('radio', { name: /Comma/ }).isChecked()).toBe(true);
    // A Dutch Excel wants semicolons: the choice is remembered.
    await panel.getByText('Semicolon ;').click();
    await expect.poll(async () => (await e2e.app.ok('settings.get', {})).exchange.separator).toBe(';');
    await panel.getByRole('button', { name: 'Customers' }).click();
    const link = panel.getByRole('link', { name: /^Download customers-.*\.csv$/ });
    await link.waitFor();
    await e2e.shot('exchange-export');
    await expectAccessible();

    const [download] = await Promise.all([page().waitForEvent('download'), link.click()]);
    const bytes = await saved(download);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = parseCsv(bytes.toString('utf8'));
    expect(csv.separator).toBe(';');
    expect(csv.rows.slice(1).map((r) => `${r[1]} ${r[2]} ${r[3]}`.replace(/\s+/g, ' '))).toEqual(['Sanne Visser', 'Zoë de Wit']);
  });

  it('exports everything as one zip of CSV and JSON files', async () => {
    const panel = page().getByRole('region', { name: 'Export' });
    await panel.getByRole('button', { name: 'Everything (zip)' }).click();
    const link = panel.getByRole('link', { name: /^Download counterpart-export-.*\.zip$/ });
    const [download] = await Promise.all([page().waitForEvent('download'), link.click()]);
    const files = unzipSync(await saved(download));
    expect(Object.keys(files)).toEqual([
      'customers.csv', 'notes.csv', 'purchases-and-visits.csv', 'loyalty-ledger.csv',
      'customers.json', 'notes.json', 'visits.json', 'ledger.json',
      'facts.json', 'follow-ups.json', 'custom-fields.json', 'custom-field-values.json', 'note-revisions.json', 'export.json',
    ]);
    expect(new TextDecoder().decode(files['notes.csv'])).toContain('Houdt van gedichten, vooral van Vasalis');
  });

  it('maps a messy spreadsheet, previews it and shows every bad row and likely duplicate', async () => {
    const panel = page().getByRole('region', { name: 'Import customers' });
    await panel.getByLabel('CSV file').setInputFiles(MESSY);
    await panel.getByText('messy.csv: 14 rows, separated by ;').waitFor();
    const mapping = panel.getByRole('table').first();
    await expect.poll(() => panel.getByRole('combobox', { name: 'What column “Naam” holds' }).inputValue()).toBe('fullName');
    // Leave the second phone column out, then take it back.
    const mobile = panel.getByRole('combobox', { name: 'What column “Mobiel” holds' });
    await mobile.selectOption({ label: '— leave out —' });
    await expect.poll(() => mapping.getByRole('row', { name: /Mobiel/ }).getAttribute('class')).toBe('is-ignored');
    await mobile.selectOption({ label: 'Phone' });
    const preview = panel.getByRole('region', { name: 'Preview' });
    await preview.getByRole('cell', { name: 'José van den Berg' }).waitFor();
    await preview.getByRole('row', { name: /Marieke de Vries \+31 6 2345 6789 ?020-1234567/ }).waitFor();
    await preview.getByText('E-mail “piet@” is not an e-mail address').waitFor();
    await toTop(panel.getByText('messy.csv: 14 rows, separated by ;'));
    await e2e.shot('exchange-mapping');
    await toTop(preview);
    await e2e.shot('exchange-preview');
    await expectAccessible();

    // A wide preview scrolls sideways inside its card, from the keyboard too, instead of running out of it.
    const overflows = (l: Locator) => l.evaluate((el) => el.scrollWidth > el.clientWidth);
    const rows = preview.getByRole('region', { name: 'The first rows as they would be imported.' });
    expect(await overflows(panel)).toBe(false);
    await page().setViewportSize({ width: 900, height: 768 });
    try {
      expect(await overflows(rows)).toBe(true);
      expect(await overflows(panel)).toBe(false);
      await rows.focus();
      await page().keyboard.press('ArrowRight');
      await expect.poll(() => rows.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
      await rows.evaluate((el) => (el.scrollLeft = 0));
    } finally {
      await page().setViewportSize({ width: 1366, height: 768 });
    }

    await panel.getByRole('button', { name: 'Check the file (dry run)' }).click();
    const report = panel.getByRole('region', { name: 'What the check found' });
    await report.waitFor();
    const stat = (label: string) => report.locator('.stat').filter({ has: page().getByText(label, { exact: true }) }).locator('dd');
    expect(await stat('Rows').textContent()).toBe('14');
    expect(await stat('To import').textContent()).toBe('7');
    expect(await stat('Bad rows').textContent()).toBe('6');
    expect(await stat('Likely duplicates').textContent()).toBe('5');
    const bad = report.getByRole('group', { name: /^Bad rows/ });
    expect(await bad.getByRole('row').count()).toBe(7);
    await bad.getByText('Klantenkaart “KAART-0042” is the card of Sanne Visser, already in the archive').waitFor();
    await bad.getByText('Naam is empty, but needed').waitFor();
    const duplicates = report.getByRole('group', { name: /^Likely duplicates/ });
    await duplicates.getByRole('link', { name: 'Sanne Visser (already in the archive)' }).first().waitFor();
    await duplicates.getByText('row 2 of this file').first().waitFor();
    // All or nothing: with bad rows, nothing can be imported until they are skipped.
    await panel.getByText(/Nothing is imported while there are bad rows/).waitFor();
    expect(await panel.getByRole('button', { name: 'Import 7 customers' }).isDisabled()).toBe(true);
    await toTop(report);
    await e2e.shot('exchange-report');
    await expectAccessible();
  });

  it('imports the good rows when told to skip the bad ones', async () => {
    const panel = page().getByRole('region', { name: 'Import customers' });
    await panel.getByLabel('Skip the bad rows').check();
    await panel.getByRole('button', { name: 'Import 7 customers' }).click();
    await panel.getByText('Imported 7 customers.').waitFor();
    await panel.getByText('17 stamps/points moved in for 2 customers, as migration entries.').waitFor();
    await toTop(panel);
    await e2e.shot('exchange-imported');
    expect((await e2e.app.ok('customers.search', { query: 'unal yilmaz' })).hits.map((h) => h.displayName)).toEqual(['Ünal Yılmaz']);
    await panel.getByRole('link', { name: 'Open the first imported customer' }).click();
    await page().getByRole('heading', { name: 'José van den Berg' }).waitFor();
  });

  it('shows the progress of a large import', async () => {
    await go('#/exchange');
    const panel = page().getByRole('region', { name: 'Import customers' });
    const rows = Array.from({ length: 40_000 }, (_, i) => `Klant ${i};Achter${i};06-${30000000 + i};klant${i}@example.nl`);
    await panel.getByLabel('CSV file').setInputFiles({
      name: 'groot.csv', mimeType: 'text/csv', buffer: Buffer.from(['Voornaam;Achternaam;Telefoon;E-mail', ...rows].join('\r\n')),
    });
    await panel.getByText('groot.csv: 40,000 rows, separated by ;').waitFor();
    await panel.getByRole('button', { name: 'Check the file (dry run)' }).click();
    // The import takes well under a second alone. Another till holding the archive's write
    // lock makes it wait its turn (writes wait up to 5 s, the event loop free), so its
    // progress stays on screen for the screenshot, however fast the machine.
    const start = panel.getByRole('button', { name: 'Import 40,000 customers' });
    await start.waitFor();
    const otherTill = new BetterSqlite3(path.join(e2e.app.dataDir, 'counterpart.sqlite'));
    otherTill.exec('BEGIN IMMEDIATE');
    try {
      await start.click();
      await panel.getByText(/^Importing… 0 of 40,000 customers/).waitFor();
      const progress = panel.getByRole('progressbar', { name: 'Import progress' });
      expect(Number(await progress.getAttribute('max'))).toBe(40_000);
      await progress.evaluate((el) => el.scrollIntoView({ block: 'center' }));
      await e2e.shot('exchange-progress');
    } finally {
      otherTill.exec('ROLLBACK');
      otherTill.close();
    }
    const progress = panel.getByRole('progressbar', { name: 'Import progress' });
    await panel.getByText('Imported 40,000 customers.').waitFor({ timeout: 60_000 });
    expect(await progress.count()).toBe(0);
  }, 90_000);

  it('exports exactly the customers a tag’s page shows', async () => {
    await go(`#/tags/${tagId}`);
    await page().getByRole('heading', { name: 'Poëzie' }).waitFor();
    await page().getByLabel('Only those who agreed to offers').check();
    const [download] = await Promise.all([page().waitForEvent('download'), page().getByRole('button', { name: 'Export as CSV' }).click()]);
    const rows = parseCsv((await saved(download)).toString('utf8')).rows;
    expect(rows.map((r) => r.slice(0, 5))).toEqual([
      ['Name', 'Preferred channel', 'Marketing consent', 'Phone', 'E-mail'],
      ['Sanne Visser', '', 'yes', '06-87654321', 'sanne@example.nl'],
    ]);
    await page().getByText(/^Exported 1 customer to interest-poezie-/).waitFor();
    await e2e.shot('exchange-tag');
  });

  it('reads well in Dutch', async () => {
    await e2e.app.ok('settings.update', { language: 'nl' });
    await page().reload();
    await go('#/exchange');
    const panel = page().getByRole('region', { name: 'Klanten importeren' });
    await panel.getByLabel('CSV-bestand').setInputFiles(MESSY);
    await panel.getByRole('button', { name: 'Bestand controleren (proefdraai)' }).click();
    const report = panel.getByRole('region', { name: 'Wat de controle vond' });
    await report.getByText('E-mail “piet@” is geen e-mailadres').waitFor();
    await report.getByText('Klantenkaart “KAART-0042” is de kaart van Sanne Visser, die al in het archief staat').waitFor();
    await toTop(report);
    await e2e.shot('exchange-report-nl');
    await expectAccessible();
  });
});
