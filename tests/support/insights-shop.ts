import type { TestApp } from './services.js';

// A shop whose pyramid is worked out by hand (tests/api/insights.test.ts), on the test
// clock's 25 November 2026: the default period is December 2025 to November 2026, the one
// before it December 2024 to November 2025.

export const at = (day: string) => Date.parse(`${day}T10:00:00Z`);
export const TODAY = at('2026-11-25');

export async function customer(app: TestApp, givenName: string, extra: Record<string, unknown> = {}): Promise<number> {
  return (await app.ok('customers.create', { customer: { givenName, familyName: 'Test', ...extra } as never })).id;
}

/** A purchase of `euros` on `day` (the clock is put back afterwards). */
export async function buy(app: TestApp, customerId: number, euros: number, day: string): Promise<number> {
  const keep = app.now.value;
  app.now.value = at(day);
  const result = await app.ok('loyalty.recordPurchase', { customerId, amount: `${euros},00`, locale: 'nl', description: '' });
  app.now.value = keep;
  return result.visit.id;
}

export async function visit(app: TestApp, customerId: number, day: string): Promise<number> {
  const keep = app.now.value;
  app.now.value = at(day);
  const result = await app.ok('loyalty.recordVisit', { customerId, description: '' });
  app.now.value = keep;
  return result.visit.id;
}

export type Shop = Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H' | 'I' | 'J' | 'K' | 'L' | 'M' | 'N' | 'O', number>;

/**
 * In the period (€1,000 in all; cut-offs 20/50/80 %): A 300 (3 purchases), B 200 (2), C 150
 * and D 150 (1 each, a tie), E 100 (2), F 50, G 30, H 20 (1 each), I came twice and bought
 * nothing. Walking down: A starts at 0 % (top); B at 30 % (large); C and D at 50 %, exactly
 * the large cut-off, so medium, together; E at 80 %, exactly the medium cut-off, so small.
 * J last bought in June 2025 and K in May 2024: inactive. L and M never bought, O's only
 * purchase was undone: prospects. N bought €500 and was archived: in no layer.
 * Before the period: B €1,000 (March 2025), C €20 (December 2024), J €80 (June 2025),
 * I €10 (June 2024), K €40 (May 2024).
 */
export async function handMadeShop(app: TestApp): Promise<Shop> {
  const names = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O'] as const;
  const shop = {} as Shop;
  for (const name of names) shop[name] = await customer(app, name, { marketingConsent: name === 'A' || name === 'C' });
  await buy(app, shop.A, 100, '2026-09-10');
  await buy(app, shop.A, 100, '2026-10-15');
  await buy(app, shop.A, 100, '2026-11-20');
  await buy(app, shop.B, 1000, '2025-03-01');
  await buy(app, shop.B, 100, '2026-08-01');
  await buy(app, shop.B, 100, '2026-09-01');
  await buy(app, shop.C, 20, '2024-12-05');
  await buy(app, shop.C, 150, '2026-07-01');
  await buy(app, shop.D, 150, '2026-07-01');
  await buy(app, shop.E, 50, '2026-05-01');
  await buy(app, shop.E, 50, '2026-06-01');
  await buy(app, shop.F, 50, '2026-03-01');
  await buy(app, shop.G, 30, '2026-01-15');
  await buy(app, shop.H, 20, '2025-12-20');
  await buy(app, shop.I, 10, '2024-06-01');
  await visit(app, shop.I, '2026-09-15');
  await visit(app, shop.I, '2026-10-01');
  await buy(app, shop.J, 80, '2025-06-15');
  await buy(app, shop.K, 40, '2024-05-10');
  await buy(app, shop.N, 500, '2026-04-01');
  await app.ok('customers.archive', { id: shop.N });
  const undone = await buy(app, shop.O, 1000, '2026-11-24');
  const keep = app.now.value;
  app.now.value = at('2026-11-24');
  await app.ok('loyalty.undoLast', { customerId: shop.O, visitId: undone });
  app.now.value = keep;
  return shop;
}
