import { describe, expect, it } from 'vitest';
import { importChunkWriter } from '../../db/exchange/chunk.js';
import { recordChunk, startRun } from '../../db/exchange/runs.js';
import { writeTransaction } from '../../db/transaction.js';
import { undoAbandonedImports } from '../../main/api/exchange/import.js';
import { testApp, type TestApp } from '../support/services.js';
import { snapshot } from './exchange-support.js';

// An import is written in chunks; one that a quit or crash interrupted is undone at the next
// start from its journal (migration 012), and one another till is still writing is left alone.

/** One chunk of an import, written and journalled, and then nothing: the till quit. */
function halfImport(app: TestApp, startedAt: number): Promise<number> {
  const writer = importChunkWriter(app.archive, { now: startedAt, staff: '', reason: 'Migrated from x.csv', random: () => 4242424242 });
  const rows = Array.from({ length: 40 }, (_, i) => ({
    values: { ...VALUES, given_name: `Half${i}`, card_number: `HALF-${i}` }, phones: [], balance: 3, tags: ['Nieuw label'], note: `Notitie ${i}`,
  }));
  return writeTransaction(app.archive.db, async (trx) => {
    const run = await startRun(trx, startedAt);
    const written = await writer.write(trx, rows, 0, Infinity);
    await recordChunk(trx, run, startedAt, written.ranges, written.createdTags);
    return run;
  });
}

const customerCount = async (app: TestApp) =>
  Number((await app.archive.db.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

const VALUES = {
  given_name: '', name_prefix: '', family_name: 'Test', salutation: '', email: '', address_street: '', address_postal_code: '',
  address_city: '', birthday_day: null, birthday_month: null, birth_year: null, preferred_channel: null, language: 'nl',
  marketing_consent: 0, consent_changed_at: null, card_number: '',
};

describe('an import a quit left half-written', () => {
  it('is undone at the next start, all but customers the shop served meanwhile', async () => {
    const app = testApp();
    await app.ok('customers.create', { customer: { givenName: 'Sanne' } });
    const before = await snapshot(app);
    const silent = app.now.value - 10 * 60_000;
    const run = await halfImport(app, silent);
    // A till served one of them while the import was being written: that one stays.
    const { db } = app.archive;
    const served = (await db.selectFrom('customers').select('id').where('given_name', '=', 'Half7').executeTakeFirstOrThrow()).id;
    await app.ok('loyalty.recordPurchase', { customerId: served, amount: '5,00', locale: 'nl' });

    await undoAbandonedImports(app.deps);
    const names = (await db.selectFrom('customers').select('given_name').orderBy('id').execute()).map((r) => r.given_name);
    expect(names).toEqual(['Sanne', 'Half7']);
    expect((await db.selectFrom('import_runs').select('state').where('id', '=', run).executeTakeFirstOrThrow()).state).toBe('undone');
    expect(await db.selectFrom('import_run_chunks').selectAll().execute()).toEqual([]);
    // The label stays: the served customer still wears it. Everything else is as before.
    // The served customer keeps the stamps brought over for them; the others' are gone.
    expect((await snapshot(app)).ledger_entries).toHaveLength(before.ledger_entries!.length + 1);
    expect((await app.ok('loyalty.check', {})).ok).toBe(true);
    expect((await app.ok('customers.search', { query: 'Notitie' })).hits.length).toBeLessThanOrEqual(1);
  });

  it('leaves an import another till is writing right now alone', async () => {
    const app = testApp();
    await halfImport(app, app.now.value);
    await undoAbandonedImports(app.deps);
    expect(await customerCount(app)).toBe(40);
  });
});
