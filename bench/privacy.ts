// npm run bench:privacy [-- --sizes 100000,1000000 --erasures 3 --merges 20 --seed 42 --memory --loyalty]
// Erasing a customer and merging duplicates on big archives, each on a fresh COPY of a
// generated dataset (never the dataset itself): privacy.erase (the one transaction), each
// privacy.scrub step (merging the three FTS5 indexes, VACUUM, truncating the WAL), and
// privacy.merge; beside a baseline measured in the same run on the same copy (customers.get
// with markSeen: an ordinary write that re-keys the search index).
// --memory adds the 100 k-customer, 1 M-note archive, --loyalty the 1 M-customer, 10 M-entry
// loyalty archive (3.4 GB), each if it was generated and is complete.
// Markdown report on stdout, progress on stderr, JSON in bench/results/privacy-latest.json.
import { sqliteArchive } from '../db/archive.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import type { Api } from '../main/api/dispatch.js';
import type { EraseResult, MergeResult } from '../main/api/contract.js';
import { confSettings } from '../main/node/conf-settings.js';
import { ARCHIVE_FILE } from '../main/node/data-dir.js';
import { openServices } from '../main/node/services.js';
import { ensureDataset } from './dataset.js';
import { intBelow, prng, round, summarise } from './stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100000,1000000' },
    erasures: { type: 'string', default: '3' },
    merges: { type: 'string', default: '20' },
    baseline: { type: 'string', default: '50' },
    seed: { type: 'string', default: '42' },
    loyalty: { type: 'boolean', default: false },
    memory: { type: 'boolean', default: false },
    out: { type: 'string', default: path.join(ROOT, 'bench', 'results', 'privacy-latest.json') },
  },
});
const num = (text: string, name: string) => {
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} must be a whole number`);
  return n;
};
const log = (message: string) => console.error(`bench:privacy: ${message}`);

async function ok<T>(api: Api, name: string, input: unknown): Promise<T> {
  const result = await api.call(name, input);
  if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const began = performance.now();
  const value = await work();
  return { ms: performance.now() - began, value };
}

interface Stat { n: number; p50: number; p99: number; max: number }
const stat = (ms: number[]): Stat => {
  const s = summarise(ms);
  return { n: s.n, p50: round(s.p50, 1), p99: round(s.p99, 1), max: round(s.max, 1) };
};

interface ArchiveResult {
  name: string;
  customers: number;
  fileMB: number;
  fileMBAfter: number;
  copySeconds: number;
  baseline: Stat;
  erase: Stat;
  steps: Record<string, Stat>;
  /** privacy.erase plus every scrub step, per erasure. */
  total: Stat;
  merge: Stat;
  checkOk: boolean;
}

interface Plan {
  erasures: number;
  merges: number;
  baselineRuns: number;
  seed: number;
  /** Record purchases for the customers merged and erased (the memory dataset is built without the loyalty indexes). */
  purchases: boolean;
}

async function measure(name: string, source: string, plan: Plan): Promise<ArchiveResult> {
  const { erasures, merges, baselineRuns, seed } = plan;
  const dir = path.join(ROOT, '.bench-data', 'privacy-runs', `${name}-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, ARCHIVE_FILE);
  const began = performance.now();
  // The backup API: a consistent copy even if the dataset has a WAL, without writing to it.
  const src = new BetterSqlite3(source, { readonly: true, fileMustExist: true });
  await src.backup(file);
  src.close();
  const copySeconds = (performance.now() - began) / 1000;
  log(`${name}: copied in ${copySeconds.toFixed(1)} s`);
  let services: ReturnType<typeof openServices> | null = null;
  try {
    services = openServices({ dataDir: dir, mode: 'cli', settings: (d) => confSettings(d, 'en-GB'), log: () => {} });
    const api = services.api;
    const sqlite = sqliteArchive(services.archive).sqlite;
    const maxId = sqlite.prepare('SELECT max(id) FROM customers').pluck().get() as number;
    const customers = sqlite.prepare('SELECT count(*) FROM customers').pluck().get() as number;
    const fileMB = fs.statSync(file).size / 2 ** 20;
    const random = prng(seed);
    const used = new Set<number>();
    const touched = new Set<number>();
    const pick = () => {
      for (;;) {
        const id = 1 + intBelow(random, maxId);
        if (used.has(id)) continue;
        const row = sqlite.prepare('SELECT archived_at FROM customers WHERE id = ?').get(id) as { archived_at: number | null } | undefined;
        if (row && row.archived_at === null) {
          used.add(id);
          return id;
        }
      }
    };

    const baseline: number[] = [];
    for (let i = 0; i < baselineRuns; i++) {
      const id = 1 + intBelow(random, maxId);
      baseline.push((await timed(() => ok(api, 'customers.get', { id, markSeen: true }))).ms);
    }

    const merge: number[] = [];
    for (let i = 0; i < merges; i++) {
      const survivorId = pick();
      const mergedId = pick();
      await ok(api, 'notes.add', { customerId: mergedId, kind: 'note', text: 'A note that moves with the merge' });
      if (plan.purchases) await ok(api, 'loyalty.recordPurchase', { customerId: mergedId, amount: '12,50', locale: 'nl' });
      merge.push((await timed(() => ok<MergeResult>(api, 'privacy.merge', { survivorId, mergedId }))).ms);
      touched.add(survivorId).add(mergedId);
    }
    log(`${name}: ${merges} merges, p50 ${stat(merge).p50} ms`);

    const erase: number[] = [];
    const steps: Record<string, number[]> = {};
    const total: number[] = [];
    for (let i = 0; i < erasures; i++) {
      const customerId = pick();
      await ok(api, 'notes.add', { customerId, kind: 'note', text: 'Asked to be forgotten' });
      if (plan.purchases) await ok(api, 'loyalty.recordPurchase', { customerId, amount: '8,00', locale: 'nl', description: 'Bread' });
      const first = await timed(() => ok<EraseResult>(api, 'privacy.erase', { customerId, confirm: true }));
      touched.add(customerId);
      erase.push(first.ms);
      let sum = first.ms;
      for (const [step, stepName] of first.value.scrubSteps.entries()) {
        const { ms } = await timed(() => ok(api, 'privacy.scrub', { step, upTo: first.value.erasedAt }));
        (steps[stepName] ??= []).push(ms);
        sum += ms;
      }
      total.push(sum);
      log(`${name}: erasure ${i + 1}/${erasures} in ${(sum / 1000).toFixed(2)} s`);
    }
    // The customers this run touched: each kept balance still equals its ledger's sum.
    // (loyalty.check reads all 10 M entries of the loyalty archive; these are the ones that changed.)
    const balanceOk = sqlite.prepare(`SELECT coalesce((SELECT balance FROM loyalty_balances WHERE customer_id = ?), 0)
      = (SELECT coalesce(sum(amount), 0) FROM ledger_entries WHERE customer_id = ?)`).pluck();
    const checkOk = [...touched].every((id) => balanceOk.get(id, id) === 1);
    return {
      name,
      customers,
      fileMB: round(fileMB, 0),
      fileMBAfter: round(fs.statSync(file).size / 2 ** 20, 0),
      copySeconds: round(copySeconds, 1),
      baseline: stat(baseline),
      erase: stat(erase),
      steps: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, stat(v)])),
      total: stat(total),
      merge: stat(merge),
      checkOk,
    };
  } finally {
    await services?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function markdown(results: ArchiveResult[], machine: { cpu: string; cores: number; memoryGiB: number; node: string; sqlite: string; loadStart: number[]; loadEnd: number[] }): string {
  const ms = (s: Stat) => `${s.p50} / ${s.p99}`;
  const sec = (s: Stat) => `${(s.p50 / 1000).toFixed(2)} s`;
  const lines = [
    `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, SQLite ${machine.sqlite}; ` +
      `load average ${machine.loadStart.map((x) => x.toFixed(2)).join(' ')} at start, ${machine.loadEnd.map((x) => x.toFixed(2)).join(' ')} at the end.`,
    '',
    '| archive | customers | file | baseline: customers.get + markSeen, p50 / p99 ms | privacy.merge p50 / p99 ms | privacy.erase p50 ms | optimize customer_search | optimize customer_numbers | optimize memory_search | VACUUM | WAL truncate | erase + scrub, p50 | touched balances = ledger |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of results) {
    const step = (k: string) => (r.steps[k] ? sec(r.steps[k]!) : '–');
    lines.push(`| ${r.name} | ${r.customers.toLocaleString('en-US')} | ${r.fileMB} MB → ${r.fileMBAfter} MB | ${ms(r.baseline)} | ${ms(r.merge)} | ${r.erase.p50} | ${step('customer_search')} | ${step('customer_numbers')} | ${step('memory_search')} | ${step('vacuum')} | ${step('checkpoint')} | ${sec(r.total)} | ${r.checkOk ? 'ok' : 'MISMATCH'} |`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const seed = num(String(args.seed), 'seed');
  const erasures = num(String(args.erasures), 'erasures');
  const merges = num(String(args.merges), 'merges');
  const baselineRuns = num(String(args.baseline), 'baseline');
  const loadStart = os.loadavg();
  const results: ArchiveResult[] = [];
  for (const size of String(args.sizes).split(',').map((s) => num(s.trim(), 'sizes'))) {
    const dataset = await ensureDataset(size, seed);
    results.push(await measure(`customers-${size}`, dataset.file, { erasures, merges, baselineRuns, seed, purchases: true }));
  }
  // Generated datasets of the other benchmarks, used only when finished (complete.json is written last).
  const finished = (name: string) => {
    const dir = path.join(ROOT, '.bench-data', name);
    return fs.existsSync(path.join(dir, 'complete.json')) ? path.join(dir, ARCHIVE_FILE) : null;
  };
  if (args.memory) {
    const file = finished(`memory-100000-1000000-${seed}`);
    if (file) results.push(await measure('memory-100000-1000000', file, { erasures, merges, baselineRuns, seed, purchases: false }));
    else log('no finished memory dataset: run npm run bench:memory first');
  }
  if (args.loyalty) {
    const file = finished(`loyalty-1000000-10000000-${seed}`);
    if (file) results.push(await measure('loyalty-1000000-10000000', file, { erasures: 1, merges: Math.min(merges, 5), baselineRuns, seed, purchases: true }));
    else log('no finished loyalty dataset: run npm run bench:loyalty first');
  }
  const probe = new BetterSqlite3(':memory:');
  const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    sqlite: probe.prepare('SELECT sqlite_version()').pluck().get() as string,
    loadStart,
    loadEnd: os.loadavg(),
  };
  probe.close();
  fs.mkdirSync(path.dirname(String(args.out)), { recursive: true });
  fs.writeFileSync(String(args.out), JSON.stringify({ at: new Date().toISOString(), machine, results }, null, 2));
  console.log(markdown(results, machine));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
