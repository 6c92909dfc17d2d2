// npm run bench:backup [-- --runs 3 --customers 1000000]
// Backups of the 1 M-customer archive (bench/dataset.ts, opened read-only, never written):
// SQLite's online backup API through our worker beside Debian's `sqlite3 <file> ".backup
// <dest>"` of the same file in the same run (turns alternate, so both see the same machine);
// then the verify step, a whole plain backup (copy, verify, read back, manifest) and an
// encrypted one; and how long the main thread was ever kept from answering meanwhile.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { checkArchive, copyArchive } from '../db/backup/run.js';
import { createKeyFile } from '../main/node/backup/crypto.js';
import { takeBackup } from '../main/node/backup/take.js';
import { APP_VERSION } from '../main/node/version.js';
import { ensureDataset } from './dataset.js';
import { round } from './stats.js';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SQLITE3 = '/usr/bin/sqlite3';
const TARGET_RATIO = 1.5;

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '3' }, customers: { type: 'string', default: '1000000' } } });
const RUNS = Number(args.runs);
const CUSTOMERS = Number(args.customers);

const seconds = (ms: number) => round(ms / 1000, 2);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

/** The longest the main thread waited to run a timer while `work` ran (it answers the counter). */
async function watchingTheLoop<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; maxLoopDelayMs: number }> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const began = performance.now();
  const value = await work();
  const ms = performance.now() - began;
  delay.disable();
  return { value, ms, maxLoopDelayMs: round(delay.max / 1e6, 1) };
}

async function main() {
  const dataset = await ensureDataset(CUSTOMERS, 42);
  const work = path.join(ROOT, '.bench-data', 'backup-runs', String(process.pid));
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  // A copy of our own to back up: the shared dataset is only read, once, and another
  // benchmark regenerating it meanwhile cannot change what this one measures.
  const source = path.join(work, 'source.sqlite');
  fs.copyFileSync(dataset.file, source);
  const copied = new BetterSqlite3(source, { readonly: true });
  const customers = copied.prepare('SELECT count(*) FROM customers').pluck().get() as number;
  copied.close();
  if (customers !== CUSTOMERS) throw new Error(`bench:backup: the dataset holds ${customers} customers, not ${CUSTOMERS}; is it being regenerated?`);
  const size = fs.statSync(source).size;
  const loadAverage = os.loadavg().map((x) => round(x, 2));
  const fresh = (name: string) => {
    const file = path.join(work, name);
    fs.rmSync(file, { force: true });
    return file;
  };
  try {
    // Warm the page cache once, so neither side pays for the first read from disk.
    await run(SQLITE3, ['-readonly', source, `.backup '${fresh('warm.sqlite')}'`], { maxBuffer: 1 << 20 });

    // What the main thread's timers wait anyway on this machine right now, doing nothing.
    const idle = await watchingTheLoop(() => new Promise((resolve) => setTimeout(resolve, 3000)));

    const cli: number[] = [];
    const ours: number[] = [];
    const loopDelays: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      console.error(`bench:backup: run ${i + 1} of ${RUNS}`);
      const cliDest = fresh('cli.sqlite');
      let began = performance.now();
      await run(SQLITE3, ['-readonly', source, `.backup '${cliDest}'`]);
      cli.push(performance.now() - began);

      // The copy alone: from the call to SQLite's last step (the worker then counts and checks).
      const dest = fresh('ours.sqlite');
      began = performance.now();
      let copied = 0;
      const copy = await watchingTheLoop(() => copyArchive(source, dest, (phase, done, total) => {
        if (phase === 'copying' && done === total && total > 0 && !copied) copied = performance.now() - began;
      }));
      ours.push(copied);
      loopDelays.push(copy.maxLoopDelayMs);
    }

    const verify = await watchingTheLoop(() => checkArchive(path.join(work, 'ours.sqlite')));
    const check = new BetterSqlite3(path.join(work, 'cli.sqlite'), { readonly: true });
    const sameAsCli = check.prepare('SELECT count(*) FROM customers').pluck().get() === verify.value.counts.customers;
    check.close();

    const plainDir = path.join(work, 'plain');
    fs.mkdirSync(plainDir, { recursive: true });
    const phases: Record<string, number> = {};
    let phase = '';
    let phaseBegan = performance.now();
    const plain = await watchingTheLoop(() => takeBackup({
      archiveFile: source, folder: plainDir, workDir: path.join(work, 'plain-work'), kind: 'manual', keys: null,
      appVersion: APP_VERSION, now: Date.now(),
      report: (next) => {
        if (next === phase) return;
        if (phase) phases[phase] = (phases[phase] ?? 0) + performance.now() - phaseBegan;
        phase = next;
        phaseBegan = performance.now();
      },
    }));
    if (phase) phases[phase] = (phases[phase] ?? 0) + performance.now() - phaseBegan;

    const keyBegan = performance.now();
    const keys = await createKeyFile('bench password, not a secret', Date.now());
    const keyMs = performance.now() - keyBegan;
    const sealedDir = path.join(work, 'sealed');
    fs.mkdirSync(sealedDir, { recursive: true });
    const sealedPhases: Record<string, number> = {};
    phase = '';
    const sealed = await watchingTheLoop(() => takeBackup({
      archiveFile: source, folder: sealedDir, workDir: path.join(work, 'sealed-work'), kind: 'manual', keys,
      appVersion: APP_VERSION, now: Date.now(),
      report: (next) => {
        if (next === phase) return;
        if (phase) sealedPhases[phase] = (sealedPhases[phase] ?? 0) + performance.now() - phaseBegan;
        phase = next;
        phaseBegan = performance.now();
      },
    }));
    if (phase) sealedPhases[phase] = (sealedPhases[phase] ?? 0) + performance.now() - phaseBegan;

    const ratio = median(ours) / median(cli);
    const result = {
      when: new Date().toISOString(),
      machine: {
        cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, memoryGiB: round(os.totalmem() / 2 ** 30, 1),
        node: process.version, sqlite: (await run(SQLITE3, ['--version'])).stdout.split(' ')[0], loadAverage,
      },
      archive: { customers: CUSTOMERS, bytes: size },
      runs: RUNS,
      idleMaxMainThreadDelayMs: idle.maxLoopDelayMs,
      copy: {
        sqlite3Cli: { runsS: cli.map(seconds), medianS: seconds(median(cli)) },
        ours: { runsS: ours.map(seconds), medianS: seconds(median(ours)), maxMainThreadDelayMs: Math.max(...loopDelays) },
        ratio: round(ratio, 2),
        target: TARGET_RATIO,
        met: ratio <= TARGET_RATIO,
      },
      verify: { s: seconds(verify.ms), integrity: verify.value.problems.join('; '), customers: verify.value.counts.customers, sameAsCli, maxMainThreadDelayMs: verify.maxLoopDelayMs },
      plainBackup: { s: seconds(plain.ms), phasesS: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, seconds(v)])), bytes: plain.value.manifest.size, maxMainThreadDelayMs: plain.maxLoopDelayMs },
      encryptedBackup: {
        s: seconds(sealed.ms), keyDerivationS: seconds(keyMs),
        phasesS: Object.fromEntries(Object.entries(sealedPhases).map(([k, v]) => [k, seconds(v)])), bytes: sealed.value.manifest.size, maxMainThreadDelayMs: sealed.maxLoopDelayMs,
      },
      loadAverageAfter: os.loadavg().map((x) => round(x, 2)),
    };
    fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'backup-latest.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify(result, null, 2));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
