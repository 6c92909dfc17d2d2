import { cardProgress, type Unit } from '../loyalty/rules.js';
import { labels, type ReceiptLanguage } from './labels.js';
import type { Receipt } from './types.js';

// Receipts as data, from facts the caller read: no storage here, so every rule (the
// birthday week, the welcome back, the stamp card) is tested on its own.

const DAY_MS = 86_400_000;

export interface ReceiptContext {
  language: ReceiptLanguage;
  /** When the slip is made (member cards and test pages carry this date). */
  now: number;
  shopName: string;
  receipt: {
    header: string;
    footer: string;
    personalLine: string;
    birthdayLine: boolean;
    welcomeBackLine: boolean;
    welcomeBackAfterDays: number;
  };
}

export interface ReceiptCustomer {
  name: string;
  cardNumber: string;
  birthday: { day: number; month: number } | null;
}

export interface RewardOffer {
  name: string;
  cost: number;
}

/** The birthday falls within three days either side of `at` (local dates; 29 Feb counts on 28 Feb). */
export function isBirthdayWeek(birthday: { day: number; month: number } | null, at: number): boolean {
  if (!birthday) return false;
  const today = new Date(at);
  for (let offset = -3; offset <= 3; offset++) {
    const d = new Date(today.getFullYear(), today.getMonth(), today.getDate() + offset);
    const month = d.getMonth() + 1;
    const day = d.getDate();
    if (month === birthday.month && day === birthday.day) return true;
    const leap = new Date(d.getFullYear(), 1, 29).getDate() === 29;
    if (birthday.month === 2 && birthday.day === 29 && !leap && month === 2 && day === 28) return true;
  }
  return false;
}

/** Longer than the shop's "long absence" since the visit before this one. */
export function isWelcomeBack(previousVisitAt: number | null, at: number, afterDays: number): boolean {
  return previousVisitAt !== null && at - previousVisitAt > afterDays * DAY_MS;
}

/**
 * The personal lines, one per paragraph: the automatic ones that are due first, then the
 * shop's own. Null when there is nothing to say.
 */
export function personalLine(
  ctx: ReceiptContext,
  facts: { birthday: { day: number; month: number } | null; at: number; previousVisitAt?: number | null },
): string | null {
  const words = labels(ctx.language);
  const lines: string[] = [];
  if (ctx.receipt.birthdayLine && isBirthdayWeek(facts.birthday, facts.at)) lines.push(words.birthday);
  if (ctx.receipt.welcomeBackLine && facts.previousVisitAt !== undefined && isWelcomeBack(facts.previousVisitAt, facts.at, ctx.receipt.welcomeBackAfterDays)) {
    lines.push(words.welcomeBack);
  }
  if (ctx.receipt.personalLine.trim() !== '') lines.push(ctx.receipt.personalLine.trim());
  return lines.length ? lines.join('\n') : null;
}

/** Where the customer stands on the current card; a just-filled card shows full, not empty. */
export function stampProgress(balance: number, cardSize: number): { filled: number; size: number } {
  const { filled, size, fullCards } = cardProgress(Math.max(0, balance), Math.max(1, cardSize));
  return { filled: filled === 0 && fullCards > 0 ? size : filled, size };
}

/** The best reward the balance reaches (missing 0), or else the nearest one still to save for. */
export function nextRewardFor(balance: number, offers: readonly RewardOffer[]): { name: string; missing: number } | null {
  const sorted = [...offers].sort((a, b) => a.cost - b.cost);
  const reachable = sorted.filter((r) => r.cost <= balance).at(-1);
  if (reachable) return { name: reachable.name, missing: 0 };
  const next = sorted[0];
  return next ? { name: next.name, missing: next.cost - balance } : null;
}

function base(ctx: ReceiptContext, kind: Receipt['kind'], createdAt: number, unit: Unit): Receipt {
  return {
    kind,
    language: ctx.language,
    createdAt,
    shop: { name: ctx.shopName, header: ctx.receipt.header },
    customer: null,
    purchase: null,
    unit,
    earned: null,
    redeemed: null,
    balance: null,
    progress: null,
    nextReward: null,
    barcode: null,
    personalLine: null,
    footer: ctx.receipt.footer,
  };
}

/** After a purchase or visit: what it was, what it earned, the new balance and the card. */
export function loyaltyReceipt(
  ctx: ReceiptContext,
  facts: {
    customer: ReceiptCustomer;
    visit: { kind: 'purchase' | 'visit'; amountCents: number; description: string; at: number };
    previousVisitAt: number | null;
    unit: Unit;
    earned: number;
    balance: number;
    cardSize: number;
    rewards: readonly RewardOffer[];
  },
): Receipt {
  const { customer, visit } = facts;
  return {
    ...base(ctx, 'loyalty', visit.at, facts.unit),
    customer: { name: customer.name, cardNumber: customer.cardNumber },
    purchase: { kind: visit.kind, amountCents: visit.kind === 'purchase' ? visit.amountCents : 0, description: visit.description },
    earned: facts.earned,
    balance: facts.balance,
    progress: facts.unit === 'stamps' ? stampProgress(facts.balance, facts.cardSize) : null,
    nextReward: nextRewardFor(facts.balance, facts.rewards),
    personalLine: personalLine(ctx, { birthday: customer.birthday, at: visit.at, previousVisitAt: facts.previousVisitAt }),
  };
}

/** After a redemption: the reward, the code for the till slip, what is left. */
export function redemptionReceipt(
  ctx: ReceiptContext,
  facts: { customer: ReceiptCustomer; at: number; unit: Unit; reward: string; cost: number; code: string; balance: number; cardSize: number },
): Receipt {
  return {
    ...base(ctx, 'redemption', facts.at, facts.unit),
    customer: { name: facts.customer.name, cardNumber: facts.customer.cardNumber },
    redeemed: { reward: facts.reward, cost: facts.cost, code: facts.code },
    balance: facts.balance,
    progress: facts.unit === 'stamps' ? stampProgress(facts.balance, facts.cardSize) : null,
    personalLine: personalLine(ctx, { birthday: facts.customer.birthday, at: facts.at }),
  };
}

/** At sign-up: the name and the card number as barcode and QR code. */
export function memberCardReceipt(ctx: ReceiptContext, facts: { customer: ReceiptCustomer; unit: Unit }): Receipt {
  return {
    ...base(ctx, 'member_card', ctx.now, facts.unit),
    customer: { name: facts.customer.name, cardNumber: facts.customer.cardNumber },
    barcode: facts.customer.cardNumber,
    personalLine: personalLine(ctx, { birthday: facts.customer.birthday, at: ctx.now }),
  };
}

/** A card number in the in-store range, so a scanner test reads something realistic. */
export const TEST_BARCODE = '2100000000005';

/** Shop name, awkward characters, both codes: proof the printer and its settings agree. */
export function testReceipt(ctx: ReceiptContext): Receipt {
  return { ...base(ctx, 'test', ctx.now, 'stamps'), barcode: TEST_BARCODE };
}
