// npm run bench:search-pg [-- --customers 100000 --seed 42 --queries 200 --rounds 3]
// The counter search on both engines in one run: the same generated customers (the seed
// generator, main/node/seed.ts) in SQLite (the benchmark archive, bench/dataset.ts) and in a
// throwaway PostgreSQL 15 cluster (tests/support/postgres.ts), the same queries, the same
// code path through Kysely and the per-engine index (db/customers/customer-search-index.ts):
// card lookup, the tiers, the summaries — customers.search less the import backlog and notes.
// Markdown on stdout, JSON in bench/results/search-postgres-latest.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { openArchive } from '../db/open.js';
import type * as repo from '../db/customers/repo.js';
import { rankedKeys } from '../db/customers/customer-search-index.js';
import { searchDocument } from '../db/customers/search-document.js';
import { writeDocuments } from '../db/customers/search-index-postgres.js';
import { searchTiers } from '../db/customers/search-query.js';
import { migratePostgres } from '../db/migrations/postgres/run.js';
import { postgresKysely, startPostgres } from '../tests/support/postgres.js';
import { ensureDataset } from './dataset.js';
import { LIMIT, timeAll } from './measure.js';
import { buildQueries } from './queries.js';
import { extraQueries, searchRunner } from './search-runners.js';
import { positiveWhole, prng, round, summarise } from './stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const { values: args } = parseArgs({
  options: {
    customers: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '42' },
    queries: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '3' },
    out: { type: 'string', default: path.join(ROOT, 'bench', 'results', 'search-postgres-latest.json') },
  },
});
const num = (name: keyof typeof args) => positiveWhole(name, args[name]);
const count = num('customers');
const seed = num('seed');
const perSet = num('queries');
const rounds = num('rounds');
const log = (message: string) => console.error(`bench:search-pg: ${message}`);
const TARGET_P99_MS = 10;
const BATCH = 5000;

/** Copies the SQLite archive's customers and phones into PostgreSQL and writes their search documents there. */
async function fillPostgres(lite: BetterSqlite3.Database, pg: Kysely<DB>): Promise<void> {
  const customers = lite.prepare('SELECT * FROM customers WHERE id > ? ORDER BY id LIMIT ?');
  const phones = lite.prepare('SELECT * FROM customer_phones WHERE customer_id > ? AND customer_id <= ? ORDER BY customer_id, position');
  // The import's switch: the insight trigger stands aside while the rows go in.
  await sql`UPDATE insight_state SET bulk_load = 1`.execute(pg);
  let after = 0;
  for (;;) {
    const rows = customers.all(after, BATCH) as (repo.CustomerRow & Record<string, unknown>)[];
    if (rows.length === 0) break;
    const last = rows[rows.length - 1]!.id;
    const phoneRows = phones.all(after, last) as repo.PhoneRow[];
    await pg.transaction().execute(async (trx) => {
      await sql`INSERT INTO customers SELECT * FROM json_populate_recordset(NULL::customers, ${JSON.stringify(rows)})`.execute(trx);
      await sql`INSERT INTO customer_phones SELECT * FROM json_populate_recordset(NULL::customer_phones, ${JSON.stringify(phoneRows)})`.execute(trx);
      const byCustomer = new Map<number, repo.PhoneRow[]>();
      for (const p of phoneRows) byCustomer.set(p.customer_id, [...(byCustomer.get(p.customer_id) ?? []), p]);
      await writeDocuments(trx, rows.filter((r) => r.archived_at === null)
        .map((r) => ({ key: r.search_key, doc: searchDocument(r, byCustomer.get(r.id) ?? []) })));
    });
    after = last;
    if (after % 50_000 < BATCH) log(`PostgreSQL: ${after.toLocaleString('en-US')} customers`);
  }
  await sql`UPDATE insight_state SET bulk_load = 0`.execute(pg);
  await sql`SELECT setval(pg_get_serial_sequence('customers', 'id'), (SELECT max(id) FROM customers))`.execute(pg);
  await sql`VACUUM ANALYZE`.execute(pg);
}

async function main(): Promise<void> {
  const loadAverage = os.loadavg();
  const dataset = await ensureDataset(count, seed);
  log(`SQLite archive: ${dataset.file}`);
  const archive = openArchive(dataset.file, { check: 'later' });

  const server = await startPostgres({ database: 'bench' });
  const pg = postgresKysely<DB>(server.url);
  try {
    const version = (await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(pg)).rows[0]!.v;
    await migratePostgres(pg);
    const t0 = performance.now();
    await fillPostgres(archive.sqlite, pg);
    const fillSeconds = (performance.now() - t0) / 1000;
    const sizes = (await sql<{ name: string; mb: number }>`
      SELECT c.relname AS name, round(pg_relation_size(c.oid) / 1048576.0, 1)::float AS mb FROM pg_class c
      WHERE c.relname LIKE 'customer_search%' ORDER BY 1`.execute(pg)).rows;
    log(`PostgreSQL filled in ${fillSeconds.toFixed(0)} s: ${sizes.map((s) => `${s.name} ${s.mb} MB`).join(', ')}`);

    const random = prng(seed);
    const sets: Record<string, string[]> = { ...buildQueries(archive.sqlite, random, perSet), ...extraQueries(archive.sqlite, random, perSet) };
    // Both engines must answer alike: the same keys in the same order, at their tiers.
    let differ = 0;
    for (const query of Object.values(sets).flat()) {
      const tiers = searchTiers(query);
      if (!tiers) continue;
      const [a, b] = [await rankedKeys(archive.db, tiers, LIMIT), await rankedKeys(pg, tiers, LIMIT)];
      if (JSON.stringify(a) !== JSON.stringify(b)) {
        if (differ++ < 5) log(`answers differ for ${JSON.stringify(query)}: SQLite ${JSON.stringify(a)}, PostgreSQL ${JSON.stringify(b)}`);
      }
    }
    log(`${differ} of ${Object.values(sets).flat().length} queries answered differently`);
    const runners = { sqlite: searchRunner(archive.db), postgres: searchRunner(pg) };
    // Warm both: the first queries load pages and plans.
    await timeAll(runners, Object.values(sets).flat().slice(0, 200), 1);

    const results: Record<string, Record<'sqlite' | 'postgres', { p50: number; p99: number; max: number; found: number }>> = {};
    for (const [name, queries] of Object.entries(sets)) {
      const timed = await timeAll(runners, queries, rounds);
      results[name] = {
        sqlite: { ...pick(summarise(timed.sqlite.ms)), found: timed.sqlite.found },
        postgres: { ...pick(summarise(timed.postgres.ms)), found: timed.postgres.found },
      };
      log(`${name}: SQLite p99 ${results[name]!.sqlite.p99} ms, PostgreSQL p99 ${results[name]!.postgres.p99} ms`);
    }

    const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, load average before ${loadAverage.map((l) => l.toFixed(1)).join(' ')}`;
    const report = { date: new Date().toISOString(), customers: count, answersDiffer: differ, seed, queriesPerSet: perSet, rounds, postgres: version, machine, fillSeconds: round(fillSeconds, 1), sizes, results };
    fs.mkdirSync(path.dirname(args.out!), { recursive: true });
    fs.writeFileSync(args.out!, `${JSON.stringify(report, null, 2)}\n`);

    const lines = [
      `Counter search, ${count.toLocaleString('en-US')} customers, ${perSet} queries a set × ${rounds} rounds, limit ${LIMIT}; target p99 ≤ ${TARGET_P99_MS} ms`,
      `PostgreSQL ${version}; ${machine}`,
      '',
      '| query set | SQLite p50 | SQLite p99 | PostgreSQL p50 | PostgreSQL p99 | found (SQLite / PG) |',
      '|---|---:|---:|---:|---:|---:|',
      ...Object.entries(results).map(([name, r]) =>
        `| ${name} | ${r.sqlite.p50} ms | ${r.sqlite.p99} ms | ${r.postgres.p50} ms | ${r.postgres.p99} ms | ${r.sqlite.found} / ${r.postgres.found} |`),
      '',
      `Answers compared query by query: ${differ} differ between the engines.`,
      `PostgreSQL index: ${sizes.map((s) => `${s.name} ${s.mb} MB`).join(', ')}; filled in ${fillSeconds.toFixed(0)} s.`,
    ];
    console.log(lines.join('\n'));
  } finally {
    await pg.destroy();
    await archive.close();
    await server.stop();
  }
}

const pick = (l: { p50: number; p99: number; max: number }) => ({ p50: round(l.p50, 2), p99: round(l.p99, 2), max: round(l.max, 2) });

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
