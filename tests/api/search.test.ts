import { describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/services.js';
import { requeueAll } from '../support/search-backlog.js';

// Every case twice: with the customers in the search index, and with all of them queued
// for it as a large import leaves them (db/customers/search-backlog.ts), answered from
// their documents until the index has them. The shopkeeper sees no difference.
const MODES = [
  ['in the search index', async (_app: TestApp) => {}],
  ['queued for the search index by an import', async (app: TestApp) => requeueAll(app)],
] as const;

describe.each(MODES)('counter search, customers %s', (_mode, settle) => {
async function shop() {
  const app = testApp();
  const add = (customer: Record<string, unknown>) => app.ok('customers.create', { customer: customer as never });
  const people = {
    jose: await add({ givenName: 'José', namePrefix: 'van den', familyName: 'Berg', phones: ['06-12345678'], email: 'jose.berg@example.nl' }),
    unal: await add({ givenName: 'Ünal', familyName: 'Yılmaz', phones: ['+31 6 2345 6789'] }),
    oyvind: await add({ givenName: 'Øyvind', familyName: 'Hansen', phones: ['0031 10 123 4567'] }),
    marieke: await add({ givenName: 'Marieke', namePrefix: "in 't", familyName: 'Veld', email: 'marieke@veld.be', phones: ['+32 470 12 34 56'] }),
    bergman: await add({ givenName: 'Jan', familyName: 'Bergman' }),
    ijsberg: await add({ givenName: 'Kees', familyName: 'IJsberg' }),
  };
  await settle(app);
  return { app, people };
}

const names = async (app: TestApp, query: string) =>
  (await app.ok('customers.search', { query })).hits.map((h) => h.displayName);

  it('is blind to accents and case', async () => {
    const { app } = await shop();
    for (const q of ['jose', 'JOSÉ', 'José']) expect(await names(app, q), q).toEqual(['José van den Berg']);
    for (const q of ['unal', 'ünal', 'yilmaz']) expect(await names(app, q), q).toEqual(['Ünal Yılmaz']);
    expect(await names(app, 'oyv')).toEqual(['Øyvind Hansen']);
  });

  it('finds by any word prefix, tussenvoegsels included, and by the joined family name', async () => {
    const { app } = await shop();
    expect(await names(app, 'van den berg')).toEqual(['José van den Berg']);
    expect(await names(app, 'vandenberg')).toEqual(['José van den Berg']);
    expect(await names(app, 'jose berg')).toEqual(['José van den Berg']);
    expect(await names(app, "in 't veld")).toEqual(["Marieke in 't Veld"]);
  });

  it('ranks exact words before word starts before inside a word, whoever was seen last', async () => {
    const { app, people } = await shop();
    await app.ok('customers.get', { id: people.ijsberg.id, markSeen: true });
    const hits = (await app.ok('customers.search', { query: 'berg' })).hits;
    expect(hits.map((h) => [h.displayName, h.tier])).toEqual([
      ['José van den Berg', 'exact'],
      ['Jan Bergman', 'prefix'],
      ['Kees IJsberg', 'inside'],
    ]);
  });

  it('puts the most recently seen first among equal matches', async () => {
    const app = testApp();
    const older = await app.ok('customers.create', { customer: { givenName: 'Anna', familyName: 'de Jong' } });
    const newer = await app.ok('customers.create', { customer: { givenName: 'Anna', familyName: 'Bakker' } });
    await settle(app);
    expect((await app.ok('customers.search', { query: 'anna' })).hits.map((h) => h.id)).toEqual([newer.id, older.id]);
    await app.ok('customers.get', { id: older.id, markSeen: true });
    expect((await app.ok('customers.search', { query: 'anna' })).hits.map((h) => h.id)).toEqual([older.id, newer.id]);
  });

  it('finds phone numbers by any three or more digits, however typed or stored', async () => {
    const { app } = await shop();
    for (const q of ['0612', '+31 6 12', '612 34', '06-1234 5678', '0031 6 1234', '12345678']) {
      expect(await names(app, q), q).toEqual(['José van den Berg']);
    }
    expect(await names(app, '06 23 45')).toEqual(['Ünal Yılmaz']);
    expect(await names(app, '010-123')).toEqual(['Øyvind Hansen']);
    expect(await names(app, '0470 12')).toEqual(["Marieke in 't Veld"]);
    expect(await names(app, '+32 470')).toEqual(["Marieke in 't Veld"]);
    expect(await names(app, '06')).toEqual([]);
  });

  it('takes phone numbers written with (0) or an area code in brackets, and finds them as written', async () => {
    const app = testApp();
    const a = await app.ok('customers.create', { customer: { givenName: 'Haakjes', phones: ['+31 (0)6 57935840'] } });
    const b = await app.ok('customers.create', { customer: { givenName: 'Vaste', familyName: 'Lijn', phones: ['(020) 1234567'] } });
    await settle(app);
    expect(a.phones[0]!.e164).toBe('+31657935840');
    expect(b.phones[0]!.e164).toBe('+31201234567');
    expect(await names(app, '+31 (0)6 5793')).toEqual(['Haakjes']);
    expect(await names(app, '(020) 123')).toEqual(['Vaste Lijn']);
  });

  it('finds by e-mail, whole or in part', async () => {
    const { app } = await shop();
    expect(await names(app, 'jose.berg@example.nl')).toEqual(['José van den Berg']);
    expect(await names(app, 'marieke@ve')).toEqual(["Marieke in 't Veld"]);
  });

  it('recognises a whole card number, and finds a card by its first digits', async () => {
    const { app, people } = await shop();
    const result = await app.ok('customers.search', { query: ` ${people.unal.cardNumber} ` });
    expect(result.card).toMatchObject({ id: people.unal.id, displayName: 'Ünal Yılmaz' });
    expect(result.hits[0]).toMatchObject({ id: people.unal.id, tier: 'exact' });
    expect((await app.ok('customers.byCard', { cardNumber: people.unal.cardNumber }))?.id).toBe(people.unal.id);
    expect(await app.ok('customers.byCard', { cardNumber: '2100000000000' })).toBeNull();
    const prefix = await app.ok('customers.search', { query: people.oyvind.cardNumber.slice(0, 9) });
    expect(prefix.hits.map((h) => h.id)).toContain(people.oyvind.id);
    expect(prefix.card).toBeNull();
  });

  it('answers nonsense, one letter and FTS syntax with nothing, never an error', async () => {
    const { app } = await shop();
    for (const q of ['j', '', '"', 'AND OR NOT', 'berg*', 'name:jose', '(((', '💐', 'x'.repeat(200)]) {
      const result = await app.ok('customers.search', { query: q });
      expect(result.hits.every((h) => h.displayName !== ''), q).toBe(true);
    }
    expect(await names(app, 'berg*')).toContain('José van den Berg');
    expect(await names(app, 'name:jose')).toEqual([]);
    expect((await app.fail('customers.search', { query: 'x'.repeat(201) })).fields?.query?.code).toBe('too_long');
  });

  it('respects the limit, filling from the looser tiers', async () => {
    const app = testApp();
    for (let i = 0; i < 8; i++) await app.ok('customers.create', { customer: { givenName: i < 4 ? 'Piet' : 'Pieter' } });
    await settle(app);
    const hits = (await app.ok('customers.search', { query: 'piet', limit: 6 })).hits;
    expect(hits.map((h) => h.tier)).toEqual(['exact', 'exact', 'exact', 'exact', 'prefix', 'prefix']);
  });
});
