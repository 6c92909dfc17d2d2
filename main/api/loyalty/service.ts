import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import * as repo from '../../../db/loyalty/repo.js';
import { getCustomerRow } from '../../../db/customers/repo.js';
import { monthsBefore, tierFor, unitOf, type ProgramConfig } from '../../core/loyalty/rules.js';
import { markedControls } from '../../core/stored-text.js';
import { notFound } from '../errors.js';
import { programInput, type CustomerStats, type LoyaltySummary, type Program, type Reward, type VisitInfo } from './schema.js';

// Shared by the loyalty handlers: reading the program, turning rows into answers, and
// the bookkeeping every counter action does first (expiry).

export const YEAR_MS = 365 * 86_400_000;

export async function loadProgram(db: Kysely<DB>): Promise<Program> {
  const row = await repo.currentProgram(db);
  // Stored by this app, but parsed anyway: a config written by hand must not crash the till.
  // A tier name saved before control characters were refused reads with U+FFFD in their place.
  const config = programInput.parse(JSON.parse(row.config, (_key, value: unknown) => (typeof value === 'string' ? markedControls(value) : value)));
  return { ...config, id: row.id, unit: unitOf(config.rule), createdAt: row.created_at };
}

export function toReward(row: repo.RewardRow, now: number): Reward {
  const retired = row.retired_at !== null;
  return {
    id: row.id,
    name: row.name,
    cost: row.cost,
    kind: row.kind,
    value: row.value,
    activeFrom: row.active_from,
    activeTo: row.active_to,
    retired,
    availableNow: !retired && (row.active_from === null || row.active_from <= now) && (row.active_to === null || now <= row.active_to),
  };
}

export async function requireCustomer(db: Kysely<DB>, customerId: number): Promise<void> {
  if (!(await getCustomerRow(db, customerId))) throw notFound('Customer');
}

/**
 * Writes an expire entry for whatever is due; returns how much expired. Oldest first means
 * the balance minus what was credited since the cutoff (and not reversed) is due: the
 * same as `expiryDue` over every entry, asked of SQLite instead of read into memory.
 */
export async function applyExpiry(db: Kysely<DB>, customerId: number, config: ProgramConfig, now: number): Promise<number> {
  if (config.expiryMonths === null) return 0;
  const balance = await repo.balanceOf(db, customerId);
  if (balance === 0) return 0;
  const due = Math.max(0, balance - (await repo.youngCredits(db, customerId, monthsBefore(now, config.expiryMonths))));
  if (due > 0) await repo.appendEntry(db, { customer_id: customerId, kind: 'expire', amount: -due, created_at: now });
  return due;
}

export async function multiplierFor(db: Kysely<DB>, customerId: number, config: ProgramConfig, now: number): Promise<number> {
  if (config.tiers.length === 0) return 100;
  const tier = tierFor(config.tiers, await repo.spendSince(db, customerId, now - YEAR_MS));
  return tier?.multiplierPercent ?? 100;
}

export function visitInfo(row: repo.VisitRow, earned: number, undone: boolean): VisitInfo {
  return {
    id: row.id,
    kind: row.kind,
    amountCents: row.amount_cents,
    description: row.description,
    earned,
    occurredAt: row.occurred_at,
    undone,
  };
}

export async function buildSummary(db: Kysely<DB>, customerId: number, now: number): Promise<LoyaltySummary> {
  const program = await loadProgram(db);
  const balance = await repo.balanceOf(db, customerId);
  const rewards = (await repo.listRewards(db))
    .map((r) => toReward(r, now))
    .filter((r) => r.availableNow)
    .sort((a, b) => a.cost - b.cost)
    .map((r) => ({ ...r, affordable: r.cost <= balance }));
  const next = rewards.find((r) => !r.affordable);
  const totals = await repo.visitTotals(db, customerId, now - YEAR_MS);
  const interval = await db
    .selectFrom('customer_visit_stats')
    .select('usual_interval_days')
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  const stats: CustomerStats = {
    lifetimeSpendCents: totals.spend,
    visitCount: totals.visits,
    purchaseCount: totals.purchases,
    averageSpendCents: totals.purchases > 0 ? Math.round(totals.spend / totals.purchases) : null,
    firstVisitAt: totals.first,
    lastVisitAt: totals.last,
    usualIntervalDays: interval?.usual_interval_days ?? null,
    spend12MonthsCents: totals.spend12,
  };
  const tier = tierFor(program.tiers, stats.spend12MonthsCents);
  const last = await repo.lastVisit(db, customerId);
  const lastVisit = last
    ? visitInfo(last, (await repo.earnEntryForVisit(db, last.id))?.amount ?? 0, await repo.isVisitReversed(db, last.id))
    : null;

  return {
    customerId,
    unit: program.unit,
    balance,
    cardSize: program.cardSize,
    tier: tier ? { name: tier.name, multiplierPercent: tier.multiplierPercent } : null,
    rewards,
    nextReward: next ? { rewardId: next.id, name: next.name, missing: next.cost - balance } : null,
    lastVisit,
    stats,
  };
}
