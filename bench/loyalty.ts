// npm run bench:loyalty [-- --customers 1000000 --entries 10000000 --seed 42 --calls 2000 --warmup 200 --durability 1000]
// The counter's loyalty calls on a big archive: loyalty.recordPurchase, loyalty.redeem and
// loyalty.summary through the real handlers, beside the bare SQL they come down to.
// Markdown report on stdout, progress on stderr, JSON in bench/results/loyalty-latest.json.
import { sqliteArchive } from '../db/archive.js';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { confSettings } from '../main/node/conf-settings.js';
import { openServices } from '../main/node/services.js';
import { startCheckpointer } from '../main/node/checkpointer.js';
import { ensureLoyaltyDataset, workingCopy } from './loyalty-data.js';
import { measureMethods } from './loyalty-measure.js';
import { profileSteps } from './loyalty-profile.js';
import { measureDurability } from './loyalty-durability.js';
import { GROUPS, markdown, type LoyaltyBenchResult, type LoyaltyMethod, type SampleGroup } from './loyalty-report.js';
import { round } from './stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_MS = 5;

const { values: args } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000000' },
    entries: { type: 'string' },
    seed: { type: 'string', default: '42' },
    calls: { type: 'string', default: '2000' },
    warmup: { type: 'string', default: '200' },
    profile: { type: 'string', default: '200' },
    durability: { type: 'string', default: '1000' },
    out: { type: 'string', default: path.join(ROOT, 'bench', 'results', 'loyalty-latest.json') },
  },
});
const num = (name: keyof typeof args, fallback?: number) => {
  if (args[name] === undefined && fallback !== undefined) return fallback;
  const n = Number(String(args[name]).replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${name} must be a whole number`);
  return n;
};
const customerCount = num('customers');
const entryCount = num('entries', customerCount * 10);
const seed = num('seed');
const calls = num('calls');
const warmupCalls = num('warmup');
const profileCalls = num('profile');
const durabilityCalls = num('durability');
const log = (message: string) => console.error(`bench:loyalty: ${message}`);

function otherBenchRunning(): boolean {
  try {
    return fs.readdirSync('/proc').some((pid) => {
      if (!/^\d+$/.test(pid) || Number(pid) === process.pid) return false;
      try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('bench/run.ts');
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

/** Which code was measured: the commit, and files changed since outside bench/ and docs/. */
function codeState(): { commit: string; uncommitted: string[] } | null {
  try {
    const git = (...a: string[]) => execFileSync('git', a, { cwd: ROOT, encoding: 'utf8' });
    const uncommitted = git('status', '--porcelain')
      .split('\n')
      .map((line) => line.slice(3).trim())
      .filter((file) => file !== '' && !file.startsWith('bench/') && !file.startsWith('docs/') && !file.startsWith('.'));
    return { commit: git('rev-parse', '--short', 'HEAD').trim(), uncommitted };
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const dataset = await ensureLoyaltyDataset(customerCount, entryCount, seed);
  const { marker } = dataset;
  if (otherBenchRunning()) log('WARNING: the search benchmark (bench/run.ts) is running too; figures will be disturbed');
  const loadAverage = os.loadavg();
  log('copying the archive for this run');
  const work = workingCopy(dataset);

  // The data's present moment is marker.end; the clock runs on from there.
  const startedAt = performance.now();
  const clock = () => Math.round(marker.end + (performance.now() - startedAt));
  const opened = performance.now();
  const services = openServices({ dataDir: work.dir, mode: 'cli', settings: (dir) => confSettings(dir, 'nl-NL'), clock });
  // A big archive is quick_checked in the background and its writes wait for it: measured
  // here, and out of the way before anything else is.
  log('waiting for the archive check at open');
  const health = await services.checked;
  const archiveCheckSeconds = (performance.now() - opened) / 1000;
  if (health.state !== 'sound') throw new Error(`the archive check found: ${health.problems.join('; ')}`);
  log(`archive checked in ${archiveCheckSeconds.toFixed(1)} s`);
  const { sqlite } = sqliteArchive(services.archive);
  // The app's background checkpoints, as services.startMaintenance starts them; its expiry
  // sweep is left out, as it would run in the middle of the measurements.
  const checkpointer = startCheckpointer(sqlite, sqliteArchive(services.archive).file, { log: (message, error) => log(`${message}: ${String(error)}`) });
  const { samples, warmup, methods } = await measureMethods(services.api, sqlite, marker, { seed, calls, warmup: warmupCalls, clock, log });
  const durability = durabilityCalls > 0
    ? await measureDurability(services.api, sqlite, marker, { seed, calls: durabilityCalls, log })
    : undefined;
  const profile = profileCalls > 0 ? await profileSteps(services, samples.filter((s) => s.group !== 'any').slice(0, profileCalls), clock) : [];

  log('loyalty.check over the whole archive');
  const t0 = performance.now();
  const check = await services.api.call('loyalty.check', {});
  const checkMs = performance.now() - t0;
  if (!check.ok) throw new Error(`loyalty.check failed: ${check.error.code}`);
  const checked = check.value as { ok: boolean; customers: number; mismatches: unknown[] };
  const size = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : 0);
  // maxRSS is in KiB.
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  const sqliteVersion = sqlite.prepare('SELECT sqlite_version()').pluck().get() as string;
  await checkpointer.stop();
  await services.close();
  const afterRun = { dbBytes: size(work.file), walBytes: size(`${work.file}-wal`) };
  work.remove();

  const handlerTarget = (method: LoyaltyMethod, label: string) => {
    const worst = Math.max(methods[method].all.p99, methods[method].groups.heaviest.p99);
    return { name: `${label} p99, worst of all calls / heaviest (ms)`, value: round(worst, 2), limit: `≤ ${TARGET_MS}`, pass: worst <= TARGET_MS };
  };
  const { heaviest: _list, ...markerRest } = marker;
  const result: LoyaltyBenchResult = {
    date: new Date().toISOString(),
    code: codeState(),
    machine: {
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.versions.node,
      sqlite: sqliteVersion,
      platform: `${process.platform}-${process.arch}`,
      loadAverage: loadAverage.map((x) => round(x, 2)),
    },
    data: {
      customers: customerCount,
      seed,
      marker: markerRest,
      heaviest: { customers: marker.heaviest.length, entriesMin: marker.heaviest.at(-1)![1], entriesMax: marker.heaviest[0]![1] },
      dbBytes: size(dataset.file),
      customerSeedSeconds: round(dataset.customerSeedSeconds, 1),
      generatedNow: dataset.generatedNow,
      workingCopySeconds: round(work.seconds, 1),
    },
    settings: {
      calls: samples.length,
      warmup,
      groups: Object.fromEntries(GROUPS.map((g) => [g, samples.filter((s) => s.group === g).length])) as Record<SampleGroup, number>,
    },
    methods,
    check: { ms: round(checkMs, 1), ok: checked.ok, customers: checked.customers, mismatches: checked.mismatches.length },
    profile,
    targets: [
      handlerTarget('recordPurchase', '`loyalty.recordPurchase`'),
      handlerTarget('redeem', '`loyalty.redeem`'),
      handlerTarget('summary', '`loyalty.summary` (balance read)'),
    ],
    peakRssMB: round(peakRssMB, 0),
    afterRun,
    archiveCheckSeconds: round(archiveCheckSeconds, 2),
    ...(durability ? { durability } : {}),
  };
  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  fs.writeFileSync(args.out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(markdown(result));
  log(`JSON written to ${path.relative(process.cwd(), args.out)}`);
}

await main();
