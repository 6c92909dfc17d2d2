import { describe, expect, it } from 'vitest';
import type { Customer } from '../../main/api/contract.js';
import { addDays, dayOf } from '../../main/core/days.js';
import { testApp, type TestApp } from '../support/services.js';

// Merging duplicates: the shopkeeper picks the details to keep, and everything of the other
// profile moves over; stamps add up, the ledger still proves the balance, and the old
// profile leads to the one that stays.

interface Pair {
  jan: Customer;
  dup: Customer;
  fieldId: number;
  friend: Customer;
  referrer: Customer;
}

async function duplicates(app: TestApp): Promise<Pair> {
  const referrer = await app.ok('customers.create', { customer: { givenName: 'Riet', familyName: 'Roos' } });
  const jan = await app.ok('customers.create', {
    customer: { givenName: 'Jan', namePrefix: 'de', familyName: 'Vries', phones: ['06-12121212'], email: 'jan@example.nl', marketingConsent: false },
  });
  const dup = await app.ok('customers.create', {
    customer: {
      givenName: 'Johannes', namePrefix: 'de', familyName: 'Vries', salutation: 'Meneer De Vries', phones: ['06-34343434', '06-12121212'],
      address: { street: 'Dorpsstraat 1', postalCode: '1111 AA', city: 'Edam' }, marketingConsent: true, birthday: { day: 3, month: 4, year: 1960 },
    },
  });
  await app.ok('customers.setReferrer', { id: dup.id, referrerId: referrer.id });
  const friend = await app.ok('customers.create', { customer: { givenName: 'Kees', familyName: 'Kaas' } });
  await app.ok('customers.setReferrer', { id: friend.id, referrerId: dup.id });

  await app.ok('notes.add', { customerId: jan.id, kind: 'note', text: 'Likes rye bread' });
  const note = await app.ok('notes.add', { customerId: dup.id, kind: 'note', text: 'Collects antique weighing scales' });
  await app.ok('notes.edit', { id: note.id, text: 'Collects antique weighing scales and brass weights' });
  await app.ok('notes.add', { customerId: dup.id, kind: 'wish', text: 'Wants a copper scale' });
  await app.ok('facts.add', { customerId: jan.id, text: 'Diabetic' });
  await app.ok('facts.add', { customerId: dup.id, text: 'Deaf in the left ear' });
  await app.ok('tags.add', { customerId: jan.id, name: 'Poetry' });
  await app.ok('tags.add', { customerId: dup.id, name: 'Poetry' });
  await app.ok('tags.add', { customerId: dup.id, name: 'Vintage bikes' });
  await app.ok('followups.add', { customerId: dup.id, text: 'Ask about the scale auction', dueOn: addDays(dayOf(app.now.value), 2) });
  const field = await app.ok('fields.define', { name: 'Shoe size', kind: 'text' });
  await app.ok('fields.setValues', { customerId: jan.id, values: { [field.id]: '43' } });
  await app.ok('fields.setValues', { customerId: dup.id, values: { [field.id]: '44' } });
  const nick = await app.ok('fields.define', { name: 'Nickname', kind: 'text' });
  await app.ok('fields.setValues', { customerId: dup.id, values: { [nick.id]: 'Hannes' } });

  // €10 a stamp: Jan 3 stamps, his duplicate 4.
  await app.ok('loyalty.recordPurchase', { customerId: jan.id, amount: '30,00', locale: 'nl' });
  await app.ok('loyalty.recordPurchase', { customerId: dup.id, amount: '25,00', locale: 'nl', description: 'Scale polish' });
  await app.ok('loyalty.recordPurchase', { customerId: dup.id, amount: '20,00', locale: 'nl' });
  await app.ok('receipts.create', { source: { kind: 'member_card', customerId: dup.id } });
  return { jan, dup, fieldId: field.id, friend, referrer };
}

describe('merging duplicates', () => {
  it('shows both side by side with what would move, and the balance they add up to', async () => {
    const app = testApp();
    const { jan, dup } = await duplicates(app);
    const preview = await app.ok('privacy.mergePreview', { survivorId: jan.id, mergedId: dup.id });
    expect(preview.survivor.customer.displayName).toBe('Jan de Vries');
    expect(preview.merged.customer.displayName).toBe('Johannes de Vries');
    expect(preview.merged.counts).toEqual({ entries: 2, facts: 1, openFollowUps: 1, visits: 2, ledgerEntries: 2 });
    expect(preview.merged.tags).toEqual(['Poetry', 'Vintage bikes']);
    expect(preview.merged.fields.map((f) => [f.name, f.value])).toEqual([['Shoe size', '44'], ['Nickname', 'Hannes']]);
    expect(preview.merged.referrer?.displayName).toBe('Riet Roos');
    expect([preview.survivor.balance, preview.merged.balance, preview.balanceAfter]).toEqual([3, 4, 7]);
    expect(preview.unit).toBe('stamps');
  });

  it('keeps the chosen details, moves everything over and adds the stamps up', async () => {
    const app = testApp();
    const { jan, dup, fieldId, friend, referrer } = await duplicates(app);
    const poetry = (await app.ok('tags.list', { prefix: 'poetry' }))[0]!;
    expect(poetry.count).toBe(2);

    const result = await app.ok('privacy.merge', {
      survivorId: jan.id,
      mergedId: dup.id,
      keep: { name: 'merged', address: 'merged', consent: 'merged', cardNumber: 'merged', birthday: 'merged' },
      phones: ['+31634343434', '+31612121212'],
      fields: { [fieldId]: 'merged' },
    });
    const s = result.survivor;
    expect(s.id).toBe(jan.id);
    expect(s).toMatchObject({
      displayName: 'Johannes de Vries', email: 'jan@example.nl', salutation: 'Meneer De Vries', cardNumber: dup.cardNumber,
      address: { street: 'Dorpsstraat 1', city: 'Edam' }, marketingConsent: true, consentChangedAt: dup.consentChangedAt,
      birthday: { day: 3, month: 4, year: 1960 },
    });
    expect(s.phones.map((p) => p.raw)).toEqual(['06-34343434', '06-12121212']);

    // Everything written about either is the survivor's now.
    const timeline = await app.ok('notes.timeline', { customerId: jan.id });
    expect(timeline.items.map((e) => e.text).sort()).toEqual(['Collects antique weighing scales and brass weights', 'Likes rye bread', 'Wants a copper scale']);
    expect(timeline.items.find((e) => e.text.startsWith('Collects'))!.revisions).toHaveLength(1);
    expect((await app.ok('facts.list', { customerId: jan.id })).map((f) => f.text)).toEqual(['Diabetic', 'Deaf in the left ear']);
    expect((await app.ok('tags.forCustomer', { customerId: jan.id })).map((t) => t.name)).toEqual(['Poetry', 'Vintage bikes']);
    expect((await app.ok('tags.list', { prefix: 'poetry' }))[0]!.count).toBe(1);
    expect((await app.ok('tags.list', { prefix: 'vintage' }))[0]!.count).toBe(1);
    expect((await app.ok('followups.list', { customerId: jan.id })).open.map((f) => f.text)).toEqual(['Ask about the scale auction']);
    const fields = await app.ok('fields.values', { customerId: jan.id });
    expect(fields.map((f) => [f.field.name, f.value])).toEqual([['Shoe size', '44'], ['Nickname', 'Hannes']]);
    expect((await app.ok('customers.referrals', { id: jan.id })).referredBy?.id).toBe(referrer.id);
    expect((await app.ok('customers.referrals', { id: friend.id })).referredBy?.id).toBe(jan.id);

    // Stamps: 3 + 4, and the ledger still proves every balance.
    const summary = await app.ok('loyalty.summary', { customerId: jan.id });
    expect(summary.balance).toBe(7);
    expect((await app.ok('loyalty.history', { customerId: jan.id })).items.filter((i) => i.kind === 'purchase')).toHaveLength(3);
    expect(await app.ok('loyalty.check')).toMatchObject({ ok: true, mismatches: [] });
    expect(await app.archive.db.selectFrom('customer_visit_stats').select(['visit_count', 'spend_cents']).where('customer_id', '=', jan.id).executeTakeFirst())
      .toEqual({ visit_count: 3, spend_cents: 7500 });
    expect(await app.archive.db.selectFrom('loyalty_balances').select('customer_id').where('customer_id', '=', dup.id).execute()).toEqual([]);
    // The next purchase goes on from the merged balance.
    expect((await app.ok('loyalty.recordPurchase', { customerId: jan.id, amount: '10,00', locale: 'nl' })).summary.balance).toBe(8);

    // The counter finds the survivor by anything the two had, and never the merged-away one.
    for (const query of ['Johannes', '06-34343434', '0612121212', 'jan@example.nl', dup.cardNumber, 'weighing scales', 'Hannes']) {
      const found = await app.ok('customers.search', { query });
      const ids = [...found.hits.map((h) => h.id), ...found.notes.map((n) => n.customerId), ...(found.card ? [found.card.id] : [])];
      expect(ids, query).toContain(jan.id);
      expect(ids, query).not.toContain(dup.id);
    }

    // The merged-away profile leads to the survivor, and holds nothing personal.
    expect(await app.ok('privacy.status', { id: dup.id })).toMatchObject({ mergedInto: jan.id });
    expect(await app.ok('customers.get', { id: dup.id })).toMatchObject({
      displayName: `#${dup.id}`, phones: [], email: '', address: { street: '' }, birthday: null,
    });
    expect((await app.ok('customers.get', { id: dup.id })).cardNumber).toBe(`merged-${dup.id}`);
    expect(await app.ok('privacy.status', { id: jan.id })).toMatchObject({ mergedInto: null, erasedAt: null });
  });

  it('leaves the other card leading to the survivor, also after a later merge, and forgets it when the survivor is erased', async () => {
    const app = testApp();
    const { jan, dup } = await duplicates(app);
    const third = await app.ok('customers.create', { customer: { givenName: 'Jan', familyName: 'de Vries-Smit' } });
    await app.ok('privacy.merge', { survivorId: jan.id, mergedId: dup.id });
    // Left out, each detail is the survivor's own unless only the other had one.
    const kept = await app.ok('customers.get', { id: jan.id });
    expect(kept).toMatchObject({ displayName: 'Jan de Vries', cardNumber: jan.cardNumber, salutation: 'Meneer De Vries', address: { city: 'Edam' }, marketingConsent: false });
    expect(kept.phones.map((p) => p.raw)).toEqual(['06-12121212', '06-34343434']);
    expect((await app.ok('fields.values', { customerId: jan.id })).map((f) => f.value)).toEqual(['43', 'Hannes']);

    expect((await app.ok('customers.byCard', { cardNumber: dup.cardNumber }))?.id).toBe(dup.id);
    await app.ok('privacy.merge', { survivorId: third.id, mergedId: jan.id, keep: { name: 'merged' } });
    expect(await app.ok('privacy.status', { id: dup.id })).toMatchObject({ mergedInto: third.id });
    expect((await app.ok('loyalty.summary', { customerId: third.id })).balance).toBe(7);

    const erased = await app.ok('privacy.erase', { customerId: third.id, confirm: true });
    for (let step = 0; step < erased.scrubSteps.length; step++) await app.ok('privacy.scrub', { step, upTo: erased.erasedAt });
    expect(await app.ok('customers.byCard', { cardNumber: dup.cardNumber })).toBeNull();
    expect(await app.ok('customers.byCard', { cardNumber: jan.cardNumber })).toBeNull();
    expect(await app.ok('loyalty.check')).toMatchObject({ ok: true });
  });

  it('refuses merging a customer with themself, an erased one, or phones neither had, and changes nothing then', async () => {
    const app = testApp();
    const { jan, dup } = await duplicates(app);
    const gone = await app.ok('customers.create', { customer: { givenName: 'Gone' } });
    await app.ok('privacy.erase', { customerId: gone.id, confirm: true });

    expect((await app.fail('privacy.merge', { survivorId: jan.id, mergedId: jan.id })).code).toBe('merge_same_customer');
    expect((await app.fail('privacy.mergePreview', { survivorId: jan.id, mergedId: jan.id })).code).toBe('merge_same_customer');
    expect((await app.fail('privacy.merge', { survivorId: jan.id, mergedId: gone.id })).code).toBe('customer_erased');
    expect((await app.fail('privacy.merge', { survivorId: jan.id, mergedId: 999_999 })).code).toBe('not_found');
    expect(await app.fail('privacy.merge', { survivorId: jan.id, mergedId: dup.id, phones: ['+31699999999'] }))
      .toMatchObject({ code: 'validation', fields: { 'phones.0': { code: 'invalid' } } });
    expect(await app.fail('privacy.merge', { survivorId: jan.id, mergedId: dup.id, phones: ['+31612121212', '+31612121212'] }))
      .toMatchObject({ code: 'validation', fields: { phones: { code: 'duplicate' } } });
    expect((await app.fail('privacy.merge', { survivorId: jan.id, mergedId: dup.id, phones: Array(6).fill('+31612121212') })).fields)
      .toMatchObject({ phones: { code: 'too_many' } });
    expect((await app.fail('privacy.merge', { survivorId: jan.id, mergedId: dup.id, keep: { name: 'both' } })).code).toBe('validation');

    expect(await app.ok('privacy.status', { id: dup.id })).toMatchObject({ mergedInto: null });
    expect(await app.ok('customers.get', { id: dup.id })).toMatchObject({ displayName: 'Johannes de Vries' });
    expect((await app.ok('loyalty.summary', { customerId: jan.id })).balance).toBe(3);
    expect((await app.ok('notes.timeline', { customerId: dup.id })).items).toHaveLength(2);
  });
});
