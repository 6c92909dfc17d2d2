import { sqliteArchive } from '../../db/archive.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { testApp } from '../support/services.js';

const run = promisify(execFile);

async function cli(dataDir: string, ...args: string[]) {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'main/node/cli.ts', ...args], {
      env: { ...process.env, COUNTERPART_DATA_DIR: dataDir },
      timeout: 30_000,
    });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout + e.stderr };
  }
}

describe('the command line', () => {
  it('proves the kept balances equal the ledger, and says which do not', async () => {
    const app = testApp();
    const { id } = await app.ok('customers.create', { customer: { givenName: 'Kees' } });
    await app.ok('loyalty.recordPurchase', { customerId: id, amount: '45,00', locale: 'nl' });
    expect(await cli(app.dataDir, 'check')).toEqual({ code: 0, stdout: 'Checked 1 balance: every one equals the sum of its ledger.\n' });

    sqliteArchive(app.archive).sqlite.prepare('UPDATE loyalty_balances SET balance = 9').run();
    const broken = await cli(app.dataDir, 'check');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`customer ${id}: kept 9, ledger sums to 4`);
  }, 60_000);

  it('explains its usage when the command is unknown', async () => {
    const app = testApp();
    const result = await cli(app.dataDir, 'drop-tables');
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('Usage: npm run cli -- <check|expire');
  }, 30_000);
});
