import { daysInMonth, shopDayNumber } from '../days.js';

// The arithmetic of a loyalty program, free of storage: what a purchase earns, which
// tier a customer is in, and how much is due to expire. Integers only.

export type EarnRule =
  | { kind: 'per_visit'; stamps: number }
  | { kind: 'per_amount'; stamps: number; everyCents: number; carryRemainder: boolean }
  | { kind: 'points_per_euro'; points: number };

export interface Tier {
  name: string;
  minSpendCents: number;
  multiplierPercent: number;
}

export interface ProgramConfig {
  rule: EarnRule;
  cardSize: number;
  tiers: Tier[];
  expiryMonths: number | null;
}

export type Unit = 'stamps' | 'points';

export const unitOf = (rule: EarnRule): Unit => (rule.kind === 'points_per_euro' ? 'points' : 'stamps');

export interface EarnInput {
  kind: 'purchase' | 'visit';
  amountCents: number;
  /** Spend left over from earlier purchases that did not yet make a full stamp. */
  carryCents: number;
  multiplierPercent: number;
}

export interface Earned {
  earned: number;
  carryCents: number;
}

export function earn(rule: EarnRule, input: EarnInput): Earned {
  let base = 0;
  let carryCents = 0;
  switch (rule.kind) {
    case 'per_visit':
      base = rule.stamps;
      carryCents = input.carryCents;
      break;
    case 'per_amount': {
      const total = input.amountCents + (rule.carryRemainder ? input.carryCents : 0);
      base = Math.floor(total / rule.everyCents) * rule.stamps;
      carryCents = rule.carryRemainder ? total % rule.everyCents : 0;
      break;
    }
    case 'points_per_euro':
      base = Math.floor((input.amountCents * rule.points) / 100);
      break;
  }
  return { earned: Math.floor((base * input.multiplierPercent) / 100), carryCents };
}

/** The highest tier whose threshold the spend reaches, or null. */
export function tierFor(tiers: readonly Tier[], spendCents: number): Tier | null {
  let best: Tier | null = null;
  for (const tier of tiers) if (spendCents >= tier.minSpendCents && (!best || tier.minSpendCents > best.minSpendCents)) best = tier;
  return best;
}

export interface LedgerFact {
  id: number;
  amount: number;
  createdAt: number;
  reversesId: number | null;
}

/**
 * Points expire oldest first: whatever was credited before the cutoff and not yet used
 * up by later debits (redemptions, earlier expiries) is due. A reversed entry and its
 * reversal cancel out and take no part.
 */
export function expiryDue(entries: readonly LedgerFact[], cutoff: number): number {
  const cancelled = new Set<number>();
  for (const e of entries) if (e.reversesId !== null) { cancelled.add(e.id); cancelled.add(e.reversesId); }
  let oldCredits = 0;
  let debits = 0;
  for (const e of entries) {
    if (cancelled.has(e.id)) continue;
    if (e.amount > 0 && e.createdAt <= cutoff) oldCredits += e.amount;
    if (e.amount < 0) debits -= e.amount;
  }
  return Math.max(0, oldCredits - debits);
}

/**
 * The same time of day N of the shop's calendar months earlier (31 March minus one month is
 * 28/29 February), in its local time like its days: 00:30 on 1 May less a month is 00:30 on
 * 1 April, not a moment on 31 March as UTC months would have it.
 */
export function monthsBefore(ms: number, months: number): number {
  const d = new Date(ms);
  const day = d.getDate();
  d.setDate(1);
  d.setMonth(d.getMonth() - months);
  d.setDate(Math.min(day, daysInMonth(d.getFullYear(), d.getMonth() + 1)));
  return d.getTime();
}

/** ■■■■■■■□□□ 7/10: where the customer stands on the current card. */
export function cardProgress(balance: number, cardSize: number): { filled: number; size: number; fullCards: number } {
  return { filled: balance % cardSize, size: cardSize, fullCards: Math.floor(balance / cardSize) };
}

/**
 * Median gap between visit days in whole days, once there are enough visit days to know.
 * Days are the shop's local days: visits at 23:30 and at 00:30 that night are two.
 */
export function usualIntervalDays(visitTimes: readonly number[], minVisits = 3): number | null {
  const days = [...new Set(visitTimes.map(shopDayNumber))].sort((a, b) => a - b);
  if (days.length < minVisits) return null;
  const gaps = days.slice(1).map((d, i) => d - days[i]!).sort((a, b) => a - b);
  const mid = gaps.length >> 1;
  return gaps.length % 2 ? gaps[mid]! : Math.round((gaps[mid - 1]! + gaps[mid]!) / 2);
}
