// npx tsx bench/ssi-probe.ts — how often sales of DIFFERENT customers at several tills collide
// at SERIALIZABLE on PostgreSQL (40001, run again by db/transaction.ts), on a small throwaway
// shop: a seeded 20,000-customer cluster, then for each entry of TILLS that many tills (own
// services and pool each, one process) ring up sales back to back for SECONDS_ seconds.
// Prints per round: sales, retries (COUNTERPART_LOG_RETRIES=1 is needed), pg_stat_database's
// xact_rollback, PostgreSQL's reason codes, and the SIREAD locks above tuple level seen (sampled
// every 20 ms: a 'relation' one makes every other writer of that table conflict).
// Env: TILLS=1,4  SECONDS_=10  CUSTOMERS=20000  REGULARS=40 PREP_SALES=6000 (first ring up that
// many sales over that many customers, so each has a long history, and sell only to them),
// EXTRA_SQL (run after the preparation, e.g. a candidate index), EXPLAIN=1 (auto_explain of the
// tills' statements, triggers' included, into /tmp/ssi-pg.log; with REGULARS only).
// Findings (2026-12-08) in the commit that added this file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { startPostgres, postgresKysely } from '../tests/support/postgres.js';
import { openServices } from '../main/node/services.js';
import { confSettings } from '../main/node/conf-settings.js';
import { openPostgresArchive } from '../db/open-postgres.js';
import { seedArchive } from '../main/node/seed.js';

const tillsList = (process.env.TILLS ?? '1,4').split(',').map(Number);
const seconds = Number(process.env.SECONDS_ ?? '10');
const customers = Number(process.env.CUSTOMERS ?? '20000');
const server = await startPostgres({ settings: { max_connections: 120, autovacuum: 'on', ...(process.env.EXPLAIN ? { shared_preload_libraries: 'auto_explain', 'auto_explain.log_nested_statements': 'on', 'auto_explain.log_analyze': 'on', 'auto_explain.log_buffers': 'off', 'auto_explain.log_timing': 'off' } : {}) } });
const url = server.url;
try {
  const archive = await openPostgresArchive(url, { zone: 'Europe/Amsterdam', till: 'seed' });
  await seedArchive(archive, { count: customers, now: Date.UTC(2026, 11, 7), batchSize: 2000 });
  await archive.close();
  const pg = postgresKysely(url);
  await sql`ANALYZE`.execute(pg);
  const clockFrom = Date.UTC(2026, 11, 7, 10);
  let retried = 0;
  const reasons = new Map<string, number>();
  const origError = console.error;
  console.error = (...a: unknown[]) => {
    const text = String(a[0]);
    if (text.startsWith('counterpart: write retried')) { retried++; const k = text.replace(/^.*Reason code: /, ''); reasons.set(k, (reasons.get(k) ?? 0) + 1); return; }
    origError(...a);
  };
  // MODES: per round, 'noseq' sets PROBE_NOSEQ (a hook for trying a handler change), else nothing.
  const modes = (process.env.MODES ?? 'off').split(',');
  const regulars = Number(process.env.REGULARS ?? '0');
  if (regulars > 0) {
    const t0 = performance.now();
    const s = openServices({
      dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'ssi-probe-')), mode: 'cli', settings: (dir) => confSettings(dir, 'nl-NL'),
      clock: () => Math.round(Date.UTC(2026, 10, 7) + (performance.now() - t0)), databaseUrl: url, till: 'prep',
      log: (m, e) => console.error(`prep: ${m}`, e),
    });
    await s.checked;
    const prepSales = Number(process.env.PREP_SALES ?? '6000');
    for (let k = 0; k < prepSales; k++) {
      await s.api.call('loyalty.recordPurchase', { customerId: 1 + (k % regulars), amount: '12,34', locale: 'nl', description: '' });
    }
    await s.close();
    if (process.env.EXTRA_SQL) await sql.raw(process.env.EXTRA_SQL).execute(pg);
    await sql`VACUUM ANALYZE`.execute(pg);
    if (process.env.EXPLAIN) await sql.raw(`ALTER DATABASE "${server.database}" SET auto_explain.log_min_duration = 0`).execute(pg);
    console.error(`prepared ${prepSales} sales over ${regulars} regulars`);
  }
  for (const [round, tills] of tillsList.entries()) {
    const mode = modes[round % modes.length]!;
    process.env.PROBE_NOSEQ = mode === 'noseq' ? '1' : '';
    retried = 0; reasons.clear();
    const rb = async () => Number((await sql<{ n: number }>`SELECT xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()`.execute(pg)).rows[0]!.n);
    const rb0 = await rb();
    const t0 = performance.now();
    const services = Array.from({ length: tills }, (_, i) => openServices({
      dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'ssi-probe-')), mode: 'cli', settings: (dir) => confSettings(dir, 'nl-NL'),
      clock: () => Math.round(clockFrom + (performance.now() - t0)), databaseUrl: url, till: `till ${i}`,
      log: (m, e) => console.error(`till ${i}: ${m}`, e),
    }));
    await Promise.all(services.map((s) => s.checked));
    console.error(`=== ${tills} till(s) start`);
    const until = Date.now() + seconds * 1000;
    const seen = new Map<string, number>();
    const sampler = setInterval(() => {
      void sql<{ k: string }>`SELECT l.locktype || ' ' || c.relname AS k FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE l.mode = 'SIReadLock' AND l.locktype <> 'tuple'`.execute(pg)
        .then(({ rows }) => { for (const r of rows) seen.set(r.k, (seen.get(r.k) ?? 0) + 1); }, () => {});
    }, 20);
    const counts = await Promise.all(services.map(async (s, i) => {
      let n = 0; let turn = 0;
      while (Date.now() < until) {
        const customerId = regulars > 0 ? 1 + ((i + tills * turn++) % regulars) : 1 + ((i * 2000 + turn++) % customers);
        const r = await s.api.call('loyalty.recordPurchase', { customerId, amount: '12,34', locale: 'nl', description: '' });
        if (!r.ok) console.error('refused', r.error);
        n++;
      }
      return n;
    }));
    clearInterval(sampler);
    console.error('SIREAD non-tuple locks seen:', [...seen].sort((a, b) => b[1] - a[1]).slice(0, 40));
    console.error(`=== ${tills} till(s) mode ${mode} end: sales ${counts.reduce((a, b) => a + b, 0)} retried ${retried} xact_rollback +${(await new Promise((r) => setTimeout(r, 600)), await rb()) - rb0}`, [...reasons]);
    await Promise.all(services.map((s) => s.close()));
  }
  await pg.destroy();
} finally {
  if (process.env.EXPLAIN) fs.copyFileSync(path.join(server.folder, 'server.log'), '/tmp/ssi-pg.log');
  await server.stop();
}
