import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import type { Customer } from '../../main/api/contract.js';
import { parseCsv } from '../../main/core/csv/parse.js';
import { onServer } from '../support/engine.js';
import { fileDatabase } from '../support/postgres-each.js';
import { testApp, type TestApp } from '../support/services.js';
import { finished, runExport, upload } from './exchange-support.js';

// Exports a shopkeeper opens in Excel or LibreOffice (accents intact, the separator their
// spreadsheet expects) and the full export archive; and an export read back by the importer.

const BOM = [0xef, 0xbb, 0xbf];

async function shop(app: TestApp) {
  const jose = await app.ok('customers.create', {
    customer: {
      givenName: 'José', namePrefix: 'van den', familyName: 'Berg', salutation: 'Dhr.', phones: ['06-12345678', '+32 470 12 34 56'],
      email: 'jose@example.nl', address: { street: 'Dorpsstraat 1; achter', postalCode: '1234 AB', city: 'Ede' },
      birthday: { day: 3, month: 2, year: 1985 }, preferredChannel: 'whatsapp', language: 'nl', marketingConsent: true,
    },
  });
  const unal = await app.ok('customers.create', {
    customer: { givenName: 'Ünal', familyName: 'Yılmaz', phones: ['020-1234567'], birthday: { day: 29, month: 2, year: null }, language: 'en', cardNumber: 'PAS-7' },
  });
  const zoe = await app.ok('customers.create', { customer: { givenName: 'Zoë', familyName: '=Hack()', email: 'zoe@example.be' } });
  await app.ok('loyalty.recordPurchase', { customerId: jose.id, amount: '12,50', locale: 'nl', description: 'Zuurdesem, "heel"' });
  await app.ok('loyalty.migrate', { customerId: unal.id, amount: 7, reason: 'Oude kaart' });
  await app.ok('notes.add', { customerId: jose.id, kind: 'note', text: 'Altijd het zuurdesem,\ngesneden' });
  await app.ok('tags.add', { customerId: jose.id, name: 'Poëzie' });
  await app.ok('tags.add', { customerId: jose.id, name: 'Fietsen' });
  await app.ok('tags.add', { customerId: zoe.id, name: 'Poëzie' });
  return { jose, unal, zoe };
}

describe('the customers CSV', () => {
  it('opens in a Dutch spreadsheet: UTF-8 with a BOM, semicolons, accents intact, no formulas', async () => {
    const app = testApp();
    await shop(app);
    const file = await runExport(app, { kind: 'customers' });
    expect(file.folder).toBe(path.join(app.dataDir, 'exports'));
    expect(file.name).toMatch(/^klanten-\d{4}-\d{2}-\d{2}-\d{4}\.csv$/);
    expect(file.rows).toBe(3);
    const bytes = fs.readFileSync(file.file);
    expect(file.bytes).toBe(bytes.length);
    expect([...bytes.subarray(0, 3)]).toEqual(BOM);
    const text = bytes.toString('utf8');
    expect(text.split('\r\n')[0]).toBe('\uFEFFID;Voornaam;Tussenvoegsel;Achternaam;Aanhef;Telefoon 1;Telefoon 2;E-mail;Straat;Postcode;Plaats;'
      + 'Geboortedatum;Voorkeurskanaal;Taal;Toestemming marketing;Toestemming gewijzigd;Kaartnummer;Saldo;Interesses;Aangemaakt;Laatst gezien;Gearchiveerd');
    const rows = parseCsv(text).rows;
    expect(rows[1]!.slice(0, 15)).toEqual([
      '1', 'José', 'van den', 'Berg', 'Dhr.', '06-12345678', '+32 470 12 34 56', 'jose@example.nl', 'Dorpsstraat 1; achter', '1234 AB', 'Ede',
      '1985-02-03', 'WhatsApp', 'Nederlands', 'ja',
    ]);
    expect(rows[1]![17]).toBe('1');
    expect(rows[1]![18]).toBe('Fietsen, Poëzie');
    expect(rows[2]!.slice(1, 4).concat(rows[2]![11]!, rows[2]![16]!, rows[2]![17]!)).toEqual(['Ünal', '', 'Yılmaz', '--02-29', 'PAS-7', '7']);
    // A name that looks like a formula is shown as typed, never run.
    expect(rows[3]![3]).toBe("'=Hack()");
  });

  it('uses commas and English headers for an English shop, or whatever separator is chosen', async () => {
    const app = testApp({ locale: 'en-GB' });
    await shop(app);
    expect((await app.ok('settings.get', {})).exchange).toEqual({ separator: ',' });
    const english = fs.readFileSync((await runExport(app, { kind: 'customers' })).file, 'utf8');
    expect(english.startsWith('\uFEFFID,Given name,Prefix,Family name,Salutation,Phone 1,Phone 2,E-mail,Street,')).toBe(true);
    expect(parseCsv(english).rows[1]![8]).toBe('Dorpsstraat 1; achter');

    await app.ok('settings.update', { exchange: { separator: ';' } });
    const visits = await runExport(app, { kind: 'visits' });
    expect(visits.name).toMatch(/^purchases-and-visits-/);
    const rows = parseCsv(fs.readFileSync(visits.file, 'utf8')).rows;
    expect(parseCsv(fs.readFileSync(visits.file, 'utf8')).separator).toBe(';');
    expect(rows[0]).toEqual(['Visit ID', 'Customer ID', 'Card number', 'Customer', 'Kind', 'Date', 'Amount', 'Description', 'Undoes']);
    expect(rows[1]!.slice(3)).toEqual(['José van den Berg', 'Purchase', expect.stringMatching(/^2026-11-25 \d\d:\d\d$/), '12,50', 'Zuurdesem, "heel"', '']);

    const comma = await runExport(app, { kind: 'visits', separator: ',' });
    expect(parseCsv(fs.readFileSync(comma.file, 'utf8')).rows[1]![6]).toBe('12.50');
    expect(comma.name).not.toBe(visits.name);
  });

  it('reads back into an empty archive as the same customers', async () => {
    const app = testApp();
    await shop(app);
    const before = await Promise.all([1, 2, 3].map((id) => app.ok('customers.get', { id })));
    const exported = await runExport(app, { kind: 'customers' });

    // Another shop: on the server another database (every app of a test shares the test's own).
    const elsewhere = onServer ? await fileDatabase() : null;
    const fresh = testApp(elsewhere ? { databaseUrl: elsewhere.url, manual: true } : {});
    try {
      await readBack(app, before, fresh, exported);
    } finally {
      if (elsewhere) {
        await fresh.dispose();
        await elsewhere.drop();
      }
    }
  });
});

/** The export of `app`'s customers (`before`) imported into the empty archive of `fresh`: the same customers. */
async function readBack(app: TestApp, before: Customer[], fresh: TestApp, exported: { file: string; name: string }) {
  const file = await upload(fresh, fs.readFileSync(exported.file, 'utf8'), exported.name);
  expect(file).toMatchObject({ source: 'counterpart', separator: ';' });
  const job = await finished(fresh, await fresh.ok('exchange.import', { uploadId: file.uploadId, mapping: file.mapping, dateOrder: file.dateOrder }));
  expect(job.result).toMatchObject({ imported: 3, skippedBad: 0, balances: { customers: 2, total: 8 } });
  const after = await Promise.all([1, 2, 3].map((id) => fresh.ok('customers.get', { id })));
  const same = (c: Customer) => ({ ...c, createdAt: 0, updatedAt: 0, lastSeenAt: 0, consentChangedAt: c.consentChangedAt === null ? null : 0 });
  expect(after.map(same)).toEqual(before.map(same));
  for (const id of [1, 2, 3]) {
    expect((await fresh.ok('loyalty.summary', { customerId: id })).balance).toBe((await app.ok('loyalty.summary', { customerId: id })).balance);
    expect((await fresh.ok('tags.forCustomer', { customerId: id })).map((t) => t.name))
      .toEqual((await app.ok('tags.forCustomer', { customerId: id })).map((t) => t.name));
  }
}

describe('the full export archive', () => {
  it('is one zip with every table as CSV and as JSON, and what is inside', async () => {
    const app = testApp();
    const { jose } = await shop(app);
    await app.ok('facts.add', { customerId: jose.id, text: 'Allergisch voor noten' });
    await app.ok('followups.add', { customerId: jose.id, text: 'Bellen als de stof binnen is', dueOn: '2026-12-01' });
    const archive = await runExport(app, { kind: 'archive' });
    expect(archive.name).toMatch(/^counterpart-export-.*\.zip$/);
    const files = unzipSync(fs.readFileSync(archive.file));
    expect(Object.keys(files)).toEqual([
      'klanten.csv', 'notities.csv', 'aankopen-en-bezoeken.csv', 'spaarhistorie.csv',
      'customers.json', 'notes.json', 'visits.json', 'ledger.json',
      'facts.json', 'follow-ups.json', 'custom-fields.json', 'custom-field-values.json', 'note-revisions.json', 'export.json',
    ]);
    for (const name of Object.keys(files).filter((n) => n.endsWith('.csv'))) expect([...files[name]!.subarray(0, 3)]).toEqual(BOM);
    const manifest = JSON.parse(strFromU8(files['export.json']!));
    expect(manifest).toMatchObject({ app: 'Counterpart', language: 'nl', separator: ';', schemaVersion: app.archive.schemaVersion });
    expect(manifest.files).toEqual([
      { name: 'klanten.csv', rows: 3 }, { name: 'notities.csv', rows: 1 }, { name: 'aankopen-en-bezoeken.csv', rows: 1 },
      { name: 'spaarhistorie.csv', rows: 2 }, { name: 'customers.json', rows: 3 }, { name: 'notes.json', rows: 1 },
      { name: 'visits.json', rows: 1 }, { name: 'ledger.json', rows: 2 }, { name: 'facts.json', rows: 1 }, { name: 'follow-ups.json', rows: 1 },
      { name: 'custom-fields.json', rows: 0 }, { name: 'custom-field-values.json', rows: 0 }, { name: 'note-revisions.json', rows: 0 },
    ]);
    expect(JSON.parse(strFromU8(files['facts.json']!))).toMatchObject([{ customer_id: jose.id, text: 'Allergisch voor noten' }]);
    expect(JSON.parse(strFromU8(files['custom-fields.json']!))).toEqual([]);
    const notes = parseCsv(strFromU8(files['notities.csv']!)).rows;
    expect(notes[1]!.slice(3, 5).concat(notes[1]![6]!)).toEqual(['José van den Berg', 'Notitie', 'Altijd het zuurdesem,\ngesneden']);
    const ledger = parseCsv(strFromU8(files['spaarhistorie.csv']!)).rows.slice(1).map((r) => [r[3], r[4], r[6], r[7]]);
    expect(ledger).toEqual([['José van den Berg', 'Verdiend', '1', ''], ['Ünal Yılmaz', 'Overgezet', '7', 'Oude kaart']]);
    const customers = JSON.parse(strFromU8(files['customers.json']!));
    expect(customers[0]).toMatchObject({
      id: jose.id, givenName: 'José', phones: ['06-12345678', '+32 470 12 34 56'], tags: ['Fietsen', 'Poëzie'], balance: 1,
      birthday: { day: 3, month: 2, year: 1985 },
    });
    expect(JSON.parse(strFromU8(files['visits.json']!))[0]).toMatchObject({ customerId: jose.id, amountCents: 1250, kind: 'purchase' });
  });

  it('reports progress over every table and leaves only the finished file', async () => {
    const app = testApp();
    await shop(app);
    const job = await finished(app, await app.ok('exchange.export', { kind: 'archive' }));
    expect(job).toMatchObject({ kind: 'export', state: 'done', phase: 'exporting', total: 14, done: 14 });
    expect(fs.readdirSync(path.join(app.dataDir, 'exports'))).toEqual([job.kind === 'export' && job.result?.name]);
  });
});

describe('a tag’s list', () => {
  it('holds exactly what the tag page shows: its members, and contact details only with consent', async () => {
    const app = testApp();
    const { jose, zoe } = await shop(app);
    const archived = await app.ok('customers.create', { customer: { givenName: 'Piet', familyName: 'Weg', phones: ['06-23456789'], marketingConsent: true } });
    const poetry = (await app.ok('tags.add', { customerId: archived.id, name: 'poëzie' })).find((t) => t.name === 'Poëzie')!;
    await app.ok('customers.archive', { id: archived.id });
    await app.ok('tags.markContacted', { tagId: poetry.id, customerIds: [jose.id], channel: 'whatsapp', text: '' });

    const file = await app.ok('exchange.exportTag', { tagId: poetry.id });
    expect(file.name).toMatch(/^interesse-poezie-\d{4}-/);
    const rows = parseCsv(fs.readFileSync(path.join(file.folder, file.name), 'utf8')).rows;
    expect(rows).toEqual([
      ['Naam', 'Voorkeurskanaal', 'Toestemming marketing', 'Telefoon', 'E-mail', 'Laatst benaderd'],
      // In the page's order (family name): "=Hack()" sorts before "Berg".
      ['Zoë =Hack()', '', 'nee', '', '', ''],
      ['José van den Berg', 'WhatsApp', 'ja', '06-12345678', 'jose@example.nl', expect.stringMatching(/^2026-11-25 /)],
    ]);
    expect(file.rows).toBe(2);

    const consenting = await app.ok('exchange.exportTag', { tagId: poetry.id, consentedOnly: true, separator: ',' });
    const only = parseCsv(fs.readFileSync(path.join(consenting.folder, consenting.name), 'utf8'));
    expect(only.separator).toBe(',');
    expect(only.rows.slice(1).map((r) => r[0])).toEqual(['José van den Berg']);
    expect(zoe.marketingConsent).toBe(false);
    expect((await app.fail('exchange.exportTag', { tagId: 999 })).code).toBe('not_found');
  });
});
