import type { Kysely } from 'kysely';
import * as act from '../../../db/lists/act.js';
import { contactRows } from '../../../db/lists/contacts.js';
import { countFiltered, filterPage, type FilterRow, type NameKey } from '../../../db/lists/customers.js';
import { needsSegments, type Criterion } from '../../../db/lists/criteria.js';
import { ensureSegments, segmentsWindow } from '../../../db/insights/segments.js';
import { listRewards } from '../../../db/loyalty/repo.js';
import type { DB } from '../../../db/schema.js';
import { dayOf, shopDayNumber } from '../../core/days.js';
import { periodWindow, windowLength } from '../../core/lists/windows.js';
import { displayName } from '../customers/mappers.js';
import { loadProgram, toReward } from '../loyalty/service.js';
import { formatMonth } from '../../core/insights/months.js';
import { birthdayLines } from '../today/handlers.js';
import type { ListSource } from './schema.js';
import type { ListColumn, ListRow, ListView } from './types.js';

// Each list to act on, as rows with the columns it shows. The lists that compare
// customers over the last 12 months (top, lapsed) read the segments the insights domain
// keeps (db/insights/segments.ts), brought up to date first.

export const COLUMNS: Record<ListSource['list'] | 'customers', ListColumn[]> = {
  birthdays: ['name', 'celebrates', 'turns', 'city', 'consent'],
  top: ['name', 'layer', 'spend', 'visits', 'lastVisit', 'city', 'consent'],
  lapsed: ['name', 'reason', 'spend', 'visits', 'lastVisit', 'usualInterval', 'consent'],
  rewards: ['name', 'balance', 'city', 'consent'],
  satisfied: ['name', 'averageScore', 'feedbackCount', 'lastScore', 'lastFeedback', 'consent'],
  unhappy: ['name', 'openComplaints', 'oldestOpen', 'lastScore', 'lastFeedback', 'consent'],
  customers: ['name', 'city', 'birthday', 'lastVisit', 'visits', 'spend', 'balance', 'consent'],
};

/**
 * The customer list's columns: the customer group only when the filter asks about it (the
 * segments are then brought up to date first; after a sale that takes a moment on a big
 * archive, which a plain filter need not wait for).
 */
export const customerColumns = (criteria: readonly Criterion[]): ListColumn[] =>
  needsSegments(criteria) ? [...COLUMNS.customers.slice(0, -1), 'layer', 'consent'] : COLUMNS.customers;

/** "Highest satisfaction": feedback averaging at least this. */
export const SATISFIED_FROM = 4;
/** "Unhappy": a latest feedback score at most this (or an open complaint). */
export const UNHAPPY_UP_TO = 2;


const baseRow = (r: act.Names): ListRow => ({
  customerId: r.id,
  displayName: displayName(r),
  city: r.address_city,
  marketingConsent: r.marketing_consent === 1,
});

/** The cheapest reward on offer now: the balance that makes a reward "waiting". */
async function cheapestReward(db: Kysely<DB>, now: number): Promise<{ name: string; cost: number } | null> {
  const offered = (await listRewards(db)).map((r) => toReward(r, now)).filter((r) => r.availableNow);
  const cheapest = offered.sort((a, b) => a.cost - b.cost || a.id - b.id)[0];
  return cheapest ? { name: cheapest.name, cost: cheapest.cost } : null;
}

async function birthdayRows(db: Kysely<DB>, from: string, days: number, limit: number): Promise<{ rows: ListRow[]; total: number }> {
  const lines = await birthdayLines(db, from, days - 1);
  const shown = lines.slice(0, limit);
  const people = new Map((await contactRows(db, shown.map((l) => l.customerId))).map((r) => [r.id, r]));
  const rows = shown.flatMap((l) => {
    const person = people.get(l.customerId);
    return person ? [{ ...baseRow(person), celebrates: l.on, turns: l.turns }] : [];
  });
  return { rows, total: lines.length };
}

/** The first day of the segments' period (the shop's last 12 months by default, whole months). */
async function periodStart(db: Kysely<DB>, now: number): Promise<string> {
  return `${formatMonth((await segmentsWindow(db, now)).from)}-01`;
}

export async function buildList(db: Kysely<DB>, source: ListSource, limit: number, now: number): Promise<ListView> {
  const program = await loadProgram(db);
  const view: ListView = {
    list: source.list, columns: COLUMNS[source.list], rows: [], total: 0, window: null, since: null, count: null, reward: null, unit: program.unit,
  };
  switch (source.list) {
    case 'birthdays': {
      const w = periodWindow(source.period, dayOf(now), source.offset);
      view.window = { period: w.period, from: w.from, to: w.to, week: w.week };
      return { ...view, ...(await birthdayRows(db, w.from, windowLength(w), limit)) };
    }
    case 'top': {
      await ensureSegments(db, now);
      const { rows, total } = await act.topSpenders(db, source.count, limit);
      const out = rows.map((r) => ({ ...baseRow(r), layer: r.layer, spendCents: r.spend_cents, visitCount: r.visit_count, lastVisitAt: r.last_visit_at }));
      return { ...view, rows: out, total, count: source.count, since: await periodStart(db, now) };
    }
    case 'lapsed': {
      await ensureSegments(db, now);
      const { rows, total } = await act.lapsedGood(db, shopDayNumber(now), limit);
      const out = rows.map((r) => ({
        ...baseRow(r), layer: r.layer, reason: r.reason, spendCents: r.spend_cents, visitCount: r.visit_count,
        lastVisitAt: r.last_visit_at, usualIntervalDays: r.usual_interval_days,
      }));
      return { ...view, rows: out, total, since: await periodStart(db, now) };
    }
    case 'rewards': {
      const reward = await cheapestReward(db, now);
      if (!reward) return view;
      const { rows, total } = await act.balancesAtLeast(db, reward.cost, limit);
      return { ...view, reward, rows: rows.map((r) => ({ ...baseRow(r), balance: r.balance })), total };
    }
    case 'satisfied': {
      const { rows, total } = await act.mostSatisfied(db, SATISFIED_FROM, limit);
      const out = rows.map((r) => ({
        ...baseRow(r), averageScore: r.average, feedbackCount: r.feedback_count, lastScore: r.last_score, lastFeedbackAt: r.last_feedback_at,
      }));
      return { ...view, rows: out, total };
    }
    case 'unhappy': {
      const { rows, total } = await act.unhappy(db, UNHAPPY_UP_TO, limit);
      const out = rows.map((r) => ({
        ...baseRow(r), openComplaints: r.open_complaints, oldestOpenAt: r.oldest_open_at, lastScore: r.last_score, lastFeedbackAt: r.last_feedback_at,
      }));
      return { ...view, rows: out, total };
    }
  }
}

export const filterRow = (r: FilterRow): ListRow => ({
  ...baseRow(r),
  birthday: r.birthday_day !== null && r.birthday_month !== null ? { day: r.birthday_day, month: r.birthday_month } : null,
  lastVisitAt: r.last_visit_at,
  visitCount: r.visit_count ?? 0,
  spendCents: r.spend_cents ?? 0,
  balance: r.balance ?? 0,
  layer: r.layer,
});

/** A page of the filtered customer list, and whether more follow. */
export async function customerRows(
  db: Kysely<DB>, criteria: readonly Criterion[], options: { after: NameKey | null; limit: number; now: number },
): Promise<{ rows: ListRow[]; more: boolean; last: FilterRow | null }> {
  const withSegments = needsSegments(criteria);
  if (withSegments) await ensureSegments(db, options.now);
  const page = await filterPage(db, criteria, { after: options.after, limit: options.limit, withSegments });
  return { rows: page.rows.map(filterRow), more: page.more, last: page.rows.at(-1) ?? null };
}

/** How many customers a filter matches. */
export async function customerCount(db: Kysely<DB>, criteria: readonly Criterion[], now: number): Promise<number> {
  if (needsSegments(criteria)) await ensureSegments(db, now);
  return countFiltered(db, criteria);
}
