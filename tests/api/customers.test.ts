import { describe, expect, it } from 'vitest';
import { isGeneratedCardNumber } from '../../main/core/card-number.js';
import { testApp, type TestApp } from '../support/services.js';
import { onServer } from '../support/engine.js';

const count = async (app: ReturnType<typeof testApp>) =>
  Number((await app.archive.db.selectFrom('customers').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('creating customers', () => {
  it('stores every detail, keeps the phone as typed and issues a scannable card number', async () => {
    const app = testApp();
    const created = await app.ok('customers.create', {
      customer: {
        givenName: ' Øyvind ', namePrefix: 'van der', familyName: 'Meer', salutation: 'Meneer Van der Meer',
        phones: ['0031 6 1234 5678', '020-1234567'], email: 'oyvind@example.nl',
        address: { street: 'Oudegracht 12', postalCode: '3511 AB', city: 'Utrecht' },
        birthday: { day: 29, month: 2, year: null }, preferredChannel: 'whatsapp', language: 'en', marketingConsent: true,
      },
    });
    expect(created).toMatchObject({
      givenName: 'Øyvind', displayName: 'Øyvind van der Meer', salutation: 'Meneer Van der Meer',
      phones: [{ raw: '0031 6 1234 5678', e164: '+31612345678' }, { raw: '020-1234567', e164: '+31201234567' }],
      email: 'oyvind@example.nl', birthday: { day: 29, month: 2, year: null }, preferredChannel: 'whatsapp',
      language: 'en', marketingConsent: true, consentChangedAt: expect.any(Number), archivedAt: null,
    });
    expect(isGeneratedCardNumber(created.cardNumber)).toBe(true);
    expect(await app.ok('customers.get', { id: created.id })).toEqual(created);
  });

  it('gives each customer a different card number', async () => {
    const app = testApp();
    const cards = new Set<string>();
    for (let i = 0; i < 30; i++) cards.add((await app.ok('customers.create', { customer: { givenName: `Klant ${i}` } })).cardNumber);
    expect(cards.size).toBe(30);
  });

  it.each([
    [{ givenName: '  ' }, 'customer.givenName', 'required'],
    [{ givenName: 'Jan', email: 'jan@@example' }, 'customer.email', 'invalid_email'],
    [{ givenName: 'Jan', email: 'jan@example' }, 'customer.email', 'invalid_email'],
    [{ givenName: 'Jan', phones: ['06-1234'] }, 'customer.phones.0', 'invalid_phone'],
    [{ givenName: 'Jan', phones: ['06-12345678', 'bel me maar'] }, 'customer.phones.1', 'invalid_phone'],
    [{ givenName: 'Jan', birthday: { day: 31, month: 2, year: null } }, 'customer.birthday', 'invalid_date'],
    [{ givenName: 'Jan', birthday: { day: 29, month: 2, year: 2023 } }, 'customer.birthday', 'invalid_date'],
    [{ givenName: 'Jan', familyName: 'x'.repeat(101) }, 'customer.familyName', 'too_long'],
    [{ givenName: 'Jan', cardNumber: 'a b!' }, 'customer.cardNumber', 'invalid_card'],
  ])('refuses %j at the field, storing nothing', async (customer, field, code) => {
    const app = testApp();
    const error = await app.fail('customers.create', { customer });
    expect(error.code).toBe('validation');
    expect(error.fields?.[field]?.code).toBe(code);
    expect(await count(app)).toBe(0);
  });

  it('accepts 29 February in a leap year', async () => {
    const app = testApp();
    const c = await app.ok('customers.create', { customer: { givenName: 'Leap', birthday: { day: 29, month: 2, year: 2024 } } });
    expect(c.birthday).toEqual({ day: 29, month: 2, year: 2024 });
  });

  it('refuses a card number that another customer has, keeping both as they were', async () => {
    const app = testApp();
    const first = await app.ok('customers.create', { customer: { givenName: 'Eerste', cardNumber: 'bakker-0001' } });
    expect(first.cardNumber).toBe('BAKKER-0001');
    const error = await app.fail('customers.create', { customer: { givenName: 'Tweede', cardNumber: 'BAKKER-0001' } });
    expect(error).toMatchObject({ code: 'card_in_use', fields: { cardNumber: { code: 'card_in_use' } } });
    const second = await app.ok('customers.create', { customer: { givenName: 'Tweede' } });
    const moved = await app.fail('customers.update', { id: second.id, customer: { givenName: 'Tweede', cardNumber: 'BAKKER-0001' } });
    expect(moved.code).toBe('card_in_use');
    expect((await app.ok('customers.get', { id: second.id })).cardNumber).toBe(second.cardNumber);
    expect(await count(app)).toBe(2);
  });
});

describe('editing customers', () => {
  it('updates the details, keeps the card number when left empty and dates a consent change', async () => {
    const app = testApp();
    const c = await app.ok('customers.create', { customer: { givenName: 'Jan', familyName: 'Jansen', phones: ['06-12345678'] } });
    expect(c.consentChangedAt).toBeNull();
    const updated = await app.ok('customers.update', {
      id: c.id,
      customer: { givenName: 'Jan', familyName: 'Janssen', phones: ['06-87654321'], marketingConsent: true, cardNumber: '' },
    });
    expect(updated).toMatchObject({ familyName: 'Janssen', cardNumber: c.cardNumber, marketingConsent: true, phones: [{ raw: '06-87654321' }] });
    expect(updated.consentChangedAt).toBeGreaterThan(c.createdAt);
    const withdrawn = await app.ok('customers.update', { id: c.id, customer: { givenName: 'Jan', familyName: 'Janssen' } });
    expect(withdrawn.marketingConsent).toBe(false);
    expect(withdrawn.consentChangedAt).toBeGreaterThan(updated.consentChangedAt!);
    // The search follows the edit: the old name and number no longer find them.
    expect((await app.ok('customers.search', { query: 'jansen' })).hits).toEqual([]);
    expect((await app.ok('customers.search', { query: '0612345' })).hits).toEqual([]);
    expect((await app.ok('customers.search', { query: 'janssen' })).hits.map((h) => h.id)).toEqual([c.id]);
  });

  it('leaves the customer untouched when an edit is refused', async () => {
    const app = testApp();
    const c = await app.ok('customers.create', { customer: { givenName: 'Jan', email: 'jan@example.nl' } });
    await app.fail('customers.update', { id: c.id, customer: { givenName: 'Johannes', email: 'not-an-email' } });
    expect(await app.ok('customers.get', { id: c.id })).toMatchObject({ givenName: 'Jan', email: 'jan@example.nl' });
  });

  it('says not_found for a customer that does not exist', async () => {
    const app = testApp();
    expect((await app.fail('customers.get', { id: 999 })).code).toBe('not_found');
    expect((await app.fail('customers.update', { id: 999, customer: { givenName: 'X' } })).code).toBe('not_found');
    expect((await app.fail('customers.archive', { id: 999 })).code).toBe('not_found');
  });
});

describe('archiving', () => {
  it('takes a customer out of the counter search and puts them back on restore', async () => {
    const app = testApp();
    const c = await app.ok('customers.create', { customer: { givenName: 'Greet', familyName: 'Hendriks', phones: ['06-11223344'] } });
    const archived = await app.ok('customers.archive', { id: c.id });
    expect(archived.archivedAt).not.toBeNull();
    expect((await app.ok('customers.search', { query: 'greet' })).hits).toEqual([]);
    expect((await app.ok('customers.recent', {})).map((r) => r.id)).toEqual([]);
    // Their card still opens the profile, which says they are archived.
    expect(await app.ok('customers.byCard', { cardNumber: c.cardNumber })).toMatchObject({ id: c.id, archived: true });
    await app.ok('customers.restore', { id: c.id });
    expect((await app.ok('customers.search', { query: '0611' })).hits.map((h) => h.id)).toEqual([c.id]);
  });
});

describe('likely duplicates', () => {
  it('finds the same phone in another format, the same e-mail and the same name without accents', async () => {
    const app = testApp();
    const jose = await app.ok('customers.create', { customer: { givenName: 'José', familyName: 'Berg', phones: ['06-12345678'], email: 'Jose@Example.nl' } });
    const other = await app.ok('customers.create', { customer: { givenName: 'Anna', familyName: 'Smit' } });
    const hits = await app.ok('customers.duplicates', { givenName: 'Jose', familyName: 'berg', phones: ['+31 6 1234 5678'], email: 'jose@example.nl' });
    expect(hits).toEqual([expect.objectContaining({ id: jose.id, reasons: expect.arrayContaining(['phone', 'email', 'name']) })]);
    expect(await app.ok('customers.duplicates', { givenName: 'José', familyName: 'Berg', excludeId: jose.id })).toEqual([]);
    expect(await app.ok('customers.duplicates', { givenName: 'Anna', familyName: 'Jansen', phones: ['nonsense'] })).toEqual([]);
    expect(other.id).not.toBe(jose.id);
  });
});

describe('two tills of one shop', () => {
  it('create and look up customers at the same moment: each gets a key of its own and the other till finds it at once', async () => {
    // On the server both tills share this test's database; on the file, the second opens the same file.
    const first = testApp();
    const second = onServer ? testApp() : testApp({ dataDir: first.dataDir });
    const names = async (app: TestApp, query: string) => (await app.ok('customers.search', { query })).hits.map((h) => h.displayName);
    const ROUNDS = 12;
    // Each till serves one customer at a time, as a shopkeeper does, both at once: a new
    // customer, found by the other till the moment it is saved, then opened (seen) there.
    const serve = async (till: TestApp, other: TestApp, who: string) => {
      const made: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const c = await till.ok('customers.create', { customer: { givenName: `${who}${i}`, familyName: 'Tweetal' } });
        made.push(c.id);
        expect(await names(other, `${who}${i}`)).toEqual([`${who}${i} Tweetal`]);
        await other.ok('customers.get', { id: c.id, markSeen: true });
      }
      return made;
    };
    const [fromFirst, fromSecond] = await Promise.all([serve(first, second, 'Eerste'), serve(second, first, 'Tweede')]);

    const keys = (await first.archive.db.selectFrom('customers').select('search_key').execute()).map((r) => Number(r.search_key));
    expect(keys).toHaveLength(2 * ROUNDS);
    expect(new Set(keys).size).toBe(2 * ROUNDS);
    for (const app of [first, second]) expect((await app.ok('customers.search', { query: 'tweetal', limit: 50 })).hits).toHaveLength(2 * ROUNDS);
    // The customer seen last, on either till, comes first on both.
    await second.ok('customers.get', { id: fromFirst[0]!, markSeen: true });
    for (const app of [first, second]) expect((await app.ok('customers.recent', { limit: 1 }))[0]?.id).toBe(fromFirst[0]);
    await first.ok('customers.get', { id: fromSecond[3]!, markSeen: true });
    for (const app of [first, second]) expect((await app.ok('customers.recent', { limit: 1 }))[0]?.id).toBe(fromSecond[3]);
  });
});
