import { describe, expect, it } from 'vitest';
import type { SystemPrinter } from '../../main/api/deps.js';
import { testApp } from '../support/services.js';

// A customer's own data (the right of access): everything stored, as JSON and as a page to
// print or save as PDF; and marketing lists that hold only those who agreed to offers.

describe('a customer’s data export', () => {
  it('holds everything stored about them, deleted notes and earlier versions included, and nothing about others', async () => {
    const app = testApp();
    await app.ok('settings.update', { shopName: 'Bakkerij Koster' });
    const referrer = await app.ok('customers.create', { customer: { givenName: 'Riet', familyName: 'Roos' } });
    const fenna = await app.ok('customers.create', {
      customer: {
        givenName: 'Fenna', familyName: 'de Boer', phones: ['06-23456789'], email: 'fenna@example.nl', marketingConsent: true,
        birthday: { day: 29, month: 2, year: null }, preferredChannel: 'email',
      },
    });
    const other = await app.ok('customers.create', { customer: { givenName: 'Piet', familyName: 'Jansen' } });
    await app.ok('customers.setReferrer', { id: fenna.id, referrerId: referrer.id });
    await app.ok('customers.setReferrer', { id: other.id, referrerId: fenna.id });
    const note = await app.ok('notes.add', { customerId: fenna.id, kind: 'note', text: 'Prefers the <b>dark</b> rye & spelt' });
    await app.ok('notes.edit', { id: note.id, text: 'Prefers dark rye' });
    const gone = await app.ok('notes.add', { customerId: fenna.id, kind: 'conversation', text: 'Talked about her new shop' });
    await app.ok('notes.delete', { id: gone.id });
    await app.ok('notes.add', { customerId: other.id, kind: 'note', text: 'Piet’s own note' });
    await app.ok('facts.add', { customerId: fenna.id, text: 'Gluten-free' });
    await app.ok('tags.add', { customerId: fenna.id, name: 'Poetry' });
    await app.ok('followups.add', { customerId: fenna.id, text: 'Call about the cake', dueOn: '2026-12-01', repeat: { kind: 'yearly' } });
    const field = await app.ok('fields.define', { name: 'Size', kind: 'choice', options: ['S', 'M', 'L'] });
    await app.ok('fields.setValues', { customerId: fenna.id, values: { [field.id]: 'M' } });
    const sale = await app.ok('loyalty.recordPurchase', { customerId: fenna.id, amount: '23,50', locale: 'nl', description: 'Birthday cake' });
    await app.ok('loyalty.adjust', { customerId: fenna.id, amount: 1, reason: 'Welcome stamp' });
    await app.ok('receipts.create', { source: { kind: 'loyalty', visitId: sale.visit.id } });

    const data = await app.ok('privacy.export', { customerId: fenna.id });
    expect(data).toMatchObject({
      format: 'counterpart.personal-data',
      version: 1,
      shop: 'Bakkerij Koster',
      customer: {
        givenName: 'Fenna', familyName: 'de Boer', email: 'fenna@example.nl', phones: [{ raw: '06-23456789', e164: '+31623456789' }],
        birthday: { day: 29, month: 2, year: null }, marketingConsent: true, preferredChannel: 'email', cardNumber: fenna.cardNumber,
        referredBy: 'Riet Roos', referredCount: 1,
      },
      tags: [{ name: 'Poetry' }],
      facts: [{ text: 'Gluten-free' }],
      followUps: [{ text: 'Call about the cake', dueOn: '2026-12-01', repeat: 'yearly', status: 'open' }],
      fields: [{ name: 'Size', value: 'M' }],
      loyalty: { unit: 'stamps', balance: 3, visits: [{ kind: 'purchase', amountCents: 2350, description: 'Birthday cake' }] },
      receipts: [{ kind: 'loyalty' }],
    });
    expect(data.timeline.map((t) => [t.text, t.deletedAt !== null, t.earlierVersions.map((v) => v.text)])).toEqual([
      ['Prefers dark rye', false, ['Prefers the <b>dark</b> rye & spelt']],
      ['Talked about her new shop', true, []],
    ]);
    expect(data.loyalty.ledger.map((l) => [l.kind, l.amount, l.reason])).toEqual([['earn', 2, ''], ['adjust', 1, 'Welcome stamp']]);
    // Nothing about other customers: not Piet's note, nor the name of whom she brought in.
    expect(JSON.stringify(data)).not.toMatch(/Piet|Jansen/);
  });

  it('reads as a page in the app’s language, with every text escaped and no script or inline style', async () => {
    const app = testApp({ locale: 'nl-NL' });
    await app.ok('settings.update', { language: 'nl', shopName: 'Kapsalon <Knip>' });
    const c = await app.ok('customers.create', { customer: { givenName: 'Ünal', familyName: 'Yılmaz', email: 'unal@example.nl' } });
    await app.ok('notes.add', { customerId: c.id, kind: 'note', text: '<script>alert(1)</script> wil "korter" & netjes' });
    await app.ok('loyalty.recordPurchase', { customerId: c.id, amount: '12,50', locale: 'nl' });
    const page = await app.ok('privacy.exportPage', { customerId: c.id });
    expect(page.title).toBe('Persoonsgegevens van Ünal Yılmaz');
    expect(page.fileName).toMatch(/^Ünal Yılmaz \d{4}-\d\d-\d\d\.json$/);
    expect(page.html).toContain('<h1>Persoonsgegevens van Ünal Yılmaz</h1>');
    expect(page.html).toContain('Kapsalon &lt;Knip&gt;');
    expect(page.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; wil &quot;korter&quot; &amp; netjes');
    expect(page.html).toContain('Notities, gesprekken, klachten, feedback en wensen');
    expect(page.html).toMatch(/€\s?12,50/);
    expect(page.html).toContain('Saldo: 1 stempel');
    expect(page.html).not.toMatch(/<script|style=|on\w+=/i);

    await app.ok('settings.update', { language: 'en' });
    expect((await app.ok('privacy.exportPage', { customerId: c.id })).html).toContain('<h1>Personal data of Ünal Yılmaz</h1>');
  });

  it('saves the page as a PDF through the desktop app, and says so plainly in web mode', async () => {
    const web = testApp();
    const c = await web.ok('customers.create', { customer: { givenName: 'Fenna' } });
    expect((await web.fail('privacy.savePdf', { customerId: c.id })).code).toBe('system_printing_unavailable');

    const saved: { html: string; name: string | undefined }[] = [];
    const printer: SystemPrinter = {
      list: async () => [],
      print: async () => {},
      savePdf: async (html, name) => {
        saved.push({ html, name });
        return true;
      },
    };
    const desktop = testApp({ systemPrinter: printer });
    const d = await desktop.ok('customers.create', { customer: { givenName: 'Fenna', familyName: 'de Boer' } });
    expect(await desktop.ok('privacy.savePdf', { customerId: d.id })).toEqual({ saved: true });
    expect(saved[0]!.name).toMatch(/^Fenna de Boer \d{4}-\d\d-\d\d\.pdf$/);
    expect(saved[0]!.html).toMatch(/^<!doctype html>/);
    expect(saved[0]!.html).toContain("default-src 'none'");
    expect(saved[0]!.html).toContain('@page { size: A4');
  });
});

describe('marketing consent', () => {
  it('keeps those who did not agree out of the contact lists of an interest', async () => {
    const app = testApp();
    const yes = await app.ok('customers.create', { customer: { givenName: 'Ja', familyName: 'Akkoord', phones: ['06-11111111'], email: 'ja@example.nl', marketingConsent: true } });
    const no = await app.ok('customers.create', { customer: { givenName: 'Nee', familyName: 'Bezwaar', phones: ['06-22222222'], email: 'nee@example.nl', marketingConsent: false } });
    await app.ok('tags.add', { customerId: yes.id, name: 'Poetry' });
    await app.ok('tags.add', { customerId: no.id, name: 'Poetry' });
    const tag = (await app.ok('tags.list', { prefix: 'poetry' }))[0]!;

    const all = await app.ok('tags.customers', { tagId: tag.id });
    const withheld = all.items.find((m) => m.id === no.id)!;
    expect([withheld.phone, withheld.email]).toEqual([null, null]);
    expect(all.items.find((m) => m.id === yes.id)).toMatchObject({ phone: '06-11111111', email: 'ja@example.nl' });
    expect((await app.ok('tags.customers', { tagId: tag.id, consentedOnly: true })).items.map((m) => m.id)).toEqual([yes.id]);

    // Withdrawing consent takes effect at once.
    await app.ok('customers.update', { id: yes.id, customer: { givenName: 'Ja', familyName: 'Akkoord', phones: ['06-11111111'], email: 'ja@example.nl', marketingConsent: false } });
    expect((await app.ok('tags.customers', { tagId: tag.id, consentedOnly: true })).items).toEqual([]);
  });
});
