import { execFile } from 'node:child_process';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fileArchive } from '../../db/archive.js';
import { onServer } from '../support/engine.js';
import { testDatabaseUrl } from '../support/postgres-each.js';
import { postgresKysely } from '../support/postgres.js';
import { testApp, type TestApp } from '../support/services.js';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A till in its own process, on the shop's file or, in the PostgreSQL run, its server. */
async function till(args: string[]) {
  const server = onServer ? [testDatabaseUrl()] : [];
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'tests/support/redeem-worker.ts', ...args, ...server], { timeout: 30_000 });
  return JSON.parse(stdout) as { ok: boolean; error?: { code: string } };
}

/**
 * A third writer that holds what a redemption writes from 1 s to 2 s from now, across the
 * tills' start moment: the file's write lock, or on the server the customer's balance row.
 */
async function holdAcrossStart(app: TestApp, customerId: number): Promise<void> {
  const file = fileArchive(app.archive);
  if (file) {
    const blocker = new BetterSqlite3(path.join(app.dataDir, 'counterpart.sqlite'));
    await sleep(1000);
    blocker.exec('BEGIN IMMEDIATE');
    await sleep(1000);
    blocker.exec('COMMIT');
    blocker.close();
    return;
  }
  const blocker = postgresKysely(testDatabaseUrl());
  try {
    await sleep(1000);
    await blocker.transaction().execute(async (trx) => {
      await sql`SELECT balance FROM loyalty_balances WHERE customer_id = ${customerId} FOR UPDATE`.execute(trx);
      await sleep(1000);
    });
  } finally {
    await blocker.destroy();
  }
}

describe('two tills redeeming the last reward at once', () => {
  it('lets exactly one succeed, whatever the timing', async () => {
    const app = testApp();
    const { id } = await app.ok('customers.create', { customer: { givenName: 'Race' } });
    const reward = await app.ok('loyalty.saveReward', { name: 'Taart', cost: 10, kind: 'free_item' });
    await app.ok('loyalty.recordPurchase', { customerId: id, amount: '100,00', locale: 'nl' });
    const startAt = Date.now() + 1500;
    // A third writer holds the lock across the start moment, so both tills are surely
    // inside their redemption at once when it lets go.
    const release = holdAcrossStart(app, id);

    const results = await Promise.all([
      till([app.dataDir, String(id), String(reward.id), 'till-one-key', String(startAt)]),
      till([app.dataDir, String(id), String(reward.id), 'till-two-key', String(startAt)]),
      release,
    ]).then(([a, b]) => [a, b]);

    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => r.error?.code)).toEqual(['insufficient_balance']);
    const summary = await app.ok('loyalty.summary', { customerId: id });
    expect(summary.balance).toBe(0);
    expect(await app.archive.db.selectFrom('ledger_entries').select('id').where('kind', '=', 'redeem').execute()).toHaveLength(1);
    expect((await app.ok('loyalty.check', {})).ok).toBe(true);
  }, 60_000);

  it('treats the same request sent twice from two tills as one redemption', async () => {
    const app = testApp();
    const { id } = await app.ok('customers.create', { customer: { givenName: 'Dubbel' } });
    const reward = await app.ok('loyalty.saveReward', { name: 'Koffie', cost: 5, kind: 'free_item' });
    await app.ok('loyalty.recordPurchase', { customerId: id, amount: '200,00', locale: 'nl' });
    const startAt = String(Date.now() + 1500);
    const results = await Promise.all([
      till([app.dataDir, String(id), String(reward.id), 'same-click-key', startAt]),
      till([app.dataDir, String(id), String(reward.id), 'same-click-key', startAt]),
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect((await app.ok('loyalty.summary', { customerId: id })).balance).toBe(15);
  }, 60_000);
});
