import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../db/schema.js';
import { openServices } from '../../main/node/services.js';
import { confSettings } from '../../main/node/conf-settings.js';
import { postgresAvailable, postgresKysely, startMigratedPostgres, type TestPostgres } from '../support/postgres.js';
import { tempDir } from '../support/services.js';

// Eight tills of one shop ring up sales on the shared archive for a minute, each its own
// process and app instance (tests/node/tills-sales-worker.ts), a dozen regulars shared
// between them so that they keep writing the same balances at once. Afterwards every sale a
// till was told went through is in the archive exactly once — none lost, none twice, none
// that no till heard of — with its ledger entry, and the archive check the shop can run
// (`npm run cli -- check`, the real command with COUNTERPART_DATABASE_URL) passes.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TILLS = 8;
/** What the issue asks: a minute of sales. */
const SELLING_MS = 60_000;

interface Ack {
  visitId: number;
  customerId: number;
  cents: number;
  earned: number;
}

interface TillReport {
  acks: Ack[];
  refused: string[];
  logged: string[];
}

describe.skipIf(!postgresAvailable())('eight tills on one shared archive', () => {
  let server: TestPostgres;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    server = await startMigratedPostgres();
  }, 120_000);

  afterAll(async () => {
    for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
    await server?.stop();
  });

  it('loses and doubles no sale while eight tills sell for 60 s, and the archive check passes', async () => {
    const url = await server.createDatabase('shop', { template: 'migrated' });
    const db = postgresKysely<DB>(url);
    try {
      // The regulars, made at the shop's first till as the shop would.
      const first = openServices({ dataDir: tempDir(), mode: 'web', settings: (d) => confSettings(d, 'nl-NL'), databaseUrl: url, till: 'till 0', log: () => {} });
      const customers: number[] = [];
      try {
        for (let i = 0; i < 12; i++) {
          const made = await first.api.call('customers.create', { customer: { givenName: `Vaste klant ${i}`, familyName: 'Kassa' } });
          if (!made.ok) throw new Error(JSON.stringify(made.error));
          customers.push((made.value as { id: number }).id);
        }
      } finally {
        await first.close();
      }

      const dir = tempDir();
      const goFile = path.join(dir, 'go');
      const outFile = (i: number) => path.join(dir, `till-${i}.json`);
      const finished: Promise<void>[] = [];
      const ready: Promise<void>[] = [];
      for (let i = 0; i < TILLS; i++) {
        const worker = spawn(process.execPath, ['--import', 'tsx', 'tests/node/tills-sales-worker.ts',
          url, `till ${i + 1}`, tempDir(), customers.join(','), goFile, outFile(i)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
        workers.push(worker);
        let stderr = '';
        worker.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        ready.push(new Promise((resolve, reject) => {
          worker.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
          worker.on('exit', () => reject(new Error(`till ${i + 1} ended before it was ready: ${stderr}`)));
        }));
        finished.push(new Promise((resolve, reject) => worker.on('exit', (code) =>
          (code === 0 ? resolve() : reject(new Error(`till ${i + 1} exited with ${code}: ${stderr}`))))));
      }
      await Promise.all(ready);
      // All eight start at the same moment and stop at the same moment.
      const started = Date.now();
      fs.writeFileSync(goFile, String(started + SELLING_MS));
      await Promise.all(finished);
      const sold = Date.now() - started;

      const reports = Array.from({ length: TILLS }, (_, i) => JSON.parse(fs.readFileSync(outFile(i), 'utf8')) as TillReport);
      const acks = reports.flatMap((r) => r.acks);
      const refused = reports.flatMap((r) => r.refused);
      const stats = await sql<{ r: number }>`SELECT xact_rollback AS r FROM pg_stat_database WHERE datname = current_database()`.execute(db);
      console.info(`${TILLS} tills, ${(sold / 1000).toFixed(1)} s: ${acks.length} sales acknowledged ` +
        `(${reports.map((r) => r.acks.length).join(' / ')}), ${refused.length} refused (${[...new Set(refused)].join(', ') || 'none'}), ` +
        `${stats.rows[0]!.r} transactions rolled back (conflicts run again)`);

      // Every till sold throughout, all at once.
      expect(sold).toBeGreaterThanOrEqual(SELLING_MS);
      for (const report of reports) expect(report.acks.length).toBeGreaterThan(20);
      // A sale not taken is told as busy (ring it up again), never internal; nothing was logged.
      expect(refused.filter((code) => code !== 'archive_busy')).toEqual([]);
      expect(reports.flatMap((r) => r.logged)).toEqual([]);

      // 0 lost, 0 duplicated: the visits are exactly the acknowledged sales, each once.
      const visits = await db.selectFrom('visits').select(['id', 'customer_id', 'amount_cents']).orderBy('id').execute();
      const ackedIds = acks.map((a) => a.visitId).sort((a, b) => a - b);
      expect(new Set(ackedIds).size).toBe(acks.length);
      expect(visits.map((v) => v.id)).toEqual(ackedIds);
      const byVisit = new Map(acks.map((a) => [a.visitId, a]));
      for (const v of visits) expect([v.customer_id, v.amount_cents]).toEqual([byVisit.get(v.id)!.customerId, byVisit.get(v.id)!.cents]);
      // Each sale's ledger entry: one per sale that earned, with what the till was told it earned.
      const earns = await db.selectFrom('ledger_entries').select(['visit_id', 'amount']).where('kind', '=', 'earn').execute();
      expect(new Set(earns.map((e) => e.visit_id)).size).toBe(earns.length);
      expect(earns.length).toBe(acks.filter((a) => a.earned > 0).length);
      for (const e of earns) expect(e.amount).toBe(byVisit.get(e.visit_id!)!.earned);
      const entries = await db.selectFrom('ledger_entries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(entries.n)).toBe(earns.length);
    } finally {
      await db.destroy();
    }

    // The shop's own check, as it would run it: every kept balance equals its ledger.
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'main/node/cli.ts', 'check'], {
      cwd: ROOT,
      env: { ...process.env, COUNTERPART_DATABASE_URL: url, COUNTERPART_DATA_DIR: tempDir() },
    });
    expect(stdout).toMatch(/^Checked 12 balances: every one equals the sum of its ledger\.$/m);
  }, 240_000);
});
