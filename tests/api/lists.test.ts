import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTransaction } from '../../db/transaction.js';
import type { CustomerInput, ExportedFile } from '../../main/api/contract.js';
import { testApp, type TestApp } from '../support/services.js';

// The lists a shop acts on, their CSV exports, and saved filters. The test clock starts on
// Wednesday 25 November 2026, 10:00 UTC.

const DAY = 86_400_000;
const at = (day: string, hour = 10) => Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);

async function customer(app: TestApp, givenName: string, extra: Partial<CustomerInput> = {}) {
  return app.ok('customers.create', { customer: { givenName, ...extra } });
}

/** An export as the shop finds it: a file in the exports folder. */
const written = (app: TestApp, file: ExportedFile) => {
  expect(file.folder).toBe(path.join(app.dataDir, 'exports'));
  const text = fs.readFileSync(path.join(file.folder, file.name), 'utf8');
  expect(Buffer.byteLength(text)).toBe(file.bytes);
  return text;
};

const born = (day: number, month: number, year: number | null = null) => ({ birthday: { day, month, year } });

async function buy(app: TestApp, customerId: number, when: number, euros: number) {
  const clock = app.now.value;
  app.now.value = when;
  await app.ok('loyalty.recordPurchase', { customerId, amount: euros.toFixed(2).replace('.', ','), locale: 'nl' });
  app.now.value = clock;
}

const birthdays = (app: TestApp, period: 'week' | 'month', offset = 0) => app.ok('lists.get', { source: { list: 'birthdays', period, offset } });

describe('birthdays this week and this month', () => {
  it('a week runs Monday to Sunday, across New Year, with the age each turns', async () => {
    const app = testApp();
    app.now.value = at('2026-12-30');
    const monday = await customer(app, 'Monday', { familyName: 'Maandag', ...born(28, 12, 1980) });
    const newYear = await customer(app, 'Nieuwjaar', born(1, 1, 2000));
    const sunday = await customer(app, 'Sunday', born(3, 1));
    await customer(app, 'Next week', born(4, 1));
    await customer(app, 'Last week', born(27, 12));
    const gone = await customer(app, 'Gone', born(29, 12));
    await app.ok('customers.archive', { id: gone.id });

    const list = await birthdays(app, 'week');
    expect(list.window).toEqual({ period: 'week', from: '2026-12-28', to: '2027-01-03', week: 53 });
    expect(list.columns).toEqual(['name', 'celebrates', 'turns', 'city', 'consent']);
    expect(list.rows.map((r) => [r.customerId, r.celebrates, r.turns])).toEqual([
      [monday.id, '2026-12-28', 46],
      [newYear.id, '2027-01-01', 27],
      [sunday.id, '2027-01-03', null],
    ]);
    expect(list.total).toBe(3);

    // Next week starts on Monday 4 January 2027, ISO week 1.
    const next = await birthdays(app, 'week', 1);
    expect(next.window).toMatchObject({ from: '2027-01-04', to: '2027-01-10', week: 1 });
    expect(next.rows.map((r) => r.displayName)).toEqual(['Next week']);
  });

  it('29 February is celebrated on 28 February in a common year, and on the 29th in a leap year', async () => {
    const app = testApp();
    const leap = await customer(app, 'Leap', born(29, 2, 1988));
    const leapNoYear = await customer(app, 'Leap too', born(29, 2));
    const first = await customer(app, 'First of March', born(1, 3, 1990));

    app.now.value = at('2027-02-24');
    const week = await birthdays(app, 'week');
    expect(week.window).toMatchObject({ from: '2027-02-22', to: '2027-02-28' });
    expect(week.rows.map((r) => [r.customerId, r.celebrates, r.turns])).toEqual([[leap.id, '2027-02-28', 39], [leapNoYear.id, '2027-02-28', null]]);
    const following = await birthdays(app, 'week', 1);
    expect(following.rows.map((r) => [r.customerId, r.celebrates])).toEqual([[first.id, '2027-03-01']]);

    const month = await birthdays(app, 'month');
    expect(month.window).toMatchObject({ period: 'month', from: '2027-02-01', to: '2027-02-28', week: null });
    expect(month.rows.map((r) => [r.customerId, r.celebrates])).toEqual([[leap.id, '2027-02-28'], [leapNoYear.id, '2027-02-28']]);

    app.now.value = at('2028-02-10');
    const leapMonth = await birthdays(app, 'month');
    expect(leapMonth.window).toMatchObject({ from: '2028-02-01', to: '2028-02-29' });
    expect(leapMonth.rows.map((r) => [r.customerId, r.celebrates, r.turns])).toEqual([[leap.id, '2028-02-29', 40], [leapNoYear.id, '2028-02-29', null]]);
    // In a leap year the 28th is no one's stand-in day.
    app.now.value = at('2028-02-23');
    expect((await birthdays(app, 'week')).rows).toEqual([]);
    app.now.value = at('2028-03-01');
    expect((await birthdays(app, 'week')).rows.map((r) => [r.customerId, r.celebrates])).toEqual([
      [leap.id, '2028-02-29'], [leapNoYear.id, '2028-02-29'], [first.id, '2028-03-01'],
    ]);
  });

  it('next month runs over New Year', async () => {
    const app = testApp();
    app.now.value = at('2026-12-15');
    const jan = await customer(app, 'January', born(31, 1));
    await customer(app, 'December', born(31, 12));
    const list = await birthdays(app, 'month', 1);
    expect(list.window).toMatchObject({ from: '2027-01-01', to: '2027-01-31' });
    expect(list.rows.map((r) => [r.customerId, r.celebrates])).toEqual([[jan.id, '2027-01-31']]);
  });
});

describe('top customers for a year-end gift', () => {
  it('the best spenders of the last 12 months, keeping everyone tied at the cut', async () => {
    const app = testApp();
    const now = app.now.value;
    const a = await customer(app, 'Anna');
    const b = await customer(app, 'Bram');
    const c = await customer(app, 'Cees');
    const d = await customer(app, 'Daan');
    const old = await customer(app, 'Old timer');
    const gone = await customer(app, 'Gone');
    await customer(app, 'Prospect');
    await buy(app, a.id, now - 10 * DAY, 100);
    await buy(app, b.id, now - 20 * DAY, 50);
    await buy(app, b.id, now - 300 * DAY, 30);
    await buy(app, c.id, now - 5 * DAY, 80);
    await buy(app, d.id, now - 40 * DAY, 45);
    await buy(app, old.id, now - 500 * DAY, 900);
    await buy(app, gone.id, now - 3 * DAY, 1000);
    await app.ok('customers.archive', { id: gone.id });

    const top = (count: number) => app.ok('lists.get', { source: { list: 'top', count } });
    const two = await top(2);
    expect(two.rows.map((r) => [r.customerId, r.spendCents])).toEqual([[a.id, 10000], [b.id, 8000], [c.id, 8000]]);
    expect(two).toMatchObject({ total: 3, count: 2, since: '2025-12-01' });
    expect(two.columns).toEqual(['name', 'layer', 'spend', 'visits', 'lastVisit', 'city', 'consent']);
    expect(two.rows[1]).toMatchObject({ visitCount: 2, lastVisitAt: now - 20 * DAY });
    expect((await top(1)).rows.map((r) => r.customerId)).toEqual([a.id]);
    expect((await top(3)).rows.map((r) => r.customerId)).toEqual([a.id, b.id, c.id]);
    // Fewer spenders than asked for: every one of them, no one who spent nothing this year.
    expect((await top(50)).rows.map((r) => r.customerId)).toEqual([a.id, b.id, c.id, d.id]);
  });
});

describe('customers with a reward waiting', () => {
  it('those whose balance reaches the cheapest reward on offer now', async () => {
    const app = testApp();
    const rich = await customer(app, 'Rich');
    const exact = await customer(app, 'Exact');
    const short = await customer(app, 'Short');
    await customer(app, 'Nothing');
    const adjust = (customerId: number, amount: number) => app.ok('loyalty.adjust', { customerId, amount, reason: 'test' });
    await adjust(rich.id, 25);
    await adjust(exact.id, 8);
    await adjust(short.id, 7);
    const gone = await customer(app, 'Gone');
    await adjust(gone.id, 30);
    await app.ok('customers.archive', { id: gone.id });

    const none = await app.ok('lists.get', { source: { list: 'rewards' } });
    expect([none.reward, none.rows, none.total]).toEqual([null, [], 0]);

    await app.ok('loyalty.saveReward', { name: 'Free loaf', cost: 10, kind: 'free_item' });
    const cheap = await app.ok('loyalty.saveReward', { name: 'Coffee', cost: 8, kind: 'free_item' });
    await app.ok('loyalty.saveReward', { name: 'Cake', cost: 5, kind: 'free_item', activeFrom: app.now.value + 30 * DAY });
    const list = await app.ok('lists.get', { source: { list: 'rewards' } });
    expect(list.reward).toEqual({ name: 'Coffee', cost: 8 });
    expect(list.unit).toBe('stamps');
    expect(list.rows.map((r) => [r.customerId, r.balance])).toEqual([[rich.id, 25], [exact.id, 8]]);
    expect(list.total).toBe(2);
    const first = await app.ok('lists.get', { source: { list: 'rewards' }, limit: 1 });
    expect([first.rows.map((r) => r.customerId), first.total]).toEqual([[rich.id], 2]);

    await app.ok('loyalty.retireReward', { id: cheap.id, retired: true });
    expect((await app.ok('lists.get', { source: { list: 'rewards' } })).rows.map((r) => r.customerId)).toEqual([rich.id]);
  });
});

describe('satisfaction', () => {
  it('the most satisfied by their average score, and the unhappy: open complaints first, then a low latest score', async () => {
    const app = testApp();
    const fan = await customer(app, 'Fan');
    const fine = await customer(app, 'Fine');
    const mixed = await customer(app, 'Mixed');
    const sour = await customer(app, 'Sour');
    const complainer = await customer(app, 'Complainer');
    const resolved = await customer(app, 'Resolved');
    const feedback = async (customerId: number, score: number, day: string) =>
      app.ok('notes.add', { customerId, kind: 'feedback', text: 'How was it?', score, at: at(day) });
    await feedback(fan.id, 5, '2026-10-01');
    await feedback(fan.id, 5, '2026-11-01');
    await feedback(fine.id, 4, '2026-11-02');
    await feedback(mixed.id, 5, '2026-09-01');
    await feedback(mixed.id, 2, '2026-11-03');
    await feedback(sour.id, 1, '2026-08-01');
    await feedback(sour.id, 5, '2026-08-02');
    const deleted = await feedback(sour.id, 5, '2026-11-04');
    await app.ok('notes.delete', { id: deleted.id });
    await app.ok('notes.add', { customerId: complainer.id, kind: 'complaint', text: 'Stale bread', at: at('2026-11-10') });
    await app.ok('notes.add', { customerId: mixed.id, kind: 'complaint', text: 'Rude', at: at('2026-11-05') });
    const done = await app.ok('notes.add', { customerId: resolved.id, kind: 'complaint', text: 'Late', at: at('2026-11-01') });
    await app.ok('notes.setStatus', { id: done.id, status: 'resolved', resolution: 'Apologised' });

    const satisfied = await app.ok('lists.get', { source: { list: 'satisfied' } });
    expect(satisfied.rows.map((r) => [r.customerId, r.averageScore, r.feedbackCount, r.lastScore])).toEqual([
      [fan.id, 5, 2, 5],
      [fine.id, 4, 1, 4],
    ]);
    const unhappy = await app.ok('lists.get', { source: { list: 'unhappy' } });
    expect(unhappy.rows.map((r) => [r.customerId, r.openComplaints, r.lastScore])).toEqual([
      [mixed.id, 1, 2],
      [complainer.id, 1, null],
    ]);
    // Sour's latest kept feedback was a 5 (the later one was deleted): not unhappy.
    await feedback(sour.id, 2, '2026-11-20');
    expect((await app.ok('lists.get', { source: { list: 'unhappy' } })).rows.map((r) => r.customerId)).toEqual([mixed.id, complainer.id, sour.id]);
  });
});

describe('lapsed good customers', () => {
  it('top and large customers staying away, and big spenders of old with no purchase this year', async () => {
    const app = testApp();
    const now = app.now.value;
    const regular = await customer(app, 'Regular', { familyName: 'Weg' });
    const loyal = await customer(app, 'Loyal');
    const oldBig = await customer(app, 'Old', { familyName: 'Big' });
    const oldSmall = await customer(app, 'Old', { familyName: 'Small' });
    const small = await customer(app, 'Small', { familyName: 'Regular' });
    // Came weekly and spent the most this year (a top customer), then stopped 80 days ago: overdue.
    for (const daysAgo of [101, 94, 87, 80]) await buy(app, regular.id, now - daysAgo * DAY, 600);
    // Comes weekly and still does.
    for (const daysAgo of [21, 14, 7, 1]) await buy(app, loyal.id, now - daysAgo * DAY, 500);
    // Spent more two years ago than a top customer this year, nothing since; the other spent little.
    await buy(app, oldBig.id, now - 600 * DAY, 3000);
    await buy(app, oldSmall.id, now - 600 * DAY, 20);
    // A small customer who is overdue is not a lapsed good one.
    for (const daysAgo of [101, 94, 87]) await buy(app, small.id, now - daysAgo * DAY, 5);

    const list = await app.ok('lists.get', { source: { list: 'lapsed' } });
    expect(list.columns).toEqual(['name', 'reason', 'spend', 'visits', 'lastVisit', 'usualInterval', 'consent']);
    expect(list.rows.map((r) => [r.customerId, r.reason, r.spendCents, r.usualIntervalDays])).toEqual([
      [oldBig.id, 'inactive', 300000, null],
      [regular.id, 'overdue', 240000, 7],
    ]);
  });
});

describe('exports', () => {
  async function shop() {
    const app = testApp();
    const anna = await customer(app, 'Anna', {
      familyName: 'Aalders', salutation: 'Mevrouw Aalders', phones: ['06-12345678'], email: 'anna@example.nl', marketingConsent: true,
      address: { street: 'Kerkstraat 1', postalCode: '1234 AB', city: 'Utrecht' }, preferredChannel: 'email', ...born(27, 11, 1970),
    });
    const bram = await customer(app, 'Bram', { familyName: 'Bos', phones: ['06-87654321'], email: 'bram@example.nl', ...born(28, 11) });
    const evil = await customer(app, '=HYPERLINK("http://x")', { familyName: 'Zee', marketingConsent: true, ...born(29, 11) });
    await buy(app, anna.id, app.now.value - DAY, 12.5);
    return { app, anna, bram, evil };
  }

  it('a list as shown, in the separator and decimal mark of the app’s language', async () => {
    const { app } = await shop();
    const nl = await app.ok('lists.export', { source: { list: 'birthdays', period: 'week' }, kind: 'list' });
    expect(nl).toMatchObject({ rows: 3, leftOut: 0, beyondCap: 0, cap: 20000, separator: ';' });
    expect(nl.name).toMatch(/^verjaardagen-2026-11-25-\d{4}\.csv$/);
    expect(written(app, nl).split('\r\n')).toEqual([
      '\uFEFFNaam;Jarig op;Wordt;Plaats;Aanbiedingen toegestaan',
      'Anna Aalders;2026-11-27;56;Utrecht;ja',
      'Bram Bos;2026-11-28;;;nee',
      // A name that a spreadsheet would run as a formula is written as text.
      `"'=HYPERLINK(""http://x"") Zee";2026-11-29;;;ja`,
      '',
    ]);
    await app.ok('settings.update', { language: 'en' });
    const en = await app.ok('lists.export', { source: { list: 'customers', filter: { criteria: [{ kind: 'spend', minCents: 1, maxCents: null }] } }, kind: 'list' });
    expect(en.name).toMatch(/^customers-2026-11-25-\d{4}\.csv$/);
    expect(written(app, en).split('\r\n').slice(0, 2)).toEqual([
      '\uFEFFName,City,Birthday,Last visit,Visits,Spend (EUR),Balance,Offers allowed',
      'Anna Aalders,Utrecht,27-11,2026-11-24,1,12.50,1,yes',
    ]);
    const chosen = await app.ok('lists.export', { source: { list: 'customers', filter: { criteria: [] } }, kind: 'list', separator: ';' });
    // Made in the same minute: a file of the same name is not overwritten.
    expect(chosen.name).toBe(en.name.replace(/\.csv$/, '-2.csv'));
    expect(written(app, chosen).split('\r\n')[1]).toBe('Anna Aalders;Utrecht;27-11;2026-11-24;1;12,50;1;yes');
    // Asked about the customer group, the export shows it too.
    const grouped = await app.ok('lists.export', { source: { list: 'customers', filter: { criteria: [{ kind: 'layer', layers: ['top'] }] } }, kind: 'list' });
    expect(written(app, grouped).split('\r\n').slice(0, 2)).toEqual([
      '\uFEFFName,City,Birthday,Last visit,Visits,Spend (EUR),Balance,Customer group,Offers allowed',
      'Anna Aalders,Utrecht,27-11,2026-11-24,1,12.50,1,top,yes',
    ]);
  });

  it('a contact export holds only customers who agreed to offers, and says how many were left out', async () => {
    const { app } = await shop();
    const file = await app.ok('lists.export', { source: { list: 'birthdays', period: 'month' }, kind: 'contacts' });
    expect(file).toMatchObject({ rows: 2, leftOut: 1 });
    expect(file.name).toMatch(/^contacten-verjaardagen-2026-11-25-\d{4}\.csv$/);
    const text = written(app, file);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('\uFEFFNaam;Aanhef;Telefoon;E-mail;Straat;Postcode;Plaats;Voorkeurskanaal;Taal');
    expect(lines[1]).toBe('Anna Aalders;Mevrouw Aalders;06-12345678;anna@example.nl;Kerkstraat 1;1234 AB;Utrecht;E-mail;nl');
    expect(text).not.toContain('Bram');
    expect(text).not.toContain('06-87654321');
    const nobody = await app.ok('lists.export', { source: { list: 'customers', filter: { criteria: [{ kind: 'consent', given: false }] } }, kind: 'contacts' });
    expect([nobody.rows, nobody.leftOut, written(app, nobody).split('\r\n').length]).toEqual([0, 1, 2]);
  });

  it('stops at the cap and says how many more there were', async () => {
    const app = testApp();
    // Straight into the table, in statements of 2,000 rows (the calls would take minutes).
    const customers = Array.from({ length: 20_005 }, (_, i) => ({
      given_name: `Klant ${i + 1}`, name_prefix: '', family_name: 'Massa', salutation: '', address_street: '', address_postal_code: '',
      address_city: '', language: 'nl', marketing_consent: 0, card_number: `X${i + 1}`, search_key: i + 1, created_at: 1, updated_at: 1, last_seen_at: 1,
    }));
    await writeTransaction(app.archive.db, async (trx) => {
      for (let i = 0; i < customers.length; i += 2000) await trx.insertInto('customers').values(customers.slice(i, i + 2000)).execute();
    });
    const file = await app.ok('lists.export', { source: { list: 'customers', filter: { criteria: [] } }, kind: 'list' });
    expect([file.rows, file.beyondCap]).toEqual([20_000, 5]);
    expect(written(app, file).split('\r\n')).toHaveLength(20_002);
  });
});

describe('saved filters', () => {
  it('are saved by name, listed, reopened, renamed and deleted; names are unique whatever the accents and case', async () => {
    const app = testApp();
    const c = await customer(app, 'Poet');
    const tag = (await app.ok('tags.add', { customerId: c.id, name: 'Poetry' }))[0]!;
    const filter = { criteria: [{ kind: 'tags' as const, tagIds: [tag.id], match: 'any' as const }, { kind: 'consent' as const, given: true }] };
    const saved = await app.ok('lists.saveFilter', { name: '  Poëzie   lovers ', filter });
    expect(saved).toMatchObject({ name: 'Poëzie lovers', criteria: 2 });
    const other = await app.ok('lists.saveFilter', { name: 'Big spenders', filter: { criteria: [{ kind: 'spend', minCents: 100_000, maxCents: null }] } });
    expect((await app.ok('lists.filters')).map((f) => f.name)).toEqual(['Big spenders', 'Poëzie lovers']);

    const loaded = await app.ok('lists.filter', { id: saved.id });
    expect(loaded).toMatchObject({ id: saved.id, name: 'Poëzie lovers', notes: [] });
    expect(loaded.filter).toEqual(filter);

    expect((await app.fail('lists.saveFilter', { name: 'POEZIE lovers', filter })).fields).toEqual({ name: { code: 'duplicate' } });
    expect((await app.fail('lists.saveFilter', { id: other.id, name: 'poezie-lovers', filter })).fields).toEqual({ name: { code: 'duplicate' } });
    expect((await app.fail('lists.saveFilter', { name: ' ', filter })).fields).toEqual({ name: { code: 'required' } });
    expect((await app.fail('lists.saveFilter', { name: '--', filter })).fields).toEqual({ name: { code: 'required' } });
    expect((await app.fail('lists.saveFilter', { id: 999, name: 'X', filter })).code).toBe('not_found');
    // Saving under its own name (a changed filter) is fine.
    const changed = await app.ok('lists.saveFilter', { id: saved.id, name: 'Poëzie Lovers', filter: { criteria: [] } });
    expect(changed).toMatchObject({ id: saved.id, name: 'Poëzie Lovers', criteria: 0 });

    expect(await app.ok('lists.deleteFilter', { id: other.id })).toEqual({ deleted: other.id });
    expect((await app.fail('lists.filter', { id: other.id })).code).toBe('not_found');
    expect((await app.fail('lists.deleteFilter', { id: other.id })).code).toBe('not_found');
    expect((await app.ok('lists.filters')).map((f) => f.id)).toEqual([saved.id]);
  });

  it('a saved filter whose tag, field or option is gone opens without it, saying so', async () => {
    const app = testApp();
    const a = await customer(app, 'Anna', { marketingConsent: true });
    const b = await customer(app, 'Bram', { marketingConsent: true });
    const poetry = (await app.ok('tags.add', { customerId: a.id, name: 'Poetry' }))[0]!;
    const bikes = (await app.ok('tags.add', { customerId: b.id, name: 'Bikes' }))[0]!;
    const size = await app.ok('fields.define', { name: 'Size', kind: 'choice', options: ['S', 'M', 'L'] });
    const [s, m, l] = size.options;
    const author = await app.ok('fields.define', { name: 'Author', kind: 'text' });
    await app.ok('fields.setValues', { customerId: a.id, values: { [size.id]: s!.id, [author.id]: 'Mulisch' } });
    const saved = await app.ok('lists.saveFilter', {
      name: 'Everything',
      filter: {
        criteria: [
          { kind: 'tags', tagIds: [bikes.id], match: 'none' },
          { kind: 'tags', tagIds: [poetry.id, bikes.id], match: 'any' },
          { kind: 'field', fieldId: size.id, test: { op: 'oneOf', optionIds: [s!.id, l!.id] } },
          { kind: 'field', fieldId: author.id, test: { op: 'words', text: 'mulisch' } },
          { kind: 'field', fieldId: author.id, test: { op: 'number', min: 1, max: null } },
          { kind: 'consent', given: true },
        ],
      },
    });
    // The bikes tag is removed (by hand here: nothing in the app deletes tags yet), an
    // unused option is dropped from the field, the author field is retired.
    await app.archive.db.deleteFrom('customer_tags').where('tag_id', '=', bikes.id).execute();
    await app.archive.db.deleteFrom('tags').where('id', '=', bikes.id).execute();
    await app.ok('fields.update', { id: size.id, name: 'Size', options: [{ id: s!.id, label: 'S' }, { id: m!.id, label: 'M' }] });
    await app.ok('fields.retire', { id: author.id, retired: true });

    const loaded = await app.ok('lists.filter', { id: saved.id });
    expect(loaded.notes).toEqual([
      { index: 0, code: 'tag_missing', dropped: true },
      { index: 1, code: 'tag_missing', dropped: false },
      { index: 2, code: 'option_missing', dropped: false },
      { index: 3, code: 'field_retired', dropped: false },
      { index: 4, code: 'field_kind', dropped: true },
    ]);
    expect(loaded.filter.criteria).toEqual([
      { kind: 'tags', tagIds: [poetry.id], match: 'any' },
      { kind: 'field', fieldId: size.id, test: { op: 'oneOf', optionIds: [s!.id] } },
      { kind: 'field', fieldId: author.id, test: { op: 'words', text: 'mulisch' } },
      { kind: 'consent', given: true },
    ]);
    expect(loaded.criteria).toBe(4);
    const page = await app.ok('lists.customers', { filter: loaded.filter });
    expect(page.rows.map((r) => r.customerId)).toEqual([a.id]);
    expect(page.notes).toEqual([{ index: 2, code: 'field_retired', dropped: false }]);
  });

  it('a stored filter this version cannot read keeps what it can', async () => {
    const app = testApp();
    await customer(app, 'Anna', { marketingConsent: true });
    await customer(app, 'Bram');
    const insert = async (name: string, filter: unknown) => (await app.archive.db.insertInto('saved_filters')
      .values({ name, folded: name.toLowerCase(), filter: JSON.stringify(filter), created_at: 1, updated_at: 1 })
      .returning('id').executeTakeFirstOrThrow()).id;
    const partly = await insert('Partly', { criteria: [{ kind: 'mood', is: 'happy' }, { kind: 'consent', given: true }] });
    const broken = await insert('Broken', { rules: 'x' });

    const p = await app.ok('lists.filter', { id: partly });
    expect(p.filter).toEqual({ criteria: [{ kind: 'consent', given: true }] });
    expect(p.notes).toEqual([{ index: 0, code: 'invalid', dropped: true }]);
    expect((await app.ok('lists.customers', { filter: p.filter })).rows.map((r) => r.displayName)).toEqual(['Anna']);
    const b = await app.ok('lists.filter', { id: broken });
    expect(b).toMatchObject({ filter: { criteria: [] }, notes: [{ index: 0, code: 'invalid', dropped: true }], criteria: 0 });
    expect((await app.ok('lists.filters')).map((f) => [f.name, f.criteria])).toEqual([['Broken', 0], ['Partly', 1]]);
  });
});
