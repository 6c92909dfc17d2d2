import type { Kysely } from 'kysely';
import { transitions, type MoveKind } from '../../../db/insights/movement.js';
import { periodSource, type PeriodSource } from '../../../db/insights/periods.js';
import { pyramidCounts, spendRange } from '../../../db/insights/pyramid.js';
import { ensureSegments, settledMarker } from '../../../db/insights/segments.js';
import { insightVersion, readSettings, type InsightSettings } from '../../../db/insights/state.js';
import type { DB } from '../../../db/schema.js';
import { ACTIVE_LAYERS, type Layer } from '../../core/insights/layers.js';
import { defaultWindow, formatMonth, monthsIn, parseMonth, previousWindow, type MonthRange } from '../../core/insights/months.js';
import type { InsightPeriod, Movement, Pyramid, PyramidLayer } from './types.js';

// What the insights handlers share: the period asked for (or the default), its source
// table, and the pyramid and movement figures, remembered per archive until the insights'
// change marker moves (a purchase, a customer added or archived, the settings).

export interface Resolved {
  range: MonthRange;
  period: InsightPeriod;
  settings: InsightSettings;
}

export async function resolvePeriod(db: Kysely<DB>, now: number, asked: { from: string; to: string } | null): Promise<Resolved> {
  await ensureSegments(db, now);
  const settings = await readSettings(db);
  const fallback = defaultWindow(now, settings.periodMonths);
  const range = asked ? { from: parseMonth(asked.from)!, to: parseMonth(asked.to)! } : fallback;
  return { range, period: periodView(range, fallback), settings };
}

export function periodView(range: MonthRange, fallback: MonthRange): InsightPeriod {
  return {
    from: formatMonth(range.from),
    to: formatMonth(range.to),
    months: monthsIn(range),
    isDefault: range.from === fallback.from && range.to === fallback.to,
  };
}

export function sourceFor(db: Kysely<DB>, r: Resolved, now: number, range: MonthRange = r.range): Promise<PeriodSource> {
  return periodSource(db, range, now, r.settings.cutoffs);
}

// --- remembered figures -------------------------------------------------------------------

const memo = new WeakMap<object, Map<string, { version: number; value: unknown }>>();

async function remembered<T>(db: Kysely<DB>, now: number, key: string, make: () => Promise<T>): Promise<T> {
  let known = memo.get(db);
  if (!known) memo.set(db, (known = new Map()));
  const version = await insightVersion(db);
  const hit = known.get(key);
  if (hit && hit.version === version) return hit.value as T;
  const value = await make();
  // Remembered only if the marker stood while it was made, over settled segments: a write
  // between the two reads, or one (of another till) the segments had not caught up with,
  // must not be cached as current.
  if ((await settledMarker(db, now)) === version) {
    if (known.size > 16) known.clear();
    known.set(key, { version, value });
  }
  return value;
}

export function pyramidOf(db: Kysely<DB>, r: Resolved, now: number, range: MonthRange = r.range): Promise<Pyramid> {
  const fallback = defaultWindow(now, r.settings.periodMonths);
  return remembered(db, now, `pyramid:${range.from}:${range.to}:${JSON.stringify(r.settings)}`, async () => {
    const source = await sourceFor(db, r, now, range);
    const counts = await pyramidCounts(db, source);
    const paying = counts.layers.filter((l) => (ACTIVE_LAYERS as readonly Layer[]).includes(l.layer));
    const active = paying.reduce((sum, l) => sum + l.customers, 0);
    const revenue = paying.reduce((sum, l) => sum + l.revenueCents, 0);
    const layers: PyramidLayer[] = counts.layers.map((l) => {
      const isPaying = l.layer !== 'inactive' && l.layer !== 'prospect';
      const spend = isPaying ? spendRange(l.layer as (typeof ACTIVE_LAYERS)[number], source.cuts) : null;
      return {
        ...l,
        customerShare: isPaying && active > 0 ? l.customers / active : 0,
        revenueShare: revenue > 0 ? l.revenueCents / revenue : 0,
        minSpendCents: spend?.from ?? null,
        belowCents: spend?.to ?? null,
      };
    });
    return {
      period: periodView(range, fallback),
      cutoffs: r.settings.cutoffs,
      layers,
      customers: counts.customers,
      activeCustomers: active,
      revenueCents: revenue,
    };
  });
}

const KINDS: MoveKind[] = ['new', 'returned', 'up', 'down', 'lapsed'];

const rank = (layer: Layer) => ({ top: 4, large: 3, medium: 2, small: 1, inactive: 0, prospect: 0 })[layer];

export function kindOf(before: Layer, after: Layer): MoveKind | null {
  if (rank(after) > 0 && before === 'prospect') return 'new';
  if (rank(after) > 0 && before === 'inactive') return 'returned';
  if (rank(before) > 0 && rank(after) === 0) return 'lapsed';
  if (rank(before) > 0 && rank(after) > rank(before)) return 'up';
  if (rank(after) > 0 && rank(after) < rank(before)) return 'down';
  return null;
}

export async function movementSources(db: Kysely<DB>, r: Resolved, now: number): Promise<{ current: PeriodSource; previous: PeriodSource; before: MonthRange }> {
  const before = previousWindow(r.range);
  // The older one first: building it must not push the current one's table out.
  const previous = await sourceFor(db, r, now, before);
  const current = await sourceFor(db, r, now);
  return { current, previous, before };
}

export function movementOf(db: Kysely<DB>, r: Resolved, now: number): Promise<Movement> {
  return remembered(db, now, `movement:${r.range.from}:${r.range.to}:${JSON.stringify(r.settings)}`, async () => {
    const fallback = defaultWindow(now, r.settings.periodMonths);
    const { current, previous, before } = await movementSources(db, r, now);
    const moves = await transitions(db, current, previous);
    const now_ = await pyramidOf(db, r, now);
    const then = await pyramidOf(db, r, now, before);
    const counts = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<MoveKind, number>;
    let newCents = 0;
    for (const m of moves) {
      const kind = kindOf(m.before, m.after);
      if (kind) counts[kind] += m.customers;
      if (kind === 'new') newCents += m.revenueCents;
    }
    return {
      period: now_.period,
      previous: periodView(before, fallback),
      layers: now_.layers.map((l, i) => ({ layer: l.layer, before: then.layers[i]!.customers, after: l.customers })),
      moves: counts,
      transitions: moves.sort((a, b) => b.customers - a.customers),
      revenue: { totalCents: now_.revenueCents, newCents, returningCents: now_.revenueCents - newCents },
    };
  });
}


/** The segments' layer of some customers (after ensureSegments). */
export async function layersOf(db: Kysely<DB>, ids: readonly number[]): Promise<Map<number, Layer>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('customer_segments').select(['customer_id', 'layer']).where('customer_id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.customer_id, r.layer]));
}
