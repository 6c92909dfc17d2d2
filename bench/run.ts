// npm run bench [-- --customers 1000000 --seed 42 --queries 200 --rounds 3 --like 15]
// Counter search at scale: the handler against the raw index queries it makes and against
// a naive LIKE scan. Markdown report on stdout, JSON in bench/results/latest.json.
import { sqliteArchive } from '../db/archive.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openArchive } from '../db/open.js';
import { confSettings } from '../main/node/conf-settings.js';
import { openServices } from '../main/node/services.js';
import { ensureDataset } from './dataset.js';
import { handlerRunner, likeRunner, rawRunner, tierProfile, timeAll, type Runner, type Timed } from './measure.js';
import { buildQueries, type QuerySetName } from './queries.js';
import { markdown, type BenchResult, type Method, type Ratio, type SetResult } from './report.js';
import { median, positiveWhole, prng, round, summarise, type Latency } from './stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SETS: readonly QuerySetName[] = ['name', 'phone', 'card'];
const OPEN_REPEATS = 5;
const SLOWEST = 6;

const { values: args } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '42' },
    queries: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '3' },
    like: { type: 'string', default: '15' },
    out: { type: 'string', default: path.join(ROOT, 'bench', 'results', 'latest.json') },
  },
});
const num = (name: keyof typeof args) => positiveWhole(name, args[name]);
const count = num('customers');
const seed = num('seed');
const perSet = num('queries');
const rounds = num('rounds');
const likePerSet = Math.min(num('like'), perSet);
const log = (message: string) => console.error(`bench: ${message}`);

async function timeOpen(file: string): Promise<number> {
  const t0 = performance.now();
  const archive = openArchive(file);
  const elapsed = performance.now() - t0;
  await archive.close();
  return elapsed;
}

async function main(): Promise<void> {
  const loadAverage = os.loadavg();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'counterpart-bench-'));
  const fresh: number[] = [];
  for (let i = 0; i < OPEN_REPEATS; i++) fresh.push(await timeOpen(path.join(scratch, `fresh-${i}.sqlite`)));
  fs.rmSync(scratch, { recursive: true, force: true });

  const dataset = await ensureDataset(count, seed);
  const archiveOpens: number[] = [];
  for (let i = 0; i < OPEN_REPEATS + 1; i++) archiveOpens.push(await timeOpen(dataset.file));

  const services = openServices({ dataDir: dataset.dir, mode: 'cli', settings: (dir) => confSettings(dir, 'nl-NL') });
  const sqlite = sqliteArchive(services.archive).sqlite;
  const queries = buildQueries(sqlite, prng(seed), perSet);
  const warmup = buildQueries(sqlite, prng(seed ^ 0x5eed), Math.max(20, perSet / 4));
  const runners: Record<Method, Runner> = {
    handler: handlerRunner(services.api),
    raw: rawRunner(sqlite),
    rawRows: rawRunner(sqlite, { rows: true }),
    like: likeRunner(sqlite),
  };

  const { like, ...indexed } = runners;
  log('warming up');
  for (const set of SETS) await timeAll(indexed, warmup[set], 1);
  await timeAll({ like }, warmup.name.slice(0, 1), 1);

  const timed = {} as Record<QuerySetName, Record<Method, Timed & { queries: number }>>;
  for (const set of SETS) {
    log(`${set}: ${queries[set].length} queries × ${rounds} rounds, then ${likePerSet} LIKE scans`);
    const fast = await timeAll(indexed, queries[set], rounds);
    const slow = await timeAll({ like }, queries[set].slice(0, likePerSet), 1);
    const n = queries[set].length;
    timed[set] = {
      handler: { ...fast.handler, queries: n },
      raw: { ...fast.raw, queries: n },
      rawRows: { ...fast.rawRows, queries: n },
      like: { ...slow.like, queries: likePerSet },
    };
  }
  // Median per query across rounds (samples run round by round), the slowest profiled by tier.
  const slowest = SETS.flatMap((set) => queries[set].map((query, i) => {
    const ms = timed[set].handler.ms.filter((_, at) => at % queries[set].length === i);
    return { set, query, handlerMedianMs: round(median(ms)) };
  }))
    .sort((a, b) => b.handlerMedianMs - a.handlerMedianMs)
    .slice(0, SLOWEST)
    .map((q) => ({ ...q, tiers: tierProfile(sqlite, q.query).map((t) => ({ ...t, ms: round(t.ms) })) }));
  // maxRSS is in KiB.
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  await services.close();

  const toSet = (parts: Record<Method, Timed & { queries: number }>[]): SetResult => {
    const methods = {} as SetResult['methods'];
    for (const method of Object.keys(runners) as Method[]) {
      const ms = parts.flatMap((p) => p[method].ms);
      methods[method] = {
        ...roundLatency(summarise(ms)),
        found: parts.reduce((n, p) => n + p[method].found, 0),
        queries: parts.reduce((n, p) => n + p[method].queries, 0),
      };
    }
    return { queries: methods.handler.queries, methods };
  };
  const search = {
    ...Object.fromEntries(SETS.map((set) => [set, toSet([timed[set]])])),
    all: toSet(SETS.map((set) => timed[set])),
  } as BenchResult['search'];
  const ratios: Ratio[] = (Object.keys(search) as (QuerySetName | 'all')[]).map((set) => {
    const m = search[set].methods;
    return {
      set,
      handlerP99: m.handler.p99,
      handlerVsRawP99: round(m.handler.p99 / m.raw.p99, 1),
      likeVsHandlerP50: round(m.like.p50 / m.handler.p50, 1),
    };
  });
  const all = ratios.find((r) => r.set === 'all')!;
  // Per query set, worst first: pooled figures would let the slow sets hide the fast ones.
  const worstP99 = Math.max(...ratios.map((r) => r.handlerP99));
  const worstOverhead = Math.max(...ratios.map((r) => r.handlerVsRawP99));
  const size = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : 0);

  const result: BenchResult = {
    date: new Date().toISOString(),
    machine: {
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.versions.node,
      sqlite: sqliteVersion(dataset.file),
      platform: `${process.platform}-${process.arch}`,
      loadAverage: loadAverage.map((x) => round(x, 2)),
    },
    data: {
      customers: count,
      seed,
      dbBytes: size(dataset.file),
      walBytes: size(`${dataset.file}-wal`),
      seedSeconds: round(dataset.seedSeconds, 1),
      generatedNow: dataset.generatedNow,
    },
    open: {
      freshMs: roundLatency(summarise(fresh)),
      archiveFirstMs: round(archiveOpens[0]!),
      archiveMs: roundLatency(summarise(archiveOpens.slice(1))),
    },
    search,
    slowest,
    ratios,
    targets: [
      { name: 'handler p99, worst query set (ms)', value: round(worstP99, 2), limit: '≤ 10', pass: worstP99 <= 10 },
      { name: 'handler p99 / raw index p99, all queries', value: all.handlerVsRawP99, limit: '≤ 2', pass: all.handlerVsRawP99 <= 2 },
      { name: 'handler p99 / raw index p99, worst query set', value: worstOverhead, limit: '≤ 2', pass: worstOverhead <= 2 },
      { name: 'LIKE p50 / handler p50, all queries', value: all.likeVsHandlerP50, limit: '≥ 20', pass: all.likeVsHandlerP50 >= 20 },
    ],
    peakRssMB: round(peakRssMB, 0),
    settings: { queriesPerSet: perSet, rounds, likeQueriesPerSet: likePerSet },
  };

  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  fs.writeFileSync(args.out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(markdown(result));
  log(`JSON written to ${path.relative(process.cwd(), args.out)}`);
}

function roundLatency(l: Latency): Latency {
  return { n: l.n, p50: round(l.p50, 4), p99: round(l.p99, 4), max: round(l.max, 4), mean: round(l.mean, 4) };
}

function sqliteVersion(file: string): string {
  const archive = openArchive(file, { readonly: true });
  try {
    return sqliteArchive(archive).sqlite.prepare('SELECT sqlite_version()').pluck().get() as string;
  } finally {
    void archive.close();
  }
}

await main();
