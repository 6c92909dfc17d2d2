import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/services.js';

async function customer(app: TestApp, givenName: string, extra: Record<string, unknown> = {}) {
  return app.ok('customers.create', { customer: { givenName, ...extra } as never });
}

describe('pinned facts', () => {
  it('are a short ordered list, edited in place, found by the counter search', async () => {
    const app = testApp();
    const c = await customer(app, 'Truus');
    await app.ok('facts.add', { customerId: c.id, text: 'Allergic to nuts', staff: 'Anna' });
    const list = await app.ok('facts.add', { customerId: c.id, text: 'Always the sourdough, sliced' });
    expect(list.map((f) => [f.text, f.position])).toEqual([['Allergic to nuts', 0], ['Always the sourdough, sliced', 1]]);
    expect(list[0]).toMatchObject({ customerId: c.id, staff: 'Anna', createdAt: expect.any(Number) });

    const reordered = await app.ok('facts.reorder', { customerId: c.id, ids: [list[1]!.id, list[0]!.id] });
    expect(reordered.map((f) => f.text)).toEqual(['Always the sourdough, sliced', 'Allergic to nuts']);
    expect((await app.fail('facts.reorder', { customerId: c.id, ids: [list[1]!.id] })).fields?.ids?.code).toBe('invalid');

    expect((await app.ok('customers.search', { query: 'nuts' })).notes.map((n) => [n.customerId, n.kind, n.entryId])).toEqual([[c.id, 'fact', null]]);
    await app.ok('facts.edit', { id: list[0]!.id, text: 'Allergic to peanuts' });
    expect((await app.ok('customers.search', { query: 'nuts' })).notes).toEqual([]);
    expect((await app.ok('customers.search', { query: 'peanut' })).notes).toHaveLength(1);
    expect((await app.ok('facts.delete', { id: list[0]!.id })).map((f) => f.text)).toEqual(['Always the sourdough, sliced']);
    expect((await app.ok('customers.search', { query: 'peanut' })).notes).toEqual([]);

    expect((await app.fail('facts.add', { customerId: c.id, text: '' })).fields?.text?.code).toBe('required');
    expect((await app.fail('facts.add', { customerId: c.id, text: 'x'.repeat(201) })).fields?.text?.code).toBe('too_long');
    for (let i = 0; i < 19; i++) await app.ok('facts.add', { customerId: c.id, text: `fact ${i}` });
    expect((await app.fail('facts.add', { customerId: c.id, text: 'one more' })).fields?.text).toEqual({ code: 'too_many', params: { max: 20 } });
  });
});

describe('referrals', () => {
  it('set and clear who brought a customer in, list whom they brought, and refuse self-referral', async () => {
    const app = testApp();
    const anna = await customer(app, 'Anna');
    const bram = await customer(app, 'Bram');
    const cees = await customer(app, 'Cees');
    expect(await app.ok('customers.setReferrer', { id: bram.id, referrerId: anna.id })).toEqual({
      referredBy: { id: anna.id, displayName: 'Anna', archived: false }, referred: [],
    });
    await app.ok('customers.setReferrer', { id: cees.id, referrerId: anna.id });
    expect((await app.ok('customers.referrals', { id: anna.id })).referred.map((r) => [r.id, r.displayName, r.since])).toEqual([
      [bram.id, 'Bram', bram.createdAt], [cees.id, 'Cees', cees.createdAt],
    ]);
    expect((await app.fail('customers.setReferrer', { id: anna.id, referrerId: anna.id })).fields?.referrerId?.code).toBe('self_referral');
    expect((await app.fail('customers.setReferrer', { id: anna.id, referrerId: 999 })).fields?.referrerId?.code).toBe('invalid');
    expect((await app.ok('customers.setReferrer', { id: cees.id, referrerId: null })).referredBy).toBeNull();
    expect((await app.ok('customers.referrals', { id: anna.id })).referred.map((r) => r.id)).toEqual([bram.id]);
    // Editing the customer keeps the referrer.
    await app.ok('customers.update', { id: bram.id, customer: { givenName: 'Bram', familyName: 'Bos' } });
    expect((await app.ok('customers.referrals', { id: bram.id })).referredBy?.id).toBe(anna.id);
    // The archive itself refuses a self-reference.
    await expect(sql`UPDATE customers SET referred_by = id WHERE id = ${anna.id}`.execute(app.archive.db)).rejects.toThrow(/check constraint/i);
  });
});

describe('the counter brief', () => {
  it('gathers the top of a profile in one call', async () => {
    const app = testApp();
    const anna = await customer(app, 'Anna');
    const c = await customer(app, 'Truus', {
      familyName: 'Bakker', salutation: 'Mevrouw Bakker', preferredChannel: 'whatsapp', marketingConsent: true, language: 'en',
      birthday: { day: 28, month: 11, year: 1970 },
    });
    await app.ok('customers.setReferrer', { id: c.id, referrerId: anna.id });
    await app.ok('facts.add', { customerId: c.id, text: 'Allergic to nuts' });
    await app.ok('tags.add', { customerId: c.id, name: 'Poetry' });
    const field = await app.ok('fields.define', { name: 'Favourite author', kind: 'text' });
    await app.ok('fields.setValues', { customerId: c.id, values: { [field.id]: 'Kopland' } });
    await app.ok('loyalty.recordPurchase', { customerId: c.id, amount: '34,50', locale: 'nl', description: 'Rye and cake' });
    const complaint = await app.ok('notes.add', { customerId: c.id, kind: 'complaint', text: 'Cake was dry' });
    const wish = await app.ok('notes.add', { customerId: c.id, kind: 'wish', text: 'Blue velvet sofa' });
    const closed = await app.ok('notes.add', { customerId: c.id, kind: 'wish', text: 'Old wish' });
    await app.ok('notes.setStatus', { id: closed.id, status: 'fulfilled' });
    const last = await app.ok('notes.add', { customerId: c.id, kind: 'note', text: 'Back from holiday' });
    const follow = await app.ok('followups.add', { customerId: c.id, text: 'Call about the sofa', dueOn: '2026-12-01' });

    const brief = await app.ok('customers.brief', { id: c.id });
    expect(brief.customer).toEqual({
      id: c.id, displayName: 'Truus Bakker', givenName: 'Truus', salutation: 'Mevrouw Bakker', language: 'en', preferredChannel: 'whatsapp',
      marketingConsent: true, cardNumber: c.cardNumber, lastSeenAt: expect.any(Number), archived: false,
    });
    expect(brief.facts.map((f) => f.text)).toEqual(['Allergic to nuts']);
    expect(brief.tags.map((t) => t.name)).toEqual(['Poetry']);
    expect(brief.fields).toEqual([{ field: expect.objectContaining({ id: field.id }), value: 'Kopland' }]);
    expect(brief.lastVisit).toMatchObject({ kind: 'purchase', amountCents: 3450, description: 'Rye and cake', earned: 3, undone: false });
    expect(brief.lastEntry?.id).toBe(last.id);
    expect(brief.followUps.map((f) => f.id)).toEqual([follow.id]);
    expect(brief.complaints.map((e) => e.id)).toEqual([complaint.id]);
    expect(brief.wishes.map((e) => e.id)).toEqual([wish.id]);
    expect(brief.birthday).toEqual({ on: '2026-11-28', inDays: 3, turns: 56 });
    expect(brief.loyalty).toMatchObject({ unit: 'stamps', balance: 3, cardSize: 10, card: { filled: 3, size: 10, fullCards: 0 }, tier: null });
    expect(brief.referredBy).toEqual({ id: anna.id, displayName: 'Anna', archived: false });
    expect((await app.ok('customers.brief', { id: anna.id })).referralCount).toBe(1);
  });

  it('is light for a new customer and refuses an unknown one', async () => {
    const app = testApp();
    const c = await customer(app, 'New', { birthday: { day: 1, month: 1, year: null } });
    expect(await app.ok('customers.brief', { id: c.id })).toMatchObject({
      facts: [], tags: [], fields: [], lastVisit: null, lastEntry: null, followUps: [], complaints: [], wishes: [],
      birthday: null, loyalty: { balance: 0 }, referredBy: null, referralCount: 0,
    });
    expect((await app.fail('customers.brief', { id: 999 })).code).toBe('not_found');
  });
});

describe('staff in settings', () => {
  it('keeps a short list and the current one, and records the current one on writes', async () => {
    const app = testApp();
    expect(await app.ok('settings.get', {})).toMatchObject({ staff: [], currentStaff: '' });
    await app.ok('settings.update', { staff: [' Anna ', 'Bram'], currentStaff: 'Bram' });
    expect(await app.ok('settings.get', {})).toMatchObject({ staff: ['Anna', 'Bram'], currentStaff: 'Bram' });
    expect((await app.fail('settings.update', { staff: Array.from({ length: 21 }, (_, i) => `P${i}`) })).fields?.staff?.code).toBe('too_many');
    expect((await app.fail('settings.update', { staff: ['Anna', 'anna'] })).fields?.staff?.code).toBe('duplicate');
    const c = await customer(app, 'Truus');
    expect((await app.ok('notes.add', { customerId: c.id, kind: 'note', text: 'x' })).staff).toBe('Bram');
  });
});
