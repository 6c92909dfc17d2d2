import { describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/services.js';

// "Owed to customers" on the home screen: the stamps the shop may still have to honour.
// An erased customer's stamps stay in the books, but no one can claim them any more.

async function customerWithStamps(app: TestApp, givenName: string, amount: string) {
  const customer = await app.ok('customers.create', { customer: { givenName, familyName: 'Bakker' } });
  await app.ok('loyalty.recordPurchase', { customerId: customer.id, amount, locale: 'nl' });
  return customer.id;
}

describe('what the shop owes its customers', () => {
  it('stops counting an erased customer’s stamps, and keeps counting an archived one’s', async () => {
    const app = testApp();
    const fenna = await customerWithStamps(app, 'Fenna', '40,00');
    const ahmed = await customerWithStamps(app, 'Ahmed', '70,00');
    const joke = await customerWithStamps(app, 'Joke', '20,00');
    expect((await app.ok('loyalty.figures', {})).outstanding).toEqual({ total: 4 + 7 + 2, customers: 3 });

    // Archiving can be undone with one click: Joke may come back for her stamps.
    await app.ok('customers.archive', { id: joke });
    expect((await app.ok('loyalty.figures', {})).outstanding).toEqual({ total: 4 + 7 + 2, customers: 3 });

    await app.ok('privacy.erase', { customerId: ahmed, confirm: true });
    expect((await app.ok('loyalty.figures', {})).outstanding).toEqual({ total: 4 + 2, customers: 2 });

    // Erasing an archived customer takes their stamps out of the figure too.
    await app.ok('privacy.erase', { customerId: joke, confirm: true });
    expect((await app.ok('loyalty.figures', {})).outstanding).toEqual({ total: 4, customers: 1 });

    // The books still hold every stamp: the ledger and the kept balances agree.
    expect(await app.ok('loyalty.check', {})).toMatchObject({ ok: true, customers: 3 });
    expect((await app.ok('loyalty.summary', { customerId: fenna })).balance).toBe(4);
  });
});
