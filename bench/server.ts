// npm run bench:server [-- --customers 1000000 --entries 10000000 --seed 42 --queries 200 --rounds 3
//   --seconds 30 --pause 100 --tills 1,4,8]
// The shared archive on a PostgreSQL 15 server on loopback, beside the SQLite file, in one run
// on one dataset (the loyalty benchmark's archive: bench/loyalty-data.ts):
//  1. move-to-server: a working copy of the file into an empty database through the real
//     command's code (main/node/cli/move.ts: copy, verify), timed step by step;
//  2. the counter search on both engines, the same queries (bench/search-runners.ts);
//  3. loyalty.recordPurchase through the real handlers: the file with one till, then the
//     server with 1, 4 and 8 tills writing at once, each till a process of its own with its
//     own services and pool (bench/server-till.ts); each rings up a sale every --pause ms
//     (0.5–1.5× of it, far busier than any counter), then once more back to back.
// The server is a throwaway cluster (tests/support/postgres.ts) with the tests' shortcuts
// undone: fsync, full_page_writes and synchronous_commit on, so every sale is a durable
// commit as on a shop's server, and autovacuum on.
// Markdown on stdout, progress on stderr, JSON in bench/results/server-latest.json.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import type { DB } from '../db/schema.js';
import { openArchive } from '../db/open.js';
import { rankedKeys } from '../db/customers/customer-search-index.js';
import { searchTiers } from '../db/customers/search-query.js';
import { balanceMismatches } from '../db/loyalty/repo.js';
import { moveToServer } from '../main/node/cli/move.js';
import { postgresKysely, startPostgres } from '../tests/support/postgres.js';
import { ensureLoyaltyDataset, workingCopy } from './loyalty-data.js';
import { counterDraw } from './loyalty-measure.js';
import { LIMIT, timeAll } from './measure.js';
import { buildQueries } from './queries.js';
import { extraQueries, searchRunner } from './search-runners.js';
import type { ParentMessage, TillJob, TillMessage } from './server-till.js';
import { intBelow, positiveWhole, prng, round, summarise } from './stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TILL = path.join(ROOT, 'bench', 'server-till.ts');

const { values: args } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000000' },
    entries: { type: 'string' },
    seed: { type: 'string', default: '42' },
    queries: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '100' },
    pause: { type: 'string', default: '100' },
    tills: { type: 'string', default: '1,4,8' },
    out: { type: 'string', default: path.join(ROOT, 'bench', 'results', 'server-latest.json') },
  },
});
const num = (name: keyof typeof args) => positiveWhole(name, args[name]);
const customerCount = num('customers');
const entryCount = args.entries === undefined ? customerCount * 10 : num('entries');
const seed = num('seed');
const perSet = num('queries');
const rounds = num('rounds');
const seconds = num('seconds');
const warmup = Number(args.warmup);
const pauseMs = Number(args.pause);
const tillCounts = args.tills.split(',').map((n) => positiveWhole('tills', n));
const log = (message: string) => console.error(`bench:server: ${message}`);

const SEARCH_TARGET_MS = 10;
const PURCHASE_TARGET_MS = 15;
/** Customers each till rings up in turn. */
const CUSTOMERS_PER_TILL = 2000;
/**
 * The tests' shortcuts undone (durable commits), autovacuum as on any server, and the
 * memory a small shop server would give PostgreSQL.
 */
const SERVER_SETTINGS = {
  fsync: 'on', full_page_writes: 'on', synchronous_commit: 'on', autovacuum: 'on',
  shared_buffers: '512MB', max_connections: 120,
};

interface TillRun {
  engine: 'sqlite' | 'postgres';
  tills: number;
  pauseMs: number;
  sales: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  errors: Record<string, number>;
  /** The server's transactions rolled back meanwhile: nearly all a serialization failure retried (db/transaction.ts). */
  rolledBack?: number;
}

/** The move, step by step: each table's or index's seconds from its first progress to its last. */
function stepTimer() {
  const steps: Record<string, number> = {};
  let current = '';
  let since = performance.now();
  return {
    steps,
    onProgress(table: string, done: number, total: number) {
      const now = performance.now();
      if (table !== current) {
        current = table;
        since = now;
      }
      if (done === total) steps[table] = round((now - since) / 1000, 1);
    },
  };
}

/**
 * `count` tills at once, each in its own process, opened (and warmed up) once; then each pace
 * in turn, all tills selling for `seconds`: every sale's milliseconds per pace.
 */
async function runTills(
  engine: 'sqlite' | 'postgres', count: number, paces: readonly number[], jobOf: (i: number) => TillJob,
  rollbacks?: () => Promise<number>,
): Promise<TillRun[]> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'counterpart-bench-tills-'));
  const children = Array.from({ length: count }, (_, i) => {
    const file = path.join(folder, `till-${i}.json`);
    fs.writeFileSync(file, JSON.stringify(jobOf(i)));
    // fork reuses this process's execArgv, so the till runs TypeScript through tsx too.
    return fork(TILL, [file], { stdio: ['ignore', 2, 2, 'ipc'] });
  });
  const exited = children.map((child) => new Promise<void>((resolve) => child.once('exit', () => resolve())));
  try {
    const next = (child: (typeof children)[number]) => new Promise<TillMessage>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`a till exited with ${code} before answering`));
      child.once('exit', onExit);
      child.once('message', (m) => {
        child.off('exit', onExit);
        resolve(m as TillMessage);
      });
    });
    const expect = async <T extends TillMessage['type']>(message: Promise<TillMessage>, type: T) => {
      const m = await message;
      if (m.type === 'failed') throw new Error(`a till failed: ${m.message}`);
      if (m.type !== type) throw new Error(`a till said ${m.type}, expected ${type}`);
      return m as Extract<TillMessage, { type: T }>;
    };
    await Promise.all(children.map((child) => expect(next(child), 'ready')));
    const runs: TillRun[] = [];
    let rolledBefore = await rollbacks?.();
    for (const [n, pauseMs] of paces.entries()) {
      log(`recordPurchase: ${engine}, ${count} till${count === 1 ? '' : 's'}, ${pauseMs ? `a sale every ~${pauseMs} ms each` : 'back to back'}, ${seconds} s`);
      const done = children.map((child) => expect(next(child), 'done'));
      const until = Date.now() + seconds * 1000;
      for (const child of children) child.send({ type: 'go', until, pauseMs } satisfies ParentMessage);
      const results = await Promise.all(done);
      const ms = results.flatMap((r) => r.ms);
      const errors: Record<string, number> = {};
      for (const r of results) for (const [code, n] of Object.entries(r.errors)) errors[code] = (errors[code] ?? 0) + n;
      const latency = summarise(ms);
      const last = n === paces.length - 1;
      if (last) {
        for (const child of children) child.send({ type: 'close' } satisfies ParentMessage);
        await Promise.all(exited);
      }
      // A busy backend reports its counts at most once a second, and when it ends.
      await new Promise((resolve) => setTimeout(resolve, last ? 500 : 1500));
      const rolledAfter = await rollbacks?.();
      runs.push({
        engine, tills: count, pauseMs, sales: ms.length, perSecond: round(ms.length / seconds, 1),
        p50: round(latency.p50, 2), p99: round(latency.p99, 2), max: round(latency.max, 1), errors,
        ...(rolledAfter !== undefined && rolledBefore !== undefined ? { rolledBack: rolledAfter - rolledBefore } : {}),
      });
      rolledBefore = rolledAfter;
    }
    return runs;
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const began = performance.now();
  const loadBefore = os.loadavg();
  const dataset = await ensureLoyaltyDataset(customerCount, entryCount, seed);
  const { marker } = dataset;
  log('copying the archive for this run');
  const work = workingCopy(dataset, 'server');
  const tillsRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'counterpart-bench-server-'));
  const server = await startPostgres({ database: 'bench', settings: SERVER_SETTINGS });
  const pg = postgresKysely<DB>(server.url);
  try {
    const version = (await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(pg)).rows[0]!.v;

    // 1. move-to-server, as the command does it.
    log(`move-to-server: ${customerCount.toLocaleString('en-US')} customers, ${marker.counts.ledgerEntries.toLocaleString('en-US')} ledger entries`);
    const timer = stepTimer();
    const t0 = performance.now();
    const moved = await moveToServer(work.dir, server.url, {
      onProgress: (table, done, total) => {
        const seen = table in timer.steps;
        timer.onProgress(table, done, total);
        if (done === total && total > 0 && !seen) log(`  ${table}: ${total.toLocaleString('en-US')} (${timer.steps[table]} s)`);
      },
    });
    const moveSeconds = (performance.now() - t0) / 1000;
    if (!moved.verification.ok) throw new Error(`the move was not verified: ${JSON.stringify(moved.verification)}`);
    const rowsMoved = Object.values(moved.counts).reduce((a, b) => a + b, 0);
    const serverMB = (await sql<{ mb: number }>`SELECT round(pg_database_size(current_database()) / 1048576.0)::float AS mb`.execute(pg)).rows[0]!.mb;
    log(`moved and verified in ${moveSeconds.toFixed(1)} s (${rowsMoved.toLocaleString('en-US')} rows; the database is ${serverMB} MB)`);

    // 2. The counter search on both engines.
    const lite = openArchive(work.file, { check: 'later' });
    const random = prng(seed);
    const sets: Record<string, string[]> = { ...buildQueries(lite.sqlite, random, perSet), ...extraQueries(lite.sqlite, random, perSet) };
    let differ = 0;
    for (const query of Object.values(sets).flat()) {
      const tiers = searchTiers(query);
      if (!tiers) continue;
      const [a, b] = [await rankedKeys(lite.db, tiers, LIMIT), await rankedKeys(pg, tiers, LIMIT)];
      if (JSON.stringify(a) !== JSON.stringify(b) && differ++ < 5) log(`answers differ for ${JSON.stringify(query)}`);
    }
    const runners = { sqlite: searchRunner(lite.db), postgres: searchRunner(pg) };
    await timeAll(runners, Object.values(sets).flat().slice(0, 200), 1);
    const search: Record<string, Record<'sqlite' | 'postgres', { p50: number; p99: number; max: number }>> = {};
    for (const [name, queries] of Object.entries(sets)) {
      const timed = await timeAll(runners, queries, rounds);
      const pick = (ms: number[]) => {
        const l = summarise(ms);
        return { p50: round(l.p50, 2), p99: round(l.p99, 2), max: round(l.max, 2) };
      };
      search[name] = { sqlite: pick(timed.sqlite.ms), postgres: pick(timed.postgres.ms) };
      log(`search ${name}: SQLite p99 ${search[name]!.sqlite.p99} ms, PostgreSQL p99 ${search[name]!.postgres.p99} ms`);
    }

    // Who each till rings up: half weighted by how often customers come, half anyone.
    const draw = counterDraw(lite.sqlite, random, marker.counts.ledgerEntries);
    const tillCustomers = Array.from({ length: Math.max(1, ...tillCounts) }, () =>
      Array.from({ length: CUSTOMERS_PER_TILL }, (_, i) => (i % 2 === 0 ? draw() : 1 + intBelow(random, marker.customers))));
    await lite.close();

    // 3. loyalty.recordPurchase: the file's one till, then the server's tills at once.
    const job = (i: number, url: string | undefined): TillJob => ({
      // A till beside the server keeps its own folder (settings, exports, backups).
      dataDir: url ? fs.mkdtempSync(path.join(tillsRoot, `till-${i + 1}-`)) : work.dir, ...(url ? { url } : {}), name: `bench till ${i + 1}`,
      clockFrom: marker.end + Math.round(performance.now() - began), customers: tillCustomers[i]!, warmup,
    });
    // The file's one till and the most tills also back to back, for what each can take.
    const most = Math.max(...tillCounts);
    const plan = [
      { engine: 'sqlite' as const, tills: 1, paces: pauseMs > 0 ? [pauseMs, 0] : [0] },
      ...tillCounts.map((tills) => ({ engine: 'postgres' as const, tills, paces: pauseMs > 0 && tills === most ? [pauseMs, 0] : [pauseMs] })),
    ];
    const rollbacks = async () => Number((await sql<{ n: number }>`SELECT xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()`.execute(pg)).rows[0]!.n);
    const purchases: TillRun[] = [];
    for (const step of plan) {
      const onServer = step.engine === 'postgres';
      const runs = await runTills(step.engine, step.tills, step.paces, (i) => job(i, onServer ? server.url : undefined), onServer ? rollbacks : undefined);
      for (const run of runs) {
        purchases.push(run);
        log(`  ${run.tills} till(s), ${run.pauseMs ? `~${run.pauseMs} ms apart` : 'back to back'}: ${run.sales} sales (${run.perSecond}/s), p50 ${run.p50} ms, p99 ${run.p99} ms, max ${run.max} ms${Object.keys(run.errors).length ? `, refused ${JSON.stringify(run.errors)}` : ''}`);
      }
    }
    const mismatches = (await balanceMismatches(pg)).length;

    const loadAfter = os.loadavg();
    const machine = {
      cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      loadBefore: loadBefore.map((l) => round(l, 1)), loadAfter: loadAfter.map((l) => round(l, 1)),
    };
    const eight = purchases.find((r) => r.engine === 'postgres' && r.tills === Math.max(...tillCounts) && r.pauseMs === pauseMs);
    const worstSearch = Math.max(...Object.values(search).map((s) => s.postgres.p99));
    const report = {
      date: new Date().toISOString(), postgres: version, machine, serverSettings: SERVER_SETTINGS,
      data: { customers: customerCount, ledgerEntries: marker.counts.ledgerEntries, visits: marker.counts.visits, seed },
      move: { seconds: round(moveSeconds, 1), rows: rowsMoved, customersPerSecond: Math.round(customerCount / moveSeconds), rowsPerSecond: Math.round(rowsMoved / moveSeconds), copySeconds: round(moved.ms / 1000, 1), steps: timer.steps, serverMB, verification: moved.verification },
      search: { queriesPerSet: perSet, rounds, answersDiffer: differ, sets: search },
      recordPurchase: { seconds, warmup, runs: purchases, balanceMismatchesAfter: mismatches },
      targets: [
        { name: 'counter search p99, worst set, PostgreSQL (ms)', value: worstSearch, limit: `≤ ${SEARCH_TARGET_MS}`, pass: worstSearch <= SEARCH_TARGET_MS },
        ...(eight ? [{ name: `recordPurchase p99, ${eight.tills} tills at once (ms)`, value: eight.p99, limit: `≤ ${PURCHASE_TARGET_MS}`, pass: eight.p99 <= PURCHASE_TARGET_MS }] : []),
      ],
      totalSeconds: round((performance.now() - began) / 1000, 0),
    };
    fs.mkdirSync(path.dirname(args.out), { recursive: true });
    fs.writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(markdown(report));
    log(`JSON written to ${path.relative(process.cwd(), args.out)}`);
  } finally {
    await pg.destroy();
    await server.stop();
    work.remove();
    fs.rmSync(tillsRoot, { recursive: true, force: true });
  }
}

const fmt = (n: number) => n.toLocaleString('en-US');

function markdown(r: {
  postgres: string; machine: { cores: number; cpu: string; memoryGiB: number; loadBefore: number[]; loadAfter: number[] };
  data: { customers: number; ledgerEntries: number; visits: number };
  move: { seconds: number; rows: number; customersPerSecond: number; rowsPerSecond: number; steps: Record<string, number>; serverMB: number; verification: { searches: { asked: number } } };
  search: { queriesPerSet: number; rounds: number; answersDiffer: number; sets: Record<string, Record<'sqlite' | 'postgres', { p50: number; p99: number }>> };
  recordPurchase: { seconds: number; runs: TillRun[]; balanceMismatchesAfter: number };
  targets: { name: string; value: number; limit: string; pass: boolean }[];
}): string {
  const bigSteps = Object.entries(r.move.steps).filter(([, s]) => s >= 0.1).sort((a, b) => b[1] - a[1]);
  return [
    `## bench:server: ${fmt(r.data.customers)} customers, ${fmt(r.data.ledgerEntries)} ledger entries, ${fmt(r.data.visits)} visits`,
    `PostgreSQL ${r.postgres} on loopback (fsync, full_page_writes, synchronous_commit on); ${r.machine.cores} × ${r.machine.cpu}, ${r.machine.memoryGiB} GiB; load average ${r.machine.loadBefore.join(' ')} before, ${r.machine.loadAfter.join(' ')} after`,
    '',
    '| target | today | limit | |',
    '|---|---:|---:|---|',
    ...r.targets.map((t) => `| ${t.name} | ${t.value} | ${t.limit} | ${t.pass ? 'pass' : 'MISSED'} |`),
    `| move-to-server, copied and verified | ${r.move.seconds} s | | ${fmt(r.move.customersPerSecond)} customers/s, ${fmt(r.move.rowsPerSecond)} rows/s |`,
    '',
    `move-to-server: ${fmt(r.move.rows)} rows into ${fmt(r.move.serverMB)} MB, verified (row counts, balances, ${r.move.verification.searches.asked} searches alike). Slowest steps: ${bigSteps.slice(0, 6).map(([s, t]) => `${s} ${t} s`).join(', ')}.`,
    '',
    `Counter search, ${r.search.queriesPerSet} queries a set × ${r.search.rounds} rounds (ms); answers differing between the engines: ${r.search.answersDiffer}`,
    '',
    '| query set | SQLite p50 | SQLite p99 | PostgreSQL p50 | PostgreSQL p99 |',
    '|---|---:|---:|---:|---:|',
    ...Object.entries(r.search.sets).map(([name, s]) => `| ${name} | ${s.sqlite.p50} | ${s.sqlite.p99} | ${s.postgres.p50} | ${s.postgres.p99} |`),
    '',
    `loyalty.recordPurchase through the handlers, ${r.recordPurchase.seconds} s a row; each till its own process and pool (ms); retried: the server's transactions rolled back meanwhile (serialization failures, run again); balances differing from their ledgers afterwards: ${r.recordPurchase.balanceMismatchesAfter}`,
    '',
    '| engine | tills | each till | sales | sales/s | p50 | p99 | max | refused | retried |',
    '|---|---:|---|---:|---:|---:|---:|---:|---|---:|',
    ...r.recordPurchase.runs.map((t) => `| ${t.engine === 'sqlite' ? 'SQLite file' : 'PostgreSQL'} | ${t.tills} | ${t.pauseMs ? `a sale every ~${t.pauseMs} ms` : 'back to back'} | ${fmt(t.sales)} | ${t.perSecond} | ${t.p50} | ${t.p99} | ${t.max} | ${Object.entries(t.errors).map(([c, n]) => `${c} ${n}`).join(', ') || '–'} | ${t.rolledBack ?? '–'} |`),
  ].join('\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
