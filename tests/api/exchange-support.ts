import fs from 'node:fs';
import path from 'node:path';
import type { ExchangeJob, UploadSummary } from '../../main/api/contract.js';
import { sql, type RawBuilder } from 'kysely';
import type { TestApp } from '../support/services.js';
import { onServer } from '../support/engine.js';

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
export async function snapshot(app: TestApp): Promise<Record<string, unknown[]>> {
  const { db } = app.archive;
  const tables = ['customers', 'customer_phones', 'ledger_entries', 'loyalty_balances', 'tags', 'customer_tags', 'customer_entries', 'customer_segments', 'insight_state'];
  const out: Record<string, unknown[]> = {};
  for (const table of tables) out[table] = (await sql`SELECT * FROM ${sql.table(table)} ORDER BY 1, 2`.execute(db)).rows;
  // The search indexes, and the customers queued for one: on the file FTS5 tables (their
  // rowids), on the server plain tables (their rows, sorted).
  if (onServer) {
    for (const index of ['customer_search', 'memory_search', 'search_backlog']) {
      out[index] = (await sql`SELECT * FROM ${sql.table(index)}`.execute(db)).rows.map((r) => JSON.stringify(r)).sort();
    }
  } else {
    for (const fts of ['customer_search', 'customer_numbers', 'memory_search', 'search_backlog']) {
      out[fts] = (await sql`SELECT rowid FROM ${sql.table(fts)} ORDER BY rowid`.execute(db)).rows;
    }
  }
  return out;
}

/** One number the archive answers (a count), on either engine. */
export async function scalar(app: TestApp, query: RawBuilder<{ n: number }>): Promise<number> {
  return Number((await query.execute(app.archive.db)).rows[0]!.n);
}

export async function runExport(app: TestApp, input: Parameters<TestApp['ok']>[1]) {
  const job = await finished(app, await app.ok('exchange.export', input as never));
  if (job.state !== 'done' || job.kind !== 'export' || !job.result) throw new Error(`export failed: ${JSON.stringify(job.error)}`);
  return { ...job.result, file: path.join(job.result.folder, job.result.name) };
}
