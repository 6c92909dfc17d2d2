import { sqliteArchive } from '../../db/archive.js';
import { execFile } from 'node:child_process';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { testApp } from '../support/services.js';

const run = promisify(execFile);

async function till(args: string[]) {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'tests/support/redeem-worker.ts', ...args], { timeout: 30_000 });
  return JSON.parse(stdout) as { ok: boolean; error?: { code: string } };
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
    const blocker = new BetterSqlite3(path.join(app.dataDir, 'counterpart.sqlite'));
    const release = new Promise<void>((resolve) => {
      setTimeout(() => blocker.exec('BEGIN IMMEDIATE'), 1000);
      setTimeout(() => {
        blocker.exec('COMMIT');
        blocker.close();
        resolve();
      }, 2000);
    });

    const results = await Promise.all([
      till([app.dataDir, String(id), String(reward.id), 'till-one-key', String(startAt)]),
      till([app.dataDir, String(id), String(reward.id), 'till-two-key', String(startAt)]),
      release,
    ]).then(([a, b]) => [a, b]);

    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => r.error?.code)).toEqual(['insufficient_balance']);
    const summary = await app.ok('loyalty.summary', { customerId: id });
    expect(summary.balance).toBe(0);
    const redeems = sqliteArchive(app.archive).sqlite.prepare("SELECT count(*) AS n FROM ledger_entries WHERE kind = 'redeem'").get() as { n: number };
    expect(redeems.n).toBe(1);
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
