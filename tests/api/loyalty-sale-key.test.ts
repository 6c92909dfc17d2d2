import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { CounterResult } from '../../main/api/loyalty/schema.js';
import { itOnServer } from '../support/engine.js';
import { testApp, type TestApp } from '../support/services.js';

// A sale rung up again is recorded once. The till sends a key per attempt at a sale and the
// same key with a retry (after `archive_unreachable`, whose COMMIT may have reached the
// server, or a double click): the second call answers the first one's result and writes
// nothing. Two tills of one shop are two apps on one archive (the file, or in the PostgreSQL
// run this test's database).

async function shop() {
  const app = testApp();
  const fenna = await app.ok('customers.create', { customer: { givenName: 'Fenna', familyName: 'Bakker' } });
  const joost = await app.ok('customers.create', { customer: { givenName: 'Joost', familyName: 'Mulder' } });
  return { app, fenna: fenna.id, joost: joost.id };
}

/** What the customer's history shows: purchases and visits, and the stamps they earned. */
async function recorded(app: TestApp, customerId: number) {
  const summary = await app.ok('loyalty.summary', { customerId });
  const { items } = await app.ok('loyalty.history', { customerId });
  return { visits: summary.stats.visitCount, purchases: summary.stats.purchaseCount, balance: summary.balance, lines: items.length };
}

/** The answer without its summary's moment-dependent parts: what the till shows as confirmation. */
const confirmation = (r: CounterResult) => ({ visit: r.visit, earned: r.earned, expired: r.expired, balance: r.summary.balance, lastVisit: r.summary.lastVisit });

describe('recording a sale again with the same key', () => {
  it('records a purchase once and answers the second call as the first', async () => {
    const { app, fenna } = await shop();
    const input = { customerId: fenna, amount: '23,50', locale: 'nl' as const, description: 'taart', idempotencyKey: 'sale-0001-aaaa' };
    const first = await app.ok('loyalty.recordPurchase', input);
    const again = await app.ok('loyalty.recordPurchase', input);
    expect(first.earned).toBe(2);
    expect(confirmation(again)).toEqual(confirmation(first));
    expect(again.visit).toMatchObject({ id: first.visit.id, kind: 'purchase', amountCents: 2350, description: 'taart', earned: 2, undone: false });
    expect(await recorded(app, fenna)).toEqual({ visits: 1, purchases: 1, balance: 2, lines: 1 });
  });

  it('records a purchase that earns nothing and a visit once too (no ledger entry of their own)', async () => {
    const { app, fenna } = await shop();
    const small = { customerId: fenna, amount: '4,00', locale: 'nl' as const, idempotencyKey: 'small-sale-0001' };
    const first = await app.ok('loyalty.recordPurchase', small);
    expect(first.earned).toBe(0);
    expect(confirmation(await app.ok('loyalty.recordPurchase', small))).toEqual(confirmation(first));

    const visit = { customerId: fenna, description: 'even kijken', idempotencyKey: 'visit-only-0001' };
    const firstVisit = await app.ok('loyalty.recordVisit', visit);
    const againVisit = await app.ok('loyalty.recordVisit', visit);
    expect(confirmation(againVisit)).toEqual(confirmation(firstVisit));
    expect(againVisit.visit).toMatchObject({ kind: 'visit', earned: 0 });
    expect(await recorded(app, fenna)).toEqual({ visits: 2, purchases: 1, balance: 0, lines: 2 });
  });

  it('still records every sale sent without a key, and every sale with a key of its own', async () => {
    const { app, fenna } = await shop();
    await app.ok('loyalty.recordPurchase', { customerId: fenna, amount: '10,00', locale: 'nl' });
    await app.ok('loyalty.recordPurchase', { customerId: fenna, amount: '10,00', locale: 'nl' });
    await app.ok('loyalty.recordPurchase', { customerId: fenna, amount: '10,00', locale: 'nl', idempotencyKey: 'first-of-two' });
    await app.ok('loyalty.recordPurchase', { customerId: fenna, amount: '10,00', locale: 'nl', idempotencyKey: 'second-of-two' });
    expect(await recorded(app, fenna)).toEqual({ visits: 4, purchases: 4, balance: 4, lines: 4 });
  });

  it('refuses the same key for another sale at the field, and writes nothing', async () => {
    const { app, fenna, joost } = await shop();
    const key = 'reused-key-0001';
    await app.ok('loyalty.recordPurchase', { customerId: fenna, amount: '12,00', locale: 'nl', idempotencyKey: key });
    const otherAmount = await app.fail('loyalty.recordPurchase', { customerId: fenna, amount: '12,50', locale: 'nl', idempotencyKey: key });
    expect(otherAmount).toMatchObject({ code: 'validation', fields: { idempotencyKey: { code: 'invalid' } } });
    const otherCustomer = await app.fail('loyalty.recordPurchase', { customerId: joost, amount: '12,00', locale: 'nl', idempotencyKey: key });
    expect(otherCustomer).toMatchObject({ code: 'validation', fields: { idempotencyKey: { code: 'invalid' } } });
    const aVisit = await app.fail('loyalty.recordVisit', { customerId: fenna, idempotencyKey: key });
    expect(aVisit).toMatchObject({ code: 'validation', fields: { idempotencyKey: { code: 'invalid' } } });
    expect(await recorded(app, fenna)).toEqual({ visits: 1, purchases: 1, balance: 1, lines: 1 });
    expect(await recorded(app, joost)).toEqual({ visits: 0, purchases: 0, balance: 0, lines: 0 });
    // A key too short to be a till's is refused at the field too, as a redemption's.
    const short = await app.fail('loyalty.recordPurchase', { customerId: fenna, amount: '1,00', locale: 'nl', idempotencyKey: 'short' });
    expect(short.fields?.idempotencyKey).toBeDefined();
  });

  it('records the sale once when two tills send the same key at the same moment', async () => {
    const { app: one, fenna } = await shop();
    const two = testApp({ dataDir: one.dataDir });
    for (let round = 0; round < 10; round++) {
      const input = { customerId: fenna, amount: '15,00', locale: 'nl' as const, description: '', idempotencyKey: `both-tills-${round}` };
      const [a, b] = await Promise.all([one.ok('loyalty.recordPurchase', input), two.ok('loyalty.recordPurchase', input)]);
      expect(b.visit.id, `round ${round}`).toBe(a.visit.id);
      expect(b.earned).toBe(a.earned);
    }
    // 15 euros a sale, 10 sales: 15 stamps, one line each.
    expect(await recorded(one, fenna)).toEqual({ visits: 10, purchases: 10, balance: 15, lines: 10 });
  });

  itOnServer('lets the unique index decide when both tills are past their look for the key', async () => {
    const { app: one, fenna } = await shop();
    const two = testApp({ dataDir: one.dataDir });
    const blocker = testApp({ dataDir: one.dataDir });
    await one.ok('loyalty.recordPurchase', { customerId: fenna, amount: '10,00', locale: 'nl' });
    const db = blocker.archive.db;

    // Another till's transaction holds the customer's balance row: both sales look for the
    // key (absent), write their visit and then wait — the second one's visit on the first's
    // uncommitted key in the unique index.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const hold = db.transaction().execute(async (trx) => {
      await sql`SELECT balance FROM loyalty_balances WHERE customer_id = ${fenna} FOR UPDATE`.execute(trx);
      locked();
      await released;
    });
    await isLocked;
    const input = { customerId: fenna, amount: '20,00', locale: 'nl' as const, idempotencyKey: 'held-race-0001' };
    const both = Promise.all([one.api.call('loyalty.recordPurchase', input), two.api.call('loyalty.recordPurchase', input)]);
    const waiting = sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
    const giveUp = Date.now() + 10_000;
    while ((await waiting.execute(db)).rows[0]!.n < 2) {
      if (Date.now() > giveUp) throw new Error('the two sales did not come to wait');
      await new Promise((r) => setTimeout(r, 2));
    }
    release();
    await hold;
    const [a, b] = await both;
    expect(a).toMatchObject({ ok: true });
    expect(b).toMatchObject({ ok: true });
    if (!a.ok || !b.ok) return;
    expect(confirmation(b.value as CounterResult)).toEqual(confirmation(a.value as CounterResult));
    expect(await recorded(one, fenna)).toEqual({ visits: 2, purchases: 2, balance: 3, lines: 2 });
  });

  itOnServer('answers the sale already there when the unique index refuses the key outright (23505, no conflict to retry)', async () => {
    const { app: one, fenna } = await shop();
    const db = testApp({ dataDir: one.dataDir }).archive.db;
    // A writer outside SERIALIZABLE (the CLI, a script) writes the sale with the key and
    // commits while the till's insert waits on it: PostgreSQL then has no conflict to report
    // and answers a unique violation, which the till must not turn into `internal`.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let written!: () => void;
    const isWritten = new Promise<void>((resolve) => (written = resolve));
    const other = db.transaction().execute(async (trx) => {
      await trx.insertInto('visits')
        .values({ customer_id: fenna, kind: 'purchase', amount_cents: 800, description: '', carry_cents: 800, occurred_at: Date.UTC(2026, 10, 25, 9), idempotency_key: 'written-elsewhere' })
        .execute();
      written();
      await released;
    });
    await isWritten;
    const sale = one.api.call('loyalty.recordPurchase', { customerId: fenna, amount: '8,00', locale: 'nl', idempotencyKey: 'written-elsewhere' });
    const waiting = sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
    const giveUp = Date.now() + 10_000;
    while ((await waiting.execute(db)).rows[0]!.n < 1) {
      if (Date.now() > giveUp) throw new Error('the sale did not come to wait');
      await new Promise((r) => setTimeout(r, 2));
    }
    release();
    await other;
    const answer = await sale;
    expect(answer).toMatchObject({ ok: true, value: { visit: { kind: 'purchase', amountCents: 800, earned: 0 } } });
    expect(await recorded(one, fenna)).toMatchObject({ visits: 1, purchases: 1 });
  });
});
