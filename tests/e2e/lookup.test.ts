/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../../main/api/contract.js';
import { startE2E, type E2E } from './support.js';

// A shopkeeper at the counter: every lookup path of the foundation issue, in Chromium.

let e2e: E2E;
let jose: Customer;
let marieke: Customer;

const search = () => e2e.page.getByRole('combobox', { name: 'Find a customer' });
const options = () => e2e.page.getByRole('listbox', { name: 'Customers found' }).getByRole('option');
const heading = () => e2e.page.getByRole('heading', { level: 1 });

async function typeInSearch(text: string) {
  await search().fill('');
  await search().pressSequentially(text);
}

async function goHome() {
  await e2e.page.evaluate(() => (window.location.hash = '#/'));
  await e2e.page.getByRole('heading', { name: /who is at the counter/i }).waitFor();
}

beforeAll(async () => {
  e2e = await startE2E();
  jose = await e2e.app.ok('customers.create', {
    customer: { givenName: 'José', namePrefix: 'van den', familyName: 'Berg', phones: ['06-12345678'], email: 'jose.berg@example.nl' },
  });
  marieke = await e2e.app.ok('customers.create', {
    customer: { givenName: 'Marieke', namePrefix: 'de', familyName: 'Vries', phones: ['+31 20 123 4567'], email: 'marieke@example.nl' },
  });
  await e2e.app.ok('customers.create', { customer: { givenName: 'Ünal', familyName: 'Yılmaz', phones: ['0031 6 2345 6789'] } });
  await e2e.app.ok('customers.create', { customer: { givenName: 'Jan', familyName: 'Bergman' } });
}, 60_000);

afterAll(async () => {
  await e2e?.close();
});

describe('counter lookup in Chromium', () => {
  it('has the search box focused at start, and typing anywhere goes into it', async () => {
    expect(await search().evaluate((el) => el === document.activeElement)).toBe(true);
    await e2e.page.getByRole('heading', { name: /who is at the counter/i }).click();
    expect(await search().evaluate((el) => el === document.activeElement)).toBe(false);
    await e2e.page.keyboard.type('ber');
    await expect.poll(() => search().inputValue()).toBe('ber');
    await e2e.shot('01-home-typing');
    await e2e.page.keyboard.press('Escape');
    await expect.poll(() => search().inputValue()).toBe('');
  });

  it('finds José by an accentless fragment, exact before prefix matches, and opens with Enter', async () => {
    await typeInSearch('jose');
    await expect.poll(() => options().allTextContents()).toEqual([expect.stringContaining('José van den Berg')]);
    await typeInSearch('berg');
    // "Berg" is a whole word of José's name; "Bergman" only starts with it.
    await expect.poll(async () => (await options().allTextContents()).map((t) => t.split(/\d/)[0])).toEqual([
      expect.stringContaining('José van den Berg'),
      expect.stringContaining('Jan Bergman'),
    ]);
    await e2e.shot('02-search-results');
    await e2e.page.keyboard.press('ArrowDown');
    await e2e.page.keyboard.press('ArrowUp');
    await e2e.page.keyboard.press('Enter');
    await expect.poll(() => heading().textContent()).toBe('José van den Berg');
    await e2e.shot('03-profile');
  });

  it('finds by "ünal" and "unal" alike', async () => {
    for (const query of ['ünal', 'unal', 'yilmaz']) {
      await typeInSearch(query);
      await expect.poll(() => options().allTextContents(), { message: query }).toEqual([expect.stringContaining('Ünal Yılmaz')]);
    }
  });

  it('finds a phone number however it is typed', async () => {
    for (const query of ['0612', '+31 6 12', '612 34', '06-1234 5678', '0031612']) {
      await typeInSearch(query);
      await expect.poll(() => options().allTextContents(), { message: query }).toEqual([expect.stringContaining('José van den Berg')]);
    }
    // Stored as 0031 6 2345 6789, found as 06-2345…
    await typeInSearch('06-2345');
    await expect.poll(() => options().allTextContents()).toEqual([expect.stringContaining('Ünal Yılmaz')]);
    await typeInSearch('marieke@ex');
    await expect.poll(() => options().allTextContents()).toEqual([expect.stringContaining('Marieke de Vries')]);
    await e2e.page.keyboard.press('Escape');
  });

  it('opens the profile at once when a card is scanned (digits + Enter)', async () => {
    await goHome();
    // A scanner types faster than any person, then presses Enter.
    await e2e.page.keyboard.type(`${marieke.cardNumber}\n`, { delay: 0 });
    await expect.poll(() => heading().textContent()).toBe('Marieke de Vries');
    expect(await search().inputValue()).toBe('');
  });

  it('offers "New customer" prefilled from what was typed when nothing is found', async () => {
    await goHome();
    await typeInSearch('Anna van der Linden');
    await e2e.page.getByRole('option', { name: /New customer “Anna van der Linden”/ }).waitFor();
    await e2e.shot('04-no-results');
    await e2e.page.keyboard.press('Enter');
    await e2e.page.getByRole('heading', { name: 'New customer' }).waitFor();
    expect(await e2e.page.getByLabel('First name').inputValue()).toBe('Anna');
    expect(await e2e.page.getByLabel('Prefix').inputValue()).toBe('van der');
    expect(await e2e.page.getByLabel('Last name').inputValue()).toBe('Linden');
    await e2e.page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('creates a customer, refusing an invalid e-mail at the field first', async () => {
    await goHome();
    await e2e.page.keyboard.press('Control+n');
    await e2e.page.getByRole('heading', { name: 'New customer' }).waitFor();
    await e2e.page.getByLabel('First name').fill('Chloé');
    await e2e.page.getByLabel('Last name').fill('Dubois');
    await e2e.page.getByLabel('Phone number 1').fill('+32 470 12 34 56');
    await e2e.page.getByLabel('E-mail').fill('chloe@@example');
    await e2e.page.getByRole('button', { name: 'Save' }).click();
    const email = e2e.page.getByLabel('E-mail');
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => e2e.page.getByText('This is not a valid e-mail address').isVisible()).toBe(true);
    await e2e.shot('05-invalid-email');
    const found = await e2e.app.ok('customers.search', { query: 'chloe' });
    expect(found.hits).toEqual([]);

    await email.fill('chloe@example.be');
    await e2e.page.keyboard.press('Control+Enter');
    await expect.poll(() => heading().textContent()).toBe('Chloé Dubois');
    await expect.poll(() => e2e.page.getByText('+32 470 12 34 56').isVisible()).toBe(true);
    const again = await e2e.app.ok('customers.search', { query: 'chloe' });
    expect(again.hits.map((h) => h.displayName)).toEqual(['Chloé Dubois']);
  });

  it('edits a customer', async () => {
    await e2e.page.evaluate((id) => (window.location.hash = `#/customer/${id}`), jose.id);
    await expect.poll(() => heading().textContent()).toBe('José van den Berg');
    await e2e.page.keyboard.press('Control+e');
    await e2e.page.getByRole('heading', { name: 'Edit José van den Berg' }).waitFor();
    await e2e.page.getByLabel('Town').fill('Utrecht');
    await e2e.page.getByLabel('Day', { exact: true }).fill('29');
    await e2e.page.getByLabel('Month', { exact: true }).selectOption({ label: 'February' });
    await e2e.shot('06-edit');
    await e2e.page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => heading().textContent()).toBe('José van den Berg');
    await expect.poll(() => e2e.page.getByText('Utrecht').isVisible()).toBe(true);
    await expect.poll(() => e2e.page.getByText('29 February').isVisible()).toBe(true);
    expect((await e2e.app.ok('customers.get', { id: jose.id })).address.city).toBe('Utrecht');
  });

  it('warns about a likely duplicate with a link, and still lets the shopkeeper save', async () => {
    await goHome();
    await e2e.page.keyboard.press('Control+n');
    await e2e.page.getByLabel('First name').fill('Jozef');
    await e2e.page.getByLabel('Last name').fill('Berg');
    await e2e.page.getByLabel('Phone number 1').fill('+31 6 1234 5678');
    const warning = e2e.page.getByRole('complementary', { name: 'Possibly already in the archive' });
    await warning.waitFor();
    expect(await warning.getByRole('link').allTextContents()).toEqual(['José van den Berg']);
    expect(await warning.textContent()).toContain('same phone number');
    await e2e.shot('07-duplicate-warning');
    await e2e.page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => heading().textContent()).toBe('Jozef Berg');
  });

  it('refuses a card number that is already in use', async () => {
    await goHome();
    await e2e.page.keyboard.press('Control+n');
    await e2e.page.getByLabel('First name').fill('Piet');
    await e2e.page.getByLabel('Card number').fill(jose.cardNumber);
    await e2e.page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => e2e.page.getByText('This card number already belongs to another customer.').isVisible()).toBe(true);
    expect((await e2e.app.ok('customers.search', { query: 'piet' })).hits).toEqual([]);
  });

  it('reads phone numbers in the shop\'s country, chosen in Settings', async () => {
    await e2e.page.evaluate(() => (window.location.hash = '#/settings'));
    const country = e2e.page.getByLabel('Country of the shop');
    expect(await country.inputValue()).toBe('NL');
    await country.selectOption({ label: 'Belgium' });
    await expect.poll(async () => (await e2e.app.ok('settings.get', {})).country).toBe('BE');
    await goHome();
    await e2e.page.keyboard.press('Control+n');
    await e2e.page.getByRole('heading', { name: 'New customer' }).waitFor();
    await e2e.page.getByLabel('First name').fill('Lotte');
    await e2e.page.getByLabel('Last name').fill('Peeters');
    await e2e.page.getByLabel('Phone number 1').fill('0470 98 76 54');
    // The form kept the draft of the refused card number above.
    await e2e.page.getByLabel('Card number').fill('');
    await e2e.page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => heading().textContent()).toBe('Lotte Peeters');
    await goHome();
    for (const query of ['0470987654', '+32 470 98']) {
      await typeInSearch(query);
      await expect.poll(() => options().allTextContents(), { message: query }).toEqual([expect.stringContaining('Lotte Peeters')]);
    }
    await e2e.page.keyboard.press('Escape');
    await e2e.app.ok('settings.update', { country: 'NL' });
  });

  it('switches the whole app to Dutch', async () => {
    await e2e.page.evaluate(() => (window.location.hash = '#/settings'));
    await e2e.page.getByLabel('Shop name', { exact: true }).fill('Bakkerij De Korenbloem');
    await e2e.page.getByRole('button', { name: 'Save', exact: true }).click();
    await e2e.page.getByRole('radio', { name: 'Nederlands' }).check();
    await e2e.page.getByRole('heading', { name: 'Instellingen' }).waitFor();
    await e2e.shot('08-settings-nl');
    await goHomeDutch();
    await e2e.page.keyboard.type('vries');
    await e2e.page.getByRole('listbox').getByRole('option').first().waitFor();
    await e2e.shot('09-search-nl');
    await e2e.page.keyboard.press('Enter');
    await e2e.page.getByText('Liefst bereikbaar via').waitFor();
    await e2e.shot('10-profile-nl');
  });
});

async function goHomeDutch() {
  await e2e.page.evaluate(() => (window.location.hash = '#/'));
  await e2e.page.getByRole('heading', { name: 'Wie staat er aan de toonbank bij Bakkerij De Korenbloem?' }).waitFor();
}

describe('accessibility', () => {
  it('passes axe-core’s WCAG 2.1 AA checks on every screen', async () => {
    const { a11yViolations } = await import('./support.js');
    const screens: [string, () => Promise<void>][] = [
      ['home', async () => { await e2e.page.evaluate(() => (window.location.hash = '#/')); await e2e.page.locator('.home').waitFor(); }],
      ['search', async () => { await e2e.page.getByRole('combobox').fill('berg'); await e2e.page.getByRole('option').first().waitFor(); }],
      ['profile', async () => { await e2e.page.evaluate((id) => (window.location.hash = `#/customer/${id}`), jose.id); await e2e.page.locator('.balance-number').waitFor(); }],
      ['edit', async () => { await e2e.page.evaluate((id) => (window.location.hash = `#/customer/${id}/edit`), jose.id); await e2e.page.locator('#form-title').waitFor(); }],
      ['program', async () => { await e2e.page.evaluate(() => (window.location.hash = '#/loyalty')); await e2e.page.locator('.program').waitFor(); }],
      ['settings', async () => { await e2e.page.evaluate(() => (window.location.hash = '#/settings')); await e2e.page.locator('.settings').waitFor(); }],
    ];
    const found: Record<string, unknown> = {};
    for (const [name, open] of screens) {
      await open();
      const violations = await a11yViolations(e2e.page);
      if (violations.length) found[name] = violations;
      await e2e.page.keyboard.press('Escape');
    }
    expect(found).toEqual({});
  });
});
