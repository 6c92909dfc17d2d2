import { z } from 'zod';
import type { Unit } from '../../core/loyalty/rules.js';
import { lineText } from '../text-schema.js';

const int = (min: number, max: number) =>
  z.number({ error: 'invalid' }).int({ error: 'invalid' }).min(min, { error: 'out_of_range' }).max(max, { error: 'out_of_range' });

export const earnRuleInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('per_visit'), stamps: int(1, 100) }),
  z.object({ kind: z.literal('per_amount'), stamps: int(1, 100), everyCents: int(1, 100_000_00), carryRemainder: z.boolean() }),
  z.object({ kind: z.literal('points_per_euro'), points: int(1, 1000) }),
], { error: 'invalid' });

export const tierInput = z.object({
  name: lineText(40).min(1, { error: 'required' }),
  minSpendCents: int(0, 100_000_000_00),
  multiplierPercent: int(100, 1000),
});

export const programInput = z.object({
  rule: earnRuleInput,
  cardSize: int(1, 100),
  tiers: z.array(tierInput).max(5, { error: 'too_many' }),
  expiryMonths: int(1, 120).nullable(),
});

export const REWARD_KINDS = ['free_item', 'amount_off', 'percent_off'] as const;

export const rewardInput = z
  .object({
    id: z.number().int().positive().nullable().default(null),
    name: lineText(80).min(1, { error: 'required' }),
    cost: int(1, 100_000),
    kind: z.enum(REWARD_KINDS, { error: 'invalid' }),
    /** Cents for "€ off", a percentage for "% off", unused for a free item. */
    value: int(0, 100_000_00).default(0),
    activeFrom: z.number().int().nullable().default(null),
    activeTo: z.number().int().nullable().default(null),
  })
  .refine((r) => r.kind !== 'percent_off' || (r.value >= 1 && r.value <= 100), { error: 'out_of_range', path: ['value'] })
  .refine((r) => r.kind !== 'amount_off' || r.value >= 1, { error: 'out_of_range', path: ['value'] })
  .refine((r) => r.activeFrom === null || r.activeTo === null || r.activeFrom <= r.activeTo, { error: 'invalid_date', path: ['activeTo'] });

/**
 * A till's key for one attempt at recording a sale (purchase or visit), as a redemption's:
 * sent again with a retry of the same sale, it is answered as the first time and written
 * once. Optional: a call without one is recorded every time.
 */
export const saleKey = z.string().min(8).max(100).optional();

export type ProgramInput = z.output<typeof programInput>;
export type RewardInput = z.input<typeof rewardInput>;

export interface Program extends ProgramInput {
  id: number;
  unit: Unit;
  createdAt: number;
}

export interface Reward {
  id: number;
  name: string;
  cost: number;
  kind: (typeof REWARD_KINDS)[number];
  value: number;
  activeFrom: number | null;
  activeTo: number | null;
  retired: boolean;
  /** Not retired and within its dates today. */
  availableNow: boolean;
}

export interface VisitInfo {
  id: number;
  kind: 'purchase' | 'visit';
  amountCents: number;
  description: string;
  earned: number;
  occurredAt: number;
  undone: boolean;
}

export interface CustomerStats {
  lifetimeSpendCents: number;
  visitCount: number;
  purchaseCount: number;
  averageSpendCents: number | null;
  firstVisitAt: number | null;
  lastVisitAt: number | null;
  usualIntervalDays: number | null;
  spend12MonthsCents: number;
}

export interface LoyaltySummary {
  customerId: number;
  unit: Unit;
  balance: number;
  cardSize: number;
  tier: { name: string; multiplierPercent: number } | null;
  /** Rewards on offer today, cheapest first, each saying whether the balance reaches it. */
  rewards: (Reward & { affordable: boolean })[];
  nextReward: { rewardId: number; name: string; missing: number } | null;
  lastVisit: VisitInfo | null;
  stats: CustomerStats;
}

export interface CounterResult {
  visit: VisitInfo;
  earned: number;
  /** Points that expired just before this entry, if any. */
  expired: number;
  summary: LoyaltySummary;
}

export interface Redemption {
  entryId: number;
  code: string;
  reward: Reward;
  cost: number;
  summary: LoyaltySummary;
}

export type HistoryKind = 'purchase' | 'visit' | 'undo' | 'redeem' | 'adjust' | 'expire' | 'migrate';

export interface HistoryItem {
  key: string;
  kind: HistoryKind;
  at: number;
  amountCents: number | null;
  /** Stamps or points this line added (positive) or took (negative). */
  points: number;
  text: string;
  code: string | null;
  /** What a reprint is made from: the purchase/visit, or the redemption entry. */
  visitId: number | null;
  entryId: number | null;
}

export interface ShopFigures {
  unit: Unit;
  redeemedThisMonth: { count: number; amount: number };
  outstanding: { total: number; customers: number };
}
