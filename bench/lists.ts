// npm run bench:lists [-- --customers 1000000 --entries 10000000 --seed 42 --runs 30]
// Smart filters and lists to act on over a big archive: a few realistic combined filters
// through the real handlers (lists.customers: first page and the next; lists.count), beside,
// in the same run, the same page found by db/lists without the handler, and the one plain
// SQL statement a filter comes down to when the planner is left to itself. Then each list
// to act on, an export, and bringing the customer segments up to date after a sale.
// Works on a working copy of the loyalty benchmark's archive (never the dataset itself),
// with interests, custom fields and feedback added (bench/lists-data.ts).
// Markdown report on stdout, progress on stderr, JSON in bench/results/lists-latest.json.
import { sqliteArchive } from '../db/archive.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { ensureSegments } from '../db/insights/segments.js';
import * as act from '../db/lists/act.js';
import { whereOf } from '../db/lists/criteria.js';
import { countFiltered, filterPage } from '../db/lists/customers.js';
import { openArchive } from '../db/open.js';
import type { Api } from '../main/api/dispatch.js';
import type { FilteredCustomers } from '../main/api/lists/types.js';
import { resolveFilter } from '../main/api/lists/resolve.js';
import type { FilterInput } from '../main/api/lists/schema.js';
import { dayOf } from '../main/core/days.js';
import { confSettings } from '../main/node/conf-settings.js';
import { openServices } from '../main/node/services.js';
import { enrichForLists, TAGS } from './lists-data.js';
import { ensureLoyaltyDataset, workingCopy } from './loyalty-data.js';
import { DAY_MS } from './loyalty-program.js';
import { round, summarise } from './stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_MS = 200;
const PAGE = 100;

const { values: args } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000000' },
    entries: { type: 'string' },
    seed: { type: 'string', default: '42' },
    runs: { type: 'string', default: '30' },
    out: { type: 'string', default: path.join(ROOT, 'bench', 'results', 'lists-latest.json') },
  },
});
const num = (name: keyof typeof args, fallback?: number) => {
  if (args[name] === undefined && fallback !== undefined) return fallback;
  const n = Number(String(args[name]).replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} must be a whole number`);
  return n;
};
const customerCount = num('customers');
const entryCount = num('entries', customerCount * 10);
const seed = num('seed');
const runs = num('runs');
const log = (message: string) => console.error(`bench:lists: ${message}`);

interface Row {
  label: string;
  n: number;
  p50: number;
  p99: number;
  max: number;
  note?: string;
}

async function time(label: string, times: number, run: () => Promise<unknown> | unknown, note?: string): Promise<Row> {
  await run();
  await run();
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await run();
    ms.push(performance.now() - t0);
  }
  const s = summarise(ms);
  return { label, n: s.n, p50: round(s.p50, 1), p99: round(s.p99, 1), max: round(s.max, 1), ...(note ? { note } : {}) };
}

async function ok<T>(api: Api, name: string, input: unknown): Promise<T> {
  const result = await api.call(name, input);
  if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

const table = (rows: readonly Row[]) => [
  '| what | runs | p50 ms | p99 ms | max ms | |',
  '|---|--:|--:|--:|--:|---|',
  ...rows.map((r) => `| ${r.label} | ${r.n} | ${r.p50} | ${r.p99} | ${r.max} | ${r.note ?? ''} |`),
].join('\n');

async function main(): Promise<void> {
  const dataset = await ensureLoyaltyDataset(customerCount, entryCount, seed);
  const now = dataset.marker.end;
  const loadBefore = os.loadavg();
  log('copying the archive for this run');
  const work = workingCopy(dataset, 'lists');
  try {
    const raw = openArchive(work.file);
    log('adding interests, custom fields and feedback to the copy');
    const enriched = enrichForLists(raw.sqlite, seed, now);
    await raw.close();

    let clock = now;
    const services = openServices({ dataDir: work.dir, mode: 'cli', settings: (dir) => confSettings(dir, 'nl-NL'), clock: () => clock });
    // An archive this big is quick_checked in the background, its connection query_only until
    // then (main/node/services.ts): the handlers' writes wait for the check, this benchmark's
    // own (the segments below) do not, so the check is waited for first.
    log('waiting for the archive check at open');
    const health = await services.checked;
    if (health.state !== 'sound') throw new Error(`the archive check found: ${health.problems.join('; ')}`);
    const { api } = services;
    const db = services.archive.db;
    const sqlite = sqliteArchive(services.archive).sqlite;

    log('customer segments: first build, then after one sale');
    const t0 = performance.now();
    await ensureSegments(db, now);
    const segmentsFirstMs = performance.now() - t0;
    const segmentRows: Row[] = [await time('`ensureSegments`, nothing changed', runs, () => ensureSegments(db, clock))];
    let buyer = 1000;
    segmentRows.push(await time('`ensureSegments` after one sale (`loyalty.recordPurchase`, then this)', Math.min(runs, 10), async () => {
      clock += 60_000;
      await ok(api, 'loyalty.recordPurchase', { customerId: buyer++, amount: '12,50', locale: 'nl' });
      await ensureSegments(db, clock);
    }, 'includes the sale (~5 ms)'));
    clock += 60_000;
    await ensureSegments(db, clock);

    const tag = (name: (typeof TAGS)[number]) => TAGS.indexOf(name) + 1;
    const filters: { name: string; filter: FilterInput }[] = [
      { name: 'everyone (no conditions)', filter: { criteria: [] } },
      { name: 'interest “Poëzie” (the most common) + agreed to offers', filter: { criteria: [{ kind: 'tags', tagIds: [tag('Poëzie')], match: 'any' }, { kind: 'consent', given: true }] } },
      {
        name: 'spent ≥ € 500 in all + last visit more than 3 months ago',
        filter: { criteria: [{ kind: 'spend', period: 'lifetime', minCents: 50_000, maxCents: null }, { kind: 'lastVisit', op: 'before', day: dayOf(now - 90 * DAY_MS) }] },
      },
      { name: 'birthday in March + ≥ 5 stamps', filter: { criteria: [{ kind: 'birthdayMonth', months: [3] }, { kind: 'stamps', min: 5 }] } },
      {
        name: 'top or large customer + agreed to offers + size L (custom field)',
        filter: { criteria: [{ kind: 'layer', layers: ['top', 'large'] }, { kind: 'consent', given: true }, { kind: 'field', fieldId: enriched.sizeField, test: { op: 'oneOf', optionIds: [3] } }] },
      },
      { name: 'a rare interest (“Vip”) + never bought', filter: { criteria: [{ kind: 'tags', tagIds: [tag('Vip')], match: 'any' }, { kind: 'lastVisit', op: 'never', day: null }] } },
      {
        name: 'came in the last 7 days + interest “Glutenvrij”',
        filter: { criteria: [{ kind: 'lastVisit', op: 'since', day: dayOf(now - 7 * DAY_MS) }, { kind: 'tags', tagIds: [tag('Glutenvrij')], match: 'any' }] },
      },
    ];

    const filterResults: { name: string; total: number; rows: Row[] }[] = [];
    for (const { name, filter } of filters) {
      log(`filter: ${name}`);
      const first = await ok<FilteredCustomers>(api, 'lists.customers', { filter, limit: PAGE });
      const { total } = await ok<{ total: number }>(api, 'lists.count', { filter });
      const { criteria } = await resolveFilter(db, filter);
      const withSegments = criteria.some((c) => c.kind === 'layer' || (c.kind === 'spend' && c.period === 'year'));
      // The one statement a filter comes down to if the planner is left to choose: every
      // criterion in one WHERE, ordered by name, a page's worth.
      const plain = sql`SELECT c.id, c.given_name, c.name_prefix, c.family_name, c.address_city, c.marketing_consent, c.birthday_day,
          c.birthday_month, s.last_visit_at, s.visit_count, s.spend_cents, b.balance ${withSegments ? sql`, g.layer` : sql``}
        FROM customers c LEFT JOIN customer_visit_stats s ON s.customer_id = c.id LEFT JOIN loyalty_balances b ON b.customer_id = c.id
          ${withSegments ? sql`LEFT JOIN customer_segments g ON g.customer_id = c.id` : sql``}
        WHERE ${whereOf(db, criteria, 'in')}
        ORDER BY c.family_name COLLATE NOCASE, c.given_name COLLATE NOCASE, c.id LIMIT ${PAGE + 1}`.compile(db);
      const plainStatement = sqlite.prepare(plain.sql);
      const rows = [
        await time('`lists.customers`, first page (handler)', runs, () => ok(api, 'lists.customers', { filter, limit: PAGE })),
        await time('db/lists `filterPage`, first page (no handler)', runs, () => filterPage(db, criteria, { after: null, limit: PAGE, withSegments })),
        await time('one plain SQL statement, first page', Math.min(runs, 10), () => plainStatement.all(...(plain.parameters as unknown[])), 'the planner left to itself'),
      ];
      if (first.next) rows.push(await time('`lists.customers`, next page', runs, () => ok(api, 'lists.customers', { filter, after: first.next, limit: PAGE })));
      rows.push(await time('`lists.count`', Math.min(runs, 10), () => ok(api, 'lists.count', { filter })));
      rows.push(await time('db/lists `countFiltered` (no handler)', Math.min(runs, 10), () => countFiltered(db, criteria)));
      filterResults.push({ name, total, rows });
    }

    log('lists to act on');
    const cheapest = (await ok<{ reward: { cost: number } | null }>(api, 'lists.get', { source: { list: 'rewards' }, limit: 1 })).reward?.cost ?? 1;
    const listRows: Row[] = [];
    const lists = [
      { label: 'birthdays this week', source: { list: 'birthdays', period: 'week' } },
      { label: 'birthdays this month', source: { list: 'birthdays', period: 'month' } },
      { label: 'top 50 customers', source: { list: 'top', count: 50 }, bare: () => act.topSpenders(db, 50, 500) },
      { label: 'lapsed good customers', source: { list: 'lapsed' }, bare: () => act.lapsedGood(db, Math.floor(clock / DAY_MS), 500) },
      { label: 'reward waiting', source: { list: 'rewards' }, bare: () => act.balancesAtLeast(db, cheapest, 500) },
      { label: 'most satisfied', source: { list: 'satisfied' }, bare: () => act.mostSatisfied(db, 4, 500) },
      { label: 'unhappy', source: { list: 'unhappy' }, bare: () => act.unhappy(db, 2, 500) },
    ] as const;
    const totals: Record<string, number> = {};
    for (const l of lists) {
      totals[l.label] = (await ok<{ total: number }>(api, 'lists.get', { source: l.source, limit: 500 })).total;
      listRows.push(await time(`\`lists.get\` ${l.label} (500 shown)`, Math.min(runs, 10), () => ok(api, 'lists.get', { source: l.source, limit: 500 }), `${totals[l.label]!.toLocaleString('en-US')} on the list`));
      if ('bare' in l) listRows.push(await time(`  its query alone (db/lists/act.ts)`, Math.min(runs, 10), l.bare));
    }

    log('exports');
    const exportFilter = filters[1]!.filter;
    const exportRows = [
      await time('`lists.export` filter → CSV, as shown (20,000-row cap)', 5, () => ok(api, 'lists.export', { source: { list: 'customers', filter: exportFilter }, kind: 'list' })),
      await time('`lists.export` filter → CSV, contacts (consenting only)', 5, () => ok(api, 'lists.export', { source: { list: 'customers', filter: exportFilter }, kind: 'contacts' })),
    ];

    const sqliteVersion = sqlite.prepare('SELECT sqlite_version()').pluck().get() as string;
    await services.close();
    const loadAfter = os.loadavg();

    const firstPages = filterResults.map((f) => f.rows[0]!.p99);
    const result = {
      date: new Date().toISOString(),
      machine: {
        cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.versions.node, sqlite: sqliteVersion, loadBefore: loadBefore.map((x) => round(x, 2)), loadAfter: loadAfter.map((x) => round(x, 2)),
      },
      data: { customers: customerCount, entries: entryCount, seed, now, enriched: { ...enriched, seconds: round(enriched.seconds, 1) }, workingCopySeconds: round(work.seconds, 1) },
      segmentsFirstBuildMs: round(segmentsFirstMs, 0),
      segments: segmentRows,
      filters: filterResults,
      lists: listRows,
      exports: exportRows,
      target: { name: 'first page p99, worst filter (ms)', value: Math.max(...firstPages), limit: `≤ ${TARGET_MS}`, pass: Math.max(...firstPages) <= TARGET_MS },
    };
    fs.mkdirSync(path.dirname(args.out), { recursive: true });
    fs.writeFileSync(args.out, `${JSON.stringify(result, null, 2)}\n`);

    const lines = [
      `Run ${result.date.slice(0, 16).replace('T', ' ')} UTC on ${result.machine.cpu} (${result.machine.cores} cores, ${result.machine.memoryGiB} GiB), `
        + `Node ${result.machine.node}, SQLite ${result.machine.sqlite}; load average ${result.machine.loadBefore.join(' / ')} before, `
        + `${result.machine.loadAfter.join(' / ')} after. ${customerCount.toLocaleString('en-US')} customers, ~${entryCount.toLocaleString('en-US')} ledger entries `
        + `(seed ${seed}), plus ${enriched.tagged.toLocaleString('en-US')} interests, ${enriched.fieldValues.toLocaleString('en-US')} custom field values, `
        + `${enriched.feedback.toLocaleString('en-US')} feedback scores and ${enriched.complaints.toLocaleString('en-US')} complaints (${enriched.openComplaints.toLocaleString('en-US')} open). `
        + `${runs} timed runs after 2 warm-ups, a page is ${PAGE} customers.`,
      '',
      `**Target: first page ≤ ${TARGET_MS} ms. Worst first-page p99 over the filters: ${result.target.value} ms (${result.target.pass ? 'met' : 'NOT met'}).**`,
      '',
      ...filterResults.flatMap((f) => [`Filter: **${f.name}** (${f.total.toLocaleString('en-US')} customers match)`, '', table(f.rows), '']),
      '**Lists to act on**', '', table(listRows), '',
      '**Exports** (filter: the “Poëzie” + consent one)', '', table(exportRows), '',
      `**Customer segments** (db/insights, joined by the layer criterion and the top / lapsed lists): first build on this copy ${result.segmentsFirstBuildMs} ms.`, '',
      table(segmentRows),
    ];
    console.log(lines.join('\n'));
    log(`JSON written to ${path.relative(process.cwd(), args.out)}`);
  } finally {
    work.remove();
  }
}

await main();
