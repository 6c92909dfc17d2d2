import { sql, type Kysely, type RawBuilder } from 'kysely';
import { shopDayNumber, shopDayStart } from '../../main/core/days.js';
import { CutInputs, type Facts } from '../../main/core/insights/inputs.js';
import { layerCuts, type CutoffPercents, type LayerCuts } from '../../main/core/insights/layers.js';
import { defaultWindow, type MonthRange } from '../../main/core/insights/months.js';
import type { ScoreCuts } from '../../main/core/insights/scores.js';
import { isPostgres, joinInOrder } from '../engine.js';
import type { DB } from '../schema.js';
import { writeTransaction } from '../transaction.js';
import { jsonArrayOf, spendsDesc } from './figures.js';
import { shopDayOf } from './shop-time.js';
import { insightVersion, readSettings, readState, writeState, type InsightState, type Thresholds } from './state.js';

// customer_segments: every non-archived customer's standing in the default period (the
// shop's last N months, this month included), their layer in Curry's pyramid and their
// recency / frequency / spend scores. A derived cache (migration 007): triggers keep its
// rows' existence in step and mark changed customers dirty; ensureSegments brings the
// figures up to date, works out the cuts and scores (main/core/insights) and classifies
// only the rows whose class can have changed: the dirty ones, and those whose value lies
// between a cut's old and new place. Nothing changed: one read of the state row.

export type Layer = 'top' | 'large' | 'medium' | 'small' | 'inactive' | 'prospect';
/** Cumulative revenue shares, e.g. 0.2, 0.5, 0.8 (stored as whole percents: insight_settings). */
export interface Cutoffs {
  top: number;
  large: number;
  medium: number;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const sameWindow = (a: MonthRange | null, b: MonthRange) => a !== null && a.from === b.from && a.to === b.to;

function upToDate(state: InsightState, window: MonthRange, cutoffs: CutoffPercents): boolean {
  return sameWindow(state.window, window) && state.thresholds !== null && same(state.thresholds.cutoffs, cutoffs);
}

async function anyDirty(db: Kysely<DB>): Promise<boolean> {
  return (await db.selectFrom('insight_dirty').select('customer_id').limit(1).executeTakeFirst()) !== undefined;
}

/**
 * Makes sure `customer_segments` (customer_id PRIMARY KEY, layer, spend_cents, visit_count,
 * first_month, last_visit_at, recency, frequency, monetary) holds every non-archived
 * customer's standing for the default period (last 12 months to `now`, or what the shop
 * set) with the shop's cut-offs, recomputing only when purchases/customers changed. Callers
 * then JOIN it. Takes its own write transaction: call it outside one.
 */
export async function ensureSegments(db: Kysely<DB>, now: number, trace?: Trace): Promise<void> {
  const settings = await readSettings(db);
  const window = defaultWindow(now, settings.periodMonths);
  if (upToDate(await readState(db), window, settings.cutoffs) && !(await anyDirty(db))) return;
  const next = await writeTransaction(db, async (trx) => {
    // Again inside: another till may have done it while we waited for the lock.
    const state = await readState(trx);
    const { cutoffs } = await readSettings(trx);
    if (upToDate(state, window, cutoffs) && !(await anyDirty(trx))) return null;
    return refreshSegments(trx, state, window, cutoffs, kept.get(db), trace ?? (() => {}));
  });
  // Kept only once the transaction that wrote the rows has committed.
  if (next) kept.set(db, next);
}

/**
 * The change marker, if the segments hold every change it counts: nothing waits in
 * insight_dirty, and they are classified with the shop's cut-offs for the window of `now`
 * (without `now`: for the window they hold). Null while a refresh is due. The marker is read
 * last: a caller that read it before its work and gets the same value here knows that
 * nothing changed meanwhile, so its work read settled segments, and it may remember what
 * it made under that marker. (A figure read from segments still waiting for a refresh
 * misses the change that marked them, and the marker would not move again when the
 * refresh caught up.)
 */
export async function settledMarker(db: Kysely<DB>, now?: number): Promise<number | null> {
  const settings = await readSettings(db);
  const state = await readState(db);
  const window = now === undefined ? state.window : defaultWindow(now, settings.periodMonths);
  if (window === null || !upToDate(state, window, settings.cutoffs) || (await anyDirty(db))) return null;
  return insightVersion(db);
}

/** Told how long each step of a refresh took (the benchmark's breakdown). */
export type Trace = (step: string, ms: number) => void;

async function step<T>(trace: Trace, name: string, work: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const value = await work();
  trace(name, performance.now() - t0);
  return value;
}

/** The default period the segments hold (after ensureSegments). */
export async function segmentsWindow(db: Kysely<DB>, now: number): Promise<MonthRange> {
  return defaultWindow(now, (await readSettings(db)).periodMonths);
}

/** More marked customers than this (a bulk load, an import): every row is made again at once. */
const REBUILD_ABOVE = 20_000;

async function refreshSegments(
  trx: Kysely<DB>, state: InsightState, window: MonthRange, cutoffs: CutoffPercents, before: Kept | undefined, trace: Trace,
): Promise<Kept> {
  const moved = !sameWindow(state.window, window);
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT 1 FROM insight_dirty LIMIT ${REBUILD_ABOVE + 1}) AS d`.execute(trx);
  const overlaps = state.window !== null && state.window.to >= window.from && window.to >= state.window.from;
  let inputs: CutInputs;
  let indexes: string[] = [];
  if (rows[0]!.n > REBUILD_ABOVE || (moved && !overlaps)) {
    // Every row is written again: without its indexes, made afresh at the end in one
    // sorted pass each, instead of a million scattered inserts into each of them.
    indexes = await dropIndexes(trx);
    await step(trace, 'rebuild', () => rebuildRows(trx, window));
    inputs = await readInputs(trx, trace);
  } else if (moved) {
    await step(trace, 'rewindow', () => rewindow(trx, state.window!, window));
    await step(trace, 'resync', () => resyncDirty(trx, window));
    inputs = await readInputs(trx, trace);
  } else if (before && state.thresholds?.atVersion === before.atVersion && sameWindow(before.window, window)) {
    // The kept figures are those of the rows as last classified: move them by the marked customers.
    inputs = before.inputs.clone();
    for (const facts of await dirtyFacts(trx)) inputs.apply(facts, -1);
    await step(trace, 'resync', () => resyncDirty(trx, window));
    for (const facts of await dirtyFacts(trx)) inputs.apply(facts, 1);
  } else {
    await step(trace, 'resync', () => resyncDirty(trx, window));
    inputs = await readInputs(trx, trace);
  }
  const atVersion = (await readState(trx)).version;
  const thresholds: Thresholds = { cutoffs, ...(await step(trace, 'cuts', async () => inputs.cuts(cutoffs))), atVersion };
  const everything = moved || state.thresholds === null || !same(state.thresholds.cutoffs, cutoffs);
  await step(trace, 'classify', () => classify(trx, window, thresholds, everything ? null : changedRanges(state.thresholds!, thresholds)));
  if (indexes.length) await step(trace, 'indexes', async () => { for (const ddl of indexes) await sql.raw(ddl).execute(trx); });
  await sql`DELETE FROM insight_dirty`.execute(trx);
  await writeState(trx, window, thresholds);
  return { atVersion, window, inputs };
}

// --- the period's figures ---------------------------------------------------------------

/** Month ranges in `a` that are not in `b` (both contiguous). */
function minus(a: MonthRange, b: MonthRange): MonthRange[] {
  const out: MonthRange[] = [];
  if (a.from < b.from) out.push({ from: a.from, to: Math.min(a.to, b.from - 1) });
  if (a.to > b.to) out.push({ from: Math.max(a.from, b.to + 1), to: a.to });
  return out.filter((r) => r.from <= r.to);
}

const inRanges = (ranges: MonthRange[]) =>
  ranges.length === 0 ? sql`false` : sql.join(ranges.map((r) => sql`month BETWEEN ${r.from} AND ${r.to}`), sql` OR `);

/**
 * Drops customer_segments' indexes, returning the statements that make them again (as the
 * migration wrote them). Not on PostgreSQL: there other tills read the table and add new
 * customers' rows meanwhile, and a dropped index would lock them out of it until the
 * rebuild commits; the server's bulk insert keeps its indexes.
 */
async function dropIndexes(trx: Kysely<DB>): Promise<string[]> {
  if (isPostgres(trx)) return [];
  const { rows } = await sql<{ name: string; sql: string }>`SELECT name, sql FROM sqlite_schema
    WHERE type = 'index' AND tbl_name = 'customer_segments' AND sql IS NOT NULL`.execute(trx);
  for (const r of rows) await sql`DROP INDEX ${sql.id(r.name)}`.execute(trx);
  return rows.map((r) => r.sql);
}

/**
 * Every row made again from the months and the visit statistics: after the migration, a
 * bulk load, or a jump to a window that does not overlap the last. Two passes over
 * customer_months in its own order, joined to the customers, rather than a lookup per
 * customer.
 */
async function rebuildRows(trx: Kysely<DB>, window: MonthRange): Promise<void> {
  await sql`DELETE FROM customer_segments`.execute(trx);
  await sql`INSERT INTO customer_segments (customer_id, layer, spend_cents, visit_count, first_month, last_visit_at, recency, frequency, monetary)
    SELECT c.id, 'prospect', coalesce(p.spend, 0), coalesce(p.visits, 0), f.first, s.last_visit_at, 0, 0, 0
    FROM customers c
    LEFT JOIN (SELECT customer_id, sum(spend_cents) AS spend, sum(visit_count) AS visits FROM customer_months
               WHERE month BETWEEN ${window.from} AND ${window.to} GROUP BY customer_id) AS p ON p.customer_id = c.id
    LEFT JOIN (SELECT customer_id, min(month) AS first FROM customer_months WHERE visit_count > 0 GROUP BY customer_id) AS f
      ON f.customer_id = c.id
    LEFT JOIN customer_visit_stats s ON s.customer_id = c.id
    WHERE c.archived_at IS NULL`.execute(trx);
}

/**
 * Moves the segments' spend and visits from one window to an overlapping one by taking off
 * the months that left it and adding those that came in (a new month: one month each way).
 */
async function rewindow(trx: Kysely<DB>, old: MonthRange, next: MonthRange): Promise<void> {
  const plus = inRanges(minus(next, old));
  const less = inRanges(minus(old, next));
  await sql`UPDATE customer_segments AS g SET spend_cents = g.spend_cents + d.spend, visit_count = g.visit_count + d.visits
    FROM (SELECT customer_id,
            sum(CASE WHEN ${plus} THEN spend_cents ELSE -spend_cents END) AS spend,
            sum(CASE WHEN ${plus} THEN visit_count ELSE -visit_count END) AS visits
          FROM customer_months WHERE (${plus}) OR (${less}) GROUP BY customer_id) AS d
    WHERE g.customer_id = d.customer_id AND (d.spend <> 0 OR d.visits <> 0)`.execute(trx);
}

/**
 * Brings the marked customers' rows in line with their months and visit statistics. The
 * (few) marked customers stay the outer loop (joinInOrder): without statistics SQLite's
 * planner would walk every customer.
 */
async function resyncDirty(trx: Kysely<DB>, window: MonthRange): Promise<void> {
  await sql`DELETE FROM customer_segments WHERE customer_id IN (
      SELECT d.customer_id FROM insight_dirty d LEFT JOIN customers c ON c.id = d.customer_id
      WHERE c.id IS NULL OR c.archived_at IS NOT NULL)`.execute(trx);
  await sql`INSERT INTO customer_segments (customer_id, layer, spend_cents, visit_count, first_month, last_visit_at, recency, frequency, monetary)
    SELECT c.id, 'prospect',
      coalesce((SELECT sum(m.spend_cents) FROM customer_months m WHERE m.customer_id = c.id AND m.month BETWEEN ${window.from} AND ${window.to}), 0),
      coalesce((SELECT sum(m.visit_count) FROM customer_months m WHERE m.customer_id = c.id AND m.month BETWEEN ${window.from} AND ${window.to}), 0),
      (SELECT min(m.month) FROM customer_months m WHERE m.customer_id = c.id AND m.visit_count > 0),
      (SELECT s.last_visit_at FROM customer_visit_stats s WHERE s.customer_id = c.id),
      0, 0, 0
    FROM insight_dirty d ${joinInOrder(trx)} customers c ON c.id = d.customer_id
    WHERE c.archived_at IS NULL
    ON CONFLICT (customer_id) DO UPDATE SET spend_cents = excluded.spend_cents, visit_count = excluded.visit_count,
      first_month = excluded.first_month, last_visit_at = excluded.last_visit_at`.execute(trx);
}

// --- cuts and scores ----------------------------------------------------------------------

const SEGMENTS = sql.table('customer_segments');

/** Layer cuts for the positive spends of a period table (customer_segments or a period's). */
export async function layerCutsOf(db: Kysely<DB>, table: RawBuilder<unknown>, cutoffs: CutoffPercents): Promise<{ cuts: LayerCuts; spends: Float64Array }> {
  const spends = await spendsDesc(db, table);
  return { cuts: layerCuts(spends, cutoffs), spends };
}

/** What the cuts were made from last time, per archive handle, with the state version they match. */
interface Kept {
  atVersion: number;
  window: MonthRange;
  inputs: CutInputs;
}

const kept = new WeakMap<object, Kept>();

/** Every customer's figures read afresh: after a rebuild, a new window, or in a new process. */
async function readInputs(trx: Kysely<DB>, trace: Trace): Promise<CutInputs> {
  const spends = await step(trace, 'read: spends', () => spendsDesc(trx, SEGMENTS));
  const { rows: visits } = await step(trace, 'read: visits', () => sql<{ v: number; n: number }>`SELECT visit_count AS v, count(*) AS n
    FROM customer_segments WHERE visit_count > 0 GROUP BY visit_count`.execute(trx));
  // The shop's day number of each last visit (main/core/days.ts shopDayNumber).
  const days = await step(trace, 'read: days', () => jsonArrayOf(trx, sql`SELECT ${shopDayOf(trx, sql.ref('last_visit_at'))} AS v
    FROM customer_segments WHERE last_visit_at IS NOT NULL ORDER BY last_visit_at`));
  const { rows: buyers } = await step(trace, 'read: buyers', () => sql<{ n: number }>`SELECT count(*) AS n FROM customer_segments
    WHERE first_month IS NOT NULL`.execute(trx));
  const dayCounts = new Map<number, number>();
  for (const d of days) dayCounts.set(d, (dayCounts.get(d) ?? 0) + 1);
  return CutInputs.from(spends.reverse(), new Map(visits.map((r) => [r.v, r.n])), dayCounts, buyers[0]!.n);
}

/** The marked customers' figures as they stand in customer_segments now (none for those without a row). */
async function dirtyFacts(trx: Kysely<DB>): Promise<Facts[]> {
  const { rows } = await sql<{ spend_cents: number; visit_count: number; first_month: number | null; last_visit_at: number | null }>`
    SELECT g.spend_cents, g.visit_count, g.first_month, g.last_visit_at
    FROM insight_dirty d ${joinInOrder(trx)} customer_segments g ON g.customer_id = d.customer_id`.execute(trx);
  return rows.map((r) => ({
    spendCents: r.spend_cents,
    visitCount: r.visit_count,
    bought: r.first_month !== null,
    lastDay: r.last_visit_at === null ? null : shopDayNumber(r.last_visit_at),
  }));
}

// --- classification -----------------------------------------------------------------------

const atLeast = (column: RawBuilder<unknown>, cut: number | null) => (cut === null ? sql`false` : sql`${column} >= ${cut}`);

/** The layer of a row of `p` (spend and visits in the period) given g.first_month, as SQL. */
export function layerSql(p: string, g: string, from: number, cuts: LayerCuts): RawBuilder<string> {
  const spend = sql.ref(`${p}.spend_cents`);
  return sql<string>`CASE WHEN coalesce(${sql.ref(`${p}.visit_count`)}, 0) > 0 THEN (CASE
      WHEN ${atLeast(spend, cuts.top)} THEN 'top' WHEN ${atLeast(spend, cuts.large)} THEN 'large'
      WHEN ${atLeast(spend, cuts.medium)} THEN 'medium' ELSE 'small' END)
    WHEN ${sql.ref(`${g}.first_month`)} < ${from} THEN 'inactive' ELSE 'prospect' END`;
}

/** A cut as the stored value it is compared with (a day number: the moment that day begins). */
type Stored = (cut: number) => number;
const asIs: Stored = (cut) => cut;

function scoreSql(value: RawBuilder<unknown>, cuts: ScoreCuts, stored = asIs): RawBuilder<number> {
  const when = [5, 4, 3, 2]
    .filter((s) => cuts[s - 2] !== null)
    .map((s) => sql`WHEN ${value} >= ${stored(cuts[s - 2]!)} THEN ${sql.lit(s)}`);
  return sql<number>`CASE WHEN first_month IS NULL THEN 0 ${when.length ? sql.join(when, sql` `) : sql``} ELSE 1 END`;
}

interface Scope {
  column: 'spend_cents' | 'visit_count' | 'last_visit_at';
  from: number;
  /** Exclusive; null: no upper end. */
  to: number | null;
}

/** Where a value's class can differ between two sets of cuts: between each cut's old and new place. */
function moves(column: Scope['column'], before: readonly (number | null)[], after: readonly (number | null)[], stored = asIs): Scope[] {
  const out: Scope[] = [];
  before.forEach((b, i) => {
    const a = after[i] ?? null;
    if (a === b) return;
    if (a === null || b === null) out.push({ column, from: stored((a ?? b)!), to: null });
    else out.push({ column, from: stored(Math.min(a, b)), to: stored(Math.max(a, b)) });
  });
  return out;
}

function changedRanges(before: Thresholds, after: Thresholds): Scope[] {
  const layer = (c: LayerCuts) => [c.top, c.large, c.medium];
  return [
    ...moves('spend_cents', layer(before.layer), layer(after.layer)),
    ...moves('spend_cents', before.monetary, after.monetary),
    ...moves('visit_count', before.frequency, after.frequency),
    ...moves('last_visit_at', before.recencyDays, after.recencyDays, shopDayStart),
  ];
}

/** Classifies the rows in scope (null: all) with the given thresholds, writing only those that change. */
async function classify(trx: Kysely<DB>, window: MonthRange, t: Thresholds, scope: Scope[] | null): Promise<void> {
  const layer = layerSql('customer_segments', 'customer_segments', window.from, t.layer);
  const recency = scoreSql(sql.ref('last_visit_at'), t.recencyDays, shopDayStart);
  const frequency = scoreSql(sql.ref('visit_count'), t.frequency);
  const monetary = scoreSql(sql.ref('spend_cents'), t.monetary);
  const where = scope === null ? sql`true` : sql.join([
    sql`customer_id IN (SELECT customer_id FROM insight_dirty)`,
    ...scope.map((s) => (s.to === null
      ? sql`${sql.ref(s.column)} >= ${s.from}`
      : sql`${sql.ref(s.column)} BETWEEN ${s.from} AND ${s.to}`)),
  ], sql` OR `);
  await sql`UPDATE customer_segments SET layer = ${layer}, recency = ${recency}, frequency = ${frequency}, monetary = ${monetary}
    WHERE (${where}) AND (layer IS DISTINCT FROM ${layer} OR recency IS DISTINCT FROM ${recency}
      OR frequency IS DISTINCT FROM ${frequency} OR monetary IS DISTINCT FROM ${monetary})`.execute(trx);
}
