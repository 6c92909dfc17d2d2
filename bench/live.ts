// npx tsx bench/live.ts [--writes 200 --pause 300 --seed 42]
// Live screens (issue 14): the latency from a write on one till to the event on another — the
// other till's app.changes long-poll answering with it — p50/p99 (target p99 ≤ 1 s, aim
// 100 ms). Measured from the start of the write call (loyalty.recordPurchase through the real
// handlers) to the long-poll's answer, and from the write call's answer to the event (below
// zero: the other till heard of the commit before the writer had its answer):
//  - the shared server: two tills, the event from migration 019's NOTIFY over the reader's
//    LISTEN connection; a throwaway PostgreSQL 15 on loopback with durable commits (fsync,
//    synchronous_commit on), as bench/server.ts;
//  - the SQLite file, this till: the write call itself tells the feed (in-process);
//  - the SQLite file, another process on it: PRAGMA data_version, looked at every 250 ms
//    while a long-poll waits (two connections in this process stand for the two processes).
// Writes come one at a time, 0.5–1.5× --pause ms apart, while the reader waits (so they fall
// anywhere in data_version's 250 ms).
// Markdown on stdout, progress on stderr, JSON in bench/results/live-latest.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openServices, type Services } from '../main/node/services.js';
import { confSettings } from '../main/node/conf-settings.js';
import type { ChangesPage } from '../main/api/changes/types.js';
import { startPostgres } from '../tests/support/postgres.js';
import { positiveWhole, prng, round, summarise, type Latency } from './stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    writes: { type: 'string', default: '200' },
    pause: { type: 'string', default: '300' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string', default: path.join(ROOT, 'bench', 'results', 'live-latest.json') },
  },
});
const writes = positiveWhole('writes', args.writes);
const pause = positiveWhole('pause', args.pause);
const random = prng(positiveWhole('seed', args.seed));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const progress = (line: string) => process.stderr.write(`${line}\n`);

async function call<T>(services: Services, name: string, input: unknown): Promise<T> {
  const result = await services.api.call(name, input);
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

function till(dataDir: string, databaseUrl?: string): Services {
  return openServices({
    dataDir, mode: 'web', settings: (dir) => confSettings(dir, 'nl-NL'), log: (m, e) => progress(`${m}: ${String(e)}`),
    ...(databaseUrl ? { databaseUrl, till: `bench ${path.basename(dataDir)}` } : {}),
  });
}

interface Scenario {
  name: string;
  fromWrite: Latency;
  fromCommit: Latency;
  write: Latency;
}

/** Writes one at a time on `writer` while `reader` long-polls; each write's latency to the reader's event. */
async function measure(name: string, writer: Services, reader: Services, topic: string): Promise<Scenario> {
  const { id: customerId } = await call<{ id: number }>(writer, 'customers.create', { customer: { givenName: 'Live', familyName: 'Bench' } });
  let cursor = (await call<ChangesPage>(reader, 'app.changes', { after: null })).cursor;
  // Until the reader hears a write (its listener up), nothing is measured.
  for (let heard = false; !heard;) {
    const poll = call<ChangesPage>(reader, 'app.changes', { after: cursor, waitMs: 2000 });
    await call(writer, 'loyalty.recordVisit', { customerId });
    const page = await poll;
    cursor = page.cursor;
    heard = page.changes.some((c) => c.topic === topic);
  }
  const fromWrite: number[] = [];
  const fromCommit: number[] = [];
  const write: number[] = [];
  for (let i = 0; i < writes; i++) {
    const poll = call<ChangesPage>(reader, 'app.changes', { after: cursor, waitMs: 5000 }).then((page) => ({ page, at: performance.now() }));
    await sleep(pause * (0.5 + random()));
    const started = performance.now();
    await call(writer, 'loyalty.recordPurchase', { customerId, amount: '4,20', locale: 'nl' });
    const committed = performance.now();
    const { page, at } = await poll;
    if (!page.changes.some((c) => c.topic === topic)) throw new Error(`${name}: write ${i} was not heard as ${topic} (${JSON.stringify(page)})`);
    cursor = page.cursor;
    fromWrite.push(at - started);
    fromCommit.push(at - committed);
    write.push(committed - started);
  }
  const scenario = { name, fromWrite: summarise(fromWrite), fromCommit: summarise(fromCommit), write: summarise(write) };
  progress(`${name}: p50 ${round(scenario.fromWrite.p50, 1)} ms, p99 ${round(scenario.fromWrite.p99, 1)} ms`);
  return scenario;
}

async function main() {
  const scenarios: Scenario[] = [];
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'counterpart-live-'));
  const server = await startPostgres({ database: 'live', settings: { fsync: 'on', full_page_writes: 'on', synchronous_commit: 'on', autovacuum: 'on' } });
  try {
    const a = till(path.join(folder, 'pg-a'), server.url);
    const b = till(path.join(folder, 'pg-b'), server.url);
    try {
      scenarios.push(await measure('server: another till (NOTIFY)', a, b, 'loyalty'));
    } finally {
      await a.close();
      await b.close();
    }
  } finally {
    await server.stop();
  }
  const fileDir = path.join(folder, 'file');
  const one = till(fileDir);
  const other = till(fileDir);
  try {
    scenarios.push(await measure('file: this till (its own write)', one, one, 'loyalty'));
    scenarios.push(await measure('file: another process (data_version)', other, one, 'any'));
  } finally {
    await other.close();
    await one.close();
    fs.rmSync(folder, { recursive: true, force: true });
  }

  const ms = (x: number) => round(x, 1);
  console.log(`## Live update latency (${writes} writes, ${pause} ms apart on average; ${os.cpus().length} cores)\n`);
  console.log('| scenario | write → event p50 | p99 | max | write answered → event p50 | p99 | write itself p50 |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const s of scenarios) {
    console.log(`| ${s.name} | ${ms(s.fromWrite.p50)} ms | ${ms(s.fromWrite.p99)} ms | ${ms(s.fromWrite.max)} ms | ${ms(s.fromCommit.p50)} ms | ${ms(s.fromCommit.p99)} ms | ${ms(s.write.p50)} ms |`);
  }
  console.log('\nTarget: p99 ≤ 1000 ms (aim 100 ms).');
  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  fs.writeFileSync(args.out, `${JSON.stringify({ at: new Date().toISOString(), writes, pause, scenarios }, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
