// The loyalty program and rewards catalogue of the loyalty benchmark's archive, and the
// marker that says a generated archive is complete. Shared by the generator (a child
// process) and the benchmark.
import type { ProgramConfig } from '../main/core/loyalty/rules.js';

export const DAY_MS = 86_400_000;

/**
 * A bakery's stamp card with everything switched on, so that every counter action does
 * all its bookkeeping: a stamp per full €10 (remainder carried), tiers on the last twelve
 * months' spend, and stamps expiring after twelve months.
 */
export const BENCH_PROGRAM: ProgramConfig = {
  rule: { kind: 'per_amount', stamps: 1, everyCents: 1000, carryRemainder: true },
  cardSize: 10,
  tiers: [
    { name: 'Zilver', minSpendCents: 50_000, multiplierPercent: 125 },
    { name: 'Goud', minSpendCents: 150_000, multiplierPercent: 150 },
  ],
  expiryMonths: 12,
};

export interface BenchReward {
  id: number;
  name: string;
  cost: number;
  kind: 'free_item' | 'amount_off' | 'percent_off';
  value: number;
  /** Days after the start of the two years; null = open. */
  activeFromDay: number | null;
  activeToDay: number | null;
  retiredDay: number | null;
}

/** Ids are fixed: the archive holds no rewards before the generator writes these. */
export const BENCH_REWARDS: readonly BenchReward[] = [
  { id: 1, name: 'Gratis koffie', cost: 10, kind: 'free_item', value: 0, activeFromDay: null, activeToDay: null, retiredDay: null },
  { id: 2, name: 'Gratis gebakje', cost: 15, kind: 'free_item', value: 0, activeFromDay: null, activeToDay: null, retiredDay: null },
  { id: 3, name: '€ 5 korting', cost: 25, kind: 'amount_off', value: 500, activeFromDay: null, activeToDay: null, retiredDay: null },
  { id: 4, name: '10% korting', cost: 40, kind: 'percent_off', value: 10, activeFromDay: null, activeToDay: null, retiredDay: null },
  { id: 5, name: 'Gratis taart', cost: 60, kind: 'free_item', value: 0, activeFromDay: null, activeToDay: null, retiredDay: null },
  { id: 6, name: 'Gratis croissant', cost: 8, kind: 'free_item', value: 0, activeFromDay: null, activeToDay: null, retiredDay: 270 },
  { id: 7, name: 'Kerstbrood', cost: 20, kind: 'free_item', value: 0, activeFromDay: 300, activeToDay: 331, retiredDay: null },
];

/** The reward the benchmark redeems: on offer at the end, the cheapest. */
export const REDEEM_REWARD = BENCH_REWARDS[0]!;

export const LEDGER_KINDS = ['earn', 'redeem', 'adjust', 'expire', 'reverse', 'migrate'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export interface LoyaltyMarker {
  customers: number;
  entriesTarget: number;
  seed: number;
  /** The data's present moment (ms): the two years end here; the benchmark's clock starts here. */
  end: number;
  start: number;
  counts: {
    ledgerEntries: number;
    byKind: Record<LedgerKind, number>;
    visits: number;
    purchases: number;
    plainVisits: number;
    undos: number;
    customersWithEntries: number;
    balances: number;
    balanceTotal: number;
    /** Customers whose balance covers the benchmark's reward. */
    canRedeem: number;
  };
  /** Ledger entries per customer (all customers, including those without any). */
  perCustomer: { mean: number; median: number; p90: number; p99: number; p999: number; max: number; buckets: { label: string; customers: number }[] };
  /** The customers with the most ledger entries, most first: [customer id, entries]. */
  heaviest: [number, number][];
  seconds: { copy: number; simulate: number; sort: number; insertVisits: number; visitStats: number; insertEntries: number; balances: number; checkpoint: number; total: number };
  dbBytes: number;
}
