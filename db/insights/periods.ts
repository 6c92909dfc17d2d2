import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { CutoffPercents, LayerCuts } from '../../main/core/insights/layers.js';
import type { MonthRange } from '../../main/core/insights/months.js';
import { isPostgres } from '../engine.js';
import type { DB } from '../schema.js';
import { layerCutsOf, segmentsWindow, settledMarker } from './segments.js';
import { insightVersion, readState } from './state.js';

// A period's spend and visits per customer: for the default period the segments table
// itself; for any other (a chosen period, the one before for movement) one made from
// customer_months. On the SQLite file a TEMP table, kept while nothing changes (the change
// marker) and dropped when something did: TEMP tables belong to the connection, and the
// file has one per archive. On the server a subquery (queriedPeriod says why).

export interface PeriodSource {
  range: MonthRange;
  isDefault: boolean;
  /** customer_id, spend_cents, visit_count: active customers have visit_count > 0. */
  table: RawBuilder<unknown>;
  cuts: LayerCuts;
}

interface Built {
  version: number;
  name: string;
  cuts: LayerCuts;
  cutoffs: string;
}

const KEEP = 6;
const registries = new WeakMap<object, Map<string, Built>>();
const queues = new WeakMap<object, Promise<unknown>>();

/**
 * Runs `work` after any other TEMP-table building on this handle has finished: two calls at
 * once (the screen asks for the movement and its list together) must not drop and fill
 * each other's tables.
 */
export function exclusive<T>(db: Kysely<DB>, work: () => Promise<T>): Promise<T> {
  const before = queues.get(db) ?? Promise.resolve();
  const run = before.then(work, work);
  queues.set(db, run.catch(() => undefined));
  return run;
}

const sessions = new WeakMap<object, Promise<unknown>>();

/**
 * Runs a whole request that reads the TEMP tables (a period's figures, a movement), from
 * building them to its last read, after any other such request on this handle. Building
 * alone under `exclusive` is not enough: another request's build drops tables (the least
 * recently used, the stale, the previous movement) that a request built and is still
 * reading. They are quick once built, so taking turns costs little.
 */
export function withPeriodTables<T>(db: Kysely<DB>, work: () => Promise<T>): Promise<T> {
  const before = sessions.get(db) ?? Promise.resolve();
  const run = before.then(work, work);
  sessions.set(db, run.catch(() => undefined));
  return run;
}

function registry(db: Kysely<DB>): Map<string, Built> {
  let found = registries.get(db);
  if (!found) registries.set(db, (found = new Map()));
  return found;
}

const tableName = (r: MonthRange) => `insight_period_${r.from}_${r.to}`;

/**
 * The source for a period, the segments being up to date (ensureSegments). `db` must be the
 * archive's own handle (the TEMP tables are remembered per handle), outside a transaction.
 */
export async function periodSource(db: Kysely<DB>, range: MonthRange, now: number, cutoffs: CutoffPercents): Promise<PeriodSource> {
  const window = await segmentsWindow(db, now);
  if (window.from === range.from && window.to === range.to) {
    const state = await readState(db);
    if (!state.thresholds) throw new Error('insights: segments not classified (ensureSegments first)');
    return { range, isDefault: true, table: sql.table('customer_segments'), cuts: state.thresholds.layer };
  }
  return exclusive(db, () => customPeriod(db, range, cutoffs));
}

/**
 * A chosen period's spend and visits per active, non-archived customer (the segments hold
 * every non-archived customer), as a subquery of customer_months.
 */
const periodFigures = (range: MonthRange) => sql`(SELECT p.customer_id, p.spend AS spend_cents, p.visits AS visit_count FROM (
    SELECT customer_id, sum(spend_cents) AS spend, sum(visit_count) AS visits FROM customer_months
    WHERE month BETWEEN ${range.from} AND ${range.to} GROUP BY customer_id HAVING sum(visit_count) > 0) AS p
  JOIN customer_segments g ON g.customer_id = p.customer_id)`;

function customPeriod(db: Kysely<DB>, range: MonthRange, cutoffs: CutoffPercents): Promise<PeriodSource> {
  return isPostgres(db) ? queriedPeriod(db, range, cutoffs) : keptPeriod(db, range, cutoffs);
}

/**
 * On the server a chosen period is read from customer_months in each query itself: a TEMP
 * table belongs to one connection, and the pool hands each query whichever is free. Its
 * cuts are remembered while the change marker stands, and only if it stood while they
 * were worked out over settled segments (a change in between may or may not be in them).
 */
async function queriedPeriod(db: Kysely<DB>, range: MonthRange, cutoffs: CutoffPercents): Promise<PeriodSource> {
  const table = periodFigures(range);
  const version = await insightVersion(db);
  const known = registry(db);
  const name = tableName(range);
  let built = known.get(name);
  if (!built || built.version !== version || built.cutoffs !== JSON.stringify(cutoffs)) {
    const { cuts } = await layerCutsOf(db, table, cutoffs);
    built = { version, name, cuts, cutoffs: JSON.stringify(cutoffs) };
    for (const [other, b] of [...known]) if (b.version !== version) known.delete(other);
    if ((await settledMarker(db)) === version) known.set(name, built);
    while (known.size > KEEP) known.delete(known.keys().next().value!);
  }
  return { range, isDefault: false, table, cuts: built.cuts };
}

/** On the file a chosen period is a TEMP table, kept while nothing changes (the file has one connection). */
async function keptPeriod(db: Kysely<DB>, range: MonthRange, cutoffs: CutoffPercents): Promise<PeriodSource> {
  const version = await insightVersion(db);
  const known = registry(db);
  const name = tableName(range);
  let built = known.get(name);
  if (!built || built.version !== version || built.cutoffs !== JSON.stringify(cutoffs)) {
    await dropStale(db, known, version);
    await sql`DROP TABLE IF EXISTS temp.${sql.raw(name)}`.execute(db);
    await sql`CREATE TEMP TABLE ${sql.raw(name)} (customer_id INTEGER PRIMARY KEY, spend_cents INTEGER NOT NULL, visit_count INTEGER NOT NULL)`.execute(db);
    await sql`INSERT INTO temp.${sql.raw(name)} (customer_id, spend_cents, visit_count) SELECT * FROM ${periodFigures(range)}`.execute(db);
    await sql`CREATE INDEX temp.${sql.raw(`${name}_spend`)} ON ${sql.raw(name)} (spend_cents)`.execute(db);
    const { cuts } = await layerCutsOf(db, sql.raw(`temp.${name}`), cutoffs);
    // Kept for the marker only if it stood while the table was made over settled segments
    // (segments.ts settledMarker); otherwise made again next time.
    built = { version: (await settledMarker(db)) === version ? version : NaN, name, cuts, cutoffs: JSON.stringify(cutoffs) };
  }
  // Most recently used last.
  known.delete(name);
  known.set(name, built);
  while (known.size > KEEP) {
    const oldest = known.keys().next().value!;
    known.delete(oldest);
    await sql`DROP TABLE IF EXISTS temp.${sql.raw(oldest)}`.execute(db);
  }
  return { range, isDefault: false, table: sql.raw(`temp.${name}`), cuts: built.cuts };
}

async function dropStale(db: Kysely<DB>, known: Map<string, Built>, version: number): Promise<void> {
  for (const [name, built] of [...known]) {
    if (built.version === version) continue;
    known.delete(name);
    await sql`DROP TABLE IF EXISTS temp.${sql.raw(name)}`.execute(db);
  }
}
