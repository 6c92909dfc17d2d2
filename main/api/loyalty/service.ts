import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import * as repo from '../../../db/loyalty/repo.js';
import { getCustomerRow } from '../../../db/customers/repo.js';
import {
  expiryDue, monthsBefore, tierFor, unitOf, usualIntervalDays,
  type ProgramConfig,
} from '../../core/loyalty/rules.js';
import { notFound } from '../errors.js';
import { programInput, type CustomerStats, type LoyaltySummary, type Program, type Reward, type VisitInfo } from './schema.js';

// Shared by the loyalty handlers: reading the program, turning rows into answers, and
// the bookkeeping every counter action does first (expiry).

export const YEAR_MS = 365 * 86_400_000;

export async function loadProgram(db: Kysely<DB>): Promise<Program> {
  const row = await repo.currentProgram(db);
  // Stored by this app, but parsed anyway: a config written by hand must not crash the till.
  const config = programInput.parse(JSON.parse(row.config));
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

/** Writes an expire entry for whatever is due; returns how much expired. */
export async function applyExpiry(db: Kysely<DB>, customerId: number, config: ProgramConfig, now: number): Promise<number> {
  if (config.expiryMonths === null) return 0;
  const entries = await repo.entriesOf(db, customerId);
  const due = expiryDue(
    entries.map((e) => ({ id: e.id, amount: e.amount, createdAt: e.created_at, reversesId: e.reverses_id })),
    monthsBefore(now, config.expiryMonths),
  );
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

function statsOf(visits: readonly repo.VisitRow[], now: number): CustomerStats {
  const reversed = new Set(visits.flatMap((v) => (v.reverses_id === null ? [] : [v.reverses_id])));
  const kept = visits.filter((v) => v.reverses_id === null && !reversed.has(v.id));
  const purchases = kept.filter((v) => v.kind === 'purchase');
  const spend = kept.reduce((sum, v) => sum + v.amount_cents, 0);
  const times = kept.map((v) => v.occurred_at);
  return {
    lifetimeSpendCents: spend,
    visitCount: kept.length,
    purchaseCount: purchases.length,
    averageSpendCents: purchases.length ? Math.round(spend / purchases.length) : null,
    firstVisitAt: times.length ? Math.min(...times) : null,
    lastVisitAt: times.length ? Math.max(...times) : null,
    usualIntervalDays: usualIntervalDays(times),
    spend12MonthsCents: kept.filter((v) => v.occurred_at > now - YEAR_MS).reduce((sum, v) => sum + v.amount_cents, 0),
  };
}

export async function buildSummary(db: Kysely<DB>, customerId: number, now: number): Promise<LoyaltySummary> {
  const program = await loadProgram(db);
  const [balance, rewardRows, visits, entries] = [
    await repo.balanceOf(db, customerId),
    await repo.listRewards(db),
    await repo.visitsOf(db, customerId),
    await repo.entriesOf(db, customerId),
  ];
  const rewards = rewardRows
    .map((r) => toReward(r, now))
    .filter((r) => r.availableNow)
    .sort((a, b) => a.cost - b.cost)
    .map((r) => ({ ...r, affordable: r.cost <= balance }));
  const next = rewards.find((r) => !r.affordable);
  const stats = statsOf(visits, now);
  const tier = tierFor(program.tiers, stats.spend12MonthsCents);

  const reversed = new Set(visits.flatMap((v) => (v.reverses_id === null ? [] : [v.reverses_id])));
  const last = [...visits].reverse().find((v) => v.reverses_id === null);
  const earnedFor = (visitId: number) => entries.find((e) => e.kind === 'earn' && e.visit_id === visitId)?.amount ?? 0;

  return {
    customerId,
    unit: program.unit,
    balance,
    cardSize: program.cardSize,
    tier: tier ? { name: tier.name, multiplierPercent: tier.multiplierPercent } : null,
    rewards,
    nextReward: next ? { rewardId: next.id, name: next.name, missing: next.cost - balance } : null,
    lastVisit: last ? visitInfo(last, earnedFor(last.id), reversed.has(last.id)) : null,
    stats,
  };
}
