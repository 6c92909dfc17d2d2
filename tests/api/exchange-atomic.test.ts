import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/services.js';
import { finished, snapshot, upload } from './exchange-support.js';

// An import is all or nothing: a failure half-way through (here the archive itself refuses a
// row the checks let through) leaves the archive byte for byte, row for row as it was.

function fileBytes(app: TestApp): Buffer {
  app.archive.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  return fs.readFileSync(app.archive.file);
}

const row = (i: number) =>
  `${i === 2500 ? 'Boom' : `Klant${i}`};Test;06-${String(20000000 + i)};klant${i}@example.nl;${i % 28 + 1}-${i % 12 + 1}-1980;${i % 7};${i % 3 ? 'Poëzie' : 'Fietsen'};Notitie ${i}`;

describe('an import that fails half-way', () => {
  it('leaves nothing behind: customers, phones, search index, ledger, balances, tags and notes as before', async () => {
    const app = testApp();
    const sanne = await app.ok('customers.create', { customer: { givenName: 'Sanne', familyName: 'Visser', phones: ['06-87654321'] } });
    await app.ok('loyalty.migrate', { customerId: sanne.id, amount: 4 });
    await app.ok('tags.add', { customerId: sanne.id, name: 'Poëzie' });
    await app.ok('notes.add', { customerId: sanne.id, kind: 'note', text: 'Vaste klant' });
    app.archive.sqlite.exec(`CREATE TRIGGER exchange_test_boom BEFORE INSERT ON customers WHEN NEW.given_name = 'Boom'
      BEGIN SELECT RAISE(ABORT, 'boom'); END`);
    const bytes = fileBytes(app);
    const before = snapshot(app);

    const text = ['Voornaam;Achternaam;Telefoon;E-mail;Geboortedatum;Stempels;Interesses;Notitie', ...Array.from({ length: 3000 }, (_, i) => row(i))].join('\r\n');
    const file = await upload(app, text);
    const job = await finished(app, await app.ok('exchange.import', { uploadId: file.uploadId, mapping: file.mapping, dateOrder: 'dmy' }));
    // Two chunks of 1000 were written (and their progress reported) before the third failed.
    expect(job).toMatchObject({ state: 'failed', phase: 'writing', done: 2000, total: 3000, result: null, error: { code: 'internal' } });

    expect(snapshot(app)).toEqual(before);
    expect(fileBytes(app).equals(bytes)).toBe(true);
    expect(await app.ok('loyalty.check', {})).toMatchObject({ ok: true });
    expect((await app.ok('tags.forCustomer', { customerId: sanne.id })).map((t) => t.count)).toEqual([1]);
    expect((await app.ok('customers.search', { query: 'klant1' })).hits).toEqual([]);

    // The archive goes on working: without the failing row, the same file goes in whole.
    app.archive.sqlite.exec('DROP TRIGGER exchange_test_boom');
    const again = await finished(app, await app.ok('exchange.import', { uploadId: file.uploadId, mapping: file.mapping, dateOrder: 'dmy' }));
    expect(again.result).toMatchObject({ imported: 3000 });
    expect(await app.ok('loyalty.check', {})).toMatchObject({ ok: true });
    expect((await app.ok('tags.forCustomer', { customerId: sanne.id })).map((t) => t.count)).toEqual([2001]);
  });
});
