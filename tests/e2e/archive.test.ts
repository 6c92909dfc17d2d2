/// <reference lib="dom" />
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARCHIVE_FILE } from '../../main/node/data-dir.js';
import { testApp } from '../support/services.js';
import { backUpNow } from '../support/backup.js';
import { damage } from '../support/damage.js';
import { a11yViolations, startE2E, type E2E } from './support.js';

// A damaged archive in Chromium: one screen says so plainly, offers the last good backup,
// and leads through its restore back to the counter (issue 12 §3).

let e2e: E2E;
let dataDir = '';
const page = () => e2e.page;

beforeAll(async () => {
  const shop = testApp({ manual: true, locale: 'en-GB' });
  dataDir = shop.dataDir;
  for (const givenName of ['Marieke', 'Joost', 'Fatima']) await shop.ok('customers.create', { customer: { givenName, familyName: 'de Vries' } });
  // Made two days before the moment the page will show (the e2e app's clock starts there again).
  shop.now.value -= 2 * 86_400_000;
  await backUpNow(shop);
  await shop.close();
  damage(path.join(dataDir, ARCHIVE_FILE));
  e2e = await startE2E({ dataDir });
}, 120_000);

afterAll(async () => {
  await e2e?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('a damaged archive in Chromium', () => {
  it('says so plainly in English, with the last good backup and the way back', async () => {
    await page().getByRole('heading', { level: 1, name: 'The customer archive is damaged' }).waitFor();
    await page().getByText(/^Last good backup: .* \(2 days ago\)\.$/).waitFor();
    expect(await page().getByRole('combobox', { name: /find a customer/i }).count()).toBe(0);
    await e2e.shot('archive-damaged-en');
    expect(await a11yViolations(page())).toEqual([]);
    expect((await e2e.app.fail('customers.create', { customer: { givenName: 'Nieuw' } })).code).toBe('archive_damaged');
  });

  it('in Dutch too, and restores the backup back to the counter', async () => {
    await e2e.app.ok('settings.update', { language: 'nl' });
    await page().reload();
    await page().getByRole('heading', { level: 1, name: 'Het klantenarchief is beschadigd' }).waitFor();
    await page().getByText(/^Laatste goede back-up: .*\.$/).waitFor();
    await e2e.shot('archive-damaged-nl');
    expect(await a11yViolations(page())).toEqual([]);

    await page().getByRole('button', { name: 'Begin met terugzetten' }).click();
    await page().getByRole('button', { name: 'Deze back-up controleren' }).click();
    await page().getByText('Deze back-up is heel en kan worden teruggezet.').waitFor({ timeout: 30_000 });
    await e2e.shot('archive-damaged-nl-checked');
    await page().getByRole('button', { name: 'Deze back-up terugzetten' }).click();
    await page().getByRole('link', { name: 'Naar het startscherm' }).click({ timeout: 30_000 });
    await page().getByRole('combobox', { name: /klant zoeken/i }).waitFor();
    expect((await e2e.app.ok('app.info', {})).archive).toEqual({ state: 'sound', problems: [] });
    const search = await e2e.app.ok('customers.search', { query: 'marieke', limit: 5 });
    expect(search.hits.map((h) => h.displayName)).toEqual(['Marieke de Vries']);
  }, 90_000);
});
