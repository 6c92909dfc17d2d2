import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { expireAllDue } from '../../main/api/loyalty/maintenance.js';
import { testApp, type TestApp } from '../support/services.js';

const DAY = 86_400_000;

async function shopWithCustomer(program?: Parameters<TestApp['ok']>[1]) {
  const app = testApp();
  if (program) await app.ok('loyalty.updateProgram', program as never);
  const customer = await app.ok('customers.create', { customer: { givenName: 'Fenna', familyName: 'Bakker' } });
  const loaf = await app.ok('loyalty.saveReward', { name: 'Gratis brood', cost: 10, kind: 'free_item' });
  return { app, id: customer.id, loaf };
}

const buy = (app: TestApp, customerId: number, amount: string, locale: 'nl' | 'en' = 'nl') =>
  app.ok('loyalty.recordPurchase', { customerId, amount, locale });

describe('recording purchases and visits', () => {
  it('earns a stamp per full €10 and carries the rest to the next purchase', async () => {
    const { app, id } = await shopWithCustomer();
    const first = await buy(app, id, '23,50');
    expect(first.earned).toBe(2);
    expect(first.visit).toMatchObject({ kind: 'purchase', amountCents: 2350, earned: 2 });
    expect((await buy(app, id, '6,50')).earned).toBe(1); // 3,50 carried + 6,50
    expect((await buy(app, id, '9.99', 'en')).earned).toBe(0);
    const summary = await app.ok('loyalty.summary', { customerId: id });
    expect(summary).toMatchObject({ unit: 'stamps', balance: 3, cardSize: 10 });
    expect(summary.stats).toMatchObject({ lifetimeSpendCents: 3999, purchaseCount: 3, visitCount: 3, averageSpendCents: 1333 });
  });

  it('reads amounts the Dutch and the English way, and refuses bad ones at the field with nothing recorded', async () => {
    const { app, id } = await shopWithCustomer();
    expect((await buy(app, id, '€ 1.234,50')).visit.amountCents).toBe(123450);
    expect((await buy(app, id, '1,234.50', 'en')).visit.amountCents).toBe(123450);
    expect((await buy(app, id, '7,-')).visit.amountCents).toBe(700);
    for (const [amount, code] of [['0', 'amount_zero'], ['0,00', 'amount_zero'], ['-5', 'amount_negative'], ['100000,01', 'amount_too_large'],
      ['12,345', 'invalid_amount'], ['twaalf', 'invalid_amount'], ['', 'invalid_amount'], ['12.50', 'invalid_amount']] as const) {
      const error = await app.fail('loyalty.recordPurchase', { customerId: id, amount, locale: 'nl' });
      expect(error.fields?.amount?.code, amount).toBe(code);
    }
    expect((await app.ok('loyalty.summary', { customerId: id })).stats.purchaseCount).toBe(3);
  });

  it('gives stamps per visit when the program says so, with a tier multiplier', async () => {
    const { app, id } = await shopWithCustomer({
      rule: { kind: 'per_visit', stamps: 2 }, cardSize: 8, expiryMonths: null,
      tiers: [{ name: 'Goud', minSpendCents: 50_000, multiplierPercent: 150 }],
    });
    expect((await app.ok('loyalty.recordVisit', { customerId: id })).earned).toBe(2);
    await buy(app, id, '500,00');
    const gold = await app.ok('loyalty.recordVisit', { customerId: id });
    expect(gold.earned).toBe(3);
    expect(gold.summary.tier).toEqual({ name: 'Goud', multiplierPercent: 150 });
  });

  it('undoes the last entry with a reversing entry, once, and keeps both in the history', async () => {
    const { app, id } = await shopWithCustomer();
    await buy(app, id, '15,00');
    const wrong = await buy(app, id, '150,00');
    expect(wrong.summary.balance).toBe(16);
    const after = await app.ok('loyalty.undoLast', { customerId: id, visitId: wrong.visit.id });
    expect(after.balance).toBe(1);
    expect(after.stats).toMatchObject({ lifetimeSpendCents: 1500, purchaseCount: 1 });
    expect(after.lastVisit).toMatchObject({ id: wrong.visit.id, undone: true });
    expect((await app.fail('loyalty.undoLast', { customerId: id, visitId: wrong.visit.id })).code).toBe('not_undoable');
    // The carried €5 from the first purchase is back: €5 more makes a stamp.
    expect((await buy(app, id, '5,00')).earned).toBe(1);
    const history = await app.ok('loyalty.history', { customerId: id });
    expect(history.items.map((i) => [i.kind, i.amountCents, i.points])).toEqual([
      ['purchase', 500, 1], ['undo', -15000, -15], ['purchase', 15000, 15], ['purchase', 1500, 1],
    ]);
    expect(await app.archive.db.selectFrom('visits').select('id').execute()).toHaveLength(4);
  });

  it('refuses to undo a purchase whose stamps were already spent', async () => {
    const { app, id, loaf } = await shopWithCustomer();
    const big = await buy(app, id, '100,00');
    await app.ok('loyalty.redeem', { customerId: id, rewardId: loaf.id, idempotencyKey: 'key-000001' });
    const error = await app.fail('loyalty.undoLast', { customerId: id, visitId: big.visit.id });
    expect(error).toMatchObject({ code: 'insufficient_balance', params: { balance: 0, needed: 10 } });
  });
});

describe('redeeming', () => {
  it('redeems a reward once per idempotency key, with a short code for the till slip', async () => {
    const { app, id, loaf } = await shopWithCustomer();
    await buy(app, id, '230,00');
    const first = await app.ok('loyalty.redeem', { customerId: id, rewardId: loaf.id, idempotencyKey: 'click-abc-1' });
    expect(first).toMatchObject({ cost: 10, reward: { name: 'Gratis brood' }, summary: { balance: 13 } });
    expect(first.code).toMatch(/^[A-Z0-9]{6}$/);
    const again = await app.ok('loyalty.redeem', { customerId: id, rewardId: loaf.id, idempotencyKey: 'click-abc-1' });
    expect(again.entryId).toBe(first.entryId);
    expect(again.summary.balance).toBe(13);
  });

  it('refuses more than the balance, showing the balance', async () => {
    const { app, id, loaf } = await shopWithCustomer();
    await buy(app, id, '70,00');
    const error = await app.fail('loyalty.redeem', { customerId: id, rewardId: loaf.id, idempotencyKey: 'click-xyz-1' });
    expect(error).toMatchObject({ code: 'insufficient_balance', params: { balance: 7, needed: 10 } });
    expect((await app.ok('loyalty.summary', { customerId: id })).nextReward).toEqual({ rewardId: loaf.id, name: 'Gratis brood', missing: 3 });
  });

  it('only offers rewards that are active today', async () => {
    const { app, id, loaf } = await shopWithCustomer();
    await buy(app, id, '500,00');
    const now = app.now.value;
    const christmas = await app.ok('loyalty.saveReward', { name: 'Kerststol', cost: 20, kind: 'amount_off', value: 500, activeFrom: now + 10 * DAY, activeTo: now + 40 * DAY });
    await app.ok('loyalty.retireReward', { id: loaf.id, retired: true });
    expect((await app.ok('loyalty.summary', { customerId: id })).rewards).toEqual([]);
    expect((await app.fail('loyalty.redeem', { customerId: id, rewardId: christmas.id, idempotencyKey: 'early-bird-1' })).code).toBe('reward_unavailable');
    expect((await app.fail('loyalty.redeem', { customerId: id, rewardId: loaf.id, idempotencyKey: 'retired-one-1' })).code).toBe('reward_unavailable');
    app.now.value += 11 * DAY;
    expect((await app.ok('loyalty.summary', { customerId: id })).rewards.map((r) => [r.name, r.affordable])).toEqual([['Kerststol', true]]);
  });
});

describe('corrections, paper cards and expiry', () => {
  it('adjusts with a required reason and never below zero; migrates a paper card', async () => {
    const { app, id } = await shopWithCustomer();
    const migrated = await app.ok('loyalty.migrate', { customerId: id, amount: 7, reason: 'papieren kaart' });
    expect(migrated.balance).toBe(7);
    expect((await app.fail('loyalty.adjust', { customerId: id, amount: -2, reason: ' ' })).fields?.reason?.code).toBe('required');
    expect((await app.fail('loyalty.adjust', { customerId: id, amount: -8, reason: 'te veel' })).code).toBe('insufficient_balance');
    expect((await app.ok('loyalty.adjust', { customerId: id, amount: -2, reason: 'dubbel gestempeld' })).balance).toBe(5);
    const history = await app.ok('loyalty.history', { customerId: id });
    expect(history.items.map((i) => [i.kind, i.points, i.text])).toEqual([['adjust', -2, 'dubbel gestempeld'], ['migrate', 7, 'papieren kaart']]);
  });

  it('expires points oldest first, N months after they were earned', async () => {
    const { app, id } = await shopWithCustomer({ rule: { kind: 'points_per_euro', points: 1 }, cardSize: 10, tiers: [], expiryMonths: 12 });
    await buy(app, id, '40,00'); // 40 points, month 0
    app.now.value += 200 * DAY;
    await buy(app, id, '25,00'); // 25 points, month ~7
    await app.ok('loyalty.adjust', { customerId: id, amount: -30, reason: 'cadeaubon' }); // uses the oldest 30
    app.now.value += 200 * DAY; // the first 40 are now over a year old: 10 of them are left to expire
    const after = await buy(app, id, '1,00');
    expect(after.expired).toBe(10);
    expect(after.summary.balance).toBe(40 + 25 - 30 - 10 + 1);
  });

  it('expires old points of customers who stopped coming, in the background sweep', async () => {
    const { app, id } = await shopWithCustomer({ rule: { kind: 'points_per_euro', points: 1 }, cardSize: 10, tiers: [], expiryMonths: 6 });
    const regular = await app.ok('customers.create', { customer: { givenName: 'Vaste', familyName: 'Klant' } });
    await buy(app, id, '80,00');
    app.now.value += 150 * DAY;
    await buy(app, regular.id, '20,00');
    expect(await expireAllDue(app.deps)).toEqual({ customers: 0, expired: 0 });
    app.now.value += 40 * DAY; // Fenna's 80 points are now over six months old; the regular's are not
    expect(await expireAllDue(app.deps)).toEqual({ customers: 1, expired: 80 });
    expect(await expireAllDue(app.deps)).toEqual({ customers: 0, expired: 0 });
    expect((await app.ok('loyalty.summary', { customerId: id })).balance).toBe(0);
    expect((await app.ok('loyalty.figures', {})).outstanding).toEqual({ total: 20, customers: 1 });
    expect((await app.ok('loyalty.history', { customerId: id })).items[0]).toMatchObject({ kind: 'expire', points: -80 });
  });

  it('leaves earlier balances alone when the program changes', async () => {
    const { app, id } = await shopWithCustomer();
    await buy(app, id, '55,00');
    await app.ok('loyalty.updateProgram', { rule: { kind: 'per_visit', stamps: 1 }, cardSize: 12, tiers: [], expiryMonths: null });
    const summary = await app.ok('loyalty.summary', { customerId: id });
    expect(summary).toMatchObject({ balance: 5, cardSize: 12 });
    expect((await app.ok('loyalty.recordVisit', { customerId: id })).earned).toBe(1);
  });

  it('keeps the balance equal to the ledger, and says so', async () => {
    const { app, id, loaf } = await shopWithCustomer();
    await buy(app, id, '123,45');
    await app.ok('loyalty.redeem', { customerId: id, rewardId: loaf.id, idempotencyKey: 'check-it-1' });
    expect(await app.ok('loyalty.check', {})).toEqual({ ok: true, customers: 1, mismatches: [] });
    await sql`UPDATE loyalty_balances SET balance = balance + 1`.execute(app.archive.db);
    expect(await app.ok('loyalty.check', {})).toMatchObject({ ok: false, mismatches: [{ customer_id: id, kept: 3, ledger: 2 }] });
  });

  it('refuses to rewrite or delete history, even from SQL', async () => {
    const { app, id } = await shopWithCustomer();
    await buy(app, id, '20,00');
    await expect(sql`UPDATE ledger_entries SET amount = 99`.execute(app.archive.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM visits`.execute(app.archive.db)).rejects.toThrow(/append-only/);
  });
});

describe('shop figures', () => {
  it('count this month’s redemptions and what the shop owes', async () => {
    const { app, id, loaf } = await shopWithCustomer();
    const other = await app.ok('customers.create', { customer: { givenName: 'Ahmed' } });
    await buy(app, id, '250,00');
    await buy(app, other.id, '40,00');
    await app.ok('loyalty.redeem', { customerId: id, rewardId: loaf.id, idempotencyKey: 'fig-1-aaaa' });
    await app.ok('loyalty.redeem', { customerId: id, rewardId: loaf.id, idempotencyKey: 'fig-2-aaaa' });
    expect(await app.ok('loyalty.figures', {})).toEqual({
      unit: 'stamps',
      redeemedThisMonth: { count: 2, amount: 20 },
      outstanding: { total: 5 + 4, customers: 2 },
    });
  });
});
