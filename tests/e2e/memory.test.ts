/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { a11yViolations, startE2E, type E2E } from './support.js';

// The shopkeeper's memory on a profile: pinned facts, the timeline, note search,
// interests, complaints and follow-ups, in Chromium.

let e2e: E2E;
let id: number;
const page = () => e2e.page;
const open = async () => {
  await page().evaluate((customerId) => (window.location.hash = `#/customer/${customerId}`), id);
  await page().locator('.brief').waitFor();
};

beforeAll(async () => {
  e2e = await startE2E();
  id = (await e2e.app.ok('customers.create', { customer: { givenName: 'Wim', familyName: 'de Graaf', phones: ['06-23456789'] } })).id;
  await e2e.app.ok('customers.create', { customer: { givenName: 'Anouk', familyName: 'Visser' } });
}, 60_000);

afterAll(async () => {
  await e2e?.close();
});

describe('a shop without regulars yet', () => {
  it('says so on Today and in the insights, and what makes a regular', async () => {
    const none = 'No regulars yet: a customer becomes a regular after visits on 3 different days.';
    await page().evaluate(() => (window.location.hash = '#/'));
    await page().getByRole('region', { name: /^Regulars staying away/ }).getByText(none).waitFor();
    expect(await page().getByText('Every regular has been in lately.').count()).toBe(0);
    await page().getByRole('link', { name: 'All regulars staying away →' }).click();
    await page().getByRole('heading', { level: 1, name: 'Regulars staying away' }).waitFor();
    await page().locator('.panel').getByText(none).waitFor();
    expect(await page().getByText('Every regular came back in time.').count()).toBe(0);
  });
});

describe('customer memory on the profile', () => {
  it('pins a fact that shows at the top of the profile', async () => {
    await open();
    await page().getByLabel('New fact').fill('Allergic to nuts');
    await page().keyboard.press('Enter');
    await page().getByRole('button', { name: 'Edit fact: Allergic to nuts' }).waitFor();
    expect((await e2e.app.ok('facts.list', { customerId: id })).map((f) => f.text)).toEqual(['Allergic to nuts']);
  });

  it('adds a note from anywhere with Alt+N, and the counter search finds him by it', async () => {
    await page().locator('.profile-title h1').click();
    await page().keyboard.press('Alt+n');
    expect(await page().getByLabel('What was said or done').evaluate((el) => el === document.activeElement)).toBe(true);
    await page().keyboard.type('Wants the velvet sofa in dark green; call when the fabric arrives.');
    await page().getByRole('button', { name: 'Add', exact: true }).click();
    await page().getByRole('button', { name: /^Note .*velvet sofa/ }).waitFor();

    await page().getByRole('combobox', { name: 'Find a customer' }).fill('velvet');
    const group = page().locator('.search-group');
    await group.waitFor();
    expect(await group.textContent()).toBe('Written about');
    const option = page().getByRole('option', { name: /Wim de Graaf/ });
    expect(await option.locator('mark').textContent()).toBe('velvet');
    await e2e.shot('50-note-search');
    await page().keyboard.press('Enter');
    await page().getByRole('heading', { name: 'Wim de Graaf' }).waitFor();
  });

  it('tags him with an interest that links to the tag list', async () => {
    await page().getByLabel('Add an interest').fill('Vintage bikes');
    await page().keyboard.press('Enter');
    await page().getByRole('link', { name: 'Vintage bikes' }).waitFor();
    expect((await e2e.app.ok('tags.forCustomer', { customerId: id })).map((t) => t.name)).toEqual(['Vintage bikes']);
  });

  it('records a complaint and resolves it, keeping what was done', async () => {
    await page().getByLabel('Kind').selectOption('complaint');
    await page().getByLabel('What was said or done').fill('The sofa leg was scratched on delivery.');
    await page().getByRole('button', { name: 'Add', exact: true }).click();
    await page().getByText('1 open complaint').waitFor();
    await page().getByRole('button', { name: /^Complaint/ }).click();
    const dialog = page().getByRole('dialog');
    await dialog.getByLabel('What was done').fill('New leg fitted at home');
    await dialog.getByRole('button', { name: 'Mark resolved' }).click();
    await dialog.getByText(/resolved on .*New leg fitted at home/).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => page().getByText('1 open complaint').count()).toBe(0);
  });

  it('edits a note and keeps the earlier text, and deletes with undo', async () => {
    await page().getByRole('button', { name: /^Note .*velvet sofa/ }).click();
    const dialog = page().getByRole('dialog');
    await dialog.getByRole('button', { name: 'Edit' }).click();
    await dialog.getByLabel('What was said or done').fill('Wants the velvet sofa in dark blue after all.');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.getByText('Earlier versions (1)').click();
    await dialog.getByText('Wants the velvet sofa in dark green; call when the fabric arrives.').waitFor();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await dialog.getByText('Entry deleted.').waitFor();
    await dialog.getByRole('button', { name: 'Undo' }).click();
    await dialog.getByRole('button', { name: 'Delete' }).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    const timeline = await e2e.app.ok('notes.timeline', { customerId: id });
    expect(timeline.items.find((e) => e.kind === 'note')).toMatchObject({ text: 'Wants the velvet sofa in dark blue after all.', deletedAt: null });
  });

  it('plans a follow-up and marks it done', async () => {
    const form = page().getByRole('form', { name: 'Plan a follow-up' });
    await form.getByLabel('What to do').fill('Call about the fabric');
    const due = form.getByLabel('When');
    const today = await due.inputValue();
    await due.fill('2020-03-01');
    await form.getByRole('button', { name: 'Plan' }).click();
    await form.getByText('This date has passed: choose today or a later date.').waitFor();
    expect(await due.getAttribute('aria-invalid')).toBe('true');
    expect((await e2e.app.ok('followups.list', { customerId: id })).open).toEqual([]);
    await due.fill(today);
    await form.getByRole('button', { name: 'Plan' }).click();
    await page().getByText('1 follow-up open').waitFor();
    expect(await form.getByText('This date has passed').count()).toBe(0);
    await e2e.shot('51-profile-memory');
    expect(await a11yViolations(page())).toEqual([]);
    await page().getByRole('button', { name: 'Other date: Call about the fabric' }).click();
    await page().getByLabel('New date for Call about the fabric').fill('2026-01-24');
    await page().getByRole('button', { name: 'Move', exact: true }).click();
    await page().locator('.followup-move').getByText('This date has passed: choose today or a later date.').waitFor();
    await page().getByLabel('New date for Call about the fabric').fill('2026-12-24');
    await page().getByRole('button', { name: 'Move', exact: true }).click();
    await page().getByText('due 24 December 2026').waitFor();
    expect((await e2e.app.ok('followups.list', { customerId: id })).open.map((f) => f.dueOn)).toEqual(['2026-12-24']);
    await page().getByRole('button', { name: 'Done: Call about the fabric' }).click();
    await page().getByText('No follow-ups planned.').waitFor();
  });
});
