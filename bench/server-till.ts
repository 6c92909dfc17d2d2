// One till of bench/server.ts, in a process of its own (forked): its own services, and on
// the server its own pool, as a till on its own machine has. It opens the archive (the
// file, or the server at --url), rings up warm-up sales, says "ready", and at each "go" rings
// up loyalty.recordPurchase through the real handlers until the deadline at the pace it is
// given, timing each call, and sends the times and the errors back; at "close" it closes.
import fs from 'node:fs';
import { sqliteArchive } from '../db/archive.js';
import { confSettings } from '../main/node/conf-settings.js';
import { openServices } from '../main/node/services.js';
import { startCheckpointer } from '../main/node/checkpointer.js';

export interface TillJob {
  /** The data folder (the file's, or the till's own beside the server). */
  dataDir: string;
  url?: string;
  name: string;
  /** The data's present moment: the till's clock runs on from there. */
  clockFrom: number;
  /** Customers to ring up, in turn. */
  customers: number[];
  warmup: number;
}

export type TillMessage =
  | { type: 'ready'; openMs: number }
  | { type: 'done'; ms: number[]; errors: Record<string, number> }
  | { type: 'failed'; message: string };

export type ParentMessage =
  /** Sales until `until` (Date.now()), `pauseMs` apart on average (each 0.5–1.5× of it; 0: back to back). */
  | { type: 'go'; until: number; pauseMs: number }
  | { type: 'close' };

const send = (message: TillMessage) => process.send!(message);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const job = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as TillJob;
  const startedAt = performance.now();
  const clock = () => Math.round(job.clockFrom + (performance.now() - startedAt));
  const opened = performance.now();
  const services = openServices({
    dataDir: job.dataDir, mode: 'cli', settings: (dir) => confSettings(dir, 'nl-NL'), clock,
    ...(job.url ? { databaseUrl: job.url, till: job.name } : {}),
    log: (message, error) => console.error(`${job.name}: ${message}`, error),
  });
  // A big file is quick_checked in the background at open and its writes wait for that.
  const health = await services.checked;
  if (health.state !== 'sound') throw new Error(`the archive check found: ${health.problems.join('; ')}`);
  // The file's background checkpoints, as the app runs them (services.startMaintenance,
  // whose expiry sweep is left out as it would run in the middle of the measurement).
  const checkpointer = job.url ? null : startCheckpointer(sqliteArchive(services.archive).sqlite, sqliteArchive(services.archive).file, {
    log: (message, error) => console.error(`${job.name}: ${message}: ${String(error)}`),
  });

  let turn = 0;
  const errors: Record<string, number> = {};
  const sale = async (): Promise<number> => {
    const customerId = job.customers[turn++ % job.customers.length]!;
    const cents = 150 + ((turn * 7919) % 3500);
    const began = performance.now();
    const result = await services.api.call('loyalty.recordPurchase', {
      customerId, amount: `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`, locale: 'nl', description: '',
    });
    const ms = performance.now() - began;
    if (!result.ok) {
      if (result.error.code === 'internal') throw new Error(`loyalty.recordPurchase failed: ${result.error.message}`);
      errors[result.error.code] = (errors[result.error.code] ?? 0) + 1;
    }
    return ms;
  };
  for (let i = 0; i < job.warmup; i++) await sale();

  const messages: ParentMessage[] = [];
  let wake: (() => void) | null = null;
  process.on('message', (m) => {
    messages.push(m as ParentMessage);
    wake?.();
  });
  const next = async (): Promise<ParentMessage> => {
    while (messages.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return messages.shift()!;
  };
  send({ type: 'ready', openMs: performance.now() - opened });
  for (let order = await next(); order.type === 'go'; order = await next()) {
    for (const key of Object.keys(errors)) delete errors[key];
    const ms: number[] = [];
    while (Date.now() < order.until) {
      ms.push(await sale());
      if (order.pauseMs > 0) await sleep(order.pauseMs * (0.5 + Math.random()));
    }
    send({ type: 'done', ms, errors: { ...errors } });
  }
  process.removeAllListeners('message');
  await checkpointer?.stop();
  await services.close();
}

if (process.send && process.argv[2]) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      send({ type: 'failed', message: error instanceof Error ? error.stack ?? error.message : String(error) });
      process.exit(1);
    },
  );
}
