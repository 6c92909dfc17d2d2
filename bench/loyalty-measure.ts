// The measured part of the loyalty benchmark: who comes to the counter, the handlers and
// the bare SQL beside them, timed interleaved. Shared by bench/loyalty.ts and
// bench/loyalty-proposals.ts.
import type BetterSqlite3 from 'better-sqlite3';
import type { Api } from '../main/api/dispatch.js';
import { REDEEM_REWARD, type LoyaltyMarker } from './loyalty-program.js';
import { GROUPS, METHODS, type LoyaltyMethod, type MethodResult, type SampleGroup } from './loyalty-report.js';
import { timeAll, type Runner } from './measure.js';
import { intBelow, pickOne, prng, round, summarise, type Latency } from './stats.js';

/** Shares of the calls: any customer, the counter's traffic, the heaviest regulars. */
const SHARES: Record<SampleGroup, number> = { any: 0.5, counter: 0.3, heaviest: 0.2 };

export interface Sample {
  group: SampleGroup;
  /** For recordPurchase, summary and the raw statements. */
  customer: number;
  /** For redeem: a customer whose balance covers the reward. */
  redeemer: number;
  amount: string;
}

/** The customer of a random ledger entry: customers as often as they come. */
export function counterDraw(sqlite: BetterSqlite3.Database, random: () => number, ledgerRows: number): () => number {
  const ofEntry = sqlite.prepare('SELECT customer_id FROM ledger_entries WHERE id = ?').pluck();
  return () => ofEntry.get(1 + intBelow(random, ledgerRows)) as number;
}

/**
 * Who stands at the counter. "any": every customer alike, most with a short history.
 * "counter": weighted by how often they come (the customer of a random ledger entry), as
 * a shop sees them. "heaviest": the regulars with the longest histories.
 */
export function drawSamples(
  sqlite: BetterSqlite3.Database, random: () => number, count: number, marker: LoyaltyMarker,
  promised: Map<number, number>,
): Sample[] {
  const balanceOf = sqlite.prepare('SELECT balance FROM loyalty_balances WHERE customer_id = ?').pluck();
  const heaviest = marker.heaviest.map(([customer]) => customer);
  // Each redemption takes the reward's cost (warm-up included): a customer is drawn
  // again only while the rest of the balance covers it.
  const covers = (customer: number) => {
    const balance = (balanceOf.get(customer) as number | undefined) ?? 0;
    const taken = promised.get(customer) ?? 0;
    if (balance - taken < REDEEM_REWARD.cost) return false;
    promised.set(customer, taken + REDEEM_REWARD.cost);
    return true;
  };
  const draw: Record<SampleGroup, () => number> = {
    any: () => 1 + intBelow(random, marker.customers),
    counter: counterDraw(sqlite, random, marker.counts.ledgerEntries),
    heaviest: () => pickOne(random, heaviest),
  };
  const samples: Sample[] = [];
  for (const group of GROUPS) {
    const n = group === 'heaviest' ? count - samples.length : Math.round(count * SHARES[group]);
    for (let i = 0; i < n; i++) {
      let redeemer = draw[group]();
      // A small archive's few heaviest run out of balance: then a counter customer, then
      // anyone; when all balances are spoken for, the call will meet insufficient_balance.
      for (let attempt = 0; attempt < 100_000 && !covers(redeemer); attempt++) {
        redeemer = attempt < 1000 ? draw[group]() : attempt < 2000 ? draw.counter() : draw.any();
      }
      const cents = 150 + intBelow(random, 3500);
      samples.push({ group, customer: draw[group](), redeemer, amount: `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}` });
    }
  }
  // Groups interleaved, so that each sees the same moments of the run.
  for (let i = samples.length - 1; i > 0; i--) {
    const j = intBelow(random, i + 1);
    [samples[i], samples[j]] = [samples[j]!, samples[i]!];
  }
  return samples;
}

type Errors = Record<LoyaltyMethod, Record<string, number>>;

function runners(api: Api, sqlite: BetterSqlite3.Database, samples: readonly Sample[], errors: Errors, tag: string, clock: () => number): Record<LoyaltyMethod, Runner<number>> {
  const handler = (method: LoyaltyMethod, name: string, input: (s: Sample, i: number) => unknown): Runner<number> => async (i) => {
    const result = await api.call(name, input(samples[i]!, i));
    if (!result.ok) {
      if (result.error.code === 'internal') throw new Error(`${name} failed: ${result.error.message}`);
      errors[method][result.error.code] = (errors[method][result.error.code] ?? 0) + 1;
    }
    return { found: result.ok };
  };
  const programId = sqlite.prepare('SELECT max(id) FROM loyalty_programs').pluck().get() as number;
  const insertEntry = sqlite.prepare("INSERT INTO ledger_entries (customer_id, kind, amount, program_id, created_at) VALUES (?, 'earn', 1, ?, ?)");
  const ensureBalance = sqlite.prepare('INSERT INTO loyalty_balances (customer_id, balance, updated_at) VALUES (?, 0, ?) ON CONFLICT (customer_id) DO NOTHING');
  const moveBalance = sqlite.prepare('UPDATE loyalty_balances SET balance = balance + 1, updated_at = ? WHERE customer_id = ?');
  const rawEntry = sqlite.transaction((customer: number, now: number) => {
    insertEntry.run(customer, programId, now);
    ensureBalance.run(customer, now);
    moveBalance.run(now, customer);
  });
  const balance = sqlite.prepare('SELECT balance FROM loyalty_balances WHERE customer_id = ?').pluck();
  const sum = sqlite.prepare('SELECT sum(amount) FROM ledger_entries WHERE customer_id = ?').pluck();
  return {
    recordPurchase: handler('recordPurchase', 'loyalty.recordPurchase', (s) => ({ customerId: s.customer, amount: s.amount, locale: 'nl', description: '' })),
    redeem: handler('redeem', 'loyalty.redeem', (s, i) => ({ customerId: s.redeemer, rewardId: REDEEM_REWARD.id, idempotencyKey: `bench-${tag}-${i}` })),
    summary: handler('summary', 'loyalty.summary', (s) => ({ customerId: s.customer })),
    rawEntry: (i) => {
      rawEntry.immediate(samples[i]!.customer, clock());
      return { found: true };
    },
    rawBalance: (i) => ({ found: balance.get(samples[i]!.customer) !== undefined }),
    rawSum: (i) => ({ found: sum.get(samples[i]!.customer) !== null }),
  };
}

function roundLatency(l: Latency): Latency {
  return { n: l.n, p50: round(l.p50, 4), p99: round(l.p99, 4), max: round(l.max, 4), mean: round(l.mean, 4) };
}

export interface Measured {
  samples: Sample[];
  warmup: number;
  methods: Record<LoyaltyMethod, MethodResult>;
}

/**
 * Warms up with one draw, then times another: every method once per sample, interleaved
 * in rotating order (bench/measure.ts timeAll), so that a checkpoint or GC pause hits them alike.
 */
export async function measureMethods(
  api: Api, sqlite: BetterSqlite3.Database, marker: LoyaltyMarker, options: { seed: number; calls: number; warmup: number; clock: () => number; log: (m: string) => void },
): Promise<Measured> {
  const promised = new Map<number, number>();
  const samples = drawSamples(sqlite, prng(options.seed), options.calls, marker, promised);
  const warmup = drawSamples(sqlite, prng(options.seed ^ 0x5eed), options.warmup, marker, promised);
  const entriesOf = sqlite.prepare('SELECT count(*) FROM ledger_entries WHERE customer_id = ?').pluck();
  const history = samples.map((s) => ({ customer: entriesOf.get(s.customer) as number, redeemer: entriesOf.get(s.redeemer) as number }));
  const noErrors = () => Object.fromEntries(METHODS.map((m) => [m, {}])) as Errors;

  options.log(`warming up: ${warmup.length} calls of each`);
  await timeAll(runners(api, sqlite, warmup, noErrors(), 'w', options.clock), warmup.map((_, i) => i), 1);
  options.log(`measuring: ${samples.length} calls of each, methods interleaved`);
  const errors = noErrors();
  const timed = await timeAll(runners(api, sqlite, samples, errors, 'm', options.clock), samples.map((_, i) => i), 1);

  const methods = {} as Record<LoyaltyMethod, MethodResult>;
  for (const method of METHODS) {
    const ms = timed[method].ms;
    const whose = method === 'redeem' ? 'redeemer' : 'customer';
    const groups = {} as MethodResult['groups'];
    for (const group of GROUPS) {
      const at = samples.flatMap((s, i) => (s.group === group ? [i] : []));
      const entries = at.map((i) => history[i]![whose]).sort((a, b) => a - b);
      groups[group] = {
        ...roundLatency(summarise(at.map((i) => ms[i]!))),
        entriesMedian: entries[Math.floor(entries.length / 2)] ?? 0,
        entriesMax: entries[entries.length - 1] ?? 0,
      };
    }
    methods[method] = { all: roundLatency(summarise(ms)), groups, errors: errors[method] };
  }
  return { samples, warmup: warmup.length, methods };
}
