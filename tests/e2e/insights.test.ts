/// <reference lib="dom" />
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/services.js';
import { a11yViolations, startE2E, type E2E } from './support.js';
import { prng } from '../../bench/stats.js';

// Customer insights in Chromium: the pyramid, a layer's customers and their export (a
// contact list only with consent), movement since the year before, and the regulars staying
// away, each of which opens the customer. The shop: 60 customers with two years of
// purchases, spread as shops are (a few spend a lot), on the test clock's 25 November 2026.

let e2e: E2E;
const page = () => e2e.page;

const GIVEN = ['Marieke', 'José', 'Fenna', 'Piet', 'Anouk', 'Bram', 'Sanne', 'Daan', 'Noor', 'Jesse', 'Lotte', 'Ruben', 'Eva', 'Thijs',
  'Iris', 'Sem', 'Femke', 'Lars', 'Ilse', 'Joost'];
const FAMILY = [['de', 'Vries'], ['van den', 'Berg'], ['', 'Jansen'], ['', 'Bakker'], ['', 'Visser'], ['', 'Smit'], ['de', 'Boer'],
  ['van', 'Dijk'], ['', 'Mulder'], ['', 'Yılmaz'], ['', 'Peeters'], ['ter', 'Horst']] as const;


const DAY = 86_400_000;

async function buyAt(app: TestApp, customerId: number, cents: number, at: number) {
  app.now.value = at;
  const amount = `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
  await app.ok('loyalty.recordPurchase', { customerId, amount, locale: 'nl', description: '' });
}

let tendays = 0;
let tendaysName = '';

async function seedShop(app: TestApp): Promise<void> {
  const today = app.now.value;
  const random = prng(7);
  for (let i = 0; i < 60; i++) {
    const [prefix, family] = FAMILY[(i * 7) % FAMILY.length]!;
    const customer = await app.ok('customers.create', {
      customer: {
        givenName: GIVEN[i % GIVEN.length]!, namePrefix: prefix, familyName: family, email: `klant${i}@example.nl`,
        phones: [`06-${String(10_000_000 + i * 7919).slice(0, 8)}`], marketingConsent: i % 3 !== 1,
      },
    });
    // Pareto-like: a few come often and spend much; one in six never bought, some stopped.
    if (i % 6 === 5) continue;
    const weight = 1 / (1 + i * 0.12);
    const visits = Math.max(1, Math.round(40 * weight + random() * 3));
    const stopped = i % 7 === 3 ? 400 : 0;
    for (let v = 0; v < visits; v++) {
      const daysAgo = stopped + Math.floor(random() * (700 - stopped));
      await buyAt(app, customer.id, 500 + Math.floor(random() * 4000 * weight) * 5, today - daysAgo * DAY - 3 * 3_600_000);
    }
  }
  // A regular who came every ten days and has now been away for five weeks.
  const regular = await app.ok('customers.create', { customer: { givenName: 'Willemijn', namePrefix: 'van', familyName: 'Oranje', marketingConsent: true } });
  tendays = regular.id;
  tendaysName = regular.displayName;
  for (const daysAgo of [55, 45, 35]) await buyAt(app, regular.id, 4250, today - daysAgo * DAY);
  app.now.value = today;
}

async function downloaded(click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page().waitForEvent('download'), click()]);
  return { name: download.suggestedFilename(), text: fs.readFileSync(await download.path(), 'utf8') };
}

async function go(hash: string) {
  await page().evaluate((h) => (window.location.hash = h), hash);
}

beforeAll(async () => {
  e2e = await startE2E();
  await seedShop(e2e.app);
  await page().reload();
}, 120_000);

afterAll(async () => {
  await e2e?.close();
});

describe('customer insights in Chromium', () => {
  it('draws the pyramid with the same figures in a table', async () => {
    await page().getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Pyramid' }).click();
    await page().getByRole('heading', { level: 1, name: 'Customer pyramid' }).waitFor();
    const pyramid = await e2e.app.ok('insights.pyramid', {});
    const table = page().getByRole('region', { name: 'Customers and revenue per layer' });
    for (const layer of pyramid.layers) {
      const name = { top: 'Top', large: 'Large', medium: 'Medium', small: 'Small', inactive: 'Inactive', prospect: 'Prospects' }[layer.layer];
      const row = table.getByRole('row', { name: new RegExp(`^${name}`) });
      expect(await row.getByRole('cell').first().textContent()).toBe(String(layer.customers));
    }
    // The drawing is an image with its figures in words.
    const drawing = page().getByRole('img', { name: /^Customer pyramid\. Top: \d+ customers, \d+% of revenue; Large:/ });
    expect(await drawing.count()).toBe(1);
    expect(await page().getByRole('img', { name: /^Share of customers and of revenue: Top:/ }).count()).toBe(1);
    await page().locator('.recharts-surface').first().waitFor();
    await e2e.shot('insights-pyramid');
    expect(await a11yViolations(page())).toEqual([]);
  });

  it('opens a layer from the drawing, lists its customers and saves them, contacts only with consent', async () => {
    await page().locator('.pyramid-band').nth(1).click();
    await page().getByRole('heading', { level: 1, name: 'Large customers' }).waitFor();
    const top = await e2e.app.ok('insights.layer', { layer: 'large' });
    expect(top.total).toBeGreaterThan(2);
    const rows = page().locator('.insights-table tbody tr');
    await expect.poll(() => rows.count()).toBe(top.total);
    expect(await rows.first().getByRole('link').textContent()).toBe(top.items[0]!.displayName);

    const list = await downloaded(() => page().getByRole('button', { name: 'Save as spreadsheet (CSV)' }).click());
    expect(list.name).toMatch(/^pyramid-large-2025-12-to-2026-11-2026-11-25-\d{4}\.csv$/);
    expect(fs.existsSync(path.join(e2e.app.dataDir, 'exports', list.name))).toBe(true);
    const lines = list.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Name,Layer,Spend in period (EUR),Visits in period,Last visit,Recency (1-5),Frequency (1-5),Spend score (1-5)');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(top.items.map((m) => m.displayName));
    await page().getByText(`Saved ${top.total} customers in ${list.name}.`).waitFor();

    const contacts = await downloaded(() => page().getByRole('button', { name: 'Save contact list (CSV)' }).click());
    const contactLines = contacts.text.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1);
    const consenting = [];
    for (const m of top.items) {
      const c = await e2e.app.ok('customers.get', { id: m.customerId });
      if (c.marketingConsent) consenting.push(c);
    }
    expect(contactLines.map((l) => l.split(',')[0])).toEqual(consenting.map((c) => c.displayName));
    expect(contactLines[0]).toContain(consenting[0]!.email!);
    const leftOut = top.total - consenting.length;
    expect(leftOut).toBeGreaterThan(0);
    await page().getByText(`${leftOut === 1 ? '1 left out' : `${leftOut} left out`}: no consent for offers.`).waitFor();
    expect(contacts.name).toMatch(/^pyramid-large-contacts-2025-12-to-2026-11-2026-11-25-\d{4}\.csv$/);
    await page().getByText(`Saved ${consenting.length === 1 ? '1 customer' : `${consenting.length} customers`} in ${contacts.name}.`).waitFor();
    await e2e.shot('insights-layer');
    expect(await a11yViolations(page())).toEqual([]);
  });

  it('shows who moved since the year before', async () => {
    await page().getByRole('navigation', { name: 'Customer insights' }).getByRole('link', { name: 'Movement' }).click();
    await page().getByRole('heading', { level: 1, name: 'Movement in the pyramid' }).waitFor();
    const movement = await e2e.app.ok('insights.movement', {});
    const cards = page().getByRole('list', { name: 'Kinds of movement' });
    expect(await cards.getByRole('link', { name: /New customers/ }).textContent()).toContain(String(movement.moves.new));
    await cards.getByRole('link', { name: /Moved down/ }).click();
    await page().getByRole('heading', { name: 'Customers who moved down' }).waitFor();
    const down = await e2e.app.ok('insights.movers', { kind: 'down' });
    const movers = page().getByRole('region', { name: 'Customers who moved down' });
    await expect.poll(() => movers.locator('tbody tr').count()).toBe(Math.min(down.total, 50));
    expect(await movers.locator('tbody tr').first().getByRole('link').textContent()).toBe(down.items[0]!.displayName);
    await page().getByRole('img', { name: /^Customers per layer, then and now: Top:/ }).waitFor();
    await e2e.shot('insights-movement');
    expect(await a11yViolations(page())).toEqual([]);
  });

  it('lists the regulars staying away, and each opens the customer with their standing', async () => {
    await page().getByRole('navigation', { name: 'Customer insights' }).getByRole('link', { name: 'Regulars staying away' }).click();
    await page().getByRole('heading', { level: 1, name: 'Regulars staying away' }).waitFor();
    const row = page().locator('.insights-table tbody tr').filter({ hasText: tendaysName });
    expect(await row.textContent()).toMatch(/every 10 days.*35 days/);
    await e2e.shot('insights-overdue');
    expect(await a11yViolations(page())).toEqual([]);
    await row.getByRole('link', { name: tendaysName }).click();
    await page().getByRole('heading', { level: 1, name: tendaysName }).waitFor();
    const standing = page().getByRole('region', { name: 'In the customer pyramid' });
    await standing.getByText('Staying away: usually every 10 days, not seen for 35 days.').waitFor();
    const expected = await e2e.app.ok('insights.standing', { customerId: tendays });
    expect(await standing.getByRole('link').first().textContent()).toBe({ top: 'Top', large: 'Large', medium: 'Medium', small: 'Small', inactive: 'Inactive', prospect: 'Prospects' }[expected!.layer]);
    expect(await standing.getByText(`Recency ${expected!.recency} of 5`).count()).toBe(1);
    await e2e.shot('insights-profile');
  });

  it('chooses another period and changes the cut-offs from the pyramid screen', async () => {
    await go('#/insights');
    await page().getByRole('heading', { level: 1, name: 'Customer pyramid' }).waitFor();
    await page().getByLabel('Period', { exact: true }).selectOption('lastYear');
    await page().locator('.period-shown').getByText('Jan 2025 – Dec 2025').waitFor();
    const lastYear = await e2e.app.ok('insights.pyramid', { period: { from: '2025-01', to: '2025-12' } });
    const topRow = page().getByRole('region', { name: 'Customers and revenue per layer' }).getByRole('row', { name: /^Top/ });
    await expect.poll(() => topRow.getByRole('cell').first().textContent()).toBe(String(lastYear.layers[0]!.customers));

    await page().getByLabel('Large: up to').fill('40');
    await page().getByLabel('Top: first').fill('45');
    await page().getByRole('button', { name: 'Save cut-offs' }).click();
    await page().getByText('Whole percents from 1 to 99, each higher than the one before.').waitFor();
    expect((await e2e.app.ok('insights.settings', {})).cutoffs).toEqual({ top: 20, large: 50, medium: 80 });
    await page().getByLabel('Top: first').fill('30');
    await page().getByRole('button', { name: 'Save cut-offs' }).click();
    await page().getByText('Saved. The pyramid now uses these cut-offs.').waitFor();
    expect((await e2e.app.ok('insights.settings', {})).cutoffs).toEqual({ top: 30, large: 40, medium: 80 });
    const after = await e2e.app.ok('insights.pyramid', { period: { from: '2025-01', to: '2025-12' } });
    await expect.poll(() => topRow.getByRole('cell').first().textContent()).toBe(String(after.layers[0]!.customers));
  });
});

describe('customer insights in Dutch', () => {
  it('draws the pyramid in Dutch', async () => {
    const nl = await startE2E({ locale: 'nl-NL' });
    try {
      const app = nl.app;
      const today = app.now.value;
      for (const [name, euros] of [['Marieke', 900], ['Joost', 300], ['Fenna', 120], ['Piet', 40]] as const) {
        const c = await app.ok('customers.create', { customer: { givenName: name, familyName: 'de Vries' } });
        await buyAt(app, c.id, euros * 100, today - 20 * DAY);
      }
      app.now.value = today;
      await nl.page.evaluate(() => (window.location.hash = '#/insights'));
      await nl.page.getByRole('heading', { level: 1, name: 'Klantenpiramide' }).waitFor();
      await nl.page.getByRole('region', { name: 'Klanten en omzet per laag' }).getByRole('row', { name: /^Top/ }).waitFor();
      await nl.page.getByText('4 van de 4 klanten kochten of kwamen langs in deze periode, samen € 1.360,00.').waitFor();
      await nl.shot('insights-pyramid-nl');
      expect(await a11yViolations(nl.page)).toEqual([]);
    } finally {
      await nl.close();
    }
  });
});
