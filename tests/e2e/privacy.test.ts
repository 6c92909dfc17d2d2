/// <reference lib="dom" />
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, PersonalData } from '../../main/api/contract.js';
import { a11yViolations, startE2E, type E2E } from './support.js';

// The customer's privacy rights in Chromium: a customer's data to hand over, erasing a
// customer with a clear confirmation, and merging two duplicates side by side.

let e2e: E2E;
let fenna: Customer;
let zoella: Customer;
let jan: Customer;
let dup: Customer;

const page = () => e2e.page;

async function go(hash: string) {
  await page().evaluate((h) => (window.location.hash = h), hash);
}

async function openProfile(customer: Customer) {
  await go(`#/customer/${customer.id}`);
  await page().getByRole('heading', { level: 1, name: customer.displayName }).waitFor();
}

beforeAll(async () => {
  e2e = await startE2E();
  const app = e2e.app;
  await app.ok('settings.update', { shopName: 'Bakkerij Koster' });
  fenna = await app.ok('customers.create', {
    customer: {
      givenName: 'Fenna', namePrefix: 'de', familyName: 'Boer', phones: ['06-23456789'], email: 'fenna@example.nl',
      marketingConsent: true, birthday: { day: 12, month: 5, year: 1984 }, address: { street: 'Lange Nieuwstraat 4', postalCode: '3512 PH', city: 'Utrecht' },
    },
  });
  const note = await app.ok('notes.add', { customerId: fenna.id, kind: 'note', text: 'Likes the seeded rye, sliced thin' });
  await app.ok('notes.edit', { id: note.id, text: 'Likes the seeded rye, sliced thin, no crusts' });
  await app.ok('notes.add', { customerId: fenna.id, kind: 'complaint', text: 'Birthday cake was a day late' });
  await app.ok('facts.add', { customerId: fenna.id, text: 'Gluten-free' });
  await app.ok('tags.add', { customerId: fenna.id, name: 'Poetry' });
  await app.ok('loyalty.recordPurchase', { customerId: fenna.id, amount: '23,50', locale: 'nl', description: 'Birthday cake' });

  zoella = await app.ok('customers.create', {
    customer: { givenName: 'Zoëlla', familyName: 'Quakkelstein', phones: ['06-18273645'], email: 'zoella@example.org' },
  });
  await app.ok('notes.add', { customerId: zoella.id, kind: 'note', text: 'Zoëlla asked us to forget her' });
  await app.ok('loyalty.recordPurchase', { customerId: zoella.id, amount: '12,00', locale: 'nl' });

  jan = await app.ok('customers.create', {
    customer: { givenName: 'Jan', namePrefix: 'de', familyName: 'Vries', phones: ['06-12121212'], email: 'jan@example.nl' },
  });
  dup = await app.ok('customers.create', {
    customer: {
      givenName: 'Johannes', namePrefix: 'de', familyName: 'Vries', phones: ['06-34343434'], salutation: 'Meneer De Vries',
      address: { street: 'Dorpsstraat 1', postalCode: '1131 AA', city: 'Volendam' }, marketingConsent: true,
    },
  });
  await app.ok('notes.add', { customerId: jan.id, kind: 'note', text: 'Always the sourdough' });
  await app.ok('notes.add', { customerId: dup.id, kind: 'note', text: 'Collects antique weighing scales' });
  await app.ok('tags.add', { customerId: dup.id, name: 'Vintage bikes' });
  await app.ok('loyalty.recordPurchase', { customerId: jan.id, amount: '30,00', locale: 'nl' });
  await app.ok('loyalty.recordPurchase', { customerId: dup.id, amount: '40,00', locale: 'nl' });
}, 60_000);

afterAll(async () => {
  await e2e?.close();
});

describe('privacy in Chromium', () => {
  it('exports a customer’s data as a readable page, with a JSON file to download', async () => {
    await openProfile(fenna);
    const privacy = page().getByRole('region', { name: 'Privacy' });
    await privacy.getByRole('link', { name: 'Export their data' }).click();
    await page().getByRole('heading', { level: 1, name: 'Personal data of Fenna de Boer' }).waitFor();
    const doc = page().locator('.export-document');
    for (const text of ['fenna@example.nl', '06-23456789', 'Lange Nieuwstraat 4', 'Likes the seeded rye, sliced thin, no crusts',
      'Likes the seeded rye, sliced thin', 'Birthday cake was a day late', 'Gluten-free', 'Poetry', 'Balance: 2 stamps']) {
      expect(await doc.textContent(), text).toContain(text);
    }
    expect(await page().getByRole('heading', { level: 2, name: /Notes, conversations/ }).textContent()).toContain('(2)');
    await page().getByRole('button', { name: 'Print' }).waitFor();
    // Saving a PDF is the desktop app's; here the print window offers it.
    expect(await page().getByRole('button', { name: 'Save as PDF' }).count()).toBe(0);
    await e2e.shot('privacy-export');
    expect(await a11yViolations(page())).toEqual([]);
    await page().getByRole('heading', { level: 2, name: /Notes, conversations/ }).scrollIntoViewIfNeeded();
    await e2e.shot('privacy-export-timeline');

    const download = page().waitForEvent('download');
    await page().getByRole('link', { name: 'Download as a file (JSON)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^Fenna de Boer \d{4}-\d\d-\d\d\.json$/);
    const data = JSON.parse(fs.readFileSync((await file.path())!, 'utf8')) as PersonalData;
    expect(data.customer).toMatchObject({ givenName: 'Fenna', email: 'fenna@example.nl' });
    expect(data.timeline).toHaveLength(2);
  });

  it('erases a customer after a clear confirmation, and nobody finds her any more', async () => {
    await openProfile(zoella);
    await page().getByRole('region', { name: 'Privacy' }).getByRole('button', { name: 'Erase…' }).click();
    const dialog = page().getByRole('dialog', { name: 'Erase Zoëlla Quakkelstein?' });
    await dialog.waitFor();
    const erase = dialog.getByRole('button', { name: 'Erase for good' });
    expect(await erase.isDisabled()).toBe(true);
    expect(await dialog.textContent()).toContain('Purchase amounts and dates, stamps and the balance.');
    await e2e.shot('privacy-erase-confirm');
    expect(await a11yViolations(page())).toEqual([]);

    // Escape and Cancel leave her as she was.
    await page().keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect((await e2e.app.ok('customers.get', { id: zoella.id })).givenName).toBe('Zoëlla');

    await page().getByRole('region', { name: 'Privacy' }).getByRole('button', { name: 'Erase…' }).click();
    await dialog.getByLabel(/I understand that Zoëlla Quakkelstein’s personal data will be erased/).check();
    // Rewriting the file takes a while on a big archive: hold that step back to see it advance.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page().route('**/api/privacy.scrub', async (route) => {
      if ((route.request().postDataJSON() as { step: number }).step === 3) await held;
      await route.continue();
    });
    await erase.click();
    const progress = dialog.getByRole('progressbar', { name: 'Wiping traces from the archive file' });
    await progress.waitFor();
    await dialog.getByText('Step 4 of 5: rewriting the archive file').waitFor();
    expect(await progress.evaluate((el) => [(el as HTMLProgressElement).value, (el as HTMLProgressElement).max])).toEqual([3, 5]);
    await e2e.shot('privacy-erase-progress');
    expect(await a11yViolations(page())).toEqual([]);
    release();
    await page().getByText('The personal data was erased.').waitFor();
    await page().getByRole('heading', { name: /who is at the counter/i }).waitFor();
    await page().unroute('**/api/privacy.scrub');

    const status = await e2e.app.ok('privacy.status', { id: zoella.id });
    expect(status).toMatchObject({ scrubbed: true, pendingScrubs: 0 });
    const search = page().getByRole('combobox', { name: /find a customer/i });
    for (const query of ['Quakkelstein', '0618273645']) {
      await search.fill(query);
      await page().getByText(`No customer found for “${query}”`, { exact: false }).waitFor();
    }
    await search.fill('');

    // Her old link shows what is left: a number, and why.
    await go(`#/customer/${zoella.id}`);
    await page().getByRole('heading', { level: 1, name: `#${zoella.id}` }).waitFor();
    await page().getByText(/personal data was erased on/).waitFor();
    expect(await page().getByRole('region', { name: 'Privacy' }).count()).toBe(0);
    await e2e.shot('privacy-erased-profile');
  });

  it('lists the exports that still hold an erased customer, and deletes them on request (English and Dutch)', async () => {
    const app = e2e.app;
    const exportsDir = path.join(app.dataDir, 'exports');
    for (const [language, given] of [['en', 'Marieke'], ['nl', 'Sjoukje']] as const) {
      await app.ok('settings.update', { language });
      const who = await app.ok('customers.create', {
        customer: { givenName: given, familyName: 'Exportsma', phones: ['06-55667788'], email: `${given.toLowerCase()}@example.nl`, marketingConsent: true },
      });
      await app.ok('tags.add', { customerId: who.id, name: `Nieuwsbrief ${given}` });
      const tag = (await app.ok('tags.list', { prefix: `nieuwsbrief ${given.toLowerCase()}` }))[0]!;
      const list = await app.ok('exchange.exportTag', { tagId: tag.id });
      const job = await app.ok('exchange.export', { kind: 'archive' });
      while ((await app.ok('exchange.status', { jobId: job.id })).state !== 'done') await new Promise((r) => setTimeout(r, 20));
      // A birthday list names them only.
      const birthdays = language === 'en' ? 'birthdays-2026-11-25-0930.csv' : 'verjaardagen-2026-11-25-0930.csv';
      fs.writeFileSync(path.join(exportsDir, birthdays), `\uFEFFName;Birthday on\r\n${given} Exportsma;2026-11-30\r\n`);
      const before = fs.readdirSync(exportsDir).filter((n) => !n.startsWith('.'));

      await page().reload();
      await openProfile(who);
      const privacy = page().getByRole('region', { name: 'Privacy' });
      await privacy.getByRole('button', { name: language === 'en' ? 'Erase…' : 'Wissen…' }).click();
      const dialog = page().getByRole('dialog');
      await dialog.getByRole('checkbox').check();
      await dialog.getByRole('button', { name: language === 'en' ? 'Erase for good' : 'Voorgoed wissen' }).click();
      const leftovers = dialog.getByRole('region', { name: language === 'en' ? 'Earlier exports still hold their data' : 'Eerdere exports bevatten de gegevens nog' });
      await leftovers.waitFor();
      const items = await leftovers.getByRole('listitem').allTextContents();
      expect(items).toHaveLength(3);
      expect(items.some((text) => text.startsWith(list.name))).toBe(true);
      expect(items.find((text) => text.startsWith(birthdays))).toMatch(language === 'en' ? /by name only/ : /alleen op naam/);
      await e2e.shot(`privacy-erase-exports${language === 'en' ? '' : '-nl'}`);
      expect(await a11yViolations(page())).toEqual([]);

      await dialog.getByRole('button', { name: language === 'en' ? 'Delete these 3 exports' : 'Deze 3 exports verwijderen' }).click();
      await dialog.getByRole('status').getByText(language === 'en' ? 'The personal data was erased and 3 exports were deleted.' : 'De persoonsgegevens zijn gewist en 3 exports zijn verwijderd.').waitFor();
      await e2e.shot(`privacy-erase-exports-deleted${language === 'en' ? '' : '-nl'}`);
      const after = fs.readdirSync(exportsDir).filter((n) => !n.startsWith('.'));
      expect(after.sort()).toEqual(before.filter((n) => !items.some((text) => text.startsWith(n))).sort());
      await dialog.getByRole('button', { name: language === 'en' ? 'Done' : 'Klaar' }).click();
      await page().getByRole('heading', { name: /who is at the counter|wie staat er aan de toonbank/i }).waitFor();
    }
    await app.ok('settings.update', { language: 'en' });
    await page().reload();
  }, 60_000);

  it('merges two duplicates side by side, keeping the chosen details', async () => {
    await openProfile(jan);
    await page().getByRole('region', { name: 'Privacy' }).getByRole('link', { name: 'Merge with…' }).click();
    await page().getByRole('heading', { level: 1, name: 'Merge duplicates' }).waitFor();
    const stays = page().getByRole('region', { name: 'Profile that stays' });
    await stays.getByText('Jan de Vries').waitFor();

    const other = page().getByRole('region', { name: 'Duplicate to merge into it' });
    await other.getByLabel('Find by name, phone or card').fill('Johannes');
    await other.getByRole('button', { name: /Johannes de Vries/ }).click();
    const table = page().locator('.merge-table');
    await table.waitFor();
    expect(await page().locator('.merge-after').textContent()).toBe('After the merge: 7 stamps');

    // Keep his duplicate's name and address, both phone numbers; the e-mail only Jan had stays.
    await page().getByRole('radio', { name: 'Name: keep Johannes de Vries' }).check();
    expect(await page().getByRole('radio', { name: /^Address: keep Dorpsstraat 1/ }).isChecked()).toBe(true);
    expect(await page().getByRole('checkbox', { name: 'Keep phone number 06-12121212' }).isChecked()).toBe(true);
    expect(await page().getByRole('checkbox', { name: 'Keep phone number 06-34343434' }).isChecked()).toBe(true);
    await e2e.shot('privacy-merge');
    expect(await a11yViolations(page())).toEqual([]);
    await page().getByRole('region', { name: 'What moves over' }).scrollIntoViewIfNeeded();
    await e2e.shot('privacy-merge-moves');

    await page().getByRole('button', { name: 'Merge…' }).click();
    const confirm = page().getByRole('dialog', { name: 'Merge Johannes de Vries into Jan de Vries?' });
    await confirm.waitFor();
    await e2e.shot('privacy-merge-confirm');
    await confirm.getByRole('button', { name: 'Merge', exact: true }).click();

    await page().getByText('Merged: one profile for Johannes de Vries now.').waitFor();
    await page().getByRole('heading', { level: 1, name: 'Johannes de Vries' }).waitFor();
    expect(page().url()).toContain(`#/customer/${jan.id}`);
    const merged = await e2e.app.ok('customers.get', { id: jan.id });
    expect(merged).toMatchObject({ email: 'jan@example.nl', address: { city: 'Volendam' } });
    expect(merged.phones.map((p) => p.raw)).toEqual(['06-12121212', '06-34343434']);
    expect((await e2e.app.ok('loyalty.summary', { customerId: jan.id })).balance).toBe(7);
    expect((await e2e.app.ok('notes.timeline', { customerId: jan.id })).items).toHaveLength(2);

    // The duplicate's old link lands on the profile that stayed.
    await go(`#/customer/${dup.id}`);
    await expect.poll(() => page().url()).toContain(`#/customer/${jan.id}`);
    await page().getByRole('heading', { level: 1, name: 'Johannes de Vries' }).waitFor();
    await e2e.shot('privacy-merged-profile');
  });
});
