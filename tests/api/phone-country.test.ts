import { describe, expect, it } from 'vitest';
import { testApp } from '../support/services.js';

// Phone numbers are read in the shop's country (a setting, the Netherlands unless chosen),
// and found again however they are typed: in that country's national form or international.

const found = async (app: ReturnType<typeof testApp>, query: string) =>
  (await app.ok('customers.search', { query })).hits.map((h) => h.displayName);

describe('the shop\'s country for phone numbers', () => {
  it('is the Netherlands unless chosen, and is one of the countries offered', async () => {
    const app = testApp();
    expect((await app.ok('settings.get', {})).country).toBe('NL');
    expect((await app.ok('settings.update', { country: 'BE' })).country).toBe('BE');
    expect((await app.fail('settings.update', { country: 'XX' })).fields?.country?.code).toBe('invalid');
  });

  it('a Belgian shop saves a Belgian mobile and finds it by its national and international forms', async () => {
    const app = testApp();
    await app.ok('settings.update', { country: 'BE' });
    const lotte = await app.ok('customers.create', { customer: { givenName: 'Lotte', familyName: 'Peeters', phones: ['0470 12 34 56'] } });
    expect(lotte.phones).toEqual([{ raw: '0470 12 34 56', e164: '+32470123456' }]);
    for (const query of ['0470123456', '0470 12 34 56', '+32470123456', '+32 470 12 34 56', '0032470123456', '047012', '123456']) {
      expect(await found(app, query), query).toEqual(['Lotte Peeters']);
    }
    // Likely duplicates see the same number however it is typed.
    for (const phone of ['0470/12.34.56', '+32 470 12 34 56']) {
      const hits = await app.ok('customers.duplicates', { givenName: 'Someone', familyName: 'Else', phones: [phone], email: '' });
      expect(hits.map((h) => [h.id, h.reasons]), phone).toEqual([[lotte.id, ['phone']]]);
    }
    // A Dutch number in a Belgian shop is written internationally.
    const jan = await app.ok('customers.create', { customer: { givenName: 'Jan', familyName: 'de Vries', phones: ['+31 6 1234 5678'] } });
    expect(jan.phones[0]!.e164).toBe('+31612345678');
    expect(await found(app, '0612345678')).toEqual(['Jan de Vries']);
  });

  it('a Dutch shop still reads 06-12345678, and refuses the Belgian mobile written the Belgian way', async () => {
    const app = testApp();
    const piet = await app.ok('customers.create', { customer: { givenName: 'Piet', phones: ['06-12345678'] } });
    expect(piet.phones).toEqual([{ raw: '06-12345678', e164: '+31612345678' }]);
    expect(await found(app, '0612345678')).toEqual(['Piet']);
    expect(await found(app, '+31 6 12345678')).toEqual(['Piet']);
    const error = await app.fail('customers.create', { customer: { givenName: 'Lotte', phones: ['06-87654321', '0470 12 34 56'] } });
    expect(error).toMatchObject({ code: 'validation', fields: { 'customer.phones.1': { code: 'invalid_phone' } } });
    expect((await app.ok('customers.create', { customer: { givenName: 'Lotte', phones: ['+32 470 12 34 56'] } })).phones[0]!.e164).toBe('+32470123456');
  });
});
