import { movers } from '../../../db/insights/movement.js';
import { layerContacts, layerMembers } from '../../../db/insights/pyramid.js';
import { countOverdueRegulars, countRegulars, overdueRegulars } from '../../../db/insights/overdue.js';
import { withPeriodTables } from '../../../db/insights/periods.js';
import { ensureSegments } from '../../../db/insights/segments.js';
import { readSettings, writeSettings } from '../../../db/insights/state.js';
import { writeTransaction } from '../../../db/transaction.js';
import { fromDayNumber, shopDayNumber } from '../../core/days.js';
import { defaultWindow, formatMonth, monthOf } from '../../core/insights/months.js';
import { displayName } from '../customers/mappers.js';
import { writeCsvExport } from '../exchange/export-file.js';
import type { HandlerMap } from '../handler-types.js';
import { requireCustomerRow } from '../memory/common.js';
import type { INSIGHTS_CALLS } from './calls.js';
import { exportBase, layerCsv } from './csv.js';
import { layersOf, movementOf, movementSources, periodView, pyramidOf, resolvePeriod, sourceFor } from './service.js';

/** Most customers in one saved file (the biggest spenders of the layer first). */
export const EXPORT_CAP = 50_000;

/** A customer's figures for the period and their scores, as a layer list and the profile show them. */
const standingOf = (row: { spend_cents: number; visit_count: number; last_visit_at: number | null; recency: number; frequency: number; monetary: number }) => ({
  spendCents: row.spend_cents,
  visitCount: row.visit_count,
  lastVisitAt: row.last_visit_at,
  recency: row.recency,
  frequency: row.frequency,
  monetary: row.monetary,
});

// Curry's customer pyramid, movement between periods, RFM scores and overdue regulars.
// Reads only (but for the settings and an export's file): the segments are brought up to
// date first (ensureSegments), and the pyramid and movement are remembered until something
// changes.

export const insightsHandlers: HandlerMap<(typeof INSIGHTS_CALLS)[number]> = {
  async 'insights.pyramid'({ archive, clock }, { period }) {
    const now = clock();
    return withPeriodTables(archive.db, async () => pyramidOf(archive.db, await resolvePeriod(archive.db, now, period), now));
  },

  async 'insights.layer'({ archive, clock }, { layer, period, offset, limit }) {
    const db = archive.db;
    const now = clock();
    const { r, pyramid, rows } = await withPeriodTables(db, async () => {
      const r = await resolvePeriod(db, now, period);
      const pyramid = await pyramidOf(db, r, now);
      return { r, pyramid, rows: await layerMembers(db, await sourceFor(db, r, now), layer, offset, limit) };
    });
    return {
      layer,
      period: r.period,
      total: pyramid.layers.find((l) => l.layer === layer)!.customers,
      offset,
      items: rows.map((row) => ({
        customerId: row.id,
        displayName: displayName(row),
        ...standingOf(row),
      })),
    };
  },

  async 'insights.export'(deps, { layer, period, kind }) {
    const db = deps.archive.db;
    const now = deps.clock();
    const { r, total, rows, eligible } = await withPeriodTables(db, async () => {
      const r = await resolvePeriod(db, now, period);
      const total = (await pyramidOf(db, r, now)).layers.find((l) => l.layer === layer)!.customers;
      return { r, total, ...(await layerContacts(db, await sourceFor(db, r, now), layer, kind === 'contacts', EXPORT_CAP)) };
    });
    const language = deps.settings.get().language;
    const file = await writeCsvExport(deps, exportBase(layer, kind, r.period.from, r.period.to, language), layerCsv(layer, rows, kind, language), rows.length);
    return { ...file, leftOut: total - eligible, beyondCap: eligible - rows.length, cap: EXPORT_CAP };
  },

  async 'insights.movement'({ archive, clock }, { period }) {
    const now = clock();
    return withPeriodTables(archive.db, async () => movementOf(archive.db, await resolvePeriod(archive.db, now, period), now));
  },

  async 'insights.movers'({ archive, clock }, { kind, period, offset, limit }) {
    const db = archive.db;
    const now = clock();
    const { r, before, page } = await withPeriodTables(db, async () => {
      const r = await resolvePeriod(db, now, period);
      const { current, previous, before } = await movementSources(db, r, now);
      return { r, before, page: await movers(db, current, previous, kind, offset, limit) };
    });
    return {
      kind,
      period: r.period,
      previous: periodView(before, defaultWindow(now, r.settings.periodMonths)),
      total: page.total,
      offset,
      items: page.rows.map((row) => ({
        customerId: row.id,
        displayName: displayName(row),
        before: row.before,
        after: row.after,
        spendBeforeCents: row.before_spend,
        spendAfterCents: row.after_spend,
        lastVisitAt: row.last_visit_at,
      })),
    };
  },

  async 'insights.overdue'({ archive, clock }, { withinDays, offset, limit }) {
    const db = archive.db;
    const now = clock();
    const today = shopDayNumber(now);
    const from = withinDays === null ? null : today - withinDays + 1;
    await ensureSegments(db, now);
    const rows = await overdueRegulars(db, from, today, limit, offset);
    const layers = await layersOf(db, rows.map((row) => row.id));
    return {
      withinDays,
      total: await countOverdueRegulars(db, from, today),
      regularCount: await countRegulars(db),
      offset,
      items: rows.map((row) => ({
        customerId: row.id,
        displayName: displayName(row),
        layer: layers.get(row.id) ?? null,
        lastVisitAt: row.last_visit_at,
        daysSinceLastVisit: today - shopDayNumber(row.last_visit_at),
        usualIntervalDays: row.usual_interval_days,
        overdueSince: fromDayNumber(row.overdue_day),
        visitCount: row.visit_count,
        spendCents: row.spend_cents,
      })),
    };
  },

  async 'insights.standing'({ archive, clock }, { customerId }) {
    const db = archive.db;
    const now = clock();
    await requireCustomerRow(db, customerId);
    const r = await resolvePeriod(db, now, null);
    const row = await db
      .selectFrom('customer_segments as g')
      .leftJoin('customer_visit_stats as s', 's.customer_id', 'g.customer_id')
      .select(['g.layer', 'g.spend_cents', 'g.visit_count', 'g.last_visit_at', 'g.recency', 'g.frequency', 'g.monetary',
        's.usual_interval_days', 's.overdue_day'])
      .where('g.customer_id', '=', customerId)
      .executeTakeFirst();
    // Archived customers are not in the pyramid.
    if (!row) return null;
    const today = shopDayNumber(now);
    return {
      customerId,
      period: r.period,
      layer: row.layer,
      ...standingOf(row),
      usualIntervalDays: row.usual_interval_days ?? null,
      overdue: row.overdue_day !== null && row.overdue_day !== undefined && row.overdue_day <= today,
      daysSinceLastVisit: row.last_visit_at === null ? null : today - shopDayNumber(row.last_visit_at),
    };
  },

  async 'insights.settings'({ archive, clock }) {
    return { ...(await readSettings(archive.db)), currentMonth: formatMonth(monthOf(clock())) };
  },

  async 'insights.saveSettings'({ archive, clock }, input) {
    const now = clock();
    await writeTransaction(archive.db, (trx) => writeSettings(trx, input, now));
    return { ...(await readSettings(archive.db)), currentMonth: formatMonth(monthOf(now)) };
  },
};
