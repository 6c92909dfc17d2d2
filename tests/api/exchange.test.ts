import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { ImportReport } from '../../main/api/contract.js';
import { onServer } from '../support/engine.js';
import { testApp, type TestApp } from '../support/services.js';
import { finished, fixture, snapshot, upload } from './exchange-support.js';

// Importing a customer list from a spreadsheet or another till system: the mapping, the
// preview, the dry run's report, and the import itself (all or nothing, or skipping bad rows).

async function withSanne(app: TestApp) {
  return app.ok('customers.create', {
    customer: { givenName: 'Sanne', familyName: 'Visser', phones: ['06-87654321'], email: 'sanne@example.nl', cardNumber: 'KAART-0042' },
  });
}

async function dryRun(app: TestApp, input: { uploadId: string; mapping: never[] | (string | null)[]; dateOrder: 'dmy' | 'mdy'; skipDuplicates?: boolean }) {
  const job = await finished(app, await app.ok('exchange.check', input as never));
  expect(job).toMatchObject({ kind: 'check', state: 'done', error: null });
  return job.result as ImportReport;
}

describe('a messy spreadsheet', () => {
  it('is read with its BOM, semicolons, quoted line breaks, and its columns mapped from the Dutch headers', async () => {
    const app = testApp();
    const file = await upload(app, fixture('messy.csv'));
    expect(file).toMatchObject({
      name: 'klanten.csv',
      separator: ';',
      rows: 14,
      source: 'spreadsheet',
      dateOrder: 'dmy',
      unterminatedQuote: false,
      headers: ['Naam', 'Telefoon', 'Mobiel', 'E-mail', 'Geboortedatum', 'Adres', 'Postcode', 'Plaats', 'Klantenkaart', 'Stempels', 'Nieuwsbrief', 'Opmerking'],
      mapping: ['fullName', 'phone', 'phone', 'email', 'birthday', 'street', 'postalCode', 'city', 'cardNumber', 'balance', 'marketingConsent', 'note'],
    });
    expect(file.sample[0]![11]).toBe('Altijd het zuurdesem,\r\ngesneden');
  });

  it('previews the first rows as they would be imported: names split, five phone formats, Dutch dates read', async () => {
    const app = testApp();
    const file = await upload(app, fixture('messy.csv'));
    const rows = await app.ok('exchange.preview', { uploadId: file.uploadId, mapping: file.mapping, dateOrder: 'dmy', limit: 5 });
    expect(rows.map((r) => [r.row, r.givenName, r.namePrefix, r.familyName, r.phones, r.birthday, r.balance, r.marketingConsent, r.problems.map((p) => p.code)]))
      .toEqual([
        [2, 'José', 'van den', 'Berg', ['06-12345678'], '1985-02-03', 12, true, []],
        [3, 'Marieke', 'de', 'Vries', ['+31 6 2345 6789', '020-1234567'], '1985-02-03', 0, false, []],
        [4, 'Ünal', '', 'Yılmaz', ['0031634567890'], '1985-02-03', 5, true, []],
        [5, '', '', '', [], '', 0, false, []],
        [6, 'Piet', '', '', ['06 45 67 89 01'], '', 0, false, ['invalid_email', 'invalid_date', 'invalid_number', 'invalid_choice']],
      ]);
    expect(rows[0]).toMatchObject({ address: 'Dorpsstraat 1, 1234 AB Ede', note: 'Altijd het zuurdesem,\ngesneden', empty: false });
    expect(rows[3]!.empty).toBe(true);
  });

  it('gets a dry-run report naming every bad row and every likely duplicate, within the file and against the archive', async () => {
    const app = testApp();
    const sanne = await withSanne(app);
    const before = await snapshot(app);
    const file = await upload(app, fixture('messy.csv'));
    const report = await dryRun(app, { uploadId: file.uploadId, mapping: file.mapping, dateOrder: file.dateOrder });
    const person = { id: sanne.id, name: 'Sanne Visser' };
    expect(report).toEqual({
      rows: 14,
      empty: 1,
      valid: 7,
      badRows: 6,
      bad: [
        {
          row: 6,
          problems: [
            { field: 'email', column: 'E-mail', code: 'invalid_email', value: 'piet@' },
            { field: 'birthday', column: 'Geboortedatum', code: 'invalid_date', value: '31-02-1990' },
            { field: 'balance', column: 'Stempels', code: 'invalid_number', value: 'abc' },
            { field: 'marketingConsent', column: 'Nieuwsbrief', code: 'invalid_choice', value: 'misschien' },
          ],
        },
        { row: 7, problems: [{ field: 'fullName', column: 'Naam', code: 'required', value: '' }] },
        { row: 9, problems: [{ field: 'phone', column: 'Telefoon', code: 'invalid_phone', value: '12345' }] },
        { row: 12, problems: [{ field: 'cardNumber', column: 'Klantenkaart', code: 'card_in_use', value: 'KAART-0042', params: { customer: 'Sanne Visser' } }] },
        { row: 14, problems: [{ field: 'cardNumber', column: 'Klantenkaart', code: 'card_repeated', value: 'KAART-0100', params: { row: 13 } }] },
        { row: 15, problems: [{ field: null, column: '#13', code: 'extra_cells', value: 'extra' }] },
      ],
      duplicateRows: 5,
      duplicates: [
        { row: 8, field: 'email', value: 'jose@EXAMPLE.nl', sameAsRow: 2, customer: null },
        { row: 10, field: 'phone', value: '+316 12345678', sameAsRow: 2, customer: null },
        { row: 11, field: 'phone', value: '06-87654321', sameAsRow: null, customer: person },
        { row: 11, field: 'email', value: 'SANNE@example.nl', sameAsRow: null, customer: person },
        { row: 12, field: 'card', value: 'KAART-0042', sameAsRow: null, customer: person },
        { row: 14, field: 'card', value: 'KAART-0100', sameAsRow: 13, customer: null },
      ],
      balances: { customers: 2, total: 17 },
    });
    // A dry run writes nothing.
    expect(await snapshot(app)).toEqual(before);

    const skipping = await dryRun(app, { uploadId: file.uploadId, mapping: file.mapping, dateOrder: file.dateOrder, skipDuplicates: true });
    expect(skipping).toMatchObject({ valid: 4, badRows: 6, duplicateRows: 5 });
  });

  it('is refused as a whole while it has bad rows, leaving the archive exactly as it was', async () => {
    const app = testApp();
    await withSanne(app);
    const before = await snapshot(app);
    const file = await upload(app, fixture('messy.csv'));
    const job = await finished(app, await app.ok('exchange.import', { uploadId: file.uploadId, mapping: file.mapping, dateOrder: 'dmy' }));
    expect(job).toMatchObject({ kind: 'import', state: 'failed', result: null, error: { code: 'import_has_errors', params: { rows: 6 } } });
    expect(await snapshot(app)).toEqual(before);
  });

  it('imports the good rows when the shop chooses to skip bad ones, as the customer form would have stored them', async () => {
    const app = testApp();
    const sanne = await withSanne(app);
    await app.ok('settings.update', { currentStaff: '', staff: [] });
    const file = await upload(app, fixture('messy.csv'));
    const started = await app.ok('exchange.import', { uploadId: file.uploadId, mapping: file.mapping, dateOrder: 'dmy', skipBad: true });
    expect(started).toMatchObject({ kind: 'import', state: 'running' });
    const job = await finished(app, started);
    expect(job).toMatchObject({
      // The note's search document is written with its chunk; the customers' follow the import.
      state: 'done', phase: 'writing', done: 7, total: 7,
      result: { imported: 7, skippedBad: 6, skippedDuplicates: 0, empty: 1, balances: { customers: 2, total: 17 }, firstId: sanne.id + 1, lastId: sanne.id + 7 },
    });

    const jose = await app.ok('customers.get', { id: sanne.id + 1 });
    expect(jose).toMatchObject({
      givenName: 'José', namePrefix: 'van den', familyName: 'Berg', displayName: 'José van den Berg',
      phones: [{ raw: '06-12345678', e164: '+31612345678' }], email: 'jose@example.nl',
      address: { street: 'Dorpsstraat 1', postalCode: '1234 AB', city: 'Ede' },
      birthday: { day: 3, month: 2, year: 1985 }, marketingConsent: true, language: 'nl',
    });
    expect(jose.cardNumber).toMatch(/^21\d{11}$/);
    expect(jose.consentChangedAt).not.toBeNull();

    // Found at the counter like anyone created there: accent-blind, by any phone format, by card.
    const search = async (query: string) => (await app.ok('customers.search', { query })).hits.map((h) => h.displayName);
    expect(await search('jose berg')).toEqual(['José van den Berg']);
    expect(await search('+31 6 1234')).toContain('José van den Berg');
    expect(await search('0201234567')).toEqual(['Marieke de Vries']);
    expect(await search('unal')).toEqual(['Ünal Yılmaz']);
    expect(await search(jose.cardNumber)).toEqual(['José van den Berg']);
    expect(await search('KAART-0100')).toEqual(['Lotte Mulder']);

    // Stamps came over as a migration entry, with the kept balance moved alongside.
    const summary = await app.ok('loyalty.summary', { customerId: jose.id });
    expect(summary.balance).toBe(12);
    const history = await app.ok('loyalty.history', { customerId: jose.id });
    expect(history.items).toHaveLength(1);
    expect(history.items[0]).toMatchObject({ kind: 'migrate', points: 12, text: 'Overgezet uit klanten.csv' });
    expect(await app.ok('loyalty.check', {})).toMatchObject({ ok: true, mismatches: [] });

    // The note is on the timeline, and found by what it says.
    const timeline = await app.ok('notes.timeline', { customerId: jose.id });
    expect(timeline.items.map((e) => [e.kind, e.text])).toEqual([['note', 'Altijd het zuurdesem,\ngesneden']]);
    const found = await app.ok('customers.search', { query: 'zuurdesem' });
    expect(found.notes.map((n) => n.displayName)).toEqual(['José van den Berg']);
  });

  it('skips likely duplicates when asked, keeping the first of each', async () => {
    const app = testApp();
    await withSanne(app);
    const file = await upload(app, fixture('messy.csv'));
    const job = await finished(app, await app.ok('exchange.import', {
      uploadId: file.uploadId, mapping: file.mapping, dateOrder: 'dmy', skipBad: true, skipDuplicates: true,
    }));
    expect(job.result).toMatchObject({ imported: 4, skippedBad: 6, skippedDuplicates: 3 });
    const names = (await app.ok('customers.recent', { limit: 50 })).map((c) => c.displayName).sort();
    expect(names).toEqual(['José van den Berg', 'Lotte Mulder', 'Marieke de Vries', 'Sanne Visser', 'Ünal Yılmaz']);
  });
});

describe('an imported customer', () => {
  it('is stored exactly as the same customer created in the app', async () => {
    const app = testApp();
    const input = {
      givenName: 'Øyvind', namePrefix: "in 't", familyName: 'Veld', salutation: 'Dhr.', phones: ['+32 470 12 34 56', '020-1234567'],
      email: 'oyvind@example.be', address: { street: 'Markt 3', postalCode: '9000', city: 'Gent' },
      birthday: { day: 29, month: 2, year: null }, preferredChannel: 'whatsapp' as const, language: 'en' as const,
      marketingConsent: true, cardNumber: 'PAS-7',
    };
    const created = await app.ok('customers.create', { customer: input });
    const text = [
      'Voornaam;Tussenvoegsel;Achternaam;Aanhef;Telefoon;Telefoon 2;E-mail;Straat;Postcode;Plaats;Geboortedatum;Voorkeurskanaal;Taal;Toestemming marketing;Kaartnummer',
      "Øyvind;in 't;Veld;Dhr.;+32 470 12 34 56;020-1234567;oyvind@example.be;Markt 3;9000;Gent;29 februari;WhatsApp;Engels;ja;PAS-8",
    ].join('\r\n');
    const file = await upload(app, text);
    const job = await finished(app, await app.ok('exchange.import', { uploadId: file.uploadId, mapping: file.mapping, dateOrder: 'dmy' }));
    expect(job.state).toBe('done');
    const imported = await app.ok('customers.get', { id: created.id + 1 });
    const same = (c: typeof created) => ({ ...c, id: 0, cardNumber: '', createdAt: 0, updatedAt: 0, lastSeenAt: 0, consentChangedAt: 0 });
    expect(same(imported)).toEqual(same(created));
    expect(imported.cardNumber).toBe('PAS-8');

    const { db } = app.archive;
    const row = async (id: number) => (await db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as Record<string, unknown>;
    const columns = async (id: number) => {
      const { id: _id, card_number: _c, search_key: _k, created_at: _a, updated_at: _u, last_seen_at: _l, consent_changed_at: _cc, ...rest } = await row(id);
      return rest;
    };
    expect(await columns(imported.id)).toEqual(await columns(created.id));
    const phones = (id: number) => db.selectFrom('customer_phones').select(['position', 'raw', 'e164', 'national_digits'])
      .where('customer_id', '=', id).orderBy('position').execute();
    expect(await phones(imported.id)).toEqual(await phones(created.id));
    // Both are in the search index under their own search keys, by name and by phone: on the
    // file two FTS5 tables, on the server one table of tokens by field.
    for (const id of [created.id, imported.id]) {
      const key = Number((await row(id)).search_key);
      if (onServer) {
        const fields = await sql<{ field: string }>`SELECT DISTINCT field FROM customer_search WHERE search_key = ${key} ORDER BY field`.execute(db);
        expect(fields.rows.map((r) => r.field)).toEqual(['c', 'e', 'n', 'p']);
      } else {
        for (const fts of ['customer_search', 'customer_numbers']) {
          expect((await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(fts)} WHERE rowid = ${key}`.execute(db)).rows[0]!.n).toBe(1);
        }
      }
    }
    const hits = (await app.ok('customers.search', { query: 'oyvind veld' })).hits.map((h) => h.id).sort();
    expect(hits).toEqual([created.id, imported.id]);
  });

  it('keeps its tags, folded like the tags page folds them', async () => {
    const app = testApp();
    const jan = await app.ok('customers.create', { customer: { givenName: 'Jan' } });
    await app.ok('tags.add', { customerId: jan.id, name: 'Poetry' });
    const file = await upload(app, 'Name,Interests\r\nPiet,"poetry, Vintage bikes, vintage-bikes"\r\n');
    expect(file.mapping).toEqual(['fullName', 'tags']);
    await finished(app, await app.ok('exchange.import', { uploadId: file.uploadId, mapping: file.mapping, dateOrder: 'dmy' }));
    const tags = await app.ok('tags.forCustomer', { customerId: jan.id + 1 });
    expect(tags.map((t) => [t.name, t.count])).toEqual([['Poetry', 2], ['Vintage bikes', 1]]);
  });
});

describe('files from other systems', () => {
  it('maps a Square customer export, with its month-first birthdays and subscription status', async () => {
    const app = testApp({ locale: 'en-GB' });
    const text = [
      'Reference ID,First Name,Last Name,Email Address,Phone Number,Birthday,Memo,Email Subscription Status,Square Customer ID',
      'SQ-1,Emma,Smith,emma@example.com,+44 20 7946 0958,12-25-1990,Likes rye,Subscribed,ABC123',
      'SQ-2,Noah,Jones,,,,,,DEF456',
    ].join('\n');
    const file = await upload(app, text, 'square.csv');
    expect(file).toMatchObject({
      source: 'square', separator: ',', dateOrder: 'mdy',
      mapping: ['cardNumber', 'givenName', 'familyName', 'email', 'phone', 'birthday', 'note', 'marketingConsent', null],
    });
    const job = await finished(app, await app.ok('exchange.import', { uploadId: file.uploadId, mapping: file.mapping, dateOrder: file.dateOrder }));
    expect(job.result).toMatchObject({ imported: 2 });
    const emma = (await app.ok('customers.search', { query: 'emma' })).hits[0]!;
    expect(await app.ok('customers.get', { id: emma.id })).toMatchObject({
      cardNumber: 'SQ-1', birthday: { day: 25, month: 12, year: 1990 }, marketingConsent: true, phones: [{ e164: '+442079460958' }],
    });
  });

  it('maps a Loyverse export: one name column, points as a migrated balance', async () => {
    const app = testApp();
    const text = [
      'Customer name,Email,Phone,Address,City,Region,Postal code,Country,Customer code,Note,Points balance,First visit,Last visit,Total visits,Total spent',
      'Fenna de Boer,fenna@example.nl,06-23456789,Hoofdstraat 2,Zwolle,,8011 AA,NL,LV-0001,,40.00,2024-01-02,2025-11-01,17,310.50',
    ].join('\r\n');
    const file = await upload(app, text, 'loyverse.csv');
    expect(file).toMatchObject({
      source: 'loyverse',
      mapping: ['fullName', 'email', 'phone', 'street', 'city', null, 'postalCode', null, 'cardNumber', 'note', 'balance', null, null, null, null],
    });
    const job = await finished(app, await app.ok('exchange.import', { uploadId: file.uploadId, mapping: file.mapping, dateOrder: 'dmy' }));
    expect(job.result).toMatchObject({ imported: 1, balances: { customers: 1, total: 40 } });
    const fenna = await app.ok('customers.get', { id: job.result && 'firstId' in job.result ? job.result.firstId! : 0 });
    expect(fenna).toMatchObject({ givenName: 'Fenna', namePrefix: 'de', familyName: 'Boer', cardNumber: 'LV-0001' });
    expect((await app.ok('loyalty.summary', { customerId: fenna.id })).balance).toBe(40);
  });
});

describe('what cannot be imported', () => {
  it('says so clearly and keeps nothing half-done', async () => {
    const app = testApp();
    expect((await app.fail('exchange.upload', { name: 'leeg.csv', text: '' })).code).toBe('import_empty');
    expect((await app.fail('exchange.upload', { name: 'kop.csv', text: '\uFEFFNaam;Telefoon\r\n' })).code).toBe('import_empty');
    expect(await app.fail('exchange.upload', { name: 'groot.csv', text: 'Naam\n' + 'x\n'.repeat(250_001) })).toMatchObject({
      code: 'import_too_large', params: { max: 250_000 },
    });
    expect((await app.fail('exchange.preview', { uploadId: 'u-gone', mapping: [], dateOrder: 'dmy' })).code).toBe('upload_expired');

    const file = await upload(app, 'Naam;Telefoon\r\nPiet;06-12345678\r\n');
    expect(await app.fail('exchange.import', { uploadId: file.uploadId, mapping: [null, 'phone'], dateOrder: 'dmy' })).toMatchObject({
      code: 'validation', fields: { mapping: { code: 'required' } },
    });
    expect(await app.fail('exchange.import', { uploadId: file.uploadId, mapping: ['fullName'], dateOrder: 'dmy' })).toMatchObject({
      code: 'validation', fields: { mapping: { code: 'invalid' } },
    });
    expect((await app.fail('exchange.import', { uploadId: file.uploadId, mapping: ['fullName', 'shoeSize'], dateOrder: 'dmy' })).code).toBe('validation');
    expect((await app.fail('exchange.status', { jobId: 'j-none' })).code).toBe('not_found');
  });

  it('looks at the archive again when it changed since the dry run', async () => {
    const app = testApp();
    const file = await upload(app, 'Voornaam;Achternaam;Klantenkaart\r\nAnna;Smit;KAART-0777\r\nBram;Smit;KAART-0778\r\n');
    const plan = { uploadId: file.uploadId, mapping: file.mapping, dateOrder: 'dmy' as const };
    expect(await dryRun(app, plan)).toMatchObject({ badRows: 0 });
    // Meanwhile the card is handed out at the counter.
    await app.ok('customers.create', { customer: { givenName: 'Cor', familyName: 'Klant', cardNumber: 'KAART-0777' } });
    const job = await finished(app, await app.ok('exchange.import', plan));
    expect(job).toMatchObject({ state: 'failed', error: { code: 'import_has_errors', params: { rows: 1 } } });
    expect((await app.ok('customers.recent', { limit: 10 })).map((c) => c.displayName)).toEqual(['Cor Klant']);
  });

  it('runs one import or export at a time', async () => {
    const app = testApp();
    const file = await upload(app, 'Naam\r\n' + Array.from({ length: 3000 }, (_, i) => `Klant ${i}`).join('\r\n'));
    const first = await app.ok('exchange.import', { uploadId: file.uploadId, mapping: file.mapping, dateOrder: 'dmy' });
    expect((await app.fail('exchange.export', { kind: 'customers' })).code).toBe('exchange_busy');
    const done = await finished(app, first);
    expect(done).toMatchObject({ state: 'done', phase: 'writing', done: 3000, total: 3000, result: { imported: 3000 } });
    expect((await app.ok('customers.recent', { limit: 1 }))[0]!.displayName).toBe('Klant 2999');
  });
});
