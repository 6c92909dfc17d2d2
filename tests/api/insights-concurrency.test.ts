import { describe, expect, it } from 'vitest';
import { testApp } from '../support/services.js';
import { customer, handMadeShop, TODAY } from '../support/insights-shop.js';

// Many movement and movers requests at once, over many periods: each request's TEMP tables
// (a period's figures, its movement) must not be dropped by another's while it reads them.

const PERIODS = [null, ...Array.from({ length: 10 }, (_, i) => ({ from: `2025-${String(i + 1).padStart(2, '0')}`, to: '2026-10' }))];
const KINDS = ['new', 'returned', 'up', 'down', 'lapsed'] as const;

describe('movement asked for many periods at once', () => {
  it('answers every request, each as it would alone', async () => {
    const app = testApp();
    await handMadeShop(app);
    app.now.value = TODAY;
    const calls: [string, Record<string, unknown>][] = [];
    for (const period of PERIODS) {
      const p = period ? { period } : {};
      calls.push(['insights.movement', p]);
      for (const kind of KINDS) calls.push(['insights.movers', { ...p, kind }]);
    }
    // Alone, one after another: the expected answers.
    const alone: Awaited<ReturnType<typeof app.api.call>>[] = [];
    for (const [name, input] of calls) alone.push(await app.api.call(name, input));
    expect(alone.every((r) => r.ok)).toBe(true);
    // Together, three times over, in shuffled orders.
    for (let round = 0; round < 3; round++) {
      const order = calls.map((_, i) => i).sort((a, b) => ((a * 7919 + round * 104729) % 101) - ((b * 7919 + round * 104729) % 101));
      const together = await Promise.all(order.map((i) => app.api.call(calls[i]![0], calls[i]![1])));
      order.forEach((i, n) => expect(together[n], `${calls[i]![0]} ${JSON.stringify(calls[i]![1])}`).toEqual(alone[i]));
    }
  });
});

describe('tills recording purchases at once on the shared archive', () => {
  // Four tills of one shop (four apps on the one archive: the file, or in the PostgreSQL run
  // the server, each with its own pool), each ringing up sales while the first also keeps
  // asking for the pyramid. Every purchase bumps the insights' change marker; on the server
  // each connection counts its own (migration 017), so the tills do not all wait for, and
  // conflict on, one row.
  it('counts every purchase once, refuses none, and the insights add them all up afterwards', async () => {
    const first = testApp();
    const tills = [first, ...[1, 2, 3].map(() => testApp({ dataDir: first.dataDir }))];
    const customers: number[] = [];
    for (let i = 0; i < 16; i++) customers.push(await customer(first, `Vaste klant ${i}`));
    // Figures worked out and remembered before the sales: they must not be answered after them.
    expect((await first.ok('insights.pyramid', {})).revenueCents).toBe(0);

    const SALES = 25;
    const refused: string[] = [];
    const sold = new Map<number, number>();
    const timings: number[] = [];
    await Promise.all(tills.map(async (till, t) => {
      for (let i = 0; i < SALES; i++) {
        const customerId = customers[(t * 4 + i) % customers.length]!;
        const cents = (t + 1) * 100 + i;
        const started = performance.now();
        const result = await till.api.call('loyalty.recordPurchase', { customerId, amount: (cents / 100).toFixed(2), locale: 'en' });
        timings.push(performance.now() - started);
        if (!result.ok) refused.push(result.error.code);
        else sold.set(customerId, (sold.get(customerId) ?? 0) + cents);
        if (t === 0 && i % 5 === 0) {
          const asked = await till.api.call('insights.pyramid', {});
          if (!asked.ok) refused.push(asked.error.code);
        }
      }
    }));
    timings.sort((a, b) => a - b);
    console.info(`4 tills, ${timings.length} purchases: median ${timings[timings.length >> 1]!.toFixed(1)} ms, ` +
      `p99 ${timings[Math.ceil(timings.length * 0.99) - 1]!.toFixed(1)} ms`);

    // None refused (archive_busy, internal), each counted once.
    expect(refused).toEqual([]);
    const total = [...sold.values()].reduce((sum, cents) => sum + cents, 0);
    const visits = await first.archive.db.selectFrom('visits').select(['customer_id', 'amount_cents']).execute();
    expect(visits).toHaveLength(4 * SALES);
    expect(visits.reduce((sum, v) => sum + v.amount_cents, 0)).toBe(total);
    expect((await first.ok('loyalty.check', {})).ok).toBe(true);

    // On every till the pyramid and each customer's standing hold every sale, the default
    // period and a chosen one alike.
    for (const till of tills) {
      const pyramid = await till.ok('insights.pyramid', {});
      expect(pyramid).toMatchObject({ revenueCents: total, activeCustomers: customers.length, customers: customers.length });
      expect((await till.ok('insights.pyramid', { period: { from: '2026-11', to: '2026-11' } })).revenueCents).toBe(total);
    }
    for (const id of customers) {
      const bought = visits.filter((v) => v.customer_id === id);
      expect(await tills[id % 4]!.ok('insights.standing', { customerId: id })).toMatchObject({ spendCents: sold.get(id), visitCount: bought.length });
    }
  }, 60_000);
});
