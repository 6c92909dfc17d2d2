import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallInput, FilterCriterion } from '../../main/api/contract.js';
import { countFiltered, filterPage, type NameKey, type Tuning } from '../../db/lists/customers.js';
import { needsSegments } from '../../db/lists/criteria.js';
import { resolveFilter } from '../../main/api/lists/resolve.js';
import { ensureSegments } from '../../db/insights/segments.js';
import { onServer } from '../support/engine.js';
import { fileDatabase } from '../support/postgres-each.js';
import { testApp, type TestApp } from '../support/services.js';
import { prng } from '../../bench/stats.js';
import { byName, generateShop, lastVisitOf, spendOf, type Person, type Shop } from './lists-shop.js';

// The customer list's smart filters on a generated shop: every criterion, and random
// combinations of them, against the answer worked out by hand from what was generated.

type Filter = CallInput<'lists.customers'>['filter'];

let app: TestApp;
/** On PostgreSQL the first group's database, kept for the file (each test gets its own otherwise). */
let database: Awaited<ReturnType<typeof fileDatabase>> | null = null;
let shop: Shop;
/** The insights domain's standing of each customer (its layer and last-12-months spend): the truth here. */
let segments: Map<number, { layer: string; spend: number; recency: number; frequency: number; monetary: number }>;

const midnight = (day: string) => Date.parse(`${day}T00:00:00`);

/** Every page of a filter, following `next`, and the count. */
async function everyone(filter: Filter, limit = 7): Promise<{ ids: number[]; total: number; pages: number }> {
  const ids: number[] = [];
  let after = null;
  let pages = 0;
  do {
    const page: Awaited<ReturnType<typeof app.ok<'lists.customers'>>> = await app.ok('lists.customers', { filter, after, limit });
    expect(page.notes).toEqual([]);
    ids.push(...page.rows.map((r) => r.customerId));
    after = page.next;
    pages++;
  } while (after !== null);
  return { ids, total: (await app.ok('lists.count', { filter })).total, pages };
}

// Both ways of finding a page (walking the names, going in through an index) and both ways
// of counting, forced on a small shop by tiny windows and thresholds.
const ALWAYS = { intersectBelow: 1_000_000, entriesPerName: 1_000_000 };
const NEVER = { driveBelow: 0, intersectBelow: 0, entriesPerName: 0 };
const TUNINGS: Record<string, Tuning> = {
  'one window, checked customer by customer': { window: 1_000_000, range: 1, ...NEVER },
  'walking ranges of 3 names': { window: 1, range: 3, ...NEVER },
  'walking ranges of 40 names': { window: 2, range: 40, ...NEVER },
  'through the smallest index': { window: 4, range: 4, driveBelow: 1_000_000, ...ALWAYS },
  'walking, then intersected indexes': { window: 1, range: 3, driveBelow: 0, ...ALWAYS },
};

async function everyoneTuned(criteria: FilterCriterion[], tuning: Tuning, limit: number): Promise<{ ids: number[]; total: number }> {
  const { criteria: resolved } = await resolveFilter(app.archive.db, { criteria });
  const withSegments = needsSegments(resolved);
  const ids: number[] = [];
  let after: NameKey | null = null;
  for (;;) {
    const page = await filterPage(app.archive.db, resolved, { after, limit, withSegments }, tuning);
    ids.push(...page.rows.map((r) => r.id));
    if (!page.more) break;
    const last = page.rows.at(-1)!;
    after = { family: last.family_name, given: last.given_name, id: last.id };
  }
  return { ids, total: await countFiltered(app.archive.db, resolved, tuning) };
}

const wordsOf = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** Whether a person meets one criterion, worked out from the generated data. */
function meets(p: Person, c: FilterCriterion): boolean {
  switch (c.kind) {
    case 'consent': return p.consent === c.given;
    case 'tags': {
      const held = c.tagIds.filter((t) => p.tags.has(t)).length;
      return c.match === 'any' ? held > 0 : c.match === 'all' ? held === c.tagIds.length : held === 0;
    }
    case 'lastVisit': {
      const last = lastVisitOf(p);
      if (c.op === 'never') return last === null;
      if (last === null) return false;
      return c.op === 'before' ? last < midnight(c.day!) : last >= midnight(c.day!);
    }
    case 'spend': {
      const spend = c.period === 'lifetime' ? spendOf(p) : segments.get(p.id)!.spend;
      return (c.minCents === null || spend >= c.minCents) && (c.maxCents === null || spend <= c.maxCents);
    }
    case 'stamps': return p.balance >= c.min;
    case 'birthdayMonth': return p.birthday !== null && c.months.includes(p.birthday.month);
    case 'layer': return c.layers.includes(segments.get(p.id)!.layer as never);
    case 'score': return (segments.get(p.id)?.[c.score] ?? 0) >= c.min;
    case 'field': {
      const { fields } = shop;
      const value = c.fieldId === fields.author.id ? p.author : c.fieldId === fields.shoe.id ? p.shoe
        : c.fieldId === fields.since.id ? p.since : p.size;
      const t = c.test;
      switch (t.op) {
        case 'filled': return value !== null;
        case 'empty': return value === null;
        case 'words': {
          const label = c.fieldId === fields.size.id ? fields.size.options.find((o) => o.id === value)?.label ?? '' : String(value ?? '');
          const have = wordsOf(label);
          return value !== null && wordsOf(t.text).every((w) => have.some((h) => h.startsWith(w)));
        }
        case 'number': return typeof value === 'number' && (t.min === null || value >= t.min) && (t.max === null || value <= t.max);
        case 'date': return typeof value === 'string' && (t.from === null || value >= t.from) && (t.to === null || value <= t.to);
        case 'oneOf': return typeof value === 'number' && t.optionIds.includes(value);
      }
    }
  }
}

function expected(criteria: FilterCriterion[]): number[] {
  return shop.people.filter((p) => !p.archived && criteria.every((c) => meets(p, c))).sort(byName).map((p) => p.id);
}

async function check(criteria: FilterCriterion[], limit = 7) {
  const want = expected(criteria);
  const got = await everyone({ criteria }, limit);
  expect(got.ids, JSON.stringify(criteria)).toEqual(want);
  expect(got.total).toBe(want.length);
  for (const [name, tuning] of Object.entries(TUNINGS)) {
    expect(await everyoneTuned(criteria, tuning, limit), `${name}: ${JSON.stringify(criteria)}`).toEqual({ ids: want, total: want.length });
  }
  return want;
}

/** A pool of single criteria touching every kind, built from the generated shop. */
function pool(): FilterCriterion[] {
  const [t1, t2, t3] = shop.tags.map((t) => t.id);
  const { author, shoe, since, size } = shop.fields;
  const [s, , l] = size.options.map((o) => o.id);
  return [
    { kind: 'consent', given: true },
    { kind: 'consent', given: false },
    { kind: 'tags', tagIds: [t1!, t2!], match: 'any' },
    { kind: 'tags', tagIds: [t1!, t3!], match: 'all' },
    { kind: 'tags', tagIds: [t2!], match: 'none' },
    { kind: 'lastVisit', op: 'before', day: '2026-01-01' },
    { kind: 'lastVisit', op: 'since', day: '2026-06-15' },
    { kind: 'lastVisit', op: 'never', day: null },
    { kind: 'spend', period: 'lifetime', minCents: 10_000, maxCents: null },
    { kind: 'spend', period: 'lifetime', minCents: null, maxCents: 2_500 },
    { kind: 'spend', period: 'year', minCents: 5_000, maxCents: 20_000 },
    { kind: 'stamps', min: 3 },
    { kind: 'birthdayMonth', months: [2] },
    { kind: 'birthdayMonth', months: [12, 1] },
    { kind: 'layer', layers: ['top', 'large'] },
    { kind: 'layer', layers: ['prospect'] },
    { kind: 'score', score: 'recency', min: 4 },
    { kind: 'score', score: 'frequency', min: 3 },
    { kind: 'score', score: 'monetary', min: 5 },
    { kind: 'field', fieldId: author.id, test: { op: 'words', text: 'mulisch' } },
    { kind: 'field', fieldId: author.id, test: { op: 'words', text: 'Annie SCHMI' } },
    { kind: 'field', fieldId: author.id, test: { op: 'empty' } },
    { kind: 'field', fieldId: shoe.id, test: { op: 'number', min: 38, max: 40.5 } },
    { kind: 'field', fieldId: shoe.id, test: { op: 'filled' } },
    { kind: 'field', fieldId: since.id, test: { op: 'date', from: '2015-01-01', to: '2020-12-31' } },
    { kind: 'field', fieldId: size.id, test: { op: 'oneOf', optionIds: [s!, l!] } },
    { kind: 'field', fieldId: size.id, test: { op: 'words', text: 'm' } },
  ];
}

beforeAll(async () => {
  // Kept for every test of the first group (a plain testApp is closed after each test).
  database = onServer ? await fileDatabase() : null;
  app = testApp({ manual: true, ...(database ? { databaseUrl: database.url } : {}) });
  shop = await generateShop(app, 7, 140);
  // Layers and the period's spend are the insights domain's to decide (by calendar months).
  await ensureSegments(app.archive.db, app.now.value);
  const rows = await app.archive.db.selectFrom('customer_segments')
    .select(['customer_id', 'layer', 'spend_cents', 'recency', 'frequency', 'monetary']).execute();
  segments = new Map(rows.map((r) => [r.customer_id, { layer: r.layer, spend: r.spend_cents, recency: r.recency, frequency: r.frequency, monetary: r.monetary }]));
}, 120_000);

afterAll(async () => {
  await app?.dispose();
  await database?.drop();
});

// Every criterion is checked page by page in six ways: some 8,000 statements a test, which
// a server answers in a millisecond or two each rather than SQLite's fraction of one.
const MANY_STATEMENTS_MS = 120_000;

describe('smart filters on a generated shop', () => {
  it('without criteria: every customer who is not archived, by family name, page after page', async () => {
    const all = await check([], 9);
    expect(all.length).toBeGreaterThan(100);
    const { pages } = await everyone({ criteria: [] }, 50);
    expect(pages).toBe(Math.ceil(all.length / 50));
  });

  it('each criterion on its own gives exactly the customers it should', async () => {
    for (const criterion of pool()) {
      const found = await check([criterion]);
      // A criterion that matched nobody (or everybody) would prove little.
      expect(found.length, JSON.stringify(criterion)).toBeGreaterThan(0);
      expect(found.length, JSON.stringify(criterion)).toBeLessThan(shop.people.filter((p) => !p.archived).length);
    }
  }, MANY_STATEMENTS_MS);

  it('criteria combine: all of them must hold (random combinations)', async () => {
    const random = prng(99);
    const criteria = pool();
    for (let i = 0; i < 40; i++) {
      const size = 2 + Math.floor(random() * 3);
      const chosen = Array.from({ length: size }, () => criteria[Math.floor(random() * criteria.length)]!);
      await check(chosen, 1 + Math.floor(random() * 20));
    }
  }, MANY_STATEMENTS_MS);

  it('shows the columns the list needs for each customer', async () => {
    const page = await app.ok('lists.customers', { filter: { criteria: [{ kind: 'spend', period: 'lifetime', minCents: 1, maxCents: null }] }, limit: 500 });
    expect(page.columns).toEqual(['name', 'city', 'birthday', 'lastVisit', 'visits', 'spend', 'balance', 'consent']);
    const layered = await app.ok('lists.customers', { filter: { criteria: [{ kind: 'layer', layers: ['top'] }] } });
    expect(layered.columns).toEqual(['name', 'city', 'birthday', 'lastVisit', 'visits', 'spend', 'balance', 'layer', 'consent']);
    expect(layered.rows.every((r) => r.layer === 'top')).toBe(true);
    for (const row of page.rows) {
      const p = shop.people.find((x) => x.id === row.customerId)!;
      expect(row).toMatchObject({
        displayName: p.displayName, city: p.city, marketingConsent: p.consent, spendCents: spendOf(p), visitCount: p.purchases.length,
        lastVisitAt: lastVisitOf(p), balance: p.balance, birthday: p.birthday ? { day: p.birthday.day, month: p.birthday.month } : null,
      });
    }
  });
});

describe('lists to act on, on the generated shop', () => {
  const celebrated = (p: Person, year: number) =>
    p.birthday && `${year}-${String(p.birthday.month).padStart(2, '0')}-${String(p.birthday.month === 2 && p.birthday.day === 29 && year % 4 !== 0 ? 28 : p.birthday.day).padStart(2, '0')}`;

  it('birthdays this week and this month, 29 February on the 28th in 2027', async () => {
    const clock = app.now.value;
    const who = (rows: { customerId: number; celebrates?: string }[]) => rows.map((r) => `${r.customerId}@${r.celebrates}`).sort();
    try {
      for (const [today, week, month] of [
        ['2027-02-24', ['2027-02-22', '2027-02-28'], ['2027-02-01', '2027-02-28']],
        ['2026-12-30', ['2026-12-28', '2027-01-03'], ['2026-12-01', '2026-12-31']],
      ] as const) {
        app.now.value = Date.parse(`${today}T10:00:00Z`);
        const expected = ([from, to]: readonly [string, string]) => shop.people.flatMap((p) => {
          if (p.archived || !p.birthday) return [];
          // The window may run into the next year: try both.
          const on = [Number(from.slice(0, 4)), Number(to.slice(0, 4))].map((y) => celebrated(p, y)!).find((d) => d >= from && d <= to);
          return on ? [`${p.id}@${on}`] : [];
        }).sort();
        expect(who((await app.ok('lists.get', { source: { list: 'birthdays', period: 'week' } })).rows), today).toEqual(expected(week));
        expect(who((await app.ok('lists.get', { source: { list: 'birthdays', period: 'month' } })).rows), today).toEqual(expected(month));
      }
      // Some of the shop were born on 29 February: they are there, on the 28th.
      app.now.value = Date.parse('2027-02-24T10:00:00Z');
      const week = await app.ok('lists.get', { source: { list: 'birthdays', period: 'week' } });
      expect(week.rows.filter((r) => r.celebrates === '2027-02-28').length).toBeGreaterThan(3);
    } finally {
      app.now.value = clock;
    }
  });

  it('top customers by the period’s spend, everyone tied with the last one kept', async () => {
    const spenders = shop.people.filter((p) => !p.archived && segments.get(p.id)!.spend > 0)
      .sort((a, b) => segments.get(b.id)!.spend - segments.get(a.id)!.spend);
    for (const count of [1, 5, 10, 25]) {
      const cut = segments.get(spenders[count - 1]!.id)!.spend;
      const want = spenders.filter((p) => segments.get(p.id)!.spend >= cut).map((p) => p.id).sort((a, b) => a - b);
      const top = await app.ok('lists.get', { source: { list: 'top', count } });
      expect(top.rows.map((r) => r.customerId).sort((a, b) => a - b)).toEqual(want);
      expect(top.rows.map((r) => r.spendCents)).toEqual([...top.rows.map((r) => r.spendCents!)].sort((a, b) => b - a));
    }
  });

  it('a reward waiting for exactly those whose balance reaches the cheapest reward', async () => {
    const reward = await app.ok('loyalty.saveReward', { name: 'Free coffee', cost: 3, kind: 'free_item' });
    try {
      const list = await app.ok('lists.get', { source: { list: 'rewards' } });
      const want = shop.people.filter((p) => !p.archived && p.balance >= 3).map((p) => p.id).sort((a, b) => a - b);
      expect(list.rows.map((r) => r.customerId).sort((a, b) => a - b)).toEqual(want);
      expect(want.length).toBeGreaterThan(5);
    } finally {
      await app.ok('loyalty.retireReward', { id: reward.id, retired: true });
    }
  });
});

describe('filter boundaries', () => {
  it('a last visit at midnight is "since" that day, not "before" it; equal amounts and balances are inside the range', async () => {
    const app = testApp();
    const make = async (givenName: string) => (await app.ok('customers.create', { customer: { givenName } })).id;
    const early = await make('Early');
    const late = await make('Late');
    const never = await make('Never');
    const start = app.now.value;
    app.now.value = midnight('2026-03-01') - 1;
    await app.ok('loyalty.recordPurchase', { customerId: early, amount: '25,00', locale: 'nl' });
    app.now.value = midnight('2026-03-01');
    await app.ok('loyalty.recordPurchase', { customerId: late, amount: '40,00', locale: 'nl' });
    app.now.value = start;
    const ids = async (criteria: FilterCriterion[]) =>
      (await app.ok('lists.customers', { filter: { criteria } })).rows.map((r) => r.customerId);

    expect(await ids([{ kind: 'lastVisit', op: 'before', day: '2026-03-01' }])).toEqual([early]);
    expect(await ids([{ kind: 'lastVisit', op: 'since', day: '2026-03-01' }])).toEqual([late]);
    expect(await ids([{ kind: 'lastVisit', op: 'never', day: null }])).toEqual([never]);
    expect(await ids([{ kind: 'spend', period: 'lifetime', minCents: 2500, maxCents: 2500 }])).toEqual([early]);
    expect(await ids([{ kind: 'spend', period: 'lifetime', minCents: 2501, maxCents: 3999 }])).toEqual([]);
    // Customers who never bought anything spent €0.
    expect(await ids([{ kind: 'spend', period: 'lifetime', minCents: null, maxCents: 2500 }])).toEqual([early, never]);
    expect(await ids([{ kind: 'stamps', min: 4 }])).toEqual([late]);
    expect(await ids([{ kind: 'stamps', min: 2 }])).toEqual([early, late]);
  });

  it('refuses a criterion that cannot be read, saying which part', async () => {
    const app = testApp();
    const bad = async (criterion: unknown) => (await app.fail('lists.customers', { filter: { criteria: [criterion] } })).fields;
    expect(await bad({ kind: 'lastVisit', op: 'before', day: null })).toEqual({ 'filter.criteria.0.day': { code: 'required' } });
    expect(await bad({ kind: 'lastVisit', op: 'since', day: '2026-02-30' })).toEqual({ 'filter.criteria.0.day': { code: 'invalid_date' } });
    expect(await bad({ kind: 'spend', minCents: 5000, maxCents: 100 })).toEqual({ 'filter.criteria.0.maxCents': { code: 'out_of_range' } });
    expect(await bad({ kind: 'spend', minCents: null, maxCents: null })).toEqual({ 'filter.criteria.0.minCents': { code: 'required' } });
    expect(await bad({ kind: 'birthdayMonth', months: [13] })).toEqual({ 'filter.criteria.0.months.0': { code: 'out_of_range', params: { max: 12 } } });
    expect(await bad({ kind: 'shoe' })).toHaveProperty(['filter.criteria.0.kind']);
    expect(await bad({ kind: 'field', fieldId: 1, test: { op: 'words', text: ' -- ' } })).toEqual({ 'filter.criteria.0.test.text': { code: 'required' } });
    const many = Array.from({ length: 21 }, () => ({ kind: 'consent', given: true }));
    expect((await app.fail('lists.customers', { filter: { criteria: many } })).fields).toEqual({ 'filter.criteria': { code: 'too_many', params: { max: 20 } } });
  });

  it('text is matched by word starts, accent- and case-blind, and input never becomes SQL or FTS syntax', async () => {
    const app = testApp();
    const author = await app.ok('fields.define', { name: 'Author', kind: 'text' });
    const make = async (givenName: string, value: string) => {
      const c = await app.ok('customers.create', { customer: { givenName } });
      await app.ok('fields.setValues', { customerId: c.id, values: { [author.id]: value } });
      return c.id;
    };
    const a = await make('A', 'Paul Éluard');
    const b = await make('B', "O'Neill; DROP TABLE customers");
    const ids = async (text: string) => (await app.ok('lists.customers', {
      filter: { criteria: [{ kind: 'field', fieldId: author.id, test: { op: 'words', text } }] },
    })).rows.map((r) => r.customerId);
    expect(await ids('elu')).toEqual([a]);
    expect(await ids('PAUL eluard')).toEqual([a]);
    expect(await ids('luard')).toEqual([]);
    expect(await ids('oneill drop')).toEqual([b]);
    expect(await ids('" OR 1 --')).toEqual([]);
    expect(await ids("'; DELETE FROM customers; --")).toEqual([]);
    expect(await ids('drop TABLE')).toEqual([b]);
    expect((await app.ok('lists.count', { filter: { criteria: [] } })).total).toBe(2);
  });
});
