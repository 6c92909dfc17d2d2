import { describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/services.js';

async function customer(app: TestApp, givenName: string, extra: Record<string, unknown> = {}) {
  return app.ok('customers.create', { customer: { givenName, ...extra } as never });
}

describe('tags', () => {
  it('tag and untag a customer, reusing a tag that folds alike', async () => {
    const app = testApp();
    const c = await customer(app, 'Truus');
    expect((await app.ok('tags.add', { customerId: c.id, name: '  Gluten-free ' })).map((t) => [t.name, t.count])).toEqual([['Gluten-free', 1]]);
    const tags = await app.ok('tags.add', { customerId: c.id, name: 'gluten free' });
    expect(tags).toHaveLength(1);
    await app.ok('tags.add', { customerId: c.id, name: 'Poëzie' });
    expect((await app.ok('tags.forCustomer', { customerId: c.id })).map((t) => t.name)).toEqual(['Gluten-free', 'Poëzie']);
    expect(await app.ok('tags.remove', { customerId: c.id, tagId: tags[0]!.id })).toEqual([expect.objectContaining({ name: 'Poëzie' })]);
    expect((await app.fail('tags.add', { customerId: c.id, name: ' -- ' })).fields?.name?.code).toBe('required');
    expect((await app.fail('tags.add', { customerId: c.id, name: 'x'.repeat(41) })).fields?.name?.code).toBe('too_long');
  });

  it('autocomplete by the start of a tag or of one of its words, most used first, with counts', async () => {
    const app = testApp();
    const people = [await customer(app, 'A'), await customer(app, 'B'), await customer(app, 'C')];
    for (const p of people) await app.ok('tags.add', { customerId: p.id, name: 'Poetry' });
    await app.ok('tags.add', { customerId: people[0]!.id, name: 'Pottery' });
    await app.ok('tags.add', { customerId: people[0]!.id, name: 'Vintage bikes' });
    await app.ok('tags.add', { customerId: people[1]!.id, name: 'Gluten-free' });

    expect((await app.ok('tags.list', { prefix: 'po' })).map((t) => [t.name, t.count])).toEqual([['Poetry', 3], ['Pottery', 1]]);
    expect((await app.ok('tags.list', { prefix: 'POË' })).map((t) => t.name)).toEqual(['Poetry']);
    expect((await app.ok('tags.list', { prefix: 'bik' })).map((t) => t.name)).toEqual(['Vintage bikes']);
    expect((await app.ok('tags.list', { prefix: 'free' })).map((t) => t.name)).toEqual(['Gluten-free']);
    expect((await app.ok('tags.list', { prefix: 'p%y' })).map((t) => t.name)).toEqual([]);
    expect((await app.ok('tags.list', {})).map((t) => t.name)).toEqual(['Poetry', 'Gluten-free', 'Pottery', 'Vintage bikes']);
    expect(await app.ok('tags.list', { limit: 1 })).toHaveLength(1);

    // Archived customers are not counted, and count again when restored.
    await app.ok('customers.archive', { id: people[2]!.id });
    expect((await app.ok('tags.list', { prefix: 'poetry' }))[0]!.count).toBe(2);
    await app.ok('customers.restore', { id: people[2]!.id });
    expect((await app.ok('tags.list', { prefix: 'poetry' }))[0]!.count).toBe(3);
  });

  it("list a tag's customers with channel and consent, giving contact details only to those who consented", async () => {
    const app = testApp();
    const yes = await customer(app, 'Anna', { familyName: 'Aalders', phones: ['06-12345678'], email: 'anna@example.nl', preferredChannel: 'whatsapp', marketingConsent: true, salutation: 'Mevrouw Aalders' });
    const no = await customer(app, 'Bram', { familyName: 'Bos', phones: ['06-87654321'], email: 'bram@example.nl', preferredChannel: 'email', marketingConsent: false });
    const archived = await customer(app, 'Cees', { familyName: 'Claes', marketingConsent: true });
    let tagId = 0;
    for (const p of [no, yes, archived]) tagId = (await app.ok('tags.add', { customerId: p.id, name: 'poetry' }))[0]!.id;
    await app.ok('customers.archive', { id: archived.id });

    const page = await app.ok('tags.customers', { tagId });
    expect(page.tag).toMatchObject({ name: 'poetry', count: 2 });
    expect(page.total).toBe(2);
    expect(page.items).toEqual([
      { id: yes.id, displayName: 'Anna Aalders', salutation: 'Mevrouw Aalders', language: 'nl', preferredChannel: 'whatsapp', marketingConsent: true, phone: '06-12345678', email: 'anna@example.nl', taggedAt: expect.any(Number), lastContactedAt: null },
      { id: no.id, displayName: 'Bram Bos', salutation: '', language: 'nl', preferredChannel: 'email', marketingConsent: false, phone: null, email: null, taggedAt: expect.any(Number), lastContactedAt: null },
    ]);
    const consented = await app.ok('tags.customers', { tagId, consentedOnly: true });
    expect([consented.total, consented.items.map((i) => i.id)]).toEqual([1, [yes.id]]);
    expect((await app.ok('tags.customers', { tagId, offset: 1, limit: 1 })).items.map((i) => i.id)).toEqual([no.id]);
    expect((await app.fail('tags.customers', { tagId: 999 })).code).toBe('not_found');
  });

  it('mark who was told: a contact entry on each timeline, remembered on the list', async () => {
    const app = testApp();
    await app.ok('settings.update', { currentStaff: 'Anna' });
    const a = await customer(app, 'Anna', { marketingConsent: true });
    const b = await customer(app, 'Bram');
    const stranger = await customer(app, 'Stranger');
    const tagId = (await app.ok('tags.add', { customerId: a.id, name: 'Vintage bikes' }))[0]!.id;
    await app.ok('tags.add', { customerId: b.id, name: 'vintage bikes' });

    const result = await app.ok('tags.markContacted', { tagId, customerIds: [a.id, stranger.id, a.id], channel: 'whatsapp', text: 'A 1962 Gazelle came in' });
    expect(result.skipped).toEqual([stranger.id]);
    expect(result.contacted.map((c) => c.customerId)).toEqual([a.id]);

    const [mark] = (await app.ok('notes.timeline', { customerId: a.id })).items;
    expect(mark).toMatchObject({
      id: result.contacted[0]!.entryId, kind: 'contact', text: 'A 1962 Gazelle came in', staff: 'Anna',
      contact: { channel: 'whatsapp', tagId, tagName: 'Vintage bikes', wishId: null, wishText: null },
    });
    const list = await app.ok('tags.customers', { tagId });
    expect(list.items.find((i) => i.id === a.id)!.lastContactedAt).toBe(mark!.at);
    expect(list.items.find((i) => i.id === b.id)!.lastContactedAt).toBeNull();
    expect((await app.ok('notes.timeline', { customerId: stranger.id })).items).toEqual([]);
  });
});

describe('wishes', () => {
  it('list the open ones across customers, find who asked, tell them and fulfil', async () => {
    const app = testApp();
    const anna = await customer(app, 'Anna', { phones: ['06-12345678'], marketingConsent: false, preferredChannel: 'phone' });
    const bram = await customer(app, 'Bram');
    const gone = await customer(app, 'Gone');
    const sofa = await app.ok('notes.add', { customerId: anna.id, kind: 'wish', text: 'Blue velvet sofa, three-seater' });
    app.now.value += 1000;
    const book = await app.ok('notes.add', { customerId: bram.id, kind: 'wish', text: 'Gedichten van Rutger Kopland' });
    app.now.value += 1000;
    await app.ok('notes.add', { customerId: bram.id, kind: 'note', text: 'Also likes a velvet chair' });
    await app.ok('notes.add', { customerId: gone.id, kind: 'wish', text: 'Velvet sofa too' });
    await app.ok('customers.archive', { id: gone.id });

    const open = await app.ok('wishes.list', {});
    expect(open.items.map((w) => w.id)).toEqual([book.id, sofa.id]);
    expect(open.total).toBe(2);

    const found = await app.ok('wishes.list', { query: 'VELVET sofa' });
    expect(found.items.map((w) => w.id)).toEqual([sofa.id]);
    // They asked to be told: their details are given whatever their marketing consent.
    expect(found.items[0]!.customer).toMatchObject({ id: anna.id, displayName: 'Anna', phone: '06-12345678', marketingConsent: false, preferredChannel: 'phone' });
    expect(found.items[0]!.lastContactedAt).toBeNull();

    const mark = await app.ok('wishes.markContacted', { id: sofa.id, channel: 'phone', text: 'It came in' });
    expect(mark).toMatchObject({ kind: 'contact', customerId: anna.id, contact: { channel: 'phone', wishId: sofa.id, wishText: 'Blue velvet sofa, three-seater', tagId: null } });
    expect((await app.ok('wishes.list', { query: 'velvet' })).items[0]!.lastContactedAt).toBe(mark.at);

    await app.ok('notes.setStatus', { id: sofa.id, status: 'fulfilled', resolution: 'Sold it to her' });
    expect((await app.ok('wishes.list', {})).items.map((w) => w.id)).toEqual([book.id]);
    expect((await app.ok('wishes.list', { query: 'velvet' })).items).toEqual([]);
    expect((await app.ok('wishes.list', { status: 'fulfilled', query: 'velvet' })).items.map((w) => w.id)).toEqual([sofa.id]);
    expect((await app.ok('wishes.list', { status: 'all' })).items.map((w) => [w.id, w.status])).toEqual([[book.id, 'open'], [sofa.id, 'fulfilled']]);
    expect((await app.fail('wishes.markContacted', { id: mark.id })).code).toBe('not_found');
  });

  it('page through many open wishes', async () => {
    const app = testApp();
    const c = await customer(app, 'Many');
    for (let i = 0; i < 7; i++) {
      await app.ok('notes.add', { customerId: c.id, kind: 'wish', text: `wish ${i}` });
      app.now.value += 1000;
    }
    const first = await app.ok('wishes.list', { limit: 5 });
    expect([first.items.length, first.total]).toEqual([5, 7]);
    const second = await app.ok('wishes.list', { limit: 5, cursor: first.next });
    expect([second.items.map((w) => w.text), second.next, second.total]).toEqual([['wish 1', 'wish 0'], null, null]);
  });
});
