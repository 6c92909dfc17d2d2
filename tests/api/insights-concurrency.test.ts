import { describe, expect, it } from 'vitest';
import { testApp } from '../support/services.js';
import { handMadeShop, TODAY } from '../support/insights-shop.js';

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
