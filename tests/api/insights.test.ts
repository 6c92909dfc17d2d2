import { describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir, testApp, type TestApp } from '../support/services.js';
import { at, buy, customer, handMadeShop, TODAY, visit, type Shop } from '../support/insights-shop.js';
import { monthMismatches, rebuildInsights } from '../../db/insights/check.js';
import { ensureSegments } from '../../db/insights/segments.js';
import { readState } from '../../db/insights/state.js';
import { fileArchive } from '../../db/archive.js';
import { openArchive } from '../../db/open.js';
import type { DB } from '../../db/schema.js';
import { writeTransaction } from '../../db/transaction.js';

async function members(app: TestApp, layer: 'top' | 'large' | 'medium' | 'small' | 'inactive' | 'prospect', period?: { from: string; to: string }) {
  const page = await app.ok('insights.layer', { layer, ...(period ? { period } : {}), limit: 500 });
  return page.items.map((m) => m.customerId);
}

/** An export as the shop finds it: a file in the exports folder. */
function written(file: { name: string; bytes: number; folder: string }): string {
  const bytes = fs.readFileSync(path.join(file.folder, file.name));
  expect(bytes.length).toBe(file.bytes);
  return bytes.toString('utf8');
}

const byName = (shop: Shop, ...names: (keyof Shop)[]) => names.map((n) => shop[n]);

describe('the customer pyramid', () => {
  it('puts every customer of a hand-made shop in the layer worked out by hand', async () => {
    const app = testApp();
    const shop = await handMadeShop(app);
    app.now.value = TODAY;

    const pyramid = await app.ok('insights.pyramid', {});
    expect(pyramid.period).toEqual({ from: '2025-12', to: '2026-11', months: 12, isDefault: true });
    expect(pyramid.layers.map((l) => [l.layer, l.customers, l.revenueCents])).toEqual([
      ['top', 1, 300_00],
      ['large', 1, 200_00],
      ['medium', 2, 300_00],
      ['small', 5, 200_00],
      ['inactive', 2, 0],
      ['prospect', 3, 0],
    ]);
    expect(pyramid).toMatchObject({ customers: 14, activeCustomers: 9, revenueCents: 1000_00 });
    expect(pyramid.layers[0]).toMatchObject({ revenueShare: 0.3, customerShare: 1 / 9, minSpendCents: 300_00, belowCents: null });
    expect(pyramid.layers[2]).toMatchObject({ minSpendCents: 150_00, belowCents: 200_00 });
    // Worked out from the month figures instead of the kept classification (a chosen period
    // one month longer, in which nobody bought more): the same layers.
    const longer = await app.ok('insights.pyramid', { period: { from: '2025-11', to: '2026-11' } });
    expect(longer.period.isDefault).toBe(false);
    expect(longer.layers).toEqual(pyramid.layers);

    expect(await members(app, 'top')).toEqual(byName(shop, 'A'));
    expect(await members(app, 'large')).toEqual(byName(shop, 'B'));
    // Biggest spenders first; equal spend by customer number.
    expect(await members(app, 'medium')).toEqual(byName(shop, 'C', 'D'));
    expect(await members(app, 'small')).toEqual(byName(shop, 'E', 'F', 'G', 'H', 'I'));
    // Most recently seen first.
    expect(await members(app, 'inactive')).toEqual(byName(shop, 'J', 'K'));
    // Newest first; O's only purchase was undone.
    expect(await members(app, 'prospect')).toEqual(byName(shop, 'O', 'M', 'L'));
  });

  it('never splits a tie, and leaves a layer empty when a tie takes it all', async () => {
    const app = testApp();
    const shop = await handMadeShop(app);
    app.now.value = TODAY;
    // Large up to 60 %: C and D both start at 50 %, so both are large, though D's own euros
    // reach past 60 %; nobody is left to start between 80 % and the medium cut-off.
    await app.ok('insights.saveSettings', { cutoffs: { top: 20, large: 60, medium: 80 }, periodMonths: 12 });
    const pyramid = await app.ok('insights.pyramid', {});
    expect(pyramid.layers.slice(0, 4).map((l) => [l.layer, l.customers])).toEqual([['top', 1], ['large', 3], ['medium', 0], ['small', 5]]);
    expect(await members(app, 'large')).toEqual(byName(shop, 'B', 'C', 'D'));
    expect(await members(app, 'medium')).toEqual([]);
    // The customer exactly at a cut-off belongs to the layer above it: top at 30 % takes A (0 %) only,
    // since B starts exactly at 30 %.
    await app.ok('insights.saveSettings', { cutoffs: { top: 30, large: 60, medium: 80 }, periodMonths: 12 });
    expect(await members(app, 'top')).toEqual(byName(shop, 'A'));
    await app.ok('insights.saveSettings', { cutoffs: { top: 31, large: 60, medium: 80 }, periodMonths: 12 });
    expect(await members(app, 'top')).toEqual(byName(shop, 'A', 'B'));
  });

  it('scores recency, frequency and spend in fifths among everyone who ever bought, ties together', async () => {
    const app = testApp();
    const shop = await handMadeShop(app);
    app.now.value = TODAY;
    const scores = async (name: keyof Shop) => {
      const s = await app.ok('insights.standing', { customerId: shop[name] });
      return s && [s.layer, s.recency, s.frequency, s.monetary];
    };
    // 11 buyers. Frequency (visits in the period) 0,0,1,1,1,1,1,2,2,2,3; spend 0,0,0,20,30,50,100,
    // 150,150,200,300; last visit days K<J<H<G<F<E<C=D<B<I<A. Score = 1 + floor(5 × below / 11).
    expect(await scores('A')).toEqual(['top', 5, 5, 5]);
    expect(await scores('B')).toEqual(['large', 4, 4, 5]);
    expect(await scores('C')).toEqual(['medium', 3, 1, 4]);
    expect(await scores('D')).toEqual(['medium', 3, 1, 4]);
    expect(await scores('E')).toEqual(['small', 3, 4, 3]);
    expect(await scores('F')).toEqual(['small', 2, 1, 3]);
    expect(await scores('G')).toEqual(['small', 2, 1, 2]);
    expect(await scores('H')).toEqual(['small', 1, 1, 2]);
    // Visits only, no spend: in the pyramid (small), at the bottom for spend.
    expect(await scores('I')).toEqual(['small', 5, 4, 1]);
    expect(await scores('J')).toEqual(['inactive', 1, 1, 1]);
    expect(await scores('K')).toEqual(['inactive', 1, 1, 1]);
    expect(await scores('L')).toEqual(['prospect', 0, 0, 0]);
    expect(await scores('O')).toEqual(['prospect', 0, 0, 0]);
    // Archived: not in the pyramid.
    expect(await app.ok('insights.standing', { customerId: shop.N })).toBeNull();
  });

  it('follows each purchase, archive and new customer at once', async () => {
    const app = testApp();
    const shop = await handMadeShop(app);
    app.now.value = TODAY;
    await app.ok('insights.pyramid', {});
    // H spends €400 more today: now the biggest spender.
    await buy(app, shop.H, 400, '2026-11-25');
    app.now.value = TODAY + 60_000;
    let pyramid = await app.ok('insights.pyramid', {});
    expect(pyramid.revenueCents).toBe(1400_00);
    expect(await members(app, 'top')).toEqual(byName(shop, 'H'));
    expect((await app.ok('insights.standing', { customerId: shop.H }))).toMatchObject({ layer: 'top', spendCents: 420_00, visitCount: 2 });
    await app.ok('customers.archive', { id: shop.H });
    const newcomer = await customer(app, 'Newcomer');
    pyramid = await app.ok('insights.pyramid', {});
    expect(pyramid.customers).toBe(14);
    expect(await members(app, 'top')).toEqual(byName(shop, 'A'));
    expect((await members(app, 'prospect'))[0]).toBe(newcomer);
    await app.ok('customers.restore', { id: shop.H });
    expect(await members(app, 'top')).toEqual(byName(shop, 'H'));
    expect(await monthMismatches(app.archive.db)).toEqual([]);
  });

  it('moves the default period on with the month, and answers for a chosen period', async () => {
    const app = testApp();
    const shop = await handMadeShop(app);
    // In January 2027 the period is February 2026 to January 2027: H (December 2025) and G
    // (January 2026) have left it and are inactive.
    app.now.value = at('2027-01-10');
    let pyramid = await app.ok('insights.pyramid', {});
    expect(pyramid.period).toMatchObject({ from: '2026-02', to: '2027-01', isDefault: true });
    expect(pyramid.revenueCents).toBe(950_00);
    expect(await members(app, 'inactive')).toEqual(byName(shop, 'G', 'H', 'J', 'K'));
    // A year further on, nobody bought: everyone who ever did is inactive.
    app.now.value = at('2028-06-01');
    pyramid = await app.ok('insights.pyramid', {});
    expect(pyramid.activeCustomers).toBe(0);
    expect(pyramid.layers.find((l) => l.layer === 'inactive')!.customers).toBe(11);
    // Back to today, and the calendar year 2025 asked for: B (€1,000) top, J small, H small.
    app.now.value = TODAY;
    pyramid = await app.ok('insights.pyramid', { period: { from: '2025-01', to: '2025-12' } });
    expect(pyramid.period).toMatchObject({ from: '2025-01', to: '2025-12', months: 12, isDefault: false });
    expect(pyramid.layers.map((l) => l.customers)).toEqual([1, 0, 0, 2, 3, 8]);
    const year = { from: '2025-01', to: '2025-12' };
    expect(await members(app, 'top', year)).toEqual(byName(shop, 'B'));
    expect(await members(app, 'small', year)).toEqual(byName(shop, 'J', 'H'));
    // C (December 2024), I (June 2024) and K (May 2024) bought before 2025; most recently seen first.
    expect(await members(app, 'inactive', year)).toEqual(byName(shop, 'I', 'C', 'K'));
  });

  it('refuses a period that ends before it starts, or is too long, saying which field', async () => {
    const app = testApp();
    expect((await app.fail('insights.pyramid', { period: { from: '2026-05', to: '2026-04' } })).fields).toEqual({ 'period.to': { code: 'out_of_range' } });
    expect((await app.fail('insights.pyramid', { period: { from: '2020-01', to: '2026-04' } })).fields).toEqual({ 'period.from': { code: 'out_of_range' } });
    expect((await app.fail('insights.pyramid', { period: { from: '2026-13', to: '2026-04' } })).fields).toMatchObject({ 'period.from': { code: 'invalid_date' } });
    const bad = await app.fail('insights.saveSettings', { cutoffs: { top: 50, large: 40, medium: 80 }, periodMonths: 12 });
    expect(bad.fields).toEqual({ 'cutoffs.large': { code: 'out_of_range' } });
    expect(await app.ok('insights.settings', {})).toEqual({ cutoffs: { top: 20, large: 50, medium: 80 }, periodMonths: 12, currentMonth: '2026-11' });
  });
});

describe('movement between periods', () => {
  it('counts who is new, returned, up, down and lapsed, and splits the revenue', async () => {
    const app = testApp();
    const shop = await handMadeShop(app);
    app.now.value = TODAY;
    const movement = await app.ok('insights.movement', {});
    expect(movement.previous).toMatchObject({ from: '2024-12', to: '2025-11' });
    expect(movement.moves).toEqual({ new: 6, returned: 1, up: 1, down: 1, lapsed: 1 });
    expect(movement.revenue).toEqual({ totalCents: 1000_00, newCents: 650_00, returningCents: 350_00 });
    // Before: B top (€1,000), J and C small; I and K inactive.
    expect(movement.layers.map((l) => [l.layer, l.before, l.after])).toEqual([
      ['top', 1, 1], ['large', 0, 1], ['medium', 0, 2], ['small', 2, 5], ['inactive', 2, 2], ['prospect', 9, 3],
    ]);
    const movers = async (kind: 'new' | 'returned' | 'up' | 'down' | 'lapsed') =>
      (await app.ok('insights.movers', { kind })).items.map((m) => [m.customerId, m.before, m.after]);
    expect(await movers('up')).toEqual([[shop.C, 'small', 'medium']]);
    expect(await movers('down')).toEqual([[shop.B, 'top', 'large']]);
    expect(await movers('lapsed')).toEqual([[shop.J, 'small', 'inactive']]);
    expect(await movers('returned')).toEqual([[shop.I, 'inactive', 'small']]);
    expect((await movers('new')).map(([id]) => id)).toEqual(byName(shop, 'A', 'D', 'E', 'F', 'G', 'H'));
  });
});

describe('overdue regulars', () => {
  it('lists regulars away for more than twice their usual interval, by what they are worth, with the Today screen', async () => {
    const app = testApp();
    const weekly = await customer(app, 'Weekly');
    for (const day of ['2026-06-01', '2026-06-08', '2026-06-15']) await buy(app, weekly, 10, day);
    const tenDays = await customer(app, 'Tendays');
    for (const day of ['2026-10-01', '2026-10-11', '2026-10-21']) await buy(app, tenDays, 30, day);
    // Two visit days are not enough to know their rhythm.
    const twice = await customer(app, 'Twice');
    for (const day of ['2026-01-01', '2026-02-01']) await buy(app, twice, 50, day);
    // On time: every 36 days, last seen 5 days ago.
    const regular = await customer(app, 'Regular');
    for (const day of ['2026-09-10', '2026-10-15', '2026-11-20']) await visit(app, regular, day);
    app.now.value = TODAY;

    const all = await app.ok('insights.overdue', { withinDays: null });
    expect(all.items.map((i) => [i.customerId, i.usualIntervalDays, i.daysSinceLastVisit, i.overdueSince, i.spendCents, i.layer])).toEqual([
      [tenDays, 10, 35, '2026-11-11', 90_00, 'large'],
      [weekly, 7, 163, '2026-06-30', 30_00, 'small'],
    ]);
    expect(all.total).toBe(2);
    // Today shows those who crossed the line in the last 60 days, from the same definition.
    const recent = await app.ok('insights.overdue', {});
    expect(recent.items.map((i) => i.customerId)).toEqual([tenDays]);
    const today = await app.ok('today.get', {});
    expect(today.regulars.items.map((r) => r.customerId)).toEqual([tenDays]);
    expect(today.regulars.total).toBe(1);
    expect(await app.ok('insights.standing', { customerId: weekly })).toMatchObject({ overdue: true, usualIntervalDays: 7, daysSinceLastVisit: 163 });
    expect(await app.ok('insights.standing', { customerId: regular })).toMatchObject({ overdue: false, layer: 'small' });
  });
});

describe('saving a layer', () => {
  it('writes the layer as CSV in the app\'s language, and a contact list only of those who consented', async () => {
    const app = testApp();
    const shop = await handMadeShop(app);
    app.now.value = TODAY;
    await app.ok('customers.update', {
      id: shop.C,
      customer: { givenName: 'C', familyName: 'Test', email: 'c@example.nl', phones: ['06-12345678'], marketingConsent: true, preferredChannel: 'email' } as never,
    });
    const list = await app.ok('insights.export', { layer: 'medium', kind: 'list' });
    expect(list).toMatchObject({ rows: 2, leftOut: 0, beyondCap: 0, cap: 50_000, folder: path.join(app.dataDir, 'exports') });
    expect(list.name).toMatch(/^piramide-middel-2025-12-tot-2026-11-2026-11-25-\d{4}\.csv$/);
    expect(written(list).split('\r\n')).toEqual([
      '\uFEFFNaam;Laag;Besteed in periode (EUR);Bezoeken in periode;Laatste bezoek;Recentheid (1-5);Frequentie (1-5);Bestedingsscore (1-5)',
      'C Test;middel;150,00;1;2026-07-01;3;1;4',
      'D Test;middel;150,00;1;2026-07-01;3;1;4',
      '',
    ]);
    const contacts = await app.ok('insights.export', { layer: 'medium', kind: 'contacts' });
    expect(contacts).toMatchObject({ rows: 1, leftOut: 1 });
    expect(contacts.name).toMatch(/^piramide-middel-contacten-2025-12-tot-2026-11-2026-11-25-\d{4}\.csv$/);
    const text = written(contacts);
    expect(text.split('\r\n')[1]).toBe('C Test;;c@example.nl;06-12345678;E-mail;nl;;middel;150,00');
    expect(text).not.toContain('D Test');
  });

  it('keeps a name that looks like a formula from running in a spreadsheet', async () => {
    const app = testApp();
    const sneaky = await customer(app, '=HYPERLINK("http://x","y")');
    await buy(app, sneaky, 20, '2026-11-01');
    app.now.value = TODAY;
    const csv = written(await app.ok('insights.export', { layer: 'top', kind: 'list' }));
    expect(csv.split('\r\n')[1]).toMatch(/^"'=HYPERLINK\(""http:\/\/x"",""y""\) Test";top;20,00/);
  });
});

describe('the month figures', () => {
  it('follow visits moved to another customer by a merge', async () => {
    const app = testApp();
    const shop = await handMadeShop(app);
    app.now.value = TODAY;
    const { db } = app.archive;
    // What a merge of H into G does to the books (main/api/privacy): H's visits become G's.
    await sql`INSERT INTO customer_merges (merged_id, survivor_id, merged_at) VALUES (${shop.H}, ${shop.G}, ${TODAY})`.execute(db);
    await db.updateTable('visits').set({ customer_id: shop.G }).where('customer_id', '=', shop.H).execute();
    await db.updateTable('customers').set({ archived_at: TODAY }).where('id', '=', shop.H).execute();
    expect(await monthMismatches(app.archive.db)).toEqual([]);
    expect(await app.ok('insights.standing', { customerId: shop.G })).toMatchObject({ spendCents: 50_00, visitCount: 2 });
    expect(await app.ok('insights.standing', { customerId: shop.H })).toBeNull();
  });
});

describe('keeping the segments up to date', () => {
  it('ends where working everything out from scratch ends, whatever happened in between', async () => {
    const app = testApp();
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T,>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const ids: number[] = [];
    for (let i = 0; i < 25; i++) ids.push(await customer(app, `C${i}`));
    const lastVisit = new Map<number, number>();
    const days = Array.from({ length: 700 }, (_, i) => new Date(TODAY - i * 86_400_000).toISOString().slice(0, 10));
    const dir = tempDir();
    const segments = (db: Kysely<DB>) => db.selectFrom('customer_segments').selectAll().orderBy('customer_id').execute();
    const rebuilt = async (db: Kysely<DB>) => {
      await writeTransaction(db, (trx) => rebuildInsights(trx));
      await ensureSegments(db, now);
      return { rows: await segments(db), thresholds: { ...(await readState(db)).thresholds, atVersion: 0 } };
    };
    // On a copy of the file, so that the archive under test keeps what it keeps in memory.
    // On the server another till works it all out again in the shop's database (a copy
    // cannot be made while the app is connected): the app under test then finds its kept
    // figures out of date, and reads them afresh.
    const fromScratch = async (round: number) => {
      const file = fileArchive(app.archive);
      if (!file) {
        const till = testApp({ manual: true });
        try {
          return await rebuilt(till.archive.db);
        } finally {
          await till.dispose();
        }
      }
      const copy = path.join(dir, `copy-${round}.sqlite`);
      file.sqlite.exec(`VACUUM INTO '${copy}'`);
      const other = openArchive(copy);
      try {
        return await rebuilt(other.db);
      } finally {
        await other.close();
      }
    };
    let now = TODAY;
    const paths = new Set<string>();
    for (let round = 0; round < 8; round++) {
      // Every other round a month or so later: the period moves on.
      if (round % 2 === 1) now += 37 * 86_400_000;
      for (let op = 0; op < 12; op++) {
        const what = random();
        const id = pick(ids);
        if (what < 0.55) lastVisit.set(id, await buy(app, id, 1 + Math.floor(random() * 90), pick(days)));
        else if (what < 0.65) lastVisit.set(id, await visit(app, id, pick(days)));
        else if (what < 0.78 && lastVisit.has(id)) {
          app.now.value = now;
          await app.ok('loyalty.undoLast', { customerId: id, visitId: lastVisit.get(id)! });
          lastVisit.delete(id);
        } else if (what < 0.88) {
          const c = await app.ok('customers.get', { id });
          await app.ok(c.archivedAt === null ? 'customers.archive' : 'customers.restore', { id });
        } else ids.push(await customer(app, `N${ids.length}`));
        const steps: string[] = [];
        await ensureSegments(app.archive.db, now, (step) => steps.push(step));
        paths.add(steps.includes('read: spends') ? 'read' : 'moved by the changed customers');
      }
      app.now.value = now;
      await app.ok('insights.pyramid', {});
      const kept = await segments(app.archive.db);
      const thresholds = { ...(await readState(app.archive.db)).thresholds, atVersion: 0 };
      expect(await fromScratch(round)).toEqual({ rows: kept, thresholds });
      expect(await monthMismatches(app.archive.db)).toEqual([]);
    }
    expect([...paths].sort()).toEqual(['moved by the changed customers', 'read']);
  });
});

describe('asking at once', () => {
  it('answers the movement, its lists and a chosen period asked for together', async () => {
    const app = testApp();
    const shop = await handMadeShop(app);
    app.now.value = TODAY;
    const year = { from: '2025-01', to: '2025-12' };
    const [movement, down, chosen, lapsed] = await Promise.all([
      app.ok('insights.movement', {}),
      app.ok('insights.movers', { kind: 'down' }),
      app.ok('insights.pyramid', { period: year }),
      app.ok('insights.movers', { kind: 'lapsed', period: year }),
    ]);
    expect(movement.moves.down).toBe(1);
    expect(down.items.map((m) => m.customerId)).toEqual([shop.B]);
    expect(chosen.layers.map((l) => l.customers)).toEqual([1, 0, 0, 2, 3, 8]);
    expect(lapsed.total).toBeGreaterThanOrEqual(0);
  });
});
