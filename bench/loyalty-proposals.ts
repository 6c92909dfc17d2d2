// npx tsx bench/loyalty-proposals.ts [-- --customers 1000000 --entries 10000000 --seed 42 --n 300 --calls 2000]
// What would bring the loyalty handlers under 5 ms p99 on a big archive, measured on copies
// of the loyalty benchmark's archive (never on the archive itself):
//   1. the handlers' per-customer steps as they are, beside SQL that gives the same answer
//      (checked customer by customer) without loading a customer's whole history, before
//      and after a few indexes;
//   2. the undo at the counter (loyalty.undoLast), before and after two of those indexes;
//   3. the real handlers, unchanged, on the archive as it is, with the indexes, and with
//      the indexes plus the search index's merging and the WAL checkpoints left to the
//      background (configuration only).
// Markdown on stdout, JSON in bench/results/loyalty-proposals.json.
import { sqliteArchive } from '../db/archive.js';
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import * as repo from '../db/loyalty/repo.js';
import { refreshVisitStats } from '../db/memory/visit-stats.js';
import { writeTransaction } from '../db/transaction.js';
import { contract } from '../main/api/contract.js';
import type { Api } from '../main/api/dispatch.js';
import type { CounterResult, LoyaltySummary, Program, Redemption } from '../main/api/loyalty/schema.js';
import { buildSummary, loadProgram, requireCustomer, toReward, visitInfo, YEAR_MS } from '../main/api/loyalty/service.js';
import { earn, expiryDue, monthsBefore, tierFor, usualIntervalDays } from '../main/core/loyalty/rules.js';
import { parseAmount } from '../main/core/money.js';
import { confSettings } from '../main/node/conf-settings.js';
import { openServices, type Services } from '../main/node/services.js';
import { ensureLoyaltyDataset, workingCopy, type LoyaltyDataset } from './loyalty-data.js';
import { counterDraw, measureMethods } from './loyalty-measure.js';
import { fmtMs, METHODS, type LoyaltyMethod, type MethodResult } from './loyalty-report.js';
import { pickOne, prng, round, summarise } from './stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000000' },
    entries: { type: 'string' },
    seed: { type: 'string', default: '42' },
    n: { type: 'string', default: '300' },
    calls: { type: 'string', default: '2000' },
    warmup: { type: 'string', default: '200' },
    'variants-only': { type: 'boolean', default: false },
    out: { type: 'string', default: path.join(ROOT, 'bench', 'results', 'loyalty-proposals.json') },
  },
});
const customers = Number(args.customers);
const entries = args.entries === undefined ? customers * 10 : Number(args.entries);
const seed = Number(args.seed);
const perGroup = Number(args.n);
const calls = Number(args.calls);
const warmupCalls = Number(args.warmup);
const log = (message: string) => console.error(`bench:loyalty-proposals: ${message}`);

/** The indexes proposed, each with what it is for (created only where the schema lacks them). */
const PROPOSED_INDEXES: { name: string; sql: string; for: string; covered?: RegExp }[] = [
  {
    name: 'visits_customer_id',
    sql: 'CREATE INDEX visits_customer_id ON visits (customer_id, id)',
    for: 'carryCents, lastVisit, visitsOf: "newest visit of a customer" without sorting all their visits',
  },
  {
    name: 'ledger_visit',
    sql: 'CREATE INDEX ledger_visit ON ledger_entries (visit_id) WHERE visit_id IS NOT NULL',
    for: 'earnEntryForVisit (undoLast) and the last visit\'s stamps in the summary: no full scan of the ledger',
  },
  {
    name: 'visits_customer_cover',
    sql: 'CREATE INDEX visits_customer_cover ON visits (customer_id, occurred_at, amount_cents, kind, reverses_id)',
    // Since 32ce940 visits_customer_time itself has these columns.
    covered: /visits_customer_time ON visits \(customer_id, occurred_at, amount_cents/,
    for: 'spendSince, refreshVisitStats, the summary\'s statistics: read from the index alone (would replace visits_customer_time)',
  },
  {
    name: 'ledger_customer_credits',
    sql: 'CREATE INDEX ledger_customer_credits ON ledger_entries (customer_id, created_at, amount) WHERE amount > 0',
    for: 'expiry: the credits of the last twelve months from the index alone',
  },
];

/** Creates the proposed indexes the archive does not have yet; returns those it made. */
function addIndexes(sqlite: BetterSqlite3.Database, which = PROPOSED_INDEXES): typeof PROPOSED_INDEXES {
  const schema = (sqlite.prepare("SELECT group_concat(sql, ';') FROM sqlite_schema WHERE type = 'index'").pluck().get() as string | null) ?? '';
  const names = new Set(sqlite.prepare("SELECT name FROM sqlite_schema WHERE type = 'index'").pluck().all() as string[]);
  const missing = which.filter((i) => !names.has(i.name) && !(i.covered?.test(schema) ?? false));
  for (const index of missing) sqlite.exec(index.sql);
  return missing;
}

// --- proposed replacements ------------------------------------------------------------

/** expiryDue without the history: the kept balance less the credits still young enough. */
function proposedExpiry(sqlite: BetterSqlite3.Database): (customer: number, cutoff: number) => number {
  const due = sqlite.prepare(`SELECT max(0,
      coalesce((SELECT balance FROM loyalty_balances WHERE customer_id = :c), 0)
      - coalesce((SELECT sum(e.amount) FROM ledger_entries e
          WHERE e.customer_id = :c AND e.amount > 0 AND e.created_at > :cutoff
            AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reverses_id = e.id)), 0))`).pluck();
  return (c, cutoff) => due.get({ c, cutoff }) as number;
}

/** buildSummary from aggregates and single rows instead of every visit and entry. */
function proposedSummary(sqlite: BetterSqlite3.Database): (program: Program, customer: number, now: number) => LoyaltySummary {
  const kept = 'v.customer_id = :c AND +v.reverses_id IS NULL AND NOT EXISTS (SELECT 1 FROM visits r WHERE r.reverses_id = v.id)';
  const balance = sqlite.prepare('SELECT balance FROM loyalty_balances WHERE customer_id = ?').pluck();
  const rewards = sqlite.prepare('SELECT * FROM rewards ORDER BY retired_at, cost, name');
  const stats = sqlite.prepare(`SELECT count(*) AS visits, coalesce(sum(v.kind = 'purchase'), 0) AS purchases,
      coalesce(sum(v.amount_cents), 0) AS spend, min(v.occurred_at) AS first, max(v.occurred_at) AS last,
      coalesce(sum(CASE WHEN v.occurred_at > :since THEN v.amount_cents ELSE 0 END), 0) AS spend12
    FROM visits v WHERE ${kept}`);
  const days = sqlite.prepare(`SELECT DISTINCT v.occurred_at / 86400000 FROM visits v WHERE ${kept}`).pluck();
  // "+" keeps the planner off the UNIQUE index on reverses_id (see lastVisit in the report).
  const last = sqlite.prepare('SELECT * FROM visits WHERE customer_id = ? AND +reverses_id IS NULL ORDER BY id DESC LIMIT 1');
  const undone = sqlite.prepare('SELECT 1 FROM visits WHERE reverses_id = ?').pluck();
  const earned = sqlite.prepare("SELECT amount FROM ledger_entries WHERE customer_id = ? AND visit_id = ? AND kind = 'earn'").pluck();
  return (program, c, now) => {
    const held = (balance.get(c) as number | undefined) ?? 0;
    const offered = (rewards.all() as repo.RewardRow[])
      .map((r) => toReward(r, now))
      .filter((r) => r.availableNow)
      .sort((a, b) => a.cost - b.cost)
      .map((r) => ({ ...r, affordable: r.cost <= held }));
    const next = offered.find((r) => !r.affordable);
    const s = stats.get({ c, since: now - YEAR_MS }) as { visits: number; purchases: number; spend: number; first: number | null; last: number | null; spend12: number };
    const tier = tierFor(program.tiers, s.spend12);
    const lastRow = last.get(c) as repo.VisitRow | undefined;
    return {
      customerId: c,
      unit: program.unit,
      balance: held,
      cardSize: program.cardSize,
      tier: tier ? { name: tier.name, multiplierPercent: tier.multiplierPercent } : null,
      rewards: offered,
      nextReward: next ? { rewardId: next.id, name: next.name, missing: next.cost - held } : null,
      lastVisit: lastRow
        ? visitInfo(lastRow, (earned.get(c, lastRow.id) as number | undefined) ?? 0, undone.get(lastRow.id) !== undefined)
        : null,
      stats: {
        lifetimeSpendCents: s.spend,
        visitCount: s.visits,
        purchaseCount: s.purchases,
        averageSpendCents: s.purchases ? Math.round(s.spend / s.purchases) : null,
        firstVisitAt: s.first,
        lastVisitAt: s.last,
        usualIntervalDays: usualIntervalDays((days.all({ c }) as number[]).map((d) => d * 86_400_000)),
        spend12MonthsCents: s.spend12,
      },
    };
  };
}

/**
 * loyalty.recordPurchase, loyalty.redeem and loyalty.summary as main/api/loyalty does them,
 * step for step and with the same repo writes, but with the reads above: no step loads a
 * customer's whole history. The contract still validates the input; errors end the run
 * (the benchmark's calls are all valid).
 */
function proposedApi(services: Services): Api {
  const { db, sqlite } = sqliteArchive(services.archive);
  const { clock } = services.deps;
  const summaryOf = proposedSummary(sqlite);
  const due = proposedExpiry(sqlite);
  const expire = async (trx: typeof db, customerId: number, program: Program, now: number) => {
    if (program.expiryMonths === null) return 0;
    const amount = due(customerId, monthsBefore(now, program.expiryMonths));
    if (amount > 0) await repo.appendEntry(trx, { customer_id: customerId, kind: 'expire', amount: -amount, created_at: now });
    return amount;
  };
  const CODE_ALPHABET = 'ACDEFHJKLMNPRTUVWXY3479';
  const handlers: Record<string, (input: never) => Promise<unknown>> = {
    async 'loyalty.recordPurchase'(input: { customerId: number; amount: string; locale: 'nl' | 'en'; description: string }): Promise<CounterResult> {
      const parsed = parseAmount(input.amount, input.locale);
      if (!parsed.ok) throw new Error(parsed.problem);
      const now = clock();
      const { customerId } = input;
      const done = await writeTransaction(db, async (trx) => {
        await requireCustomer(trx, customerId);
        const program = await loadProgram(trx);
        const expired = await expire(trx, customerId, program, now);
        const multiplierPercent = program.tiers.length === 0 ? 100
          : (tierFor(program.tiers, await repo.spendSince(trx, customerId, now - YEAR_MS))?.multiplierPercent ?? 100);
        const carryBefore = await repo.carryCents(trx, customerId);
        const { earned, carryCents } = earn(program.rule, { kind: 'purchase', amountCents: parsed.cents, carryCents: carryBefore, multiplierPercent });
        const row = await repo.insertVisit(trx, { customer_id: customerId, kind: 'purchase', amount_cents: parsed.cents, description: input.description, carry_cents: carryCents, occurred_at: now });
        if (earned > 0) await repo.appendEntry(trx, { customer_id: customerId, kind: 'earn', amount: earned, visit_id: row.id, program_id: program.id, created_at: now });
        // As the handler since df7af90: no markSeen (search re-keying) inside the sale.
        return { row, earned, expired };
      });
      return { visit: visitInfo(done.row, done.earned, false), earned: done.earned, expired: done.expired, summary: summaryOf(await loadProgram(db), customerId, now) };
    },
    async 'loyalty.redeem'(input: { customerId: number; rewardId: number; idempotencyKey: string }): Promise<Redemption> {
      const now = clock();
      const { customerId } = input;
      const entry = await writeTransaction(db, async (trx) => {
        const earlier = await repo.entryByIdempotencyKey(trx, input.idempotencyKey);
        if (earlier) throw new Error('idempotency key reused');
        await requireCustomer(trx, customerId);
        const program = await loadProgram(trx);
        await expire(trx, customerId, program, now);
        const row = await repo.getReward(trx, input.rewardId);
        if (!row || !toReward(row, now).availableNow) throw new Error('reward_unavailable');
        const balance = await repo.balanceOf(trx, customerId);
        if (balance < row.cost) throw new Error('insufficient_balance');
        let code = '';
        for (let i = 0; i < 6; i++) code += CODE_ALPHABET[services.deps.random() % CODE_ALPHABET.length];
        return repo.appendEntry(trx, {
          customer_id: customerId, kind: 'redeem', amount: -row.cost, reward_id: row.id, program_id: program.id,
          code, idempotency_key: input.idempotencyKey, created_at: now,
        });
      });
      const reward = toReward((await repo.getReward(db, entry.reward_id!))!, now);
      return { entryId: entry.id, code: entry.code!, reward, cost: -entry.amount, summary: summaryOf(await loadProgram(db), customerId, now) };
    },
    async 'loyalty.summary'(input: { customerId: number }): Promise<LoyaltySummary> {
      await requireCustomer(db, input.customerId);
      return summaryOf(await loadProgram(db), input.customerId, clock());
    },
  };
  return {
    async call(name, input) {
      const handler = handlers[name as string];
      if (!handler) return services.api.call(name, input);
      const parsed = contract[name as keyof typeof contract].input.parse(input ?? {});
      return { ok: true, value: await handler(parsed as never) };
    },
  };
}

// --- measuring ------------------------------------------------------------------------

interface StepResult {
  step: string;
  stage: string;
  groups: Record<string, { n: number; p50: number; p99: number; mean: number }>;
  /** Customers whose answer differed from the handler's own step (must be 0). */
  mismatches?: number;
}

interface Who {
  group: 'counter' | 'heaviest';
  customer: number;
}

async function timeStep(stage: string, step: string, who: readonly Who[], run: (c: number) => unknown): Promise<StepResult> {
  const ms: Record<string, number[]> = {};
  // Warm-up on other customers' rows: the statements, the code, the cache's upper pages.
  for (const w of who.slice(-20)) await run(w.customer + 1);
  for (const w of who) {
    const t0 = performance.now();
    await run(w.customer);
    (ms[w.group] ??= []).push(performance.now() - t0);
  }
  const groups = Object.fromEntries(Object.entries(ms).map(([g, list]) => {
    const l = summarise(list);
    return [g, { n: l.n, p50: round(l.p50, 4), p99: round(l.p99, 4), mean: round(l.mean, 4) }];
  }));
  log(`${stage}: ${step}: ${Object.entries(groups).map(([g, l]) => `${g} p50 ${fmtMs(l.p50)} p99 ${fmtMs(l.p99)}`).join(', ')}`);
  return { step, stage, groups };
}

/** A fresh copy of the archive, opened; closing it removes the copy. */
function openCopy(dataset: LoyaltyDataset, name: string, clock: () => number): Services {
  const work = workingCopy(dataset, name);
  const services = openServices({ dataDir: work.dir, mode: 'cli', settings: (dir) => confSettings(dir, 'nl-NL'), clock });
  return {
    ...services,
    close: async () => {
      await services.close();
      work.remove();
    },
  };
}

async function stepComparisons(dataset: LoyaltyDataset, clock: () => number, who: readonly Who[]) {
  const services = openCopy(dataset, 'proposals', clock);
  const { db, sqlite } = sqliteArchive(services.archive);
  const program = await loadProgram(db);
  const steps: StepResult[] = [];
  const indexes: { name: string; seconds: number; mib: number }[] = [];
  const cutoff = () => monthsBefore(clock(), program.expiryMonths ?? 12);
  const currentDue = async (c: number) => {
    const list = await repo.entriesOf(db, c);
    return expiryDue(list.map((e) => ({ id: e.id, amount: e.amount, createdAt: e.created_at, reversesId: e.reverses_id })), cutoff());
  };

  const round1 = async (stage: string) => {
    const due = proposedExpiry(sqlite);
    const summary = proposedSummary(sqlite);
    steps.push(await timeStep(stage, 'carryCents (repo)', who, (c) => repo.carryCents(db, c)));
    steps.push(await timeStep(stage, 'spendSince (repo)', who, (c) => repo.spendSince(db, c, clock() - YEAR_MS)));
    steps.push(await timeStep(stage, 'expiry: entriesOf + expiryDue (applyExpiry before 32ce940)', who, currentDue));
    let dueMismatches = 0;
    const dueStep = await timeStep(stage, 'expiry: kept balance − young credits (SQL)', who, (c) => due(c, cutoff()));
    for (const w of who) if (due(w.customer, cutoff()) !== (await currentDue(w.customer))) dueMismatches++;
    steps.push({ ...dueStep, mismatches: dueMismatches });
    steps.push(await timeStep(stage, 'buildSummary (current code)', who, (c) => buildSummary(db, c, clock())));
    const sumStep = await timeStep(stage, 'summary from aggregates (SQL)', who, (c) => summary(program, c, clock()));
    // Compare at one fixed moment: "spend over the last twelve months" moves with the clock.
    const now = clock();
    let sumMismatches = 0;
    for (const w of who) if (!isDeepStrictEqual(summary(program, w.customer, now), await buildSummary(db, w.customer, now))) sumMismatches++;
    steps.push({ ...sumStep, mismatches: sumMismatches });
    steps.push(await timeStep(stage, 'refreshVisitStats (repo, in insertVisit)', who, (c) => writeTransaction(db, (trx) => refreshVisitStats(trx, c, clock()))));
  };

  await round1('as is');
  for (const index of PROPOSED_INDEXES) {
    const pages = () => sqlite.pragma('page_count', { simple: true }) as number;
    const before = pages();
    const t0 = performance.now();
    if (addIndexes(sqlite, [index]).length === 0) continue;
    indexes.push({ name: index.name, seconds: round((performance.now() - t0) / 1000, 1), mib: round(((pages() - before) * 4096) / 2 ** 20, 0) });
    log(`${index.name}: built in ${indexes.at(-1)!.seconds} s, ${indexes.at(-1)!.mib} MiB`);
  }
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  await round1('with the indexes');
  await services.close();
  return { steps, indexes };
}

/** loyalty.undoLast right after a purchase, as at the counter. */
async function undoTimes(dataset: LoyaltyDataset, clock: () => number, who: readonly Who[], withIndexes: boolean) {
  const services = openCopy(dataset, 'proposals', clock);
  if (withIndexes) addIndexes(sqliteArchive(services.archive).sqlite, PROPOSED_INDEXES.slice(0, 2));
  const ms: number[] = [];
  for (const w of who) {
    const bought = await services.api.call('loyalty.recordPurchase', { customerId: w.customer, amount: '12,50', locale: 'nl', description: '' });
    if (!bought.ok) throw new Error(`recordPurchase failed: ${bought.error.code}`);
    const visitId = (bought.value as { visit: { id: number } }).visit.id;
    const t0 = performance.now();
    const undone = await services.api.call('loyalty.undoLast', { customerId: w.customer, visitId });
    ms.push(performance.now() - t0);
    if (!undone.ok) throw new Error(`undoLast failed: ${undone.error.code}`);
  }
  await services.close();
  const l = summarise(ms);
  log(`undoLast ${withIndexes ? 'with' : 'without'} the two indexes: p50 ${fmtMs(l.p50)} max ${fmtMs(l.max)}`);
  return { n: l.n, p50: round(l.p50, 2), max: round(l.max, 2) };
}

/**
 * The upkeep the counter would no longer do itself, on its own connection in a worker
 * thread: a PASSIVE checkpoint every second (never waits for readers or the writer) and,
 * every other second, a little merging of the search index's segments (a short write that
 * the counter's writes may have to wait for).
 */
function startUpkeep(file: string): () => Promise<{ checkpoints: number; merges: number; busyMs: number }> {
  const worker = new Worker(`
    const { parentPort, workerData } = require('node:worker_threads');
    const Database = require('better-sqlite3');
    const db = new Database(workerData.file);
    db.pragma('busy_timeout = 5000');
    const merge = ['customer_search', 'customer_numbers'].map((t) => db.prepare(\`INSERT INTO \${t} (\${t}, rank) VALUES ('merge', 16)\`));
    let stop = false, checkpoints = 0, merges = 0, busyMs = 0;
    parentPort.on('message', () => { stop = true; });
    const tick = () => {
      if (stop) { db.close(); parentPort.postMessage({ checkpoints, merges, busyMs }); return; }
      const t0 = performance.now();
      db.pragma('wal_checkpoint(PASSIVE)');
      if (++checkpoints % 2 === 0) { for (const m of merge) m.run(); merges++; }
      busyMs += performance.now() - t0;
      setTimeout(tick, 1000);
    };
    tick();
  `, { eval: true, workerData: { file } });
  let failed: Error | undefined;
  worker.on('error', (error) => (failed = error));
  return () => new Promise((resolve, reject) => {
    if (failed) return reject(failed);
    worker.once('error', reject);
    worker.once('message', (counts: { checkpoints: number; merges: number; busyMs: number }) => {
      void worker.terminate();
      resolve(counts);
    });
    worker.postMessage('stop');
  });
}

const VARIANTS = [
  { name: 'as is', indexes: false, background: false, proposed: false },
  { name: 'with the indexes', indexes: true, background: false, proposed: false },
  { name: 'indexes + background upkeep', indexes: true, background: true, proposed: false },
  { name: 'proposed reads + indexes', indexes: true, background: false, proposed: true },
  { name: 'proposed reads + indexes + background upkeep', indexes: true, background: true, proposed: true },
] as const;
type Variant = (typeof VARIANTS)[number]['name'];

async function handlerVariants(dataset: LoyaltyDataset) {
  const out: { variant: Variant; methods: Record<LoyaltyMethod, MethodResult>; upkeep?: { checkpoints: number; merges: number; busyMs: number } }[] = [];
  for (const { name: variant, indexes, background, proposed } of VARIANTS) {
    const startedAt = performance.now();
    const clock = () => Math.round(dataset.marker.end + (performance.now() - startedAt));
    const services = openCopy(dataset, 'proposals', clock);
    const { sqlite } = sqliteArchive(services.archive);
    if (indexes) {
      addIndexes(sqlite);
      // Index pages just written: into the file before measuring, as the copy itself.
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
    }
    let stopUpkeep: ReturnType<typeof startUpkeep> | undefined;
    if (background) {
      for (const table of ['customer_search', 'customer_numbers']) sqlite.prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('automerge', 0)`).run();
      sqlite.pragma('wal_autocheckpoint = 0');
      stopUpkeep = startUpkeep(sqliteArchive(services.archive).file);
    }
    log(`handlers, ${variant}`);
    const measured = await measureMethods(proposed ? proposedApi(services) : services.api, sqlite, dataset.marker, { seed, calls, warmup: warmupCalls, clock, log });
    const upkeep = await stopUpkeep?.();
    await services.close();
    out.push({ variant, methods: measured.methods, ...(upkeep ? { upkeep: { ...upkeep, busyMs: round(upkeep.busyMs, 0) } } : {}) });
  }
  return out;
}

async function main() {
  const dataset = await ensureLoyaltyDataset(customers, entries, seed);
  const { marker } = dataset;
  const startedAt = performance.now();
  const clock = () => Math.round(marker.end + (performance.now() - startedAt));

  // The same customers for every step: as they come to the counter, and the heaviest.
  const probe = new BetterSqlite3(dataset.file, { readonly: true });
  const random = prng(seed ^ 0x9b0b);
  const counter = counterDraw(probe, random, marker.counts.ledgerEntries);
  const who: Who[] = [];
  for (let i = 0; i < perGroup; i++) {
    who.push({ group: 'counter', customer: counter() });
    who.push({ group: 'heaviest', customer: pickOne(random, marker.heaviest)[0] });
  }
  probe.close();

  const comparisons = args['variants-only'] ? { steps: [], indexes: [] } : await stepComparisons(dataset, clock, who);
  const undo = args['variants-only'] ? null : {
    asIs: await undoTimes(dataset, clock, who.filter((w) => w.group === 'counter').slice(0, 5), false),
    withIndexes: await undoTimes(dataset, clock, who.filter((w) => w.group === 'counter').slice(0, 50), true),
  };
  const variants = await handlerVariants(dataset);

  const result = { date: new Date().toISOString(), customers, entries: marker.counts.ledgerEntries, perGroup, indexes: comparisons.indexes, steps: comparisons.steps, undo, variants };
  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  fs.writeFileSync(args.out, `${JSON.stringify(result, null, 2)}\n`);

  const lines: string[] = [];
  lines.push(`## Loyalty proposals: ${marker.counts.ledgerEntries.toLocaleString('en-US')} ledger entries, ${customers.toLocaleString('en-US')} customers`, '');
  lines.push('| index | built in | size | for |', '|---|---:|---:|---|');
  for (const i of comparisons.indexes) lines.push(`| \`${PROPOSED_INDEXES.find((p) => p.name === i.name)!.sql}\` | ${i.seconds} s | ${i.mib} MiB | ${PROPOSED_INDEXES.find((p) => p.name === i.name)!.for} |`);
  lines.push('', `| step (${perGroup} customers each) | archive | counter p50 / p99 ms | heaviest p50 / p99 ms | differs |`, '|---|---|---:|---:|---:|');
  for (const s of comparisons.steps) {
    const g = (name: string) => (s.groups[name] ? `${fmtMs(s.groups[name].p50)} / ${fmtMs(s.groups[name].p99)}` : '');
    lines.push(`| ${s.step} | ${s.stage} | ${g('counter')} | ${g('heaviest')} | ${s.mismatches ?? ''} |`);
  }
  if (undo) {
    lines.push('', `\`loyalty.undoLast\` right after a purchase: ${fmtMs(undo.asIs.p50)} ms median (max ${fmtMs(undo.asIs.max)}, ${undo.asIs.n} calls) as is; ` +
      `${fmtMs(undo.withIndexes.p50)} ms median (max ${fmtMs(undo.withIndexes.max)}, ${undo.withIndexes.n} calls) with \`visits_customer_id\` and \`ledger_visit\`.`);
  }
  lines.push('', '| handler (unchanged code) | archive | p50 ms | p99 ms | max ms | p99 heaviest ms |', '|---|---|---:|---:|---:|---:|');
  for (const method of METHODS) {
    for (const v of variants) {
      const m = v.methods[method];
      lines.push(`| ${method} | ${v.variant} | ${fmtMs(m.all.p50)} | ${fmtMs(m.all.p99)} | ${fmtMs(m.all.max)} | ${fmtMs(m.groups.heaviest.p99)} |`);
    }
  }
  for (const v of variants) {
    if (!v.upkeep) continue;
    lines.push('', `Background upkeep (${v.variant}): ${v.upkeep.checkpoints} checkpoints and ${v.upkeep.merges} rounds of merging, ` +
      `${v.upkeep.busyMs} ms of work in the worker thread.`);
  }
  console.log(lines.join('\n'));
}

await main();
