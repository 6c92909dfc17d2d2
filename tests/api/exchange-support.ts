import { sqliteArchive } from '../../db/archive.js';
import fs from 'node:fs';
import path from 'node:path';
import type { ExchangeJob, UploadSummary } from '../../main/api/contract.js';
import type { TestApp } from '../support/services.js';

// Helpers for the exchange tests: jobs are polled the way the page polls them.

export const FIXTURES = path.resolve('tests/fixtures/exchange');

export async function finished(app: TestApp, job: ExchangeJob): Promise<ExchangeJob> {
  let status = job;
  while (status.state === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 2));
    status = await app.ok('exchange.status', { jobId: status.id });
  }
  return status;
}

export async function upload(app: TestApp, text: string, name = 'klanten.csv'): Promise<UploadSummary> {
  return app.ok('exchange.upload', { name, text });
}

export const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

/** Every row of every table that matters, for "nothing changed" comparisons. */
export function snapshot(app: TestApp): Record<string, unknown[]> {
  const tables = ['customers', 'customer_phones', 'ledger_entries', 'loyalty_balances', 'tags', 'customer_tags', 'customer_entries', 'customer_segments', 'insight_state'];
  const out: Record<string, unknown[]> = {};
  for (const table of tables) out[table] = sqliteArchive(app.archive).sqlite.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all();
  // The search indexes, and the customers queued for one.
  for (const fts of ['customer_search', 'customer_numbers', 'memory_search', 'search_backlog']) {
    out[fts] = sqliteArchive(app.archive).sqlite.prepare(`SELECT rowid FROM ${fts} ORDER BY rowid`).all();
  }
  return out;
}

export async function runExport(app: TestApp, input: Parameters<TestApp['ok']>[1]) {
  const job = await finished(app, await app.ok('exchange.export', input as never));
  if (job.state !== 'done' || job.kind !== 'export' || !job.result) throw new Error(`export failed: ${JSON.stringify(job.error)}`);
  return { ...job.result, file: path.join(job.result.folder, job.result.name) };
}
