// npm run bench:insights [-- --customers 1000000 --entries 10000000 --seed 42 --rounds 30]
// Curry's pyramid, movement and overdue regulars over the loyalty benchmark's archive
// (1 M customers, 10.5 M visits), through the real handlers, beside the bare SQL aggregate
// they replace (a GROUP BY sum over the period's visits), timed in the same run.
// Markdown report on stdout, progress on stderr, JSON in bench/results/insights-latest.json.
import { sqliteArchive } from '../db/archive.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { monthMismatches } from '../db/insights/check.js';
import { ensureSegments } from '../db/insights/segments.js';
import { defaultWindow, monthStart } from '../main/core/insights/months.js';
import type { Api } from '../main/api/dispatch.js';
import { confSettings } from '../main/node/conf-settings.js';
import { openServices, type Services } from '../main/node/services.js';
import { ensureLoyaltyDataset, workingCopy } from './loyalty-data.js';
import { counterDraw } from './loyalty-measure.js';
import { prng, round, summarise, type Latency } from './stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000000' },
    entries: { type: 'string' },
    seed: { type: 'string', default: '42' },
    rounds: { type: 'string', default: '30' },
    out: { type: 'string', default: path.join(ROOT, 'bench', 'results', 'insights-latest.json') },
  },
});
const num = (v: string | undefined, fallback: number) => (v === undefined ? fallback : Number(v.replace(/_/g, '')));
const customerCount = num(args.customers, 1_000_000);
const entryCount = num(args.entries, customerCount * 10);
const seed = num(args.seed, 42);
const rounds = num(args.rounds, 30);
const log = (message: string) => console.error(`bench:insights: ${message}`);

async function timed<T>(samples: number[], work: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const value = await work();
  samples.push(performance.now() - t0);
  return value;
}

async function ok(api: Api, name: string, input: unknown): Promise<unknown> {
  const result = await api.call(name as never, input as never);
  if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
  return result.value;
}

interface Row {
  label: string;
  latency: Latency;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const dataset = await ensureLoyaltyDataset(customerCount, entryCount, seed);
  const preparedSeconds = (performance.now() - t0) / 1000;
  const { marker } = dataset;
  const loadAverage = os.loadavg();
  log('copying the archive for this run');
  const work = workingCopy(dataset, 'insights');
  // The data's present moment is marker.end; the clock runs on from there.
  let offset = 0;
  const startedAt = performance.now();
  const clock = () => Math.round(marker.end + offset + (performance.now() - startedAt));
  const open = () => openServices({ dataDir: work.dir, mode: 'cli', settings: (dir) => confSettings(dir, 'nl-NL'), clock, log: () => {} });
  let services: Services = open();
  const api = () => services.api;
  const sqlite = () => sqliteArchive(services.archive).sqlite;
  const window = defaultWindow(clock(), 12);
  const since = monthStart(window.from);
  const bare = sqlite().prepare(`SELECT count(*) AS customers, sum(s) AS revenue FROM (
    SELECT customer_id, sum(amount_cents) AS s FROM visits WHERE occurred_at >= ? GROUP BY customer_id)`);
  const samples: Record<string, number[]> = {};
  const s = (key: string) => (samples[key] ??= []);

  const steps: Record<string, Record<string, number[]>> = {};
  const traceInto = (phase: string) => (step: string, ms: number) => ((steps[phase] ??= {})[step] ??= []).push(ms);
  log('first classification after the migration (a one-off)');
  await timed(s('firstEnsure'), () => ensureSegments(services.archive.db, clock(), traceInto('first')));
  const first = await timed(s('firstPyramid'), () => ok(api(), 'insights.pyramid', {})) as { activeCustomers: number; revenueCents: number; customers: number };
  log(`  ${round(s('firstEnsure')[0]!, 0)} ms: ${first.activeCustomers} active of ${first.customers}`);

  const random = prng(seed);
  let draw = counterDraw(sqlite(), random, marker.counts.ledgerEntries);
  log(`${rounds} rounds: a purchase, then the pyramid, overdue and movement`);
  for (let i = 0; i < rounds; i++) {
    await timed(s('recordPurchase'), () => ok(api(), 'loyalty.recordPurchase', { customerId: draw(), amount: `${5 + (i % 40)},50`, locale: 'nl', description: '' }));
    await timed(s('pyramidChanged'), () => ok(api(), 'insights.pyramid', {}));
    for (let k = 0; k < 5; k++) await timed(s('pyramidSame'), () => ok(api(), 'insights.pyramid', {}));
    await timed(s('layerPage'), () => ok(api(), 'insights.layer', { layer: 'top', offset: 100, limit: 50 }));
    await timed(s('layerPageSmall'), () => ok(api(), 'insights.layer', { layer: 'small', offset: 5000, limit: 50 }));
    await timed(s('layerPageInactive'), () => ok(api(), 'insights.layer', { layer: 'inactive', offset: 0, limit: 50 }));
    await timed(s('overdue60'), () => ok(api(), 'insights.overdue', { withinDays: 60 }));
    await timed(s('overdueAll'), () => ok(api(), 'insights.overdue', { withinDays: null }));
    await timed(s('standing'), () => ok(api(), 'insights.standing', { customerId: draw() }));
    if (i % 3 === 0) {
      await timed(s('bareSql'), async () => bare.get(since));
      await timed(s('movementChanged'), () => ok(api(), 'insights.movement', {}));
      await timed(s('movementSame'), () => ok(api(), 'insights.movement', {}));
    }
  }

  log('where the time goes after a purchase');
  for (let i = 0; i < 10; i++) {
    await ok(api(), 'loyalty.recordPurchase', { customerId: draw(), amount: '9,95', locale: 'nl', description: '' });
    await timed(s('ensureAfterPurchase'), () => ensureSegments(services.archive.db, clock(), traceInto('after a purchase')));
  }

  log('a fresh process, nothing changed since');
  for (let i = 0; i < 3; i++) {
    await services.close();
    services = open();
    await timed(s('pyramidFresh'), () => ok(api(), 'insights.pyramid', {}));
  }
  draw = counterDraw(sqlite(), random, marker.counts.ledgerEntries);
  log('a chosen period (calendar months 13-24 back)');
  const chosen = { from: `${Math.floor((window.from - 12) / 12)}-${String(((window.from - 12) % 12) + 1).padStart(2, '0')}`,
    to: `${Math.floor((window.to - 12) / 12)}-${String(((window.to - 12) % 12) + 1).padStart(2, '0')}` };
  await timed(s('pyramidChosen'), () => ok(api(), 'insights.pyramid', { period: chosen }));
  await timed(s('pyramidChosenSame'), () => ok(api(), 'insights.pyramid', { period: chosen }));

  log('the month turns: the period moves on by one month');
  offset = monthStart(window.to + 1) + 3_600_000 - marker.end;
  await timed(s('monthTurnEnsure'), () => ensureSegments(services.archive.db, clock(), traceInto('month turn')));
  await timed(s('monthTurnPyramid'), () => ok(api(), 'insights.pyramid', {}));

  log('the trigger\'s cost per visit: a bare INSERT with and without it');
  const insert = sqlite().prepare("INSERT INTO visits (customer_id, kind, amount_cents, occurred_at) VALUES (?, 'purchase', 1250, ?)");
  const inserts = (key: string) => {
    for (let i = 0; i < 300; i++) {
      const c = draw();
      const t = performance.now();
      sqlite().transaction(() => insert.run(c, clock()))();
      s(key).push(performance.now() - t);
    }
  };
  inserts('insertWithTrigger');
  log('customer_months against the visits (whole archive)');
  const mismatches = await timed(s('check'), () => monthMismatches(services.archive.db));
  sqlite().exec('DROP TRIGGER visits_insights_i');
  inserts('insertWithout');

  const sqliteVersion = sqlite().prepare('SELECT sqlite_version()').pluck().get() as string;
  const sizes = sqlite().prepare(`SELECT name, sum(pgsize) AS bytes FROM dbstat
    WHERE name IN ('customer_months', 'customer_segments') OR name LIKE 'customer_segments_%' GROUP BY name`).all() as { name: string; bytes: number }[];
  await services.close();
  work.remove();

  const rows: Row[] = Object.entries(samples).map(([label, values]) => ({ label, latency: summarise(values) }));
  const result = {
    date: new Date().toISOString(),
    machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.versions.node, sqlite: sqliteVersion, loadAverage: loadAverage.map((x) => round(x, 2)) },
    data: { customers: customerCount, visits: marker.counts.visits, seed, datasetSeconds: round(preparedSeconds, 1), workingCopySeconds: round(work.seconds, 1),
      active: first.activeCustomers, revenueCents: first.revenueCents, derivedBytes: sizes },
    rounds,
    mismatches: mismatches.length,
    rows: rows.map((r) => ({ label: r.label, n: r.latency.n, p50: round(r.latency.p50, 2), p99: round(r.latency.p99, 2), max: round(r.latency.max, 2) })),
    steps: Object.fromEntries(Object.entries(steps).map(([phase, byStep]) => [phase,
      Object.fromEntries(Object.entries(byStep).map(([step, ms]) => [step, round(summarise(ms).p50, 1)]))])),
  };
  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  fs.writeFileSync(args.out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`Load average at start ${result.machine.loadAverage.join(' ')}; ${result.machine.cpu}, ${result.machine.cores} cores, Node ${result.machine.node}, SQLite ${result.machine.sqlite}.`);
  console.log(`${customerCount.toLocaleString('en-US')} customers, ${marker.counts.visits.toLocaleString('en-US')} visits; ${first.activeCustomers.toLocaleString('en-US')} active in the period; mismatches ${mismatches.length}.`);
  console.log(sizes.map((x) => `${x.name} ${(x.bytes / 2 ** 20).toFixed(0)} MiB`).join(', '));
  console.log('\n| measurement | n | p50 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|');
  for (const r of result.rows) console.log(`| ${r.label} | ${r.n} | ${r.p50} | ${r.p99} | ${r.max} |`);
  console.log('\nSteps of ensureSegments (p50 ms):');
  for (const [phase, byStep] of Object.entries(result.steps)) {
    console.log(`- ${phase}: ${Object.entries(byStep).map(([step, ms]) => `${step} ${ms}`).join(', ')}`);
  }
}

await main();
