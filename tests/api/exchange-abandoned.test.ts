import { sqliteArchive } from '../../db/archive.js';
import { describe, expect, it } from 'vitest';
import { prepareImportWriter } from '../../db/exchange/insert.js';
import { recordChunk, startRun } from '../../db/exchange/runs.js';
import { undoAbandonedImports } from '../../main/api/exchange/import.js';
import { testApp } from '../support/services.js';
import { snapshot } from './exchange-support.js';

// An import is written in chunks; one that a quit or crash interrupted is undone at the next
// start from its journal (migration 012), and one another till is still writing is left alone.

function halfImport(app: ReturnType<typeof testApp>, startedAt: number) {
  const { sqlite } = sqliteArchive(app.archive);
  return sqlite.transaction(() => {
    const run = startRun(sqlite, startedAt);
    const writer = prepareImportWriter(sqlite, { now: startedAt, staff: '', reason: 'Migrated from x.csv', random: () => 4242424242 });
    for (let i = 0; i < 40; i++) {
      writer.add({ values: { ...VALUES, given_name: `Half${i}`, card_number: `HALF-${i}` }, phones: [], balance: 3, tags: ['Nieuw label'], note: `Notitie ${i}` });
    }
    writer.finish();
    writer.index(Infinity);
    recordChunk(sqlite, run, startedAt, writer.range!.first, writer.range!.last, writer.createdTags);
    return run;
  })();
}

const VALUES = {
  given_name: '', name_prefix: '', family_name: 'Test', salutation: '', email: '', address_street: '', address_postal_code: '',
  address_city: '', birthday_day: null, birthday_month: null, birth_year: null, preferred_channel: null, language: 'nl',
  marketing_consent: 0, consent_changed_at: null, card_number: '',
};

describe('an import a quit left half-written', () => {
  it('is undone at the next start, all but customers the shop served meanwhile', async () => {
    const app = testApp();
    await app.ok('customers.create', { customer: { givenName: 'Sanne' } });
    const before = snapshot(app);
    const silent = app.now.value - 10 * 60_000;
    const run = halfImport(app, silent);
    // A till served one of them while the import was being written: that one stays.
    const served = sqliteArchive(app.archive).sqlite.prepare("SELECT id FROM customers WHERE given_name = 'Half7'").pluck().get() as number;
    await app.ok('loyalty.recordPurchase', { customerId: served, amount: '5,00', locale: 'nl' });

    await undoAbandonedImports(app.deps);
    const names = sqliteArchive(app.archive).sqlite.prepare('SELECT given_name FROM customers ORDER BY id').pluck().all();
    expect(names).toEqual(['Sanne', 'Half7']);
    expect(sqliteArchive(app.archive).sqlite.prepare('SELECT state FROM import_runs WHERE id = ?').pluck().get(run)).toBe('undone');
    expect(sqliteArchive(app.archive).sqlite.prepare('SELECT count(*) FROM import_run_chunks').pluck().get()).toBe(0);
    // The label stays: the served customer still wears it. Everything else is as before.
    // The served customer keeps the stamps brought over for them; the others' are gone.
    expect(snapshot(app).ledger_entries).toHaveLength(before.ledger_entries!.length + 1);
    expect((await app.ok('loyalty.check', {})).ok).toBe(true);
    expect((await app.ok('customers.search', { query: 'Notitie' })).hits.length).toBeLessThanOrEqual(1);
  });

  it('leaves an import another till is writing right now alone', async () => {
    const app = testApp();
    halfImport(app, app.now.value);
    await undoAbandonedImports(app.deps);
    expect(sqliteArchive(app.archive).sqlite.prepare('SELECT count(*) FROM customers').pluck().get()).toBe(40);
  });
});
