// npm run bench:printing [-- --prints 500 --warmup 50]
// Receipt printing, end to end: from the receipts.print call to the last byte the (fake,
// in-process, 127.0.0.1) ESC/POS printer reads, and to the call's answer (which also waits
// for the printer to close the connection and records the outcome). Both paper widths,
// the three kinds a counter prints (loyalty, redemption, member card) in turn.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { DEFAULT_PRINTER } from '../main/api/settings/schema.js';
import type { ReceiptSource } from '../main/api/receipts/schema.js';
import { confSettings } from '../main/node/conf-settings.js';
import { openServices } from '../main/node/services.js';
import { FakePrinter } from '../tests/printing/fake-printer.js';
import { round, summarise, type Latency } from './stats.js';

const { values: args } = parseArgs({ options: { prints: { type: 'string', default: '500' }, warmup: { type: 'string', default: '50' } } });
const PRINTS = Number(args.prints);
const WARMUP = Number(args.warmup);
const TARGET_P99_MS = 50;

async function call<T>(services: ReturnType<typeof openServices>, name: string, input: unknown): Promise<T> {
  const result = await services.api.call(name, input);
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

interface Run {
  columns: 32 | 48;
  toLastByte: Latency;
  toAnswer: Latency;
  bytes: { min: number; max: number };
}

async function measure(columns: 32 | 48): Promise<Run> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'counterpart-bench-printing-'));
  const services = openServices({ dataDir, mode: 'cli', settings: (dir) => confSettings(dir, 'nl-NL'), log: () => {} });
  const printer = await FakePrinter.start();
  try {
    await call(services, 'settings.update', {
      shopName: 'Bakkerij Jansen',
      language: 'nl',
      printer: { ...DEFAULT_PRINTER, enabled: true, columns, connection: { kind: 'network', host: printer.host, port: printer.port } },
      receipt: { header: 'Dorpsstraat 1\n1234 AB Ergens', footer: 'Tot ziens!', personalLine: 'Fijne dag!', birthdayLine: true, welcomeBackLine: true, welcomeBackAfterDays: 60 },
    });
    const customer = await call<{ id: number }>(services, 'customers.create', { customer: { givenName: 'Ayşe', familyName: 'Yılmaz-de Vries' } });
    const reward = await call<{ id: number }>(services, 'loyalty.saveReward', { name: 'Gratis koffie', cost: 5, kind: 'free_item' });
    const sale = await call<{ visit: { id: number } }>(services, 'loyalty.recordPurchase', { customerId: customer.id, amount: '73,50', locale: 'nl', description: 'Taart en brood' });
    const redemption = await call<{ entryId: number }>(services, 'loyalty.redeem', { customerId: customer.id, rewardId: reward.id, idempotencyKey: 'bench-printing-1' });
    const sources: ReceiptSource[] = [
      { kind: 'loyalty', visitId: sale.visit.id },
      { kind: 'redemption', entryId: redemption.entryId },
      { kind: 'member_card', customerId: customer.id },
    ];

    const toLastByte: number[] = [];
    const toAnswer: number[] = [];
    for (let i = 0; i < WARMUP + PRINTS; i++) {
      const job = await call<{ id: number }>(services, 'receipts.create', { source: sources[i % sources.length] });
      const before = printer.jobs.length;
      const start = performance.now();
      const done = await call<{ status: string }>(services, 'receipts.print', { jobId: job.id });
      const answered = performance.now();
      if (done.status !== 'printed') throw new Error(`print ${i} ${done.status}`);
      await printer.waitForJobs(before + 1);
      if (i >= WARMUP) {
        toLastByte.push(printer.jobs[before]!.lastByteAt - start);
        toAnswer.push(answered - start);
      }
    }
    const sizes = printer.jobs.map((j) => j.bytes.length);
    return { columns, toLastByte: summarise(toLastByte), toAnswer: summarise(toAnswer), bytes: { min: Math.min(...sizes), max: Math.max(...sizes) } };
  } finally {
    await printer.close();
    await services.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const runs: Run[] = [];
for (const columns of [48, 32] as const) {
  process.stderr.write(`bench: ${WARMUP} + ${PRINTS} prints at ${columns} columns\n`);
  runs.push(await measure(columns));
}

const ms = (x: number) => round(x, 2).toFixed(2);
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const worst = Math.max(...runs.map((r) => r.toLastByte.p99));
console.log(`## Printing (${PRINTS} prints per width after ${WARMUP} warm-up, ${new Date().toISOString().slice(0, 10)})\n`);
console.log(`Machine: \`${cpu}\`, ${os.cpus().length} cores, ${os.platform()} ${os.release()}, Node ${process.versions.node}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
console.log('| width | receipt bytes | call → last byte p50 | p99 | max | call → answer p50 | p99 | max |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of runs) {
  console.log(`| ${r.columns} columns | ${r.bytes.min}–${r.bytes.max} | ${ms(r.toLastByte.p50)} ms | ${ms(r.toLastByte.p99)} ms | ${ms(r.toLastByte.max)} ms | ${ms(r.toAnswer.p50)} ms | ${ms(r.toAnswer.p99)} ms | ${ms(r.toAnswer.max)} ms |`);
}
console.log(`\nTarget: call → last byte ≤ ${TARGET_P99_MS} ms at p99: ${worst <= TARGET_P99_MS ? 'met' : 'NOT met'} (worst p99 ${ms(worst)} ms).`);
