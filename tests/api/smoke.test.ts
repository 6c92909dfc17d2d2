import { describe, expect, it } from 'vitest';
import { testApp } from '../support/services.js';

describe('smoke', () => {
  it('creates and finds', async () => {
    const app = testApp();
    const c = await app.ok('customers.create', { customer: { givenName: 'José', namePrefix: 'van den', familyName: 'Berg', phones: ['06-12345678'], email: 'jose@example.nl' } });
    expect(c.cardNumber).toMatch(/^21\d{11}$/);
    for (const q of ['jose', 'berg', 'vandenberg', 'erg', '0612', '+31 6 12', '612 34', '0031612', 'jose@ex', c.cardNumber]) {
      const r = await app.ok('customers.search', { query: q });
      expect(r.hits.map((h) => [h.displayName, h.tier]), q).toEqual([['José van den Berg', expect.any(String)]]);
    }
  });
});
