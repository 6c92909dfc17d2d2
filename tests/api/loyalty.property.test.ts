import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/services.js';
import { expiryDue, monthsBefore } from '../../main/core/loyalty/rules.js';
import { youngCredits } from '../../db/loyalty/repo.js';

// Whatever happens at the counter, in whatever order, the books must add up.

type Op =
  | { op: 'buy'; cents: number }
  | { op: 'visit' }
  | { op: 'redeem'; reward: number }
  | { op: 'adjust'; amount: number }
  | { op: 'migrate'; amount: number }
  | { op: 'undo' }
  | { op: 'wait'; days: number }
  | { op: 'changeProgram'; variant: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('buy' as const), cents: fc.integer({ min: 1, max: 30_000 }) }) },
  { weight: 2, arbitrary: fc.constant({ op: 'visit' as const }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('redeem' as const), reward: fc.integer({ min: 0, max: 2 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('adjust' as const), amount: fc.integer({ min: -15, max: 15 }).filter((n) => n !== 0) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('migrate' as const), amount: fc.integer({ min: 1, max: 12 }) }) },
  { weight: 2, arbitrary: fc.constant({ op: 'undo' as const }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('wait' as const), days: fc.integer({ min: 1, max: 200 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('changeProgram' as const), variant: fc.integer({ min: 0, max: 3 }) }) },
);

const PROGRAMS = [
  { rule: { kind: 'per_amount' as const, stamps: 1, everyCents: 1000, carryRemainder: true }, cardSize: 10, tiers: [], expiryMonths: null },
  { rule: { kind: 'per_visit' as const, stamps: 1 }, cardSize: 8, tiers: [{ name: 'Zilver', minSpendCents: 25_000, multiplierPercent: 150 }], expiryMonths: null },
  { rule: { kind: 'points_per_euro' as const, points: 1 }, cardSize: 10, tiers: [], expiryMonths: 6 },
  { rule: { kind: 'per_amount' as const, stamps: 2, everyCents: 500, carryRemainder: false }, cardSize: 12, tiers: [], expiryMonths: 3 },
];

function ledger(app: TestApp, customerId: number) {
  return app.archive.db.selectFrom('ledger_entries').select(['id', 'kind', 'amount', 'reverses_id', 'created_at'])
    .where('customer_id', '=', customerId).orderBy('id').execute();
}

/**
 * One sequence on its own app, closed after it: on the server each app is a pool of
 * connections, and sixty left open until the test ends would exhaust the server's.
 */
async function run(ops: Op[]) {
  const app = testApp({ manual: true });
  try {
    await play(app, ops);
  } finally {
    await app.dispose();
  }
}

async function play(app: TestApp, ops: Op[]) {
  const { id } = await app.ok('customers.create', { customer: { givenName: 'Prop' } });
  const rewards = [];
  for (const cost of [3, 10, 25]) rewards.push(await app.ok('loyalty.saveReward', { name: `R${cost}`, cost, kind: 'free_item' }));
  let key = 0;
  let lastVisitId: number | null = null;

  for (const step of ops) {
    const before = (await app.ok('loyalty.summary', { customerId: id })).balance;
    switch (step.op) {
      case 'buy':
        lastVisitId = (await app.ok('loyalty.recordPurchase', { customerId: id, amount: (step.cents / 100).toFixed(2), locale: 'en' })).visit.id;
        break;
      case 'visit':
        lastVisitId = (await app.ok('loyalty.recordVisit', { customerId: id })).visit.id;
        break;
      case 'redeem':
        await app.api.call('loyalty.redeem', { customerId: id, rewardId: rewards[step.reward]!.id, idempotencyKey: `prop-key-${key++}` });
        break;
      case 'adjust':
        await app.api.call('loyalty.adjust', { customerId: id, amount: step.amount, reason: 'property' });
        break;
      case 'migrate':
        await app.ok('loyalty.migrate', { customerId: id, amount: step.amount });
        break;
      case 'undo':
        if (lastVisitId !== null) await app.api.call('loyalty.undoLast', { customerId: id, visitId: lastVisitId });
        break;
      case 'wait':
        app.now.value += step.days * 86_400_000;
        break;
      case 'changeProgram': {
        await app.ok('loyalty.updateProgram', PROGRAMS[step.variant]!);
        // A new program never rewrites what was earned before.
        expect((await app.ok('loyalty.summary', { customerId: id })).balance).toBe(before);
        break;
      }
    }
    const entries = await ledger(app, id);
    const sum = entries.reduce((s, e) => s + e.amount, 0);
    const summary = await app.ok('loyalty.summary', { customerId: id });
    expect(summary.balance).toBe(sum);
    expect(summary.balance).toBeGreaterThanOrEqual(0);
    // What the handlers ask SQLite to expire is what the oldest-first rule says, for any cutoff.
    for (const months of [1, 3, 6]) {
      const cutoff = monthsBefore(app.now.value, months);
      const pure = expiryDue(entries.map((e) => ({ id: e.id, amount: e.amount, createdAt: e.created_at, reversesId: e.reverses_id })), cutoff);
      expect(Math.max(0, sum - (await youngCredits(app.archive.db, id, cutoff)))).toBe(pure);
    }
    // Every reversal cancels exactly the entry it reverses.
    for (const e of entries.filter((x) => x.reverses_id !== null)) {
      expect(e.amount + entries.find((x) => x.id === e.reverses_id)!.amount).toBe(0);
    }
  }
  expect((await app.ok('loyalty.check', {})).ok).toBe(true);
}

describe('the loyalty ledger (property)', () => {
  it('stays equal to its sum and never negative under any sequence of counter actions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 3 }), fc.array(opArb, { minLength: 1, maxLength: 40 }), async (program, ops) => {
        await run([{ op: 'changeProgram', variant: program }, ...ops]);
      }),
      { numRuns: 60, seed: 20261125 },
    );
  }, 120_000);
});
