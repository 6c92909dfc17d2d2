// npm run bench:memory [-- --customers 100000 --notes 1000000 --seed 42 --queries 200 --rounds 3 --today 300]
// Customer memory on a big archive: the counter search's "found in notes" group (the
// handler's note-search part, and the whole customers.search handler) beside the raw FTS5
// query it starts with; the Today screen (today.get, and each of its lists on its own);
// a page of a 5,000-entry timeline; the counter brief; the wishes search.
// Markdown report on stdout, progress on stderr, JSON in bench/results/memory-latest.json.
import { sqliteArchive } from '../db/archive.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as entries from '../db/memory/entries.js';
import { countDue, dueFollowUps } from '../db/memory/followups.js';
import { noteMatch, noteTokens } from '../db/memory/search.js';
import { countOverdueRegulars, overdueRegulars } from '../db/memory/today.js';
import { noteHits } from '../main/api/customers/note-search.js';
import type { Api } from '../main/api/dispatch.js';
import { birthdayLines } from '../main/api/today/handlers.js';
import { dayOf, MS_PER_DAY } from '../main/core/days.js';
import { confSettings } from '../main/node/conf-settings.js';
import { openServices } from '../main/node/services.js';
import { BENCH_NOW, ensureMemoryDataset } from './memory-data.js';
import { memoryMarkdown, type MemoryBenchResult, type Row } from './memory-report.js';
import { timeAll, type Runner } from './measure.js';
import { noteQueries } from './memory-text.js';
import { intBelow, prng, round, summarise } from './stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    customers: { type: 'string', default: '100000' },
    notes: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '42' },
    queries: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '3' },
    today: { type: 'string', default: '300' },
    out: { type: 'string', default: path.join(ROOT, 'bench', 'results', 'memory-latest.json') },
  },
});
const num = (name: keyof typeof args) => {
  const n = Number(String(args[name]).replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} must be a whole number`);
  return n;
};
const log = (message: string) => console.error(`bench:memory: ${message}`);
const NOTE_LIMIT = 8;
/** What the handler's first index read asks for: a batch of 48 plus the customers wanted. */
const FIRST_BATCH = 48 + NOTE_LIMIT;

async function ok(api: Api, name: string, input: unknown): Promise<unknown> {
  const result = await api.call(name, input);
  if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
  return result.value;
}

function row(label: string, ms: number[], extra: Partial<Row> = {}): Row {
  const s = summarise(ms);
  return { label, n: s.n, p50: round(s.p50), p99: round(s.p99), max: round(s.max), mean: round(s.mean), ...extra };
}

async function main(): Promise<void> {
  const [customers, notes, seed, queryCount, rounds, todayCalls] = [num('customers'), num('notes'), num('seed'), num('queries'), num('rounds'), num('today')];
  const dataset = await ensureMemoryDataset(customers, notes, seed);
  const clock = { value: BENCH_NOW };
  const services = openServices({ dataDir: dataset.dir, mode: 'cli', settings: (dir) => confSettings(dir, 'nl-NL'), clock: () => clock.value, log: () => {} });
  const { api, archive } = services;
  const db = archive.db;
  const sqlite = sqliteArchive(archive).sqlite;
  const loadAverage = os.loadavg();

  // --- note search ----------------------------------------------------------------------
  const queries = noteQueries(prng(seed + 1), queryCount);
  const warmup = noteQueries(prng(seed + 2), 100);
  const raw = sqlite.prepare('SELECT rowid FROM memory_search WHERE memory_search MATCH ? ORDER BY rowid DESC LIMIT ?').pluck();
  for (const q of warmup) {
    await ok(api, 'customers.search', { query: q.query });
    raw.all(noteMatch(noteTokens(q.query)!), FIRST_BATCH);
  }
  // The name hits each query has: the notes part leaves those customers out, as in the handler.
  const exclude: Set<number>[] = [];
  for (const q of queries) {
    const result = (await ok(api, 'customers.search', { query: q.query, notes: 0 })) as { hits: { id: number }[] };
    exclude.push(new Set(result.hits.map((h) => h.id)));
  }
  const found: Record<string, number[]> = { handler: [], notes: [], raw: [] };
  const runners: Record<'handler' | 'notes' | 'raw', Runner<number>> = {
    handler: async (i) => {
      const value = (await ok(api, 'customers.search', { query: queries[i]!.query })) as { notes: unknown[] };
      found.handler![i] = value.notes.length;
      return { found: value.notes.length > 0 };
    },
    notes: async (i) => {
      const hits = await noteHits(db, queries[i]!.query, NOTE_LIMIT, exclude[i]!);
      found.notes![i] = hits.length;
      return { found: hits.length > 0 };
    },
    raw: (i) => {
      const keys = raw.all(noteMatch(noteTokens(queries[i]!.query)!), FIRST_BATCH);
      found.raw![i] = keys.length;
      return { found: keys.length > 0 };
    },
  };
  log(`note search: ${queries.length} queries × ${rounds} rounds`);
  const timedSearch = await timeAll(runners, queries.map((_, i) => i), rounds);
  const sets = [...new Set(queries.map((q) => q.set))];
  const search: Row[] = [];
  const METHOD = { handler: '`customers.search` handler (names + notes)', notes: 'note-search part of the handler', raw: `raw FTS5: \`MATCH … ORDER BY rowid DESC LIMIT ${FIRST_BATCH}\`` } as const;
  for (const set of [...sets, 'all']) {
    const idx = queries.flatMap((q, i) => (set === 'all' || q.set === set ? [i] : []));
    for (const method of ['handler', 'notes', 'raw'] as const) {
      const ms = idx.flatMap((i) => Array.from({ length: rounds }, (_, r) => timedSearch[method].ms[r * queries.length + i]!));
      search.push(row(METHOD[method], ms, { set, found: `${idx.filter((i) => found[method]![i]! > 0).length}/${idx.length}` }));
    }
  }
  const slowest = queries
    .map((q, i) => ({ ...q, ms: Math.max(...Array.from({ length: rounds }, (_, r) => timedSearch.notes.ms[r * queries.length + i]!)), rawMs: Math.max(...Array.from({ length: rounds }, (_, r) => timedSearch.raw.ms[r * queries.length + i]!)), hits: found.notes![i]! }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 6)
    .map((s) => ({ query: s.query, set: s.set, notesMs: round(s.ms), rawMs: round(s.rawMs), hits: s.hits }));

  // --- Today ----------------------------------------------------------------------------
  log(`today: ${todayCalls} calls over 30 days`);
  const todayMs: number[] = [];
  const parts: Record<string, number[]> = { followUps: [], birthdays: [], complaints: [], wishes: [], regulars: [] };
  const time = async (list: number[], work: () => Promise<unknown>) => {
    const t0 = performance.now();
    await work();
    list.push(performance.now() - t0);
  };
  let sample: Record<string, number> = {};
  for (let i = 0; i < todayCalls + 20; i++) {
    clock.value = BENCH_NOW + (i % 30) * MS_PER_DAY;
    const day = dayOf(clock.value);
    const t0 = performance.now();
    const screen = (await ok(api, 'today.get', {})) as { followUps: { total: number }; birthdays: { todayTotal: number; weekTotal: number }; complaints: { total: number }; wishes: { total: number }; regulars: { total: number } };
    if (i < 20) continue;
    todayMs.push(performance.now() - t0);
    if (i === 20) {
      sample = { followUps: screen.followUps.total, birthdaysToday: screen.birthdays.todayTotal, birthdaysWeek: screen.birthdays.weekTotal, complaints: screen.complaints.total, wishes: screen.wishes.total, regulars: screen.regulars.total };
    }
    const todayNumber = Math.floor(clock.value / MS_PER_DAY);
    await time(parts.followUps!, async () => { await dueFollowUps(db, day, 50); await countDue(db, day); });
    await time(parts.birthdays!, () => birthdayLines(db, day, 7));
    await time(parts.complaints!, async () => { await entries.entriesByStatus(db, { kind: 'complaint', status: 'open', cursor: null, limit: 50, oldestFirst: true }); await entries.countByStatus(db, 'complaint', 'open'); });
    await time(parts.wishes!, async () => { await entries.entriesByStatus(db, { kind: 'wish', status: 'open', cursor: null, limit: 50 }); await entries.countByStatus(db, 'wish', 'open'); });
    await time(parts.regulars!, async () => { await overdueRegulars(db, todayNumber - 59, todayNumber, 50); await countOverdueRegulars(db, todayNumber - 59, todayNumber); });
  }
  clock.value = BENCH_NOW;
  const today: Row[] = [
    row('`today.get` handler (everything below, mapped)', todayMs),
    row('follow-ups due + count', parts.followUps!),
    row('birthdays today and this week', parts.birthdays!),
    row('open complaints + count', parts.complaints!),
    row('open wishes + count', parts.wishes!),
    row('overdue regulars + count', parts.regulars!),
  ];

  // --- timeline, brief, wishes ------------------------------------------------------------
  const heavy = dataset.marker.heavyCustomer;
  const heavyIds = sqlite.prepare('SELECT at, id FROM customer_entries WHERE customer_id = ? AND deleted_at IS NULL').all(heavy) as { at: number; id: number }[];
  const random = prng(seed + 3);
  const timelineMs: number[] = [];
  const firstPageMs: number[] = [];
  for (let i = 0; i < 220; i++) {
    const from = heavyIds[intBelow(random, heavyIds.length)]!;
    const t0 = performance.now();
    await ok(api, 'notes.timeline', i % 10 === 0 ? { customerId: heavy } : { customerId: heavy, cursor: `${from.at}.${from.id}` });
    if (i >= 20) (i % 10 === 0 ? firstPageMs : timelineMs).push(performance.now() - t0);
  }
  const briefMs: number[] = [];
  const heavyBriefMs: number[] = [];
  for (let i = 0; i < 220; i++) {
    const id = i % 10 === 0 ? heavy : 1 + intBelow(random, customers);
    const t0 = performance.now();
    await ok(api, 'customers.brief', { id });
    if (i >= 20) (id === heavy ? heavyBriefMs : briefMs).push(performance.now() - t0);
  }
  const wishMs: number[] = [];
  for (const [i, q] of noteQueries(prng(seed + 4), 220).entries()) {
    const t0 = performance.now();
    await ok(api, 'wishes.list', { query: q.query });
    if (i >= 20) wishMs.push(performance.now() - t0);
  }
  const other: Row[] = [
    row(`\`notes.timeline\`, 100 entries from a random point of a ${heavyIds.length.toLocaleString('en-US')}-entry timeline`, timelineMs),
    row('`notes.timeline`, first page with its total', firstPageMs),
    row('`customers.brief`, random customers', briefMs),
    row(`\`customers.brief\`, the customer with ${heavyIds.length.toLocaleString('en-US')} entries`, heavyBriefMs),
    row('`wishes.list` with a query (open wishes)', wishMs),
  ];

  // --- sizes -----------------------------------------------------------------------------
  const bytes = (like: string) => (sqlite.prepare('SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE ?').pluck().get(like) as number);
  const sizes = {
    dbBytes: fs.statSync(dataset.file).size,
    memorySearchBytes: bytes('memory_search%'),
    entriesBytes: bytes('customer_entries%'),
  };
  await services.close();

  const all = (method: string) => search.find((r) => r.set === 'all' && r.label === method)!;
  const result: MemoryBenchResult = {
    date: new Date().toISOString(),
    machine: {
      cpu: os.cpus()[0]?.model ?? '?', cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version,
      sqlite: String((new (await import('better-sqlite3')).default(':memory:')).prepare('SELECT sqlite_version()').pluck().get()),
      loadAverage: loadAverage.map((l) => round(l, 2)),
    },
    data: { marker: dataset.marker, generatedNow: dataset.generatedNow, customerSeedSeconds: round(dataset.customerSeedSeconds, 1), ...sizes, todaySample: sample },
    settings: { queries: queryCount, rounds, todayCalls },
    search,
    slowest,
    today,
    other,
    targets: [
      { name: 'note search p99 (note-search part)', value: all(METHOD.notes).p99, limit: '≤ 20 ms', pass: all(METHOD.notes).p99 <= 20 },
      { name: 'note search p99 (whole `customers.search`)', value: all(METHOD.handler).p99, limit: '≤ 20 ms', pass: all(METHOD.handler).p99 <= 20 },
      { name: 'Today p99 (`today.get`)', value: today[0]!.p99, limit: '≤ 50 ms', pass: today[0]!.p99 <= 50 },
    ],
    peakRssMB: round(process.resourceUsage().maxRSS / 1024, 0),
  };
  fs.mkdirSync(path.dirname(args.out!), { recursive: true });
  fs.writeFileSync(args.out!, `${JSON.stringify(result, null, 2)}\n`);
  console.log(memoryMarkdown(result));
  log(`JSON written to ${path.relative(process.cwd(), args.out!)}`);
}

await main();
