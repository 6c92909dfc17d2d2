/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, TimelineEntry } from '../../main/api/contract.js';
import { addDays, dayOf, MS_PER_DAY, parseDay } from '../../main/core/days.js';
import { a11yViolations, startE2E, type E2E } from './support.js';

// The shop's day in Chromium: Today on the home screen, the "who to tell" list of an
// interest, wishes, staff at the till and custom fields.

let e2e: E2E;
let jose: Customer;
let marieke: Customer;
let fenna: Customer;
let piet: Customer;
let wish: TimelineEntry;
let today: string;

const page = () => e2e.page;
const SOFA = 'Call when the blue sofa fabric arrives';
const CAKE = 'Ask how the wedding cake went';
const BOOK = 'Signed copy of the new Wieringa novel';

/** A follow-up planned `daysAgo` days back, so it can be overdue now: a due date cannot be set in the past. */
async function plannedBack(daysAgo: number, customerId: number, text: string, dueOn: string) {
  const app = e2e.app;
  const now = app.now.value;
  app.now.value = now - daysAgo * MS_PER_DAY;
  try {
    await app.ok('followups.add', { customerId, text, dueOn });
  } finally {
    app.now.value = now;
  }
}

async function go(hash: string) {
  await page().evaluate((h) => (window.location.hash = h), hash);
}

beforeAll(async () => {
  e2e = await startE2E();
  const app = e2e.app;
  // "Today" is the archive's day (main/api/today: dayOf of the app's clock), not the
  // browser's: every date here is counted from the test app's fixed clock.
  today = dayOf(app.now.value);
  const now = parseDay(today)!;
  const inThree = parseDay(addDays(today, 3))!;

  jose = await app.ok('customers.create', {
    customer: {
      givenName: 'José', namePrefix: 'van den', familyName: 'Berg', phones: ['06-12345678'], email: 'jose.berg@example.nl',
      preferredChannel: 'whatsapp', marketingConsent: true, birthday: { day: inThree.day, month: inThree.month, year: inThree.year - 40 },
    },
  });
  marieke = await app.ok('customers.create', {
    customer: {
      givenName: 'Marieke', namePrefix: 'de', familyName: 'Vries', phones: ['+31 20 123 4567'], email: 'marieke@example.nl',
      marketingConsent: false, birthday: { day: now.day, month: now.month, year: null },
    },
  });
  fenna = await app.ok('customers.create', {
    customer: { givenName: 'Fenna', familyName: 'de Boer', email: 'fenna@example.nl', preferredChannel: 'email', marketingConsent: true },
  });
  piet = await app.ok('customers.create', { customer: { givenName: 'Piet', familyName: 'Jansen', phones: ['06-23456789'] } });

  await plannedBack(5, jose.id, SOFA, addDays(today, -2));
  await app.ok('followups.add', { customerId: marieke.id, text: CAKE, dueOn: today });
  await app.ok('notes.add', { customerId: marieke.id, kind: 'complaint', text: 'The sourdough was not sliced on Saturday' });
  wish = await app.ok('notes.add', { customerId: fenna.id, kind: 'wish', text: BOOK });
  await app.ok('notes.add', { customerId: jose.id, kind: 'wish', text: 'Blue velvet sofa, three-seater' });

  // Piet came every five days, and has not been in for thirty.
  const clock = app.now.value;
  for (const daysAgo of [45, 40, 35, 30]) {
    app.now.value = clock - daysAgo * MS_PER_DAY;
    await app.ok('loyalty.recordPurchase', { customerId: piet.id, amount: '12,50', locale: 'nl' });
  }
  app.now.value = clock;

  for (const customer of [jose, marieke, fenna]) await app.ok('tags.add', { customerId: customer.id, name: 'Poetry' });
  await app.ok('tags.add', { customerId: fenna.id, name: 'Vintage bikes' });

  await page().reload();
  await page().getByRole('heading', { name: /who is at the counter/i }).waitFor();
}, 60_000);

afterAll(async () => {
  await e2e?.close();
});

describe('the shop’s day in Chromium', () => {
  it('shows what needs doing today, first on the home screen', async () => {
    const followUps = page().getByRole('region', { name: /^Follow-ups/ });
    await followUps.getByRole('heading', { name: 'Follow-ups 2' }).waitFor();
    expect(await followUps.getByText('2 days overdue').isVisible()).toBe(true);
    expect(await followUps.getByText('due today').isVisible()).toBe(true);

    const birthdays = page().getByRole('region', { name: /^Birthdays/ });
    expect(await birthdays.getByRole('heading', { level: 3 }).textContent()).toBe('Birthdays 2');
    expect(await birthdays.getByRole('link', { name: /Marieke de Vries/ }).textContent()).toContain('today');
    expect(await birthdays.getByRole('link', { name: /José van den Berg/ }).textContent()).toContain('turns 40');

    const complaints = page().getByRole('region', { name: /^Open complaints/ });
    expect(await complaints.getByRole('link').textContent()).toContain('The sourdough was not sliced on Saturday');
    const wishes = page().getByRole('region', { name: /^Open wishes/ });
    expect(await wishes.getByRole('heading', { level: 3 }).textContent()).toBe('Open wishes 2');
    const regulars = page().getByRole('region', { name: /^Regulars staying away/ });
    expect(await regulars.getByRole('link', { name: /Piet Jansen/ }).textContent()).toMatch(/usually every 5 days.*not seen for 30 days/);

    await e2e.shot('40-today');
    expect(await a11yViolations(page())).toEqual([]);
  });

  it('marks a follow-up done and snoozes the next one from the keyboard', async () => {
    await page().getByRole('button', { name: `Done: ${SOFA} for José van den Berg` }).click();
    await page().getByRole('heading', { name: 'Follow-ups 1' }).waitFor();
    await page().getByText('Follow-up for José van den Berg done.').waitFor();
    const { closed } = await e2e.app.ok('followups.list', { customerId: jose.id });
    expect(closed.map((f) => [f.text, f.status])).toEqual([[SOFA, 'done']]);

    // The focus moves on to the next follow-up, so the counter can carry on from the keyboard.
    const focused = () => page().evaluate(() => document.activeElement?.getAttribute('aria-label'));
    await expect.poll(focused).toBe(`Done: ${CAKE} for Marieke de Vries`);
    await page().keyboard.press('Tab');
    await page().keyboard.press('Tab');
    expect(await focused()).toBe(`Snooze until next week: ${CAKE} for Marieke de Vries`);
    await page().keyboard.press('Enter');
    await page().getByText('Nothing to follow up today.').waitFor();
    const { open } = await e2e.app.ok('followups.list', { customerId: marieke.id });
    expect(open.map((f) => f.dueOn)).toEqual([addDays(today, 7)]);
  });

  it('opens the customer from a line', async () => {
    await page().getByRole('region', { name: /^Regulars staying away/ }).getByRole('link', { name: /Piet Jansen/ }).click();
    await page().getByRole('heading', { level: 1, name: 'Piet Jansen' }).waitFor();
  });

  it('leads from the regulars staying away to the full list, from the keyboard', async () => {
    await go('#/');
    const regulars = page().getByRole('region', { name: /^Regulars staying away/ });
    await regulars.getByRole('link', { name: /Piet Jansen/ }).focus();
    await page().keyboard.press('Tab');
    const focused = () => page().evaluate(() => document.activeElement?.textContent);
    expect(await focused()).toBe('All regulars staying away →');
    await page().keyboard.press('Enter');

    await page().getByRole('heading', { level: 1, name: 'Regulars staying away' }).waitFor();
    expect(await page().evaluate(() => window.location.hash)).toBe('#/insights/overdue');
    await page().getByRole('heading', { level: 2, name: '1 regular staying away' }).waitFor();
    await page().getByRole('row', { name: /Piet Jansen/ }).waitFor();
    expect(await a11yViolations(page())).toEqual([]);
  });

  it('lists the interests and opens who to tell, respecting consent', async () => {
    await page().getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Interests' }).click();
    await page().getByRole('heading', { level: 1, name: 'Interests' }).waitFor();
    await page().getByRole('link', { name: 'Vintage bikes 1 customer' }).waitFor();
    await page().getByLabel('Filter interests').fill('poe');
    await expect.poll(() => page().locator('.tag-card').allTextContents()).toEqual(['Poetry 3 customers']);
    expect(await a11yViolations(page())).toEqual([]);
    await page().getByRole('link', { name: 'Poetry 3 customers' }).click();

    await page().getByRole('heading', { level: 1, name: 'Poetry' }).waitFor();
    const rows = page().locator('.members-table tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    const mariekeRow = rows.filter({ hasText: 'Marieke de Vries' });
    expect(await mariekeRow.textContent()).toContain('No consent for offers');
    // The archive withholds her number and address without consent.
    expect(await page().locator('main').textContent()).not.toContain('123 4567');
    expect(await page().locator('main').textContent()).not.toContain('marieke@example.nl');
    expect(await rows.filter({ hasText: 'José van den Berg' }).textContent()).toContain('06-12345678');
    await e2e.shot('41-tag-list');
    expect(await a11yViolations(page())).toEqual([]);

    await page().getByLabel('Only those who agreed to offers').check();
    await expect.poll(() => rows.count()).toBe(2);
    expect(await page().locator('main').textContent()).not.toContain('Marieke');
  });

  it('marks the ones told as contacted, on their timelines', async () => {
    await page().getByRole('checkbox', { name: 'Contacted: José van den Berg' }).check();
    await page().getByRole('checkbox', { name: 'Contacted: Fenna de Boer' }).check();
    const bar = page().getByRole('form', { name: 'Mark as contacted' });
    await bar.getByLabel('Reached by').selectOption('whatsapp');
    await bar.getByLabel('What was said (optional)').fill('The new Rilke translation is in');
    await bar.getByRole('button', { name: 'Mark 2 as contacted' }).click();
    await page().getByText('Noted: 2 customers told about Poetry.').waitFor();

    const { items } = await e2e.app.ok('notes.timeline', { customerId: jose.id });
    expect(items[0]).toMatchObject({
      kind: 'contact', text: 'The new Rilke translation is in', contact: { channel: 'whatsapp', tagName: 'Poetry' },
    });
    const fennaTimeline = await e2e.app.ok('notes.timeline', { customerId: fenna.id });
    expect(fennaTimeline.items[0]?.contact?.tagName).toBe('Poetry');
    const joseRow = page().locator('.members-table tbody tr').filter({ hasText: 'José van den Berg' });
    await expect.poll(() => joseRow.textContent()).not.toContain('Not yet');
    expect(await page().getByRole('checkbox', { name: 'Contacted: José van den Berg' }).isChecked()).toBe(false);
  });

  it('copies the consenting customers’ contact details, or offers them to select', async () => {
    await page().context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(e2e.server.url).origin });
    await page().getByLabel('Only those who agreed to offers').uncheck();
    await page().getByRole('button', { name: 'Copy contact details' }).click();
    await page().getByText('Contact details of 2 customers copied.').waitFor();
    const expected = 'José van den Berg\t06-12345678\tjose.berg@example.nl\nFenna de Boer\t\tfenna@example.nl';
    const lines = (text: string) => text.split('\n').sort();
    expect(lines(await page().evaluate(() => navigator.clipboard.readText()))).toEqual(lines(expected));

    // The desktop app may refuse the clipboard: the text is then shown, selected, to copy by hand.
    await page().evaluate(() => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
    });
    await page().getByRole('button', { name: 'Copy contact details' }).click();
    const area = page().getByRole('textbox', { name: /Copying is not allowed here/ });
    await area.waitFor();
    expect(lines(await area.inputValue())).toEqual(lines(expected));
    expect(await area.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await a11yViolations(page())).toEqual([]);
  });

  it('tells a customer their wish came in and fulfils it from the wishes page', async () => {
    await page().getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Wishes' }).click();
    await page().getByRole('heading', { level: 2, name: '2 open wishes' }).waitFor();
    await page().getByLabel('Search wishes').fill('wieringa');
    await page().getByRole('heading', { level: 2, name: '1 found' }).waitFor();
    await e2e.shot('42-wishes');
    expect(await a11yViolations(page())).toEqual([]);

    await page().getByRole('button', { name: `Contacted: ${BOOK} for Fenna de Boer` }).click();
    const form = page().getByRole('form', { name: 'Contact with Fenna de Boer' });
    expect(await form.getByLabel('Reached by').inputValue()).toBe('email');
    await form.getByLabel('What was said (optional)').fill('Mailed: it is in, signed');
    await form.getByRole('button', { name: 'Save contact' }).click();
    await page().getByText('Contact with Fenna de Boer noted.').waitFor();
    await page().getByText(/^Last contacted/).waitFor();
    const { items } = await e2e.app.ok('notes.timeline', { customerId: fenna.id });
    expect(items[0]).toMatchObject({ kind: 'contact', text: 'Mailed: it is in, signed', contact: { channel: 'email', wishId: wish.id } });

    await page().getByRole('button', { name: `Mark fulfilled: ${BOOK} for Fenna de Boer` }).click();
    await page().getByText('No wish matches “wieringa”.').waitFor();
    expect((await e2e.app.ok('notes.get', { id: wish.id })).status).toBe('fulfilled');
    await page().getByRole('radio', { name: 'Fulfilled' }).check();
    await page().getByRole('heading', { level: 2, name: '1 found' }).waitFor();
    await page().getByRole('button', { name: `Reopen: ${BOOK} for Fenna de Boer` }).waitFor();
  });

  it('keeps a staff list in settings, refusing a name twice', async () => {
    await page().getByRole('link', { name: 'Settings' }).click();
    const staff = page().getByRole('form', { name: 'Add staff member' });
    expect(await page().getByRole('combobox', { name: 'Who is at the till' }).count()).toBe(0);
    for (const name of ['Anouk', 'Bram']) {
      await staff.getByLabel('Name').fill(name);
      await staff.getByLabel('Name').press('Enter');
      await page().getByText(`${name} added.`).waitFor();
    }
    await staff.getByLabel('Name').fill('anouk');
    await staff.getByRole('button', { name: 'Add staff member' }).click();
    await staff.getByText('This already exists.').waitFor();
    expect(await staff.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
    expect((await e2e.app.ok('settings.get', {})).staff).toEqual(['Anouk', 'Bram']);
  });

  it('defines a custom field and will not drop an option customers hold', async () => {
    const add = page().getByRole('form', { name: 'Add field' });
    await add.getByLabel('Field name').fill('Clothing size');
    await add.getByLabel('Kind').selectOption('choice');
    await add.getByLabel('Option 1', { exact: true }).fill('S');
    await add.getByLabel('Option 2', { exact: true }).fill('M');
    await add.getByRole('button', { name: 'Add an option' }).click();
    await add.getByLabel('Option 3', { exact: true }).fill('L');
    await add.getByRole('button', { name: 'Add field' }).click();
    await page().getByText('Field “Clothing size” saved.').waitFor();
    await page().getByRole('cell', { name: 'S, M, L' }).waitFor();
    const [size] = await e2e.app.ok('fields.list', {});
    expect([size?.name, size?.kind, size?.options.map((o) => o.label)]).toEqual(['Clothing size', 'choice', ['S', 'M', 'L']]);

    await e2e.app.ok('fields.setValues', { customerId: jose.id, values: { [String(size!.id)]: 'M' } });
    await page().getByRole('button', { name: 'Edit Clothing size' }).click();
    const edit = page().getByRole('form', { name: 'Edit “Clothing size”' });
    await edit.getByRole('button', { name: 'Remove option M' }).click();
    await edit.getByRole('button', { name: 'Save field' }).click();
    await edit.getByText('“M” is still in use, so it cannot be removed. Customers with this choice: 1.').waitFor();
    await edit.scrollIntoViewIfNeeded();
    await e2e.shot('43-settings-fields');
    expect(await a11yViolations(page())).toEqual([]);
    await edit.getByRole('button', { name: 'Cancel' }).click();
    expect((await e2e.app.ok('fields.list', {}))[0]?.options.map((o) => o.label)).toEqual(['S', 'M', 'L']);
  });

  it('chooses who is at the till in the header, remembered and recorded', async () => {
    const till = page().getByRole('combobox', { name: 'Who is at the till' });
    await till.selectOption('Bram');
    await expect.poll(async () => (await e2e.app.ok('settings.get', {})).currentStaff).toBe('Bram');
    await page().locator('.staff-list li', { hasText: 'Bram' }).getByText('at the till').waitFor();
    const note = await e2e.app.ok('notes.add', { customerId: piet.id, kind: 'note', text: 'Asked about the new rye' });
    expect(note.staff).toBe('Bram');

    await go('#/');
    await page().reload();
    await page().getByRole('heading', { name: /who is at the counter/i }).waitFor();
    expect(await page().getByRole('combobox', { name: 'Who is at the till' }).inputValue()).toBe('Bram');
    await e2e.shot('44-header-staff');
    expect(await a11yViolations(page())).toEqual([]);
  });

  it('reads well in Dutch', async () => {
    await plannedBack(5, piet.id, 'Vragen of het roggebrood bevalt', addDays(today, -1));
    await e2e.app.ok('settings.update', { language: 'nl' });
    await page().reload();
    await page().getByRole('heading', { name: 'Opvolgingen 1' }).waitFor();
    await page().getByText('1 dag te laat').waitFor();
    expect(await page().getByRole('combobox', { name: 'Wie staat er achter de toonbank' }).inputValue()).toBe('Bram');
    await page().getByRole('region', { name: /^Vaste klanten die wegblijven/ }).getByText('meestal elke 5 dagen').waitFor();
    await e2e.shot('45-today-nl');
    expect(await a11yViolations(page())).toEqual([]);

    await page().getByRole('link', { name: 'Interesses' }).click();
    await page().getByRole('link', { name: 'Poetry 3 klanten' }).click();
    await page().getByText('Wie moet ik het vertellen?').waitFor();
    await page().getByText('Geen toestemming voor aanbiedingen').waitFor();
    await e2e.shot('46-tag-list-nl');
    expect(await a11yViolations(page())).toEqual([]);
  });
});
